"""`kzqa check`: fact-check drafts against the records, like a prose linter."""

import codecs
import functools
import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from kzqa.commands import Fmt, finish, open_records, output_options

MAX_BYTES = 20 * 1024 * 1024  # far beyond any draft; a bigger file is surely not one
SHOWN_BY_DEFAULT = ("contradicted", "disputed")
_EXPLICIT_TSV: dict[str, bool] = {"tsv": False}


def _note_tsv(func: Callable[..., Any]) -> Callable[..., Any]:
    """Remember whether --tsv was given: in a pipe, check writes linter lines unless asked
    for TSV, because that is what editors and pre-commit parse."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _EXPLICIT_TSV["tsv"] = bool(kwargs.get("as_tsv"))
        return func(*args, **kwargs)

    wrapper.__signature__ = inspect.signature(func)  # type: ignore[attr-defined]
    return wrapper


class InputError(Exception):
    """A file that cannot be checked: missing, a folder, binary, not UTF-8, too large."""


def read_draft(name: str) -> str:
    """The text of a draft (`-` is standard input); InputError says why it cannot be read."""
    try:
        if name == "-":
            stream = getattr(sys.stdin, "buffer", None)
            data = stream.read(MAX_BYTES + 1) if stream is not None else sys.stdin.read().encode()
        else:
            path = Path(name)
            if path.is_dir():
                raise InputError("is a folder, not a file")
            with path.open("rb") as handle:
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


def linter_line(finding: dict[str, Any]) -> str:
    """path:line:col: verdict: claim — record says …  [record-id] (cite)"""
    message = " ".join(str(finding["message"]).split())
    return f"{finding['path']}:{finding['line']}:{finding['column']}: {finding['verdict']}: {message}"


@_note_tsv
@output_options
def check(
    paths: Annotated[list[str], typer.Argument(
        metavar="FILE...", help="Markdown or text files to check; - reads standard input.",
        show_default=False)],
    show_all: Annotated[bool, typer.Option(
        "--all", help="Also show the supported and unverifiable claims, not only "
        "contradictions and disputed ones.")] = False,
    *,
    fmt: Fmt,
) -> None:
    """Fact-check drafts against the records, claim by claim, like a prose linter.

    Finds amounts of money, counts and dates, matches each to the records on its subject and
    says whether they support it, contradict it (with the value they give), dispute it or
    cannot speak to it. Exit status: 0 nothing contradicted, 1 something contradicted,
    2 an error (a file that cannot be read).

    Example: kzqa check draft.md --all
    """
    from kzqa.checker import check_text
    from kzqa.output import Table, emit, literal

    records = open_records()
    findings: list[dict[str, Any]] = []
    errors = 0
    for name in paths:
        try:
            text = read_draft(name)
        except InputError as exc:
            sys.stderr.write(f"kzqa: {name}: {exc}\n")
            errors += 1
            continue
        findings += check_text(text, "<stdin>" if name == "-" else name, records)
    shown = findings if show_all else [f for f in findings if f["verdict"] in SHOWN_BY_DEFAULT]
    plain = fmt == "tsv" and not _EXPLICIT_TSV["tsv"]
    if plain:
        sys.stdout.write("".join(literal(linter_line(f)) + "\n" for f in shown))
    else:
        table = Table(
            columns=["path", "line", "column", "verdict", "text", "expected", "record", "source", "quote"],
            rows=[[f["path"], f["line"], f["column"], f["verdict"], f["text"], f["expected"], f["record"],
                   f["source"], f["quote"]] for f in shown],
            wide=("quote",))
        if fmt == "table":
            table = Table(columns=["where", "verdict", "claim", "record says", "record", "source"],
                          rows=[[f"{f['path']}:{f['line']}:{f['column']}", f["verdict"], f["text"],
                                 f["expected"] or "", f["record"] or "", f["source"] or ""] for f in shown],
                          wide=("record says",))
        emit(fmt, shown, table, empty="no contradicted or disputed claims" if not show_all
             else "no claims found")
    if fmt in ("table", "tsv") and findings:
        sys.stderr.write(f"kzqa: {summary(findings)}\n")
    contradicted = any(f["verdict"] == "contradicted" for f in findings)
    finish(2 if errors else 1 if contradicted else 0)


def summary(findings: list[dict[str, Any]]) -> str:
    """'12 claims: 1 contradicted, 2 disputed, 4 unverifiable, 5 supported'"""
    counts = {v: 0 for v in ("contradicted", "disputed", "unverifiable", "supported")}
    for f in findings:
        counts[f["verdict"]] += 1
    parts = ", ".join(f"{n} {v}" for v, n in counts.items() if n)
    return f"{len(findings)} claim{'s' if len(findings) != 1 else ''}" + (f": {parts}" if parts else "")
