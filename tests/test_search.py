"""kzqa search over the store's FTS5 index: every word optional, names first, word forms,
phrases, id prefixes, the answer in each hit, and writers' questions."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, json_out, write_facts

from kzqa.dates import show_edtf
from kzqa.queries import search_rows
from kzqa.store import Store, bundled_facts

QUESTIONS_DIR = Path(__file__).parent / "questions"


def ids(run: Run, *args: str) -> list[str]:
    return [r["id"] for r in json_out(run("search", *args, "--json"))]


def test_every_word_is_optional(facts: Path, run: Run) -> None:
    # "zanzibar" is in no record; the others still find the agreement
    assert ids(run, "military zanzibar cooperation")[0] == "military-agreement"


def test_hits_matching_more_words_come_first(facts: Path, run: Run) -> None:
    found = ids(run, "visitors Qatar 2023")
    assert found[0] == "visitors-2023"  # all three words, before visitors-2022 with two
    assert "visitors-2022" in found


def test_porter_stemming_meets_word_forms(facts: Path, run: Run) -> None:
    assert ids(run, "militaries cooperating")[0] == "military-agreement"
    assert "visitors-2022" in ids(run, "visitor")


def test_a_phrase_match_outranks_scattered_words(facts: Path, run: Run, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    extra = write_facts(tmp_path / "more", {"more.toml": """
        [[event]]
        id = "aaa-scattered"
        title = "Gas talks and a processing decision on the plant"
        date = "2023"
        type = "other"
        citations = [{ source = "doc-a", quote = "x", locator = "y" }]
    """})
    monkeypatch.setenv("KZQA_FACTS", os.pathsep.join([str(facts), str(extra)]))
    assert ids(run, "gas processing plant")[:2] == ["gas-plant", "aaa-scattered"]


def test_a_name_or_alias_brings_its_entity_first(facts: Path, run: Run) -> None:
    assert ids(run, "Astana")[0] == "astana"
    rows = json_out(run("search", "Nur Sultan", "--json"))
    assert rows[0]["id"] == "astana" and rows[0]["matched"].startswith("alias")


_ATTRIBUTED = {
    "sources.toml": """
        [[source]]
        id = "paper"
        title = "A paper"
        type = "article"
        authors = ["Omar Ahmad", "B. Other"]

        [[source]]
        id = "wire"
        title = "A wire report"
        type = "news"
        outlet = "Gulf Post, republished by DND (Dispatch News Desk, Pakistan)"

        [[source]]
        id = "anonymous"
        title = "An unsigned note"
        type = "news"
    """,
    "entities.toml": """
        [[entity]]
        id = "qatar"
        name = "Qatar"
        type = "country"
        forms = ["Qatari"]
        citations = [{ source = "paper", quote = "Qatar", locator = "p 1" }]

        [[entity]]
        id = "envoy"
        name = "Abdullah Envoy"
        type = "person"
        summary = "Ambassador to Kazakhstan."
        roles = [{ title = "Ambassador to Kazakhstan", organisation = "qatar" }]
        citations = [{ source = "paper", quote = "the ambassador", locator = "p 1" }]
    """,
    "facts.toml": """
        [[figure]]
        id = "trade-a-unattributed"
        title = "Trade volume"
        measure = "trade"
        value = 4
        unit = "USD"
        period = "2022"
        basis = "actual"
        citations = [{ source = "anonymous", quote = "trade of 4 dollars", locator = "p 2" }]

        [[figure]]
        id = "trade-b-paper"
        title = "Trade volume"
        measure = "trade"
        value = 5
        unit = "USD"
        period = "2023"
        basis = "actual"
        citations = [{ source = "paper", quote = "on that day a trade of 5 dollars was made", locator = "p 2" }]

        [[figure]]
        id = "trade-c-wire"
        title = "Trade volume"
        measure = "trade"
        value = 6
        unit = "USD"
        period = "2024"
        basis = "actual"
        citations = [{ source = "wire", quote = "trade of 6 dollars", locator = "p 2" }]
    """,
}


def test_the_words_that_frame_a_question_do_not_count(tmp_path: Path) -> None:
    from kzqa.queries import query_terms

    store = Store([write_facts(tmp_path / "f", _ATTRIBUTED)])
    terms, counted = query_terms(store, "On what day was that trade made, according to Ahmad?")
    assert {"day", "made", "according"} <= set(terms)  # each is in some record
    assert counted == ["trade", "ahmad"]
    # the record that shares the frame ("that day ... was made") does not outrank the rest
    hits = [r["id"] for r in search_rows(store, "On what day was the trade volume made?")]
    assert hits[0] != "trade-b-paper" and sorted(hits[:3]) == ["trade-a-unattributed", "trade-b-paper", "trade-c-wire"]


def test_a_source_s_authors_and_outlet_find_the_records_citing_it(tmp_path: Path, run: Run,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZQA_FACTS", str(write_facts(tmp_path / "f", _ATTRIBUTED)))
    assert ids(run, "How much was trade, according to Ahmad et al.?")[0] == "trade-b-paper"
    assert ids(run, "trade volume reported by the Gulf Post")[0] == "trade-c-wire"
    # the outlet's gloss says where it was republished, not who wrote it
    assert ids(run, "Pakistan") == ["wire"]


def test_a_role_s_organisation_is_among_the_names_a_record_names(tmp_path: Path, run: Run,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZQA_FACTS", str(write_facts(tmp_path / "f", _ATTRIBUTED)))
    rows = json_out(run("search", "Who is the Qatari ambassador?", "--json"))
    assert rows[0]["id"] == "envoy" and "names: qatari" in rows[0]["matched"]


def test_a_record_is_found_by_the_year_and_month_of_its_dates(facts: Path, run: Run) -> None:
    assert set(ids(run, "October")) == {"state-visit-2022", "military-agreement"}  # 2022-10, 2022-10-12
    assert ids(run, "relations 1993")[0] == "relations-established"  # 1993-07-01
    assert ids(run, "visitors 2022")[0] == "visitors-2022"  # a figure's period
    rows = json_out(run("search", "July 1993", "--json"))
    assert rows[0]["id"] == "relations-established" and "text: 1993 july" in rows[0]["matched"]


def test_a_query_written_as_an_id_brings_the_ids_it_begins_first(tmp_path: Path, run: Run,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """'trade-b' is an id's beginning: its records come before those matching its words."""
    monkeypatch.setenv("KZQA_FACTS", str(write_facts(tmp_path / "f", _ATTRIBUTED)))
    rows = json_out(run("search", "trade-c", "--json"))
    assert rows[0]["id"] == "trade-c-wire" and rows[0]["matched"].startswith("id prefix")
    assert sorted(ids(run, "trade-")[:3]) == ["trade-a-unattributed", "trade-b-paper", "trade-c-wire"]


