"""kzqa sources and cite: the documents and their citations."""

import sys
from typing import Annotated, Any, Optional

import typer

from kzqa.commands import (
    Fmt,
    complete_ids,
    fail,
    finish,
    open_records,
    output_options,
)
from kzqa.output import Table, emit


@output_options
def sources(*, fmt: Fmt) -> None:
    """List the source documents, with how many records cite each and how to cite them.

    JSON adds two keys to each source record: `records` (how many records cite it) and
    `citation` (the short citation the table shows).

    Example: kzqa sources
    """
    from kzqa.cite import short_cite

    records = open_records()
    counts: dict[str, int] = {}
    for rec in records.all():
        for sid in {c["source"] for c in rec.get("citations", [])}:
            counts[sid] = counts.get(sid, 0) + 1
    rows = [{**s, "records": counts.get(s["id"], 0), "citation": short_cite(s)} for s in records.kind("source")]
    table = Table(["id", "cite as", "type", "date", "title", "records"],
                  [[s["id"], s["citation"], s["type"], s.get("date") or "", s["title"], s["records"]]
                   for s in rows], title="Sources", wide=("title",), drop=("type", "date", "records"))
    finish(emit(fmt, rows, table))

def cite(
    ids: Annotated[Optional[list[str]], typer.Argument(metavar="ID...", help="Record or source ids.", autocompletion=complete_ids)] = None,
    every: Annotated[bool, typer.Option("--all", help="Cite every source that any record cites.")] = False,
    style: Annotated[str, typer.Option(help="text, markdown, bibtex or csl-json.")] = "text",
) -> None:
    """Print the citations of records or sources, each source once, ready for a draft or Zotero.

    Text and Markdown list each record's quote and locator under its source; BibTeX and
    CSL-JSON give the reference list.

    Example: kzqa cite --all --style bibtex > refs.bib
    """
    import difflib

    from kzqa.cite import STYLES, citation_text

    if style not in STYLES:
        fail(f"--style: {style!r} is not a style (one of: {', '.join(STYLES)})")
    if not ids and not every:
        fail("give one or more record or source ids, or --all")
    records = open_records()
    sources = {s["id"]: s for s in records.kind("source")}
    items: list[dict[str, Any]] = []
    unknown: list[str] = []
    for rid in dict.fromkeys(ids or []):
        record = records.get(rid)
        if record is None:
            unknown.append(rid)
        else:
            items.append(record)
    if unknown:
        known = [r["id"] for r in records.all()]
        for rid in unknown:
            close = difflib.get_close_matches(rid, known, n=3, cutoff=0.6)
            hint = f"; did you mean: {', '.join(close)}?" if close else ""
            sys.stderr.write(f"kzqa: no record or source has the id {rid!r}{hint}\n")
        raise typer.Exit(2)
    if every:
        used = {c["source"] for r in records.all() for c in r.get("citations", [])}
        items.extend(s for s in sources.values() if s["id"] in used)
    sys.stdout.write(citation_text(items, sources, style) + "\n")
