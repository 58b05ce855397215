"""Write the records into a SQLite database for sqlite3, sqlite-utils and Datasette.

`kzqa export --sqlite FILE` calls `write_database()`: records in, one database file and its
Datasette `metadata.json` out. The tables, columns and keys are described in
docs/sqlite-export.md; the column lists below are the single place they are defined, and
the descriptions here also go into the metadata that Datasette shows.

Python's own `sqlite3` only: the full-text tables are written in exactly the form
`sqlite_utils.Database(...)[table].enable_fts(columns, tokenize=...)` creates, so that
sqlite-utils' and Datasette's `detect_fts()` find them without either being installed here.
"""

from __future__ import annotations

import html
import json
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from kzqa import __version__
from kzqa.dates import parse_edtf
from kzqa.errors import QueryError

Record = dict[str, Any]

# The tokenizer every full-text table uses: the built-in Porter stemmer over unicode61, with
# diacritics folded (2 also folds them in letters unicode61 version 1 missed). Python's
# sqlite3 cannot register other tokenizers.
TOKENIZE = "porter unicode61 remove_diacritics 2"

METADATA_SUFFIX = ".metadata.json"


class Column(NamedTuple):
    """One column of an exported table: its SQL type, how a record fills it, what it means."""

    name: str
    type: str  # TEXT, INTEGER or NUMERIC (NUMERIC keeps 3000 an integer and 2.5 a real)
    value: Callable[[Record], Any]
    doc: str
    references: str | None = None  # "table(column)" for a FOREIGN KEY


def _field(*path: str) -> Callable[[Record], Any]:
    def get(record: Record) -> Any:
        value: Any = record
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        return value
    return get


# ensure_ascii=False: Cyrillic and Kazakh aliases stay readable and reach the tokenizer.
_encode = json.JSONEncoder(ensure_ascii=False).encode  # made once: json.dumps(**kw) makes one a call


def _json(name: str) -> Callable[[Record], str]:
    return lambda record: _encode(record.get(name) or [])


def text(name: str, doc: str, references: str | None = None, path: Sequence[str] = ()) -> list[Column]:
    return [Column(name, "TEXT", _field(*(path or (name,))), doc, references)]


def json_list(name: str, doc: str) -> list[Column]:
    return [Column(name, "TEXT", _json(name), f"{doc} (a JSON array)")]


def number(name: str, doc: str, path: Sequence[str] = ()) -> list[Column]:
    return [Column(name, "NUMERIC", _field(*(path or (name,))), doc)]


def date(name: str, doc: str, path: Sequence[str] = ()) -> list[Column]:
    """An EDTF date as written, and the ISO days of its widest bounds as sortable columns."""
    get = _field(*(path or (name,)))
    return [
        Column(name, "TEXT", get, f"{doc} (EDTF, as written)"),
        Column(f"{name}_lower", "TEXT", lambda r: edtf_bounds(get(r))[0],
               f"first day {name} can be (ISO YYYY-MM-DD; NULL for no date or an open start)"),
        Column(f"{name}_upper", "TEXT", lambda r: edtf_bounds(get(r))[1],
               f"last day {name} can be (ISO YYYY-MM-DD; NULL for no date or an open end)"),
    ]


def _standing(record: Record) -> str:
    return "disputed" if record.get("disputed") else "inferred" if record.get("inferred") else ""


FACT_COLUMNS = [
    *json_list("topics", "topic words"),
    *json_list("related", "ids of related records"),
    *text("note", "anything a reader should know"),
    *text("disputed", "why the fact is doubtful or contradicted"),
    *text("inferred", "how a value was worked out from context"),
    Column("standing", "TEXT", _standing,
           "disputed, inferred or '' (neither): how far the sources bear the record out"),
]
ID = text("id", "the record's unique id (a slug)")
ENTITY = "entities(id)"


class Table(NamedTuple):
    """One table per record kind, and which of its columns the full-text index covers."""

    kind: str
    name: str
    description: str
    columns: list[Column]
    fts: tuple[str, ...]


