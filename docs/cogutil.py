"""Run kzqa commands for the README (through cog) and format them as console sessions.

`cog -r -I docs README.md` rewrites the outputs from the bundled records;
tests/test_readme.py runs `cog --check` so the README cannot drift from the tool.
"""

from __future__ import annotations

import os
import shlex
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from kzqa.cli import app

_CACHE = tempfile.mkdtemp(prefix="kzqa-readme-")
# A scratch folder for files a command writes (export --sqlite); cog runs from the repository root.
SCRATCH = Path(tempfile.mkdtemp(prefix="kzqa-readme-out-"))
ROOT = Path(__file__).resolve().parents[1]


def run(command: str, *, limit: int | None = None, stdin: str | None = None,
        cwd: str | None = None, scratch: bool = False, columns: int = 100,
        save: str | None = None) -> str:
    """The command and its real output, as a fenced console block.

    `limit` keeps the first lines of a long output and says how many were left out;
    `cwd` runs it in that folder (relative to the repository root), shown as a `cd`;
    `scratch` runs it in SCRATCH, a temporary folder, for commands that write files;
    `columns` is the terminal width, shown as `COLUMNS=N` when it is not 100;
    `save` writes standard output to that file in SCRATCH, shown as `> save`."""
    args = shlex.split(command)
    assert args[0] == "kzqa", command
    env = {"COLUMNS": str(columns), "KZQA_CACHE_DIR": _CACHE, "NO_COLOR": "1"}
    unset = ("KZQA_FACTS", "KZQA_ADD_FACTS")
    saved = {k: os.environ.get(k) for k in (*env, *unset)}
    os.environ.update(env)
    for key in unset:
        os.environ.pop(key, None)
    here = os.getcwd()
    os.chdir(SCRATCH if scratch else ROOT / cwd if cwd else ROOT)
    try:
        result = CliRunner().invoke(app, args[1:], input=stdin, catch_exceptions=False)
    finally:
        os.chdir(here)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    stdout = result.stdout
    if save:
        (SCRATCH / save).write_text(stdout, encoding="utf-8")
        stdout, command = "", f"{command} > {save}"
    # The bundled records are wherever kzqa is installed (a checkout's facts/, or inside the
    # wheel): shown as <kzqa>/facts so that the README is the same on every machine.
    from kzqa.store import bundled_facts

    output = (stdout + result.stderr).replace(str(bundled_facts()), "<kzqa>/facts")
    lines = output.rstrip("\n").splitlines()
    if limit is not None and len(lines) > limit:
        lines = [*lines[:limit], f"… ({len(lines) - limit} more lines)"]
    shown = "".join("\n" + line.rstrip() for line in lines)
    status = "" if result.exit_code == 0 else f"\n$ echo $?\n{result.exit_code}"
    prompt = f"COLUMNS={columns} " if columns != 100 else ""
    cd = f"$ cd {cwd}\n" if cwd else ""
    return f"```console\n{cd}$ {prompt}{command}{shown}{status}\n```\n"


def show_file(path: str, lang: str) -> str:
    """A file of the repository as it is, in a fenced block, with its path as a comment."""
    text = (ROOT / path).read_text(encoding="utf-8")
    return f"```{lang}\n{text.rstrip()}\n```\n"


def python(code: str) -> str:
    """Python code run in SCRATCH, and what it printed, as a `pycon`-like block: the code,
    then its output under `# prints:`."""
    import contextlib
    import io
    import textwrap

    code = textwrap.dedent(code).strip("\n")
    out = io.StringIO()
    here = os.getcwd()
    os.chdir(SCRATCH)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "<readme>", "exec"), {})
    finally:
        os.chdir(here)
    printed = "\n".join("# " + line.rstrip() for line in out.getvalue().rstrip("\n").splitlines())
    return f"```python\n{code}\n# prints:\n{printed}\n```\n"
