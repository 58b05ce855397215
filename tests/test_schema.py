"""kzqa schema: a standard JSON Schema (draft 2020-12) that agrees with `kzqa validate`
on every single-record defect a schema can express, and accepts the bundled fact files."""

from __future__ import annotations

import calendar
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli
from conftest import Run
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from kzqa.cli import app
from kzqa.currencies import ISO_4217
from kzqa.dates import EdtfError, parse_edtf
from kzqa.models import EDTF_PATTERN, KINDS, fact_file_schema

FACTS = Path(__file__).resolve().parents[1] / "facts"
SCHEMA = fact_file_schema()
VALIDATOR = Draft202012Validator(SCHEMA)

# Every keyword of the draft 2020-12 vocabularies (core, applicator, unevaluated,
# validation, meta-data, format-annotation, content): https://json-schema.org/draft/2020-12.
STANDARD = {
    "$schema", "$id", "$ref", "$defs", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary", "$comment",
    "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "prefixItems", "items",
    "contains", "properties", "patternProperties", "additionalProperties", "propertyNames",
    "unevaluatedItems", "unevaluatedProperties", "type", "enum", "const", "multipleOf", "maximum",
    "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems",
    "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties", "minProperties", "required",
    "dependentRequired", "title", "description", "default", "deprecated", "readOnly", "writeOnly",
    "examples", "format", "contentEncoding", "contentMediaType", "contentSchema",
}
_NAMED = {"properties", "patternProperties", "$defs", "dependentSchemas"}  # name -> schema maps
_DATA = {"default", "enum", "const", "examples"}  # values that are data, not schemas


