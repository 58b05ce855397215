"""Run kzqa commands for the README (through cog) and format them as console sessions.

`cog -r -I docs README.md` rewrites the outputs from the bundled records;
tests/test_readme.py runs `cog --check` so the README cannot drift from the tool.
"""

from __future__ import annotations

import os
import shlex
import tempfile

from typer.testing import CliRunner

from kzqa.cli import app

_CACHE = tempfile.mkdtemp(prefix="kzqa-readme-")


def run(command: str, *, limit: int | None = None, stdin: str | None = None) -> str:
    """The command and its real output, as a fenced console block.

    `limit` keeps the first lines of a long output and says how many were left out."""
    args = shlex.split(command)
    assert args[0] == "kzqa", command
    env = {"COLUMNS": "100", "KZQA_CACHE_DIR": _CACHE, "NO_COLOR": "1", "KZQA_FACTS": ""}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    os.environ.pop("KZQA_FACTS")
    try:
        result = CliRunner().invoke(app, args[1:], input=stdin, catch_exceptions=False)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    lines = (result.stdout + result.stderr).rstrip("\n").splitlines()
    if limit is not None and len(lines) > limit:
        lines = [*lines[:limit], f"… ({len(lines) - limit} more lines)"]
    shown = "\n".join(line.rstrip() for line in lines)
    status = "" if result.exit_code == 0 else f"\n$ echo $?\n{result.exit_code}"
    return f"```console\n$ {command}\n{shown}{status}\n```\n"
