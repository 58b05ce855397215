"""The queries: plain functions from the record set (and options) to rows.

No printing and no Typer here: each function returns data that the output layer shows.
Bad option values raise QueryError, which the CLI turns into exit status 2.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from kzqa.dates import UNKNOWN, EdtfError, parse_edtf, sort_key
from kzqa.errors import QueryError
from kzqa.store import Record, Records
from kzqa.text import fold, words

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
    currency = None
    for part in (m["pre"], m["post"]):
        if part:
            code = _CURRENCY_WORDS.get(part.lower()) or (part.upper() if len(part) == 3 else None)
            if code is None:
                raise QueryError(f"{text!r}: unknown currency {part!r} (use an ISO code such as USD)")
            currency = code
    if m["suf"]:
        suffix = m["suf"].lower()
        if suffix in _SUFFIXES:
            value *= _SUFFIXES[suffix]
        elif suffix.upper() == suffix.upper()[:3] and len(suffix) == 3 and currency is None:
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


def standing(record: Record) -> str:
    return "disputed" if record.get("disputed") else "inferred" if record.get("inferred") else ""


def entity_tables(kinds: dict[str, list[Record]]) -> dict[str, Any]:
    """Names, spellings and folded spellings of every entity, as cache shards; the folded
    spellings are split into buckets so that resolving one name reads one small shard."""
    from kzqa.store import BUCKETS, bucket

    names: dict[str, str] = {}
    spellings: dict[str, list[str]] = {}
    keys: dict[str, dict[str, list[str]]] = {f"entity-keys-{n:02d}": {} for n in range(BUCKETS)}
    for e in kinds["entity"]:
        names[e["id"]] = e["name"]
        spellings[e["id"]] = [e["id"], e["name"], *e.get("aliases", [])]
        for spelling in spellings[e["id"]]:
            key = fold(spelling)
            ids = keys[f"entity-keys-{bucket(key)}"].setdefault(key, [])
            if e["id"] not in ids:
                ids.append(e["id"])
    return {"entity-names": names, "entity-spellings": spellings, **keys}


class EntityIndex:
    """Resolve what a user types (an id, a name, an alias, any spelling) to entity ids.

    Each table is read from the cache only when a query first needs it."""

    def __init__(self, records: Records):
        self._records = records

    @property
    def names(self) -> dict[str, str]:
        names: dict[str, str] = self._records.derived("entity-names")
        return names

    @property
    def spellings(self) -> dict[str, list[str]]:
        spellings: dict[str, list[str]] = self._records.derived("entity-spellings")
        return spellings

    def _all_keys(self) -> dict[str, list[str]]:
        from kzqa.store import BUCKETS

        out: dict[str, list[str]] = {}
        for n in range(BUCKETS):
            out.update(self._records.derived(f"entity-keys-{n:02d}"))
        return out

    def resolve(self, term: str, option: str) -> set[str]:
        from kzqa.store import bucket

        key = fold(term)
        exact = self._records.derived(f"entity-keys-{bucket(key)}").get(key)
        if exact:
            return set(exact)
        by_key = self._all_keys()
        partial = {eid for k, ids in by_key.items() if key and key in k for eid in ids}
        if partial:
            return partial
        import difflib

        close = difflib.get_close_matches(key, list(by_key), n=3)
        hint = f"; did you mean {', '.join(sorted({i for k in close for i in by_key[k]}))}?" if close else ""
        raise QueryError(f"{option}: no entity is called {term!r} (give an entity id, name or alias){hint}")

    def show(self, ids: Iterable[str]) -> str:
        names = self.names
        return ", ".join(names.get(i, i) for i in ids)


def entity_index(records: Records) -> EntityIndex:
    """The entity index of this record set, built once and only when a query needs it."""
    index = records.memo.get("entity_index")
    if index is None:
        index = records.memo["entity_index"] = EntityIndex(records)
    return index


def _refs(record: Record, fields: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for f in fields:
        value = record.get(f)
        if isinstance(value, list):
            out.update(value)
        elif isinstance(value, str):
            out.add(value)
    return out


ENTITY_REF_FIELDS = ("actors", "places", "countries", "parties", "signed_place", "signatories",
                     "location", "partners", "country")


# -- timeline ----------------------------------------------------------------------------
MILESTONES = {
    "agreement": (("signed", "signed"), ("ratified", "ratification.date"), ("in force", "in_force"),
                  ("ended", "ended")),
    "project": (("announced", "announced"), ("committed", "committed"), ("started", "started"),
                ("completed", "completed")),
}


class TimelineFilter:
    """The timeline's filters: date bounds, and any-of sets of countries, actors, topics, kinds."""

    def __init__(self, start: str | None = None, end: str | None = None, countries: tuple[str, ...] = (),
                 actors: tuple[str, ...] = (), topics: tuple[str, ...] = (), kinds: tuple[str, ...] = ()):
        self.start, self.end, self.countries = start, end, countries
        self.actors, self.topics, self.kinds = actors, topics, kinds