TABLES = [
    Table("source", "sources", "The documents every citation comes from, with the details to credit them.", [
        *ID,
        *text("title", "the title (in square brackets in a citation when supplied_title is 1)"),
        *text("type", "news, analysis, article, interview, op-ed, report or reference"),
        *json_list("authors", "the authors"),
        *text("outlet", "publisher or journal"),
        *date("date", "publication date"),
        *text("url", "where it was published"),
        Column("supplied_title", "INTEGER", lambda r: int(bool(r.get("supplied_title"))),
               "1 when the title is the curators' own, not the source's"),
        *text("note", "what is known or doubtful about the source"),
    ], ("title", "authors", "outlet", "note")),
    Table("entity", "entities", "People, organisations, places and countries the records name.", [
        *ID,
        *text("name", "the usual English name"),
        *text("type", "person, organisation, place or country"),
        *json_list("aliases", "other spellings: Kazakh and Russian forms, abbreviations, former names"),
        *json_list("forms", "word forms a stemmer cannot reach: demonyms, inflected forms"),
        *text("country", "the country of a place or organisation", ENTITY),
        *json_list("roles", "for people: objects of title, organisation, from, to, note"),
        *text("summary", "who or what it is"),
        *FACT_COLUMNS,
    ], ("name", "aliases", "forms", "summary", "note", "topics")),
    Table("event", "events", "Visits, meetings, forums, openings and other dated events.", [
        *ID,
        *text("title", "what happened, in a few words"),
        *date("date", "when it happened"),
        *text("type", "visit, meeting, forum, award, opening, crisis, establishment, statement, election or other"),
        *text("summary", "what happened, in one or two sentences"),
        *json_list("actors", "entity ids of the people and organisations"),
        *json_list("places", "entity ids of the places"),
        *json_list("countries", "entity ids of the countries involved"),
        *FACT_COLUMNS,
    ], ("title", "summary", "note", "topics")),
    Table("agreement", "agreements", "Treaties, agreements, memoranda, protocols, roadmaps and other instruments.", [
        *ID,
        *text("title", "the title"),
        *text("type", "treaty, agreement, memorandum, protocol, action-plan, roadmap, programme, "
                      "declaration, law, decree or other"),
        *text("status", "proposed, under-negotiation, signed, ratified, in-force, ended or unknown"),
        *json_list("aliases", "other names for it"),
        *text("summary", "what it is about"),
        *json_list("parties", "entity ids of the parties"),
        *date("signed", "when it was signed"),
        *text("signed_place", "where it was signed", ENTITY),
        *json_list("signatories", "entity ids of the signatories"),
        *text("ratification_act", "the ratifying act", path=("ratification", "act")),
        *text("ratification_number", "the number of the ratifying act", path=("ratification", "number")),
        *date("ratification_date", "when it was ratified", path=("ratification", "date")),
        *date("in_force", "entry into force"),
        *date("ended", "when it ended"),
        *json_list("sectors", "sectors"),
        *text("amends", "the agreement it amends", "agreements(id)"),
        *FACT_COLUMNS,
    ], ("title", "aliases", "summary", "note", "topics")),
    Table("project", "projects", "Investment and cooperation projects, with amounts where the sources give them.", [
        *ID,
        *text("title", "the title"),
        *text("status", "idea, proposed, under-negotiation, planned, funded, under-construction, completed or unknown"),
        *json_list("sectors", "sectors"),
        *text("summary", "what it is"),
        *json_list("location", "entity ids of where it is"),
        *json_list("partners", "entity ids of the partners"),
        *date("announced", "when it was announced"),
        *date("committed", "when money was committed"),
        *date("started", "when work started"),
        *date("completed", "when it was completed"),
        *number("amount_value", "the amount, a plain number in amount_currency", path=("amount", "value")),
        *text("amount_currency", "ISO 4217 currency code of the amount", path=("amount", "currency")),
        *text("amount_qualifier", "exact, approximately, more-than, at-least, up-to or less-than",
              path=("amount", "qualifier")),
        *text("amount_basis", "planned, committed or spent (planned money is never spent money)",
              path=("amount", "basis")),
        *FACT_COLUMNS,
    ], ("title", "summary", "note", "topics")),
    Table("figure", "figures", "Numbers the sources give: visitors, flights, trade, rankings...", [
        *ID,
        *text("title", "what the number is, in words"),
        *text("measure", "groups comparable figures; all figures of one measure share a unit"),
        *number("value", "the number, in unit"),
        *text("unit", "an ISO 4217 code for money, else people, flights/week, tonnes, percent..."),
        *date("period", "the time the number is for"),
        *text("qualifier", "exact, approximately, more-than, at-least, up-to or less-than"),
        *text("basis", "actual, target, estimate or plan"),
        *json_list("countries", "entity ids of the countries it is about"),
        *FACT_COLUMNS,
    ], ("title", "note", "topics")),
]

