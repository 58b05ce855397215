"""kzqa compare: figures side by side."""

from typing import Annotated, Optional

import typer

from kzqa.commands import (
    Fmt,
    complete_ids,
    complete_measures,
    finish,
    open_records,
    output_options,
)
from kzqa.output import Table, emit


def _bar(value: float, top: float, width: int = 12) -> str:
    if top <= 0:
        return ""
    eighths = round(value / top * width * 8)
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]


@output_options
def compare(
    ids: Annotated[Optional[list[str]], typer.Argument(metavar="[ID]...", help="Figure (or project) ids.",
                   autocompletion=complete_ids)] = None,
    measure: Annotated[Optional[str], typer.Option(help="Compare every figure of this measure.",
                       autocompletion=complete_measures)] = None,
    *, fmt: Fmt,
) -> None:
    """Compare figures side by side in period order, against the first.

    Shows the difference, ratio and percent change, a share of the target where targets
    stand beside actuals, and a bar for each value. Values in different units are refused.

    Example: kzqa compare --measure visitors-qatar-to-kazakhstan
    """
    from kzqa.dates import show_edtf
    from kzqa.queries import amount_text, compare_rows, number

    records = open_records()
    rows = compare_rows(records, list(ids or []), measure)
    top = max(r["value"] for r in rows)

    def pct(v: Optional[float], sign: bool = False) -> str:
        return "" if v is None else f"{v:+.1f}%" if sign else f"{v:.1f}%"

    columns = ["id", "period", "basis", "value", "difference", "ratio", "change", "of target"]
    body = [[r["id"], show_edtf(r["period"]), r["basis"], amount_text(r["value"], r["unit"], r["qualifier"]),
             ("+" if r["difference"] > 0 else "") + number(r["difference"]),
             "" if r["ratio"] is None else f"{r['ratio']:.2f}×", pct(r["change_percent"], True),
             pct(r["share_of_target"])] for r in rows]
    if fmt in ("table", "md"):
        columns.append("")
        for line, r in zip(body, rows, strict=True):
            line.append(_bar(r["value"], top))
    finish(emit(fmt, rows, Table(columns, body, title=f"Compared against {rows[0]['id']}", wide=("id",),
                                   keep=("id", "value"), drop=("", "of target", "ratio", "basis"))))
