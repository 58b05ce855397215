"""What every command shares: the app-level state, the output option, errors and records.

Kept light: a command module imports this, Typer and nothing heavy at load time.
"""

import functools
import inspect
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional, TypeVar, overload

import typer

from kzqa.errors import Problem
from kzqa.output import FORMATS, Output, choose_format
from kzqa.store import Store

F = TypeVar("F", bound=Callable[..., Any])
Fmt = Output  # what output_options hands each command: a str subclass with limit, fields, sort


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


def open_records() -> Store:
    """The record set the app options chose (a LoadError reaches kzqa.cli.LazyGroup)."""
    return Store(STATE.folders(), use_cache=STATE.use_cache)


# -- the shared output options ------------------------------------------------------------
_FORMAT_HELP = {
    "table": "a Rich table, even when piped",
    "tsv": "tab-separated lines with a header (the default when piped)",
    "json": "a JSON array of records",
    "nl": "one JSON object a line",
    "csv": "CSV with a header",
    "md": "a Markdown table",
}
OUTPUT_PANEL = "Output"


@overload
def output_options(func: F) -> F: ...


@overload
def output_options(func: None = None, *, formats: dict[str, str] | None = None, rows: bool = True,
                   limit: int | None = None) -> Callable[[F], F]: ...


def output_options(func: F | None = None, *, formats: dict[str, str] | None = None, rows: bool = True,
                   limit: int | None = None) -> Any:
    """Give a command the shared output options: `--format FORMAT`, its aliases --json,
    --nl, --csv, --md, --tsv and --table, and for a list command (`rows`) --limit, --fields
    and --sort.

    They arrive at the command as one `fmt` argument, a kzqa.output.Output already resolved
    (a table on a terminal, TSV in a pipe) that compares equal to the format's name, so no
    command checks format flags itself. `formats` adds a command's own formats (name ->
    help), taken by --format only; the command writes those itself; a built-in name there
    only changes its help (what this command writes in that format). `limit` is the
    command's default --limit (None: all rows). Two different formats are exit status 2.
    Usable bare (@output_options) or with arguments (@output_options(limit=20))."""
    if func is None:
        return functools.partial(output_options, formats=formats, rows=rows, limit=limit)
    own = {name: text for name, text in (formats or {}).items() if name not in FORMATS}
    names = (*FORMATS, *own)
    helps = {**_FORMAT_HELP, **(formats or {})}
    sig = inspect.signature(func)

    def complete_format(incomplete: str) -> list[str]:
        return [n for n in names if n.startswith(incomplete)]

    extra = [
        inspect.Parameter(
            "as_format", inspect.Parameter.KEYWORD_ONLY, default=None,
            annotation=Annotated[Optional[str], typer.Option(
                "--format", metavar="FORMAT", rich_help_panel=OUTPUT_PANEL, autocompletion=complete_format,
                help="Write FORMAT: " + "; ".join(f"{n}: {helps[n]}" for n in names) + ".")],
        ),
        *(inspect.Parameter(
            f"as_{name}", inspect.Parameter.KEYWORD_ONLY, default=False,
            annotation=Annotated[bool, typer.Option(f"--{name}", help=f"Same as --format {name}.",
                                                    rich_help_panel=OUTPUT_PANEL)],
        ) for name in FORMATS),
    ]
    if rows:
        extra += [
            inspect.Parameter("list_limit", inspect.Parameter.KEYWORD_ONLY, default=limit, annotation=Annotated[
                Optional[int], typer.Option("--limit", metavar="N", min=0, rich_help_panel=OUTPUT_PANEL, help=(
                    "Show at most N rows, 0 for all (after --sort; totals and baselines still count every row)."))]),
            inspect.Parameter("list_fields", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[
                Optional[str], typer.Option("--fields", metavar="FIELDS", rich_help_panel=OUTPUT_PANEL, help=(
                    "Only these fields, comma-separated; dotted names reach inside (amount.value). "
                    "JSON then has only these keys."))]),
            inspect.Parameter("list_sort", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[
                Optional[str], typer.Option("--sort", metavar="FIELD", rich_help_panel=OUTPUT_PANEL, help=(
                    "Sort by FIELD's value (dates as dates, numbers as numbers); -FIELD sorts descending."))]),
        ]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from kzqa.output import Output

        chosen = [name for name in FORMATS if kwargs.pop(f"as_{name}", False)]
        given = kwargs.pop("as_format", None)
        if given is not None:
            if given not in names:
                fail(bad_value("--format", given, names))
            chosen.insert(0, given)
        chosen = list(dict.fromkeys(chosen))
        if len(chosen) > 1:
            fail(f"choose one output format, not {' and '.join(chosen)}")
        fields = [f.strip() for f in (kwargs.pop("list_fields", None) or "").split(",") if f.strip()]
        fmt = Output(choose_format(chosen[0] if chosen else None), limit=kwargs.pop("list_limit", None),
                     fields=fields, sort=kwargs.pop("list_sort", None) or None, explicit=bool(chosen))
        return func(*args, fmt=fmt, **kwargs)

    params = [p for p in sig.parameters.values() if p.name != "fmt"]
    wrapper.__signature__ = sig.replace(parameters=[*params, *extra])  # type: ignore[attr-defined]
    return wrapper


