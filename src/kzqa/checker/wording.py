"""Findings: a verdict put in words, with where it stands, what the record says and why.

The last stage of the check engine: it turns a claim and its verdict into the finding
dictionary every output format reads (lines, table, JSON, GitHub, rdjsonl, LSP).
"""

from __future__ import annotations

import re
from typing import Any

from kzqa import kept
from kzqa.checker.alignment import Aligned
from kzqa.checker.claims import Claim
from kzqa.checker.reading import Draft, Sentence
from kzqa.checker.verdicts import Verdict
from kzqa.dates import show_edtf
from kzqa.store import Store

_NUMBER_RE = kept.compile(r"\d[\d.,\u00a0\u2009\u202f]*")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def expected_text(a: Aligned) -> str:
    """What the record says: 'USD 15,000,000 (2023)' or '1 Jul 1993 (establishment)'."""
    from kzqa.queries import amount_text

    if a.value is not None:
        period = f" in {show_edtf(a.period)}" if a.period else ""
        if a.unit == "rank":  # "10th", "top 10", not "10 rank"
            rank = f"{a.value:g}"
            shown = f"top {rank}" if a.qualifier in ("up-to", "at-least") else f"rank {rank}"
            return f"{shown}{period}"
        if a.bounds is not None and a.record.get("unit") != a.unit:  # a multiple read as a change
            own = amount_text(a.record["value"], a.record["unit"], a.record["qualifier"])
            return f"{own}{period} (a change of {amount_text(a.value, a.unit or '', a.qualifier)})"
        return f"{amount_text(a.value, a.unit or '', a.qualifier)}{period}"
    return f"{show_edtf(a.date)} ({a.step})"


def _number(value: float, like: str) -> str:
    """A number written as `like` writes its number: thousands commas, decimals. A value
    below one keeps three significant digits ("0.015", not "0")."""
    if 0 < value < 1:
        return f"{value:.3g}"
    decimals = 0
    if "." in like and not re.search(r"\.\d{3}(?!\d)", like):
        decimals = len(like.rsplit(".", 1)[1])
    text = f"{value:,.{decimals}f}" if "," in like or value >= 10_000 else f"{value:.{decimals}f}"
    if "." in text and decimals == 0:
        text = text.rstrip("0").rstrip(".")
    if decimals == 0 and not float(value).is_integer():
        text = f"{value:,.2f}".rstrip("0").rstrip(".") if "," in like else f"{value:.2f}".rstrip("0").rstrip(".")
    return text


def replacement(claim: Claim, a: Aligned) -> str | None:
    """The record's value or date in the writer's own form ('$15 million', '1 July 1993')."""
    if a.value is not None and claim.value:
        match = _NUMBER_RE.search(claim.text)
        if not match:
            return None
        written = match.group().rstrip(".,")
        digits = float(re.sub(r"[^\d.]", "", written.replace(",", "")) or 0) if written.count(".") <= 1 else None
        if not digits:
            return None
        scale = claim.value / digits
        rest = claim.text[match.start() + len(written):]
        return claim.text[:match.start()] + _number(a.value / scale, written) + rest
    if a.date is not None:
        shown = show_edtf(a.date)
        if re.search("|".join(_MONTHS), claim.text):
            for month in _MONTHS:
                shown = re.sub(rf"\b{month[:3]}\b", month, shown)
        return shown
    return None


def _cite(store: Store, record: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(source id, short citation with locator, quote) of a record's first citation."""
    from kzqa.cite import short_cite

    citation = (record.get("citations") or [None])[0]
    if not citation:
        return None, None, None
    sources: dict[str, str | None] = store.memo.setdefault("short_cites", {})
    if citation["source"] not in sources:
        source = store.get(citation["source"])
        sources[citation["source"]] = short_cite(source) if source else None
    short = sources[citation["source"]]
    cite = f"{short}, {citation['locator']}" if short else citation["locator"]
    return citation["source"], cite, citation["quote"]


def finding(draft: Draft, sentence: Sentence, claim: Claim, verdict: Verdict, path: str,
            store: Store) -> dict[str, Any]:
    """The finding for one claim (keys as kzqa.checker.check_text documents them)."""
    start, end = sentence.span(claim.start, claim.end)
    line, column = draft.position(start)
    end_line, end_column = draft.position(end)
    text = " ".join(claim.text.split())
    out: dict[str, Any] = {
        "path": path, "line": line, "column": column, "end_line": end_line, "end_column": end_column,
        "text": text, "verdict": verdict.verdict, "expected": None, "record": None, "source": None,
        "cite": None, "quote": None, "period": claim.period, "replacement": None,
    }
    a = verdict.basis
    if a is None:
        out["message"] = f"{text} — no record on this subject"
        return out
    record = a.record
    source, cite, quote = _cite(store, record)
    expected = expected_text(a)
    out.update(expected=expected, record=record["id"], source=source, cite=cite, quote=quote)
    where = f"  [{record['id']}]" + (f" ({cite})" if cite else "")
    if verdict.verdict == "contradicted":
        out["replacement"] = replacement(claim, a)
        out["message"] = f"{text} — record says {expected}{where}"
    elif verdict.verdict == "disputed":
        out["message"] = f"{text} — record says {expected}, but it is disputed: {record['disputed']}{where}"
    elif verdict.verdict == "supported":
        out["message"] = f"{text} — record says {expected}{where}"
    else:
        out["message"] = f"{text} — no record says this; the records hold {expected}{where}"
    return out
