"""Candidates: the records a sentence may be about, from the store's own indexes.

Two lookups, both bounded per sentence and neither a scan of the records:
- `mentions`: the entities a sentence names, found by looking its word n-grams up in the
  store's `names` index (entity names, aliases and forms: the data, not a word list here);
- `candidates`: the top-k records for the sentence's words from the FTS5 index, ranked as
  `kzqa search` ranks (terms matched, then BM25, then kind and id as a fixed tie-break).
`Stems` tokenizes text with the index's own tokenizer (FTS5's porter unicode61), so the
later stages compare words exactly as the index does.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from functools import lru_cache
from typing import Any

from kzqa import kept
from kzqa.store import FTS_WEIGHTS, TOKENIZER, Record, Store
from kzqa.text import fold, stopwords

_POSSESSIVE_RE = kept.compile(r"['’]s\b")  # "Qatar's" names Qatar
CANDIDATES = 24  # records considered per sentence: the cap that bounds the work
POOL = 300  # records a term brings to the ranking, whatever the record count (the bound on the work)
LONGEST_NAME = 6  # words in the longest entity name looked up
_CHUNK = 900  # SQL parameters per statement, well under SQLite's limit


@lru_cache(maxsize=1)
def synonym_groups() -> list[list[str]]:
    """synonyms.toml's groups of words writers use for the same thing."""
    from kzqa.checker import data_file

    return [list(g) for g in data_file("synonyms.toml")["groups"]]


def with_synonym_words(terms: list[str], stems: Stems | None = None) -> list[str]:
    """Folded words and every word of the synonym groups they belong to; with `stems`, a
    word belongs to a group by its stem too ("aims" to the group of "aim")."""
    out = list(terms)
    said = frozenset().union(*stems.of(terms)) if stems is not None else frozenset()
    if stems is not None and stems.synonyms is None:  # each group's stems, once a run
        stems.of([w for g in synonym_groups() for w in g])  # one tokenizer pass, not one a group
        stems.synonyms = [frozenset().union(*stems.of(g)) for g in synonym_groups()]
    for n, folded in enumerate(_folded_groups()):
        if any(w in terms for w in folded) or (stems is not None and stems.synonyms and said & stems.synonyms[n]):
            out += [w for word in folded for w in word.split() if w not in out]
    return out


@lru_cache(maxsize=1)
def _folded_groups() -> list[list[str]]:
    return [[fold(w) for w in group] for group in synonym_groups()]


class Stems:
    """Porter stems of texts, from an in-memory FTS5 table with the store's tokenizer.

    The tokenizer splits at every space and stems each word alone (a word's stem does not
    depend on its neighbours), so a text's stems are the union of its words' stems: each
    distinct word goes through the tokenizer once a run, and a text already made of known
    words costs no pass at all."""

    def __init__(self) -> None:
        self._conn: sqlite3.Connection | None = None  # made on the first unknown word
        self.cache: dict[str, frozenset[str]] = {}
        self.words: dict[str, frozenset[str]] = {}  # a space-free piece of text -> its stems
        self.synonyms: list[frozenset[str]] | None = None  # the stemmed groups of synonyms.toml

    def of(self, texts: list[str]) -> list[frozenset[str]]:
        """The set of stems of each text (stop words and bare numbers left out)."""
        cache, words = self.cache, self.words
        new = [t for t in dict.fromkeys(texts) if t not in cache]
        if new:
            split = [t.split() for t in new]
            todo = list(dict.fromkeys(w for pieces in split for w in pieces if w not in words))
            if todo:
                self._stem(todo)
            empty: frozenset[str] = frozenset()
            for text, pieces in zip(new, split, strict=True):
                cache[text] = empty.union(*(words[w] for w in pieces))
        return [cache[t] for t in texts]

    @property
    def conn(self) -> sqlite3.Connection:
        """The in-memory FTS5 table that tokenizes: made when a word's stems are not known."""
        if self._conn is None:
            self._conn = sqlite3.connect(":memory:")
            # Contentless: only the index is kept, and 'delete-all' empties it without
            # reading the texts back (a DELETE tokenizes each text again to take it out).
            # Only which stems each row holds is read, so neither positions nor lengths are
            # written (detail=none, columnsize=0): a pass takes ~40% of the time.
            self._conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{TOKENIZER}', content='', "
                               "detail=none, columnsize=0)")
            self._conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        return self._conn

    def _stem(self, todo: list[str]) -> None:
        """Put these words' stems in `words`, in one pass of the tokenizer."""
        with self.conn:
            self.conn.executemany("INSERT INTO t(rowid, x) VALUES (?, ?)", list(enumerate(todo, 1)))
            found: dict[int, set[str]] = {n: set() for n in range(1, len(todo) + 1)}
            for doc, term in self.conn.execute("SELECT doc, term FROM v"):
                found[doc].add(term)
            self.conn.execute("INSERT INTO t(t) VALUES ('delete-all')")
        stop = stopwords()
        for n, word in enumerate(todo, 1):
            self.words[word] = frozenset(s for s in found[n] if s not in stop and not s.isdigit())


