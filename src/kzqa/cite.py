"""Citations of sources in the forms writers paste: text, Markdown, BibTeX and CSL-JSON.

Records come in as plain dicts (as `kzqa export --json` prints them). A source's `note` is
curation and never reaches a citation. Names follow BibTeX's rules ("Given von Family" or
"von Family, Given"; a one-word name is an organisation), as docs/fact-files.md describes.
"""

from __future__ import annotations

import re
from typing import Any

from kzqa.dates import EdtfError, Point, parse_edtf

Record = dict[str, Any]

STYLES = ("text", "markdown", "bibtex", "csl-json")

# CSL 1.0.2 item types (https://docs.citationstyles.org/en/stable/specification.html#appendix-iii-types).
_CSL_TYPES = {"news": "article-newspaper", "analysis": "article-newspaper", "op-ed": "article-newspaper",
              "article": "article-journal", "interview": "interview", "report": "report",
              "reference": "entry-encyclopedia"}
# CSL seasons are numbered 1-4 (spring..winter), EDTF's 21-24; kzqa.dates names them.
_CSL_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "winter": 4}
# BibTeX's standard month macros (btxdoc, "month" field).
_BIB_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# LaTeX's special characters, each written as a command (a backslash-escaped brace
# still unbalances pybtex and BibTeX, so braces become text commands too).
_LATEX = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
          "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "~": r"\textasciitilde{}",
          "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}
_LATEX_RE = re.compile("[" + re.escape("".join(_LATEX)) + "]")
_MD_RE = re.compile(r"([\\`*_\[\]<>|#])")
_SHORT_TITLE_WORDS = 4
# Unicode's control characters (category Cc: U+0000-U+001F, U+007F-U+009F) go; tabs, line
# breaks and the line and paragraph separators (U+2028, U+2029) become spaces.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BREAK_RE = re.compile("[\t\n\r\u2028\u2029]")


# -- text hygiene -------------------------------------------------------------------------
def clean(text: str) -> str:
    """`text` with control characters (Unicode Cc) dropped, line and paragraph separators
    and tabs or newlines turned into spaces, and runs of spaces collapsed."""
    return " ".join(_CONTROL_RE.sub("", _BREAK_RE.sub(" ", text)).split())


def _field(source: Record, key: str) -> str:
    value = source.get(key)
    return clean(value) if isinstance(value, str) else ""


def _title(source: Record) -> str:
    """The title, in square brackets when the curators supplied it."""
    title = _field(source, "title")
    return f"[{title}]" if source.get("supplied_title") else title


# -- names --------------------------------------------------------------------------------
class Name:
    """One author: a person's parts, or `literal` for an organisation."""

    # A plain slotted class, not a dataclass: kzqa.checker imports this module at start-up.
    __slots__ = ("family", "given", "literal", "particle")

    def __init__(self, family: str = "", given: str = "", particle: str = "", literal: str = ""):
        self.family, self.given, self.particle, self.literal = family, given, particle, literal

    def family_full(self) -> str:
        return f"{self.particle} {self.family}".strip()


def _is_von(word: str) -> bool:
    # BibTeX: a word is part of "von" when its first letter is lower case. "and" is not:
    # the BibTeX output braces it ({and}), which pybtex then reads as part of the name.
    letter = next((c for c in word if c.isalpha()), "")
    return letter.islower() and word.lower() != "and"


def parse_name(text: str) -> Name:
    """Split an author as docs/fact-files.md writes it, by BibTeX's (and pybtex's) rules.

    "Given Family", "Given von Family" ("Maria de la Cruz"), "Family, Given" and
    "von Family, Given" ("de la Cruz, Maria"); a one-word name ("AFP") is an organisation.
    "von" is every word from the first to the last lower-case one before the family name.
    """
    text = clean(text)
    if "," in text:
        head, _, given = text.partition(",")
        words = head.split()
        given = given.strip()
        if not words:
            return Name(literal=given)
        cut = max((i + 1 for i, w in enumerate(words[:-1]) if _is_von(w)), default=0)
        return Name(family=" ".join(words[cut:]), given=given, particle=" ".join(words[:cut]))
    words = text.split()
    if len(words) < 2:
        return Name(literal=text)
    inner = [i for i, w in enumerate(words[1:-1], start=1) if _is_von(w)]
    if not inner:
        return Name(family=words[-1], given=" ".join(words[:-1]))
    first, last = inner[0], inner[-1]
    return Name(family=" ".join(words[last + 1:]), given=" ".join(words[:first]),
                particle=" ".join(words[first:last + 1]))


def _names(source: Record) -> list[Name]:
    return [n for n in (parse_name(a) for a in source.get("authors", []) if isinstance(a, str))
            if n.family or n.literal]


def author_text(source: Record) -> str:
    """"Family, Given, Given Family and Given Family" (the first name inverted); '' for none."""
    shown = []
    for i, n in enumerate(_names(source)):
        if n.literal:
            shown.append(n.literal)
        elif i == 0:
            shown.append(f"{n.family_full()}, {n.given}" if n.given else n.family_full())
        else:
            shown.append(f"{n.given} {n.family_full()}".strip())
    if len(shown) < 2:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


