"""Reading a draft: Markdown or plain text into prose sentences mapped back to the original.

The first stage of `kzqa check`. Markdown is parsed with markdown-it-py (CommonMark with GFM
tables and strikethrough, footnotes and `---` front matter from mdit-py-plugins, and a rule
of our own for `+++` TOML front matter). Only prose is kept: paragraphs, headings, list
items, block quotes, footnote definitions and table cells. Every character of a sentence's
text carries the index of the character it came from in the original document, so a claim
found anywhere in a sentence has an exact line and column.

markdown-it gives line maps for blocks only, so each inline token is found again in its
block's lines by searching forward from a cursor; markup between tokens (emphasis marks,
link targets, code spans, footnote references, inline HTML) moves the cursor past itself.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from kzqa import kept

if TYPE_CHECKING:  # markdown-it costs ~35 ms to import: only a draft with markup pays it
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.token import Token

BLOCK_KINDS = ("paragraph", "heading", "list_item", "blockquote", "footnote", "table_cell")

_BOM = "\ufeff"
# Lines end at LF, CRLF or CR only (CommonMark's line ending): not at U+2028, U+0085 or
# form feed, which str.splitlines() would also take.
_LINE_END_RE = kept.compile(r"\r\n|\r|\n")
_CRLF_RE = kept.compile(r"\r\n")


@dataclass(frozen=True)
class Sentence:
    """One sentence of prose, its characters mapped to the original document.

    text: the prose with inline markup, footnote references, code spans, inline HTML, link
        targets, bare URLs and e-mail addresses removed ("**a.** b" gives "a." and "b").
        Soft line breaks read as a space.
    offsets: offsets[i] is the index, in code points, of the character of the original
        document that text[i] came from. Where the original spells the character
        differently (an entity such as `&amp;`, a soft line break read as a space) it is
        the index of the start of that spelling. Never decreasing along the text.
    context: what the sentence is about without being part of it, general to specific,
        joined with "; ": the headings it sits under, then for a table cell its column
        header and "row's first column header: row's first cell" ("Qatari tourists to
        Kazakhstan; Year: 2023"), and for a sentence after a question in its block the
        question ("When did Kazakhstan and Qatar establish relations?" before "On 1 July
        1993."). "" when there is none.
    block: one of BLOCK_KINDS, the innermost block that holds the sentence.
    header: table cells only, the column header's text; else "".
    row_header: table cells only, the text of the row's first cell ("" for a cell in the
        first column itself, and outside tables).
    """

    text: str
    offsets: array[int] = field(hash=False)
    context: str
    block: str
    header: str = ""
    row_header: str = ""
    question: str = ""  # the question before it in its block, which it answers (also the context's last part)

    @property
    def asks(self) -> bool:
        """Whether the sentence is a question ("Did it open in 2008?"): it claims nothing."""
        return self.text.rstrip(" \"'”’»)*_").endswith("?")

    @property
    def start(self) -> int:
        """Offset in the original document of the sentence's first character."""
        return self.offsets[0] if self.offsets else 0

    @property
    def end(self) -> int:
        """Offset in the original document just after the sentence's last character."""
        return self.offsets[-1] + 1 if self.offsets else 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original document's (start, end) offsets of `text[start:end]` (end exclusive).

        Raises ValueError for an empty or out-of-range slice.
        """
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"no characters at text[{start}:{end}] of a {len(self.text)}-character sentence")
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass
class Draft:
    """A draft as read: the original text, its sentences and the writer's disable comments.

    disabled_ranges: sorted, non-overlapping (start, end) offsets (end exclusive) that the
    writer silenced with `<!-- kzqa-disable -->` … `<!-- kzqa-enable -->` or
    `<!-- kzqa-disable-next-line -->`.
    """

    text: str
    sentences: list[Sentence]
    disabled_ranges: list[tuple[int, int]] = field(default_factory=list)
    _line_starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._line_starts = [0, *(m.end() for m in _LINE_END_RE.finditer(self.text))]

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of an offset into `text`; len(text) is allowed (an end).

        Lines end at LF, CRLF or CR. Columns count code points, so an astral emoji is one
        column; a byte-order mark at the start of the text is not a column. Output formats
        that count UTF-16 units or bytes convert from here. Raises ValueError outside the text.
        """
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} is outside a text of {len(self.text)} characters")
        line = bisect_right(self._line_starts, offset) - 1
        column = offset - self._line_starts[line] + 1
        if line == 0 and offset > 0 and self.text.startswith(_BOM):
            column -= 1
        return line + 1, column

    def disabled(self, offset: int) -> bool:
        """Whether findings at this offset are silenced by one of the writer's disable comments.

        `<!-- kzqa-disable -->` silences from itself to `<!-- kzqa-enable -->` (or to the end
        of the document); `<!-- kzqa-disable-next-line -->` silences the next non-blank line.
        Comments inside code are not comments, and are ignored.
        """
        i = bisect_right(self.disabled_ranges, (offset, len(self.text) + 1)) - 1
        return i >= 0 and self.disabled_ranges[i][0] <= offset < self.disabled_ranges[i][1]


