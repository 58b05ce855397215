"""kzqa check: the engine's stages end to end on the bundled records, the drafts of
shared/cases/check.toml as seeds, the labelled set, the source documents, and the command."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import tomli
from conftest import SOURCES_DIR, Run

from kzqa.checker import check_text
from kzqa.store import Store, bundled_facts

HERE = Path(__file__).resolve().parent
CASES = HERE.parents[1] / "shared" / "cases" / "check.toml"
KEYS = ["path", "line", "column", "end_line", "end_column", "text", "verdict", "expected", "record", "source",
        "cite", "quote", "period", "replacement", "message"]
pytestmark = pytest.mark.bundled


@pytest.fixture(scope="module")
def store() -> Store:
    return Store([bundled_facts()], use_cache=False)


@pytest.fixture
def bundled_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZQA_FACTS", str(bundled_facts()))


def verdict_of(store: Store, text: str, claim: str) -> dict[str, Any]:
    return next(f for f in check_text(text, "draft.md", store) if claim in f["text"])


def contradictions(store: Store, text: str) -> list[dict[str, Any]]:
    """The findings of `text` that are `contradicted`."""
    return [f for f in check_text(text, "draft.md", store) if f["verdict"] == "contradicted"]


def _cases() -> list[dict[str, Any]]:
    return tomli.loads(CASES.read_text(encoding="utf-8"))["case"] if CASES.exists() else []


@pytest.mark.skipif(not CASES.exists(), reason="shared/cases/check.toml is beside the checkout only")
@pytest.mark.parametrize("case", _cases(), ids=[c["id"] for c in _cases()])
def test_the_handed_drafts(store: Store, case: dict[str, Any]) -> None:
    findings = check_text(case["text"], "draft.md", store)
    if case.get("none_contradicted"):
        assert all(f["verdict"] != "contradicted" for f in findings)
    for want in case["expect"]:
        hits = [f for f in findings if want["claim"] in f["text"]]
        if want.get("absent"):
            assert hits == []
            continue
        assert hits, want["claim"]
        assert hits[0]["verdict"] in want["verdicts"], hits[0]
        for key in ("line", "column"):
            if key in want:
                assert hits[0][key] == want[key]


# Each kind the handed drafts stand for, with drafts of our own.
@pytest.mark.parametrize("text,claim,verdict", [
    ("Relations began on 1 July 1993.[^a] The stadium opened in 2013.\n\n[^a]: A note.\n", "2013", "unverifiable"),
    ("*Kazakhstan and Qatar established diplomatic relations in 1993.* A bridge opened in 2015.\n", "2015",
     "unverifiable"),
    ("Intro.[^n]\n\n[^n]: Kazakhstan and Qatar established diplomatic relations on 2 July 1993.\n",
     "2 July 1993", "contradicted"),
    ("| Year | Kazakh visitors to Doha |\n|---|---|\n| 2022 | 25,000 |\n", "25,000", "contradicted"),
    ("| Year | Kazakh visitors to Doha |\n|---|---|\n| 2022 | 15,000 |\n", "15,000", "supported"),
    ("Qatar funded the Nur Astana Mosque with $15 million.\r\n", "15 million", "supported"),
    ("Qatar funded the Nur Astana Mosque with $15,0 million.\n", "15,0 million", "supported"),
    ("Qatar funded the Nur Astana Mosque with $16 million.\n", "16 million", "contradicted"),
    ("Kazakhstan and Turkey established diplomatic relations in 1992.\n", "1992", "unverifiable"),
    ("Tokayev visited Pakistan on 3 February 2026.\n", "3 February 2026", "supported"),
])
def test_each_kind_of_fault(store: Store, text: str, claim: str, verdict: str) -> None:
    assert verdict_of(store, text, claim)["verdict"] == verdict


def test_a_finding_says_why_and_where(store: Store) -> None:
    text = "Intro line.\n\nQatar gave $20 million for the Nur Astana Mosque.\n"
    finding = verdict_of(store, text, "$20 million")
    assert list(finding) == KEYS
    assert finding["verdict"] == "contradicted"
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (3, 12, 3, 23)
    assert finding["record"] == "nur-astana-mosque-qatar-funding"
    assert finding["replacement"] == "$15 million"
    assert "15 million" in finding["quote"] and finding["cite"].startswith("Ahmad et al.")


def test_disable_comments_silence_findings(store: Store) -> None:
    text = ("<!-- kzqa-disable-next-line -->\nQatar gave $20 million for the Nur Astana Mosque.\n\n"
            "Qatar gave $30 million for the Nur Astana Mosque.\n")
    assert [f["text"] for f in check_text(text, "d.md", store)] == ["$30 million"]


# -- measured ---------------------------------------------------------------------------------
def test_labelled_set_dev() -> None:
    """The labelled set's dev part: the issue's targets, >= 90 % of altered claims flagged
    and <= 1 % false contradictions, and no uncovered claim supported."""
    from labelled import score

    result = score("dev")
    assert result["uncovered_supported"] == 0
    assert result["recall"] >= 0.90, result["recall"]
    assert result["false_rate"] <= 0.01, result["false_rate"]


@pytest.mark.parametrize(("name", "floor"), [("fresh", 0.87), ("fresh2", 0.9), ("fresh3", 0.74), ("fresh4", 0.67),
                                             ("fresh5", 0.64), ("fresh6", 0.65), ("fresh7", 0.5),
                                             ("fresh8", 0.64),
                                             ("holdout", 0.9)])
def test_labelled_sets_written_later(name: str, floor: float) -> None:
    """The labelled sets written later and apart (tests/check_labelled/fresh*.toml), and the
    holdout set once it was scored: at most 1 % false contradictions, no uncovered claim
    supported, and recall no lower than reached when they were last worked on (the issue's
    90 % is the aim)."""
    from labelled import score

    result = score(name)
    assert result["uncovered_supported"] == 0
    assert result["recall"] >= floor, result["recall"]
    assert result["false_rate"] <= 0.01, result["false_rate"]


# Each source document, checked as a draft: nothing contradicted, and the records its
# disputed warnings may rest on (each marked disputed for a reason the warning gives).
DISPUTED_IN_SOURCES = {
    "INDEX.md": {"ahmad-qatar-commitment-2024-03-kzt", "ahmad-qatar-investment-package-2024-03",
                 "tamim-visit-kazakhstan-2011"},
    "ahmad-2025.md": {"ahmad-qatar-investment-package-2024-03", "ahmad-qatar-commitment-2024-03-kzt",
                      "ahmad-trade-volume-56-6-million", "kz-qa-economic-accords-2011", "tamim-visit-kazakhstan-2011",
                      "kz-qa-strategic-partnership-level"},
    "al-jaber-interview.txt": {"kz-qa-strategic-partnership-level"},
    "gu-li-mepei.txt": set(),
    "syed-2024.txt": set(),
    "tokayev-pakistan-visit.txt": set(),
}


@pytest.mark.skipif(not SOURCES_DIR.is_dir(), reason="the source documents are beside the checkout only")
@pytest.mark.parametrize("name", sorted(DISPUTED_IN_SOURCES))
def test_a_source_document_contradicts_nothing(store: Store, name: str) -> None:
    text = (SOURCES_DIR / name).read_text(encoding="utf-8")
    findings = check_text(text, name, store, markdown=name.endswith(".md"))
    assert [f for f in findings if f["verdict"] == "contradicted"] == []
    assert {f["record"] for f in findings if f["verdict"] == "disputed"} <= DISPUTED_IN_SOURCES[name]


# -- the command ------------------------------------------------------------------------------
def test_exit_status_and_json(bundled_env: None, run: Run) -> None:
    bad = run("check", "--json", "-", input="Qatar gave $20 million for the Nur Astana Mosque.\n")
    assert bad.exit_code == 1
    assert json.loads(bad.stdout)[0]["verdict"] == "contradicted"
    good = run("check", "--all", "--json", "-", input="Qatar gave $15 million for the Nur Astana Mosque.\n")
    assert good.exit_code == 0 and json.loads(good.stdout)[0]["verdict"] == "supported"


def test_stdin_and_a_clean_result(bundled_env: None, run: Run) -> None:
    result = run("check", "--all", "-", input="Kazakhstan and Qatar established diplomatic relations on 1 July 1993.")
    assert result.exit_code == 0
    assert result.stdout.startswith("<stdin>:1:58: supported: 1 July 1993 — record says 1 Jul 1993")
    quiet = run("check", "-", input="Kazakhstan and Qatar established diplomatic relations on 1 July 1993.")
    assert (quiet.exit_code, quiet.stdout) == (0, "")


@pytest.mark.parametrize(("content", "message"), [
    (b"PK\x03\x04\x00\x00binary", "a binary file, not text"),
    (b"caf\xe9 $15 million", "not UTF-8 text (byte 0xe9 at offset 3)"),
])
def test_unreadable_input_is_a_clear_error(facts: Path, run: Run, tmp_path: Path, content: bytes,
                                           message: str) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)
    result = run("check", str(bad))
    assert result.exit_code == 2
    assert result.stderr == f"kzqa: {bad}: {message}" + (": not checked\n" if "binary" in message
                                                          else ": save it as UTF-8\n")


def test_an_empty_file_is_a_clean_result(facts: Path, run: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    result = run("check", str(empty))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "kzqa: 0 claims\n")


def test_a_folder_with_no_drafts_is_an_error(facts: Path, run: Run, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.pdf").write_bytes(b"%PDF")
    result = run("check", str(tmp_path / "docs"))
    assert result.exit_code == 2
    assert "no Markdown or text files in this folder" in result.stderr


def test_a_huge_file_is_refused(facts: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kzqa.commands.check

    monkeypatch.setattr(kzqa.commands.check, "MAX_BYTES", 1024)
    big = tmp_path / "big.md"
    big.write_text("Qatar gave $15 million. " * 100, encoding="utf-8")
    result = run("check", str(big))
    assert result.exit_code == 2
    assert "larger than" in result.stderr and "not checked" in result.stderr


def test_pre_commit_hook_runs_check_on_markdown() -> None:
    text = (HERE.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: kzqa-check" in text
    assert "entry: kzqa check" in text
    assert "types_or: [markdown, plain-text]" in text




WRONG = "Qatar gave $20 million for the Nur Astana Mosque.\n"
DISPUTED = "Trade between Kazakhstan and Qatar was $56.6 million in 2023.\n"
RIGHT = "Qatar gave $15 million for the Nur Astana Mosque.\n"


def test_folders_and_globs_check_every_draft(bundled_env: None, run: Run, tmp_path: Path) -> None:
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "docs" / "a.md").write_text(WRONG, encoding="utf-8")
    (tmp_path / "docs" / "sub" / "b.txt").write_text(WRONG, encoding="utf-8")
    (tmp_path / "docs" / "c.py").write_text(WRONG, encoding="utf-8")
    by_folder = run("check", str(tmp_path / "docs"))
    assert by_folder.exit_code == 1
    assert [line.split(":")[0] for line in by_folder.stdout.splitlines()] == [
        str(tmp_path / "docs" / "a.md"), str(tmp_path / "docs" / "sub" / "b.txt")]
    by_glob = run("check", str(tmp_path / "docs" / "**" / "*.txt"))
    assert by_glob.stdout.startswith(str(tmp_path / "docs" / "sub" / "b.txt"))
    nothing = run("check", str(tmp_path / "nothing" / "*.md"))
    assert nothing.exit_code == 2 and "no such file, folder or match" in nothing.stderr


def test_stdin_filename_names_the_findings(bundled_env: None, run: Run) -> None:
    result = run("check", "--stdin-filename", "chapter.md", "-", input=WRONG)
    assert result.stdout.startswith("chapter.md:1:12: contradicted: $20 million")


@pytest.mark.parametrize("fail_on,draft,code", [
    ("contradicted", DISPUTED, 0), ("disputed", DISPUTED, 1), ("disputed", RIGHT, 0),
    ("unverifiable", "Qatar built a bridge for $3 million in 2019.\n", 1), ("contradicted", WRONG, 1),
])
def test_fail_on_is_a_threshold(bundled_env: None, run: Run, fail_on: str, draft: str, code: int) -> None:
    assert run("check", "--fail-on", fail_on, "-", input=draft).exit_code == code


def test_bad_option_values_are_usage_errors(bundled_env: None, run: Run) -> None:
    bad = run("check", "--fail-on", "wrong", "-", input=RIGHT)
    assert bad.exit_code == 2 and "contradicted" in bad.stderr
    assert run("check", "--show", "nonsense", "-", input=RIGHT).exit_code == 2
    assert run("check", "--json", "--csv", "-", input=RIGHT).exit_code == 2


def test_quiet_prints_the_summary_alone(bundled_env: None, run: Run) -> None:
    result = run("check", "--quiet", "-", input=WRONG)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "kzqa: 1 claim: 1 contradicted\n"


def test_show_chooses_the_verdicts(bundled_env: None, run: Run) -> None:
    result = run("check", "--show", "supported", "-", input=WRONG + RIGHT)
    assert result.exit_code == 1  # the contradiction still fails, though not shown
    assert [line.split(": ")[1] for line in result.stdout.splitlines()] == ["supported"]


def test_the_format_option_and_its_aliases(bundled_env: None, run: Run) -> None:
    as_json = run("check", "--format", "json", "-", input=WRONG)
    assert json.loads(as_json.stdout) == json.loads(run("check", "--json", "-", input=WRONG).stdout)
    github = run("check", "--format", "github", "-", input=WRONG).stdout
    assert github.startswith("::error file=<stdin>,line=1,col=12,endLine=1,endColumn=23,title=kzqa%3A contradicted::")
    rdjsonl = json.loads(run("check", "--format", "rdjsonl", "-", input=WRONG).stdout.splitlines()[0])
    assert rdjsonl["suggestions"][0]["text"] == "$15 million"


def test_the_config_file_sets_fail_on_show_and_ignore(bundled_env: None, run: Run, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".kzqa.toml").write_text('fail-on = "disputed"\nshow = ["disputed"]\n', encoding="utf-8")
    result = run("check", "-", input=DISPUTED)
    assert result.exit_code == 1 and ": disputed: " in result.stdout
    assert run("check", "--fail-on", "contradicted", "-", input=DISPUTED).exit_code == 0  # the option wins
    (tmp_path / ".kzqa.toml").write_text('ignore = ["nur-astana-mosque-qatar-funding"]\n', encoding="utf-8")
    assert (run("check", "-", input=WRONG).exit_code, run("check", "-", input=WRONG).stdout) == (0, "")


# The second break-it pass's false alarms, each the seed of a kind.
@pytest.mark.parametrize("text,claim", [
    ("Some 15,000 Kazakh tourists visited Qatar in 2022.\n", "15,000"),  # direction of a flow
    ("Kazakhstan has 17 regions.\n", "17"),  # a count of another unit
    ("Kazakhstan is divided into 17 regions and three cities of republican significance.\n", "three"),
    ("Qatar received about 4 million visitors in 2023.\n", "4 million"),  # another scope
    ("Dubai received 17 million overnight visitors in 2023.\n", "17 million"),  # a name no record uses
    ("| Route | Weekly flights |\n|---|---|\n| Dubai–Almaty | 21 |\n", "21"),  # a row about another route
    ("# Kazakhstan–Qatar ties since 1993\n\n| Year | Qatari visitors to Kazakhstan |\n|---|---|\n| 2022 | 553 |\n",
     "2022"),  # a heading's year is no cell's
])
def test_what_the_records_do_not_cover_is_not_contradicted(store: Store, text: str, claim: str) -> None:
    assert verdict_of(store, text, claim)["verdict"] != "contradicted"


def test_a_table_under_a_heading_is_read_with_its_own_headers(store: Store) -> None:
    text = "# Kazakhstan–Qatar ties since 1993\n\n| Year | Qatari visitors to Kazakhstan |\n|---|---|\n| 2022 | 553 |\n"
    assert verdict_of(store, text, "553")["verdict"] == "supported"
    assert verdict_of(store, "Some 15,000 Kazakh tourists visited Qatar in 2022.\n", "15,000")["verdict"] == "supported"


@pytest.mark.parametrize("text,claim,verdict", [
    ("Joint projects worth more than $30 billion are under consideration.\n", "$30 billion", "unverifiable"),
    ("Kazakhstan is among the world's top 5 wheat and flour producers.\n", "top 5", "unverifiable"),
    # "$1 billion" allows 0.5 to 1.5 billion, both ends open: $500 million is outside it
    ("Tokayev proposed lifting bilateral trade to $1 billion.\n", "$1 billion", "contradicted"),
    ("Qatar contributed $15 million¹ toward the Nur Astana Mosque.\n", "$15 million", "supported"),
])
def test_an_open_record_supports_only_what_it_implies(store: Store, text: str, claim: str, verdict: str) -> None:
    assert verdict_of(store, text, claim)["verdict"] == verdict


def test_a_replacement_below_one_keeps_its_digits(store: Store) -> None:
    found = verdict_of(store, "Qatar gave $15 billion toward the Nur Astana Mosque.\n", "$15 billion")
    assert (found["verdict"], found["replacement"]) == ("contradicted", "$0.015 billion")


@pytest.mark.parametrize("text,claim,verdict", [
    # one end of a span: a start or an end said by its preposition or verb
    ("The crisis in which Saudi Arabia, the UAE, Egypt and Bahrain cut ties with Qatar broke out in June 2017.\n",
     "June 2017", "supported"),
    ("The Gulf diplomatic crisis with Qatar persisted until January 2021.\n", "January 2021", "supported"),
    ("The Gulf diplomatic crisis with Qatar lasted until March 2022.\n", "March 2022", "contradicted"),
    ("The Gulf diplomatic crisis with Qatar ran from June 2016 to January 2021.\n", "June 2016", "contradicted"),
    # "since" a state's start: the step that began it
    ("Qatar and Kazakhstan have had diplomatic relations since 1993.\n", "1993", "supported"),
    ("Qatar and Kazakhstan have had diplomatic relations since 1995.\n", "1995", "contradicted"),
    # the same ordinal: the same occurrence of a recurring event
    ("The 6th meeting of the Kazakh-Qatari Joint High-Level Commission took place in Doha in March 2022.\n",
     "March 2022", "contradicted"),
    # an order conferred on a person happens once
    ("The Order of the Golden Eagle was conferred on Emir Tamim in May 2023.\n", "May 2023", "contradicted"),
    # an agreement's date set aside in brackets is its signing
    ("- The Kazakhstan–Qatar military cooperation agreement (June 2023)\n", "June 2023", "contradicted"),
    # a claimed span of days must lie within the record's days
    ("Tokayev's visit to Pakistan took place on 2–4 February 2026.\n", "2–4 February 2026", "contradicted"),
    ("Tokayev's visit to Pakistan took place on 3–4 February 2026.\n", "3–4 February 2026", "supported"),
    # a person without a country field belongs to that of their role's organisation
    ("Ambassador Arman Issagaliyev said joint projects worth about $15 billion were under consideration.\n",
     "$15 billion", "contradicted"),
    # a hedge that opens a sentence names nothing
    ("Nearly 20 regular direct flights a week link Doha and Almaty.\n", "20", "contradicted"),
    # -fold multipliers and a quarter as a period
    ("Kazakhstan–Qatar trade grew ninefold in the first quarter of 2023 over a year earlier.\n", "ninefold",
     "contradicted"),
    ("Kazakhstan–Qatar trade grew 17-fold in Q1 2023.\n", "17-fold", "supported"),
    # a recurring event known by its person and place, whatever the sentence calls it
    ("Kazakh premier Alikhan Smailov had meetings in Doha in May 2023.\n", "May 2023", "supported"),
    # or by its headline when the sentence names no step
    ("Kazakhstan took part as a guest nation in the FIFA World Cup that Qatar hosted in 2022.\n", "2022",
     "supported"),
    # an agreement between two organisations is known by them; a table's header names the step
    ("| Accord | Signed |\n|---|---|\n| Samruk-Kazyna and Power International Holding | 2019 |\n", "2019",
     "contradicted"),
    # a label's year before a colon is the period of the value after it
    ("- Kazakhstanis visiting Doha, 2023: some 14,000\n", "14,000", "contradicted"),
    ("- Kazakhstanis visiting Doha, 2022: 15,000\n", "15,000", "supported"),
    # a day.month.year date; a rift is the crisis; "offered to" is an aim
    ("Tokayev's first state visit to Qatar began on 14.02.2023.\n", "14.02.2023", "contradicted"),
    ("The Gulf diplomatic rift around Qatar lasted from 2017 to 2019.\n", "2017 to 2019", "contradicted"),
    ("Kazakhstan offered to ship 70 non-resource commodity items to Qatar.\n", "70", "contradicted"),
    # an agreement's year before its noun, or alone in a table cell, is its signing
    ("The 2020 agreement on mutual protection of investments guards investors of both countries.\n", "2020",
     "contradicted"),
    ("| Area | Agreement | Year |\n|---|---|---|\n| Defence | Agreement on military cooperation | 2019 |\n",
     "2019", "contradicted"),
    # a figure's title is its name without its bracketed notes
    ("In March 2024 the government of Qatar committed 18.5 billion tenge to development projects in "
     "Kazakhstan.\n", "18.5 billion tenge", "disputed"),
    # each clause's date is its own event's
    ("Kazakhstan opened its embassy in Doha in 2007, and in 2008 the Qatari embassy in Astana began work.\n",
     "2008", "supported"),
    ("Kazakhstan opened its embassy in Doha in 2006, and in 2008 the Qatari embassy in Astana began work.\n",
     "2006", "contradicted"),
    # the year of a heading or of a list's lead-in is the period of the values below it; a
    # column headed "Value" counts what its row says
    ("### Tourism in 2023\n\n| Indicator | Value |\n|---|---|\n| Kazakhstanis visiting Doha | 25,000 |\n",
     "25,000", "contradicted"),
    ("Kazakhstanis visiting Doha in 2022:\n\n- 15,000 in all\n", "15,000", "supported"),
    ("Kazakhstanis visiting Doha in 2023:\n\n- 15,000 in all\n", "15,000", "contradicted"),
    # a date in a table's first column is about what the rest of its row says
    ("| Date | Event |\n|---|---|\n| 5 September 2025 | Pakistan–Kazakhstan Action Plan of Cooperation signed |\n",
     "5 September 2025", "contradicted"),
    # "arrivals from Qatar" say whose the arrivals are; "documents" counts agreements
    ("Arrivals from Qatar rose to about 1,000 in 2023.\n", "1,000", "supported"),
    ("Some 30 documents were signed during the Emir's visit to Kazakhstan in October 2022.\n", "30",
     "contradicted"),
    # "the Emir" is a title, not a name the record must use
    ("Tokayev told the Emir that Kazakhstan was ready to sell Qatar 80 non-resource product categories.\n", "80",
     "contradicted"),
    # a timeline's entry: the date opening it is the one-time event's own
    ("Milestones:\n\n- 2007 – Kazakh embassy in Doha\n- 2010 – Qatari embassy in Astana\n", "2010",
     "contradicted"),
    # a rank by another word for its measure; an export market is a destination
    ("Kazakhstan is the world's eighth-largest country by territory.\n", "eighth-largest", "contradicted"),
    ("Kazakhstan is Pakistan's third-largest export market in Central Asia.\n", "third-largest", "contradicted"),
    # a list of amounts in one sentence: each amount is its own item's
    ("Table 2 lists a Kashagan gas processing plant (USD 2.5 billion), an agro-industrial complex (USD 400 "
     "million), a logistics route (USD 1.2 billion) and an Islamic financial centre (USD 500 million).\n",
     "USD 400 million", "contradicted"),
    # a lead-in's basis before a colon is the basis of what follows it
    ("The visit produced ambitious targets: exports of $250 million and bilateral trade of $800 million.\n",
     "$800 million", "contradicted"),
    # a record of the step said outranks one met only by its people and place: the talks
    # were on 4 February, though the visit spanned the 3rd too
    ("Tokayev and Prime Minister Shehbaz Sharif held talks in Islamabad on 3 February 2026.\n",
     "3 February 2026", "contradicted"),
    # each clause's names are weighed for its own claims
    ("Emir Tamim made a state visit to Kazakhstan in October 2022; Prime Minister Smailov visited Doha in "
     "May 2024, and the sixth Joint High-Level Commission met in Doha in October 2023.\n", "October 2022",
     "supported"),
    ("Emir Tamim made a state visit to Kazakhstan in October 2022; Prime Minister Smailov visited Doha in "
     "May 2024, and the sixth Joint High-Level Commission met in Doha in October 2023.\n", "October 2023",
     "supported"),
    # a verb of a multiple: visitors from Qatar about doubled, not tripled
    ("Qatari visitor numbers to Kazakhstan tripled between 2022 and 2023.\n", "tripled", "contradicted"),
    # a visit went where its places are: Tokayev's visit to Doha is no visit to Kazakhstan
    ("Emir Tamim paid another visit to Kazakhstan in February 2024.\n", "February 2024", "unverifiable"),
    # "Qatari tourists" say whose the figure is; "abroad" widens it to another scope
    ("Qatari tourist numbers roughly doubled in a year, from 553 in 2022 to about 1,000 in 2023.\n", "553",
     "supported"),
    ("Qatari tourists abroad numbered 1,000 in 2023.\n", "1,000", "unverifiable"),
    # an author-year citation names no record
    ("In January–March 2023 turnover was 17 times that of January–March 2022 (Ahmad et al., 2025).\n", "17",
     "supported"),
    # a law's number names the agreement it ratified
    ("Law No. 133-VIII ZRC, ratifying the strategic partnership agreement with Qatar, is dated 30 November "
     "2024.\n", "30 November 2024", "contradicted"),
    # the level trade starts from is what is, not the target
    ("Tokayev wants two-way trade with Qatar at half a billion dollars, up from roughly $56.6 million now.\n",
     "$56.6 million", "disputed"),
    # a name's translation beside the record's own ("Altyn Kyran" (Golden Eagle)); a company form
    ("The Order \"Altyn Kyran\" (Golden Eagle) was conferred on the Emir of Qatar during his State Visit in "
     "October 2023.\n", "October 2023", "contradicted"),
    ("In 2021, Samruk-Kazyna JSC and Power International Holding concluded a Strategic Agreement.\n", "2021",
     "contradicted"),
    # another occurrence of a recurring event ("a visit ... by Nurtleu") does not keep the
    # signing from its record
    ("The Action Plan of Cooperation between Pakistan and Kazakhstan was signed on 9 September 2024 during a "
     "visit to Pakistan by Murat Nurtleu, Dawn reported.\n", "9 September 2024", "contradicted"),
    # two events joined by "and": each date is its own event's
    ("Relations were established on 1993-07-01 and the Qatari embassy in Astana opened in 2008.\n", "1993-07-01",
     "supported"),
    # two dates, two events: a comma and a new predicate between them
    ("Qatar's embassy in Astana commenced operations in 2008, a year or two after Kazakhstan opened its Doha "
     "embassy in 2006.\n", "2006", "contradicted"),
    # who reports it names neither the subject nor whose it is; what follows "said" is the claim
    ("Qatar signed a memorandum to become an SCO dialogue partner in September 2021, Qatar's ambassador to "
     "Kazakhstan, Abdullah bin Hussein Al Jaber, said.\n", "September 2021", "contradicted"),
    ("In print, the paper said Qatar gave $35 million to the Nur Astana Mosque.\n", "$35 million", "contradicted"),
    # "finalised" is signed
    ("The agreement on military cooperation was finalised in Doha in November 2023.\n", "November 2023",
     "contradicted"),
    # a record that lists no country neither agrees nor disagrees with the countries named
    ("The Kazakh–Qatari project agreement for gas processing facilities at the Kashagan oil field was signed "
     "in 2019.\n", "2019", "contradicted"),
    # a percentage of change against a multiple: "doubled" is a rise of 80 % to 120 %
    ("The number of Qatari visitors to Kazakhstan jumped by 300% between 2022 and 2023.\n", "300%",
     "contradicted"),
    ("The number of Qatari visitors to Kazakhstan rose by 100% between 2022 and 2023.\n", "100%", "supported"),
    # a rank with "most" and an adjective; an aim said with "ready to"; goods for items
    ("Among Central Asian states, Kazakhstan is the second most important destination of Pakistan's exports.\n",
     "second most important", "contradicted"),
    ("Kazakhstan stands ready to lift its exports to Qatar to $300 million.\n", "$300 million", "contradicted"),
    ("Kazakhstan plans to export 45 non-resource products to Qatar.\n", "45", "contradicted"),
    ("Kazakhstan aims to raise trade with Qatar to $2 billion.\n", "$2 billion", "contradicted"),
])
def test_claims_meet_the_part_of_a_record_they_are_about(store: Store, text: str, claim: str, verdict: str) -> None:
    assert verdict_of(store, text, claim)["verdict"] == verdict


@pytest.mark.parametrize("text,claim", [
    # another step of a process, not the signing: "applied"
    ("Qatar applied to join the SCO as a dialogue partner in 2020.\n", "2020"),
    # a relationship of another kind since a later year
    ("Kazakhstan and Qatar have had close business ties since 2017.\n", "2017"),
    # another forum than the record's; an occurrence the record does not number
    ("Tokayev spoke at the Qatar Economic Forum in June 2023.\n", "June 2023"),
    ("The Astana International Forum met for the first time in 2022.\n", "2022"),
    # the agreement's signing is not the signing of the law that ratified it
    ("The long-term strategic partnership agreement with Qatar was signed on 29 October 2024.\n",
     "29 October 2024"),
    # a quarter's growth says nothing of the whole year's
    ("Over the whole of 2023, Kazakhstan–Qatar trade grew fivefold.\n", "fivefold"),
    # a word of a many-word step ("began operating") is no step: co-operation, a president
    ("# History of bilateral relations\n\nIn 2022, President Tokayev spoke on co-operation.\n", "2022"),
    # a step of a process is not another happening of the same year ("entered into force")
    ("The strategic partnership agreement with Qatar entered into force in December 2024.\n", "December 2024"),
    # a one-time event of one place is not of another the clause names
    ("Doha's embassy in Astana dates from 2008.\n", "2008"),
    # a rank narrowed by a word the record lacks; a table row of another route
    ("Kazakhstan is the largest landlocked country in the world.\n", "largest"),
    ("| Route | Regular direct flights a week |\n|---|---:|\n| Doha – Almaty | 14 |\n| Doha – Shymkent | 3 |\n",
     "3"),
    # another company's investment is not the governments' pact
    ("Elegancia Healthcare of the State of Qatar will invest USD 100 million in a medical centre in Astana.\n",
     "USD 100 million"),
    # two names of one city are one name; "since" a year is no agreement's signing
    ("Astana got its old name back in 2022 after being Nur-Sultan since 2019.\n", "2019"),
    # "the second half of the 2000s" numbers no visit
    ("Contacts intensified from the second half of the 2000s: Nazarbayev visited Doha in 1998 and 2007.\n",
     "1998"),
    # half a name ("investment" of "investment protection agreement") contradicts no date
    ("News reports in March 2024 said Kazakhstan and Qatar had inked an investment pact.\n", "March 2024"),
    # the size of a change, or a difference, is no level
    ("The number of Kazakhstanis visiting Doha rose by 25,000 to 40,000 in 2023.\n", "25,000"),
    ("The logistics route costs $850 million more than the agro-industrial complex.\n", "$850 million"),
    # a whole year, which the sentence does not name, is not the first quarter
    ("Trade grew 17-fold in the first quarter of 2023 and fivefold over the year as a whole.\n", "fivefold"),
    # a count of another occasion, dated by its own month
    ("During Tokayev's February 2024 visit, five agreements were signed.\n", "five"),
    # a conversion into another currency; an amount parted from another by a comparison or
    # an elliptical clause; another organisation's founding
    ("The March 2024 commitment is KZT 17.6bn, roughly USD 40m at prevailing rates.\n", "KZT 17.6bn"),
    ("Qatar's $15m towards the Nur Astana Mosque looks modest beside the >$20bn of joint projects.\n", "$20bn"),
    ("The Islamic financial centre at the AIFC carries a USD 0.5bn price tag, the Kashagan plant USD 2.5bn.\n",
     "USD 2.5bn"),
    ("The Organisation of Islamic Cooperation, which Kazakhstan later chaired, was founded in 1969.\n", "1969"),
    # another organisation set up by the same two countries
    ("Kazakhstan and Qatar established a joint business council in 2019.\n", "2019"),
    # another order, for another person
    ("Tokayev was awarded the Order of Parasat in 2019.\n", "2019"),
    # another meeting, without an ordinal
    ("A Kazakh-Qatari commission met in Doha in March 2022.\n", "March 2022"),
    # money that has changed hands is no pact's worth, nor another project's funding
    ("By now Qatar has poured $30 billion into Kazakhstan.\n", "$30 billion"),
    ("The new wheat terminal has already received $40 million of Qatari funds.\n", "$40 million"),
    # a rank among other things
    ("Kazakhstan is the largest country in Central Asia by land area.\n", "largest"),
    ("Kazakhstan is among the world's top 3 exporters of flour.\n", "top 3"),
    # the event another is dated against ("a year after", "following") is a clause of its own
    ("The Qatari mission in Kazakhstan's capital opened in 2008, a year after Kazakhstan's mission in Doha.\n",
     "2008"),
    ("Kazakhstan's defence minister Zhaksylykov signed the military agreement in Doha in December 2023, "
     "following the defence ministers' first talks in 2022.\n", "2022"),
    ("Qatar's ambassador presented his credentials in 2009, two years after Kazakhstan's embassy in Doha "
     "opened.\n", "2009"),
    # an aim's words ("goal") make no record of an aim about the same thing
    ("Kazakhstan's stated goal is to double the size of its economy to $450 billion by 2029.\n", "$450 billion"),
    # whose embassy: "Qatar's embassy" is not Kazakhstan's embassy in Doha
    ("DOHA (Reuters) - Qatar's embassy in Kazakhstan opened in 2008.\n", "2008"),
    ("Qatar opened its embassy in 2008.\n", "2008"),
    ("The Qatari embassy in Kazakhstan's capital began work in 2008.\n", "2008"),
    ("Qatar's embassy in Kazakhstan opened in 2007.\n", "2007"),
    # years of relations, and flights a year earlier, count no visitors
    ("In 2023, Kazakhstan and Qatar marked 30 years of relations, and Smailov visited Doha in May.\n", "30"),
    ("There were 14 direct flights a week between Doha and Almaty in early 2024, against 10 a year earlier.\n",
     "10"),
    # a whole answer tells its own event: the question's "first visit" is not "became emir"
    ("**When did Emir Tamim first visit Kazakhstan?** The paper says 2011, but he only became emir in 2013.\n",
     "2013"),
    # an answer that opens short takes its question's basis: money spent meets no plan
    ("**How much has actually been spent on the Kashagan gas processing plant?** Less than USD 1 billion so "
     "far; the USD 2.5 billion in the table is a planned volume.\n", "USD 1 billion"),
    # the gap between two events is no visit's length
    ("Tokayev met Pakistan's prime minister on 4 February 2026, three days after arriving for his visit to "
     "Pakistan.\n", "4 February 2026"),
    # money already invested meets no pact's worth
    ("Qatar has already invested more than $20 billion in Kazakhstan.\n", "$20 billion"),
    # a date after a change is the time of the level it follows
    ("Qatari visitors rose from 553 to about 1,000 in 2023.\n", "553"),
    ("**How many Qatari tourists visited Kazakhstan in 2023?** About 1,000, up from 553 in 2022.\n", "1,000"),
    ("**How many Qatari visitors came to Kazakhstan in 2022?** 553, rising to about 1,000 in 2023.\n", "553"),
    ("**How many Kazakhstanis visited Doha in 2023?** About 40,000, up from 15,000 the year before.\n",
     "15,000"),
    # a total of parts meets no record of one part
    ("Between Doha and Almaty 14 regular flights per week are performed; together with charter flights the "
     "total number reaches 20 flights per week.\n", "20"),
    # the level a change starts from is no item of a list; its demonym is its own clause's
    ("The number of Qatari visitors to Kazakhstan nearly doubled, from 553 in 2022 to roughly a thousand in "
     "2023, while some 40,000 Kazakhstanis went to Doha in 2023.\n", "553"),
    # "from 553 persons in 2022 to approximately 1 thousand": the scale is the second's only
    ("Tourists from Qatar increased two times — from 553 persons in 2022 year to approximately 1 thousand in "
     "2023 year.\n", "553"),
    # an inline bullet list: each item its own
    ("Milestones: • 1 July 1993 – diplomatic relations • 2007 – Kazakh embassy opens in Doha\n", "2007"),
    # a hedged aim ("could raise ... to") may support a target, never contradict it
    ("Kazakhstan could raise its exports to Qatar to $300 million.\n", "$300 million"),
])
def test_other_steps_occurrences_and_things_are_not_contradicted(store: Store, text: str, claim: str) -> None:
    assert verdict_of(store, text, claim)["verdict"] != "contradicted"


@pytest.mark.parametrize(("text", "claim", "expected"), [
    # a wire's dateline names where the story was filed, not what it is about
    ("DOHA (Reuters) – Kazakhstan and Qatar established diplomatic relations on July 1, 1993.\n",
     "July 1, 1993", "supported"),
    ("DOHA, Feb 12 (Reuters) – About 40,000 Kazakhstanis visited Doha in 2023, up from 15,000 in 2022.\n",
     "15,000", "supported"),
    ("ISLAMABAD, Feb. 2 – Kazakhstan and Qatar established diplomatic relations on 1 July 1994.\n",
     "1 July 1994", "contradicted"),
    # "the Gulf state" is a country by description, "on Wednesday" no name
    ("Tokayev proposed lifting bilateral trade with Qatar to $500 million during his first state visit to "
     "the Gulf state.\n", "$500 million", "supported"),
    ("Tokayev said on Wednesday that Kazakhstan proposed lifting bilateral trade with Qatar to $600 "
     "million.\n", "$600 million", "contradicted"),
    ("Kazakhstan could raise its exports to Qatar to $250 million.\n", "$250 million", "supported"),
    ("Qatari visitors to Kazakhstan rose +300% in 2023.\n", "300%", "contradicted"),
    # "together with" between names adds no part to a total
    ("Kazakhstan, together with Qatar, opened 14 regular direct flights a week between Doha and Almaty.\n", "14",
     "supported"),
    ("Kazakh visitors to Doha rose from 15,000 in 2022 to nearly 60,000 the following year.\n", "60,000",
     "contradicted"),
    # a cable's paragraph number and marking name nothing
    ("3. (SBU) Tokayev told the Emir that Qatar would become one of Kazakhstan's top ten investors.\n",
     "top ten", "supported"),
    # a word set apart as a label ("Throwback 🕌") is no name the record must use
    ("Throwback 🕌 Qatar chipped in USD 1.5mn for the Nur Astana Mosque.\n", "USD 1.5mn", "contradicted"),
    ("Where the Qatari money is going (planned) 👇\n• Kashagan GPP: $2.5bn\n• Central Asia–Gulf logistics "
     "route: $2.1bn\n", "$2.1bn", "contradicted"),
    ("The number of Qatari visitors to Kazakhstan nearly doubled to about 1,000 in 2023 from 653 a year "
     "earlier.\n", "653", "contradicted"),
    ("Flashback to Feb 2024 🗓️ when Tokayev pitched $350M of exports to Qatar.\n", "$350M", "contradicted"),
    # a question's ordinal ("his first state visit") tells which occurrence its answer dates
    ("**When did Tokayev make his first state visit to Qatar?** On 14 February 2023.\n", "14 February 2023",
     "contradicted"),
    # an answer is about its question
    ("**When did Kazakhstan and Qatar establish diplomatic relations?** On 1 July 1993.\n", "1 July 1993",
     "supported"),
    ("**How much did Qatar give for the Nur Astana Mosque?** About $25 million.\n", "$25 million",
     "contradicted"),
    ("**What did President Tokayev propose in February 2024?** About $250 million of non-resource exports "
     "to Qatar.\n", "$250 million", "supported"),
    ("Qatar's embassy in Astana opened in 2010, a year after Kazakhstan's embassy in Doha.\n", "2010",
     "contradicted"),
    ("Qatar's embassy in Astana opened in 2008, shortly after Kazakhstan's embassy in Doha.\n", "2008",
     "supported"),
    ("Kazakhstan opened its embassy in Doha in 2009, shortly after Nazarbayev's visit in 2007.\n", "2009",
     "contradicted"),
    ("The military cooperation agreement was signed in December 2022, following talks in Doha.\n",
     "December 2022", "contradicted"),
])
def test_a_clause_dated_against_another_event_is_still_checked(store: Store, text: str, claim: str,
                                                                expected: str) -> None:
    assert verdict_of(store, text, claim)["verdict"] == expected


def test_a_sentence_opening_with_a_supposition_claims_nothing(store: Store) -> None:
    """Its consequence included: "that would be less than $40 million" is no claim."""
    text = ("And if the Qatari government really committed 17.6 billion tenge in March 2024, as one paper says, "
            "that would be less than $40 million, pocket money next to a gas processing plant.\n")
    assert check_text(text, "draft.md", store) == []
    # set phrases that suppose nothing
    found = check_text("If anything, Kazakhstan-Qatar trade grew 17-fold in the first quarter of 2023.\n", "d", store)
    assert [(f["text"], f["verdict"]) for f in found] == [("17-fold", "supported")]
    found = check_text("Unless otherwise stated, Qatar gave $20 million to the Nur Astana Mosque.\n", "d.md", store)
    assert [f["text"] for f in found] == ["$20 million"]  # read (not skipped as a supposition)
    # a supposition inside a sentence leaves the sentence's own claim alone
    found = check_text("Qatar gave $20 million, if the paper is right, to the Nur Astana Mosque.\n", "d.md", store)
    assert [(f["text"], f["verdict"]) for f in found] == [("$20 million", "contradicted")]


@pytest.mark.parametrize("markdown", [True, False])
def test_a_whole_answer_tells_its_own_thing(store: Store, markdown: bool) -> None:
    """The question's "investment has reached" is not the answer's "projects under
    consideration"; nor does the question's "billion" scale the answer's "Twenty billion"."""
    text = ("Q: Is it true that Qatari investment has reached twenty billion dollars?\n"
            "A: No, no. Twenty billion is what the projects under consideration are worth.\n")
    assert [f for f in check_text(text, "draft", store, markdown=markdown) if f["verdict"] == "contradicted"] == []


