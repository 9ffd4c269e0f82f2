"""Tokenising for lexical search: lower-case words, English stopwords, a light suffix stemmer (pure)."""

from __future__ import annotations

import re

# bm25s ships stopword lists but no stemmer (PyStemmer is optional and not installed), hence the stemmer below.
from bm25s.stopwords import STOPWORDS_EN

STOPWORDS = frozenset(STOPWORDS_EN) | frozenset(
    {"i", "me", "my", "we", "our", "you", "your", "can", "do", "does", "am", "any", "what", "which", "who", "would",
     "should", "could", "may", "might", "ok", "okay", "allowed", "about", "from", "so", "s", "has", "have", "had"}
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")
_EMAIL = re.compile(r"\be[\s\-]?mail", re.IGNORECASE)
_VOWEL = re.compile(r"[aeiouy]")
_KEEP_DOUBLE = frozenset("lsz")


def stem(word: str) -> str:
    """Strip common English inflections so "posting", "posted" and "posts" meet at "post"."""
    if len(word) <= 2 or word.isdigit():
        return word
    word = _strip_plural(word)
    word = _strip_verb_suffix(word)
    if word.endswith("e") and len(word) >= 3:
        word = word[:-1]  # "phone"/"phones" and "profile"/"profiled" meet without an e-restoring step
    return word


def _strip_plural(word: str) -> str:
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ss", "us", "is", "'s")):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


def _strip_verb_suffix(word: str) -> str:
    if word.endswith("ied") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ing", "ed"):
        if word.endswith(suffix):
            base = word[: -len(suffix)]
            if len(base) >= 2 and _VOWEL.search(base[:-1]):
                if len(base) >= 4 and base[-1] == base[-2] and base[-1] not in _KEEP_DOUBLE and base[-1] not in "aeiou":
                    base = base[:-1]  # "dropped" -> "drop"
                return base
    return word


def tokenize(text: str) -> list[str]:
    """Return stemmed, stopword-free tokens ("E-mails" -> "email")."""
    text = _EMAIL.sub("email", text.lower())
    return [stem(word) for word in _WORD.findall(text) if len(word) > 1 and word not in STOPWORDS]