# What can make Markdown differ from plain text: any markup character, a line that opens a
# block (a list item, heading, quote, fence, rule, setext underline, front matter, indented
# code), an entity, or what a bare URL or e-mail address needs.
_MARKUP_RE = kept.compile(
    r"[`*_\[\]<>|\\&~!^]|://|@|www\.|[ \t][\r\n]|[\r\n][ \t]|^[ \t]|[ \t]$"
    r"|(?m:^(?:[ ]{0,3}(?:[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|#|=+[ \t]*$|-+[ \t]*$|\+\+\+)|[ ]{4}|\t))")


def has_markup(text: str) -> bool:
    """Whether CommonMark could read `text` otherwise than as plain paragraphs. A draft
    without markup is read by the plain-text reader, which gives the same sentences
    without loading markdown-it (tests/test_reading.py holds the two readers equal)."""
    return _MARKUP_RE.search(text.removeprefix(_BOM)) is not None


def read_draft(text: str, markdown: bool = True) -> Draft:
    """Read a draft into its prose sentences, each mapped character by character to `text`.

    markdown=True reads CommonMark with GFM tables, footnotes and front matter; it keeps
    paragraphs, headings, list items, block quotes, footnote definitions and table body
    cells (header cells become their column's context), and skips code blocks, code
    spans, HTML blocks and inline HTML, images, struck-through text, link targets (the
    link text stays), bare URLs and e-mail addresses, and `---`/`+++` front matter.
    markdown=False reads plain text: paragraphs split at blank lines, nothing removed.
    Either way sentences split at `.`, `!` and `?` (see `split_sentences`), and at hard
    line breaks. Never raises on any text.
    """
    source = _Source(text)
    if markdown and has_markup(text):
        reader = _MarkdownReader(source)
        reader.read()
        return Draft(text, reader.sentences, _merge(reader.directives, source))
    directives = [(source.orig(m.start()), m.group(1), source.orig(m.end()))
                  for m in _DIRECTIVE_RE.finditer(source.norm)]
    return Draft(text, _read_plain(source), _merge(directives, source))


# -- the source and its normalised form -------------------------------------------------------
class _Source:
    """The original text and the normalised text markdown-it reads, with the map between them.

    markdown-it turns CRLF and CR into LF and NUL into U+FFFD before it parses; the BOM is
    removed here so that front matter and a first heading are still seen. Only a CRLF
    changes lengths, so an offset maps back by counting the CRLFs before it.
    """

    def __init__(self, text: str):
        self.text = text
        self.bom = 1 if text.startswith(_BOM) else 0
        body = text[self.bom:]
        # positions, in the normalised text, of the LF that each CRLF became
        self.crlf: list[int] = [m.start() - k for k, m in enumerate(_CRLF_RE.finditer(body))]
        self.norm = _LINE_END_RE.sub("\n", body).replace("\0", "\ufffd")
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", self.norm))]

    def orig(self, i: int) -> int:
        """The original offset of normalised offset i (a CRLF's LF maps to its CR)."""
        i = min(max(i, 0), max(len(self.norm) - 1, 0))
        return i + self.bom + bisect_left(self.crlf, i)

    def line_start(self, line: int) -> int:
        """Normalised offset of the start of 0-based `line` (len(norm) past the last line)."""
        return self.line_starts[line] if line < len(self.line_starts) else len(self.norm)