# -- dates --------------------------------------------------------------------------------
def _point(source: Record) -> Point | None:
    """The date a citation gives: the start of an interval, else its known end."""
    date = source.get("date")
    if not date:
        return None
    try:
        edtf = parse_edtf(date)
    except EdtfError:
        return None
    return edtf.start or edtf.end


def year_text(source: Record) -> str:
    """The year as the text style prints it: "2024", "c. 2007", "1990s", or "n.d." for none."""
    point = _point(source)
    if point is None:
        return "n.d."
    if point.unspecified:
        return point.show().rstrip("?")
    return f"c. {point.year}" if point.approximate else str(point.year)


def short_cite(source: Record) -> str:
    """'Syed 2024', 'Ahmad et al. n.d.'; with no author, the title's first words."""
    names = _names(source)
    if names:
        fam = [n.literal or n.family_full() for n in names]
        who = fam[0] if len(fam) == 1 else f"{fam[0]} and {fam[1]}" if len(fam) == 2 else f"{fam[0]} et al."
    else:
        words = _field(source, "title").split()
        who = " ".join(words[:_SHORT_TITLE_WORDS]) + ("…" if len(words) > _SHORT_TITLE_WORDS else "")
        who = f"[{who}]" if source.get("supplied_title") else who
    return f"{who} {year_text(source)}"


# -- text and Markdown --------------------------------------------------------------------
def _end(text: str) -> str:
    """`text` closed with a full stop unless it already ends a sentence."""
    bare = text.rstrip("”’\"'*)]»")
    return text if bare.endswith((".", "?", "!", "…")) else text + "."


def _md(text: str) -> str:
    return _MD_RE.sub(r"\\\1", text)


def text_citation(source: Record, markdown: bool = False) -> str:
    """A reference-list entry: 'Author (year). “Title”. Outlet. URL.', title first when
    there is no author (Harvard's rule); a supplied title stands in square brackets."""
    esc = _md if markdown else (lambda s: s)
    title = esc(_field(source, "title"))
    if source.get("supplied_title"):
        title = f"\\[{title}\\]" if markdown else f"[{title}]"
    elif markdown and source.get("type") in ("article", "report"):
        title = f"*{title}*"
    else:
        title = f"\u201c{title}\u201d"
    who = esc(author_text(source))
    year = year_text(source)
    parts = [f"{who} ({year}).", _end(title)] if who else [f"{title} ({year})."]
    if _field(source, "outlet"):
        parts.append(_end(esc(_field(source, "outlet"))))
    url = _url(source)
    if url:
        parts.append(f"<{url}>" if markdown else url)
    return " ".join(parts)


def _locator_lines(record: Record, cite: Record, source: Record, markdown: bool, notes: bool) -> list[str]:
    quote, where = clean(cite["quote"]), clean(cite.get("locator") or "")
    ref = f"({short_cite(source)}{', ' + where if where else ''})"
    head = f"- `{record['id']}`: \u201c{_md(quote)}\u201d {_md(ref)}" if markdown else \
        f"  {record['id']}: \u201c{quote}\u201d {ref}"
    lines = [head]
    for key in ("disputed", "inferred") if notes else ():
        if record.get(key):
            note = clean(record[key])
            lines.append(f"  - *{key}*: {_md(note)}" if markdown else f"    {key}: {note}")
    return lines


# -- BibTeX -------------------------------------------------------------------------------
def latex_escape(text: str) -> str:
    """`text` cleaned and safe inside a BibTeX field: LaTeX's specials as commands."""
    return _LATEX_RE.sub(lambda m: _LATEX[m.group()], clean(text))


def _url(source: Record) -> str:
    """The url with spaces, braces and backslashes percent-encoded (RFC 3986), so that it
    stays one token in every format and balanced inside a BibTeX field."""
    url = _field(source, "url")
    return "".join(f"%{ord(c):02X}" if c in " {}\\\"<>" else c for c in url)


def _bib_name(name: Name) -> str:
    def part(text: str) -> str:
        # " and " separates names in BibTeX, a comma separates name parts: hide both.
        return re.sub(r"\b(and)\b|,", lambda m: "{" + m.group() + "}", latex_escape(text), flags=re.I)

    if name.literal:
        return "{" + part(name.literal) + "}"
    family = part(name.family_full())
    return f"{family}, {part(name.given)}" if name.given else family


def _bib_type(source: Record, point: Point | None) -> tuple[str, str]:
    """The entry type and the standard note saying what a fuller type would need."""
    has_year = point is not None and not point.unspecified
    if source.get("type") == "article":
        if _field(source, "outlet") and has_year:
            return "article", ""
        return "misc", "Journal not known" if not _field(source, "outlet") else ""
    if source.get("type") == "report" and _field(source, "outlet") and has_year and source.get("authors"):
        return "techreport", ""
    return "misc", ""


