"""kzqa check: fact-check drafts against the records, like a prose linter.

The wiring only: which files, which verdicts are shown and which fail, and the output
format. The engine is kzqa.checker. The piped line output imports neither pydantic nor Rich.
"""


import codecs
import glob
import os
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from kzqa.commands import Fmt, choose, complete_values, fail, finish, open_records, output_options

VERDICTS = ("contradicted", "disputed", "unverifiable", "supported")  # worst first
SHOWN_BY_DEFAULT = ("contradicted", "disputed")
DRAFT_SUFFIXES = (".md", ".markdown", ".mdown", ".txt", ".text")
PLAIN_SUFFIXES = (".txt", ".text")
MAX_BYTES = 20 * 1024 * 1024  # far beyond any draft; a bigger file is surely not one
FORMATS = {
    "lines": "path:line:column: verdict: message, one finding a line (the default when piped)",
    "github": "GitHub Actions workflow commands (annotations), and a summary table in $GITHUB_STEP_SUMMARY",
    "rdjsonl": "reviewdog's rdjsonl diagnostics, with the quick fix as a suggestion",
    "tsv": "the findings' keys as tab-separated columns (only when asked for: piped, check writes lines)",
}


class InputError(Exception):
    """A file that cannot be checked: missing, binary, not UTF-8, too large."""


def read_text(name: str) -> str:
    """The text of a draft (`-` is standard input); InputError says why it cannot be read."""
    try:
        if name == "-":
            stream = getattr(sys.stdin, "buffer", None)
            data = stream.read(MAX_BYTES + 1) if stream is not None else sys.stdin.read().encode()
        else:
            with Path(name).open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    if len(data) > MAX_BYTES:
        raise InputError(f"larger than {MAX_BYTES // (1024 * 1024)} MB: not a draft, not checked")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("not valid UTF-16 text: save it as UTF-8") from None
    if b"\x00" in data[:8192]:
        raise InputError("a binary file, not text: not checked")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}): "
                         "save it as UTF-8") from None


def drafts(arguments: list[str]) -> tuple[list[str], list[str]]:
    """(the files to check, the arguments that name nothing) for files, folders (every
    Markdown and text file below, sorted) and glob patterns (`docs/**/*.md`); a folder with
    no such file names nothing."""
    found: list[str] = []
    missing: list[str] = []
    for arg in arguments:
        if arg == "-":
            found.append(arg)
        elif os.path.isdir(arg):
            inside = sorted(str(p) for p in Path(arg).rglob("*") if p.suffix.lower() in DRAFT_SUFFIXES and p.is_file())
            found += inside
            if not inside:  # a CI job pointed at the wrong folder must not pass in silence
                missing.append(arg)
        elif not os.path.exists(arg) and glob.has_magic(arg):
            matches = sorted(p for p in glob.glob(arg, recursive=True) if os.path.isfile(p))
            found += matches
            if not matches:
                missing.append(arg)
        else:
            found.append(arg)
    return list(dict.fromkeys(found)), missing


def line_of(finding: dict[str, Any]) -> str:
    """path:line:col: verdict: message"""
    message = " ".join(str(finding["message"]).split())
    return f"{finding['path']}:{finding['line']}:{finding['column']}: {finding['verdict']}: {message}"


def summary(findings: list[dict[str, Any]]) -> str:
    """'12 claims: 1 contradicted, 2 disputed, 4 unverifiable, 5 supported'"""
    counts = dict.fromkeys(VERDICTS, 0)
    for f in findings:
        counts[f["verdict"]] += 1
    parts = ", ".join(f"{n} {v}" for v, n in counts.items() if n)
    return f"{len(findings)} claim{'s' if len(findings) != 1 else ''}" + (f": {parts}" if parts else "")


