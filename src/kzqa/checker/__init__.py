"""The check engine: fact-check a draft against the records, claim by claim.

Stages, one module each, each used only by those after it:
reading (kzqa.checker.reading: Markdown into prose sentences mapped to the source) →
claims (kzqa.checker.claims: the quantities and dates of a sentence, as data) →
candidates (kzqa.checker.candidates: the records a sentence may be about, from the
store's FTS5 and name indexes, top-k) → alignment (kzqa.checker.alignment: which of
them are about the same thing as a claim) → verdicts (kzqa.checker.verdicts).
Nothing here imports pydantic or Rich.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise
from typing import Any, NamedTuple

from kzqa import kept
from kzqa.store import Record, Store, byline
from kzqa.text import fold

VERDICTS = ("contradicted", "disputed", "unverifiable", "supported")


def data_file(name: str) -> dict[str, Any]:
    """A TOML data file shipped beside the engine (lexicon.toml, steps.toml, synonyms.toml),
    parsed (kzqa.kept keeps it parsed between runs of the check command).

    Found with os.path, not importlib.resources, whose import costs ~10 ms on every check."""
    import os

    return kept.toml(os.path.join(os.path.dirname(__file__), name))


# A sentence's first word, past what may stand before it: punctuation, a thread's post
# number ("2/7 Back in the 90s ..."), a list's number.
_SENTENCE_START_RE = kept.compile(r"^[\W\d_]*[^\W\d_]\w*")
# A label before a colon at the start: up to six words, no digits.
_LEADING_LABEL_RE = kept.compile(r"^\W*([^\W\d][^\s:\d]*(?:\s+[^\s:\d]+){0,5}):\W*\s")


def _speaker_label_end(prose: str) -> int:
    """Where a transcript's speaker label ends ("Deputy Minister of Foreign Affairs: ...",
    "Q: ...", "**Ambassador Al Jaber:** ..."): a leading label with a title or a speaker's
    role among its words (lexicon titles, speakers); 0 when there is none. A label of
    other words ("Almaty–Abu Dhabi: 7 flights a week") is the sentence's subject."""
    from kzqa.checker.claims import phrases

    label = _LEADING_LABEL_RE.match(prose)
    if label is None:
        return 0
    words = re.findall(r"[^\W\d][\w'’.]*", label.group(1))
    # a speaker is named, capitalised, as a title and a name ("Tokayev's official visit:"
    # is what the line is about)
    named = all((w[0].isupper() and not re.search(r"['’]s$", w)) or w.lower() in phrases().label_followers
                for w in words)
    return label.end() if named and any(w.lower().rstrip(".") in phrases().speaker_roles for w in words) else 0


def _attributed(prose: str, bylines: frozenset[str]) -> set[str]:
    """The words of a source's authors or outlet (`bylines`, folded) that the sentence uses
    to attribute what it says ("The Ahmad paper says", "Ahmad et al. write", "according
    to Syed"): they name who says it, not what it is about. A byline elsewhere ("R. Syed,
    'Central Asia to reap ...', London Post, 16 February 2024") is a name as any other."""
    from kzqa.checker.claims import phrases

    after, before = phrases().source_after, phrases().source_before
    out = set()
    for m in re.finditer(r"\b[A-Z][\w'’-]*", prose):
        word = fold(m.group())
        if word in bylines and (after.match(prose, m.end()) or before.search(prose, 0, m.start())):
            out.add(word)
    return out


def _clause_at(prose: str, clause: str, start: int, end: int) -> int:
    """Where in the sentence the clause of the claim at start:end begins (-1 if not found):
    it holds the claim, so it is looked for beside it, not from the sentence's start."""
    return prose.find(clause, max(0, end - len(clause)), start + len(clause))


def _antecedent(prose: str, clause: str, start: int, end: int) -> str:
    """The text before a clause that opens with a pronoun as its subject (at most
    CLAUSE_REACH characters of it), for the clause of the claim at start:end; '' else."""
    from kzqa.checker.claims import phrases

    if not phrases().pronoun_subject.match(clause):
        return ""
    at = _clause_at(prose, clause, start, end)
    return prose[max(0, at - CLAUSE_REACH):at] if at > 0 else ""


def _contrasted_names(prose: str, clause: str, claim: Any, named: list[Any]) -> set[str]:
    """The entities named only in what follows a clause that names none, when what follows
    begins with a contrast (lexicon contrasts: "while", "against"): another subject's."""
    from kzqa.checker.claims import phrases

    found = _clause_at(prose, clause, claim.start, claim.end)
    if found < 0 or not phrases().contrast.match(prose, found + len(clause)):
        return set()
    before, after = fold(prose[:found]), fold(prose[found + len(clause):])
    return {e for m in named if m.text in after and m.text not in before for e in m.entities}


