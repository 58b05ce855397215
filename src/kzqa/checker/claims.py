"""The claim reader: the amounts, counts, percentages, ranks and dates of one sentence, as data.

`claims_in(text, context)` reads a sentence (or a table cell, a heading, a list item) into
`Claim` records: the value in base units with the interval its words allow, the currency
or counted noun, the hedge ("about", "more than"), whether it is an actual figure or a
target, and the period it is for. Dates come out as EDTF (kzqa.dates). The accepted number
forms, with examples and the forms left alone, are listed in docs/number-forms.md; the
word lists live in lexicon.toml beside this module.

The text is scanned once by one compiled regular expression; every later look at the words
around a claim is bounded to a few dozen characters, so time grows linearly with the text.
This module imports neither pydantic nor Rich: the piped check output stays light.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import Any

from kzqa import kept
from kzqa.dates import EdtfError, parse_edtf

KINDS = ("money", "count", "percent", "points", "date", "rank")
QUALIFIERS = ("exact", "approximately", "more-than", "at-least", "up-to", "less-than", "range")
BASES = ("actual", "target", "plan", "estimate", "spent")
APPROXIMATE_SHARE = 0.10  # "about 1,000" accepts ±10 % (issue 10, design point 5)
_BACK = 48  # characters looked at before a number for its hedge or role
_NOUN_BACK = 90  # characters looked at before a number for the noun it measures


@dataclass(frozen=True, slots=True)
class Claim:
    """One checkable statement of quantity or date, as the writer wrote it.

    Offsets are code points into the `text` given to `claims_in` (end exclusive), and
    `text[start:end] == claim.text`. Amounts are in base units (USD, not USD million);
    `low`/`high` bound what the words allow before any record is seen (`inf` for an open
    upper end; `low_open`/`high_open` say whether an end is excluded). Dates carry `date`
    (EDTF) and no value. See docs/number-forms.md for every field with examples.
    """

    start: int
    end: int
    text: str
    kind: str  # one of KINDS
    value: float | None = None
    low: float | None = None
    high: float | None = None
    precision: float | None = None  # place value of the last written digit, in base units
    qualifier: str = "exact"  # one of QUALIFIERS
    unit: str | None = None  # ISO 4217 for money, the counted noun as written, "%", "pp"
    noun: str | None = None  # the head noun measured, lower-case
    basis: str = "actual"  # one of BASES
    period: str | None = None  # EDTF of the time the quantity is for
    date: str | None = None  # kind "date": EDTF
    rate: str | None = None  # "day" | "week" | "month" | "year" for a flow per period
    role: str | None = None  # "from" | "to" | "by" in a change ("rose from A to B", "grew by 5%")
    low_open: bool = False  # "more than 10": 10 itself is excluded
    high_open: bool = False  # "less than 10", "nearly 10", and every infinite end


# -- the word lists ------------------------------------------------------------------------
@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The word lists of lexicon.toml (loaded once): scales, currencies, hedges, bases..."""
    from kzqa.checker import data_file

    return data_file("lexicon.toml")


@lru_cache(maxsize=1)
def lexicon_words() -> frozenset[str]:
    """Every single word of the lexicon's hedges, number words, prepositions, verbs of
    change, ranks, basis words, measures and generic headers, lower-case: the words a
    sentence or a table row may open with that name nothing ("Fewer than 10...", "Nearly
    half...", "Since 2019...", "Turnover in 2023")."""
    lex = lexicon()
    phrases: list[str] = [w for words in lex["qualifiers"].values() for w in words]
    phrases += [w for words in lex["qualifiers_after"].values() for w in words]
    phrases += [*lex["numbers"]["units"], *lex["numbers"]["tens"], *lex["numbers"]["multipliers"]]
    phrases += [*lex["periods"]["prepositions"], *lex["roles"]["verbs"], *lex["dates"]["year_lead_words"]]
    phrases += [*lex["ranks"]["ordinals"], *lex["ranks"]["superlatives"], *lex["nouns"]["function_words"]]
    phrases += [w for kind in ("target", "plan", "estimate") for w in lex["basis"][kind]]
    phrases += [*lex["nouns"]["measures"], *lex["nouns"]["generic_headers"]]
    return frozenset(word for phrase in phrases for word in phrase.lower().split())


_ORDINAL_RE = kept.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\b|\b([a-z]+)\b", re.IGNORECASE)


def ordinals_in(text: str, attached: bool = False) -> frozenset[int]:
    """The ordinal numbers a text uses ("the sixth meeting", "6th", "inaugural" as 1st):
    which occurrence of a recurring event it is about. lexicon.toml's [ranks] ordinals.
    `attached`: only those before the noun they number ("his first state visit", "for the
    first time"), not an adverb ("first in 1998 and again in 2007")."""
    words = lexicon()["ranks"]["ordinals"]
    function = frozenset(lexicon()["nouns"]["function_words"])
    found: set[int] = set()
    for m in _ORDINAL_RE.finditer(text):
        w = (m.group(2) or "").lower()
        n = int(m.group(1)) if m.group(1) else int(words[w]) if w in words else 1 if w == "inaugural" else 0
        if not n:
            continue
        if attached:
            following = _ORDINAL_NOUN_RE.match(text, m.end())
            if following is None or following.group(1).lower() in function or \
                    following.group(1).lower() in phrases().not_occurrences:
                continue
        found.add(n)
    return frozenset(found)


# "the second half of the 2000s", "the first quarter", "the second-largest": no occurrence
_ORDINAL_NOUN_RE = kept.compile(r"[\s-]+([a-z]+)", re.IGNORECASE)


class _Fields:
    """A record of named fields, built once by keyword: what a dataclass would give, without
    its code generation at import (~1 ms a class of this size, on every check run)."""

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)


class Phrases(_Fields):
    """The patterns of how a sentence frames its numbers and dates, built once from
    lexicon.toml's [sentences] (and its multiples and calendar words)."""

    compared: re.Pattern[str]  # the words before a date that make it a comparison's base
    comparing: re.Pattern[str]  # a word of comparison between two amounts
    difference: re.Pattern[str]  # "more than" after a number: a difference
    multiplier_after: re.Pattern[str]  # what follows "N times" when it is a multiple
    negated: re.Pattern[str]  # a negation within three words before a number or date
    conditional: re.Pattern[str]  # a clause that supposes
    aim_after: re.Pattern[str]  # an aim noun after a number
    conversion_gap: re.Pattern[str]  # what stands between an amount and its conversion
    whole_year: re.Pattern[str]
    year_of: re.Pattern[str]  # a figure's noun after a year
    multiple: re.Pattern[str]  # doubled, tripled
    scope: re.Pattern[str]
    attribution: re.Pattern[str]
    citation: re.Pattern[str]  # "(Ahmad et al., 2025)"
    told_that: re.Pattern[str]  # who tells what follows: "The Ministry ... informs that"
    source_after: re.Pattern[str]  # after a source's name, when it says: "'s paper", "et al. write"
    source_before: re.Pattern[str]  # before a source's name, when it says: "according to (the)"
    descriptor: re.Pattern[str]  # "the Gulf state": a country by description
    refutation: re.Pattern[str]  # "false", "actually": what a fact-check says of a claim it reports
    wrongly: re.Pattern[str]  # "misreported ... as": what follows is wrong
    report_label: re.Pattern[str]  # "Myth:" opening a sentence
    reported: re.Pattern[str]  # "Some websites claim that", "Reports of", "Claim:"
    contrast: re.Pattern[str]  # "while", "against" opening what follows a clause
    pronoun_subject: re.Pattern[str]  # "in fact they were": a clause about what came before
    gap: re.Pattern[str]  # "the gap between": a difference the writer works out
    numbering_words: frozenset[str]  # "Episode 5", "Table 2": numbers that number
    speaker_roles: frozenset[str]  # titles and speakers' roles in a transcript's label
    dateline: re.Pattern[str]  # "ASTANA, Feb 14 (Reuters) –"
    clause_break: re.Pattern[str]  # where a sentence's next clause begins
    gap_after: re.Pattern[str]  # "(three) days after": a gap between two events
    year_before: re.Pattern[str]  # "(653) a year earlier"
    year_after: re.Pattern[str]  # "(40,000) the following year"
    total: re.Pattern[str]  # "together with", "along with": a sum of parts
    owned_abroad: frozenset[str]
    label_followers: frozenset[str]
    time_units: frozenset[str]
    spread_verbs: frozenset[str]
    not_occurrences: frozenset[str]
    conjunctions: frozenset[str]


# A news wire's dateline says where and when the story was filed, not what it is about, and
# its date is no claim: "ASTANA, Feb 14 (Reuters) –", "DOHA (AP) —", "ISLAMABAD, Feb. 2 –".
_DATELINE = (r"^(?-i:[A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+){0,3})"
             r"(?:\s*\([^()\n]{2,40}\)|,\s+[^()\n–—]{1,40}?(?:\s*\([^()\n]{2,40}\))?)\s*[–—-]{1,2}\s")


