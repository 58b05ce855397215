"""kzqa timeline: every dated happening in date order."""

from typing import Annotated, Optional

import typer

from kzqa.commands import (
    Fmt,
    finish,
    open_records,
    output_options,
)
from kzqa.output import Table, emit


@output_options
def timeline(
    start: Annotated[Optional[str], typer.Option("--from", metavar="DATE",
                     help="From this year or EDTF date: entries whose whole date lies within the range (2022 is all of 2022).")] = None,
    end: Annotated[Optional[str], typer.Option("--to", metavar="DATE", help="Up to this year or EDTF date.")] = None,
    country: Annotated[Optional[list[str]], typer.Option(help="Only items involving this country (id, name or alias).")] = None,
    actor: Annotated[Optional[list[str]], typer.Option(help="Only items with this person or organisation.")] = None,
    topic: Annotated[Optional[list[str]], typer.Option(help="Only items with this topic or sector.")] = None,
    kind: Annotated[Optional[list[str]], typer.Option(help="event, agreement or project, or an event type "
                    "(visit, forum, award...) or milestone (signed, ratified...).")] = None,
    overlapping: Annotated[bool, typer.Option("--overlapping", help="Also entries whose date only overlaps the range "
                           "(a 2019~/2024~ trend, a 2022/2024 table row, ../2022-10-12).")] = False,
    *, fmt: Fmt,
) -> None:
    """List every dated happening in date order: events and agreement and project milestones.

    Example: kzqa timeline --from 2022 --country qatar --json
    """
    from kzqa.queries import TimelineFilter, timeline_rows

    records = open_records()
    rows = timeline_rows(records, TimelineFilter(start, end, tuple(country or ()), tuple(actor or ()),
                                                 tuple(topic or ()), tuple(kind or ()), overlapping))
    table = Table(["date", "when", "kind", "what", "id", "title", "standing"],
                  [[r["date"], r["when"], r["kind"], r["milestone"], r["id"], r["title"], r["standing"]]
                   for r in rows], title="Timeline", wide=("title",), terse=("date",))
    finish(emit(fmt, rows, table))
