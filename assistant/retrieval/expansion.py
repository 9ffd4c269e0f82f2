"""Query expansion from an editable vocabulary of the words staff use for what policies say."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import ConfigurationError

# Words in a phrase may be written with spaces or hyphens ("ex-pupil", "ex pupil"); a final plural is optional.
_GAP = r"[\s\-]+"
_PLURAL = r"(?:e?s)?"
# Possessives are dropped before matching so "pupil's report" matches the phrase "pupil report".
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b|(?<=s)['’](?!\w)")


@dataclass(frozen=True, slots=True)
class VocabularyEntry:
    """Phrases staff type, and the policy wording appended to a query that contains any of them."""

    phrases: tuple[str, ...]
    expansion: str
    case_sensitive: bool = False


def _phrase_pattern(phrase: str) -> str:
    words = [re.escape(word) for word in re.split(r"[\s\-]+", phrase.strip()) if word]
    if not words:
        raise ConfigurationError(f"vocabulary phrase is empty: {phrase!r}")
    return _GAP.join(words) + _PLURAL


def _compile(entry: VocabularyEntry) -> re.Pattern[str]:
    # Longest phrase first so "my own phone" wins over "phone" inside one alternation.
    alternatives = sorted((_phrase_pattern(phrase) for phrase in entry.phrases), key=len, reverse=True)
    flags = 0 if entry.case_sensitive else re.IGNORECASE
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])", flags)


class Vocabulary:
    """An ordered set of expansion entries; ``expand`` is pure and deterministic."""

    def __init__(self, entries: Iterable[VocabularyEntry] = ()) -> None:
        self._entries = tuple(entries)
        self._patterns = tuple(_compile(entry) for entry in self._entries)

    @property
    def entries(self) -> tuple[VocabularyEntry, ...]:
        """Return the entries in file order."""
        return self._entries

    def __len__(self) -> int:
        return len(self._entries)

    @classmethod
    def empty(cls) -> Vocabulary:
        """Return a vocabulary that expands nothing."""
        return cls(())

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Vocabulary:
        """Build from the parsed YAML document ({"entries": [{"match": [...], "add": "..."}]})."""
        raw_entries = data.get("entries")
        if not isinstance(raw_entries, list):
            raise ConfigurationError("vocabulary: top-level 'entries' must be a list")
        return cls(_entry(raw, position) for position, raw in enumerate(raw_entries, start=1))

    @classmethod
    def load(cls, path: Path | str) -> Vocabulary:
        """Read a vocabulary YAML file; raise ConfigurationError when missing or malformed."""
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigurationError(f"vocabulary file not found: {path}") from exc
        except yaml.YAMLError as exc:
            raise ConfigurationError(f"vocabulary file is not valid YAML: {path}: {exc}") from exc
        if not isinstance(data, Mapping):
            raise ConfigurationError(f"vocabulary file must hold a mapping: {path}")
        return cls.from_mapping(data)

    def matches(self, query: str) -> list[VocabularyEntry]:
        """Return the entries whose phrases occur in the query, in file order."""
        text = _POSSESSIVE.sub("", query)
        return [entry for entry, pattern in zip(self._entries, self._patterns, strict=True) if pattern.search(text)]

    def additions(self, query: str) -> str:
        """Return the policy wording the matched entries add to the query (each once; empty when none match)."""
        return " ".join(_unique(entry.expansion for entry in self.matches(query)))

    def expand(self, query: str) -> str:
        """Return the query followed by the expansions of every matched entry (each added once)."""
        additions = self.additions(query)
        return f"{query} {additions}" if additions else query


def _entry(raw: Any, position: int) -> VocabularyEntry:
    if not isinstance(raw, Mapping):
        raise ConfigurationError(f"vocabulary entry {position} must be a mapping")
    phrases = raw.get("match")
    expansion = raw.get("add")
    if isinstance(phrases, str):
        phrases = [phrases]
    if not isinstance(phrases, Sequence) or not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
        raise ConfigurationError(f"vocabulary entry {position}: 'match' must be a non-empty list of phrases")
    if not isinstance(expansion, str) or not expansion.strip():
        raise ConfigurationError(f"vocabulary entry {position}: 'add' must be a non-empty string")
    case_sensitive = bool(raw.get("case_sensitive", False))
    return VocabularyEntry(tuple(p.strip() for p in phrases), " ".join(expansion.split()), case_sensitive)


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    ordered = []
    for item in items:
        if item.lower() not in seen:
            seen.add(item.lower())
            ordered.append(item)
    return ordered
