"""The queries: plain functions from the record store (and options) to rows.

Every filter, sort and search runs as SQL in the store's database (kzqa.store), so a
query reads the rows it returns and little else, whatever the number of records. No
printing and no Typer here: each function returns data that the output layer shows.
Bad option values raise QueryError, which the CLI turns into exit status 2.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from kzqa.dates import UNKNOWN, EdtfError, parse_edtf, show_edtf
from kzqa.errors import QueryError
from kzqa.store import ENTITY_REF_FIELDS, FTS_COLUMNS, FTS_WEIGHTS, JSON_BYTES, Record, Store
from kzqa.store import standing as standing  # re-exported for the commands
from kzqa.text import fold
from kzqa.vocab import AGREEMENT_STATUSES, PROJECT_STATUSES

QUALIFIER_WORDS = {"exact": "", "approximately": "about", "more-than": "more than",
                   "at-least": "at least", "up-to": "up to", "less-than": "less than"}
_SUFFIXES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6,
             "b": 1e9, "bn": 1e9, "billion": 1e9, "t": 1e12, "tn": 1e12, "trillion": 1e12}
_CURRENCY_WORDS = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "tenge": "KZT",
                   "kzt": "KZT", "₸": "KZT", "qar": "QAR", "riyals": "QAR", "€": "EUR", "eur": "EUR"}
_AMOUNT_PATTERN = (
    r"^\s*(?P<pre>[A-Za-z$€₸]{1,3}\$?)?\s*(?P<num>\d[\d,_]*(?:\.\d+)?(?:e\d+)?)\s*"
    r"(?P<suf>[A-Za-z]+)?\s*(?P<post>[A-Za-z₸]+)?\s*$")


# -- shared helpers ---------------------------------------------------------------------
def number(value: float | int | None) -> str:
    """A number with thousands separators and no spurious '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def amount_text(value: float | int, unit: str, qualifier: str = "exact") -> str:
    words_ = QUALIFIER_WORDS.get(qualifier, "")
    body = f"{unit} {number(value)}" if re.fullmatch(r"[A-Z]{3}", unit) else f"{number(value)} {unit}"
    return f"{words_} {body}".strip()


def parse_amount(text: str) -> tuple[float, str | None]:
    """'500m' -> (5e8, None); 'USD 2.5bn' -> (2.5e9, 'USD'); '1e9' -> (1e9, None)."""
    m = re.match(_AMOUNT_PATTERN, text, re.IGNORECASE)
    if not m:
        raise QueryError(f"{text!r} is not an amount (for example 500m, 2.5bn, 1e9, USD 2.5bn)")
    value = float(m["num"].replace(",", "").replace("_", ""))
    from kzqa.currencies import ISO_4217

    currency = None
    for part in (m["pre"], m["post"]):
        if part:
            code = _CURRENCY_WORDS.get(part.lower()) or (part.upper() if len(part) == 3 else None)
            if code is None or code not in ISO_4217:
                raise QueryError(f"{text!r}: unknown currency {part!r} (use an ISO 4217 code such as USD, KZT, QAR)")
            currency = code
    if m["suf"]:
        suffix = m["suf"].lower()
        if suffix in _SUFFIXES:
            value *= _SUFFIXES[suffix]
        elif len(suffix) == 3 and currency is None and _CURRENCY_WORDS.get(suffix, suffix.upper()) in ISO_4217:
            currency = _CURRENCY_WORDS.get(suffix, suffix.upper())
        else:
            raise QueryError(f"{text!r}: unknown multiplier {m['suf']!r} (k, m, bn, tn)")
    return value, currency


def parse_bound(text: str, option: str) -> tuple[int, int]:
    """An EDTF date or year given on the command line, as its (lower, upper) day bounds."""
    try:
        parsed = parse_edtf(text)
    except EdtfError as exc:
        raise QueryError(f"{option}: {exc}; give a year (2022) or an EDTF date (2022-10, 2022-10-12)") from None
    return parsed.lower, parsed.upper


def _marks(values: Iterable[Any]) -> str:
    return ",".join("?" for _ in values)


def _loads(rows: Iterable[tuple[bytes]]) -> list[Record]:
    from kzqa.store import stored

    return stored(rows)


