"""Alignment: whether a claim and a record are about the same thing, before any verdict.

A claim is compared only with a record whose slots agree (issue 10, design point 4):
- entities: every entity the sentence (with its heading or table row) names is among the
  record's countries, organisations, places and people, where a place, organisation or
  person also stands for its country;
- subject: the record's headline (title, aliases, measure, topics) shares a word with the
  sentence beyond those names, and a counted noun ("visitors") is in the record's words;
  a proper name the sentence uses that is no entity's (Dubai, Tashkent) is in the
  record's words too;
- quantity: money meets money in the same ISO 4217 currency, counts meet counts, percents
  meet percents, ranks meet ranks; a flow per day, week or year meets only the same rate;
  a claimed aim (a target, a plan) never meets an actual figure, nor an actual claim a
  target; a record's plan (a pact's worth) meets either, except a claim of money spent
  or received ("has invested"), which meets only what is or was;
- period: a claim's period and a record's overlap (2022 never meets 2024). A claim with
  no period meets records of any period; it may contradict one only when that record is
  its measure's only figure (so the claim cannot mean another period). A record with no
  period (a project's amount) meets any claim;
- dates: a date meets an agreement's or project's milestone or an event only when the
  sentence names the same step (signed, ratified, visited, established...; steps.toml).
  "Since" a state names the step that began it when the sentence says the record's whole
  headline ("diplomatic relations since 1993"); an agreement's date in brackets with no
  step said, or the date it "dates from", is its signing. A date that starts or ends what
  the sentence tells (its `role`) meets that end of a recorded span. A recurring event
  (a visit, a meeting) may be contradicted only by the same occurrence: dates that
  overlap or lie a few days apart, a claimed span that overlaps the record's, or the
  same ordinal in the sentence and the record ("the sixth meeting"); it is known by who
  and where (a person, place or organisation, or two of its actors), a one-time event
  (relations established, an embassy opened, an order conferred) by its headline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kzqa.checker.candidates import Mention, Stems, synonym_groups
from kzqa.checker.claims import Claim
from kzqa.dates import EdtfError, parse_edtf
from kzqa.store import ENTITY_REF_FIELDS, MILESTONES, Record, dotted, refs_of

TARGETS = {"target"}  # a record's aim
ACTUAL = {"actual", "estimate", "committed", "spent"}  # a record's figures of what is or was
ASPIRED = {"target", "plan"}  # a claim's aims: "aims to raise trade to", "proposed lifting trade to"
# What a claim of money spent or received ("has invested", "received") meets: figures of what
# is or was, not a pact's worth, a plan or a commitment.
DONE = {"actual", "estimate", "spent"}
# What a record's own words count for when they use the claim's noun ("tourists" in a note
# on visitors): as much of its headline as a contradiction needs (verdicts.COVERAGE).
NOUN_COVERAGE = 0.5
# A date is compared with a record the sentence does not name by a person, place or
# organisation only when it says this share of the record's headline words.
DATE_COVERAGE = 0.5
# "Since" names the step that began a state only when the sentence says all of the record's
# headline ("diplomatic relations since 1993"; "close business ties since 2017" is another tie).
START_COVERAGE = 1.0
RATIOS = {"times"}  # units of a multiplier, which only a multiplier meets
# A rank meets a record only when the sentence says this share of its headline: a rank
# of another measure is no evidence either way (issue 10's ranks across measures).
RANK_COVERAGE = 0.5


@lru_cache(maxsize=1)
def steps() -> dict[str, Any]:
    """steps.toml: the words of each milestone and event type, the one-time event types."""
    from kzqa.checker import data_file

    return data_file("steps.toml")


@dataclass
class Context:
    """What alignment knows of one sentence: its stems, the names it mentions."""

    stems: frozenset[str]
    mentions: list[Mention]
    step_stems: dict[str, dict[str, tuple[frozenset[str], ...]]]  # group -> name -> each phrase's stems
    periods: dict[str, int]  # measure -> how many figures it has
    name_stems: frozenset[str] = frozenset()  # the stems of the names the sentence mentions
    mention_stems: dict[str, frozenset[str]] = field(default_factory=dict)  # each name's stems
    # the countries each name's places, organisations and people lie in or belong to, and
    # the stems of those countries' names
    implied: dict[str, frozenset[str]] = field(default_factory=dict)
    implied_stems: dict[str, frozenset[str]] = field(default_factory=dict)
    synonyms: list[frozenset[str]] = field(default_factory=list)  # synonyms.toml's groups, stemmed
    # the stems of the proper names the sentence uses that are no entity's (Dubai, Tashkent,
    # the CIS): a record about the same thing uses them too
    proper: frozenset[str] = frozenset()
    # each candidate's names as stems: its title, each alias, its measure (record id ->)
    variants: dict[str, list[frozenset[str]]] = field(default_factory=dict)
    # the ordinals the sentence uses ("the sixth meeting", "his first state visit"), and
    # those of each candidate's words (record id ->): which occurrence an event is
    aside: bool = False  # the claim is written in brackets: "(December 2023)"
    organisations: list[frozenset[str]] = field(default_factory=list)  # the organisations and people it names
    places: list[frozenset[str]] = field(default_factory=list)  # the places (cities, regions) it names
    people: frozenset[str] = frozenset()  # the people it names
    compact_text: str = ""  # the sentence in letters and digits only, for identifiers
    country_ids: frozenset[str] = frozenset()  # every country entity's id
    said_steps: dict[str, frozenset[str]] = field(default_factory=dict)  # steps_said's memo
    place_stems: frozenset[str] = frozenset()  # the stems of every place's names in the records
    clause_entities: frozenset[str] = frozenset()  # the entities, not countries, a claim's clause names
    ordinals: frozenset[int] = frozenset()
    time_stems: frozenset[str] = frozenset()  # the stems of units of time: "years", "months"
    clause_stems: frozenset[str] = frozenset()  # the stems of the claim's own clause (empty: the sentence's)
    totalled: bool = False  # the claim's clause speaks of a total ("in total", "together with")
    record_ordinals: dict[str, frozenset[int]] = field(default_factory=dict)

    def coverage(self, record: Record, headline: frozenset[str], drop: frozenset[str] = frozenset(),
                 said: int = 0) -> float:
        """The largest share of one of the record's names (title, an alias, the measure),
        less `drop`, that the sentence says: a writer names a thing by one of its names.
        `said`: words of the record's names dropped from them (its type: "crisis") that the
        sentence says too."""
        best = 0.0
        for variant in self.variants.get(record["id"], [headline]):
            words = variant - drop
            if words:
                best = max(best, (len(words & self.stems) + said) / (len(words) + said))
        return best

    units: dict[str, frozenset[str]] = field(default_factory=dict)  # a figure unit's stems

    def unit_stems(self, unit: str) -> frozenset[str]:
        return self.units.get(unit, frozenset())

    # demonym stem -> its country (the country entities' forms: "qatari" -> qatar), and the
    # countries the sentence names or implies
    demonyms: dict[str, str] = field(default_factory=dict)
    countries_named: frozenset[str] = frozenset()
    origins: frozenset[str] = frozenset()  # the countries the sentence names after "from"
    scoped: bool = False  # the sentence widens its scope: "abroad", "worldwide", "in total"
    destinations: frozenset[str] = frozenset()  # ... after "to", "visited", "in"
    record_places: dict[str, frozenset[str]] = field(default_factory=dict)  # event id -> its places' countries
    hypernyms: list[tuple[frozenset[str], frozenset[str]]] = field(default_factory=list)  # (wide, narrow) stems
    raw_names: dict[str, frozenset[str]] = field(default_factory=dict)  # record id -> all its names' stems

    def same_direction(self, record: Record, headline: frozenset[str]) -> bool:
        """Whether a figure whose title says whose it is ("Qatari visitors to Kazakhstan")
        meets a sentence about the same ones: the sentence's demonyms ("Kazakh tourists")
        are of the same countries, and it names every country the figure is about."""
        theirs = {self.demonyms[w] for w in self.raw_names.get(record["id"], headline) if w in self.demonyms}
        if not theirs or record["kind"] != "figure":
            return True
        # the demonyms of the claim's own clause: "Qatari visitors ... from 553, while some
        # 40,000 Kazakhstanis went to Doha" has 553 of the Qatari visitors only; a clause with
        # none ("against 15,000 in 2022") is of those its sentence names
        ours = {self.demonyms[w] for w in self.clause_stems if w in self.demonyms} \
            or {self.demonyms[w] for w in self.stems if w in self.demonyms}
        ours |= self.origins
        if ours and not ours & theirs:
            return False
        if self.origins & theirs:  # "arrivals from Qatar": whose they are is said
            return True
        if ours and ours <= theirs and not self.scoped and self.countries_named <= set(record.get("countries", [])):
            return True  # "Qatari tourist numbers doubled": whose, with no word of another scope
        return set(record.get("countries", [])) <= self.countries_named


    def organisation_names(self) -> list[tuple[str, frozenset[str]]]:
        """(name as the sentence writes it, entity ids) of each organisation it names."""
        return [(m.text, m.entities) for m in self.mentions if m.entities in self.organisations
                and not m.entities & self.people]

    def steps_said(self, group: str) -> frozenset[str]:
        """The steps of a group ("milestones", "events") the sentence says, worked out once
        for the claim's context however many records it is weighed against."""
        found = self.said_steps.get(group)
        if found is None:
            found = self.said_steps[group] = frozenset(
                name for name, phrases in self.step_stems[group].items() if says(phrases, self.stems))
        return found

    refs: dict[str, set[str]] = field(default_factory=dict)  # record id -> the entities it names

    def refs_of(self, record: Record) -> set[str]:
        """The entities a record names (its entity fields), worked out once a run."""
        found = self.refs.get(record["id"])
        if found is None:
            found = self.refs[record["id"]] = set(refs_of(record, ENTITY_REF_FIELDS))
        return found

    def place_names(self) -> list[tuple[str, frozenset[str]]]:
        """(name as the sentence writes it, entity ids) of each place the sentence names."""
        return [(m.text, m.entities) for m in self.mentions if m.entities in self.places]

    def names_unsaid(self, words: frozenset[str]) -> bool:
        """Whether the sentence's proper names are not the record's words ("Dubai received
        ...", "the Order of Parasat"); as many of them as the record says, two at least, may
        be another spelling or a translation ("the Order 'Altyn Kyran' (Golden Eagle)")."""
        missing = self.proper - words
        return bool(missing) and len(self.proper & words) < max(2, len(missing))

    def single(self, record: Record) -> bool:
        """Whether the record is its measure's only figure (a project's amount always is)."""
        return self.periods.get(record.get("measure") or "", 1) <= 1


