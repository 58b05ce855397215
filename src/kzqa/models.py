"""The fact record schema: one pydantic model per record kind, and the file that holds them.

Imported only when fact files are validated (cold loads, `kzqa validate`, `kzqa schema`):
ordinary queries read the validated set from the cache as plain dicts.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AllowInfNan,
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StringConstraints,
)

from kzqa.currencies import ISO_4217
from kzqa.dates import EdtfError, parse_edtf

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _edtf(value: str) -> str:
    if value != value.strip():
        raise ValueError(f"{value!r}: a date has no spaces around it")
    try:
        parse_edtf(value)
    except EdtfError as exc:
        raise ValueError(str(exc)) from None
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _currency(value: str) -> str:
    if value not in ISO_4217:
        raise ValueError(f"{value!r} is not an ISO 4217 currency code (for example USD, KZT, QAR)")
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Date = Annotated[str, AfterValidator(_edtf), Field(json_schema_extra={"format": "edtf"})]
Text = Annotated[str, AfterValidator(_not_blank)]
Currency = Annotated[str, AfterValidator(_currency)]
# Plain numbers stay as written: 15000000 is not turned into 15000000.0, and true is no number;
# TOML's inf and nan are no amounts (and JSON has no way to write them).
NonNegative = Annotated[StrictInt | Annotated[StrictFloat, AllowInfNan(False)], Field(ge=0)]
Qualifier = Literal["exact", "approximately", "more-than", "at-least", "up-to", "less-than"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(Strict):
    """A source and the verbatim words in it that state the fact."""

    source: Slug
    quote: Text = Field(max_length=600)
    locator: Text


class Fact(Strict):
    """Fields every record but a source has."""

    id: Slug
    citations: list[Citation] = Field(min_length=1)
    related: list[Slug] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    note: str | None = None
    disputed: Text | None = Field(None, description="why the fact is doubtful or contradicted")
    inferred: Text | None = Field(None, description="how a value was worked out from context")


class Source(Strict):
    id: Slug
    title: Text
    type: Literal["news", "analysis", "article", "interview", "op-ed", "report", "reference"]
    authors: list[str] = Field(default_factory=list)
    outlet: str | None = None
    date: Date | None = None
    url: str | None = None
    note: str | None = None
    supplied_title: bool = Field(False, description="the title is the curators' own, not the source's: "
                                 "citations show it in square brackets")


class Role(Strict):
    title: Text
    organisation: Slug | None = None
    start: Date | None = Field(None, alias="from")
    to: Date | None = None
    note: str | None = None


class Entity(Fact):
    name: Text
    type: Literal["person", "organisation", "place", "country"]
    aliases: list[str] = Field(default_factory=list)
    forms: list[str] = Field(default_factory=list, description="word forms a stemmer cannot reach: "
                             "demonyms and inflected forms (Kazakhstani, Qatari, Токаева)")
    country: Slug | None = None
    roles: list[Role] = Field(default_factory=list)
    summary: str | None = None


class Event(Fact):
    title: Text
    date: Date
    type: Literal["visit", "meeting", "forum", "award", "opening", "crisis", "establishment",
                  "statement", "election", "other"]
    summary: str | None = None
    actors: list[Slug] = Field(default_factory=list)
    places: list[Slug] = Field(default_factory=list)
    countries: list[Slug] = Field(default_factory=list)


class Ratification(Strict):
    act: str | None = None
    number: str | None = None
    date: Date | None = None


class Agreement(Fact):
    title: Text
    type: Literal["treaty", "agreement", "memorandum", "protocol", "action-plan", "roadmap",
                  "programme", "declaration", "law", "decree", "other"]
    status: Literal["proposed", "under-negotiation", "signed", "ratified", "in-force", "ended",
                    "unknown"]
    aliases: list[str] = Field(default_factory=list)
    summary: str | None = None
    parties: list[Slug] = Field(default_factory=list)
    signed: Date | None = None
    signed_place: Slug | None = None
    signatories: list[Slug] = Field(default_factory=list)
    ratification: Ratification | None = None
    in_force: Date | None = None
    ended: Date | None = None
    sectors: list[str] = Field(default_factory=list)
    amends: Slug | None = None


class Amount(Strict):
    value: NonNegative
    currency: Currency
    qualifier: Qualifier = "exact"
    basis: Literal["planned", "committed", "spent"]


class Project(Fact):
    title: Text
    status: Literal["idea", "proposed", "under-negotiation", "planned", "funded",
                    "under-construction", "completed", "unknown"]
    sectors: list[str] = Field(min_length=1)
    summary: str | None = None
    location: list[Slug] = Field(default_factory=list)
    partners: list[Slug] = Field(default_factory=list)
    announced: Date | None = None
    committed: Date | None = None
    started: Date | None = None
    completed: Date | None = None
    amount: Amount | None = None


class Figure(Fact):
    title: Text
    measure: Slug
    value: NonNegative
    unit: Text
    basis: Literal["actual", "target", "estimate", "plan"]
    period: Date | None = None
    qualifier: Qualifier = "exact"
    countries: list[Slug] = Field(default_factory=list)


KINDS: dict[str, type[Strict]] = {
    "source": Source,
    "entity": Entity,
    "event": Event,
    "agreement": Agreement,
    "project": Project,
    "figure": Figure,
}


class FactFile(Strict):
    """A fact file: arrays of tables, one per record kind (the JSON Schema's root)."""

    source: list[Source] = Field(default_factory=list)
    entity: list[Entity] = Field(default_factory=list)
    event: list[Event] = Field(default_factory=list)
    agreement: list[Agreement] = Field(default_factory=list)
    project: list[Project] = Field(default_factory=list)
    figure: list[Figure] = Field(default_factory=list)


def fact_file_schema() -> dict[str, object]:
    """The JSON Schema of a fact file, for editors with TOML schema support."""
    schema = FactFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kzqa fact file"
    return schema
