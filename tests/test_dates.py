"""EDTF dates: parsing, impossible dates, the precision shown, and chronological sorting."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzqa.dates import EdtfError, date_words, parse_edtf, show_edtf, sort_key

# kzqa's day numbers are a fixed offset from Python's proleptic Gregorian ordinals.
OFFSET = parse_edtf("2000-01-01").lower - datetime.date(2000, 1, 1).toordinal()


def day(text: str) -> int:
    return datetime.date.fromisoformat(text).toordinal() + OFFSET


@pytest.mark.parametrize(("text", "lower", "upper", "precision"), [
    ("1993-07-01", "1993-07-01", "1993-07-01", "day"),
    ("2022-10", "2022-10-01", "2022-10-31", "month"),
    ("2024-02", "2024-02-01", "2024-02-29", "month"),
    ("2023-02", "2023-02-01", "2023-02-28", "month"),
    ("2024", "2024-01-01", "2024-12-31", "year"),
    ("2024-21", "2024-03-01", "2024-05-31", "season"),
    ("2024-22", "2024-06-01", "2024-08-31", "season"),
    ("2024-23", "2024-09-01", "2024-11-30", "season"),
    ("2024-24", "2024-12-01", "2025-02-28", "season"),
    ("2023-24", "2023-12-01", "2024-02-29", "season"),
    ("199X", "1990-01-01", "1999-12-31", "year"),
    ("2004-XX", "2004-01-01", "2004-12-31", "year"),
    ("2004-06-XX", "2004-06-01", "2004-06-30", "month"),
    ("2000-02-29", "2000-02-29", "2000-02-29", "day"),
])
def test_bounds_and_precision(text: str, lower: str, upper: str, precision: str) -> None:
    parsed = parse_edtf(text)
    assert (parsed.lower, parsed.upper) == (day(lower), day(upper))
    assert parsed.start is not None
    assert parsed.start.precision == precision
    assert parsed.interval is False
    assert parsed.text == text


@pytest.mark.parametrize(("text", "uncertain", "approximate"), [
    ("2025?", True, False),
    ("2007~", False, True),
    ("2007%", True, True),
    ("2022-10-12?", True, False),
    ("2022-10~", False, True),
    ("2022-10", False, False),
])
def test_qualifiers(text: str, uncertain: bool, approximate: bool) -> None:
    parsed = parse_edtf(text)
    assert parsed.start is not None
    assert (parsed.start.uncertain, parsed.start.approximate) == (uncertain, approximate)
    assert parsed.uncertain is (uncertain or approximate)
    # The qualifier does not move the date.
    assert parsed.lower == parse_edtf(text.rstrip("?~%")).lower


@pytest.mark.parametrize(("text", "lower", "upper"), [
    ("2025-02-03/2025-02-04", day("2025-02-03"), day("2025-02-04")),
    ("2022-03/2022-05", day("2022-03-01"), day("2022-05-31")),
    ("2022/2023", day("2022-01-01"), day("2023-12-31")),
    ("2024-10/2024-10-05", day("2024-10-01"), day("2024-10-05")),
    ("2004-06~/2004-06-11%", day("2004-06-01"), day("2004-06-11")),
])
def test_intervals(text: str, lower: int, upper: int) -> None:
    parsed = parse_edtf(text)
    assert parsed.interval is True
    assert (parsed.lower, parsed.upper) == (lower, upper)


@pytest.mark.parametrize(("text", "has_start", "has_end"), [
    ("../2025", False, True),
    ("/2025", False, True),
    ("2025/..", True, False),
    ("2025/", True, False),
])
def test_open_and_unknown_interval_ends(text: str, has_start: bool, has_end: bool) -> None:
    parsed = parse_edtf(text)
    assert (parsed.start is not None, parsed.end is not None) == (has_start, has_end)
    if has_start:
        assert parsed.lower == day("2025-01-01")
        assert parsed.upper > day("9999-12-31")
    else:
        assert parsed.upper == day("2025-12-31")
        assert parsed.lower < day("0001-01-01")


@pytest.mark.parametrize(("text", "words"), [
    ("2023-02-30", "day 30 does not exist in Feb 2023"),
    ("2023-02-29", "day 29 does not exist in Feb 2023"),
    ("1900-02-29", "day 29 does not exist in Feb 1900"),
    ("2024-04-31", "day 31 does not exist in Apr 2024"),
    ("2024-01-00", "day 00 does not exist"),
    ("2024-13", "month 13 does not exist"),
    ("2024-00", "month 00 does not exist"),
    ("2024-25", "month 25 does not exist"),
    ("2024-21-01", "month 21 does not exist"),
    ("2025-02-04/2025-02-03", "the interval ends before it starts"),
    ("2024/2025/2026", "exactly one '/'"),
    ("19XX-05", "cannot be given when the year is unspecified"),
    ("2004-XX-15", "a day cannot be given when the month is unspecified"),
    ("2004-1X", "not partly unspecified"),
    ("2004-06-1X", "not partly unspecified"),
    ("24", "is not an EDTF date"),
    ("2024-1-5", "is not an EDTF date"),
    ("2024/10/12", "exactly one '/'"),
    ("12.10.2024", "is not an EDTF date"),
    ("October 2022", "is not an EDTF date"),
    ("2024?~", "is not an EDTF date"),
    ("2024\n/2025", "is not an EDTF date"),
    ("", "cannot be empty"),
    ("   ", "cannot be empty"),
])
def test_invalid_and_impossible_dates(text: str, words: str) -> None:
    with pytest.raises(EdtfError, match=re.escape(words)):
        parse_edtf(text)


def test_edtf_error_is_a_value_error() -> None:
    # pydantic turns ValueError raised in a validator into a field error.
    assert issubclass(EdtfError, ValueError)


@pytest.mark.parametrize(("text", "shown"), [
    ("1993-07-01", "1 Jul 1993"),
    ("2022-10", "Oct 2022"),
    ("2024", "2024"),
    ("2024-21", "spring 2024"),
    ("2024-22", "summer 2024"),
    ("2024-23", "autumn 2024"),
    ("2024-24", "winter 2024"),
    ("2025?", "2025?"),
    ("2007~", "c. 2007"),
    ("2007%", "c. 2007?"),
    ("2022-10-12?", "12 Oct 2022?"),
    ("199X", "1990s"),
    ("2025-02-03/2025-02-04", "3–4 Feb 2025"),
    ("2025-01-30/2025-02-04", "30 Jan – 4 Feb 2025"),
    ("2024-12-30/2025-01-04", "30 Dec 2024–4 Jan 2025"),
    ("2022-03/2022-05", "Mar–May 2022"),
    ("2022/2023", "2022–2023"),
    ("2022-10/2023", "Oct 2022–2023"),
    ("../2025", "until 2025"),
    ("2025/..", "from 2025"),
    ("2025-02-03?/2025-02-04", "3 Feb 2025?–4 Feb 2025"),
    (None, ""),
    ("", ""),
    ("not a date", "not a date"),
])
def test_show(text: str | None, shown: str) -> None:
    assert show_edtf(text) == shown


def test_partial_dates_sort_coarse_first() -> None:
    texts = ["2022-10-12", "2023", "2022-10", "2022", "2021-24", "2022-01", "2022-21", "2022-03"]
    assert sorted(texts, key=sort_key) == [
        "2021-24", "2022", "2022-01", "2022-21", "2022-03", "2022-10", "2022-10-12", "2023"]


def test_sort_key_puts_undated_and_invalid_last_and_open_ends_at_their_known_end() -> None:
    texts = [None, "2024-06", "garbage", "../2020-03", "", "2020/..", "1993-07-01", "2020-02"]
    ordered = sorted(texts, key=sort_key)
    assert ordered[:5] == ["1993-07-01", "2020/..", "2020-02", "../2020-03", "2024-06"]
    assert set(ordered[5:]) == {None, "garbage", ""}


def test_sort_key_uncertain_sorts_with_its_date() -> None:
    assert sorted(["2025", "2024?", "2024~"], key=sort_key)[-1] == "2025"
    assert sort_key("2024?")[0] == sort_key("2024")[0]


# -- properties --------------------------------------------------------------------------

def _text(d: datetime.date, precision: str) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if precision == "season":
        return f"{d.year:04d}-{21 + (d.month - 1) // 3}"
    return d.isoformat()


def _lower(d: datetime.date, precision: str) -> datetime.date:
    """The first day the written date may mean, computed without kzqa."""
    if precision == "year":
        return datetime.date(d.year, 1, 1)
    if precision == "month":
        return datetime.date(d.year, d.month, 1)
    if precision == "season":
        return datetime.date(d.year, 3 * ((d.month - 1) // 3) + 3, 1)
    return d


written = st.tuples(
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9998, 12, 31)),
    st.sampled_from(["year", "season", "month", "day"]),
    st.sampled_from(["", "?", "~", "%"]),
)


@given(st.lists(written, min_size=1, max_size=12))
def test_sorting_agrees_with_chronological_lower_bounds(items: list[tuple[datetime.date, str, str]]) -> None:
    texts = [_text(d, p) + q for d, p, q in items]
    lowers = {_text(d, p) + q: _lower(d, p) for d, p, q in items}
    ordered = sorted(texts, key=sort_key)
    bounds = [lowers[t] for t in ordered]
    assert bounds == sorted(bounds)
    for text in texts:
        assert parse_edtf(text).lower == lowers[text].toordinal() + OFFSET


@given(st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)))
def test_every_real_day_parses(d: datetime.date) -> None:
    parsed = parse_edtf(d.isoformat())
    assert parsed.lower == parsed.upper == d.toordinal() + OFFSET
    assert parsed.start is not None
    assert (parsed.start.year, parsed.start.month, parsed.start.day) == (d.year, d.month, d.day)


@given(st.integers(1, 9999), st.integers(1, 12), st.integers(1, 31))
def test_impossible_days_raise(year: int, month: int, day_: int) -> None:
    text = f"{year:04d}-{month:02d}-{day_:02d}"
    try:
        expected = datetime.date(year, month, day_)
    except ValueError:
        with pytest.raises(EdtfError, match="does not exist"):
            parse_edtf(text)
    else:
        assert parse_edtf(text).lower == expected.toordinal() + OFFSET


@given(st.text(max_size=30))
def test_any_text_parses_or_raises_edtf_error(text: str) -> None:
    try:
        parsed = parse_edtf(text)
    except EdtfError:
        assert sort_key(text) == sort_key(None)
        assert show_edtf(text) == text
    else:
        assert parsed.lower <= parsed.upper
        assert isinstance(show_edtf(text), str)


@pytest.mark.parametrize("text,words", [
    ("2022-10-12", ["2022", "October"]),
    ("2022-10", ["2022", "October"]),
    ("2023", ["2023"]),
    ("1993-07-01?", ["1993", "July"]),
    ("2019~/2024~", ["2019", "2024"]),
    ("2024-02/2024-03", ["2024", "February", "March"]),
    ("2024-23", ["2024"]),  # a season: the year only
    ("../2022-10-12", ["2022", "October"]),
    ("199X", []),  # a decade names no year
    ("", []),
    (None, []),
    ("not a date", []),
])
def test_the_words_a_writer_uses_for_a_date(text: str | None, words: list[str]) -> None:
    assert date_words(text) == words
