"""EDTF dates: parse, validate, sort, filter by overlap and show them as people write them.

The `edtf` package on PyPI parses the whole standard but costs about 90 ms to import,
more than the rest of an ordinary query; kzqa needs only the level 0 and level 1 forms
below, so it parses them here with one regular expression and no imports beyond `re`.

Supported: ``1993-07-01``, ``2022-10``, ``2024``, unspecified digits (``199X``,
``2004-XX``), seasons ``2024-21``..``2024-24`` (spring, summer, autumn, winter), the
qualifiers ``?`` (uncertain), ``~`` (approximate) and ``%`` (both), and intervals
``A/B`` whose ends may be open (``..``) or unknown (empty).
"""

from __future__ import annotations

import re
from functools import lru_cache

# A pattern, not a compiled object: re compiles and caches it on first use, so that a
# query that shows no date (most JSON listings) does not pay for compiling it at import.
_DATE_RE = (
    r"^(?P<year>-?[0-9X]{4})"
    r"(?:-(?P<month>[0-9X]{2})(?:-(?P<day>[0-9X]{2}))?)?"
    r"(?P<qual>[?~%])?$"
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SEASONS = {21: ("spring", 3, 5), 22: ("summer", 6, 8), 23: ("autumn", 9, 11), 24: ("winter", 12, 14)}
# Ordinal bounds for open interval ends: far outside any record's dates.
_MIN = -10**7
_MAX = 10**7
UNKNOWN = _MAX  # the bounds of a wholly unknown date ("../..")

PRECISIONS = ("year", "season", "month", "day")


class EdtfError(ValueError):
    """A string that is not an EDTF date kzqa understands, or an impossible date."""


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if _is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _ordinal(year: int, month: int, day: int) -> int:
    """Days since a fixed epoch (proleptic Gregorian), valid for negative years too."""
    # Shift the year so that March is the first month (Rata Die style arithmetic).
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    mp = (month + 9) % 12
    doy = (153 * mp + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe


class Point:
    """One EDTF date (not an interval): the days it may fall on and how it was written."""

    # A plain slotted class, not a dataclass: the decorator alone costs ~1 ms at import.
    __slots__ = ("approximate", "day", "lower", "month", "precision", "season", "text",
                 "uncertain", "unspecified", "upper", "year")

    def __init__(self, text: str, lower: int, upper: int, precision: str, uncertain: bool,
                 approximate: bool, year: int, month: int | None = None, day: int | None = None,
                 season: str | None = None, unspecified: bool = False):
        self.text, self.lower, self.upper, self.precision = text, lower, upper, precision
        self.uncertain, self.approximate, self.year, self.month = uncertain, approximate, year, month
        self.day, self.season, self.unspecified = day, season, unspecified

    def show(self) -> str:
        if self.unspecified:
            digits = self.text.rstrip("?~%")
            base = f"{digits[:4].replace('X', '0')}s" if self.precision == "year" and digits[3] == "X" \
                else digits
        elif self.precision == "day":
            base = f"{self.day} {_MONTHS[(self.month or 1) - 1]} {self.year}"
        elif self.precision == "month":
            base = f"{_MONTHS[(self.month or 1) - 1]} {self.year}"
        elif self.precision == "season":
            base = f"{self.season} {self.year}"
        else:
            base = str(self.year)
        if self.approximate:
            base = "c. " + base
        if self.uncertain:
            base += "?"
        return base


class Edtf:
    """A parsed EDTF value: a single date or an interval, with its overall bounds."""

    __slots__ = ("end", "interval", "start", "text")

    def __init__(self, text: str, start: Point | None, end: Point | None, interval: bool):
        self.text, self.start, self.end, self.interval = text, start, end, interval

    @property
    def lower(self) -> int:
        return self.start.lower if self.start else _MIN

    @property
    def upper(self) -> int:
        return self.end.upper if self.end else _MAX

    @property
    def uncertain(self) -> bool:
        return any(p is not None and (p.uncertain or p.approximate) for p in (self.start, self.end))

    def sort_key(self) -> tuple[int, int, int]:
        """Earliest first; at the same start, coarser first (2022 < 2022-10 < 2022-10-12).
        An open end sorts by its known end ("until Feb 2026" sits at Feb 2026)."""
        first = self.start or self.end
        rank = PRECISIONS.index(first.precision) if first else 0
        lower, upper = self.span()
        return (lower, rank, upper)

    def span(self) -> tuple[int, int]:
        """The known bounds: an open end takes the other end's bounds, so "from Dec 1991"
        falls in 1991 for filtering rather than in every year since."""
        start, end = self.start or self.end, self.end or self.start
        if start is None or end is None:  # "../..": unknown, so it sorts last
            return (_MAX, _MAX)
        return (start.lower, end.upper)

    def overlaps(self, lower: int, upper: int) -> bool:
        first, last = self.span()
        return last >= lower and first <= upper

    def show(self) -> str:
        if not self.interval:
            assert self.start is not None
            return self.start.show()
        return _show_interval(self.start, self.end)


def _show_interval(start: Point | None, end: Point | None) -> str:
    if start is None and end is None:
        return "unknown"
    if start is None:
        assert end is not None
        return f"until {end.show()}"
    if end is None:
        return f"from {start.show()}"
    plain = not (start.uncertain or start.approximate or end.uncertain or end.approximate)
    if plain and start.precision == end.precision == "day" and start.year == end.year:
        if start.month == end.month:
            return f"{start.day}–{end.day} {_MONTHS[(end.month or 1) - 1]} {end.year}"
        return f"{start.day} {_MONTHS[(start.month or 1) - 1]} – {end.show()}"
    if plain and start.precision == end.precision == "month" and start.year == end.year:
        return f"{_MONTHS[(start.month or 1) - 1]}–{end.show()}"
    return f"{start.show()}–{end.show()}"


def _parse_point(text: str) -> Point:
    m = re.fullmatch(_DATE_RE, text)  # not match(): its $ also matches before a final newline
    if not m:
        raise EdtfError(f"{text!r} is not an EDTF date (expected YYYY, YYYY-MM, YYYY-MM-DD, "
                        "a season YYYY-21..24, optionally ending in ? ~ or %)")
    qual = m["qual"] or ""
    uncertain = qual in ("?", "%")
    approximate = qual in ("~", "%")
    ytext, mtext, dtext = m["year"], m["month"], m["day"]
    unspecified = "X" in (ytext + (mtext or "") + (dtext or ""))
    if unspecified:
        return _parse_unspecified(text, ytext, mtext, dtext, uncertain, approximate)
    year = int(ytext)
    if mtext is None:
        return Point(text, _ordinal(year, 1, 1), _ordinal(year, 12, 31), "year", uncertain, approximate, year)
    month = int(mtext)
    if dtext is None and month in _SEASONS:
        name, first, last = _SEASONS[month]
        lower = _ordinal(year, first, 1)
        end_year, end_month = (year + 1, last - 12) if last > 12 else (year, last)
        upper = _ordinal(end_year, end_month, _days_in_month(end_year, end_month))
        return Point(text, lower, upper, "season", uncertain, approximate, year, None, None, name)
    if not 1 <= month <= 12:
        raise EdtfError(f"{text!r}: month {month:02d} does not exist (01-12, or a season 21-24)")
    if dtext is None:
        return Point(text, _ordinal(year, month, 1), _ordinal(year, month, _days_in_month(year, month)),
                     "month", uncertain, approximate, year, month)
    day = int(dtext)
    if not 1 <= day <= _days_in_month(year, month):
        raise EdtfError(f"{text!r}: day {day:02d} does not exist in {_MONTHS[month - 1]} {year}")
    at = _ordinal(year, month, day)
    return Point(text, at, at, "day", uncertain, approximate, year, month, day)


def _parse_unspecified(text: str, ytext: str, mtext: str | None, dtext: str | None,
                       uncertain: bool, approximate: bool) -> Point:
    """199X, 2004-XX, 2004-06-XX: the bounds span every value the X digits allow."""
    if "X" in ytext and ((mtext and mtext != "XX") or (dtext and dtext != "XX")):
        raise EdtfError(f"{text!r}: a month or day cannot be given when the year is unspecified")
    if mtext == "XX" and dtext and dtext != "XX":
        raise EdtfError(f"{text!r}: a day cannot be given when the month is unspecified")
    if any(part and "X" in part and part != "XX" for part in (mtext, dtext)):
        raise EdtfError(f"{text!r}: a month or day is either given or XX, not partly unspecified")
    lo_year, hi_year = int(ytext.replace("X", "0")), int(ytext.replace("X", "9"))
    if mtext is None or mtext == "XX":
        lower, upper = _ordinal(lo_year, 1, 1), _ordinal(hi_year, 12, 31)
        precision, month = "year", None
    else:
        month = int(mtext)
        if not 1 <= month <= 12:
            raise EdtfError(f"{text!r}: month {month:02d} does not exist")
        lower = _ordinal(lo_year, month, 1)
        upper = _ordinal(hi_year, month, _days_in_month(hi_year, month))
        precision = "month"
    return Point(text, lower, upper, precision, uncertain, approximate, lo_year, month, None, None, True)


@lru_cache(maxsize=4096)  # the same date strings recur across records and calls
def parse_edtf(text: str) -> Edtf:
    """Parse an EDTF string; raise EdtfError with a readable message if it is not one."""
    if not isinstance(text, str) or not text.strip():
        raise EdtfError("an EDTF date cannot be empty")
    text = text.strip()
    if "/" not in text:
        point = _parse_point(text)
        return Edtf(text, point, point, False)
    left, _, right = text.partition("/")
    if "/" in right:
        raise EdtfError(f"{text!r}: an interval has exactly one '/'")
    start = None if left in ("", "..") else _parse_point(left)
    end = None if right in ("", "..") else _parse_point(right)
    if start and end and start.lower > end.upper:
        raise EdtfError(f"{text!r}: the interval ends before it starts")
    return Edtf(text, start, end, True)


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def date_words(text: str | None) -> list[str]:
    """The words a writer uses for a date, for full-text search: the year of each end, and
    the English month name of an end known to the month or day ("2022-10-12" -> ["2022",
    "October"]; "2019~/2024~" -> ["2019", "2024"]; a season or "XX" digits give the year
    only; [] for none or a value that is not EDTF)."""
    try:
        parsed = parse_edtf(text) if text else None
    except EdtfError:
        return []
    if parsed is None:
        return []
    words: list[str] = []
    for point in (parsed.start, parsed.end):
        if point is None or (point.unspecified and point.precision == "year"):
            continue
        words.append(str(point.year))
        if point.precision in ("month", "day") and point.month:
            words.append(_MONTH_NAMES[point.month - 1])
    return list(dict.fromkeys(words))


def show_edtf(text: str | None) -> str:
    """The date as a reader writes it ("Oct 2022", "autumn 2024", "2025?"); '' for none."""
    if not text:
        return ""
    try:
        return parse_edtf(text).show()
    except EdtfError:
        return text


def sort_key(text: str | None) -> tuple[int, int, int]:
    """A key that orders EDTF strings chronologically; undated values sort last."""
    if not text:
        return (_MAX, 0, _MAX)
    try:
        return parse_edtf(text).sort_key()
    except EdtfError:
        return (_MAX, 0, _MAX)
