"""Reading drafts: Markdown and plain text into sentences mapped back to the original."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzqa.checker.reading import Draft, Sentence, read_draft, split_sentences


def texts(draft: Draft) -> list[str]:
    return [s.text for s in draft.sentences]


def only(draft: Draft) -> Sentence:
    assert len(draft.sentences) == 1, texts(draft)
    return draft.sentences[0]


def where(draft: Draft, needle: str, nth: int = 0) -> tuple[int, int]:
    """(line, column) of the nth occurrence of needle in the sentences' text."""
    seen = 0
    for s in draft.sentences:
        i = s.text.find(needle)
        while i >= 0:
            if seen == nth:
                return draft.position(s.offsets[i])
            seen += 1
            i = s.text.find(needle, i + 1)
    raise AssertionError(f"{needle!r} not in {texts(draft)}")


def assert_maps_back(draft: Draft) -> None:
    """Every visible character sits at its offset in the original."""
    for s in draft.sentences:
        assert len(s.offsets) == len(s.text)
        for ch, o in zip(s.text, s.offsets, strict=True):
            if not ch.isspace():
                assert draft.text[o] == ch, (s.text, ch, o)


# -- block kinds -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("markdown", "kind", "text"),
    [
        ("Trade grew in 2023.\n", "paragraph", "Trade grew in 2023."),
        ("# Trade in 2023\n", "heading", "Trade in 2023"),
        ("Trade in 2023\n===\n", "heading", "Trade in 2023"),
        ("- Trade grew in 2023\n", "list_item", "Trade grew in 2023"),
        ("1. Trade grew in 2023\n", "list_item", "Trade grew in 2023"),
        ("> Trade grew in 2023.\n", "blockquote", "Trade grew in 2023."),
        ("Text.[^n]\n\n[^n]: Trade grew in 2023.\n", "footnote", "Trade grew in 2023."),
        ("| A | B |\n|---|---|\n| x | Trade grew |\n", "table_cell", "Trade grew"),
    ],
)
def test_each_block_kind_is_read(markdown: str, kind: str, text: str) -> None:
    draft = read_draft(markdown)
    assert [(s.block, s.text) for s in draft.sentences if s.text == text] == [(kind, text)]
    assert_maps_back(draft)


def test_a_list_inside_a_quote_is_a_list_item_and_a_quote_inside_a_list_a_blockquote() -> None:
    draft = read_draft("> - Listed in 2020\n\n- item\n\n  > Quoted in 2021\n")
    kinds = {s.text: s.block for s in draft.sentences}
    assert kinds["Listed in 2020"] == "list_item"
    assert kinds["Quoted in 2021"] == "blockquote"


def test_footnote_definitions_are_read_in_place_with_their_line() -> None:
    draft = read_draft("First.[^1]\n\n[^1]: Kazakhstan and Qatar established relations on 1 July 1994.\n\nLast.\n")
    assert texts(draft) == ["First.", "Kazakhstan and Qatar established relations on 1 July 1994.", "Last."]
    assert where(draft, "1 July 1994") == (3, 53)


def test_a_footnote_continuation_line_is_part_of_the_footnote() -> None:
    draft = read_draft("A.[^1]\n\n[^1]: Ministry of Foreign\n    Affairs, 2024.\n")
    assert draft.sentences[-1].text == "Ministry of Foreign Affairs, 2024."
    assert draft.sentences[-1].block == "footnote"
    assert where(draft, "2024") == (4, 14)


def test_an_inline_footnote_is_a_footnote_at_its_place() -> None:
    draft = read_draft("Relations are old.^[Established on 1 July 1993.] Trade grew.\n")
    assert [(s.block, s.text) for s in draft.sentences] == [
        ("paragraph", "Relations are old."),
        ("footnote", "Established on 1 July 1993."),
        ("paragraph", "Trade grew."),
    ]
    assert where(draft, "1993") == (1, 43)


