"""kzqa agreements, projects and figures: filtered lists of records."""

from typing import Annotated, Optional

import typer

from kzqa.commands import (
    Fmt,
    choose,
    complete_entities,
    complete_measures,
    complete_topics,
    complete_values,
    finish,
    open_records,
    output_options,
)
from kzqa.output import Table, emit
from kzqa.vocab import AGREEMENT_STATUSES, PROJECT_STATUSES


@output_options
def agreements(
    query: Annotated[Optional[str], typer.Argument(help="Words to find in titles, aliases and parties.")] = None,
    status: Annotated[Optional[str], typer.Option(metavar="STATUS", autocompletion=complete_values(AGREEMENT_STATUSES),
                      help=f"Only this status: {', '.join(AGREEMENT_STATUSES)}.")] = None,
    party: Annotated[Optional[str], typer.Option(metavar="ENTITY", autocompletion=complete_entities, help="Only with this party: id, name or alias.")] = None,
    sector: Annotated[Optional[str], typer.Option(metavar="TOPIC", autocompletion=complete_topics,
                      help="Only this sector or topic, as the records name them (an unknown one lists them).")] = None,
    year: Annotated[Optional[str], typer.Option(metavar="DATE", help="Signed, ratified, in force or ended in this year or EDTF date.")] = None,
    *, fmt: Fmt,
) -> None:
    """List agreements, treaties, memoranda, protocols and action plans.

    Example: kzqa agreements military
    """
    from kzqa.dates import show_edtf
    from kzqa.queries import agreement_rows, entity_index, standing
    from kzqa.vocab import topics

    status = choose("--status", status, AGREEMENT_STATUSES) if status else None
    records = open_records()
    sector = choose("--sector", sector, topics(records)) if sector else None
    rows = agreement_rows(records, query, status, party, sector, year)
    names = entity_index(records) if fmt not in ("json", "nl") else None
    table = Table(["id", "title", "type", "signed", "status", "parties", "standing"],
                  ([r["id"], r["title"], r["type"], show_edtf(r.get("signed")), r["status"],
                    names.show(r.get("parties", [])) if names else "", standing(r)] for r in rows),
                  title="Agreements", wide=("title",),
                  drop=("parties", "type", "signed", "status"))
    finish(emit(fmt, rows, table))

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

@output_options
def figures(
    query: Annotated[Optional[str], typer.Argument(help="Words to find in titles and measures.")] = None,
    measure: Annotated[Optional[str], typer.Option(metavar="MEASURE", help="Only this measure key (an unknown one lists them).",
                       autocompletion=complete_measures)] = None,
    *, fmt: Fmt,
) -> None:
    """List figures (trade, visitors, flights, reserves...), grouped by measure in period order.

    Example: kzqa figures --measure visitors-qatar-to-kazakhstan
    """
    from kzqa.dates import show_edtf
    from kzqa.queries import amount_text, figure_rows, standing

    records = open_records()
    rows = figure_rows(records, query, measure)
    table = Table(["id", "measure", "period", "value", "basis", "title", "standing"],
                  ([r["id"], r["measure"], show_edtf(r.get("period")), amount_text(r["value"], r["unit"], r["qualifier"]),
                    r["basis"], r["title"], standing(r)] for r in rows), title="Figures", wide=("title",),
                  keep=("id", "value"), drop=("measure", "basis", "standing"))
    finish(emit(fmt, rows, table))
