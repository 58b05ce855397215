"""Option values: every vocabulary checked the same way, with a near match, and completed."""

from __future__ import annotations

import typing

import pytest

from kzqa import vocab
from tests.conftest import json_out


def test_the_fixed_vocabularies_are_the_schemas() -> None:
    from kzqa import models, store

    def literal(model: type, name: str) -> tuple[str, ...]:
        return typing.get_args(model.model_fields[name].annotation)

    assert vocab.KINDS == store.KINDS
    assert literal(models.Event, "type") == vocab.EVENT_TYPES
    assert literal(models.Agreement, "type") == vocab.AGREEMENT_TYPES
    assert literal(models.Agreement, "status") == vocab.AGREEMENT_STATUSES
    assert literal(models.Project, "status") == vocab.PROJECT_STATUSES


@pytest.mark.parametrize(("args", "message"), [
    (["timeline", "--kind", "vist"], "--kind: 'vist' is not accepted; did you mean 'visit'?"),
    (["timeline", "--topic", "diplomcy"], "--topic: 'diplomcy' is not accepted; did you mean 'diplomacy'?"),
    (["timeline", "--country", "Qatr"], "--country: 'Qatr' is not a country; did you mean 'qatar'?"),
    (["agreements", "--sector", "defense"], "--sector: 'defense' is not accepted; did you mean 'defence'?"),
    (["projects", "--sector", "bogus"], "--sector: 'bogus' is not accepted (one of: defence, diplomacy, energy, "
                                        "military)"),
    (["agreements", "--status", "in-forse"], "--status: 'in-forse' is not accepted; did you mean 'in-force'?"),
    (["projects", "--status", "done"], "--status: 'done' is not accepted (one of: idea, proposed,"),
    (["search", "qatar", "--kind", "figures"], "--kind: 'figures' is not accepted; did you mean 'figure'?"),
    (["export", "--kind", "planet"], "--kind: 'planet' is not accepted (one of: source, entity, event,"),
])
def test_unknown_values_are_exit_2_with_a_near_match_and_the_accepted_values(facts, run, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kzqa: {message}")
    assert result.stdout == ""


def test_known_values_match_whatever_the_case_accents_or_script(facts, run):
    assert [r["id"] for r in json_out(run("timeline", "--country", "КАЗАХСТАН", "--kind", "Visit", "--json"))] == [
        "state-visit-2022"]
    assert [r["id"] for r in json_out(run("agreements", "--status", "SIGNED", "--sector", "Defence", "--json"))] == [
        "military-agreement"]
    assert json_out(run("timeline", "--kind", "in-force", "--json")) == []  # known, but nothing is in force


def test_vocabularies_from_the_records(facts) -> None:
    from kzqa.commands import open_records

    records = open_records()
    assert vocab.topics(records) == ["defence", "diplomacy", "energy", "military"]
    assert vocab.countries(records)["казахстан"] == "kazakhstan"
    assert vocab.country_ids(records) == ["kazakhstan", "qatar"]


def test_values_complete_in_the_shell(facts, run, tmp_path):
    from typer.testing import CliRunner

    from kzqa.cli import app

    def complete(line: str) -> list[str]:
        words = line.split()
        if line.endswith(" "):
            words.append("")
        env = {"_KZQA_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
        return CliRunner().invoke(app, [], env=env, prog_name="kzqa").stdout.split()

    assert complete("kzqa agreements --status in") == ["in-force"]
    assert complete("kzqa projects --sector en") == ["energy"]
    assert complete("kzqa timeline --country Қаз") == ["Қазақстан"]
    assert complete("kzqa timeline --kind vi") == ["visit"]
    assert complete("kzqa export --kind fi") == ["figure"]
    assert complete("kzqa timeline --format j") == ["json"]
    assert complete("kzqa agreements --party ast") == ["astana"]
    assert complete("kzqa timeline --actor Qa") == ["Qatar"]
