"""The not-covered decision: does any retrieved clause really answer the question?

Top-k retrieval always returns something, so coverage is a calibrated test on the top hits.
Fused RRF scores are rank-based and say nothing absolute, so the test uses the evidence behind
them when the retriever gives it (``RetrievalHit.dense``: cosine similarity; ``.lexical``: BM25),
and the share of the question's distinctive content words a clause contains. A question is
covered when any signal clears its threshold. Thresholds are named parameters;
``python -m assistant.answer.calibrate`` measures them on the eval set.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.text import content_terms, overlap
from assistant.protocols import Hit
from ingest.clause import Clause


@dataclass(frozen=True, slots=True)
class CoverageThresholds:
    """Where "covered" starts: thresholds on the top hits' dense cosine, BM25 and question-term overlap,
    measured with ``assistant.answer.calibrate`` on eval/data/qa.jsonl (see the closing notes of the answers issue)."""

    # Cosine similarity (all-MiniLM-L6-v2) of the question to a top clause that counts as covered. 0.38 gave the
    # best stance accuracy with false not-covered <= 5% on q001-q228 (0.34 before; the trade-off is in the README).
    min_dense: float = 0.38
    # BM25 score of a top clause that counts as covered.
    min_lexical: float = 4.0
    # Share of the question's distinctive terms a single top clause must contain (the only test when the
    # hits carry no dense/lexical evidence; then MIN_OVERLAP_ALONE applies).
    min_overlap: float = 0.6
    min_overlap_alone: float = 0.1
    # How many top hits are inspected.
    top: int = 5


DEFAULT_THRESHOLDS = CoverageThresholds()

# A question that asks for an amount, a frequency or a time limit ("how long are logs kept?", "max size for
# attachments?") is answered only by a clause that states one. The expected-answer-type check of classic question
# answering; without it a clause on the same topic ("internet sites visited are traceable") passes for an answer.
_NUMBER = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|a|an)"
_UNIT = r"(?:seconds?|minutes?|hours?|days?|working\s+days?|weeks?|months?|years?|terms?|[kmg]b|megabytes?|gigabytes?)"
# A policy's vague limit ("kept to a reasonable limit", "excessive use") still answers "how much".
_AMOUNT = (
    rf"\b{_NUMBER}[\s-]+{_UNIT}\b|£\s?\d|\b\d+\s?%|\b(?:at\s+least|no\s+more\s+than|up\s+to|within)\s+\d"
    r"|\b(?:reasonabl[ey]|excessive(?:ly)?|limited|minimal|occasional(?:ly)?)\b"
)
ANSWER_TYPES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (  # an amount or a duration
        re.compile(
            r"\bhow\s+(?:long|many|much|old)\b|\b(?:max(?:imum)?|min(?:imum)?)\s+(?:size|number|amount|length|limit|age)\b"
            r"|\bsize\s+limit\b|\bwhat\s+age\b",
            re.IGNORECASE,
        ),
        re.compile(_AMOUNT, re.IGNORECASE),
    ),
    (  # a frequency
        re.compile(r"\bhow\s+(?:often|frequently)\b", re.IGNORECASE),
        re.compile(
            _AMOUNT + r"|\b(?:regularly|daily|weekly|monthly|termly|annually|yearly|(?:every|each|once\s+a)\s+"
            r"(?:day|week|month|term|year))\b",
            re.IGNORECASE,
        ),
    ),
    (  # a time limit
        re.compile(r"\bhow\s+(?:soon|quickly|fast)\b", re.IGNORECASE),
        re.compile(_AMOUNT + r"|\b(?:immediately|promptly|as\s+soon\s+as|without\s+delay)\b", re.IGNORECASE),
    ),
)


@dataclass(frozen=True, slots=True)
class Coverage:
    """The decision and the evidence behind it."""

    covered: bool
    best_overlap: float
    best_dense: float | None
    best_lexical: float | None


def clause_evidence_text(clause: Clause) -> str:
    """Return the text a clause offers as evidence: its title, lead-in and text."""
    return f"{clause.title} {clause.lead_in} {clause.text}"


def _best(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def assess_coverage(
    question: str, hits: Sequence[Hit], *, thresholds: CoverageThresholds = DEFAULT_THRESHOLDS
) -> Coverage:
    """Decide whether the hits cover the question."""
    top = hits[: thresholds.top]
    if not top:
        return Coverage(False, 0.0, None, None)
    terms = content_terms(question, drop_generic=True)
    best_overlap = max((overlap(terms, clause_evidence_text(hit.clause)) for hit in top), default=0.0)
    dense = _best([getattr(hit, "dense", None) for hit in top])
    lexical = _best([getattr(hit, "lexical", None) for hit in top])
    if dense is None and lexical is None:
        return Coverage(best_overlap >= thresholds.min_overlap_alone, best_overlap, None, None)
    covered = (
        best_overlap >= thresholds.min_overlap
        or (dense is not None and dense >= thresholds.min_dense)
        or (lexical is not None and lexical >= thresholds.min_lexical)
    ) and states_what_is_asked(question, [hit.clause for hit in top])
    return Coverage(covered, best_overlap, dense, lexical)


def states_what_is_asked(question: str, clauses: Sequence[Clause]) -> bool:
    """Return False when the question asks how long, how often or how soon and no clause states such an amount."""
    texts = [clause_evidence_text(clause) for clause in clauses]
    return all(any(answer.search(text) for text in texts) for asks, answer in ANSWER_TYPES if asks.search(question))


def is_covered(question: str, hits: Sequence[Hit], *, thresholds: CoverageThresholds = DEFAULT_THRESHOLDS) -> bool:
    """Return True when some top hit really answers the question."""
    return assess_coverage(question, hits, thresholds=thresholds).covered
