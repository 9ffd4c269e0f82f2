"""The JSON API: ask, documents, clauses, feedback, health and readiness."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from assistant.api.auth import ClientDep
from assistant.api.schemas import (
    ANSWER_EXAMPLE,
    AskRequest,
    ClauseOut,
    DocumentChangesOut,
    DocumentOut,
    ErrorResponse,
    FeedbackOut,
    FeedbackRequest,
    Health,
)
from assistant.api.state import ApiState, StateDep
from assistant.api.tenancy import KeyOrganisationDep, choose
from assistant.compare import compare_policies
from assistant.errors import InvalidRequestError, OutsideOrganisationError, UnknownDocumentError
from assistant.guard.check import message_for
from assistant.models import Answer
from assistant.owners.library import document_changes
from ingest.versions import VersionArchive

_COMMON: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Missing or unknown bearer API key."},
    413: {"model": ErrorResponse, "description": "Request body too large."},
    429: {"model": ErrorResponse, "description": "Rate limit exceeded; see Retry-After."},
    503: {"model": ErrorResponse, "description": "The index and models are still loading."},
}
_INVALID: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "The body could not be parsed."},
    422: {"model": ErrorResponse, "description": "Invalid request, with a reason."},
}

_NOT_VISIBLE: dict[str, Any] = {
    "model": ErrorResponse,
    "description": "Unknown organisation, or a document outside the key's organisation.",
}
_ORGANISATION_QUERY = Query(
    max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$", description="An organisation id (keys bound to one use theirs)."
)

router = APIRouter(tags=["policy"])
health = APIRouter(tags=["health"])


@router.post(
    "/v1/ask",
    response_model=Answer,
    summary="Answer a policy question",
    description="Refusals by the AI-input guard are 200 with `refused: true` and the guard's message.",
    responses={
        200: {"content": {"application/json": {"example": ANSWER_EXAMPLE}}},
        **_COMMON,
        **_INVALID,
        404: _NOT_VISIBLE,
        502: {"model": ErrorResponse, "description": "The chat model failed."},
    },
)
async def ask(
    body: AskRequest,
    request: Request,
    state: StateDep,
    _client: ClientDep,
    bound: KeyOrganisationDep,
) -> Answer:
    """Guard, retrieve and answer one question."""
    limit = state.settings.max_question_chars
    if len(body.question) > limit:
        raise InvalidRequestError(f"question is longer than {limit} characters")
    if any(len(turn) > limit for turn in body.history):
        raise InvalidRequestError(f"each history turn must be at most {limit} characters")
    assistant = state.require_assistant()
    history = state.settings.recent_history(body.history)  # older turns are dropped unread: they bound the cost
    organisation = choose(bound, body.organisation)
    within = {"organisation": organisation} if organisation is not None else {}
    try:
        run: Callable[..., Answer] = partial(compare_policies, assistant) if body.compare else assistant.ask
        answer = await asyncio.to_thread(run, body.question, documents=tuple(body.documents), history=history, **within)
    except OutsideOrganisationError:
        raise  # 404: another organisation's document must read exactly like a missing one
    except UnknownDocumentError as exc:
        # An unknown id in the request body is a bad request, not a missing resource.
        raise InvalidRequestError(str(exc)) from exc
    request.state.guard_categories = list(answer.categories)
    request.state.refused = answer.refused
    request.state.mode = answer.mode
    request.state.answer_id = answer.id
    if answer.fallback:
        request.state.fallback = answer.fallback
    await issue_answer(state, answer)
    return answer


@router.get(
    "/v1/documents",
    response_model=list[DocumentOut],
    summary="List the ingested policies",
    responses={**_COMMON, 404: _NOT_VISIBLE, 422: _INVALID[422]},
)
async def documents(
    state: StateDep, bound: KeyOrganisationDep, organisation: Annotated[str | None, _ORGANISATION_QUERY] = None
) -> list[DocumentOut]:
    """Return ids, titles, organisation, dates and clause counts (only the key's organisation's when bound)."""
    assistant = state.require_assistant()
    chosen = choose(bound, organisation)
    metas = await asyncio.to_thread(assistant.documents, *((chosen,) if chosen is not None else ()))
    return [DocumentOut.of(meta) for meta in metas]


@router.get(
    "/v1/documents/{document_id}/clauses",
    response_model=list[ClauseOut],
    summary="List one policy's clauses in source order",
    responses={
        **_COMMON,
        404: {"model": ErrorResponse, "description": "Unknown (or another organisation's) id."},
        422: _INVALID[422],
    },
)
async def clauses(
    document_id: str,
    state: StateDep,
    bound: KeyOrganisationDep,
    organisation: Annotated[str | None, _ORGANISATION_QUERY] = None,
) -> list[ClauseOut]:
    """Return the clauses of one document (404 when unknown or another organisation's)."""
    assistant = state.require_assistant()
    chosen = choose(bound, organisation)
    found = await asyncio.to_thread(assistant.clauses, document_id, *((chosen,) if chosen is not None else ()))
    return [ClauseOut.of(clause) for clause in found]


@router.get(
    "/v1/documents/{document_id}/changes",
    response_model=DocumentChangesOut,
    summary="What changed in a policy between two versions",
    description="Default: the latest version against the one before; `old_version` is null when there is none.",
    responses={
        **_COMMON,
        404: {"model": ErrorResponse, "description": "Unknown (or another organisation's) id, or no such version."},
        422: _INVALID[422],
    },
)
async def changes(
    document_id: str,
    state: StateDep,
    bound: KeyOrganisationDep,
    organisation: Annotated[str | None, _ORGANISATION_QUERY] = None,
    old: Annotated[int | None, Query(alias="from", ge=1, le=1_000_000, description="The older version.")] = None,
    new: Annotated[int | None, Query(alias="to", ge=1, le=1_000_000, description="The newer version.")] = None,
) -> DocumentChangesOut:
    """Return the clause-level diff of one published policy (404 when unknown or another organisation's)."""
    assistant = state.require_assistant()
    chosen = choose(bound, organisation)
    # The served document decides visibility, exactly as for its clauses.
    await asyncio.to_thread(assistant.clauses, document_id, *((chosen,) if chosen is not None else ()))
    archive = VersionArchive(state.settings.versions_dir)
    found = await asyncio.to_thread(
        document_changes, archive, document_id, old=old, new=new, is_published=lambda _document: True
    )
    return DocumentChangesOut.model_validate(found.to_dict())


@router.post(
    "/v1/feedback",
    response_model=FeedbackOut,
    status_code=201,
    summary="Rate an answer",
    description="A comment is checked by the AI-input guard first; a refused comment is 422 and not stored.",
    responses={**_COMMON, **_INVALID},
)
async def feedback(
    body: FeedbackRequest,
    request: Request,
    state: StateDep,
    _client: ClientDep,
) -> FeedbackOut:
    """Guard the comment, then store the rating."""
    assistant = state.require_assistant()
    comment = (body.comment or "").strip() or None
    if comment is not None:
        verdict = await asyncio.to_thread(assistant.check, comment)
        request.state.guard_categories = [str(c) for c in verdict.categories]
        if verdict.refused:
            request.state.refused = True
            # Not quoting the rule's policy: a key bound to another organisation must never see that document.
            raise InvalidRequestError(message_for(verdict, cite_rule=False))
    store = _feedback_store(state)
    if not await asyncio.to_thread(store.was_issued, body.answer_id):
        raise InvalidRequestError("answer_id: not an answer this service gave")
    clauses = [(ref.document, ref.clause) for ref in body.clauses]
    await asyncio.to_thread(_check_clauses, assistant, clauses)
    await asyncio.to_thread(
        store.record, answer_id=body.answer_id, rating=body.score(), comment=comment, clauses=clauses
    )
    request.state.answer_id = body.answer_id
    return FeedbackOut(answer_id=body.answer_id)


@health.get("/healthz", response_model=Health, summary="Liveness: the process is up")
async def healthz() -> Health:
    """Answer at once, even while the index loads."""
    return Health(status="ok")


@health.get(
    "/readyz",
    response_model=Health,
    summary="Readiness: index and models loaded",
    responses={503: {"model": Health, "description": "Still loading, or loading failed."}},
)
async def readyz(state: StateDep) -> Health | JSONResponse:
    """Return 200 once the assistant is loaded and ready, else 503."""
    assistant = state.assistant
    if assistant is not None and await asyncio.to_thread(assistant.ready):
        return Health(status="ready")
    waiting = Health(status="failed", detail=state.load_error) if state.load_error else Health(status="loading")
    return JSONResponse(waiting.model_dump(), status_code=503)


async def issue_answer(state: ApiState, answer: Answer) -> None:
    """Record the id of an answer given out (not refusals' text, nothing else), so feedback can be checked."""
    await asyncio.to_thread(_feedback_store(state).issue, answer.id)


def _check_clauses(assistant: Any, clauses: list[tuple[str, str]]) -> None:
    """Raise InvalidRequestError unless every (document, clause) names a clause in the index."""
    known: dict[str, set[str]] = {}
    for document, clause in clauses:
        if document not in known:
            try:
                known[document] = {c.clause_id for c in assistant.clauses(document)}
            except UnknownDocumentError as exc:
                raise InvalidRequestError(f"clauses: unknown document {document!r}") from exc
        if clause not in known[document]:
            raise InvalidRequestError(f"clauses: {document!r} has no clause {clause!r}")


def _feedback_store(state: ApiState) -> Any:
    if state.feedback_store is None:
        from assistant.feedback import FeedbackStore

        state.feedback_store = FeedbackStore(state.settings.feedback_db)
    return state.feedback_store