def _keywords(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*(_keywords(n) for n in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = set(node)
    for key, value in node.items():
        if key in _NAMED:
            found |= set().union(*(_keywords(v) for v in value.values())) if value else set()
        elif key not in _DATA:
            found |= _keywords(value)
    return found


def test_schema_is_draft_2020_12_with_standard_keywords_only() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert str(SCHEMA["$id"]).startswith("urn:kzqa:")
    Draft202012Validator.check_schema(SCHEMA)
    assert _keywords(SCHEMA) - STANDARD == set()
    defs = SCHEMA["$defs"]
    assert defs["NonNegative"] == {"type": "number", "minimum": 0, "description": "a plain number, zero or more"}
    assert set(defs["Currency"]["enum"]) == ISO_4217
    assert defs["Amount"]["properties"]["currency"]["$ref"] == "#/$defs/Currency"


def test_schema_command_prints_the_schema(run: Run) -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(json.dumps(SCHEMA))


@pytest.mark.bundled
@pytest.mark.parametrize("path", sorted(FACTS.glob("*.toml")), ids=lambda p: p.name)
def test_every_bundled_fact_file_is_valid_json_schema_instance(path: Path) -> None:
    data = json.loads(json.dumps(tomli.loads(path.read_text(encoding="utf-8"))))
    assert [e.message for e in VALIDATOR.iter_errors(data)] == []


# -- the EDTF pattern and kzqa.dates -----------------------------------------------------------
def _parses(text: str) -> bool:
    try:
        parse_edtf(text)
    except EdtfError:
        return False
    return text == text.strip()


def _backwards_interval(text: str) -> bool:
    """An interval whose ends each parse but in the wrong order: a check no pattern makes."""
    left, sep, right = text.partition("/")
    if not sep or "/" in right or not left or not right or ".." in (left, right):
        return False
    return _parses(left) and _parses(right) and parse_edtf(left).lower > parse_edtf(right).upper


_EDTF_CHUNKS = st.sampled_from(["2024", "1993", "0000", "-0004", "199X", "XXXX", "-", "/", "..", "01", "02",
                                "06", "13", "21", "24", "25", "28", "29", "30", "31", "00", "XX", "X",
                                "?", "~", "%", " ", "\n", "9"])


@settings(max_examples=2000)
@given(st.lists(_EDTF_CHUNKS, min_size=1, max_size=7).map("".join))
def test_edtf_pattern_accepts_what_kzqa_dates_accepts(text: str) -> None:
    in_schema = VALIDATOR.evolve(schema=SCHEMA["$defs"]["Edtf"]).is_valid(text)
    if _backwards_interval(text):
        assert in_schema  # left to `kzqa validate`, as fact_file_schema says
    else:
        assert in_schema == _parses(text), text


@pytest.mark.parametrize("date", ["2024-02-29", "2000-02-29", "-0004-02-29", "2023-02-28", "2024-24",
                                  "2024-06-XX", "19XX", "2007%", "../2025", "2025-02-03/..", "/"])
def test_edtf_pattern_valid_dates(date: str) -> None:
    assert re.search(EDTF_PATTERN, date) and _parses(date)


@pytest.mark.parametrize("date", ["2023-02-29", "1900-02-29", "2024-13-45", "2024-04-31", "2024-21-01",
                                  "199X-06", "2024-X6", "2024-00", "24", "2024/2025/2026"])
def test_edtf_pattern_impossible_dates(date: str) -> None:
    assert not re.search(EDTF_PATTERN, date) and not _parses(date)


# -- single-record defects: kzqa validate and the schema agree ---------------------------------
def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return "{ " + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + " }"


def _fact_file(kind: str, record: dict[str, Any]) -> str:
    lines = ['[[source]]\nid = "src"\ntitle = "A source"\ntype = "news"\n', f"[[{kind}]]"]
    lines += [f"{json.dumps(k)} = {_toml(v)}" for k, v in record.items()]
    return "\n".join(lines) + "\n"


def _verdicts(kind: str, record: dict[str, Any]) -> tuple[int, list[str]]:
    """`kzqa validate`'s exit code for a file holding the record, and the schema's errors
    for the same file read as TOML (as an editor reads it)."""
    text = _fact_file(kind, record)
    data = tomli.loads(text)
    assert data[kind][-1] == record  # the test's TOML writer is faithful
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "f.toml").write_text(text, encoding="utf-8")
        result = CliRunner().invoke(app, ["--facts", folder, "validate"], catch_exceptions=False)
    assert result.exit_code in (0, 2), result.output
    return result.exit_code, [e.message for e in VALIDATOR.iter_errors(data)]


slugs = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
texts = st.text(min_size=1, max_size=20).filter(str.strip)
years = st.integers(1, 9999)
points = st.one_of(
    st.dates().flatmap(lambda d: st.sampled_from([f"{d.year:04d}", f"{d.year:04d}-{d.month:02d}", d.isoformat()])),
    st.builds(lambda y, s: f"{y:04d}-{s}", years, st.integers(21, 24)),
    st.sampled_from(["199X", "20XX", "2004-XX", "2004-06-XX", "XXXX-XX-XX", "-0044"]),
).flatmap(lambda p: st.sampled_from([p, p + "?", p + "~", p + "%"]))
dates = st.one_of(
    points,
    st.tuples(st.dates(), st.dates()).map(lambda ab: "/".join(d.isoformat() for d in sorted(ab))),
    points.map(lambda p: p + "/.."), points.map(lambda p: "../" + p),
)
impossible_dates = st.one_of(
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", years, st.sampled_from([0, 13, 14, 20, 25, 99])),
    st.builds(lambda y, m, extra: f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1] + extra:02d}",
              years, st.integers(1, 12), st.integers(1, 68)),
    st.builds(lambda y, s: f"{y:04d}-{s}-01", years, st.integers(21, 24)),
    st.sampled_from(["2024-13-45", "2024-00-10", "199X-06", "2024-1X", "2024-06-1X", "24", "2024 "]),
    points.map(lambda p: p + "/2024-13"),
)
numbers = st.one_of(st.integers(0, 10**15), st.floats(0, 1e15, allow_nan=False, allow_infinity=False))
negatives = st.one_of(st.integers(max_value=-1), st.floats(max_value=-1e-9, allow_infinity=False))
citations = st.lists(st.fixed_dictionaries({"source": st.just("src"), "quote": texts, "locator": texts}),
                     min_size=1, max_size=2)


def _record(required: dict[str, Any], optional: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"id": slugs.map(lambda s: "r-" + s), **required}, optional=optional)


