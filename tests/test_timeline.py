"""kzqa timeline: order, partial dates, filters, and the date parsing behind them."""

from __future__ import annotations

import itertools
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzqa.dates import parse_edtf
from tests.conftest import json_out, write_facts


def test_timeline_lists_events_and_milestones_in_date_order(facts, run):
    result = run("timeline", "--json")
    assert result.exit_code == 0
    rows = json_out(result)
    assert [(r["date"], r["id"], r["milestone"]) for r in rows] == [
        ("1993-07-01", "relations-established", "establishment"),
        ("2022-10", "state-visit-2022", "visit"),
        ("2022-10-12", "military-agreement", "signed"),
    ]
    assert rows[1]["when"] == "Oct 2022"
    assert rows[0]["when"] == "1 Jul 1993"


def test_a_range_keeps_dates_wholly_inside_it(facts, run):
    rows = json_out(run("timeline", "--from", "2022", "--to", "2022", "--json"))
    assert [r["id"] for r in rows] == ["state-visit-2022", "military-agreement"]
    rows = json_out(run("timeline", "--from", "2022-10-12", "--json"))
    # "Oct 2022" begins before 12 Oct 2022: only the signing on the 12th is wholly inside.
    assert [r["id"] for r in rows] == ["military-agreement"]
    rows = json_out(run("timeline", "--from", "2022-10-13", "--overlapping", "--json"))
    assert [r["id"] for r in rows] == ["state-visit-2022"]


RANGE_FACTS = {"ranges.toml": """
    [[event]]
    id = "trend"
    title = "A trend"
    date = "2019~/2024~"
    type = "other"
    citations = [{ source = "doc-a", quote = "x", locator = "y" }]

    [[event]]
    id = "table-row"
    title = "A table row"
    date = "2022/2024"
    type = "other"
    citations = [{ source = "doc-a", quote = "x", locator = "y" }]

    [[event]]
    id = "until"
    title = "Until a day"
    date = "../2022-10-12"
    type = "other"
    citations = [{ source = "doc-a", quote = "x", locator = "y" }]

    [[event]]
    id = "unknown"
    title = "Some time"
    date = "../.."
    type = "other"
    citations = [{ source = "doc-a", quote = "x", locator = "y" }]

    [[event]]
    id = "autumn"
    title = "An autumn"
    date = "2024-23"
    type = "other"
    citations = [{ source = "doc-a", quote = "x", locator = "y" }]

    [[event]]
    id = "about-2023"
    title = "About mid 2023"
    date = "2023-06~"
    type = "other"
    citations = [{ source = "doc-a", quote = "x", locator = "y" }]
"""}


@pytest.mark.parametrize("start,end,overlapping,expected", [
    ("2022", "2022", False, ["state-visit-2022", "military-agreement"]),
    ("2022", "2022", True, ["trend", "table-row", "state-visit-2022", "military-agreement", "until"]),
    ("2019", "2024", False, ["trend", "table-row", "state-visit-2022", "military-agreement", "about-2023", "autumn"]),
    ("2023-06", "2023-06", False, ["about-2023"]),  # ~ widens nothing
    ("2024-09", "2024-11", False, ["autumn"]),  # a season spans its months
    ("2024-10", "2024-11", False, []),
    ("2024-10", "2024-11", True, ["trend", "table-row", "autumn"]),
])
def test_range_rules(facts, run, monkeypatch, tmp_path, start, end, overlapping, expected):
    extra = write_facts(tmp_path / "ranges", RANGE_FACTS)
    monkeypatch.setenv("KZQA_FACTS", os.pathsep.join([str(facts), str(extra)]))
    args = ["timeline", "--from", start, "--to", end, "--json", *(["--overlapping"] if overlapping else [])]
    rows = json_out(run(*args))
    assert [r["id"] for r in rows] == expected


def test_from_after_to_is_a_usage_error(facts, run):
    result = run("timeline", "--from", "2024", "--to", "2022")
    assert result.exit_code == 2
    assert "--from 2024 is after --to 2022" in result.stderr


@pytest.mark.parametrize("option", ["--from", "--to"])
def test_an_empty_bound_is_a_usage_error_not_no_bound(facts, run, option):
    result = run("timeline", option, "")
    assert result.exit_code == 2
    assert f"{option}: an EDTF date cannot be empty" in result.stderr


def test_filters_by_country_alias_kind_and_topic(facts, run):
    rows = json_out(run("timeline", "--country", "Қазақстан", "--kind", "visit", "--json"))
    assert [r["id"] for r in rows] == ["state-visit-2022"]
    rows = json_out(run("timeline", "--kind", "agreement", "--json"))
    assert [r["id"] for r in rows] == ["military-agreement"]
    rows = json_out(run("timeline", "--topic", "diplomacy", "--json"))
    assert [r["id"] for r in rows] == ["relations-established"]


def test_bad_dates_and_unknown_countries_are_usage_errors(facts, run):
    result = run("timeline", "--from", "banana")
    assert result.exit_code == 2
    assert "--from" in result.stderr and "EDTF" in result.stderr
    result = run("timeline", "--country", "Narnia")
    assert result.exit_code == 2
    assert "--country: 'Narnia' is not a country (one of: kazakhstan, qatar)" in result.stderr


def test_nothing_found_is_exit_1_with_an_empty_array(facts, run):
    result = run("timeline", "--from", "2030", "--json")
    assert result.exit_code == 1
    assert json_out(result) == []
    result = run("timeline", "--from", "2030")
    assert result.exit_code == 1
    assert "no results" in result.stderr


def test_dates_show_their_precision_as_written():
    assert parse_edtf("2024-23").show() == "autumn 2024"
    assert parse_edtf("2025?").show() == "2025?"
    assert parse_edtf("2007~").show() == "c. 2007"
    assert parse_edtf("2022-10").show() == "Oct 2022"
    assert parse_edtf("2026-02-03/2026-02-04").show() == "3–4 Feb 2026"
    assert parse_edtf("1991-12/..").show() == "from Dec 1991"


def test_partial_dates_sort_coarse_before_fine():
    texts = ["2022-10-12", "2022", "2023", "2022-10", "2021-12-31", "2022-23"]
    ordered = sorted(texts, key=lambda t: parse_edtf(t).sort_key())
    # autumn 2022 starts on 1 Sep, before October
    assert ordered == ["2021-12-31", "2022", "2022-23", "2022-10", "2022-10-12", "2023"]


dates = st.dates().map(lambda d: d.isoformat())
partials = st.one_of(dates, dates.map(lambda t: t[:7]), dates.map(lambda t: t[:4]))


@given(st.lists(partials, min_size=2, max_size=12))
def test_sorting_is_chronological_by_earliest_day_then_coarser_first(texts):
    ordered = sorted(texts, key=lambda t: parse_edtf(t).sort_key())
    for a, b in itertools.pairwise(ordered):
        pa, pb = parse_edtf(a), parse_edtf(b)
        assert pa.lower <= pb.lower
        if pa.lower == pb.lower:
            # at the same first day the coarser one (the longer span) comes first
            assert pa.upper >= pb.upper
