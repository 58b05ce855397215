"""The command-line app: Typer wiring only. Each command parses its options, calls a pure
query function and hands the rows to the output layer."""

import functools
import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional, TypeVar

import typer

from kzqa import __version__
from kzqa.loader import LoadError, Problem
from kzqa.output import FORMATS, SETTINGS, Table, choose_format, emit
from kzqa.store import Records, facts_dirs

app = typer.Typer(
    name="kzqa",
    help="Look up and check cited facts about Kazakhstan–Qatar relations.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])


class State:
    """What the app-level options chose, for the command that runs."""

    facts: Optional[list[Path]] = None
    use_cache: bool = True


STATE = State()


def fail(message: str, code: int = 2) -> NoReturn:
    """Print `kzqa: message` on stderr and exit with `code` (2: usage or data error)."""
    sys.stderr.write(f"kzqa: {message}\n")
    raise typer.Exit(code)


def report_problems(problems: list[Problem]) -> NoReturn:
    """The one place where data errors become stderr lines and exit status 2."""
    for problem in problems:
        sys.stderr.write(f"{problem}\n")
    count = len(problems)
    sys.stderr.write(f"kzqa: {count} problem{'s' if count != 1 else ''} in the fact files\n")
    raise typer.Exit(2)


def open_records() -> Records:
    try:
        return Records(facts_dirs(STATE.facts), use_cache=STATE.use_cache)
    except LoadError as exc:
        report_problems(exc.problems)


# -- the shared output option -------------------------------------------------------------
_FORMAT_HELP = {
    "table": "a Rich table, even when piped",
    "tsv": "tab-separated lines with a header (the default when piped)",
    "json": "a JSON array of records",
    "nl": "one JSON object a line",
    "csv": "CSV with a header",
    "md": "a Markdown table",
}


def output_options(func: F) -> F:
    """Give a command the shared --json/--nl/--csv/--md/--tsv/--table flags.

    The flags arrive at the command as one `fmt` argument, already resolved (a table on a
    terminal, TSV in a pipe), so no command checks format flags itself.
    """
    sig = inspect.signature(func)
    flags = [
        inspect.Parameter(
            f"as_{name}", inspect.Parameter.KEYWORD_ONLY, default=False,
            annotation=Annotated[bool, typer.Option(f"--{name}", help=_FORMAT_HELP[name],
                                                    rich_help_panel="Output")],
        )
        for name in FORMATS
    ]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        chosen = [name for name in FORMATS if kwargs.pop(f"as_{name}", False)]
        if len(chosen) > 1:
            fail(f"choose one output format, not {' and '.join('--' + c for c in chosen)}")
        return func(*args, fmt=choose_format(chosen[0] if chosen else None), **kwargs)

    params = [p for p in sig.parameters.values() if p.name != "fmt"]
    wrapper.__signature__ = sig.replace(parameters=[*params, *flags])  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def finish(code: int) -> NoReturn:
    raise typer.Exit(code)


# -- app -------------------------------------------------------------------------------
def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"kzqa {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def main_options(
    facts: Annotated[Optional[list[Path]], typer.Option(
        "--facts", metavar="DIR", help="Read fact files from DIR (repeatable) instead of the "
        "bundled records; also KZQA_FACTS, folders separated by the path separator.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Validate the fact files afresh; "
                                           "neither read nor write the cache.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour (also NO_COLOR).")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Look up and check cited facts about Kazakhstan–Qatar relations.

    Every answer comes from a fact record that quotes its source. Exit status: 0 results,
    1 nothing found (or contradictions, for check), 2 usage or data error.
    """
    STATE.facts = facts
    STATE.use_cache = not no_cache
    SETTINGS.no_color = no_color


@app.command()
def validate(
    sources: Annotated[Optional[Path], typer.Option(
        "--sources", metavar="DIR", help="Also check every quote against the source texts "
        "in DIR (files named after the source ids).")] = None,
) -> None:
    """Check the fact files: schema, dates, references, units, and optionally the quotes.

    Example: kzqa validate --sources ../shared/sources
    """
    from kzqa.loader import Origin, load_records

    dirs = facts_dirs(STATE.facts)
    origins: dict[str, Origin] = {}
    try:
        records = load_records(dirs, origins)
    except LoadError as exc:
        report_problems(exc.problems)
    counts: dict[str, int] = {}
    for record in records:
        counts[record["kind"]] = counts.get(record["kind"], 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    sys.stdout.write(f"ok: {len(records)} records ({summary})\n")
    if sources is None:
        return
    if not sources.is_dir():
        fail(f"--sources: {sources} is not a folder")
    from kzqa.verify import verify_quotes

    report = verify_quotes(records, origins, sources)
    sys.stdout.write(f"quotes: {report.verified} verified against {sources}\n")
    for source, n in sorted(report.unverified.items()):
        sys.stdout.write(f"unverified: {n} quote{'s' if n != 1 else ''} from {source} (no text in {sources})\n")
    if report.problems:
        report_problems(report.problems)


def main() -> None:
    app()