def _get(record: Record, dotted: str) -> Any:
    value: Any = record
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def milestone_rows(kinds: dict[str, list[Record]]) -> dict[str, Any]:
    """Every dated happening (events, agreement and project milestones), in date order, as
    cache shards: each output row marshalled on its own, the date spans as two columns,
    and inverted indexes (entity, label, type -> row positions) for the filters, the
    entity one in buckets, so that a filtered timeline reads and decodes little."""
    import marshal

    from kzqa.store import BUCKETS, bucket

    rows = []
    for kind in ("event", "agreement", "project"):
        for record in kinds[kind]:
            if kind == "event":
                dated = [(record["type"], record["date"])]
            else:
                dated = [(name, _get(record, path)) for name, path in MILESTONES[kind]]
            for milestone, date in dated:
                if not date:
                    continue
                parsed = parse_edtf(date)
                row = {
                    "date": date, "when": parsed.show(), "kind": kind, "milestone": milestone,
                    "id": record["id"], "title": record["title"],
                    "countries": sorted(_refs(record, ("countries", "parties"))),
                    "standing": standing(record),
                }
                labels = {fold(t) for t in [*record.get("topics", []), *record.get("sectors", [])]}
                types = {kind, fold(milestone), fold(record.get("type", ""))}
                rows.append((parsed.sort_key(), record["id"], parsed.span(), _refs(record, ENTITY_REF_FIELDS),
                             labels, types, row))
    rows.sort(key=lambda r: (r[0], r[1]))
    refs: dict[str, dict[str, list[int]]] = {f"timeline-refs-{n:02d}": {} for n in range(BUCKETS)}
    labels_index: dict[str, list[int]] = {}
    types_index: dict[str, list[int]] = {}
    for pos, (_key, _id, _span, row_refs, labels, types, _row) in enumerate(rows):
        for ref in sorted(row_refs):
            refs[f"timeline-refs-{bucket(ref)}"].setdefault(ref, []).append(pos)
        for label in sorted(labels):
            labels_index.setdefault(label, []).append(pos)
        for kind_name in sorted(types):
            types_index.setdefault(kind_name, []).append(pos)
    return {
        "timeline-rows": [marshal.dumps(r[6]) for r in rows],
        "timeline-spans": ([r[2][0] for r in rows], [r[2][1] for r in rows]),
        "timeline-labels": labels_index, "timeline-types": types_index, **refs,
    }