def bad_value(option: str, value: str, accepted: Sequence[str], spellings: dict[str, str] | None = None,
              what: str = "accepted") -> str:
    """The message for a value that is not one of `accepted`: a near match when there is
    one, and the accepted values ("--kind: 'evnt' is not accepted; did you mean 'event'?
    (one of: ...)"). `spellings` (folded spelling -> value) widens the near matches."""
    import difflib

    from kzqa.text import fold

    options = spellings or {fold(a): a for a in accepted}
    close = difflib.get_close_matches(fold(value), list(options), n=1, cutoff=0.6)
    hint = f"; did you mean {options[close[0]]!r}?" if close else ""
    return f"{option}: {value!r} is not {what}{hint} (one of: {', '.join(accepted)})"


def choose(option: str, value: str, accepted: Sequence[str]) -> str:
    """The accepted value that `value` names, compared folded (case, accents and dashes
    aside: "In-Force" names "in-force"); else a QueryError (exit status 2) with a near match
    and the accepted values."""
    from kzqa.errors import QueryError
    from kzqa.text import fold

    by_fold = {fold(a): a for a in accepted}
    hit = by_fold.get(fold(value))
    if hit is None:
        raise QueryError(bad_value(option, value, accepted))
    return hit


def choose_country(records: Store, option: str, value: str) -> str:
    """The id of the country that `value` names (its id, name or any alias, in any script);
    else a QueryError with a near match and the country ids."""
    from kzqa.errors import QueryError
    from kzqa.text import fold
    from kzqa.vocab import countries

    record = records.get(value)  # an id: one small read, where the spellings read every entity
    if record is not None and record.get("kind") == "entity" and record.get("type") == "country":
        return value
    spellings = countries(records)
    hit = spellings.get(fold(value))
    if hit is None:
        raise QueryError(bad_value(option, value, sorted(set(spellings.values())), spellings, "a country")
                         + "; or any of their names and aliases")
    return hit


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


def complete_values(values: Sequence[str]) -> Callable[[str], list[str]]:
    """Completion of a fixed vocabulary."""
    def complete(incomplete: str) -> list[str]:
        return [v for v in values if v.startswith(incomplete)]

    return complete


def _completion_records(ctx: Any) -> Store | None:
    try:
        return Store(completion_folders(ctx))
    except Exception:  # completion must never fail loudly: broken files complete nothing
        return None


def complete_topics(ctx: typer.Context, incomplete: str) -> list[str]:
    """Topics and sectors in the records that start with what is typed."""
    from kzqa.vocab import topics

    records = _completion_records(ctx)
    return [t for t in topics(records) if t.startswith(incomplete)] if records else []


def complete_countries(ctx: typer.Context, incomplete: str) -> list[str]:
    """Country ids, names and aliases that start with what is typed (case folded)."""
    from kzqa.text import fold

    records = _completion_records(ctx)
    if records is None:
        return []
    spellings = [spelling for e in records.kind("entity") if e.get("type") == "country"
                 for spelling in (e["id"], e["name"], *e.get("aliases", []))]
    return [s for s in dict.fromkeys(spellings) if fold(s).startswith(fold(incomplete))]


def complete_entities(ctx: typer.Context, incomplete: str) -> list[str]:
    """Entity ids and names (people, organisations, places, countries) that start with what is typed."""
    from kzqa.text import fold

    records = _completion_records(ctx)
    if records is None:
        return []
    spellings = [spelling for e in records.kind("entity") for spelling in (e["id"], e["name"])]
    return [s for s in dict.fromkeys(spellings) if fold(s).startswith(fold(incomplete))]


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Record ids that start with what is typed."""
    from kzqa.store import peek_index

    return [i for i in peek_index(completion_folders(ctx))["ids"] if i.startswith(incomplete)]


def complete_measures(ctx: typer.Context, incomplete: str) -> list[str]:
    """Measure keys that start with what is typed."""
    from kzqa.store import peek_index

    return [m for m in peek_index(completion_folders(ctx))["measures"] if m.startswith(incomplete)]
