"""Loading the fact files: every defect is reported as `path:line: id: field: message` with exit
status 2, all at once, from `validate` and from a query alike; folders come from --facts and
KZQA_FACTS; nothing is ever written into a facts folder."""

from __future__ import annotations

import json
import os
import string
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import SMALL_FACTS, Run, write_facts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzqa.cli import app
from kzqa.errors import LoadError, Problem
from kzqa.loader import load_records
from kzqa.store import Store

SMALL_COUNTS = "ok: 10 records (3 entity, 2 event, 1 agreement, 1 project, 2 figure, 1 source)"


def toml(*lines: str) -> str:
    """A file whose line N is lines[N-1], so that expected line numbers read off the list."""
    return "\n".join(lines) + "\n"


def line_of(path: Path, text: str) -> int:
    """The line number of the first line of `path` that contains `text`."""
    return next(n for n, line in enumerate(path.read_text().split("\n"), 1) if text in line)


def errors_of(result: Any) -> list[str]:
    """The problem lines of a failed run, without the closing count line."""
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("kzqa: ") and lines[-1].endswith(" in the fact files")
    return lines[:-1]


def check_failed(run: Run, problems: list[str]) -> None:
    """`validate` and a query both exit 2 and print exactly these problems, and no answer."""
    count = len(problems)
    for args in (["validate"], ["export", "--json"]):
        result = run(*args)
        assert result.exit_code == 2, result.stdout
        assert result.stdout == ""
        assert errors_of(result) == problems
        plural = "s" if count != 1 else ""
        assert result.stderr.splitlines()[-1] == f"kzqa: {count} problem{plural} in the fact files"
        assert "Traceback" not in result.stderr


EVENT = ['[[event]]', 'id = "ev"', 'title = "A visit"', 'date = "2022-10"', 'type = "visit"',
         'citations = [{ source = "doc-a", quote = "a visit", locator = "para 2" }]']


def event(**changes: str | None) -> list[str]:
    """EVENT with some `key = value` lines replaced (None drops the line), in place."""
    out = []
    for line in EVENT:
        key = line.split(" = ")[0]
        if key in changes:
            if changes[key] is not None:
                out.append(f"{key} = {changes[key]}")
        else:
            out.append(line)
    return out


# -- a valid set ----------------------------------------------------------------------

def test_small_set_validates(facts: Path, run: Run) -> None:
    result = run("validate")
    assert result.exit_code == 0
    assert result.stdout == SMALL_COUNTS + f"\nread: {facts}\n"
    assert result.stderr == ""


def test_every_kind_loads_with_its_fields(facts: Path) -> None:
    records = {r["id"]: r for r in load_records([facts])}
    assert [r["kind"] for r in records.values()] == [
        "entity", "entity", "entity", "event", "event", "agreement", "project", "figure", "figure", "source"]
    assert records["doc-a"] == {"kind": "source", "id": "doc-a", "title": "Document A", "type": "article",
                                "authors": ["A. Writer"], "outlet": "Journal", "date": "2024-03",
                                "url": None, "note": None, "supplied_title": False}
    assert records["astana"]["aliases"] == ["Nur-Sultan"]
    assert records["astana"]["country"] == "kazakhstan"
    assert records["relations-established"]["date"] == "1993-07-01"
    assert records["military-agreement"]["signed"] == "2022-10-12"
    assert records["gas-plant"]["amount"] == {"value": 2500000000, "currency": "USD",
                                              "qualifier": "approximately", "basis": "planned"}
    assert records["visitors-2023"]["qualifier"] == "more-than"
    assert records["visitors-2022"]["qualifier"] == "exact"
    assert records["visitors-2022"]["citations"] == [
        {"source": "doc-a", "quote": "3,000 visitors", "locator": "para 4"}]


def test_query_answers_with_dates_as_written(facts: Path, run: Run) -> None:
    result = run("export", "--json")
    assert result.exit_code == 0
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert len(rows) == 10
    assert rows["relations-established"]["date"] == "1993-07-01"
    assert rows["state-visit-2022"]["date"] == "2022-10"
    assert rows["visitors-2022"]["period"] == "2022"
    assert rows["visitors-2022"]["value"] == 3000


