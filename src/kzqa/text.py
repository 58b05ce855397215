"""Folding text for matching (case, diacritics, dashes), and the stop words.

Used by search, the query filters and the checker, so that "Türkiye", "Turkiye" and
"TURKIYE" meet, and "Nur-Sultan" equals "Nur Sultan". Word forms are met by the index's
own Porter stemmer (kzqa.store.TOKENIZER), not here.
"""

from __future__ import annotations

import re
from functools import lru_cache

_NON_WORD_RE = re.compile(r"[^\w]+")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")  # where combining accents can be
# Letters that NFKD does not split into base + accent.
_EXTRA = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                        "ʼ": "", "'": "", "’": ""})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation as single spaces: 'Türkiye's' -> 'turkiyes'."""
    # Imported here: a listing that folds nothing (most queries) does not load the module.
    import unicodedata

    text = text.casefold().translate(_EXTRA)
    if not text.isascii():  # ASCII has no accents to split off: most words and sentences
        text = _NON_ASCII_RE.sub(lambda run: "".join(ch for ch in run[0] if not unicodedata.combining(ch)),
                                 unicodedata.normalize("NFKD", text))
    return _NON_WORD_RE.sub(" ", text).strip()


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The Snowball English stop words, folded (data/stopwords-en.txt)."""
    return _word_list("stopwords-en.txt")


@lru_cache(maxsize=1)
def question_words() -> frozenset[str]:
    """Words that frame a question or its attribution, folded (data/question-words-en.txt):
    search counts them as it counts stop words."""
    return _word_list("question-words-en.txt")


@lru_cache(maxsize=1)
def search_forms() -> dict[str, tuple[str, ...]]:
    """Each folded word of data/search-forms-en.txt -> every word it matches (itself first):
    the derivations of one root that the Porter stemmer leaves apart ("a b > c d" lines
    give a and b the words c and d one way only)."""
    from pathlib import Path

    text = (Path(__file__).parent / "data" / "search-forms-en.txt").read_text(encoding="utf-8")
    out: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        left, _, right = line.partition(">")
        group = [fold(w) for w in left.split()]
        also = [fold(w) for w in right.split()]  # "a b > c d": a and b match c and d too
        for word in group:
            out[word] = (word, *(w for w in [*group, *also] if w != word))
    return out


def _word_list(name: str) -> frozenset[str]:
    """The words of a list in kzqa/data ('#' starts a comment line), folded."""
    from pathlib import Path

    text = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return frozenset(fold(word) for line in lines for word in line.split())
