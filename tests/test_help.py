"""Help as gh writes it: -h, capital metavars, whole command list, accepted values."""

from __future__ import annotations

import re

import pytest

from kzqa.cli import COMMANDS


def test_h_is_help_for_the_app_and_every_command(run):
    assert run("-h").stdout == run("--help").stdout
    for name in COMMANDS:
        result = run(name, "-h")
        assert result.exit_code == 0, name
        assert result.stdout.startswith(f"Usage: kzqa {name} [OPTIONS]"), name


@pytest.mark.parametrize("name", list(COMMANDS))
def test_metavars_are_capitals(run, name):
    text = run(name, "--help").stdout
    assert not re.search(r"<\w+>|\{\w+\}|\[(?!required\])[a-z]+\]", text), text
    for metavar in re.findall(r"(?m)^  (?:-\w, )?--[a-z-]+ ([A-Za-z]+)", text):
        assert metavar.isupper(), (name, metavar)


def test_the_command_list_is_not_cut(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    text = run("--help").stdout
    commands = text.split("Commands:\n")[1]
    assert "..." not in commands.replace("reserves...", "")
    flat = " ".join(commands.split())
    assert "events and agreement and project milestones." in flat
    assert all(f"  {name} " in commands for name in COMMANDS)


def test_help_lists_the_accepted_values(facts, run):
    agreements = " ".join(run("agreements", "--help").stdout.split())
    assert "proposed, under-negotiation, signed, ratified, in-force, ended, unknown" in agreements
    assert "Known: defence, diplomacy, energy, military." in agreements
    timeline = " ".join(run("timeline", "--help").stdout.split())
    assert "Known: kazakhstan, qatar." in timeline and "visit, meeting, forum" in timeline
    assert "--format FORMAT" in timeline and "json: a JSON array of records" in timeline


def test_help_groups_output_and_app_options(run):
    text = run("timeline", "--help").stdout
    assert text.index("Options:") < text.index("Output:") < text.index("App options (before or after")
    assert "--add-facts DIR" in text.split("App options")[1]


def test_show_help_describes_what_show_writes(run):
    text = " ".join(run("show", "--help").stdout.split())
    assert "json: the record as one JSON object" in text
    assert "md: the labelled sections as a Markdown table" in text
    assert "--limit" not in text  # one record: no list options
