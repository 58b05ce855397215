"""Where kzqa's settings come from: the project config file, the environment and the app options.

One place answers "which fact folders?" (`fact_folders`) and "what does the project's
config file say?" (`project_config`), for the commands, shell completion, check and the
language server alike. The order is the usual one (git, ruff, pip): the command line wins
over the environment, which wins over the config file, which wins over the defaults.

The config file is the first of `.kzqa.toml`, or `pyproject.toml` with a `[tool.kzqa]`
table, found in the current folder or above it (a `pyproject.toml` without the table is
passed over, as ruff does). Its keys:

    facts = ["records"]            # fact folders replacing the bundled records
    add-facts = ["more-records"]   # fact folders read on top of them
    fail-on = "contradicted"       # check: this verdict or a worse one fails
    show = ["contradicted", "disputed"]   # check: the verdicts shown
    ignore = ["some-record-id"]    # check: record ids never reported

Folder paths are relative to the config file's folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple

from kzqa.errors import ConfigError

CONFIG_NAMES = (".kzqa.toml", "pyproject.toml")
# Worst first: `fail-on X` fails on X or anything before it (kzqa.checker.VERDICTS).
VERDICTS = ("contradicted", "disputed", "unverifiable", "supported")
_KEYS = ("facts", "add-facts", "fail-on", "show", "ignore")


class Config(NamedTuple):
    """The project config file's settings; `path` is None when there is no file.

    A NamedTuple rather than a dataclass: every call reads it, and `dataclasses` costs an
    import of its own."""

    path: Path | None = None
    facts: tuple[Path, ...] | None = None
    add_facts: tuple[Path, ...] = ()
    fail_on: str | None = None
    show: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()


def bundled_facts() -> Path:
    """The records shipped with kzqa (inside the wheel; the top-level facts/ in a checkout)."""
    here = Path(__file__).resolve().parent
    inside = here / "facts"
    return inside if inside.is_dir() else here.parent.parent / "facts"


def find_config(start: Path | None = None) -> Path | None:
    """The config file that applies in `start` (default: the current folder), or None.

    `.kzqa.toml` wins over `pyproject.toml` in the same folder; a `pyproject.toml` without
    a `[tool.kzqa]` table does not count and the search goes on upward."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        dotfile = candidate / ".kzqa.toml"
        if dotfile.is_file():
            return dotfile
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    # A cheap test first, on the bytes: most pyproject files have no kzqa table and are
    # neither decoded (the utf-8-sig codec is an import of its own) nor parsed.
    try:
        if b"tool.kzqa" not in path.read_bytes():
            return False
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    return "kzqa" in _read_toml(path, text).get("tool", {})


def _read_toml(path: Path, text: str) -> dict[str, Any]:
    import tomli

    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise ConfigError(str(path), "-", f"not valid TOML: {getattr(exc, 'msg', exc)}") from None


def read_config(path: Path) -> Config:
    """The settings in one config file; raise ConfigError (`path: key: message`) on a bad one."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), "-", f"cannot read: {exc}") from None
    data = _read_toml(path, text)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("kzqa", {})
    where = str(path)
    unknown = [k for k in data if k not in _KEYS]
    if unknown:
        raise ConfigError(where, unknown[0], f"unknown key{_near(unknown[0], _KEYS)} (known: {', '.join(_KEYS)})")
    base = path.parent

    def folders(key: str) -> tuple[Path, ...]:
        return tuple(Path(os.path.normpath(base / p)) for p in _strings(where, key, data[key]))

    def verdicts(key: str) -> tuple[str, ...]:
        values = _strings(where, key, data[key])
        for v in values:
            if v not in VERDICTS:
                raise ConfigError(where, key,
                                  f"{v!r} is not a verdict{_near(v, VERDICTS)} (one of: {', '.join(VERDICTS)})")
        return tuple(values)

    fail_on = None
    if "fail-on" in data:
        if not isinstance(data["fail-on"], str):
            raise ConfigError(where, "fail-on", f"must be one verdict (one of: {', '.join(VERDICTS)})")
        fail_on = verdicts("fail-on")[0]
    return Config(
        path=path,
        facts=folders("facts") if "facts" in data else None,
        add_facts=folders("add-facts") if "add-facts" in data else (),
        fail_on=fail_on,
        show=verdicts("show") if "show" in data else None,
        ignore=tuple(_strings(where, "ignore", data["ignore"])) if "ignore" in data else (),
    )


def _strings(where: str, key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(where, key, "must be a list of strings")
    return value


def _near(value: str, accepted: tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(value, accepted, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


_READ: dict[tuple[Path, int, int], Config] = {}


def project_config(start: Path | None = None) -> Config:
    """The config that applies in `start` (default: the current folder); an empty Config
    when there is none. A file is parsed once while it is unchanged (a language server
    asks on every keystroke). Raises ConfigError on a bad file."""
    path = find_config(start)
    if path is None:
        return Config()
    st = path.stat()
    key = (path, st.st_mtime_ns, st.st_size)
    if key not in _READ:
        _READ[key] = read_config(path)
    return _READ[key]


def _env_folders(name: str) -> list[Path]:
    return [Path(p) for p in os.environ.get(name, "").split(os.pathsep) if p.strip()]


def fact_folders(replace: list[Path] | None = None, add: list[Path] | None = None,
                 config: Config | None = None) -> list[Path]:
    """The fact folders to read, in order: the base set, then the added folders.

    The base set is the first of: `replace` (--facts), KZQA_FACTS, the config file's
    `facts`, the bundled records. The added folders are the config file's `add-facts`,
    then KZQA_ADD_FACTS (folders separated by os.pathsep), then `add` (--add-facts): each
    adds to the ones before. A folder named twice is read once."""
    config = project_config() if config is None else config
    base = list(replace or []) or _env_folders("KZQA_FACTS") or list(config.facts or []) or [bundled_facts()]
    added = [*config.add_facts, *_env_folders("KZQA_ADD_FACTS"), *(add or [])]
    out: list[Path] = []
    seen: set[str] = set()
    for folder in [*base, *added]:
        key = os.path.normcase(os.path.abspath(folder))
        if key not in seen:
            seen.add(key)
            out.append(folder)
    return out
