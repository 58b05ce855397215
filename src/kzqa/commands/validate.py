"""kzqa validate: check the fact files and, optionally, every quote."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kzqa.commands import (
    STATE,
    fail,
    report_problems,
)


def validate(
    sources: Annotated[Optional[Path], typer.Option(
        "--sources", metavar="DIR", help="Also check every quote against the source texts "
        "in DIR (files named after the source ids).")] = None,
) -> None:
    """Check the fact files: schema, dates, references, units, and optionally the quotes.

    Example: kzqa validate --sources ../shared/sources
    """
    from kzqa.loader import Origin, load_records

    dirs = STATE.folders()
    origins: dict[str, Origin] = {}
    records = load_records(dirs, origins)
    counts: dict[str, int] = {}
    for record in records:
        counts[record["kind"]] = counts.get(record["kind"], 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    sys.stdout.write(f"ok: {len(records)} records ({summary})\n")
    for folder in dirs:
        sys.stdout.write(f"read: {folder}\n")
    if sources is None:
        return
    if not sources.is_dir():
        fail(f"--sources: {sources} is not a folder")
    from kzqa.verify import verify_quotes

    report = verify_quotes(records, origins, sources)
    sys.stdout.write(f"quotes: {report.verified} verified against {sources}\n")
    for source, n in sorted(report.unverified.items()):
        sys.stdout.write(f"unverified: {n} quote{'s' if n != 1 else ''} from {source} (no text in {sources})\n")
    if report.problems:
        report_problems(report.problems)
