"""The record schema: each kind, forbidden and required fields, slugs, citations, amounts."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError

from kzqa.models import KINDS, FactFile, Role, fact_file_schema

CITE = {"source": "doc-a", "quote": "a verbatim quote", "locator": "para 1"}

# The smallest valid record of each kind.
MINIMAL: dict[str, dict[str, Any]] = {
    "source": {"id": "doc-a", "title": "Document A", "type": "article"},
    "entity": {"id": "qatar", "name": "Qatar", "type": "country", "citations": [CITE]},
    "event": {"id": "visit", "title": "A visit", "date": "2022-10", "type": "visit", "citations": [CITE]},
    "agreement": {"id": "mou", "title": "An MoU", "type": "memorandum", "status": "signed",
                  "citations": [CITE]},
    "project": {"id": "plant", "title": "A plant", "status": "planned", "sectors": ["energy"],
                "citations": [CITE]},
    "figure": {"id": "visitors", "title": "Visitors", "measure": "visitors", "value": 3000,
               "unit": "people", "basis": "actual", "citations": [CITE]},
}
REQUIRED = {
    "source": ["id", "title", "type"],
    "entity": ["id", "name", "type", "citations"],
    "event": ["id", "title", "date", "type", "citations"],
    "agreement": ["id", "title", "type", "status", "citations"],
    "project": ["id", "title", "status", "sectors", "citations"],
    "figure": ["id", "title", "measure", "value", "unit", "basis", "citations"],
}
FACT_KINDS = [k for k in MINIMAL if k != "source"]


def record(kind: str, **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL[kind])
    data.update(changes)
    return data


def errors(kind: str, data: dict[str, Any]) -> list[tuple[str, str]]:
    """(field path, error type) of every error the model finds."""
    with pytest.raises(ValidationError) as info:
        KINDS[kind].model_validate(data)
    return [(".".join(str(x) for x in e["loc"]), e["type"]) for e in info.value.errors()]


def test_the_kinds() -> None:
    assert list(KINDS) == ["source", "entity", "event", "agreement", "project", "figure"]
    assert list(FactFile.model_fields) == list(KINDS)


@pytest.mark.parametrize("kind", list(MINIMAL))
def test_minimal_record_is_valid_and_dumps_as_written(kind: str) -> None:
    dumped = KINDS[kind].model_validate(MINIMAL[kind]).model_dump(mode="json", by_alias=True,
                                                                   exclude_defaults=True)
    assert dumped == MINIMAL[kind]


@pytest.mark.parametrize("kind", list(MINIMAL))
def test_unknown_field_is_forbidden(kind: str) -> None:
    assert errors(kind, record(kind, colour="red")) == [("colour", "extra_forbidden")]


@pytest.mark.parametrize(("kind", "field"), [(k, f) for k, fields in REQUIRED.items() for f in fields])
def test_required_fields(kind: str, field: str) -> None:
    data = record(kind)
    del data[field]
    assert errors(kind, data) == [(field, "missing")]


@pytest.mark.parametrize("kind", FACT_KINDS)
def test_every_fact_cites_at_least_one_source(kind: str) -> None:
    assert errors(kind, record(kind, citations=[])) == [("citations", "too_short")]


def test_unknown_field_in_a_citation_is_forbidden() -> None:
    assert errors("event", record("event", citations=[{**CITE, "page": 4}])) == [
        ("citations.0.page", "extra_forbidden")]


@pytest.mark.parametrize("field", ["source", "quote", "locator"])
def test_citation_fields_are_required(field: str) -> None:
    cite = {k: v for k, v in CITE.items() if k != field}
    assert errors("event", record("event", citations=[cite])) == [(f"citations.0.{field}", "missing")]


@pytest.mark.parametrize("quote", ["", "   ", "\n\t"])
def test_empty_quote_is_an_error(quote: str) -> None:
    assert errors("event", record("event", citations=[{**CITE, "quote": quote}])) == [
        ("citations.0.quote", "value_error")]


@pytest.mark.parametrize("rid", ["qatar", "a", "2022", "qatar-investment-authority", "a1-b2-c3"])
def test_slug_ids_accepted(rid: str) -> None:
    assert KINDS["entity"].model_validate(record("entity", id=rid)).id == rid  # type: ignore[attr-defined]


@pytest.mark.parametrize("rid", ["Qatar", "qatar_ia", "-qatar", "qatar-", "qa--ia", "qa ia", "qatar\n", "",
                                 "ünï"])
def test_non_slug_ids_rejected(rid: str) -> None:
    assert errors("entity", record("entity", id=rid)) == [("id", "string_pattern_mismatch")]


@pytest.mark.parametrize(("kind", "field", "value"), [
    ("entity", "type", "company"),
    ("event", "type", "party"),
    ("agreement", "status", "done"),
    ("project", "status", "finished"),
    ("figure", "basis", "guess"),
    ("source", "type", "blog"),
    ("figure", "qualifier", "roughly"),
])
def test_enumerations(kind: str, field: str, value: str) -> None:
    assert errors(kind, record(kind, **{field: value})) == [(field, "literal_error")]


@pytest.mark.parametrize(("kind", "field", "value", "loc"), [
    ("event", "title", 5, "title"),
    ("event", "topics", "energy", "topics"),
    ("event", "related", [1], "related.0"),
    ("entity", "aliases", "Nur-Sultan", "aliases"),
    ("source", "authors", "A. Writer", "authors"),
    ("project", "sectors", [], "sectors"),
])
def test_wrong_types(kind: str, field: str, value: Any, loc: str) -> None:
    assert [e[0] for e in errors(kind, record(kind, **{field: value}))] == [loc]


@pytest.mark.parametrize("value", [0, 3000, 2.5, 10**15])
def test_figure_values_stay_as_written(value: float) -> None:
    figure = KINDS["figure"].model_validate(record("figure", value=value))
    dumped = figure.model_dump(mode="json")
    assert dumped["value"] == value
    assert type(dumped["value"]) is type(value)


@pytest.mark.parametrize("value", [-1, -0.5, True, "3000", float("inf"), float("nan")])
def test_figure_value_must_be_a_plain_non_negative_finite_number(value: Any) -> None:
    assert {loc.split(".")[0] for loc, _ in errors("figure", record("figure", value=value))} == {"value"}


def amount(**changes: Any) -> dict[str, Any]:
    return {"value": 2500000000, "currency": "USD", "basis": "planned", **changes}


def test_amount_is_valid_with_defaults() -> None:
    project = KINDS["project"].model_validate(record("project", amount=amount()))
    assert project.model_dump(mode="json")["amount"] == {
        "value": 2500000000, "currency": "USD", "qualifier": "exact", "basis": "planned"}


@pytest.mark.parametrize(("changes", "loc"), [
    ({"value": -1}, "amount.value"),
    ({"currency": "XYZ"}, "amount.currency"),
    ({"currency": "usd"}, "amount.currency"),
    ({"currency": "$"}, "amount.currency"),
    ({"basis": "spent-maybe"}, "amount.basis"),
    ({"qualifier": "about"}, "amount.qualifier"),
    ({"per": "year"}, "amount.per"),
])
def test_bad_amounts(changes: dict[str, Any], loc: str) -> None:
    assert [e[0] for e in errors("project", record("project", amount=amount(**changes)))] == [loc]


def test_amount_basis_is_required() -> None:
    data = amount()
    del data["basis"]
    assert errors("project", record("project", amount=data)) == [("amount.basis", "missing")]


@pytest.mark.parametrize("date", ["1993-07-01", "2022-10", "2024", "2024-23", "2025-02-03/2025-02-04",
                                  "2025?", "2007~", "2007%", "199X", "../2025"])
def test_dates_are_kept_as_the_edtf_string(date: str) -> None:
    event = KINDS["event"].model_validate(record("event", date=date))
    assert event.model_dump(mode="json")["date"] == date


@pytest.mark.parametrize(("kind", "field"), [
    ("event", "date"), ("source", "date"), ("agreement", "signed"), ("agreement", "in_force"),
    ("agreement", "ended"), ("project", "announced"), ("project", "completed"), ("figure", "period"),
])
def test_impossible_dates_are_errors(kind: str, field: str) -> None:
    assert errors(kind, record(kind, **{field: "2023-02-30"})) == [(field, "value_error")]


def test_role_dates_use_the_from_alias() -> None:
    entity = KINDS["entity"].model_validate(record(
        "entity", type="person", roles=[{"title": "Emir", "organisation": "qatar", "from": "2013-06-25"}]))
    assert entity.model_dump(mode="json", by_alias=True)["roles"][0]["from"] == "2013-06-25"
    with pytest.raises(ValidationError) as info:
        Role.model_validate({"title": "Emir", "start": "2013"})
    assert [(e["loc"], e["type"]) for e in info.value.errors()] == [(("start",), "extra_forbidden")]
    assert errors("entity", record("entity", roles=[{"title": "Emir", "from": "2013-02-30"}])) == [
        ("roles.0.from", "value_error")]


def test_ratification_is_a_closed_table() -> None:
    agreement = KINDS["agreement"].model_validate(record(
        "agreement", ratification={"act": "Law", "number": "12-VII", "date": "2023-05-04"}))
    assert agreement.model_dump(mode="json")["ratification"]["number"] == "12-VII"
    assert errors("agreement", record("agreement", ratification={"law": "x"})) == [
        ("ratification.law", "extra_forbidden")]


def test_schema_describes_every_kind_and_forbids_unknown_fields() -> None:
    schema = fact_file_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == set(KINDS)  # type: ignore[arg-type]
    defs = schema["$defs"]
    assert isinstance(defs, dict)
    for name in ("Source", "Entity", "Event", "Agreement", "Project", "Figure", "Citation", "Amount"):
        assert defs[name]["additionalProperties"] is False
    assert "from" in defs["Role"]["properties"]
    assert defs["Event"]["properties"]["date"]["$ref"] == "#/$defs/Edtf"