# -- what is skipped -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "markdown",
    [
        "```\nQatar gave $50 million in 2013.\n```\n",
        "~~~toml\nQatar gave $50 million in 2013.\n~~~\n",
        "Intro.\n\n    Qatar gave $50 million in 2013.\n",
        "<div>\nQatar gave $50 million in 2013.\n</div>\n",
        "<!-- Qatar gave $50 million in 2013. -->\n",
        "---\ntitle: Qatar gave $50 million in 2013.\n---\n",
        "+++\ntitle = \"Qatar gave $50 million in 2013.\"\n+++\n",
        "[ref]: http://example.com/$50-million-2013 \"Qatar gave $50 million in 2013\"\n",
    ],
)
def test_blocks_that_are_not_prose_give_no_sentences(markdown: str) -> None:
    assert [s.text for s in read_draft(markdown).sentences if "million" in s.text] == []


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("Run `kzqa check $50 million` now.\n", "Run  now."),
        ("Run ``a ` $50`` now.\n", "Run  now."),
        ("A <b>bold</b> claim.\n", "A bold claim."),
        ("A <span title='$50 million'>quiet</span> claim.\n", "A quiet claim."),
        ("Mosque<sup>12</sup> opened.\n", "Mosque opened."),
        ("See [the ministry](https://mfa.kz/2013 \"$50 million\") now.\n", "See the ministry now."),
        ("See [the ministry][mfa] now.\n\n[mfa]: https://mfa.kz/2013\n", "See the ministry now."),
        ("See [the ministry] now.\n\n[the ministry]: https://mfa.kz/2013\n", "See the ministry now."),
        ("See <https://mfa.kz/2013> now.\n", "See  now."),
        ("See https://mfa.kz/2013/a_b. Then go.\n", "See ."),
        ("Write to press@mfa.kz now.\n", "Write to  now."),
        ("See www.mfa.kz/2013 now.\n", "See  now."),
        ("A chart ![trade in 2013](chart-2013.png) here.\n", "A chart  here."),
        ("It gave ~~$20 million~~ $50 million.\n", "It gave  $50 million."),
    ],
)
def test_inline_material_that_is_not_prose_is_removed(markdown: str, text: str) -> None:
    draft = read_draft(markdown)
    assert draft.sentences[0].text == text
    assert_maps_back(draft)


def test_a_link_keeps_its_text_and_the_text_after_the_target_maps_right() -> None:
    draft = read_draft('In [2013](https://x.kz/2013 "2013") and (2013) 2013.\n')
    assert only(draft).text == "In 2013 and (2013) 2013."
    assert [where(draft, "2013", n) for n in range(3)] == [(1, 5), (1, 42), (1, 48)]


def test_disable_comments_in_code_are_ignored() -> None:
    draft = read_draft("```\n<!-- kzqa-disable -->\n```\n\nQatar gave $20 million.\n")
    assert draft.disabled_ranges == []
    assert not draft.disabled(draft.text.index("$20"))


# -- tables ----------------------------------------------------------------------------------
TABLE = """# Tourism

| Year | Qatari tourists to Kazakhstan | Note |
| ---- | ----: | --- |
| 2023 | 2,000 | grew. Then fell |
| 2024 | 2,000 | |
"""


def test_a_table_cell_takes_its_column_header_and_row_as_context() -> None:
    draft = read_draft(TABLE)
    cells = [s for s in draft.sentences if s.text == "2,000"]
    assert [(s.context, s.header, s.row_header, s.block) for s in cells] == [
        ("Tourism; Qatari tourists to Kazakhstan; Year: 2023", "Qatari tourists to Kazakhstan", "2023", "table_cell"),
        ("Tourism; Qatari tourists to Kazakhstan; Year: 2024", "Qatari tourists to Kazakhstan", "2024", "table_cell"),
    ]
    assert [draft.position(s.start) for s in cells] == [(5, 10), (6, 10)]


def test_header_cells_are_context_not_sentences() -> None:
    draft = read_draft(TABLE)
    assert "Qatari tourists to Kazakhstan" not in texts(draft)
    first_column = [s for s in draft.sentences if s.text == "2023"]
    # the first cell takes the words of the row's other cells (not their numbers) as context
    assert [(s.header, s.row_header, s.context) for s in first_column] == [
        ("Year", "grew. Then fell", "Tourism; Year; grew. Then fell")]


def test_a_cell_with_two_sentences_gives_two() -> None:
    draft = read_draft(TABLE)
    assert [s.text for s in draft.sentences if s.header == "Note"] == ["grew.", "Then fell"]


def test_the_same_value_in_two_cells_of_a_row_maps_to_each_cell() -> None:
    draft = read_draft("| a | b | c |\n|---|---|---|\n| 5 | 5 | 5 |\n")
    assert [draft.position(s.start) for s in draft.sentences] == [(3, 3), (3, 7), (3, 11)]


