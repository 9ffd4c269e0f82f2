"""Verbatim quotes: choose the sentence(s) of a clause that answer a question, and check every quote."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from assistant.answer.stance import sentence_stance
from assistant.answer.text import QuestionTerms, normalise_ws, question_terms, sentence_spans
from assistant.models import Citation, Stance
from ingest.clause import Clause

# A rule sentence is a better quote than a descriptive one at equal overlap.
RULE_BONUS = 0.15
# Earlier sentences usually carry the rule; later ones elaborate.
POSITION_PENALTY = 0.02
_WORD_CHAR = re.compile(r"\w")

ClauseIndex = Mapping[tuple[str, str], Sequence[Clause]]


def best_quote(clause: Clause, question: str, *, max_chars: int = 300) -> str:
    """Return the most relevant sentence(s) of clause.text, verbatim, at most max_chars, never cut mid-word."""
    text = clause.text
    spans = sentence_spans(text)
    if not spans:
        return text.strip()[:max_chars]
    terms = question_terms(question)
    scores = [_sentence_score(text[s:e], i, terms=terms, lead_in=clause.lead_in) for i, (s, e) in enumerate(spans)]
    best = max(range(len(spans)), key=lambda i: (scores[i], -i))
    start, end = spans[best]
    # Grow to the next sentence when it also answers and there is room, so a rule keeps its condition.
    nxt = best + 1
    if nxt < len(spans) and scores[nxt] > RULE_BONUS and spans[nxt][1] - start <= max_chars:
        end = spans[nxt][1]
    return _trim(text, start, end, max_chars=max_chars, terms=terms)


def _sentence_score(sentence: str, position: int, *, terms: QuestionTerms, lead_in: str) -> float:
    """Score a sentence as a quote: question overlap, plus a bonus for stating a rule."""
    score = terms.match(sentence) - POSITION_PENALTY * position
    if sentence_stance(sentence, lead_in=lead_in) is not Stance.INFORMATIONAL:
        score += RULE_BONUS
    return score


def _trim(text: str, start: int, end: int, *, max_chars: int, terms: QuestionTerms) -> str:
    """Cut text[start:end] to max_chars on word boundaries, keeping the window that best matches the question."""
    if end - start <= max_chars:
        return text[start:end].strip()
    best_start, best_score = start, -1.0
    for cand in _word_starts(text, start, end - max_chars):
        window = _cut_end(text, cand, min(end, cand + max_chars))
        score = terms.match(window)
        if score > best_score:
            best_start, best_score = cand, score
    return _cut_end(text, best_start, min(end, best_start + max_chars)).strip()


def _word_starts(text: str, lo: int, hi: int) -> list[int]:
    """Return the offsets in [lo, hi] where a word starts."""
    return [i for i in range(lo, max(lo, hi) + 1) if i == lo or (not _WORD_CHAR.match(text[i - 1]))]


def _cut_end(text: str, start: int, limit: int) -> str:
    """Return text[start:limit] shortened so it does not end inside a word."""
    if limit >= len(text) or not (_WORD_CHAR.match(text[limit - 1]) and _WORD_CHAR.match(text[limit])):
        return text[start:limit].rstrip()
    cut = limit
    while cut > start and _WORD_CHAR.match(text[cut - 1]):
        cut -= 1
    return text[start:cut].rstrip() if cut > start else text[start:limit]


def is_verbatim(quote: str, text: str) -> bool:
    """Return True when the quote occurs in the text (whitespace and typographic quotes normalised)."""
    needle = normalise_ws(quote)
    return bool(needle) and needle in normalise_ws(text)


def verify_citations(citations: Sequence[Citation], clauses: ClauseIndex) -> list[str]:
    """Return one problem per citation whose clause is unknown or whose quote is not verbatim in it."""
    problems: list[str] = []
    for cit in citations:
        candidates = clauses.get((cit.document, cit.clause), ())
        if not candidates:
            problems.append(f"{cit.document} §{cit.clause}: no such retrieved clause")
        elif not any(is_verbatim(cit.quote, clause.text) for clause in candidates):
            problems.append(f"{cit.document} §{cit.clause}: quote is not verbatim")
    return problems


def keep_verified(citations: Sequence[Citation], clauses: ClauseIndex) -> list[Citation]:
    """Return only the citations that pass verification, in order."""
    return [cit for cit in citations if not verify_citations([cit], clauses)]


def index_clauses(clauses: Sequence[Clause]) -> dict[tuple[str, str], list[Clause]]:
    """Group clauses by (document id, clause id); several records may share a clause id."""
    out: dict[tuple[str, str], list[Clause]] = {}
    for clause in clauses:
        out.setdefault((clause.document_id, clause.clause_id), []).append(clause)
    return out


def make_citation(clause: Clause, question: str, *, document_title: str = "", max_chars: int = 300) -> Citation:
    """Build a citation of a clause with its best verbatim quote."""
    return Citation(
        document=clause.document_id,
        clause=clause.clause_id,
        title=clause.title,
        quote=best_quote(clause, question, max_chars=max_chars),
        document_title=document_title,
        text=clause.text,
        numbered=clause.numbered,
        page=clause.page,
        label=clause.label,
    )