# -- entities ------------------------------------------------------------------------------
class EntityIndex:
    """Resolve what a user types (an id, a name, an alias or form, in any script) to entity ids."""

    def __init__(self, store: Store):
        self._store = store
        self._names: dict[str, str] = {}

    @property
    def names(self) -> dict[str, str]:
        """Every entity id and its name (read once, when first needed)."""
        if not self._names:
            self._names = dict(self._store.conn.execute("SELECT id, title FROM records WHERE kind = 'entity'"))
        return self._names

    def resolve(self, term: str, option: str) -> set[str]:
        """The entities a term names: exactly (name, alias, form or id, folded), else those
        whose spelling contains it; QueryError with near matches when none does."""
        key = fold(term)
        conn = self._store.conn
        exact = {i for (i,) in conn.execute(
            "SELECT r.id FROM names JOIN records r USING (n) WHERE names.key = ? AND r.kind = 'entity'", (key,))}
        if exact:
            return exact
        like = key.replace("_", "\\_")  # fold() leaves no other LIKE wildcard
        partial = {i for (i,) in conn.execute(
            "SELECT r.id FROM names JOIN records r USING (n) WHERE r.kind = 'entity' AND names.key LIKE ? ESCAPE '\\'",
            (f"%{like}%",))} if key else set()
        if partial:
            return partial
        import difflib

        # in the order the names were stored: a spelling of several entities hints the last
        spellings = dict(conn.execute("SELECT names.key, r.id FROM names JOIN records r USING (n) "
                                      "WHERE r.kind = 'entity' ORDER BY names.rowid").fetchall())
        close = difflib.get_close_matches(key, list(spellings), n=3)
        hint = f"; did you mean {', '.join(sorted({spellings[k] for k in close}))}?" if close else ""
        raise QueryError(f"{option}: no entity is called {term!r} (give an entity id, name or alias){hint}")

    def show(self, ids: Iterable[str]) -> str:
        """Entity names for ids, joined with commas (an unknown id shows as itself)."""
        names = self.names
        return ", ".join(names.get(i, i) for i in ids)


def entity_index(store: Store) -> EntityIndex:
    """The entity index of this store, made once per process."""
    index = store.memo.get("entity_index")
    if index is None:
        index = store.memo["entity_index"] = EntityIndex(store)
    return index


def _entity_filter(store: Store, terms: Iterable[str], option: str, roles: Iterable[str]) -> tuple[str, list[Any]]:
    """SQL (and its parameters) keeping records whose `roles` fields name any of the entities."""
    wanted = sorted(set().union(*(entity_index(store).resolve(t, option) for t in terms)))
    roles = list(roles)
    return (f"n IN (SELECT n FROM links WHERE ref IN ({_marks(wanted)}) AND role IN ({_marks(roles)}))",
            [*wanted, *roles])


def _label_filter(terms: Iterable[str]) -> tuple[str, list[Any]]:
    labels = sorted({fold(t) for t in terms})
    return f"n IN (SELECT n FROM labels WHERE label IN ({_marks(labels)}))", labels


def _match_all(text: str) -> str | None:
    """An FTS5 query needing every word of `text` (each a stem or a word's beginning)."""
    terms = fold(text).split()
    return " AND ".join(f'"{t}"*' for t in terms) if terms else None


# -- timeline ------------------------------------------------------------------------------
class TimelineFilter:
    """The timeline's filters: date bounds, and any-of sets of countries, actors, topics, kinds.

    `overlapping`: also keep entries whose date only overlaps the range."""

    def __init__(self, start: str | None = None, end: str | None = None, countries: tuple[str, ...] = (),
                 actors: tuple[str, ...] = (), topics: tuple[str, ...] = (), kinds: tuple[str, ...] = (),
                 overlapping: bool = False):
        self.start, self.end, self.countries = start, end, countries
        self.actors, self.topics, self.kinds, self.overlapping = actors, topics, kinds, overlapping