def test_a_question_claims_nothing(store: Store) -> None:
    findings = check_text("**Did Kazakhstan open its embassy in Doha in 2008?** No, in 2007.\n", "draft.md", store)
    assert [(f["text"], f["verdict"]) for f in findings] == [("2007", "supported")]


def test_a_gap_between_events_is_no_claim(store: Store) -> None:
    findings = check_text("Tokayev arrived in Islamabad three days after the ministry announced his visit to "
                          "Pakistan.\n", "draft.md", store)
    assert findings == []


def test_a_wires_filing_date_is_no_claim(store: Store) -> None:
    findings = check_text("ASTANA, March 5, 2025 (Reuters) – Kazakhstan's lower house voted to ratify the "
                          "military cooperation agreement with Qatar, signed in December 2023.\n", "draft.md", store)
    assert [(f["text"], f["verdict"]) for f in findings] == [("December 2023", "supported")]


def test_a_claim_weighs_a_bounded_stretch_of_a_paragraph_with_no_stop() -> None:
    """A paragraph of thousands of claims with no full stop: each claim's clause is at most
    CLAUSE_REACH characters either side of it, so the work grows with the paragraph's length,
    not with its square (benchmarks/check_speed.py times it)."""
    from kzqa.checker import CLAUSE_REACH, _clauses

    prose = "Kazakhstan opened its embassy in Doha in 2009 and " * 2000
    spans = [(m.start(), m.end()) for m in re.finditer(r"2009", prose)]
    clauses = _clauses(prose, spans)
    assert len(clauses) == 2000
    assert max(len(c) for c in clauses) <= 2 * CLAUSE_REACH + 4
    assert all("2009" in c for c in clauses)