def test_an_escaped_pipe_in_a_cell_maps_around_the_backslash() -> None:
    draft = read_draft("| a | b |\n|---|---|\n| x | 1 \\| 2 |\n")
    cell = draft.sentences[-1]
    assert cell.text == "1 | 2"
    assert [draft.text[o] for o in cell.offsets] == list("1 | 2")


def test_a_br_in_a_cell_breaks_the_sentence() -> None:
    draft = read_draft("| a | b |\n|---|---|\n| x | grew in 2023<br>fell in 2024 |\n")
    assert [s.text for s in draft.sentences if s.header == "b"] == ["grew in 2023", "fell in 2024"]


# -- headings as context ---------------------------------------------------------------------
def test_a_paragraph_takes_the_chain_of_headings_above_it() -> None:
    draft = read_draft("# Qatar\n\n## Trade\n\nIt grew.\n\n## Tourism\n\nIt fell.\n\n# Other\n\nNone.\n")
    ctx = {s.text: s.context for s in draft.sentences}
    assert ctx == {"Qatar": "", "Trade": "Qatar", "It grew.": "Qatar; Trade", "Tourism": "Qatar",
                   "It fell.": "Qatar; Tourism", "Other": "", "None.": "Other"}


def test_a_paragraph_before_any_heading_has_no_context() -> None:
    assert only(read_draft("Qatar gave $50 million.\n")).context == ""


def test_heading_markup_is_removed_from_context() -> None:
    draft = read_draft("## *Trade* in `2023`\n\nIt grew.\n")
    assert draft.sentences[-1].context == "Trade in"


# -- sentence breaks -------------------------------------------------------------------------
def test_a_footnote_marker_does_not_hide_a_sentence_break() -> None:
    draft = read_draft("Relations were established in 1993.[^1] A new opera house opened in 2013.\n\n[^1]: MFA.\n")
    assert texts(draft)[:2] == ["Relations were established in 1993.", "A new opera house opened in 2013."]
    assert where(draft, "2013") == (1, 69)


def test_bold_does_not_hide_a_sentence_break() -> None:
    draft = read_draft("**Relations were established in 1993.** A new opera house opened in 2013.\n")
    assert texts(draft) == ["Relations were established in 1993.", "A new opera house opened in 2013."]
    assert where(draft, "1993") == (1, 33)
    assert where(draft, "2013") == (1, 69)


@pytest.mark.parametrize(
    "sentence",
    [
        "Decree No. 1088 was signed.",
        "Growth was 17.6 percent in 2023.",
        "Qatar gave $15.000.000 to it.",
        "It was worth $17,6 billion.",
        "Mr. Tokayev met Dr. Al Thani.",
        "H. E. Kassym-Jomart Tokayev spoke.",
        "M. Tokayev spoke.",
        "The U.S. Embassy and the U.K. Embassy agreed.",
        "Some partners, e.g. Qatar, agreed.",
        "Under Art. 5 it is so.",
        "It was signed on Jan. 5 in Doha.",
        "Trade rose, i.e. Qatar bought more.",
        "Apples, pears, etc. Qatar grows none.",
        "It grew to 2.5. percent",
        "See p. 5 of the report.",
    ],
)
def test_no_break_inside_abbreviations_initials_or_numbers(sentence: str) -> None:
    assert texts(read_draft(sentence + "\n")) == [sentence]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("It grew. Then it fell.", ["It grew.", "Then it fell."]),
        ("It grew! Then it fell?", ["It grew!", "Then it fell?"]),
        ("It grew in 1993. 2013 was different.", ["It grew in 1993.", "2013 was different."]),
        ('He said "it grew." Then it fell.', ['He said "it grew."', "Then it fell."]),
        ('It grew. "Then it fell."', ["It grew.", '"Then it fell."']),
        ("It grew (in 1993.) Then it fell.", ["It grew (in 1993.)", "Then it fell."]),
        ("It grew... Then it fell.", ["It grew...", "Then it fell."]),
        ("It grew. then it fell.", ["It grew. then it fell."]),
        ("Он вырос. Потом упал.", ["Он вырос.", "Потом упал."]),
        ("No one came. Then it fell.", ["No one came.", "Then it fell."]),
        ("It was plan b. Then it fell.", ["It was plan b.", "Then it fell."]),
        # a chronology's date heads its entry; a sentence ending in a year still ends
        ("October 2023. The commission met. Then it fell.", ["October 2023. The commission met.", "Then it fell."]),
        ("14 February 2024. Tokayev arrives.", ["14 February 2024. Tokayev arrives."]),
        ("Autumn 2024. The Senate approved it.", ["Autumn 2024. The Senate approved it."]),
        ("It was in October 2023. The commission met.", ["It was in October 2023.", "The commission met."]),
    ],
)
def test_sentence_breaks(text: str, parts: list[str]) -> None:
    assert texts(read_draft(text + "\n")) == parts
    assert [text[a:b] for a, b in split_sentences(text)] == parts