RECORDS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "source": _record({"title": texts, "type": st.sampled_from(["news", "article", "report"])},
                      {"authors": st.lists(texts, max_size=2), "outlet": texts, "date": dates, "url": texts,
                       "note": st.text(max_size=10), "supplied_title": st.booleans()}),
    "event": _record({"title": texts, "date": dates, "type": st.sampled_from(["visit", "other"]),
                      "citations": citations},
                     {"summary": st.text(max_size=10), "topics": st.lists(st.text(max_size=5)),
                      "disputed": texts}),
    "figure": _record({"title": texts, "measure": slugs, "value": numbers,
                       "unit": st.sampled_from(["people", "USD", "KZT", "tonnes", "km2"]),
                       "basis": st.sampled_from(["actual", "plan"]), "citations": citations},
                      {"period": dates, "qualifier": st.sampled_from(["exact", "up-to"])}),
    "project": _record({"title": texts, "status": st.sampled_from(["idea", "funded"]),
                        "sectors": st.lists(st.text(max_size=5), min_size=1, max_size=2), "citations": citations},
                       {"announced": dates, "amount": st.fixed_dictionaries(
                           {"value": numbers, "currency": st.sampled_from(sorted(ISO_4217)),
                            "basis": st.sampled_from(["planned", "spent"])},
                           optional={"qualifier": st.sampled_from(["exact", "more-than"])})}),
    "entity": _record({"name": texts, "type": st.sampled_from(["person", "place"]), "citations": citations},
                      {"aliases": st.lists(texts, max_size=2), "roles": st.lists(st.fixed_dictionaries(
                          {"title": texts}, optional={"from": dates, "to": dates}), max_size=2)}),
    "agreement": _record({"title": texts, "type": st.sampled_from(["treaty", "other"]),
                          "status": st.sampled_from(["signed", "unknown"]), "citations": citations},
                         {"signed": dates, "ratification": st.fixed_dictionaries(
                             {}, optional={"act": st.text(max_size=5), "date": dates})}),
}
_DATE_FIELDS = {"source": "date", "event": "date", "figure": "period", "project": "announced",
                "agreement": "signed"}
_TITLE = {"entity": "name"}
_ENUM = {"figure": "basis", "project": "status"}

Defect = Callable[[st.DataObject, str, dict[str, Any]], None]


def _negative(data: st.DataObject, kind: str, rec: dict[str, Any]) -> None:
    target = rec if kind == "figure" else rec["amount"]
    target["value"] = data.draw(negatives)


def _currency(data: st.DataObject, kind: str, rec: dict[str, Any]) -> None:
    code = st.from_regex(r"[A-Z]{3}", fullmatch=True).filter(lambda c: c not in ISO_4217)
    bad = data.draw(st.one_of(code, st.sampled_from(["dollars", "usd", "US$", ""])))
    if kind == "figure":
        rec["unit"] = data.draw(code)  # a unit of three capitals must be a currency
    else:
        rec["amount"]["currency"] = bad


def _date(data: st.DataObject, kind: str, rec: dict[str, Any]) -> None:
    if kind == "entity":
        rec["roles"] = [{"title": "Minister", "from": data.draw(impossible_dates)}]
    elif kind == "agreement" and data.draw(st.booleans()):
        rec["ratification"] = {"date": data.draw(impossible_dates)}
    else:
        rec[_DATE_FIELDS[kind]] = data.draw(impossible_dates)


def _unknown_field(data: st.DataObject, kind: str, rec: dict[str, Any]) -> None:
    name = data.draw(st.from_regex(r"[a-z_]{1,10}", fullmatch=True).filter(
        lambda n: n not in KINDS[kind].model_fields and n != "from"))
    if kind != "source" and data.draw(st.booleans()):
        rec["citations"][0][name] = "x"
    else:
        rec[name] = data.draw(st.one_of(st.text(max_size=5), st.integers()))


def _missing(data: st.DataObject, kind: str, rec: dict[str, Any]) -> None:
    required = [n for n, f in KINDS[kind].model_fields.items() if f.is_required()]
    del rec[data.draw(st.sampled_from(required))]