def test_what_a_sentence_denies_gets_no_finding(store: Store) -> None:
    findings = check_text("Kazakhstan's embassy in Doha did not open in 2009 but in 2007.\n", "draft.md", store)
    assert [f["text"] for f in findings] == ["2007"]  # 2009 is denied, not claimed
    assert findings[0]["verdict"] != "contradicted"


def test_a_percentage_of_change_against_a_multiple_says_both(store: Store) -> None:
    found = verdict_of(store, "Qatari visitors to Kazakhstan rose by 300% from 2022 to 2023.\n", "300%")
    assert (found["verdict"], found["replacement"]) == ("contradicted", "100%")
    assert found["expected"].startswith("about 2 times") and "a change of about 100 %" in found["expected"]


@pytest.mark.parametrize("label", ["Deputy Minister of Foreign Affairs", "Q", "Ambassador Al Jaber", "**Minister**"])
def test_a_transcript_s_speaker_label_names_no_subject(store: Store, label: str) -> None:
    """A label with a title or a speaker's role before the colon is who speaks; the
    sentence after it is read as if alone."""
    for year, verdict in (("1993", "supported"), ("1994", "contradicted")):
        text = f"{label}: Diplomatic relations with Qatar were established on 1 July {year}.\n"
        assert verdict_of(store, text, year)["verdict"] == verdict, text


