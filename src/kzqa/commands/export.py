"""kzqa export and schema: every record, and the fact-file JSON Schema."""

import sys
from typing import Annotated, NoReturn, Optional

import typer

from kzqa.commands import (
    Fmt,
    choose,
    complete_values,
    fail,
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
    sqlite: Annotated[Optional[str], typer.Option("--sqlite", metavar="FILE", help="Write every record into a SQLite database FILE (for sqlite3, sqlite-utils, Datasette) and its Datasette metadata to FILE.metadata.json; see docs/sqlite-export.md.")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="With --sqlite: overwrite FILE and FILE.metadata.json if they exist.")] = False,
    *, fmt: Fmt,
) -> None:
    """Export every record (JSON keeps the schema's field names; dates stay EDTF strings).

    Example: kzqa export --json > records.json
    """

    if sqlite is not None:
        _export_database(sqlite, replace, kind)
    if replace:
        fail("--replace goes with --sqlite FILE")
    kind = [choose("--kind", k, KINDS) for k in kind or []]
    records = open_records()
    rows = [r for k in (kind or KINDS) for r in records.kind(k)]
    table = Table(["kind", "id", "title", "date", "sources"],
                  ([r["kind"], r["id"], r.get("title") or r.get("name"),
                    r.get("date") or r.get("signed") or r.get("period") or "",
                    ", ".join(dict.fromkeys(c["source"] for c in r.get("citations", [])))] for r in rows),
                  title="Records", wide=("title",), drop=("sources", "date"))
    finish(emit(fmt, rows, table))

def _export_database(path: str, replace: bool, kind: Optional[list[str]]) -> NoReturn:
    """`export --sqlite FILE`: write the database and its metadata, say so on stderr."""
    from kzqa.export_sqlite import write_database

    if kind:
        fail("--sqlite writes every kind of record (citations need their sources); --kind does not apply")
    summary = write_database(open_records().all(), path, replace=replace)
    sys.stderr.write(f"kzqa: wrote {summary.rows['records']:,} records and {summary.rows['citations']:,} citations to "
                     f"{summary.database} (Datasette metadata: {summary.metadata})\n")
    finish(0)


def schema() -> None:
    """Print the JSON Schema of the fact files, for editors (Taplo, tombi).

    Example: kzqa schema > kzqa-facts.schema.json
    """
    import json

    from kzqa.models import fact_file_schema

    sys.stdout.write(json.dumps(fact_file_schema(), indent=2, ensure_ascii=False) + "\n")
