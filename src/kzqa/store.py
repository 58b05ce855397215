"""The record store: the validated records in one SQLite database, with B-tree and FTS5 indexes.

Every command reads its records through a `Store`. The database is a cache of the fact
files, kept in the user cache folder and correct above all:
- keyed on the kzqa and Python versions, the code that shapes it, the facts folders and
  every fact file's path, size, modification and change times and inode, so an edit is
  seen on the next call, even one that restores the old modification time (`touch -r`,
  `cp -p`, `rsync -t`: the change time only the kernel sets);
- never written while a fact file is younger than two seconds (git's "racy clean" rule:
  a second edit within the clock's granularity could keep the same size and times);
- built in a temporary file and renamed into place, so parallel cold starts each write a
  whole database and a reader never sees half of one;
- anything unreadable (corrupt, old, missing, read-only folder) is rebuilt, and when it
  cannot be written the same schema is built in memory: one code path either way.
The facts folders themselves are only ever read.

Data flows one way: the store calls the loader to validate the files, and the queries
(`kzqa.queries`) read the store; the store never imports the queries.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
from binascii import crc32  # the same CRC as zlib's, from a module built into Python
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from kzqa import KINDS as KINDS  # re-exported: the commands list kinds from here
from kzqa import __version__

Record = dict[str, Any]
_RACY_NS = 2_000_000_000
SCHEMA_VERSION = 4  # bump when the tables below change shape

# The one tokenizer of every full-text index: Porter stemming over unicode61 with
# diacritics removed (FTS5's built-ins; Python's sqlite3 cannot register other tokenizers).
TOKENIZER = "porter unicode61 remove_diacritics 2"
# The full-text columns, and their BM25 weights (title matters most, a quote least).
FTS_COLUMNS = ("title", "names", "topics", "body", "quotes")
FTS_WEIGHTS = (10.0, 4.0, 4.0, 2.0, 1.0)

# Fields holding entity ids, and the fields that name other records.
ENTITY_REF_FIELDS = ("actors", "places", "countries", "parties", "signed_place", "signatories",
                     "location", "partners", "country")
MILESTONES = {
    "agreement": (("signed", "signed"), ("ratified", "ratification.date"), ("in force", "in_force"),
                  ("ended", "ended")),
    "project": (("announced", "announced"), ("committed", "committed"), ("started", "started"),
                ("completed", "completed")),
}


def bundled_facts() -> Path:
    """The records shipped with kzqa (inside the wheel; the top-level facts/ in a checkout)."""
    here = Path(__file__).resolve().parent
    inside = here / "facts"
    return inside if inside.is_dir() else here.parent.parent / "facts"


def cache_dir() -> Path:
    """KZQA_CACHE_DIR, else the platform's user cache folder (~/.cache/kzqa on Linux)."""
    env = os.environ.get("KZQA_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform.startswith("linux"):
        # What platformdirs answers on Linux (XDG), without its ~3 ms import on every call.
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        return Path(base if base else Path.home() / ".cache") / "kzqa"
    import platformdirs

    return Path(platformdirs.user_cache_dir("kzqa", appauthor=False))


FileStat = tuple[str, int, int, int, int]  # path, size, mtime and ctime in ns, inode


def _walk(folder: str, out: list[FileStat]) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):  # as the loader's rglob: no loops, same files
                _walk(entry.path, out)
            elif entry.name.endswith(".toml") and entry.is_file():
                st = entry.stat()
                out.append((entry.path, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))


def file_stats(dirs: list[Path]) -> list[FileStat]:
    """(path, size, mtime in ns, ctime in ns, inode) of every fact file, sorted; a missing
    folder raises LoadError."""
    from kzqa.errors import LoadError, Problem

    missing = [d for d in dirs if not d.is_dir()]
    if missing:
        raise LoadError([Problem(str(d), None, "", "", "facts folder not found") for d in missing])
    stats: list[FileStat] = []
    for folder in dirs:
        try:
            _walk(str(folder.resolve()), stats)
        except OSError as exc:  # unreadable folder, or a file gone while listing
            raise LoadError([Problem(str(exc.filename or folder), None, "", "",
                                     f"cannot read: {exc.strerror or exc}")]) from None
    stats.sort()
    return stats