class Mention:
    """A name in the sentence: where it stands (word positions), the entities it may name,
    and whether they are all countries (a country's name says little of a subject)."""

    __slots__ = ("country", "entities", "first", "last", "text")

    def __init__(self, text: str, first: int, last: int, entities: frozenset[str], country: bool):
        self.text, self.first, self.last, self.entities, self.country = text, first, last, entities, country


def mentions(store: Store, text: str) -> list[Mention]:
    """The entity names in a text, longest first where names overlap ("Nur Astana Mosque"
    rather than "Astana"), each with every entity id it may name."""
    words = fold(_POSSESSIVE_RE.sub("", text)).split()
    # Only the runs starting with a word that starts some name are looked up: most words
    # start none, and a sentence has up to LONGEST_NAME runs a word.
    starts: frozenset[str] | None = store.memo.get("name_starts")
    if starts is None:
        starts = store.memo["name_starts"] = frozenset(w for (w,) in store.conn.execute("SELECT word FROM name_starts"))
    grams = {" ".join(words[i:i + n]): (i, i + n) for i, word in enumerate(words) if word in starts
             for n in range(1, min(LONGEST_NAME, len(words) - i) + 1)}
    # What each word run names is kept for the run: sentences share most of their names,
    # and at scale a name matches many records.
    known: dict[str, tuple[frozenset[str], bool] | None] = store.memo.setdefault("names_found", {})
    if len(known) > 500_000:  # a language server's run is long: keep it bounded
        known.clear()
    keys = [k for k in grams if k not in known]
    if keys:
        # One statement text whatever the number of word runs (a list of `?` would be
        # prepared again for each length), the runs driving the index lookups; a name's
        # records come back as one row (at scale a name is many records' name).
        for key, ids, country in store.conn.execute(
                "SELECT j.value, group_concat(r.id, char(10)), min(r.type IS 'country') FROM json_each(?) j "
                "JOIN names ON names.key = j.value JOIN records r USING (n) WHERE r.kind = 'entity' GROUP BY j.value",
                (json.dumps(keys),)):
            known[key] = (frozenset(ids.split("\n")), bool(country))
        for key in keys:
            known.setdefault(key, None)
    found = {key: hit for key in grams if (hit := known[key]) is not None}
    taken: set[int] = set()
    out = []
    for key in sorted(found, key=lambda k: (-(grams[k][1] - grams[k][0]), grams[k][0])):
        first, last = grams[key]
        if taken.isdisjoint(range(first, last)):
            taken.update(range(first, last))
            out.append(Mention(key, first, last, *found[key]))
    return sorted(out, key=lambda m: m.first)


def document_frequency(store: Store, stem: str) -> int:
    """How many records hold a stem (the index's counts, stem_docs), kept for the run."""
    frequency: dict[str, int] = store.memo.setdefault("document_frequency", {})
    if stem not in frequency:
        row = store.conn.execute("SELECT doc FROM stem_docs WHERE term = ?", (stem,)).fetchone()
        frequency[stem] = row[0] if row else 0
    return frequency[stem]


def _record_count(store: Store) -> int:
    """How many records the store holds (kept for the run)."""
    if "record_count" not in store.memo:
        store.memo["record_count"] = store.count()
    count: int = store.memo["record_count"]
    return count


