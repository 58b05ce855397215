"""Time the claim reader (`claims_in`) on dense and plain inputs, and show that time grows
linearly with the length of the text.

Run: python benchmarks/claims_speed.py [--runs 3]
Inputs: a 7 KB paragraph of ~300 amounts with no full stop; a 2 MB text of short
sentences full of amounts and dates; 2 MB of prose without a number; the source documents
(when ../shared/sources is there). Each is also timed at half its size: a ratio near 2.0
between the full and the half size means linear time (4.0 would mean quadratic).
Prints the best of --runs runs, in ms and in µs per character.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from pathlib import Path

from kzqa.checker.claims import claims_in

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources"


def dense_paragraph(size: int) -> str:
    """Amounts, counts, percentages and ranges joined by commas: one sentence, no full stop."""
    rng = random.Random(7)
    forms: list[Callable[[], str]] = [
        lambda: f"${rng.randint(1, 99)}.{rng.randint(0, 9)} million in {rng.randint(2000, 2024)}",
        lambda: f"about {rng.randint(1, 99)},{rng.randint(0, 999):03d} visitors",
        lambda: f"more than {rng.randint(1, 99)}%",
        lambda: f"from {rng.randint(1, 9)} to {rng.randint(10, 30)} flights a week",
        lambda: f"€{rng.randint(1, 9)},{rng.randint(1, 9)} bn",
        lambda: f"{rng.randint(1, 20)}–{rng.randint(21, 40)} million tenge",
    ]
    parts: list[str] = []
    length = 0
    while length < size:
        parts.append(rng.choice(forms)())
        length += len(parts[-1]) + 2
    return ", ".join(parts)[:size]


def short_sentences(size: int) -> str:
    sentence = ("Trade between Kazakhstan and Qatar was $56.6 million in 2023, and Qatari tourists numbered "
                "about 1,000. Relations were established on 1 July 1993. The emir visited in February 2024. ")
    return (sentence * (size // len(sentence) + 1))[:size]


def plain_prose(size: int) -> str:
    sentence = ("Kazakhstan and Qatar have developed their relations steadily, with cooperation in energy, "
                "agriculture, culture and the education of their young people. ")
    return (sentence * (size // len(sentence) + 1))[:size]


def sources(size: int) -> str:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("*")) if p.is_file())
    return text[:size]


def best_time(text: str, runs: int) -> tuple[float, int]:
    best, found = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        found = len(claims_in(text))
        best = min(best, time.perf_counter() - start)
    return best, found


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    claims_in("warm up: $1 million in 2023")  # compiles the patterns once
    cases: list[tuple[str, Callable[[int], str], int]] = [
        ("paragraph of amounts, no full stop", dense_paragraph, 7_000),
        ("short sentences with amounts", short_sentences, 2_000_000),
        ("prose without numbers", plain_prose, 2_000_000),
    ]
    if SOURCES.is_dir():
        total = sum(len(p.read_text(encoding="utf-8")) for p in SOURCES.glob("*") if p.is_file())
        cases.append(("the source documents", sources, total))
    print(f"{'input':38} {'chars':>9} {'claims':>7} {'ms':>9} {'µs/char':>8} {'full/half':>9}")
    for name, make, size in cases:
        text = make(size)
        seconds, found = best_time(text, args.runs)
        half_seconds, _ = best_time(make(size // 2), args.runs)
        ratio = seconds / half_seconds if half_seconds else float("nan")
        print(f"{name:38} {len(text):9,d} {found:7,d} {seconds * 1000:9.1f} {seconds / len(text) * 1e6:8.2f} "
              f"{ratio:9.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
