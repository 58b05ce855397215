"""kzqa cache: where the record database is, and clearing it."""

import sys
from typing import Annotated

import typer

from kzqa.commands import STATE, finish


def cache(
    clear: Annotated[bool, typer.Option("--clear", help="Delete every database and leftover file in the cache folder.")] = False,
) -> None:
    """Show where the record database is cached, or clear the cache folder.

    The cache is a SQLite database of the validated records (rebuilt whenever a fact file
    changes) and the check engine's compiled patterns; clearing it is always safe.

    Example: kzqa cache --clear
    """
    from kzqa.store import cache_dir, cache_file, clear_cache

    folder = cache_dir()
    if clear:
        removed, kept_back = clear_cache(folder)
        sys.stdout.write(f"removed {removed} file{'s' if removed != 1 else ''} from {folder}\n")
        for path, why in kept_back:
            sys.stderr.write(f"kzqa: cannot remove {path}: {why}\n")
        finish(2 if kept_back else 0)
    path = cache_file(STATE.folders())
    state = f"{path.stat().st_size:,} bytes" if path.exists() else "not built yet"
    sys.stdout.write(f"folder\t{folder}\ndatabase\t{path}\nsize\t{state}\n")
    finish(0)
