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
    WithJsonSchema,
)

from kzqa.currencies import ISO_4217
from kzqa.dates import EdtfError, parse_edtf

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SCHEMA_ID = "urn:kzqa:fact-file"

# The EDTF forms kzqa.dates accepts, as one JSON Schema pattern (ECMA-262 and Python `re`
# alike, no look-around: Rust-based editors reject it). Impossible days are excluded by
# month, and 29 February by the Gregorian leap-year rule on the year's digits.
_Y = r"-?[0-9]{4}"
_LEAP_Y = r"-?(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_EDTF_POINT = (
    "(?:"
    rf"{_Y}(?:-(?:0[1-9]|1[0-2]|2[1-4]))?"  # year, year-month, year-season (21-24)
    rf"|{_Y}-(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    rf"|{_Y}-(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    rf"|{_Y}-02-(?:0[1-9]|1[0-9]|2[0-8])"
    rf"|{_LEAP_Y}-02-29"
    r"|-?[0-9X]{4}(?:-XX(?:-XX)?)?"  # unspecified digits: 199X, 2004-XX, XXXX-XX-XX
    rf"|{_Y}-(?:0[1-9]|1[0-2])-XX"
    r")[?~%]?"
)
EDTF_PATTERN = rf"^(?:{_EDTF_POINT}|(?:{_EDTF_POINT}|\.\.)?/(?:{_EDTF_POINT}|\.\.)?)$"
# Python's `re` (which jsonschema uses) lets `$` match before a final newline; pydantic and
# kzqa.dates do not, so every anchored pattern also carries this `not`.
_NO_NEWLINE = {"not": {"pattern": "\n"}}
# Shared definitions the fields below point to with $ref (JSON Schema draft 2020-12).
SCHEMA_DEFS: dict[str, dict[str, object]] = {
    "Slug": {"type": "string", "pattern": SLUG_PATTERN, **_NO_NEWLINE,
             "description": "a lower-case id: letters, digits and single hyphens"},
    "Edtf": {"type": "string", "pattern": EDTF_PATTERN, **_NO_NEWLINE,
             "description": "an EDTF date (ISO 8601-2) of the forms docs/fact-files.md lists"},
    "Text": {"type": "string", "pattern": "\\S", "description": "a string that is not blank"},
    "Currency": {"type": "string", "enum": sorted(ISO_4217), "description": "an ISO 4217 currency code"},
    "NonNegative": {"type": "number", "minimum": 0, "description": "a plain number, zero or more"},
}


def _ref(name: str) -> WithJsonSchema:
    # A marker that fact_file_schema turns into a $ref: pydantic resolves a $ref it finds
    # while it builds the schema, and these definitions are not its own.
    return WithJsonSchema({_REF_MARK: name})


_REF_MARK = "$kzqa-def"


def _link_defs(node: object) -> object:
    if isinstance(node, dict):
        if _REF_MARK in node:
            node = {"$ref": f"#/$defs/{node[_REF_MARK]}", **{k: v for k, v in node.items() if k != _REF_MARK}}
        return {k: _link_defs(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_link_defs(v) for v in node]
    return node


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


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN), _ref("Slug")]
Date = Annotated[str, AfterValidator(_edtf), _ref("Edtf")]
Text = Annotated[str, AfterValidator(_not_blank), _ref("Text")]
Currency = Annotated[str, AfterValidator(_currency), _ref("Currency")]
# Plain numbers stay as written: 15000000 is not turned into 15000000.0, and true is no number;
# TOML's inf and nan are no amounts (and JSON has no way to write them).
NonNegative = Annotated[StrictInt | Annotated[StrictFloat, AllowInfNan(False)], Field(ge=0), _ref("NonNegative")]
Qualifier = Literal["exact", "approximately", "more-than", "at-least", "up-to", "less-than"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(Strict):
    """A source and the verbatim words in it that state the fact."""

    source: Slug
    quote: Text = Field(max_length=600, json_schema_extra={"maxLength": 600})
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
    # As kzqa.loader checks: a unit of three capitals is a currency, so an ISO 4217 code.
    model_config = ConfigDict(json_schema_extra={
        "if": {"properties": {"unit": {"type": "string", "pattern": "^[A-Z]{3}$"}}, "required": ["unit"]},
        "then": {"properties": {"unit": {_REF_MARK: "Currency"}}}})

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
    """The JSON Schema (draft 2020-12, standard keywords only) of a fact file as JSON.

    For editors with TOML schema support and for jsonschema. It rejects every defect of a
    single record that `kzqa validate` rejects and a schema can express; left to
    `validate`: an interval that ends before it starts, TOML's `nan`, and the checks
    across records (unique ids, references, one unit per measure).
    """
    schema = _link_defs(FactFile.model_json_schema(by_alias=True))
    assert isinstance(schema, dict)
    schema["$defs"] = {**schema.get("$defs", {}), **SCHEMA_DEFS}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            **schema, "title": "kzqa fact file"}