@lru_cache(maxsize=1)
def phrases() -> Phrases:
    """lexicon.toml's [sentences] as patterns (compiled on first use: most texts need them)."""
    lex = lexicon()
    w = lex["sentences"]
    comparisons = _alt(w["comparisons"])
    comparatives = _alt(w["comparatives"])
    months = _alt(m.capitalize() for m in [*lex["dates"]["months"], *lex["dates"]["seasons"]] if len(m) > 3)
    reporting = _alt(w["reporting_verbs"])
    leads = _alt(w["reporting_leads"])
    return Phrases(
        compared=kept.compile(rf"(?:^| )(?:{comparisons})(?: |$)"),
        comparing=kept.compile(rf"\s(?:{comparisons})\s", re.IGNORECASE),
        # "$850 million more than ...", "25,000 more Kazakhstanis visited Doha than in 2022"
        difference=kept.compile(rf"\s*(?:{comparatives})\s+(?:[^\W\d_][\w'’-]*\s+){{0,5}}than\b", re.IGNORECASE),
        multiplier_after=kept.compile(rf"[\s,]+(?:{comparatives}|{_alt(w['multiple_followers'])})\b", re.IGNORECASE),
        negated=kept.compile(rf"(?:\b(?:{_alt(w['negations'])})|(?<=\w)n['’]t)"
                           rf"(?!\s+(?:{_alt(w['not_negations'])})\b)"
                           r"(?:\s+[\w'’-]+){0,3}[\s,:]*[$€£₸]?$", re.IGNORECASE),
        conditional=kept.compile(rf"[\W_]*(?:(?:{_alt(w['conditionals'])})(?!\s+(?:{_alt(w['not_conditionals'])})\b)"
                                 rf"|should\s+\w+\s+\w+|were\s+\w+\s+to)\b", re.IGNORECASE),
        aim_after=kept.compile(rf"(?:\s+[a-z-]+){{0,2}}?\s+({_alt(w['aim_nouns'])})\b", re.IGNORECASE),
        conversion_gap=kept.compile(rf"[\s,;:(–—-]*(?:(?:{_alt(w['conversions'])})\s*)?[~≈]?\s*", re.IGNORECASE),
        whole_year=kept.compile(rf"\b(?:{_alt(w['whole_year'])})\b", re.IGNORECASE),
        year_of=kept.compile(rf"\s+(?:{_alt(w['figure_nouns'])})\b", re.IGNORECASE),
        multiple=kept.compile(rf"\b(?:{_alt(lex['numbers']['multiples'])})\b", re.IGNORECASE),
        scope=kept.compile(rf"\b(?:{_alt(w['scope_words'])})\b", re.IGNORECASE),
        attribution=kept.compile(
            rf",\s*(?:[^.;]{{0,120}}?\s)?(?:{reporting})\b(?:\s+(?-i:[A-Z][\w.’'-]*))?"
            rf"(?:\s+(?:in|on|at|to|during|last|this|earlier|later|yesterday|today)\b[^,.;]{{0,60}})?(?=[.;]?\s*$)"
            rf"|(?:^|(?<=[.;]\s))(?:{leads})\s[^,.;]{{1,80}},"
            rf"|,\s*(?:{leads})\s[^,.;]{{1,80}}(?=[.;,]|\s*$)"
            rf"|{_DATELINE}"
            # a cable's paragraph number and classification marking: "3. (SBU) ..."
            r"|^\s*(?:\d{1,3}\.\s*)?\((?-i:[A-Z][A-Z/]{0,7})\)\s", re.IGNORECASE),
        dateline=kept.compile(_DATELINE),
        # a semicolon, ", and", "but", "while", "whereas", or a comma and a connective of time
        # ("The Qatari mission opened in 2008, a year after Kazakhstan's mission in Doha": Doha
        # is not where the 2008 mission is). The number of "two years after" may be blanked out:
        # the sentence is read with its claims masked.
        clause_break=kept.compile(
            rf";|,\s+and\s+|,?\s+(?:but|while|whereas|whilst)\s+"
            rf"|,\s+(?:(?:a|an|one|two|three|four|five|six|several|some|a\s+few|\d+)?\s*(?:{_alt(w['time_units'])})"
            rf"\s+)?(?:(?:{_alt(w['relative_adverbs'])})\s+)?(?:{_alt(w['relative_connectives'])})\s+", re.IGNORECASE),
        gap_after=kept.compile(rf"[\s-]*(?:{_alt(w['time_units'])})\s+(?:{_alt(w['gap_followers'])})\b", re.IGNORECASE),
        year_before=kept.compile(rf"\s*(?:{_alt(w['year_before'])})\b", re.IGNORECASE),
        year_after=kept.compile(rf"\s*(?:{_alt(w['year_after'])})\b", re.IGNORECASE),
        # "together with charter flights the total reaches 20": a part added, then the total
        # (not "Kazakhstan, together with Qatar, signed ...")
        total=kept.compile(rf"\b(?:{_alt(w['total_words'])})\b(?=[^.;]{{0,80}}\btotal)|\b(?:{_alt(w['sum_words'])})\b",
                           re.IGNORECASE),
        owned_abroad=frozenset(w["owned_abroad"]),
        label_followers=frozenset(w["label_followers"]),
        time_units=frozenset(w["time_units"]),
        citation=kept.compile(rf"\((?=[^()]*(?:\bet al\b|(?!(?:{months})\b)"
                            r"[A-Z][\w'’-]+,?\s+(?:19|20)\d\d))[^()]*(?:19|20)\d\d[a-z]?[^()]*\)"),
        # (up to three words between the verb and "that": "told the chamber that")
        told_that=kept.compile(rf"\W*(?:[^,;:\"“”\d]{{1,30}},\s*)?"  # an opening "In reply, "
                               rf"[^,;:\"“”]{{1,100}}?\s(?:{reporting}|{_alt(w['telling_verbs'])})"
                               rf"(?:\s+[\w-]+){{0,3}}?\s+that\b", re.IGNORECASE),
        source_after=kept.compile(rf"(?:['’]s)?(?:\s+[\w.'’-]+){{0,2}}?\s+(?:et\.?\s+al\b|(?:{reporting}"
                                  rf"|{_alt(w['source_nouns'])})\b)", re.IGNORECASE),
        source_before=kept.compile(rf"\b(?:{leads})(?:\s+[\w.'’-]+){{0,2}}?\s+$", re.IGNORECASE),
        descriptor=kept.compile(rf"\b(?:{_alt(w['descriptors'])})\b", re.IGNORECASE),
        refutation=kept.compile(rf"\b(?:{_alt(w['refutations'])})\b", re.IGNORECASE),
        wrongly=kept.compile(rf"\b(?:{_alt(w['wrongly_words'])})\b", re.IGNORECASE),
        report_label=kept.compile(rf"\W*(?:{_alt(w['report_labels'])})\s*:\s*", re.IGNORECASE),
        reported=kept.compile(rf"(?:^\W*(?:{_alt([*w['report_labels'], 'claim', 'the claim'])})\s*:"
                              rf"|\b(?:{_alt(w['report_cues'])})\b(?:\s+that)?)", re.IGNORECASE),
        contrast=kept.compile(rf"[\s,;]*(?:{_alt(w['contrasts'])})\b", re.IGNORECASE),
        pronoun_subject=kept.compile(rf"\W*(?:(?:{_alt(w['pronoun_connectives'])})\b\W*)*"
                                     rf"(?:{_alt(w['subject_pronouns'])})\s+(?:{_alt(w['pronoun_verbs'])})\b",
                                     re.IGNORECASE),
        gap=kept.compile(rf"\b(?:{_alt(w['gap_nouns'])})\s+(?:between|of)\b", re.IGNORECASE),
        numbering_words=frozenset(w["numbering_words"]),
        speaker_roles=frozenset([*lex["nouns"]["titles"], *w["speakers"]]),
        spread_verbs=frozenset(w["spread_verbs"]),
        not_occurrences=frozenset(w["not_occurrences"]),
        conjunctions=frozenset(w["conjunctions"]),
    )