# Fields that hold entity ids, for the record_entities link table (the loader checks that
# each names an entity). The role is the field's name.
ENTITY_FIELDS = {
    "entity": ("country",),
    "event": ("actors", "places", "countries"),
    "agreement": ("parties", "signed_place", "signatories"),
    "project": ("location", "partners"),
    "figure": ("countries",),
}

LINK_TABLES = """
CREATE TABLE "records" (
    "id" TEXT PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL
);
CREATE TABLE "citations" (
    "id" INTEGER PRIMARY KEY,
    "record_id" TEXT NOT NULL REFERENCES "records"("id"),
    "record_kind" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "source_id" TEXT NOT NULL REFERENCES "sources"("id"),
    "quote" TEXT NOT NULL,
    "locator" TEXT NOT NULL,
    UNIQUE ("record_id", "position")
);
CREATE TABLE "record_entities" (
    "record_id" TEXT NOT NULL REFERENCES "records"("id"),
    "record_kind" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL REFERENCES "entities"("id"),
    PRIMARY KEY ("record_id", "role", "entity_id")
);
CREATE TABLE "related" (
    "record_id" TEXT NOT NULL REFERENCES "records"("id"),
    "related_id" TEXT NOT NULL REFERENCES "records"("id"),
    PRIMARY KEY ("record_id", "related_id")
);
"""
LINK_INDEXES = """
CREATE INDEX "idx_records_kind" ON "records" ("kind");
CREATE INDEX "idx_citations_source_id" ON "citations" ("source_id");
CREATE INDEX "idx_record_entities_entity_id" ON "record_entities" ("entity_id");
CREATE INDEX "idx_related_related_id" ON "related" ("related_id");
"""
LINK_DESCRIPTIONS = {
    "records": ("Every record of every kind by id, so that one foreign key can point at any of them.",
                {"id": "the record's id", "kind": "source, entity, event, agreement, project or figure",
                 "title": "its title, or an entity's name"}),
    "citations": ("The verbatim quotes that state each fact, and where in the source they are.",
                  {"id": "a row number", "record_id": "the record the quote bears out",
                   "record_kind": "that record's kind",
                   "position": "1 for the record's first citation, 2 for the next...",
                   "source_id": "the source quoted", "quote": "the source's words (... marks an elision)",
                   "locator": "where in the source: section, table, paragraph"}),
    "record_entities": ("Which entities each record names, and in which field.",
                        {"record_id": "the record", "record_kind": "its kind",
                         "role": "the field that names the entity: actors, places, countries, parties, "
                                 "signed_place, signatories, location, partners, country, organisation",
                         "entity_id": "the entity"}),
    "related": ("Links between records (each record's related field).",
                {"record_id": "the record", "related_id": "a record it links to"}),
}
CITATIONS_FTS = ("quote",)