def test_inline_array_form_loads(tmp_path: Path) -> None:
    folder = write_facts(tmp_path / "f", {"a.toml": toml(
        'source = [{ id = "s", title = "S", type = "news" }]',
        'entity = [{ id = "e", name = "E", type = "country", citations = [{ source = "s", quote = "q", '
        'locator = "l" }] }]')})
    assert [(r["kind"], r["id"]) for r in load_records([folder])] == [("source", "s"), ("entity", "e")]


def test_sub_tables_of_a_record_load(tmp_path: Path) -> None:
    folder = write_facts(tmp_path / "f", {"a.toml": toml(
        '[[source]]', 'id = "s"', 'title = "S"', 'type = "news"',
        '[[project]]', 'id = "p"', 'title = "P"', 'status = "planned"', 'sectors = ["energy"]',
        '[project.amount]', 'value = 1.5e9', 'currency = "QAR"', 'basis = "committed"',
        '[[project.citations]]', 'source = "s"', 'quote = "q"', 'locator = "l"')})
    project = load_records([folder])[1]
    assert project["amount"] == {"value": 1.5e9, "currency": "QAR", "qualifier": "exact",
                                 "basis": "committed"}
    assert project["citations"] == [{"source": "s", "quote": "q", "locator": "l"}]


# -- each defect: exit 2, `path:line: id: field: message` ------------------------------

@pytest.fixture
def bad(facts: Path) -> Path:
    """Where a test writes its defective file, beside the valid small set."""
    return facts / "bad.toml"


def test_toml_syntax_error(bad: Path, run: Run) -> None:
    bad.write_text(toml(*EVENT[:2], 'title = "unterminated', *EVENT[3:]))
    check_failed(run, [f"{bad}:3: -: -: not valid TOML: Illegal character '\\n'"])


def test_duplicate_key_is_a_toml_error(bad: Path, run: Run) -> None:
    bad.write_text(toml(*EVENT, 'title = "again"'))
    check_failed(run, [f"{bad}:7: -: -: not valid TOML: Cannot overwrite a value"])


def test_text_that_is_not_toml(bad: Path, run: Run) -> None:
    bad.write_text("# Notes\n\nThe emir visited Astana in 2022.\n")
    check_failed(run, [f"{bad}:3: -: -: not valid TOML: Expected '=' after a key in a key/value pair"])


def test_text_that_is_not_utf8(bad: Path, run: Run) -> None:
    bad.write_bytes(toml(*EVENT[:2]).encode() + 'title = "Café"\n'.encode("latin-1"))
    check_failed(run, [f"{bad}:3: -: -: not UTF-8 text (byte 0xe9)"])


def test_unknown_field(bad: Path, run: Run) -> None:
    bad.write_text(toml(*EVENT, 'colour = "red"'))
    check_failed(run, [f"{bad}:7: ev: colour: unknown field"])


def test_unknown_field_in_a_citation(bad: Path, run: Run) -> None:
    bad.write_text(toml(*event(citations='[{ source = "doc-a", quote = "q", locator = "l", page = 4 }]')))
    check_failed(run, [f"{bad}:6: ev: citations.0.page: unknown field"])


def test_unknown_record_kind(bad: Path, run: Run) -> None:
    bad.write_text(toml(*EVENT, "", "[[events]]", 'id = "ev2"'))
    check_failed(run, [f"{bad}:8: -: events: unknown record kind (expected one of: source, entity, event, "
                       "agreement, project, figure)"])


def test_unknown_top_level_key_with_odd_characters(bad: Path, run: Run) -> None:
    bad.write_text(toml('"a(b" = 1'))
    check_failed(run, [f"{bad}:1: -: a(b: unknown record kind (expected one of: source, entity, event, "
                       "agreement, project, figure)"])


def test_kind_that_is_not_an_array_of_tables(bad: Path, run: Run) -> None:
    bad.write_text(toml("[event]", 'id = "ev"'))
    check_failed(run, [f"{bad}:1: -: event: must be an array of tables: [[event]]"])