def test_a_soft_line_break_is_a_space_and_a_hard_one_a_break() -> None:
    draft = read_draft("Relations were\nestablished in 1993  \ntrade grew\\\nin 2013\n")
    assert texts(draft) == ["Relations were established in 1993", "trade grew", "in 2013"]


def test_a_list_item_wrapped_over_two_lines_is_one_sentence() -> None:
    draft = read_draft("- Kazakhstan and Qatar established relations\n  on 1 July 1993\n- Trade grew\n")
    assert texts(draft) == ["Kazakhstan and Qatar established relations on 1 July 1993", "Trade grew"]
    assert where(draft, "1 July") == (2, 6)


def test_a_paragraph_without_a_full_stop_is_one_sentence() -> None:
    text = ", ".join(f"${n} million" for n in range(300))
    assert texts(read_draft(text + "\n")) == [text]


# -- offsets and positions -------------------------------------------------------------------
def test_a_value_repeated_on_one_line_maps_to_each_place() -> None:
    draft = read_draft("In 2013 it was $5 million, and *in 2014* it was **$5 million** again.\n")
    assert [where(draft, "$5 million", n) for n in range(2)] == [(1, 16), (1, 51)]
    assert_maps_back(draft)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_positions_with_each_line_ending(newline: str) -> None:
    text = newline.join(["# Title", "", "Kazakhstan and Qatar agreed.", "", "Qatar contributed $50 million."]) + newline
    draft = read_draft(text)
    assert where(draft, "$50 million") == (5, 19)
    assert where(draft, "Kazakhstan") == (3, 1)
    assert_maps_back(draft)


def test_cr_only_line_endings_from_the_failing_draft() -> None:
    draft = read_draft("Relations on 1 July 1993.\r\rQatar contributed $50 million to the Nur Astana Mosque.\r")
    assert texts(draft) == ["Relations on 1 July 1993.", "Qatar contributed $50 million to the Nur Astana Mosque."]
    assert where(draft, "$50 million") == (3, 19)


def test_mixed_line_endings_in_one_paragraph() -> None:
    draft = read_draft("One\r\ntwo\rthree\nfour 2023.\r\n")
    assert only(draft).text == "One two three four 2023."
    assert where(draft, "2023") == (4, 6)
    assert_maps_back(draft)


@pytest.mark.parametrize("markdown", [True, False])
@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\f", "\v"])
def test_other_separators_do_not_end_a_line(separator: str, markdown: bool) -> None:
    draft = read_draft(f"It grew{separator}in 2023.\nNext 2024.\n", markdown=markdown)
    assert where(draft, "2023") == (1, 12)
    assert where(draft, "2024") == (2, 6)


def test_an_astral_character_is_one_column() -> None:
    draft = read_draft("😀 Qatar signed in 2023 😀 2023.\n")
    assert where(draft, "2023") == (1, 19)
    assert where(draft, "2023", 1) == (1, 26)
    flags = read_draft("🇰🇿 and 🇶🇦 signed in 2023.\n")  # a flag is two code points
    assert where(flags, "2023") == (1, 21)


def test_a_bom_is_not_a_column_and_does_not_hide_a_heading() -> None:
    draft = read_draft("\ufeff# Trade\n\nIt grew in 2023.\n")
    assert [(s.block, s.text) for s in draft.sentences] == [("heading", "Trade"), ("paragraph", "It grew in 2023.")]
    assert draft.position(draft.sentences[0].start) == (1, 3)
    assert where(draft, "2023") == (3, 12)
    assert_maps_back(draft)


def test_a_bom_does_not_hide_front_matter() -> None:
    draft = read_draft("\ufeff---\ntitle: $50 million\n---\nIt grew in 2023.\n")
    assert texts(draft) == ["It grew in 2023."]


