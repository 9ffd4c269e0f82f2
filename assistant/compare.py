"""Compare policies on purpose: one question answered from each policy separately, one row per policy."""

from __future__ import annotations

import time
from collections.abc import Sequence

from assistant.facade import AssistantAPI
from assistant.models import Answer, ComparisonRow, Stance

_VERDICT = {
    Stance.PROHIBITED: "Not allowed",
    Stance.DISCOURAGED: "Discouraged",
    Stance.PERMITTED: "Allowed",
    Stance.PERMITTED_WITH_CONDITIONS: "Allowed with conditions",
    Stance.REQUIRED: "Required",
    Stance.INFORMATIONAL: "Information",
    Stance.NOT_COVERED: "Not covered",
}


def compare_policies(
    assistant: AssistantAPI,
    question: str,
    *,
    documents: Sequence[str] = (),
    history: Sequence[str] = (),
    organisation: str | None = None,
) -> Answer:
    """Answer from each policy in scope on its own (every one, or ``documents``) and return one row per policy."""
    started = time.perf_counter()
    within = {"organisation": organisation} if organisation is not None else {}
    metas = {meta.document_id: meta for meta in assistant.documents(*((organisation,) if organisation else ()))}
    rows: list[ComparisonRow] = []
    for document in documents or tuple(metas):
        answer = assistant.ask(question, documents=[document], history=history, **within)
        if answer.refused:  # the guard decides once for the question, whichever policy is read
            return answer
        meta = metas.get(document)
        rows.append(_row(answer, document=document, title=meta.title if meta else document, org=_org(meta)))
    return Answer(
        stance=Stance.INFORMATIONAL,
        answer="\n".join(_line(row) for row in rows),
        citations=[cite for row in rows for cite in row.citations[:1]],
        scope=[row.document for row in rows],
        scope_source="request" if documents else "all",
        organisation=organisation,
        comparison=rows,
        latency_ms=(time.perf_counter() - started) * 1000,
    )


def _org(meta: object) -> str:
    return str(getattr(meta, "organisation_id", "") or "")


def _row(answer: Answer, *, document: str, title: str, org: str) -> ComparisonRow:
    cite = answer.citations[0] if answer.citations and answer.stance is not Stance.NOT_COVERED else None
    shown = answer.shows_verdict() or answer.stance is Stance.NOT_COVERED  # "not covered" needs no confidence
    return ComparisonRow(
        document=document,
        document_title=title,
        organisation=org,
        stance=answer.stance,
        confident=answer.shows_verdict(),
        verdict=_VERDICT[answer.stance] if shown else "Read the clause",
        clause=cite.clause if cite else None,
        label=cite.where if cite else None,
        quote=cite.quote if cite else None,
        citations=answer.citations,
    )


def _line(row: ComparisonRow) -> str:
    where = f" {row.label}: \u201c{row.quote}\u201d" if row.quote else ""
    return f"- {row.document_title}: {row.verdict}.{where}"
