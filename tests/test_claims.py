"""The claim extractor: money, counts and dates as writers write them, with their spans."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzqa.checker.claims import Claim, Positions, extract_claims, mask_markdown, sentences_with_claims


def claims(text: str) -> list[Claim]:
    return extract_claims(mask_markdown(text))


def only(text: str) -> Claim:
    found = claims(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "written", "value", "currency"), [
    ("Qatar gave $15 million to it.", "$15 million", 15e6, "USD"),
    ("It costs USD 2.5 billion in all.", "USD 2.5 billion", 2.5e9, "USD"),
    ("The route needs $1.2bn.", "$1.2bn", 1.2e9, "USD"),
    ("It committed 17.6 billion tenge.", "17.6 billion tenge", 17.6e9, "KZT"),
    ("It committed KZT 17.6bn.", "KZT 17.6bn", 17.6e9, "KZT"),
    ("They paid 15m dollars for it.", "15m dollars", 15e6, "USD"),
    ("Trade was about \\$56.6 million.", "$56.6 million", 56.6e6, "USD"),
    ("The target is $0.5 billion.", "$0.5 billion", 5e8, "USD"),
    ("A QAR 300 million fund.", "QAR 300 million", 3e8, "QAR"),
])
def test_money(text: str, written: str, value: float, currency: str) -> None:
    claim = only(text)
    assert (claim.kind, claim.text, claim.unit) == ("money", written, currency)
    assert claim.value == pytest.approx(value)
    assert text[claim.start:claim.end].replace("\\", "") == written or text[claim.start:claim.end] == written


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("A hospital with 125 beds.", 125, "beds"),
    ("There are 14 flights a week to Doha.", 14, "flights/week"),
    ("There are 14 regular direct flights a week to Doha.", 14, "flights/week"),
    ("About 40,000 Kazakhstanis went.", 40000, "people"),
    ("They signed a dozen agreements.", 12, "agreements"),
    ("The two sides signed about a dozen agreements.", 12, "agreements"),
    ("Trade grew 17 times in a year.", 17, "times"),
    ("A 125-bed maternity hospital.", 125, "beds"),
    ("A two-day visit to Pakistan.", 2, "days"),
    ("It offered 60 non-resource commodity items.", 60, "items"),
    ("Charter flights leave from five cities.", 5, "cities"),
    ("Reserves of 30 billion barrels.", 30e9, "barrels"),
    ("The number of Qatari visitors rose to roughly 1,000 last year.", 1000, "people"),
    ("Kazakhstan is the world's ninth-largest country.", 9, "rank"),
    ("It grew by 5.1% last year.", 5.1, "percent"),
    ("The number of tourists has doubled.", 2, "times"),
])
def test_counts(text: str, value: float, unit: str) -> None:
    claim = only(text)
    assert (claim.kind, claim.unit) == ("count", unit)
    assert claim.value == pytest.approx(value)


@pytest.mark.parametrize(("text", "edtf", "precision"), [
    ("Relations began on 1 July 1993.", "1993-07-01", "day"),
    ("Relations began on July 1, 1993.", "1993-07-01", "day"),
    ("Relations began on 1993-07-01.", "1993-07-01", "day"),
    ("He came in October 2022.", "2022-10", "month"),
    ("They signed it in 2017.", "2017", "year"),
    ("The Senate agreed in autumn 2024.", "2024-23", "season"),
    ("The Senate agreed in the autumn of 2024.", "2024-23", "season"),
    ("The visit was on 3–4 February 2026.", "2026-02-03/2026-02-04", "day"),
    ("It chaired the OIC in 2011-2012.", "2011/2012", "range"),
    ("It chaired the OIC in 2011-12.", "2011/2012", "range"),
    ("Mosque diplomacy marked the 1990s.", "199X", "decade"),
])
def test_dates(text: str, edtf: str, precision: str) -> None:
    claim = only(text)
    assert (claim.kind, claim.edtf, claim.precision) == ("date", edtf, precision)
    assert claim.lower is not None and claim.upper is not None and claim.lower <= claim.upper


@pytest.mark.parametrize(("text", "qualifier"), [
    ("about 1,000 visitors", "approximately"),
    ("approximately a dozen agreements", "approximately"),
    ("a dozen agreements", "approximately"),
    ("more than USD 20 billion", "more-than"),
    ("projects exceeding $20 billion", "more-than"),
    ("at least 500 visitors", "at-least"),
    ("up to $500 million", "up-to"),
    ("less than 100 beds", "less-than"),
    ("553 visitors", "exact"),
])
def test_qualifiers(text: str, qualifier: str) -> None:
    assert only(text).qualifier == qualifier


def test_significant_digits_as_written() -> None:
    assert [c.digits for c in claims("$15 million, 40,000 people, $56.6 million, $0.5 billion")] == [2, 1, 3, 1]


def test_a_year_beside_a_count_is_a_year() -> None:
    found = claims("In 2023 visitors came; 2023 was busy.")
    assert [(c.kind, c.text) for c in found] == [("date", "2023"), ("date", "2023")]


def test_a_yearly_count_is_not_a_rate_but_a_daily_one_is() -> None:
    assert [c.unit for c in claims("40,000 visitors a year and 1.5 million barrels of oil a day")] == \
        ["people", "barrels/day"]


def test_numbers_without_a_known_noun_are_not_claims() -> None:
    assert claims("The two countries and one of the leaders met 3 ministers.") == []


@pytest.mark.parametrize("text", [
    "```\nQatar gave $15 million in 1993.\n```\n",
    "~~~python\nx = '$15 million'\n~~~\n",
    "Run `kzqa check --year 2022` now.\n",
    "See https://example.com/2022/15-million-dollars for more.\n",
    "See [the report](https://example.com/report-2022.pdf).\n",
    "[1]: https://example.com/2019\n",
    "Mail shawar1970kz@gmail.com today.\n",
    "Ahmad<sup>1</sup> Abai Kazakh University.\n",
    "<!-- drafted in 2021 -->\n",
    "---\ndate: 2024-03-01\n---\nNo claims here.\n",
    "Text.\n\n    indented code 2019\n",
    "As argued before (Sabayeva, 2015; Koch, 2017).\n",
    "## References\n\n- Aushev (2024). Qatar and Kazakhstan, 5(7).\n",
])
def test_masked_markdown_is_not_checked(text: str) -> None:
    assert claims(text) == []


def test_link_text_is_checked_but_not_its_target() -> None:
    found = claims("Qatar gave [$15 million](https://x.org/20-million-2019) in 1993.")
    assert [(c.kind, c.text) for c in found] == [("money", "$15 million"), ("date", "1993")]


def test_a_section_after_the_references_is_checked_again() -> None:
    found = claims("## References\n\nKoch (2017).\n\n## Notes on data\n\n## Trade\n\nIt was $5 million.\n")
    assert [c.text for c in found] == ["$5 million"]


@given(st.text())
def test_masking_keeps_every_offset(text: str) -> None:
    masked = mask_markdown(text)
    assert len(masked) == len(text)
    assert [i for i, ch in enumerate(masked) if ch == "\n"] == [i for i, ch in enumerate(text) if ch == "\n"]


@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.$-–/abcdemnorstuy\nJulyOctber%`[]()"))))
def test_any_text_gives_claims_that_quote_it(text: str) -> None:
    masked = mask_markdown(text)
    for claim in extract_claims(masked):
        assert masked[claim.start:claim.end] == claim.text


def test_positions_are_lines_and_columns_of_the_original() -> None:
    text = "Title\n\nIn October 2022 the Emir came.\nQatar gave `code` and $15 million.\n"
    found = [c for s in sentences_with_claims(text) for c in s.claims]
    positions = Positions(text)
    assert [(c.text, positions.line_col(c.start)) for c in found] == [
        ("October 2022", (3, 4)), ("$15 million", (4, 23))]


def test_sentences_split_at_full_stops_but_not_initials() -> None:
    text = "A. Smailov visited Doha in May 2023. The U.S. was not there in 2024. Dr. Li wrote in 2020."
    found = sentences_with_claims(text)
    assert [s.text.strip() for s in found] == [
        "A. Smailov visited Doha in May 2023.", "The U.S. was not there in 2024.", "Dr. Li wrote in 2020."]
