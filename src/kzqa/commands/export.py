"""kzqa export and schema: every record, and the fact-file JSON Schema."""

import sys
from typing import Annotated, Optional

import typer

from kzqa.commands import (
    Fmt,
    choose,
    complete_values,
    finish,
    open_records,
    output_options,
)
from kzqa.output import Table, emit
from kzqa.vocab import KINDS


@output_options
def export(
    kind: Annotated[Optional[list[str]], typer.Option(metavar="KIND", autocompletion=complete_values(KINDS),
                    help=f"Only this kind of record (repeatable): {', '.join(KINDS)}.")] = None,
    *, fmt: Fmt,
) -> None:
    """Export every record (JSON keeps the schema's field names; dates stay EDTF strings).

    Example: kzqa export --json > records.json
    """

    kind = [choose("--kind", k, KINDS) for k in kind or []]
    records = open_records()
    rows = [r for k in (kind or KINDS) for r in records.kind(k)]
    table = Table(["kind", "id", "title", "date", "sources"],
                  ([r["kind"], r["id"], r.get("title") or r.get("name"),
                    r.get("date") or r.get("signed") or r.get("period") or "",
                    ", ".join(dict.fromkeys(c["source"] for c in r.get("citations", [])))] for r in rows),
                  title="Records", wide=("title",), drop=("sources", "date"))
    finish(emit(fmt, rows, table))

def schema() -> None:
    """Print the JSON Schema of the fact files, for editors (Taplo, tombi).

    Example: kzqa schema > kzqa-facts.schema.json
    """
    import json

    from kzqa.models import fact_file_schema

    sys.stdout.write(json.dumps(fact_file_schema(), indent=2, ensure_ascii=False) + "\n")
