"""`kzqa validate --sources`: every quote is checked against its source's text, after folding
spacing, quote marks, dashes and Markdown escapes, with `...` as an elision."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import SOURCES_DIR, Run, write_facts

from kzqa.verify import fold, quote_found

# Every quote of the small fact set, as the source document has it (a Markdown file: escapes,
# curly quotes, dashes and line breaks where the fact files have none).
DOC_A = """\
# Document A

Kazakhstan and Qatar — two   partners. Diplomatic
relations were established on 1 July 1993. The state visit in October 2022 brought an
agreement on military cooperation, signed in Astana. A plant worth USD 2\\.5 billion is
planned. The country had 3,000 visitors in 2022 and more than 4,500 visitors in 2023.
"""
SMALL_COUNTS = "ok: 10 records (3 entity, 2 event, 1 agreement, 1 project, 2 figure, 1 source)\n"


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    return write_facts(tmp_path / "sources", {"doc-a.md": DOC_A})


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().split("\n"), 1) if text in line)


# -- fold --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "folded"), [
    ("  two \n\t words  ", "two words"),
    ("non\u00a0breaking\u2003space", "non breaking space"),
    ("\u201cOpen Skies\u201d and \u2018visa-free\u2019", "\"Open Skies\" and 'visa-free'"),
    ("\u00abQatar\u00bb \u201eAstana\u201f", "\"Qatar\" \"Astana\""),
    ("2022\u20132023 \u2014 a year \u2212 or two \u2010 \u2011 \u2012 \u2015",
     "2022-2023 - a year - or two - - - -"),
    ("USD 2\\.5 bn \\*approx\\* \\[1\\] Qatar\\_Airways \\# 1\\-2 \\(a\\)",
     "USD 2.5 bn *approx* [1] Qatar_Airways # 1-2 (a)"),
    ("a \\\\ b", "a \\ b"),
    ("caf\u0065\u0301", "caf\u00e9"),
    ("co\u00adoperation", "cooperation"),
    ("plain text", "plain text"),
])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_keeps_backslashes_that_escape_nothing() -> None:
    assert fold("C:\\Users\\a1") == "C:\\Users\\a1"


# -- quote_found -------------------------------------------------------------------------

SOURCE = fold("The two countries signed an agreement on military cooperation in Astana on 12 "
              "October 2022, and a memorandum on \u201cvisa-free\u201d travel.")


@pytest.mark.parametrize(("quote", "found"), [
    ("an agreement on military cooperation", True),
    ("an  agreement\non military\tcooperation", True),
    ("a memorandum on \"visa-free\" travel", True),
    ("a memorandum on \u2018visa\u2013free\u2019 travel", False),  # single quotes are not double ones
    ("a memorandum on \u201cvisa\u2013free\u201d travel", True),
    ("signed an agreement ... in Astana", True),
    ("signed an agreement...in Astana", True),
    ("signed an agreement \u2026 in Astana", True),
    ("The two countries ... cooperation ... 12 October 2022", True),
    ("in Astana ... signed an agreement", False),  # the pieces must come in order
    ("signed a treaty ... in Astana", False),
    ("an agreement on military cooperation in Almaty", False),
    ("An agreement on military cooperation", False),  # case matters: a quote is verbatim
    ("cooperation in Astana ... in Astana", False),  # a piece is not found twice
    ("... in Astana", True),
    ("in Astana ...", True),
])
def test_quote_found(quote: str, found: bool) -> None:
    assert quote_found(quote, SOURCE) is found


@pytest.mark.parametrize("quote", ["...", " ... ", "\u2026", "... ..."])
def test_a_quote_that_is_only_an_elision_quotes_nothing(quote: str) -> None:
    assert quote_found(quote, SOURCE) is False


# -- kzqa validate --sources ---------------------------------------------------------------

def test_every_quote_verified(facts: Path, sources: Path, run: Run) -> None:
    result = run("validate", "--sources", str(sources))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == SMALL_COUNTS + f"read: {facts}\nquotes: 9 verified against {sources}\n"
    assert result.stderr == ""


def test_a_source_without_text_is_listed_as_unverified_not_an_error(facts: Path, sources: Path,
                                                                    run: Run) -> None:
    write_facts(facts, {"news.toml": """
        [[source]]
        id = "news-x"
        title = "An outside news report"
        type = "news"
        url = "https://example.com/news-x"

        [[event]]
        id = "forum"
        title = "Forum"
        date = "2024-23"
        type = "forum"
        citations = [
          { source = "news-x", quote = "a forum in autumn", locator = "para 1" },
          { source = "news-x", quote = "in Doha", locator = "para 2" },
          { source = "doc-a", quote = "Kazakhstan and Qatar", locator = "para 1" },
        ]
    """})
    result = run("validate", "--sources", str(sources))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        f"read: {facts}",
        f"quotes: 10 verified against {sources}",
        f"unverified: 2 quotes from news-x (no text in {sources})",
    ]


def test_a_quote_missing_from_its_source(facts: Path, sources: Path, run: Run) -> None:
    (sources / "doc-a.md").write_text(DOC_A.replace("3,000", "30,000").replace("in Astana", "at Astana"))
    result = run("validate", "--sources", str(sources))
    assert result.exit_code == 2
    assert result.stdout == SMALL_COUNTS + f"read: {facts}\nquotes: 7 verified against {sources}\n"
    entities, facts_file = facts / "entities.toml", facts / "facts.toml"
    astana, visitors = line_of(entities, '"in Astana"'), line_of(facts_file, '"3,000 visitors"')
    assert result.stderr.splitlines() == [
        f"{entities}:{astana}: astana: citations.0.quote: not found verbatim in doc-a: 'in Astana'",
        f"{facts_file}:{visitors}: visitors-2022: citations.0.quote: "
        "not found verbatim in doc-a: '3,000 visitors'",
        "kzqa: 2 problems in the fact files",
    ]


def test_the_citation_number_and_the_source_are_named(tmp_path: Path, run: Run) -> None:
    folder = write_facts(tmp_path / "f", {"a.toml": """
        [[source]]
        id = "doc-a"
        title = "A"
        type = "article"

        [[source]]
        id = "doc-b"
        title = "B"
        type = "article"

        [[figure]]
        id = "flights"
        title = "Flights a week"
        measure = "flights"
        value = 4
        unit = "flights/week"
        basis = "actual"
        citations = [
          { source = "doc-a", quote = "four flights a week", locator = "p 1" },
          { source = "doc-b", quote = "“four” flights — weekly", locator = "p 2" },
        ]
    """})
    texts = write_facts(tmp_path / "texts", {"doc-a.txt": "There are four\nflights a week.",
                                             "doc-b.txt": "Now \"four\" flights - weekly."})
    result = run("--facts", str(folder), "validate", "--sources", str(texts))
    assert (result.exit_code, result.stderr) == (0, "")
    (texts / "doc-b.txt").write_text("Now four flights a week.")
    result = run("--facts", str(folder), "validate", "--sources", str(texts))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{folder / 'a.toml'}:{line_of(folder / 'a.toml', '“four”')}: flights: citations.1.quote: "
        "not found verbatim in doc-b: "
        "'“four” flights — weekly'")


def test_sources_folder_must_exist(facts: Path, tmp_path: Path, run: Run) -> None:
    result = run("validate", "--sources", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert result.stderr == f"kzqa: --sources: {tmp_path / 'nowhere'} is not a folder\n"


def test_defective_facts_are_reported_before_any_quote(facts: Path, sources: Path, run: Run) -> None:
    (facts / "bad.toml").write_text(textwrap.dedent("""\
        [[event]]
        id = "ev"
        title = "A visit"
        date = "2023-02-30"
        type = "visit"
        citations = [{ source = "doc-a", quote = "not in the source", locator = "p 1" }]
    """))
    result = run("validate", "--sources", str(sources))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{facts / 'bad.toml'}:4: ev: date: '2023-02-30': day 30 does not exist in Feb 2023",
        "kzqa: 1 problem in the fact files",
    ]


@pytest.mark.bundled
@pytest.mark.skipif(not SOURCES_DIR.is_dir(), reason="the shared source texts are not beside the checkout")
def test_bundled_records_validate_against_the_shared_sources(run: Run) -> None:
    result = run("validate", "--sources", str(SOURCES_DIR))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: ")
    assert "\nquotes: " in result.stdout
    assert result.stderr == ""
