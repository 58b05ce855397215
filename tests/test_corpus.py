"""The bundled corpus, checked against its five source documents.

1. every quote is found verbatim in its source (when ../shared/sources exists);
2. every four-digit year and every money amount in a source is covered by some record,
   unless the short allow-list below says why it is not a fact about the subject;
3. the question set in tests/questions/*.toml: each answer record exists and holds the
   expected value, and a search for the question's words finds it among the first results.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli
from typer.testing import CliRunner

from kzqa.cli import app
from kzqa.dates import EdtfError, parse_edtf

pytestmark = pytest.mark.bundled

TESTS = Path(__file__).resolve().parent
SOURCES_DIR = TESTS.parents[1] / "shared" / "sources"
QUESTIONS_DIR = TESTS / "questions"
SOURCE_FILES = {"syed-2024": "syed-2024.txt", "ahmad-2025": "ahmad-2025.md",
                "al-jaber-interview": "al-jaber-interview.txt", "gu-li-mepei": "gu-li-mepei.txt",
                "tokayev-pakistan-visit": "tokayev-pakistan-visit.txt"}
SEARCH_TOP = 5

needs_sources = pytest.mark.skipif(
    not SOURCES_DIR.is_dir(),
    reason=f"the source texts are not here ({SOURCES_DIR}); quotes and coverage need them")

# Years and amounts in the sources that are NOT facts about the subject, with the reason.
# Keys are (source id, year) or (source id, (value, currency)).
ALLOWED: dict[tuple[str, Any], str] = {
    # ahmad-2025 reference list: publication years of cited works, not events.
    ("ahmad-2025", 2014): "reference list (Roberts, 2014)",
    # syed-2024: the unrelated DND site footer after the article (exchange rate, gold price).
    ("syed-2024", (277.5, "PKR")): "site footer: USD to PKR buying rate, 28 May 2024",
    ("syed-2024", (280.1, "PKR")): "site footer: USD to PKR selling rate, 28 May 2024",
    ("syed-2024", (241800.0, "PKR")): "site footer: gold price per tola, 28 May 2024",
}

# ------------------------------------------------------------------ helpers

runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args), catch_exceptions=False)


_RECORDS: list[dict[str, Any]] | None = None


def records() -> list[dict[str, Any]]:
    """Every bundled record, as `kzqa export --json` gives it."""
    global _RECORDS
    if _RECORDS is None:
        result = invoke("export", "--json")
        assert result.exit_code == 0, result.output
        _RECORDS = json.loads(result.stdout)
    return _RECORDS


def source_text(source: str) -> str:
    return (SOURCES_DIR / SOURCE_FILES[source]).read_text(encoding="utf-8")


# A year: 1900-2099 standing alone (not inside a longer number, word, id or e-mail address);
# "1990-s", "2022-2024" and "(2024, May 15)" all count.
YEAR_RE = re.compile(r"(?<![0-9A-Za-z])(19\d\d|20\d\d)(?![0-9A-Za-z])")

_NUMBER = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s*(thousand|million|billion|trillion|bn|mn)\b)?"
_SCALES = {None: 1, "thousand": 10**3, "million": 10**6, "mn": 10**6, "billion": 10**9, "bn": 10**9,
           "trillion": 10**12}
# Money: a currency sign or code before the number ("USD 2.5 billion", "$15 million",
# "US$ 3 bn", "Rs 277.5"), or a currency word after it ("17.6 billion tenge",
# "250 million dollars", "5 million US dollars"). Markdown's "\$" is read as "$".
_BEFORE = {"usd": "USD", "us$": "USD", "$": "USD", "kzt": "KZT", "qar": "QAR", "pkr": "PKR",
           "rs": "PKR", "rs.": "PKR", "€": "EUR", "eur": "EUR"}
_AFTER = {"tenge": "KZT", "kzt": "KZT", "dollars": "USD", "us dollars": "USD", "usd": "USD",
          "riyals": "QAR", "qatari riyals": "QAR", "rupees": "PKR", "euros": "EUR"}
MONEY_BEFORE_RE = re.compile(r"(?<![A-Za-z])(US\$|USD|KZT|QAR|PKR|Rs\.?|\$|€|EUR)\s*" + _NUMBER + _SCALE,
                             re.IGNORECASE)
MONEY_AFTER_RE = re.compile(_NUMBER + _SCALE + r"\s+(qatari riyals|riyals|us dollars|dollars|tenge|"
                            r"rupees|euros|usd|kzt)\b", re.IGNORECASE)


def _amount(number: str, scale: str | None) -> float:
    return round(float(number.replace(",", "")) * _SCALES[scale.lower() if scale else None], 2)


def money_in(text: str) -> set[tuple[float, str]]:
    text = text.replace("\\$", "$")
    found = set()
    for m in MONEY_BEFORE_RE.finditer(text):
        found.add((_amount(m[2], m[3]), _BEFORE[m[1].lower()]))
    for m in MONEY_AFTER_RE.finditer(text):
        found.add((_amount(m[1], m[2]), _AFTER[m[3].lower()]))
    return found


def years_in(text: str) -> set[int]:
    return {int(y) for y in YEAR_RE.findall(text)}


def _edtf_values(record: dict[str, Any]) -> Iterator[str]:
    for key in ("date", "signed", "in_force", "ended", "period", "announced", "committed",
                "started", "completed"):
        if isinstance(record.get(key), str):
            yield record[key]
    if isinstance(record.get("ratification"), dict) and record["ratification"].get("date"):
        yield record["ratification"]["date"]
    for role in record.get("roles") or []:
        for key in ("from", "to"):
            if role.get(key):
                yield role[key]


def _year_range(text: str) -> range:
    """The calendar years an EDTF value spans. An interval open at both ends says nothing;
    an interval open at one end counts only its known end."""
    edtf = parse_edtf(text)
    points = [p for p in (edtf.start, edtf.end) if p is not None]
    if not points:
        return range(0)
    first = min(p.year for p in points)
    last = max(int(p.text[:4].replace("X", "9")) if p.unspecified else p.year for p in points)
    return range(first, last + 1)


def covered_years() -> set[int]:
    """Years some record's EDTF dates include."""
    years: set[int] = set()
    for record in records():
        for text in _edtf_values(record):
            try:
                years.update(_year_range(text))
            except EdtfError:
                continue
    return years