def test_a_label_of_other_words_is_the_sentence_s_subject(store: Store) -> None:
    """'Almaty–Abu Dhabi:' says which flights; they are not the Doha–Almaty flights. A
    label with a title among common words ("President Tokayev's official visit") is what
    its line is about, not who speaks."""
    found = verdict_of(store, "- Almaty–Abu Dhabi: about 7 direct flights a week\n", "7")
    assert found["verdict"] == "unverifiable"
    found = verdict_of(store, "- Tokayev's official visit to Pakistan: 3–5 February 2026\n", "2026")
    assert found["verdict"] == "contradicted"
    found = verdict_of(store, "- President Tokayev's official visit to Pakistan: 3–5 February 2026\n", "2026")
    assert found["verdict"] == "contradicted"


@pytest.mark.parametrize("frame", ["The Ahmad paper says that", "Ahmad et al. write that", "According to Ahmad,",
                                   "Ahmad's article notes that"])
def test_a_source_named_as_who_says_it_names_no_subject(store: Store, frame: str) -> None:
    """A source's author or outlet, said as the one who says it, is no name the record
    must use (the sources' bylines are data: their authors and outlets)."""
    text = f"{frame} Kazakhstan established its embassy in Doha in 2006.\n"
    assert verdict_of(store, text, "2006")["verdict"] == "contradicted", text
    text = f'{frame} in 2011 the "newly enthroned" Emir Tamim made his inaugural visit.\n'
    found = verdict_of(store, text, "2011")
    assert (found["verdict"], found["record"]) == ("disputed", "tamim-visit-kazakhstan-2011"), text


