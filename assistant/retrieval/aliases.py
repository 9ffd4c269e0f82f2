"""The names staff call a policy by: derived from its title and front matter, plus configured additions."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import ConfigurationError
from ingest.clause import DocumentMeta

log = logging.getLogger(__name__)

# Words that name a kind of document; a mention next to one of them is a reference to a policy.
REFERENCE_NOUNS = frozenset(
    {"policy", "policies", "advice", "guidance", "guidelines", "guide", "procedure", "handbook", "rules", "document"}
    | {"doc", "docs", "code", "protocol"}
)
# Function words never make a name on their own and split a title into runs ("Social Media and Electronic ...").
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "on",
        "in",
        "for",
        "to",
        "with",
        "by",
        "at",
        "or",
        "from",
        "use",
        "using",
        "our",
        "your",
        "my",
        "its",
        "this",
        "that",
        "is",
        "are",
        "be",
        "as",
        "ltd",
        "limited",
        "plc",
        "inc",
    ]
)
# Organisation words that staff use alone for their employer ("the trust", "the academy").
ORG_TYPE_WORDS = frozenset({"trust", "academy", "school", "college", "council", "partnership", "agency", "company"})
_TOKEN = re.compile(r"\d+(?:\.\d+)+|[a-z0-9]+", re.IGNORECASE)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
# Front-matter keys whose values are names or numbers of the policy itself.
_NAME_KEYS = re.compile(r"\b(policy|document|ref|reference|code|name|title|number|no)\b", re.IGNORECASE)
_DATE_KEYS = re.compile(r"\b(date|review|reviewed|adopted)\b", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"@|\d{5,}|^\W*$")
MAX_PHRASE_WORDS = 4


@dataclass(frozen=True, slots=True)
class Alias:
    """One way of naming a document: its words (lower case) and where they came from."""

    words: tuple[str, ...]
    document_id: str
    kind: str  # "title" | "id" | "organisation" | "year" | "front_matter" | "configured"

    @property
    def named(self) -> bool:
        """Return True when the alias reads as a name without a "policy" next to it (an organisation, a code)."""
        if self.kind == "front_matter" and len(self.words) == 1:
            # A reference code such as "ETCS1" (letters and digits) names one document wherever it stands.
            word = self.words[0]
            return any(c.isdigit() for c in word) and any(c.isalpha() for c in word)
        return len(self.words) > 1 and self.kind in ("organisation", "configured")


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Split text into lower-case word tokens with character offsets (a possessive 's is dropped)."""
    out: list[tuple[str, int, int]] = []
    for match in _TOKEN.finditer(text):
        word = match.group(0).lower()
        if word == "s" and match.start() > 0 and text[match.start() - 1] in "'’":
            continue
        out.append((word, match.start(), match.end()))
    return out


def _runs(text: str) -> list[list[str]]:
    """Split text into runs of content words, broken at function words and punctuation."""
    runs: list[list[str]] = [[]]
    for piece in re.split(r"[,;:&()/|]|\s[-–]\s", text):
        for word, _, _ in tokens(piece.replace("-", " ")):
            if word in STOPWORDS:
                runs.append([])
            else:
                runs[-1].append(word)
        runs.append([])
    return [run for run in runs if run]


def _phrases(text: str, *, whole_heads: bool = False) -> set[tuple[str, ...]]:
    """Return every contiguous phrase (up to MAX_PHRASE_WORDS) of the text's content runs.

    With ``whole_heads``, a phrase with a document word keeps the run's first word: "Electronic Communications
    Policy" gives "electronic communications policy" but not "communications policy", which other titles fit too.
    """
    found: set[tuple[str, ...]] = set()
    for run in _runs(text):
        for start in range(len(run)):
            for end in range(start + 1, min(len(run), start + MAX_PHRASE_WORDS) + 1):
                phrase = tuple(run[start:end])
                if whole_heads and start > 0 and REFERENCE_NOUNS & set(phrase):
                    continue
                found.add(phrase)
    return found


def _front_matter_names(meta: DocumentMeta) -> list[str]:
    """Return front-matter values that name the document ("Policy No. ETCS1", "Policy Name ...")."""
    return [
        value
        for key, value in meta.extra
        if _NAME_KEYS.search(key) and not _DATE_KEYS.search(key) and not _NOT_A_NAME.search(value)
    ]


