"""Findings as CI reads them: GitHub Actions workflow commands, a step-summary table, and
reviewdog's rdjsonl lines.

Pure functions from findings (the dicts `kzqa.checker.check_text` returns) to text; the
check command prints what they return and writes the summary to `$GITHUB_STEP_SUMMARY`.
Each finding has `path`, `line`, `column`, `end_line`, `end_column` (1-based, in code
points, the end exclusive), `text`, `verdict`, `message`, `record`, `expected`, `cite` and
`replacement` (None unless the verdict is contradicted).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

Finding = Mapping[str, Any]

# GitHub shows contradicted claims as errors and disputed ones as warnings, as the editor
# does; unverifiable and supported claims are notices when a caller passes them at all.
GITHUB_COMMANDS = {"contradicted": "error", "disputed": "warning"}
RDJSON_SEVERITY = {"contradicted": "ERROR", "disputed": "WARNING"}
SOURCE = {"name": "kzqa"}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # where a draft's lines end, as the engine counts them


# -- GitHub Actions ------------------------------------------------------------------------
def escape_data(text: str) -> str:
    """A workflow command's message, escaped: `%` → `%25`, CR → `%0D`, LF → `%0A`.

    Rule: GitHub's "Workflow commands for GitHub Actions" (the runner decodes these), as
    `escapeData` in actions/toolkit packages/core/src/command.ts.
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value, escaped as data and also `:` → `%3A`, `,` → `%2C`
    (they separate the command and its properties). Rule: as `escapeProperty` in
    actions/toolkit packages/core/src/command.ts."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(finding: Finding) -> str:
    """One finding as `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

    `error` for contradicted, `warning` for disputed, `notice` for the other verdicts.
    Lines and columns are 1-based as kzqa counts them (columns in code points; GitHub's
    documentation gives no unit); `endColumn` is exclusive, as in the finding.
    """
    command = GITHUB_COMMANDS.get(str(finding["verdict"]), "notice")
    props = [("file", str(finding["path"])), ("line", str(finding["line"])), ("col", str(finding["column"]))]
    if finding.get("end_line") is not None:
        props.append(("endLine", str(finding["end_line"])))
    if finding.get("end_column") is not None:
        props.append(("endColumn", str(finding["end_column"])))
    props.append(("title", f"kzqa: {finding['verdict']}"))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{command} {joined}::{escape_data(str(finding['message']))}"


def github_commands(findings: Iterable[Finding]) -> str:
    """Every finding as a workflow command, one a line (empty text for no findings)."""
    return "".join(github_command(f) + "\n" for f in findings)


def _cell(value: Any) -> str:
    """A Markdown table cell: one line, `|` and `\\` escaped, empty for None."""
    text = "" if value is None else " ".join(str(value).split())
    return text.replace("\\", "\\\\").replace("|", "\\|")


def step_summary(findings: Iterable[Finding]) -> str:
    """The full list of findings as Markdown for `$GITHUB_STEP_SUMMARY`.

    GitHub shows at most ten annotations of each kind per step, so the summary carries
    them all: a heading with the counts, then a table of where, verdict, claim, what the
    record says, the record and the citation. No findings give a one-line note.
    """
    rows = list(findings)
    counts: dict[str, int] = {}
    for f in rows:
        counts[str(f["verdict"])] = counts.get(str(f["verdict"]), 0) + 1
    head = "### kzqa check\n\n"
    if not rows:
        return head + "No claims to report.\n"
    tally = ", ".join(f"{n} {verdict}" for verdict, n in counts.items())
    lines = [head + f"{len(rows)} finding{'s' if len(rows) != 1 else ''}: {tally}\n",
             "| where | verdict | claim | record says | record | citation |",
             "|---|---|---|---|---|---|"]
    for f in rows:
        where = f"{f['path']}:{f['line']}:{f['column']}"
        lines.append("| " + " | ".join(_cell(v) for v in (
            where, f["verdict"], f["text"], f.get("expected"), f.get("record"), f.get("cite"))) + " |")
    return "\n".join(lines) + "\n"


# -- reviewdog -----------------------------------------------------------------------------
def _byte_column(lines: list[str], line: int, column: int) -> int:
    """A 1-based code-point column turned into a 1-based UTF-8 byte column on that line."""
    if 1 <= line <= len(lines):
        return len(lines[line - 1][: column - 1].encode("utf-8")) + 1
    return column  # a position past the text: nothing to count, keep the number as given


def rdjson_diagnostic(finding: Finding, text: str | None) -> dict[str, Any]:
    """One finding as a reviewdog Diagnostic (the rdjsonl line before JSON encoding).

    Positions are 1-based, columns in UTF-8 bytes and the end exclusive, as reviewdog's
    `proto/rdf/reviewdog.proto` specifies; they are counted on `text`, the draft the
    finding came from (None: columns are left in code points, right for ASCII lines).
    A contradicted finding with a `replacement` carries it as a suggestion on the claim's
    range.
    """
    lines = _LINE_BREAK.split(text) if text is not None else []

    def position(line: int, column: int) -> dict[str, int]:
        return {"line": line, "column": _byte_column(lines, line, column) if lines else column}

    rng: dict[str, Any] = {"start": position(int(finding["line"]), int(finding["column"]))}
    if finding.get("end_line") is not None and finding.get("end_column") is not None:
        rng["end"] = position(int(finding["end_line"]), int(finding["end_column"]))
    diagnostic: dict[str, Any] = {
        "message": str(finding["message"]),
        "location": {"path": str(finding["path"]), "range": rng},
        "severity": RDJSON_SEVERITY.get(str(finding["verdict"]), "INFO"),
        "source": SOURCE,
        "code": {"value": str(finding["verdict"])},
    }
    if finding.get("replacement") and "end" in rng:
        diagnostic["suggestions"] = [{"range": rng, "text": str(finding["replacement"])}]
    return diagnostic


def rdjsonl(findings: Iterable[Finding], texts: Mapping[str, str]) -> str:
    """Every finding as one line of reviewdog's rdjsonl (JSON Lines of Diagnostic).

    `texts` maps each finding's `path` to the draft's text, to count byte columns. Run as
    `kzqa check --format rdjsonl … | reviewdog -f=rdjsonl -reporter=github-pr-review`.
    """
    return "".join(json.dumps(rdjson_diagnostic(f, texts.get(str(f["path"]))), ensure_ascii=False) + "\n"
                   for f in findings)