def test_a_byline_in_a_reference_is_a_name_as_any_other(store: Store) -> None:
    """A footnote's reference dates the article, not the visit it is about."""
    text = ("Tokayev made his first state visit to Qatar on 14 February 2024.[^9]\n\n"
            "[^9]: R. Syed, \"Central Asia to reap benefit of Tokayev's visit to Qatar\", *London Post*, "
            "16 February 2024.\n")
    assert verdict_of(store, text, "14 February 2024")["verdict"] == "supported"
    assert verdict_of(store, text, "16 February 2024")["verdict"] != "contradicted"


@pytest.mark.parametrize("lead", ["The Ministry of Tourism and Sports is pleased to report that",
                                  "The Minister of Tourism and Sports informed that",
                                  "Deputy Minister Ermek Kosherbayev stressed that",
                                  "In reply, the Minister of Trade and Integration told the chamber that"])
def test_who_tells_it_before_that_names_no_subject(store: Store, lead: str) -> None:
    text = f"{lead} the number of Qatari visitors to Kazakhstan rose from 553 in 2022 to some 1,500 in 2023.\n"
    assert verdict_of(store, text, "553")["verdict"] == "supported", text
    assert verdict_of(store, text, "1,500")["verdict"] == "contradicted", text


def test_a_teller_who_is_the_subject_still_opens_the_sentence(store: Store) -> None:
    """'Samruk-Kazyna announces that its agreement ...': the teller's first word is read as
    the sentence's, as it would be without the lead."""
    text = ("JSC Sovereign Wealth Fund Samruk-Kazyna announces that its strategic agreement with Power "
            "International Holding of the State of Qatar on cooperation in the energy and gas sector, "
            "concluded in 2023, is proceeding according to plan.\n")
    found = verdict_of(store, text, "2023")
    assert (found["verdict"], found["record"]) == ("contradicted", "ahmad-samruk-kazyna-pih-agreement-2024")


