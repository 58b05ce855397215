"""Subject matching and verdicts: which record a claim is about, and whether it agrees.

A sentence is matched to records by the words and entities they share, each weighed by how
rare it is among the records (so "Qatar" counts for little and "mosque" for a lot). A
claim is then compared with the values of the records on its subject:

- supported: a record on the subject holds the value, within the record's own qualifier;
- contradicted: no record on the subject holds it and the best match is strong, so the
  record's value is shown; a weak match never contradicts (a false alarm costs a writer
  more than a miss);
- disputed: the best match is a record marked disputed;
- unverifiable: no record is on the subject.
"""

from __future__ import annotations

import math
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kzqa.checker.claims import Claim, Sentence
from kzqa.cite import short_cite
from kzqa.dates import EdtfError, parse_edtf, show_edtf
from kzqa.text import fold

Record = dict[str, Any]

# Subject scores are sums of word rarities, in units of a word that only one record has.
# A claim is supported only by a record whose subject score reaches SUPPORT, and
# contradicted only when the best record on its own clause reaches CONTRADICT.
SUPPORT = 0.85
CONTRADICT = 1.45
# How much the words outside a claim's own clause count towards its subject.
OUTSIDE_CLAUSE = 0.5
# A date record wider than this cannot support a claim (it only fails to contradict it).
WIDEST_SUPPORT_DAYS = 3 * 366
APPROXIMATE = 0.10
# A supporting record must score at least this share of the best record on the claim's kind.
RELATIVE = 0.6
# A vaguely consistent record blocks a contradiction when it scores this share of the best.
BLOCK = 0.8
OPEN_BLOCK = 0.95  # an open interval ("before 2025") blocks only as the best match itself
PERIOD_BONUS = 0.3
# Names found through entity aliases count for this much of their rarity (their words count too).
ENTITY = 0.5
# A record whose title the sentence nearly all says is on the subject at a lower score.
TITLE_MATCH = 0.8
TITLE_MATCH_FLOOR = 0.6
# A contradiction needs this much of its subject said in the claim's own clause.
CLAUSE_MIN = 0.4
# Records scoring this share of the best are all candidates for the value shown as expected.
NEAR_BEST = 0.85

_STOPWORDS = frozenset([
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "among", "an", "and",
    "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between",
    "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each",
    "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
    "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more",
    "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other",
    "our", "ours", "out", "over", "own", "per", "same", "she", "should", "so", "some", "such",
    "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this",
    "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what",
    "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    "yours", "year", "years", "month", "months", "day", "days", "week", "weeks", "time", "times",
    "first", "second", "third", "new", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "spring", "summer", "autumn", "fall",
    "winter", "million", "billion", "thousand", "trillion", "bn", "mn", "usd", "dollar", "dollars",
    "per", "cent", "percent", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "eleven", "twelve", "dozen", "hundred", "said", "says", "say", "according",
    "reported", "report", "around", "approximately", "roughly", "nearly", "almost", "some", "than",
    "while", "whose", "which", "who", "been", "being", "its", "it's"
])
_SUFFIXES = sorted(["ations", "ation", "ments", "ment", "ings", "ing", "ions", "ion", "ers", "ors",
                    "ies", "ied", "ed", "es", "er", "or", "ists", "ist", "ism", "ity", "s", "ly"],
                   key=len, reverse=True)
# Spelling variants and the words writers use for the records' words.
_SYNONYMS = {
    "defense": "defence", "center": "centre", "organization": "organisation", "program": "programme",
    "meter": "metre", "kilometer": "kilometre", "qatari": "qatar", "kazakhstani": "kazakh",
    "kazakhstan": "kazakh", "trip": "visit", "travel": "visit", "travelled": "visit",
    "traveled": "visit", "tourist": "visit", "tourists": "visit", "visitor": "visit",
    "accord": "agreement", "deal": "agreement", "pact": "agreement", "treaty": "agreement",
    "memorandum": "agreement", "memoranda": "agreement", "mou": "agreement",
    "facility": "plant", "facilities": "plant", "factory": "plant", "sell": "export",
    "turnover": "trade", "commerce": "trade", "landmass": "territory", "area": "territory",
    "chaired": "chair", "chairmanship": "chair", "chairs": "chair", "blockade": "crisis",
    "rupture": "crisis", "rift": "crisis", "donated": "contribution", "donation": "contribution",
    "paid": "contribution", "gave": "contribution", "given": "contribution", "contributed": "contribution",
    "opened": "establish", "open": "establish", "founded": "establish", "set": "establish",
    "amir": "emir", "clinic": "hospital", "endorsed": "ratify", "approved": "ratify",
    "ratified": "ratify", "ratification": "ratify", "endorse": "ratify", "approve": "ratify",
}
_DEMONYMS = {"kazakh": "kazakhstan", "qatari": "qatar", "turkish": "turkiye", "pakistani": "pakistan",
             "iranian": "iran", "saudi": "saudi-arabia", "emirati": "uae", "egyptian": "egypt",
             "bahraini": "bahrain", "chinese": "china", "russian": "russia", "american": "usa",
             "uzbek": "uzbekistan", "turkmen": "turkmenistan", "afghan": "afghanistan",
             "syrian": "syria", "omani": "oman", "ukrainian": "ukraine", "tajik": "tajikistan"}
