"""Verdicts: a claim against the records aligned with it, as arithmetic on intervals.

- A quantity is contradicted when neither the claim's value lies within what the record
  allows nor the record's value within what the claim allows ("about $65.6 million"
  against "about $56.6 million"); a claimed range, or a claim against an open record,
  only when the two do not meet at all.
- A quantity is supported when the record's value (exact or "about") lies in what the
  claim's words allow (the claim's last written digit, ±10 % for "about", the open side of
  "more than" and "up to"); a claimed range only when it lies wholly within what the
  record allows; against an open record ("more than 4,500") only when all the record
  allows is within what the claim allows ("more than 4,000").
- A date is supported when the record's date lies within the claim's ("in 1993" holds
  "1 July 1993"), or the claim names a day of a many-day event; a claimed span of days
  ("3–5 February") only when it lies within the record's days; a claimed span against a
  recorded span when each end lies within the claim's (and either end outside the
  record's contradicts). A claim of one end ("broke out in June 2017", "until 2021") is
  compared with that end of a recorded span (kzqa.checker.alignment). Against an aligned date
  (the same step; for a recurring event the same occurrence) a date outside it contradicts
  it; inside a coarser record's date ("March" for "2024"), it neither supports nor
  contradicts; against a record precise to the day, any other date contradicts.
- A claim that no aligned record holds is contradicted only by an aligned record that may
  contradict (see kzqa.checker.alignment) and, for a quantity, whose headline the sentence
  mostly says (COVERAGE); otherwise it is unverifiable, with what the records hold instead.
  A record that holds the claim but is met more loosely than the records the sentence is
  most about, and could not have denied it, does not outweigh them when they all deny it.
- Any verdict that rests on a record marked disputed is `disputed`.
"""

from __future__ import annotations

from dataclasses import dataclass

from kzqa.checker.alignment import Aligned
from kzqa.checker.claims import Claim
from kzqa.dates import Edtf, Point, parse_edtf

# A contradiction needs the sentence to say at least this share of the record's headline
# words (title, aliases, measure, topics): a sentence that names half of what a record is
# about is about that record; one that shares a word or two may be about something else.
COVERAGE = 0.5


@dataclass
class Verdict:
    """The verdict on one claim and the aligned record it rests on (None: nothing aligned)."""

    verdict: str
    basis: Aligned | None


def _interval(a: Aligned) -> tuple[float, float]:
    assert a.value is not None
    if a.bounds is not None:
        return a.bounds
    if a.qualifier == "approximately":
        return a.value * 0.9, a.value * 1.1
    if a.qualifier in ("more-than", "at-least"):
        return a.value, float("inf")
    if a.qualifier in ("up-to", "less-than"):
        return (1.0 if a.unit == "rank" else 0.0), a.value  # "top 10" is ranks 1 to 10
    return a.value, a.value


def holds(claim: Claim, a: Aligned) -> bool:
    """Whether the aligned record says what the claim says (the module's rules)."""
    if claim.kind == "date":
        said = parse_edtf(claim.date or "")
        assert a.lower is not None and a.upper is not None
        within = a.lower <= said.lower and said.upper <= a.upper  # a day of a many-day event
        ends = _ends(said, a)
        if ends is not None:  # a span against a span: each end within the claim's
            return all(c.lower <= r.lower and r.upper <= c.upper for c, r in ends)
        if said.interval and _day_precise_edtf(said):  # "3–5 February": the days themselves
            return within and _day_precise(a)
        return (said.lower <= a.lower and a.upper <= said.upper) or (within and _day_precise(a))
    low = claim.low if claim.low is not None else claim.value
    high = claim.high if claim.high is not None else claim.value
    if low is None or high is None or a.value is None:
        return False
    rl, rh = _interval(a)
    if claim.qualifier == "range":  # a claimed range lies within the record's
        return rl <= low and high <= rh
    if a.qualifier in ("exact", "approximately"):  # the record's value lies within the claim's
        # an exact claim's ends are half its last digit away: "$1 billion" is not $500 million
        return _inside(claim, a.value, low, high)
    # an open record ("more than $20 billion") holds a claim only when all it allows is within
    # the claim's: it supports "more than $10 billion", not "more than $30 billion"
    return low <= rl and rh <= high