@pytest.mark.parametrize(("year", "verdict"), [("1993", "supported"), ("1994", "contradicted")])
def test_a_clause_whose_subject_is_a_pronoun_is_about_what_came_before(store: Store, year: str,
                                                                      verdict: str) -> None:
    """'they' are the relations of the clause before: their words join the clause's."""
    text = f"It is not true that relations date from 1991; in fact they were established on 1 July {year}.\n"
    findings = check_text(text, "draft.md", store)
    assert verdict_of(store, text, year)["verdict"] == verdict
    assert all(f["verdict"] != "contradicted" for f in findings if f["text"] == "1991")  # denied, not claimed


def test_a_pronoun_clause_borrows_words_not_names(store: Store) -> None:
    """The clause before names Kazakhstan's embassy in Doha; 'it' takes its words, not its
    names, so Qatar's 2008 embassy in Astana is not read as Kazakhstan's."""
    text = "Kazakhstan opened an embassy in Doha in 2007; it was followed by Qatar's embassy in Astana in 2008.\n"
    assert verdict_of(store, text, "2007")["verdict"] == "supported"
    assert verdict_of(store, text, "2008")["verdict"] != "contradicted"


def test_a_crisis_said_as_cutting_ties_is_an_event_its_month_dates(store: Store) -> None:
    """'four states' is a count, but 'cut relations' tells an event: its month is a claim
    of its own, not only the count's period (steps.toml crisis)."""
    text = "June twenty-seventeen: Saudi Arabia, the Emirates, Egypt, Bahrain, four states, cut relations with Doha.\n"
    found = verdict_of(store, text, "June twenty-seventeen")
    assert found["verdict"] != "contradicted" and found["record"] == "gulf-crisis-2017-2021"


