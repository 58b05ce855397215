"""kzqa check: verdicts, output formats and exit codes, and the accuracy on a labelled set."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import tomli
from conftest import SMALL_FACTS, SOURCES_DIR, Run, json_out, write_facts

from kzqa import cli
from kzqa.checker import check_text
from kzqa.store import Records, bundled_facts

HERE = Path(__file__).resolve().parent
KEYS = {"path", "line", "column", "text", "verdict", "expected", "record", "source", "quote", "message"}


@pytest.fixture(autouse=True)
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Until cli.py lists `check` itself (then this does nothing)."""
    monkeypatch.setitem(cli.COMMANDS, "check", cli.COMMANDS.get("check", ("kzqa.check_cli", "check")))


def small_records(tmp_path: Path, extra: dict[str, str] | None = None) -> Records:
    return Records([write_facts(tmp_path / "small", {**SMALL_FACTS, **(extra or {})})], use_cache=False)


def verdicts(text: str, records: Records) -> list[tuple[str, str, str | None]]:
    return [(f["text"], f["verdict"], f["record"]) for f in check_text(text, "draft.md", records)]


# -- the engine on a small fact set ---------------------------------------------------------
def test_supported_contradicted_and_unverifiable(tmp_path: Path) -> None:
    records = small_records(tmp_path)
    assert verdicts("Kazakhstan and Qatar established diplomatic relations on 1 July 1993.", records) == [
        ("1 July 1993", "supported", "relations-established")]
    assert verdicts("Kazakhstan and Qatar established diplomatic relations on 1 July 1994.", records) == [
        ("1 July 1994", "contradicted", "relations-established")]
    assert verdicts("Kazakhstan's population is about 20 million people.", records) == [
        ("20 million people", "unverifiable", None)]


def test_the_record_qualifier_sets_what_it_accepts(tmp_path: Path) -> None:
    records = small_records(tmp_path)
    plant = "The gas processing plant would cost {}."
    assert verdicts(plant.format("about USD 2.4 billion"), records)[0][1] == "supported"  # about 2.5bn
    assert verdicts(plant.format("$2.6bn"), records)[0][1] == "supported"
    assert verdicts(plant.format("$4bn"), records)[0][1] == "contradicted"
    more = "More than {} visitors came from Qatar in 2023."
    assert verdicts(more.format("4,500"), records)[0][1] == "supported"
    assert verdicts(more.format("9,000"), records)[0][1] == "contradicted"


def test_a_contradiction_shows_the_record_value_and_quote(tmp_path: Path) -> None:
    [finding] = check_text("Some 9,000 visitors came from Qatar in 2022, officials said.", "d.md",
                           small_records(tmp_path))[:1]
    assert finding == {
        "path": "d.md", "line": 1, "column": 6, "text": "9,000 visitors", "verdict": "contradicted",
        "expected": "3,000 people (2022)", "record": "visitors-2022", "source": "doc-a",
        "quote": "3,000 visitors",
        "message": "9,000 visitors — record says 3,000 people (2022)  [visitors-2022] (Writer 2024)",
    }


def test_a_date_is_checked_against_the_milestone_it_names(tmp_path: Path) -> None:
    records = small_records(tmp_path)
    assert verdicts("The military cooperation agreement was signed on 12 October 2022.", records) == [
        ("12 October 2022", "supported", "military-agreement")]
    [(_, verdict, _)] = verdicts("The military cooperation agreement was signed in March 2021.", records)
    assert verdict == "contradicted"


def test_another_country_is_not_the_records_subject(tmp_path: Path) -> None:
    records = small_records(tmp_path)
    assert verdicts("Kazakhstan and Uzbekistan established diplomatic relations on 1 July 1994.", records) \
        == [("1 July 1994", "unverifiable", None)]


DISPUTED = {"more.toml": """
    [[event]]
    id = "emir-visit-2011"
    title = "Inaugural visit of the newly enthroned Emir Tamim to Kazakhstan"
    date = "2011"
    type = "visit"
    countries = ["kazakhstan", "qatar"]
    disputed = "Tamim became Emir only in June 2013."
    citations = [
      { source = "doc-a", quote = "the inaugural visit of the newly enthroned Emir Tamim in 2011", locator = "p 2" },
    ]
"""}


def test_a_disputed_best_match_is_disputed_with_its_reason(tmp_path: Path) -> None:
    records = small_records(tmp_path, DISPUTED)
    for year in ("2011", "2012"):
        [finding] = check_text(f"The newly enthroned Emir Tamim made an inaugural visit to Kazakhstan in {year}.",
                               "d.md", records)
        assert (finding["verdict"], finding["record"]) == ("disputed", "emir-visit-2011")
        assert "Tamim became Emir only in June 2013" in finding["message"]


def test_code_and_links_are_not_checked_and_positions_are_of_the_original(tmp_path: Path) -> None:
    text = ("# Draft\n\n```\nRelations began on 1 July 1994.\n```\n\n"
            "See [the 1994 report](https://x.org/1994). Kazakhstan and Qatar established "
            "diplomatic relations on 1 July 1994.\n")
    findings = check_text(text, "d.md", small_records(tmp_path))
    assert [(f["line"], f["column"], f["text"], f["verdict"]) for f in findings] == [
        (7, 10, "1994", "unverifiable"), (7, 101, "1 July 1994", "contradicted")]


def test_a_clean_draft_and_an_empty_one_have_no_findings(tmp_path: Path) -> None:
    records = small_records(tmp_path)
    assert check_text("", "d.md", records) == []
    assert check_text("No numbers here, only words.\n", "d.md", records) == []