def quoted_years(source: str) -> set[int]:
    """Years that appear in some record's quote from this source."""
    return {y for r in records() for c in r.get("citations", [])
            if c["source"] == source for y in years_in(c["quote"])}


def covered_amounts() -> set[tuple[float, str]]:
    found = set()
    for record in records():
        if record["kind"] == "figure":
            found.add((round(float(record["value"]), 2), record["unit"]))
        amount = record.get("amount")
        if isinstance(amount, dict):
            found.add((round(float(amount["value"]), 2), amount["currency"]))
    return found


def load_questions() -> list[tuple[str, dict[str, str]]]:
    out = []
    for path in sorted(QUESTIONS_DIR.glob("*.toml")):
        with path.open("rb") as f:
            for i, q in enumerate(tomli.load(f).get("question", []), 1):
                out.append((f"{path.stem}-{i}", q))
    return out


QUESTIONS = load_questions()

# ------------------------------------------------------------------ 1. quotes


@needs_sources
def test_every_quote_is_verbatim_in_its_source() -> None:
    result = invoke("--no-cache", "validate", "--sources", str(SOURCES_DIR))
    assert result.exit_code == 0, result.output
    m = re.search(r"quotes: (\d+) verified", result.output)
    assert m, result.output
    assert int(m.group(1)) > 0


# ------------------------------------------------------------------ 2. coverage


def test_extractors_find_years_and_money() -> None:
    """The regular expressions themselves, on made-up text (so a broken regex cannot pass
    the coverage test by finding nothing)."""
    text = ("In 1993 and the 1990-s, USD 2.5 billion, \\$15 million, $0.5 billion, 17.6 billion tenge, "
            "250 million dollars, US$ 3 bn, Rs 241,800.000; not shawar1970kz, 10.1177/0009445519895612 "
            "or Z2400000133 (2024, May 15)")
    assert years_in(text) == {1993, 1990, 2024}
    assert money_in(text) == {(2.5e9, "USD"), (15e6, "USD"), (5e8, "USD"), (17.6e9, "KZT"),
                              (2.5e8, "USD"), (3e9, "USD"), (241800.0, "PKR")}
    assert list(_year_range("199X/200X")) == list(range(1990, 2010))
    assert list(_year_range("../..")) == []
    assert list(_year_range("1993-07-01/..")) == [1993]
    assert list(_year_range("2024-23")) == [2024]


@needs_sources
@pytest.mark.parametrize("source", sorted(SOURCE_FILES))
def test_every_year_in_a_source_is_covered(source: str) -> None:
    years = years_in(source_text(source))
    covered = covered_years() | quoted_years(source)
    missing = sorted(y for y in years - covered if (source, y) not in ALLOWED)
    assert not missing, f"{source}: years no record covers: {missing}"


@needs_sources
@pytest.mark.parametrize("source", sorted(SOURCE_FILES))
def test_every_amount_in_a_source_is_covered(source: str) -> None:
    amounts = money_in(source_text(source))
    covered = covered_amounts()
    missing = sorted(a for a in amounts - covered if (source, a) not in ALLOWED)
    assert not missing, f"{source}: money amounts no record covers: {missing}"


@needs_sources
def test_allow_list_entries_occur_in_their_sources() -> None:
    """A stale allow-list entry (no longer in the text) is an error too."""
    for (source, item), why in ALLOWED.items():
        assert why
        text = source_text(source)
        found = money_in(text) if isinstance(item, tuple) else years_in(text)
        assert item in found, f"allow-list entry {(source, item)} is not in the source"


# ------------------------------------------------------------------ 3. questions


def test_question_set_is_large_enough() -> None:
    assert len(QUESTIONS) >= 40
    for name, q in QUESTIONS:
        assert {"ask", "words", "expect", "record"} <= set(q), name


@pytest.mark.parametrize("name,q", QUESTIONS, ids=[n for n, _ in QUESTIONS])
def test_question_answer_is_in_its_record(name: str, q: dict[str, str]) -> None:
    result = invoke("show", q["record"], "--json")
    assert result.exit_code == 0, f"{q['record']}: {result.output}"
    assert q["expect"] in result.stdout, f"{q['ask']}: {q['expect']!r} not in {q['record']}"


@pytest.mark.parametrize("name,q", QUESTIONS, ids=[n for n, _ in QUESTIONS])
def test_question_words_find_the_record(name: str, q: dict[str, str]) -> None:
    result = invoke("search", q["words"], "--json", "--limit", str(SEARCH_TOP))
    assert result.exit_code == 0, result.output
    ids = [row["id"] for row in json.loads(result.stdout)][:SEARCH_TOP]
    assert q["record"] in ids, f"{q['words']!r} -> {ids}"
