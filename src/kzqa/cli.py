"""The command-line app: Typer wiring only. Commands live in kzqa.commands, a module per
command (a pair where two share their code), imported only when called (click's "lazy
group" pattern), so a query pays for its own command and nothing else."""

import atexit
import contextlib
import importlib
import os
import sys
import threading
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from kzqa import __version__
from kzqa.commands import STATE, fail, report_problems
from kzqa.errors import ConfigError, LoadError, QueryError
from kzqa.output import SETTINGS

# command name -> (module, function); the order is the order of `kzqa --help`.
COMMANDS = {
    "timeline": ("kzqa.commands.timeline", "timeline"),
    "agreements": ("kzqa.commands.agreements", "agreements"),
    "projects": ("kzqa.commands.projects", "projects"),
    "figures": ("kzqa.commands.figures", "figures"),
    "compare": ("kzqa.commands.compare", "compare"),
    "search": ("kzqa.commands.search", "search"),
    "show": ("kzqa.commands.show", "show"),
    "sources": ("kzqa.commands.cite", "sources"),
    "cite": ("kzqa.commands.cite", "cite"),
    "check": ("kzqa.commands.check", "check"),
    "export": ("kzqa.commands.export", "export"),
    "schema": ("kzqa.commands.export", "schema"),
    "validate": ("kzqa.commands.validate", "validate"),
    "cache": ("kzqa.commands.cache", "cache"),
    "lsp": ("kzqa.commands.lsp", "lsp"),
}


APP_PANEL = "App options (before or after the command name)"
_FACTS_HELP = ("Read fact files from DIR (repeatable) instead of the bundled records; also KZQA_FACTS, "
               "folders separated by the path separator.")
_ADD_FACTS_HELP = ("Also read fact files from DIR (repeatable), on top of the bundled records or --facts; "
                   "also KZQA_ADD_FACTS, folders separated by the path separator.")
_NO_CACHE_HELP = "Validate the fact files afresh; neither read nor write the cache."
_NO_COLOR_HELP = "No colour (also NO_COLOR)."


HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}  # gh and most CLIs take -h too
# Typer's metavar for a parameter without one names its Python type ("<str>"): say it as
# gh and Click do, in capitals.
_TYPE_METAVARS = {"text": "TEXT", "integer": "INTEGER", "float": "NUMBER", "path": "PATH", "choice": "VALUE"}
# Values that come from the records, listed in a command's help when the records load.
_RECORD_VALUES = {"topic": "topics", "sector": "topics", "country": "country_ids"}