def test_missing_required_fields(bad: Path, run: Run) -> None:
    bad.write_text(toml(*event(type=None, date=None)))
    check_failed(run, [f"{bad}:1: ev: date: required field is missing",
                       f"{bad}:1: ev: type: required field is missing"])


def test_missing_id_names_the_record_by_kind_and_number(bad: Path, run: Run) -> None:
    bad.write_text(toml(*EVENT, "", *event(id=None)))
    check_failed(run, [f"{bad}:8: event[2]: id: required field is missing"])


def test_no_citations(bad: Path, run: Run) -> None:
    bad.write_text(toml(*event(citations="[]")))
    check_failed(run, [f"{bad}:6: ev: citations: List should have at least 1 item after validation, not 0"])


def test_wrong_types(bad: Path, run: Run) -> None:
    bad.write_text(toml(*event(title="5"), 'topics = "energy"'))
    # In line order, as an editor lists problems (pydantic reports them in field order).
    check_failed(run, [f"{bad}:3: ev: title: Input should be a valid string",
                       f"{bad}:7: ev: topics: Input should be a valid list"])


def test_bad_enumeration(bad: Path, run: Run) -> None:
    bad.write_text(toml(*event(type='"party"')))
    check_failed(run, [f"{bad}:5: ev: type: Input should be 'visit', 'meeting', 'forum', 'award', 'opening', "
                       "'crisis', 'establishment', 'statement', 'election' or 'other'"])


def test_bad_slug(bad: Path, run: Run) -> None:
    bad.write_text(toml(*event(id='"State_Visit"')))
    check_failed(run, [f"{bad}:2: State_Visit: id: String should match pattern '^[a-z0-9]+(-[a-z0-9]+)*$'"])


def test_impossible_date(bad: Path, run: Run) -> None:
    bad.write_text(toml(*event(date='"2023-02-30"')))
    check_failed(run, [f"{bad}:4: ev: date: '2023-02-30': day 30 does not exist in Feb 2023"])


def test_date_that_is_not_edtf(bad: Path, run: Run) -> None:
    bad.write_text(toml(*event(date='"October 2022"')))
    check_failed(run, [f"{bad}:4: ev: date: 'October 2022' is not an EDTF date (expected YYYY, YYYY-MM, "
                       "YYYY-MM-DD, a season YYYY-21..24, optionally ending in ? ~ or %)"])


def test_toml_date_instead_of_a_string(bad: Path, run: Run) -> None:
    bad.write_text(toml(*event(date="2022-10-12")))
    check_failed(run, [f"{bad}:4: ev: date: Input should be a valid string"])


def test_duplicate_id_across_kinds(facts: Path, run: Run) -> None:
    bad = facts / "z.toml"  # after entities.toml: the entity is the first definition
    bad.write_text(toml(*event(id='"qatar"')))
    first = line_of(facts / "entities.toml", 'id = "qatar"') - 1
    check_failed(run, [f"{bad}:1: qatar: id: duplicate id "
                       f"(first defined at {facts / 'entities.toml'}:{first})"])


def test_duplicate_id_in_one_file(bad: Path, run: Run) -> None:
    bad.write_text(toml(*EVENT, "", *EVENT))
    check_failed(run, [f"{bad}:8: ev: id: duplicate id (first defined at {bad}:1)"])


def test_dangling_source(bad: Path, run: Run) -> None:
    bad.write_text(toml(*event(citations='[{ source = "doc-b", quote = "q", locator = "l" }]')))
    check_failed(run, [f"{bad}:6: ev: citations.0.source: unknown source id 'doc-b'"])


def test_citation_of_a_record_that_is_not_a_source(bad: Path, run: Run) -> None:
    bad.write_text(toml(*event(citations='[{ source = "qatar", quote = "q", locator = "l" }]')))
    check_failed(run, [f"{bad}:6: ev: citations.0.source: 'qatar' is an entity, not a source"])


def test_dangling_related(bad: Path, run: Run) -> None:
    bad.write_text(toml(*EVENT, 'related = ["gas-plant", "no-such-thing"]'))
    check_failed(run, [f"{bad}:7: ev: related: unknown record id 'no-such-thing'"])