@lru_cache(maxsize=4096)  # the same date strings recur across records and columns
def edtf_bounds(value: str | None) -> tuple[str | None, str | None]:
    """The first and last day an EDTF date can be, as ISO `YYYY-MM-DD` strings.

    The widest bounds of `kzqa.dates.parse_edtf`: `2022-10` -> ('2022-10-01', '2022-10-31'),
    a season spans its months (`2024-24` -> 2024-12-01..2025-02-28), `199X` its decade;
    `~` and `?` widen nothing. An open or unknown interval end (`../2022`, `2019/`) gives None
    on that side, as does no date. Raises kzqa.dates.EdtfError for a string that is no date
    (the loader has rejected those already).
    """
    if not value:
        return None, None
    parsed = parse_edtf(value)
    return (_iso(parsed.start.lower) if parsed.start else None,
            _iso(parsed.end.upper) if parsed.end else None)


def _iso(ordinal: int) -> str:
    """The proleptic Gregorian day of a kzqa.dates ordinal (days counted from 0000-03-01),
    as ISO `YYYY-MM-DD` (the inverse of its _ordinal: Howard Hinnant's civil_from_days)."""
    era = ordinal // 146097
    doe = ordinal - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (month <= 2)
    sign = "-" if year < 0 else ""
    return f"{sign}{abs(year):04d}-{month:02d}-{day:02d}"


def metadata_path(path: Path) -> Path:
    """Where the Datasette metadata of a database goes: beside it, `kzqa.db.metadata.json`."""
    return path.with_name(path.name + METADATA_SUFFIX)


class Summary(NamedTuple):
    """What `write_database` wrote: the two paths and the rows per table."""

    database: Path
    metadata: Path
    rows: dict[str, int]


def write_database(records: Iterable[Record], path: Path | str, *, replace: bool = False) -> Summary:
    """Write `records` (plain dicts with a `kind`, as `kzqa export --json` prints them) into a
    new SQLite database at `path`, and its Datasette metadata beside it (`metadata_path`).

    Both are written to temporary files in the target folder and renamed into place, so a
    reader never sees half a database. Raises kzqa.errors.QueryError (exit status 2) when
    `path` is empty or "-", names a folder (or ends in a separator), its folder is missing
    or not writable, `path` or its metadata file exists and `replace` is false (like
    sqlite-utils' `insert`, nothing is overwritten without `--replace`), or either exists
    and is not a regular file (a device, a pipe, a symbolic link: --replace would put a
    file in its place).
    """
    text_path = str(path)
    if not text_path.strip() or text_path == "-":
        raise QueryError("--sqlite: give a file name; a database cannot be written to stdout"
                         if text_path == "-" else "--sqlite: give a file name")
    path = Path(path)
    if text_path.endswith(("/", os.sep)) or path.name in ("", ".", ".."):
        raise QueryError(f"--sqlite: {text_path} names a folder; give a file name, such as {path / 'kzqa.db'}")
    meta = metadata_path(path)
    for target in (path, meta):
        if target.is_dir():
            raise QueryError(f"--sqlite: {target} is a folder; give a file name, such as {target / 'kzqa.db'}")
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise QueryError(f"--sqlite: {target} is not a regular file; give the name of a new or a plain file")
    if not replace:
        for target in (path, meta):
            if target.exists():
                raise QueryError(f"--sqlite: {target} exists; add --replace to overwrite it")
    if not path.parent.is_dir():
        why = "is not a folder" if path.parent.exists() else "does not exist"
        raise QueryError(f"--sqlite: cannot write {path}: {path.parent} {why}")
    by_kind: dict[str, list[Record]] = {t.kind: [] for t in TABLES}
    for record in records:
        by_kind[record["kind"]].append(record)
    for same_kind in by_kind.values():  # in id order: the same file whatever the files' order
        same_kind.sort(key=lambda r: r["id"])
    db_tmp = _new_temp(path)
    meta_tmp: Path | None = None
    try:
        rows = _build(db_tmp, by_kind)
        meta_tmp = _new_temp(meta)
        text = json.dumps(datasette_metadata(by_kind["source"], path.stem, rows), indent=2, ensure_ascii=False)
        meta_tmp.write_text(text + "\n", encoding="utf-8")
        os.replace(meta_tmp, meta)
        os.replace(db_tmp, path)
    except OSError as exc:
        raise QueryError(f"--sqlite: cannot write {path}: {exc.strerror or exc}") from None
    finally:
        for tmp in (db_tmp, meta_tmp):
            if tmp is not None:
                tmp.unlink(missing_ok=True)
    return Summary(path, meta, rows)