def test_position_of_the_end_of_the_text_and_beyond() -> None:
    draft = read_draft("ab\ncd")
    assert draft.position(5) == (2, 3)
    assert draft.position(0) == (1, 1)
    with pytest.raises(ValueError, match="outside"):
        draft.position(6)
    with pytest.raises(ValueError, match="outside"):
        draft.position(-1)


def test_escapes_map_to_the_escaped_character_and_entities_to_their_start() -> None:
    draft = read_draft("Trade \\*grew\\* by 5 &amp; 6 &#37; in 2023.\n")
    s = only(draft)
    assert s.text == "Trade *grew* by 5 & 6 % in 2023."
    assert draft.text[s.offsets[s.text.index("*")]] == "*"
    assert draft.text[s.offsets[s.text.index("&")]:].startswith("&amp;")
    assert draft.text[s.offsets[s.text.index("%")]:].startswith("&#37;")
    assert where(draft, "2023") == (1, 38)


def test_span_gives_original_start_and_end() -> None:
    draft = read_draft("It was **$5 million** in 2013.\n")
    s = only(draft)
    i = s.text.index("$5 million")
    start, end = s.span(i, i + len("$5 million"))
    assert draft.text[start:end] == "$5 million"
    with pytest.raises(ValueError, match="no characters"):
        s.span(3, 3)


def test_nul_characters_are_read_and_mapped() -> None:
    draft = read_draft("It\0grew in 2023.\n")
    assert only(draft).text == "It\ufffdgrew in 2023."
    assert where(draft, "2023") == (1, 12)


# -- front matter ----------------------------------------------------------------------------
@pytest.mark.parametrize("fence", ["---", "+++"])
def test_front_matter_is_skipped_and_later_lines_are_right(fence: str) -> None:
    text = f'{fence}\ntitle = "Qatar gave $50 million to the Nur Astana Mosque"\n{fence}\n\nRelations on 1 July 1993.\n'
    draft = read_draft(text)
    assert texts(draft) == ["Relations on 1 July 1993."]
    assert where(draft, "1 July 1993") == (5, 14)


def test_toml_front_matter_only_at_the_start() -> None:
    draft = read_draft("Intro.\n\n+++\ntitle = 1\n+++\n")
    assert "title = 1" in " ".join(texts(draft))


def test_plus_fences_in_a_quote_are_not_front_matter() -> None:
    assert texts(read_draft("> +++\n> Qatar gave $50 million.\n> +++\n")) == ["+++ Qatar gave $50 million. +++"]


def test_unclosed_toml_front_matter_is_prose() -> None:
    draft = read_draft("+++\nQatar gave $50 million.\n")
    assert texts(draft) == ["+++ Qatar gave $50 million."]


# -- disable comments ------------------------------------------------------------------------
def test_disable_and_enable_silence_what_lies_between() -> None:
    text = "One 2001.\n\n<!-- kzqa-disable -->\n\nTwo 2002.\n\n<!-- kzqa-enable -->\n\nThree 2003.\n"
    draft = read_draft(text)
    assert [draft.disabled(text.index(y)) for y in ("2001", "2002", "2003")] == [False, True, False]


def test_disable_without_enable_runs_to_the_end() -> None:
    text = "One 2001.\n\n<!-- kzqa-disable -->\nTwo 2002.\n\n# Three 2003\n"
    draft = read_draft(text)
    assert [draft.disabled(text.index(y)) for y in ("2001", "2002", "2003")] == [False, True, True]
    assert draft.disabled_ranges[-1][1] == len(text)


def test_disable_next_line_silences_the_next_non_blank_line_only() -> None:
    text = "<!-- kzqa-disable-next-line -->\n\n\nQatar gave $20 million.\nQatar gave $30 million.\n"
    draft = read_draft(text)
    assert draft.disabled(text.index("$20"))
    assert not draft.disabled(text.index("$30"))


def test_inline_disable_comments_inside_a_paragraph() -> None:
    text = "Qatar gave $10 million <!-- kzqa-disable --> and $20 million <!--kzqa-enable--> and $30 million.\n"
    draft = read_draft(text)
    assert [draft.disabled(text.index(v)) for v in ("$10", "$20", "$30")] == [False, True, False]
    assert only(draft).text == "Qatar gave $10 million  and $20 million  and $30 million."


def test_a_disable_comment_may_give_a_reason() -> None:
    text = "<!-- kzqa-disable-next-line: the record is out of date -->\nQatar gave $20 million.\n"
    assert read_draft(text).disabled(text.index("$20"))


