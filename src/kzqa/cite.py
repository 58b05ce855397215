"""Citations of sources in the forms writers paste: text, Markdown, BibTeX and CSL-JSON."""

from __future__ import annotations

import json
import re
from typing import Any

from kzqa.dates import parse_edtf
from kzqa.store import Record

STYLES = ("text", "markdown", "bibtex", "csl-json")
_CSL_TYPES = {"news": "article-newspaper", "analysis": "article-newspaper", "article": "article-journal",
              "interview": "interview", "op-ed": "article-newspaper", "report": "report",
              "reference": "entry-encyclopedia"}
_BIB_TYPES = {"article": "article", "report": "techreport"}


def _names(authors: list[str]) -> list[tuple[str, str]]:
    """(family, given) for personal names; organisations ("AFP") stay whole."""
    out = []
    for name in authors:
        parts = name.split()
        out.append((parts[-1], " ".join(parts[:-1])) if len(parts) > 1 else (name, ""))
    return out


def _date_parts(date: str | None) -> list[int] | None:
    if not date:
        return None
    point = parse_edtf(date).start
    if point is None:
        return None
    return [p for p in (point.year, point.month, point.day) if p is not None]


def _year(source: Record) -> str:
    parts = _date_parts(source.get("date"))
    return str(parts[0]) if parts else "n.d."


def author_text(source: Record) -> str:
    names = _names(source.get("authors", []))
    if not names:
        return ""
    shown = [f"{fam}, {giv}".strip(", ") if i == 0 else f"{giv} {fam}".strip() for i, (fam, giv) in enumerate(names)]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def short_cite(source: Record) -> str:
    """'Syed 2024' style, falling back to the outlet or the title."""
    names = _names(source.get("authors", []))
    who = names[0][0] + (" et al." if len(names) > 2 else f" and {names[1][0]}" if len(names) == 2 else "") \
        if names else (source.get("outlet") or source["id"])
    return f"{who} {_year(source)}"


def text_citation(source: Record, markdown: bool = False) -> str:
    """Author (year). "Title". Outlet. URL. — Chicago author-date, roughly."""
    italic = markdown and source["type"] in ("article", "report")
    title = f"*{source['title']}*" if italic else f"\u201c{source['title']}\u201d"
    who = author_text(source) or source.get("outlet") or ""
    parts = [who, f"({_year(source)})." if who else f"{_year(source)}.", f"{title}."]
    if source.get("outlet") and author_text(source):
        parts.append(f"{source['outlet']}.")
    if source.get("url"):
        parts.append(f"<{source['url']}>" if markdown else source["url"])
    return " ".join(p for p in parts if p).strip()


def _bib_escape(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", text)


def bibtex_entry(source: Record) -> str:
    kind = _BIB_TYPES.get(source["type"], "misc")
    fields: list[tuple[str, str]] = [("title", "{" + _bib_escape(source["title"]) + "}")]
    if source.get("authors"):
        fields.append(("author", " and ".join(
            f"{{{_bib_escape(fam)}}}" if not giv else f"{_bib_escape(fam)}, {_bib_escape(giv)}"
            for fam, giv in _names(source["authors"]))))
    if source.get("outlet"):
        fields.append(("journal" if kind == "article" else "howpublished", _bib_escape(source["outlet"])))
    parts = _date_parts(source.get("date"))
    if parts:
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", str(parts[1])))
        fields.append(("date", source["date"]))
    if source.get("url"):
        fields.append(("url", source["url"]))
    if source.get("note"):
        fields.append(("note", _bib_escape(source["note"])))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@{kind}{{{source['id']},\n{body}\n}}"


def csl_item(source: Record) -> dict[str, Any]:
    item: dict[str, Any] = {"id": source["id"], "type": _CSL_TYPES.get(source["type"], "document"),
                            "title": source["title"]}
    if source.get("authors"):
        item["author"] = [{"family": fam, "given": giv} if giv else {"literal": fam}
                          for fam, giv in _names(source["authors"])]
    if source.get("outlet"):
        item["container-title"] = source["outlet"]
    parts = _date_parts(source.get("date"))
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if source.get("url"):
        item["URL"] = source["url"]
    if source.get("note"):
        item["note"] = source["note"]
    return item


def citation_text(record: Record, sources: dict[str, Record], style: str) -> str:
    """The citation of a record's sources (or of a source itself) in `style`."""
    cited: list[tuple[Record, Any]] = [(record, None)] if record["kind"] == "source" else \
        [(sources[c["source"]], c) for c in record["citations"]]
    if style == "csl-json":
        items = {s["id"]: csl_item(s) for s, _ in cited}
        return json.dumps(list(items.values()), ensure_ascii=False, indent=2)
    if style == "bibtex":
        entries = {s["id"]: bibtex_entry(s) for s, _ in cited}
        return "\n\n".join(entries.values())
    markdown = style == "markdown"
    lines = []
    for source, cite in cited:
        ref = text_citation(source, markdown)
        if cite is None:
            lines.append(ref)
            continue
        quote = cite["quote"]
        where = f", {cite['locator']}" if cite.get("locator") else ""
        if markdown:
            lines.append(f"> {quote}\n\n— {short_cite(source)}{where}. {ref}")
        else:
            lines.append(f"\u201c{quote}\u201d ({short_cite(source)}{where}). {ref}")
    for key in ("disputed", "inferred"):
        if record.get(key):
            lines.append(f"{'**' if markdown else ''}Note{'**' if markdown else ''}: kzqa marks this record "
                         f"{key}: {record[key]}")
    return "\n\n".join(lines)