# -- writers' disable comments ----------------------------------------------------------------
_DIRECTIVE_RE = kept.compile(r"<!--\s*kzqa-(disable-next-line|disable|enable)(?:[\s:][^>]*?)?\s*-->")


def _merge(directives: list[tuple[int, str, int]], source: _Source) -> list[tuple[int, int]]:
    """Disabled ranges from (start, directive, end) comments, in original offsets."""
    text = source.text
    starts = [0, *(m.end() for m in _LINE_END_RE.finditer(text))]
    ranges: list[tuple[int, int]] = []
    open_at: int | None = None
    for start, kind, end in sorted(directives):
        if kind == "disable" and open_at is None:
            open_at = start
        elif kind == "enable" and open_at is not None:
            ranges.append((open_at, end))
            open_at = None
        elif kind == "disable-next-line":
            line = bisect_right(starts, end - 1)  # index of the next line's start
            while line < len(starts):
                line_end = starts[line + 1] if line + 1 < len(starts) else len(text)
                if text[starts[line]:line_end].strip(" \t\r\n"):
                    ranges.append((starts[line], line_end))
                    break
                line += 1
    if open_at is not None:
        ranges.append((open_at, len(text)))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# -- sentence splitting ---------------------------------------------------------------------
# closers and openers include `*` and `_` for plain-text drafts, which keep their markup
# a sentence's end; or the white space before a bullet character, which starts an item of
# a list written without Markdown ("• Kashagan GPP: $2.5bn" on a line of its own, or
# "Milestones: • 1993 – relations • 2007 – embassy" on one line)
_TERMINATOR_RE = kept.compile(r"[.!?…]+[\"'”’»)\]*_]*\s+|\s+(?=[•◦▪‣●]\s)")
_BULLET_LINE_RE = kept.compile(r"[ \t]*[•◦▪‣●]\s")
_ALNUM_RE = kept.compile(r"[^\W_]")
_OPENERS = frozenset("\"'“‘«([*_")
# Words whose full stop does not end a sentence before a capital or a digit: titles,
# "No. 1088", "Art. 5", months ("Jan. 2024"), Latin shorthands. Initialisms ("U.S.",
# "H. E.", "M. Tokayev") are caught by their single-letter parts. Case matters: "no." and
# "art." at a sentence's end are words.
ABBREVIATIONS = frozenset([
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Mt", "No", "Nos", "Art", "Arts", "vs", "etc", "cf", "ca",
    "approx", "al", "fig", "Fig", "vol", "Vol", "p", "pp", "Gen", "Col", "Lt", "Capt", "Sen", "Gov", "Rep",
    "Rev", "Hon", "Jr", "Sr", "Amb",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
])