def _alt(words: Any) -> str:
    """A regex alternation of literal phrases, longest first, any run of spaces between words.
    Phrases of one length in alphabetical order, so that a pattern is the same string on every
    run (a set's order changes with Python's string hashing), as kzqa.kept needs."""
    items = sorted({str(w) for w in words}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


_YEAR = r"(?:1[89]\d\d|20\d\d)"
# a year, or a year by its last two digits after a day or month ("14 Feb '24", "'11–'12")
_YEAR_AP = rf"(?:{_YEAR}|['’‘]\d\d(?![\d%]))"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_SP = r"[\s\u00a0\u2009\u202f]"
_NUM_END = r"(?!\d|[.,/:]\d)"


def _digits(prefix: str) -> str:
    """Digit numbers in every separator style; group names start with `prefix`."""
    return (
        rf"(?P<{prefix}dotk>\d{{1,3}}(?:\.\d{{3}}){{2,}}(?:,\d+)?|\d{{1,3}}(?:\.\d{{3}})+,\d+)"  # 15.000.000, 1.234,5
        rf"|(?P<{prefix}zcomma>0,\d+)"  # 0,5: a leading zero is never a thousands group
        rf"|(?P<{prefix}commak>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?)"  # 1,000 and 1,234.5
        rf"|(?P<{prefix}spacek>\d{{1,3}}(?:[\u2009\u202f\u00a0]\d{{3}})+(?:[.,]\d+)?)"  # 15 000 000, thin spaces
        rf"|(?P<{prefix}dcomma>\d+,\d{{1,2}}(?!\d|,\d)|\d{{4,}},\d+)"  # 17,6 and 1234,5: cannot be thousands
        rf"|(?P<{prefix}plain>\d+(?:\.\d+)?)"
    )


_GROUP_NAME_RE = kept.compile(r"\(\?P<(\w+)>")


class _Master:
    """The master pattern: a footnote mark, or at a start guard the first of the
    alternatives (money, dates, ranks, clock times, numbers, skips) that matches.

    Compiling all of it is the largest single cost of checking a short draft (~13 ms of
    Python's regex compiler), yet the money, date and rank alternatives each need a sign or
    word that many sentences lack. `for_text` compiles only those a text's probes find; an
    alternative left out becomes a branch that never matches but holds its group names, so
    every match reads as the whole pattern's would (the first branch that matches wins,
    and one that cannot match anywhere in the text never wins). The first choice is kept;
    once a text needs more, the whole pattern is compiled and serves every text after:
    at most two compiles a run."""

    def __init__(self, head: str, alternatives: list[tuple[str, re.Pattern[str] | None]]):
        """`head`: what comes before the alternatives; `alternatives`: (pattern, probe) in
        order, where a probe finds something in every text the pattern can match in
        (None: always needed)."""
        self.head = head
        self.alternatives = alternatives
        self.compiled: dict[frozenset[int], re.Pattern[str]] = {}

    def _compile(self, needed: frozenset[int]) -> re.Pattern[str]:
        parts = [alt if i in needed else "(?!)" + "".join(f"(?P<{name}>)" for name in _GROUP_NAME_RE.findall(alt))
                 for i, (alt, _probe) in enumerate(self.alternatives)]
        return kept.compile(f"{self.head}(?:{'|'.join(parts)})", re.IGNORECASE)

    def for_needed(self, needed: frozenset[int]) -> re.Pattern[str]:
        """A pattern with at least the alternatives of these indexes."""
        for have, pattern in self.compiled.items():
            if needed <= have:
                return pattern
        if self.compiled:  # a second choice: the whole pattern, once, for every text after
            needed = frozenset(range(len(self.alternatives)))
        pattern = self.compiled[needed] = self._compile(needed)
        return pattern

    def for_text(self, text: str) -> re.Pattern[str]:
        """A pattern that matches `text`, at every position, as the whole pattern does."""
        return self.for_needed(frozenset(i for i, (_alt, probe) in enumerate(self.alternatives)
                                         if probe is None or probe.search(text)))


class _Patterns(_Fields):
    master: _Master
    clause_stop: re.Pattern[str]
    clause_comma: re.Pattern[str]
    clause_word: re.Pattern[str]
    hedges: dict[str, str]
    hedge_after: re.Pattern[str]
    verbs: frozenset[str]
    not_a_size: frozenset[str]
    words_after: re.Pattern[str]
    in_of_measure: re.Pattern[str]
    rate_after: re.Pattern[str]
    basis_words: dict[str, str]
    basis_phrases: tuple[tuple[str, str], ...]
    preps: frozenset[str]
    date_starts: frozenset[str]
    date_ends: frozenset[str]
    by_year_with: tuple[str, ...]
    hot: re.Pattern[str]
    word_start: re.Pattern[str]
    lead_words: frozenset[str]
    start_words: frozenset[str]
    codes: frozenset[str]
    lex: dict[str, Any]
    scales: dict[str, float]
    currency_words: dict[str, str]
    rates_after: dict[str, str]
    rates_before: dict[str, str]
    function_words: frozenset[str]
    plain_plurals: frozenset[str]
    measures: frozenset[str]
    number_words: dict[str, float]
    months: dict[str, int]
    seasons: dict[str, int]
    ordinals: dict[str, int]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    lex = lexicon()
    nums = lex["numbers"]
    number_words: dict[str, float] = {**nums["units"], **nums["tens"], **nums["multipliers"], "dozen": nums["dozen"]}
    small = _alt([*nums["units"], *nums["tens"]])
    mult = _alt(nums["multipliers"])
    w = rf"(?:{small}|{mult}|dozen)"
    after_big = "|".join(rf"(?<={m})" for m in ("hundred", "thousand", "million", "billion", "trillion"))
    digit = _alt(["oh", *(k for k, v in nums["units"].items() if v <= 9)])
    wordnum = (rf"(?P<wnum>(?:(?:a|an)\s+(?={mult}|dozen)|half\s+an?\s+(?={mult}|dozen))?{w}"
               rf"(?:(?:(?:{after_big})\s+and\s+|[\s-]+)(?!and\b){w}(?!\w))*"
               # a decimal said aloud: "fifty-six point six million"
               rf"(?:\s+point(?:[\s-]+(?:{digit})(?!\w))+(?:\s+(?:{mult}))?)?"
               rf"(?:\s+and\s+a\s+half(?:\s+(?:{mult}))?)?)")
    scales = {k: float(v) for k, v in {**lex["scales"]["words"], **lex["scales"]["letters"]}.items()}
    scale_words = _alt(lex["scales"]["words"])
    letters = "".join(lex["scales"]["letters"])
    cur = lex["currencies"]
    codes = "|".join(cur["codes"])
    before_signs = _alt(k for k in cur["before"] if not k.isalpha())
    before_letters = _alt(k for k in cur["before"] if k.isalpha())
    after_words = _alt(k for k in cur["after"])
    pct = lex["percent"]
    pct_words = _alt(p for p in pct["percent"] if p != "%")
    pts_words = _alt(pct["points"])
    dates = lex["dates"]
    full_months = [m for m in dates["months"] if len(m) > 4 or m in ("may", "june", "july")]
    short_months = [m for m in dates["months"] if m not in full_months]
    month = rf"(?:(?:{_alt(full_months)})|(?:{_alt(short_months)})\.?)"  # "Oct. 2022", not "February. 2026"
    season = _alt(dates["seasons"])
    lead = _alt([*dates["year_lead_words"], *dates["months"], *number_words])
    spoken = _spoken_year_pattern(nums, [*dates["spoken_year_cues"], *dates["months"]])
    day_ord = "|".join(k.replace("-", r"[\s-]") for k in sorted(dates["day_ordinals"], key=lambda k: (-len(k), k)))
    ranks = lex["ranks"]
    ords = _alt(ranks["ordinals"])
    sups = _alt(ranks["superlatives"])
    most = _alt(ranks["after_most"])
    ids = _alt(lex["ids"]["before"])
    dash = r"\s?[–—-]\s?"
    iso = rf"{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    money_pre = (rf"(?P<pre>{before_signs}|(?-i:{before_letters}|{codes})\.?(?={_SP}?\d)){_SP}?"
                 rf"(?P<pnum>{_digits('p_')}){_NUM_END}"
                 rf"(?P<pscale>{_SP}?(?:{scale_words})(?!\w)|{_SP}?[{letters}](?!\w))?(?!\w)")
    date_alts = (
        rf"(?P<iso>{iso}(?:/{iso})?)(?![\w-])"
        # day.month.year, as Kazakh, Russian and most European writers give dates: 01.07.1993
        rf"|(?P<dotd>0?[1-9]|[12]\d|3[01])\.(?P<dotm>0?[1-9]|1[0-2])\.(?P<doty>{_YEAR})(?![\w.]\d)"
        rf"|(?P<xd1>{_DAY})\s+(?P<xm1>{month})(?:,?\s+(?P<xy1>{_YEAR_AP}))?{dash}(?P<xd2>{_DAY})\s+(?P<xm2>{month}),?\s+"
        rf"(?P<xy2>{_YEAR_AP})(?!\w)"
        rf"|(?P<rd1>{_DAY})(?:{dash}|\s+to\s+)(?P<rd2>{_DAY})\s+(?:of\s+)?(?P<rm>{month}),?\s+(?P<ry>{_YEAR_AP})(?!\w)"
        rf"|(?P<sm>{month})\s+(?P<sd1>{_DAY})(?:{dash}|\s+to\s+)(?P<sd2>{_DAY}),?\s+(?P<sy>{_YEAR_AP})(?!\w)"
        rf"|(?P<dd>{_DAY})\s+(?:of\s+)?(?P<dm>{month}),?\s+(?P<dy>{_YEAR_AP})(?!\w)"
        rf"|(?P<mm>{month})\s+(?P<md>{_DAY}),?\s+(?P<my>{_YEAR_AP})(?!\w)"
        rf"|(?P<mr1>{month}){dash}(?P<mr2>{month}),?\s+(?P<mry>{_YEAR_AP})(?!\w)"
        rf"|(?P<om>{month}),?\s+(?:of\s+)?(?P<oy>{_YEAR_AP})(?!\w)"
        rf"|(?P<nodate>{_DAY}(?:{dash}{_DAY})?\s+(?:of\s+)?{month}(?!\w)|{month}\s+{_DAY}(?:{dash}{_DAY})?(?!\w))"
        rf"|(?P<season>{season})\s+(?:of\s+)?(?P<ssy>{_YEAR})(?!\w)"
        # quarters and halves: "the first quarter of 2023", "Q1 2023", "H2 2024", "the second half of 2022"
        rf"|(?P<qn>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?P<qh>quarter|half)\s+(?:of\s+)?(?P<qy>{_YEAR})(?!\w)"
        rf"|(?P<qc>[QH][1-4])[\s-]?(?P<qcy>{_YEAR})(?!\w)"
        rf"|between\s+(?P<by1>{_YEAR})\s+and\s+(?P<by2>{_YEAR})(?!\w)"
        rf"|from\s+(?P<fy1>{_YEAR})\s+(?:to|until|till|through)\s+(?P<fy2>{_YEAR})(?!\w)"
        rf"|(?P<ya>{_YEAR_AP})(?:\s?[–—/-]\s?|\s+to\s+)(?P<yb>{_YEAR_AP}|\d\d)(?![\w%]|[.,]\d)"
        rf"|(?P<dec>(?:1[89]|20)\d0)['’-]?s(?!\w)"
        # dates said aloud: "October thirtieth, twenty twenty-five", "the first of July nineteen
        # ninety-three", "February of twenty twenty-three", "in two thousand seven"
        rf"|(?P<spm>{month})\s+(?:the\s+)?(?P<spd>{day_ord}),?\s+(?:of\s+)?(?P<spy>{spoken}|{_YEAR})(?![\w-])"
        rf"|(?:the\s+)?(?P<spd2>{day_ord})\s+of\s+(?P<spm2>{month}),?\s+(?P<spy2>{spoken}|{_YEAR})(?![\w-])"
        rf"|(?P<spm3>{month}),?\s+(?:of\s+)?(?P<spy3>{spoken})(?![\w-])"
        rf"|(?P<spr1>{spoken})\s*(?:to|until|till|through|[–—-])\s*(?P<spr2>{spoken})(?![\w-])"
        rf"|(?P<spy4>{spoken})(?![\w-])"
        # a year or decade by its last two digits: "in '93", "the ’90s"
        rf"|['’‘](?P<apdec>\d0)s(?!\w)"
        rf"|['’‘](?P<apy>\d\d){_NUM_END}(?!-?[^\W\d_])"
        rf"(?!{_SP}?(?:%|(?:{scale_words}|{pct_words}|{after_words}|{codes})(?!\w)))"
        rf"|(?:mid|early|late)[-\s](?:the\s+)?(?P<mxdec>(?:1[89]|20)\d0)['’-]?s(?!\w)"
        rf"|(?:mid|early|late)[-\s](?P<mxy>{_YEAR})(?!\w)"
        rf"|(?P<y>{_YEAR}){_NUM_END}(?!-?[^\W\d_])"
        rf"(?!{_SP}?(?:%|(?:{scale_words}|{pct_words}|{after_words}|{codes})(?!\w)))"
    )
    rank_alts = (
        rf"(?P<rord>{ords}|\d{{1,2}}(?:st|nd|rd|th))[\s-]+(?:most\s+(?:{most})|(?:most\s+)?(?P<rsup>{sups}))(?!\w)"
        rf"|(?:the|its|their)\s+(?:single\s+)?(?P<rsup2>{sups})(?!\w)(?![\s-]+(?:\d|{small}))"
        rf"|(?<=['’]s\s)(?P<rsup3>{sups})(?!\w)(?![\s-]+(?:\d|{small}))"
        rf"|top[\s-](?P<rtop>\d{{1,3}}|{small})(?!\w)"
    )
    number = (
        rf"(?:(?P<num>{_digits('')}){_NUM_END}|{wordnum})"
        rf"(?P<scale>{_SP}?(?:{scale_words})(?!\w)|[{letters}](?!\w))?"
        rf"(?:{_SP}?(?P<post>(?:{after_words})(?!\w)|(?-i:{codes})(?!\w)))?"
        rf"(?:{_SP}?(?P<pct>%|(?:{pct_words})(?!\w))|{_SP}?(?P<pts>(?:{pts_words})(?!\w)))?"
        r"(?!\w)"
    )
    # times of day and ordinals ("the 30th (30-th) anniversary"), tried before plain numbers
    clock = (r"(?P<clock>\d{1,2}[:.]\d{2}\s?[ap]\.?m\.?(?!\w)|\d{1,2}:\d{2}(?::\d{2})?"
             r"|\d{1,2}\s?(?:[ap]\.m\.|[ap]m(?!\w))"
             r"|\d+-?(?:st|nd|rd|th)(?!\w))")
    skips = (
        rf"(?P<skip>ISBN(?:-1[03])?:?\s*[\dX][\dX\s-]{{8,20}}[\dX]"
        r"|\+\d[\d\s().-]{6,20}\d"  # telephone numbers
        rf"|(?:{ids})\s*\d[\w./–-]*"  # Resolution No. 1088, Article 12, p. 12
        rf"|(?!(?:{lead})\b)(?-i:[A-Z])[A-Za-z]*\s{_YEAR}(?!\d)"  # Vision 2030, Expo 2017
        r"|[A-Za-z]+-?\d[\w.]*"  # COP29, G20, Expo-2017, COVID-19
        r"|\d+(?:/\d+)+|\d+(?:[.,]\d+){2,}|\d+[A-Za-z]\w*)"
    )
    # no number straight after a letter, a sign, a decimal point or "+" (a telephone
    # number's), except a percentage's "+": "+35%" is a rise of 35 %
    start_guard = (r"(?<![\w.,/^#$€£₸₽−])"
                   rf"(?:(?<!\+)|(?=\d{{1,3}}(?:[.,]\d+)?{_SP}?(?:%|(?:{pct_words}|{pts_words})(?!\w))))")
    # The probes: what a text must hold for each alternative to match in it. Money starts
    # with a sign or code; every date alternative holds a year, except "nodate", whose
    # month is a word of its own; a rank holds a superlative, "most" or "top".
    master = _Master(
        rf"(?P<foot>\[\^?[^\]\s]{{1,24}}\]|<sup>[^<]{{0,24}}</sup>)"  # footnote marks
        rf"|{start_guard}",
        [(money_pre, kept.compile(rf"{before_signs}|(?-i:{before_letters}|{codes})", re.IGNORECASE)),
         (date_alts, kept.compile(rf"{_YEAR}|(?<!\w)(?:{month}|nineteen|twenty|thousand)(?!\w)|['’‘]\d\d",
                                  re.IGNORECASE)),
         (rank_alts, kept.compile(rf"most|top|{sups}", re.IGNORECASE)),
         (clock, None), (number, None), (skips, None)],
    )
    clause_stop = kept.compile(r"[.!?;:\n\r]")  # a stop counts when a space, a line end or the end follows
    clause_comma = kept.compile(r",\s+(?=(?:and|but|while|whereas|although|though|which|who|when|where)\b)",
                              re.IGNORECASE)
    clause_word = kept.compile(r" (?=(?:but|while|whereas) )", re.IGNORECASE)
    q = lex["qualifiers"]
    hedges = {" ".join(w.lower().split()): kind for kind, words in q.items() for w in words}
    qa = lex["qualifiers_after"]
    hedge_after = kept.compile(
        rf"(?:(?:{_SP}*|-)(?P<at_least>{_alt(qa['at-least'])})(?!\w)(?!{_SP}*[$€£₸\d])|{_SP}*"  # "$20bn-plus"
        rf"(?P<approximately>{_alt(qa['approximately'])})(?!\w))", re.IGNORECASE)
    words_after = kept.compile(
        r"-(?P<hy>[^\W\d_]+)|[\s\u00a0]+(?P<run>[^\W\d_][\w'’-]*(?:[\s\u00a0]+[^\W\d_][\w'’-]*){0,3})")
    nouns = lex["nouns"]
    in_of_measure = kept.compile(rf"\s+(?:in|of|worth\s+of)\s+(?:[^\W\d_]+\s+)?(?P<m>{_alt(nouns['measures'])})(?!\w)",
                               re.IGNORECASE)
    rates = lex["rates"]
    rates_after = {phrase: per for per, phrases in rates["after"].items() for phrase in phrases}
    rates_before = {word: per for per, words in rates["before"].items() for word in words}
    # "1.5 million barrels of oil a day"; not "553 a year earlier"
    rate_after = kept.compile(rf"(?:\s+of\s+[^\W\d_]+)?{_SP}*,?{_SP}*(?P<r>{_alt(rates_after)})(?!\w)"
                              r"(?!\s+(?:earlier|before|later|after|ago)\b)", re.IGNORECASE)
    b = lex["basis"]
    basis_words: dict[str, str] = {}
    basis_phrases: list[tuple[str, str]] = []
    for kind in ("spent", "estimate", "plan", "target"):  # the later kinds win a tie of the same word
        for phrase in b[kind]:
            if " " in phrase:
                basis_phrases.append((f" {phrase.lower()} ", kind))
            else:
                basis_words[phrase.lower()] = kind
    return _Patterns(
        master=master, clause_stop=clause_stop, clause_comma=clause_comma, clause_word=clause_word,
        hedges=hedges, hedge_after=hedge_after, verbs=frozenset(w.lower() for w in lex["roles"]["verbs"]),
        not_a_size=frozenset(lex["roles"]["not_a_size"]),
        words_after=words_after, in_of_measure=in_of_measure, rate_after=rate_after,
        basis_words=basis_words, basis_phrases=tuple(basis_phrases),
        by_year_with=tuple(b["target_by_year_with"]),
        preps=frozenset(" ".join(w.lower().split()) for w in lex["periods"]["prepositions"]),
        date_starts=frozenset(dates["start_words"]), date_ends=frozenset(dates["end_words"]),
        hot=kept.compile(r"['’‘](?=\d\d)|\d+|[$€£₸₽¥+§№#]|\[\^?\w|<sup>"),
        word_start=kept.compile(r"(?<![\w.,/^#+$€£₸₽])[^\W\d_][^\W\d_'’]*"),
        lead_words=frozenset(w.lower().rstrip(".") for w in [
            *number_words, *dates["months"], *dates["seasons"], *ranks["ordinals"], *ranks["superlatives"],
            "top", "the", "its", "their", "a", "an", "half", "between", "from", "mid", "early", "late", "us",
            *(k for k in cur["before"] if k.isalpha()), *cur["codes"], *lex["ids"]["before"], "isbn"]),
        start_words=frozenset(w.lower() for w in [
            *number_words, *(m for m in dates["months"] if m != "may"), *dates["seasons"],
            *(o for o in ranks["ordinals"] if o != "first"), *(s.split()[0] for s in ranks["superlatives"]),
            "top"]),
        codes=frozenset(cur["codes"]), lex=lex,
        scales=scales, currency_words={" ".join(k.lower().split()): v for k, v in cur["after"].items()},
        rates_after={" ".join(k.lower().split()): v for k, v in rates_after.items()},
        rates_before=rates_before, function_words=frozenset(nouns["function_words"]),
        plain_plurals=frozenset(nouns["plain_plurals"]),
        measures=frozenset(nouns["measures"]), number_words=number_words,
        months=dates["months"], seasons=dates["seasons"], ordinals=ranks["ordinals"],
    )


