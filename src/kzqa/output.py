"""The one output layer: rows in, a Rich table, TSV, JSON, NDJSON, CSV or Markdown out.

Rich is imported here only, and only when a table is drawn: JSON and TSV output, the
common case in scripts, never pays for it. Every string from the records is shown
literally: no Rich markup, no emoji codes, no terminal control sequences.

The machine formats say the same thing. JSON and NDJSON write the rows; CSV and TSV write
the same rows with one column per field, by one rule (`flatten`): an object's fields
become dotted names (`amount.value`), at any depth; lists stay whole and are written as
JSON text (`["kazakhstan","qatar"]`); numbers and true/false as JSON writes them; null as
an empty cell; text as it is. TSV is never quoted: tabs and newlines in text become
spaces. The table and Markdown are the views for people (display strings, totals).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

FORMATS = ("table", "tsv", "json", "nl", "csv", "md")
# Patterns, not compiled objects: re compiles and caches them on first use, so JSON
# output does not pay at import for what only text output uses.
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
_C1 = r"[\x7f-\x9f]"


class Output(str):
    """The output a command was asked for: a format name (it compares as the plain string,
    "json" and so on) with the list options that every list command shares.

    `limit` (None or 0: all), `fields` (dotted names) and `sort` (a field; "-field" descending)
    change which rows are shown and how, in `emit`, after the command has computed its
    totals and baselines; `explicit` says whether the format was asked for or chosen
    by default (a table on a terminal, TSV in a pipe)."""

    limit: int | None
    fields: tuple[str, ...]
    sort: str | None
    explicit: bool

    def __new__(cls, name: str, *, limit: int | None = None, fields: Sequence[str] = (),
                sort: str | None = None, explicit: bool = True) -> Output:
        self = super().__new__(cls, name)
        self.limit, self.fields, self.sort, self.explicit = limit, tuple(fields), sort, explicit
        return self


class Settings:
    """Set once by the app callback: colour off, or left to the environment."""

    no_color = False


SETTINGS = Settings()


class Table:
    """What a command shows for people: column headers, rows of cell text, totals.

    `wide` names the columns that take the spare width (long text that wraps); `terse`
    names columns left out of the Rich table, where another column says it for people
    (the EDTF date beside "Oct 2022"), but kept in the plain formats for scripts.

    On a narrow terminal columns are dropped (see fit_columns): first those in `drop`, in
    order, then the others, widest first; never those in `keep` (the id and the main
    value) or `wide` (the main text)."""

    def __init__(self, columns: Sequence[str], rows: Iterable[Sequence[Any]] | None = None,
                 title: str | None = None, footer: Sequence[Sequence[Any]] | None = None,
                 wide: Sequence[str] = (), terse: Sequence[str] = (), keep: Sequence[str] = ("id",),
                 drop: Sequence[str] = ()):
        self.columns, self.title = columns, title
        self._rows = rows if rows is not None else []
        self.footer, self.wide, self.terse = list(footer or []), wide, terse
        self.keep, self.drop = (*keep, *wide), drop

    @property
    def rows(self) -> list[Sequence[Any]]:
        """The rows, built on first use: JSON output never pays for the table's cells."""
        if not isinstance(self._rows, list):
            self._rows = list(self._rows)
        return self._rows


