"""Time `kzqa check` as a writer's editor or CI runs it: the whole process, piped line output.

Run: python benchmarks/check_speed.py [--runs 7] [--times 100]   (by hand; not a test)

Cases, each the median of interleaved runs, against `python -c "import typer"` timed in
the same run:
- a one-sentence draft, at the bundled records and at `--times` copies of them (budget
  2x the floor), with the peak memory of the process at the copies (budget 150 MB);
- the 70 KB `ahmad-2025` source document as a draft, the issue's yardstick (budget 0.5 s
  at the bundled records, 1 s at the copies), and a denser 70 KB draft made from the
  labelled sentences (about one claim in every 60 bytes, three times ahmad-2025's) and the
  source texts, reported beside it;
- growth with the input: 35, 70 and 140 KB drafts, and a paragraph of 300 and of 600
  claims with no full stop, and one clause of 800 and of 1,600 dates joined by "and";
  the time per KB should stay flat (linear in the input).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tomli

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import BUNDLED, multiply  # noqa: E402  (the same 100-fold copy as bench.py)

ONE_SENTENCE = "Qatar gave $20 million toward the Nur Astana Mosque in Astana.\n"


def draft_text(size: int) -> str:
    """A Markdown draft of about `size` bytes: the labelled sentences, then the sources."""
    cases = tomli.loads((ROOT / "tests" / "check_labelled" / "dev.toml").read_text(encoding="utf-8"))["case"]
    parts = ["# A draft on Kazakhstan and Qatar\n\n" + "\n\n".join(c["text"].strip() for c in cases)]
    if SOURCES.is_dir():
        parts += [p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("*")) if p.name != "INDEX.md"]
    text = "\n\n".join(parts)
    while len(text.encode()) < size:
        text += "\n\n" + text
    return text.encode()[:size].decode(errors="ignore")


def claims_paragraph(count: int) -> str:
    """One paragraph of `count` amounts and years with no full stop."""
    return ", ".join(f"Qatar pledged ${n % 90 + 10} million in {2000 + n % 25}" for n in range(count)) + "\n"


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def peak_mb(cmd: list[str], env: dict[str, str]) -> float:
    """The peak resident memory of one run of `cmd`, in MB (a fresh parent, so only it counts)."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *cmd], env=env, capture_output=True, text=True, check=True)
    return int(out.stdout) / 1024


def median_pair(case: list[str], floor: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    timed(case, env)
    a, b = [], []
    for _ in range(runs):
        a.append(timed(case, env))
        b.append(timed(floor, env))
    return statistics.median(a), statistics.median(b)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--times", type=int, default=100, help="copies of the bundled records")
    args = parser.parse_args()
    exe = shutil.which("kzqa")
    kzqa = [exe] if exe else [sys.executable, "-m", "kzqa"]
    floor = [sys.executable, "-c", "import typer"]
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "KZQA_CACHE_DIR": str(folder / "cache")}
        env.pop("KZQA_FACTS", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed kzqa: compiled once, not every run
        env.pop("PYTHONUNBUFFERED", None)  # buffered output, as in an ordinary shell
        drafts = {}
        for name, text in (("one.md", ONE_SENTENCE), ("35k.md", draft_text(35_000)), ("70k.md", draft_text(70_000)),
                           ("140k.md", draft_text(140_000)), ("claims300.md", claims_paragraph(300)),
                           ("claims600.md", claims_paragraph(600)),
                           # one clause of 800 and of 1,600 dates joined by "and": no break at all
                           ("and800.md", "Kazakhstan opened its embassy in Doha in 2009 and " * 800 + ".\n"),
                           ("and1600.md", "Kazakhstan opened its embassy in Doha in 2009 and " * 1600 + ".\n")):
            drafts[name] = folder / name
            drafts[name].write_text(text, encoding="utf-8")
        if (SOURCES / "ahmad-2025.md").is_file():
            drafts["ahmad-2025.md"] = SOURCES / "ahmad-2025.md"
        big = folder / "facts"
        multiply(BUNDLED, big, args.times)
        old = time.time() - 60  # the cache is not written for files younger than 2 s
        for path in big.rglob("*.toml"):
            os.utime(path, (old, old))
        big_env = {**env, "KZQA_FACTS": str(big)}
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; {args.runs} interleaved runs each")

        def check(name: str, environment: dict[str, str]) -> list[str]:
            return [*kzqa, "check", "--all", str(drafts[name])]

        for label, environment in (("bundled", env), (f"{args.times}x", big_env)):
            case, base = median_pair(check("one.md", environment), floor, environment, args.runs)
            good = case / base <= 2
            ok &= good
            print(f"one sentence ({label}): {case * 1000:.1f} ms, floor {base * 1000:.1f} ms, "
                  f"ratio {case / base:.2f} (budget 2)  {'ok' if good else 'MISSED'}")
        memory = peak_mb(check("one.md", big_env), big_env)
        ok &= memory <= 150
        print(f"one sentence ({args.times}x): peak memory {memory:.0f} MB (budget 150)  "
              f"{'ok' if memory <= 150 else 'MISSED'}")
        for label, environment, budget in (("bundled", env, 0.5), (f"{args.times}x", big_env, 1.0)):
            for name in ("ahmad-2025.md", "70k.md"):
                if name not in drafts:
                    print(f"{name}: not found (../shared/sources), not timed")
                    continue
                timed(check(name, environment), environment)
                took = statistics.median(timed(check(name, environment), environment) for _ in range(args.runs))
                what = f"{name} ({drafts[name].stat().st_size / 1000:.1f} KB, {label})"
                if name == "70k.md":  # the denser draft: reported, the budget is the draft's
                    print(f"{what}: {took:.3f} s (denser than the yardstick; no budget)")
                    continue
                ok &= took <= budget
                print(f"{what}: {took:.3f} s (budget {budget} s)  {'ok' if took <= budget else 'MISSED'}")
        sizes = []
        for name in ("35k.md", "70k.md", "140k.md", "claims300.md", "claims600.md", "and800.md", "and1600.md"):
            took = statistics.median(timed(check(name, env), env) for _ in range(args.runs))
            sizes.append((name, drafts[name].stat().st_size, took))
        base_time = statistics.median(timed(floor, env) for _ in range(args.runs))
        for name, size, took in sizes:
            print(f"  {name:<14} {size / 1000:7.1f} KB  {took:.3f} s  "
                  f"{(took - base_time) / size * 1e6:.2f} ms/KB beyond start-up")
    print("all budgets met" if ok else "some budgets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