def timeline_rows(store: Store, flt: TimelineFilter) -> list[dict[str, Any]]:
    """The milestones that pass the filters, in date order.

    Range rule: an entry is kept when its whole date lies within --from..--to, taking the
    widest EDTF bounds (a season spans its months, `~` and `?` widen nothing, an open or
    unknown end is never inside); with `overlapping`, also when its known span overlaps."""

    lower = parse_bound(flt.start, "--from")[0] if flt.start is not None else None
    upper = parse_bound(flt.end, "--to")[1] if flt.end is not None else None
    if lower is not None and upper is not None and lower > upper:
        raise QueryError(f"--from {flt.start} is after --to {flt.end}")
    where: list[str] = ["1"]
    params: list[Any] = []
    for terms, option in ((flt.countries, "--country"), (flt.actors, "--actor")):
        if terms:
            sql, args = _entity_filter(store, terms, option, ENTITY_REF_FIELDS)
            where.append(sql)
            params += args
    if flt.topics:
        sql, args = _label_filter(flt.topics)
        where.append(sql)
        params += args
    if flt.kinds:
        kinds = sorted({fold(k) for k in flt.kinds})
        where.append(f"(kind IN ({_marks(kinds)}) OR milestone IN ({_marks(kinds)}) OR type IN ({_marks(kinds)}))")
        params += kinds * 3
    if lower is not None or upper is not None:
        lo = lower if lower is not None else -UNKNOWN
        hi = upper if upper is not None else UNKNOWN
        inside = f"(lower >= ? AND upper <= ? AND lower > {-UNKNOWN} AND upper < {UNKNOWN})"
        if flt.overlapping:
            where.append(f"({inside} OR (span_upper >= ? AND span_lower <= ? AND span_lower != {UNKNOWN}))")
            params += [lo, hi, lo, hi]
        else:
            where.append(inside)
            params += [lo, hi]
    sql = f"SELECT CAST(row AS BLOB) FROM milestones WHERE {' AND '.join(where)} ORDER BY pos"
    return _loads(store.conn.execute(sql, params))


# -- agreements, projects, figures ---------------------------------------------------------
def _normal(value: str) -> str:
    return fold(value).replace(" ", "-")


def _check_status(status: str, accepted: tuple[str, ...]) -> str:
    if _normal(status) not in accepted:
        raise QueryError(f"--status: {status!r} is not a status (one of: {', '.join(accepted)})")
    return _normal(status)


_MAP_BYTES = 1 << 30  # more than any cache file: SQLite maps no more than the file's size


def _list(store: Store, kind: str, where: list[str], params: list[Any], query: str | None,
          order: str, ranked: bool = False) -> list[Record]:
    """Records of a kind passing the filters, in `order`; with a query, every word must
    match, and when `ranked` the best BM25 match comes first."""
    match = _match_all(query) if query else None
    if query and match is None:
        return []
    args: list[Any] = [kind, *params]
    rank = ""
    if match:
        where = [*where, "n IN (SELECT rowid FROM fts WHERE fts MATCH ?)"]
        args.append(match)
    if match and ranked:
        weights = ", ".join(map(str, FTS_WEIGHTS))
        rank = f"(SELECT bm25(fts, {weights}) FROM fts WHERE fts MATCH ? AND rowid = records.n), "
        args.append(match)
    sql = f"SELECT {JSON_BYTES} FROM records WHERE kind = ? AND {' AND '.join(['1', *where])} ORDER BY {rank}{order}"
    # A kind's rows lie among the other kinds' and copies' (one page each for the 2,100
    # agreements at 100 times the records): read through a memory map rather than a read()
    # per page, ~1.5 ms less for that listing. A database in memory ignores it.
    store.conn.execute(f"PRAGMA mmap_size = {_MAP_BYTES}")
    return _loads(store.conn.execute(sql, args))


def agreement_rows(store: Store, query: str | None = None, status: str | None = None,
                   party: str | None = None, sector: str | None = None,
                   year: str | None = None) -> list[Record]:
    """Agreements passing the filters, in order of signing; with a query, best match first."""
    where: list[str] = []
    params: list[Any] = []
    if status:
        where.append("status = ?")
        params.append(_check_status(status, AGREEMENT_STATUSES))
    if party:
        sql, args = _entity_filter(store, [party], "--party", ("parties",))
        where.append(sql)
        params += args
    if sector:
        sql, args = _label_filter([sector])
        where.append(sql)
        params += args
    if year:
        lo, hi = parse_bound(year, "--year")
        where.append("n IN (SELECT n FROM milestones WHERE span_upper >= ? AND span_lower <= ?)")
        params += [lo, hi]
    return _list(store, "agreement", where, params, query, "sort_lower, sort_rank, sort_upper, id", ranked=True)


def project_rows(store: Store, query: str | None = None, sector: str | None = None,
                 status: str | None = None, min_value: str | None = None) -> list[Record]:
    """Projects passing the filters, largest amount first (those without one last)."""
    where: list[str] = []
    params: list[Any] = []
    if status:
        where.append("status = ?")
        params.append(_check_status(status, PROJECT_STATUSES))
    if sector:
        sql, args = _label_filter([sector])
        where.append(sql)
        params += args
    if min_value:
        value, currency = parse_amount(min_value)
        where.append("amount >= ?" + (" AND currency = ?" if currency else ""))
        params += [value, *([currency] if currency else [])]
    return _list(store, "project", where, params, query, "amount IS NULL, -amount, id")


