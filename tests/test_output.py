"""The shared output layer: every format, literal text, colour, widths and exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import write_facts

HOSTILE = {"hostile.toml": """
    [[source]]
    id = "doc-h"
    title = "Hostile [bold red]markup[/] :smile: doc"
    type = "news"

    [[agreement]]
    id = "hostile-agreement"
    title = "Deal [link=https://evil.example]click[/link] :rocket: \\u001b[31mred\\u001b[0m |pipe| \\ttab"
    type = "agreement"
    status = "signed"
    signed = "2020"
    citations = [{ source = "doc-h", quote = "q [b]x[/b]", locator = "para \\u009b1" }]
"""}


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    folder = write_facts(tmp_path / "hostile", HOSTILE)
    monkeypatch.setenv("KZQA_FACTS", str(folder))
    return folder


@pytest.mark.parametrize("flag", ["--json", "--nl", "--csv", "--md", "--tsv", "--table"])
def test_every_format_works_for_every_list_command(facts, run, flag):
    for command in (["timeline"], ["agreements"], ["projects"], ["figures"], ["search", "qatar"],
                    ["sources"], ["export"], ["compare", "--measure", "visitors-qatar"]):
        result = run(*command, flag)
        assert result.exit_code == 0, (command, result.stderr)
        assert result.stdout.strip(), command


def test_json_is_an_array_of_records_with_kind_and_schema_fields(facts, run):
    rows = json.loads(run("export", "--json").stdout)
    assert {r["kind"] for r in rows} == {"source", "entity", "event", "agreement", "project", "figure"}
    project = next(r for r in rows if r["id"] == "gas-plant")
    assert list(project)[:3] == ["kind", "id", "title"]
    assert list(project)[-6:] == ["citations", "related", "topics", "note", "disputed", "inferred"]
    assert project["amount"] == {"value": 2500000000, "currency": "USD", "qualifier": "approximately",
                                 "basis": "planned"}
    assert isinstance(project["amount"]["value"], int)
    event = next(r for r in rows if r["id"] == "state-visit-2022")
    assert event["date"] == "2022-10"


def test_nl_is_one_json_object_a_line(facts, run):
    lines = run("agreements", "--nl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["military-agreement"]


def test_csv_parses_with_the_csv_module(facts, run):
    rows = list(csv.reader(io.StringIO(run("timeline", "--csv").stdout)))
    assert rows[0] == list(json.loads(run("timeline", "--json").stdout)[0])
    assert rows[0] == ["date", "when", "kind", "milestone", "id", "title", "countries", "standing"]
    assert rows[1][:2] == ["1993-07-01", "1 Jul 1993"]
    assert rows[1][6] == '["kazakhstan","qatar"]'  # a list is JSON text


def test_tsv_is_the_default_when_piped(facts, run):
    out = run("timeline").stdout
    lines = out.splitlines()
    assert lines[0].split("\t") == ["date", "when", "kind", "milestone", "id", "title", "countries", "standing"]
    assert all(len(line.split("\t")) == 8 for line in lines)
    assert "\x1b" not in out and "┃" not in out


def test_two_formats_at_once_is_a_usage_error(facts, run):
    result = run("timeline", "--json", "--csv")
    assert result.exit_code == 2
    assert "choose one output format" in result.stderr


def test_hostile_text_is_shown_literally_in_every_format(hostile, run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    table = run("agreements", "--table").stdout
    assert "[link=https://evil.example]click[/link]" in table
    assert ":rocket:" in table and "🚀" not in table
    assert "\x1b" not in table and "\\x1b[31mred" in table
    tsv = run("agreements").stdout
    assert "\x1b" not in tsv and "\t" not in tsv.splitlines()[1].split("\t")[1]
    md = run("agreements", "--md").stdout
    assert "\\|pipe\\|" in md and "\x1b" not in md
    data = json.loads(run("agreements", "--json").stdout)
    assert data[0]["title"].startswith("Deal [link=")
    assert "\x1b[31m" in data[0]["title"]  # JSON keeps the data exact; json escapes it
    assert "\x1b" not in run("agreements", "--json").stdout
    show = run("show", "hostile-agreement", "--table").stdout
    assert "[b]x[/b]" in show and "\\x9b1" in show and "\x9b" not in show
    sources = run("sources", "--table").stdout
    assert "[bold red]markup[/]" in sources and ":smile:" in sources


def test_no_color_flag_and_env_and_force_color(facts, run, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = run("agreements", "--table").stdout
    assert "\x1b[" in coloured
    assert "\x1b[" not in run("--no-color", "timeline", "--table").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("timeline", "--table").stdout


def test_tables_fit_the_width_and_never_break_ids(facts, run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    out = run("agreements", "--table").stdout
    assert max(len(line) for line in out.splitlines()) <= 60
    assert "military-agreement" in out  # whole, on one line


def test_empty_results_are_exit_1_in_every_format(facts, run):
    assert run("agreements", "nothing-like-this", "--json").stdout.strip() == "[]"
    for flag in ("--json", "--nl", "--csv", "--md", "--tsv", "--table"):
        assert run("agreements", "nothing-like-this", flag).exit_code == 1
    result = run("agreements", "nothing-like-this", "--table")
    assert result.stderr.strip() == "kzqa: no results"


# -- machine formats: CSV and TSV columns are the JSON keys, flattened -------------------------

@pytest.mark.parametrize("command", [["timeline"], ["agreements"], ["projects"], ["figures"], ["sources"],
                                     ["export"], ["search", "qatar"], ["compare", "--measure", "visitors-qatar"]])
def test_csv_and_tsv_columns_are_the_flattened_json_keys(facts, run, command):
    from kzqa.output import field_names

    rows = json.loads(run(*command, "--json").stdout)
    if command[0] == "search":  # a hit's whole record is in JSON only (README: Output for scripts)
        rows = [{k: v for k, v in r.items() if k != "record"} for r in rows]
    names = field_names(rows)
    table = list(csv.reader(io.StringIO(run(*command, "--csv").stdout)))
    assert table[0] == names
    assert len(table) == len(rows) + 1
    assert run(*command, "--tsv").stdout.splitlines()[0].split("\t") == names


def test_csv_values_are_raw(facts, run):
    projects = list(csv.DictReader(io.StringIO(run("projects", "--csv").stdout)))
    assert projects[0]["amount.value"] == "2500000000" and projects[0]["amount.currency"] == "USD"
    assert "amount" not in projects[0]
    compared = list(csv.DictReader(io.StringIO(run("compare", "--measure", "visitors-qatar", "--csv").stdout)))
    assert [r["ratio"] for r in compared] == ["1.0", "1.5"]
    assert [r["change_percent"] for r in compared] == ["0.0", "50.0"]
    assert compared[0]["share_of_target"] == ""  # null is an empty cell
    timeline = list(csv.DictReader(io.StringIO(run("timeline", "--csv").stdout)))
    assert timeline[1]["date"] == "2022-10"  # EDTF, as in JSON


def test_export_csv_carries_every_field_of_every_kind(facts, run):
    rows = list(csv.DictReader(io.StringIO(run("export", "--csv").stdout)))
    assert len(rows) == 10
    header = list(rows[0])
    assert {"kind", "id", "amount.value", "amount.basis", "measure", "period", "signed", "citations"} <= set(header)
    plant = next(r for r in rows if r["id"] == "gas-plant")
    assert plant["amount.qualifier"] == "approximately" and plant["measure"] == ""
    assert json.loads(plant["citations"])[0]["locator"] == "Table 2"


def test_tsv_is_never_quoted_and_tabs_and_newlines_become_spaces(tmp_path, run, monkeypatch):
    folder = write_facts(tmp_path / "f", {"a.toml": '''
        [[source]]
        id = "doc-t"
        title = "A \\"quoted\\"\\ttitle\\nover two lines"
        type = "news"
    '''})
    monkeypatch.setenv("KZQA_FACTS", str(folder))
    lines = run("sources", "--tsv").stdout.splitlines()
    assert len(lines) == 2
    assert 'A "quoted" title over two lines' in lines[1].split("\t")


def test_md_prints_the_table_alone(facts, run):
    out = run("agreements", "--md").stdout
    assert out.startswith("| id | title |")
    assert "Agreements" not in out


def test_format_option_and_its_aliases(facts, run):
    assert run("timeline", "--format", "json").stdout == run("timeline", "--json").stdout
    assert run("timeline", "--format", "json", "--json").exit_code == 0  # the same format twice
    both = run("timeline", "--format", "csv", "--json")
    assert both.exit_code == 2 and "choose one output format" in both.stderr
    bad = run("timeline", "--format", "jsno")
    assert bad.exit_code == 2
    assert "did you mean 'json'?" in bad.stderr and "table, tsv, json, nl, csv, md" in bad.stderr


def test_a_command_can_add_formats_of_its_own():
    from kzqa.commands import output_options

    seen = []

    @output_options(formats={"lines": "path:line: messages"})
    def command(*, fmt):
        seen.append(fmt)

    import typer
    from typer.testing import CliRunner

    app = typer.Typer()
    app.command()(command)
    assert CliRunner().invoke(app, ["--format", "lines"]).exit_code == 0
    assert seen == ["lines"] and seen[0].explicit
    assert CliRunner().invoke(app, ["--lines"]).exit_code == 2  # a command's own format: --format only


# -- --limit, --fields, --sort ---------------------------------------------------------------

LIST_COMMANDS = [["timeline"], ["agreements"], ["projects"], ["figures"], ["sources"], ["export"],
                 ["search", "qatar"], ["compare", "--measure", "visitors-qatar"]]


@pytest.mark.parametrize("command", LIST_COMMANDS)
def test_every_list_command_takes_limit_fields_and_sort(facts, run, command):
    rows = json.loads(run(*command, "--json").stdout)
    assert json.loads(run(*command, "--json", "--limit", "1").stdout) == rows[:1]
    picked = json.loads(run(*command, "--json", "--fields", "id,kind").stdout)
    assert picked == [{"id": r["id"], "kind": r.get("kind")} for r in rows]
    backwards = json.loads(run(*command, "--json", "--sort", "-id").stdout)
    assert [r["id"] for r in backwards] == sorted((r["id"] for r in rows), reverse=True)


def test_fields_reach_inside_with_dotted_names(facts, run):
    rows = json.loads(run("projects", "--fields", "id,amount.value", "--json").stdout)
    assert rows == [{"id": "gas-plant", "amount": {"value": 2500000000}}]
    assert run("projects", "--fields", "id,amount.value", "--csv").stdout == "id,amount.value\ngas-plant,2500000000\n"
    table = run("projects", "--fields", "id,amount.currency", "--table").stdout
    assert "amount.currency" in table and "USD" in table and "title" not in table


CITED = 'citations = [{ source = "s", quote = "q", locator = "l" }]'


def test_sort_sorts_dates_as_dates_and_numbers_as_numbers(tmp_path, run, monkeypatch):
    folder = write_facts(tmp_path / "f", {"a.toml": '''
        [[source]]
        id = "s"
        title = "S"
        type = "news"

        [[figure]]
        id = "f-2022-10"
        title = "a"
        measure = "m"
        value = 9
        unit = "people"
        period = "2022-10"
        basis = "actual"

        [[figure]]
        id = "f-2022"
        title = "b"
        measure = "m"
        value = 10
        unit = "people"
        period = "2022"
        basis = "actual"

        [[figure]]
        id = "f-1999"
        title = "c"
        measure = "m"
        value = 100
        unit = "people"
        period = "1999-12-31"
        basis = "actual"
    '''.replace('basis = "actual"', 'basis = "actual"\n        ' + CITED)})
    monkeypatch.setenv("KZQA_FACTS", str(folder))
    ids = lambda *args: [r["id"] for r in json.loads(run("figures", "--json", *args).stdout)]  # noqa: E731
    assert ids("--sort", "period") == ["f-1999", "f-2022", "f-2022-10"]
    assert ids("--sort", "-period") == ["f-2022-10", "f-2022", "f-1999"]
    assert ids("--sort", "value") == ["f-2022-10", "f-2022", "f-1999"]  # 9 < 10 < 100, not "10" < "100" < "9"
    assert ids("--sort", "-value", "--limit", "1") == ["f-1999"]


def test_limit_and_sort_never_change_totals_or_the_baseline(facts, run, tmp_path, monkeypatch):
    compared = json.loads(run("compare", "--measure", "visitors-qatar", "--json", "--sort", "-value",
                              "--limit", "1").stdout)
    assert compared == [json.loads(run("compare", "--measure", "visitors-qatar", "--json").stdout)[1]]
    assert compared[0]["difference"] == 1500  # still against the first period
    extra = write_facts(tmp_path / "more", {"more.toml": '''
        [[project]]
        id = "farm"
        title = "Farm"
        status = "planned"
        sectors = ["agriculture"]
        amount = { value = 500000000, currency = "USD", basis = "planned" }
        citations = [{ source = "doc-a", quote = "x", locator = "y" }]
    '''})
    monkeypatch.setenv("KZQA_ADD_FACTS", str(extra))
    md = run("projects", "--md", "--limit", "1").stdout.splitlines()
    assert [line.split(" | ")[0] for line in md[2:]] == ["| gas-plant", "| total"]
    assert "| total | 2 projects |  |  | USD 3,000,000,000 | planned |  |" in md


def test_unknown_fields_are_rejected_with_a_near_match(facts, run):
    result = run("timeline", "--fields", "id,titel")
    assert result.exit_code == 2
    assert "--fields: 'titel' is not a field; did you mean 'title'?" in result.stderr
    result = run("timeline", "--sort", "-dat")
    assert result.exit_code == 2 and "did you mean 'date'?" in result.stderr


def test_search_limit_defaults_to_20(tmp_path, run, monkeypatch):
    many = "\n".join(f'[[source]]\nid = "doc-{n:02d}"\ntitle = "Report {n}"\ntype = "news"\n' for n in range(25))
    monkeypatch.setenv("KZQA_FACTS", str(write_facts(tmp_path / "f", {"a.toml": many})))
    assert len(json.loads(run("search", "report", "--json").stdout)) == 20
    assert len(json.loads(run("search", "report", "--json", "--limit", "0").stdout)) == 25  # 0: all
    assert len(json.loads(run("search", "report", "--json", "--limit", "3").stdout)) == 3
    assert len(json.loads(run("search", "report", "--json", "--limit", "25").stdout)) == 25


# -- tables at any width ---------------------------------------------------------------------

def _cells(line: str) -> int:
    """Terminal cells: wide East Asian characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.mark.bundled