def _common(store: Store, stems: Stems, terms: list[str]) -> set[str]:
    """The terms found in more than half of the records (the 50 % rule of MySQL's
    natural-language full-text search): they cannot tell candidates apart."""
    half = _record_count(store) / 2
    return {term for term, found in zip(terms, stems.of(terms), strict=True)
            if any(document_frequency(store, stem) > half for stem in found)}


def candidates(store: Store, text: str, kinds: tuple[str, ...] = ("event", "agreement", "project", "figure"),
               limit: int = CANDIDATES, stems: Stems | None = None,
               names: frozenset[str] = frozenset()) -> list[Record]:
    """The top `limit` records of these kinds for a text's words, best first.

    Ranked by BM25 over the headline columns for the text's words (stop words, numbers and
    words in more than half of the records aside), then kind and id, so the same text
    always gives the same candidates. With `names` (the folded words of the names the text
    mentions), the best records for the other words join them, so a name many records
    carry ("Tokayev") does not crowd out what the sentence says of it ("trade target").
    Results are kept per set of words for the run."""
    stop = stopwords()
    terms = [t for t in dict.fromkeys(fold(text).split()) if t not in stop and not t.isdigit()]
    if stems is not None:
        common = _common(store, stems, terms)
        terms = [t for t in terms if t not in common] or terms
    if not terms:
        return []
    terms = with_synonym_words(terms, stems)
    memo: dict[tuple[Any, ...], list[Record]] = store.memo.setdefault("candidates", {})
    out: dict[str, Record] = {}
    for chosen in (terms, [t for t in terms if t not in names]):
        key = (tuple(sorted(chosen)), kinds, limit)
        if chosen and key not in memo:
            memo[key] = _ranked(store, chosen, kinds, limit)
        for record in memo.get(key, []):
            out.setdefault(record["id"], record)
        if not names:
            break
    return list(out.values())


def _ranked(store: Store, terms: list[str], kinds: tuple[str, ...], limit: int) -> list[Record]:
    """The `limit` best records of these kinds by BM25 over their headline columns (title
    and aliases, the names they mention, topics and measure: what alignment compares), then
    kind and id.

    FTS5's BM25 of an OR query is the sum, phrase by phrase in query order, of each
    phrase's own score, so each term is scored once a run (`_term_pool`) and the sums are
    made here in the same order, to the same bits. Each term brings at most POOL records,
    so the work is bounded at any scale; below POOL records a term brings every record
    that holds it, and the ranking is the whole index's."""
    total: dict[int, float] = {}
    summed = total.get
    for term in terms:
        # A record new to the sum takes the term's share as it is (0.0 + share is share);
        # one pass over the pool, the running total updated in place (not copied a term).
        for n, share in _term_pool(store, term, kinds).items():
            so_far = summed(n)
            total[n] = share if so_far is None else so_far + share
    if not total:
        return []
    # Only the records scoring at least the limit-th best score can be among the top: their
    # sort keys are made, not every record's.
    floor = min(heapq.nlargest(limit, total.values()))
    keys: dict[int, tuple[str, str]] = store.memo.setdefault("record_keys", {})
    top = [n for *_, n in sorted((-score, *keys[n], n) for n, score in total.items() if score >= floor)[:limit]]
    decoded: dict[int, Record] = store.memo.setdefault("decoded", {})
    todo = [n for n in top if n not in decoded]
    if todo:
        for n, text in store.conn.execute(f"SELECT n, json FROM records WHERE n IN ({','.join('?' * len(todo))})",
                                          todo):
            decoded[n] = json.loads(text)
    return [decoded[n] for n in top]


