"""kzqa search and show: find records and read one in full."""

import sys
from typing import Annotated, Optional

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
def search(
    text: Annotated[str, typer.Argument(help="Words to look for (case, accents and spelling variants folded).")],
    kind: Annotated[Optional[list[str]], typer.Option(help="Only this kind of record (repeatable).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many results (0: all).", min=0)] = 20,
    *, fmt: Fmt,
) -> None:
    """Search every record, ranked, with what each hit says and why it matched.

    Every word is optional: hits that match more of the words come first, then a phrase
    match, then BM25. A query that is a record's name, alias or id brings that record
    first. Word forms are met by Porter stemming and by the entities' aliases and forms.

    Example: kzqa search "Nur-Sultan"
    """
    from kzqa.queries import search_rows
    from kzqa.store import KINDS as KIND_NAMES

    bad = [k for k in kind or [] if k not in KIND_NAMES]
    if bad:
        fail(f"--kind: {bad[0]!r} is not a kind (one of: {', '.join(KIND_NAMES)})")
    records = open_records()
    rows = search_rows(records, text, tuple(kind or ()), limit)
    table = Table(["score", "kind", "id", "title", "answer", "matched", "standing"],
                  ([r["score"], r["kind"], r["id"], r["title"], r["answer"], r["matched"], r["standing"]]
                   for r in rows), title=f"Search: {text}", wide=("title", "answer"))
    finish(emit(fmt, rows, table, empty=f"nothing matches {text!r}"))

@output_options
def show(
    rid: Annotated[str, typer.Argument(metavar="ID", help="A record id.", autocompletion=complete_ids)],
    *, fmt: Fmt,
) -> None:
    """Show one record in full: fields, citations with quotes, standing, related records.

    Example: kzqa show kz-qa-diplomatic-relations
    """
    from kzqa.output import dumps_json, dumps_json_line, print_record
    from kzqa.queries import backlinks, suggest_ids
    from kzqa.show import record_sections

    records = open_records()
    record = records.get(rid)
    if record is None:
        fail(f"no record has the id {rid!r}{suggest_ids(records, rid)}", 1)
    if fmt == "json":
        sys.stdout.write(dumps_json(record) + "\n")
    elif fmt == "nl":
        sys.stdout.write(dumps_json_line(record) + "\n")
    else:
        sections = record_sections(record, records, backlinks(records, rid))
        if fmt in ("csv", "md"):
            rows = [[heading, label, value] for heading, items in sections for label, value in items]
            emit(fmt, [record], Table(["section", "field", "value"], rows))
        else:
            print_record(sections, fmt)