def test_dangling_and_wrong_kind_entity_references(bad: Path, run: Run) -> None:
    bad.write_text(toml(*EVENT, 'countries = ["qatar", "atlantis"]', 'actors = ["doc-a"]'))
    check_failed(run, [f"{bad}:7: ev: countries: unknown entity id 'atlantis'",
                       f"{bad}:8: ev: actors: 'doc-a' is a source, not an entity"])


def test_a_record_with_a_bad_field_still_holds_its_id_and_its_references_are_checked(bad: Path, run: Run) -> None:
    """One unknown field is one problem, not one more for every record that names the
    record; and the bad record's own dangling reference is reported in the same run."""
    bad.write_text(toml('[[entity]]', 'id = "oman"', 'name = "Oman"', 'type = "country"', 'colour = "red"',
                        'related = ["no-such-thing"]',
                        'citations = [{ source = "doc-a", quote = "Oman", locator = "p 1" }]',
                        "", *event(id='"ev"'), 'countries = ["oman"]'))
    check_failed(run, [f"{bad}:5: oman: colour: unknown field",
                       f"{bad}:6: oman: related: unknown record id 'no-such-thing'"])


def test_dangling_role_organisation_and_amends(bad: Path, run: Run) -> None:
    bad.write_text(toml(
        '[[entity]]', 'id = "tokayev"', 'name = "Tokayev"', 'type = "person"',
        'roles = [{ title = "President", organisation = "presidency", from = "2019-03-20" }]',
        'citations = [{ source = "doc-a", quote = "q", locator = "l" }]',
        '[[agreement]]', 'id = "protocol"', 'title = "Protocol"', 'type = "protocol"', 'status = "signed"',
        'amends = "qatar"', 'citations = [{ source = "doc-a", quote = "q", locator = "l" }]'))
    check_failed(run, [f"{bad}:5: tokayev: roles.0.organisation: unknown entity id 'presidency'",
                       f"{bad}:12: protocol: amends: 'qatar' is an entity, not an agreement"])


PROJECT = ['[[project]]', 'id = "pr"', 'title = "A plant"', 'status = "planned"', 'sectors = ["energy"]',
           'amount = { value = 5, currency = "USD", basis = "planned" }',
           'citations = [{ source = "doc-a", quote = "q", locator = "l" }]']
FIGURE = ['[[figure]]', 'id = "fg"', 'title = "Flights"', 'measure = "flights"', 'value = 4',
          'unit = "flights/week"', 'basis = "actual"',
          'citations = [{ source = "doc-a", quote = "q", locator = "l" }]']


def test_negative_amount(bad: Path, run: Run) -> None:
    bad.write_text(toml(*PROJECT[:5], 'amount = { value = -5, currency = "USD", basis = "planned" }',
                        PROJECT[6]))
    check_failed(run, [f"{bad}:6: pr: amount.value: Input should be greater than or equal to 0"])


def test_negative_figure(bad: Path, run: Run) -> None:
    bad.write_text(toml(*FIGURE[:4], "value = -4", *FIGURE[5:]))
    check_failed(run, [f"{bad}:5: fg: value: Input should be greater than or equal to 0"])


def test_infinite_figure(bad: Path, run: Run) -> None:
    bad.write_text(toml(*FIGURE[:4], "value = inf", *FIGURE[5:]))
    check_failed(run, [f"{bad}:5: fg: value: expected a finite number, not inf"])


@pytest.mark.parametrize(("value", "shown"), [('"2.5bn"', '"2.5bn"'), ("true", "true"), ('["1"]', '["1"]')])
def test_a_value_of_the_wrong_type_is_one_readable_problem(bad: Path, run: Run, value: str, shown: str) -> None:
    bad.write_text(toml(*FIGURE[:4], f"value = {value}", *FIGURE[5:]))
    check_failed(run, [f"{bad}:5: fg: value: expected a number, not {shown}"])
    bad.write_text(toml(*PROJECT[:5], f'amount = {{ value = {value}, currency = "USD", basis = "planned" }}',
                        PROJECT[6]))
    check_failed(run, [f"{bad}:6: pr: amount.value: expected a number, not {shown}"])


