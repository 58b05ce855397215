"""Whole-process timings of kzqa against the Typer floor, as ratios measured in one run.

Run by hand (not part of the test suite):  python benchmarks/bench.py [--runs 21]

It builds a 100-fold copy of the bundled records (ids made unique) in a temporary
folder, then times each case and its floor in alternation (interleaved, so that
machine noise hits both alike) and prints the median of each and their ratio.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUNDLED = HERE.parent / "facts"
ID_FIELDS = (r"id|source|related|actors|places|countries|parties|signed_place|signatories|location|partners|country|"
             r"organisation|amends")


def multiply(facts: Path, out: Path, times: int) -> int:
    """Copy every fact file `times` times, suffixing every id and reference with -cN so
    each copy is a valid, separate record set; the source records are copied too."""
    count = 0
    for n in range(times):
        suffix = f"-c{n}"
        for path in sorted(facts.rglob("*.toml")):
            text = path.read_text(encoding="utf-8")
            text = _suffix_ids(text, suffix)
            target = out / f"copy{n}" / path.relative_to(facts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            count += len(re.findall(r"(?m)^\s*id\s*=", text))
    return count


def _suffix_ids(text: str, suffix: str) -> str:
    """Suffix the slug values of id-bearing keys (single values, arrays, inline tables)."""
    def fix_list(m: re.Match[str]) -> str:
        return re.sub(r'"([a-z0-9-]+)"', lambda q: f'"{q.group(1)}{suffix}"', m.group(0))

    text = re.sub(rf'(?m)(\b(?:{ID_FIELDS})\s*=\s*)"([a-z0-9-]+)"',
                  lambda m: f'{m.group(1)}"{m.group(2)}{suffix}"', text)
    text = re.sub(rf'(?ms)\b(?:{ID_FIELDS})\s*=\s*\[[^\]]*\]', fix_list, text)
    return text


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def compare(name: str, case: list[str], floor: list[str], env: dict[str, str], runs: int,
            target: float) -> bool:
    timed(case, env)  # warm the cache and the OS file cache
    a, b = [], []
    for _ in range(runs):
        a.append(timed(case, env))
        b.append(timed(floor, env))
    ma, mb = statistics.median(a), statistics.median(b)
    ok = ma / mb <= target
    goal = f"(target <= {target})  {'ok' if ok else 'MISSED'}" if target != float("inf") else "(no target)"
    print(f"{name:<52} {ma * 1000:7.1f} ms  floor {mb * 1000:6.1f} ms  ratio {ma / mb:5.2f}  {goal}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--times", type=int, default=100, help="copies of the bundled records")
    args = parser.parse_args()
    py = sys.executable
    kzqa = [py, "-m", "kzqa"]
    exe = shutil.which("kzqa")
    if exe:
        kzqa = [exe]
    floor_typer = [py, "-c", "import typer"]
    floor_rich = [py, "-c", "import typer, rich.console, rich.table"]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "KZQA_CACHE_DIR": str(Path(tmp) / "cache")}
        env.pop("KZQA_FACTS", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # let the warm-up runs write .pyc files
        env.pop("PYTHONUNBUFFERED", None)  # buffered output, as in an ordinary shell
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; {args.runs} interleaved runs each")
        results.append(compare("agreements --json (bundled)", [*kzqa, "agreements", "--json"],
                               floor_typer, env, args.runs, 1.2))
        results.append(compare("timeline --from 2022 (bundled, TSV)", [*kzqa, "timeline", "--from", "2022"],
                               floor_typer, env, args.runs, 1.2))
        results.append(compare("agreements --table (bundled)", [*kzqa, "agreements", "--table"],
                               floor_rich, env, args.runs, 1.4))
        big = Path(tmp) / "facts100"
        n = multiply(BUNDLED, big, args.times)
        big_env = {**env, "KZQA_FACTS": str(big)}
        # Backdate the copies: the cache is not written for files younger than 2 s.
        old = time.time() - 60
        for path in big.rglob("*.toml"):
            os.utime(path, (old, old))
        start = time.perf_counter()
        proc = subprocess.run([*kzqa, "--no-cache", "validate"], env=big_env, capture_output=True, text=True)
        took = time.perf_counter() - start
        rate = n / took
        ok = proc.returncode == 0 and rate >= 5000
        print(f"{'validate, cold, ' + str(n) + ' records':<52} {took * 1000:7.1f} ms  "
              f"{rate:,.0f} records/s  (target >= 5,000)  {'ok' if ok else 'MISSED'}"
              + ("" if proc.returncode == 0 else f"  exit {proc.returncode}: {proc.stderr[-300:]}"))
        results.append(ok)
        results.append(compare(f"figures --measure ... --json ({args.times}x, warm)",
                               [*kzqa, "figures", "--measure", "visitors-qatar-to-kazakhstan", "--json"],
                               floor_typer, big_env, args.runs, 1.5))
        results.append(compare(f"show ID --json ({args.times}x, warm)",
                               [*kzqa, "show", "kz-qa-diplomatic-relations-c50", "--json"],
                               floor_typer, big_env, args.runs, 1.3))
        results.append(compare(f'search "Nur Astana Mosque" --json ({args.times}x, warm)',
                               [*kzqa, "search", "Nur Astana Mosque", "--json"],
                               floor_typer, big_env, args.runs, 1.5))
        # a writer's whole question: more words, so more pairs weighed for nearness (reported)
        compare(f'search "how many Qatari tourists visited ..." ({args.times}x, warm)',
                [*kzqa, "search", "how many Qatari tourists visited Kazakhstan in 2023", "--json"],
                floor_typer, big_env, args.runs, float("inf"))
        results.append(compare(f"timeline --country qatar-c7 --json ({args.times}x, warm)",
                               [*kzqa, "timeline", "--country", "qatar-c7", "--json"],
                               floor_typer, big_env, args.runs, 1.5))
        # Every agreement of the 100-fold set: some 3 MB of JSON, written from the stored JSON.
        results.append(compare(f"agreements --json ({args.times}x, all 3 MB)", [*kzqa, "agreements", "--json"],
                               floor_typer, big_env, args.runs, 1.5))
    print("(check: python benchmarks/check_speed.py)")
    print("all targets met" if all(results) else "some targets missed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
