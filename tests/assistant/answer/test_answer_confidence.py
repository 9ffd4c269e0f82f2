"""The confidence step: features from real policies, the committed model, the threshold and the two renderings."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from assistant.answer.compose import compose_answer
from assistant.answer.confidence import FEATURES
from assistant.answer.confidence_model import DEFAULT_MODEL_PATH, ConfidenceModel, default_model, load_model
from assistant.answer.draft import draft_answer
from assistant.answer.render import RELATED_HEADING, UNSURE_CLOSING, UNSURE_OPENING, VERDICTS
from assistant.errors import ConfidenceModelError, PolicyAssistantError
from assistant.models import Answer, Stance
from ingest.clause import Clause, DocumentMeta

ACADEMY = "academy-trust-it-comms-social-media"
TODAY = date(2026, 11, 21)


@dataclass(frozen=True, slots=True)
class DetailedHit:
    """A hit carrying the hybrid retriever's evidence (dense cosine, BM25), as RetrievalHit does."""

    clause: Clause
    score: float
    dense: float | None
    lexical: float


def _hits(clauses: list[Clause], *, dense: list[float], lexical: list[float]) -> list[DetailedHit]:
    return [
        DetailedHit(c, 1.0 - 0.1 * i, d, lex) for i, (c, d, lex) in enumerate(zip(clauses, dense, lexical, strict=True))
    ]


def _constant(*, p_right: float, p_covered: float, threshold: float = 0.87) -> ConfidenceModel:
    """A model whose probabilities do not depend on the features (logit intercepts only)."""
    n = len(FEATURES)
    data = {
        "version": 1,
        "features": list(FEATURES),
        "mean": [0.0] * n,
        "scale": [1.0] * n,
        "models": {
            "right": {"coef": [0.0] * n, "intercept": float(np.log(p_right / (1 - p_right)))},
            "covered": {"coef": [0.0] * n, "intercept": float(np.log(p_covered / (1 - p_covered)))},
        },
        "threshold": threshold,
        "cover_threshold": 0.5,
    }
    return ConfidenceModel.from_json(data)


@pytest.fixture
def friend_hits(clause: Callable[..., Clause]) -> list[DetailedHit]:
    clauses = [clause(ACADEMY, "2.14/2.12"), clause(ACADEMY, "2.14/4"), clause(ACADEMY, "2.13/1.2")]
    return _hits(clauses, dense=[0.62, 0.41, 0.30], lexical=[9.0, 3.0, 1.0])


QUESTION = "Can I accept a pupil as a friend on Facebook?"


def test_features_of_a_clear_prohibition_on_the_real_policy(
    friend_hits: list[DetailedHit], metas: dict[str, DocumentMeta], all_clauses: dict[str, list[Clause]]
) -> None:
    draft = draft_answer(QUESTION, friend_hits, documents=metas, scope=[ACADEMY], all_clauses=all_clauses)
    f = draft.features
    assert set(f) == set(FEATURES)
    assert draft.stance is Stance.PROHIBITED
    assert f["dense_top"] == pytest.approx(0.62)
    assert f["dense_gap"] == pytest.approx(0.21)
    assert f["lexical_top"] == pytest.approx(np.log1p(9.0))
    assert f["lexical_gap"] == pytest.approx(np.log1p(9.0) - np.log1p(3.0))
    assert f["fused_gap"] == pytest.approx(0.1)
    assert f["dense_missing"] == 0.0
    assert f["rule_covered"] == 1.0
    assert f["policies_in_scope"] == 1.0
    assert f["documents_in_top"] == 1.0
    assert f["parts"] == 1.0 and f["parts_agree"] == 1.0
    assert f["decided"] == 1.0
    # The deciding sentence sits under "You must not:-" in the top clause and answers a "can I" question.
    assert f["sentence_prohibited"] == 1.0
    assert sum(f[f"sentence_{s.value}"] for s in Stance if s is not Stance.NOT_COVERED) == 1.0
    assert f["kind_permission"] == 1.0
    assert f["answers_kind"] == 1.0
    assert f["decider_rank"] == 0.0
    assert 0.0 < f["direction_agreement"] <= 1.0
    assert f["weight"] > 0.0 and -1.0 <= f["weight_margin"] <= 1.0
    assert 0.0 < f["decider_overlap"] <= 1.0


