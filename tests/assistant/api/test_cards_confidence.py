"""Teams cards: a verdict heading only for a confident answer; otherwise the neutral "Read the clauses" state."""

from __future__ import annotations

from typing import Any

from assistant.api.cards import NEUTRAL_LABEL, VERDICTS, answer_card, plain_text, verdict_label
from assistant.models import Answer, Citation, Stance

CITE = Citation(document="doc", clause="2.12", title="Social media", quote="accept current pupils or ex-pupils")


def _texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["text"]] if node.get("type") == "TextBlock" else []
        return own + [t for value in node.values() for t in _texts(value)]
    if isinstance(node, list):
        return [t for item in node for t in _texts(item)]
    return []


def test_confident_answer_gets_its_verdict_heading() -> None:
    answer = Answer(stance=Stance.PROHIBITED, answer="No.", citations=[CITE], confidence=0.95, confident=True)
    assert verdict_label(answer) == VERDICTS[Stance.PROHIBITED]
    assert _texts(answer_card(answer))[0] == "Not allowed"


def test_unsure_answer_gets_the_neutral_heading_and_no_verdict_word() -> None:
    answer = Answer(
        stance=Stance.PROHIBITED,
        answer="Here is what the policy says about this:",
        citations=[CITE],
        confidence=0.6,
        confident=False,
    )
    assert verdict_label(answer) == NEUTRAL_LABEL
    texts = _texts(answer_card(answer))
    assert texts[0] == "Read the clauses"
    assert not any(label in texts for label, _ in VERDICTS.values())
    assert plain_text(answer).startswith("Read the clauses. Here is what")
    assert "“accept current pupils or ex-pupils”" in texts


def test_not_covered_keeps_its_heading_and_shows_related_clauses() -> None:
    answer = Answer(stance=Stance.NOT_COVERED, answer="The policy does not cover this.", related=[CITE])
    texts = _texts(answer_card(answer))
    assert texts[0] == VERDICTS[Stance.NOT_COVERED][0]
    assert any("clause 2.12" in t for t in texts)
    assert "doc clause 2.12" in plain_text(answer)
