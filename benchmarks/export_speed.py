"""Time `kzqa export --sqlite` on the bundled records and on a 100-fold copy, whole process.

Run by hand (not part of the test suite):  python benchmarks/export_speed.py [--runs 5] [--times 100]

The 100-fold copy is bench.py's (every id and reference suffixed -cN). The first run of
each case warms the record cache and is not counted; `export --json` and
`python -c "import typer"` are timed in turn for scale. Each shows the median wall-clock
time and, in brackets, the median CPU time (user + system), which a busy machine
disturbs less. No targets: the figures are for the README and for noticing a regression.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench import BUNDLED, multiply  # noqa: E402  (bench.py sits beside this script)


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)}: exit {proc.returncode}: {proc.stderr.decode()[-300:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return took, cpu


def case(name: str, cmds: dict[str, list[str]], env: dict[str, str], runs: int) -> None:
    for cmd in cmds.values():
        timed(cmd, env)  # warm the record cache and the OS file cache
    samples: dict[str, list[tuple[float, float]]] = {label: [] for label in cmds}
    for _ in range(runs):  # interleaved, so that machine noise hits every command alike
        for label, cmd in cmds.items():
            samples[label].append(timed(cmd, env))
    line = "  ".join(f"{label} {statistics.median(w for w, _ in s) * 1000:6.0f} ms "
                     f"(cpu {statistics.median(c for _, c in s) * 1000:5.0f})" for label, s in samples.items())
    print(f"{name:<26} {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--times", type=int, default=100, help="copies of the bundled records")
    args = parser.parse_args()
    exe = shutil.which("kzqa")
    kzqa = [exe] if exe else [sys.executable, "-m", "kzqa"]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "KZQA_CACHE_DIR": str(Path(tmp) / "cache")}
        env.pop("KZQA_FACTS", None)
        big = Path(tmp) / "facts-big"
        count = multiply(BUNDLED, big, args.times)
        old = time.time() - 60  # the cache is not written for files younger than 2 s
        for path in big.rglob("*.toml"):
            os.utime(path, (old, old))
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; median of {args.runs} runs, "
              "warm record cache")
        for name, case_env in (("bundled", env), (f"{args.times}x ({count:,} records)",
                                                  {**env, "KZQA_FACTS": str(big)})):
            db = Path(tmp) / "out.db"
            case(name, {
                "export --sqlite": [*kzqa, "export", "--sqlite", str(db), "--replace"],
                "export --json": [*kzqa, "export", "--json"],
                "import typer": [sys.executable, "-c", "import typer"],
            }, case_env, args.runs)
            meta = db.with_name(db.name + ".metadata.json")
            print(f"{'':<26} database {db.stat().st_size / 1e6:.1f} MB, metadata {meta.stat().st_size / 1e3:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