def test_currency_that_is_not_iso_4217(bad: Path, run: Run) -> None:
    bad.write_text(toml(*PROJECT[:5], 'amount = { value = 5, currency = "USDT", basis = "planned" }',
                        PROJECT[6], *FIGURE[:5], 'unit = "ABC"', *FIGURE[6:]))
    check_failed(run, [f"{bad}:6: pr: amount.currency: 'USDT' is not an ISO 4217 currency code "
                       "(for example USD, KZT, QAR)",
                       f"{bad}:13: fg: unit: 'ABC' is not an ISO 4217 currency code"])


def test_money_figures_with_real_currencies_load(bad: Path, run: Run) -> None:
    bad.write_text(toml(*FIGURE[:3], 'measure = "trade"', 'value = 1.2e8', 'unit = "USD"', *FIGURE[6:]))
    assert run("validate").exit_code == 0


def test_figures_of_one_measure_share_a_unit(facts: Path, run: Run) -> None:
    bad = facts / "z.toml"  # after facts.toml: its unit is the measure's
    bad.write_text(toml(*FIGURE[:3], 'measure = "visitors-qatar"', *FIGURE[4:]))
    first = line_of(facts / "facts.toml", 'id = "visitors-2022"') - 1
    check_failed(run, [f"{bad}:6: fg: unit: measure 'visitors-qatar' is in 'people' "
                       f"(as at {facts / 'facts.toml'}:{first}), not 'flights/week'"])


def test_empty_quote(bad: Path, run: Run) -> None:
    bad.write_text(toml(*event(citations='[{ source = "doc-a", quote = " ", locator = "l" }]')))
    check_failed(run, [f"{bad}:6: ev: citations.0.quote: must not be empty"])


def test_line_numbers_survive_unicode_line_separators(bad: Path, run: Run) -> None:
    # TOML lines end at \n only: a U+2028 inside a string or comment starts no new line.
    bad.write_text(toml("# a comment\u2028with a line separator", *event(title='"A\u2028visit"'),
                        'colour = "red"'))
    check_failed(run, [f"{bad}:8: ev: colour: unknown field"])


def test_control_characters_from_the_file_are_shown_not_sent(bad: Path, run: Run) -> None:
    bad.write_text(toml(*event(id='"ev\\u001b[2J\\nfake:1: x"')))
    check_failed(run, [f"{bad}:2: ev\\x1b[2J\\x0afake:1: x: id: String should match pattern "
                       "'^[a-z0-9]+(-[a-z0-9]+)*$'"])


def test_all_problems_at_once_in_every_file(facts: Path, run: Run) -> None:
    a, b, c = facts / "a.toml", facts / "z" / "b.toml", facts / "z" / "c.toml"
    a.write_text(toml(*event(date='"2023-02-30"'), 'colour = "red"', "",
                      *event(id='"ev2"', citations='[{ source = "doc-a", quote = "", locator = "l" }]')))
    b.parent.mkdir()
    b.write_text("not toml at all\n")
    c.write_text(toml(*PROJECT[:5], 'amount = { value = -1, currency = "usd", basis = "planned" }',
                      PROJECT[6], *event(id='"ev3"'), 'related = ["nope"]'))
    # Files in path order, each file's own problems first, then those of the set as a whole.
    check_failed(run, [
        f"{a}:4: ev: date: '2023-02-30': day 30 does not exist in Feb 2023",
        f"{a}:7: ev: colour: unknown field",
        f"{a}:14: ev2: citations.0.quote: must not be empty",
        f"{b}:1: -: -: not valid TOML: Expected '=' after a key in a key/value pair",
        f"{c}:6: pr: amount.value: Input should be greater than or equal to 0",
        f"{c}:6: pr: amount.currency: 'usd' is not an ISO 4217 currency code (for example USD, KZT, QAR)",
        f"{c}:14: ev3: related: unknown record id 'nope'",
    ])