def bibtex_entry(source: Record) -> str:
    """One BibTeX entry: @article or @techreport when their required fields are known
    (btxdoc's list), else @misc; month as a macro (`jun`), the EDTF date in `date` when
    biblatex reads it, no `year` when the year is not known."""
    point = _point(source)
    kind, note = _bib_type(source, point)
    fields: list[tuple[str, str]] = []
    if _names(source):
        fields.append(("author", "{" + " and ".join(_bib_name(n) for n in _names(source)) + "}"))
    # Double braces keep the title's capitals from BibTeX styles that lower-case titles.
    fields.append(("title", "{{" + latex_escape(_title(source)) + "}}"))
    if _field(source, "outlet"):
        outlet = {"article": "journal", "techreport": "institution"}.get(kind, "howpublished")
        fields.append((outlet, "{" + latex_escape(_field(source, "outlet")) + "}"))
    if point is not None and not point.unspecified:
        fields.append(("year", "{" + str(point.year) + "}"))
        if point.month is not None:
            fields.append(("month", _BIB_MONTHS[point.month - 1]))
        if re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}(/[0-9]{4}(-[0-9]{2}){0,2})?", source["date"]) \
                and point.season is None:
            fields.append(("date", "{" + source["date"] + "}"))
    if _url(source):
        fields.append(("url", "{" + _url(source) + "}"))
    if note:
        fields.append(("note", "{" + note + "}"))
    body = ",\n".join(f"  {k} = {v}" for k, v in fields)
    return f"@{kind}{{{source['id']},\n{body}\n}}"


# -- CSL-JSON -----------------------------------------------------------------------------
def _csl_date(source: Record) -> dict[str, Any] | None:
    date = source.get("date")
    if not date:
        return None
    try:
        edtf = parse_edtf(date)
    except EdtfError:
        return None
    points = [p for p in (edtf.start, edtf.end) if p is not None]
    if not points or any(p.unspecified for p in points) or (edtf.interval and len(points) < 2):
        # Unspecified digits and open intervals have no date-parts: CSL-JSON's literal.
        return {"literal": edtf.show()}
    parts = [[p.year, *([p.month] if p.month else []), *([p.day] if p.day else [])]
             for p in (points if edtf.interval else points[:1])]
    out: dict[str, Any] = {"date-parts": parts}
    if points[0].season:
        out["season"] = _CSL_SEASONS[points[0].season]
    if any(p.approximate or p.uncertain for p in points):
        out["circa"] = True
    return out


def csl_item(source: Record) -> dict[str, Any]:
    """One CSL-JSON item (CSL 1.0.2 schema): the type from what is known, no `note`, no
    `issued` when the date is unknown."""
    kind = _CSL_TYPES.get(source.get("type", ""), "document")
    if kind == "article-newspaper" and not _field(source, "outlet"):
        # A newspaper item names its paper where the author is missing: with neither,
        # styles print nothing there, so the item becomes a plain document or web page.
        kind = "webpage" if _url(source) else "document"
    item: dict[str, Any] = {"id": source["id"], "type": kind, "title": _title(source)}
    names = _names(source)
    if names:
        item["author"] = [{"literal": n.literal} if n.literal else
                          {"family": n.family, "given": n.given,
                           **({"non-dropping-particle": n.particle} if n.particle else {})}
                          for n in names]
    if _field(source, "outlet"):
        item["publisher" if source.get("type") == "report" else "container-title"] = _field(source, "outlet")
    issued = _csl_date(source)
    if issued:
        item["issued"] = issued
    if _url(source):
        item["URL"] = _url(source)
    return item


# -- the whole answer ---------------------------------------------------------------------
def cited_sources(items: list[Record], sources: dict[str, Record]) -> list[tuple[Record, list[tuple[Record, Record]]]]:
    """Each source the items cite, once, in order of first mention, with the (record,
    citation) pairs that cite it; a source among `items` stands for itself."""
    out: dict[str, tuple[Record, list[tuple[Record, Record]]]] = {}
    for item in items:
        if item.get("kind") == "source":
            out.setdefault(item["id"], (item, []))
            continue
        for cite in item.get("citations", []):
            source = sources[cite["source"]]
            entry = out.setdefault(source["id"], (source, []))
            entry[1].append((item, cite))
    return list(out.values())


def citation_text(items: list[Record], sources: dict[str, Record], style: str) -> str:
    """The citations of `items` (records or sources) in `style`, one of STYLES.

    BibTeX and CSL-JSON hold each source once; text and Markdown give each source's
    reference with the quote and locator of every record that cites it beneath it.
    """
    cited = cited_sources(items, sources)
    if style == "csl-json":
        import json

        return json.dumps([csl_item(s) for s, _ in cited], ensure_ascii=False, indent=2)
    if style == "bibtex":
        return "\n\n".join(bibtex_entry(s) for s, _ in cited)
    markdown = style == "markdown"
    blocks = []
    for source, uses in cited:
        lines = [text_citation(source, markdown)]
        if markdown and uses:
            lines.append("")
        shown: set[str] = set()
        for record, cite in uses:  # a record's standing once under each source, not per quote
            lines.extend(_locator_lines(record, cite, source, markdown, record["id"] not in shown))
            shown.add(record["id"])
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