def timeline_rows(records: Records, flt: TimelineFilter) -> list[dict[str, Any]]:
    """The milestones that pass the filters; a partial date overlaps its whole span."""
    import marshal

    from kzqa.store import bucket

    lower = parse_bound(flt.start, "--from")[0] if flt.start else None
    upper = parse_bound(flt.end, "--to")[1] if flt.end else None
    firsts, lasts = records.derived("timeline-spans")
    chosen: set[int] | None = None  # row positions still in; None: all of them

    def keep(positions: Iterable[int]) -> None:
        nonlocal chosen
        chosen = set(positions) if chosen is None else chosen & set(positions)

    for terms, option in ((flt.countries, "--country"), (flt.actors, "--actor")):
        if terms:
            wanted = set().union(*(entity_index(records).resolve(t, option) for t in terms))
            keep(p for ref in wanted for p in records.derived(f"timeline-refs-{bucket(ref)}").get(ref, []))
    for terms, shard in ((flt.topics, "timeline-labels"), (flt.kinds, "timeline-types")):
        if terms:
            index = records.derived(shard)
            keep(p for term in terms for p in index.get(fold(term), []))
    positions = range(len(firsts)) if chosen is None else sorted(chosen)
    if lower is not None:  # a wholly unknown date ("../..") cannot be placed in a range
        positions = [p for p in positions if lasts[p] >= lower and firsts[p] != UNKNOWN]
    if upper is not None:
        positions = [p for p in positions if firsts[p] <= upper]
    blobs = records.derived("timeline-rows")
    return [marshal.loads(blobs[p]) for p in positions]


# -- agreements, projects, figures -------------------------------------------------------
def word_hits(qwords: list[str], fields: list[tuple[str, list[str], int]],
              min_prefix: int = 3) -> tuple[int, list[str]] | None:
    """Score every query word against (label, words, weight) fields: twice the weight of
    the best field holding the word, the weight where a word only starts with it (words of
    `min_prefix` letters or more). None when some query word is found nowhere; else the
    total and, for each query word, the label of the field that matched it best."""
    total, labels = 0, []
    for q in qwords:
        best, best_label = 0, ""
        for label, tw, weight in fields:
            hit = weight * 2 if q in tw else weight if len(q) >= min_prefix and any(w.startswith(q) for w in tw) else 0
            if hit > best:
                best, best_label = hit, label
        if not best:
            return None
        total += best
        labels.append(best_label)
    return total, labels


def _match_score(query: str, fields: list[tuple[str, int]]) -> int:
    """How well the query's words hit the weighted fields (0: not all words found)."""
    qwords = words(query)
    if not qwords:
        return 1
    hits = word_hits(qwords, [("", words(text), weight) for text, weight in fields])
    return hits[0] if hits else 0


def _normal(value: str) -> str:
    return fold(value).replace(" ", "-")


def agreement_rows(records: Records, query: str | None = None, status: str | None = None,
                   party: str | None = None, sector: str | None = None,
                   year: str | None = None) -> list[Record]:
    """Agreements matching the filters; with a query, the best title match first."""
    parties = entity_index(records).resolve(party, "--party") if party else None
    bounds = parse_bound(year, "--year") if year else None
    statuses = {"proposed", "under-negotiation", "signed", "ratified", "in-force", "ended", "unknown"}
    if status and _normal(status) not in statuses:
        raise QueryError(f"--status: {status!r} is not a status (one of: {', '.join(sorted(statuses))})")
    scored = []
    for rec in records.kind("agreement"):
        if status and rec["status"] != _normal(status):
            continue
        if parties is not None and not set(rec.get("parties", [])) & parties:
            continue
        if sector and fold(sector) not in {fold(s) for s in [*rec.get("sectors", []), *rec.get("topics", [])]}:
            continue
        if bounds:
            dates = [rec.get("signed"), _get(rec, "ratification.date"), rec.get("in_force"), rec.get("ended")]
            if not any(d and parse_edtf(d).overlaps(*bounds) for d in dates):
                continue
        score = 1
        if query:
            fields = [(rec["title"], 10), *((a, 8) for a in rec.get("aliases", [])), (rec["id"], 6),
                      *((s, 4) for s in [*rec.get("sectors", []), *rec.get("topics", [])]),
                      *((entity_index(records).show([p]), 3) for p in rec.get("parties", [])),
                      (rec.get("summary") or "", 2), (rec["type"], 2),
                      *((c["quote"], 1) for c in rec["citations"])]
            score = _match_score(query, fields)
            if not score:
                continue
        scored.append((-score, sort_key(rec.get("signed")), rec["id"], rec))
    scored.sort(key=lambda t: t[:3])
    return [t[3] for t in scored]


PROJECT_STATUSES = ("idea", "proposed", "under-negotiation", "planned", "funded",
                    "under-construction", "completed", "unknown")