_WORLD = (
    "Afghanistan,Albania,Algeria,Andorra,Angola,Argentina,Armenia,Australia,Austria,Azerbaijan,"
    "Bahamas,Bahrain,Bangladesh,Barbados,Belarus,Belgium,Belize,Benin,Bhutan,Bolivia,Bosnia,Botswana,"
    "Brazil,Brunei,Bulgaria,Burkina Faso,Burundi,Cambodia,Cameroon,Canada,Chad,Chile,China,Colombia,"
    "Comoros,Congo,Costa Rica,Croatia,Cuba,Cyprus,Czechia,Czech Republic,Denmark,Djibouti,Dominica,"
    "Ecuador,Egypt,El Salvador,Eritrea,Estonia,Eswatini,Ethiopia,Fiji,Finland,France,Gabon,Gambia,"
    "Georgia,Germany,Ghana,Greece,Grenada,Guatemala,Guinea,Guyana,Haiti,Honduras,Hungary,Iceland,"
    "India,Indonesia,Iran,Iraq,Ireland,Israel,Italy,Jamaica,Japan,Jordan,Kenya,Kiribati,Kosovo,Kuwait,"
    "Kyrgyzstan,Laos,Latvia,Lebanon,Lesotho,Liberia,Libya,Liechtenstein,Lithuania,Luxembourg,"
    "Madagascar,Malawi,Malaysia,Maldives,Mali,Malta,Mauritania,Mauritius,Mexico,Moldova,Monaco,"
    "Mongolia,Montenegro,Morocco,Mozambique,Myanmar,Namibia,Nepal,Netherlands,New Zealand,Nicaragua,"
    "Niger,Nigeria,North Korea,North Macedonia,Norway,Oman,Pakistan,Palestine,Panama,Paraguay,Peru,"
    "Philippines,Poland,Portugal,Romania,Russia,Rwanda,Saudi Arabia,Senegal,Serbia,Seychelles,"
    "Sierra Leone,Singapore,Slovakia,Slovenia,Somalia,South Africa,South Korea,South Sudan,Spain,"
    "Sri Lanka,Sudan,Suriname,Sweden,Switzerland,Syria,Taiwan,Tajikistan,Tanzania,Thailand,Togo,"
    "Tunisia,Turkey,Turkmenistan,Uganda,Ukraine,United Kingdom,Britain,Uruguay,Uzbekistan,Venezuela,"
    "Vietnam,Yemen,Zambia,Zimbabwe,Kazakhstan,Qatar,United States,United Arab Emirates"
)
_HOME = "kazakhstan"
_BASELINE_RE = re.compile(r"\b(?:compar\w*|than|versus|vs\.?|relative\s+to|against)\b", re.IGNORECASE)
_ACRONYM_RE = re.compile(r"\b[A-Z][A-Z.]{1,5}\b")
_TOWARDS_RE = re.compile(r"\b(?:to|into|visited|visiting|visits|visit)\s+(?:the\s+)?$", re.IGNORECASE)
_TOKEN_RE = re.compile(r"[^\W\d_][\w'’-]*")
_CLAUSE_BREAK_RE = re.compile(
    r"[,;:]|—|\s[–-]\s|\b(?:while|whereas|but|which|who|whose|although|though)\b"
    r"|\band\b(?!\s+(?:again\s+)?(?:in\s+)?(?:\d|January|February|March|April|May|June|July|August"
    r"|September|October|November|December)\b)(?<!\d\sand)",
    re.IGNORECASE)
_MILESTONE_RES = {
    "signed": re.compile(r"\b(?:sign(?:ed|ing|s)?|inked|concluded)\b", re.I),
    "ratified": re.compile(r"\b(?:ratif\w*|endors\w*|approv\w*)\b", re.I),
    "in force": re.compile(r"\b(?:in(?:to)?\s+force|took\s+effect|effective)\b", re.I),
    "announced": re.compile(r"\b(?:announc\w*|propos\w*|unveil\w*)\b", re.I),
    "committed": re.compile(r"\b(?:commit\w*|pledg\w*|allocat\w*)\b", re.I),
    "started": re.compile(r"\b(?:start\w*|began|begun|begin\w*|launch\w*|broke\s+(?:out|ground)|erupt\w*)\b", re.I),
    "completed": re.compile(r"\b(?:complet\w*|finish\w*|inaugurat\w*)\b", re.I),
    "ended": re.compile(r"\b(?:ended|ending|ends|lifted|was\s+resolved|until)\b", re.I),
}
_KIND_MILESTONES = {"agreement": {"signed", "ratified", "in force", "ended"},
                    "project": {"announced", "committed", "started", "completed"},
                    "event": {"started", "ended"}}
