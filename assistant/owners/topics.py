"""Topics staff ask about, and how strongly one policy addresses each: the product's retrieval, one document at a time.

A topic is covered by a policy when its second-best query reaches a clause of that policy with a dense cosine
similarity at or above a threshold fitted on a hand-made table (``python -m eval.topics fit``, numbers in
``data/models/topics.json``). The dense cosine is the retriever's calibrated-across-queries evidence (the fused
score is min-max normalised per query, so it cannot be compared with a threshold).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from assistant.errors import ConfigurationError
from assistant.protocols import Hit
from ingest.clause import Clause

DEFAULT_MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "models" / "topics.json"
# Hits read per query: the dense top hit is always among them (the retriever's dense pool is 30).
SEARCH_K = 30


@dataclass(frozen=True, slots=True)
class Topic:
    """One topic of the health matrix: an id, a name staff recognise, and the questions that probe it."""

    id: str
    name: str
    queries: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """Return the topic as JSON."""
        return {"id": self.id, "name": self.name, "queries": list(self.queries)}


@dataclass(frozen=True, slots=True)
class QueryScore:
    """One query's best dense similarity to a clause of one document, and that clause."""

    query: str
    score: float
    clause: Clause | None


class TopicSearch(Protocol):
    """Retrieval within named documents (``Assistant.search``)."""

    def search(self, query: str, *, documents: Sequence[str], k: int = SEARCH_K) -> Sequence[Hit]: ...


def load_topics(path: Path) -> tuple[Topic, ...]:
    """Read the topic list (``topics: [{id, name, queries}]``); raise ConfigurationError naming the problem."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigurationError(f"topics file {path} not found (set POLICY_TOPICS_PATH)") from None
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"topics file {path} is not valid YAML: {exc}") from None
    return parse_topics(raw, source=str(path))


def parse_topics(raw: Any, *, source: str = "topics") -> tuple[Topic, ...]:
    """Validate the parsed YAML into topics: unique ids, a name, at least one query each."""
    items = raw.get("topics") if isinstance(raw, Mapping) else None
    if not isinstance(items, list) or not items:
        raise ConfigurationError(f"{source}: expected a non-empty list under 'topics'")
    topics: list[Topic] = []
    for number, item in enumerate(items, start=1):
        topics.append(_topic(item, where=f"{source}: topic {number}"))
    ids = [t.id for t in topics]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ConfigurationError(f"{source}: topic ids must be unique; repeated: {', '.join(repeated)}")
    return tuple(topics)


def _topic(item: Any, *, where: str) -> Topic:
    if not isinstance(item, Mapping):
        raise ConfigurationError(f"{where}: expected a mapping with id, name and queries")
    topic_id, name, queries = item.get("id"), item.get("name"), item.get("queries")
    if not isinstance(topic_id, str) or not topic_id.strip():
        raise ConfigurationError(f"{where}: 'id' must be a non-empty string")
    if not isinstance(queries, list) or not all(isinstance(q, str) and q.strip() for q in queries) or not queries:
        raise ConfigurationError(f"{where} ({topic_id}): 'queries' must be a non-empty list of questions")
    label = name if isinstance(name, str) and name.strip() else topic_id
    return Topic(id=topic_id.strip(), name=label.strip(), queries=tuple(q.strip() for q in queries))


def query_scores(source: TopicSearch, document_id: str, topic: Topic) -> tuple[QueryScore, ...]:
    """Return each of the topic's queries' best dense similarity to a clause of the document."""
    scores = []
    for query in topic.queries:
        hits = [h for h in source.search(query, documents=[document_id], k=SEARCH_K) if _dense(h) is not None]
        best = max(hits, key=lambda h: _dense(h) or 0.0, default=None)
        scores.append(QueryScore(query, _dense(best) or 0.0, best.clause if best else None))
    return tuple(scores)


def _dense(hit: Hit | None) -> float | None:
    value = getattr(hit, "dense", None)
    return float(value) if value is not None else None


@dataclass(frozen=True, slots=True)
class TopicScore:
    """How strongly one policy addresses one topic: the score compared with the threshold, and the best clause."""

    score: float
    best: QueryScore


def topic_score(scores: Sequence[QueryScore]) -> TopicScore:
    """Score a topic by its second-best query (its only one when it has one); show the best query's clause.

    Needing two of a topic's questions to find a close clause keeps one question with general words ("school
    information") from reaching an unrelated clause in every policy: on the bundled table, leave one policy out,
    balanced accuracy 0.81 for the second-best query against 0.58 for the best (``python -m eval.topics measure``).
    """
    ordered = sorted(scores, key=lambda s: s.score, reverse=True)
    if not ordered:
        return TopicScore(0.0, QueryScore("", 0.0, None))
    return TopicScore(ordered[min(1, len(ordered) - 1)].score, ordered[0])


def load_threshold(path: Path = DEFAULT_MODEL_PATH) -> float:
    """Read the fitted coverage threshold; raise ConfigurationError when the file is missing or malformed."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return float(data["threshold"])
    except FileNotFoundError:
        raise ConfigurationError(f"{path} not found; fit it with `python -m eval.topics fit`") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigurationError(f"{path} is malformed ({exc}); refit with `python -m eval.topics fit`") from None
