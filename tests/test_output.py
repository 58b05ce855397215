"""The shared output layer: every format, literal text, colour, widths and exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kzqa.output import Table, column_widths
from tests.conftest import write_facts

HOSTILE = {"hostile.toml": """
    [[source]]
    id = "doc-h"
    title = "Hostile [bold red]markup[/] :smile: doc"
    type = "news"

    [[agreement]]
    id = "hostile-agreement"
    title = "Deal [link=https://evil.example]click[/link] :rocket: \\u001b[31mred\\u001b[0m |pipe| \\ttab"
    type = "agreement"
    status = "signed"
    signed = "2020"
    citations = [{ source = "doc-h", quote = "q [b]x[/b]", locator = "para \\u009b1" }]
"""}


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    folder = write_facts(tmp_path / "hostile", HOSTILE)
    monkeypatch.setenv("KZQA_FACTS", str(folder))
    return folder


@pytest.mark.parametrize("flag", ["--json", "--nl", "--csv", "--md", "--tsv", "--table"])
def test_every_format_works_for_every_list_command(facts, run, flag):
    for command in (["timeline"], ["agreements"], ["projects"], ["figures"], ["search", "qatar"],
                    ["sources"], ["export"], ["compare", "--measure", "visitors-qatar"]):
        result = run(*command, flag)
        assert result.exit_code == 0, (command, result.stderr)
        assert result.stdout.strip(), command


def test_json_is_an_array_of_records_with_kind_and_schema_fields(facts, run):
    rows = json.loads(run("export", "--json").stdout)
    assert {r["kind"] for r in rows} == {"source", "entity", "event", "agreement", "project", "figure"}
    project = next(r for r in rows if r["id"] == "gas-plant")
    assert list(project)[:3] == ["kind", "id", "title"]
    assert list(project)[-6:] == ["citations", "related", "topics", "note", "disputed", "inferred"]
    assert project["amount"] == {"value": 2500000000, "currency": "USD", "qualifier": "approximately",
                                 "basis": "planned"}
    assert isinstance(project["amount"]["value"], int)
    event = next(r for r in rows if r["id"] == "state-visit-2022")
    assert event["date"] == "2022-10"


def test_nl_is_one_json_object_a_line(facts, run):
    lines = run("agreements", "--nl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["military-agreement"]


def test_csv_parses_with_the_csv_module(facts, run):
    rows = list(csv.reader(io.StringIO(run("timeline", "--csv").stdout)))
    assert rows[0] == ["date", "when", "kind", "what", "id", "title", "standing"]
    assert rows[1][:2] == ["1993-07-01", "1 Jul 1993"]


def test_tsv_is_the_default_when_piped(facts, run):
    out = run("timeline").stdout
    lines = out.splitlines()
    assert lines[0].split("\t") == ["date", "when", "kind", "what", "id", "title", "standing"]
    assert all(len(line.split("\t")) == 7 for line in lines)
    assert "\x1b" not in out and "┃" not in out


def test_two_formats_at_once_is_a_usage_error(facts, run):
    result = run("timeline", "--json", "--csv")
    assert result.exit_code == 2
    assert "choose one output format" in result.stderr


def test_hostile_text_is_shown_literally_in_every_format(hostile, run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    table = run("agreements", "--table").stdout
    assert "[link=https://evil.example]click[/link]" in table
    assert ":rocket:" in table and "🚀" not in table
    assert "\x1b" not in table and "\\x1b[31mred" in table
    tsv = run("agreements").stdout
    assert "\x1b" not in tsv and "\t" not in tsv.splitlines()[1].split("\t")[1]
    md = run("agreements", "--md").stdout
    assert "\\|pipe\\|" in md and "\x1b" not in md
    data = json.loads(run("agreements", "--json").stdout)
    assert data[0]["title"].startswith("Deal [link=")
    assert "\x1b[31m" in data[0]["title"]  # JSON keeps the data exact; json escapes it
    assert "\x1b" not in run("agreements", "--json").stdout
    show = run("show", "hostile-agreement", "--table").stdout
    assert "[b]x[/b]" in show and "\\x9b1" in show and "\x9b" not in show
    sources = run("sources", "--table").stdout
    assert "[bold red]markup[/]" in sources and ":smile:" in sources


def test_no_color_flag_and_env_and_force_color(facts, run, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = run("agreements", "--table").stdout
    assert "\x1b[" in coloured
    assert "\x1b[" not in run("--no-color", "timeline", "--table").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("timeline", "--table").stdout


def test_tables_fit_the_width_and_wrap_instead_of_cutting(facts, run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    out = run("agreements", "--table").stdout
    assert max(len(line) for line in out.splitlines()) <= 60
    assert "military" in out and "military-agreement" not in out  # the id folds across lines


def test_column_widths_fit_and_keep_short_columns_whole():
    table = Table(["id", "title"], [["abc", "word " * 40]], wide=("title",))
    widths = column_widths(table, 60)
    assert widths is not None and sum(widths) + 3 * 2 + 1 <= 60
    assert widths[0] == 3
    assert column_widths(Table(["a"], [["x"]]), 60) is None


def test_empty_results_are_exit_1_in_every_format(facts, run):
    assert run("agreements", "nothing-like-this", "--json").stdout.strip() == "[]"
    for flag in ("--json", "--nl", "--csv", "--md", "--tsv", "--table"):
        assert run("agreements", "nothing-like-this", flag).exit_code == 1
    result = run("agreements", "nothing-like-this", "--table")
    assert result.stderr.strip() == "kzqa: no results"