@lru_cache(maxsize=1)
def _date_label() -> re.Pattern[str]:
    """A date alone before its full stop, as a chronology heads its entries ("**October
    2023.** The fifth meeting ...", "1993. Relations ..."): the entry's first words, no
    sentence of its own. Months and seasons are lexicon.toml's [dates]."""
    from kzqa.checker.claims import _alt, lexicon

    dates = lexicon()["dates"]
    month = _alt(dates["months"])
    season = _alt(dates["seasons"])
    return kept.compile(rf"(?:(?:\d{{1,2}}\s+)?(?:{month})\.?|(?:{month})\.?\s+\d{{1,2}},?|(?:{season}))?"
                        r"\s*\d{4}(?:\s*[–-]\s*\d{2,4})?", re.IGNORECASE)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The (start, end) spans of the sentences in text[start:end], trimmed of white space.

    A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets) followed by
    white space and then a capital, a digit or an opening quote or bracket — except after
    an abbreviation in ABBREVIATIONS or an initial (a capital letter, "H. E.", "U.S.", "e.g.").
    White space before a bullet character (• ◦ ▪ ‣ ●) ends one too: an item of a list
    written without Markdown, on its own line or within one. A date alone before its full
    stop ("**October 2023.** The fifth meeting ...") ends none: it heads what follows.
    Numbers ("17.6", "15.000.000") never end one, having no space after the point. A span
    with no letter or digit is dropped. Runs in time linear in the text.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    seg = start
    for m in _TERMINATOR_RE.finditer(text, start, end):
        nxt = m.end()
        if nxt >= end:
            break
        c = text[nxt]
        if not (c.isdigit() or (c.isalpha() and not c.islower()) or c in _OPENERS or m.group().isspace()):
            continue
        if m.group().startswith(".") and _date_label().fullmatch(text[seg:m.start()].strip(" \t\n*_")):
            continue  # a chronology's date heads the entry that follows it
        if m.group().startswith(".") and not m.group().startswith(".."):
            i = j = m.start()
            lo = max(seg, i - 40)
            while j > lo and (text[j - 1].isalnum() or text[j - 1] == "."):
                j -= 1
            if j < i and _is_abbreviation(text[j:i].lstrip(".")):
                continue
        _add_span(text, seg, m.end(), spans)
        seg = m.end()
    _add_span(text, seg, end, spans)
    return spans


def _is_abbreviation(word: str) -> bool:
    if word in ABBREVIATIONS:
        return True
    if "." not in word:
        return len(word) == 1 and word.isupper()  # an initial: "M. Tokayev"
    return all(len(p) == 1 and p.isalpha() for p in word.split("."))


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if _ALNUM_RE.search(text, start, end):
        spans.append((start, end))


# -- plain text -----------------------------------------------------------------------------
def _read_plain(source: _Source) -> list[Sentence]:
    """Paragraphs at blank lines (only spaces and tabs); line breaks inside read as spaces."""
    norm = source.norm
    sentences: list[Sentence] = []
    starts = source.line_starts
    para_start: int | None = None
    for i, start in enumerate([*starts, len(norm) + 1]):
        end = starts[i + 1] - 1 if i + 1 < len(starts) else len(norm)
        blank = i == len(starts) or not norm[start:end].strip(" \t")
        if blank and para_start is not None:
            para_end = start - 1
            raw = norm[para_start:para_end]  # line breaks read as spaces, but before a bullet
            para = re.sub(r"\n(?![ \t]*[•◦▪‣●]\s)", " ", raw)
            offsets = _offsets_of(source, para_start, para_end)
            asked = ""  # as in Markdown: a question is the context of the answers after it
            for a, b in split_sentences(para):
                sentences.append(Sentence(para[a:b], offsets[a:b], asked, "paragraph", question=asked))
                if sentences[-1].asks:
                    asked = sentences[-1].text.strip()
            para_start = None
        elif not blank and para_start is None:
            para_start = start
    return sentences


def _offsets_of(source: _Source, start: int, end: int) -> array[int]:
    """Original offsets of the normalised characters start..end-1."""
    out: array[int] = array("q")
    i = start
    k = bisect_left(source.crlf, start)
    while i < end:
        stop = source.crlf[k] + 1 if k < len(source.crlf) and source.crlf[k] < end else end
        base = i + source.bom + k
        out.extend(range(base, base + stop - i))
        i = stop
        k += 1
    return out


