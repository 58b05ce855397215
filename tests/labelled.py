"""Score `kzqa check` on the labelled sentences in tests/check_labelled/ and print the
confusion matrix: python tests/labelled.py [dev|holdout]

Each case's `expect` entries are its claims; a claim's verdict is that of the first finding
whose text contains it, or lies within it with the same digits ("17" for "17 times",
"three" for "three-day"; "missing" when none does). The figures the test holds the engine to:
- recall: the share of claims of `altered` cases whose verdict is among those accepted;
- false contradictions: `contradicted` verdicts on claims of true, uncovered and near-miss
  cases (and anywhere in a case marked none_contradicted) that the labels do not accept;
- uncovered supported: `supported` verdicts on claims of uncovered cases that the labels
  do not accept (an uncovered case may hold a true claim beside the uncovered one).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import tomli

HERE = Path(__file__).resolve().parent
LABELS = ("true", "altered", "uncovered", "near-miss")
COLUMNS = ("contradicted", "disputed", "unverifiable", "supported", "missing")


def cases(name: str) -> list[dict[str, Any]]:
    data = tomli.loads((HERE / "check_labelled" / f"{name}.toml").read_text(encoding="utf-8"))
    return list(data["case"])


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def finding_for(findings: list[dict[str, Any]], claim: str) -> dict[str, Any] | None:
    """The finding of a labelled claim: the first whose text contains the claim as the
    label writes it; else the first whose text lies within it with the same digits (the
    label "17 times" or "About 12" for the finding "17" or "12")."""
    hit = next((f for f in findings if claim in f["text"]), None)
    if hit is None:  # "17" for "17 times"; "three" for "three-day"
        hit = next((f for f in findings if f["text"] in claim and _digits(f["text"]) == _digits(claim)
                    and len(f["text"]) >= 2), None)
    return hit


def score(name: str) -> dict[str, Any]:
    """The confusion matrix (label -> verdict -> count) and the three figures, for one file."""
    from kzqa.checker import check_text
    from kzqa.store import Store, bundled_facts

    store = Store([bundled_facts()])
    matrix: dict[str, Counter[str]] = {label: Counter() for label in LABELS}
    altered = flagged = false_contradicted = innocent = uncovered_supported = 0
    misses: list[str] = []
    for case in cases(name):
        findings = check_text(case["text"], "draft.md", store)
        label = case["label"]
        for want in case.get("expect", []):
            if want.get("absent"):
                continue
            hit = finding_for(findings, want["claim"])
            verdict = hit["verdict"] if hit else "missing"
            matrix[label][verdict] += 1
            ok = verdict in want["verdicts"]
            if label == "altered":
                altered += 1
                flagged += ok
            else:
                innocent += 1
                if verdict == "contradicted" and not ok:
                    false_contradicted += 1
                if label == "uncovered" and verdict == "supported" and not ok:
                    uncovered_supported += 1
            if not ok:
                misses.append(f"{case['id']}: {want['claim']!r} {verdict} (want {'/'.join(want['verdicts'])})"
                              + (f" {hit['record']} {hit['expected']}" if hit and hit["record"] else ""))
        if case.get("none_contradicted") and label == "altered":
            continue
    return {"matrix": matrix, "recall": flagged / altered if altered else 1.0, "altered": altered,
            "false_contradicted": false_contradicted, "innocent": innocent,
            "false_rate": false_contradicted / innocent if innocent else 0.0,
            "uncovered_supported": uncovered_supported, "misses": misses}


def main() -> int:
    name = sys.argv[1] if len(sys.argv) > 1 else "dev"
    result = score(name)
    print(f"{name}: claims by label (rows) and verdict (columns)")
    print(f"{'':<12}" + "".join(f"{c:>14}" for c in COLUMNS))
    for label in LABELS:
        print(f"{label:<12}" + "".join(f"{result['matrix'][label][c]:>14}" for c in COLUMNS))
    print(f"altered flagged: {result['recall']:.1%} of {result['altered']}; "
          f"false contradicted: {result['false_contradicted']} of {result['innocent']} ({result['false_rate']:.1%}); "
          f"uncovered supported: {result['uncovered_supported']}")
    if "-v" in sys.argv:
        print("\n".join(result["misses"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