def _term_pool(store: Store, term: str, kinds: tuple[str, ...]) -> dict[int, float]:
    """record n -> the term's share of its BM25 score, for the records of these kinds among
    the first POOL records that hold the term in their headline columns, kept for the run.

    FTS5 returns a MATCH in rowid order and scores only the rows it returns, so LIMIT stops
    the work at POOL rows however many records hold the term (BM25's inverse document
    frequency still counts them all, in C). A bare `bm25()` is the same function as the
    `rank` of `kzqa search`, and its value is minus the score."""
    pools: dict[tuple[str, tuple[str, ...]], dict[int, float]] = store.memo.setdefault("term_pools", {})
    pool = pools.get((term, kinds))
    if pool is None:
        matches: dict[str, list[tuple[int, float]]] = store.memo.setdefault("term_matches", {})
        rows = matches.get(term)
        if rows is None:
            weights = ", ".join(map(str, FTS_WEIGHTS))
            rows = matches[term] = store.conn.execute(
                f"SELECT rowid, bm25(fts, {weights}) FROM fts WHERE fts MATCH ? LIMIT ?",
                (f'{{title names topics}} : "{term}"', POOL)).fetchall()
        keys = _record_keys(store, [n for n, _score in rows])
        pool = pools[term, kinds] = {n: -score for n, score in rows if keys[n][0] in kinds}
    return pool


def _record_keys(store: Store, ns: list[int]) -> dict[int, tuple[str, str]]:
    """record n -> (kind, id), for at least these records (kept for the run: the ranking's
    filter and tie-break read them for every record a term brings)."""
    keys: dict[int, tuple[str, str]] = store.memo.setdefault("record_keys", {})
    todo = [n for n in ns if n not in keys]
    if todo and len(keys) > _record_count(store) / 8:
        # A long draft's terms bring most records in the end (~20,000 of 26,600 for the 70
        # KB draft at 100 times the records): past an eighth, one scan of the index reads
        # them all for a fraction of what lists of numbers cost.
        keys.update((n, (kind, rid)) for n, kind, rid in store.conn.execute("SELECT n, kind, id FROM records"))
        return keys
    for k in range(0, len(todo), _CHUNK):
        part = todo[k:k + _CHUNK]
        for n, kind, rid in store.conn.execute(
                f"SELECT n, kind, id FROM records WHERE n IN ({','.join('?' * len(part))})", part):
            keys[n] = (kind, rid)
    return keys


def entity_countries(store: Store, ids: set[str]) -> dict[str, str]:
    """entity id -> the country it lies in or belongs to (places, organisations, people).

    A person without a `country` belongs to that of the organisation of their first role
    (an ambassador "of Kazakhstan": the role's organisation is the country itself, or an
    organisation of that country)."""
    if not ids:
        return {}
    memo: dict[str, str | None] = store.memo.setdefault("entity_countries", {})
    todo = sorted(i for i in ids if i not in memo)
    for k in range(0, len(todo), _CHUNK):
        part = todo[k:k + _CHUNK]
        for rid, country, org, org_country, org_type in store.conn.execute(
                "SELECT r.id, json_extract(r.json, '$.country'), o.id, json_extract(o.json, '$.country'), o.type"
                " FROM records r LEFT JOIN records o ON o.id = json_extract(r.json, '$.roles[0].organisation')"
                f" WHERE r.id IN ({','.join('?' * len(part))})", part):
            memo[rid] = country or (org if org_type == "country" else org_country)
        for rid in part:
            memo.setdefault(rid, None)
    return {i: c for i in ids if (c := memo.get(i))}


def entity_names(store: Store, ids: set[str]) -> dict[str, str]:
    """entity id -> its name, for these ids (kept for the run)."""
    return _entity_column(store, ids, "title")


def entity_types(store: Store, ids: set[str]) -> dict[str, str]:
    """entity id -> its type (country, place, organisation, person), kept for the run."""
    return _entity_column(store, ids, "type")


def _entity_column(store: Store, ids: set[str], column: str) -> dict[str, str]:
    """entity id -> one column of its row (title or type), memoised for the run."""
    memo: dict[str, str] = store.memo.setdefault(f"entity_{column}", {})
    todo = sorted(i for i in ids if i not in memo)
    for k in range(0, len(todo), _CHUNK):
        part = todo[k:k + _CHUNK]
        memo.update(store.conn.execute(
            f"SELECT id, {column} FROM records WHERE kind = 'entity' AND id IN ({','.join('?' * len(part))})", part))
    return {i: memo[i] for i in ids if i in memo}
