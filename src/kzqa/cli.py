"""The command-line app: Typer wiring only. Commands live in kzqa.commands, one module
per area, and are imported only when called (click's "lazy group" pattern), so a query
pays for its own command and nothing else."""

import importlib
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from kzqa import __version__
from kzqa.commands import STATE, fail, report_problems
from kzqa.errors import LoadError, QueryError
from kzqa.output import SETTINGS

# command name -> (module, function); the order is the order of `kzqa --help`.
COMMANDS = {
    "timeline": ("kzqa.commands.timeline", "timeline"),
    "agreements": ("kzqa.commands.lists", "agreements"),
    "projects": ("kzqa.commands.lists", "projects"),
    "figures": ("kzqa.commands.lists", "figures"),
    "compare": ("kzqa.commands.compare", "compare"),
    "search": ("kzqa.commands.lookup", "search"),
    "show": ("kzqa.commands.lookup", "show"),
    "sources": ("kzqa.commands.cite", "sources"),
    "cite": ("kzqa.commands.cite", "cite"),
    "check": ("kzqa.check_cli", "check"),
    "export": ("kzqa.commands.export", "export"),
    "schema": ("kzqa.commands.export", "schema"),
    "validate": ("kzqa.commands.validate", "validate"),
    "cache": ("kzqa.commands.cache", "cache"),
    "lsp": ("kzqa.commands.lsp", "lsp"),
}


class LazyGroup(TyperGroup):
    """Builds a command's Click object only when that command is asked for."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def invoke(self, ctx: Any) -> Any:
        """Run the command; the one place where kzqa's errors become exit status 2."""
        try:
            return super().invoke(ctx)
        except LoadError as exc:
            report_problems(exc.problems)
        except QueryError as exc:
            fail(str(exc))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        func = getattr(importlib.import_module(target[0]), target[1])
        single = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False, add_completion=False)
        single.command(cmd_name)(func)
        return typer.main.get_command(single)


app = typer.Typer(
    name="kzqa",
    cls=LazyGroup,
    help="Look up and check cited facts about Kazakhstan–Qatar relations.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

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


def main() -> None:
    app()
