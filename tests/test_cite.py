"""kzqa cite: many ids, each source once, and output that pybtex, bibtexparser and
citeproc-py accept, for the bundled sources and for hostile names and titles."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from conftest import Run, write_facts
from hypothesis import given
from hypothesis import strategies as st
from pybtex.database import BibliographyData, parse_string
from pybtex.plugin import find_plugin

from kzqa.cite import STYLES, clean, latex_escape, parse_name, short_cite

# A user's own sources: every name form docs/fact-files.md allows, LaTeX's specials,
# unbalanced braces, control characters, a season and a supplied title.
HOSTILE = """
[[source]]
id = "hostile-specials"
title = "Costs & benefits: 50% of $2bn in #energy_deals {draft} ~ ^ \\\\ end"
authors = ["de la Cruz, Maria", "Nazarbayev, Nursultan", "Raza Syed", "AFP"]
outlet = "Ink & Paper_Press"
date = "2024-21"
type = "article"
note = "CURATION-ONLY note: never cite this"

[[source]]
id = "hostile-braces"
title = "Unbalanced }{ braces { and \\u0007bell\\u001b[31m escapes\\u0000 here"
authors = ["Maria de la Cruz", "Jean {Paul", "Tom and Jerry, Cat"]
outlet = "Weird } outlet {"
date = "2023-06-05"
url = "https://example.org/a b{c}"
type = "news"

[[source]]
id = "hostile-supplied"
title = "Remarks at a press briefing"
supplied_title = true
type = "interview"
date = "2019~"

[[event]]
id = "hostile-event"
title = "An event"
date = "2024-03"
type = "other"
disputed = "another source disagrees"
citations = [
  { source = "hostile-specials", quote = "a quote\\twith a tab", locator = "para 2" },
  { source = "hostile-braces", quote = "another quote", locator = "p. 3" },
  { source = "hostile-specials", quote = "a second quote", locator = "Table 1" },
]
"""
HOSTILE_IDS = ("hostile-specials", "hostile-braces", "hostile-supplied")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = write_facts(tmp_path / "hostile", {"hostile.toml": HOSTILE})
    monkeypatch.setenv("KZQA_FACTS", str(folder))
    return folder


@pytest.fixture
def bundled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KZQA_FACTS", raising=False)


def _ok(result: Any) -> str:
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def _pybtex_plain(bib: str) -> tuple[BibliographyData, dict[str, str]]:
    """Parse BibTeX with pybtex (strict: a duplicate key is an error) and format every
    entry with its `plain` style, which stops on a missing required field."""
    data = parse_string(bib, "bibtex")
    style = find_plugin("pybtex.style.formatting", "plain")()
    backend = find_plugin("pybtex.backends", "text")()
    return data, {e.key: e.text.render(backend) for e in style.format_bibliography(data).entries}


def _bibtexparser(bib: str) -> dict[str, dict[str, str]]:
    library = bibtexparser.parse_string(bib)
    assert library.failed_blocks == []  # duplicate keys land here
    return {e.key: {f.key: f.value for f in e.fields} for e in library.entries}


def _harvard(items: list[dict[str, Any]]) -> list[str]:
    """Format CSL-JSON with citeproc-py's bundled harvard-cite-them-right style."""
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


# -- the bundled sources --------------------------------------------------------------------
@pytest.mark.bundled
def test_every_bundled_source_formats_with_pybtex_plain_and_bibtexparser(bundled, run: Run) -> None:
    sources = json.loads(_ok(run("export", "--kind", "source", "--json")))
    bib = _ok(run("cite", *[s["id"] for s in sources], "--style", "bibtex"))
    _, formatted = _pybtex_plain(bib)
    assert sorted(formatted) == sorted(s["id"] for s in sources)
    for source in sources:
        assert source["title"].split(":")[0].replace("$", r"\$") in formatted[source["id"]]
        assert source["note"][:40] not in bib  # curation never reaches a citation
    fields = _bibtexparser(bib)
    assert fields["syed-2024"]["month"] == "feb"  # the month macro, not {2}
    assert "year" not in fields["ahmad-2025"] and "n.d." not in bib
    assert fields["ahmad-2025"]["note"] == "Journal not known"


@pytest.mark.bundled
def test_every_bundled_source_formats_with_citeproc_harvard(bundled, run: Run) -> None:
    sources = json.loads(_ok(run("export", "--kind", "source", "--json")))
    items = json.loads(_ok(run("cite", *[s["id"] for s in sources], "--style", "csl-json")))
    assert [i["id"] for i in items] == [s["id"] for s in sources]
    assert all("note" not in i for i in items)
    entries = _harvard(items)
    assert len(entries) == len(sources)
    for source in sources:
        assert any(source["title"] in entry for entry in entries), source["id"]
    ahmad = next(e for e in entries if "Foreign policy cooperation" in e)
    assert ahmad.startswith("Ahmad, A.S.O., Kurmangali, A.K. and Twaissi, S. (no date)")
    # News with neither author nor outlet leads with its title, not with nothing.
    tokayev = next(e for e in entries if "Tokayev to undertake" in e)
    # Its title is the curators' own (supplied_title): in square brackets.
    assert tokayev.startswith("“[Tokayev to undertake two-day official visit to Pakistan]” (no date)")