def test_disable_next_line_with_crlf() -> None:
    text = "<!-- kzqa-disable-next-line -->\r\nQatar gave $20 million.\r\nQatar gave $30 million.\r\n"
    draft = read_draft(text)
    assert [draft.disabled(text.index(v)) for v in ("$20", "$30")] == [True, False]


def test_a_comment_that_is_not_a_directive_silences_nothing() -> None:
    text = "<!-- kzqa-disabled -->\nQatar gave $20 million.\n"
    assert read_draft(text).disabled_ranges == []


def test_plain_text_honours_disable_comments() -> None:
    text = "One 2001.\n<!-- kzqa-disable-next-line -->\nTwo 2002.\n"
    draft = read_draft(text, markdown=False)
    assert [draft.disabled(text.index(y)) for y in ("2001", "2002")] == [False, True]


# -- plain text ------------------------------------------------------------------------------
def test_plain_text_splits_paragraphs_at_blank_lines_and_keeps_markup() -> None:
    text = "**Bold 1993.** Then `code`\nwrapped.\n \t\n# Not a heading 2013.\r\rLast.\n"
    draft = read_draft(text, markdown=False)
    assert [(s.block, s.text) for s in draft.sentences] == [
        ("paragraph", "**Bold 1993.**"),
        ("paragraph", "Then `code` wrapped."),
        ("paragraph", "# Not a heading 2013."),
        ("paragraph", "Last."),
    ]
    assert {s.context for s in draft.sentences} == {""}
    assert where(draft, "2013") == (4, 17)
    assert where(draft, "Last") == (6, 1)
    assert_maps_back(draft)


def test_plain_text_with_a_bom_and_crlf() -> None:
    draft = read_draft("\ufeffIt grew\r\nin 2023.\r\n", markdown=False)
    assert only(draft).text == "It grew in 2023."
    assert where(draft, "2023") == (2, 4)
    assert_maps_back(draft)


# -- any text --------------------------------------------------------------------------------
MARKDOWNISH = st.lists(
    st.sampled_from([*"ab1. \n\r\t*_`[]()!<>-#|:^+~&;\\\"'\ufeff\u2028\0😀A", "&amp;", "<!--", "-->", "[^1]", "```",
                     "+++", "<!-- kzqa-disable -->", "<!-- kzqa-disable-next-line -->", "<!-- kzqa-enable -->",
                     "    ", "| a |", "|---|", "<sup>", "</sup>", "~~", "](", "http://x.y"]),
    max_size=120,
).map("".join)


def check_invariants(draft: Draft) -> None:
    for s in draft.sentences:
        assert s.text and len(s.offsets) == len(s.text)
        assert all(0 <= o < len(draft.text) for o in s.offsets)
        assert list(s.offsets) == sorted(s.offsets)
        assert s.block in {"paragraph", "heading", "list_item", "blockquote", "footnote", "table_cell"}
        for o in s.offsets:
            line, column = draft.position(o)
            assert line >= 1 and column >= 1
    for start, end in draft.disabled_ranges:
        assert 0 <= start < end <= len(draft.text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_read_with_offsets_inside_it(text: str) -> None:
    check_invariants(read_draft(text))
    check_invariants(read_draft(text, markdown=False))


@settings(max_examples=400, deadline=None)
@given(MARKDOWNISH)
def test_odd_markdown_is_read_with_offsets_inside_it(text: str) -> None:
    check_invariants(read_draft(text))
    check_invariants(read_draft(text, markdown=False))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["Qatar", "gave", "$5", "million", "in", "2013.", "2013", "**", "*", "[x](u)",
                                 " ", " ", "\n", "\r\n", "\r", "> ", "- ", "`c`"]), max_size=40).map("".join))
def test_visible_characters_map_back_when_no_entities(text: str) -> None:
    assert_maps_back(read_draft(text))


# -- a draft without markup is read without markdown-it, to the same sentences ------------------
_PLAIN = st.text(alphabet=st.sampled_from(list("abcXYZ 019.,;:$%()'\"–?-+=#\n\t ")), max_size=200)