@pytest.mark.parametrize("lead", ["2/7 ", "(3/10) ", "12. "])
def test_a_post_number_before_the_first_word_leaves_it_the_first(store: Store, lead: str) -> None:
    """'Back' opens the sentence after a thread's '2/7': it is no proper name the record
    must use."""
    text = f"{lead}Back in the 90s Qatar chipped in $50M for the Nur Astana Mosque.\n"
    assert verdict_of(store, text, "$50M")["verdict"] == "contradicted", text


@pytest.mark.parametrize(("date", "verdict"), [("1 July 1993", "supported"), ("1 July 1994", "contradicted")])
def test_a_label_ending_in_since_makes_its_value_a_start(store: Store, date: str, verdict: str) -> None:
    """'Diplomatic relations since: 1 July 1993' in a key-figures list reads as 'since'."""
    text = f"> **Key figures**\n>\n> - Diplomatic relations since: {date}\n"
    assert verdict_of(store, text, date)["verdict"] == verdict


@pytest.mark.parametrize(("date", "verdict"), [("December 2023", "supported"), ("December 2022", "contradicted")])
def test_a_chronology_entry_s_bold_date_dates_what_follows(store: Store, date: str, verdict: str) -> None:
    text = (f"**{date}.** Defence Minister Ruslan Zhaksylykov travels to Doha, where the Agreement on "
            "Military Cooperation is finalised.\n")
    assert verdict_of(store, text, date)["verdict"] == verdict


def test_that_opens_a_clause_whose_date_is_its_figures_period(store: Store) -> None:
    """'... told the chamber that in the first quarter of 2023 trade was seven times higher
    than in the same period of 2022': the first quarter of 2023 is the multiple's period."""
    text = ("In reply, the Minister of Trade and Integration told the chamber that in the first quarter of 2023 "
            "bilateral trade with Qatar was seven times higher than in the same period of 2022.\n")
    found = verdict_of(store, text, "seven")
    assert (found["verdict"], found["record"]) == ("contradicted", "ahmad-trade-growth-q1-2023")


def test_the_last_item_of_a_list_of_amounts_after_and_is_its_own(store: Store) -> None:
    text = ("The article lists planned projects: Kashagan gas processing plant USD 2.5 billion, agro-industrial "
            "complex USD 350 million, logistic route USD 1.2 billion and Islamic financial center USD 500 million.\n")
    found = verdict_of(store, text, "USD 1.2 billion")
    assert (found["verdict"], found["record"]) == ("supported", "ahmad-table2-logistics-route")
    assert verdict_of(store, text, "USD 500 million")["record"] == "ahmad-table2-islamic-financial-center"