# -- numbers -------------------------------------------------------------------------------
def _digits_value(m: re.Match[str], prefix: str) -> tuple[float, float]:
    """The value and the place value of the last written digit of a digit number."""
    def g(name: str) -> str | None:
        return m.group(prefix + name)

    if g("dotk"):
        whole, _, frac = (g("dotk") or "").partition(",")
        whole = whole.replace(".", "")
    elif g("zcomma") or g("dcomma"):
        whole, _, frac = (g("zcomma") or g("dcomma") or "").partition(",")
    elif g("commak"):
        whole, _, frac = (g("commak") or "").replace(",", "").partition(".")
    elif g("spacek"):
        raw = re.sub(r"[\u2009\u202f\u00a0]", "", g("spacek") or "")
        whole, _, frac = raw.replace(",", ".").partition(".")
    else:
        whole, _, frac = (g("plain") or "0").partition(".")
    value = float(f"{whole}.{frac}") if frac else float(whole)
    return value, 10.0 ** -len(frac)


def _word_value(text: str, words: dict[str, float]) -> tuple[float, float]:
    """The value of a spelled-out number and the place value of its last written word:
    "two million" is written like "2 million" (1e6), "one and a half billion" like "1.5 billion"."""
    tokens = re.findall(r"[^\W\d_]+", text.lower())
    if "point" in tokens:  # "fifty-six point six million": 56.6 million, written to a tenth of it
        at = tokens.index("point")
        digits = []
        for t in tokens[at + 1:]:
            if t not in ("oh", "zero") and not (t in words and 1 <= words[t] <= 9):
                break
            digits.append("0" if t in ("oh", "zero") else str(int(words[t])))
        scale = 1.0
        for t in tokens[at + 1 + len(digits):]:
            scale *= words.get(t, 1.0)
        whole = _word_value(" ".join(tokens[:at]), words)[0] if at else 0.0
        return (whole + float("0." + "".join(digits))) * scale, scale * 10.0 ** -len(digits)
    total, current, half, last_mult = 0.0, 0.0, False, 1.0
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t == "half" and i + 1 < len(tokens) and tokens[i + 1] in ("a", "an"):  # half a million
            current, half, i = 0.5, True, i + 2
            continue
        if t == "and" and tokens[i + 1: i + 3] == ["a", "half"]:
            current, half, i = (current or 1.0) + 0.5, True, i + 3
            continue
        if t in ("a", "an", "and"):
            i += 1
            continue
        v = words[t]
        if t in ("hundred", "dozen"):
            current = (current or 1.0) * v
        elif v >= 1000:
            total += (current or 1.0) * v
            current = 0.0
        else:
            current += v
        i += 1
    last = tokens[-1]
    if words.get(last, 0) >= 1000:
        last_mult = words[last]
    precision = last_mult * (0.1 if half else 1.0)
    return total + current, precision


# -- internal records ----------------------------------------------------------------------
# Plain slotted classes, not dataclasses: the decorator costs about a millisecond of start-up
# each, and these never leave the module.
class _Quantity:
    """A number being read: its raw digits and scale, filled in as its surroundings are read."""

    __slots__ = ("clause", "currency", "end", "kind", "low_scale", "merged", "noun", "period", "qualifier",
                 "range_low", "rank_top", "rate", "raw", "raw_precision", "role", "scale", "start", "unit_written",
                 "whole_year",
                 "written_number")

    def __init__(self, start: int, end: int, kind: str, raw: float, raw_precision: float,
                 currency: str | None = None, written_number: str = "digits", rank_top: bool = False):
        self.start, self.end, self.kind = start, end, kind  # kind: money | count | percent | points | rank
        self.raw, self.raw_precision = raw, raw_precision  # before the scale: 17.6 and 0.1 in "$17.6 billion"
        self.scale: float | None = None
        self.currency = currency
        self.written_number = written_number  # "digits" | "words"
        self.qualifier = "exact"
        self.range_low: tuple[float, float] | None = None  # a range's low end: raw value, raw precision
        self.low_scale: float | None = None
        self.noun: str | None = None
        self.unit_written: str | None = None
        self.whole_year = False  # its clause speaks of a whole year without saying which
        self.rate: str | None = None
        self.role: str | None = None
        self.period: str | None = None
        self.rank_top = rank_top
        self.clause = 0
        self.merged = False


class _Date:
    """A date being read, and whether it turns out to be a quantity's period."""

    __slots__ = ("at_clause_start", "clause", "edtf", "end", "gave_period", "grain", "prep", "qualifier", "role",
                 "start", "used_as_period")

    def __init__(self, start: int, end: int, edtf: str, grain: str, clause: int):
        self.start, self.end, self.edtf, self.clause = start, end, edtf, clause
        self.grain = grain  # day | month | season | year | decade | range
        self.prep: str | None = None
        self.at_clause_start = False
        self.used_as_period = False
        self.qualifier = "exact"
        self.role: str | None = None  # "from" (the start of a span: "since 1993") | "to" (its end)
        self.gave_period = False  # the period of a quantity (not a comparison's base)


def _date_of(m: re.Match[str], p: _Patterns) -> tuple[str, str] | None:
    """EDTF and grain of a date match; None if it names no date (no year, impossible day)."""
    g = m.group

    def mon(key: str) -> int:
        return int(p.months[g(key).lower().rstrip(".")])

    def yr(key: str) -> str:  # "'24" is 2024
        year = g(key)
        return f"{_century(year[1:])}{year[1:]}" if year and not year[0].isdigit() else year

    def day(key: str) -> int:
        return int(re.sub(r"\D", "", g(key)))

    if g("dotd"):
        return f"{g('doty')}-{int(g('dotm')):02d}-{int(g('dotd')):02d}", "day"
    if g("iso"):
        return g("iso"), "day"
    if g("xd1"):
        y2 = yr("xy2")
        y1 = yr("xy1") or y2
        return f"{y1}-{mon('xm1'):02d}-{day('xd1'):02d}/{y2}-{mon('xm2'):02d}-{day('xd2'):02d}", "day"
    for d1, d2, mk, yk in (("rd1", "rd2", "rm", "ry"), ("sd1", "sd2", "sm", "sy")):
        if g(d1):
            y, mo = yr(yk), mon(mk)
            return f"{y}-{mo:02d}-{day(d1):02d}/{y}-{mo:02d}-{day(d2):02d}", "day"
    if g("dd"):
        return f"{yr('dy')}-{mon('dm'):02d}-{day('dd'):02d}", "day"
    if g("mm"):
        return f"{yr('my')}-{mon('mm'):02d}-{day('md'):02d}", "day"
    if g("mr1"):
        return f"{yr('mry')}-{mon('mr1'):02d}/{yr('mry')}-{mon('mr2'):02d}", "month"
    if g("om"):
        return f"{yr('oy')}-{mon('om'):02d}", "month"
    if g("season"):
        return f"{g('ssy')}-{p.seasons[g('season').lower()]}", "season"
    if g("qn") or g("qc"):
        if g("qc"):
            half, n, year = g("qc")[0].upper() == "H", int(g("qc")[1]), g("qcy")
        else:
            half, year = g("qh").lower() == "half", g("qy")
            qn = g("qn").lower()
            n = int(qn[0]) if qn[0].isdigit() else int(p.ordinals[qn])
        months = 6 if half else 3
        if n * months > 12:
            return None  # "H3 2024", "third half": no such part of a year
        return f"{year}-{(n - 1) * months + 1:02d}/{year}-{n * months:02d}", "month"
    for a, b in (("by1", "by2"), ("fy1", "fy2"), ("ya", "yb")):
        if g(a):
            first, second = yr(a), yr(b)
            if len(second) == 2:
                if int(second) <= int(first[2:]) and 1 <= int(second) <= 12:
                    return f"{first}-{second}", "month"  # 2022-10 is October 2022
                second = first[:2] + second
            return f"{first}/{second}", "range"
    if g("dec"):
        return f"{g('dec')[:3]}X", "decade"
    if g("mxdec"):
        return f"{g('mxdec')[:3]}X", "decade"
    if g("mxy"):
        return g("mxy"), "year"
    if g("y"):
        return g("y"), "year"
    if g("spy") or g("spy2"):
        m_key, d_key, y_key = ("spm", "spd", "spy") if g("spy") else ("spm2", "spd2", "spy2")
        return f"{_spoken_year(g(y_key), p)}-{mon(m_key):02d}-{_day_ordinal(g(d_key), p):02d}", "day"
    if g("spy3"):
        return f"{_spoken_year(g('spy3'), p)}-{mon('spm3'):02d}", "month"
    if g("spr1"):
        return f"{_spoken_year(g('spr1'), p)}/{_spoken_year(g('spr2'), p)}", "range"
    if g("spy4"):
        return _spoken_year(g("spy4"), p), "year"
    if g("apdec"):
        return f"{_century(g('apdec'))}{g('apdec')[0]}X", "decade"
    if g("apy"):
        return f"{_century(g('apy'))}{g('apy')}", "year"
    return None


def _spoken_year_pattern(nums: dict[str, Any], cues: list[str]) -> str:
    """A year said aloud, in words: "nineteen ninety-three", "twenty twenty-three", "twenty
    seventeen", "twenty oh-eight"; "two thousand (and) seven" only after a word that dates
    (a preposition of time or a month), where it cannot be a count."""
    units = _alt(w for w, v in nums["units"].items() if 1 <= v <= 9)
    teens = _alt(w for w, v in nums["units"].items() if 10 <= v <= 19)
    tens = _alt(nums["tens"])
    two_digit = rf"(?:(?:{tens})(?:[\s-](?:{units}))?|{teens}|oh[\s-](?:{units}))"
    not_more = r"(?![\s-]+(?:hundred|thousand|million|billion|and\b))"
    after = "|".join(rf"(?<=\b{c}\s)" for c in sorted(set(cues)))  # (each its own: a look-behind is of fixed width)
    return (rf"(?:(?:nineteen|twenty)[\s-]{two_digit}{not_more}"
            rf"|(?:{after})two\s+thousand(?:\s+and)?\s+(?:{two_digit}|{units}){not_more})")