_QUALIFIER_WORDS = {"exact": "", "approximately": "about", "more-than": "more than",
                    "at-least": "at least", "up-to": "up to", "less-than": "less than"}


@lru_cache(maxsize=65536)
def term(word: str) -> str | None:
    """A folded word reduced to a matching key ('visitors' -> 'visit'); None for stopwords."""
    if word in _STOPWORDS or len(word) < 3 or word.isdigit():
        return None
    word = _SYNONYMS.get(word, word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    word = _SYNONYMS.get(word, word)
    return word[:6]


def terms(text: str) -> list[tuple[int, str]]:
    """(offset, key) for every content word of a text."""
    return [(m.start(), key) for m in _TOKEN_RE.finditer(text) for key in _keys(m.group(0))]


@lru_cache(maxsize=65536)
def _keys(token: str) -> tuple[str, ...]:
    return tuple(k for k in (term(part) for part in fold(token).split()) if k)


@dataclass(slots=True)
class Facet:
    """One checkable value of a record: an amount, a figure, or a dated milestone."""

    record: int  # index into Index.records
    kind: str  # "money", "count" or "date"
    label: str  # "amount", "value", "date", "signed", "ratified", ..., "period"
    value: float | None = None
    unit: str | None = None
    qualifier: str = "exact"
    edtf: str | None = None
    lower: int = 0
    upper: int = 0
    start: tuple[int, int] | None = None  # an interval's first and last point, for "began"/"ended"
    end: tuple[int, int] | None = None
    period: tuple[int, int] | None = None  # what time a figure is for
    period_text: str | None = None
    approximate: bool = False
    open: bool = False  # an interval with an open or unknown end: "../2025-04-08"


@dataclass(slots=True)
class Verdict:
    claim: Claim
    verdict: str
    record: Record | None = None
    facet: Facet | None = None
    note: str = ""


@dataclass
class _Profile:
    weights: dict[str, float] = field(default_factory=dict)
    titles: list[set[str]] = field(default_factory=list)  # the words of its title (and aliases)
    entities: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)


def _date_bounds(text: str) -> tuple[int, int, tuple[int, int] | None, tuple[int, int] | None, bool, bool] | None:
    try:
        parsed = parse_edtf(text)
    except EdtfError:
        return None
    start = (parsed.start.lower, parsed.start.upper) if parsed.interval and parsed.start else None
    end = (parsed.end.lower, parsed.end.upper) if parsed.interval and parsed.end else None
    return parsed.lower, parsed.upper, start, end, parsed.uncertain, parsed.interval and not (start and end)


