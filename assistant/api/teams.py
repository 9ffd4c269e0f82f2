"""Microsoft Teams outgoing webhook: verify the HMAC, answer within the time budget, reply with a card."""

from __future__ import annotations

import asyncio
import html
import json
import logging
import re
import time
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, ConfigDict, ValidationError
from starlette.requests import ClientDisconnect

from assistant.api import cards
from assistant.api.auth import client_hash, count_auth_failure, enforce_rate_limit, refuse_blocked_address
from assistant.api.routes import issue_answer
from assistant.api.schemas import ErrorResponse
from assistant.api.state import ApiState, StateDep
from assistant.api.teams_tenancy import teams_keys, verify_organisation
from assistant.errors import PolicyAssistantError
from assistant.facade import AssistantAPI
from assistant.models import Answer

log = logging.getLogger("assistant.api")
router = APIRouter(tags=["teams"])

_MENTION = re.compile(r"<at\b[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
SLOW_TEXT = "Sorry, that took too long for Teams. Please ask again, or use the Policy Assistant web app."
HELP_TEXT = "Mention me with a question about the IT, email, social-media or AI-use policies."


class TeamsActivity(BaseModel):
    """The parts of the Activity Teams posts that this endpoint reads."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "type": "message",
                    "id": "1485983408511",
                    "text": "<at>Policy Assistant</at> Can I post photos of pupils on my own Instagram?",
                    "textFormat": "plain",
                    "from": {"id": "29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB", "name": "A. Teacher"},
                    "conversation": {"id": "19:253b1f341670408fb6fcb58a6dac1d27@thread.skype"},
                }
            ]
        },
    )

    type: str = "message"
    text: str | None = None


class TeamsReply(BaseModel):
    """The synchronous reply: plain-text fallback plus one Adaptive Card attachment."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                cards.message(
                    cards.notice_card("Not allowed. Staff must not post photos of pupils on personal accounts."),
                    fallback_text="Not allowed. Staff must not post photos of pupils on personal accounts.",
                )
            ]
        }
    )

    type: str = "message"
    text: str
    attachments: list[dict[str, Any]]


def clean_text(text: str) -> str:
    """Strip the <at>mention</at>, HTML tags and entities; collapse whitespace."""
    without_mention = _MENTION.sub(" ", text)
    plain = html.unescape(_TAG.sub(" ", without_mention))
    return " ".join(plain.replace("\xa0", " ").split())


async def answer_within_budget(
    assistant: AssistantAPI, question: str, *, budget_s: float, organisation: str | None = None
) -> Answer | None:
    """Ask normally; if that misses the budget, fall back to the extractive answer; None when both miss."""
    started = time.perf_counter()
    within = {"organisation": organisation} if organisation is not None else {}
    extractive = getattr(assistant, "ask_extractive", None)
    # Keep a slice of the budget for the extractive fallback, which needs well under a second.
    first = budget_s - min(1.0, budget_s / 4) if extractive else budget_s
    try:
        return await asyncio.wait_for(asyncio.to_thread(assistant.ask, question, **within), timeout=first)
    except TimeoutError:
        pass
    if extractive is None:
        return None
    remaining = max(budget_s - (time.perf_counter() - started), 0.05)
    try:
        answer: Answer = await asyncio.wait_for(asyncio.to_thread(extractive, question, **within), timeout=remaining)
    except TimeoutError:
        return None
    if not answer.fallback:
        answer.fallback = "time budget"
    return answer


@router.post(
    "/v1/teams/messages",
    summary="Microsoft Teams outgoing webhook",
    description=(
        "Teams posts an Activity when the webhook is @mentioned. The request must carry "
        "`Authorization: HMAC <base64>` (HMAC-SHA256 of the raw body keyed with the base64-decoded "
        "security token). Replies synchronously, within `POLICY_TEAMS_TIME_BUDGET_S`, with an Adaptive Card."
    ),
    response_model=TeamsReply,
    responses={
        400: {"model": ErrorResponse, "description": "Signed, but not a JSON Activity."},
        401: {"model": ErrorResponse, "description": "Missing or bad HMAC signature; nothing was processed."},
        409: {"model": ErrorResponse, "description": "A replay: the activity id was seen, or its timestamp is stale."},
        413: {"model": ErrorResponse, "description": "Body too large."},
        429: {"model": ErrorResponse, "description": "Rate limit exceeded."},
        503: {"model": ErrorResponse, "description": "POLICY_TEAMS_HMAC_SECRET is not configured."},
    },
    openapi_extra={
        "security": [{"TeamsHMAC": []}],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TeamsActivity"}}},
        },
    },
)
async def teams_messages(request: Request, state: StateDep) -> dict[str, Any]:
    """Verify, clean, guard and answer one Teams message."""
    teams_keys(state.settings)  # 503 before reading the body when no token is configured
    address = request.client.host if request.client else "unknown"
    refuse_blocked_address(state, address)
    try:
        body = await request.body()
    except ClientDisconnect as exc:  # the client went away mid-body: nobody to answer, nothing to log as an error
        request.state.event = "client_disconnected"
        raise HTTPException(400, "the request body was not received in full") from exc
    try:
        organisation = verify_organisation(state.settings, request.headers.get("authorization"), body)
    except HTTPException as exc:
        if exc.status_code == 401:
            count_auth_failure(state, address)
        raise
    activity = _parse(body)
    extra = activity.model_extra or {}
    problem = state.replays.problem(activity_id=_text(extra.get("id")), timestamp=_text(extra.get("timestamp")))
    if problem:
        request.state.event = "teams_replay_refused"
        raise HTTPException(409, problem)
    sender = extra.get("from")
    sender_id = sender.get("id") if isinstance(sender, dict) else None
    salt = state.settings.audit_salt.get_secret_value()
    client = "teams:" + client_hash(str(sender_id or address), salt=salt)
    request.state.client_id = client
    enforce_rate_limit(state, client)
    question = clean_text(activity.text or "")
    if not question:
        return cards.message(cards.notice_card(HELP_TEXT), fallback_text=HELP_TEXT)
    if len(question) > state.settings.max_question_chars:
        text = f"Please keep the question under {state.settings.max_question_chars} characters."
        return cards.message(cards.notice_card(text), fallback_text=text)
    return await _reply(request, state, question, organisation=organisation)


async def _reply(request: Request, state: ApiState, question: str, *, organisation: str | None) -> dict[str, Any]:
    try:
        assistant = state.require_assistant()
        budget_s = state.settings.teams_time_budget_s
        answer = await answer_within_budget(assistant, question, budget_s=budget_s, organisation=organisation)
    except PolicyAssistantError as exc:
        request.state.event = type(exc).__name__
        text = "Sorry, the Policy Assistant cannot answer right now. Please try again shortly."
        return cards.message(cards.notice_card(text), fallback_text=text)
    if answer is None:
        request.state.event = "time_budget_exceeded"
        return cards.message(cards.notice_card(SLOW_TEXT), fallback_text=SLOW_TEXT)
    request.state.guard_categories = list(answer.categories)
    request.state.refused = answer.refused
    request.state.mode = answer.mode
    request.state.fallback = answer.fallback
    request.state.answer_id = answer.id
    await issue_answer(state, answer)
    return cards.message(cards.answer_card(answer), fallback_text=cards.plain_text(answer))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _parse(body: bytes) -> TeamsActivity:
    try:
        return TeamsActivity.model_validate(json.loads(body))
    except (ValueError, ValidationError, RecursionError) as exc:  # RecursionError: a deeply nested, signed body
        raise HTTPException(400, "the body is not a Teams message Activity (JSON object)") from exc