def project_rows(records: Records, query: str | None = None, sector: str | None = None,
                 status: str | None = None, min_value: str | None = None) -> list[Record]:
    """Projects matching the filters, largest amount first (those without one last)."""
    if status and _normal(status) not in PROJECT_STATUSES:
        raise QueryError(f"--status: {status!r} is not a status (one of: {', '.join(PROJECT_STATUSES)})")
    threshold = parse_amount(min_value) if min_value else None
    out = []
    for rec in records.kind("project"):
        amount = rec.get("amount")
        if status and rec["status"] != _normal(status):
            continue
        if sector and fold(sector) not in {fold(s) for s in [*rec["sectors"], *rec.get("topics", [])]}:
            continue
        if threshold:
            value, currency = threshold
            if not amount or amount["value"] < value or (currency and amount["currency"] != currency):
                continue
        if query:
            fields = [(rec["title"], 10), (rec["id"], 6), *((s, 4) for s in rec["sectors"]),
                      *((t, 4) for t in rec.get("topics", [])),
                      *((entity_index(records).show([p]), 3)
                        for p in [*rec.get("partners", []), *rec.get("location", [])]),
                      (rec.get("summary") or "", 2), *((c["quote"], 1) for c in rec["citations"])]
            if not _match_score(query, fields):
                continue
        out.append(rec)
    out.sort(key=lambda r: (-(r["amount"]["value"]) if r.get("amount") else 1, r["id"]))
    return out


def project_totals(rows: list[Record]) -> list[tuple[str, str, float, int]]:
    """(currency, basis, total, count) over the rows: planned, committed and spent kept apart."""
    totals: dict[tuple[str, str], list[float]] = {}
    for rec in rows:
        amount = rec.get("amount")
        if amount:
            totals.setdefault((amount["currency"], amount["basis"]), []).append(amount["value"])
    return [(cur, basis, sum(vals), len(vals)) for (cur, basis), vals in sorted(totals.items())]


def known_measures(records: Records) -> list[str]:
    return records.measures()


def figures_of(records: Records, measure: str) -> list[Record]:
    """The figures of one measure, decoding only those."""
    return records.select("figure", records.derived("figure-measures").get(measure, []))


def check_measure(records: Records, measure: str) -> None:
    known = known_measures(records)
    if measure not in known:
        import difflib

        close = difflib.get_close_matches(measure, known, n=3, cutoff=0.4)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        raise QueryError(f"--measure: unknown measure {measure!r}; {hint}known measures: {', '.join(known)}")


def figure_rows(records: Records, query: str | None = None, measure: str | None = None) -> list[Record]:
    """Figures matching the query and measure, grouped by measure in period order."""
    if measure:
        check_measure(records, measure)
    out = []
    candidates = figures_of(records, measure) if measure else records.kind("figure")
    for rec in candidates:
        if query:
            fields = [(rec["title"], 10), (rec["measure"], 8), (rec["id"], 6),
                      *((t, 4) for t in rec.get("topics", [])), (rec["unit"], 3),
                      *((c["quote"], 1) for c in rec["citations"])]
            if not _match_score(query, fields):
                continue
        out.append(rec)
    out.sort(key=lambda r: (r["measure"], sort_key(r.get("period")), r["id"]))
    return out


# -- compare -----------------------------------------------------------------------------
def _comparable(record: Record) -> tuple[float, str, str, str | None, str]:
    """(value, unit, qualifier, period, basis) of a figure, or of a project's amount."""
    if record["kind"] == "figure":
        return (record["value"], record["unit"], record["qualifier"], record.get("period"), record["basis"])
    amount = record.get("amount") if record["kind"] == "project" else None
    if not amount:
        raise QueryError(f"{record['id']} is a {record['kind']} with no value to compare "
                         "(give figure ids, or projects with an amount)")
    period = record.get("committed") or record.get("announced") or record.get("started")
    return (amount["value"], amount["currency"], amount["qualifier"], period, amount["basis"])