def test_at_80_columns_no_id_is_broken(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    ids = [r["id"] for r in json.loads(run("agreements", "--json").stdout)]
    out = run("agreements", "--table").stdout
    assert len(ids) == 21
    assert all(id_ in out for id_ in ids)
    assert max(_cells(line) for line in out.splitlines()) <= 80


def test_headers_and_verdicts_are_never_split(tmp_path, run, monkeypatch):
    folder = write_facts(tmp_path / "f", {"a.toml": """
        [[source]]
        id = "s"
        title = "S"
        type = "news"

        [[agreement]]
        id = "a-long-agreement-id"
        title = "An agreement whose title is long enough to wrap over several lines"
        type = "memorandum"
        status = "under-negotiation"
        disputed = "two sources disagree"
        citations = [{ source = "s", quote = "q", locator = "l" }]
    """})
    monkeypatch.setenv("KZQA_FACTS", str(folder))
    for width in ("60", "70", "90"):
        monkeypatch.setenv("COLUMNS", width)
        out = run("agreements", "--table").stdout
        assert max(_cells(line) for line in out.splitlines()) <= int(width)
        assert "a-long-agreement-id" in out
        for word in ("disputed", "standing", "under-negotiation", "status"):
            assert word in out or word not in run("agreements", "--table").stdout.replace("\n", ""), word
    monkeypatch.setenv("COLUMNS", "100")
    wide = run("agreements", "--table").stdout
    assert all(word in wide for word in ("disputed", "standing", "under-negotiation", "memorandum"))


def test_columns_drop_in_the_documented_order(facts, run, monkeypatch):
    def header(width: int) -> list[str]:
        monkeypatch.setenv("COLUMNS", str(width))
        line = next(x for x in run("agreements", "--table").stdout.splitlines() if x.startswith("┃"))
        return [cell.strip() for cell in line.strip("┃").split("┃")]

    assert header(200) == ["id", "title", "type", "signed", "status", "parties", "standing"]
    # agreements drops parties, type, signed and status in that order, then the widest left
    assert header(90) == ["id", "title", "type", "signed", "status", "standing"]
    assert header(70) == ["id", "title", "signed", "status", "standing"]
    assert header(60) == ["id", "title", "status", "standing"]
    assert header(50) == ["id", "title", "standing"]
    assert header(40) == ["id", "title"]  # never the id or the title


def test_rows_stack_as_blocks_when_even_the_id_does_not_fit(facts, run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "24")
    out = run("agreements", "--table").stdout
    assert "┃" not in out
    lines = out.splitlines()
    assert "military-agreement" in lines
    assert "  status: signed" in lines


def test_widths_count_terminal_cells(tmp_path, run, monkeypatch):
    folder = write_facts(tmp_path / "f", {"a.toml": """
        [[source]]
        id = "s-cjk"
        title = "卡塔尔与哈萨克斯坦 关系 报告 第一 部分 第二 部分 第三 部分"
        type = "news"
    """})
    monkeypatch.setenv("KZQA_FACTS", str(folder))
    monkeypatch.setenv("COLUMNS", "40")
    out = run("sources", "--table").stdout
    assert max(_cells(line) for line in out.splitlines()) <= 40
    assert "哈萨克斯坦" in out  # a word is never cut


def test_show_indents_continuation_lines_and_lists_related_once(facts, run, monkeypatch, tmp_path):
    extra = write_facts(tmp_path / "more", {"more.toml": """
        [[event]]
        id = "follow-up"
        title = "A follow-up visit that names the first one and is named by it in turn, at length"
        date = "2023"
        type = "visit"
        related = ["state-visit-2022"]
        citations = [{ source = "doc-a", quote = "x", locator = "y" }]
    """})
    monkeypatch.setenv("KZQA_ADD_FACTS", str(extra))
    monkeypatch.setenv("COLUMNS", "60")
    out = run("show", "follow-up", "--table").stdout
    assert out.count("state-visit-2022") == 1
    lines = out.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("  title: "))
    assert lines[start + 1].startswith(" " * len("  title: ")) and lines[start + 1].strip()
    assert max(_cells(line) for line in lines) <= 60