def test_after_between_two_dates_begins_the_other_event_s_clause(store: Store) -> None:
    """'X on 3–4 February 2026 came after Y had signed ... in September 2025': each date is
    its own event's, with or without a comma."""
    text = ("Tokayev's two-day visit on 3–4 February 2026 came after Deputy Prime Minister Murat Nurtleu had signed "
            "an Action Plan of Cooperation in Pakistan in September 2025.\n")
    found = check_text(text, "draft.md", store)
    assert [f["verdict"] for f in found if f["text"] in ("3–4 February 2026", "September 2025")] == [
        "supported", "supported"]


def test_a_clause_naming_no_one_does_not_borrow_the_names_a_contrast_sets_after_it(store: Store) -> None:
    """'553 of them ... while some 14,000 Kazakhstanis flew the other way': the Kazakhstanis
    are the other clause's subject, so 553 is not their figure."""
    text = ("Official figures count 553 of them in 2022 and about 1,000 in 2023, while some 14,000 Kazakhstanis "
            "flew the other way to Doha in 2023.\n")
    assert verdict_of(store, text, "553")["verdict"] != "contradicted"
    assert verdict_of(store, text, "1,000")["verdict"] != "contradicted"
    assert verdict_of(store, text, "14,000")["verdict"] == "contradicted"


def test_an_amount_with_plus_after_it_is_at_least_that(store: Store) -> None:
    text = "Qatar's USD 20bn-plus pipeline of joint projects with Kazakhstan spans energy and agriculture.\n"
    found = verdict_of(store, text, "USD 20bn")
    assert (found["verdict"], found["record"]) == ("supported", "ahmad-joint-projects-over-20-billion")


def test_a_loosely_met_record_that_holds_a_date_does_not_outweigh_the_one_named(store: Store) -> None:
    """The Samruk-Kazyna – Power International Holding agreement (2024), named by both its
    parties, against the military agreement of December 2023, met by 'agreement' alone."""
    text = ("The strategic agreement between Samruk-Kazyna and Power International Holding, signed in 2023, "
            "covers cooperation in the energy and gas sector.\n")
    found = verdict_of(store, text, "2023")
    assert (found["verdict"], found["record"]) == ("contradicted", "ahmad-samruk-kazyna-pih-agreement-2024")
    text = text.replace("2023", "2024")
    assert verdict_of(store, text, "2024")["verdict"] == "supported"


@pytest.mark.parametrize("text", [
    "In 2023, about 40,000 Kazakhstanis visited Doha, up from 15,000 in 2022.\n",
    "In 2023 Qatari visitors numbered about 1,000, versus 553 in 2022.\n",
    "In 2023, about 40,000 Kazakhstanis visited Doha, against 15,000 a year earlier.\n",
    "The 2023 figure of about 40,000 Kazakhstani visitors to Doha compares with 15,000 in 2022.\n",
])
def test_a_clause_s_opening_year_leaves_an_earlier_level_its_own_year(store: Store, text: str) -> None:
    """From an outside false-alarm hunt: the level a later date (or 'a year earlier') dates
    is that year's, not the opening year's."""
    findings = check_text(text, "draft.md", store)
    assert findings and all(f["verdict"] != "contradicted" for f in findings), findings
    assert [f["verdict"] for f in findings if f["text"] == "15,000"] in (["supported"], [])


@pytest.mark.parametrize("text", [
    "1/ Qatar–Kazakhstan in numbers\n\n2/ 553 Qatari visitors in 2022\n\n3/ about 1,000 in 2023\n",
    "4/ 14 direct flights/week Doha–Almaty + charters from 5 cities.\n",
    "Episode 5: The Emir's October 2022 state visit produced about a dozen agreements.\n",
])
def test_a_post_or_episode_number_is_no_count(store: Store, text: str) -> None:
    findings = check_text(text, "draft.md", store)
    assert not [f for f in findings if f["verdict"] == "contradicted"], findings
    assert not [f for f in findings if f["text"] in ("1", "2", "3", "4", "5") and "/" not in f["text"]
                and f["verdict"] != "supported"]


def test_a_date_in_the_teller_s_lead_dates_the_telling(store: Store) -> None:
    text = "In 2025 the paper recalled that relations were established on 1 July 1993.\n"
    findings = check_text(text, "draft.md", store)
    assert [(f["text"], f["verdict"]) for f in findings] == [("1 July 1993", "supported")]


def test_an_anniversary_of_another_ordinal_is_not_the_record_s(store: Store) -> None:
    text = "Kazakhstan and Qatar marked the 25th anniversary of diplomatic ties in 2018.\n"
    assert verdict_of(store, text, "2018")["verdict"] != "contradicted"
    text = "Kazakhstan and Qatar marked the 30th anniversary of diplomatic ties in 2022.\n"
    assert verdict_of(store, text, "2022")["verdict"] == "contradicted"


@pytest.mark.parametrize("text", [
    "In 2023 some 25,000 more Kazakhstanis visited Doha than in 2022.\n",  # a difference
    "The $2.5 billion Kashagan plant alone is five times the $500 million trade target.\n",  # a ratio
    "The $20 billion in projects under consideration is forty times the $500 million trade target.\n",
    "Table 2's four projects add up to USD 4.55 billion in planned investment.\n",  # a sum
    "In 2023 the gap between Kazakh visitors to Qatar (about 40,000) and Qatari visitors to Kazakhstan "
    "(about 1,000) was roughly 39,000.\n",  # a difference
    "1/ Qatar–Kazakhstan in numbers\n2/ 553 Qatari visitors in 2022\n3/ about 1,000 in 2023\n",  # one paragraph
])
def test_what_the_writer_works_out_is_no_false_alarm(store: Store, text: str) -> None:
    """Differences, ratios and sums of the records' figures, and a thread's post numbers
    run together, from an outside false-alarm hunt: none is contradicted."""
    assert contradictions(store, text) == []


@pytest.mark.parametrize("text", [
    'Claim: "Qatar gave $25 million for the Nur Astana Mosque." Verdict: False. The figure is $15 million.\n',
    "Some websites claim that Qatar gave $25 million for the mosque; the paper actually gives $15 million.\n",
    "Reports of 20 weekly flights between Doha and Almaty are exaggerated.\n",
    "A viral post says Kazakhstan opened its embassy in Doha in 2009. It actually opened in 2007.\n",
    "Several outlets misreported the trade target as $5 billion; Tokayev proposed $500 million.\n",
    "Myth: Tokayev's first state visit to Qatar was in 2023. Fact: it was on 14 February 2024.\n",
])
def test_a_claim_reported_in_order_to_refute_it_is_not_the_writer_s(store: Store, text: str) -> None:
    assert contradictions(store, text) == []


def test_the_correction_itself_is_still_checked(store: Store) -> None:
    text = 'Claim: "Qatar gave $25 million for the Nur Astana Mosque." False: Qatar gave $12 million for it.\n'
    assert "$12 million" in [f["text"] for f in check_text(text, "draft.md", store)]
    text = "It is not true that Tokayev proposed $1 billion of trade; in fact he proposed a target of $750 million.\n"
    assert "$750 million" in [f["text"] for f in check_text(text, "draft.md", store)]


@pytest.mark.parametrize("text", [
    "Kazakhstan is the ninth-largest country in the world and the largest economy in Central Asia.\n",
    "Kazakhstan, the world's ninth-largest country, is Pakistan's top export destination in Central Asia.\n",
    "Kazakhstan is Central Asia's largest economy and the world's ninth-largest country by area.\n",
])
def test_two_ranks_in_one_sentence_are_each_of_their_own_noun(store: Store, text: str) -> None:
    found = verdict_of(store, text, "ninth-largest")
    assert (found["verdict"], found["record"]) == ("supported", "kz-territory-world-rank")
    assert contradictions(store, text) == []