@dataclass
class Aligned:
    """A record a claim may be checked against, with the value or dates to compare.

    value/low/high: the record's number and the interval its qualifier allows (None for
    dates); lower/upper: the record's date bounds in days (for dates); step: the milestone
    or event type compared; coverage: the share of the record's headline words the sentence
    says (0..1); can_contradict: whether a mismatch is a contradiction or only unverifiable."""

    record: Record
    value: float | None
    unit: str | None
    qualifier: str
    lower: int | None
    upper: int | None
    date: str | None
    step: str
    coverage: float
    can_contradict: bool
    period: str | None
    # met only by its person and place, not by the step the sentence names ("held talks"
    # meets the visit): it gives way to a record of that step (verdicts.judge)
    loose: bool = False
    bounds: tuple[float, float] | None = None  # what the record allows, when not its qualifier's


def _compact(text: str) -> str:
    """Lower-case letters and digits only: "133-VIII ZRC" -> "133viiizrc"."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def with_synonyms(stems: Stems, said: frozenset[str]) -> frozenset[str]:
    """A sentence's stems and those of every synonym group (synonyms.toml) it touches."""
    if stems.synonyms is None:
        stems.synonyms = [frozenset().union(*stems.of(g)) for g in synonym_groups()]
    return said.union(*(g for g in stems.synonyms if g & said))


