"""kzqa agreements, projects, figures and compare: filters, order, totals, arithmetic."""

from __future__ import annotations

import pytest

from kzqa.queries import QueryError, parse_amount
from tests.conftest import json_out, write_facts


def test_agreements_query_finds_by_title_and_filters(facts, run):
    rows = json_out(run("agreements", "military", "--json"))
    assert [r["id"] for r in rows] == ["military-agreement"]
    assert rows[0]["kind"] == "agreement" and rows[0]["signed"] == "2022-10-12"
    assert json_out(run("agreements", "--party", "Qatar", "--json"))[0]["id"] == "military-agreement"
    assert run("agreements", "--status", "ratified", "--json").exit_code == 1
    assert run("agreements", "--year", "2021", "--json").exit_code == 1
    assert [r["id"] for r in json_out(run("agreements", "--year", "2022", "--json"))] == ["military-agreement"]


def test_agreements_rejects_an_unknown_status(facts, run):
    result = run("agreements", "--status", "maybe")
    assert result.exit_code == 2
    assert "in-force" in result.stderr


def test_projects_sorted_by_value_with_totals_kept_apart(facts, run, tmp_path, monkeypatch):
    extra = write_facts(tmp_path / "more", {"more.toml": """
        [[project]]
        id = "small-farm"
        title = "Small farm"
        status = "completed"
        sectors = ["agriculture"]
        amount = { value = 15000000, currency = "USD", basis = "spent" }
        citations = [{ source = "doc-a", quote = "x", locator = "y" }]

        [[project]]
        id = "big-farm"
        title = "Big farm"
        status = "planned"
        sectors = ["agriculture"]
        amount = { value = 350000000, currency = "USD", basis = "planned" }
        citations = [{ source = "doc-a", quote = "x", locator = "y" }]
    """})
    monkeypatch.setenv("KZQA_FACTS", f"{facts}:{extra}")
    rows = json_out(run("projects", "--json"))
    assert [r["id"] for r in rows] == ["gas-plant", "big-farm", "small-farm"]
    result = run("projects", "--md")
    lines = result.stdout.splitlines()
    totals = [line for line in lines if line.startswith("| total")]
    assert totals == ["| total | 2 projects |  |  | USD 2,850,000,000 | planned |  |",
                      "| total | 1 project |  |  | USD 15,000,000 | spent |  |"]


def test_projects_min_value_and_sector(facts, run):
    assert [r["id"] for r in json_out(run("projects", "--min-value", "2.5bn", "--json"))] == ["gas-plant"]
    assert run("projects", "--min-value", "2.6bn", "--json").exit_code == 1
    assert run("projects", "--min-value", "KZT 1m", "--json").exit_code == 1
    assert run("projects", "--sector", "energy", "--json").exit_code == 0
    result = run("projects", "--min-value", "lots")
    assert result.exit_code == 2 and "500m" in result.stderr


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("500m", 5e8, None), ("2.5bn", 2.5e9, None), ("1e9", 1e9, None), ("USD 2.5bn", 2.5e9, "USD"),
    ("$15 million", 1.5e7, "USD"), ("1,000,000", 1e6, None), ("17.6 billion tenge", 1.76e10, "KZT"),
])
def test_parse_amount(text, value, currency):
    assert parse_amount(text) == (pytest.approx(value), currency)


def test_parse_amount_refuses_nonsense():
    with pytest.raises(QueryError):
        parse_amount("two")


@pytest.mark.parametrize("text", ["XYZ 500m", "500m XYZ", "500xyz", "ABC 1bn"])
def test_an_unknown_currency_is_a_usage_error_not_nothing_found(facts, run, text):
    """Three letters are a currency only when ISO 4217 has them."""
    result = run("projects", "--min-value", text)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "ISO 4217" in result.stderr or "multiplier" in result.stderr


def test_figures_by_measure_in_period_order(facts, run):
    rows = json_out(run("figures", "--measure", "visitors-qatar", "--json"))
    assert [(r["id"], r["value"]) for r in rows] == [("visitors-2022", 3000), ("visitors-2023", 4500)]
    result = run("figures", "--measure", "visitors-qatr")
    assert result.exit_code == 2
    assert "did you mean visitors-qatar" in result.stderr


def test_compare_arithmetic_against_the_first(facts, run):
    rows = json_out(run("compare", "visitors-2023", "visitors-2022", "--json"))
    assert [r["id"] for r in rows] == ["visitors-2022", "visitors-2023"]
    second = rows[1]
    assert second["difference"] == 1500
    assert second["ratio"] == pytest.approx(1.5)
    assert second["change_percent"] == pytest.approx(50.0)
    assert second["qualifier"] == "more-than"
    same = json_out(run("compare", "--measure", "visitors-qatar", "--json"))
    assert [r["id"] for r in same] == ["visitors-2022", "visitors-2023"]


def test_compare_table_draws_bars_scaled_to_the_largest(facts, run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # wide enough that no bar wraps
    result = run("compare", "--measure", "visitors-qatar", "--table")
    assert result.exit_code == 0
    bars = [line.count("█") for line in result.stdout.splitlines() if "█" in line]
    assert bars == [8, 12]


def test_compare_refuses_mixed_units(facts, run):
    result = run("compare", "visitors-2022", "gas-plant")
    assert result.exit_code == 2
    assert "different units" in result.stderr and "visitors-2022 (people)" in result.stderr


def test_compare_shows_share_of_a_target(facts, run, tmp_path, monkeypatch):
    extra = write_facts(tmp_path / "t", {"t.toml": """
        [[figure]]
        id = "visitors-target-2023"
        title = "Target"
        measure = "visitors-qatar"
        value = 9000
        unit = "people"
        period = "2023"
        basis = "target"
        citations = [{ source = "doc-a", quote = "x", locator = "y" }]
    """})
    monkeypatch.setenv("KZQA_FACTS", f"{facts}:{extra}")
    rows = {r["id"]: r for r in json_out(run("compare", "--measure", "visitors-qatar", "--json"))}
    assert rows["visitors-2023"]["share_of_target"] == pytest.approx(50.0)
    assert rows["visitors-2023"]["target"] == "visitors-target-2023"
    assert rows["visitors-target-2023"]["share_of_target"] is None


def test_compare_unknown_id_and_too_few(facts, run):
    result = run("compare", "visitors-2022", "visitors-2099")
    assert result.exit_code == 2 and "visitors-2099" in result.stderr
    assert run("compare", "visitors-2022").exit_code == 2