def _years(meta: DocumentMeta) -> set[str]:
    texts = (meta.policy_date or "", meta.document_id, meta.title)
    return {match.group(0) for text in texts for match in _YEAR.finditer(text)}


def _whole_titles(title: str) -> set[tuple[str, ...]]:
    """Return the title as typed, every word kept, and the shorter ways staff type it.

    Content-word phrases stop at "and" and commas, so "Computer, Internet, Email and Social Media Policy" as a
    whole would otherwise fit no alias; "A Policy (2.13) and B Policy (2.14)" also names "A Policy" and "B Policy".
    Staff leave out a bracketed note ("Staff Code of Conduct (extract: sections 7 to 12)"), articles ("Data
    Protection: A Guide for Staff" typed "data protection guide for staff") and the audience word in front ("code
    of conduct"): each gives a variant, the last only when three words with a document word remain.
    """
    unbracketed = re.sub(r"\s*[(\[][^)\]]*[)\]]", " ", title)
    parts = [title, unbracketed, *re.split(r"\(\d+(?:\.\d+)*\)\s*(?:and\b)?", title)]
    found = {tuple(word for word, _, _ in tokens(part.replace("-", " "))) for part in parts}
    # "&" is no word, so "Email & Social Media Policy" typed for "Email and Social Media Policy" fits without "and".
    found |= {tuple(word for word in words if word != "and") for words in found}
    found |= {tuple(word for word in words if word not in _ARTICLES) for words in found}
    headless = {_drop_head(words) for words in found}
    found |= {words for words in headless if len(words) >= 3 and REFERENCE_NOUNS & set(words)}
    return {words for words in found if len(words) > 1}


_ARTICLES = frozenset({"a", "an", "the"})


def _drop_head(words: tuple[str, ...]) -> tuple[str, ...]:
    """Return the words after the first, from the next content word on ("staff code of conduct" -> "code ...")."""
    rest = list(words[1:])
    while rest and rest[0] in STOPWORDS:
        rest.pop(0)
    return tuple(rest)


def derive_aliases(meta: DocumentMeta) -> list[Alias]:
    """Return the automatic aliases of one document: title, id, organisation, year and front-matter phrases."""
    found: dict[tuple[str, ...], Alias] = {}

    def add(words: Iterable[tuple[str, ...]], kind: str) -> None:
        for phrase in words:
            found.setdefault(phrase, Alias(phrase, meta.document_id, kind))

    if meta.organisation:
        add(_phrases(meta.organisation), "organisation")
    add(_whole_titles(meta.title), "title")
    add(_phrases(meta.title, whole_heads=True), "title")
    add(_phrases(meta.document_id.replace("-", " ").replace("_", " ")), "id")
    for name in _front_matter_names(meta):
        add(_phrases(name), "front_matter")
    add(((year,) for year in _years(meta)), "year")
    return list(found.values())


def configured_aliases(raw: Mapping[str, Sequence[str]], *, known: Iterable[str]) -> list[Alias]:
    """Turn the alias file's {document_id: [alias, ...]} into aliases; unknown ids are skipped (logged)."""
    known_ids = set(known)
    out: list[Alias] = []
    for document_id, names in raw.items():
        if document_id not in known_ids:
            log.warning("policy alias file names an unknown document", extra={"document": document_id})
            continue
        for name in names:
            words = tuple(word for word, _, _ in tokens(name.replace("-", " ")))
            if words:
                out.append(Alias(words, document_id, "configured"))
    return out


def load_alias_file(path: Path) -> dict[str, list[str]]:
    """Read the alias file ({document_id: [alias, ...]}); a missing file means none, a malformed one raises."""
    if not Path(path).exists():
        log.info("policy alias file not found; only automatic aliases are used", extra={"path": str(path)})
        return {}
    try:
        data: Any = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"policy alias file is not valid YAML: {path}: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, Mapping) or not all(
        isinstance(names, list) and all(isinstance(name, str) for name in names) for names in data.values()
    ):
        raise ConfigurationError(f"policy alias file must map document ids to lists of names: {path}")
    return {str(document_id): list(names) for document_id, names in data.items()}