def _proper_words(prose: str) -> list[str]:
    """The capitalised words of a sentence other than its first word: proper names, mostly."""
    start = _SENTENCE_START_RE.match(prose)
    body = re.sub(r"['’]s\b", "", prose[start.end():] if start else prose)  # "Qatar's" is "Qatar"
    body = re.sub(r"\([^()]*\d{4}[^()]*\)", " ", body)  # a citation "(Koch, Prospects, 2017)" names nothing
    from kzqa.checker.claims import lexicon
    from kzqa.currencies import ISO_4217

    titles = lexicon()["nouns"]["titles"]  # "the Emir", "Prime Minister", "JSC": no names
    weekdays = lexicon()["dates"]["weekdays"]  # "said on Wednesday"
    return [m.group() for m in re.finditer(r"\b[A-Z][\w’'-]*[A-Za-z]", body)
            if m.group() not in ISO_4217 and m.group().lower() not in titles and m.group().lower() not in weekdays]


_AND_RE = kept.compile(r",?\s+and\s+|,\s+|\s+(?:after|before|following)\s+", re.I)


@lru_cache(maxsize=2)
def _breaks(items: bool) -> re.Pattern[str]:
    """Where one clause of a sentence ends and another begins (claims.phrases().clause_break:
    a semicolon, ", and", "but", a comma and "a year after" ...; a bare "and" joins names as
    often as clauses: "Kazakhstan and Qatar"); for the items of a list, every comma too."""
    from kzqa.checker.claims import phrases

    pattern = phrases().clause_break
    # ... and "and" right after an amount, before the last item ("logistic route USD 1.2
    # billion and Islamic financial center USD 500 million"): the sentence is read with its
    # claims blanked out, so an amount is a run of spaces there
    return kept.compile(pattern.pattern + r"|,\s+|\)\s+and\s+|(?<=   )and\s+", re.I) if items else pattern


def _clauses(prose: str, spans: list[tuple[int, int]], items: bool = False,
             extra: list[tuple[int, int]] | None = None) -> list[str]:
    """The clause of a sentence that holds each of the (start, end) spans, finding the
    breaks once (a long sentence of many claims costs its length, not length x claims).
    `items`: the spans are the items of a list ("a gas plant (USD 2.5 billion), an
    agro-industrial complex (USD 350 million) and ..."), cut at its commas too, so that
    each item's words are its own. `extra`: more (start, end) breaks."""
    from bisect import bisect_left, bisect_right

    pattern = _breaks(items)
    breaks = sorted([(m.start(), m.end()) for m in pattern.finditer(prose)] + (extra or []))
    starts = [b[0] for b in breaks]
    ends = [b[1] for b in breaks]
    out = []
    for start, end in spans:
        before = bisect_right(ends, start) - 1
        after = bisect_left(starts, end)
        # at most CLAUSE_REACH characters either side: a claim's own words are near it, and a
        # paragraph of hundreds of claims with no stop costs its length, not its square
        lo = max(ends[before] if before >= 0 else 0, start - CLAUSE_REACH)
        hi = min(starts[after] if after < len(starts) else len(prose), end + CLAUSE_REACH)
        out.append(prose[lo:hi])
    return out


CLAUSE_REACH = 240  # characters of a claim's clause weighed either side of it
# An answer after a question in its paragraph: one whose first clause has at most
# ANSWER_WORDS words takes the question as its context, as a cell its headers ("Less than
# USD 1 billion so far; ..."); one of at most FRAGMENT_WORDS words is a fragment of it, and
# takes its ordinal too ("his first state visit?" "On 14 February 2023.").
ANSWER_WORDS = 8
FRAGMENT_WORDS = 6


def _demonyms(store: Store, stems: Any) -> dict[str, str]:
    """Each country's forms (demonyms: "Qatari", "Kazakhstanis"), stemmed, to its id (the
    first country by id that has the form)."""
    import json

    rows = []
    seen: set[str] = set()
    for rid, forms in store.conn.execute(
            "SELECT r.id, f.forms FROM records r JOIN forms f USING (n) WHERE r.kind = 'entity' AND r.type = 'country' "
            "ORDER BY r.id"):
        if forms not in seen:  # the same forms again add nothing: the first id keeps them
            seen.add(forms)
            rows.append((rid, json.loads(forms)))
    stems.of([form for _rid, forms in rows for form in forms])  # one pass of the tokenizer
    out: dict[str, str] = {}
    for rid, forms in rows:
        for found in stems.of(forms):
            for stem in found:
                out.setdefault(stem, rid)
    return out


def _common_word(word: str) -> bool:
    """Whether a capitalised word is one of the checker's own vocabulary (a measure such as
    "Turnover", a hedge, a synonym) or a stop word, not a name."""
    return word.lower() in _common_words()


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """The stop words, the lexicon's words and synonyms.toml's words, lower-case."""
    from kzqa.checker.candidates import synonym_groups
    from kzqa.checker.claims import lexicon_words
    from kzqa.text import stopwords

    return stopwords() | lexicon_words() | frozenset(w for group in synonym_groups() for w in group)


