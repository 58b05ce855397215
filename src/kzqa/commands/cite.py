"""kzqa sources and cite: the documents and their citations."""

import sys
from typing import Annotated

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
    rid: Annotated[str, typer.Argument(metavar="ID", help="A record or source id.", autocompletion=complete_ids)],
    style: Annotated[str, typer.Option(help="text, markdown, bibtex or csl-json.")] = "text",
) -> None:
    """Print the citation of a record's sources, ready to paste into a draft or Zotero.

    Example: kzqa cite kz-qa-diplomatic-relations --style bibtex
    """
    from kzqa.cite import STYLES, citation_text
    from kzqa.queries import suggest_ids

    if style not in STYLES:
        fail(f"--style: {style!r} is not a style (one of: {', '.join(STYLES)})")
    records = open_records()
    record = records.get(rid)
    if record is None:
        fail(f"no record has the id {rid!r}{suggest_ids(records, rid)}", 1)
    sources = {s["id"]: s for s in records.kind("source")}
    sys.stdout.write(citation_text(record, sources, style) + "\n")