def _day_precise(a: Aligned) -> bool:
    return a.date is not None and _day_precise_edtf(parse_edtf(a.date))


def _day_precise_edtf(parsed: Edtf) -> bool:
    return all(p is not None and p.precision == "day" and not p.approximate and not p.uncertain
               for p in (parsed.start, parsed.end))


def _ends(said: Edtf, a: Aligned) -> list[tuple[Point, Point]] | None:
    """(claimed, recorded) start and end, when both the claim and the record are spans
    with known ends ("from June 2017 to January 2021" against 2017-06/2021-01)."""
    if not said.interval or said.start is None or said.end is None or a.date is None:
        return None
    parsed = parse_edtf(a.date)
    if not parsed.interval or parsed.start is None or parsed.end is None:
        return None
    return [(said.start, parsed.start), (said.end, parsed.end)]


def contradicts(claim: Claim, a: Aligned) -> bool:
    """Whether a record that does not hold the claim says something else (not merely less)."""
    if not a.can_contradict:
        return False
    if claim.kind != "date" and a.coverage < COVERAGE:  # a date meets only the same step already
        return False
    if claim.kind == "date":
        said = parse_edtf(claim.date or "")
        assert a.lower is not None and a.upper is not None
        ends = _ends(said, a)
        if ends is not None:  # either end outside the record's
            return any(c.upper < r.lower or r.upper < c.lower for c, r in ends)
        overlaps = said.lower <= a.upper and a.lower <= said.upper
        return not overlaps or _day_precise(a)
    # A claimed range, or a claim against an open record ("more than"), contradicts only
    # when nothing it allows is what the record allows. A single value contradicts a
    # record's value (exact or "about") when neither lies within what the other allows.
    low = claim.low if claim.low is not None else claim.value
    high = claim.high if claim.high is not None else claim.value
    if low is None or high is None or a.value is None:
        return False
    rl, rh = _interval(a)
    if claim.qualifier == "range" or a.qualifier not in ("exact", "approximately") or claim.value is None:
        return high < rl or low > rh
    # an exact claim's ends are open, as in holds(): "$1 billion" does not allow $500 million
    return not _inside(claim, a.value, low, high) and not rl <= claim.value <= rh


def _inside(claim: Claim, value: float, low: float, high: float) -> bool:
    """Whether a record's value is within what the claim allows. An exact claim's ends are
    half its last digit away and open ("$1 billion" is neither $500 million nor $1.5
    billion); a rank ("ninth") is one point."""
    if claim.qualifier == "exact" and low < high:
        return low < value < high
    return low <= value <= high


def judge(claim: Claim, aligned: list[Aligned]) -> Verdict:
    """The verdict on a claim, from the records aligned with it (best aligned first)."""
    if not aligned:
        return Verdict("unverifiable", None)
    if any(not a.loose for a in aligned):  # a record of the step said outranks one met by names
        aligned = [a for a in aligned if not a.loose]
    ranked = sorted(enumerate(aligned), key=lambda p: (-p[1].coverage, p[0]))
    order = [a for _, a in ranked]
    holding = [a for a in order if holds(claim, a)]
    # Only the records the sentence is most about may contradict it, and all of them must:
    # when one of them neither holds nor denies the claim ("more than $20 billion" for
    # "more than $25 billion"), another ("a $17.6 billion pact") does not decide.
    closest = [a for a in order if a.coverage >= order[0].coverage]
    if claim.kind == "date":  # another occurrence of a recurring event says nothing of this date
        closest = [a for a in closest if a.can_contradict] or closest
    against = [a for a in closest if contradicts(claim, a)]
    # A record that holds the claim supports it, unless it is met more loosely than the
    # records the sentence is most about, could not have denied it, and those all deny it
    # ("the agreement between Samruk-Kazyna and Power International Holding, signed in
    # 2023" is that agreement's, of 2024, not the military agreement's of December 2023)
    if holding and not (holding[0].coverage < order[0].coverage and not holding[0].can_contradict
                        and against and len(against) == len(closest)):
        best = holding[0]
        return Verdict("disputed" if best.record.get("disputed") else "supported", best)
    if against and len(against) == len(closest):  # none of them agrees with it either
        denying = against[0]
        return Verdict("disputed" if denying.record.get("disputed") else "contradicted", denying)
    return Verdict("unverifiable", order[0])