def literal(value: Any) -> str:
    """A cell's text with control characters made visible (\\x1b), never acted on."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():  # (C speed) no control character: nearly every cell
        return text
    return re.sub(_CONTROL, lambda m: f"\\x{ord(m.group()):02x}", text)


def _one_line(value: Any) -> str:
    return literal(value).replace("\t", " ").replace("\n", " ").replace("\r", " ")


def _compact(item: Any) -> bytes:
    """An item as compact JSON in UTF-8: a record read from the store (kzqa.store.Stored)
    as it was stored, so that a large listing is not serialised again."""
    stored = getattr(item, "json", None)
    if stored is not None:
        return stored  # type: ignore[no-any-return]
    import json

    return json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode()


def json_array(rows: Sequence[Any], end: bytes = b"") -> bytes:
    """A JSON array with one record a line, in UTF-8, then `end`; no C1 escapes (see dumps_json)."""
    if not rows:
        return b"[]" + end
    # One join of every piece, separators included: each `+` on the whole would copy it again.
    pieces = [b"[\n"]
    for item in rows:
        pieces += (_compact(item), b",\n")
    pieces[-1] = b"\n]" + end
    return b"".join(pieces)


def _escape_c1(text: str) -> str:
    return re.sub(_C1, lambda m: f"\\u{ord(m.group()):04x}", text)


def dumps_json(payload: Any) -> str:
    """A JSON array with one record a line (an object: indented), non-ASCII text kept
    readable and C1 control characters escaped too.

    One record a line rather than json's indent=2: indenting switches json to its
    pure-Python encoder, some 20 times slower on a large export."""
    if isinstance(payload, list):
        text = json_array(payload).decode()
    else:
        import json

        text = json.dumps(payload, ensure_ascii=False, indent=2)
    # C1 controls are valid in JSON strings but act on a terminal: escape them there.
    return _escape_c1(text) if sys.stdout.isatty() else text


def write_utf8(data: bytes) -> None:
    """Write text given as UTF-8 bytes to stdout: straight to its binary buffer when the
    text layer would write the same bytes (UTF-8, no newline translation, not a terminal,
    where C1 controls are escaped), so that megabytes of stored JSON are neither decoded
    nor encoded again on the way out."""
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    encoding = (getattr(out, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    if buffer is not None and encoding == "utf8" and os.linesep == "\n" and not out.isatty():
        out.flush()  # what the text layer holds goes first
        buffer.write(data)
        return
    text = data.decode()
    out.write(_escape_c1(text) if out.isatty() else text)


def choose_format(requested: str | None, stream: TextIO | None = None) -> str:
    """The format asked for, else a table on a terminal and TSV in a pipe."""
    if requested:
        return requested
    stream = stream or sys.stdout
    return "table" if stream.isatty() else "tsv"


# -- rows as flat fields: the one rule CSV, TSV, --fields and --sort share ------------------
def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A row's fields under dotted names: an object's fields join its name with a dot
    (`amount.value`), at any depth; every other value, lists included, stays whole.

    {"id": "x", "amount": {"value": 5, "currency": "USD"}, "sectors": ["energy"]} ->
    {"id": "x", "amount.value": 5, "amount.currency": "USD", "sectors": ["energy"]}"""
    out: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.update(flatten(value, name + "."))
        else:
            out[name] = value
    return out