def test_features_without_retrieval_evidence_mark_dense_missing(
    clause: Callable[..., Clause], rank: Callable[..., list], metas: dict[str, DocumentMeta]
) -> None:
    draft = draft_answer(QUESTION, rank([clause(ACADEMY, "2.14/2.12")]), documents=metas)
    assert draft.features["dense_missing"] == 1.0
    assert draft.features["dense_top"] == 0.0
    assert draft.features["policies_in_scope"] == float(len(metas))


def test_no_hits_draft_has_no_parts_and_no_decision(metas: dict[str, DocumentMeta]) -> None:
    draft = draft_answer(QUESTION, [], documents=metas)
    assert draft.parts == [] and draft.stance is Stance.NOT_COVERED
    assert draft.features["decided"] == 0.0


def test_committed_model_loads_and_gives_probabilities(friend_hits: list[DetailedHit]) -> None:
    model = load_model(DEFAULT_MODEL_PATH)
    data = json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    assert model.features == tuple(data["features"])
    assert 0.5 <= model.threshold <= 1.0
    assert {"pooled", "per_batch", "reliability"} <= set(data["cv"])
    judged = model.judge(dict.fromkeys(FEATURES, 0.0))
    assert 0.0 <= judged.p_covered <= 1.0 and 0.0 <= judged.p_right <= 1.0


def test_model_file_errors_are_configuration_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfidenceModelError):
        load_model(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"version": 1, "features": ["no_such_feature"]}), encoding="utf-8")
    with pytest.raises(PolicyAssistantError, match="unknown features"):
        load_model(bad)
    short = json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    short["mean"] = short["mean"][:-1]
    (tmp_path / "short.json").write_text(json.dumps(short), encoding="utf-8")
    with pytest.raises(ConfidenceModelError, match="lengths differ"):
        load_model(tmp_path / "short.json")


def test_model_applies_standardised_logistic_with_calibration_map() -> None:
    n = len(FEATURES)
    coef = [0.0] * n
    coef[FEATURES.index("dense_top")] = 2.0
    data = {
        "version": 1,
        "features": list(FEATURES),
        "mean": [0.5] * n,
        "scale": [0.25] * n,
        "models": {
            "right": {"coef": coef, "intercept": 0.0, "calibration": {"x": [0.0, 0.5, 1.0], "y": [0.0, 0.3, 1.0]}},
            "covered": {"coef": coef, "intercept": 0.0},
        },
        "threshold": 0.9,
        "cover_threshold": 0.5,
    }
    model = ConfidenceModel.from_json(data)
    named = dict.fromkeys(FEATURES, 0.5) | {"dense_top": 0.75}
    raw = 1 / (1 + np.exp(-2.0))  # z = (0.75 - 0.5) / 0.25 = 1
    judged = model.judge(named)
    assert judged.p_covered == pytest.approx(raw)
    assert judged.p_right == pytest.approx(np.interp(raw, [0.0, 0.5, 1.0], [0.0, 0.3, 1.0]))


def _friend_answer(
    hits: list[DetailedHit],
    metas: dict[str, DocumentMeta],
    all_clauses: dict[str, list[Clause]],
    *,
    p_right: float,
    p_covered: float,
) -> Answer:
    """Compose the friend-request answer with a model that always says these probabilities."""
    return compose_answer(
        QUESTION,
        hits,
        documents=metas,
        scope=[ACADEMY],
        today=TODAY,
        all_clauses=all_clauses,
        model=_constant(p_right=p_right, p_covered=p_covered),
    )


