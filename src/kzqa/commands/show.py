"""kzqa show: one record in full."""

import sys
from typing import Annotated

import typer

from kzqa.commands import (
    Fmt,
    complete_ids,
    fail,
    open_records,
    output_options,
)
from kzqa.output import Table, emit


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
