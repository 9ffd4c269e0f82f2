"""First names from the US Census 1990 frequency list shipped in the `names` package (MIT).

The lists let the guard read a lower-case word as a name ("olivia brown from 4b") where capitals are no evidence.
A list alone is never enough (many first names are English words: "will", "mark", "may"); callers pair it with
a structural context such as a class code or a possessive before a pupil record.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from assistant.guard.normalise import word_set

# Function words that the census lists also hold as names; never a name without a capital.
_FUNCTION_WORDS = word_set(
    """
    a an the and or but if so to of in on at by for from with as is are was were be can could will would may might
    must shall should do does did has have had not no yes i me my we us our you your he him his she her they them
    their it its this that these those who what when where why how which all any some each every mine ours else
    other
    """
)


@cache
def first_names() -> frozenset[str]:
    """Return the lower-cased census first names (male and female), minus function words."""
    return _read("dist.male.first") | _read("dist.female.first")


def is_first_name(word: str) -> bool:
    """Return True when a word (any case) is a census first name and not a function word."""
    return word.lower().strip("'’") in first_names()


def _read(resource: str) -> frozenset[str]:
    text = resources.files("names").joinpath(resource).read_text(encoding="utf-8")
    words = (line.split(maxsplit=1)[0].lower() for line in text.splitlines() if line.strip())
    return frozenset(w for w in words if w not in _FUNCTION_WORDS)