def test_problem_format() -> None:
    assert str(Problem("f.toml", 3, "ev", "date", "bad")) == "f.toml:3: ev: date: bad"
    assert str(Problem("f.toml", None, "", "", "bad")) == "f.toml: -: -: bad"
    error = LoadError([Problem("a", 1, "x", "y", "m"), Problem("b", 2, "z", "w", "n")])
    assert str(error) == "a:1: x: y: m\nb:2: z: w: n"
    assert len(error.problems) == 2


# -- a query never answers from a partly loaded set -----------------------------------

def test_records_api_refuses_a_partly_valid_set(facts: Path, bad: Path) -> None:
    bad.write_text(toml(*event(date='"2023-02-30"')))
    with pytest.raises(LoadError) as info:
        Store([facts])
    assert [str(p) for p in info.value.problems] == [
        f"{bad}:4: ev: date: '2023-02-30': day 30 does not exist in Feb 2023"]


def test_a_broken_file_does_not_leave_an_answer_behind(facts: Path, bad: Path, run: Run) -> None:
    assert run("export", "--json").exit_code == 0  # the valid set, now cached for this process
    bad.write_text(toml(*event(date='"2023-02-30"')))
    result = run("export", "--json")
    assert (result.exit_code, result.stdout) == (2, "")
    bad.unlink()
    assert len(json.loads(run("export", "--json").stdout)) == 10


# -- which folders ---------------------------------------------------------------------

def test_facts_option_is_repeatable_and_recursive(tmp_path: Path, run: Run) -> None:
    one = write_facts(tmp_path / "one", {"deep/er/sources.toml": SMALL_FACTS["sources.toml"]})
    two = write_facts(tmp_path / "two", {"entities.toml": SMALL_FACTS["entities.toml"],
                                         "README.md": "not a fact file", "old.toml.bak": "x ="})
    result = run("--facts", str(one), "--facts", str(two), "validate")
    assert result.exit_code == 0
    assert result.stdout == f"ok: 4 records (1 source, 3 entity)\nread: {one}\nread: {two}\n"
    result = run("--facts", str(two), "validate")
    assert result.exit_code == 2
    assert f"{two / 'entities.toml'}:" in result.stderr
    assert "citations.0.source: unknown source id 'doc-a'" in result.stderr


def test_kzqa_facts_takes_folders_separated_by_pathsep(tmp_path: Path, run: Run,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    one = write_facts(tmp_path / "one", {"sources.toml": SMALL_FACTS["sources.toml"]})
    two = write_facts(tmp_path / "two", {"entities.toml": SMALL_FACTS["entities.toml"]})
    monkeypatch.setenv("KZQA_FACTS", f"{one}{os.pathsep}{two}")
    result = run("export", "--json")
    assert result.exit_code == 0
    assert [r["id"] for r in json.loads(result.stdout)] == ["doc-a", "kazakhstan", "qatar", "astana"]


def test_facts_option_replaces_kzqa_facts(facts: Path, tmp_path: Path, run: Run) -> None:
    other = write_facts(tmp_path / "other", {"sources.toml": SMALL_FACTS["sources.toml"]})
    result = run("--facts", str(other), "validate")
    assert (result.exit_code, result.stdout) == (0, f"ok: 1 records (1 source)\nread: {other}\n")


def test_missing_facts_folder(tmp_path: Path, run: Run) -> None:
    missing = tmp_path / "nowhere"
    for args in (["validate"], ["export", "--json"]):
        result = run("--facts", str(missing), *args)
        assert result.exit_code == 2
        assert errors_of(result) == [f"{missing}: -: -: facts folder not found"]


def test_folder_without_fact_files(tmp_path: Path, run: Run) -> None:
    empty = write_facts(tmp_path / "empty", {"notes.md": "nothing here"})
    for args in (["validate"], ["export", "--json"]):
        result = run("--facts", str(empty), *args)
        assert result.exit_code == 2
        assert errors_of(result) == [f"{empty}: -: -: no *.toml fact files found"]


# -- never a traceback ------------------------------------------------------------------

TOML_PIECES = [
    "[[source]]", "[[entity]]", "[[event]]", "[[figure]]", "[[project]]", "[[agreement]]", "[event]",
    "[[event.citations]]", "[project.amount]", 'id = "doc-a"', 'id = "x"', "id = 5", 'id = "X Y"',
    'title = "T"', 'name = "N"', 'type = "news"', 'type = "country"', 'type = "visit"', 'status = "signed"',
    'date = "2022-10"', 'date = "2023-02-30"', 'date = "1X"', "date = 2022-10-12", 'sectors = ["energy"]',
    'measure = "m"', "value = -1", "value = nan", "value = 1e400", 'unit = "people"', 'unit = "EUR"',
    'basis = "actual"', 'citations = [{ source = "doc-a", quote = "q", locator = "l" }]',
    'citations = [{ source = "x", quote = "", locator = "l" }]', "citations = []", "citations = [1]",
    'related = ["x", "doc-a"]', 'countries = ["x"]', 'roles = [{ title = "T", from = "2020" }]',
    'amount = { value = 1, currency = "usd", basis = "spent" }', '"a(b" = 1', "x.y.z = 1", "= 1",
    "[[", '"""', "# comment", "", "\u2028", "\t", "\x00", "é", 'title = """\nline\n"""',
]


def _load_or_problems(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            (Path(folder) / name).write_bytes(data)
        try:
            records = load_records([Path(folder)])
        except LoadError as exc:
            assert exc.problems
            for problem in exc.problems:
                assert isinstance(problem.message, str) and problem.message
                assert str(problem).startswith(str(Path(folder) / ""))
                assert "\n" not in str(problem)
        else:
            assert all(isinstance(r["id"], str) for r in records)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_as_a_fact_file_never_raises_anything_but_load_error(text: str) -> None:
    _load_or_problems({"a.toml": text.encode("utf-8", "surrogatepass")})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOML_PIECES), max_size=25))
