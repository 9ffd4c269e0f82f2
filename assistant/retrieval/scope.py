"""Which policy a question names: "under the 2025 e-comms policy ...", "the trust's social media policy".

A mention selects a document when it fits that document's aliases and no other's, and reads as a reference to
a policy: a document word ("policy", "advice", "rules") stands next to it, or it is a multi-word organisation
name or a configured alias. Words most policies use ("staff", "email") never select one; a mention that fits
several policies ("the e-comms policy") selects none of them. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assistant.retrieval.aliases import (
    ORG_TYPE_WORDS,
    REFERENCE_NOUNS,
    Alias,
    configured_aliases,
    derive_aliases,
    tokens,
)
from ingest.clause import DocumentMeta

# A document word this many tokens after a mention ("the trust's social media policy"), or before it
# ("policy 2.14"), makes the mention a reference to a policy.
ANCHOR_AFTER = 4
ANCHOR_BEFORE = 1
# "the agency one", "the recruitment agency one": "one" right after a mention with a determiner up to two words
# before it stands for the policy.
PRONOUN = "one"
DETERMINERS = frozenset({"the", "that", "this"})
# Words a title's run may hold between its own words ("computer, internet and email").
CONNECTORS = frozenset({"and", "of", "the", "on"})
# A single word used in more than this share of the documents' text is a common word, not a name.
COMMON_SHARE = 0.5
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the text that fits some documents' aliases (character offsets)."""

    start: int
    end: int
    documents: tuple[str, ...]
    anchored: bool


@dataclass(frozen=True, slots=True)
class Detection:
    """The documents a text names (empty = none, or ambiguous) and the mentions that name them."""

    documents: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    from_history: bool = False


def _word_matches(said: str, alias: str, *, in_phrase: bool, known: frozenset[str]) -> bool:
    """Return True when a typed word fits an alias word: equal, plural, or an abbreviation ("comms").

    A word the policies themselves use ("part") is never read as an abbreviation ("partnership").
    """
    if said == alias or (len(said) > 2 and said.rstrip("s") == alias.rstrip("s")):
        return True
    if len(said) == 1:
        # "e-comms" stands for "electronic communications"; a lone letter only counts inside a phrase.
        return in_phrase and alias.startswith(said) and not alias.isdigit()
    stem = said[:-1] if said.endswith("s") else said
    if said in known or len(stem) < 4 or not stem.isalpha():
        return False
    return len(alias) > len(stem) + 1 and alias.startswith(stem)


def _fits(words: Sequence[str], at: int, alias: Alias, known: frozenset[str]) -> bool:
    size = len(alias.words)
    if at + size > len(words):
        return False
    span = words[at : at + size]
    if size > 1 and all(len(word) == 1 for word in span):
        return False
    return all(
        _word_matches(said, want, in_phrase=size > 1, known=known) for said, want in zip(span, alias.words, strict=True)
    )


def _usable(alias: Alias, vocabulary: WordCounts) -> bool:
    """Drop aliases that cannot name a policy: bare document words, and words most policies use."""
    if alias.kind == "configured":
        return True
    if len(alias.words) > 1:
        # "staff advice" names a document; "school social media" is everyday words that happen to be in a title.
        return not all(word in vocabulary.common for word in alias.words) or bool(REFERENCE_NOUNS & set(alias.words))
    word = alias.words[0]
    if word in REFERENCE_NOUNS or word in vocabulary.common or len(word) < 2:
        return False
    # One word of an organisation's or file's name ("together") is a name only when no other policy uses it.
    own = alias.kind in ("title", "year", "front_matter") or word in ORG_TYPE_WORDS
    return own or vocabulary.only_in(word, alias.document_id)


@dataclass(frozen=True, slots=True)
class WordCounts:
    """Which documents' text each word occurs in."""

    where: Mapping[str, frozenset[str]]
    documents: int

    @classmethod
    def of(cls, texts: Mapping[str, str]) -> WordCounts:
        """Count the words of each document's text (document id -> text)."""
        where: dict[str, set[str]] = {}
        for document_id, text in texts.items():
            for word in set(_WORD.findall(text.lower())):
                where.setdefault(word, set()).add(document_id)
        return cls({word: frozenset(ids) for word, ids in where.items()}, len(texts))

    @property
    def common(self) -> frozenset[str]:
        """Return the words in the text of more than COMMON_SHARE of the documents (and at least two)."""
        limit = max(1, int(self.documents * COMMON_SHARE))
        return frozenset(word for word, ids in self.where.items() if len(ids) > limit)

    def only_in(self, word: str, document_id: str) -> bool:
        """Return True when no other document's text uses the word."""
        return self.where.get(word, frozenset()) <= {document_id}