# The modules whose code shapes what is stored: their times join the key, so that an
# upgrade (or a developer's edit) without a version bump still rebuilds the database.
_CODE = ("store.py", "loader.py", "models.py", "dates.py", "text.py")


def cache_key(dirs: list[Path], stats: list[FileStat]) -> str:
    """The string a cached database must carry to be used for these folders and files."""
    here = os.path.dirname(__file__)
    code = [os.stat(os.path.join(here, name)).st_mtime_ns for name in _CODE]
    return repr((__version__, SCHEMA_VERSION, sys.version_info[:3], sqlite3.sqlite_version, code,
                 [str(d) for d in dirs], stats))


def cache_file(dirs: list[Path]) -> Path:
    """Where the database of these facts folders lives (one file per set of folders)."""
    name = f"{crc32(repr([str(d) for d in dirs]).encode()):08x}"
    return cache_dir() / f"records-{name}.sqlite"


# -- building -----------------------------------------------------------------------------
_SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- One row per record; n is also the full-text rowid. json is the record as `--json` writes it.
CREATE TABLE records(
    n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, title TEXT NOT NULL,
    json TEXT NOT NULL, type TEXT, status TEXT, measure TEXT, period TEXT,
    sort_lower INTEGER, sort_rank INTEGER, sort_upper INTEGER,
    amount REAL, currency TEXT, basis TEXT, standing TEXT NOT NULL);
