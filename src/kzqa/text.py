"""Folding text for matching: case, diacritics, dashes and spelling variants.

Used by search, the query filters and the checker, so that "Türkiye", "Turkiye" and
"TURKIYE" meet, and "Nur-Sultan" equals "Nur Sultan".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD_RE = re.compile(r"[^\w]+")
# Letters that NFKD does not split into base + accent.
_EXTRA = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                        "ʼ": "", "'": "", "’": ""})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation as single spaces: 'Türkiye's' -> 'turkiyes'."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_EXTRA))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD_RE.sub(" ", text).strip()


def stem(word: str) -> str:
    """A light English stemmer, enough to meet plurals: agreements -> agreement."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The folded, stemmed words of a text."""
    return [stem(w) for w in fold(text).split()]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The Snowball English stop words, folded (data/stopwords-en.txt)."""
    from pathlib import Path

    text = (Path(__file__).parent / "data" / "stopwords-en.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return frozenset(fold(word) for line in lines for word in line.split())