def with_synonyms_of(ctx: Context, said: frozenset[str]) -> frozenset[str]:
    """Stems and those of the synonym groups they touch (the groups stemmed in `ctx`)."""
    return said.union(*(g for g in ctx.synonyms if g & said))


def step_stems(stems: Stems) -> dict[str, dict[str, tuple[frozenset[str], ...]]]:
    """The stems of steps.toml's words, per milestone, event type and document type, each
    phrase apart: {"milestones"|"events"|"documents": {name: (stems of each phrase, ...)}}.
    A phrase is said when all its stems are ("began operating", not "co-operation")."""
    data = steps()
    groups = ("milestones", "events", "documents")
    stems.of([p for group in groups for name in data[group] for p in data[group][name]])  # one tokenizer pass
    out: dict[str, dict[str, tuple[frozenset[str], ...]]] = {}
    for group in groups:
        out[group] = {name: tuple(p for p in stems.of(list(data[group][name])) if p) for name in data[group]}
    return out


def says(phrases: tuple[frozenset[str], ...], said: frozenset[str]) -> bool:
    """Whether a sentence's stems hold every stem of one of the phrases."""
    return any(p <= said for p in phrases)


def record_entities(record: Record, countries: dict[str, str]) -> set[str]:
    """The entities a record names, with the country of each place, organisation or person."""
    refs = set(refs_of(record, ENTITY_REF_FIELDS))
    if record["kind"] == "entity":
        refs.add(record["id"])
    return refs | {countries[r] for r in refs if r in countries}


