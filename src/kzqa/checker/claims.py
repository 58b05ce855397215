"""The claim extractor: money, counts with their nouns and dates in a draft, with their spans.

Markdown that is not prose (code blocks, inline code, URLs, link targets, HTML tags, front
matter, reference lists) is first blanked out character for character, so every span found
afterwards is an offset into the original text and maps straight to a line and column.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from collections.abc import Iterator
from dataclasses import dataclass, field

from kzqa.dates import EdtfError, parse_edtf
from kzqa.text import fold, stem


@dataclass(frozen=True, slots=True)
class Claim:
    """One checkable statement of value as the writer wrote it."""

    kind: str  # "money", "count" or "date"
    text: str
    start: int
    end: int
    value: float | None = None  # money and counts
    unit: str | None = None  # an ISO 4217 code for money, else "beds", "people", "flights/week"...
    qualifier: str = "exact"  # the writer's hedge, in the record vocabulary
    digits: int = 0  # significant digits as written: "$15 million" has 2
    edtf: str | None = None  # dates, as an EDTF string ("1993-07-01", "2024-23", "199X")
    lower: int | None = None  # dates: first and last possible day (ordinals)
    upper: int | None = None
    precision: str | None = None  # "day", "month", "season", "year", "range", "decade"


@dataclass(slots=True)
class Sentence:
    """A sentence (or heading, list item, table row) and the claims inside it."""

    start: int
    end: int
    text: str  # the masked text of the sentence, same length as the original span
    claims: list[Claim] = field(default_factory=list)


# -- masking -------------------------------------------------------------------------------
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_REFERENCE_HEADINGS = {"references", "bibliography", "works cited", "literature", "further reading",
                       "sources", "notes", "footnotes"}
_LIST_RE = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s")
_INLINE_MASKS = [
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"<sup>.*?</sup>|<sub>.*?</sub>", re.DOTALL | re.IGNORECASE),  # footnote marks
    re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL),  # inline code
    re.compile(r"<(?:https?|ftp|mailto):[^>\s]*>|<[^@\s<>]+@[^@\s<>]+>"),  # autolinks
    re.compile(r"(?m)^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$"),  # link reference definitions
    re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.|\bdoi\.org/)[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]]"),
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),  # e-mail addresses
    re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>"),  # HTML tags (their text stays)
    re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!$|~<>])"),  # the backslash of a Markdown escape
]
_LINK_TARGET_RE = re.compile(r"\]\(")


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _mask_link_targets(text: str, chars: list[str]) -> None:
    """Blank the `(target "title")` of `[text](target)`; the link text is prose."""
    for m in _LINK_TARGET_RE.finditer(text):
        depth, i = 0, m.end() - 1
        while i < len(text) and text[i] != "\n":
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                depth -= 1
                if depth == 0:
                    _blank(chars, m.end() - 1, i + 1)
                    break
            i += 1


def mask_markdown(text: str) -> str:
    """The text with non-prose Markdown replaced by spaces (newlines kept, offsets unchanged)."""
    chars = list(text)
    lines = text.split("\n")
    offset = 0
    fence: str | None = None
    skip_level = 0  # inside a reference list: the level of its heading
    prev_blank = True
    in_list = False
    if text.startswith("---\n"):  # YAML front matter
        close = text.find("\n---", 3)
        if close != -1:
            _blank(chars, 0, close + 4)
    for line in lines:
        end = offset + len(line)
        stripped = line.strip()
        fence_m = _FENCE_RE.match(line)
        heading = _HEADING_RE.match(line) if fence is None else None
        if fence is not None:
            _blank(chars, offset, end)
            if fence_m and fence_m.group(1)[0] == fence[0] and len(fence_m.group(1)) >= len(fence):
                fence = None
        elif fence_m:
            fence = fence_m.group(1)
            _blank(chars, offset, end)
        elif heading:
            level = len(heading.group(1))
            title = heading.group(2).strip("*_ ").lower()
            if skip_level and level <= skip_level:
                skip_level = 0
            if title in _REFERENCE_HEADINGS:
                skip_level = level
        elif skip_level:
            _blank(chars, offset, end)
        elif line.startswith(("    ", "\t")) and stripped and prev_blank and not in_list:
            _blank(chars, offset, end)  # an indented code block
            prev_blank = True  # so that the next indented line continues the block
            offset = end + 1
            continue
        if stripped:
            if _LIST_RE.match(line):
                in_list = True
            elif not line.startswith((" ", "\t")):
                in_list = False
        prev_blank = not stripped
        offset = end + 1
    masked = "".join(chars)
    for pattern in _INLINE_MASKS:
        for m in pattern.finditer(masked):
            _blank(chars, m.start(), m.end())
        masked = "".join(chars)
    _mask_link_targets(masked, chars)
    return "".join(chars)


# -- sentences -----------------------------------------------------------------------------
_BLOCK_START_RE = re.compile(r"^[ \t]*(?:#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s|>|\|)")
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"”’')\]]*\s+")
_ABBREVIATIONS = frozenset(
    [
        "mr", "mrs", "ms", "dr", "st", "no", "nos", "vs", "gen", "col", "lt", "sen", "rep", "gov",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc",
        "ltd", "co", "corp", "jr", "sr", "prof", "eg", "ie", "approx", "est", "fig", "vol", "pp",
        "al", "he", "hh", "u.s", "u.k", "u.n", "e.g", "i.e", "etc"
    ])


def _split_unit(masked: str, start: int, end: int, out: list[Sentence]) -> None:
    seg_start = start
    for m in _BOUNDARY_RE.finditer(masked, start, end):
        nxt = m.end()
        if nxt < end and not (masked[nxt].isupper() or masked[nxt].isdigit() or masked[nxt] in "\"“‘'(["):
            continue
        word_m = re.search(r"([\w.]+)$", masked[seg_start:m.start()])
        word = word_m.group(1).lower() if word_m else ""
        if masked[m.start()] == "." and ((len(word) == 1 and word.isalpha()) or word.rstrip(".") in _ABBREVIATIONS):
            continue
        out.append(Sentence(seg_start, m.end(), masked[seg_start:m.end()]))
        seg_start = m.end()
    if masked[seg_start:end].strip():
        out.append(Sentence(seg_start, end, masked[seg_start:end]))


def split_sentences(masked: str) -> list[Sentence]:
    """Paragraphs split into sentences; headings, list items and table rows stand alone."""
    out: list[Sentence] = []
    unit_start: int | None = None
    offset = 0
    for line in masked.split("\n"):
        end = offset + len(line)
        row = "\t" in line.strip() or line.lstrip().startswith("|")
        if not line.strip() or row or _BLOCK_START_RE.match(line):
            if unit_start is not None:
                _split_unit(masked, unit_start, offset - 1, out)
                unit_start = None
            if row:
                _split_unit(masked, offset, end, out)
            elif line.strip():
                unit_start = offset
        elif unit_start is None:
            unit_start = offset
        offset = end + 1
    if unit_start is not None:
        _split_unit(masked, unit_start, len(masked), out)
    return [s for s in out if s.text.strip()]


# -- numbers -------------------------------------------------------------------------------
_NUM = r"(?<![\w.,/])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])"
_WORD_VALUES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a hundred": 100, "one hundred": 100, "a thousand": 1000, "one thousand": 1000,
}
_DOZENS = {"a": 12, "one": 12, "two": 24, "three": 36, "four": 48, "half a": 6}
_WORD_NUM = (r"(?:(?:a|one|two|three|four|half\s+a)\s+dozen|"
             + "|".join(sorted((k.replace(" ", r"\s+") for k in _WORD_VALUES), key=len, reverse=True))
             + r")")
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
           "billion": 1e9, "bln": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12}
_SCALE = r"(?:\s?(?:thousand|million|billion|trillion|mln|bln|trn)\b|(?:mn|bn|tn|k|m|b)\b)"
_CURRENCY_BEFORE = {"us$": "USD", "$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP",
                    "gbp": "GBP", "₸": "KZT", "kzt": "KZT", "qar": "QAR", "qr": "QAR", "rub": "RUB",
                    "₽": "RUB", "cny": "CNY", "aed": "AED", "sar": "SAR", "pkr": "PKR", "rs": "PKR"}
_CURRENCY_AFTER = {"dollars": "USD", "dollar": "USD", "us dollars": "USD", "usd": "USD",
                   "tenge": "KZT", "kzt": "KZT", "₸": "KZT", "riyals": "QAR", "riyal": "QAR",
                   "qatari riyals": "QAR", "qar": "QAR", "euros": "EUR", "euro": "EUR", "eur": "EUR",
                   "pounds": "GBP", "roubles": "RUB", "rubles": "RUB", "rub": "RUB", "yuan": "CNY",
                   "rupees": "PKR", "dirhams": "AED"}
_MONEY_RE = re.compile(
    r"(?P<pre>US\$|\$|€|£|₸|₽|\b(?:USD|KZT|QAR|QR|EUR|GBP|RUB|CNY|AED|SAR|PKR|Rs)\.?)\s?"
    rf"(?P<num>{_NUM})(?P<scale>{_SCALE})?"
    rf"|(?P<num2>{_NUM}|\b{_WORD_NUM}\b)(?P<scale2>{_SCALE})?\s?(?:-\s?)?"
    r"(?P<post>(?:US\s)?dollars?|qatari\s+riyals|riyals?|tenge|euros?|pounds|roubles|rubles|yuan|rupees"
    r"|dirhams|USD|KZT|QAR|EUR|RUB|₸)\b",
    re.IGNORECASE)

_UNITS = {
    "bed": "beds", "flight": "flights", "visitor": "people", "tourist": "people", "people": "people",
    "person": "people", "citizen": "people", "traveller": "people", "traveler": "people", "passenger": "people",
    "resident": "people", "pilgrim": "people", "worker": "people", "student": "students",
    "agreement": "agreements", "memoranda": "agreements", "memorandum": "agreements",
    "mou": "agreements", "accord": "agreements", "document": "agreements", "deal": "agreements",
    "treaty": "agreements", "treatie": "agreements", "time": "times", "item": "items",
    "category": "items", "categorie": "items", "commodity": "items", "commoditie": "items",
    "product": "items", "good": "items", "city": "cities", "citie": "cities", "day": "days",
    "week": "weeks", "month": "months", "year": "years", "decade": "decades", "barrel": "barrels",
    "cubic": "m3", "m3": "m3", "tonne": "tonnes", "ton": "tonnes", "km": "km", "kilometre": "km",
    "kilometer": "km", "company": "companies", "companie": "companies", "firm": "companies",
    "business": "companies", "businesse": "companies", "project": "projects", "percent": "percent",
    "mosque": "mosques", "hospital": "hospitals", "embassy": "embassies", "embassie": "embassies",
    "route": "routes", "meeting": "meetings", "visit": "visits", "job": "jobs", "member": "members",
    "university": "universities", "universitie": "universities", "scholarship": "scholarships",
    "delegation": "delegations", "round": "rounds",
}
_DEMONYM_UNITS = frozenset({"kazakh", "kazakhs", "kazakhstani", "kazakhstanis", "qatari", "qataris"})
_UNIT_WORD = r"(?:[A-Za-z][A-Za-z'’-]*)"
_COUNT_RE = re.compile(
    rf"(?P<num>{_NUM}|\b{_WORD_NUM}\b)(?P<scale>{_SCALE})?(?P<sep>-|\s+)"
    rf"(?P<noun>{_UNIT_WORD}(?:,?\s+{_UNIT_WORD}){{0,3}})",
    re.IGNORECASE)
_FUNCTION_WORDS = frozenset([
    "to", "the", "of", "in", "on", "at", "for", "and", "or", "with", "by", "from", "a", "an", "was",
    "were", "is", "are", "had", "has", "have", "be", "that", "this", "which", "who", "as", "than",
    "last", "next", "each", "every", "per"
])
_RATE_RE = re.compile(
    r"(?:\s+of\s+[a-z]+)?\s+(?:a|per|each)\s+(?P<per>week|day|month|year)\b|\s+(?P<adv>weekly|daily)\b",
    re.IGNORECASE)
# "the number of Qatari visitors ... rose to roughly 1,000": the noun comes first
_NUMBER_OF_RE = re.compile(
    rf"\bnumber\s+of\s+(?P<noun>(?:{_UNIT_WORD}\s+){{0,2}}{_UNIT_WORD})\b[^.;:!?\d]{{0,60}}?"
    r"\b(?:to|at|was|is|of|reached|hit|stood\s+at|totall?ed)\s+"
    r"(?:(?:about|approximately|around|roughly|some|nearly|almost|more\s+than|over|at\s+least|"
    rf"just|only)\s+)?(?P<num>{_NUM})(?![\d,])(?!\s?%)",
    re.IGNORECASE)
_PERCENT_RE = re.compile(rf"(?P<num>{_NUM})\s?(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)
_TIMES_RE = re.compile(r"\b(?P<verb>doubled|tripled|trebled|quadrupled|halved)\b", re.IGNORECASE)
_TIMES_VERBS = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0, "halved": 0.5}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}
_RANK_RE = re.compile(
    r"\btop[- ](?P<top>\d{1,3}|ten|five|three|twenty|fifty)\b"
    r"|\b(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|\d{1,3}(?:st|nd|rd|th))[- ](?:largest|biggest)\b",
    re.IGNORECASE)
_QUALIFIER_RE = re.compile(
    r"(?:\b(?P<approx>about|approximately|approx\.?|around|some|roughly|nearly|almost|close\s+to|"
    r"an\s+estimated|estimated\s+at|circa|c\.|~)"
    r"|\b(?P<more>more\s+than|over|upwards\s+of|in\s+excess\s+of|exceeding|exceeds?|exceeded|above|"
    r"just\s+over|worth\s+over|worth\s+more\s+than)"
    r"|\b(?P<least>at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of)"
    r"|\b(?P<upto>up\s+to|as\s+many\s+as|as\s+much\s+as|a\s+maximum\s+of)"
    r"|\b(?P<less>less\s+than|fewer\s+than|under|below|just\s+under))\s*$",
    re.IGNORECASE)


def _qualifier(masked: str, start: int) -> str:
    m = _QUALIFIER_RE.search(masked, max(0, start - 32), start)
    if not m or m.end() != start:
        return "exact"
    for group, name in (("approx", "approximately"), ("more", "more-than"), ("least", "at-least"),
                        ("upto", "up-to"), ("less", "less-than")):
        if m.group(group):
            return name
    return "exact"


def _number(text: str) -> tuple[float, int, bool]:
    """The value of a number as written, its significant digits, and whether it was a word."""
    t = " ".join(text.lower().split())
    if "dozen" in t:
        return float(_DOZENS[t.replace(" dozen", "")]), 2, True
    if t in _WORD_VALUES:
        return float(_WORD_VALUES[t]), len(str(_WORD_VALUES[t]).rstrip("0")) or 1, True
    plain = t.replace(",", "")
    # 40,000 has one significant digit as written; 2.50 has three
    digits = len(plain.replace(".", "").lstrip("0")) if "." in plain else len(plain.strip("0")) or 1
    return float(plain), max(digits, 1), False


def _scale(text: str | None) -> float:
    return _SCALES[text.strip().lower()] if text else 1.0


def _unit_of(noun: str) -> str | None:
    """The unit for the first known noun among the words after a number."""
    for word in fold(noun).split():
        if word in _DEMONYM_UNITS:  # "40,000 Kazakhstanis", but not "1 Abai Kazakh"
            if word.endswith("s"):
                return "people"
            continue
        key = stem(word)
        if key in _UNITS:
            return _UNITS[key]
        if key.endswith("s") and key[:-1] in _UNITS:
            return _UNITS[key[:-1]]
    return None


def _count_noun(masked: str, m: re.Match[str]) -> tuple[str, int] | None:
    """The unit of a count and where its claim ends: at the first known noun after the number
    ("14 regular direct flights a week", "60 non-resource commodity items")."""
    words = list(re.finditer(_UNIT_WORD, m.group("noun")))
    for n, w in enumerate(words):
        unit = _unit_of(w.group(0))
        if unit is None:
            continue
        if w.group(0).lower() in _DEMONYM_UNITS and n + 1 < len(words) and _unit_of(words[n + 1].group(0)):
            continue  # "553 Qatari tourists": the noun is "tourists"
        if any(v.group(0).lower() in _FUNCTION_WORDS for v in words[:n]):
            return None  # "2023 to meet Qatari officials": not a count of Qataris
        end = m.start("noun") + w.end()
        rate = _RATE_RE.match(masked, end)
        if rate:  # "14 flights a week", "1.5 million barrels a day": a rate, not a stock
            per = rate.group("per") or rate.group("adv").lower().replace("ly", "").replace("dai", "day")
            if per.lower() != "year" or unit.startswith("flights"):  # a yearly count is a figure's norm
                unit = f"{unit}/{per.lower()}"
            end = rate.end()
        return unit, end
    return None


# -- dates ---------------------------------------------------------------------------------
_MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
           "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
           "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
           "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)")
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DASH = r"\s?(?:[–—-]|to)\s?"
_DATE_RE = re.compile(
    rf"(?<![\w$€£₸.,/-])(?:"
    rf"(?P<iy>{_YEAR})-(?P<im>0[1-9]|1[0-2])-(?P<id>[0-2]\d|3[01])(?!\d)"
    rf"|(?P<rd1>\d{{1,2}}){_DASH}(?P<rd2>\d{{1,2}})\s+(?P<rm>{_MONTH})\.?,?\s+(?P<ry>{_YEAR})"
    rf"|(?P<sm>{_MONTH})\.?\s+(?P<sd1>\d{{1,2}}){_DASH}(?P<sd2>\d{{1,2}}),?\s+(?P<sy>{_YEAR})"
    rf"|(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm>{_MONTH})\.?,?\s+(?P<dy>{_YEAR})"
    rf"|(?P<mm>{_MONTH})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>{_YEAR})"
    rf"|(?P<om>{_MONTH})\.?,?\s+(?:of\s+)?(?P<oy>{_YEAR})"
    rf"|(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<ssy>{_YEAR})"
    rf"|between\s+(?P<by1>{_YEAR})\s+and\s+(?P<by2>{_YEAR})"
    rf"|(?P<ya>{_YEAR})\s?(?:[–—/-]|\s+to\s+)\s?(?P<yb>{_YEAR}|\d\d)(?![\d%])"
    rf"|(?P<dec>1[89]\d0|20\d0)(?:-?s|['’]s)\b"
    rf"|(?P<y>{_YEAR})(?![\d%]|\s?per\s?cent|-\w)"
    rf")(?![\w])",
    re.IGNORECASE)
_SEASON_TEXT_RE = re.compile(r"\bthe\s+(?P<season>spring|summer|autumn|fall|winter)\s+of\s+$", re.IGNORECASE)


def _date_edtf(m: re.Match[str], masked: str) -> tuple[str, str] | None:
    g = m.groupdict()
    if g["iy"]:
        return f"{g['iy']}-{g['im']}-{g['id']}", "day"
    for day1, day2, month_key, year_key in (("rd1", "rd2", "rm", "ry"), ("sd1", "sd2", "sm", "sy")):
        if g[day1]:  # a day range, "3–4 February 2026" or "February 3–4, 2026"
            month, year = _MONTHS[g[month_key].lower()], g[year_key]
            return f"{year}-{month:02d}-{int(g[day1]):02d}/{year}-{month:02d}-{int(g[day2]):02d}", "day"
    if g["dd"]:
        return f"{g['dy']}-{_MONTHS[g['dm'].lower()]:02d}-{int(g['dd']):02d}", "day"
    if g["mm"]:
        return f"{g['my']}-{_MONTHS[g['mm'].lower()]:02d}-{int(g['md']):02d}", "day"
    if g["om"]:
        return f"{g['oy']}-{_MONTHS[g['om'].lower()]:02d}", "month"
    if g["season"]:
        return f"{g['ssy']}-{_SEASONS[g['season'].lower()]}", "season"
    if g["by1"]:
        return f"{g['by1']}/{g['by2']}", "range"
    if g["ya"]:
        first, second = g["ya"], g["yb"]
        if len(second) == 2:
            if int(second) <= 12 and int(second) <= int(first[2:]):  # 2022-10 is a month
                return f"{first}-{second}", "month"
            second = first[:2] + second
        if int(second) <= int(first):
            return None
        return f"{first}/{second}", "range"
    if g["dec"]:
        return f"{g['dec'][:3]}X", "decade"
    if g["y"]:
        before = masked[max(0, m.start() - 16):m.start()]
        season = _SEASON_TEXT_RE.search(before)
        if season:
            return f"{g['y']}-{_SEASONS[season.group('season').lower()]}", "season"
        return g["y"], "year"
    return None


def _in_citation(masked: str, start: int) -> bool:
    """(Sabayeva, 2015), (2024), (Kazinform, 2022, October 12): author-year references."""
    line_start = masked.rfind("\n", 0, start) + 1
    before = masked[line_start:start]
    depth = 0
    for i in range(len(before) - 1, -1, -1):
        ch = before[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                inside = before[i + 1:]
                return not inside.strip() or bool(re.search(r"[A-Za-z].*,\s*$", inside))
            depth -= 1
    return False


# -- finding where claims can begin ------------------------------------------------------
_TOKEN_START_RE = re.compile(r"\d+|[$€£₸₽]|[^\W\d_]+")
_START_WORDS = frozenset(
    [*(w.split()[0] for w in _WORD_VALUES), "a", "half", *_MONTHS, *_SEASONS, "between", "top", "number",
     *_ORDINALS, *_TIMES_VERBS, "us", "usd", "kzt", "qar", "qr", "eur", "gbp", "rub", "cny", "aed", "sar",
     "pkr", "rs"])


def _starts(masked: str) -> list[int]:
    """Where a claim can begin: numbers, currency signs and codes, number and month words."""
    return [m.start() for m in _TOKEN_START_RE.finditer(masked)
            if m.group(0)[0].isdigit() or m.group(0)[0] in "$€£₸₽" or m.group(0).lower() in _START_WORDS]


def _scan(pattern: re.Pattern[str], masked: str, starts: list[int], skip: bool = True) -> Iterator[re.Match[str]]:
    """pattern.finditer(masked), trying only the places a claim can begin (many times faster
    than letting the regex engine try every character of a long draft). With skip=False a
    match does not hide the places inside it: a count's window of words may hold the next count."""
    end = -1
    for pos in starts:
        if pos < end:
            continue
        m = pattern.match(masked, pos)
        if m and m.end() > pos:
            end = m.end() if skip else pos
            yield m


