"""kzqa projects: investment and cooperation projects, filtered, with totals."""

from typing import Annotated, Optional

import typer

from kzqa.commands import (
    Fmt,
    choose,
    complete_topics,
    complete_values,
    finish,
    open_records,
    output_options,
)
from kzqa.output import Table, emit
from kzqa.vocab import PROJECT_STATUSES


@output_options
def projects(
    query: Annotated[Optional[str], typer.Argument(help="Words to find in titles, sectors and partners.")] = None,
    sector: Annotated[Optional[str], typer.Option(metavar="TOPIC", autocompletion=complete_topics,
                      help="Only this sector or topic, as the records name them (an unknown one lists them).")] = None,
    status: Annotated[Optional[str], typer.Option(metavar="STATUS", autocompletion=complete_values(PROJECT_STATUSES),
                      help=f"Only this status: {', '.join(PROJECT_STATUSES)}.")] = None,
    min_value: Annotated[Optional[str], typer.Option("--min-value", metavar="AMOUNT",
                         help="At least this much: 500m, 2.5bn, 1e9; with a currency (USD 500m) only that currency.")] = None,
    *, fmt: Fmt,
) -> None:
    """List investment and cooperation projects, largest first, with totals per currency.

    Totals keep planned, committed and spent money apart.

    Example: kzqa projects --sector energy --min-value 500m
    """
    from kzqa.queries import amount_text, number, project_rows, project_totals, standing
    from kzqa.vocab import topics

    status = choose("--status", status, PROJECT_STATUSES) if status else None
    records = open_records()
    sector = choose("--sector", sector, topics(records)) if sector else None
    rows = project_rows(records, query, sector, status, min_value)
    body = []
    for r in rows:
        a = r.get("amount")
        body.append([r["id"], r["title"], ", ".join(r["sectors"]), r["status"],
                     amount_text(a["value"], a["currency"], a["qualifier"]) if a else "",
                     a["basis"] if a else "", standing(r)])
    footer = [["total", f"{n} project{'s' if n != 1 else ''}", "", "", f"{cur} {number(total)}", basis, ""]
              for cur, basis, total, n in project_totals(rows)]
    table = Table(["id", "title", "sectors", "status", "amount", "basis", "standing"], body,
                  title="Projects", footer=footer, wide=("title",),
                  keep=("id", "amount"), drop=("sectors", "basis", "status"))
    finish(emit(fmt, rows, table))
