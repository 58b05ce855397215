"""CI formats of check findings: GitHub workflow commands, the step summary, reviewdog rdjsonl."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import Run

from kzqa.checker.report import (
    escape_data,
    escape_property,
    github_command,
    github_commands,
    rdjson_diagnostic,
    rdjsonl,
    step_summary,
)

# "Ақмола" is six Cyrillic letters, two UTF-8 bytes each: the claim starts at code point 20
# and byte 26, and ends (exclusive) at code point 31 and byte 37.
DRAFT = "# Brief\n\nАқмола: Qatar gave $25 million.\r\nNext line: 2011.\n"
MESSAGE = "$25 million — record says USD 15 million: 60% less, per Syed, 2024\nsecond line"


def finding(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "path": "docs/a, b:c.md", "line": 3, "column": 20, "end_line": 3, "end_column": 31,
        "text": "$25 million", "verdict": "contradicted", "message": MESSAGE,
        "expected": "USD 15 million", "record": "mosque-funding", "source": "syed-2024",
        "cite": "Syed 2024, para 3", "quote": "$15 million toward the mosque", "period": None,
        "replacement": "$15 million",
    }
    base.update(changes)
    return base


def unescape(text: str) -> str:
    """What GitHub's runner decodes (its documented escapes, undone in one pass)."""
    return re.sub("%(25|0D|0A|3A|2C)", lambda m: {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}[m[1]],
                  text)


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Split `::name k=v,k=v::data` the way the runner does: at the first `::` after the
    properties, then properties at `,` and `=`."""
    match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert match, line
    props = dict(pair.split("=", 1) for pair in match[2].split(","))
    return match[1], {k: unescape(v) for k, v in props.items()}, unescape(match[3])


def test_escapes_follow_the_workflow_command_rules() -> None:
    assert escape_data("50% a:b, c\r\nd") == "50%25 a:b, c%0D%0Ad"
    assert escape_property("50% a:b, c\r\nd") == "50%25 a%3Ab%2C c%0D%0Ad"
    assert escape_data("%0A") == "%250A"  # a literal escape in the text is not decoded later


def test_a_contradiction_is_an_error_annotation_with_its_range() -> None:
    line = github_command(finding())
    assert line.startswith("::error file=docs/a%2C b%3Ac.md,line=3,col=20,endLine=3,endColumn=31,")
    assert "\n" not in line and "\r" not in line
    name, props, message = parse_command(line)
    assert name == "error"
    assert props == {"file": "docs/a, b:c.md", "line": "3", "col": "20", "endLine": "3", "endColumn": "31",
                     "title": "kzqa: contradicted"}
    assert message == MESSAGE  # the runner gives back the message exactly, `%`, `:`, `,` and all


def test_disputed_is_a_warning_and_each_finding_is_one_line() -> None:
    text = github_commands([finding(), finding(verdict="disputed", line=4, column=13, end_line=4, end_column=17)])
    lines = text.splitlines()
    assert [parse_command(x)[0] for x in lines] == ["error", "warning"]
    assert parse_command(lines[1])[1]["line"] == "4"
    assert github_commands([]) == ""


def test_step_summary_lists_every_finding_past_githubs_ten() -> None:
    many = [finding(line=n, text=f"claim | {n}") for n in range(1, 13)]
    summary = step_summary(many)
    rows = [x for x in summary.splitlines() if x.startswith("| docs/")]
    assert len(rows) == 12
    assert "12 findings: 12 contradicted" in summary
    assert rows[0] == (r"| docs/a, b:c.md:1:20 | contradicted | claim \| 1 | USD 15 million | mosque-funding | "
                       "Syed 2024, para 3 |")
    assert "No claims" in step_summary([])


def test_rdjsonl_counts_columns_in_utf8_bytes_with_an_exclusive_end() -> None:
    diagnostic = rdjson_diagnostic(finding(), DRAFT)
    rng = {"start": {"line": 3, "column": 26}, "end": {"line": 3, "column": 37}}
    assert diagnostic["location"] == {"path": "docs/a, b:c.md", "range": rng}
    start, end = rng["start"]["column"], rng["end"]["column"]
    assert DRAFT.splitlines()[2].encode()[start - 1:end - 1].decode() == "$25 million"
    assert diagnostic["severity"] == "ERROR"
    assert diagnostic["suggestions"] == [{"range": rng, "text": "$15 million"}]
    assert diagnostic["message"] == MESSAGE
    assert diagnostic["source"] == {"name": "kzqa"}


def test_rdjsonl_is_one_json_object_a_line_and_only_contradictions_suggest() -> None:
    disputed = finding(verdict="disputed", line=4, column=13, end_line=4, end_column=17, replacement=None)
    out = rdjsonl([finding(), disputed], {"docs/a, b:c.md": DRAFT})
    lines = out.splitlines()
    assert len(lines) == 2 and out.endswith("\n")
    first, second = (json.loads(x) for x in lines)
    assert first["location"]["range"]["start"]["column"] == 26
    assert second["severity"] == "WARNING" and "suggestions" not in second
    assert second["location"]["range"] == {"start": {"line": 4, "column": 13}, "end": {"line": 4, "column": 17}}
    assert "$25 million — record says" in out  # UTF-8 text, not \\u escapes


# -- through `kzqa check` (the check command writes these formats; skipped until it does) ----
CHECK_HELP = subprocess.run([sys.executable, "-m", "kzqa", "check", "--help"], capture_output=True, text=True).stdout
needs_formats = pytest.mark.skipif(not ("--format" in CHECK_HELP and "rdjsonl" in CHECK_HELP),
                                   reason="kzqa check has no --format github|rdjsonl yet (issues 11 and 14)")
WRONG = "Ақмола: relations between Kazakhstan and Qatar were established on 1 July 1994.\n"


@needs_formats
def test_check_format_github_writes_annotations_and_the_step_summary(
        run: Run, facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(WRONG, encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run("check", "--format", "github", str(draft))
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    name, props, message = parse_command(line)
    assert (name, props["file"], props["line"]) == ("error", str(draft), "1")
    assert WRONG[int(props["col"]) - 1:int(props["endColumn"]) - 1] == "1 July 1994"
    assert "1 Jul 1993" in message
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n")  # appended, as GitHub expects of each step
    assert f"| {draft}:1:{props['col']} | contradicted | 1 July 1994 |" in written


@needs_formats
def test_check_format_rdjsonl_writes_byte_columns(run: Run, facts: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(WRONG, encoding="utf-8")
    result = run("check", "--format", "rdjsonl", str(draft))
    assert result.exit_code == 1
    [diagnostic] = [json.loads(x) for x in result.stdout.splitlines()]
    rng = diagnostic["location"]["range"]
    assert diagnostic["severity"] == "ERROR" and diagnostic["location"]["path"] == str(draft)
    data = WRONG.encode()
    assert data[rng["start"]["column"] - 1:rng["end"]["column"] - 1] == b"1 July 1994"
