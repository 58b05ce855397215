"""kzqa timeline: every dated happening in date order."""

from typing import Annotated, Optional

import typer

from kzqa.commands import (
    Fmt,
    choose,
    choose_country,
    complete_countries,
    complete_entities,
    complete_topics,
    complete_values,
    finish,
    open_records,
    output_options,
)
from kzqa.output import Table, emit
from kzqa.vocab import TIMELINE_KINDS


@output_options
def timeline(
    start: Annotated[Optional[str], typer.Option("--from", metavar="DATE",
                     help="From this year or EDTF date: entries whose whole date lies within the range (2022 is all of 2022).")] = None,
    end: Annotated[Optional[str], typer.Option("--to", metavar="DATE", help="Up to this year or EDTF date.")] = None,
    country: Annotated[Optional[list[str]], typer.Option(metavar="COUNTRY", autocompletion=complete_countries,
                       help="Only items involving this country: a country's id, name or alias, in any script (repeatable; an unknown one lists them).")] = None,
    actor: Annotated[Optional[list[str]], typer.Option(metavar="ENTITY", autocompletion=complete_entities, help="Only items with this person or organisation: id, name or alias (repeatable).")] = None,
    topic: Annotated[Optional[list[str]], typer.Option(metavar="TOPIC", autocompletion=complete_topics,
                     help="Only items with this topic or sector, as the records name them (repeatable; an unknown one lists them).")] = None,
    kind: Annotated[Optional[list[str]], typer.Option(metavar="KIND", autocompletion=complete_values(TIMELINE_KINDS),
                    help=f"Only this kind, event or agreement type, or milestone (repeatable): {', '.join(TIMELINE_KINDS)}.")] = None,
    overlapping: Annotated[bool, typer.Option("--overlapping", help="Also entries whose date only overlaps the range "
                           "(a 2019~/2024~ trend, a 2022/2024 table row, ../2022-10-12).")] = False,
    *, fmt: Fmt,
) -> None:
    """List every dated happening in date order: events and agreement and project milestones.

    Example: kzqa timeline --from 2022 --country qatar --json
    """
    from kzqa.queries import TimelineFilter, timeline_rows
    from kzqa.vocab import topics as topics_of

    kinds = tuple(choose("--kind", k, TIMELINE_KINDS) for k in kind or ())
    records = open_records()
    countries = tuple(choose_country(records, "--country", c) for c in country or ())
    topics = tuple(choose("--topic", t, topics_of(records)) for t in topic or ())
    rows = timeline_rows(records, TimelineFilter(start, end, countries, tuple(actor or ()), topics, kinds,
                                                 overlapping))
    table = Table(["date", "when", "kind", "what", "id", "title", "standing"],
                  ([r["date"], r["when"], r["kind"], r["milestone"], r["id"], r["title"], r["standing"]]
                   for r in rows), title="Timeline", wide=("title",), terse=("date",),
                  drop=("kind", "what", "standing"))
    finish(emit(fmt, rows, table))
