"""What each policy in reach says about a question, and the evidence the confidence step reads."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assistant.answer.citation_choice import PER_POLICY, Candidate, candidates, choose
from assistant.answer.citations import index_clauses, make_citation
from assistant.answer.confidence import decision_signals
from assistant.answer.confidence import features as confidence_features
from assistant.answer.contacts import Contact, who_to_ask
from assistant.answer.coverage import (
    DEFAULT_THRESHOLDS,
    Coverage,
    CoverageThresholds,
    assess_coverage,
    clause_evidence_text,
    states_what_is_asked,
)
from assistant.answer.render import PolicyPart
from assistant.answer.rules import RULES
from assistant.answer.stance import SentenceStance, analyse, decide, decide_among, question_kind
from assistant.answer.text import term_weights
from assistant.models import Retrieved, Stance
from assistant.protocols import Hit, ScoredClause
from ingest.clause import Clause, DocumentMeta

# At most this many policies are answered from when the question is not scoped.
MAX_POLICIES = 5
# Strictest first; used when COMBINE is "strictest" or to break "majority" ties.
STRICTNESS = (
    Stance.PROHIBITED,
    Stance.DISCOURAGED,
    Stance.PERMITTED_WITH_CONDITIONS,
    Stance.REQUIRED,
    Stance.PERMITTED,
    Stance.INFORMATIONAL,
)
# How the overall stance of a multi-policy answer is chosen: "first" (the best-ranked policy), "strictest" or
# "majority". On eval/data/qa.jsonl "first" scored best (0.680 vs 0.663 strictest, 0.674 majority).
COMBINE = "first"
_CONDITION_END = re.compile(r"[);.]|$")


def display_title(document_id: str, documents: Mapping[str, DocumentMeta], *, clause_id: str = "") -> str:
    """Return a policy's title as it reads mid-sentence ("the Social Media Policy (2.14)").

    A document holding several numbered policies ("A (2.13) and B (2.14)") is named by the one the clause is in.
    """
    meta = documents.get(document_id)
    title = (meta.title if meta and meta.title else document_id).strip()
    prefix = clause_id.rpartition("/")[0]
    if prefix:
        part = re.search(r"(?:^|\band\s+)([^()]+?\(" + re.escape(prefix) + r"\))", title)
        title = part.group(1).strip() if part else title
    return title if title.lower().startswith("the ") else f"the {title}"


def group_by_document(hits: Sequence[ScoredClause]) -> dict[str, list[ScoredClause]]:
    """Group hits by document, documents in order of their best hit, hits in rank order."""
    groups: dict[str, list[ScoredClause]] = {}
    for hit in hits:
        groups.setdefault(hit.clause.document_id, []).append(hit)
    return groups


def with_siblings(hits: Sequence[ScoredClause], clauses: Sequence[Clause]) -> list[ScoredClause]:
    """Follow each hit with the other records of its clause id, at the hit's score.

    The retriever keeps one record per clause id, but a clause such as an unnumbered section's bullet list
    is several records; the bullet that answers the question may not be the one that ranked best.
    """
    by_key = index_clauses(clauses)
    seen = {hit.clause.uid for hit in hits}
    out: list[ScoredClause] = []
    for hit in hits:
        out.append(hit)
        for sibling in by_key.get((hit.clause.document_id, hit.clause.clause_id), ()):
            if sibling.uid not in seen:
                seen.add(sibling.uid)
                out.append(ScoredClause(sibling, hit.score))
    return out


def condition_phrase(sentence: str) -> str | None:
    """Return the exception or condition wording of a sentence ("unless you have obtained ..."), verbatim."""
    match = RULES.exception.search(sentence) or RULES.condition.search(sentence)
    if match is None:
        return None
    end = _CONDITION_END.search(sentence, match.end())
    phrase = sentence[match.start() : end.start() if end else len(sentence)].strip(" ,;:")
    return phrase or None


def policy_part(
    question: str,
    hits: Sequence[ScoredClause],
    *,
    analysed: Sequence[ScoredClause],
    title: str,
    contact_clauses: Sequence[Clause],
    max_citations: int,
    expansion: str = "",
    policy: int = 0,
    best_score: float | None = None,
    sink: list[Candidate] | None = None,
) -> PolicyPart:
    """Work out what one policy says about the question.

    ``analysed`` is ``hits`` with the other records of their clause ids (``with_siblings``): the stance is decided
    over all of them, and any of them may be cited (``citation_choice``). ``policy`` is this policy's place among
    the answering policies, ``best_score`` the best hit's score overall; ``sink`` collects the scored candidates
    (for fitting the citation model).
    """
    weights = term_weights([clause_evidence_text(c) for c in contact_clauses])
    kind = question_kind(question)
    sentences = analyse(question, analysed, weights=weights, kind=kind, expansion=expansion)
    stance, chosen = decide_among(question, sentences) if analysed else decide(question, analysed)
    signals = decision_signals(question, analysed, chosen, analysed=sentences, kind=kind)
    key = _key_sentence(chosen, analysed)
    clause = analysed[key.hit].clause
    best = best_score if best_score is not None else max((h.score for h in hits), default=0.0)
    scored = candidates(question, analysed, key=clause, policy=policy, best_score=best)
    if sink is not None:
        sink.extend(scored)
    cited = choose(scored, limit=min(max_citations, PER_POLICY), always_one=policy == 0)
    citations = [make_citation(c.clause, question, document_title=title) for c in cited]
    return PolicyPart(
        document=clause.document_id,
        title=title,
        stance=stance,
        key_sentence=key.text,
        key_clause=clause.clause_id,
        key_label=clause.label,
        # The lead-in reads into the clause's first sentence only ("You must not:- … offer or accept ...").
        key_lead_in=clause.lead_in if clause.text.startswith(key.text) else "",
        condition=condition_phrase(key.text) if stance is Stance.PERMITTED_WITH_CONDITIONS else None,
        contact=who_to_ask(contact_clauses, question=question),
        citations=citations,
        signals=signals,
    )


def _key_sentence(chosen: SentenceStance | None, hits: Sequence[ScoredClause]) -> SentenceStance:
    """Return the deciding sentence, or the top hit's text when none was singled out."""
    if chosen is not None:
        return chosen
    return SentenceStance(0, hits[0].clause.text, Stance.INFORMATIONAL, 0.0)