def _is_currency(unit: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{3}", unit))


def _unit_key(unit: str) -> str:
    unit = unit.lower().strip()
    if unit.startswith("flights"):
        return unit
    return unit.rstrip("s")


class Index:
    """Everything the checker needs from the records, built once per run."""

    def __init__(self, records: Iterable[Record]):
        all_records = list(records)
        self.sources = {r["id"]: r for r in all_records if r["kind"] == "source"}
        entities = [r for r in all_records if r["kind"] == "entity"]
        self.entity_type = {ent["id"]: ent.get("type", "") for ent in entities}
        self.entity_country: dict[str, str] = {ent["id"]: ent["country"] for ent in entities if ent.get("country")}
        self.aliases: dict[str, set[str]] = {}
        self.acronyms: dict[str, set[str]] = {}
        for ent in entities:
            for name in (ent.get("name", ""), *ent.get("aliases", [])):
                key = fold(name)
                if not key:
                    continue
                if len(key) <= 4 and name.replace(".", "").isupper():
                    self.acronyms.setdefault(name.replace(".", ""), set()).add(ent["id"])
                else:
                    self.aliases.setdefault(key, set()).add(ent["id"])
        for word, country in _DEMONYMS.items():
            if country in self.entity_type:
                self.aliases.setdefault(word, set()).add(country)
        for name in _WORLD.split(","):  # countries no record names are still other countries
            key = fold(name)
            if key not in self.aliases:
                self.aliases[key] = {f"country:{key}"}
                self.entity_type[f"country:{key}"] = "country"
        sizes: dict[str, set[int]] = {}
        for key in self.aliases:
            parts = key.split()
            sizes.setdefault(parts[0], set()).add(len(parts))
        # first word -> the lengths of the aliases it starts, longest first
        self.alias_sizes = {w: sorted(n, reverse=True) for w, n in sizes.items()}
        self.records = [r for r in all_records if r["kind"] not in ("source", "entity")]
        self.profiles = [self._profile(r) for r in self.records]
        n = len(self.records) or 1
        df: dict[str, int] = {}
        edf: dict[str, int] = {}
        for p in self.profiles:
            for t in p.weights:
                df[t] = df.get(t, 0) + 1
            for e in p.entities:
                edf[e] = edf.get(e, 0) + 1
        # rarity in units of a word found in one record only, so that the thresholds below
        # mean the same for the bundled records and for a small fact set of one's own
        unit = math.log((n + 1) / 1.5) or 1.0
        self.idf = {t: math.log((n + 1) / (c + 0.5)) / unit for t, c in df.items()}
        self.entity_idf = {e: math.log((n + 1) / (c + 0.5)) / unit for e, c in edf.items()}
        self.postings: dict[str, list[tuple[int, float]]] = {}
        self.entity_postings: dict[str, list[int]] = {}
        for i, p in enumerate(self.profiles):
            for t, w in p.weights.items():
                self.postings.setdefault(t, []).append((i, w))
            for e in p.entities:
                self.entity_postings.setdefault(e, []).append(i)
        self.destinations = [self._record_destination(r) for r in self.records]
        self.facets: dict[str, list[Facet]] = {"money": [], "count": [], "date": []}
        self.period_facets: dict[int, list[Facet]] = {}
        for i, r in enumerate(self.records):
            for facet in self._facets(i, r):
                self.facets[facet.kind].append(facet)

    # -- building -------------------------------------------------------------------------
    def entities_in(self, text: str) -> list[tuple[int, str]]:
        """(offset, entity id) for every entity named in a text, by name, alias or demonym."""
        found: list[tuple[int, str]] = []
        words = [(m.start(), w) for m in _TOKEN_RE.finditer(text) for w in fold(m.group(0)).split()]
        i = 0
        while i < len(words):
            matched = 0
            for size in self.alias_sizes.get(words[i][1], ()):
                if i + size <= len(words):
                    ids = self.aliases.get(" ".join(w for _, w in words[i:i + size]))
                    if ids:
                        found.extend((words[i][0], e) for e in ids)
                        matched = size
                        break
            i += matched or 1
        for m in _ACRONYM_RE.finditer(text):
            ids = self.acronyms.get(m.group(0).replace(".", ""))
            if ids:
                found.extend((m.start(), e) for e in ids)
        return found

    def countries_of(self, entity_ids: Iterable[str]) -> set[str]:
        out = set()
        for e in entity_ids:
            if self.entity_type.get(e) == "country":
                out.add(e)
            elif e in self.entity_country:
                out.add(self.entity_country[e])
        return out

    def destination(self, text: str, entities: list[tuple[int, str]] | None = None) -> str | None:
        """The country a text says something goes to: 'visitors to Kazakhstan', 'visited Doha'."""
        for pos, e in entities if entities is not None else self.entities_in(text):
            if _TOWARDS_RE.search(text, max(0, pos - 16), pos):
                countries = self.countries_of([e])
                if countries:
                    return next(iter(countries))
        return None

    def _record_destination(self, r: Record) -> str | None:
        for text in (r.get("measure", "").replace("-", " "), r.get("title", "")):
            found = self.destination(text) if text else None
            if found:
                return found
        return None

    def _profile(self, r: Record) -> _Profile:
        p = _Profile()
        title = f"{r.get('title', '')} {r.get('name', '')} {r.get('measure', '').replace('-', ' ')}"
        p.titles = [{k for _, k in terms(t)} for t in (title, *r.get("aliases", []))]
        p.titles = [t for t in p.titles if t]
        texts: list[tuple[str, float]] = [(r.get("title", ""), 1.0), (r.get("name", ""), 1.0)]
        texts += [(a, 1.0) for a in r.get("aliases", [])]
        texts.append((r.get("measure", "").replace("-", " "), 1.0))
        texts.append((r.get("summary", ""), 0.6))
        texts += [(c.get("quote", ""), 0.6) for c in r.get("citations", [])]
        texts += [(t, 0.5) for t in r.get("topics", [])]
        texts += [(s, 0.5) for s in r.get("sectors", [])]
        for text, weight in texts:
            if not text:
                continue
            for _, key in terms(text):
                if p.weights.get(key, 0.0) < weight:
                    p.weights[key] = weight
            if weight >= 0.6:
                p.entities.update(e for _, e in self.entities_in(text))
        for name in ("actors", "places", "countries", "parties", "signatories", "location", "partners"):
            p.entities.update(r.get(name) or [])
        for name in ("signed_place", "country"):
            if r.get(name):
                p.entities.add(r[name])
        p.countries = self.countries_of(p.entities)
        return p

    def _facets(self, i: int, r: Record) -> list[Facet]:
        out: list[Facet] = []
        kind = r["kind"]
        if kind == "figure" and r.get("value") is not None:
            unit = r.get("unit", "")
            facet = Facet(i, "money" if _is_currency(unit) else "count", "value", float(r["value"]),
                          unit, r.get("qualifier") or "exact")
            if r.get("period"):
                bounds = _date_bounds(r["period"])
                if bounds:
                    facet.period = (bounds[0], bounds[1])
                    facet.period_text = r["period"]
                    period = Facet(i, "date", "period", edtf=r["period"], lower=bounds[0], upper=bounds[1],
                                   start=bounds[2], end=bounds[3], approximate=bounds[4], open=bounds[5])
                    self.period_facets.setdefault(i, []).append(period)
            out.append(facet)
        if kind == "project" and isinstance(r.get("amount"), dict) and r["amount"].get("value") is not None:
            amount = r["amount"]
            out.append(Facet(i, "money", "amount", float(amount["value"]), amount.get("currency", ""),
                             amount.get("qualifier") or "exact"))
        dated: list[tuple[str, str | None]] = []
        if kind == "event":
            dated.append(("date", r.get("date")))
        elif kind == "agreement":
            dated += [("signed", r.get("signed")), ("in force", r.get("in_force")), ("ended", r.get("ended"))]
            ratification = r.get("ratification") or {}
            dated.append(("ratified", ratification.get("date") if isinstance(ratification, dict) else None))
        elif kind == "project":
            dated += [(m, r.get(m)) for m in ("announced", "committed", "started", "completed")]
        for label, text in dated:
            if not text:
                continue
            bounds = _date_bounds(text)
            if bounds:
                out.append(Facet(i, "date", label, edtf=text, lower=bounds[0], upper=bounds[1],
                                 start=bounds[2], end=bounds[3], approximate=bounds[4], open=bounds[5]))
        return out

    # -- judging --------------------------------------------------------------------------
    def judge(self, sentence: Sentence) -> list[Verdict]:
        """A verdict for every claim of a sentence."""
        text = sentence.text
        sent_terms = terms(text)
        sent_entities = self.entities_in(text)
        foreign = self.countries_of(e for _, e in sent_entities) - {_HOME}
        full: dict[int, float] = {}
        for key in {k for _, k in sent_terms}:
            idf = self.idf.get(key)
            if idf is None:
                continue
            for i, w in self.postings[key]:
                full[i] = full.get(i, 0.0) + idf * w
        for e in {e for _, e in sent_entities}:
            idf = self.entity_idf.get(e)
            if idf is None:
                continue
            for i in self.entity_postings[e]:
                full[i] = full.get(i, 0.0) + ENTITY * idf
        clauses = _clauses(text)
        ctx = _Context(sentence, sent_terms, sent_entities, foreign, full, clauses,
                       self.destination(text, sent_entities), {k for _, k in sent_terms})
        verdicts: dict[int, Verdict] = {}
        matched_periods: dict[int, list[_Candidate]] = {}
        for n, claim in enumerate(sentence.claims):
            if claim.kind != "date":
                verdict, period_matches = self._judge_value(claim, ctx)
                verdicts[n] = verdict
                date_n = _nearest_date(sentence, claim, clauses)
                if date_n is not None:
                    matched_periods.setdefault(date_n, []).extend(period_matches)
        for n, claim in enumerate(sentence.claims):
            if claim.kind == "date":
                verdicts[n] = self._judge_date(claim, ctx, matched_periods.get(n, []))
        return [verdicts[n] for n in range(len(sentence.claims))]

    def _local(self, claim: Claim, ctx: _Context, i: int) -> tuple[float, float]:
        """The subject score of record i weighed towards the claim's own clause, and the part
        of it that comes from the clause itself."""
        lo, hi = _clause_of(ctx.clauses, claim.start - ctx.sentence.start)
        weights = self.profiles[i].weights
        best = _clause_factors(ctx.terms, weights, lo, hi)
        ents = self.profiles[i].entities
        seen = _clause_factors(ctx.entities, ents, lo, hi)
        parts = [(self.idf[k] * weights[k] * f, f) for k, f in best.items()]
        parts += [(ENTITY * self.entity_idf.get(e, 0.0) * f, f) for e, f in seen.items()]
        return sum(p for p, _ in parts), sum(p for p, f in parts if f == 1.0)

    def coverage(self, ctx: _Context, i: int) -> float:
        """How much of the record's title the sentence says (0-1), weighed by rarity."""
        said = ctx.term_set
        best = 0.0
        for title in self.profiles[i].titles:
            total = sum(self.idf.get(k, 0.0) for k in title)
            if total > 0:
                best = max(best, sum(self.idf.get(k, 0.0) for k in title if k in said) / total)
        return best

    def _strong(self, c: _Candidate, ctx: _Context) -> bool:
        """Whether a record is surely what the claim is about: a strong match weighed to the
        claim's clause, or a fair one that says nearly all of the record's title, and in
        either case some of it said in the claim's own clause."""
        if c.inside < CLAUSE_MIN:
            return False
        return c.local >= CONTRADICT or (
            c.local >= TITLE_MATCH_FLOOR and self.coverage(ctx, c.facet.record) >= TITLE_MATCH)

    def _supports(self, c: _Candidate, top_inside: float, ctx: _Context) -> bool:
        """Whether a record is on the claim's subject enough to support it: among the best
        matches for the claim's own clause, and a fair match for the sentence."""
        return c.inside >= RELATIVE * top_inside and (
            c.full >= SUPPORT or (c.full >= TITLE_MATCH_FLOOR and self.coverage(ctx, c.facet.record) >= TITLE_MATCH))

    def _eligible(self, i: int, ctx: _Context) -> bool:
        """False when the sentence is about another country than the record."""
        going = self.destinations[i]
        if ctx.destination and going and ctx.destination != going:
            return False  # visitors to Kazakhstan are not visitors to Qatar
        if not ctx.foreign:
            return True
        return bool(ctx.foreign & self.profiles[i].countries)

    def _candidate(self, claim: Claim, ctx: _Context, facet: Facet, bonus: float = 0.0,
                   bounds: tuple[int, int] | None = None) -> _Candidate:
        local, inside = self._local(claim, ctx, facet.record)
        return _Candidate(facet, ctx.full.get(facet.record, 0.0) + bonus, local + bonus, inside + bonus,
                          bounds or (facet.lower, facet.upper))

    def _judge_value(self, claim: Claim, ctx: _Context) -> tuple[Verdict, list[_Candidate]]:
        """A money or count claim against the figures and amounts of its unit."""
        date = _nearest_date(ctx.sentence, claim, ctx.clauses)
        when = ctx.sentence.claims[date] if date is not None else None
        noun = {k for _, k in terms(claim.text)}
        cands: list[_Candidate] = []
        for facet in self.facets[claim.kind]:
            if claim.kind == "money" and facet.unit != claim.unit:
                continue
            if claim.kind == "count" and not _same_unit(claim.unit or "", facet.unit or ""):
                continue
            if ctx.full.get(facet.record, 0.0) <= 0 or not self._eligible(facet.record, ctx):
                continue
            # the claim's own noun ("beds", "tourists") and the figure's period count extra
            weights = self.profiles[facet.record].weights
            bonus = sum(self.idf[k] * weights[k] for k in noun if k in weights)
            if when is not None and facet.period is not None and _period_ok(when, facet):
                bonus += PERIOD_BONUS
            cands.append(self._candidate(claim, ctx, facet, bonus))
        if not cands:
            return Verdict(claim, "unverifiable"), []
        top = max(c.inside for c in cands)
        periods: list[_Candidate] = []
        support = []
        for c in cands:
            if _value_ok(claim, c.facet) and self._supports(c, top, ctx):
                support.append((_period_ok(when, c.facet), c.local, c))
                for p in self.period_facets.get(c.facet.record, []):
                    periods.append(_Candidate(p, c.full, c.local, c.inside, (p.lower, p.upper)))
        if support:
            best = max(support, key=lambda s: (s[0], s[1]))[2]
            return self._verdict(claim, "supported", best.facet), periods
        strong = [c for c in cands if _period_ok(when, c.facet) and self._strong(c, ctx)]
        if strong and not any(_value_ok(claim, c.facet) for c in strong):
            top_strong = max(c.local for c in strong)
            near = [c.facet for c in strong if c.local >= NEAR_BEST * top_strong]
            facet = min(near, key=lambda f: abs(math.log((f.value or 1) / (claim.value or 1)))
                        if f.value and claim.value else 0.0)
            best = next(c for c in strong if c.facet is facet)
            for p in self.period_facets.get(facet.record, []):  # the year is the figure's, not an event's
                periods.append(_Candidate(p, best.full, best.local, best.inside, (p.lower, p.upper)))
            return self._verdict(claim, "contradicted", facet), periods
        return Verdict(claim, "unverifiable"), periods

    def _judge_date(self, claim: Claim, ctx: _Context, periods: list[_Candidate]) -> Verdict:
        """A date against the dated records, and the periods of figures its numbers matched."""
        milestone = _milestone(ctx, claim)
        cands: list[_Candidate] = list(periods)
        for facet in self.facets["date"]:
            # a record below the floor can neither support nor contradict: skip its scoring
            if ctx.full.get(facet.record, 0.0) < TITLE_MATCH_FLOOR or not self._eligible(facet.record, ctx):
                continue
            kind = self.records[facet.record]["kind"]
            bounds = (facet.lower, facet.upper)
            if milestone and milestone in _KIND_MILESTONES.get(kind, ()):
                if kind == "event":
                    point = facet.start if milestone == "started" else facet.end
                    if point:
                        bounds = point
                elif facet.label != milestone:
                    continue
            cands.append(self._candidate(claim, ctx, facet, bounds=bounds))
        if not cands:
            return Verdict(claim, "unverifiable")
        top = max(c.inside for c in cands)
        support = []
        for c in cands:
            facet = c.facet
            if _dates_overlap(claim, c.bounds, facet.approximate) and self._supports(c, top, ctx):
                # a wide interval supports a date only at one of its ends ("began in June 2017")
                ends = [p for p in (facet.start, facet.end) if p and p[1] - p[0] <= WIDEST_SUPPORT_DAYS]
                if c.bounds[1] - c.bounds[0] <= WIDEST_SUPPORT_DAYS or any(
                        _dates_overlap(claim, p, facet.approximate) for p in ends):
                    support.append(c)
        if support:
            return self._verdict(claim, "supported", max(support, key=lambda c: c.local).facet)
        strong = [c for c in cands if self._strong(c, ctx)]
        best_local = max((c.local for c in strong), default=0.0)
        against = []
        for c in strong:
            if _dates_overlap(claim, c.bounds, c.facet.approximate):
                if c.local >= (OPEN_BLOCK if c.facet.open else BLOCK) * best_local:
                    return Verdict(claim, "unverifiable")  # a record as strong agrees, if vaguely
            else:
                against.append(c)
        if against:
            top_against = max(c.local for c in against)
            near = [c for c in against if c.local >= NEAR_BEST * top_against]
            best = min(near, key=lambda c: min(abs(c.bounds[0] - (claim.lower or 0)),
                                               abs(c.bounds[1] - (claim.upper or 0))))
            return self._verdict(claim, "contradicted", best.facet)
        return Verdict(claim, "unverifiable")

    def _verdict(self, claim: Claim, verdict: str, facet: Facet) -> Verdict:
        record = self.records[facet.record]
        if record.get("disputed"):
            verdict = "disputed"
        return Verdict(claim, verdict, record, facet)

    # -- showing --------------------------------------------------------------------------
    def expected(self, facet: Facet) -> str:
        if facet.kind == "date":
            shown = show_edtf(facet.edtf)
            return shown if facet.label in ("date", "period") else f"{facet.label} {shown}"
        words = _QUALIFIER_WORDS.get(facet.qualifier, "")
        number = _human(facet.value or 0.0)
        body = f"{facet.unit} {number}" if _is_currency(facet.unit or "") else f"{number} {facet.unit}"
        if facet.period_text:
            body += f" ({show_edtf(facet.period_text)})"
        return f"{words} {body}".strip()

    def cite(self, record: Record, claim: Claim) -> tuple[str, str, str]:
        """(source id, short cite, quote) of the citation that best states the claim."""
        citations = record.get("citations") or []
        if not citations:
            return "", "", ""
        digits = re.sub(r"\D", "", claim.text)

        def fit(c: dict[str, Any]) -> int:
            quote = c.get("quote", "")
            return (2 if digits and digits in re.sub(r"\D", "", quote) else 0) + (
                1 if c.get("source") in self.sources and self.sources[c["source"]].get("authors") else 0)

        best = max(citations, key=fit)
        source_id = best.get("source", "")
        return source_id, self.short_cite(source_id), best.get("quote", "")

    def short_cite(self, source_id: str) -> str:
        """'Ahmad et al. n.d.', 'Syed 2024': the cite form `kzqa sources` shows."""
        source = self.sources.get(source_id)
        return short_cite(source) if source else source_id


@dataclass(slots=True)
class _Candidate:
    """A record value a claim may be about, with its subject scores for that claim."""

    facet: Facet
    full: float  # the whole sentence's match
    local: float  # weighed towards the claim's clause
    inside: float  # the part said in the claim's clause itself
    bounds: tuple[int, int]  # for dates: the days compared (a milestone's, an interval end's)


@dataclass(slots=True)
class _Context:
    sentence: Sentence
    terms: list[tuple[int, str]]
    entities: list[tuple[int, str]]
    foreign: set[str]
    full: dict[int, float]
    clauses: list[tuple[int, int]]
    destination: str | None
    term_set: set[str] = field(default_factory=set)


def _clauses(text: str) -> list[tuple[int, int]]:
    """Clause spans of a sentence; one that is only a date phrase joins the next clause."""
    spans = []
    start = 0
    for m in _CLAUSE_BREAK_RE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))

    def content(span: tuple[int, int]) -> int:
        return sum(1 for _ in terms(text[span[0]:span[1]]))

    merged: list[tuple[int, int]] = []
    carry: int | None = None
    for i, span in enumerate(spans):
        lo = carry if carry is not None else span[0]
        if content((lo, span[1])) < 2 and i < len(spans) - 1:
            carry = lo
            continue
        carry = None
        if content((lo, span[1])) == 0 and merged:
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append((lo, span[1]))
    return merged or [(0, len(text))]


