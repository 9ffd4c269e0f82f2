"""GET /v1/health/policies: the policy health report as JSON or CSV (an organisation-bound key sees its own)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from assistant.api.auth import ClientDep
from assistant.api.routes import _COMMON, _INVALID, _NOT_VISIBLE, _ORGANISATION_QUERY
from assistant.api.state import StateDep
from assistant.api.tenancy import KeyOrganisationDep, choose
from assistant.owners.health import build_health
from assistant.owners.topics import load_topics

router = APIRouter(tags=["owners"])

_FORMAT = Query(description="`json` (default) or `csv` (one row per organisation and policy).")


@router.get(
    "/v1/health/policies",
    summary="Policy health: review dates and the topic matrix",
    description="Per organisation and policy: the review date and its state (overdue, due_soon, current, "
    "none_stated) and, for each topic in the topics file, whether a clause addresses it and which.",
    responses={
        200: {"content": {"application/json": {}, "text/csv": {}}},
        **_COMMON,
        404: _NOT_VISIBLE,
        422: _INVALID[422],
    },
)
async def health_policies(
    state: StateDep,
    _client: ClientDep,
    bound: KeyOrganisationDep,
    organisation: Annotated[str | None, _ORGANISATION_QUERY] = None,
    format: Annotated[Literal["json", "csv"], _FORMAT] = "json",
) -> Response:
    """Build the report for the key's organisation (or the one asked for, or all) on today's date."""
    assistant = state.require_assistant()
    chosen = choose(bound, organisation)
    settings = state.settings
    topics = await asyncio.to_thread(load_topics, settings.topics_path)  # read per request: edits apply at once
    report = await asyncio.to_thread(
        build_health,
        assistant,
        topics=topics,
        today=date.today(),
        due_days=settings.review_due_days,
        organisation=chosen,
    )
    if format == "csv":
        name = f"policy-health-{report.generated_on}.csv"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        return Response(report.to_csv(), media_type="text/csv; charset=utf-8", headers=headers)
    return JSONResponse(report.to_dict())
