"""The pre-commit hook, run by pre-commit itself on a scratch repository, in the README's forms.

The remote forms (`try-repo`, and a config pinned to a commit) make pre-commit install
kzqa into an environment of its own, which needs the package registry and takes a minute;
they use this checkout's committed state. The `repo: local` form uses the kzqa installed
beside these tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SMALL_FACTS, write_facts

pytestmark = [
    pytest.mark.bundled,
    pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git, which is not installed"),
]

CHECKOUT = Path(__file__).resolve().parents[1]
CONTRADICTED = "Qatar gave $25 million toward the Nur Astana Mosque in Astana.\n"
DISPUTED = "In 2011 the newly enthroned Emir Tamim made his first visit to Kazakhstan.\n"

LOCAL = """\
repos:
  - repo: local
    hooks:
      - id: kzqa-check
        name: kzqa check
        entry: kzqa check
        language: system
        types_or: [markdown, plain-text]
        verbose: true
{args}"""

PINNED = """\
repos:
  - repo: {repo}
    rev: {rev}
    hooks:
      - id: kzqa-check
{args}"""


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def scratch(folder: Path, files: dict[str, str], config: str | None = None) -> Path:
    """A new git repository holding `files` (staged, as pre-commit reads them)."""
    folder.mkdir(parents=True)
    git("init", "-q", cwd=folder)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    if config is not None:
        (folder / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    git("add", "-A", cwd=folder)
    return folder


def pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """Run pre-commit in `cwd` with its own store, kzqa's folder first on PATH."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1",
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    return subprocess.run([sys.executable, "-m", "pre_commit", *args, "--color", "never"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)


def args_block(*args: str) -> str:
    return f"        args: [{', '.join(args)}]\n" if args else ""


CHECK_HELP = subprocess.run([sys.executable, "-m", "kzqa", "check", "--help"], capture_output=True, text=True).stdout
needs_fail_on = pytest.mark.skipif("--fail-on" not in CHECK_HELP, reason="kzqa check has no --fail-on yet (issue 11)")
needs_facts = pytest.mark.skipif("--facts" not in CHECK_HELP,
                                 reason="kzqa check takes no --facts after the command yet (issue 11)")


# -- repo: local (kzqa installed with pip) -------------------------------------------------
def test_local_hook_fails_on_a_contradiction_and_shows_disputed(tmp_path: Path) -> None:
    repo = scratch(tmp_path / "r", {"draft.md": CONTRADICTED, "notes.txt": DISPUTED}, LOCAL.format(args=""))
    done = pre_commit("run", "--all-files", cwd=repo, home=tmp_path / "home")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "draft.md:1:12: contradicted: $25 million — record says USD 15,000,000" in done.stdout
    assert "notes.txt:1:4: disputed: 2011" in done.stdout


def test_local_hook_passes_with_disputed_claims_printed(tmp_path: Path) -> None:
    repo = scratch(tmp_path / "r", {"notes.txt": DISPUTED, "code.py": "x = '$25 million'\n"}, LOCAL.format(args=""))
    done = pre_commit("run", "--all-files", cwd=repo, home=tmp_path / "home")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "notes.txt:1:4: disputed:" in done.stdout  # verbose: true shows a passing hook's output
    assert "code.py" not in done.stdout


@needs_fail_on
def test_local_hook_with_fail_on_disputed_is_strict(tmp_path: Path) -> None:
    config = LOCAL.format(args=args_block("--fail-on", "disputed"))
    repo = scratch(tmp_path / "r", {"notes.txt": DISPUTED}, config)
    done = pre_commit("run", "--all-files", cwd=repo, home=tmp_path / "home")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "notes.txt:1:4: disputed:" in done.stdout


@needs_facts
def test_hook_args_pass_fact_folders(tmp_path: Path) -> None:
    config = LOCAL.format(args=args_block("--facts", "my-facts"))
    repo = scratch(tmp_path / "r", {"draft.md": CONTRADICTED}, config)
    write_facts(repo / "my-facts", SMALL_FACTS)  # records without the mosque: nothing to contradict
    git("add", "-A", cwd=repo)
    done = pre_commit("run", "--all-files", cwd=repo, home=tmp_path / "home")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "contradicted" not in done.stdout


# -- the published hook: try-repo, and a config pinned to a commit --------------------------
needs_checkout = pytest.mark.skipif(not (CHECKOUT / ".git").exists(),
                                    reason="not a git checkout (an sdist): nothing for pre-commit to clone")


@pytest.fixture(scope="module")
def pinned_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """pre-commit's store, shared by the pinned-form tests so kzqa is installed once."""
    yield tmp_path_factory.mktemp("pre-commit-home"), git("rev-parse", "HEAD", cwd=CHECKOUT).strip()


@needs_checkout
def test_try_repo_runs_the_published_hook(tmp_path: Path) -> None:
    repo = scratch(tmp_path / "r", {"notes.txt": DISPUTED, "draft.md": CONTRADICTED})
    done = pre_commit("try-repo", str(CHECKOUT), "kzqa-check", "--all-files", cwd=repo, home=tmp_path / "home")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "draft.md:1:12: contradicted: $25 million" in done.stdout
    assert "notes.txt:1:4: disputed:" in done.stdout


@needs_checkout
def test_a_config_pinned_to_a_commit_runs_as_written(tmp_path: Path, pinned_home: tuple[Path, str]) -> None:
    home, rev = pinned_home
    config = PINNED.format(repo=CHECKOUT, rev=rev, args="")
    repo = scratch(tmp_path / "r", {"notes.txt": DISPUTED}, config)
    done = pre_commit("run", "--all-files", cwd=repo, home=home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "notes.txt:1:4: disputed:" in done.stdout
    (repo / "draft.md").write_text(CONTRADICTED, encoding="utf-8")
    git("add", "draft.md", cwd=repo)
    done = pre_commit("run", "--all-files", cwd=repo, home=home)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "draft.md:1:12: contradicted:" in done.stdout


@needs_checkout
@needs_fail_on
def test_a_pinned_config_with_fail_on_disputed_is_strict(tmp_path: Path, pinned_home: tuple[Path, str]) -> None:
    home, rev = pinned_home
    config = PINNED.format(repo=CHECKOUT, rev=rev, args=args_block("--fail-on", "disputed"))
    repo = scratch(tmp_path / "r", {"notes.txt": DISPUTED}, config)
    done = pre_commit("run", "--all-files", cwd=repo, home=home)
    assert done.returncode == 1, done.stdout + done.stderr
