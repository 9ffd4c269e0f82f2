"""Adaptive Cards (v1.4) for Teams replies; outgoing-webhook cards may only use openURL actions."""

from __future__ import annotations

from typing import Any

from assistant.models import Answer, Citation, Stance

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
_QUOTE_CHARS = 400

VERDICTS: dict[Stance, tuple[str, str]] = {
    Stance.PROHIBITED: ("Not allowed", "attention"),
    Stance.DISCOURAGED: ("Discouraged", "warning"),
    Stance.PERMITTED: ("Allowed", "good"),
    Stance.PERMITTED_WITH_CONDITIONS: ("Allowed, with conditions", "warning"),
    Stance.REQUIRED: ("Required", "accent"),
    Stance.INFORMATIONAL: ("Information", "default"),
    Stance.NOT_COVERED: ("Not covered by the policies", "default"),
}
# Shown instead of a verdict when the answer is not confident: the reader decides from the quoted clauses.
NEUTRAL_LABEL = ("Read the clauses", "default")


def verdict_label(answer: Answer) -> tuple[str, str]:
    """Return the verdict heading and its Adaptive Card colour."""
    if answer.refused:
        return "Refused: remove confidential details", "attention"
    if answer.stance is not Stance.NOT_COVERED and not answer.shows_verdict():
        return NEUTRAL_LABEL
    return VERDICTS.get(answer.stance, ("Answer", "default"))


def _where(cite: Citation) -> str:
    """Return "clause 2.14/2.12[, p. 3]" for a numbered clause, else its label ("under 'Email', paragraph 2")."""
    if not cite.numbered:
        return cite.where
    return f"clause {cite.clause}, p. {cite.page}" if cite.page is not None else f"clause {cite.clause}"


def plain_text(answer: Answer) -> str:
    """Return the answer as plain text, the fallback for clients that cannot show cards."""
    label, _ = verdict_label(answer)
    lines = [f"{label}. {answer.answer}".strip()]
    for cite in [*answer.citations, *answer.related]:
        lines.append(f'- {cite.document} {_where(cite)}: "{_clip(cite.quote)}"')
    return "\n".join(lines)


def answer_card(answer: Answer, *, web_url: str | None = None) -> dict[str, Any]:
    """Build the card: verdict, short answer, cited clauses with quotes, notices."""
    label, colour = verdict_label(answer)
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": label, "weight": "Bolder", "size": "Medium", "color": colour, "wrap": True},
        {"type": "TextBlock", "text": answer.answer or "(no answer)", "wrap": True},
    ]
    for cite in [*answer.citations, *answer.related]:
        title = cite.document_title or cite.document
        body.append(
            {
                "type": "Container",
                "separator": True,
                "items": [
                    {
                        "type": "TextBlock",
                        "text": f"{title}, {_where(cite)}"
                        + (f" ({cite.title})" if cite.title and cite.numbered else ""),
                        "weight": "Bolder",
                        "wrap": True,
                        "size": "Small",
                    },
                    {"type": "TextBlock", "text": f"“{_clip(cite.quote)}”", "wrap": True, "isSubtle": True},
                ],
            }
        )
    if answer.scope_source == "question":
        named = ", ".join(answer.scope)
        body.append(
            {"type": "TextBlock", "text": f"Policy named in your question: {named}", "size": "Small", "wrap": True}
        )
    for notice in answer.notices:
        body.append({"type": "TextBlock", "text": notice, "wrap": True, "size": "Small", "color": "warning"})
    if answer.fallback:
        body.append({"type": "TextBlock", "text": "Quick answer (time limit).", "size": "Small", "isSubtle": True})
    return _card(body, fallback=plain_text(answer), web_url=web_url)


def notice_card(text: str, *, web_url: str | None = None) -> dict[str, Any]:
    """Build a one-line card, e.g. when the answer took too long."""
    return _card([{"type": "TextBlock", "text": text, "wrap": True}], fallback=text, web_url=web_url)


def message(card: dict[str, Any], *, fallback_text: str) -> dict[str, Any]:
    """Wrap a card in the synchronous reply Activity Teams expects."""
    return {
        "type": "message",
        "text": fallback_text,
        "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": card}],
    }


def _card(body: list[dict[str, Any]], *, fallback: str, web_url: str | None) -> dict[str, Any]:
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "fallbackText": fallback,
        "body": body,
    }
    if web_url:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "Open Policy Assistant", "url": web_url}]
    return card


def _clip(text: str) -> str:
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1].rstrip() + "…"