CREATE INDEX records_kind ON records(kind, id);
-- in date order, so a kind's listing is read in order rather than sorted with its JSON
CREATE INDEX records_kind_date ON records(kind, sort_lower, sort_rank, sort_upper, id);
CREATE INDEX records_measure ON records(measure, sort_lower, sort_rank, sort_upper, id) WHERE measure IS NOT NULL;
-- the entities of one type (the countries) without reading every entity
CREATE INDEX records_type ON records(kind, type, id);
-- What a record names: entities (role = the field), related records, sources, amended agreements.
CREATE TABLE links(n INTEGER NOT NULL, ref TEXT NOT NULL, role TEXT NOT NULL);
CREATE INDEX links_ref ON links(ref, role, n);
CREATE INDEX links_n ON links(n);
-- Folded topics and sectors, for the --topic and --sector filters.
CREATE TABLE labels(n INTEGER NOT NULL, label TEXT NOT NULL);
CREATE INDEX labels_label ON labels(label, n);
-- Folded names of records: rank 0 an entity's name, 1 its alias or form, 2 another record's
-- title, 3 its alias, 4 an id.
CREATE TABLE names(key TEXT NOT NULL, n INTEGER NOT NULL, rank INTEGER NOT NULL);
CREATE INDEX names_key ON names(key, rank, n);
-- a record's names, from the record (the names of the countries)
CREATE INDEX names_n ON names(n);
-- The distinct words of the entities' folded names by entity type, the first words of
-- those names (where a run of a sentence's words can start a name), and each entity's
-- forms as written (a JSON list): what the checker reads whole at the start of a run,
-- without joining every entity's names or reading every country's JSON.
CREATE TABLE type_words(type TEXT NOT NULL, word TEXT NOT NULL, PRIMARY KEY (type, word)) WITHOUT ROWID;
CREATE TABLE name_starts(word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE forms(n INTEGER PRIMARY KEY, forms TEXT NOT NULL);
-- Every dated happening, pos in timeline order. lower/upper: the widest bounds (an open or
-- unknown end is infinite); span_lower/span_upper: the known bounds, for overlap.
CREATE TABLE milestones(
    pos INTEGER PRIMARY KEY, n INTEGER NOT NULL, kind TEXT NOT NULL, milestone TEXT NOT NULL,
    type TEXT, date TEXT NOT NULL, lower INTEGER NOT NULL, upper INTEGER NOT NULL,
    span_lower INTEGER NOT NULL, span_upper INTEGER NOT NULL, row TEXT NOT NULL);
CREATE INDEX milestones_n ON milestones(n);
CREATE VIRTUAL TABLE fts USING fts5({", ".join(FTS_COLUMNS)}, tokenize='{TOKENIZER}');
CREATE VIRTUAL TABLE fts_rows USING fts5vocab(fts, 'row');
-- fts_rows' counts kept as a table: fts5vocab counts a stem's records by walking its whole
-- list of rows at every look-up, and the checker looks up hundreds of stems a run.
CREATE TABLE stem_docs(term TEXT PRIMARY KEY, doc INTEGER NOT NULL) WITHOUT ROWID;
"""

@lru_cache(maxsize=1)
def _encoder() -> Callable[[Any], str]:
    # json is imported when a record is first encoded or decoded: a listing written as
    # the stored JSON needs neither, and the module costs a millisecond to import.
    import json

    return json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


# What a query selects for a record's JSON, so that stored() receives it as UTF-8 bytes:
# the sqlite3 module then neither decodes the text nor the output layer encodes it again
# (a listing of 3 MB is written to stdout's buffer as it was read).
JSON_BYTES = "CAST(json AS BLOB)"


class Stored(dict):  # type: ignore[type-arg]
    """A record read from the store, carrying the JSON it was read from (`json`, UTF-8
    bytes), so that the output layer writes it as it is; it is decoded only when something
    reads it (a 3 MB listing written as JSON is never decoded). Changing it drops that JSON."""

    __slots__ = ("_loaded", "json")

    def __init__(self, data: bytes):
        super().__init__()
        self.json: bytes | None = data
        self._loaded = False

    def _load(self) -> None:
        if not self._loaded:
            import json

            self._loaded = True
            super().update(json.loads(self.json or b"{}"))

    def __getitem__(self, key: str) -> Any:
        self._load()
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._load()
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._load()
        return super().__contains__(key)

    def __iter__(self) -> Any:
        self._load()
        return super().__iter__()

    def __len__(self) -> int:
        self._load()
        return super().__len__()

    def keys(self) -> Any:
        self._load()
        return super().keys()

    def values(self) -> Any:
        self._load()
        return super().values()

    def items(self) -> Any:
        self._load()
        return super().items()

    def __eq__(self, other: object) -> bool:
        self._load()
        if isinstance(other, Stored):
            other._load()
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None

    def __repr__(self) -> str:
        self._load()
        return super().__repr__()

    def copy(self) -> dict[str, Any]:
        self._load()
        return dict(super().items())

    def __setitem__(self, key: str, value: Any) -> None:
        self._load()
        self.json = None
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self._load()
        self.json = None
        super().__delitem__(key)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._load()
        self.json = None
        super().update(*args, **kwargs)

    def pop(self, *args: Any) -> Any:
        self._load()
        self.json = None
        return super().pop(*args)

    def setdefault(self, key: str, default: Any = None) -> Any:
        self._load()
        if key not in self:
            self.json = None
        return super().setdefault(key, default)


def stored(rows: Iterable[tuple[bytes]]) -> list[Record]:
    """The records of (json,) rows, the JSON selected as bytes (JSON_BYTES), as Stored records."""
    return [Stored(data) for (data,) in rows]


def record_json(record: Record) -> str:
    """A record as compact JSON: the exact text `--json` and `--nl` write for it."""
    return _encoder()(record)


def standing(record: Record) -> str:
    """'disputed', 'inferred' or '' (a disputed record is disputed even if also inferred)."""
    return "disputed" if record.get("disputed") else "inferred" if record.get("inferred") else ""


def dotted(record: Record, path: str) -> Any:
    """The value at a dotted path ('ratification.date'), or None."""
    value: Any = record
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def refs_of(record: Record, fields: Iterable[str] = ENTITY_REF_FIELDS) -> list[str]:
    """The ids a record's fields name, sorted and without repeats."""
    out: set[str] = set()
    for f in fields:
        value = record.get(f)
        if isinstance(value, list):
            out.update(value)
        elif isinstance(value, str):
            out.add(value)
    return sorted(out)


def _main_date(record: Record) -> str | None:
    kind = record["kind"]
    if kind == "event":
        return record.get("date")
    if kind == "agreement":
        return record.get("signed")
    if kind == "project":
        return record.get("committed") or record.get("announced") or record.get("started")
    if kind == "figure":
        return record.get("period")
    return record.get("date") if kind == "source" else None


def byline(authors: list[str], outlet: str | None) -> str:
    """Who a source is by, as a writer attributes it ("according to Ahmad et al.", "Dawn
    reported"): its authors and its outlet's name, "; "-joined. The outlet's name ends
    before its gloss ("London Post, republished by DND (..., Pakistan)" is by "London
    Post"), whose words say where, not who."""
    import re

    return " ; ".join([*authors, re.split(r"[,(]", outlet or "")[0].strip()])


def _dated(record: Record) -> list[tuple[str, str]]:
    """(what, EDTF date) for every date a record gives: an event's (its type), an agreement's
    or a project's milestones (MILESTONES), a figure's period, a source's date."""
    kind = record["kind"]
    if kind in MILESTONES:
        steps = [(name, dotted(record, path)) for name, path in MILESTONES[kind]]
    else:
        field = {"event": "date", "figure": "period", "source": "date"}.get(kind)
        steps = [(record["type"] if kind == "event" else field, record.get(field))] if field else []
    return [(what, date) for what, date in steps if date]


def _rows(records: list[Record]) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    """(table, rows) to insert for the records, in load order."""
    import json

    from kzqa.dates import date_words, parse_edtf, sort_key
    from kzqa.text import fold

    entities = {r["id"]: r for r in records if r["kind"] == "entity"}
    spellings = {eid: [e["name"], *e.get("aliases", []), *e.get("forms", [])] for eid, e in entities.items()}
    # Who a source is by, searched with the quotes of every record that cites it
    bylines = {r["id"]: byline(r.get("authors", []), r.get("outlet")) for r in records if r["kind"] == "source"}
    rec_rows, links, labels, names, fts, dated = [], [], [], [], [], []
    type_names: set[tuple[str, str]] = set()
    forms = []
    for n, rec in enumerate(records, 1):
        kind = rec["kind"]
        title = rec.get("title") or rec.get("name") or rec["id"]
        main = _main_date(rec)
        key = sort_key(main)
        amount = rec.get("amount") or {}
        rec_rows.append((n, rec["id"], kind, title, record_json(rec), rec.get("type"), rec.get("status"),
                         rec.get("measure"), rec.get("period"), *key,
                         amount.get("value", rec.get("value")), amount.get("currency", rec.get("unit")),
                         amount.get("basis", rec.get("basis")), standing(rec)))
        entity_refs = refs_of(rec)
        for field in ENTITY_REF_FIELDS:
            value = rec.get(field)
            for ref in value if isinstance(value, list) else [value] if value else []:
                links.append((n, ref, field))
        links += [(n, ref, "related") for ref in rec.get("related", [])]
        links += [(n, ref, "source") for ref in sorted({c["source"] for c in rec.get("citations", [])})]
        if rec.get("amends"):
            links.append((n, rec["amends"], "amends"))
        links += [(n, r["organisation"], "role") for r in rec.get("roles", []) if r.get("organisation")]
        labels += [(n, label) for label in sorted({fold(t) for t in [*rec.get("topics", []), *rec.get("sectors", [])]})]
        own = [rec.get("name") or rec.get("title")] if rec.get("name") or rec.get("title") else []
        aliases = [*rec.get("aliases", []), *rec.get("forms", [])]
        base = 0 if kind == "entity" else 2
        seen: set[str] = set()
        for rank, spelling in [*((base, s) for s in own), *((base + 1, s) for s in aliases), (4, rec["id"])]:
            folded = fold(spelling)
            if folded and folded not in seen:
                seen.add(folded)
                names.append((folded, n, rank))
                if kind == "entity" and rec.get("type"):
                    type_names.add((rec["type"], folded))
        if kind == "entity" and "forms" in rec:
            forms.append((n, json.dumps(rec["forms"], ensure_ascii=False)))
        # The entities it names, a person's or body's role organisations among them (the
        # ambassador's record answers "Qatari ambassador").
        roles = [r["organisation"] for r in rec.get("roles", []) if r.get("organisation")]
        named = [s for ref in dict.fromkeys([*entity_refs, *roles]) if ref != rec["id"]
                 for s in spellings.get(ref, [])]
        if kind == "source":  # a source is known by who wrote it ("Ahmad et al.", "Dawn")
            named.append(bylines[rec["id"]])
        topics = [*rec.get("topics", []), *rec.get("sectors", []), kind, rec.get("type") or "",
                  (rec.get("measure") or "").replace("-", " "), rec.get("unit") or "", rec.get("status") or ""]
        body = [rec.get(k) or "" for k in ("summary", "note", "disputed", "inferred", "outlet")]
        body += [r["title"] for r in rec.get("roles", [])] + rec.get("authors", [])
        # its dates as writers type them ("agreements signed in October 2022")
        dates = _dated(rec)
        body.append(" ".join(dict.fromkeys(w for _what, d in dates for w in date_words(d))))
        citations = rec.get("citations", [])
        quotes = [c["quote"] for c in citations]
        cited = dict.fromkeys(c["source"] for c in citations)
        fts.append((n, " ; ".join([title, *aliases]), " ; ".join(named), " ; ".join(t for t in topics if t),
                    " ; ".join(b for b in body if b), " ; ".join([*quotes, *(bylines.get(s, "") for s in cited)])))
        if kind in ("event", "agreement", "project"):
            countries = refs_of(rec, ("countries", "parties"))
            for milestone, date in dates:
                parsed = parse_edtf(date)
                row = {"date": date, "when": parsed.show(), "kind": kind, "milestone": milestone,
                       "id": rec["id"], "title": title, "countries": countries, "standing": standing(rec)}
                dated.append((parsed.sort_key(), rec["id"], n, kind, milestone, rec.get("type"), date,
                              parsed.lower, parsed.upper, *parsed.span(), record_json(row)))
    dated.sort(key=lambda d: (d[0], d[1]))
    yield "records", rec_rows
    yield "links", links
    yield "labels", labels
    yield "names", names
    yield "type_words", sorted({(kind, word) for kind, key in type_names for word in key.split()})
    yield "name_starts", [(word,) for word in sorted({key.split()[0] for _type, key in type_names})]
    yield "forms", forms
    yield "fts", fts
    yield "milestones", [(pos, *d[2:]) for pos, d in enumerate(dated)]


def build(conn: sqlite3.Connection, records: list[Record], key: str) -> None:
    """Create the schema in an empty database and fill it with the records."""
    conn.executescript(_SCHEMA)
    with conn:
        for table, rows in _rows(records):
            if not rows:
                continue
            names = f"(rowid, {', '.join(FTS_COLUMNS)})" if table == "fts" else ""
            conn.executemany(f"INSERT INTO {table}{names} VALUES ({','.join('?' * len(rows[0]))})", rows)
        conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        conn.execute("INSERT INTO stem_docs SELECT term, doc FROM fts_rows")
        conn.execute("INSERT INTO meta VALUES ('key', ?)", (key,))
        conn.execute("INSERT INTO meta VALUES ('count', ?)", (str(len(records)),))
    conn.execute("ANALYZE")
    with conn:
        conn.execute("INSERT INTO meta VALUES ('objects', ?)", (str(_objects(conn)),))


def _objects(conn: sqlite3.Connection) -> int:
    """How many tables and indexes the database holds: a cheap check that none was lost."""
    return int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])


