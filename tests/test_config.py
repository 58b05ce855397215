"""Where the records and settings come from: app options anywhere, --add-facts, the config file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kzqa.config import Config, bundled_facts, fact_folders, find_config, read_config
from kzqa.errors import ConfigError
from tests.conftest import SMALL_FACTS, Run, json_out, write_facts

# One event citing its own source and naming entities of the base set (issue 11's writer).
MINE = {"mine.toml": """
    [[source]]
    id = "doc-mine"
    title = "My notes"
    type = "news"

    [[event]]
    id = "my-forum"
    title = "My forum in Astana"
    date = "2024-05"
    type = "forum"
    countries = ["kazakhstan", "qatar"]
    places = ["astana"]
    citations = [{ source = "doc-mine", quote = "a forum", locator = "p 1" }]
"""}


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    return write_facts(tmp_path / "mine", MINE)


# -- app options before or after the command name -------------------------------------------

@pytest.mark.parametrize("args", [
    ["timeline", "--no-cache", "--json"],
    ["timeline", "--json", "--no-color"],
    ["--no-cache", "timeline", "--json"],
    ["agreements", "--no-color", "--json"],
])
def test_app_options_work_after_the_command_name(facts: Path, run: Run, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert json_out(result)


def test_facts_after_the_command_name_replaces_the_set(facts: Path, tmp_path: Path, run: Run) -> None:
    other = write_facts(tmp_path / "other", {"s.toml": """
        [[source]]
        id = "doc-b"
        title = "B"
        type = "news"
    """})
    result = run("sources", "--facts", str(other), "--json")
    assert [r["id"] for r in json_out(result)] == ["doc-b"]


def test_no_cache_after_the_command_writes_no_cache(facts: Path, tmp_path: Path, run: Run) -> None:
    for path in facts.iterdir():  # older than the cache's two-second "racy" window
        os.utime(path, (1_600_000_000, 1_600_000_000))
    assert run("timeline", "--no-cache", "--json").exit_code == 0
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())
    assert run("timeline", "--json").exit_code == 0
    assert any((tmp_path / "cache").iterdir())


def test_no_color_after_the_command_writes_no_escapes(facts: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run("agreements", "--table").stdout
    assert "\x1b[" not in run("agreements", "--table", "--no-color").stdout


# -- --add-facts and KZQA_ADD_FACTS ----------------------------------------------------------

def test_add_facts_reads_on_top_of_the_base_set(facts: Path, mine: Path, run: Run) -> None:
    assert run("timeline", "--facts", str(mine)).exit_code == 2  # alone, kazakhstan is unknown
    rows = json_out(run("timeline", "--add-facts", str(mine), "--from", "2024", "--json"))
    assert [r["id"] for r in rows] == ["my-forum"]
    assert json_out(run("--add-facts", str(mine), "show", "my-forum", "--json"))["places"] == ["astana"]


@pytest.mark.bundled
def test_add_facts_reads_on_top_of_the_bundled_records(tmp_path: Path, run: Run) -> None:
    folder = write_facts(tmp_path / "doha", {"mine.toml": MINE["mine.toml"].replace('"astana"', '"doha"')})
    rows = json_out(run("timeline", "--add-facts", str(folder), "--country", "qatar", "--json"))
    assert "my-forum" in [r["id"] for r in rows]
    assert len(rows) > 10  # the bundled ones are still there


def test_kzqa_add_facts_takes_folders_and_flags_add_to_them(facts: Path, mine: Path, tmp_path: Path, run: Run,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    more = write_facts(tmp_path / "more", {"more.toml": """
        [[event]]
        id = "my-visit"
        title = "My visit"
        date = "2025-01"
        type = "visit"
        countries = ["qatar"]
        citations = [{ source = "doc-a", quote = "x", locator = "y" }]
    """})
    monkeypatch.setenv("KZQA_ADD_FACTS", str(mine))
    assert [r["id"] for r in json_out(run("timeline", "--from", "2024", "--json"))] == ["my-forum"]
    rows = json_out(run("timeline", "--from", "2024", "--add-facts", str(more), "--json"))
    assert [r["id"] for r in rows] == ["my-forum", "my-visit"]
    monkeypatch.setenv("KZQA_ADD_FACTS", f"{mine}{os.pathsep}{more}")
    assert len(json_out(run("timeline", "--from", "2024", "--json"))) == 2


def test_an_added_id_that_repeats_one_names_both_files(facts: Path, tmp_path: Path, run: Run) -> None:
    again = write_facts(tmp_path / "again", {"again.toml": """
        [[event]]
        id = "state-visit-2022"
        title = "Another"
        date = "2022"
        type = "visit"
        citations = [{ source = "doc-a", quote = "x", locator = "y" }]
    """})
    result = run("validate", "--add-facts", str(again))
    assert result.exit_code == 2
    line = next(x for x in result.stderr.splitlines() if "duplicate id" in x)
    assert line.startswith(f"{again / 'again.toml'}:2: state-visit-2022: id: duplicate id")
    assert str(facts / "facts.toml") in line


def test_validate_says_which_folders_it_read(facts: Path, mine: Path, run: Run) -> None:
    result = run("validate", "--add-facts", str(mine))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == [f"read: {facts}", f"read: {mine}"]


def test_completion_follows_the_folders_typed_on_the_line(facts: Path, mine: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kzqa.cli import app

    env = {"_KZQA_COMPLETE": "complete_bash", "KZQA_FACTS": str(facts), "KZQA_CACHE_DIR": str(tmp_path / "c")}
    for words in (f"kzqa --add-facts {mine} show my-", f"kzqa show --add-facts {mine} my-"):
        result = CliRunner().invoke(app, [], env={**env, "COMP_WORDS": words,
                                                  "COMP_CWORD": str(len(words.split()) - 1)},
                                    prog_name="kzqa")
        assert "my-forum" in result.stdout, words
    result = CliRunner().invoke(app, [], env={**env, "COMP_WORDS": "kzqa show my-", "COMP_CWORD": "2"},
                                prog_name="kzqa")
    assert "my-forum" not in result.stdout


# -- fact_folders ----------------------------------------------------------------------------

def test_fact_folders_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, c, d = (tmp_path / n for n in "abcd")
    empty = Config()
    assert fact_folders(None, None, empty) == [bundled_facts()]
    assert fact_folders(None, [a], empty) == [bundled_facts(), a]
    monkeypatch.setenv("KZQA_FACTS", str(b))
    monkeypatch.setenv("KZQA_ADD_FACTS", str(c))
    assert fact_folders(None, [a], empty) == [b, c, a]
    assert fact_folders([d], [a, c], empty) == [d, c, a]  # a folder named twice is read once
    monkeypatch.delenv("KZQA_FACTS")
    config = Config(path=tmp_path / ".kzqa.toml", facts=(d,), add_facts=(a,))
    assert fact_folders(None, None, config) == [d, a, c]


# -- the config file -------------------------------------------------------------------------

def test_config_is_found_upward_and_dotfile_wins(tmp_path: Path) -> None:
    deep = tmp_path / "p" / "docs" / "drafts"
    deep.mkdir(parents=True)
    (tmp_path / "p" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(deep) is None  # a pyproject.toml without [tool.kzqa] does not count
    (tmp_path / "p" / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.kzqa]\nignore = ["a"]\n')
    assert find_config(deep) == tmp_path / "p" / "pyproject.toml"
    (tmp_path / "p" / "docs" / ".kzqa.toml").write_text('ignore = ["b"]\n')
    assert find_config(deep) == tmp_path / "p" / "docs" / ".kzqa.toml"


def test_config_keys_are_read_and_typed(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.kzqa]\nfacts = ["records"]\nadd-facts = ["more", "../shared"]\n'
                    'fail-on = "disputed"\nshow = ["contradicted", "disputed"]\nignore = ["old-figure"]\n')
    assert read_config(path) == Config(
        path=path, facts=(tmp_path / "records",), add_facts=(tmp_path / "more", tmp_path.parent / "shared"),
        fail_on="disputed", show=("contradicted", "disputed"), ignore=("old-figure",))


@pytest.mark.parametrize(("text", "message"), [
    ('fail-on = "contradict"', "fail-on: 'contradict' is not a verdict; did you mean 'contradicted'?"),
    ('show = ["supported", "bogus"]', "show: 'bogus' is not a verdict"),
    ("facts = 3", "facts: must be a list of strings"),
    ('add_facts = ["x"]', "add_facts: unknown key; did you mean 'add-facts'?"),
    ("facts = [", "-: not valid TOML"),
])
def test_a_bad_config_is_exit_2_with_path_key_message(facts: Path, tmp_path: Path, run: Run,
                                                      text: str, message: str) -> None:
    (tmp_path / ".kzqa.toml").write_text(text + "\n")
    with pytest.raises(ConfigError):
        read_config(tmp_path / ".kzqa.toml")
    result = run("timeline", "--json")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / '.kzqa.toml'}: {message}")
    assert "Traceback" not in result.stderr


def test_config_folders_are_relative_to_the_file_and_options_win(facts: Path, mine: Path, tmp_path: Path,
                                                                run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KZQA_FACTS")
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    (project / "pyproject.toml").write_text(f'[tool.kzqa]\nfacts = ["{os.path.relpath(facts, project)}"]\n'
                                            f'add-facts = ["../mine"]\n')
    monkeypatch.chdir(project / "sub")
    assert [r["id"] for r in json_out(run("timeline", "--from", "2024", "--json"))] == ["my-forum"]
    result = run("validate")
    assert result.stdout.splitlines()[1:] == [f"read: {facts}",
                                              f"read: {tmp_path / 'mine'}"]
    other = write_facts(tmp_path / "other", {**SMALL_FACTS, "sources.toml": SMALL_FACTS["sources.toml"].replace(
        "Document A", "Document Z")})
    rows = json_out(run("--facts", str(other), "sources", "--json"))
    # --facts replaces the config's facts; its add-facts still add
    assert [(r["id"], r["title"]) for r in rows] == [("doc-a", "Document Z"), ("doc-mine", "My notes")]
    assert json.loads(run("sources", "--json").stdout)[0]["title"] == "Document A"