# -- claims ------------------------------------------------------------------------------
def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps a span of `spans` (sorted, not overlapping each other)."""
    i = bisect_right(spans, (start, 1 << 62))
    return (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < end)


def extract_claims(masked: str) -> list[Claim]:
    """All money, count and date claims in a masked text, in order, without overlaps."""
    claims: list[Claim] = []
    taken: list[tuple[int, int]] = []
    starts = _starts(masked)

    def add(claim: Claim) -> None:
        claims.append(claim)
        insort(taken, (claim.start, claim.end))

    for m in _scan(_MONEY_RE, masked, starts):
        num = m.group("num") or m.group("num2")
        value, digits, _ = _number(num)
        scale = m.group("scale") if m.group("num") else m.group("scale2")
        pre, post = m.group("pre"), m.group("post")
        code = (_CURRENCY_BEFORE.get(pre.lower().rstrip(".")) if pre
                else _CURRENCY_AFTER.get(" ".join(post.lower().split())))
        if code is None:
            continue
        add(Claim("money", m.group(0), m.start(), m.end(), value * _scale(scale), code,
                  _qualifier(masked, m.start()), digits))
    for m in _scan(_PERCENT_RE, masked, starts):
        if not _overlaps(taken, m.start(), m.end()):
            value, digits, _ = _number(m.group("num"))
            add(Claim("count", m.group(0), m.start(), m.end(), value, "percent",
                      _qualifier(masked, m.start()), digits))
    for m in _scan(_RANK_RE, masked, starts):
        if _overlaps(taken, m.start(), m.end()):
            continue
        if m.group("top"):
            top = m.group("top").lower()
            value = float(_WORD_VALUES.get(top, 0) or int(top))
            add(Claim("count", m.group(0), m.start(), m.end(), value, "rank", "up-to",
                      len(str(int(value)).rstrip("0")) or 1))
        else:
            ordinal = m.group("ord").lower()
            value = float(_ORDINALS.get(ordinal) or int(re.sub(r"\D", "", ordinal)))
            add(Claim("count", m.group(0), m.start(), m.end(), value, "rank", "exact", 2))
    date_matches = []
    for m in _scan(_DATE_RE, masked, starts):
        if _overlaps(taken, m.start(), m.end()) or _in_citation(masked, m.start()):
            continue
        date_matches.append(m)
    for m in date_matches:
        if _overlaps(taken, m.start(), m.end()):
            continue
        found = _date_edtf(m, masked)
        if found is None:
            continue
        edtf, precision = found
        try:
            parsed = parse_edtf(edtf)
        except EdtfError:
            continue
        add(Claim("date", m.group(0), m.start(), m.end(), edtf=edtf, lower=parsed.lower,
                  upper=parsed.upper, precision=precision))
    count_matches = []
    for m in _scan(_COUNT_RE, masked, starts, skip=False):
        if _overlaps(taken, m.start(), m.end()):
            continue
        noun_end = _count_noun(masked, m)
        if noun_end is None:
            continue
        unit, end = noun_end
        value, digits, word = _number(m.group("num"))
        is_year = re.fullmatch(_YEAR, m.group("num")) is not None
        if is_year and re.search(r"\b(?:in|since|by|from|of|until|before|after|during)\s+$",
                                 masked[max(0, m.start() - 8):m.start()]):
            continue  # "in 2023 visitors came" is a year, not a count
        if unit in ("years", "decades", "months", "weeks") and not word and m.group("sep") != "-" \
                and re.search(r"\b(?:in|of|since)\s+$", masked[max(0, m.start() - 8):m.start()]):
            continue
        qualifier = _qualifier(masked, m.start())
        if "dozen" in m.group("num").lower() and qualifier == "exact":
            qualifier = "approximately"
        count_matches.append(Claim("count", masked[m.start():end], m.start(), end,
                                   value * _scale(m.group("scale")), unit, qualifier, digits))
    for m in _scan(_NUMBER_OF_RE, masked, starts):
        noun_unit = _unit_of(m.group("noun"))
        if noun_unit is None or _overlaps(taken, m.start("num"), m.end("num")):
            continue
        value, digits, _ = _number(m.group("num"))
        count_matches.append(Claim("count", m.group("num"), m.start("num"), m.end("num"), value, noun_unit,
                                   _qualifier(masked, m.start("num")), digits))
    for c in sorted(count_matches, key=lambda c: c.start):
        if not _overlaps(taken, c.start, c.end):
            add(c)
    for m in _scan(_TIMES_RE, masked, starts):
        if not _overlaps(taken, m.start(), m.end()):
            add(Claim("count", m.group(0), m.start(), m.end(), _TIMES_VERBS[m.group("verb").lower()],
                      "times", "approximately", 1))
    claims.sort(key=lambda c: c.start)
    return claims


def sentences_with_claims(text: str) -> list[Sentence]:
    """The sentences of a draft that hold at least one claim, each with its claims."""
    masked = mask_markdown(text)
    claims = extract_claims(masked)
    if not claims:
        return []
    sentences = split_sentences(masked)
    starts = [s.start for s in sentences]
    for claim in claims:
        i = bisect_right(starts, claim.start) - 1
        if i >= 0 and claim.start < sentences[i].end:
            sentences[i].claims.append(claim)
    return [s for s in sentences if s.claims]


class Positions:
    """Character offsets to 1-based line and column numbers of the original text."""

    def __init__(self, text: str):
        self.starts = [0]
        for m in re.finditer("\n", text):
            self.starts.append(m.end())

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1