def _clause_of(clauses: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for lo, hi in clauses:
        if lo <= pos < hi:
            return lo, hi
    return clauses[-1]


def _nearest_date(sentence: Sentence, claim: Claim, clauses: list[tuple[int, int]]) -> int | None:
    """The date a number is for: the nearest date in the number's own clause, if any."""
    lo, hi = _clause_of(clauses, claim.start - sentence.start)
    best, best_d = None, 10**9
    for n, other in enumerate(sentence.claims):
        if other.kind != "date" or not lo <= other.start - sentence.start < hi:
            continue
        gap = (min(claim.end, other.end) - sentence.start, max(claim.start, other.start) - sentence.start)
        between = sentence.text[gap[0]:gap[1]]
        if _BASELINE_RE.search(between):
            continue  # "17 times ... compared with the same period of 2022": 2022 is the baseline
        d = other.start - claim.end if other.start >= claim.end else claim.start - other.end
        if d < best_d:
            best, best_d = n, d
    return best


def _milestone(ctx: _Context, claim: Claim) -> str | None:
    """The milestone a date is given for ('signed', 'ratified', 'started', ...), if said."""
    lo, hi = _clause_of(ctx.clauses, claim.start - ctx.sentence.start)
    clause = ctx.sentence.text[lo:hi]
    pos = claim.start - ctx.sentence.start - lo
    best, best_d = None, 10**6
    for name, pattern in _MILESTONE_RES.items():
        for m in pattern.finditer(clause):
            d = abs(m.start() - pos)
            if d < best_d:
                best, best_d = name, d
    return best


def _same_unit(claim_unit: str, record_unit: str) -> bool:
    a, b = _unit_key(claim_unit), _unit_key(record_unit)
    if a == "flights" and b.startswith("flights"):
        return True
    aliases = {"people": {"people", "person", "visitor", "tourist"}, "item": {"item", "categorie", "product"},
               "agreement": {"agreement", "document", "memoranda"}, "citie": {"citie", "city"}}
    for group in aliases.values():
        if a in group and b in group:
            return True
    return a == b


def _round_sig(x: float, digits: int) -> float:
    if x == 0:
        return 0.0
    return round(x, -math.floor(math.log10(abs(x))) + digits - 1)


def _value_ok(claim: Claim, facet: Facet) -> bool:
    """Whether the claimed value lies within what the record says, its qualifier included."""
    v, x = claim.value or 0.0, facet.value or 0.0
    if x == 0 or v == 0:
        return v == x
    rq, cq = facet.qualifier, claim.qualifier
    if cq in ("more-than", "at-least") and rq not in ("more-than", "at-least"):
        return v * 0.99 <= x <= v * 1.5
    if cq in ("up-to", "less-than") and rq not in ("up-to", "less-than"):
        return v * 0.5 <= x <= v * 1.01
    if rq in ("more-than", "at-least"):
        return x * 0.99 <= v <= x * 1.25
    if rq in ("up-to", "less-than"):
        return x * 0.8 <= v <= x * 1.01
    if rq == "approximately" or cq == "approximately":
        return abs(v - x) <= APPROXIMATE * x
    return abs(v - x) <= 0.005 * x or _round_sig(x, claim.digits or 1) == v


def _period_ok(when: Claim | None, facet: Facet) -> bool:
    if when is None or facet.period is None:
        return True
    return _dates_overlap(when, facet.period, False)


def _dates_overlap(claim: Claim, bounds: tuple[int, int], approximate: bool) -> bool:
    slack = 366 if approximate else 0
    return (claim.upper or 0) >= bounds[0] - slack and (claim.lower or 0) <= bounds[1] + slack


def _human(value: float) -> str:
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:,.3f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _clause_factors(found: Iterable[tuple[int, str]], wanted: Container[str], lo: int, hi: int) -> dict[str, float]:
    """For each wanted term found in the sentence, 1.0 if it occurs in the claim's clause
    (positions lo..hi), else OUTSIDE_CLAUSE."""
    factors: dict[str, float] = {}
    for pos, key in found:
        if key in wanted:
            factor = 1.0 if lo <= pos < hi else OUTSIDE_CLAUSE
            if factors.get(key, 0.0) < factor:
                factors[key] = factor
    return factors
