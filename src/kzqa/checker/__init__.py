"""The check engine: fact-check a draft against the records, claim by claim.

`check_text` finds the claims in a text (kzqa.checker.claims), matches each to the records
on its subject and gives a verdict (kzqa.checker.matcher). Nothing here imports pydantic
or Rich: the whole check of a long draft runs in a fraction of a second.
"""

from __future__ import annotations

from typing import Any

from kzqa.checker.claims import Positions, sentences_with_claims
from kzqa.checker.matcher import Index, Verdict
from kzqa.store import Records

VERDICTS = ("contradicted", "disputed", "unverifiable", "supported")


def index_for(records: Records) -> Index:
    """The matching index of a record set, built once per run (kept in the set's memo)."""
    index = records.memo.get("checker")
    if index is None:
        index = records.memo["checker"] = Index(records.all())
    return index


def check_text(text: str, path: str, records: Records) -> list[dict[str, Any]]:
    """Every claim in `text` with its verdict, as findings in the order they appear.

    Each finding has path, line, column (1-based, in the original text), text (the claim
    as written), verdict, expected, record, source, quote and message.
    """
    index = index_for(records)
    positions = Positions(text)
    findings = []
    for sentence in sentences_with_claims(text):
        for verdict in index.judge(sentence):
            findings.append(_finding(index, path, positions, verdict))
    return findings


def _finding(index: Index, path: str, positions: Positions, v: Verdict) -> dict[str, Any]:
    line, column = positions.line_col(v.claim.start)
    text = " ".join(v.claim.text.split())
    finding: dict[str, Any] = {
        "path": path, "line": line, "column": column, "text": text, "verdict": v.verdict,
        "expected": None, "record": None, "source": None, "quote": None,
    }
    if v.record is None or v.facet is None:
        finding["message"] = f"{text} — no record on this subject"
        return finding
    expected = index.expected(v.facet)
    source, cite, quote = index.cite(v.record, v.claim)
    finding.update(expected=expected, record=v.record["id"], source=source or None, quote=quote or None)
    says = f"record says {expected}"
    if v.verdict == "disputed":
        says += f", but it is disputed: {v.record['disputed']}"
    finding["message"] = f"{text} — {says}  [{v.record['id']}]" + (f" ({cite})" if cite else "")
    return finding
