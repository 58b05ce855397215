"""The claim reader: every number form of docs/number-forms.md read into structured claims."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzqa.checker.claims import Claim, _Master, _patterns, claims_in, lexicon
from kzqa.dates import parse_edtf


def only(text: str, context: str = "") -> Claim:
    found = claims_in(text, context)
    assert len(found) == 1, found
    claim = found[0]
    assert text[claim.start:claim.end] == claim.text
    return claim


def of_kind(text: str, kind: str) -> list[Claim]:
    return [c for c in claims_in(text) if c.kind == kind]


# -- money: signs, codes, words, scales -----------------------------------------------------
@pytest.mark.parametrize(("text", "written", "value", "currency"), [
    ("Qatar gave $15 million to it.", "$15 million", 15e6, "USD"),
    ("Qatar gave $15 mn to it.", "$15 mn", 15e6, "USD"),
    ("Qatar gave $15mn to it.", "$15mn", 15e6, "USD"),
    ("Qatar gave $15 mln to it.", "$15 mln", 15e6, "USD"),
    ("Qatar gave $15m to it.", "$15m", 15e6, "USD"),
    ("Qatar gave $15 m to it.", "$15 m", 15e6, "USD"),
    ("Qatar gave $15M to it.", "$15M", 15e6, "USD"),
    ("The route needs $1.2bn.", "$1.2bn", 1.2e9, "USD"),
    ("The route needs $1.2 bn.", "$1.2 bn", 1.2e9, "USD"),
    ("The route needs $1.2b.", "$1.2b", 1.2e9, "USD"),
    ("The route needs $1.2 billion.", "$1.2 billion", 1.2e9, "USD"),
    ("The fund holds $2 tn.", "$2 tn", 2e12, "USD"),
    ("The fund holds $2 trillion.", "$2 trillion", 2e12, "USD"),
    ("The grant was $500k.", "$500k", 5e5, "USD"),
    ("The grant was $500 thousand.", "$500 thousand", 5e5, "USD"),
    ("It costs US$ 2.5 billion.", "US$ 2.5 billion", 2.5e9, "USD"),
    ("It costs US$2.5 billion.", "US$2.5 billion", 2.5e9, "USD"),
    ("It costs USD 2.5 billion.", "USD 2.5 billion", 2.5e9, "USD"),
    ("It costs 2.5 billion USD.", "2.5 billion USD", 2.5e9, "USD"),
    ("It costs 2.5 billion dollars.", "2.5 billion dollars", 2.5e9, "USD"),
    ("It costs 2.5 billion US dollars.", "2.5 billion US dollars", 2.5e9, "USD"),
    ("It committed 17.6 billion tenge.", "17.6 billion tenge", 17.6e9, "KZT"),
    ("It committed ₸17.6 billion.", "₸17.6 billion", 17.6e9, "KZT"),
    ("It committed 5\u2009000 ₸.", "5\u2009000 ₸", 5000, "KZT"),
    ("It committed KZT 17.6bn.", "KZT 17.6bn", 17.6e9, "KZT"),
    ("A QAR 300 million fund.", "QAR 300 million", 3e8, "QAR"),
    ("A QR 300 million fund.", "QR 300 million", 3e8, "QAR"),
    ("A fund of 300 million riyals.", "300 million riyals", 3e8, "QAR"),
    ("A fund of 300 million Qatari riyals.", "300 million Qatari riyals", 3e8, "QAR"),
    ("A loan of €40 million.", "€40 million", 4e7, "EUR"),
    ("A loan of £40 million.", "£40 million", 4e7, "GBP"),
    ("A loan of 40 million euros.", "40 million euros", 4e7, "EUR"),
    ("A loan of 40 million roubles.", "40 million roubles", 4e7, "RUB"),
    ("A loan of 40 million yuan.", "40 million yuan", 4e7, "CNY"),
    ("A loan of AED 40 million.", "AED 40 million", 4e7, "AED"),
    ("A loan of SAR 40 million.", "SAR 40 million", 4e7, "SAR"),
    ("A loan of PKR 40 million.", "PKR 40 million", 4e7, "PKR"),
    ("A loan of 40 million rupees.", "40 million rupees", 4e7, "PKR"),
    ("A loan of 40 million dirhams.", "40 million dirhams", 4e7, "AED"),
])
def test_money_forms(text: str, written: str, value: float, currency: str) -> None:
    claim = only(text)
    assert (claim.kind, claim.text, claim.unit) == ("money", written, currency)
    assert claim.value == pytest.approx(value)


@pytest.mark.parametrize(("text", "value", "precision"), [
    ("Qatar funded the mosque with $15.000.000.", 15e6, 1),  # dot thousands
    ("Qatar funded the mosque with $15,000,000.", 15e6, 1),  # comma thousands
    ("Qatar funded the mosque with $15\u2009000\u2009000.", 15e6, 1),  # thin spaces
    ("Qatar funded the mosque with $15\u202f000\u202f000.", 15e6, 1),  # narrow no-break spaces
    ("Qatar funded the mosque with $15\u00a0000\u00a0000.", 15e6, 1),  # no-break spaces
    ("A pact worth $17,6 billion.", 17.6e9, 1e8),  # decimal comma before a scale word
    ("A pact worth $17,65 billion.", 17.65e9, 1e7),
    ("A pact worth $17.6 billion.", 17.6e9, 1e8),  # decimal point
    ("A pact worth $1.234,5 million.", 1234.5e6, 1e5),  # dot thousands and decimal comma
    ("A pact worth $20 million.", 20e6, 1e6),  # trailing zeros count
    ("A pact worth $1,234.5 million.", 1234.5e6, 1e5),
    ("A pact worth $0,5 billion.", 0.5e9, 1e8),  # a leading zero is never thousands
    ("It sold 1234,5 tonnes.", 1234.5, 0.1),  # four digits before a comma cannot be thousands
])
def test_separators(text: str, value: float, precision: float) -> None:
    claim = only(text)
    assert claim.value == pytest.approx(value)
    assert claim.precision == pytest.approx(precision)


def test_thousands_comma_is_not_a_decimal() -> None:
    claim = only("About 1,000 visitors came.")
    assert (claim.value, claim.precision) == (1000, 1)


def test_single_dot_group_is_a_decimal_point() -> None:
    claim = only("It cost $15.000 million.")
    assert claim.value == pytest.approx(15e6)
    assert claim.precision == pytest.approx(1e3)


def test_decimal_comma_claim_interval() -> None:
    money, date = claims_in("Qatar and Kazakhstan signed an investment pact worth $17,6 billion in March 2024.")
    claim = money
    assert (claim.text, claim.unit, claim.noun, claim.period) == ("$17,6 billion", "USD", "investment", "2024-03")
    # the month dates the signing too: a date claim as well as the amount's period
    assert (date.kind, date.date) == ("date", "2024-03")
    assert (claim.low, claim.high) == pytest.approx((17.55e9, 17.65e9))


def test_one_letter_scale_needs_a_currency_before_a_space() -> None:
    claim = only("The tower is 15 m tall.")
    assert (claim.value, claim.unit) == (15, "m")


# -- qualifiers as intervals ----------------------------------------------------------------
@pytest.mark.parametrize(("text", "qualifier", "low", "high", "low_open", "high_open"), [
    ("Qatar gave $20 million.", "exact", 19.5e6, 20.5e6, False, False),
    ("Qatar gave about $20 million.", "approximately", 18e6, 22e6, False, False),
    ("Qatar gave around $20 million.", "approximately", 18e6, 22e6, False, False),
    ("Qatar gave roughly $20 million.", "approximately", 18e6, 22e6, False, False),
    ("Qatar gave some $20 million.", "approximately", 18e6, 22e6, False, False),
    ("Qatar gave approximately $20 million.", "approximately", 18e6, 22e6, False, False),
    ("Qatar gave more than $20 million.", "more-than", 20e6, math.inf, True, True),
    ("Qatar gave over $20 million.", "more-than", 20e6, math.inf, True, True),
    ("Qatar gave above $20 million.", "more-than", 20e6, math.inf, True, True),
    ("Qatar gave at least $20 million.", "at-least", 20e6, math.inf, False, True),
    ("Qatar gave up to $20 million.", "up-to", 0, 20e6, False, False),
    ("Qatar gave as much as $20 million.", "up-to", 0, 20e6, False, False),
    ("Qatar gave less than $20 million.", "less-than", 0, 20e6, False, True),
    ("Qatar gave under $20 million.", "less-than", 0, 20e6, False, True),
    ("Qatar gave below $20 million.", "less-than", 0, 20e6, False, True),
    ("Qatar gave nearly $20 million.", "less-than", 18e6, 20e6, False, True),  # a little below
    ("Qatar gave almost $20 million.", "less-than", 18e6, 20e6, False, True),
    ("Qatar gave $20 million or more.", "at-least", 20e6, math.inf, False, True),
    ("Some 1,000+ visitors came.", "approximately", 900, 1100, False, False),
    ("Gas reserves exceed 2 trillion cubic metres.", "more-than", 2e12, math.inf, True, True),
    ("The population passed 20 million people.", "more-than", 20e6, math.inf, True, True),
])
def test_qualifiers(text: str, qualifier: str, low: float, high: float, low_open: bool, high_open: bool) -> None:
    claim = only(text)
    assert claim.qualifier == qualifier
    assert (claim.low, claim.high) == pytest.approx((low, high))
    assert (claim.low_open, claim.high_open) == (low_open, high_open)


def test_more_than_two_trillion_allows_more() -> None:
    claim = only("Its reserves are worth more than 2 trillion tenge.")
    assert claim.low == pytest.approx(2e12)
    assert claim.high == math.inf
    assert claim.low < 3.8e12 < claim.high  # the record of 3.8 trillion lies inside


def test_plus_after_a_number_is_at_least() -> None:
    claim = only("It has 1,000+ members.")
    assert (claim.qualifier, claim.low, claim.high) == ("at-least", 1000, math.inf)


def test_about_keeps_the_written_precision_when_wider() -> None:
    claim = only("They have about 3 projects.")
    assert (claim.low, claim.high) == pytest.approx((2.5, 3.5))


# -- ranges ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "written", "low", "high", "kind", "unit"), [
    ("Some 10–20 million visitors came.", "10–20 million", 10e6, 20e6, "count", "visitors"),
    ("Some 10-20 million visitors came.", "10-20 million", 10e6, 20e6, "count", "visitors"),
    ("Some 10 to 20 million visitors came.", "10 to 20 million", 10e6, 20e6, "count", "visitors"),
    ("It drew between 10 and 20 million visitors.", "10 and 20 million", 10e6, 20e6, "count", "visitors"),
    ("It costs $10–20 million.", "$10–20 million", 10e6, 20e6, "money", "USD"),
    ("It costs 3 to 4 billion riyals.", "3 to 4 billion riyals", 3e9, 4e9, "money", "QAR"),
    ("It grew 5–7%.", "5–7%", 5, 7, "percent", "%"),
])
def test_ranges(text: str, written: str, low: float, high: float, kind: str, unit: str) -> None:
    claim = only(text)
    assert (claim.text, claim.kind, claim.unit, claim.qualifier) == (written, kind, unit, "range")
    assert (claim.low, claim.high) == pytest.approx((low, high))
    assert claim.value == pytest.approx((low + high) / 2)


# -- changes: from, to, by ------------------------------------------------------------------
def test_rose_from_a_to_b_with_periods() -> None:
    first, second = claims_in("The number of Qatari visitors rose from 553 in 2022 to about 1,000 in 2023.")
    assert (first.text, first.role, first.period, first.qualifier, first.noun) == ("553", "from", "2022", "exact",
                                                                                 "visitors")
    assert (second.text, second.role, second.period, second.qualifier) == ("1,000", "to", "2023", "approximately")
    assert (second.low, second.high) == pytest.approx((900, 1100))
    assert second.noun == "visitors"


def test_rose_from_a_to_b_shares_the_scale() -> None:
    first, second = claims_in("Trade increased from $10 to $20 million.")
    assert (first.role, second.role) == ("from", "to")
    assert (first.value, second.value) == pytest.approx((10e6, 20e6))
    assert first.unit == second.unit == "USD"


def test_rose_to_alone() -> None:
    claim = only("Trade rose to $86.6 million.")
    assert (claim.role, claim.noun) == ("to", "trade")


def test_grew_by_is_a_change() -> None:
    claim = only("Trade grew by 5% last year.")
    assert (claim.role, claim.kind, claim.value) == ("by", "percent", 5)


def test_a_change_without_by() -> None:
    first, second = claims_in("Trade rose 20% to $86.6 million in 2023.")
    assert (first.role, first.kind, second.role, second.kind) == ("by", "percent", "to", "money")


def test_raised_money_is_no_change() -> None:
    assert only("Qatar raised $5 million for the mosque.").role is None


def test_up_from() -> None:
    found = claims_in("Trade reached $86 million, up from $56 million.")
    assert [c.role for c in found] == ["to", "from"]


def test_up_from_pairs_with_the_level_before_it() -> None:
    found = claims_in("Some 40,000 Kazakhstanis visited Doha in 2023, up from 15,000 the year before.")
    assert [(c.value, c.role, c.noun, c.period) for c in found] == [
        (40000, "to", "kazakhstanis", "2023"), (15000, "from", "kazakhstanis", "2022")]  # "the year before"


def test_money_from_a_donor_is_no_change() -> None:
    claim = only("It received $5 million from Qatar.")
    assert claim.role is None


# -- percentages and points -----------------------------------------------------------------
@pytest.mark.parametrize(("text", "kind", "value", "unit"), [
    ("It grew by 5.1% last year.", "percent", 5.1, "%"),
    ("It grew by 5.1 % last year.", "percent", 5.1, "%"),
    ("It grew by 5.1 per cent last year.", "percent", 5.1, "%"),
    ("It grew by 5.1 percent last year.", "percent", 5.1, "%"),
    ("It grew by twenty percent last year.", "percent", 20, "%"),
    ("The share rose 2 percentage points.", "points", 2, "pp"),
    ("The share rose 2 pp.", "points", 2, "pp"),
    ("The share rose 2 p.p. in a year.", "points", 2, "pp"),
])
def test_percent_and_points(text: str, kind: str, value: float, unit: str) -> None:
    claim = only(text)
    assert (claim.kind, claim.unit) == (kind, unit)
    assert claim.value == pytest.approx(value)


def test_percent_precision() -> None:
    claim = only("It grew by 5.1%.")
    assert claim.precision == pytest.approx(0.1)
    assert (claim.low, claim.high) == pytest.approx((5.05, 5.15))


def test_points_and_percent_are_not_one_range() -> None:
    found = claims_in("The share rose 2 percentage points to 12.5%.")
    assert [(c.kind, c.value, c.role) for c in found] == [("points", 2, "by"), ("percent", 12.5, "to")]


# -- counts and their nouns -----------------------------------------------------------------
@pytest.mark.parametrize(("text", "value", "unit"), [
    ("A hospital with 125 beds.", 125, "beds"),
    ("About 40,000 Kazakhstanis went.", 40000, "Kazakhstanis"),
    ("In all, 553 Qatari tourists came.", 553, "tourists"),
    ("There are 14 regular direct flights to Doha.", 14, "flights"),
    ("A 125-bed maternity hospital.", 125, "bed"),
    ("It offered 60 non-resource commodity items.", 60, "items"),
    ("Reserves of 30 billion barrels.", 30e9, "barrels"),
    ("Charter flights leave from five cities.", 5, "cities"),
    ("Twenty visitors came.", 20, "visitors"),
    ("They built two hundred and fifty beds.", 250, "beds"),
    ("They began twenty-five projects.", 25, "projects"),
    ("They signed a dozen agreements.", 12, "agreements"),
    ("A million people came.", 1e6, "people"),
])
def test_counts(text: str, value: float, unit: str) -> None:
    claim = only(text)
    assert (claim.kind, claim.unit, claim.noun) == ("count", unit, unit.lower())
    assert claim.value == pytest.approx(value)


def test_number_of_noun_before() -> None:
    claim = only("The number of Qatari pilgrims rose to roughly 1,000 last year.")
    assert (claim.noun, claim.unit, claim.qualifier, claim.role) == ("pilgrims", "pilgrims", "approximately", "to")


def test_a_dozen_is_about_twelve() -> None:
    claim = only("They signed a dozen agreements.")
    assert claim.qualifier == "approximately"


def test_verb_after_a_number_is_no_noun() -> None:
    claim = only("Of the visitors, 553 came by air.")
    assert claim.noun != "came"


def test_noun_of_one_number_is_not_lent_to_the_next() -> None:
    found = claims_in("At least 10 projects, up to €5bn.")
    assert [c.noun for c in found] == ["projects", None]


@pytest.mark.parametrize(("text", "value", "precision"), [
    ("Twenty visitors came.", 20, 1),
    ("Two million visitors came.", 2e6, 1e6),
    ("One and a half billion dollars were spent.", 1.5e9, 1e8),
    ("Half a million dollars were spent.", 5e5, 1e5),
    ("Two hundred thousand visitors came.", 2e5, 1e3),
])
def test_spelled_out_numbers(text: str, value: float, precision: float) -> None:
    claim = claims_in(text)[0]
    assert claim.value == pytest.approx(value)
    assert claim.precision == pytest.approx(precision)


@pytest.mark.parametrize("text", [
    "Trade between the two countries grew.",
    "These five documents say so.",
    "Both two sides agreed.",
])
def test_a_spelled_number_after_the_is_a_reference(text: str) -> None:
    assert claims_in(text) == []


def test_article_between_hedge_and_number() -> None:
    first, second = claims_in("Visitors increased from 553 Qatari visitors in 2022 to approximately a 1,000 visitor "
                              "in 2023.")
    assert (first.role, second.role, second.qualifier, second.noun) == ("from", "to", "approximately", "visitors")


def test_one_alone_is_no_claim() -> None:
    assert claims_in("Qatar is one of the partners and one country invested.") == []


# -- rates ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "rate"), [
    ("There are 14 flights a week to Doha.", "week"),
    ("There are 14 flights per week to Doha.", "week"),
    ("There are 14 weekly flights to Doha.", "week"),
    ("It pumps 1.5 million barrels per day.", "day"),
    ("It pumps 1.5 million barrels a day.", "day"),
    ("It pumps 1.5 million barrels daily.", "day"),
    ("It earns $5 billion a year.", "year"),
    ("It earns $5 billion annually.", "year"),
    ("It earns $5 billion per annum.", "year"),
    ("Annual trade is $1 billion.", "year"),
    ("It hosts 30 events a month.", "month"),
    ("The pipeline ships about 1.5 million barrels of oil a day.", "day"),
])
def test_rates(text: str, rate: str) -> None:
    assert only(text).rate == rate


def test_a_stock_has_no_rate() -> None:
    assert only("Qatar invested $5 billion.").rate is None


# -- basis ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "basis"), [
    ("Trade was $56.6 million in 2023.", "actual"),
    ("The two sides aim to raise trade to $1 billion by 2030.", "target"),
    ("The target is trade of $1 billion.", "target"),
    ("Their goal is $1 billion in trade.", "target"),
    ("Trade should reach $1 billion by 2030.", "target"),
    ("Qatar plans to invest $1 billion.", "plan"),
    ("Qatar will invest $1 billion.", "plan"),
    ("Trade is expected to reach $1 billion.", "estimate"),
    ("Trade is projected at $1 billion.", "estimate"),
    ("An estimated $1 billion was invested.", "estimate"),
])
def test_basis(text: str, basis: str) -> None:
    money = of_kind(text, "money")
    assert len(money) == 1
    assert money[0].basis == basis


@pytest.mark.parametrize(("text", "basis"), [
    ("Tokayev wants bilateral trade with Qatar to reach $500 million.", "target"),
    ("Kazakhstan could raise its exports to Qatar to around $250 million.", "estimate"),
    ("The logistics route is budgeted at $1.2bn.", "plan"),
    ("Joint projects worth more than $20 billion are under consideration.", "plan"),
    ("By 2023 the number of Qatari visitors had risen to roughly 1,000.", "actual"),
    ("Kazakhstan has offered Qatar non-resource goods worth about $250 million.", "plan"),
    ("Kazakhstan's export pitch to Qatar: goods worth USD 250M.", "plan"),
    ("The President expressed the readiness of the Kazakh side to increase exports worth $250 million.", "plan"),
    ("Tokayev's talk of lifting trade to $600 million sounded bold.", "plan"),
])
def test_basis_of_labelled_sentences(text: str, basis: str) -> None:
    assert only(text).basis == basis


def test_basis_stays_in_its_clause() -> None:
    found = of_kind("Trade was $56.6 million in 2023; the two sides aim for $1 billion.", "money")
    assert [c.basis for c in found] == ["actual", "target"]


# -- periods are not dates ------------------------------------------------------------------
@pytest.mark.parametrize(("text", "period"), [
    ("Trade was $56.6 million in 2023.", "2023"),
    ("Trade was $56.6 million in March 2024.", "2024-03"),
    ("Trade was $56.6 million in autumn 2024.", "2024-23"),
    ("Trade was $56.6 million for 2022–2024.", "2022/2024"),
    ("Trade was $56.6 million between 2022 and 2024.", "2022/2024"),
    ("In 2023, trade reached $56.6 million.", "2023"),
    ("Qatar has invested $2 billion since 2005.", "2005/.."),
    ("Trade was $56.6 million in the 1990s.", "199X"),
    ("Trade was $56.6 million in fiscal 2023.", "2023"),
    ("Trade was $56.6 million in Q1 2023.", "2023-01/2023-03"),  # a quarter is its three months
    ("Exports were $5 million in the second half of 2024.", "2024-07/2024-12"),
    ("In the first quarter of 2023, trade was $5 million.", "2023-01/2023-03"),
    ("Trade was $5 million in H2 2024.", "2024-07/2024-12"),
])
def test_period_of_a_quantity(text: str, period: str) -> None:
    found = claims_in(text)
    assert [c.kind for c in found] == ["money"]
    assert found[0].period == period
    parse_edtf(period)


@pytest.mark.parametrize(("text", "periods"), [
    ("Visitors doubled to about 1,000 in 2023 from 553 a year earlier.", ["2023", "2022"]),
    ("Visitors numbered 40,000 in 2023, against 15,000 the previous year.", ["2023", "2022"]),
    ("Visitors rose from 15,000 in 2022 to nearly 60,000 the following year.", ["2022", "2023"]),
    # two years before it: which one's year before is not said
    ("Visitors numbered 40,000 in 2023 and 45,000 in 2024, against 15,000 the year before.",
     ["2023", "2024", None]),
])
def test_a_year_earlier_is_the_year_before_the_other_quantitys(text: str, periods: list[str | None]) -> None:
    found = [c for c in claims_in(text) if c.kind == "count" and c.unit != "times"]
    assert [c.period for c in found] == periods
    assert all(c.rate is None for c in found)  # "a year earlier" is no rate "a year"


def test_a_headers_scale_is_not_lent_to_a_number_whose_words_hold_one() -> None:
    assert [c.value for c in claims_in("Twenty billion dollars.", "Amount (USD million)")] == [20e9]
    assert [c.value for c in claims_in("15", "Amount (USD million)")] == [15e6]


def test_a_year_in_brackets_after_a_quantity_is_its_period() -> None:
    found = claims_in("Kazakhstani visitors to Doha: 40,000 (2022), about 15,000 (2023).")
    assert [(c.value, c.period) for c in found] == [(40000, "2022"), (15000, "2023")]


def test_a_date_after_a_change_is_the_time_of_the_level_it_follows() -> None:
    found = claims_in("Qatari visitors rose from 553 to about 1,000 in 2023.")
    assert [(c.value, c.role, c.period) for c in found] == [(553, "from", None), (1000, "to", "2023")]


def test_each_quantity_takes_its_own_period() -> None:
    found = claims_in("Qatar invested $2 billion in 2023 and $3 billion in 2024.")
    assert [(c.value, c.period) for c in found] == [(2e9, "2023"), (3e9, "2024")]


def test_a_range_period_splits_over_from_and_to() -> None:
    found = claims_in("Trade grew from $10 million to $20 million between 2020 and 2023.")
    assert [(c.role, c.period) for c in found] == [("from", "2020"), ("to", "2023")]


def test_a_day_is_a_date_not_a_period() -> None:
    found = claims_in("Qatar pledged $5 million on 12 October 2022.")
    assert [c.kind for c in found] == ["money", "date"]
    assert found[1].date == "2022-10-12"


def test_time_of_a_happening_is_a_date() -> None:
    claim = only("Kazakhstan and Qatar established diplomatic relations in 1993.")
    assert (claim.kind, claim.date, claim.value) == ("date", "1993", None)


def test_date_in_another_clause_is_a_date() -> None:
    found = claims_in("Qatar gave $20 million for the mosque, which opened in 2013.")
    assert [c.kind for c in found] == ["money", "date"]
    assert found[0].period is None


# -- dates ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "written", "edtf"), [
    ("They met on 1 July 1993.", "1 July 1993", "1993-07-01"),
    ("They met on July 1, 1993.", "July 1, 1993", "1993-07-01"),
    ("They met on the 1st of July 1993.", "1st of July 1993", "1993-07-01"),
    ("They met on 1993-07-01.", "1993-07-01", "1993-07-01"),
    ("They met on 12 Oct. 2022.", "12 Oct. 2022", "2022-10-12"),
    ("They met in October 2022.", "October 2022", "2022-10"),
    ("They met in autumn 2024.", "autumn 2024", "2024-23"),
    ("They met in the autumn of 2024.", "autumn of 2024", "2024-23"),
    ("They met in the spring of 2024.", "spring of 2024", "2024-21"),
    ("They met in 1993.", "1993", "1993"),
    ("They met often in the 1990s.", "1990s", "199X"),
    ("They met on 4–5 February 2026.", "4–5 February 2026", "2026-02-04/2026-02-05"),
    ("They met on February 4–5, 2026.", "February 4–5, 2026", "2026-02-04/2026-02-05"),
    ("They met on 30 September – 2 October 2024.", "30 September – 2 October 2024", "2024-09-30/2024-10-02"),
    ("They met in March–April 2024.", "March–April 2024", "2024-03/2024-04"),
    ("They met often between 2022 and 2024.", "between 2022 and 2024", "2022/2024"),
    ("They met often from 2022 to 2024.", "from 2022 to 2024", "2022/2024"),
    ("They met often in 2022–2024.", "2022–2024", "2022/2024"),
    ("They met often in 2019-20.", "2019-20", "2019/2020"),
    ("They met in mid-2023.", "mid-2023", "2023"),
    # a year or decade by its last two digits (POSIX %y: 69-99 are the 1900s)
    ("Relations date back to '93.", "'93", "1993"),
    ("The Emir came in ’08 and again later.", "’08", "2008"),
    ("Ties deepened in the ’90s.", "’90s", "199X"),
    ("The plant opened in '68.", "'68", "2068"),
    ("The Emir came in Oct '22.", "Oct '22", "2022-10"),
    ("Relations began on 1 July ’93.", "1 July ’93", "1993-07-01"),
    ("Tokayev came on Feb. 14, '24.", "Feb. 14, '24", "2024-02-14"),
    ("Kazakhstan chaired the OIC in '11–'12.", "'11–'12", "2011/2012"),
    # dates said aloud, as a transcript gives them
    ("Relations go back to July first, nineteen ninety-three.", "July first, nineteen ninety-three", "1993-07-01"),
    ("They met on the twenty-first of May twenty twenty-three.", "the twenty-first of May twenty twenty-three",
     "2023-05-21"),
    ("Smailov came in May of twenty twenty-three.", "May of twenty twenty-three", "2023-05"),
    ("The embassy opened in two thousand seven.", "two thousand seven", "2007"),
    ("The embassy opened in two thousand and eight.", "two thousand and eight", "2008"),
    ("It was founded in twenty oh-eight.", "twenty oh-eight", "2008"),
    ("The blockade ran twenty seventeen to twenty twenty-one.", "twenty seventeen to twenty twenty-one",
     "2017/2021"),
])
def test_dates(text: str, written: str, edtf: str) -> None:
    claim = only(text)
    assert (claim.kind, claim.text, claim.date) == ("date", written, edtf)
    parse_edtf(edtf)


@pytest.mark.parametrize(("text", "qualifier"), [
    ("He visited around 2005.", "approximately"),
    ("He visited before 2010.", "less-than"),
    ("He visited after 2010.", "more-than"),
    ("He visited in 2010.", "exact"),
])
def test_date_hedges(text: str, qualifier: str) -> None:
    assert only(text).qualifier == qualifier


@pytest.mark.parametrize("text", [
    "He called the sum '20 million' twice.",  # a quoted amount is no year
    "Trade rose by '15%' in the memo.",
])
def test_a_quoted_number_is_no_two_digit_year(text: str) -> None:
    assert [c.kind for c in claims_in(text)] != ["date"]


@pytest.mark.parametrize(("text", "written", "value"), [
    ("Bilateral trade jumped +35% in 2023.", "35%", 35.0),
    ("Trade: +17.5 per cent year on year.", "17.5 per cent", 17.5),
    ("Exports gained +2 pp.", "2 pp", 2.0),
])
def test_a_plus_before_a_percentage(text: str, written: str, value: float) -> None:
    claim = only(text)
    assert (claim.text, claim.value, claim.role) == (written, value, "by")  # the size of a change


@pytest.mark.parametrize(("text", "value"), [
    ("About two thousand Qataris came.", 2000),  # no word that dates before it: a count
    ("Some two thousand seven visitors came.", 2007),
    ("It cost two thousand seven hundred dollars.", 2700),
])
def test_a_spoken_number_without_a_word_that_dates_is_no_year(text: str, value: float) -> None:
    found = claims_in(text)
    assert [(c.kind, c.value) for c in found] == [(found[0].kind, value)] and found[0].kind != "date"


def test_impossible_day_is_no_claim() -> None:
    assert claims_in("They met on 31 February 2024.") == []


def test_footnote_marker_does_not_hide_the_next_date() -> None:
    found = claims_in("Relations began in 1993.[^1] A new opera house opened in 2013.")
    assert [c.date for c in found] == ["1993", "2013"]


def test_date_claims_carry_their_basis() -> None:
    assert only("The embassy will open in 2026.").basis == "plan"


# -- ranks ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "value", "noun"), [
    ("Qatar is the second largest investor.", 2, "investor"),
    ("Qatar is the second-largest investor.", 2, "investor"),
    ("Qatar is the third-biggest partner.", 3, "partner"),
    ("Qatar is the 10th largest trading partner.", 10, "trading partner"),  # the noun with what narrows it
    ("Qatar is the largest investor.", 1, "investor"),
    ("It is Kazakhstan's biggest partner.", 1, "partner"),
    ("Qatar is the leading investor.", 1, "investor"),
])
def test_ranks(text: str, value: float, noun: str) -> None:
    claim = only(text)
    assert (claim.kind, claim.value, claim.low, claim.high, claim.noun) == ("rank", value, value, value, noun)


def test_top_ten() -> None:
    claim = only("Qatar is among the top 10 investors.")
    assert (claim.kind, claim.qualifier, claim.low, claim.high) == ("rank", "up-to", 1, 10)


def test_one_of_the_largest_is_no_rank() -> None:
    assert of_kind("Qatar is one of the largest investors.", "rank") == []


# -- what is left alone ---------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "The Vision 2030 plan is broad.",
    "Expo-2017 was held in Astana.",
    "Expo 2017 was held in Astana.",
    "It met at COP29 in Baku.",
    "It follows Resolution No. 1088.",
    "See Article 12 of the treaty.",
    "See p. 12 and pp. 12–15.",
    "Support is open 24/7.",
    "The talks began at 10:30.",
    "The talks began at 9 am.",
    "Call +7 717 272 0553 for details.",
    "ISBN 978-601-7150-61-3 is the book.",
    "They marked the 30th anniversary.",
    "They met on 12 October.",
    "The G20 met.",
    "The IP is 192.168.1.1 today.",
    "It follows § 5 of the law.",
    "It is listed as item 7.",
    "They marked the 30-th anniversary.",
    "Talks are set for February 3–4 in Islamabad.",
    "Talks are set for 3–4 February in Islamabad.",
    "Ahmad<sup>1</sup> and Twaiss<sup>2</sup> wrote it.",
    "Scholars agree (Weitz, 2013; Sabayeva, 2015; Cooley & Heathershaw, 2017).",
    "As Ahmad (2025) argues, the ties are old.",
])
def test_left_alone(text: str) -> None:
    assert claims_in(text) == []


def test_a_month_name_does_not_reach_over_a_full_stop() -> None:
    found = claims_in("Talks were held on 3–4 February. 2026-02-03/2026-02-04 is the record.")
    assert [c.date for c in found] == ["2026-02-03/2026-02-04"]


@pytest.mark.parametrize(("text", "edtf"), [
    ("Ties grew during the 1990-s.", "199X"),
    ("Ties grew in the early 2000-s.", "200X"),
    ("Ties grew in the 1990's.", "199X"),
])
def test_decade_spellings(text: str, edtf: str) -> None:
    assert only(text).date == edtf


def test_year_in_a_name_does_not_hide_a_real_claim() -> None:
    found = claims_in("Under Vision 2030, Qatar invested $5 billion in 2023.")
    assert [(c.kind, c.value, c.period) for c in found] == [("money", 5e9, "2023")]


# -- context: a table cell with its headers -------------------------------------------------
def test_cell_takes_noun_and_period_from_its_headers() -> None:
    claim = only("2,000", "Qatari tourists to Kazakhstan; Year: 2023")
    assert (claim.kind, claim.value, claim.unit, claim.noun, claim.period) == (
        "count", 2000, "tourists", "tourists", "2023")


def test_cell_takes_currency_and_scale_from_its_header() -> None:
    claim = only("15", "Amount (USD million)")
    assert (claim.kind, claim.value, claim.unit, claim.precision) == ("money", 15e6, "USD", 1e6)


@pytest.mark.parametrize(("context", "unit", "value"), [
    ("Value (₸ bn)", "KZT", 15e9),
    ("Value, in millions of tenge", "KZT", 15e6),
    ("Amount, US$ thousand", "USD", 15e3),
    ("QAR million", "QAR", 15e6),
])
def test_cell_currency_forms(context: str, unit: str, value: float) -> None:
    claim = only("15", context)
    assert (claim.kind, claim.unit) == ("money", unit)
    assert claim.value == pytest.approx(value)


def test_cell_takes_rate_from_its_header() -> None:
    claim = only("14", "Direct flights per week; 2024")
    assert (claim.rate, claim.noun, claim.period) == ("week", "flights", "2024")


def test_cell_takes_percent_from_its_header() -> None:
    claim = only("12.5", "Share of trade (%)")
    assert (claim.kind, claim.unit) == ("percent", "%")


def test_cell_takes_basis_from_its_header() -> None:
    assert only("1,000", "Target visitors; 2030").basis == "target"


def test_context_gives_no_claims_of_its_own() -> None:
    assert claims_in("", "Trade in 2023 was $56.6 million") == []


def test_text_wins_over_context() -> None:
    claim = only("$15 million in 2022", "Amount (EUR thousand); Year: 2023")
    assert (claim.unit, claim.value, claim.period) == ("USD", 15e6, "2022")


# -- the failing drafts of check.toml, as claims --------------------------------------------
@pytest.mark.parametrize(("text", "written", "value", "unit"), [
    ("Qatar funded the Nur Astana Mosque with $15 mn.", "$15 mn", 15e6, "USD"),
    ("Qatar funded the Nur Astana Mosque with $15.000.000.", "$15.000.000", 15e6, "USD"),
    ("Qatar and Kazakhstan signed an investment pact worth $17,6 billion in March 2024.", "$17,6 billion", 17.6e9,
     "USD"),
    ("Qatar gave $20 million for the Nur Astana Mosque.", "$20 million", 20e6, "USD"),
    ("Trade between Kazakhstan and Qatar was $86.6 million in 2023.", "$86.6 million", 86.6e6, "USD"),
    ("Qatar contributed $50 million to the Nur Astana Mosque.", "$50 million", 50e6, "USD"),
])
def test_check_cases_amounts(text: str, written: str, value: float, unit: str) -> None:
    (claim,) = [c for c in claims_in(text) if c.kind != "date"]
    assert (claim.text, claim.unit) == (written, unit)
    assert claim.value == pytest.approx(value)


def test_check_case_round_number_is_exact_to_its_last_digit() -> None:
    claim = only("Qatar gave $20 million for the Nur Astana Mosque.")
    assert (claim.low, claim.high) == (19.5e6, 20.5e6)
    assert not claim.low <= 15e6 <= claim.high


def test_check_case_trade_without_volume() -> None:
    claim = only("Trade between Kazakhstan and Qatar was $56.6 million in 2023.")
    assert (claim.noun, claim.period, claim.basis) == ("trade", "2023", "actual")


def test_check_case_day_range() -> None:
    claim = only("Tokayev visited Pakistan on 4–5 February 2026.")
    assert claim.date == "2026-02-04/2026-02-05"


@pytest.mark.parametrize(("text", "written", "edtf"), [
    ("Kazakhstan and Saudi Arabia established diplomatic relations in 1994.", "1994", "1994"),
    ("Hamad bin Khalifa visited Kazakhstan in 2005.", "2005", "2005"),
    ("Qatar's emir Hamad abdicated on 25 June 2013 in favour of his son Tamim.", "25 June 2013", "2013-06-25"),
    ("Kazakhstan and Qatar established diplomatic relations on 1 July 1994.", "1 July 1994", "1994-07-01"),
])
def test_check_cases_dates(text: str, written: str, edtf: str) -> None:
    claim = only(text)
    assert (claim.kind, claim.text, claim.date) == ("date", written, edtf)


# -- the word lists -------------------------------------------------------------------------
def test_lexicon_is_loaded_once() -> None:
    assert lexicon() is lexicon()
    assert lexicon()["scales"]["words"]["bn"] == 1e9


# -- properties -----------------------------------------------------------------------------
def assert_sound(text: str, context: str) -> None:
    """Claims lie inside the text, quote it exactly, and carry a valid date or interval."""
    for claim in claims_in(text, context):
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start:claim.end] == claim.text
        assert claim.kind in ("money", "count", "percent", "points", "date", "rank")
        if claim.kind == "date":
            assert claim.date is not None
            parse_edtf(claim.date)
        else:
            assert claim.value is not None and claim.low is not None and claim.high is not None
            assert claim.low <= claim.high


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.$%–-/:abcmnkt€₸\u2009\n'[]^+")) | st.characters(),
               max_size=80),
       st.text(max_size=30))
def test_any_text_gives_sound_claims(text: str, context: str) -> None:
    assert_sound(text, context)


_FRAGMENTS = ["$", "US$", "USD", " ", "\u2009", "1", "12", "1,000", "17,6", "15.000.000", " billion", "bn", " mn", "m",
              "%", " percentage points", "–", "-", " to ", " and ", "between ", "from ", "about ", "more than ",
              "nearly ", "2023", "1990s", "March", " 4", "February", " 2026", "the", " second", " largest", "twenty",
              "-five", " a", " dozen", " half", " million", " tenge", " riyals", ".", ",", ";", "(", ")", "[^1]",
              "<sup>", "No.", " Vision", "COP29", " visitors", " a week", " rose", " by ", " in ", " since ", " will ",
              "one", " and a half", "\n", "'s", "top", "Weitz, ", "−", "+", "10:30", "31 February 2024"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=30).map("".join),
       st.lists(st.sampled_from(_FRAGMENTS), max_size=6).map("".join))
def test_number_like_text_gives_sound_claims(text: str, context: str) -> None:
    assert_sound(text, context)


def _whole_and_fresh() -> tuple[re.Pattern[str], _Master]:
    master = _patterns().master
    return master._compile(frozenset(range(len(master.alternatives)))), _Master(master.head, master.alternatives)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_FRAGMENTS, "Oct.", " oct ", "5 Sept", "Q3", " mid-", "1990", "most ", "first",
                                 "QR", "Rs", "€", " summer ", " fall "]), max_size=30).map("".join))
def test_a_texts_pattern_matches_as_the_whole_one_does(text: str) -> None:
    whole, master = _whole_and_fresh()
    mine = master.for_text(text)
    for i in range(len(text) + 1):
        a, b = mine.match(text, i), whole.match(text, i)
        assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), (text, i)


def test_a_sentence_compiles_only_the_alternatives_it_can_need() -> None:
    whole, master = _whole_and_fresh()
    plain = master.for_text("Trade grew by 20 visitors.")  # no sign, year, month or superlative
    # money, dates and ranks left out, their groups kept
    assert plain.pattern.count("(?!)") - whole.pattern.count("(?!)") == 3
    assert plain.groupindex.keys() == whole.groupindex.keys()
    money = master.for_text("Qatar gave $5 million.")  # more than the first choice: the whole pattern
    assert money.pattern == whole.pattern
    assert master.for_text("In May 2023 it was the largest.") is money  # and no third compile


_SCALES = [("million", 1e6), ("mn", 1e6), ("mln", 1e6), ("m", 1e6), ("billion", 1e9), ("bn", 1e9), ("b", 1e9),
           ("thousand", 1e3), ("k", 1e3), ("trillion", 1e12), ("tn", 1e12)]


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    return sep.join([digits[:head], *(digits[i:i + 3] for i in range(head, len(digits), 3))])


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=9),
       st.sampled_from(_SCALES), st.booleans(), st.sampled_from(["$", "US$", "USD ", "€", "₸"]),
       st.sampled_from([".", ","]))
def test_scaled_amounts_round_trip(whole: int, tenth: int, scale: tuple[str, float], space: bool, sign: str,
                                   point: str) -> None:
    word, factor = scale
    number = f"{whole}{point}{tenth}"
    written = f"{sign}{number}{' ' if space else ''}{word}"
    claim = only(f"Qatar paid {written} for it in 2023.")
    assert claim.text == written
    assert claim.value == pytest.approx((whole + tenth / 10) * factor)
    assert claim.precision == pytest.approx(factor / 10)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1000, max_value=10**12), st.sampled_from([",", ".", "\u2009", "\u202f", "\u00a0"]),
       st.sampled_from(["$", "USD ", "€"]))
def test_grouped_amounts_round_trip(amount: int, sep: str, sign: str) -> None:
    if sep == "." and amount < 10**6:
        sep = ","  # one dot group reads as a decimal point (docs/number-forms.md)
    written = f"{sign}{_group(str(amount), sep)}"
    claim = only(f"Qatar paid {written} for it.")
    assert claim.value == amount
    assert claim.precision == 1


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(["tenge", "dollars", "riyals", "KZT", "QAR"]))
def test_amounts_with_currency_words_round_trip(amount: int, currency: str) -> None:
    written = f"{_group(str(amount), ',')} {currency}"
    claim = only(f"It cost {written} in all.")
    assert claim.value == amount
    assert claim.unit == {"tenge": "KZT", "dollars": "USD", "riyals": "QAR"}.get(currency, currency)


@pytest.mark.parametrize("text,claim,value", [
    ("Qatar made a $15-million gift toward the mosque.", "$15-million", 15e6),
    ("The $2.5-billion Kashagan plant is planned.", "$2.5-billion", 2.5e9),
    ("a 40-bn pledge in tenge", "40-bn", 40e9),
])
def test_a_scale_word_joined_by_a_hyphen(text: str, claim: str, value: float) -> None:
    found = [c for c in claims_in(text) if c.kind == "money" or c.value == value]
    assert [(c.text, c.value) for c in found][:1] == [(claim, value)]
    assert text[found[0].start:found[0].end] == claim


@pytest.mark.parametrize(("text", "claim", "value"), [
    ("Qatar gave 15 000 000 USD toward the mosque.", "15 000 000 USD", 15e6),
    ("About 40 000 people came.", "40 000", 4e4),
    ("In 2023 553 visitors came.", "553", 553.0),  # a year, then a number: two numbers
])
def test_digits_grouped_by_plain_spaces_read_as_one_number(text: str, claim: str, value: float) -> None:
    found = [c for c in claims_in(text) if c.kind != "date"]
    assert [(c.text, c.value) for c in found] == [(claim, value)]


@pytest.mark.parametrize(("text", "value"), [
    ("Trade jumped seventyfold in 2023.", 70.0),
    ("Trade rose 17-fold in the first quarter.", 17.0),
    ("Trade grew seventeenfold.", 17.0),
    ("a tenfold rise in trade", 10.0),
    ("Trade grew 2.5-fold.", 2.5),
])
def test_fold_multipliers_are_counts_of_times(text: str, value: float) -> None:
    found = [c for c in claims_in(text) if c.kind == "count"]
    assert [(c.value, c.unit) for c in found] == [(value, "times")]


def test_fold_inside_other_words_is_no_claim() -> None:
    assert claims_in("The scaffold held; a manifold gain; they unfolded the plan.") == []


def test_a_comparison_base_is_neither_claim_nor_period() -> None:
    found = claims_in("In the first quarter of 2023, trade was 7 times higher than in the same period of 2022.")
    assert [(c.text, c.period) for c in found] == [("7", "2023-01/2023-03")]
    found = claims_in("Trade rose 17-fold in Q1 2023 compared with Q1 2022.")
    assert [(c.text, c.period) for c in found] == [("17-fold", "2023-01/2023-03")]
    found = claims_in("In January–March 2023 turnover was 17 times that of January–March 2022.")
    assert [(c.text, c.period) for c in found] == [("17", "2023-01/2023-03")]


@pytest.mark.parametrize(("text", "roles"), [
    ("Relations have been maintained since 1993-09-01.", [("1993-09-01", "from")]),
    ("The Gulf crisis broke out in June 2017.", [("June 2017", "from")]),
    ("The crisis ended in January 2021.", [("January 2021", "to")]),
    ("The blockade lasted from June 2017 until January 2021.", [("June 2017", "from"), ("January 2021", "to")]),
    ("The blockade lasted from June 2017 to January 2021.", [("June 2017", "from"), ("January 2021", "to")]),
    ("The embassy opened in 2008.", [("2008", None)]),
    ("The blockade lasted from 2017 to 2021.", [("from 2017 to 2021", None)]),  # a span claims both ends
])
def test_a_date_says_whether_it_starts_or_ends_a_span(text: str, roles: list[tuple[str, str | None]]) -> None:
    assert [(c.text, c.role) for c in claims_in(text)] == roles


def test_quarters_and_halves_that_do_not_exist_are_no_dates() -> None:
    dates = [c.date for c in claims_in("The plan names H3 2024 and Q5 2024 as milestones.") if c.kind == "date"]
    assert all(d is not None and "/" not in d for d in dates)


@pytest.mark.parametrize(("text", "rank"), [
    ("Kazakhstan is the second most important market for Qatari investors.", 2.0),
    ("Astana is the 3rd most visited city.", 3.0),
])
def test_an_ordinal_with_most_and_an_adjective_is_a_rank(text: str, rank: float) -> None:
    assert [(c.kind, c.value) for c in claims_in(text)] == [("rank", rank)]


def test_most_and_an_adjective_without_an_ordinal_ranks_nothing() -> None:
    assert claims_in("Qatar is the most important partner; the important thing is trade.") == []


def test_ready_to_is_an_aim() -> None:
    found = claims_in("Kazakhstan is ready to raise exports to Qatar to $400 million.")
    assert [(c.kind, c.basis) for c in found] == [("money", "plan")]


@pytest.mark.parametrize(("text", "basis"), [
    ("Qatar has invested $2 billion in Kazakhstan.", "spent"),
    ("The complex has already received $350 million.", "spent"),
    ("Qatar plans to have invested $2 billion by 2030.", "plan"),  # an aim wins
    ("Qatar invests in Kazakhstan; a pact worth $2 billion was signed.", "actual"),
])
def test_money_that_changed_hands_has_its_own_basis(text: str, basis: str) -> None:
    assert [c.basis for c in claims_in(text) if c.kind == "money"] == [basis]


def test_a_year_before_a_colon_is_the_period_of_the_value_after_it() -> None:
    found = claims_in("Kazakhstani visitors to Doha, 2023: about 40,000")
    assert [(c.text, c.period) for c in found] == [("40,000", "2023")]
    # a day is a date of its own, not a period
    found = claims_in("Signed 12 October 2022: 12 agreements")
    assert [c.kind for c in found] == ["date", "count"]


@pytest.mark.parametrize(("text", "date"), [
    ("It took place on 14.02.2023.", "2023-02-14"),
    ("Relations date from 01.07.1993.", "1993-07-01"),
    ("Signed 1.7.1993 in Almaty.", "1993-07-01"),
])
def test_day_month_year_with_dots_is_a_date(text: str, date: str) -> None:
    assert [c.date for c in claims_in(text)] == [date]


def test_dots_that_make_no_day_and_month_are_no_date() -> None:
    assert [c.kind for c in claims_in("Version 32.13.2023 of the data set.")] != ["date"]


def test_a_lead_in_before_a_colon_gives_its_basis() -> None:
    found = claims_in("The talks produced ambitious targets: exports of $250 million and trade of $500 million.")
    assert [c.basis for c in found] == ["target", "target"]
    found = claims_in("The talks produced results: exports of $250 million.")
    assert [c.basis for c in found] == ["actual"]


def test_a_month_that_dates_an_event_and_a_count_is_both_a_period_and_a_claim() -> None:
    found = claims_in("About 12 agreements were signed during the Emir's visit in October 2022.")
    assert [(c.kind, c.period, c.date) for c in found] == [("count", "2022-10", None), ("date", None, "2022-10")]
    # a plain figure's month is its period only
    found = claims_in("Trade reached $5 million in March 2024.")
    assert [c.kind for c in found] == ["money"]


@pytest.mark.parametrize(("text", "value"), [
    ("Qatari arrivals doubled in 2023.", 2.0),
    ("Exports tripled over the year.", 3.0),
    ("The plan foresees quadrupling trade.", 4.0),
])
def test_verbs_of_a_multiple_are_counts_of_times(text: str, value: float) -> None:
    assert [(c.value, c.unit) for c in claims_in(text) if c.kind == "count"] == [(value, "times")]


def test_double_as_an_adjective_is_no_multiple() -> None:
    assert claims_in("The treaty on avoiding double taxation was signed.") == []


def test_a_year_before_a_figure_s_noun_and_a_date_after_but_are_periods() -> None:
    found = claims_in("Trade was modest, but in the first quarter of 2023 it was 17 times higher year on year, "
                      "and the 2023 total reached about USD 56.6 mln.")
    assert [(c.text, c.period) for c in found] == [("17", "2023-01/2023-03"), ("USD 56.6 mln", "2023")]


@pytest.mark.parametrize(("text", "claims"), [
    ("The embassy did not open in 2009 but in 2007.", ["2007"]),
    ("The embassy didn't open in 2009.", []),
    ("Qatar gave $15 million, not $50 million.", ["$15 million"]),
    ("There have never been 20 weekly flights.", []),
    ("Qatar gave not only $15 million but also land.", ["$15 million"]),  # asserted, and more
    ("It wasn't until 2007 that the embassy opened.", ["2007"]),
    ("No fewer than 20 flights a week fly.", ["20"]),  # a hedge, not a negation
])
def test_a_negated_number_or_date_is_no_claim(text: str, claims: list[str]) -> None:
    assert [c.text for c in claims_in(text)] == claims


def test_a_difference_and_the_size_of_a_change_take_the_role_by() -> None:
    found = claims_in("Kazakh visitors rose by 25,000 to 40,000.")
    assert [(c.text, c.role) for c in found] == [("25,000", "by"), ("40,000", "to")]
    found = claims_in("The route costs $850 million more than the complex.")
    assert [(c.text, c.role) for c in found] == [("$850 million", "by")]


def test_a_supposition_claims_nothing() -> None:
    assert claims_in("If flights rose to 21 a week, tourism would grow further.") == []
    assert [c.text for c in claims_in("Flights rose to 21 a week if the data are right.")] == ["21"]


def test_an_aim_noun_after_a_number_makes_that_number_the_target() -> None:
    found = claims_in("Trade of $56.6 million in 2023 was barely a ninth of the $500 million target.")
    assert [(c.text, c.basis) for c in found] == [("$56.6 million", "actual"), ("$500 million", "target")]


def test_a_number_word_that_counts_nothing_is_no_claim() -> None:
    found = claims_in("The embassy opened in 2008, a year or two after the other one opened in 2006.")
    assert [(c.kind, c.text) for c in found] == [("date", "2008"), ("date", "2006")]
    assert [c.text for c in claims_in("Kazakhstan has seventeen regions.")] == ["seventeen"]


@pytest.mark.parametrize(("text", "value"), [
    ("Trade jumped a whopping 27x compared with Q1 2022.", 27.0),
    ("A 17x trade jump in Q1 2023.", 17.0),
    ("Trade grew 2.5× in a year.", 2.5),
])
def test_a_number_with_x_is_a_multiple(text: str, value: float) -> None:
    assert [(c.value, c.unit) for c in claims_in(text) if c.kind == "count"] == [(value, "times")]


def test_dimensions_and_bucks() -> None:
    assert claims_in("The 4x4 vehicles and 1920x1080 screens.") == []
    assert [(c.value, c.unit) for c in claims_in("Qatar chipped in ten million bucks.")] == [(10e6, "USD")]


def test_spread_over_is_no_hedge() -> None:
    found = claims_in("Exports are to reach $250 million, spread over 16 product lines.")
    assert [(c.text, c.qualifier) for c in found] == [("$250 million", "exact"), ("16", "exact")]
    assert [c.qualifier for c in claims_in("Qatar funds over 16 projects.")] == ["more-than"]


def test_a_month_in_a_count_s_clause_is_its_period_and_a_date() -> None:
    found = claims_in("During Tokayev's February 2024 visit, five agreements were signed.")
    assert [(c.kind, c.period, c.date) for c in found] == [("date", None, "2024-02"), ("count", "2024-02", None)]


def test_a_whole_year_without_its_year_is_an_unspecified_year() -> None:
    found = claims_in("Trade grew 17-fold in the first quarter of 2023 and fivefold over the year as a whole.")
    assert [(c.text, c.period) for c in found] == [("17-fold", "2023-01/2023-03"), ("fivefold", "XXXX")]


def test_a_conversion_into_another_currency_is_no_claim_and_signs_are_hedges() -> None:
    assert [c.text for c in claims_in("KZT 17.6bn, roughly USD 40m at prevailing rates")] == ["KZT 17.6bn"]
    assert [c.text for c in claims_in("Qatar gave $15 million and Kazakhstan KZT 2 billion.")] == [
        "$15 million", "KZT 2 billion"]
    assert [c.qualifier for c in claims_in("the >$20bn of joint projects")] == ["more-than"]
    assert [c.qualifier for c in claims_in("<10 flights a week")] == ["less-than"]


@pytest.mark.parametrize(("text", "value", "precision"), [
    ("about fifty-six point six million dollars", 56.6e6, 1e5),
    ("seventeen point six billion tenge", 17.6e9, 1e8),
    ("two point five billion dollars", 2.5e9, 1e8),
    ("three point one four million people", 3.14e6, 1e4),
])
def test_a_decimal_said_aloud(text: str, value: float, precision: float) -> None:
    """A lecture's "fifty-six point six million": 56.6 million, known to a tenth of a million."""
    (claim,) = claims_in(f"Trade was {text} in 2023.")
    assert claim.value == pytest.approx(value)
    assert text.removeprefix("about ").startswith(claim.text)
    if claim.qualifier == "exact":
        assert claim.high - claim.low == pytest.approx(precision)


@pytest.mark.parametrize(("text", "values"), [
    ("About 40.000 Kazakh citizens visited Doha in 2023, compared to 15.000 in 2022.", [40000.0, 15000.0]),
    ("Trade grew 1.500 times.", [1.5]),  # a multiple may be fractional
    ("It cost $17.600 million.", [17.6e6]),  # money keeps the English decimal point
])
def test_a_single_dot_group_of_a_count_groups_thousands(text: str, values: list[float]) -> None:
    assert [c.value for c in claims_in(text) if c.kind != "date"] == pytest.approx(values)