def _spoken_year(words: str, p: _Patterns) -> str:
    """The year a spoken year names: "nineteen ninety-three" -> "1993" (digits as they are)."""
    if words.isdigit():
        return words  # "March second 2026": a spoken day, a written year
    parts = [w for w in re.split(r"[\s-]+", words.lower()) if w not in ("and", "oh")]
    values = [p.number_words[w] for w in parts]
    if parts[:2] == ["two", "thousand"]:
        return str(2000 + int(sum(values[2:])))
    return f"{int(values[0])}{int(sum(values[1:])):02d}"


def _day_ordinal(words: str, p: _Patterns) -> int:
    return int(p.lex["dates"]["day_ordinals"][re.sub(r"[\s-]+", "-", words.lower())])


def _century(two: str) -> str:
    """The century of a year written by its last two digits ("'93", "'08"), as POSIX
    strptime's %y reads them: 69-99 are 1969-1999, 00-68 are 2000-2068."""
    return "19" if int(two) >= 69 else "20"


_CITED_BEFORE = kept.compile(r"(?:[A-Z][^\s(),;]*(?:\s+et\s+al\.)?|[A-Z][^\s(),;]*\s+(?:&|and)\s+[A-Z][^\s(),;]*)"
                           r"(?:,\s*|\s+\()$")
_CITED_AFTER = kept.compile(r"[a-z]?(?:,\s*(?:p|pp)\.\s*[\d–-]+)?\s*[;)]")


def _is_citation(text: str, m: re.Match[str]) -> bool:
    """An author-year reference ("(Weitz, 2013; Sabayeva, 2015)", "Ahmad (2025)"): no claim."""
    if not m.group("y"):
        return False
    return bool(_CITED_BEFORE.search(text, max(0, m.start() - 60), m.start())
                and _CITED_AFTER.match(text, m.end()))


def _valid_edtf(edtf: str) -> bool:
    try:
        parse_edtf(edtf)
    except EdtfError:
        return False
    return True


# -- the reader ----------------------------------------------------------------------------
_CLAUSE_REACH = 200  # a clause longer than this is read in windows of this size


class _Clauses:
    """Clause starts and ends, found near the claims only (each stretch of text is looked
    at a bounded number of times, so a long text costs time in proportion to its length)."""

    def __init__(self, text: str, p: _Patterns):
        self.text, self.p = text, p
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.last_end = 0  # the end of the last item placed

    def _boundaries(self, lo: int, hi: int) -> list[int]:
        chunk = self.text[lo:hi]
        found = [m.end() for m in self.p.clause_stop.finditer(chunk)
                 if m.group(0) in "\n\r" or m.end() == len(chunk) or chunk[m.end()].isspace()]
        if "," in chunk:
            found += [m.end() for m in self.p.clause_comma.finditer(chunk)]
        if " b" in chunk or " w" in chunk or " B" in chunk or " W" in chunk:
            found += [m.start() + 1 for m in self.p.clause_word.finditer(chunk)]
        return sorted(lo + f for f in found)

    def place(self, start: int, end: int) -> int:
        """The clause index of an item at [start, end); items must come in order."""
        lo = max(self.last_end, start - _CLAUSE_REACH)
        cuts = self._boundaries(lo, start)
        if self.starts and not cuts and lo == self.last_end:
            self.last_end = max(self.last_end, end)
            return len(self.starts) - 1
        self.starts.append(cuts[-1] if cuts else (0 if lo == 0 else lo))
        self.ends.append(-1)
        self.last_end = max(self.last_end, end)
        return len(self.starts) - 1

    def start(self, i: int) -> int:
        return self.starts[i]

    def end(self, i: int, after: int) -> int:
        """Where clause i ends, looking at most _CLAUSE_REACH past `after` (its last item)."""
        if self.ends[i] < 0:
            hi = min(len(self.text), after + _CLAUSE_REACH)
            cuts = self._boundaries(after, hi)
            self.ends[i] = cuts[0] if cuts else hi
        return self.ends[i]


_HYPHENS = str.maketrans({"-": " ", "–": " ", "—": " ", "/": " ", "(": " ", ")": " "})


def _scan(text: str, p: _Patterns) -> Iterator[re.Match[str]]:
    """The master pattern's matches, in order and without overlaps, tried only where a match
    can begin: at a digit or sign and the few words before it ("October 2022", "USD 15",
    "No. 12"), and at the words of start_words (spelled-out numbers, ordinals, superlatives).
    Ordinary prose is then passed over by C-speed string scans instead of the regex engine."""
    starts = [m.start() for m in p.hot.finditer(text)]
    low = text.lower()
    present = p.start_words.intersection(w.strip(_EDGE_PUNCT) for w in low.translate(_HYPHENS).split())
    if present:
        for word in present:
            i = low.find(word)
            while i != -1:
                j = i + len(word)
                if (i == 0 or not low[i - 1].isalnum()) and (j >= len(low) or not low[j].isalnum()):
                    starts.append(i)
                i = low.find(word, j)
        starts.sort()
    if not starts:
        return
    master = p.master.for_text(text)
    end = 0
    tried = -1
    for pos in starts:
        if pos < end:
            continue
        m = None
        # a match may begin a few words earlier: "October 2022", "USD 15", "the largest", "a million"
        for w in p.word_start.finditer(text, max(end, tried + 1, pos - 24), pos):
            tried = w.start()
            word = w.group(0)
            if not (w.end() >= pos - 1 or word.lower() in p.lead_words):  # "Vision 2030", "COP29" touch
                continue
            found = master.match(text, w.start())
            if found and found.end() > pos:
                m = found
                break
        if m is None:
            m = master.match(text, pos)
        tried = max(tried, pos)
        if m and m.end() > m.start():
            end = m.end()
            yield m


def _quantity(m: re.Match[str], p: _Patterns, text: str) -> _Quantity | None:
    g = m.group
    if g("pre"):
        raw, prec = _digits_value(m, "p_")
        pre = g("pre").rstrip(".")
        before = p.lex["currencies"]["before"]
        code = before.get(pre) or before.get(pre.upper()) or pre.upper()
        scale_text = g("pscale")
        q = _Quantity(m.start(), m.end(), "money", raw, prec, currency=code)
        if scale_text:
            q.scale = p.scales[scale_text.strip().lower()]
        return q
    if g("rord") or g("rsup2") or g("rsup3") or g("rtop"):
        if _tail(_words_before(text, max(0, m.start() - 12), m.start()), _ONE_OF):
            return None  # "one of the largest" ranks nothing
        if g("rtop"):
            top = g("rtop").lower()
            value = float(p.number_words.get(top, 0) or int(top))
            return _Quantity(m.start(), m.end(), "rank", value, 1.0, rank_top=True)
        ordinal = (g("rord") or "first").lower()
        value = float(p.ordinals.get(ordinal) or int(re.sub(r"\D", "", ordinal)))
        return _Quantity(m.start(), m.end(), "rank", value, 1.0)
    if g("num") is not None:
        raw, prec = _digits_value(m, "")
        written = "digits"
    else:
        wnum = g("wnum")
        raw, prec = _word_value(wnum, p.number_words)
        written = "words"
        if " ".join(wnum.lower().split()) == "one" and not (g("scale") or g("post") or g("pct")):
            return None  # "one of", "one country": a pronoun or article far more often than a count
    q = _Quantity(m.start(), m.end(), "count", raw, prec, written_number=written)
    if g("scale"):
        q.scale = p.scales[g("scale").strip().lower()]
    if g("post"):
        post = " ".join(g("post").split())
        q.currency = p.currency_words.get(post.lower()) or post.upper()
        q.kind = "money"
    if g("pct"):
        q.kind = "percent"
    elif g("pts"):
        q.kind = "points"
    return q


def _find_noun_after(text: str, q: _Quantity, p: _Patterns, pos: int) -> tuple[str, str, int] | None:
    """The noun a number counts, from the words right after it: (as written, lower, end)."""
    m = p.words_after.match(text, pos)
    if not m:
        return None
    if m.group("hy"):  # a 125-bed hospital, a two-day visit
        word = m.group("hy")
        return word, word.lower(), m.end("hy")
    run: list[re.Match[str]] = []
    for wm in re.finditer(r"[^\W\d_][\w'’-]*", m.group("run")):
        if wm.group(0).lower() in p.function_words or wm.group(0).lower() in p.rates_before:
            if wm.group(0).lower() in p.rates_before and not run:
                q.rate = q.rate or p.rates_before[wm.group(0).lower()]  # 14 weekly flights
                continue
            break
        run.append(wm)
    if not run:
        return None
    base = m.start("run")
    if q.kind == "rank":
        pick = run[-1]
    else:
        plural = [w for w in run if _plural(w.group(0)) or w.group(0).lower() in p.plain_plurals]
        if plural:
            pick = plural[0]
        elif q.raw * (q.scale or 1.0) == 1 or q.kind != "count":
            pick = run[0]  # "1 project"; for sums the word is checked against the measures
        else:
            return None  # "553 came by air": more than one of something takes a plural noun
    word = pick.group(0).rstrip("'’-")
    if q.kind == "rank":  # "the largest landlocked country": the noun with what narrows it
        words = " ".join(w.group(0).rstrip("'’-") for w in run)
        return word, words.lower(), base + pick.end()
    return word, word.lower(), base + pick.end()


def _plural(word: str) -> bool:
    """Whether a word looks like a plural noun: "tourists", "Kazakhstanis", not "basis"."""
    w = word.lower()
    if len(w) <= 2 or not w.endswith("s") or w.endswith(("ss", "us", "'s", "’s")):
        return False
    return not w.endswith("is") or word[:1].isupper()  # Qataris, Pakistanis; not analysis


_EDGE_PUNCT = "()[]{}\"'“”‘’,;:!?*_"
_ONE_OF = {"one of": "one-of", "among": "one-of"}
_DATE_HEDGES = {"about": "approximately", "around": "approximately", "circa": "approximately", "c.": "approximately",
                "ca.": "approximately", "approximately": "approximately", "roughly": "approximately",
                "before": "less-than", "prior to": "less-than", "after": "more-than", "by": "up-to",
                "until": "up-to", "till": "up-to", "no later than": "up-to"}
_DEFINITE = frozenset({"the", "these", "those", "this", "that", "both", "all", "its", "their", "our", "his", "her"})
_PERIOD_FILLERS = frozenset({"the", "year", "fiscal", "fy", "calendar", "q1", "q2", "q3", "q4", "h1", "h2", "whole",
                             "entire", "full", "course"})


def _words_before(text: str, lo: int, pos: int) -> list[str]:
    """The lower-case words of text[lo:pos], edge punctuation stripped; [] unless the last
    one ends right before pos (with spaces at most between)."""
    return [w.strip(_EDGE_PUNCT) for w in text[lo:pos].lower().split()]


def _tail(words: list[str], table: dict[str, str], longest: int = 4) -> tuple[str, int] | None:
    """The entry of `table` for the longest phrase that ends `words`, with its word count."""
    for n in range(min(longest, len(words)), 0, -1):
        hit = table.get(" ".join(words[-n:]))
        if hit is not None:
            return hit, n
    return None


def _join_range(text: str, a: _Quantity, b: _Quantity, p: _Patterns) -> bool:
    """Whether a and b are the two ends of one range: 10–20 million, between 10 and 20 million."""
    if b.start - a.end > 12 or a.merged or "rank" in (a.kind, b.kind):
        return False
    if a.kind != b.kind and a.kind != "count" and not (a.kind == "money" and b.kind == "count"):
        return False  # "2 percentage points to 12.5%" is a change and a level, not a range
    gap = text[a.end:b.start]
    back = text[max(0, a.start - _BACK):a.start]
    if re.fullmatch(r"\s?[–—-]\s?|\s+to\s+", gap):
        return not re.search(r"(?<!\w)(?:from|by)\s+(?:\S+\s+){0,2}$", back, re.IGNORECASE)
    if re.fullmatch(r"\s+and\s+", gap):
        return re.search(r"(?<!\w)between\s+$", back, re.IGNORECASE) is not None
    return False


