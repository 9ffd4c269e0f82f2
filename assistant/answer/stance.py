"""Decide what a policy says about a question from the deontic language of its clauses.

A small rule-based analyser: each sentence gets a stance from its modal, negation and
exception phrases (``rules.RULES``, checked in a fixed order so "must not ... unless ..."
reads as a condition and "not required to" as no obligation); the question then picks the
sentence that answers it, weighted by retrieval relevance and term overlap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from assistant.answer.rules import (
    FACT_QUESTION,
    INFORMATION_QUESTION,
    LEAVE_FIRST_QUESTION,
    OBLIGATION_QUESTION,
    PERMISSION_QUESTION,
    RULES,
    DeonticRules,
)
from assistant.answer.text import TermWeights, question_terms, sentences
from assistant.models import Stance
from assistant.protocols import ScoredClause

# How many top hits take part in the decision, and how much a sentence's own term overlap counts
# against the clause's retrieval rank.
TOP_HITS = 5
OVERLAP_WEIGHT = 1.0
BASE_WEIGHT = 0.25
# Sharpens the rank-relative score so lower-ranked clauses must match the question much better to decide.
RELEVANCE_POWER = 1.0
# A sentence ending in ":" opens a list; its rule is about the listed items (separate clauses), so it
# answers a question only weakly by itself.
LIST_OPENER_FACTOR = 0.6
# A decisive (rule) sentence wins over a better-scored descriptive one when it scores at least this share of it.
RULE_PREFERENCE = 0.6
# A "can I ...?" question is answered by a sentence that allows or forbids, more than by a bare duty.
ANSWER_KIND_BONUS = 1.5


# A quoted example ("for example: 'These views ... do not represent the school'") is wording to use, not a rule.
_QUOTED = re.compile(r"(?<![a-z0-9])['‘\"“][^'‘’\"“”]{12,}['’\"”](?![a-z])")


class QuestionKind(StrEnum):
    """What the reader asks for: leave to act, a duty, or facts."""

    PERMISSION = "permission"
    OBLIGATION = "obligation"
    INFORMATION = "information"
    OTHER = "other"


_ANSWERS_BY_KIND: dict[QuestionKind, frozenset[Stance]] = {
    QuestionKind.PERMISSION: frozenset(
        {Stance.PROHIBITED, Stance.PERMITTED, Stance.PERMITTED_WITH_CONDITIONS, Stance.DISCOURAGED}
    ),
    # "Do I have to ...?" is answered by a duty, or by "not required to" (read as permitted).
    QuestionKind.OBLIGATION: frozenset({Stance.REQUIRED, Stance.PERMITTED}),
}


@dataclass(frozen=True, slots=True)
class SentenceStance:
    """One analysed sentence of a retrieved clause."""

    hit: int
    text: str
    stance: Stance
    weight: float


def question_kind(question: str) -> QuestionKind:
    """Classify a question by what it asks for."""
    if OBLIGATION_QUESTION.search(question):
        return QuestionKind.OBLIGATION
    if PERMISSION_QUESTION.search(question):
        return QuestionKind.PERMISSION
    if INFORMATION_QUESTION.search(question):
        return QuestionKind.INFORMATION
    return QuestionKind.OTHER


def answer_stances(question: str, kind: QuestionKind) -> frozenset[Stance]:
    """Return the stances of the sentences that answer this kind of question directly."""
    stances = _ANSWERS_BY_KIND.get(kind, frozenset())
    if kind is QuestionKind.OBLIGATION and LEAVE_FIRST_QUESTION.search(question):
        # "Do I need permission to set up a club account?" is answered by "must have prior authorisation".
        return stances | {Stance.PERMITTED_WITH_CONDITIONS}
    return stances


def sentence_stance(sentence: str, *, lead_in: str = "", rules: DeonticRules = RULES) -> Stance:
    """Return the stance of one sentence, reading a prohibitive lead-in as part of it."""
    text = _QUOTED.sub(" ", sentence.lower())
    excepted = bool(rules.exception.search(text))
    if rules.not_required.search(text):
        return Stance.PERMITTED
    if rules.discouragement.search(text):
        # "advised not to ... unless they have express permission": allowed only with that permission.
        return Stance.PERMITTED_WITH_CONDITIONS if excepted else Stance.DISCOURAGED
    lead = lead_in.lower()
    if rules.conditional_lead_in.search(lead):
        return Stance.PERMITTED_WITH_CONDITIONS
    if rules.discouraging_lead_in.search(lead) and not rules.prohibition.search(text):
        return Stance.DISCOURAGED
    prohibited = bool(rules.prohibition.search(text) or rules.prohibitive_lead_in.search(lead))
    if prohibited:
        return Stance.PERMITTED_WITH_CONDITIONS if excepted else Stance.PROHIBITED
    # "must have prior authorisation ... and may only be used by authorised staff": the condition decides.
    if rules.condition.search(text) or (excepted and rules.permission.search(text)):
        return Stance.PERMITTED_WITH_CONDITIONS
    if rules.restriction.search(text):
        return Stance.REQUIRED
    if rules.sanction.search(text):
        return Stance.INFORMATIONAL
    if rules.permission.search(text):
        return Stance.PERMITTED
    if rules.obligation.search(text) or (rules.obligation.search(lead) and not rules.inert_lead_in.search(lead)):
        return Stance.REQUIRED
    if not lead and rules.imperative.search(text):
        return Stance.REQUIRED
    if rules.weak_permission.search(text):
        return Stance.PERMITTED
    return Stance.INFORMATIONAL


def clause_stance(text: str, *, lead_in: str = "") -> Stance:
    """Return a clause's stance: that of its first sentence that states a rule, else informational."""
    for sentence in sentences(text):
        stance = sentence_stance(sentence, lead_in=lead_in)
        if stance is not Stance.INFORMATIONAL:
            return stance
    return Stance.INFORMATIONAL