@pytest.mark.bundled
def test_all_cites_every_cited_source_once_for_a_pandoc_bibliography(bundled, run: Run) -> None:
    # The README's Pandoc/Zotero workflow: `kzqa cite --all --style bibtex > refs.bib`.
    records = json.loads(_ok(run("export", "--json")))
    cited = {c["source"] for r in records for c in r.get("citations", [])}
    bib = _ok(run("cite", "--all", "--style", "bibtex"))
    assert set(_bibtexparser(bib)) == cited
    assert set(_pybtex_plain(bib)[1]) == cited
    csl = json.loads(_ok(run("cite", "--all", "--style", "csl-json")))
    assert sorted(i["id"] for i in csl) == sorted(cited)


@pytest.mark.bundled
def test_records_citing_one_source_give_one_entry(bundled, run: Run) -> None:
    records = json.loads(_ok(run("export", "--json")))
    ahmad = [r["id"] for r in records if any(c["source"] == "ahmad-2025" for c in r.get("citations", []))][:3]
    assert len(ahmad) == 3
    bib = _ok(run("cite", *ahmad, "--style", "bibtex"))
    assert bib.count("{ahmad-2025,") == 1
    text = _ok(run("cite", *ahmad))
    assert text.count("Foreign policy cooperation") == 1
    for rid in ahmad:  # each record's locator under its source
        assert f"\n  {rid}: “" in text


@pytest.mark.bundled
def test_bundled_and_user_bibtex_concatenated_parse_without_duplicates(hostile: Path, run: Run) -> None:
    facts = str(Path(__file__).resolve().parents[1] / "facts")
    bundled_bib = _ok(run("--facts", facts, "cite", "--all", "--style", "bibtex"))
    user_bib = _ok(run("cite", *HOSTILE_IDS, "--style", "bibtex"))
    both = bundled_bib + "\n" + user_bib
    keys = re.findall(r"^@\w+\{([^,]+),", both, flags=re.M)
    assert len(keys) == len(set(keys)) > len(HOSTILE_IDS)
    assert sorted(_bibtexparser(both)) == sorted(keys)
    assert sorted(_pybtex_plain(both)[1]) == sorted(keys)


# -- text and Markdown -----------------------------------------------------------------------
def test_text_style_without_author_is_title_first_and_has_no_double_stops(hostile, run: Run) -> None:
    text = _ok(run("cite", "hostile-supplied"))
    assert text == "[Remarks at a press briefing] (c. 2019).\n"
    assert ".." not in _ok(run("cite", *HOSTILE_IDS))


def test_text_and_markdown_list_locators_under_their_source(hostile, run: Run) -> None:
    text = _ok(run("cite", "hostile-event"))
    blocks = text.strip().split("\n\n")
    assert len(blocks) == 2  # two sources, the first cited twice
    assert blocks[0].splitlines()[1:] == [
        "  hostile-event: “a quote with a tab” (de la Cruz et al. 2024, para 2)",
        "    disputed: another source disagrees",
        "  hostile-event: “a second quote” (de la Cruz et al. 2024, Table 1)",
    ]
    md = _ok(run("cite", "hostile-event", "--style", "markdown"))
    assert "- `hostile-event`: “a quote with a tab” (de la Cruz et al. 2024, para 2)" in md
    assert r"Costs & benefits: 50% of $2bn in \#energy\_deals" in md


def test_supplied_title_stands_in_square_brackets_in_every_style(hostile, run: Run) -> None:
    assert "[Remarks at a press briefing]" in _ok(run("cite", "hostile-supplied"))
    assert r"\[Remarks at a press briefing\]" in _ok(run("cite", "hostile-supplied", "--style", "markdown"))
    assert "title = {{[Remarks at a press briefing]}}" in _ok(run("cite", "hostile-supplied", "--style", "bibtex"))
    csl = json.loads(_ok(run("cite", "hostile-supplied", "--style", "csl-json")))
    assert csl[0]["title"] == "[Remarks at a press briefing]"
    assert csl[0]["issued"] == {"date-parts": [[2019]], "circa": True}
    supplied = {"title": "Remarks at a press briefing", "supplied_title": True}
    assert short_cite(supplied) == "[Remarks at a press…] n.d."  # brackets round the short title
    assert short_cite({**supplied, "authors": ["AFP"], "date": "2024-21"}) == "AFP 2024"