def _share_units(a: _Quantity, b: _Quantity) -> None:
    """Carry a scale, currency or percent sign written once to the other end of a pair:
    "$10–20 million", "from 5 to 7%"."""
    if a.scale is None and b.scale is not None:
        a.scale = b.scale
    if b.scale is None and a.scale is not None and b.kind == "count" and a.kind == "money":
        b.scale = a.scale
    if a.currency is None and b.currency is not None:
        a.currency, a.kind = b.currency, "money"
    if b.currency is None and a.currency is not None:
        b.currency, b.kind = a.currency, "money"
    if a.kind == "count" and b.kind in ("percent", "points"):
        a.kind = b.kind
    if b.kind == "count" and a.kind in ("percent", "points"):
        b.kind = a.kind


def _period_of(d: _Date) -> str:
    if d.prep == "since" and "/" not in d.edtf:
        return f"{d.edtf}/.."
    if d.prep in ("until", "till") and "/" not in d.edtf:
        return f"../{d.edtf}"
    return d.edtf


def _context_facts(context: str, p: _Patterns) -> dict[str, Any]:
    """What a cell's headers say: currency, scale, percent, noun, period, basis, rate.
    Read from its words (headers are short), so no pattern is compiled for them."""
    facts: dict[str, Any] = {}
    if not context:
        return facts
    raw = [w.strip(_EDGE_PUNCT + ".") for w in context.replace("(", " ").replace(")", " ").split()]
    low = [w.lower() for w in raw]
    padded = f" {' '.join(low)} "
    signs = [sign for sign in p.lex["currencies"]["before"] if not sign.isalpha() and sign in context]
    codes = [w for w in raw if w in p.codes]
    afters = [code for phrase, code in p.currency_words.items() if f" {phrase} " in padded]
    if signs or codes or afters:
        facts["currency"] = p.lex["currencies"]["before"][max(signs, key=len)] if signs else (codes or afters)[0]
    scale = next((p.scales[w.rstrip("s")] for w in low if w.rstrip("s") in p.lex["scales"]["words"]), None)
    if scale:
        facts["scale"] = scale  # "Amount (USD million)", "in millions of tenge"
    if "%" in context or any(f" {w} " in padded for w in p.lex["percent"]["percent"] if w != "%"):
        facts["percent"] = True
    for d in _scan(context, p):  # the first date of the headers is the period: "Year: 2023"
        found = None if d.group("skip") or d.group("foot") else _date_of(d, p)
        if found and _valid_edtf(found[0]):
            facts["period"] = found[0]
            break
    # "Value", "Amount" head a column of anything: the row says what ("Kazakhstanis visiting Doha")
    generic = p.lex["nouns"]["generic_headers"]
    noun = next((w for w, lw in zip(raw, low, strict=True) if lw in p.measures and lw not in generic), None)
    if noun is None and " number of " in padded:
        i = low.index("of", low.index("number"))
        noun = _first_plural(" ".join(raw[i + 1:i + 4]))
    if noun is None:
        noun = next((w for w, lw in zip(raw, low, strict=True) if _plural(w) and lw not in p.function_words), None)
    if noun:
        facts["noun"] = noun
    basis = _clause_basis(context, 0, len(context), p)
    if basis != "actual":
        facts["basis"] = basis
    rate = next((per for phrase, per in p.rates_after.items() if f" {phrase} " in padded), None)
    rate = rate or next((p.rates_before[w] for w in low if w in p.rates_before), None)
    if rate:
        facts["rate"] = rate
    return facts


def _first_plural(words: str) -> str | None:
    for w in words.split():
        if _plural(w):
            return w
    return None


def _clause_basis(text: str, lo: int, hi: int, p: _Patterns) -> str:
    """The basis of a clause: target over plan over estimate over spent over actual."""
    low = text[lo:hi].lower()
    words = [w.strip(_EDGE_PUNCT + ".") for w in low.split()]
    found = {p.basis_words[w] for w in words if w in p.basis_words}
    padded = f" {' '.join(words)} "
    found.update(kind for phrase, kind in p.basis_phrases if phrase in padded)
    if "target" not in found and " by " in padded and re.search(rf"\bby (?:the end of )?{_YEAR}\b", padded) \
            and any(f" {w} " in padded for w in p.by_year_with):
        found.add("target")  # "to reach $1 billion by 2030"
    for name in ("target", "plan", "estimate", "spent"):
        if name in found:
            return name
    return "actual"


_HYPHENATED_SCALE_RE = kept.compile(r"(?<=\d)-(?=(?:thousand|million|billion|trillion|mn|mln|bn|tn)\b)", re.I)
_SUPERSCRIPT_RE = kept.compile("[\u00b9\u00b2\u00b3\u2070-\u2079]")
_SPACE_GROUPED_RE = kept.compile(r"(?<![\d.,+])(?<!\d )\d{1,3}(?: \d{3})+(?![\d.,])(?! \d)")


def prepare(text: str) -> None:
    """Compile the reader's pattern for everything a whole draft can need, so that reading
    its sentences one by one compiles it once (not a part for the first, then the whole)."""
    _patterns().master.for_text(text)


def claims_in(text: str, context: str = "") -> list[Claim]:
    """Read the claims of one sentence (or cell, heading, list item), in order of position.

    `text`: the prose, any length (time is linear in it). `context`: what the text is
    about when it cannot say so itself, e.g. a table cell's headers ("Qatari tourists to
    Kazakhstan; Year: 2023"): it gives a claim its period, noun, currency, scale and basis
    when the text does not, but never claims of its own.
    Returns `Claim`s with offsets into `text`; never raises on any string.
    Forms accepted and left alone: docs/number-forms.md.
    """
    original = text
    # Same-length rewrites, so that every offset still points into the original: a scale
    # word joined by a hyphen ("a $15-million gift") reads as written apart, and digits
    # grouped by plain spaces ("40 000 Kazakhstanis", as Russian and French typing has it)
    # read as grouped by thin spaces: a first group of one to three digits, then groups of
    # exactly three, no digit on either side ("in 2023 553 visitors" is two numbers; see
    # docs/number-forms.md).
    text = _HYPHENATED_SCALE_RE.sub(" ", text)
    text = _SPACE_GROUPED_RE.sub(lambda m: m.group().replace(" ", "\u2009"), text)
    text = _SUPERSCRIPT_RE.sub(" ", text)  # a footnote mark: "$15 million¹" is $15 million
    p = _patterns()
    clauses = _Clauses(text, p)
    items: list[_Quantity | _Date] = []
    for m in _scan(text, p):
        if m.group("foot") or m.group("skip") or m.group("nodate") or m.group("clock"):
            continue
        ci = clauses.place(m.start(), m.end())
        if m.group("pre") or m.group("num") is not None or m.group("wnum") or m.group("rord") or m.group("rsup2") \
                or m.group("rsup3") or m.group("rtop"):
            q = _quantity(m, p, text)
            if q is not None:
                q.clause = ci
                items.append(q)
            continue
        found = _date_of(m, p)
        if found is None or not _valid_edtf(found[0]) or _is_citation(text, m):
            continue
        d = _Date(m.start(), m.end(), found[0], found[1], ci)
        _read_date_lead(text, d, clauses.start(ci), p)
        prev = items[-1] if items else None
        if isinstance(prev, _Date) and prev.role == "from" and prev.clause == ci and d.role is None \
                and _SPAN_END_RE.fullmatch(text, prev.end, d.start):
            d.role = "to"  # "from June 2017 to January 2021"
        items.append(d)
    items = _with_folds(text, items, clauses, p)
    items = _merge_ranges(text, items, p)
    _read_surroundings(text, items, clauses, p)
    for it in items:  # "+35%": a rise, the size of a change
        if isinstance(it, _Quantity) and it.kind in ("percent", "points") and it.role is None \
                and text[max(0, it.start - 1):it.start] == "+":
            it.role = "by"
    facts = _context_facts(context, p)
    for a, b in pairwise(items):  # "KZT 17.6bn, roughly USD 40m at prevailing rates": a conversion
        if isinstance(a, _Quantity) and isinstance(b, _Quantity) and a.kind == b.kind == "money" \
                and a.currency != b.currency and phrases().conversion_gap.fullmatch(text, a.end, b.start):
            b.kind = "drop"
    # a number written as a word that counts nothing ("a year or two after") is no claim, nor
    # is the gap between two events ("three days after the ministry announced it")
    items = [it for it in items if isinstance(it, _Date) or (it.kind != "drop" and not (
        it.kind == "count" and it.written_number == "words" and it.noun is None and not facts.get("noun"))
        and not (it.kind == "count" and phrases().gap_after.match(text, it.end)))]
    _assign_periods(items, text)
    _year_before(text, items, facts.get("period"))
    _label_periods(text, items)
    out: list[Claim] = []
    basis_cache: dict[int, str] = {}
    last_in = {it.clause: it.end for it in items}
    aims: dict[int, list[tuple[int, int]]] = {}  # per clause, the aim nouns right after a number
    aimed: set[int] = set()  # the numbers they follow ("the $500 million target")
    for it in items:
        aim = phrases().aim_after.match(text, it.end) if isinstance(it, _Quantity) else None
        if aim:
            aims.setdefault(it.clause, []).append((aim.start(1), aim.end(1)))
            aimed.add(it.start)
    dateline = phrases().dateline.match(text)
    # "And if the government really committed 17.6 billion tenge ..., that would be less than
    # $40 million": a sentence that opens with a supposition claims nothing, its consequence
    # included
    opening = re.match(r"\W*(?:(?:and|but|so|yet|now)\b[\s,]*)?", text, re.IGNORECASE)
    if phrases().conditional.match(text, opening.end() if opening else 0):
        return []
    for it in items:
        ci = it.clause
        if dateline and it.end <= dateline.end():
            continue  # the wire's filing date
        if isinstance(it, _Quantity) and it.kind == "count" and _numbering(text, it):
            continue  # "4/ 14 direct flights ...", "Episode 5:": a post's or a part's number
        if isinstance(it, _Quantity) and it.noun == "times" and _RATIO_OF_AMOUNT_RE.match(text, it.end):
            continue  # "five times the $500 million target": the writer's ratio of two amounts
        if isinstance(it, _Quantity) and phrases().gap.search(text, clauses.start(ci), it.start):
            continue  # "the gap between ... was roughly 39,000": a difference the writer works out
        if phrases().negated.search(text, max(clauses.start(ci), it.start - 40), it.start):
            continue  # "did not open in 2009", "$15 million, not $50 million": nothing is claimed
        if phrases().conditional.match(text, clauses.start(ci)):
            continue  # "If flights rose to 21 a week, ...": a supposition claims nothing
        if ci not in basis_cache:
            start = clauses.start(ci)
            basis_cache[ci] = _clause_basis(text, start, clauses.end(ci, last_in[ci]), p)
            if basis_cache[ci] == "actual" and text[max(0, start - 3):start].strip().endswith(":"):
                # "produced ambitious targets: exports of $250 million": a lead-in's basis
                lead = text.rfind(".", 0, start - 1) + 1
                basis_cache[ci] = _clause_basis(text, lead, start, p)
        basis = basis_cache[ci] if basis_cache[ci] != "actual" else facts.get("basis", "actual")
        if isinstance(it, _Date):
            # a month or day that dates what the clause tells as well as a count's period
            # ("12 agreements were signed during the Emir's visit in October 2022") is a
            # date claim too
            if not it.used_as_period or (it.gave_period and it.grain in ("day", "month")
                                         and _tells_event(text[clauses.start(ci):clauses.end(ci, last_in[ci])])):
                out.append(_date_claim(text, it, basis))
            continue
        # "raise trade to $500 million, up from $56.6 million": the level it starts from is
        # what is, not what is aimed at
        if isinstance(it, _Quantity) and it.period is None and \
                phrases().whole_year.search(text, clauses.start(ci), clauses.end(ci, last_in[ci])):
            it.whole_year = True
        if it.start in aimed:
            basis = "target"  # "the $500 million target": the number's own noun says what it is
        elif basis == "target" and aims.get(ci):
            # "Trade of $56.6 million was a ninth of the $500 million target": the aim is the
            # other number's; this one has the clause's basis without that noun
            lo, hi = clauses.start(ci), clauses.end(ci, last_in[ci])
            blanked = "".join(" " * (b - a) if (a, b) in aims[ci] else text[a:b]
                              for a, b in _pieces(lo, hi, aims[ci]))
            basis = _clause_basis(blanked, 0, len(blanked), p)
        out.append(_quantity_claim(text, it, facts, "actual" if it.role == "from" and basis in ("target", "plan")
                                   else basis))
    if original is not text:
        out = [replace(c, text=original[c.start:c.end]) for c in out]
    return out


