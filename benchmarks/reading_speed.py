"""Time the check's reading stage (`read_draft`) on drafts that once took quadratic time.

Run: python benchmarks/reading_speed.py [--runs 3]
Drafts: one 2 MB line of short sentences; a 7 KB paragraph of 300 amounts separated by
commas, with no full stop; each also at half size, to show time grows linearly with the
input (a ratio near 2 for double the text). Prints seconds per run (best of --runs), the
sentences found and the ratio of the full size to the half size.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from kzqa.checker.reading import read_draft


def one_line(size: int) -> str:
    """About `size` characters of short sentences on a single line."""
    sentence = "Qatar gave $15 million in 2013. "
    return (sentence * (size // len(sentence) + 1))[:size] + "\n"


def amounts(count: int) -> str:
    """A paragraph of `count` amounts separated by commas, with no full stop."""
    items = (f"${n}.{n % 10} million in {1990 + n % 35}" for n in range(count))
    return "Trade with Qatar reached " + ", ".join(items) + "\n"


def best(make: Callable[[], str], runs: int) -> tuple[float, int, int]:
    text = make()
    times, found = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        found = len(read_draft(text).sentences)
        times.append(time.perf_counter() - start)
    return min(times), found, len(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cases: list[tuple[str, Callable[[], str], Callable[[], str]]] = [
        ("one 2 MB line of short sentences", lambda: one_line(2_000_000), lambda: one_line(1_000_000)),
        ("a paragraph of 300 amounts, no full stop", lambda: amounts(300), lambda: amounts(150)),
    ]
    for name, full, half in cases:
        t_full, n_full, size = best(full, args.runs)
        t_half, _, _ = best(half, args.runs)
        print(f"{name}: {size:,} characters, {n_full:,} sentences, {t_full:.3f} s "
              f"(half size {t_half:.3f} s, ratio {t_full / t_half:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
