"""Sentence closeness in meaning: the cached embedding adapter, and how it steers the deciding sentence."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np
import pytest

from assistant.answer.similarity import EmbeddingSimilarity
from assistant.answer.stance import candidate_sentences, decide, sentence_key
from assistant.models import Stance
from assistant.protocols import ScoredClause
from ingest.clause import Clause

STAFF_ADVICE = "school-staff-advice-electronic-comms"
GAMES = "can i download a couple of games onto the school laptop to play on the train home"
MUSIC = "is it alright to download music at school for myself"


class CountingEmbedder:
    """Deterministic unit vectors from a text's hash; records every text it is asked to embed."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        rows = [
            np.frombuffer(hashlib.sha256(t.encode()).digest(), dtype=np.uint8).astype(np.float32) - 127.5 for t in texts
        ]
        matrix = np.stack(rows)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_similarity_is_the_cosine_of_normalised_vectors() -> None:
    embedder = CountingEmbedder()
    scores = EmbeddingSimilarity(embedder).similarity("q", ["a", "b", "q"])
    vectors = CountingEmbedder().embed(["q", "a", "b"])
    assert scores[:2] == pytest.approx([float(vectors[1] @ vectors[0]), float(vectors[2] @ vectors[0])], abs=1e-6)
    assert scores[2] == pytest.approx(1.0, abs=1e-6)


def test_policy_sentences_are_embedded_once_and_the_question_every_time() -> None:
    embedder = CountingEmbedder()
    similarity = EmbeddingSimilarity(embedder)
    assert similarity.warm(["a", "b", "a"]) == 2
    similarity.similarity("first question", ["a", "b"])
    similarity.similarity("first question", ["b", "c"])
    assert embedder.seen == ["a", "b", "first question", "first question", "c"]


def test_cache_is_bounded_and_keeps_the_recently_used() -> None:
    embedder = CountingEmbedder()
    similarity = EmbeddingSimilarity(embedder, max_cached=2)
    similarity.warm(["a", "b"])
    similarity.similarity("q", ["a"])  # "a" is now the most recent
    similarity.similarity("q", ["c"])  # evicts "b"
    embedder.seen.clear()
    similarity.similarity("q", ["a", "b"])
    assert embedder.seen == ["q", "b"]


def test_no_texts_embeds_nothing() -> None:
    embedder = CountingEmbedder()
    assert EmbeddingSimilarity(embedder).similarity("q", []) == []
    assert embedder.seen == []


def _siblings(clause: Callable[..., Clause]) -> list[ScoredClause]:
    install = clause(STAFF_ADVICE, "7", "Install software licensed to the school")
    games = clause(STAFF_ADVICE, "7", "Download or distribute games")
    return [ScoredClause(install, 1.0), ScoredClause(games, 0.9)]


def test_meaning_decides_between_sibling_bullets(clause: Callable[..., Clause]) -> None:
    hits = _siblings(clause)
    games_key = next(k for k in candidate_sentences(hits) if "games" in k)
    meaning = {key: (0.8 if key == games_key else 0.1) for key in candidate_sentences(hits)}
    _, by_words = decide(GAMES, hits)
    assert by_words is not None and "Install software" in by_words.text  # shared words alone pick the wrong bullet
    stance, chosen = decide(GAMES, hits, meaning=meaning)
    assert chosen is not None and "games" in chosen.text
    assert stance is Stance.PROHIBITED


def test_sentence_key_reads_the_lead_in_first(clause: Callable[..., Clause]) -> None:
    games = clause(STAFF_ADVICE, "7", "Download or distribute games")
    key = sentence_key("Download or distribute games.", lead_in=games.lead_in)
    assert key.startswith("Employees **MUST NOT** use school equipment to:")


def test_real_model_finds_the_bullet_that_answers(real_embedder, clause: Callable[..., Clause]) -> None:
    hits = _siblings(clause)
    keys = candidate_sentences(hits)
    scores = dict(zip(keys, EmbeddingSimilarity(real_embedder).similarity(MUSIC, keys), strict=True))
    assert "music" in max(scores, key=lambda k: scores[k])
    stance, chosen = decide(MUSIC, hits, meaning=scores)
    assert chosen is not None and "games" in chosen.text
    assert stance is Stance.PROHIBITED