@dataclass(frozen=True, slots=True)
class Draft:
    """What the composer found before deciding how sure it is: per-policy parts, coverage evidence, features."""

    parts: list[PolicyPart]
    coverage: Coverage
    features: dict[str, float]
    retrieved: list[Retrieved]
    considered: list[ScoredClause] = field(default_factory=list)
    contacts: list[tuple[str, Contact | None]] = field(default_factory=list)
    scope_titles: list[str] = field(default_factory=list)

    @property
    def stance(self) -> Stance:
        """Return the best-guess stance ignoring coverage (not_covered only when nothing was retrieved)."""
        return overall_stance([p.stance for p in self.parts]) if self.parts else Stance.NOT_COVERED


def draft_answer(
    question: str,
    ranked: Sequence[Hit],
    *,
    documents: Mapping[str, DocumentMeta],
    scope: Sequence[str] = (),
    all_clauses: Mapping[str, Sequence[Clause]] | None = None,
    thresholds: CoverageThresholds = DEFAULT_THRESHOLDS,
    max_citations: int = 3,
    expansion: str = "",
    candidate_sink: list[Candidate] | None = None,
) -> Draft:
    """Work out what each policy in reach says and the evidence the confidence model reads.

    ``candidate_sink`` collects every scored citation candidate (``citation_fit`` fits the citation model on them).
    """
    hits = [h if isinstance(h, ScoredClause) else ScoredClause(h.clause, float(h.score)) for h in ranked]
    retrieved = [
        Retrieved(document=h.clause.document_id, clause=h.clause.clause_id, score=float(h.score)) for h in hits
    ]
    by_doc = group_by_document(hits)
    contact_source = {doc: list(all_clauses.get(doc, ())) for doc in all_clauses} if all_clauses else {}
    coverage = assess_coverage(question, ranked, thresholds=thresholds)
    parts: list[PolicyPart] = []
    considered: list[ScoredClause] = []
    for doc, doc_hits in by_doc.items():
        if len(parts) >= MAX_POLICIES:
            break
        raw = [h for h in ranked if h.clause.document_id == doc]
        if parts and not assess_coverage(question, raw, thresholds=thresholds).covered:
            continue
        contact_clauses = contact_source.get(doc) or [h.clause for h in doc_hits]
        title = display_title(doc, documents, clause_id=doc_hits[0].clause.clause_id)
        analysed = with_siblings(doc_hits, contact_clauses)
        considered.extend(analysed)
        parts.append(
            policy_part(
                question,
                doc_hits,
                analysed=analysed,
                title=title,
                contact_clauses=contact_clauses,
                max_citations=max_citations,
                expansion=expansion,
                policy=len(parts),
                best_score=hits[0].score,
                sink=candidate_sink,
            )
        )
    in_scope = list(scope) or sorted(set(documents) | set(contact_source) | set(by_doc))
    named = confidence_features(
        ranked=ranked,
        coverage=coverage,
        amount_stated=states_what_is_asked(question, [h.clause for h in ranked[: thresholds.top]]),
        kind=question_kind(question),
        policies_in_scope=len(in_scope),
        stances=[p.stance for p in parts],
        signals=parts[0].signals if parts else None,
    )
    contacts: list[tuple[str, Contact | None]] = []
    for doc in in_scope:
        clauses = contact_source.get(doc) or [h.clause for h in by_doc.get(doc, ())]
        contacts.append((display_title(doc, documents), who_to_ask(clauses, question=question)))
    return Draft(
        parts=parts,
        coverage=coverage,
        features=named,
        retrieved=retrieved,
        considered=considered,
        contacts=contacts,
        scope_titles=[display_title(doc, documents) for doc in scope],
    )


def overall_stance(stances: Sequence[Stance], *, combine: str | None = None) -> Stance:
    """Return the stance of a multi-policy answer (see COMBINE)."""
    how = combine or COMBINE
    if how == "strictest":
        return min(stances, key=STRICTNESS.index)
    if how == "majority":
        counts = {s: stances.count(s) for s in stances}
        return max(stances, key=lambda s: (counts[s], -STRICTNESS.index(s)))
    return stances[0]