def _wrong_type(data: st.DataObject, kind: str, rec: dict[str, Any]) -> None:
    field = data.draw(st.sampled_from(["id", _TITLE.get(kind, "title"), *(
        ["value"] if kind == "figure" else []), *(["citations"] if kind != "source" else [])]))
    if field == "value":
        rec[field] = data.draw(st.one_of(st.booleans(), st.sampled_from(["12", "1e3"]), st.lists(numbers, max_size=1)))
    else:
        rec[field] = data.draw(st.one_of(st.integers(), st.booleans(), st.floats(allow_nan=False,
                                         allow_infinity=False), st.lists(st.integers(), max_size=1)))


def _blank(data: st.DataObject, kind: str, rec: dict[str, Any]) -> None:
    blank = data.draw(st.text(alphabet=" \t\n\u00a0\u2003", max_size=3))
    if kind != "source" and data.draw(st.booleans()):
        rec["citations"][0][data.draw(st.sampled_from(["quote", "locator"]))] = blank
    else:
        rec[_TITLE.get(kind, "title")] = blank


def _slug(data: st.DataObject, kind: str, rec: dict[str, Any]) -> None:
    rec["id"] = data.draw(st.sampled_from(["Bad Id", "a--b", "-a", "a-", "ä", "a_b", "ab\n", ""]))


def _enum(data: st.DataObject, kind: str, rec: dict[str, Any]) -> None:
    rec[_ENUM.get(kind, "type")] = data.draw(st.sampled_from(["zzz", "News", "", "signed "]))


def _no_citations(data: st.DataObject, kind: str, rec: dict[str, Any]) -> None:
    rec["citations"] = []


def _long_quote(data: st.DataObject, kind: str, rec: dict[str, Any]) -> None:
    rec["citations"][0]["quote"] = "q" * data.draw(st.integers(601, 900))


DEFECTS: dict[str, tuple[Defect, tuple[str, ...]]] = {
    "negative value": (_negative, ("figure", "project")),
    "unknown currency": (_currency, ("figure", "project")),
    "impossible date": (_date, ("source", "event", "figure", "project", "entity", "agreement")),
    "unknown field": (_unknown_field, tuple(RECORDS)),
    "missing required field": (_missing, tuple(RECORDS)),
    "wrong type": (_wrong_type, tuple(RECORDS)),
    "blank text": (_blank, tuple(RECORDS)),
    "bad id": (_slug, tuple(RECORDS)),
    "value outside its list": (_enum, tuple(RECORDS)),
    "no citations": (_no_citations, tuple(k for k in RECORDS if k != "source")),
    "quote too long": (_long_quote, tuple(k for k in RECORDS if k != "source")),
}


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(RECORDS)).flatmap(lambda k: st.tuples(st.just(k), RECORDS[k])))
def test_valid_records_pass_validate_and_the_schema(kind_record: tuple[str, dict[str, Any]]) -> None:
    kind, record = kind_record
    assert _verdicts(kind, record) == (0, [])


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_single_record_defects_fail_validate_and_the_schema(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(DEFECTS)), label="defect")
    defect, kinds = DEFECTS[name]
    kind = data.draw(st.sampled_from(kinds), label="kind")
    record = data.draw(RECORDS[kind])
    if kind == "project" and name in ("negative value", "unknown currency"):
        record["amount"] = {"value": 1, "currency": "USD", "basis": "planned"}
    defect(data, kind, record)
    code, errors = _verdicts(kind, record)
    assert code == 2, f"{name}: kzqa validate accepted {record}"
    assert errors, f"{name}: the schema accepted {record}"


@pytest.mark.parametrize(("kind", "change"), [
    ("project", {"amount": {"value": -5, "currency": "USD", "basis": "planned"}}),
    ("project", {"amount": {"value": 5, "currency": "dollars", "basis": "planned"}}),
    ("event", {"date": "2024-13-45"}),
])
def test_issue_examples_fail_both(kind: str, change: dict[str, Any]) -> None:
    base = {"event": {"id": "e", "title": "E", "date": "2024", "type": "other"},
            "project": {"id": "p", "title": "P", "status": "idea", "sectors": ["energy"]}}[kind]
    record = {**base, **change, "citations": [{"source": "src", "quote": "q", "locator": "l"}]}
    code, errors = _verdicts(kind, record)
    assert code == 2 and errors