_SPAN_END_RE = kept.compile(r"\s*(?:to|until|till|through|[–—-])\s*", re.IGNORECASE)


def _with_folds(text: str, items: list[_Quantity | _Date], clauses: _Clauses,
                p: _Patterns) -> list[_Quantity | _Date]:
    """Add the multipliers written with -fold ("seventeenfold", "17-fold", "a tenfold
    rise"): counts of "times", as "17 times" is read; they replace what the master pattern
    read inside them ("17" of "17-fold")."""
    low = text.lower()
    multiples = p.lex["numbers"]["multiples"]
    if "fold" not in low and not any(w in low for w in multiples) and not _TIMES_X_RE.search(text):
        return items
    folds: list[_Quantity] = []
    for m in _TIMES_X_RE.finditer(text):  # "a 17x jump", "7×": 17 and 7 times
        q = _Quantity(m.start(), m.end(), "count", float(m.group(1).replace(",", ".")), 1.0)
        q.unit_written = q.noun = "times"
        q.clause = clauses.place(m.start(), m.end())
        folds.append(q)
    for m in phrases().multiple.finditer(text):  # "doubled", "tripled": 2 and 3 times
        q = _Quantity(m.start(), m.end(), "count", float(multiples[m.group().lower()]), 1.0, written_number="words")
        q.unit_written = q.noun = "times"
        q.clause = clauses.place(m.start(), m.end())
        folds.append(q)
    for m in _FOLD_RE.finditer(text):
        number = m.group("n").lower()
        if number[0].isdigit():
            raw, prec = float(number.replace(",", ".")), 1.0
        elif number in p.number_words:
            raw, prec = p.number_words[number], 1.0
        else:
            continue
        q = _Quantity(m.start(), m.end(), "count", raw, prec,
                      written_number="digits" if number[0].isdigit() else "words")
        q.unit_written = q.noun = "times"
        q.clause = clauses.place(m.start(), m.end())
        folds.append(q)
    if not folds:
        return items
    kept = [it for it in items if not any(f.start <= it.start < f.end for f in folds)]
    return sorted([*kept, *folds], key=lambda it: it.start)


_TIMES_X_RE = kept.compile(r"(?<![\w.,$€£₸])(\d{1,4}(?:[.,]\d{1,2})?)\s?[x×](?![\w-])")
_MULTIPLE_ENDS = ("fold", "led", "ling", "x", "×")  # -fold, doubled, doubling, 17x: multiples whatever follows
_FOLD_RE = kept.compile(r"(?<![\w.,])(?P<n>\d{1,4}(?:[.,]\d+)?|[a-z]+?)[\s-]?fold(?!\w)", re.IGNORECASE)


_LABEL_PREP_RE = kept.compile(r"\b(\w+)\s*:\s*$")


def _read_date_lead(text: str, d: _Date, cs: int, p: _Patterns) -> None:
    """The words before a date: the preposition that makes it a period ("in", "since"),
    whether it opens its clause, and its hedge ("around 2005", "before 2010")."""
    words = _words_before(text, max(cs, d.start - 40), d.start)
    hedge = _tail(words, _DATE_HEDGES, 3)
    if hedge:
        d.qualifier = hedge[0]
    rest = list(words)
    while rest and rest[-1] in _PERIOD_FILLERS:
        rest.pop()
    for n in (3, 2, 1):
        if len(rest) >= n and " ".join(rest[-n:]) in p.preps:
            d.prep = " ".join(rest[-n:])
            rest = rest[:-n]
            break
    lead = list(rest)  # "over the whole of 2023": prepositions and fillers all the way back
    while lead and (lead[-1] in _PERIOD_FILLERS or lead[-1] in p.preps or not lead[-1]):
        lead.pop()
    if lead and lead[0] in phrases().conjunctions:  # "..., but in the first quarter of 2023 it was"
        lead = lead[1:]
    # "... told the chamber that in the first quarter of 2023 trade ...": "that" opens a clause
    after_that = bool(lead) and lead[-1] == "that"
    # "Trade in the first quarter of 2024 was ...", "Kazakh exports to Qatar in 2023
    # reached ...": a date right after the subject measured opens what is said of it, as
    # one opening the clause does
    d.at_clause_start = after_that or (d.start - cs <= 40 and not lead) or (
        d.prep is not None and 0 < len(lead) <= 5 and any(w in p.measures for w in lead[-4:])) or (
        d.grain == "year" and bool(phrases().year_of.match(text, d.end)))
    head = text[d.start:d.start + 8].lower()
    if d.prep is None and head.startswith(("between", "from")):
        d.prep = head.split()[0]  # "between 2022 and 2024" carries its own preposition
    if d.prep is None and not words:
        # a label's last word before its colon: "Diplomatic relations since: 1 July 1993"
        label = _LABEL_PREP_RE.search(text, max(0, d.start - 40), d.start)
        if label and label.group(1).lower() in ("since", "from", "until", "till"):
            d.prep = label.group(1).lower()
    d.role = None if "/" in d.edtf else _date_role(d.prep, rest, p)
    if phrases().compared.search(" ".join(words[-7:])):
        d.used_as_period = True  # "than in the same period of 2022", "compared with 2022": a base


def _date_role(prep: str | None, rest: list[str], p: _Patterns) -> str | None:
    """Whether a date is the start ("from") or the end ("to") of what the sentence tells:
    by its preposition ("since 1993", "until January 2021") or by the verb before it
    ("broke out in June 2017", "ended in 2021"); lexicon.toml's [dates] start and end."""
    if prep in ("since", "from") or (prep is None and rest[-1:] == ["from"]):
        return "from"
    if prep in ("until", "till"):
        return "to"
    if prep not in (None, "in", "on", "at", "by"):
        return None
    for n in (2, 1):
        tail = " ".join(rest[-n:]) if len(rest) >= n else None
        if tail in p.date_starts:
            return "from"
        if tail in p.date_ends:
            return "to"
    return None


def _merge_ranges(text: str, items: list[_Quantity | _Date], p: _Patterns) -> list[_Quantity | _Date]:
    out: list[_Quantity | _Date] = []
    for it in items:
        prev = out[-1] if out else None
        if isinstance(it, _Quantity) and isinstance(prev, _Quantity) and prev.range_low is None \
                and _join_range(text, prev, it, p):
            _share_units(prev, it)
            it.range_low = (prev.raw, prev.raw_precision)
            it.low_scale = prev.scale
            it.start = prev.start
            it.qualifier = "range"
            it.merged = True
            out[-1] = it
            continue
        out.append(it)
    return out


def _read_surroundings(text: str, items: list[_Quantity | _Date], clauses: _Clauses,
                       p: _Patterns) -> None:
    """Hedge, noun, rate and role of each quantity, from a bounded window around it."""
    pending_from: dict[int, _Quantity] = {}  # per clause: a quantity after "from", waiting for its "to"
    last_in_clause: dict[int, _Quantity] = {}  # per clause: the quantity before an "up from"
    prev_end = 0
    for q in items:
        floor, prev_end = prev_end, q.end
        if isinstance(q, _Date):
            continue
        cs = clauses.start(q.clause)
        words = _words_before(text, max(cs, q.start - _BACK), q.start)
        if q.written_number == "words" and words and words[-1] in _DEFINITE:
            q.kind = "drop"  # "the two countries", "these five documents": a reference, not a count
            continue
        if words and words[-1] in ("a", "an") and q.written_number == "digits":
            words = words[:-1]  # "approximately a 1,000 visitors"
        hedge = _tail(words, p.hedges)
        if hedge and hedge[1] == 1 and words[-1] in ("over", "across") and len(words) > 1 \
                and words[-2] in phrases().spread_verbs:
            hedge = None  # "spread over 60 product lines": across them, not more than them
        rest = words[:-hedge[1]] if hedge else words
        if q.qualifier != "range":
            q.qualifier = hedge[0] if hedge else "exact"
            after = p.hedge_after.match(text, q.end)
            if after and q.qualifier == "exact":
                q.qualifier = "at-least" if after.group("at_least") else "approximately"
            if q.written_number == "words" and "dozen" in text[q.start:q.end].lower() and q.qualifier == "exact":
                q.qualifier = "approximately"  # "a dozen agreements": about twelve
        noun_end = _read_noun(text, q, cs, p, floor)
        prev_end = max(prev_end, noun_end)
        ra = p.rate_after.match(text, noun_end)
        if ra:
            q.rate = p.rates_after.get(" ".join(ra.group("r").lower().split()), q.rate)
        if q.kind != "rank":
            _read_role(q, rest, pending_from, last_in_clause, p)
            last_in_clause[q.clause] = q
        if q.kind != "rank" and (phrases().difference.match(text, noun_end) or phrases().difference.match(text, q.end)):
            q.role = "by"  # "$850 million more than the agro complex": a difference, not a level
        if q.noun == "times" and q.role != "by" and not text[q.start:q.end].lower().endswith(_MULTIPLE_ENDS) \
                and not phrases().multiplier_after.match(text, noun_end) \
                and text[noun_end:].strip(" .;:*_|"):  # "| Growth | 71 times |" ends its cell: a multiple
            q.noun = q.unit_written = "occasions"  # "travelled there three times": how often, not a multiple


def _read_noun(text: str, q: _Quantity, cs: int, p: _Patterns, floor: int = 0) -> int:
    """Set the noun a quantity counts or measures: the words after it ("553 Qatari
    tourists"), "in/of" and a measure ("$2 billion in investment"), else the nearest measure
    before it in its clause ("Trade was $56.6 million"). Returns where the noun ends."""
    if q.unit_written == "times" and q.noun == "times":  # a -fold multiplier says its own unit
        return q.end
    found = _find_noun_after(text, q, p, q.end)
    if found and q.kind in ("money", "percent", "points") and found[1] not in p.measures:
        found = None
    if found:
        q.unit_written, q.noun, end = found
        return end
    io = p.in_of_measure.match(text, q.end)
    if io and q.kind != "count":
        q.noun = io.group("m").lower()
        return io.end()
    raw = [w.strip(_EDGE_PUNCT) for w in text[max(cs, floor, q.start - _NOUN_BACK):q.start].split()]
    low = [w.lower() for w in raw]
    for i in range(len(low) - 1, -1, -1):
        word = None
        if low[i] in p.measures:
            word = raw[i]
        elif low[i] == "of" and i > 0 and low[i - 1] == "number" and i + 1 < len(raw):
            following = raw[i + 1:i + 4]
            word = next((w for w in following if _plural(w)), following[0])
        if word:
            q.noun = word.lower()
            if q.kind == "count":
                q.unit_written = word
            for k in (i - 1, i - 2):
                if k >= 0 and low[k] in p.rates_before:  # "annual trade", "daily direct flights"
                    q.rate = p.rates_before[low[k]]
                    break
            break
    return q.end


def _read_role(q: _Quantity, rest: list[str], pending_from: dict[int, _Quantity],
               last_in_clause: dict[int, _Quantity], p: _Patterns) -> None:
    """The part a quantity plays in a change: "rose from A to B", "rose to B", "grew by 5%"."""
    last = rest[-1] if rest else ""
    prev = rest[-2] if len(rest) > 1 else ""
    verb = any(w in p.verbs for w in rest[-5:-1])  # "rose sharply to", "rose 2 points to"
    if last == "from" and prev in ("up", "down"):
        q.role = "from"  # "40,000 in 2023, up from 15,000": the level before takes the noun
        before = last_in_clause.get(q.clause)
        if before is not None and before.kind == q.kind:
            before.role = before.role or "to"
            if q.noun is None:
                q.noun, q.unit_written = before.noun, before.unit_written
    elif last == "from":
        pending_from[q.clause] = q
    elif last == "to" and q.clause in pending_from:
        first = pending_from.pop(q.clause)
        first.role, q.role = "from", "to"
        if q.start - first.end <= 20:  # "from 1.5 to 2 billion", not "from 553 persons in 2022 year
            _share_units(first, q)  # to approximately 1 thousand"
        if q.noun is None and first.noun is not None:
            q.noun, q.unit_written = first.noun, first.unit_written
        if first.noun is None and q.noun is not None:
            first.noun, first.unit_written = q.noun, q.unit_written
        if q.rate is None:
            q.rate = first.rate
    elif (last == "to" and verb) or last in ("reached", "reaching", "reaches"):
        q.role = "to"
    elif (last == "by" and verb) or (last in p.verbs and last not in p.not_a_size):
        q.role = "by"  # "grew by 5%", "rose 20% to $86.6 million", "up 12%"


