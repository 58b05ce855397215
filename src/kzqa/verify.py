"""Check that every citation's quote occurs verbatim in the text of its source document."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kzqa.errors import Problem
from kzqa.loader import Origin

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = {**dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032"), "'"),
           **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"), '"')}
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")  # Markdown escapes any ASCII punctuation
_SPACE_RE = re.compile(r"\s+")
_ELLIPSIS_RE = re.compile(r"\s*(?:\.\.\.|\u2026)\s*")


def fold(text: str) -> str:
    """Fold what a copy may change without changing the words: spacing, quote marks,
    dashes, Markdown backslash escapes and Unicode composition."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    text = _ESCAPE_RE.sub(r"\1", text).translate(_DASHES).translate(_QUOTES)
    return _SPACE_RE.sub(" ", text).strip()


def quote_found(quote: str, folded_source: str) -> bool:
    """True when the quote's pieces (split at `...`) occur in order in the source."""
    pieces = [p.strip() for p in _ELLIPSIS_RE.split(fold(quote)) if p.strip()]
    pos = 0
    for piece in pieces:
        at = folded_source.find(piece, pos)
        if at < 0:
            return False
        pos = at + len(piece)
    return bool(pieces)  # a quote that is all elision quotes nothing


@dataclass
class QuoteReport:
    verified: int = 0
    unverified: dict[str, int] = field(default_factory=dict)  # source id -> quotes
    problems: list[Problem] = field(default_factory=list)


def source_texts(folder: Path) -> dict[str, str]:
    """Source id (file stem) -> folded text, for every file in the folder."""
    texts: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file():
            try:
                texts[path.stem] = fold(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
    return texts


def verify_quotes(records: list[dict[str, Any]], origins: dict[str, Origin],
                  folder: Path) -> QuoteReport:
    texts = source_texts(folder)
    report = QuoteReport()
    for record in records:
        for n, cite in enumerate(record.get("citations", [])):
            text = texts.get(cite["source"])
            if text is None:
                report.unverified[cite["source"]] = report.unverified.get(cite["source"], 0) + 1
                continue
            if quote_found(cite["quote"], text):
                report.verified += 1
                continue
            origin = origins.get(record["id"])
            report.problems.append(Problem(
                origin.path if origin else "?", origin.text_line(cite["quote"][:40]) if origin else None,
                record["id"], f"citations.{n}.quote",
                f"not found verbatim in {cite['source']}: {cite['quote'][:80]!r}"))
    return report