def analyse(
    question: str,
    hits: Sequence[ScoredClause],
    *,
    top: int = TOP_HITS,
    weights: TermWeights | None = None,
    kind: QuestionKind | None = None,
    expansion: str = "",
) -> list[SentenceStance]:
    """Analyse every sentence of the top hits, weighted by rank-relative score and question overlap."""
    terms = question_terms(question, weights=weights, expansion=expansion)
    preferred = answer_stances(question, kind or question_kind(question))
    considered = top_clause_hits(hits, top=top)
    best = max((hit.score for _, hit in considered), default=0.0)
    out: list[SentenceStance] = []
    for rank, hit in considered:
        relevance = (hit.score / best) ** RELEVANCE_POWER if best > 0 else 1.0 / (rank + 1)
        lead_in = hit.clause.lead_in
        for sentence in sentences(hit.clause.text):
            match = terms.match(f"{lead_in} {sentence}")
            weight = relevance * (BASE_WEIGHT + OVERLAP_WEIGHT * match)
            stance = sentence_stance(sentence, lead_in=lead_in)
            if stance in preferred:
                weight *= ANSWER_KIND_BONUS
            if sentence.rstrip().endswith((":", ":-")):
                weight *= LIST_OPENER_FACTOR
            out.append(SentenceStance(rank, sentence, stance, weight))
    return out


def top_clause_hits(hits: Sequence[ScoredClause], *, top: int) -> list[tuple[int, ScoredClause]]:
    """Return (position, hit) for every record of the first ``top`` distinct clause ids.

    Several records can share a clause id (the bullets of an unnumbered section); they count as one clause.
    """
    keys: set[tuple[str, str]] = set()
    out: list[tuple[int, ScoredClause]] = []
    for position, hit in enumerate(hits):
        key = (hit.clause.document_id, hit.clause.clause_id)
        if key not in keys:
            if len(keys) >= top:
                continue
            keys.add(key)
        out.append((position, hit))
    return out


def _pick(analysed: Sequence[SentenceStance], preferred: frozenset[Stance] = frozenset()) -> SentenceStance | None:
    """Pick the answering sentence: the best-weighted, unless one that answers this kind of question
    (or, for a descriptive best, one that states a rule) is nearly as good."""
    if not analysed:
        return None
    best = max(analysed, key=lambda s: (s.weight, -s.hit))
    for wanted in (preferred, frozenset(Stance) - {Stance.INFORMATIONAL}):
        if best.stance in wanted:
            return best
        fits = [s for s in analysed if s.stance in wanted]
        alternative = max(fits, key=lambda s: (s.weight, -s.hit), default=None)
        if alternative is not None and alternative.weight >= RULE_PREFERENCE * best.weight:
            return alternative
    return best


def decide(
    question: str, clauses: Sequence[ScoredClause], *, weights: TermWeights | None = None, expansion: str = ""
) -> tuple[Stance, SentenceStance | None]:
    """Return the stance and the sentence that decided it (None when no sentence did).

    ``expansion`` is the vocabulary's policy wording for the question's words (``Vocabulary.additions``).
    """
    if not clauses:
        return Stance.NOT_COVERED, None
    kind = question_kind(question)
    return decide_among(question, analyse(question, clauses, weights=weights, kind=kind, expansion=expansion))


def decide_among(question: str, analysed: Sequence[SentenceStance]) -> tuple[Stance, SentenceStance | None]:
    """Return the stance and deciding sentence among already analysed sentences (``analyse``)."""
    kind = question_kind(question)
    chosen = _pick(analysed, answer_stances(question, kind))
    # "How often do I have to ...?" asks about a duty even though it opens like a fact question.
    if FACT_QUESTION.search(question) and kind is not QuestionKind.OBLIGATION:
        return Stance.INFORMATIONAL, chosen
    if chosen is None:
        return Stance.INFORMATIONAL, None
    return adjust_for_question(kind, chosen), chosen


def decide_stance(question: str, clauses: Sequence[ScoredClause]) -> Stance:
    """Return what the retrieved clauses decide about the question (not_covered when there are none)."""
    return decide(question, clauses)[0]


def adjust_for_question(kind: QuestionKind, chosen: SentenceStance) -> Stance:
    """Map the answering sentence's stance onto the question asked."""
    permission = kind in (QuestionKind.PERMISSION, QuestionKind.OTHER)
    if permission and chosen.stance is Stance.REQUIRED and RULES.restriction.search(chosen.text):
        # "Can I email a pupil from my hotmail?" answered by "must only ... via a school email account": no.
        return Stance.PROHIBITED
    return chosen.stance
