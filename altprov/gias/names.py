"""Comparing a provider's name with an establishment's name (R-5.2).

Names are compared by their significant words: lower case, accents and punctuation dropped, and
the words every school-like name shares ("school", "academy", "the", "ltd", ...) left out. So
"St. Mary's Pupil Referral Unit" and "St Marys PRU" share "marys", and "Café Learning Ltd" and
"Cafe Learning" have the same key.
"""

import re
import unicodedata

COMMON_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "at",
        "for",
        "in",
        "of",
        "on",
        "the",
        "school",
        "schools",
        "academy",
        "academies",
        "college",
        "centre",
        "center",
        "unit",
        "ltd",
        "limited",
        "cic",
        "llp",
        "plc",
        "st",
        "saint",
    }
)

_APOSTROPHES = re.compile(r"['’‘`´]")
_NOT_WORD = re.compile(r"[\W_]+")


def words(name: str) -> list[str]:
    """Every word of the name, lower case, without accents or punctuation."""
    text = name.casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text)
    return _NOT_WORD.sub(" ", text).split()


def significant_words(name: str) -> list[str]:
    return [w for w in words(name) if w not in COMMON_WORDS]


def name_key(name: str) -> str:
    """The name's significant words in order: equal keys mean "the same name". A name of only
    common words ("The School") keeps all its words, so it still has a key."""
    significant = significant_words(name)
    return " ".join(significant or words(name))[:255]


def same_establishment(a: str, b: str) -> bool:
    """Two names are taken to be the same establishment if they share a significant word (or, for
    names made only of common words, have the same key)."""
    sig_a, sig_b = set(significant_words(a)), set(significant_words(b))
    if sig_a and sig_b:
        return bool(sig_a & sig_b)
    return name_key(a) == name_key(b)
