"""kzqa figures: figures grouped by measure, filtered."""

from typing import Annotated, Optional

import typer

from kzqa.commands import (
    Fmt,
    complete_measures,
    finish,
    open_records,
    output_options,
)
from kzqa.output import Table, emit


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
