"""kzqa search: every record ranked for some words, with what each hit says."""

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


@output_options(limit=20)
def search(
    text: Annotated[str, typer.Argument(help="Words to look for (case, accents and spelling variants folded).")],
    kind: Annotated[Optional[list[str]], typer.Option(metavar="KIND", autocompletion=complete_values(KINDS),
                    help=f"Only this kind of record (repeatable): {', '.join(KINDS)}.")] = None,
    *, fmt: Fmt,
) -> None:
    """Search every record, ranked, with what each hit says and why it matched.

    Every word is optional: hits that match more of the words come first, then a phrase
    match, then BM25. A query that is a record's name, alias or id brings that record
    first. Word forms are met by Porter stemming and by the entities' aliases and forms.

    Example: kzqa search "Nur-Sultan"
    """
    from kzqa.queries import search_rows

    kind = [choose("--kind", k, KINDS) for k in kind or []]
    records = open_records()
    # The query stops at --limit itself unless the rows are to be sorted another way first.
    rows = search_rows(records, text, tuple(kind or ()), 0 if fmt.sort else fmt.limit or 0)
    table = Table(["score", "kind", "id", "title", "answer", "matched", "standing"],
                  ([r["score"], r["kind"], r["id"], r["title"], r["answer"], r["matched"], r["standing"]]
                   for r in rows), title=f"Search: {text}", wide=("title", "answer"),
                  drop=("matched", "score", "standing"))
    if fmt not in ("json", "nl"):  # the whole record is for JSON; the columns are the hit's own
        rows = [{k: v for k, v in r.items() if k != "record"} for r in rows]
    shown = text if len(text) <= 80 else text[:77] + "..."  # a pasted paragraph is not echoed whole
    finish(emit(fmt, rows, table, empty=f"nothing matches {shown!r}"))
