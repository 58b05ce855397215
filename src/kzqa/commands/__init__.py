"""What every command shares: the app-level state, the output option, errors and records.

Kept light: a command module imports this, Typer and nothing heavy at load time.
"""

import functools
import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional, TypeVar

import typer

from kzqa.errors import Problem
from kzqa.output import FORMATS, choose_format
from kzqa.store import Records, facts_dirs

F = TypeVar("F", bound=Callable[..., Any])
Fmt = str  # what output_options hands each command: one of kzqa.output.FORMATS


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
    """The record set the app options chose (a LoadError reaches kzqa.cli.LazyGroup)."""
    return Records(facts_dirs(STATE.facts), use_cache=STATE.use_cache)


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


# -- completion (reads the cache index or scans the files: never validates) -------------
def complete_ids(incomplete: str) -> list[str]:
    from kzqa.store import peek_index

    return [i for i in peek_index(facts_dirs(None))["ids"] if i.startswith(incomplete)]


def complete_measures(incomplete: str) -> list[str]:
    from kzqa.store import peek_index

    return [m for m in peek_index(facts_dirs(None))["measures"] if m.startswith(incomplete)]