def test_confident_answer_states_the_verdict_first(
    friend_hits: list[DetailedHit], metas: dict[str, DocumentMeta], all_clauses: dict[str, list[Clause]]
) -> None:
    answer = _friend_answer(friend_hits, metas, all_clauses, p_right=0.95, p_covered=0.9)
    assert answer.confident and answer.shows_verdict()
    assert answer.confidence == pytest.approx(0.95)
    assert answer.answer.startswith("No. The Social Media Policy (2.14) does not allow this.")
    assert answer.related == []


def test_unsure_answer_gives_no_verdict_but_the_clauses_and_who_to_ask(
    friend_hits: list[DetailedHit], metas: dict[str, DocumentMeta], all_clauses: dict[str, list[Clause]]
) -> None:
    answer = _friend_answer(friend_hits, metas, all_clauses, p_right=0.6, p_covered=0.9)
    assert not answer.confident and not answer.shows_verdict()
    assert answer.stance is Stance.PROHIBITED  # the best guess is kept for scoring
    assert answer.confidence == pytest.approx(0.6)
    assert answer.answer.startswith("Here is what the Social Media Policy (2.14) says about this:")
    for opening in ("No.", "Yes", "does not allow", "allows this"):
        assert opening not in answer.answer
    assert "“offer or accept current pupils" in answer.answer
    assert "ask your Headteacher (§2.14/6.4)" in answer.answer
    assert answer.answer.endswith(UNSURE_CLOSING)
    assert answer.citations and answer.citations[0].clause == "2.14/2.12"


def test_threshold_argument_overrides_the_models_own(
    friend_hits: list[DetailedHit], metas: dict[str, DocumentMeta]
) -> None:
    model = _constant(p_right=0.8, p_covered=0.9, threshold=0.87)
    unsure = compose_answer(QUESTION, friend_hits, documents=metas, scope=[ACADEMY], today=TODAY, model=model)
    sure = compose_answer(
        QUESTION, friend_hits, documents=metas, scope=[ACADEMY], today=TODAY, model=model, verdict_threshold=0.75
    )
    assert not unsure.confident and sure.confident
    assert sure.answer.startswith("No.") and not unsure.answer.startswith("No.")


def test_low_p_covered_says_not_covered_first_and_lists_related_clauses(
    friend_hits: list[DetailedHit], metas: dict[str, DocumentMeta], all_clauses: dict[str, list[Clause]]
) -> None:
    answer = _friend_answer(friend_hits, metas, all_clauses, p_right=0.99, p_covered=0.2)
    assert answer.stance is Stance.NOT_COVERED
    assert answer.confidence == pytest.approx(0.8)
    assert not answer.shows_verdict()
    assert answer.citations == []
    assert answer.answer.splitlines()[0].endswith("does not cover this.")
    assert RELATED_HEADING in answer.answer
    assert answer.related and answer.related[0].clause == "2.14/2.12"
    assert any(answer.related[0].quote in c.text for c in all_clauses[ACADEMY])  # verbatim
    assert answer.answer.index("ask your Headteacher") < answer.answer.index(RELATED_HEADING)


def test_templates_are_named_constants() -> None:
    assert "{title}" in UNSURE_OPENING and UNSURE_OPENING.startswith("Here is what")
    assert all("{title}" in t.lower() for t in VERDICTS.values())


def test_default_model_is_the_committed_file() -> None:
    default_model.cache_clear()
    assert default_model().features == load_model(DEFAULT_MODEL_PATH).features


def test_unsure_answer_pins_the_citation_format(
    friend_hits: list[DetailedHit], metas: dict[str, DocumentMeta], all_clauses: dict[str, list[Clause]]
) -> None:
    answer = _friend_answer(friend_hits, metas, all_clauses, p_right=0.5, p_covered=0.9)
    lines = answer.answer.splitlines()
    assert lines[1].startswith("- §2.14/2.12: “") and lines[1].endswith("”")
    cited = lines[lines.index("Cited clauses:") + 1 :]
    first = answer.citations[0]
    assert cited[0] == f"- §{first.clause} ({first.title}): “{first.quote}”"
