"""kzqa search, show, sources, cite, export, schema, and shell completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import json_out, write_facts


def test_search_ranks_and_says_why(facts, run):
    rows = json_out(run("search", "military cooperation", "--json"))
    assert rows[0]["id"] == "military-agreement"
    assert rows[0]["kind"] == "agreement"
    assert "title: military cooperation" in rows[0]["matched"]
    assert rows[0]["answer"] == "signed 12 Oct 2022; status signed"
    assert rows[0]["record"]["signed"] == "2022-10-12"


@pytest.mark.parametrize("text", ["Nur-Sultan", "nur sultan", "NUR-SULTAN"])
def test_search_finds_a_former_name(facts, run, text):
    rows = json_out(run("search", text, "--json"))
    assert rows[0]["id"] == "astana"
    assert rows[0]["matched"].startswith("alias")


def test_search_folds_cyrillic_case_and_diacritics(facts, run, tmp_path, monkeypatch):
    extra = write_facts(tmp_path / "tr", {"tr.toml": """
        [[entity]]
        id = "turkiye"
        name = "Türkiye"
        type = "country"
        aliases = ["Turkey"]
        citations = [{ source = "doc-a", quote = "x", locator = "y" }]
    """})
    monkeypatch.setenv("KZQA_FACTS", os.pathsep.join([str(facts), str(extra)]))
    for text in ("Türkiye", "turkiye", "TURKIYE", "turkey"):
        assert json_out(run("search", text, "--json"))[0]["id"] == "turkiye", text
    rows = json_out(run("search", "қазақстан", "--json"))
    assert rows[0]["id"] == "kazakhstan"
    # Records that name Kazakhstan are found through the alias too, and say so.
    assert any(r["id"] == "military-agreement" and "names: қазақстан" in r["matched"] for r in rows)


def test_search_kind_filter_and_nothing_found(facts, run):
    rows = json_out(run("search", "qatar", "--kind", "figure", "--json"))
    assert rows == [] or {r["kind"] for r in rows} == {"figure"}
    result = run("search", "zanzibar", "--json")
    assert result.exit_code == 1 and json_out(result) == []
    assert run("search", "qatar", "--kind", "planet").exit_code == 2


@pytest.mark.bundled
@pytest.mark.parametrize("text", ["Nur Astana Mosque", "qatar", "astana", "gas energy", "qatar airways",
                                  "the", "Nur-Sultan", "kazakhstan qatar visit",
                                  "kz-qa-diplomatic-relations", "c5-plus-1"])
@pytest.mark.parametrize("kind", [[], ["--kind", "event"], ["--kind", "entity", "--kind", "agreement"]])
def test_search_limit_shows_the_first_rows_of_the_whole_ranking(run, text, kind):
    """A limit scores only the hits that can be shown (those matching every counted word,
    and the records the query names): the rows are still the first of the whole ranking."""
    whole = json_out(run("search", text, *kind, "--limit", "0", "--json"))
    for limit in (1, 3, 20):
        assert json_out(run("search", text, *kind, "--limit", str(limit), "--json")) == whole[:limit]


def test_show_gives_the_record_with_citations_and_related(facts, run):
    data = json_out(run("show", "gas-plant", "--json"))
    assert isinstance(data, dict) and data["id"] == "gas-plant"
    text = run("show", "gas-plant").stdout
    assert "about USD 2,500,000,000 (planned)" in text
    assert "“USD 2.5 billion”" in text and "doc-a, Table 2" in text
    entity = run("show", "qatar").stdout
    assert "gas-plant" in entity and "refers to this" in entity


def test_show_unknown_id_exits_1_and_suggests(facts, run):
    result = run("show", "gas-plan")
    assert result.exit_code == 1
    assert "did you mean: gas-plant" in result.stderr


def test_show_marks_standing(tmp_path, run, monkeypatch, facts):
    extra = write_facts(tmp_path / "d", {"d.toml": """
        [[figure]]
        id = "doubtful"
        title = "A doubtful number"
        measure = "doubt"
        value = 1
        unit = "times"
        basis = "actual"
        disputed = "Another source gives 2."
        citations = [{ source = "doc-a", quote = "x", locator = "y" }]
    """})
    monkeypatch.setenv("KZQA_FACTS", os.pathsep.join([str(facts), str(extra)]))
    text = run("show", "doubtful").stdout
    assert "Standing" in text and "disputed\tAnother source gives 2." in text


def test_sources_counts_citing_records(facts, run):
    rows = run("sources").stdout.splitlines()
    header = rows[0].split("\t")
    assert header[:2] == ["kind", "id"] and header[-2:] == ["records", "citation"]
    assert rows[1].split("\t")[1] == "doc-a"
    assert rows[1].split("\t")[-2:] == ["9", "Writer 2024"]
    source = json_out(run("sources", "--json"))[0]
    assert (source["id"], source["records"], source["citation"]) == ("doc-a", 9, "Writer 2024")


def test_cite_styles(facts, run):
    text = run("cite", "gas-plant").stdout
    assert "gas-plant: “USD 2.5 billion” (Writer 2024, Table 2)" in text and "Document A" in text
    md = run("cite", "gas-plant", "--style", "markdown").stdout
    assert "- `gas-plant`: “USD 2.5 billion”" in md
    bib = run("cite", "gas-plant", "--style", "bibtex").stdout
    assert bib.startswith("@article{doc-a,") and "author = {Writer, A.}" in bib and "year = {2024}" in bib
    csl = json.loads(run("cite", "gas-plant", "--style", "csl-json").stdout)
    assert csl == [{"id": "doc-a", "type": "article-journal", "title": "Document A",
                    "author": [{"family": "Writer", "given": "A."}], "container-title": "Journal",
                    "issued": {"date-parts": [[2024, 3]]}}]
    assert run("cite", "gas-plant", "--style", "apa").exit_code == 2
    assert run("cite", "nope").exit_code == 2


def test_export_every_record_and_by_kind(facts, run):
    rows = json_out(run("export", "--json"))
    assert len(rows) == 10
    figures = json_out(run("export", "--kind", "figure", "--json"))
    assert [r["id"] for r in figures] == ["visitors-2022", "visitors-2023"]


def test_schema_is_json_schema_of_a_fact_file(run):
    schema = json.loads(run("schema").stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["properties"]) == {"source", "entity", "event", "agreement", "project", "figure"}
    assert schema["$defs"]["Figure"]["additionalProperties"] is False
    assert "from" in schema["$defs"]["Role"]["properties"]


def _complete(args: str, env: dict[str, str]) -> list[str]:
    words = f"kzqa {args}"
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from kzqa.cli import main; sys.argv[0] = 'kzqa'; main()"],
        env={**os.environ, **env, "_KZQA_COMPLETE": "complete_bash", "COMP_WORDS": words,
             "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))},
        capture_output=True, text=True, check=False)
    return proc.stdout.split()


def test_completion_offers_ids_and_measures(facts, tmp_path):
    env = {"KZQA_FACTS": str(facts), "KZQA_CACHE_DIR": str(tmp_path / "cache")}
    assert _complete("show visitors", env) == ["visitors-2022", "visitors-2023"]
    assert "gas-plant" in _complete("cite gas", env)
    assert _complete("compare --measure visitors", env) == ["visitors-qatar"]


def test_completion_does_not_load_the_validation_machinery(facts, tmp_path):
    code = ("import sys; from kzqa.commands import complete_ids; ids = complete_ids(None, 'vis'); "
            "print(ids, 'pydantic' in sys.modules, 'tomli' in sys.modules)")
    env = {**os.environ, "KZQA_FACTS": str(facts), "KZQA_CACHE_DIR": str(tmp_path / "c")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['visitors-2022', 'visitors-2023'] False False"