def project_totals(rows: list[Record]) -> list[tuple[str, str, float, int]]:
    """(currency, basis, total, count) over the rows: planned, committed and spent kept apart."""
    totals: dict[tuple[str, str], list[float]] = {}
    for rec in rows:
        amount = rec.get("amount")
        if amount:
            totals.setdefault((amount["currency"], amount["basis"]), []).append(amount["value"])
    return [(cur, basis, sum(vals), len(vals)) for (cur, basis), vals in sorted(totals.items())]


def known_measures(store: Store) -> list[str]:
    """Every figure's measure key, sorted."""
    return [m for (m,) in store.conn.execute(
        "SELECT DISTINCT measure FROM records WHERE measure IS NOT NULL ORDER BY measure")]


def check_measure(store: Store, measure: str) -> None:
    """QueryError, with near matches and every known key, unless the measure exists."""
    if store.conn.execute("SELECT 1 FROM records WHERE measure = ? LIMIT 1", (measure,)).fetchone():
        return
    import difflib

    known = known_measures(store)
    close = difflib.get_close_matches(measure, known, n=3, cutoff=0.4)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise QueryError(f"--measure: unknown measure {measure!r}; {hint}known measures: {', '.join(known)}")


def figures_of(store: Store, measure: str) -> list[Record]:
    """The figures of one measure, in period order."""
    return _loads(store.conn.execute(f"SELECT {JSON_BYTES} FROM records WHERE measure = ? "
                                     "ORDER BY sort_lower, sort_rank, sort_upper, id", (measure,)))


def figure_rows(store: Store, query: str | None = None, measure: str | None = None) -> list[Record]:
    """Figures matching the query and measure, grouped by measure in period order."""
    where: list[str] = []
    params: list[Any] = []
    if measure:
        check_measure(store, measure)
        where.append("measure = ?")
        params.append(measure)
    return _list(store, "figure", where, params, query, "measure, sort_lower, sort_rank, sort_upper, id")


# -- compare -------------------------------------------------------------------------------
def _comparable(record: Record) -> tuple[float, str, str, str | None, str]:
    """(value, unit, qualifier, period, basis) of a figure, or of a project's amount."""
    if record["kind"] == "figure":
        return (record["value"], record["unit"], record["qualifier"], record.get("period"), record["basis"])
    amount = record.get("amount") if record["kind"] == "project" else None
    if not amount:
        article = "an" if record["kind"][0] in "aeiou" else "a"
        raise QueryError(f"{record['id']} is {article} {record['kind']} with no value to compare "
                         "(give figure ids, or projects with an amount)")
    period = record.get("committed") or record.get("announced") or record.get("started")
    return (amount["value"], amount["currency"], amount["qualifier"], period, amount["basis"])


def compare_rows(store: Store, ids: list[str], measure: str | None = None) -> list[dict[str, Any]]:
    """Values side by side in period order, each against the first: difference, ratio, change."""
    from kzqa.dates import sort_key

    if measure:
        check_measure(store, measure)
        chosen = figures_of(store, measure)
    else:
        chosen = []
        for rid in ids:
            rec = store.get(rid)
            if rec is None:
                raise QueryError(f"unknown record id {rid!r}{suggest_ids(store, rid)}")
            chosen.append(rec)
    if len(chosen) < 2 and not measure:
        raise QueryError("compare needs at least two ids, or --measure KEY")
    values = [(rec, *_comparable(rec)) for rec in chosen]
    units = sorted({v[2] for v in values})
    if len(units) > 1:
        listing = ", ".join(f"{v[0]['id']} ({v[2]})" for v in values)
        raise QueryError(f"cannot compare values in different units: {listing}")
    values.sort(key=lambda v: (sort_key(v[4]), v[0]["id"]))
    base = values[0][1]
    targets = [v for v in values if v[5] in ("target", "plan")]
    rows = []
    for rec, value, unit, qualifier, period, basis in values:
        row: dict[str, Any] = {
            "id": rec["id"], "kind": rec["kind"], "title": rec["title"], "period": period,
            "basis": basis, "value": value, "unit": unit, "qualifier": qualifier,
            "difference": value - base, "ratio": (value / base) if base else None,
            "change_percent": ((value - base) / base * 100) if base else None,
            "share_of_target": None, "target": None, "standing": standing(rec),
        }
        if basis in ("actual", "estimate", "spent", "committed") and targets:
            target = min(targets, key=lambda t: (abs(sort_key(t[4])[0] - sort_key(period)[0]), t[0]["id"]))
            if target[1]:
                row["share_of_target"] = value / target[1] * 100
                row["target"] = target[0]["id"]
        rows.append(row)
    return rows