def _first_word(prose: str) -> list[str]:
    """A sentence's first word, unless it is a word of the checker's own vocabulary (a
    hedge such as "Fewer", "Nearly", a number word, a preposition, a word of synonyms.toml
    such as "Arrivals") or a stop word: those are capitalised only because they open the
    sentence. Nor is a word set apart as a label by a symbol, a colon or a dash after it
    ("Throwback 🕌 Qatar chipped in ...", "Update: ..."), or followed by a preposition or an
    article ("Flashback to ...")."""
    import unicodedata

    start = re.match(r"\W*([A-Z][\w’'-]*[A-Za-z])\s*(.?)", prose)
    if not start or _common_word(start.group(1)):
        return []
    after = start.group(2)
    if after and (after in ":|–—-" or unicodedata.category(after) in ("So", "Sk", "Cs")):
        return []
    # a name opens a sentence as its subject ("Dubai received ..."); a word that a
    # preposition or an article follows is a common noun there ("Flashback to Feb 2023 ...")
    following = prose[start.end(1):].split(maxsplit=1)
    from kzqa.checker.claims import phrases

    if following and following[0].lower() in phrases().label_followers:
        return []
    return [start.group(1)]


def unknown_word(store: Store, stems: Any, word: str) -> bool:
    """Whether no record uses the word (its stems are in no record of the index), stop
    words aside."""
    from kzqa.checker.candidates import document_frequency

    found = stems.of([word])[0]
    return bool(found) and all(document_frequency(store, stem) == 0 for stem in found)


_ASIDE_RE = kept.compile(r"\s*\([^()]*\)")


def _variants(record: Record) -> list[str]:
    """A record's names: its title (or name), a figure's title without its asides in
    brackets ("(as the paper gives it, in tenge)": a note on the figure, not its name; an
    event's brackets may hold its name: "(mosque diplomacy)"), each alias, its measure."""
    title = record.get("title") or record.get("name") or ""
    bare = _ASIDE_RE.sub("", title) if record["kind"] == "figure" else title
    return [v for v in (title, bare if bare != title else "", *record.get("aliases", []),
                        (record.get("measure") or "").replace("-", " ")) if v]


def _headline(record: Record) -> str:
    parts = [record.get("title") or record.get("name") or "", *record.get("aliases", []),
             (record.get("measure") or "").replace("-", " ")]
    return " ; ".join(p for p in parts if p)


def _words(record: Record) -> str:
    parts = [_headline(record), *record.get("topics", []), *record.get("sectors", []), record.get("unit") or "",
             record.get("summary") or "", record.get("note") or "",
             *(c["quote"] for c in record.get("citations", []))]
    return " ; ".join(p for p in parts if p)


class RecordStems(NamedTuple):
    """A record's words as the index's tokenizer stems them: its headline (title, aliases,
    measure), all its words, its type, and each of its names."""

    headline: frozenset[str]
    words: frozenset[str]
    kind: frozenset[str]
    variants: list[frozenset[str]]


def records_stems(store: Store, stems: Any, records: list[Record]) -> list[RecordStems]:
    """The stems of each record's parts, worked out once a run, the new records' texts in
    one pass of the tokenizer."""
    memo: dict[str, RecordStems] = store.memo.setdefault("record_stems", {})
    new = list({r["id"]: r for r in records if r["id"] not in memo}.values())
    texts = [[_headline(r), _words(r), r.get("type") or "", *_variants(r)] for r in new]
    found = iter(stems.of([text for parts in texts for text in parts]))
    for record, parts in zip(new, texts, strict=True):
        headline, words, kind = next(found), next(found), next(found)
        memo[record["id"]] = RecordStems(headline, words, kind, [next(found) for _ in parts[3:]])
    return [memo[r["id"]] for r in records]