def _new_temp(target: Path) -> Path:
    """An empty new file beside `target`, created with the umask's usual permissions
    (mkstemp's 0600 would keep others from reading a database meant to be shared)."""
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except OSError as exc:
        raise QueryError(f"--sqlite: cannot write {target}: {exc.strerror or exc}") from None
    return tmp


def _build(file: Path, by_kind: dict[str, list[Record]]) -> dict[str, int]:
    conn = sqlite3.connect(file)
    try:
        # A temporary file renamed into place when done: no journal is needed for safety.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        with conn:
            conn.executescript(_tables_sql())
            _insert(conn, by_kind)
            conn.executescript(_indexes_sql())
            for table in TABLES:
                _populate_fts(conn, table.name, table.fts)
            _populate_fts(conn, "citations", CITATIONS_FTS)
        bad = conn.execute("PRAGMA foreign_key_check").fetchall()
        if bad:  # the loader checks every reference, so this means a bug here
            raise RuntimeError(f"export broke its foreign keys: {bad[:5]}")
        names = [t.name for t in TABLES] + list(LINK_DESCRIPTIONS)
        rows = {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
        # No VACUUM: it may renumber the rowids of tables with a TEXT key, which the
        # full-text tables point at.
    finally:
        conn.close()
    return rows


def schema_sql() -> str:
    """The CREATE statements of the whole export: tables, indexes and full-text tables."""
    return "\n".join([_tables_sql(), _indexes_sql()])


def _tables_sql() -> str:
    parts = [LINK_TABLES]
    for table in TABLES:
        cols = []
        for col in table.columns:
            decl = f'    "{col.name}" {col.type}'
            if col.name == "id":
                decl += " PRIMARY KEY"
            elif col.references:
                ref_table, ref_col = col.references.rstrip(")").split("(")
                decl += f' REFERENCES "{ref_table}"("{ref_col}")'
            cols.append(decl)
        parts.append(f'CREATE TABLE "{table.name}" (\n' + ",\n".join(cols) + "\n);")
    parts += [fts_sql(t.name, t.fts) + ";" for t in TABLES]
    parts.append(fts_sql("citations", CITATIONS_FTS) + ";")
    return "\n".join(parts)


def _indexes_sql() -> str:
    """Indexes on the foreign keys and the lower date bounds (made after the rows: faster)."""
    parts = [LINK_INDEXES]
    for table in TABLES:
        for col in table.columns:
            if col.references or col.name.endswith("_lower"):
                parts.append(f'CREATE INDEX "idx_{table.name}_{col.name}" ON "{table.name}" ("{col.name}");')
    return "\n".join(parts)


def fts_sql(table: str, columns: Sequence[str]) -> str:
    """The full-text table of `table`, as sqlite-utils' `enable_fts(columns, tokenize=TOKENIZE)`
    writes it (sqlite_utils/db.py, Table.enable_fts), so that its detect_fts() and Datasette's
    find it: `<table>_fts`, FTS5, `content="<table>"` (its rowids are the table's)."""
    cols = ", ".join(f'"{c}"' for c in columns)
    return (f'CREATE VIRTUAL TABLE "{table}_fts" USING FTS5 (\n'
            f"    {cols},\n"
            f"    tokenize='{TOKENIZE}',\n"
            f'    content="{table}"\n'
            ")")


def _populate_fts(conn: sqlite3.Connection, table: str, columns: Sequence[str]) -> None:
    cols = ", ".join(f'"{c}"' for c in columns)
    conn.execute(f'INSERT INTO "{table}_fts" (rowid, {cols}) SELECT rowid, {cols} FROM "{table}"')


def _insert(conn: sqlite3.Connection, by_kind: dict[str, list[Record]]) -> None:
    conn.executemany('INSERT INTO "records" VALUES (?, ?, ?)',
                     ((r["id"], t.kind, r.get("title") or r.get("name") or "")
                      for t in TABLES for r in by_kind[t.kind]))
    for table in TABLES:
        cols = table.columns
        marks = ", ".join("?" for _ in cols)
        conn.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})',
                         (tuple(c.value(r) for c in cols) for r in by_kind[table.kind]))
    facts = [r for t in TABLES if t.kind != "source" for r in by_kind[t.kind]]
    conn.executemany('INSERT INTO "citations" (record_id, record_kind, position, source_id, quote, locator) '
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     ((r["id"], r["kind"], n, c["source"], c["quote"], c["locator"])
                      for r in facts for n, c in enumerate(r.get("citations", []), 1)))
    conn.executemany('INSERT OR IGNORE INTO "record_entities" VALUES (?, ?, ?, ?)',
                     ((r["id"], r["kind"], role, ref) for r in facts for role, ref in _entity_refs(r)))
    conn.executemany('INSERT OR IGNORE INTO "related" VALUES (?, ?)',
                     ((r["id"], ref) for r in facts for ref in r.get("related", [])))