# -- search ----------------------------------------------------------------------------------
def _short(text: str, width: int = 80) -> str:
    """The first clause of a text, cut at a word before `width` characters."""
    import re

    first = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0].rstrip(".;")
    return first if len(first) <= width else first[:width].rsplit(" ", 1)[0] + "…"


def answer(record: Record, names: EntityIndex | None = None) -> str:
    """What a record says, in a few words: a date, a value with its unit and period, a status."""
    kind = record["kind"]
    if kind == "event":
        return f"{show_edtf(record['date'])} ({record['type']})"
    if kind == "agreement":
        steps = [f"{label} {show_edtf(d)}" for label, d in (
            ("signed", record.get("signed")), ("ratified", (record.get("ratification") or {}).get("date")),
            ("in force", record.get("in_force")), ("ended", record.get("ended"))) if d]
        return "; ".join([*steps, f"status {record['status']}"])
    if kind == "project":
        amount = record.get("amount")
        money = f"{amount_text(amount['value'], amount['currency'], amount['qualifier'])} {amount['basis']}; " \
            if amount else ""
        when = next((f"{label} {show_edtf(record[label])}; " for label in ("completed", "started", "committed",
                                                                          "announced") if record.get(label)), "")
        return f"{money}{when}status {record['status']}"
    if kind == "figure":
        period = f" in {show_edtf(record['period'])}" if record.get("period") else ""
        basis = f" ({record['basis']})" if record["basis"] != "actual" else ""
        return f"{amount_text(record['value'], record['unit'], record['qualifier'])}{period}{basis}"
    if kind == "entity":
        roles = "; ".join(_role_text(r) for r in record.get("roles", [])[:2])
        about = roles or _short(record.get("summary") or "")
        return f"{record['type']}: {about}" if about else record["type"]
    # a source
    return ", ".join(str(p) for p in (record.get("outlet"), show_edtf(record.get("date"))) if p) or record["type"]


def term_expr(term: str) -> str:
    """A query word as an FTS5 expression: the word, or any word of its root's group
    (kzqa.text.search_forms: "visited" matches "visitors" too): '"visited" OR "visitor" ...'
    in brackets."""
    from kzqa.text import search_forms

    forms = search_forms().get(term, (term,))
    return f'"{term}"' if len(forms) == 1 else "(" + " OR ".join(f'"{f}"' for f in forms) + ")"


# Past this many counted words (a pasted paragraph) pairs of neighbours are not weighed.
_MAX_PAIRED = 12
# How many words apart two neighbours of the query may stand in a record ("visited
# Kazakhstan" meets "visitors to Kazakhstan"; FTS5's NEAR counts the tokens between).
NEAR_WORDS = 3


def near_expr(first: str, second: str) -> str:
    """Two query words within NEAR_WORDS of each other, in either order, in a record's
    prose (its title, text and quotes: the names and topics columns are lists, where
    nearness means nothing); one of them may be any word of its root's group:
    '{title body quotes} : (NEAR("qatari" "tourists", 3) OR ...)'."""
    from kzqa.text import search_forms

    pairs = dict.fromkeys([*((a, second) for a in search_forms().get(first, (first,))),
                           *((first, b) for b in search_forms().get(second, (second,)))])
    nears = " OR ".join(f'NEAR("{a}" "{b}", {NEAR_WORDS})' for a, b in pairs)
    return f"{{title body quotes}} : ({nears})"


def _role_text(role: Record) -> str:
    """'Emir of Qatar (from 25 Jun 2013)': a role's title with the dates it gives."""
    start, end = role.get("from"), role.get("to")
    when = (f"{show_edtf(start)}–{show_edtf(end)}" if start and end else f"from {show_edtf(start)}" if start
            else f"until {show_edtf(end)}" if end else "")
    return f"{role['title']} ({when})" if when else role["title"]