def _setup(store: Store) -> dict[str, Any]:
    """What every sentence's judgement reads from the store, worked out once a run: the
    tokenizer (`stems`), the steps' stems, each measure's count of periods, the stems of
    month and season names, of country names, and the demonyms."""
    import json
    import sqlite3
    import zlib

    from kzqa.checker.alignment import step_stems
    from kzqa.checker.candidates import Stems
    from kzqa.checker.claims import lexicon, phrases
    from kzqa.store import TOKENIZER
    from kzqa.text import stopwords

    stems = Stems()
    # The stems of the words the set-up looks for (country and place names, forms, steps,
    # synonyms) are the same run after run: kept (kzqa.kept), they cost no tokenizer pass.
    # Keyed on what a stem depends on: the tokenizer, SQLite's version, the stop words.
    stems_key = ("stems", TOKENIZER, sqlite3.sqlite_version, zlib.crc32(" ".join(sorted(stopwords())).encode()))
    known = kept.get(stems_key)
    if isinstance(known, dict):
        stems.words.update(known)
    before = len(stems.words)
    setup: dict[str, Any] = {"stems": stems, "steps": step_stems(stems), "periods": dict(store.conn.execute(
        "SELECT measure, count(*) FROM records WHERE measure IS NOT NULL GROUP BY measure"))}
    # Month and season names in a title ("(October 2022)") say when, not what.
    setup["calendar"] = stems.of([
        "January February March April May June July August September October November December "
        "spring summer autumn winter"])[0]
    # Country names in a title say whose, not what: alignment checks the countries apart.
    # The tokenizer stems word by word, so the stems of the names are those of their
    # distinct words, which the store keeps (~300 at 100 times the records, where each
    # copy's id is a name, instead of ~2,100 names).
    setup["countries_said"] = frozenset().union(*stems.of([word for (word,) in store.conn.execute(
        "SELECT word FROM type_words WHERE type = 'country'")]))
    setup["demonyms"] = _demonyms(store, stems)
    setup["country_ids"] = frozenset(rid for (rid,) in store.conn.execute(
        "SELECT id FROM records WHERE kind = 'entity' AND type = 'country'"))
    # Words every record of two countries' ties could carry ("bilateral", "joint") name none
    generic = stems.of([" ".join(lexicon()["nouns"]["generic_name_words"])])[0]
    # nor do the words of an aim ("target", "goal"): whether a figure is aimed at is the
    # basis slot's to say ("the goal of a $450 billion economy" is no trade target)
    generic |= stems.of([" ".join(w for w in lexicon()["basis"]["target"] if " " not in w)])[0]
    # what a record's headline says of when and whose, not of what (its kind aside)
    setup["not_names"] = setup["countries_said"] | setup["calendar"] | generic
    setup["time_stems"] = stems.of([" ".join(phrases().time_units)])[0]
    setup["place_stems"] = frozenset().union(*stems.of([word for (word,) in store.conn.execute(
        "SELECT word FROM type_words WHERE type = 'place'")]))
    # The words of the sources' authors and outlets (folded), which a sentence may use to
    # say who says a thing ("The Ahmad paper says", "Syed writes"); a country's or place's
    # name aside ("The Astana Times", "Qatar News Agency").
    bylines = {word for authors, outlet in store.conn.execute(
        "SELECT DISTINCT json_extract(json, '$.authors'), json_extract(json, '$.outlet') FROM records "
        "WHERE kind = 'source'")
        for word in fold(byline(json.loads(authors or "[]"), outlet)).split() if len(word) > 1}
    setup["bylines"] = frozenset(bylines - {word for (word,) in store.conn.execute(
        "SELECT word FROM type_words WHERE type IN ('country', 'place')")})
    wide = data_file("synonyms.toml").get("hypernyms", {})
    found = stems.of([w for key, narrow in wide.items() for w in (key, " ".join(narrow))])
    setup["hypernyms"] = list(zip(found[::2], found[1::2], strict=True))
    if len(stems.words) > before:
        kept.put(stems_key, stems.words)
    return setup


def _set_aside(text: str, start: int, end: int) -> bool:
    """Whether a date stands apart from the sentence's verbs, as a list or a table gives an
    agreement's date: in brackets ("(December 2023)"), alone in its cell or item, opening a
    timeline's entry ("2009 – Qatari embassy in Astana"), or before the noun it dates ("the
    2021 agreement"). steps.toml's agreement_nouns."""
    if text[start - 1:start] == "(" and text[end:end + 1] == ")":
        return True
    if not text[:start].strip(" *_:|-") and not text[end:].strip(" *_.:|"):
        return True
    if not text[:start].strip(" *_") and re.match(r"[*_]*\s*[–—:-]\s|\.[*_]*\s", text[end:]):
        # a timeline's entry: "2009 – Qatari embassy in Astana", "2022: investment agreement",
        # "**December 2023.** Defence Minister ... travels to Doha"
        return True
    from kzqa.checker.alignment import steps

    following = re.match(r"\s+(?:[\w-]+\s+){0,2}?([\w-]+)", text[end:end + 60])
    return following is not None and following.group(1).lower().rstrip("s") in steps()["agreement_nouns"]


def check_text(text: str, path: str, store: Store, markdown: bool = True) -> list[dict[str, Any]]:
    """Every claim in `text` with its verdict, as findings in the order they appear.

    Each finding: path, line, column, end_line, end_column (1-based, in code points, the end
    just after the claim), text (the claim as written), verdict (one of VERDICTS), expected
    (what the record says, or None), record (its id), source, cite (short citation with its
    locator), quote, period, replacement (for a contradicted value or date: the record's,
    written in the claim's own form), and message. Claims silenced by the writer's
    `kzqa-disable` comments are left out.
    """
    from kzqa.checker.claims import prepare
    from kzqa.checker.reading import read_draft
    from kzqa.checker.wording import finding

    setup: dict[str, Any] | None = store.memo.get("check_setup")
    if setup is None:  # once a run: a language server calls this on every keystroke
        setup = store.memo["check_setup"] = _setup(store)
    draft = read_draft(text, markdown=markdown)
    prepare(text)
    # A sentence is judged once a run (a language server checks the same sentences on every
    # keystroke); only its positions are the draft's own.
    judged: dict[tuple[str, str], list[Any]] = store.memo.setdefault("judged", {})
    if len(judged) > 50_000:
        judged.clear()
    # The words of the sentences still to judge, stemmed in one pass of the tokenizer rather
    # than a pass a sentence (the candidates weigh each word by the records that hold it).
    setup["stems"].of(list(dict.fromkeys(word for s in draft.sentences if (s.text, s.context) not in judged
                                         for word in fold(f"{s.context} {s.text}").split())))
    findings: list[dict[str, Any]] = []
    sentences = draft.sentences
    for index, sentence in enumerate(sentences):
        if sentence.asks:
            continue  # a question claims nothing ("Did it open in 2008?"); it is its answer's context
        following = sentences[index + 1].text if index + 1 < len(sentences) else ""
        reported = _refuted_spans(sentence.text, following)
        # A table cell's headers say what it is about (its period, its noun); headings only
        # name who it is about, for the entity slots.
        pieces = sentence.context.split("; ") if sentence.context else []
        cut = len(pieces)
        if sentence.block == "table_cell":  # its column header, and its row's "header: cell"
            cut = max(len(pieces) - (2 if sentence.row_header else 1), 0)
        elif sentence.question and len(re.split(r"[;,:]", sentence.text, maxsplit=1)[0].split()) <= ANSWER_WORDS:
            # an answer that opens short ("On 1 July 1993.", "Less than USD 1 billion so far;
            # ..."): its question says what of, as a header does; a whole sentence ("Twenty
            # billion is what the projects under consideration are worth.") tells its own
            # thing, and the question only names who
            cut = len(pieces) - 1
        headings, table = "; ".join(pieces[:cut]), "; ".join(pieces[cut:])
        key = (sentence.text, sentence.context)
        if key not in judged:
            judged[key] = _judge_sentence(store, sentence.text, table, setup, headings)
        for claim, verdict in judged[key]:
            if any(a <= claim.start and claim.end <= b for a, b in reported):
                continue  # a claim the writer reports to refute it ("Claim: '...$25 million'. False.")
            if not draft.disabled(sentence.span(claim.start, claim.end)[0]):
                findings.append(finding(draft, sentence, claim, verdict, path, store))
    return findings