def entities_agree(ctx: Context, entities: set[str], words: frozenset[str],
                   names: frozenset[str] = frozenset()) -> bool:
    """Whether the record names every entity the sentence names. A place, organisation or
    person also stands for its country ("Doha" for Qatar's government), on either side: the
    record may name it, or its country, in its entity fields (`entities`, with the
    countries its own places and people imply) or in its own words. A country the record
    does not list may be in its own names (`names`: a decree "on signing the agreement
    with the State of Qatar" is about Qatar)."""
    nothing = frozenset({""})
    # a record that lists no country at all (a project agreement with no parties on record)
    # neither agrees nor disagrees with the countries a sentence names
    countryless = not entities & ctx.country_ids
    return all(m.entities & entities or (countryless or ctx.mention_stems.get(m.text, nothing) <= names
                                         if m.country else (
        ctx.implied.get(m.text, frozenset()) & entities
        or ctx.mention_stems.get(m.text, nothing) <= words
        or ctx.implied_stems.get(m.text, nothing) <= words)) for m in ctx.mentions)


def specific(ctx: Context, entities: set[str]) -> int:
    """How many of the record's entities other than countries the sentence names (0: none);
    two names of one entity ("Astana", "Nur-Sultan") count once."""
    return len({e for m in ctx.mentions if not m.country for e in m.entities & entities})



def _periods_meet(claim_period: str | None, record_period: str | None, flow: bool = False) -> bool:
    """Whether a claim's period and a record's overlap; for a `flow` (an actual amount over
    its period: trade, visitors) the claim's period may not be wider than the record's
    either: a quarter's growth says nothing of the year's."""
    if not claim_period or not record_period:
        return True
    try:
        a, b = parse_edtf(claim_period), parse_edtf(record_period)
    except EdtfError:
        return True
    if flow and (a.lower < b.lower or a.upper > b.upper):
        return False
    return a.lower <= b.upper and b.lower <= a.upper


def _record_quantity(record: Record) -> tuple[float, str, str, str, str | None, str] | None:
    """(value, unit, qualifier, basis, period, kind of quantity) of a figure or a project's amount."""
    if record["kind"] == "figure":
        unit = record["unit"]
        kind = "money" if len(unit) == 3 and unit.isupper() else "percent" if unit in ("%", "percent") else \
            "rank" if unit == "rank" else "count"
        return record["value"], unit, record["qualifier"], record["basis"], record.get("period"), kind
    amount = record.get("amount") if record["kind"] == "project" else None
    if amount:  # a project's amount is for the project, not for a period
        return amount["value"], amount["currency"], amount["qualifier"], amount["basis"], None, "money"
    return None


