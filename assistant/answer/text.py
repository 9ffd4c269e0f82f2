"""Small text helpers shared by the answer modules: sentences, content terms, overlap."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# A sentence ends at . ! ? (or a ; before a bullet-like continuation) followed by space and more text.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[A-Za-z0-9])")


def _wordset(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of a literal as a set (keeps long word lists readable)."""
    return frozenset(text.split())


STOPWORDS = _wordset(
    """a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing down during each either else etc even ever every few for from further had
    has have having he her here hers him his how i if in into is it its itself just let lets like me more most my
    myself no nor not of off on once only or other our ours out over own same she should so some such than that the
    their theirs them then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself ok okay yes please thanks thank wondering
    allowed permitted able must may might shall need needs required say says said tell know want get got
    im ive id dont cant isnt arent put bit stuff really actually just tho though anything something lot lots"""
)
# Words that appear in almost every policy, so they say nothing about whether a clause answers a question.
GENERIC_TERMS = _wordset(
    """policy policies school staff employee employees teacher teachers member members work working use using used
    rule rules trust academy company allow allowed permit okay fine thing things someone anyone person people
    happen happens mean means"""
)
# Folds common question wording onto the policies' wording (after stemming).
SYNONYMS = {
    "befriend": "friend",
    "friending": "friend",
    "former": "ex",
    "expupil": "ex",
    "student": "pupil",
    "child": "pupil",
    "children": "pupil",
    "kid": "pupil",
    "kids": "pupil",
    "photo": "photograph",
    "picture": "photograph",
    "image": "photograph",
    "pic": "photograph",
    "mail": "email",
    "laptop": "computer",
    "pc": "computer",
    "chatgpt": "ai",
    "chatbot": "ai",
    "gemini": "ai",
    "copilot": "ai",
    "bard": "ai",
    "usb": "usb",
    "stick": "device",
    "download": "download",
    "install": "install",
    "message": "message",
    "messaging": "message",
    "dm": "message",
    "text": "message",
    "headteacher": "head",
    "principal": "head",
    "boss": "manager",
    "fb": "facebook",
    "twitter": "twitter",
    "tweet": "twitter",
    "personal": "personal",
    "private": "personal",
}


def stem(word: str) -> str:
    """Strip common English suffixes so "messages", "messaging" and "message" meet."""
    word = word.replace("’", "'").split("'")[0]
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: len(word) - len(suffix)] + repl
            break
    return SYNONYMS.get(word, word)


def words(text: str) -> list[str]:
    """Return the lower-cased word tokens of a text."""
    return _WORD.findall(text.lower().replace("e-mail", "email").replace("ex-pupil", "ex pupil"))


def content_terms(text: str, *, drop_generic: bool = False) -> frozenset[str]:
    """Return the stemmed content words of a text (no stopwords; optionally no policy-generic words)."""
    return _content_terms(text, drop_generic)


# Pure and called on the same clause texts for every question, so memoised (bounded).
@lru_cache(maxsize=16_384)
def _content_terms(text: str, drop_generic: bool) -> frozenset[str]:
    terms = set()
    for word in words(text):
        if word in STOPWORDS or len(word) < 2 or word.isdigit():
            continue
        term = stem(word)
        if drop_generic and (term in GENERIC_TERMS or word in GENERIC_TERMS):
            continue
        terms.add(term)
    return frozenset(terms)


def overlap(question_terms: Iterable[str], text: str) -> float:
    """Return the share of question terms that occur in a text (0 when the question has none)."""
    wanted = set(question_terms)
    if not wanted:
        return 0.0
    return len(wanted & content_terms(text)) / len(wanted)


# A resolved follow-up carries the earlier turn's topic as a trailing "(...)"; its own words matter more.
_CARRIED = re.compile(r"\s*\(([^()]*)\)\s*$")


def with_carried(question: str, carried: Sequence[str]) -> str:
    """Append an earlier turn's topic words to a follow-up question, as a trailing "(...)"."""
    return f"{question.strip()} ({' '.join(carried)})"


def without_carried(question: str) -> str:
    """Return a resolved follow-up without the topic words it carried (unchanged if it carried none)."""
    return _CARRIED.sub("", question)


@dataclass(frozen=True, slots=True)
class TermWeights:
    """How distinctive each term is in a set of clauses (inverse document frequency)."""

    idf: Mapping[str, float]
    unseen: float

    def of(self, term: str) -> float:
        """Return a term's weight; a term no clause uses weighs most."""
        return self.idf.get(term, self.unseen)


def term_weights(texts: Sequence[str]) -> TermWeights:
    """Return the inverse document frequency of every content term over texts (one text per clause)."""
    return _term_weights(tuple(texts))


@lru_cache(maxsize=32)
def _term_weights(texts: tuple[str, ...]) -> TermWeights:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(content_terms(text))
    n = len(texts)
    return TermWeights({term: math.log(1 + n / df) for term, df in counts.items()}, math.log(1 + n))


def weighted_overlap(question_terms: Iterable[str], text: str, weights: TermWeights | None) -> float:
    """Return the (weighted) share of question terms that occur in a text."""
    wanted = set(question_terms)
    if weights is None or not wanted:
        return overlap(wanted, text)
    found = wanted & content_terms(text)
    return sum(weights.of(t) for t in found) / sum(weights.of(t) for t in wanted)


@dataclass(frozen=True, slots=True)
class QuestionTerms:
    """A question's distinctive terms, the subset the latest turn itself used (all of them if not a follow-up),
    and the policy wording the vocabulary adds for the staff's words ("etsy" -> "commercial business")."""

    all: frozenset[str]
    own: frozenset[str]
    weights: TermWeights | None = None
    expanded: frozenset[str] = frozenset()

    def match(self, text: str) -> float:
        """Return the overlap with a text, the latest turn's own words counting as much as all words together.

        With expansion terms, the better of the plain and the expanded overlap counts: the vocabulary may name
        the policy's word for the thing asked about, but must not dilute a text that matches the question itself.
        In a follow-up the expansion joins all words only, as it may come from the carried topic.
        """
        plain = self._overlap(text, self.all, self.own)
        if not self.expanded:
            return plain
        own = self.own | self.expanded if self.own == self.all else self.own
        return max(plain, self._overlap(text, self.all | self.expanded, own))

    def _overlap(self, text: str, every: frozenset[str], own: frozenset[str]) -> float:
        if self.own == self.all:
            return weighted_overlap(every, text, self.weights)
        return (weighted_overlap(every, text, self.weights) + weighted_overlap(own, text, self.weights)) / 2


def question_terms(question: str, *, weights: TermWeights | None = None, expansion: str = "") -> QuestionTerms:
    """Return a (possibly resolved follow-up) question's distinctive terms, optionally weighted and expanded."""
    everything = content_terms(question, drop_generic=True) or content_terms(question)
    own_text = without_carried(question)
    own = content_terms(own_text, drop_generic=True) if own_text != question else everything
    expanded = content_terms(expansion, drop_generic=True) - everything if expansion else frozenset()
    return QuestionTerms(everything, own or everything, weights, expanded)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of a text, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def sentences(text: str) -> list[str]:
    """Return the sentences of a text."""
    return [text[s:e] for s, e in sentence_spans(text)]


def normalise_ws(text: str) -> str:
    """Collapse runs of whitespace and unify typographic quotes, for verbatim comparisons."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())