_QUOTED_RE = kept.compile(r"\"[^\"]{3,}\"|“[^”]{3,}”|«[^»]{3,}»")
_REPORT_END_RE = kept.compile(r"[;.]\s|\bbut\b")  # where a reported claim's clause ends


def _refuted_spans(text: str, following: str) -> list[tuple[int, int]]:
    """Where a sentence reports a claim in order to refute it, as a fact-check does
    (lexicon.toml's refutations, wrongly_words, report_labels, report_cues): what follows
    "misreported ... as" or "Myth:"; a quotation, or what follows "X claims (that)" or
    "Reports of", before a word of refutation in the sentence ("False", "actually",
    "exaggerated") or when the next sentence opens with one. [] when it refutes nothing."""
    from kzqa.checker.claims import phrases

    def to_clause_end(start: int, end: int) -> tuple[int, int]:
        stop = _REPORT_END_RE.search(text, start, end)
        return start, stop.start() if stop else end

    p = phrases()
    wrongly = p.wrongly.search(text)
    if wrongly is not None:  # "Several outlets misreported the trade target as $5 billion; ..."
        return [to_clause_end(wrongly.end(), len(text))]
    label = p.report_label.match(text)
    if label is not None:  # "Myth: Tokayev's first state visit to Qatar was in 2023."
        return [(label.end(), len(text))]
    marker = p.refutation.search(text)
    if marker is None and p.refutation.search(following[:80]) is None:
        return []
    end_of_report = marker.start() if marker is not None else len(text)
    spans = [(m.start(), m.end()) for m in _QUOTED_RE.finditer(text, 0, end_of_report)]
    cue = p.reported.search(text, 0, end_of_report)
    if cue is not None:
        spans.append(to_clause_end(cue.end(), end_of_report))
    return spans


def _destinations(named: list[Any], folded: str) -> frozenset[str]:
    """The countries a clause says a visit went to: "visited Kazakhstan", "a visit to
    Kazakhstan", "in Kazakhstan" (`folded`: the clause, folded; `named`: its mentions)."""
    return _after_words(named, folded, ("to", "visited", "visiting", "visits", "in"))


def _after_words(named: list[Any], folded: str, words: tuple[str, ...]) -> frozenset[str]:
    """The countries of the mentions that follow one of `words` ("from Qatar", "to the
    UAE") in a folded text (words are single-spaced there, so plain substrings do)."""
    padded = f" {folded} "
    return frozenset(e for m in named if m.country and any(
        f" {w} {m.text} " in padded or f" {w} the {m.text} " in padded for w in words) for e in m.entities)


def _owners(named: list[Any], folded: str) -> frozenset[str]:
    """The countries a clause says own an embassy, mission or consulate ("Qatar's embassy",
    "the Qatari mission", "Qatar opened its embassy"), from its country mentions (a
    demonym is one) and the folded clause."""
    from kzqa.checker.claims import phrases

    owned = phrases().owned_abroad
    if owned.isdisjoint(folded.split()):
        return frozenset()  # most clauses name no embassy: no pattern to try
    nouns = "|".join(sorted(owned, key=len, reverse=True))
    owners: set[str] = set()
    for m in named:
        if m.country and re.search(
                rf"\b{re.escape(m.text)}(?:s| s)? (?:(?:new|own|first|permanent|resident) )?(?:{nouns})\b"
                rf"|\b{re.escape(m.text)}\b[^;]{{0,40}}\b(?:its|their) (?:(?:new|own|first|permanent|resident) )?"
                rf"(?:{nouns})\b", folded):
            owners.update(m.entities)
    return frozenset(owners)