# -- hostile names and text -----------------------------------------------------------------
def test_hostile_sources_parse_and_format_everywhere(hostile, run: Run) -> None:
    outputs = {style: _ok(run("cite", *HOSTILE_IDS, "--style", style)) for style in STYLES}
    for style, out in outputs.items():
        assert not CONTROL.search(out), style
        assert "CURATION-ONLY" not in out, style
        assert "and bell[31m escapes here" in out.replace("\\", ""), style
    data, formatted = _pybtex_plain(outputs["bibtex"])
    assert sorted(formatted) == sorted(HOSTILE_IDS)
    fields = _bibtexparser(outputs["bibtex"])
    assert fields["hostile-specials"]["title"] == (
        r"{Costs \& benefits: 50\% of \$2bn in \#energy\_deals \textbraceleft{}draft\textbraceright{} "
        r"\textasciitilde{} \textasciicircum{} \textbackslash{} end}")
    assert fields["hostile-braces"]["url"] == "https://example.org/a%20b%7Bc%7D"
    people = data.entries["hostile-specials"].persons["author"]
    assert [(p.prelast_names, p.last_names, p.first_names) for p in people] == [
        (["de", "la"], ["Cruz"], ["Maria"]), ([], ["Nazarbayev"], ["Nursultan"]),
        ([], ["Syed"], ["Raza"]), ([], ["{AFP}"], [])]
    braces = data.entries["hostile-braces"].persons["author"]
    assert [p.last_names for p in braces] == [["Cruz"], [r"\textbraceleft{}Paul"], ["Tom", "{and}", "Jerry"]]
    assert braces[0].prelast_names == ["de", "la"]
    entries = _harvard(json.loads(outputs["csl-json"]))
    assert any(e.startswith("de la Cruz, M. et al. (2024) “Costs & benefits") for e in entries), entries


def test_csl_names_and_season(hostile, run: Run) -> None:
    item = json.loads(_ok(run("cite", "hostile-specials", "--style", "csl-json")))[0]
    assert item["author"] == [
        {"family": "Cruz", "given": "Maria", "non-dropping-particle": "de la"},
        {"family": "Nazarbayev", "given": "Nursultan"},
        {"family": "Syed", "given": "Raza"},
        {"literal": "AFP"},
    ]
    assert item["issued"] == {"date-parts": [[2024]], "season": 1}  # EDTF 21 is spring
    assert item["type"] == "article-journal" and item["container-title"] == "Ink & Paper_Press"


@pytest.mark.parametrize(("written", "family", "given", "particle", "literal"), [
    ("Raza Syed", "Syed", "Raza", "", ""),
    ("Syed, Raza", "Syed", "Raza", "", ""),
    ("de la Cruz, Maria", "Cruz", "Maria", "de la", ""),
    ("Maria de la Cruz", "Cruz", "Maria", "de la", ""),
    ("Al Jaber, Abdullah bin Hussein", "Al Jaber", "Abdullah bin Hussein", "", ""),
    ("Abu Shawer Omar Ahmad", "Ahmad", "Abu Shawer Omar", "", ""),
    ("Tom and Jerry, Cat", "Tom and Jerry", "Cat", "", ""),
    ("AFP", "", "", "", "AFP"),
])
def test_author_forms(written: str, family: str, given: str, particle: str, literal: str) -> None:
    name = parse_name(written)
    assert (name.family, name.given, name.particle, name.literal) == (family, given, particle, literal)


_ESCAPED = re.compile(r"\\(?:[&%$#_]|text(?:braceleft|braceright|asciitilde|asciicircum|backslash)\{\})")


@given(st.text())
def test_latex_escape_leaves_no_special_character_bare(text: str) -> None:
    escaped = latex_escape(text)
    assert not re.search(r"[&%$#_{}~^\\]", _ESCAPED.sub("", escaped))
    assert not CONTROL.search(escaped)
    assert _ESCAPED.sub("", escaped).replace(" ", "") == re.sub(r"[&%$#_{}~^\\\s]", "", clean(text))


@given(st.text())
def test_any_title_gives_bibtex_that_pybtex_and_bibtexparser_read(title: str) -> None:
    from kzqa.cite import bibtex_entry

    source = {"id": "s", "kind": "source", "type": "article", "title": "T" + title, "authors": [title + " X"]}
    bib = bibtex_entry(source)
    data = parse_string(bib, "bibtex")
    assert data.entries["s"].fields["title"] == "{" + latex_escape("T" + title) + "}"
    assert list(_bibtexparser(bib)) == ["s"]


# -- the command line -----------------------------------------------------------------------
def test_unknown_ids_exit_2_with_suggestions(hostile, run: Run) -> None:
    result = run("cite", "hostile-event", "hostile-specal", "zzz")
    assert result.exit_code == 2 and result.stdout == ""
    assert "kzqa: no record or source has the id 'hostile-specal'; did you mean: hostile-specials" in result.stderr
    assert "'zzz'\n" in result.stderr


def test_style_and_missing_ids_are_usage_errors(hostile, run: Run) -> None:
    result = run("cite", "hostile-event", "--style", "apa")
    assert result.exit_code == 2
    assert "one of: text, markdown, bibtex, csl-json" in result.stderr
    assert run("cite").exit_code == 2


def test_a_repeated_id_is_cited_once(hostile, run: Run) -> None:
    once = _ok(run("cite", "hostile-event"))
    assert _ok(run("cite", "hostile-event", "hostile-event")) == once
    both = json.loads(_ok(run("cite", "hostile-event", "hostile-specials", "--style", "csl-json")))
    assert [i["id"] for i in both] == ["hostile-specials", "hostile-braces"]