# -- the command ------------------------------------------------------------------------------
DRAFT = ("Kazakhstan and Qatar established diplomatic relations on 1 July 1993.\n\n"
         "Some 9,000 visitors came from Qatar in 2022.\n\nKazakhstan's population is 20 million people.\n")


def test_linter_lines_show_contradictions_by_default(facts: Path, run: Run, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run("check", str(draft))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{draft}:3:6: contradicted: 9,000 visitors — record says 3,000 people (2022) [visitors-2022] (Writer 2024)"]
    assert "4 claims: 1 contradicted, 1 unverifiable, 2 supported" in result.stderr


def test_all_shows_every_verdict(facts: Path, run: Run, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    lines = run("check", "--all", str(draft)).stdout.splitlines()
    assert [line.split(": ")[1] for line in lines] == ["supported", "contradicted", "supported", "unverifiable"]


def test_json_findings_have_the_documented_keys(facts: Path, run: Run, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run("check", "--all", "--json", str(draft))
    findings = json_out(result)
    assert result.exit_code == 1
    assert [set(f) for f in findings] == [KEYS] * 4
    assert [(f["line"], f["verdict"], f["expected"]) for f in findings] == [
        (1, "supported", "1 Jul 1993"), (3, "contradicted", "3,000 people (2022)"), (3, "supported", "2022"),
        (5, "unverifiable", None)]


@pytest.mark.parametrize("flag", ["--csv", "--md", "--table", "--tsv", "--nl"])
def test_other_formats_go_through_the_output_layer(facts: Path, run: Run, tmp_path: Path, flag: str) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run("check", flag, str(draft))
    assert result.exit_code == 1
    assert "visitors-2022" in result.stdout and "3,000 people (2022)" in result.stdout
    assert not result.stdout.startswith(f"{draft}:")


def test_stdin_and_a_clean_result(facts: Path, run: Run) -> None:
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


def test_missing_files_and_folders_are_errors_but_the_rest_is_checked(facts: Path, run: Run,
                                                                     tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run("check", str(tmp_path / "nope.md"), str(tmp_path), str(draft))
    assert result.exit_code == 2
    assert f"kzqa: {tmp_path / 'nope.md'}: no such file\n" in result.stderr
    assert f"kzqa: {tmp_path}: is a folder, not a file\n" in result.stderr
    assert "contradicted: 9,000 visitors" in result.stdout


def test_an_empty_file_is_a_clean_result(facts: Path, run: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    result = run("check", str(empty))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_a_huge_file_is_refused(facts: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kzqa.check_cli

    monkeypatch.setattr(kzqa.check_cli, "MAX_BYTES", 1024)
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


# -- measured on the bundled records ----------------------------------------------------------
def _sentence_verdict(findings: list[dict[str, Any]]) -> str:
    found = {f["verdict"] for f in findings}
    return next((v for v in ("contradicted", "disputed", "supported", "unverifiable") if v in found), "none")


@pytest.mark.bundled
def test_labelled_set(capsys: pytest.CaptureFixture[str]) -> None:
    records = Records([bundled_facts()], use_cache=False)
    items = tomli.loads((HERE / "check_labelled.toml").read_text(encoding="utf-8"))["item"]
    missing = sorted({i["record"] for i in items if "record" in i} - set(records.ids()))
    assert not missing, f"labelled items name records that no longer exist: {missing}"
    assert len(items) >= 60
    matrix: dict[str, dict[str, int]] = {}
    for item in items:
        verdict = _sentence_verdict(check_text(item["sentence"], "labelled", records))
        row = matrix.setdefault(item["label"], {})
        row[verdict] = row.get(verdict, 0) + 1
    with capsys.disabled():
        columns = ("contradicted", "disputed", "supported", "unverifiable", "none")
        sys.stdout.write("\nlabelled set: rows are labels, columns the checker's verdicts\n")
        sys.stdout.write(f"{'':10}" + "".join(f"{c:>14}" for c in columns) + "\n")
        for label in ("true", "changed", "uncovered"):
            sys.stdout.write(f"{label:10}" + "".join(f"{matrix.get(label, {}).get(c, 0):>14}"
                                                     for c in columns) + "\n")

    def share(label: str, verdict: str) -> float:
        row = matrix[label]
        return row.get(verdict, 0) / sum(row.values())

    assert share("changed", "contradicted") >= 0.90
    clean = matrix["true"].get("contradicted", 0) + matrix["uncovered"].get("contradicted", 0)
    assert clean / (sum(matrix["true"].values()) + sum(matrix["uncovered"].values())) <= 0.05
    assert matrix["uncovered"].get("supported", 0) == 0


@pytest.mark.bundled
@pytest.mark.skipif(not SOURCES_DIR.is_dir(), reason="../shared/sources (the source texts) is not here")
@pytest.mark.parametrize("name", sorted(p.name for p in SOURCES_DIR.glob("*") if p.name != "INDEX.md")
                         if SOURCES_DIR.is_dir() else [])
def test_a_source_document_checked_as_a_draft_contradicts_nothing(name: str) -> None:
    records = Records([bundled_facts()], use_cache=False)
    findings = check_text((SOURCES_DIR / name).read_text(encoding="utf-8"), name, records)
    assert [f["message"] for f in findings if f["verdict"] == "contradicted"] == []
    assert sum(f["verdict"] == "supported" for f in findings) >= 1
    disputed = {f["record"] for f in findings if f["verdict"] == "disputed"}
    assert all((records.get(rid) or {}).get("disputed") for rid in disputed)