def _owned(record: Record) -> bool:
    """Whether a record is about a country's embassy, mission or consulate (by its title)."""
    from kzqa.checker.claims import phrases

    words = set(fold(record.get("title") or record.get("name") or "").split())
    return not words.isdisjoint(phrases().owned_abroad)


def _period_above(store: Store, headings: str) -> str | None:
    """The period the headings and lead-in above a sentence give its quantities: their one
    date, when they hold one and it starts or ends nothing ("since 1993" is no period)."""
    if not headings:
        return None
    memo: dict[str, str | None] = store.memo.setdefault("period_above", {})
    if headings not in memo:
        from kzqa.checker.claims import claims_in

        dates = [c for c in claims_in(headings) if c.kind == "date"]
        memo[headings] = dates[0].date if len(dates) == 1 and dates[0].role is None else None
    return memo[headings]


def _judge_sentence(store: Store, text: str, context: str, setup: dict[str, Any],
                    headings: str = "") -> list[Any]:
    """(claim, verdict) for every claim of one sentence, in order. `context`: a table cell's
    headers (what the cell is about); `headings`: the headings above, which may name the
    entities the sentence is about."""
    from kzqa.checker.alignment import (
        Context,
        align_date,
        align_quantity,
        entities_agree,
        record_entities,
        specific,
        with_synonyms,
    )
    from kzqa.checker.candidates import candidates, entity_countries, entity_names, entity_types, mentions
    from kzqa.checker.claims import claims_in, ordinals_in, phrases
    from kzqa.checker.verdicts import judge

    stems, steps, periods = setup["stems"], setup["steps"], setup["periods"]
    calendar = setup["calendar"]
    out: list[Any] = []
    claims = claims_in(text, context)
    # a date in what tells the sentence ("In 2025 the paper recalled that relations were
    # established on 1 July 1993") dates the telling, not what is told
    teller = phrases().told_that.match(text)
    if teller:
        claims = [c for c in claims if not (c.kind == "date" and c.end <= teller.end())]
    if not claims:
        return out
    period = _period_above(store, headings)
    if period:  # "### Tourism in 2023", "Qatari commitments in March 2024:" above a table or list
        claims = [replace(c, period=period) if c.kind != "date" and not c.period else c for c in claims]
    # the words it is weighed by: its headings (what the section is about), its table
    # headers and its own
    around = " ; ".join(p for p in (headings, context) if p)
    full = f"{around} ; {text}" if around else text
    # Names are looked for outside the claims themselves ("US$5m" names no United States).
    masked = list(text)
    for c in claims:
        masked[c.start:c.end] = " " * (c.end - c.start)
    # a citation ("(Ahmad et al., 2025)") names its authors, not what the sentence is about
    prose = phrases().citation.sub(lambda m: " " * len(m.group()), "".join(masked))
    # who reports it (", Qatar's ambassador to Kazakhstan, Abdullah Al Jaber, said") names
    # neither what the claim is about nor whose
    prose = phrases().attribution.sub(lambda m: " " * len(m.group()), prose)
    speaker = _speaker_label_end(prose)  # nor does who speaks ("Deputy Minister of Foreign Affairs: ...")
    prose = " " * speaker + prose[speaker:]
    prose = phrases().descriptor.sub(lambda m: " " * len(m.group()), prose)  # "the Gulf state"
    named = mentions(store, " ; ".join(p for p in (headings, context, prose) if p))
    records = candidates(store, phrases().citation.sub(" ", full), stems=stems,
                         names=frozenset(w for m in named for w in m.text.split()))
    # Every text this sentence needs stemmed, in one pass of the tokenizer: the sentence,
    # its names, its claims' nouns, and each candidate's headline, words and kind.
    names = [m.text for m in named]
    nouns = [c.noun or "" for c in claims]
    spans = [(c.start, c.end) for c in claims]
    # "established on 1993-07-01 and the Qatari embassy in Astana opened in 2008", "... in
    # 2008, a year after Kazakhstan opened its Doha embassy in 2007": an "and" or a comma
    # between two dates with three words or more after it tells a second event; "in 1998
    # and 2007", "in 1999, 2008 and 2011" do not
    joints = [(m.start(), m.end()) for a, b in pairwise(claims) if (a.kind == "date") == (b.kind == "date")
              for m in [_AND_RE.search(prose, a.end, b.start)]
              if m and (len(prose[m.end():b.start].split()) >= 3
                        # two ranks, each of its own noun: "the ninth-largest country in the
                        # world and the largest economy in Central Asia"
                        or (a.kind == b.kind == "rank" and len(prose[a.end:m.start()].split()) >= 1))]
    # "$15m towards the mosque looks modest beside the >$20bn of joint projects": a word of
    # comparison between two amounts parts what each is of
    joints += [(m.start(), m.end()) for a, b in pairwise(claims) if a.kind != "date" and b.kind != "date"
               for m in [phrases().comparing.search(prose, a.end, b.start)] if m]
    found_clauses = _clauses(prose, spans, extra=joints)
    # a list of amounts or counts: each its item's. The level a change starts from ("from 553
    # in 2022 to about 1,000") is no item of a list: its noun is before it.
    listable = [c.kind != "date" and c.role != "from" for c in claims]
    if sum(listable) >= 3:
        listed = _clauses(prose, spans, items=True)
        if len({item for ok, item in zip(listable, listed, strict=True) if ok}) >= 3:
            found_clauses = [item if ok else clause
                             for ok, clause, item in zip(listable, found_clauses, listed, strict=True)]
    clauses = [f"{around} ; {clause}" for clause in found_clauses]
    said_names = " ".join(names).split()
    # a hyphenated name's parts each ("Kazakh-Qatari": two names the mentions hold)
    # who says it ("Dawn reported", "the Ministry of Trade and Integration recalls",
    # "according to QNA") is no name the record must use
    # nor who tells it before "that" ("The Ministry of Tourism and Sports is pleased to
    # report that ..."); its names still count as mentions, whose agreement is weighed apart
    stated = phrases().attribution.sub(" ", prose[teller.end():] if teller else prose)
    attributed = _attributed(stated, setup["bylines"])  # "The Ahmad paper says", "Syed writes"
    proper_text = " ".join(part for w in _proper_words(stated) for part in re.split(r"[-–—]", w)
                           if part and fold(part) not in said_names and fold(part) not in attributed)
    # A sentence's first word is a name too when no record uses it at all ("Dubai
    # received…"); a table row's first cell (the context after its last ": ") names the
    # row's subject, so its capitalised words are names ("Doha – Shymkent").
    row = context.rsplit(": ", 1)[1] if ": " in context else ""
    unknown = [w for w in _first_word(stated if teller else prose) if fold(w) not in said_names
               and unknown_word(store, stems, w)]
    labels = [w for w in re.findall(r"\b[A-Z][\w’'-]*[A-Za-z]", row) if fold(w) not in said_names
              and not _common_word(w)]
    proper_text = " ".join([proper_text, *unknown, *labels])
    # A clause whose subject is a pronoun ("It is not true that relations date from 1991; in
    # fact they were established on 1 July 1993") is about what the sentence said before it:
    # those words join the clause's own (its names stay with their clause).
    antecedents = [_antecedent(prose, clause, start, end) for clause, (start, end) in zip(found_clauses, spans,
                                                                                          strict=True)]
    found = iter(stems.of([full, " ".join(m.text for m in named if m.country), " ".join(names), proper_text,
                           *names, *nouns, *clauses, *antecedents]))
    said, country_words, name_words, proper = next(found), next(found), next(found), next(found)
    name_stems = {name: next(found) for name in names}
    noun_stems = [next(found) for _ in nouns]
    own_stems = [next(found) for _ in clauses]
    clause_stems = [with_synonyms(stems, own | (next(found) - name_words)) for own in own_stems]
    parts = records_stems(store, stems, records)
    # A record's headline, less its countries' names and the words of its own kind and
    # type ("agreement", "visit"), which any record of that sort shares.
    kinds = [p.kind for p in parts]
    common = country_words | setup["not_names"]
    drop = [common | p.kind if p.kind else common for p in parts]
    heads = [p.headline - d for p, d in zip(parts, drop, strict=True)]
    words = [p.words for p in parts]
    ctx = Context(with_synonyms(stems, said), named, steps, periods, name_words, name_stems,
                  synonyms=stems.synonyms or [], proper=proper - calendar, hypernyms=setup["hypernyms"])
    for r, p, d in zip(records, parts, drop, strict=True):
        ctx.variants[r["id"]] = [v - d for v in p.variants]
    types = entity_types(store, {e for m in named for e in m.entities})
    ctx.organisations = [m.entities for m in named if all(types.get(e) in ("organisation", "person")
                                                           for e in m.entities)]
    ctx.place_stems = setup["place_stems"]
    ctx.time_stems = setup["time_stems"]
    ctx.country_ids = setup["country_ids"]
    ctx.compact_text = "".join(ch for ch in text.lower() if ch.isalnum())
    ctx.people = frozenset(e for m in named for e in m.entities if types.get(e) == "person")
    ctx.places = [m.entities for m in named if all(types.get(e) == "place" for e in m.entities)]
    # a fragment answer's question's "first" too ("On 14 February 2023."); an answer of its
    # own words tells its own event ("The paper says 2011, but he only became emir in 2013")
    ctx.ordinals = ordinals_in(f"{context} ; {prose}" if context and len(prose.split()) <= FRAGMENT_WORDS
                               else prose)
    if ctx.ordinals:
        ordinals: dict[str, frozenset[int]] = store.memo.setdefault("record_ordinals", {})
        for r in records:
            if r["id"] not in ordinals:
                ordinals[r["id"]] = ordinals_in(_words(r))
            ctx.record_ordinals[r["id"]] = ordinals[r["id"]]
    own: dict[str, set[str]] = store.memo.setdefault("own_entities", {})
    for rec in records:
        if rec["id"] not in own:
            own[rec["id"]] = record_entities(rec, {})
    ctx.refs = own  # the same sets alignment weighs (an entity's own id among them)
    countries = entity_countries(store, {r for rec in records for r in own[rec["id"]]}
                                 | {e for m in named for e in m.entities})
    implied = {m.text: frozenset(countries[e] for e in m.entities if e in countries) for m in named}
    country_names = entity_names(store, set().union(*implied.values()) if implied else set())
    for name, ids in implied.items():
        ctx.implied[name] = ids
        ctx.implied_stems[name] = frozenset().union(*stems.of([country_names.get(i, i) for i in ids])) \
            if ids else frozenset({""})
    # a record's entities with their countries, and all its names, once a run
    full_entities: dict[str, set[str]] = store.memo.setdefault("full_entities", {})
    all_names: dict[str, frozenset[str]] = store.memo.setdefault("all_names", {})
    for r, p in zip(records, parts, strict=True):
        if r["id"] not in full_entities:
            full_entities[r["id"]] = record_entities(r, countries)
            all_names[r["id"]] = frozenset().union(*p.variants, p.headline)
    ctx.demonyms = setup["demonyms"]
    ctx.raw_names = {r["id"]: all_names[r["id"]] for r in records}
    folded = fold(prose)
    ctx.origins = _after_words(named, folded, ("from",))
    ctx.scoped = bool(phrases().scope.search(prose))
    ctx.record_places = {r["id"]: frozenset(countries[e] for e in r.get("places", []) if e in countries)
                         for r in records if r["kind"] == "event"}
    ctx.countries_named = frozenset({e for m in named for e in m.entities if m.country}).union(*implied.values())
    units = sorted({r["unit"] for r in records if r.get("unit")})
    ctx.units = dict(zip(units, stems.of([u.replace("/", " ") for u in units]), strict=True))
    candidates_here = list(zip(records, heads, words, kinds, strict=True))
    # Entities agree clause by clause when the sentence has several ("the Emir made a state
    # visit in October 2022 ...; Smailov visited Doha in May 2023"), else once.
    whole = [(r, h, w, k, specific(ctx, full_entities[r["id"]])) for r, h, w, k in candidates_here
             if entities_agree(ctx, full_entities[r["id"]], w, all_names[r["id"]])]
    for claim, noun, clause, own_clause, clause_said in zip(claims, noun_stems, clauses, found_clauses, clause_stems,
                                                            strict=True):
        # A claim is weighed by the words of its own clause ("relations were established
        # in 1993 and the embassy opened in 2007": 2007 is the embassy's)
        aside = _set_aside(text, claim.start, claim.end)
        # The names weighed by the entity slots are left out of the headline words, but a
        # word the clause says outside another clause's name is the clause's own ("set up
        # its embassy in Doha in 2007, and ... the Qatari embassy in Astana")
        folded_clause = fold(clause)
        in_clause = [m for m in named if m.text in folded_clause]
        clause_names = frozenset().union(*(name_stems[m.text] for m in in_clause))
        unnamed = clause_names | (ctx.name_stems - clause_said)
        claim_ctx = replace(ctx, stems=clause_said | ctx.name_stems, name_stems=unnamed, aside=aside, said_steps={},
                            clause_stems=clause_said, totalled=bool(phrases().total.search(clause)),
                            clause_entities=frozenset(e for m in in_clause if not m.country for e in m.entities),
                            ordinals=ordinals_in(clause, attached=True) if ctx.ordinals else frozenset(),
                            proper=ctx.proper & clause_said,  # another clause's names are its own
                            destinations=_destinations(in_clause, folded_clause))
        aligned = []
        owners = _owners(in_clause, folded_clause)
        if len(set(clauses)) > 1:  # each clause its own names (those of its headings and headers too)
            by_clause = replace(ctx, mentions=in_clause)
            # a place, organisation or person only another clause names is that clause's:
            # "The Qatari mission opened in 2008, a year after Kazakhstan's mission in Doha"
            # (a clause that names no one, "against 15,000 in 2022", is elliptical: its names
            # are those of the clause before)
            elsewhere = {e for m in named if m not in in_clause and not m.country
                         for e in m.entities} - claim_ctx.clause_entities if in_clause else set()
            if not in_clause:
                # ... but not of a clause after it that sets another subject against it:
                # "553 of them in 2022 and about 1,000 in 2023, while some 14,000 Kazakhstanis
                # flew the other way" (its countries too: the contrast is of whose)
                elsewhere = _contrasted_names(prose, own_clause, claim, named)
            fitting = [(r, h, w, k, specific(by_clause, full_entities[r["id"]])) for r, h, w, k in candidates_here
                       if entities_agree(by_clause, full_entities[r["id"]], w, all_names[r["id"]])
                       and not (own[r["id"]] & elsewhere and not own[r["id"]] & claim_ctx.clause_entities)]
        else:
            fitting = whole
        if owners:  # "Qatar's embassy", "the Qatari mission", "Qatar opened its embassy"
            fitting = [f for f in fitting if not _owned(f[0]) or owners & set(f[0].get("actors", []))]
        for record, head, word, kind_words, named_here in fitting:
            if claim.kind == "date":
                aligned += align_date(claim, record, claim_ctx, head, named_here, kind_words, word)
            else:
                one = align_quantity(claim, record, claim_ctx, head, word, noun)
                if one is not None:
                    aligned.append(one)
        out.append((claim, judge(claim, aligned)))
    return out