def query_terms(store: Store, text: str) -> tuple[list[str], list[str]]:
    """(every folded word of the text, the words that count towards 'terms matched').

    Stop words (the Snowball English list, kzqa/data/stopwords-en.txt) and the words that
    frame a question (kzqa.text.question_words: "how many", "on what day", "according to")
    do not count, nor do words found in no record. A query of question words alone counts
    them ("report", "many"); one of stop words alone ("the", "on what") finds only a record
    it names exactly ("US")."""
    from kzqa.text import question_words, stopwords

    terms = list(dict.fromkeys(fold(text).split()))
    found = [t for t in terms if store.conn.execute(
        "SELECT 1 FROM fts WHERE fts MATCH ? LIMIT 1", (term_expr(t),)).fetchone()]
    stop = stopwords()
    meant = [t for t in found if t not in stop]
    return terms, [t for t in meant if t not in question_words()] or meant


_LABELS = {"title": "title", "names": "names", "topics": "topic", "body": "text", "quotes": "quote"}
_NAME_RANKS = {0: "name", 1: "alias", 2: "title", 3: "alias", 4: "id"}


def _matched(store: Store, numbers: list[int], expr: str | None) -> dict[int, list[str]]:
    """For each record number, 'column: words' for every column where the query matched."""
    out: dict[int, list[str]] = {n: [] for n in numbers}
    if not expr or not numbers:
        return out
    import re

    cols = ", ".join(f"highlight(fts, {i}, char(1), char(2))" for i in range(len(FTS_COLUMNS)))
    sql = f"SELECT rowid, {cols} FROM fts WHERE fts MATCH ? AND rowid IN ({_marks(numbers)})"
    for rowid, *texts in store.conn.execute(sql, [expr, *numbers]):
        for column, text in zip(FTS_COLUMNS, texts, strict=True):
            found = list(dict.fromkeys(m.lower() for m in re.findall("\x01([^\x02]*)\x02", text or "")))
            if found:
                out[rowid].append(f"{_LABELS[column]}: {' '.join(found[:4])}")
    return out


# At most this many named records outside the full matches are scored one by one (a query
# each, some 0.2 ms at 100 times the records); past that, scoring every hit is cheaper.
_NAMED_ALONE = 16


def _top_hits(conn: Any, counted: list[str], key: str, kinds: tuple[str, ...], limit: int) -> bool:
    """Fill search_hits and search_bm25 with only the hits that can rank in the first
    `limit`, when that is known without scoring every hit; False (tables left empty) if not.

    Every hit outside the records named by the query and those matching all the counted
    terms ranks after all of them (a higher name rank, or fewer terms), so when those are
    at least `limit`, the rest need no score. For a common word at scale that is the most
    of the work: bm25() over 5,000 hits of "astana" where 400 match "nur astana mosque".
    bm25() of a record matching every phrase is the same under AND as under OR (the same
    phrases in the same order, the same hits in the record, the same document counts), so
    the AND query scores those records as the full query would."""
    every = " AND ".join(term_expr(t) for t in counted)
    conn.execute("INSERT INTO search_hits SELECT rowid, ? FROM fts WHERE fts MATCH ?", (len(counted), every))
    # The kinds are kept afterwards: a rowid condition inside a full-text query would run
    # it once per record, and bm25() would recount every phrase's documents each time.
    in_kinds = f"n IN (SELECT n FROM records WHERE kind IN ({_marks(kinds)}))" if kinds else "1"
    if kinds:
        conn.execute(f"DELETE FROM search_hits WHERE NOT {in_kinds}", kinds)
    named = [n for (n,) in conn.execute(
        f"SELECT DISTINCT n FROM names WHERE key = ? AND n NOT IN (SELECT n FROM search_hits) AND {in_kinds}",
        (key, *kinds))]
    found = conn.execute("SELECT count(*) FROM search_hits").fetchone()[0]
    # counted before any score, so a miss costs little; each named record is scored by a
    # query of its own, so many of them are left to the full search
    if found + len(named) < limit or len(named) > _NAMED_ALONE:
        conn.execute("DELETE FROM search_hits")
        return False
    weights = ", ".join(map(str, FTS_WEIGHTS))
    conn.execute(f"INSERT INTO search_bm25 SELECT rowid, bm25(fts, {weights}) FROM fts WHERE fts MATCH ?", (every,))
    if kinds:
        conn.execute("DELETE FROM search_bm25 WHERE n NOT IN (SELECT n FROM search_hits)")
    # a named record's own terms and score, one record at a time (few: the query's spellings)
    any_expr = " OR ".join(term_expr(t) for t in counted)
    for n in named:
        terms = sum(1 for t in counted if conn.execute(
            "SELECT 1 FROM fts WHERE fts MATCH ? AND rowid = ?", (term_expr(t), n)).fetchone())
        conn.execute("INSERT INTO search_hits VALUES (?, ?)", (n, terms))
        conn.execute(f"INSERT INTO search_bm25 SELECT rowid, bm25(fts, {weights}) FROM fts "
                     "WHERE fts MATCH ? AND rowid = ?", (any_expr, n))
    return True