class HelpCommand(TyperCommand):
    """A command whose help reads as gh's: capital metavars, options in sections (the
    command's own, output, the app options it inherits) and the values each one accepts."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = param.metavar or (param.name or "").upper()
                if param.nargs != 1 and not name.endswith("..."):
                    name += "..."
                pieces.append(name if param.required or name.startswith("[") else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        from kzqa.commands import OUTPUT_PANEL

        for param in self.get_params(ctx):
            if param.metavar is None and param.param_type_name == "option" and not getattr(param, "is_flag", False):
                param.metavar = _TYPE_METAVARS.get(param.type.name, param.type.name.upper())
            if param.param_type_name == "argument" and param.metavar is None:
                param.metavar = (param.name or "").upper()
        sections: dict[str, list[tuple[str, str]]] = {"Arguments": [], "Options": [], OUTPUT_PANEL: [],
                                                      APP_PANEL: []}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                record = ((param.metavar or "").strip("[]."), record[1])
                sections["Arguments"].append(record)
                continue
            if param.name in _RECORD_VALUES:
                record = (record[0], record[1] + _known_values(_RECORD_VALUES[param.name]))
            sections[getattr(param, "rich_help_panel", None) or "Options"].append(record)
        for title, rows in sections.items():
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _known_values(vocabulary: str) -> str:
    """' Known: a, b, c.' from the records the app options chose ('' if they do not load)."""
    try:
        import kzqa.vocab
        from kzqa.commands import open_records

        values = getattr(kzqa.vocab, vocabulary)(open_records())
    except Exception:  # help never fails: without records, it says less
        return ""
    return f" Known: {', '.join(values)}."


class LazyGroup(TyperGroup):
    """Builds a command's Click object only when that command is asked for."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Each command with the first sentence of its help, whole (Click cuts it at 45
        characters with "...")."""
        rows = [(name, self.get_command(ctx, name).get_short_help_str(limit=200)) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: Any) -> Any:
        """Run the command; the one place where kzqa's errors become exit status 2.

        A cache database damaged inside (a page of garbage, which opening it does not
        notice) fails the first query that reads it: the file is removed and, when the
        command has written nothing yet, it runs once more on a database built afresh."""
        import sqlite3

        watched = _Watched(sys.stdout)
        sys.stdout = watched
        # what Click's Group.invoke takes from the context (the command's name and arguments)
        given = (list(ctx._protected_args), list(ctx.args))
        try:
            try:
                return super().invoke(ctx)
            except (sqlite3.DatabaseError, ValueError) as exc:
                # a page of garbage (sqlite3), or inside a stored record's JSON (which kzqa
                # wrote, so it cannot fail to parse unless damaged)
                if isinstance(exc, ValueError) and type(exc).__name__ != "JSONDecodeError":
                    raise
                dropped = _drop_damaged_cache()
                if not dropped or watched.used:
                    fail(f"the record database is damaged ({exc})"
                         + ("; its cache file is removed: run the command again" if dropped else ""))
                ctx._protected_args, ctx.args = given
                return super().invoke(ctx)
        except sqlite3.DatabaseError as exc:
            fail(f"the record database is damaged ({exc})")
        except OSError as exc:
            if exc.filename is not None:  # a file of kzqa's own (those of the facts are LoadErrors)
                raise
            # writing the output failed: a full disk, a closed or broken stream
            fail(f"cannot write the output: {exc.strerror or exc}")
        except LoadError as exc:
            report_problems(exc.problems)
        except QueryError as exc:
            fail(str(exc))
        except ConfigError as exc:
            sys.stderr.write(f"{exc}\n")
            raise typer.Exit(2) from None
        finally:
            if sys.stdout is watched:
                sys.stdout = watched.stream

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        func = getattr(importlib.import_module(target[0]), target[1])
        single = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False, add_completion=False,
                             context_settings=HELP_OPTIONS)
        single.command(cmd_name, cls=HelpCommand)(with_app_options(func))
        return typer.main.get_command(single)


class _Watched:
    """A standard output stream that notes whether anything was written to it (or its
    binary buffer taken to write to)."""

    def __init__(self, stream: Any):
        self.stream = stream
        self.used = False

    def write(self, text: str) -> int:
        self.used = True
        return int(self.stream.write(text))

    @property
    def buffer(self) -> Any:
        self.used = True
        return self.stream.buffer

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _drop_damaged_cache() -> bool:
    """Remove the cache database of the folders in use; whether there was one to remove."""
    from kzqa.commands import STATE
    from kzqa.store import cache_file

    if not STATE.use_cache:
        return False
    try:
        cache_file(STATE.folders()).unlink()
    except OSError:
        return False
    return True


def with_app_options(func: Any) -> Any:
    """Let the app options follow the command name too (`kzqa timeline --no-cache`), as
    gh's inherited flags do: the command takes them and adds them to those given before."""
    import functools
    import inspect

    sig = inspect.signature(func)
    extra = [
        inspect.Parameter(f"app_{name}", inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
        for name, annotation, default in (
            ("facts", Annotated[Optional[list[Path]], typer.Option(
                "--facts", metavar="DIR", help=_FACTS_HELP, rich_help_panel=APP_PANEL)], None),
            ("add_facts", Annotated[Optional[list[Path]], typer.Option(
                "--add-facts", metavar="DIR", help=_ADD_FACTS_HELP, rich_help_panel=APP_PANEL)], None),
            ("no_cache", Annotated[bool, typer.Option(
                "--no-cache", help=_NO_CACHE_HELP, rich_help_panel=APP_PANEL)], False),
            ("no_color", Annotated[bool, typer.Option(
                "--no-color", help=_NO_COLOR_HELP, rich_help_panel=APP_PANEL)], False),
        )
    ]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        apply_app_options(kwargs.pop("app_facts") or [], kwargs.pop("app_add_facts") or [],
                          kwargs.pop("app_no_cache"), kwargs.pop("app_no_color"))
        return func(*args, **kwargs)

    wrapper.__signature__ = sig.replace(parameters=[*sig.parameters.values(), *extra])  # type: ignore[attr-defined]
    return wrapper


app = typer.Typer(
    name="kzqa",
    cls=LazyGroup,
    help="Look up and check cited facts about Kazakhstan–Qatar relations.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings=HELP_OPTIONS,
)

def apply_app_options(facts: list[Path], add_facts: list[Path], no_cache: bool, no_color: bool) -> None:
    """Add app options to those already given (before the command name, or earlier)."""
    if facts:
        STATE.facts = [*(STATE.facts or []), *facts]
    if add_facts:
        STATE.add_facts = [*STATE.add_facts, *add_facts]
    STATE.use_cache = STATE.use_cache and not no_cache
    SETTINGS.no_color = SETTINGS.no_color or no_color


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"kzqa {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def main_options(
    facts: Annotated[Optional[list[Path]], typer.Option("--facts", metavar="DIR", help=_FACTS_HELP)] = None,
    add_facts: Annotated[Optional[list[Path]], typer.Option("--add-facts", metavar="DIR",
                                                             help=_ADD_FACTS_HELP)] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help=_NO_CACHE_HELP)] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help=_NO_COLOR_HELP)] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Look up and check cited facts about Kazakhstan–Qatar relations.

    Every answer comes from a fact record that quotes its source. Exit status: 0 results,
    1 nothing found (or contradictions, for check), 2 usage or data error.
    """
    STATE.facts, STATE.add_facts, STATE.use_cache = None, [], True
    SETTINGS.no_color = False
    apply_app_options(facts or [], add_facts or [], no_cache, no_color)


def main() -> None:
    """Run the app (the console script and `python -m kzqa`); exits with its status.

    A finished run ends with `os._exit` rather than Python's finalization: tearing down
    Typer's, Click's and kzqa's modules object by object costs some 9 ms, 15 % of a query
    (measured on CPython 3.11), to free memory the operating system frees at once. What
    finalization does that matters is done first: the exit functions run (kzqa.kept saves
    there) and both standard streams are flushed; output that cannot be written (a full
    disk) is said on stderr, exit status 2. Another thread still running, or an exit
    status that is not a number (Python prints it and exits 1), takes the ordinary path.
    Output closed from the start (`kzqa ... >&-`) is exit 2 with a message.
    """
    # `signal`'s C core: the module itself builds its enums at import, ~0.5 ms a run.
    import _signal  # type: ignore[import-not-found]

    if hasattr(_signal, "SIGPIPE"):
        # A reader that stops early (`kzqa timeline | head -1`) ends kzqa as it ends cat or
        # grep: by SIGPIPE, status 141 in a shell, not Click's exit 1 ("nothing found" here).
        _signal.signal(_signal.SIGPIPE, _signal.SIG_DFL)
    if sys.stdout is None:  # started with its output closed (`kzqa ... >&-`)
        if sys.stderr is not None:
            sys.stderr.write("kzqa: standard output is closed\n")
        raise SystemExit(2)
    try:
        app()
    except SystemExit as exc:
        status = exc.code
    else:
        status = 0
    if status is None:
        status = 0
    if not isinstance(status, int) or threading.active_count() > 1:
        raise SystemExit(status)
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
    except ValueError:  # closed already, by its owner (the language server, at its exit)
        pass
    except OSError as exc:  # what was left to write could not be (a full disk)
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"kzqa: cannot write the output: {exc.strerror or exc}\n")
        status = 2
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(status)