def test_a_source_is_found_by_its_authors_and_outlet(tmp_path: Path, run: Run,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZQA_FACTS", str(write_facts(tmp_path / "f", _ATTRIBUTED)))
    rows = json_out(run("search", "Ahmad", "--json"))
    assert rows[0]["id"] == "paper" and "names: ahmad" in rows[0]["matched"]
    assert ids(run, "Gulf Post")[0] == "wire"


_DIRECTIONS = {
    "sources.toml": """
        [[source]]
        id = "doc"
        title = "A report"
        type = "news"
    """,
    "facts.toml": """
        [[figure]]
        id = "a-kazakhs-to-doha"
        title = "Tourists from Kazakhstan: 40,000 residents went abroad, Qatari figures say, most visited Doha (2023)"
        measure = "arrivals-kz-qa"
        value = 40000
        unit = "people"
        period = "2023"
        basis = "actual"
        citations = [{ source = "doc", quote = "about 40,000 Kazakhstanis visited Doha", locator = "p 1" }]

        [[figure]]
        id = "b-qataris-to-kazakhstan"
        title = "Arrivals"
        measure = "visitors-qa-kz"
        value = 1000
        unit = "people"
        period = "2023"
        basis = "actual"
        citations = [{ source = "doc", quote = "Qatari tourists, visitors to Kazakhstan: 1,000", locator = "p 2" }]
    """,
}


def test_a_derivation_porter_leaves_apart_is_the_same_word(tmp_path: Path, run: Run,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """'tourism' meets 'tourists' (data/search-forms-en.txt); 'visited' meets 'visitors',
    one way only: 'visitors' asks for no visit."""
    monkeypatch.setenv("KZQA_FACTS", str(write_facts(tmp_path / "f", _DIRECTIONS)))
    assert sorted(ids(run, "tourism")) == ["a-kazakhs-to-doha", "b-qataris-to-kazakhstan"]  # "tourists"
    assert ids(run, "visited") == ["a-kazakhs-to-doha", "b-qataris-to-kazakhstan"]
    assert ids(run, "visitors") == ["b-qataris-to-kazakhstan"]  # a's "visited" is no visitor


def test_neighbouring_words_near_each_other_tell_the_direction(tmp_path: Path, run: Run,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Both records hold every word, the first in its title (BM25 weighs it most, and its
    id wins a tie); only the second has "Qatari tourists" and "visitors to Kazakhstan"
    together."""
    monkeypatch.setenv("KZQA_FACTS", str(write_facts(tmp_path / "f", _DIRECTIONS)))
    assert ids(run, "how many Qatari tourists visited Kazakhstan in 2023")[0] == "b-qataris-to-kazakhstan"


def test_an_id_prefix_matches(facts: Path, run: Run) -> None:
    assert ids(run, "visitors-20")[:2] == ["visitors-2022", "visitors-2023"]  # then what "visitors" finds
    assert ids(run, "gas-plant")[0] == "gas-plant"


@pytest.mark.parametrize("query", ["the", "on what was it", "how"])
def test_a_query_of_stop_words_alone_finds_nothing(facts: Path, run: Run, query: str) -> None:
    """Not every record that happens to hold "the": nothing found, exit 1."""
    result = run("search", query)
    assert result.exit_code == 1 and "nothing matches" in result.stderr


def test_nothing_found_is_exit_1_and_an_empty_array(facts: Path, run: Run) -> None:
    result = run("search", "zanzibar", "--json")
    assert (result.exit_code, json_out(result)) == (1, [])
    assert run("search", "  ", "--json").exit_code == 2


def test_hits_carry_answer_matched_standing_and_record(facts: Path, run: Run) -> None:
    rows = json_out(run("search", "visitors 2023", "--json"))
    hit = next(r for r in rows if r["id"] == "visitors-2023")
    assert list(hit) == ["score", "kind", "id", "title", "answer", "matched", "standing", "record"]
    assert hit["answer"] == "more than 4,500 people in 2023"
    assert hit["record"]["value"] == 4500
    tsv = run("search", "visitors 2023").stdout.splitlines()
    assert tsv[0].split("\t") == ["score", "kind", "id", "title", "answer", "matched", "standing"]


def test_the_order_is_stable(facts: Path, run: Run) -> None:
    first = run("search", "qatar", "--json").stdout
    assert all(run("search", "qatar", "--json").stdout == first for _ in range(3))
    assert len(json.loads(first)) >= 2


# -- against the bundled records ----------------------------------------------------------

@pytest.fixture(scope="module")
def bundled() -> Store:
    return Store([bundled_facts()], use_cache=False)


def entity_names(store: Store) -> list[tuple[str, str]]:
    return [(e["id"], name) for e in store.kind("entity")
            for name in dict.fromkeys([e["name"], *e.get("aliases", []), *e.get("forms", [])])]


@pytest.mark.bundled
def test_every_entity_name_alias_and_form_brings_its_entity_first(bundled: Store) -> None:
    wrong = [(name, eid, search_rows(bundled, name, limit=1)[0]["id"]) for eid, name in entity_names(bundled)
             if search_rows(bundled, name, limit=1)[0]["id"] != eid]
    assert len(entity_names(bundled)) >= 200
    assert wrong == []


@pytest.mark.bundled
@pytest.mark.parametrize("query,expected", [
    ("Kazakhstanis visited Doha 2022", "kazakh-visitors-to-qatar-2022"),
    ("Nur Astana Mosque", "nur-astana-mosque"),
    ("Tokayev", "tokayev"),
    ("Kazakhstan", "kazakhstan"),
    ("On what day did Tokayev make his state visit to Qatar?", "tokayev-state-visit-qatar-2024"),
    ("How much did Kazakhstan-Qatar trade amount to, according to Ahmad et al.?", "ahmad-trade-volume-56-6-million"),
])
def test_what_writers_type_is_found(bundled: Store, query: str, expected: str) -> None:
    assert expected in [r["id"] for r in search_rows(bundled, query, limit=3)]


def _questions() -> list[dict[str, Any]]:
    import tomli

    out = []
    for path in sorted(QUESTIONS_DIR.glob("*.toml")):
        out += tomli.loads(path.read_text(encoding="utf-8"))["question"]
    return out


@pytest.mark.bundled
def test_writers_questions_asked_in_full_find_their_record(bundled: Store) -> None:
    """Each question as a writer asks it (not its keywords) has its record in the first five."""
    questions = _questions()
    found = [q for q in questions if q["record"] in [r["id"] for r in search_rows(bundled, q["ask"], limit=5)]]
    assert len(found) >= 0.9 * len(questions), len(found)


@pytest.mark.bundled
def test_a_hit_shows_its_date_or_value(bundled: Store) -> None:
    """Where a question's expected answer is a date or a number, the hit's answer shows it."""
    shown = checked = 0
    for q in _questions():
        expect = q["expect"]
        hits = {r["id"]: r for r in search_rows(bundled, q["words"], limit=5)}
        hit = hits.get(q["record"])
        if hit is None or not any(ch.isdigit() for ch in expect):
            continue
        checked += 1
        forms = {expect, show_edtf(expect), expect.replace(",", "")}
        if any(f in hit["answer"] or f in hit["answer"].replace(",", "") for f in forms):
            shown += 1
    assert checked >= 40
    assert shown >= 0.5 * checked, (shown, checked)


def test_a_person_s_answer_gives_the_dates_of_their_roles(tmp_path: Path, run: Run,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """'when did Tamim become emir': the entity's answer says when the role began."""
    facts = dict(_ATTRIBUTED)
    facts["people.toml"] = """
        [[entity]]
        id = "ruler"
        name = "A Ruler"
        type = "person"
        roles = [{ title = "Emir", organisation = "qatar", from = "2013-06-25" },
                 { title = "Heir", organisation = "qatar", from = "2003-08", to = "2013-06-25" }]
        citations = [{ source = "paper", quote = "the ruler", locator = "p 3" }]
    """
    monkeypatch.setenv("KZQA_FACTS", str(write_facts(tmp_path / "f", facts)))
    rows = json_out(run("search", "when did the ruler become emir", "--json"))
    assert rows[0]["id"] == "ruler"
    assert rows[0]["answer"] == "person: Emir (from 25 Jun 2013); Heir (Aug 2003–25 Jun 2013)"
