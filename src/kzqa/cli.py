"""The command-line app: Typer wiring only. Each command parses its options, calls a pure
query function and hands the rows to the output layer."""

import functools
import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional, TypeVar

import typer

from kzqa import __version__
from kzqa.loader import LoadError, Problem
from kzqa.output import FORMATS, SETTINGS, Table, choose_format, emit
from kzqa.store import Records, facts_dirs

app = typer.Typer(
    name="kzqa",
    help="Look up and check cited facts about Kazakhstan–Qatar relations.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])


class State:
    """What the app-level options chose, for the command that runs."""

    facts: Optional[list[Path]] = None
    use_cache: bool = True


STATE = State()


def fail(message: str, code: int = 2) -> NoReturn:
    """Print `kzqa: message` on stderr and exit with `code` (2: usage or data error)."""
    sys.stderr.write(f"kzqa: {message}\n")
    raise typer.Exit(code)


def report_problems(problems: list[Problem]) -> NoReturn:
    """The one place where data errors become stderr lines and exit status 2."""
    for problem in problems:
        sys.stderr.write(f"{problem}\n")
    count = len(problems)
    sys.stderr.write(f"kzqa: {count} problem{'s' if count != 1 else ''} in the fact files\n")
    raise typer.Exit(2)


def open_records() -> Records:
    try:
        return Records(facts_dirs(STATE.facts), use_cache=STATE.use_cache)
    except LoadError as exc:
        report_problems(exc.problems)


# -- the shared output option -------------------------------------------------------------
_FORMAT_HELP = {
    "table": "a Rich table, even when piped",
    "tsv": "tab-separated lines with a header (the default when piped)",
    "json": "a JSON array of records",
    "nl": "one JSON object a line",
    "csv": "CSV with a header",
    "md": "a Markdown table",
}


def output_options(func: F) -> F:
    """Give a command the shared --json/--nl/--csv/--md/--tsv/--table flags.

    The flags arrive at the command as one `fmt` argument, already resolved (a table on a
    terminal, TSV in a pipe), so no command checks format flags itself.
    """
    sig = inspect.signature(func)
    flags = [
        inspect.Parameter(
            f"as_{name}", inspect.Parameter.KEYWORD_ONLY, default=False,
            annotation=Annotated[bool, typer.Option(f"--{name}", help=_FORMAT_HELP[name],
                                                    rich_help_panel="Output")],
        )
        for name in FORMATS
    ]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        chosen = [name for name in FORMATS if kwargs.pop(f"as_{name}", False)]
        if len(chosen) > 1:
            fail(f"choose one output format, not {' and '.join('--' + c for c in chosen)}")
        return func(*args, fmt=choose_format(chosen[0] if chosen else None), **kwargs)

    params = [p for p in sig.parameters.values() if p.name != "fmt"]
    wrapper.__signature__ = sig.replace(parameters=[*params, *flags])  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def finish(code: int) -> NoReturn:
    raise typer.Exit(code)


# -- app -------------------------------------------------------------------------------
def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"kzqa {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def main_options(
    facts: Annotated[Optional[list[Path]], typer.Option(
        "--facts", metavar="DIR", help="Read fact files from DIR (repeatable) instead of the "
        "bundled records; also KZQA_FACTS, folders separated by the path separator.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Validate the fact files afresh; "
                                           "neither read nor write the cache.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour (also NO_COLOR).")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Look up and check cited facts about Kazakhstan–Qatar relations.

    Every answer comes from a fact record that quotes its source. Exit status: 0 results,
    1 nothing found (or contradictions, for check), 2 usage or data error.
    """
    STATE.facts = facts
    STATE.use_cache = not no_cache
    SETTINGS.no_color = no_color


@app.command()
def validate(
    sources: Annotated[Optional[Path], typer.Option(
        "--sources", metavar="DIR", help="Also check every quote against the source texts "
        "in DIR (files named after the source ids).")] = None,
) -> None:
    """Check the fact files: schema, dates, references, units, and optionally the quotes.

    Example: kzqa validate --sources ../shared/sources
    """
    from kzqa.loader import Origin, load_records

    dirs = facts_dirs(STATE.facts)
    origins: dict[str, Origin] = {}
    try:
        records = load_records(dirs, origins)
    except LoadError as exc:
        report_problems(exc.problems)
    counts: dict[str, int] = {}
    for record in records:
        counts[record["kind"]] = counts.get(record["kind"], 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    sys.stdout.write(f"ok: {len(records)} records ({summary})\n")
    if sources is None:
        return
    if not sources.is_dir():
        fail(f"--sources: {sources} is not a folder")
    from kzqa.verify import verify_quotes

    report = verify_quotes(records, origins, sources)
    sys.stdout.write(f"quotes: {report.verified} verified against {sources}\n")
    for source, n in sorted(report.unverified.items()):
        sys.stdout.write(f"unverified: {n} quote{'s' if n != 1 else ''} from {source} (no text in {sources})\n")
    if report.problems:
        report_problems(report.problems)



# -- completion (reads the cache index or scans the files: never validates) -------------
def complete_ids(incomplete: str) -> list[str]:
    from kzqa.store import peek_index

    return [i for i in peek_index(facts_dirs(None))["ids"] if i.startswith(incomplete)]


def complete_measures(incomplete: str) -> list[str]:
    from kzqa.store import peek_index

    return [m for m in peek_index(facts_dirs(None))["measures"] if m.startswith(incomplete)]


def query_error(exc: Exception) -> NoReturn:
    fail(str(exc))


# -- query commands --------------------------------------------------------------------
Fmt = str  # what output_options hands each command: one of kzqa.output.FORMATS


@app.command()
@output_options
def timeline(
    start: Annotated[Optional[str], typer.Option("--from", metavar="DATE",
                     help="From this year or EDTF date (a partial date overlaps: 2022 is all of 2022).")] = None,
    end: Annotated[Optional[str], typer.Option("--to", metavar="DATE", help="Up to this year or EDTF date.")] = None,
    country: Annotated[Optional[list[str]], typer.Option(help="Only items involving this country (id, name or alias).")] = None,
    actor: Annotated[Optional[list[str]], typer.Option(help="Only items with this person or organisation.")] = None,
    topic: Annotated[Optional[list[str]], typer.Option(help="Only items with this topic or sector.")] = None,
    kind: Annotated[Optional[list[str]], typer.Option(help="event, agreement or project, or an event type "
                    "(visit, forum, award...) or milestone (signed, ratified...).")] = None,
    *, fmt: Fmt,
) -> None:
    """List every dated happening in date order: events and agreement and project milestones.

    Example: kzqa timeline --from 2022 --country qatar --json
    """
    from kzqa.queries import QueryError, TimelineFilter, timeline_rows

    records = open_records()
    try:
        rows = timeline_rows(records, TimelineFilter(start, end, tuple(country or ()), tuple(actor or ()),
                                                     tuple(topic or ()), tuple(kind or ())))
    except QueryError as exc:
        query_error(exc)
    flag = {"disputed": "disputed", "inferred": "inferred", "": ""}
    table = Table(["date", "when", "kind", "what", "id", "title", "standing"],
                  [[r["date"], r["when"], r["kind"], r["milestone"], r["id"], r["title"], flag[r["standing"]]]
                   for r in rows], title="Timeline", wide=("title",))
    finish(emit(fmt, rows, table))


@app.command()
@output_options
def agreements(
    query: Annotated[Optional[str], typer.Argument(help="Words to find in titles, aliases and parties.")] = None,
    status: Annotated[Optional[str], typer.Option(help="proposed, under-negotiation, signed, ratified, in-force, ended, unknown.")] = None,
    party: Annotated[Optional[str], typer.Option(help="A party (id, name or alias).")] = None,
    sector: Annotated[Optional[str], typer.Option(help="A sector or topic.")] = None,
    year: Annotated[Optional[str], typer.Option(help="Signed, ratified, in force or ended in this year or EDTF date.")] = None,
    *, fmt: Fmt,
) -> None:
    """List agreements, treaties, memoranda, protocols and action plans.

    Example: kzqa agreements military
    """
    from kzqa.dates import show_edtf
    from kzqa.queries import EntityIndex, QueryError, agreement_rows, standing

    records = open_records()
    try:
        rows = agreement_rows(records, query, status, party, sector, year)
    except QueryError as exc:
        query_error(exc)
    names = EntityIndex(records.kind("entity"))
    table = Table(["id", "title", "type", "signed", "status", "parties", "standing"],
                  [[r["id"], r["title"], r["type"], show_edtf(r.get("signed")), r["status"],
                    names.show(r.get("parties", [])), standing(r)] for r in rows],
                  title="Agreements", wide=("title",))
    finish(emit(fmt, rows, table))


@app.command()
@output_options
def projects(
    query: Annotated[Optional[str], typer.Argument(help="Words to find in titles, sectors and partners.")] = None,
    sector: Annotated[Optional[str], typer.Option(help="A sector or topic (energy, agriculture...).")] = None,
    status: Annotated[Optional[str], typer.Option(help="idea, proposed, under-negotiation, planned, funded, "
                      "under-construction, completed, unknown.")] = None,
    min_value: Annotated[Optional[str], typer.Option("--min-value", metavar="AMOUNT",
                         help="At least this much: 500m, 2.5bn, 1e9; with a currency (USD 500m) only that currency.")] = None,
    *, fmt: Fmt,
) -> None:
    """List investment and cooperation projects, largest first, with totals per currency.

    Totals keep planned, committed and spent money apart.
    Example: kzqa projects --sector energy --min-value 500m
    """
    from kzqa.queries import QueryError, amount_text, number, project_rows, project_totals, standing

    records = open_records()
    try:
        rows = project_rows(records, query, sector, status, min_value)
    except QueryError as exc:
        query_error(exc)
    body = []
    for r in rows:
        a = r.get("amount")
        body.append([r["id"], r["title"], ", ".join(r["sectors"]), r["status"],
                     amount_text(a["value"], a["currency"], a["qualifier"]) if a else "",
                     a["basis"] if a else "", standing(r)])
    footer = [["total", f"{n} project{'s' if n != 1 else ''}", "", "", f"{cur} {number(total)}", basis, ""]
              for cur, basis, total, n in project_totals(rows)]
    table = Table(["id", "title", "sectors", "status", "amount", "basis", "standing"], body,
                  title="Projects", footer=footer, wide=("title",))
    finish(emit(fmt, rows, table))


@app.command()
@output_options
def figures(
    query: Annotated[Optional[str], typer.Argument(help="Words to find in titles and measures.")] = None,
    measure: Annotated[Optional[str], typer.Option(help="Only this measure key.",
                       autocompletion=complete_measures)] = None,
    *, fmt: Fmt,
) -> None:
    """List figures (trade, visitors, flights, reserves...), grouped by measure in period order.

    Example: kzqa figures --measure visitors-qatar-to-kazakhstan
    """
    from kzqa.dates import show_edtf
    from kzqa.queries import QueryError, amount_text, figure_rows, standing

    records = open_records()
    try:
        rows = figure_rows(records, query, measure)
    except QueryError as exc:
        query_error(exc)
    table = Table(["id", "measure", "period", "value", "basis", "title", "standing"],
                  [[r["id"], r["measure"], show_edtf(r.get("period")), amount_text(r["value"], r["unit"], r["qualifier"]),
                    r["basis"], r["title"], standing(r)] for r in rows], title="Figures", wide=("title",))
    finish(emit(fmt, rows, table))


def _bar(value: float, top: float, width: int = 20) -> str:
    if top <= 0:
        return ""
    eighths = round(value / top * width * 8)
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]


@app.command()
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
    from kzqa.queries import QueryError, amount_text, compare_rows, number

    records = open_records()
    try:
        rows = compare_rows(records, list(ids or []), measure)
    except QueryError as exc:
        query_error(exc)
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
        for line, r in zip(body, rows):
            line.append(_bar(r["value"], top))
    finish(emit(fmt, rows, Table(columns, body, title=f"Compared against {rows[0]['id']}")))


@app.command()
@output_options
def search(
    text: Annotated[str, typer.Argument(help="Words to look for (case, accents and spelling variants folded).")],
    kind: Annotated[Optional[list[str]], typer.Option(help="Only this kind of record (repeatable).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many results (0: all).", min=0)] = 20,
    *, fmt: Fmt,
) -> None:
    """Search every record; ranked, with the kind of each result and why it matched.

    Example: kzqa search "Nur-Sultan"
    """
    from kzqa.queries import QueryError, search_rows

    from kzqa.loader import KIND_NAMES

    bad = [k for k in kind or [] if k not in KIND_NAMES]
    if bad:
        fail(f"--kind: {bad[0]!r} is not a kind (one of: {', '.join(KIND_NAMES)})")
    records = open_records()
    try:
        rows = search_rows(records, text, tuple(kind or ()), limit)
    except QueryError as exc:
        query_error(exc)
    table = Table(["score", "kind", "id", "title", "matched", "standing"],
                  [[r["score"], r["kind"], r["id"], r["title"], r["why"], r["standing"]] for r in rows],
                  title=f"Search: {text}", wide=("title",))
    finish(emit(fmt, rows, table, empty=f"nothing matches {text!r}"))


@app.command()
@output_options
def show(
    rid: Annotated[str, typer.Argument(metavar="ID", help="A record id.", autocompletion=complete_ids)],
    *, fmt: Fmt,
) -> None:
    """Show one record in full: fields, citations with quotes, standing, related records.

    Example: kzqa show kz-qa-diplomatic-relations
    """
    from kzqa.output import dumps_json, dumps_json_line, print_record
    from kzqa.queries import backlinks, suggest_ids
    from kzqa.show import record_sections

    records = open_records()
    record = records.get(rid)
    if record is None:
        fail(f"no record has the id {rid!r}{suggest_ids(records, rid)}", 1)
    if fmt == "json":
        sys.stdout.write(dumps_json(record) + "\n")
    elif fmt == "nl":
        sys.stdout.write(dumps_json_line(record) + "\n")
    else:
        sections = record_sections(record, records, backlinks(records, rid))
        if fmt in ("csv", "md"):
            rows = [[heading, label, value] for heading, items in sections for label, value in items]
            emit(fmt, [record], Table(["section", "field", "value"], rows))
        else:
            print_record(sections, fmt)


@app.command()
@output_options
def sources(*, fmt: Fmt) -> None:
    """List the source documents, with how many records cite each.

    Example: kzqa sources
    """
    from kzqa.cite import short_cite

    records = open_records()
    counts: dict[str, int] = {}
    for rec in records.all():
        for sid in {c["source"] for c in rec.get("citations", [])}:
            counts[sid] = counts.get(sid, 0) + 1
    rows = records.kind("source")
    table = Table(["id", "cite as", "type", "date", "title", "records"],
                  [[s["id"], short_cite(s), s["type"], s.get("date") or "", s["title"], counts.get(s["id"], 0)]
                   for s in rows], title="Sources", wide=("title",))
    finish(emit(fmt, rows, table))


@app.command()
def cite(
    rid: Annotated[str, typer.Argument(metavar="ID", help="A record or source id.", autocompletion=complete_ids)],
    style: Annotated[str, typer.Option(help="text, markdown, bibtex or csl-json.")] = "text",
) -> None:
    """Print the citation of a record's sources, ready to paste into a draft or Zotero.

    Example: kzqa cite kz-qa-diplomatic-relations --style bibtex
    """
    from kzqa.cite import STYLES, citation_text
    from kzqa.queries import suggest_ids

    if style not in STYLES:
        fail(f"--style: {style!r} is not a style (one of: {', '.join(STYLES)})")
    records = open_records()
    record = records.get(rid)
    if record is None:
        fail(f"no record has the id {rid!r}{suggest_ids(records, rid)}", 1)
    sources = {s["id"]: s for s in records.kind("source")}
    sys.stdout.write(citation_text(record, sources, style) + "\n")


@app.command()
@output_options
def export(
    kind: Annotated[Optional[list[str]], typer.Option(help="Only this kind of record (repeatable).")] = None,
    *, fmt: Fmt,
) -> None:
    """Export every record (JSON keeps the schema's field names; dates stay EDTF strings).

    Example: kzqa export --json > records.json
    """
    from kzqa.loader import KIND_NAMES

    bad = [k for k in kind or [] if k not in KIND_NAMES]
    if bad:
        fail(f"--kind: {bad[0]!r} is not a kind (one of: {', '.join(KIND_NAMES)})")
    records = open_records()
    rows = [r for k in (kind or KIND_NAMES) for r in records.kind(k)]
    table = Table(["kind", "id", "title", "date", "sources"],
                  [[r["kind"], r["id"], r.get("title") or r.get("name"),
                    r.get("date") or r.get("signed") or r.get("period") or "",
                    ", ".join(dict.fromkeys(c["source"] for c in r.get("citations", [])))] for r in rows],
                  title="Records", wide=("title",))
    finish(emit(fmt, rows, table))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the fact files, for editors (Taplo, tombi).

    Example: kzqa schema > kzqa-facts.schema.json
    """
    import json

    from kzqa.models import fact_file_schema

    sys.stdout.write(json.dumps(fact_file_schema(), indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    app()