# -- the store ----------------------------------------------------------------------------
class Store:
    """The validated record set of some facts folders, in SQLite.

    `conn` is open for the queries (kzqa.queries), which run SQL against the tables in
    `_SCHEMA`. `path` is the cache file in use, or None when the database is in memory
    (`use_cache=False`, a fact file changed within two seconds, or an unwritable cache).
    Raises LoadError (from the loader) when the fact files are invalid.
    """

    def __init__(self, dirs: list[Path], use_cache: bool = True):
        self.dirs = dirs
        self.memo: dict[str, Any] = {}  # per-process values the queries derive, built once
        stats = file_stats(dirs)
        self.key = cache_key(dirs, stats)
        newest = max((s[2] for s in stats), default=0)
        racy = time.time_ns() - newest < _RACY_NS
        self.path: Path | None = None
        conn = self._open_cached() if use_cache else None
        if conn is None:
            conn = self._build(write=use_cache and not racy)
        self.conn = conn

    def _open_cached(self) -> sqlite3.Connection | None:
        try:
            path = cache_file(self.dirs)
            conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        except (OSError, ValueError, sqlite3.Error):
            return None
        try:
            row = conn.execute("SELECT (SELECT value FROM meta WHERE key = 'key'), "
                               "(SELECT value FROM meta WHERE key = 'objects')").fetchone()
            whole = row[1] == str(_objects(conn))
        except sqlite3.Error:  # missing, empty, corrupt or of another schema
            row, whole = None, False
        if row is None or row[0] != self.key or not whole:
            conn.close()
            return None
        self.path = path
        return conn

    def _build(self, write: bool) -> sqlite3.Connection:
        from kzqa.loader import load_records

        records = load_records(self.dirs)
        if write:
            with contextlib.suppress(OSError, sqlite3.Error, ValueError):
                return self._write(records)
        conn = sqlite3.connect(":memory:")
        build(conn, records, self.key)
        return conn

    def _write(self, records: list[Record]) -> sqlite3.Connection:
        path = cache_file(self.dirs)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            with contextlib.closing(sqlite3.connect(tmp)) as conn:
                conn.execute("PRAGMA journal_mode = OFF")
                conn.execute("PRAGMA synchronous = OFF")
                build(conn, records, self.key)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
        remove_old_files(path.parent)
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        self.path = path
        return conn

    # -- plain access, for the commands that need whole records -------------------------
    def get(self, rid: str) -> Record | None:
        """The record with this id, or None."""
        import json

        row = self.conn.execute("SELECT json FROM records WHERE id = ?", (rid,)).fetchone()
        return json.loads(row[0]) if row else None

    def kind(self, name: str) -> list[Record]:
        """Every record of a kind, in load order."""
        return stored(self.conn.execute(f"SELECT {JSON_BYTES} FROM records WHERE kind = ? ORDER BY n", (name,)))

    def all(self) -> list[Record]:
        """Every record, in load order (the fact files' order)."""
        return stored(self.conn.execute(f"SELECT {JSON_BYTES} FROM records ORDER BY n"))

    def ids(self) -> dict[str, str]:
        """Every id and its kind."""
        return dict(self.conn.execute("SELECT id, kind FROM records ORDER BY id").fetchall())

    def count(self) -> int:
        return int(self.conn.execute("SELECT value FROM meta WHERE key = 'count'").fetchone()[0])




