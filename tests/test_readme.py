"""The README is checked, not trusted: its outputs are regenerated from the bundled
records and compared (cog --check), and CI runs the test command it shows."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


@pytest.mark.bundled
def test_readme_outputs_match_the_tool():
    proc = subprocess.run([sys.executable, "-m", "cogapp", "--check", "-I", str(ROOT / "docs"), str(README)],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, "README outputs drifted; run: cog -r -I docs README.md\n" + proc.stdout + proc.stderr


def test_readme_starts_with_install_and_run_then_install_and_test():
    blocks = re.findall(r"```sh\n(.+?)\n```", README.read_text(encoding="utf-8"))
    assert "pip install . && kzqa " in blocks[0]
    assert 'pip install ".[test]" && python -m pytest' in blocks[1]


def test_ci_runs_the_readme_test_command():
    text = README.read_text(encoding="utf-8")
    after_marker = text.split("<!-- ci: the test command -->", 1)[1]
    command = re.search(r"```sh\n(.+?)\n```", after_marker).group(1)
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "ci: the test command" in script and "bash -c" in script
    assert command == re.findall(r"```sh\n(.+?)\n```", text)[1]


def test_every_command_in_the_readme_is_a_real_command():
    from kzqa.cli import COMMANDS

    used = set(re.findall(r"`kzqa ([a-z]+)", README.read_text(encoding="utf-8")))
    assert used - set(COMMANDS) <= {"install"}, used - set(COMMANDS)