# -- the flat-field rule, as properties -------------------------------------------------------

_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
                     st.floats(allow_nan=False, allow_infinity=False))
_keys = st.text(alphabet="abcxyz_", min_size=1, max_size=4)
_rows = st.lists(st.dictionaries(_keys, st.one_of(_scalars, st.dictionaries(_keys, _scalars, max_size=3),
                                                   st.lists(_scalars, max_size=3)), max_size=4), max_size=5)


@given(_rows)
def test_csv_round_trips_every_raw_value(rows):
    from kzqa.output import field_names, pick, raw_cell

    names = field_names(rows)
    assert not any(other.startswith(name + ".") for name in names for other in names)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([names, *([raw_cell(pick(r, n)) for n in names] for r in rows)])
    back = list(csv.reader(io.StringIO(out.getvalue())))
    if names:
        for row, line in zip(rows, back[1:], strict=True):
            for name, cell in zip(names, line, strict=True):
                value = pick(row, name)
                if isinstance(value, str):
                    assert cell == value or "\\x" in cell  # control characters are shown as \xNN
                elif value is not None and not (isinstance(value, dict) and not value):
                    assert json.loads(cell) == value


_dates = st.builds(lambda y, m, d, p: [f"{y}", f"{y}-{m:02d}", f"{y}-{m:02d}-{d:02d}"][p],
                   st.integers(1900, 2030), st.integers(1, 12), st.integers(1, 28), st.integers(0, 2))


@given(st.lists(_dates, max_size=12), st.booleans())
def test_sort_orders_dates_as_dates(dates, descending):
    from kzqa.dates import sort_key
    from kzqa.output import sorted_positions

    rows = [{"date": d} for d in dates]
    order = [rows[p]["date"] for p in sorted_positions(rows, "-date" if descending else "date")]
    assert order == sorted(dates, key=sort_key, reverse=descending)


def test_sorting_by_an_object_or_a_list_is_a_usage_error(facts, run):
    result = run("projects", "--sort", "amount")
    assert result.exit_code == 2 and "amount.value" in result.stderr
    assert run("agreements", "--sort", "parties").exit_code == 2


def test_an_id_longer_than_the_terminal_is_not_broken_in_blocks(facts, run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "12")
    text = run("agreements", "--table").stdout
    assert "military-agreement\n" in text  # whole on its line, for the terminal to wrap