def field_names(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The flat field names of all rows, in the order first seen. A name that is an object
    in some rows and null in others is given by its dotted fields only."""
    return _flat_names([flatten(row) for row in rows])


def _flat_names(flat: Sequence[dict[str, Any]]) -> list[str]:
    names: dict[str, None] = {}
    for cells in flat:
        names.update(dict.fromkeys(cells))
    parents = {name.rsplit(".", i)[0] for name in names for i in range(1, name.count(".") + 1)}
    return [name for name in names if name not in parents]


def pick(row: dict[str, Any], dotted: str) -> Any:
    """The value under a dotted name (None when missing)."""
    value: Any = row
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def raw_cell(value: Any) -> str:
    """A raw value as CSV and TSV write it: text as it is (control characters made
    visible, as everywhere), numbers, true/false, lists and objects as JSON writes them,
    null as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return literal(value)
    return dumps_json_line(value)  # valid JSON: control characters \u-escaped, never shown raw


def _known_fields(rows: Sequence[dict[str, Any]]) -> list[str]:
    names = field_names(rows)
    prefixes = {name.rsplit(".", i)[0] for name in names for i in range(1, name.count(".") + 1)}
    return [*names, *sorted(prefixes - set(names))]


def check_field(name: str, rows: Sequence[dict[str, Any]], option: str) -> None:
    """Raise QueryError unless `name` is a field of the rows (nothing to check without rows)."""
    from kzqa.errors import QueryError

    if not rows:
        return
    known = _known_fields(rows)
    if name not in known:
        import difflib

        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise QueryError(f"{option}: {name!r} is not a field{hint} (fields: {', '.join(field_names(rows))})")


def sorted_positions(rows: Sequence[dict[str, Any]], spec: str) -> list[int]:
    """Row positions ordered by one field's raw value ("-field": descending). Dates (EDTF)
    sort as dates, numbers as numbers, anything else as text; rows without the field last."""
    descending = spec.startswith("-")
    name = spec[1:] if descending else spec
    check_field(name, rows, "--sort")
    values = [pick(row, name) for row in rows]
    present = [i for i, v in enumerate(values) if v is not None]
    kinds = {type(values[i]) for i in present}
    if kinds & {dict, list}:
        from kzqa.errors import QueryError

        inner = sorted({f"{name}.{k}" for i in present if isinstance(values[i], dict) for k in values[i]})
        raise QueryError(f"--sort: {name!r} holds " + (f"several fields; sort by one of: {', '.join(inner)}"
                                                       if inner else "a list, which has no order"))
    key: Any
    if kinds <= {int, float}:
        key = lambda i: values[i]  # noqa: E731
    elif kinds == {str} and all(_is_date(values[i]) for i in present):
        from kzqa.dates import sort_key

        undated = sort_key(None)[0]  # "../..": placed nowhere, so with the rows that have no date
        keys = {i: sort_key(values[i]) for i in present}
        present = [i for i in present if keys[i][0] != undated]
        key = keys.__getitem__
    else:
        key = lambda i: raw_cell(values[i]).casefold()  # noqa: E731
    chosen = set(present)
    return sorted(present, key=key, reverse=descending) + [i for i in range(len(rows)) if i not in chosen]


def _is_date(text: str) -> bool:
    from kzqa.dates import EdtfError, parse_edtf

    if not text or (not text[0].isdigit() and not text.startswith("..")):
        return False
    try:
        parse_edtf(text)
    except EdtfError:
        return False
    return True


def _project(row: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """Only the named fields of a row, nested as in the row (`amount.value` keeps
    {"amount": {"value": ...}}); a field the row lacks is null."""
    out: dict[str, Any] = {}
    for name in fields:
        *parents, last = name.split(".")
        target = out
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = pick(row, name)
    return out


def emit(fmt: str, payload: list[dict[str, Any]] | dict[str, Any], table: Table,
         empty: str = "no results") -> int:
    """Write the result in `fmt`; return the exit code (0 results, 1 nothing found).

    JSON and NDJSON write the rows; CSV and TSV write the same rows as flat fields
    (`flatten`), one column per field; the table and Markdown show `table`, the view for
    people. With `fmt` an Output, its --sort, --limit and --fields apply here, to the rows
    and to the table rows that stand beside them (same count, same order)."""
    out = sys.stdout
    rows = payload if isinstance(payload, list) else [payload]
    fields: tuple[str, ...] = ()
    if isinstance(fmt, Output) and isinstance(payload, list):
        for name in fmt.fields:
            check_field(name, rows, "--fields")
        if fmt.sort or fmt.limit:  # (the table's rows are built only when needed)
            positions = sorted_positions(rows, fmt.sort) if fmt.sort else list(range(len(rows)))
            if fmt.limit:  # 0: no limit, as search's --limit 0 always meant
                positions = positions[:fmt.limit]
            if len(table.rows) == len(rows):
                table = Table(table.columns, [table.rows[p] for p in positions], table.title, table.footer,
                              table.wide, table.terse, table.keep, table.drop)
            rows = [rows[p] for p in positions]
        fields = fmt.fields
        if fields:
            rows = [_project(row, fields) for row in rows]
            flat = field_names(rows)
            table = Table(flat, [[_display(pick(row, name)) for name in flat] for row in rows], table.title)
        payload = rows
    empty_result = not payload
    if fmt == "json":
        if isinstance(payload, list):
            write_utf8(json_array(payload, b"\n"))
        else:
            out.write(dumps_json(payload) + "\n")
    elif fmt == "nl":
        out.write("".join(dumps_json_line(item) + "\n" for item in rows))
    elif fmt in ("csv", "tsv"):
        flat_rows = [flatten(row) for row in rows]
        names = _flat_names(flat_rows)
        lines = [names, *([raw_cell(cells.get(n)) for n in names] for cells in flat_rows)] if rows else []
        if fmt == "csv":
            import csv

            csv.writer(out, lineterminator="\n").writerows(lines)
        else:
            out.write("".join("\t".join(_one_line(c) for c in line) + "\n" for line in lines))
    elif fmt == "md":
        if not empty_result:
            out.write(markdown_table(table))
    else:
        if not empty_result:
            print_table(table)
    if empty_result:
        if fmt not in ("json", "nl"):
            sys.stderr.write(f"kzqa: {empty}\n")
        return 1
    return 0


def _display(value: Any) -> str:
    """A raw value in a table for people: lists of text joined with commas."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    return raw_cell(value) if not isinstance(value, str) else value


def dumps_json_line(item: Any) -> str:
    return _escape_c1(_compact(item).decode())


def _md_cell(value: Any) -> str:
    text = _one_line(value).replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def markdown_table(table: Table) -> str:
    """The table alone, as a GitHub-flavoured Markdown table (no title: it pastes anywhere)."""
    lines = []
    lines.append("| " + " | ".join(_md_cell(c) for c in table.columns) + " |")
    lines.append("|" + "|".join("---" for _ in table.columns) + "|")
    for row in [*table.rows, *table.footer]:
        lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


def console(stderr: bool = False) -> Any:
    """A Rich console that never interprets markup or emoji codes in data."""
    from rich.console import Console

    # --no-color and NO_COLOR mean no escape codes at all (Rich alone would keep bold).
    plain = SETTINGS.no_color or bool(os.environ.get("NO_COLOR"))
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False,
                   color_system=None if plain else "auto")


_CELL_STYLES = {"disputed": "yellow", "inferred": "cyan", "contradicted": "bold red", "supported": "green"}


def _min_width(header: str, cells: list[str]) -> tuple[int, bool]:
    """(the narrowest a column may be, whether it wraps). A column whose cells hold no
    space (ids, statuses, verdicts, numbers, EDTF dates) never wraps, so it is as wide as
    its widest cell; other columns wrap at spaces, down to their longest word. Headers are
    never split. Widths count terminal cells (a CJK character is two)."""
    from rich.cells import cell_len

    texts = [c for c in cells if c]
    if not any(" " in c or "\n" in c for c in texts):
        return max([cell_len(header), *(cell_len(c) for c in texts)]), False
    longest = max((cell_len(word) for c in texts for word in c.split()), default=0)
    return max(cell_len(header), longest), True


def fit_columns(table: Table, width: int) -> list[int] | None:
    """The positions of the columns that fit `width`, or None when even the kept ones do
    not (the rows are then stacked as blocks).

    Columns are dropped one at a time until the table fits, in this order: those named in
    `table.drop`, in that order, then the others, the one that needs most width first; never
    those in `table.keep` (the id and the main value) or `table.wide` (the main text)."""
    header = list(table.columns)
    cells = [[literal(row[i]) if i < len(row) else "" for row in [*table.rows, *table.footer]]
             for i in range(len(header))]
    mins = [_min_width(h, c)[0] for h, c in zip(header, cells, strict=True)]
    shown = [i for i, name in enumerate(header) if name not in table.terse]
    order = [header.index(name) for name in table.drop if name in header]
    order += sorted((i for i in shown if i not in order), key=lambda i: (-mins[i], -i))
    order = [i for i in order if header[i] not in table.keep and i in shown]

    def needed(columns: list[int]) -> int:  # cells, one space of padding each side, n + 1 rules
        return sum(mins[i] for i in columns) + 3 * len(columns) + 1

    for i in order:
        if needed(shown) <= width:
            break
        shown.remove(i)
    return shown if needed(shown) <= width else None


def _share_width(columns: list[tuple[int, int, bool]], available: int) -> list[int]:
    """Each column's width from (minimum, natural, wide) and the cells available: every
    column gets its minimum; the spare goes first to the narrow columns, up to their natural
    width, least growth first, then to the wide ones in equal shares."""
    widths = [minimum for minimum, _natural, _wide in columns]
    spare = available - sum(widths)
    for i in sorted((i for i, c in enumerate(columns) if not c[2]), key=lambda i: columns[i][1] - columns[i][0]):
        grow = min(columns[i][1] - widths[i], max(spare, 0))
        widths[i] += grow
        spare -= grow
    wide = [i for i, c in enumerate(columns) if c[2]]
    while spare > 0 and wide:
        share = max(spare // len(wide), 1)
        for i in list(wide):
            grow = min(share, columns[i][1] - widths[i], spare)
            widths[i] += grow
            spare -= grow
            if widths[i] >= columns[i][1]:
                wide.remove(i)
    return widths


def print_table(table: Table) -> None:
    """Draw the table with rich.table at the terminal's width.

    Ids and other one-word cells are never broken, text wraps at spaces, headers are never
    split; where not every column fits, columns are dropped (fit_columns) and, where even
    the id and the main value do not fit, each row is printed as a block of `header: value`
    lines."""
    from rich.cells import cell_len
    from rich.table import Table as RichTable
    from rich.text import Text

    con = console()
    shown = fit_columns(table, con.width)
    if shown is None:
        _print_blocks(table, con)
        return
    rich_table = RichTable(title=Text(literal(table.title), style="italic") if table.title else None,
                           title_justify="left", header_style="bold", expand=False)
    columns = []
    for i in shown:
        name = table.columns[i]
        cells = [literal(row[i]) if i < len(row) else "" for row in [*table.rows, *table.footer]]
        minimum, wraps = _min_width(name, cells)
        natural = max([minimum, *(cell_len(line) for c in cells for line in c.split("\n"))])
        columns.append((name, minimum, natural, wraps))
    widths = _share_width([(m, n, name in table.wide) for name, m, n, _ in columns],
                          con.width - 3 * len(columns) - 1)
    for (name, _m, _n, wraps), width in zip(columns, widths, strict=True):
        rich_table.add_column(Text(literal(name)), width=width, no_wrap=not wraps, overflow="fold")
    for row in table.rows:
        rich_table.add_row(*(Text(literal(row[i]), style=_CELL_STYLES.get(literal(row[i]), ""))
                             for i in shown))
    if table.footer:
        rich_table.add_section()
        for row in table.footer:
            rich_table.add_row(*(Text(literal(row[i]) if i < len(row) else "", style="bold") for i in shown))
    con.print(rich_table, soft_wrap=False)


def _print_blocks(table: Table, con: Any) -> None:
    """Each row as a block: the first kept column in bold, then `header: value` lines."""
    from rich.text import Text

    if table.title:
        con.print(Text(literal(table.title), style="italic"))
    for row in [*table.rows, *table.footer]:
        pairs = [(name, literal(row[i])) for i, name in enumerate(table.columns)
                 if i < len(row) and name not in table.terse and literal(row[i])]
        if not pairs:
            continue
        # the id whole on its line, even when longer than the terminal: it is what people copy
        con.print(Text(pairs[0][1], style="bold"), soft_wrap=True)
        for name, value in pairs[1:]:
            _print_labelled(con, name, value)
        con.print()


def _print_labelled(con: Any, label: str, value: str, indent: int = 2) -> None:
    """`label: value`, the value's continuation lines indented under its first line (under
    the label, a little in, when the label takes more than half the width)."""
    from rich.cells import cell_len
    from rich.text import Text

    head = Text(" " * indent + f"{label}: ", style="bold")
    hang = cell_len(head.plain)
    if hang > con.width // 2:
        con.print(Text(" " * indent + f"{label}:", style="bold"))
        head, hang = Text(" " * (indent + 2)), indent + 2
    lines = Text(value, style=_CELL_STYLES.get(value, "")).wrap(con, max(con.width - hang, 10))
    for n, line in enumerate(lines):
        line.rstrip()
        con.print(Text.assemble(head if n == 0 else " " * hang, line), soft_wrap=True)


def print_record(sections: list[tuple[str, list[tuple[str, Any]]]], fmt: str) -> None:
    """One record in full, as labelled sections (for `show` in table and text form)."""
    if fmt == "table":
        from rich.text import Text

        con = console()
        for heading, items in sections:
            con.print(Text(literal(heading), style="bold underline"))
            for label, value in items:
                _print_labelled(con, literal(label), literal(value))
        return
    for heading, items in sections:
        sys.stdout.write(f"{_one_line(heading)}\n")
        for label, value in items:
            sys.stdout.write(f"  {_one_line(label)}\t{_one_line(value)}\n")