def _rate(unit: str) -> str | None:
    for rate, marks in (("week", ("/week", "per week")), ("day", ("/day", "per day")),
                        ("month", ("/month", "per month")), ("year", ("/year", "per year"))):
        if any(m in unit for m in marks):
            return rate
    return None


def align_quantity(claim: Claim, record: Record, ctx: Context, headline: frozenset[str],
                   words: frozenset[str], noun: frozenset[str]) -> Aligned | None:
    """The record's value to compare with a quantity claim, or None when they are not about
    the same quantity (see the module's rules)."""
    quantity = _record_quantity(record)
    if quantity is None or ctx.names_unsaid(words):
        return None
    # An organisation the clause names that the record does not: another's money
    # ("Elegancia Healthcare will invest USD 100 million" is not the governments' pact).
    if claim.kind == "money" and any(ids & ctx.clause_entities and not ids & ctx.refs_of(record)
           and not ctx.mention_stems.get(name, frozenset({""})) <= words for name, ids in ctx.organisation_names()):
        return None
    # A figure of one place is not of another: 14 flights a week between Doha and Almaty
    # say nothing of Doha and Astana (but "at his Doha talks" says where, not of what, of a
    # figure whose title names no place).
    if record["kind"] == "figure" and headline & ctx.place_stems and any(
            ids & ctx.clause_entities and not ids & ctx.refs_of(record)
            and not ctx.mention_stems.get(name, frozenset({""})) <= words for name, ids in ctx.place_names()):
        return None
    value, unit, qualifier, basis, period, kind = quantity
    bounds = None
    if claim.kind == "percent" and claim.role == "by" and kind == "count" and unit in RATIOS:
        # "rose by 300%" is four times: the record's multiple as a percentage of change,
        # with what its own words allow ("about 2 times": 80 % to 120 %)
        low, high = (value * 0.9, value * 1.1) if qualifier == "approximately" else (value, value)
        value, unit, kind, bounds = (value - 1) * 100, "%", "percent", ((low - 1) * 100, (high - 1) * 100)
    if kind != claim.kind:
        return None
    if kind == "money" and claim.unit and claim.unit != unit:
        return None
    # An aim (a target, a plan) never meets an actual figure, nor an actual claim a target;
    # a record's plan (a pact's worth, projects to be launched) meets either.
    # "could raise exports to $250 million" (an estimate's words) says a target's figure, and
    # may support it; it says too little of an aim to contradict one
    hedged_aim = claim.basis == "estimate" and basis in TARGETS
    if not hedged_aim and ((claim.basis in ASPIRED and basis in ACTUAL)
                           or (claim.basis not in ASPIRED and basis in TARGETS)):
        return None
    if claim.basis == "spent" and basis not in DONE:
        return None
    if kind == "count" and (claim.unit in RATIOS) != (unit in RATIOS):
        return None
    if claim.rate != _rate(unit):
        return None
    # The size of a change ("rose by 25,000", "$850 million more than") is no level; only a
    # multiple or a percentage of change meets one
    if claim.role == "by" and unit not in RATIOS and kind not in ("percent", "points"):
        return None
    # "documents" counts agreements and memoranda too (synonyms.toml's hypernyms)
    nouns = with_synonyms_of(ctx, noun).union(*(narrow for wide, narrow in ctx.hypernyms if wide & noun))
    if noun and kind == "count" and not noun <= words and not nouns & words:
        return None
    # A count of a thing the record counts in its unit ("beds", "cities", "flights/week")
    # is of that thing: "17 regions" is no count of beds.
    if not ctx.same_direction(record, headline):
        return None
    if kind == "count" and noun and unit not in ("people", *RATIOS) and not nouns & ctx.unit_stems(unit):
        return None
    if kind == "count" and unit == "people" and noun and noun <= ctx.time_stems:  # "30 years" counts no one
        return None
    if ctx.totalled and "total" not in headline and "total" not in words:  # a sum meets no part of it
        return None
    if not _periods_meet(claim.period, period, flow=basis in DONE and _rate(unit) is None):
        return None
    shared = headline & ctx.stems
    # The claim's noun, or a word writers use for it, in the record's headline.
    # (not the record's unit: "cities" says no more of charter flights than of any cities)
    noun_hit = bool(noun) and bool(with_synonyms_of(ctx, noun) & (headline - ctx.unit_stems(unit)))
    if not shared and not noun_hit:
        return None
    # A rank is of one measure ("oil producer", not "wheat producer"): its noun alone
    # does not say which, so only the headline counts.
    # A project's amount is of the project, which the sentence must name by its headline:
    # "funds" says no more of the Nur Astana Mosque's funding than of any other project's.
    boost = NOUN_COVERAGE if noun_hit and kind != "rank" and unit not in RATIOS and record["kind"] == "figure" \
        else 0.0
    # A rank's "rank", "place" in its title is said by the rank itself ("tenth-largest").
    coverage = max(ctx.coverage(record, headline, ctx.unit_stems(unit) if kind == "rank" else frozenset()), boost)
    if kind == "rank" and coverage < RANK_COVERAGE:  # "largest landlocked country" is no wheat rank
        return None
    # A rank is among things of one sort: the ranked noun ("the largest economy", "top 10
    # exporters") is in the record's headline ("rank among Central Asian economies").
    if kind == "rank" and noun and not with_synonyms_of(ctx, noun) & headline:
        return None
    # ... and every word that narrows it is the record's ("the largest landlocked country" is
    # no rank among all countries)
    if kind == "rank" and any(not with_synonyms_of(ctx, frozenset({w})) & words for w in noun):
        return None
    # A claim without a period can contradict a dated figure only when its measure has no
    # figure for another period (the claim cannot mean another year).
    periods_known = (bool(claim.period) and bool(period)) or (not claim.period and ctx.single(record))
    return Aligned(record, value, unit, qualifier, None, None, None, record.get("measure") or "amount", coverage,
                   can_contradict=(periods_known or not period) and not hedged_aim, period=period, bounds=bounds)


