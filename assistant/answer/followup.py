"""Follow-up questions: resolve "what if she messages me first?" against the earlier turns."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.text import GENERIC_TERMS, STOPWORDS, with_carried, words

# Openers that continue an earlier question rather than start a new one.
FOLLOWUP_OPENERS = re.compile(
    r"^\s*(?:and|but|also|so|ok(?:ay)?|what about|how about|what if|and if|even if|even though|same for|"
    r"what else|then|in that case|who do i (?:ask|tell|speak to|contact)|who should i (?:ask|tell|contact))\b",
    re.IGNORECASE,
)
# Pronouns and ellipsis that point back at something named earlier.
ANAPHORA = frozenset(
    {"it", "its", "they", "them", "their", "this", "that", "these", "those", "he", "she", "him", "her", "his"}
    | {"hers", "there", "such", "one", "ones", "same", "so", "either", "too"}
)
# Questions this short rarely stand alone.
SHORT_QUESTION_WORDS = 5
# How many salient words of the earlier turn are carried over.
MAX_CARRIED = 8
# How many earlier turns are searched back for the topic.
LOOKBACK = 3


def is_followup(question: str) -> bool:
    """Return True when a question leans on an earlier turn."""
    tokens = words(question)
    if not tokens:
        return False
    if FOLLOWUP_OPENERS.search(question):
        return True
    content = [t for t in tokens if t not in STOPWORDS and t not in ANAPHORA]
    has_anaphora = any(t in ANAPHORA for t in tokens)
    if len(content) <= 1:
        return True
    return has_anaphora and (len(tokens) <= SHORT_QUESTION_WORDS * 2 or len(content) <= 2)


def salient_words(text: str) -> list[str]:
    """Return the content words of a turn, in order, without duplicates or generic filler."""
    seen: list[str] = []
    for word in words(text):
        if word in STOPWORDS or word in ANAPHORA or word in GENERIC_TERMS or len(word) < 3:
            continue
        if word not in seen:
            seen.append(word)
    return seen


def resolve_followup(question: str, history: Sequence[str]) -> str:
    """Return the query to retrieve on: the question, plus the topic of the last relevant turn if it is a follow-up."""
    if not history or not is_followup(question):
        return question
    own = set(salient_words(question))
    carried: list[str] = []
    for turn in reversed(history[-LOOKBACK:]):
        extra = [w for w in salient_words(turn) if w not in own and w not in carried]
        carried.extend(extra)
        # The most recent turn with a topic of its own is enough; earlier ones only fill a bare follow-up.
        if len(carried) >= 3:
            break
    if not carried:
        return question
    return with_carried(question, carried[:MAX_CARRIED])
