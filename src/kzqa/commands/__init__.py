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
from kzqa.store import Records

F = TypeVar("F", bound=Callable[..., Any])
Fmt = str  # what output_options hands each command: one of kzqa.output.FORMATS


class State:
    """What the app-level options chose, for the command that runs."""

    facts: Optional[list[Path]] = None
    add_facts: list[Path] = []  # noqa: RUF012 (one instance, reset by the app callback)
    use_cache: bool = True

    def folders(self) -> list[Path]:
        """The fact folders these options choose (kzqa.config.fact_folders)."""
        from kzqa.config import fact_folders

        return fact_folders(self.facts, self.add_facts)


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
    return Records(STATE.folders(), use_cache=STATE.use_cache)


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
def completion_folders(ctx: Any) -> list[Path]:
    """The fact folders of the line being completed: the app options typed so far, before
    and after the command name, on top of the environment and the config file."""
    from kzqa.config import Config, fact_folders, project_config

    facts: list[Path] = []
    added: list[Path] = []
    chain = []
    while ctx is not None:
        chain.append(ctx)
        ctx = ctx.parent
    for c in reversed(chain):  # the app's own options, then the command's copies of them
        for name in ("facts", "app_facts"):
            facts += [Path(p) for p in c.params.get(name) or []]
        for name in ("add_facts", "app_add_facts"):
            added += [Path(p) for p in c.params.get(name) or []]
    try:
        config = project_config()
    except Exception:  # completion must never fail loudly: a broken config file is ignored
        config = Config()
    return fact_folders(facts, added, config)


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Record ids that start with what is typed."""
    from kzqa.store import peek_index

    return [i for i in peek_index(completion_folders(ctx))["ids"] if i.startswith(incomplete)]


def complete_measures(ctx: typer.Context, incomplete: str) -> list[str]:
    """Measure keys that start with what is typed."""
    from kzqa.store import peek_index

    return [m for m in peek_index(completion_folders(ctx))["measures"] if m.startswith(incomplete)]