@output_options(formats=FORMATS, rows=False)
def check(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH...", help="Markdown or text files, folders (every .md, .markdown, .mdown, .txt and .text file below) or glob patterns; "
        "- reads standard input.", show_default=False)],
    show_all: Annotated[bool, typer.Option("--all", help="Show every verdict: also the supported and unverifiable claims.")] = False,
    show: Annotated[Optional[str], typer.Option("--show", metavar="VERDICTS", autocompletion=complete_values(VERDICTS), help="The verdicts shown, comma-separated: contradicted, disputed, unverifiable, supported (default: contradicted,disputed, or the config file's show).")] = None,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", metavar="VERDICT", autocompletion=complete_values(VERDICTS[:3]), help="Exit 1 when a claim gets this verdict or a worse one: contradicted (the default), disputed or unverifiable.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary line, on stderr.")] = False,
    stdin_filename: Annotated[Optional[str], typer.Option("--stdin-filename", metavar="NAME", help="The name findings give to standard input (default: the word stdin in angle brackets); its suffix chooses Markdown or text.")] = None,
    *,
    fmt: Fmt,
) -> None:
    """Fact-check drafts against the records, claim by claim, like a prose linter.

    Reads Markdown (paragraphs, lists, headings, quotes, footnotes, table cells with their
    headers) or text, finds amounts, counts, percentages, ranks and dates, and compares each
    only with the records about the same thing: supported, contradicted (with the record's
    value), disputed, or unverifiable. Piped, it writes one line a finding
    (path:line:column: verdict: message) and the summary on stderr. <!-- kzqa-disable-next-line -->
    and <!-- kzqa-disable --> ... <!-- kzqa-enable --> silence findings. The config file's
    fail-on, show and ignore (record ids) apply; options win. Exit status: 0 nothing at or
    above --fail-on, 1 something is, 2 an error (a file that cannot be read).

    Example: kzqa check docs/ --fail-on disputed
    """
    from kzqa import kept
    from kzqa.commands import STATE
    from kzqa.store import cache_dir

    # the compiled claim patterns and parsed word lists, kept beside the records' cache
    kept.use(cache_dir() if STATE.use_cache else None)
    from kzqa.checker import check_text
    from kzqa.config import project_config

    config = project_config()
    threshold = choose("--fail-on", fail_on or config.fail_on or "contradicted", VERDICTS[:3])
    if show_all:
        shown_verdicts: tuple[str, ...] = VERDICTS
    elif show:
        shown_verdicts = tuple(choose("--show", v.strip(), VERDICTS) for v in show.split(",") if v.strip())
    else:
        shown_verdicts = config.show or SHOWN_BY_DEFAULT
    files, missing = drafts(paths)
    errors = len(missing)
    for name in missing:
        what = "no Markdown or text files in this folder" if os.path.isdir(name) else "no such file, folder or match"
        sys.stderr.write(f"kzqa: {name}: {what}\n")
    records = open_records()
    findings: list[dict[str, Any]] = []
    texts: dict[str, str] = {}
    for name in files:
        try:
            text = read_text(name)
        except InputError as exc:
            sys.stderr.write(f"kzqa: {name}: {exc}\n")
            errors += 1
            continue
        label = (stdin_filename or "<stdin>") if name == "-" else name
        plain = label.lower().endswith(PLAIN_SUFFIXES)
        texts[label] = text
        findings += [f for f in check_text(text, label, records, markdown=not plain)
                     if f["record"] not in config.ignore]
    shown = [f for f in findings if f["verdict"] in shown_verdicts]
    if not quiet:
        _write(fmt, shown, texts, empty=bool(findings))
    if texts and (quiet or fmt in ("table", "lines") or not fmt.explicit):  # "0 claims" says it ran
        sys.stderr.write(f"kzqa: {summary(findings)}\n")
    failing = VERDICTS[: VERDICTS.index(threshold) + 1]
    hidden = sum(f["verdict"] in failing and f["verdict"] not in shown_verdicts for f in findings)
    if hidden:
        sys.stderr.write(f"kzqa: {hidden} claim{'s' if hidden != 1 else ''} at or above --fail-on {threshold} "
                         "not shown (see --show)\n")
    finish(2 if errors else 1 if any(f["verdict"] in failing for f in findings) else 0)


def _write(fmt: Fmt, shown: list[dict[str, Any]], texts: dict[str, str], empty: bool) -> None:
    """Write the shown findings in the chosen format (lines when piped without a choice)."""
    from kzqa.output import literal

    if fmt == "lines" or (fmt == "tsv" and not fmt.explicit):
        sys.stdout.write("".join(literal(line_of(f)) + "\n" for f in shown))
        return
    if fmt == "github":
        from kzqa.checker.report import github_commands, step_summary

        sys.stdout.write(github_commands(shown))
        target = os.environ.get("GITHUB_STEP_SUMMARY")
        if target:
            try:
                with open(target, "a", encoding="utf-8") as handle:
                    handle.write(step_summary(shown))
            except OSError as exc:
                fail(f"cannot write $GITHUB_STEP_SUMMARY ({target}): {exc.strerror or exc}")
        return
    if fmt == "rdjsonl":
        from kzqa.checker.report import rdjsonl

        sys.stdout.write(rdjsonl(shown, texts))
        return
    from kzqa.output import Table, emit

    table = Table(["where", "verdict", "claim", "record says", "record", "cite"],
                  [[f"{f['path']}:{f['line']}:{f['column']}", f["verdict"], f["text"], f["expected"] or "",
                    f["record"] or "", f["cite"] or ""] for f in shown],
                  title="Check", wide=("record says",), keep=("where", "verdict", "claim"))
    emit(fmt, shown, table, empty="no claims with the verdicts shown" if empty else "no claims found")