def _dates_of(record: Record) -> list[tuple[str, str]]:
    """(step, EDTF date) pairs of a record: an event's type, agreement and project milestones."""
    if record["kind"] == "event":
        return [(record["type"], record["date"])]
    if record["kind"] in MILESTONES:
        return [(name, d) for name, path in MILESTONES[record["kind"]] if (d := dotted(record, path))]
    return []


def _another_event(record: Record, ctx: Context) -> bool:
    """Whether what the claim's clause names makes the record another happening."""
    refs = ctx.refs_of(record)
    if record["kind"] == "event":
        # An event whose own people, places and organisations the sentence names only in
        # another clause is that clause's ("In 2007 Kazakhstan opened an embassy in Doha, and
        # in 2008 the Qatari embassy in Astana ...": 2007 is not the Qatari embassy's).
        theirs = set(record.get("actors", [])) | set(record.get("places", []))
        said_here = {e for m in ctx.mentions if not m.country for e in m.entities} & theirs
        if said_here and not said_here & ctx.clause_entities:
            return True
        # An organisation or a person the clause names that the record does not: the Qatar
        # Economic Forum is not the Astana International Forum; Nazarbayev's visits are not
        # Tokayev's.
        if any(ids & ctx.clause_entities and not ids & refs for ids in ctx.organisations):
            return True
    # A one-time event of one place is not of another the clause names: "Doha's embassy in
    # Astana" is not Kazakhstan's embassy in Doha.
    if record.get("type") in steps()["one_time"] and record.get("places") and any(
            ids & ctx.clause_entities and not ids & refs for ids in ctx.places):
        return True
    # A visit went where its places are: Tokayev's visit to Doha is no visit to Kazakhstan.
    there = ctx.record_places.get(record["id"], frozenset())
    return record.get("type") == "visit" and bool(there) and bool(ctx.destinations) and not there & ctx.destinations