# -- Markdown -------------------------------------------------------------------------------
def _toml_front_matter(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """`+++` TOML front matter (Hugo, Zola) as a `front_matter` token; the plugin knows `---` only."""
    if start_line != 0 or state.bMarks[0] + state.tShift[0] != 0:  # the document's very start only
        return False
    if state.src[state.bMarks[0]:state.eMarks[0]].rstrip(" \t") != "+++":
        return False
    line = 1
    while line < end_line:
        if state.sCount[line] == 0 and state.src[state.bMarks[line]:state.eMarks[line]].rstrip(" \t") == "+++":
            break
        line += 1
    else:
        return False  # never closed: not front matter
    if silent:
        return True
    token = state.push("front_matter", "", 0)
    token.hidden = True
    token.block = True
    token.markup = "+++"
    token.content = state.src[state.bMarks[1]:state.bMarks[line]]
    token.map = [start_line, line + 1]
    state.line = line + 1
    return True


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The parser used for drafts: CommonMark, GFM tables and strikethrough, footnotes, front matter.

    text_join is off, so backslash escapes and entities stay `text_special` tokens whose
    markup is their spelling in the source.
    """
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.use(front_matter_plugin).use(footnote_plugin)
    md.block.ruler.before("table", "toml_front_matter", _toml_front_matter,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.core.ruler.disable("text_join")
    return md


_URL_RE = kept.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
_BREAK = "\n"  # a hard line break in a block's text; soft breaks read as " "
_SKIPPED_HTML = kept.compile(r"<(/?)(sup|sub)\b", re.IGNORECASE)  # footnote marks written in HTML
_BR_RE = kept.compile(r"<br\s*/?>", re.IGNORECASE)
_BACKTICKS_RE = kept.compile(r"`+")


@dataclass
class _Block:
    kind: str
    line: int  # 0-based line in the source where the block starts
    text: str
    offsets: array[int]
    level: int = 0  # headings
    header: str = ""
    row_header: str = ""
    row_label: str = ""  # the column header of the row's first cell
    is_header_cell: bool = False
    in_note: bool = False  # inside a footnote definition (moved to the end of the stream)
    lead: str = ""  # a list item's lead-in: the paragraph ending in a colon right before its list


class _MarkdownReader:
    """Walks markdown-it's token stream, turning each inline token into a mapped _Block."""

    def __init__(self, source: _Source):
        self.src = source
        self.norm = source.norm
        self.blocks: list[_Block] = []
        self.directives: list[tuple[int, str, int]] = []
        self.sentences: list[Sentence] = []
        # inline footnotes (`^[note]`) have no line map: their window is found at the reference
        self.inline_notes: dict[int, tuple[int, int]] = {}

    # - the walk over blocks
    def read(self) -> None:
        tokens = markdown_parser().parse(self.norm)
        stack: list[str] = []
        leaf = ""
        level = 0
        note_id = -1
        headers: list[str] = []
        row: list[_Block] = []
        cell = 0
        in_head = False
        prev_map: tuple[int, int] | None = None
        cursor = 0
        lists = 0  # depth of lists
        lead = after = ""  # the lead-in of the list being read; a paragraph that may lead one
        for tok in tokens:
            t = tok.type
            if t in ("bullet_list_open", "ordered_list_open"):
                if lists == 0:
                    lead = after
                lists += 1
            elif t in ("bullet_list_close", "ordered_list_close"):
                lists -= 1
                if lists == 0:
                    lead = ""
            if t in ("blockquote_open", "list_item_open"):
                stack.append(t[:-5])
            elif t == "footnote_open":
                stack.append("footnote")
                note_id = int(tok.meta.get("id", -1))
            elif t in ("blockquote_close", "list_item_close", "footnote_close") and stack:
                stack.pop()
            elif t == "heading_open":
                leaf, level = "heading", int(tok.tag[1:] or 1)
            elif t in ("th_open", "td_open"):
                leaf = "table_cell"
            elif t in ("heading_close", "th_close", "td_close"):
                leaf = ""
            elif t == "thead_open":
                in_head, headers = True, []
            elif t == "thead_close":
                in_head = False
            elif t == "tr_open":
                row, cell = [], 0
            elif t == "tr_close" and row and not row[0].is_header_cell:
                # the first cell ("9 September 2025") is about what the row's other cells say
                # ("Action Plan of Cooperation signed"), as they are about it
                words = [_plain(c.text) for c in row[1:] if not any(ch.isdigit() for ch in c.text)]
                row[0].row_header = ", ".join(p for p in words if p)
                row[0].row_label = ""
            elif t == "html_block" and tok.map:
                lo = self.src.line_start(tok.map[0])
                hi = self.src.line_start(tok.map[1])
                self._directives_in(lo, hi)
            elif t == "inline":
                if tok.map is not None:
                    lo, hi = self.src.line_start(tok.map[0]), self.src.line_start(tok.map[1])
                    line = tok.map[0]
                    this_map = (tok.map[0], tok.map[1])
                elif "footnote" in stack and note_id in self.inline_notes:
                    lo, hi = self.inline_notes[note_id]
                    line = bisect_right(self.src.line_starts, lo) - 1
                    this_map = (lo, -1)
                else:
                    continue  # nothing to map it to
                # cells of one table row share a line map: carry the cursor across them
                if this_map != prev_map or leaf != "table_cell":
                    cursor = lo
                prev_map = this_map
                kind = leaf or (stack[-1] if stack else "paragraph")
                text, offsets, cursor = self._inline(tok.children or [], lo, hi, cursor)
                block = _Block(kind, line, text, offsets, level=level, in_note="footnote" in stack)
                if leaf == "table_cell":
                    block.is_header_cell = in_head
                    if in_head:
                        headers.append(_plain(text))
                    else:
                        block.header = headers[cell] if cell < len(headers) else ""
                        if cell > 0 and row:
                            # the row's first cell, and the words of the cells between it
                            # and this one ("Defence | Agreement on military cooperation |
                            # 2019"); cells with numbers are claims of their own
                            words = [_plain(c.text) for c in row[1:] if not any(ch.isdigit() for ch in c.text)]
                            block.row_header = ", ".join(p for p in (_plain(row[0].text), *words) if p)
                            block.row_label = headers[0] if headers else ""
                    row.append(block)
                    cell += 1
                if lists and kind == "list_item":
                    block.lead = lead
                # "Qatari commitments in March 2024:" says what the list after it is about
                leads = kind == "paragraph" and not lists and text.rstrip().endswith(":")
                after = _plain(text).rstrip(" :") if leads else ""
                self.blocks.append(block)
        self._sentences()

    def _sentences(self) -> None:
        """Split each block into sentences and give each its context."""
        # each heading's chain of headings, general to specific (footnotes' headings excluded)
        heading_lines: list[int] = []
        chains: list[list[tuple[int, str]]] = []
        chain: list[tuple[int, str]] = []
        for b in self.blocks:
            if b.kind == "heading" and not b.in_note:
                chain = [*(h for h in chain if h[0] < b.level), (b.level, _plain(b.text))]
                heading_lines.append(b.line)
                chains.append(chain)
        for b in self.blocks:
            if b.is_header_cell:
                continue
            i = bisect_left(heading_lines, b.line) - 1
            around = [h[1] for h in chains[i]] if i >= 0 else []
            if b.kind == "heading" and not b.in_note:
                around = [h[1] for h in (chains[i + 1] if i + 1 < len(chains) else []) if h[0] < b.level]
            parts = [*around, b.lead, b.header]
            if b.row_header:
                parts.append(f"{b.row_label}: {b.row_header}" if b.row_label else b.row_header)
            context = "; ".join(p for p in parts if p)
            text, offsets = _without_urls(b.text, b.offsets)
            seg = 0
            asked = ""  # a question in the block: what the answers after it are about
            for stop in [*(m.start() for m in re.finditer(_BREAK, text)), len(text)]:
                for a, z in split_sentences(text, seg, stop):
                    said = "; ".join(p for p in (context, asked) if p)
                    sentence = Sentence(text[a:z], offsets[a:z], said, b.kind,
                                        b.header if b.kind == "table_cell" else "", b.row_header, asked)
                    self.sentences.append(sentence)
                    if sentence.asks:
                        asked = sentence.text.strip()  # "When did ... relations? On 1 July 1993."
                seg = stop + 1
        # footnote definitions come last in markdown-it's stream: put them back in place
        self.sentences.sort(key=lambda s: s.start)

    # - the walk over one inline token's children
    def _find(self, needle: str, cursor: int, hi: int) -> int:
        """Where needle starts at or after cursor within the block, or -1."""
        p = self.norm.find(needle, cursor, min(hi, cursor + len(needle) + 256))
        return p if p >= 0 else self.norm.find(needle, cursor, hi)

    def _inline(self, children: Sequence[Token], lo: int, hi: int, cursor: int) -> tuple[str, array[int], int]:
        """The block's prose and its original offsets; also the cursor after the block."""
        norm = self.norm
        pieces: list[str] = []
        offsets: array[int] = array("q")
        quiet = 0  # inside struck-through text or <sup>/<sub>: follow the source, keep nothing
        jump = False  # inside an autolink: its text is not in the source as written

        def emit(s: str, at: int, contiguous: bool = True) -> None:
            if quiet or not s:
                return
            pieces.append(s)
            if contiguous:
                offsets.extend(_offsets_of(self.src, at, at + len(s)))
            else:
                offsets.extend([self.src.orig(at)] * len(s))

        for tok in children:
            t = tok.type
            if jump:
                jump = t != "link_close"
                continue
            if t == "text":
                p = self._find(tok.content, cursor, hi)
                if p >= 0:
                    emit(tok.content, p)
                    cursor = p + len(tok.content)
                else:
                    cursor = self._emit_loose(tok.content, cursor, hi, emit)
            elif t == "text_special":
                p = self._find(tok.markup, cursor, hi) if tok.markup else -1
                if p >= 0 and tok.content == tok.markup:  # a backslash before a letter is text
                    emit(tok.content, p)
                    cursor = p + len(tok.markup)
                elif p >= 0:
                    escaped = tok.info == "escape"  # `\*`: the star is in the source, after the backslash
                    emit(tok.content.replace("\n", " "), p + 1 if escaped else p, contiguous=escaped)
                    cursor = p + len(tok.markup)
                else:
                    emit(tok.content.replace("\n", " "), min(cursor, hi - 1), contiguous=False)
            elif t in ("softbreak", "hardbreak"):
                p = norm.find("\n", cursor, hi)
                at = p if p >= 0 else min(cursor, hi - 1)
                # a line that starts with a bullet character is an item of its own
                soft = t == "softbreak" and not (p >= 0 and _BULLET_LINE_RE.match(norm, p + 1))
                emit(" " if soft else _BREAK, at, contiguous=False)
                cursor = at + 1 if p >= 0 else cursor
            elif t == "code_inline":
                cursor = self._skip_code(tok.markup, cursor, hi)
            elif t == "html_inline":
                p = self._find(tok.content, cursor, hi)
                if p < 0:
                    continue
                cursor = p + len(tok.content)
                self._directives_in(p, cursor)
                m = _SKIPPED_HTML.match(tok.content)
                if m:
                    quiet = max(0, quiet - 1) if m.group(1) else quiet + 1
                elif _BR_RE.match(tok.content):
                    emit(_BREAK, p, contiguous=False)
            elif t == "s_open":
                quiet += 1
                cursor = self._after(tok.markup, cursor, hi)
            elif t == "s_close":
                quiet = max(0, quiet - 1)
                cursor = self._after(tok.markup, cursor, hi)
            elif t in ("em_open", "em_close", "strong_open", "strong_close"):
                cursor = self._after(tok.markup, cursor, hi)
            elif t == "link_open":
                if tok.markup in ("autolink", "linkify"):
                    p = norm.find("<", cursor, hi)
                    q = norm.find(">", p, hi) if p >= 0 else -1
                    cursor = q + 1 if q >= 0 else cursor
                    jump = True
                else:
                    p = norm.find("[", cursor, hi)
                    cursor = p + 1 if p >= 0 else cursor
            elif t == "link_close":
                p = norm.find("]", cursor, hi)
                cursor = _skip_link_tail(norm, p, hi) if p >= 0 else cursor
            elif t == "image":
                p = norm.find("![", cursor, hi)
                if p >= 0:
                    q = _skip_brackets(norm, p + 1, hi)
                    cursor = _skip_link_tail(norm, q - 1, hi) if q > 0 else cursor
            elif t == "footnote_ref":
                label = tok.meta.get("label")
                if label is None:  # an inline footnote, ^[note]: its text is read as a footnote
                    p = norm.find("^[", cursor, hi)
                    if p >= 0:
                        q = _skip_brackets(norm, p + 1, hi)
                        if q > 0:
                            self.inline_notes[int(tok.meta.get("id", -1))] = (p + 2, q - 1)
                            cursor = q
                else:
                    p = self._find(f"[^{label}]", cursor, hi)
                    cursor = p + len(label) + 3 if p >= 0 else cursor
        return "".join(pieces), offsets, cursor

    def _after(self, markup: str, cursor: int, hi: int) -> int:
        """Move past a delimiter that sits at the cursor (emphasis marks follow their text)."""
        if markup and self.norm.startswith(markup, cursor) and cursor + len(markup) <= hi:
            return cursor + len(markup)
        return cursor

    def _skip_code(self, markup: str, cursor: int, hi: int) -> int:
        """Move past a code span opened and closed by a backtick run exactly like `markup`."""
        opened = False
        for m in _BACKTICKS_RE.finditer(self.norm, cursor, hi):
            if m.group() == markup:
                if opened:
                    return m.end()
                opened = True
        return cursor

    def _emit_loose(self, content: str, cursor: int, hi: int, emit: Callable[[str, int, bool], None]) -> int:
        """Map text the source spells differently: a table cell's `\\|`, else pin it at the cursor."""
        if "|" in content:
            pattern = "".join("\\\\?\\|" if ch == "|" else re.escape(ch) for ch in content)
            m = re.compile(pattern).search(self.norm, cursor, hi)
            if m:
                i = m.start()
                for ch in content:
                    if ch == "|" and self.norm[i] == "\\":
                        i += 1
                    emit(ch, i, True)
                    i += 1
                return m.end()
        emit(content, min(cursor, max(hi - 1, 0)), False)
        return cursor

    def _directives_in(self, lo: int, hi: int) -> None:
        for m in _DIRECTIVE_RE.finditer(self.norm, lo, hi):
            self.directives.append((self.src.orig(m.start()), m.group(1), self.src.orig(m.end() - 1) + 1))


def _skip_brackets(text: str, i: int, hi: int) -> int:
    """From the `[` at i, the index just after its matching `]` (escapes honoured), or -1."""
    depth = 0
    while i < hi:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def _skip_link_tail(text: str, i: int, hi: int) -> int:
    """From the `]` that ends a link's text at i, the index after its `(target "title")` or `[ref]`."""
    j = i + 1
    if j < hi and text[j] == "[":
        k = text.find("]", j + 1, hi)
        return k + 1 if k >= 0 else j
    if not (j < hi and text[j] == "("):
        return j
    depth, k = 0, j
    while k < hi:
        c = text[k]
        if c == "\\":
            k += 2
            continue
        if c == "<" and text[k - 1] in "( \t\n":
            q = text.find(">", k, hi)
            k = q + 1 if q >= 0 else k + 1
            continue
        if c in "\"'" and text[k - 1] in " \t\n":
            q = text.find(c, k + 1, hi)
            k = q + 1 if q >= 0 else k + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
    return j


def _without_urls(text: str, offsets: array[int]) -> tuple[str, array[int]]:
    """The text with bare URLs and e-mail addresses cut out, and the offsets to match."""
    if "@" not in text and "/" not in text and "www." not in text:
        return text, offsets
    pieces: list[str] = []
    kept: array[int] = array("q")
    at = 0
    for m in _URL_RE.finditer(text):
        pieces.append(text[at:m.start()])
        kept.extend(offsets[at:m.start()])
        at = m.end()
    if at == 0:
        return text, offsets
    pieces.append(text[at:])
    kept.extend(offsets[at:])
    return "".join(pieces), kept


def _plain(text: str) -> str:
    """A block's text as one line of words (for headers and headings used as context)."""
    return " ".join(text.split())