@settings(max_examples=1000, deadline=None)
@given(_PLAIN)
def test_the_plain_reading_of_a_draft_without_markup_is_its_markdown_reading(text: str) -> None:
    from kzqa.checker.reading import _MarkdownReader, _Source, has_markup

    if has_markup(text):
        return
    reader = _MarkdownReader(_Source(text))
    reader.read()
    as_markdown = [(s.text, list(s.offsets), s.block) for s in reader.sentences]
    as_read = [(s.text, list(s.offsets), s.block) for s in read_draft(text).sentences]
    assert as_read == as_markdown


@pytest.mark.parametrize("text", ["- a list\n", "1. first\n", "# Title\n", "> quote\n", "Title\n===\n", "    code\n",
                                  "a `code` span\n", "see https://example.org\n", "a &amp; b\n", "+++\nx = 1\n+++\n",
                                  "mail me@example.org\n", "a | b\n"])
def test_markup_is_noticed(text: str) -> None:
    from kzqa.checker.reading import has_markup

    assert has_markup(text)


def test_a_cell_takes_the_words_of_the_cells_before_it_in_its_row() -> None:
    draft = read_draft("| Area | Agreement | Year | Worth |\n|---|---|---|---|\n"
                       "| Defence | Agreement on military cooperation | 2023 | $5 million |\n")
    year = next(s for s in draft.sentences if s.text == "2023")
    assert year.row_header == "Defence, Agreement on military cooperation"
    worth = next(s for s in draft.sentences if s.text == "$5 million")
    assert worth.row_header == "Defence, Agreement on military cooperation"  # a cell of numbers is no label


def test_a_list_takes_the_paragraph_that_leads_into_it_as_context() -> None:
    draft = read_draft("# Deals\n\nQatari commitments in March 2024:\n\n- KZT 5 billion for a plant\n\n"
                       "A closing paragraph.\n\n- a list with no lead-in\n")
    contexts = {s.text: s.context for s in draft.sentences}
    assert contexts["KZT 5 billion for a plant"] == "Deals; Qatari commitments in March 2024"
    assert contexts["a list with no lead-in"] == "Deals"


def test_an_answer_takes_the_question_before_it_as_context() -> None:
    draft = read_draft("# FAQ\n\n**When did the two establish relations?** On 1 July 1993. It was a Thursday.\n\n"
                       "A new paragraph.\n\nIs it new? \"Yes,\" she said?\n")
    contexts = {s.text: s.context for s in draft.sentences}
    assert contexts["When did the two establish relations?"] == "FAQ"
    assert contexts["On 1 July 1993."] == "FAQ; When did the two establish relations?"
    assert contexts["It was a Thursday."] == "FAQ; When did the two establish relations?"
    assert contexts["A new paragraph."] == "FAQ"  # a question reaches no further than its block
    assert contexts["\"Yes,\" she said?"] == "FAQ; Is it new?"
    questions = {s.text: (s.asks, s.question) for s in draft.sentences}
    assert questions["On 1 July 1993."] == (False, "When did the two establish relations?")
    assert questions["When did the two establish relations?"] == (True, "")


def test_plain_text_answers_take_their_question_too() -> None:
    draft = read_draft("When did they meet? In 1993.\n\nA new paragraph.\n", markdown=False)
    assert [(s.text, s.context, s.question) for s in draft.sentences] == [
        ("When did they meet?", "", ""), ("In 1993.", "When did they meet?", "When did they meet?"),
        ("A new paragraph.", "", "")]


def test_a_question_heading_is_no_answers_context() -> None:
    draft = read_draft("## Why Qatar?\n\nQatar gave $15 million.\n")
    assert [(s.text, s.question) for s in draft.sentences] == [("Why Qatar?", ""), ("Qatar gave $15 million.", "")]


@pytest.mark.parametrize("markdown", [True, False])
def test_a_bullet_character_starts_an_item_of_a_list_written_without_markdown(markdown: bool) -> None:
    text = "Where the *money* goes 👇\n• Kashagan GPP: $2.5bn\n  • Agro complex: $350mn\n\nKashagan • $2.5bn.\n"
    draft = read_draft(text, markdown=markdown)
    found = [s.text for s in draft.sentences]
    money = "*money*" if not markdown else "money"
    assert found == [f"Where the {money} goes 👇", "• Kashagan GPP: $2.5bn", "• Agro complex: $350mn",
                     "Kashagan", "• $2.5bn."]  # within a line too: "Milestones: • 1993 – ... • 2007 – ..."
    for s in draft.sentences:  # each maps back to the source
        assert text[s.offsets[0]] == s.text[0]