def search_rows(store: Store, text: str, kinds: tuple[str, ...] = (), limit: int = 20) -> list[dict[str, Any]]:
    """Records ranked for a query; every word optional.

    Order: a record whose name, alias, title or id is exactly the query first (an entity's
    name, then its aliases and forms, then other records' titles and aliases, then ids);
    then the number of query terms matched (see `query_terms`), a phrase match, the number
    of the query's neighbouring words found within NEAR_WORDS of each other, BM25
    (`bm25()` with FTS_WEIGHTS), and kind and id as a fixed tie-break. Ids that start with
    the query match too, and a query written as an id (a slug with a hyphen:
    "ahmad-table2") puts them right after the exact names. Rows: score (minus BM25, higher
    is better; 0 for a name or id match alone, and for words in more than half the records,
    which FTS5's BM25 weighs at nothing), kind, id, title, answer, matched, standing,
    record."""
    import json
    import re

    terms, counted = query_terms(store, text)
    if not terms:
        raise QueryError("search needs at least one word")
    key = fold(text)
    prefix = text.strip().lower()
    hits = [f"SELECT rowid AS n, {i} AS t FROM fts WHERE fts MATCH ?" for i in range(len(counted))]
    params: list[Any] = [term_expr(t) for t in counted]
    hits.append("SELECT n, -1 FROM names WHERE key = ?")
    params.append(key)
    slug = bool(re.fullmatch(r"[a-z0-9][a-z0-9-]{2,}", prefix))
    id_like = slug and "-" in prefix  # written as an id: the ids it begins rank after exact names
    if slug:
        hits.append("SELECT n, -2 FROM records WHERE id >= ? AND id < ?")
        params += [prefix, prefix + "\uffff"]
    any_expr = " OR ".join(term_expr(t) for t in counted) or None
    phrase = f'"{" ".join(terms)}"' if len(terms) > 1 else None
    weights = ", ".join(map(str, FTS_WEIGHTS))
    conn = store.conn
    # The parts meet in temporary tables keyed on the record number, so SQLite joins them
    # through their keys (joins of derived tables run as nested scans) and returns only the
    # rows shown, whatever the number of hits.
    for table, columns in (("search_hits", "n INTEGER PRIMARY KEY, terms INTEGER NOT NULL"),
                           ("search_bm25", "n INTEGER PRIMARY KEY, bm REAL NOT NULL"),
                           ("search_phrase", "n INTEGER PRIMARY KEY"),
                           ("search_prefix", "n INTEGER PRIMARY KEY"),
                           ("search_near", "n INTEGER PRIMARY KEY, pairs INTEGER NOT NULL")):
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table}({columns})")
        conn.execute(f"DELETE FROM {table}")
    kind_filter = f"WHERE n IN (SELECT n FROM records WHERE kind IN ({_marks(kinds)}))" if kinds else ""
    if id_like:
        conn.execute("INSERT INTO search_prefix SELECT n FROM records WHERE id >= ? AND id < ?",
                     (prefix, prefix + "\uffff"))
    # (the shortcut scores only the records matching every word and those named: an id's
    # prefix ranks before them)
    if not (limit and any_expr and not id_like and _top_hits(conn, counted, key, kinds, limit)):
        conn.execute(f"INSERT INTO search_hits WITH h(n, t) AS ({' UNION ALL '.join(hits)}) "
                     f"SELECT n, count(DISTINCT CASE WHEN t >= 0 THEN t END) FROM h {kind_filter} GROUP BY n",
                     [*params, *kinds])
        if any_expr:
            conn.execute(f"INSERT INTO search_bm25 SELECT rowid, bm25(fts, {weights}) FROM fts WHERE fts MATCH ?",
                         (any_expr,))
    if phrase:
        conn.execute("INSERT INTO search_phrase SELECT rowid FROM fts WHERE fts MATCH ?", (phrase,))
    # neighbouring words of the query found near each other: "Qatari tourists ... visited
    # Kazakhstan" tells the Qatari visitors to Kazakhstan from the Kazakhstanis visiting Doha
    pairs = [near_expr(a, b) for a, b in pairwise(counted)] if len(counted) <= _MAX_PAIRED else []
    if pairs:
        conn.execute("INSERT INTO search_near SELECT n, count(*) FROM ("
                     + " UNION ALL ".join("SELECT rowid AS n FROM fts WHERE fts MATCH ?" for _ in pairs)
                     + ") WHERE n IN (SELECT n FROM search_hits) GROUP BY n", pairs)
    # Each hit's sort key in plain ascending columns: the name rank (4.5: an id-like query's
    # id prefix; 5: none), minus the terms matched, no phrase match, minus the pairs near,
    # no BM25, BM25; a record's kind and id break the ties.
    keyed = """
        SELECT h.n AS n, coalesce(nm.rank, CASE WHEN pf.n IS NULL THEN 5 ELSE 4.5 END) AS k1,
               -h.terms AS k2, p.n IS NULL AS k3, -coalesce(nr.pairs, 0) AS k4,
               b.bm IS NULL AS k5, coalesce(b.bm, 0) AS k6, b.bm AS bm, nm.rank AS rank, pf.n IS NOT NULL AS pre
        FROM search_hits h
        LEFT JOIN search_bm25 b ON b.n = h.n
        LEFT JOIN search_phrase p ON p.n = h.n
        LEFT JOIN search_near nr ON nr.n = h.n
        LEFT JOIN search_prefix pf ON pf.n = h.n
        LEFT JOIN (SELECT n, min(rank) AS rank FROM names WHERE key = ? GROUP BY n) nm ON nm.n = h.n"""
    keys = "k1, k2, k3, k4, k5, k6"
    # Reading a hit's kind and id is a seek into the records, some 7 ms for the thousands of
    # hits of a common word at scale; so only the hits that can be shown are read: those
    # whose key is at most the key of the last row shown (ties with it included).
    cut = conn.execute(f"SELECT {keys} FROM ({keyed}) ORDER BY {keys} LIMIT 1 OFFSET ?",
                       [key, limit - 1]).fetchone() if limit else None
    # CROSS JOIN keeps the hits the outer loop: the planner, which knows nothing of the
    # temporary tables' sizes, would otherwise scan every record and look each hit up.
    order = conn.execute(f"""
        SELECT k.n, r.kind, r.id, k.bm, k.rank, k.pre FROM ({keyed}) k CROSS JOIN records r ON r.n = k.n
        {f"WHERE ({keys}) <= (?, ?, ?, ?, ?, ?)" if cut else ""}
        ORDER BY {keys}, r.kind, r.id {"LIMIT ?" if limit else ""}""",
                         [key, *(cut or ()), *([limit] if limit else [])]).fetchall()
    conn.commit()
    # the records' JSON only for the rows shown: sorting all hits with it costs more than all else
    shown = {n: (text, stand) for n, text, stand in conn.execute(
        f"SELECT n, json, standing FROM records WHERE n IN ({_marks(order)})", [r[0] for r in order])}
    rows = [(n, kind, rid, *shown[n], bm, rank, pre) for n, kind, rid, bm, rank, pre in order]
    matched = _matched(store, [r[0] for r in rows], any_expr)
    names = entity_index(store)
    out = []
    for n, kind, rid, text, stand, bm, rank, pre in rows:
        record = json.loads(text)
        title = record.get("title") or record.get("name") or rid
        why = ([_NAME_RANKS[rank]] if rank is not None else ["id prefix"] if pre else []) + matched[n]
        if not why:
            why = ["id"]
        out.append({"score": round(-bm, 3) if bm is not None else 0.0, "kind": kind, "id": rid, "title": title,
                    "answer": answer(record, names), "matched": "; ".join(why), "standing": stand,
                    "record": record})
    return out


# -- show ------------------------------------------------------------------------------------
def suggest_ids(store: Store, rid: str) -> str:
    """'; did you mean: a, b?' for ids close to `rid`, or ''."""
    import difflib

    ids = list(store.ids())
    close = difflib.get_close_matches(rid, ids, n=5, cutoff=0.5)
    close += [i for i in ids if rid and rid in i and i not in close][: 5 - len(close)]
    return f"; did you mean: {', '.join(close)}?" if close else ""


def backlinks(store: Store, rid: str) -> list[Record]:
    """Records that name this one (related, references to an entity, amends, citations)."""
    return _loads(store.conn.execute(
        "SELECT CAST(r.json AS BLOB) FROM links JOIN records r USING (n) WHERE links.ref = ? AND r.id != ? "
        "GROUP BY n ORDER BY n",
        (rid, rid)))
