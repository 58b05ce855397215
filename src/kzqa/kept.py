"""What the check engine works out before it reads a draft, kept between runs: its compiled
regular expressions, its parsed data files (lexicon.toml, steps.toml, synonyms.toml) and
the stems of the words it looks for (kzqa.checker's set-up).

Why: Python's regular-expression compiler is written in Python, and the claim patterns
(long alternations built from lexicon.toml) take ~30 ms to compile, with ~5 ms more to
parse the TOML: about half of what `kzqa check` of a one-sentence draft costs beyond
Typer's own start-up, paid again on every run of a pre-commit hook or a CI job.

How: a compiled pattern is the SRE program that `re` hands to `_sre.compile`, together with
its flags and group names; this module keeps those in one marshal file in kzqa's cache
folder and rebuilds a pattern with that same call. `_sre.compile` is CPython's internal
API, so the file is keyed on the interpreter's exact version and SRE's magic number, and
`_sre` validates every program it is given (a damaged one raises instead of running). On
any failure (another interpreter, a damaged or foreign file, an unwritable folder) a
pattern is compiled by `re` and a data file parsed by tomllib as usual: the cache can make
a run faster, never different. Nothing is read or written until `use()` names a folder
(the check command does, unless --no-cache), so a library caller and the tests compile
as `re` does.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import re
import sys
import zlib
from pathlib import Path
from typing import Any

try:  # CPython's regex engine: the compiler (Python) and the matcher (C)
    import _sre  # type: ignore[import-not-found]
    from array import array
    from importlib import import_module

    # re._compiler and re._parser since Python 3.11; sre_compile and sre_parse before
    _sre_compiler = import_module("re._compiler" if sys.version_info >= (3, 11) else "sre_compile")
    _sre_parser = import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")
    # a program is kept as the bytes of an array of SRE code words: marshal reads bytes at
    # once, and only the patterns a run uses are turned back into lists
    _WORD = next(code for code in "ILQ" if array(code).itemsize == _sre.CODESIZE)
    _ENGINE: tuple[Any, ...] | None = (sys.version, _sre.MAGIC, _sre.CODESIZE, sys.maxunicode, sys.byteorder)
except (ImportError, AttributeError, StopIteration):  # another interpreter: re as usual
    _ENGINE = None

FILE_NAME = "check-startup.kept"  # not *.marshal: kzqa.store removes those (old shards)
_HEADER = b"kzqa-kept 1\n"  # then the CRC-32 of the rest (a damaged file is never used), then marshal
# A run compiles ~60 patterns (the claim pattern in up to eight forms, by what a draft
# holds); past this many entries only those of the latest run are kept, so patterns of
# older kzqa versions do not pile up.
MAX_ENTRIES = 400


class _Kept:
    """The table of one run: what the file held, which entries this run used, whether it
    added any, and where the file is."""

    path: Path | None = None
    table: dict[Any, Any] = {}  # noqa: RUF012 (one instance)
    used: set[Any] = set()  # noqa: RUF012
    added = False


_KEPT = _Kept()


def use(folder: Path | None) -> None:
    """Read and later write the kept table in `folder` (None: neither; every pattern and data
    file is worked out afresh). A file from another interpreter, or one that cannot be read,
    is ignored; what this run adds is written when the process exits (atexit), by a
    temporary file renamed into place, so a run racing another never reads half a file."""
    _KEPT.path, _KEPT.table, _KEPT.used, _KEPT.added = None, {}, set(), False
    if folder is None or _ENGINE is None:
        return
    _KEPT.path = folder / FILE_NAME
    try:
        with open(_KEPT.path, "rb") as handle:
            data = handle.read()
        size = len(_HEADER)
        payload = data[size + 4:]
        if data[:size] != _HEADER or int.from_bytes(data[size:size + 4], "big") != zlib.crc32(payload):
            return  # another format, or a damaged file: its programs are not run
        engine, table = marshal.loads(payload)
        if engine == _ENGINE and isinstance(table, dict):
            _KEPT.table = table
    except (OSError, EOFError, ValueError, TypeError):
        pass


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the kept SRE program when there is one.

    Returns the same pattern `re` would compile (same program, flags and groups); raises
    re.error for a bad pattern, as re.compile does."""
    flags = int(flags)
    if _KEPT.path is None:
        return re.compile(pattern, flags)
    key = ("re", pattern, flags)
    kept = _KEPT.table.get(key)
    if kept is not None:
        try:
            final_flags, program, *groups = kept  # groups: count, name -> index, index -> name
            compiled: re.Pattern[str] = _sre.compile(pattern, final_flags, array(_WORD, program).tolist(), *groups)
            _KEPT.used.add(key)
            return compiled
        except Exception:  # a damaged entry: compile it again below
            pass
    try:  # what re._compiler.compile does, keeping the arguments it hands to _sre.compile
        parsed = _sre_parser.parse(pattern, flags)
        code = _sre_compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        args = (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        compiled = _sre.compile(pattern, *args)
        program = array(_WORD, code).tobytes()
    except re.error:
        raise
    except Exception:  # the engine's internals differ: compile as re does
        return re.compile(pattern, flags)
    _keep(key, (args[0], program, *args[2:]))
    return compiled


def toml(path: str) -> dict[str, Any]:
    """The parsed TOML file at `path` (tomllib.loads), kept under its path, size and mtime,
    so an edited file is parsed again. Raises OSError and tomllib.TOMLDecodeError."""
    stat = os.stat(path)
    key = ("toml", path, stat.st_size, stat.st_mtime_ns)
    kept = _KEPT.table.get(key) if _KEPT.path is not None else None
    if isinstance(kept, dict):
        _KEPT.used.add(key)
        return kept
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib
    data = tomllib.loads(text)
    if _KEPT.path is not None:
        try:
            marshal.dumps(data)  # only plain values (a TOML date is not): others are parsed each run
        except ValueError:
            return data
        _keep(key, data)
    return data


def get(key: tuple[Any, ...]) -> Any:
    """What `put` kept under `key` (a tuple of plain values) in an earlier run, or None."""
    if _KEPT.path is None:
        return None
    found = _KEPT.table.get(("value", *key))
    if found is not None:
        _KEPT.used.add(("value", *key))
    return found


def put(key: tuple[Any, ...], value: Any) -> None:
    """Keep `value` (plain values only: str, int, float, bytes, tuples, lists, sets, dicts;
    others are not kept) under `key` for later runs; nothing without `use()`'s folder."""
    if _KEPT.path is None:
        return
    try:
        marshal.dumps(value)
    except ValueError:
        return
    _keep(("value", *key), value)


def _keep(key: Any, value: Any) -> None:
    if not _KEPT.added:
        _KEPT.added = True
        atexit.register(save)
    _KEPT.table[key] = value
    _KEPT.used.add(key)


def save() -> None:
    """Write the table when this run added to it (atexit calls this); never raises: a folder
    that cannot be written only means the next run works things out again."""
    path = _KEPT.path
    if path is None or not _KEPT.added:
        return
    _KEPT.added = False
    table = _KEPT.table
    if len(table) > MAX_ENTRIES:
        table = {key: value for key, value in table.items() if key in _KEPT.used}
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = marshal.dumps((_ENGINE, table))
        with open(temporary, "wb") as handle:
            handle.write(_HEADER + zlib.crc32(payload).to_bytes(4, "big") + payload)
        os.replace(temporary, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            temporary.unlink()