def test_any_mix_of_toml_lines_never_raises_anything_but_load_error(pieces: list[str]) -> None:
    _load_or_problems({"a.toml": "\n".join(pieces).encode("utf-8", "surrogatepass")})


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_as_a_fact_file_never_raise_anything_but_load_error(data: bytes) -> None:
    _load_or_problems({"a.toml": data})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(alphabet=string.printable + "é\u2028[]{}=\"'", max_size=200),
                 st.lists(st.sampled_from(TOML_PIECES), max_size=20).map("\n".join)))
def test_cli_on_any_text_exits_0_or_2_without_traceback(text: str) -> None:
    from typer.testing import CliRunner

    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "sources.toml").write_text(SMALL_FACTS["sources.toml"])
        Path(folder, "a.toml").write_bytes(text.encode("utf-8", "surrogatepass"))
        runner = CliRunner()
        for args in (["validate"], ["export", "--json"]):
            result = runner.invoke(app, ["--no-cache", "--facts", folder, *args], catch_exceptions=False)
            assert result.exit_code in (0, 2)
            assert "Traceback" not in result.stderr
            if result.exit_code == 2:
                assert result.stdout == ""
                assert result.stderr.startswith(folder)
                assert result.stderr.endswith(" in the fact files\n")


# -- the facts folder is only ever read --------------------------------------------------

def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()} | {
            str(p.relative_to(folder)) + "/": (b"", 0) for p in folder.rglob("*") if p.is_dir()}


def test_commands_never_write_into_the_facts_folder(facts: Path, run: Run, tmp_path: Path) -> None:
    sources = write_facts(tmp_path / "sources", {"doc-a.md": "Kazakhstan and Qatar"})
    old = 1_600_000_000
    for path in facts.rglob("*.toml"):
        os.utime(path, (old, old))  # old enough for the cache to be written
    before = snapshot(facts)
    for args in (["validate"], ["validate", "--sources", str(sources)], ["export", "--json"],
                 ["export", "--json"], ["--no-cache", "export", "--json"]):
        run(*args)
    assert (tmp_path / "cache").is_dir()  # the cache went to its own folder...
    assert snapshot(facts) == before  # ...and nothing changed or appeared here
    (facts / "bad.toml").write_text("x = \n")
    before = snapshot(facts)
    assert run("validate").exit_code == 2
    assert run("export", "--json").exit_code == 2
    assert snapshot(facts) == before