def clear_cache(folder: Path) -> tuple[int, list[tuple[Path, str]]]:
    """Delete every database, shard and temporary file kzqa keeps in the cache folder, and
    the check engine's compiled patterns (kzqa.kept): (the number of files removed, each
    file that could not be removed with the reason, as the OS gives it)."""
    removed, kept_back = 0, []
    for path in [*folder.glob("records-*.sqlite*"), *folder.glob("*.marshal"), *folder.glob("*.tmp"),
                 *folder.glob("check-startup.kept")]:
        try:
            path.unlink()
        except FileNotFoundError:  # another kzqa removed or replaced it meanwhile
            continue
        except OSError as exc:
            kept_back.append((path, exc.strerror or str(exc)))
            continue
        removed += 1
    return removed, kept_back


def remove_old_files(folder: Path) -> list[Path]:
    """Delete what earlier kzqa versions left in the cache folder: marshal shards and
    stale temporary files. Returns what was removed."""
    removed = []
    for old in [*folder.glob("*.marshal"), *folder.glob("*.marshal.*.tmp")]:
        with contextlib.suppress(OSError):
            old.unlink()
            removed.append(old)
    for tmp in folder.glob("records-*.sqlite.*.tmp"):
        with contextlib.suppress(OSError, ValueError):
            if time.time() - tmp.stat().st_mtime > 600:  # a build in progress is younger
                tmp.unlink()
                removed.append(tmp)
    return removed


def peek_index(dirs: list[Path]) -> dict[str, list[str]]:
    """Record ids and measure keys for shell completion, without validating anything:
    from the cached database when it is fresh, else by scanning the files' `id =` lines."""
    stats: list[FileStat] = []
    try:
        stats = file_stats(dirs)
        path = cache_file(dirs)
        with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'key'").fetchone()
            if row and row[0] == cache_key(dirs, stats):
                ids = [i for (i,) in conn.execute("SELECT id FROM records ORDER BY id")]
                measures = [m for (m,) in conn.execute(
                    "SELECT DISTINCT measure FROM records WHERE measure IS NOT NULL ORDER BY measure")]
                return {"ids": ids, "measures": measures}
    except Exception:  # completion must never fail loudly
        pass
    import re

    ids_found: set[str] = set()
    measures_found: set[str] = set()
    for path_text, *_times in stats:
        try:
            text = Path(path_text).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        ids_found.update(re.findall(r'(?m)^\s*id\s*=\s*"([a-z0-9-]+)"', text))
        measures_found.update(re.findall(r'(?m)^\s*measure\s*=\s*"([a-z0-9-]+)"', text))
    return {"ids": sorted(ids_found), "measures": sorted(measures_found)}
