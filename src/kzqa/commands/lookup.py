"""kzqa search and show: find records and read one in full."""

import sys
from typing import Annotated, Optional

import typer

from kzqa.commands import (
    Fmt,
    choose,
    complete_ids,
    complete_values,
    fail,
    finish,
    open_records,
    output_options,
)
from kzqa.output import Table, emit
from kzqa.vocab import KINDS


@output_options(limit=20)
def search(
    text: Annotated[str, typer.Argument(help="Words to look for (case, accents and spelling variants folded).")],
    kind: Annotated[Optional[list[str]], typer.Option(metavar="KIND", autocompletion=complete_values(KINDS),
                    help=f"Only this kind of record (repeatable): {', '.join(KINDS)}.")] = None,
    *, fmt: Fmt,
) -> None:
    """Search every record, ranked, with what each hit says and why it matched.

    Every word is optional: hits that match more of the words come first, then a phrase
    match, then BM25. A query that is a record's name, alias or id brings that record
    first. Word forms are met by Porter stemming and by the entities' aliases and forms.

    Example: kzqa search "Nur-Sultan"
    """
    from kzqa.queries import search_rows

    kind = [choose("--kind", k, KINDS) for k in kind or []]
    records = open_records()
    # The query stops at --limit itself unless the rows are to be sorted another way first.
    rows = search_rows(records, text, tuple(kind or ()), 0 if fmt.sort else fmt.limit or 0)
    table = Table(["score", "kind", "id", "title", "answer", "matched", "standing"],
                  ([r["score"], r["kind"], r["id"], r["title"], r["answer"], r["matched"], r["standing"]]
                   for r in rows), title=f"Search: {text}", wide=("title", "answer"),
                  drop=("matched", "score", "standing"))
    if fmt not in ("json", "nl"):  # the whole record is for JSON; the columns are the hit's own
        rows = [{k: v for k, v in r.items() if k != "record"} for r in rows]
    finish(emit(fmt, rows, table, empty=f"nothing matches {text!r}"))

@output_options(rows=False, formats={
    "table": "labelled sections: fields, citations with quotes, related records (the default on a terminal)",
    "tsv": "the record's fields in one row under a header, nested ones as dotted names (piped without a "
           "format: the labelled sections as plain text, one field a line)",
    "json": "the record as one JSON object",
    "nl": "the record as JSON on one line",
    "csv": "as tsv, in CSV",
    "md": "the labelled sections as a Markdown table (section, field, value)",
})
def show(
    rid: Annotated[str, typer.Argument(metavar="ID", help="A record id.", autocompletion=complete_ids)],
    *, fmt: Fmt,
) -> None:
    """Show one record in full: fields, citations with quotes, standing, related records.

    Example: kzqa show kz-qa-diplomatic-relations
    """
    from kzqa.output import dumps_json, dumps_json_line, print_record

    records = open_records()
    record = records.get(rid)
    if record is None:
        from kzqa.queries import suggest_ids

        fail(f"no record has the id {rid!r}{suggest_ids(records, rid)}", 1)
    if fmt == "json":
        sys.stdout.write(dumps_json(record) + "\n")
    elif fmt == "nl":
        sys.stdout.write(dumps_json_line(record) + "\n")
    else:
        # The sections, and the queries and dates they import, only for the formats that show them.
        from kzqa.queries import backlinks
        from kzqa.show import record_sections

        sections = record_sections(record, records, backlinks(records, rid))
        if fmt in ("csv", "md") or (fmt == "tsv" and getattr(fmt, "explicit", True)):
            rows = [[heading, label, value] for heading, items in sections for label, value in items]
            emit(fmt, [record], Table(["section", "field", "value"], rows))
        else:
            print_record(sections, fmt)