def align_date(claim: Claim, record: Record, ctx: Context, headline: frozenset[str],
               named_here: int, kind_words: frozenset[str] = frozenset(),
               words: frozenset[str] | None = None) -> list[Aligned]:
    """The record's dates that a date claim may be compared with: those of the step the
    sentence names, of an event that the sentence names by a person, place or organisation
    (`named_here`: how many of the record's it names) and with a word of its headline or
    type beyond those names, of an agreement between two organisations it names, or of a
    record whose headline it mostly says. A recurring event can contradict only the same
    occurrence (see the module's rules)."""
    out: list[Aligned] = []
    if (words is not None and ctx.names_unsaid(words)) or _another_event(record, ctx):
        return out
    # The names the sentence mentions are weighed by the entity slots; here only the
    # other words of the headline count ("Hamad airport in Doha" says nothing of an embassy
    # in Doha).
    coverage = ctx.coverage(record, headline, ctx.name_stems)
    group = "events" if record["kind"] == "event" else "milestones"
    named = set(ctx.steps_said(group))
    milestone_said = group == "events" and bool(ctx.steps_said("milestones"))
    # beyond the names: a word of the headline or type, or a recurring event's own step
    # ("came to" for a visit: compared only with the same occurrence)
    one_time = set(steps()["one_time"])
    if record["kind"] == "event" and record.get("type") in one_time and not named and ctx.aside and (
            set(record.get("actors", [])) & ctx.clause_entities or coverage >= 1.0):
        # a one-time event's date set aside by its organisation's name, or its whole
        # headline, is its own ("2009 – Qatari embassy in Astana")
        named = {record["type"]}
    if record.get("type") in named:  # "the Gulf diplomatic crisis": the type is a word of its name
        coverage = ctx.coverage(record, headline, ctx.name_stems, said=1)
    recurring = record.get("type") in named and record.get("type") not in one_time
    # An event whose person and place the sentence both names ("Smailov ... in Doha") is
    # that event whatever the sentence calls it (talks, a visit), if it recurs.
    own = {e for m in ctx.mentions if not m.country for e in m.entities}
    strong = len(own & (set(record.get("actors", [])) | set(record.get("places", [])))) >= 2 \
        and record.get("type") not in one_time and bool(named)
    beyond_names = bool(((headline | kind_words) & ctx.stems) - ctx.name_stems) or recurring or strong
    # An event is known by who and where (a visit of Tokayev to Pakistan); an agreement or a
    # project by what it is about, so its headline must be mostly said. A recurring event
    # (compared only with the same occurrence) is also known by two of its actors that the
    # sentence names ("Saudi Arabia, the UAE, Egypt and Bahrain" for the Gulf crisis).
    actors = {e for m in ctx.mentions for e in m.entities} & set(record.get("actors", []))
    by_name = (named_here or (recurring and len(actors) >= 2)) and beyond_names and record["kind"] == "event"
    # An agreement between two organisations (not countries) is known by them: "the
    # Samruk-Kazyna – Power International Holding agreement".
    by_name = by_name or (record["kind"] == "agreement" and named_here >= 2 and sum(
        1 for ids in ctx.organisations if ids & ctx.refs_of(record)) >= 2)
    # A law's number in the sentence names what it ratified ("Law No. 133-VIII ZRC")
    number = dotted(record, "ratification.number") if record["kind"] == "agreement" else None
    by_name = by_name or (bool(number) and _compact(str(number)) in ctx.compact_text)
    # An organisation's own founding or opening, the step said and the organisation named
    # ("the Qatari embassy in Astana began work in 2008"); a place alone is not enough.
    by_name = by_name or (record.get("type") in named and bool(actors & ctx.clause_entities))
    if not claim.date or not (by_name or coverage >= DATE_COVERAGE):
        return out
    try:
        said = parse_edtf(claim.date)
    except EdtfError:
        return out
    said_steps = bool(named)
    if claim.role == "from" and coverage >= START_COVERAGE:
        # "relations since 1993", "in force since 2024": a state's start names the steps
        # that begin one (steps.toml's start_steps)
        named |= set(steps()["start_steps"])
    if record["kind"] == "agreement" and not said_steps and (ctx.aside or claim.role == "from"):
        # An agreement's date set aside with no step said, as a list or a reference gives
        # it ("agreement on military cooperation (December 2023)"), or the date it "dates
        # from", is its signing; a sentence's verb ("applied for ... in 2021") is another step.
        named.add("signed")
    window = int(steps()["same_occurrence_days"])
    # The same ordinal in the sentence and the record ("the sixth meeting", "his first
    # state visit"): the same occurrence of a recurring event, whatever the dates.
    same_ordinal = bool(ctx.ordinals & ctx.record_ordinals.get(record["id"], frozenset()))
    if ctx.ordinals and not same_ordinal and recurring:
        return out  # "held for the first time in 2023": the record does not say which occurrence
    if ctx.ordinals and ctx.record_ordinals.get(record["id"]) and not same_ordinal:
        return out  # "the 25th anniversary" is not the record's 30th, whatever its date
    # A law, a decree, a memorandum is compared only when the sentence calls it so: "the
    # agreement was signed on 30 October 2024" is not the ratifying law's signing.
    document = record.get("type") if record["kind"] == "agreement" else None
    if document in ctx.step_stems.get("documents", {}) and not says(ctx.step_stems["documents"][document], ctx.stems):
        return out
    for step, date in _dates_of(record):
        # A step steps.toml has words for must be named; an event of another type ("other",
        # an anniversary) is known by its headline alone, and so is one happening. A
        # recurring event is also known by its headline when the sentence names no step at
        # all, or by its person and place.
        if step not in named and (step in ctx.step_stems[group] or coverage < DATE_COVERAGE) and not (
                group == "events" and step not in one_time and ((not named and coverage >= DATE_COVERAGE) or strong)):
            continue
        # ... but not when the clause names a step of a process ("entered into force in
        # December 2024"): the date is that step's, not the other happening's
        if group == "events" and step not in ctx.step_stems[group] and milestone_said:
            continue
        # ... nor when it names a one-time step the record's own words never tell ("the OIC
        # ... was founded in 1969" is no date of Kazakhstan's chairmanship; "the anniversary
        # of the establishment" is the anniversary's)
        founding = [n for n in named if n in one_time]
        if group == "events" and step not in ctx.step_stems[group] and founding and words is not None \
                and not any(says(ctx.step_stems["events"][n], words) for n in founding):
            continue
        try:
            parsed = parse_edtf(date)
        except EdtfError:
            continue
        if parsed.lower <= -10**6 or parsed.upper >= 10**6:  # an open or unknown end: nothing to compare
            continue
        lower, upper, compared = parsed.lower, parsed.upper, date
        if claim.role and parsed.interval and parsed.start and parsed.end and not said.interval:
            # "broke out in June 2017", "lasted until January 2021": one end of a span
            point = parsed.start if claim.role == "from" else parsed.end
            lower, upper, compared = point.lower, point.upper, point.text
        if group == "events" and step not in one_time and step in ctx.step_stems[group]:
            # The same occurrence: dates that overlap, or days a few days apart; for one end
            # of a span, a claimed span that overlaps the record's ("until 2022" of a crisis
            # of 2017-2021); or the same ordinal.
            overlap = said.lower <= parsed.upper and parsed.lower <= said.upper
            days = said.upper - said.lower < 7 and parsed.upper - parsed.lower < 7
            gap = max(parsed.lower - said.upper, said.lower - parsed.upper)
            spans = compared != date and (said.lower <= parsed.upper if claim.role == "from"
                                          else said.upper >= parsed.lower)
            can = overlap or (days and gap <= window) or spans or same_ordinal
        else:
            # known by its headline alone, a record contradicts only when the sentence says
            # more than half of it ("investment" of "investment protection" is half)
            can = by_name or coverage > DATE_COVERAGE
        out.append(Aligned(record, None, None, "exact", lower, upper, compared, step,
                           coverage, can_contradict=can, period=None,
                           loose=bool(named) and step not in named and step in ctx.step_stems[group]))
    return out