def _entity_refs(record: Record) -> Iterable[tuple[str, str]]:
    for field in ENTITY_FIELDS.get(record["kind"], ()):
        value = record.get(field)
        for ref in [value] if isinstance(value, str) else value or []:
            yield field, ref
    for role in record.get("roles", []):
        if role.get("organisation"):
            yield "organisation", role["organisation"]


def datasette_metadata(sources: list[Record], database: str, rows: dict[str, int]) -> dict[str, Any]:
    """Datasette metadata (https://docs.datasette.io/en/stable/metadata.html) for the export:
    a title, a description of every table and column, and a credit for every source with
    the note that publishing the database republishes their words.

    `database` is the name Datasette gives the file (its stem: `kzqa.db` -> `kzqa`);
    `rows` the row count per table, for the description.
    """
    credits = "".join(f"<li>{html.escape(source_credit(s))}{_link(s.get('url'))}</li>"
                      for s in sorted(sources, key=lambda s: s["id"]))
    counts = ", ".join(f"{rows[t.name]:,} {t.name}" for t in TABLES)
    attribution = ("Every quote in this database is the verbatim wording of the source it cites, "
                   "and belongs to its authors and publishers. Publishing this database republishes "
                   "their words: credit the sources below, and keep to what fair use, fair dealing "
                   "or their licences allow.")
    description = (f"<p>Cited records about relations between Kazakhstan and Qatar, exported by kzqa "
                   f"{html.escape(__version__)}: {counts}, and {rows['citations']:,} citations. "
                   "Every record cites a source's own words: see the citations table.</p>"
                   f"<p>{html.escape(attribution)}</p><p>Sources:</p><ul>{credits}</ul>")
    tables: dict[str, Any] = {}
    for table in TABLES:
        tables[table.name] = {"description": table.description,
                              "columns": {c.name: c.doc for c in table.columns}}
    for name, (desc, columns) in LINK_DESCRIPTIONS.items():
        tables[name] = {"description": desc, "columns": columns}
    tables["sources"]["description"] += " " + attribution
    tables["citations"]["description"] += " " + attribution
    return {
        "title": "kzqa: Kazakhstan–Qatar relations, cited records",
        "description_html": description,
        "license": "Quotes: © their authors and publishers (see the sources table)",
        "source": "kzqa fact records",
        "databases": {database: {"title": "Kazakhstan–Qatar relations", "description_html": description,
                                 "tables": tables}},
    }


def source_credit(source: Record) -> str:
    """A one-line credit: `Authors, "Title", Outlet, date.` (the parts the record has)."""
    title = f"[{source['title']}]" if source.get("supplied_title") else f"“{source['title']}”"
    parts = [", ".join(source.get("authors") or []), title, source.get("outlet") or "", source.get("date") or ""]
    return ", ".join(p for p in parts if p) + "."


def _link(url: str | None) -> str:
    if not url:
        return ""
    safe = html.escape(url, quote=True)
    return f' <a href="{safe}">{safe}</a>' if url.startswith(("http://", "https://")) else f" {safe}"
