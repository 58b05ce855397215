"""kzqa agreements: agreements, treaties, memoranda, protocols and action plans, filtered."""

from typing import Annotated, Optional

import typer

from kzqa.commands import (
    Fmt,
    choose,
    complete_entities,
    complete_topics,
    complete_values,
    finish,
    open_records,
    output_options,
)
from kzqa.output import Table, emit
from kzqa.vocab import AGREEMENT_STATUSES


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