# A multiple of an amount the sentence gives ("five times the $500 million trade target",
# "about four times the $56.6 million trade volume"): a ratio the writer worked out.
_RATIO_OF_AMOUNT_RE = kept.compile(
    r"\s*(?:times|x|×)\s+(?:the|that\s+of|as\s+\w+\s+as|of)\s+(?:[^\W\d][\w'’-]*\s+){0,4}?"
    r"(?:[$€£₸]|US\$|USD\s?|KZT\s?|QAR\s?)\d", re.IGNORECASE)
# A number that numbers a post, an episode or a part, not a count: at the start, before "/"
# ("4/ 14 direct flights", "2/7 Back in the 90s"), or after a word that numbers.
_POST_NUMBER_RE = kept.compile(r"\W*\d{1,3}\s*/(?:\s|\d{1,3}\b|$)")


def _numbering(text: str, q: _Quantity) -> bool:
    """Whether a count numbers something rather than counts: a thread's post number at the
    start ("4/ 14 direct flights") or a number after a word that numbers ("Episode 5:",
    "Part 2", "Table 2")."""
    post = _POST_NUMBER_RE.match(text) if q.start <= 3 else None
    if post is not None and post.end() > q.start:
        return True
    # a thread's posts run together as one paragraph: "... in numbers 2/ 553 Qatari visitors"
    if re.match(r"/\s", text[q.end:q.end + 2]) and (q.start == 0 or text[q.start - 1].isspace()) \
            and text[q.start:q.end].isdigit() and len(text[q.start:q.end]) <= 2:
        return True
    before = text[max(0, q.start - 12):q.start].split()
    return bool(before) and before[-1].lower().strip("#.") in phrases().numbering_words


def _assign_periods(items: list[_Quantity | _Date], text: str = "") -> None:
    """A year, month or season in a quantity's clause is its period, not a date claim:
    a date after quantities goes to those still without one ("553 in 2022 to 1,000 in
    2023"); a date opening the clause goes to the quantities after it ("In 2023, ..."); a
    date in brackets right after a quantity is that quantity's ("40,000 (2023), 15,000
    (2022)")."""
    pending: list[_Quantity] = []
    leading: _Date | None = None
    clause = -1
    just_before: _Quantity | None = None

    def lead_rest() -> None:
        # the quantities a later date of the clause did not take have the opening date's
        # ("In 2023, about 40,000 ..., up from 15,000 in 2022": 40,000 is of 2023), but not
        # one "a year earlier" (kzqa.checker.claims._year_before counts back for it), nor the
        # level a change starts from ("In 2023, tourists doubled to about 1,000 from 553")
        changed = any(q.role == "to" for q in pending)
        for q in pending:
            if leading is not None and q.period is None and not phrases().year_before.match(text, q.end) \
                    and not phrases().year_after.match(text, q.end) and not (changed and q.role == "from"):
                q.period = _period_of(leading)
                leading.used_as_period = leading.gave_period = True

    for it in items:
        if it.clause != clause:
            lead_rest()
            clause, pending, leading = it.clause, [], None
        if isinstance(it, _Quantity):
            just_before = it
            pending.append(it)
            continue
        d = it
        q0 = just_before
        if q0 is not None and q0.period is None and d.grain != "day" and text[q0.end:d.start].strip() == "(" \
                and text[d.end:d.end + 1] == ")":
            q0.period = _period_of(d)
            d.used_as_period = d.gave_period = True
            pending = [q for q in pending if q is not q0]
            continue
        if d.grain == "day" or not (d.prep or d.at_clause_start):
            continue
        if d.used_as_period and not d.gave_period and not (
                pending and not phrases().compared.search(text, pending[-1].end, d.start)):
            # a comparison's base ("17 times that of January–March 2022") dates no level;
            # one after the compared level ("against 51 000 in 2022") dates that level
            continue
        if pending:
            taken = pending
            if d.grain == "range" and len(pending) == 2 and pending[0].role == "from" and pending[1].role == "to":
                first, _, last = d.edtf.partition("/")
                pending[0].period, pending[1].period = first, last
            else:
                # after a change ("rose from 553 to 1,000 in 2023", "1,000, up from 553 in 2022"),
                # or after an opening date of the clause, a date is the time of the level it
                # follows, not of the others
                if leading is not None or any(q.role in ("from", "to") for q in pending):
                    taken = [pending[-1]]
                for q in taken:
                    q.period = _period_of(d)
            d.used_as_period = d.gave_period = True
            pending = [q for q in pending if q not in taken] if leading is not None else []
        elif d.at_clause_start:
            leading = d
    lead_rest()




def _year_before(text: str, items: list[_Quantity | _Date], context_period: str | None = None) -> None:
    """A quantity "a year earlier" ("to about 1,000 in 2023 from 653 a year earlier", "the
    previous year") has for its period the year before that of another quantity of its
    clause, or else of the year its context gives (a question, a column's header); one "the
    following year", "a year later" the year after."""
    for q in items:
        if not isinstance(q, _Quantity) or q.period is not None:
            continue
        step = -1 if phrases().year_before.match(text, q.end) else 1 if phrases().year_after.match(text, q.end) else 0
        if not step:
            continue
        years = [o.period for o in items if isinstance(o, _Quantity) and o.clause == q.clause and o is not q
                 and o.period and re.fullmatch(r"\d{4}", o.period)]
        if not years and context_period and re.fullmatch(r"\d{4}", context_period):
            q.period = str(int(context_period) + step)
            continue
        if len(set(years)) == 1:
            q.period = str(int(years[0]) + step)
            # "14 flights a week in 2024, against 10 a year earlier": 10 flights a week
            levels = [o for o in items if isinstance(o, _Quantity) and o.clause == q.clause and o is not q
                      and o.period == years[0] and o.kind == q.kind and o.noun not in (None, "times")]
            if q.noun is None and len(levels) == 1:
                q.noun, q.unit_written, q.rate = levels[0].noun, levels[0].unit_written, q.rate or levels[0].rate


def _pieces(lo: int, hi: int, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """lo..hi cut into consecutive (start, end) pieces at the given spans, the spans among them."""
    out, at = [], lo
    for a, b in sorted(cuts):
        if lo <= a and b <= hi:
            out += [(at, a), (a, b)]
            at = b
    return [*out, (at, hi)]


_SOME_YEAR = "XXXX"  # EDTF's unspecified year: "over the year as a whole", which year unsaid
_LABEL_GAP_RE = kept.compile(r"\s*:\s*[^.;:!?\n\r]{0,30}")


@lru_cache(maxsize=1)
def _event_words() -> re.Pattern[str]:
    """The words of steps.toml's milestones and events ("signed", "visit", "held")."""
    from kzqa.checker import data_file

    data = data_file("steps.toml")
    words = [w for group in ("milestones", "events") for phrases in data[group].values() for w in phrases]
    return kept.compile(rf"\b(?:{_alt(words)})\b", re.IGNORECASE)


def _tells_event(clause: str) -> bool:
    return _event_words().search(clause) is not None


def _label_periods(text: str, items: list[_Quantity | _Date]) -> None:
    """A year that ends a label before a colon is the period of the value after it:
    "Kazakhstani visitors to Doha, 2023: about 4,000" (a list item, a caption). And a
    count left without a period in a clause that dates one month of its own before it
    takes that month ("During Tokayev's February 2024 visit, five agreements were
    signed"), the month staying a date claim of its own."""
    for d, q in pairwise(items):
        if isinstance(d, _Date) and isinstance(q, _Quantity) and not d.used_as_period and q.period is None \
                and d.grain != "day" and _LABEL_GAP_RE.fullmatch(text, d.end, q.start):
            q.period = _period_of(d)
            d.used_as_period = True
    for d, q in pairwise(items):
        if isinstance(d, _Date) and isinstance(q, _Quantity) and q.kind == "count" and q.period is None \
                and d.clause == q.clause and d.grain == "month" and not d.used_as_period \
                and sum(isinstance(it, _Date) and it.clause == d.clause for it in items) == 1:
            q.period = d.edtf


def _quantity_claim(text: str, q: _Quantity, facts: dict[str, Any], basis: str) -> Claim:
    kind = q.kind
    currency = q.currency
    scale = q.scale
    # a cell "15" under "Amount (USD million)"; not "twenty billion", whose words hold their scale
    if scale is None and facts.get("scale") and kind in ("count", "money") \
            and not (q.written_number == "words" and q.raw >= 1000):
        scale = facts["scale"]
    if kind == "count" and facts.get("currency") and q.noun is None:
        kind, currency = "money", facts["currency"]
    if kind == "count" and facts.get("percent") and q.noun is None:
        kind = "percent"
    raw, raw_precision = q.raw, q.raw_precision
    if kind == "count" and scale is None and q.noun != "times" and re.fullmatch(r"\d{1,3}\.\d{3}",
                                                                               text[q.start:q.end]):
        # "40.000 Kazakh citizens ..., compared to 15.000 in 2022": no one counts people or
        # flights to a thousandth, so a single dot group of a count (not a multiple) groups
        # thousands, as in German or Russian (docs/number-forms.md)
        raw, raw_precision = round(raw * 1000), 1.0
    mult = scale or 1.0
    value = raw * mult
    precision = raw_precision * mult
    noun, unit = q.noun, None
    if noun is None and facts.get("noun"):
        noun = str(facts["noun"]).lower()
        if kind == "count":
            unit = str(facts["noun"])
    if kind == "money":
        unit = currency
    elif kind == "percent":
        unit = "%"
    elif kind == "points":
        unit = "pp"
    elif kind == "count":
        unit = q.unit_written or unit
    elif kind == "rank":
        unit = None
    rate = q.rate or (facts.get("rate") if kind != "rank" else None)
    period = q.period or facts.get("period") or (_SOME_YEAR if q.whole_year else None)
    low: float
    high: float
    low_open = high_open = False
    qualifier = q.qualifier
    if kind == "rank":
        low, high = (1.0, value) if q.rank_top else (value, value)
        qualifier = "up-to" if q.rank_top else "exact"
        precision = 1.0
    elif q.range_low is not None:
        lo_raw, _ = q.range_low
        lo = lo_raw * (q.low_scale or scale or 1.0)
        low, high = min(lo, value), max(lo, value)
        value = (low + high) / 2
    elif qualifier == "approximately":
        low = min(value * (1 - APPROXIMATE_SHARE), value - precision / 2)
        high = max(value * (1 + APPROXIMATE_SHARE), value + precision / 2)
    elif qualifier == "more-than":
        low, high, low_open, high_open = value, math.inf, True, True
    elif qualifier == "at-least":
        low, high, high_open = value, math.inf, True
    elif qualifier == "up-to":
        low, high = 0.0, value
    elif qualifier == "less-than":
        low, high, high_open = 0.0, value, True
    elif qualifier == "nearly":  # a little below: within APPROXIMATE_SHARE under the value
        low, high, high_open, qualifier = value * (1 - APPROXIMATE_SHARE), value, True, "less-than"
    else:
        low, high = value - precision / 2, value + precision / 2
    return Claim(start=q.start, end=q.end, text=text[q.start:q.end], kind=kind, value=value, low=low, high=high,
                 precision=precision, qualifier=qualifier, unit=unit, noun=noun, basis=basis, period=period,
                 rate=rate, role=q.role, low_open=low_open, high_open=high_open)


def _date_claim(text: str, d: _Date, basis: str) -> Claim:
    return Claim(start=d.start, end=d.end, text=text[d.start:d.end], kind="date", qualifier=d.qualifier,
                 basis=basis, date=d.edtf, role=d.role)