class PolicyNames:
    """Detects the policies a question (or its conversation) names."""

    def __init__(self, aliases: Iterable[Alias], *, words: WordCounts | None = None) -> None:
        vocabulary = words or WordCounts({}, 0)
        usable = [alias for alias in aliases if _usable(alias, vocabulary)]
        self._aliases = sorted(usable, key=lambda alias: -len(alias.words))
        # Every way a word can fit keeps its first letter, so only aliases starting with it are tried.
        self._by_initial: dict[str, list[Alias]] = {}
        for alias in self._aliases:
            self._by_initial.setdefault(alias.words[0][0], []).append(alias)
        self._known = frozenset(vocabulary.where)
        # Words of each document's own title: "the 2014 computer, internet and email policy" reaches its document
        # word through them, however many there are.
        self._title_words: dict[str, frozenset[str]] = {}
        for alias in self._aliases:
            if alias.kind == "title":
                before = self._title_words.get(alias.document_id, frozenset())
                self._title_words[alias.document_id] = before | set(alias.words)

    @classmethod
    def build(
        cls,
        documents: Sequence[DocumentMeta],
        *,
        texts: Mapping[str, str] | None = None,
        configured: Mapping[str, Sequence[str]] | None = None,
    ) -> PolicyNames:
        """Derive every document's aliases; ``texts`` (document id -> its text) tells common words from names."""
        derived = [alias for meta in documents for alias in derive_aliases(meta)]
        extra = configured_aliases(configured or {}, known=[meta.document_id for meta in documents])
        return cls(derived + extra, words=WordCounts.of(texts) if texts else None)

    def aliases(self, document_id: str) -> list[Alias]:
        """Return the usable aliases of one document (for display and tests)."""
        return [alias for alias in self._aliases if alias.document_id == document_id]

    def mentions(self, text: str) -> list[Mention]:
        """Return every span that fits some aliases, longest match first, left to right."""
        found = tokens(text)
        words = [word for word, _, _ in found]
        out: list[Mention] = []
        at = 0
        while at < len(words):
            size, documents, named = self._longest(words, at)
            if not size:
                at += 1
                continue
            span = range(at, at + size)
            anchored = named or self._anchored(words, span, documents)
            out.append(Mention(found[at][1], found[at + size - 1][2], documents, anchored))
            at += size
        return out

    def _longest(self, words: Sequence[str], at: int) -> tuple[int, tuple[str, ...], bool]:
        """Return the longest alias length fitting at ``at``, the documents it fits and whether it is a name."""
        size, documents, named = 0, [], False
        for alias in self._by_initial.get(words[at][0], ()):
            if len(alias.words) < size:
                break
            if _fits(words, at, alias, self._known):
                size = len(alias.words)
                if alias.document_id not in documents:
                    documents.append(alias.document_id)
                named = named or alias.named
        return size, tuple(documents), named

    def _anchored(self, words: Sequence[str], span: range, documents: Sequence[str]) -> bool:
        inside = [words[index] for index in span]
        if len(inside) > 1 and any(word in REFERENCE_NOUNS for word in inside):
            return True
        title = frozenset().union(*(self._title_words.get(document, frozenset()) for document in documents))
        stop = span.stop
        while stop < len(words) and words[stop] in title | CONNECTORS and words[stop] not in REFERENCE_NOUNS:
            stop += 1
        determined = any(word in DETERMINERS for word in words[max(0, span.start - 2) : span.start])
        if determined and stop < len(words) and words[stop] == PRONOUN:
            return True
        before = words[max(0, span.start - ANCHOR_BEFORE) : span.start]
        after = words[stop : stop + ANCHOR_AFTER]
        return any(word in REFERENCE_NOUNS for word in (*before, *after))

    def detect(self, text: str) -> Detection:
        """Return the documents the text names: each needs a policy reference that fits it and no other."""
        naming = tuple(m for m in self.mentions(text) if m.anchored and len(m.documents) == 1)
        return Detection(tuple(dict.fromkeys(m.documents[0] for m in naming)), naming)

    def detect_conversation(self, question: str, history: Sequence[str] = ()) -> Detection:
        """Return the policies the question names, else those the latest earlier turn named."""
        found = self.detect(question)
        if found.documents:
            return found
        for turn in reversed(history):
            earlier = self.detect(turn)
            if earlier.documents:
                return Detection(earlier.documents, (), from_history=True)
        return Detection()


def strip_names(text: str, detection: Detection) -> str:
    """Remove the naming words (and the document word right after them) from a question."""
    if not detection.mentions:
        return text
    cuts: list[tuple[int, int]] = []
    for mention in detection.mentions:
        end = mention.end
        following = re.match(r"['’]s\b|\s+(\w+)", text[end:])
        while following and (following.group(1) is None or following.group(1).lower() in REFERENCE_NOUNS):
            end += following.end()
            following = re.match(r"['’]s\b|\s+(\w+)", text[end:])
        cuts.append((mention.start, end))
    out, last = [], 0
    for start, end in sorted(cuts):
        out.append(text[last:start])
        last = max(last, end)
    out.append(text[last:])
    return re.sub(r"\s{2,}", " ", "".join(out)).strip()
