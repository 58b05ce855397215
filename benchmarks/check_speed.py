"""Time `kzqa check` on a 70 KB draft, the whole process, as a writer's editor would run it.

Run: python benchmarks/check_speed.py [--runs 5] [--size 70000]
The draft is made from the labelled sentences and the source texts (when ../shared/sources
is there), repeated to the size asked. The first run warms the record cache and is not
counted. The budget is 0.5 s a run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tomli

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources"
BUDGET = 0.5


def draft_text(size: int) -> str:
    items = tomli.loads((ROOT / "tests" / "check_labelled.toml").read_text(encoding="utf-8"))["item"]
    parts = ["# A draft on Kazakhstan and Qatar\n\n" + "\n\n".join(i["sentence"] for i in items)]
    if SOURCES.is_dir():
        parts += [p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("*")) if p.name != "INDEX.md"]
    text = "\n\n".join(parts)
    while len(text.encode()) < size:
        text += "\n\n" + text
    return text.encode()[:size].decode(errors="ignore")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=70_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / "big.md"
        draft.write_text(draft_text(args.size), encoding="utf-8")
        command = [sys.executable, "-m", "kzqa", "check", "--all", "--json", str(draft)]
        subprocess.run(command, capture_output=True, check=False)  # warm the cache
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            result = subprocess.run(command, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
        if result.returncode == 2:
            sys.stderr.write(result.stderr.decode())
            return 2
        best, median = min(times), statistics.median(times)
        sys.stdout.write(f"kzqa check on {draft.stat().st_size:,} bytes: best {best:.3f} s, "
                         f"median {median:.3f} s over {args.runs} runs (budget {BUDGET} s)\n")
        return 0 if median < BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