def compare_rows(records: Records, ids: list[str], measure: str | None = None) -> list[dict[str, Any]]:
    """Values side by side in period order, each against the first: difference, ratio, change."""
    if measure:
        check_measure(records, measure)
        chosen = figures_of(records, measure)
    else:
        chosen = []
        for rid in ids:
            rec = records.get(rid)
            if rec is None:
                raise QueryError(f"unknown record id {rid!r}{suggest_ids(records, rid)}")
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


# -- search, show ------------------------------------------------------------------------
def _search_fields(rec: Record, entities: EntityIndex) -> list[tuple[str, str, int]]:
    """(label, text, weight) for every searchable part of a record."""
    title = rec.get("title") or rec.get("name") or ""
    fields = [("title", title, 10), ("id", rec["id"], 8)]
    fields += [("alias", a, 9) for a in rec.get("aliases", [])]
    for ref in sorted(_refs(rec, ENTITY_REF_FIELDS)):
        for spelling in entities.spellings.get(ref, [ref]):
            fields.append((f"names {entities.names.get(ref, ref)}", spelling, 5))
    fields += [("topic", t, 4) for t in [*rec.get("topics", []), *rec.get("sectors", [])]]
    for key in ("measure", "type", "outlet"):
        if rec.get(key):
            fields.append((key, rec[key], 4))
    fields += [("author", a, 6) for a in rec.get("authors", [])]
    for key in ("summary", "note", "disputed", "inferred"):
        if rec.get(key):
            fields.append((key, rec[key], 2))
    fields += [(f"quote ({c['source']})", c["quote"], 2) for c in rec.get("citations", [])]
    fields += [("role", r["title"], 3) for r in rec.get("roles", [])]
    return fields


def search_rows(records: Records, text: str, kinds: tuple[str, ...] = (), limit: int = 20) -> list[dict[str, Any]]:
    """Records ranked by how well their fields match every word of the text."""
    qwords = words(text)
    if not qwords:
        raise QueryError("search needs at least one word")
    phrase = fold(text)
    entities = entity_index(records)
    results = []
    for rec in records.all():
        if kinds and rec["kind"] not in kinds:
            continue
        fields = _search_fields(rec, entities)
        hits = word_hits(qwords, [(label, words(content), weight) for label, content, weight in fields],
                         min_prefix=4)
        if hits is None:
            continue
        total, why = hits
        if len(qwords) > 1:
            phrase_field = next(((label, weight) for label, content, weight in fields if phrase in fold(content)), None)
            if phrase_field:
                total += phrase_field[1] * 3
                why.insert(0, f"phrase in {phrase_field[0]}")
        results.append({"score": total, "kind": rec["kind"], "id": rec["id"],
                        "title": rec.get("title") or rec.get("name") or "",
                        "why": "; ".join(dict.fromkeys(why)), "standing": standing(rec)})
    results.sort(key=lambda r: (-r["score"], r["kind"] == "entity", r["id"]))
    return results[:limit] if limit else results


def suggest_ids(records: Records, rid: str) -> str:
    ids = list(records.ids())
    import difflib

    close = difflib.get_close_matches(rid, ids, n=5, cutoff=0.5)
    close += [i for i in ids if rid and rid in i and i not in close][: 5 - len(close)]
    return f"; did you mean: {', '.join(close)}?" if close else ""


def backlinks(records: Records, rid: str) -> list[Record]:
    """Records that name this one (related, references to an entity, amends)."""
    out = []
    for rec in records.all():
        if rec["id"] == rid:
            continue
        if rid in rec.get("related", []) or rid in _refs(rec, (*ENTITY_REF_FIELDS, "amends")) or \
                any(c["source"] == rid for c in rec.get("citations", [])):
            out.append(rec)
    return out


# Indexes the store derives from the whole set and caches beside it: each builder takes
# the records by kind and returns shards by name.
def figure_measures(kinds: dict[str, list[Record]]) -> dict[str, Any]:
    """Measure key -> positions of its figures in the figure shard."""
    measures: dict[str, list[int]] = {}
    for pos, rec in enumerate(kinds["figure"]):
        measures.setdefault(rec["measure"], []).append(pos)
    return {"figure-measures": measures}


DERIVED = (milestone_rows, entity_tables, figure_measures)
