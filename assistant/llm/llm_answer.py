"""LLM mode: ask the chat model over numbered clauses, verify its JSON reply, or fall back to the extractive answer.

Verification: the reply parses as one JSON object; its stance is a known Stance; every citation's
number maps to a retrieved clause; every quote is verbatim in that clause's text; a covered stance
cites at least one clause. Any failure, model error or timeout returns the extractive Answer with
``fallback`` saying why (mode stays "extractive").
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from assistant.answer.citations import is_verbatim
from assistant.answer.draft import display_title
from assistant.answer.prompts import MAX_PROMPT_CLAUSES, build_messages
from assistant.errors import ModelError
from assistant.models import Answer, Citation, Stance
from assistant.protocols import ChatModel, Hit
from ingest.clause import DocumentMeta

log = logging.getLogger(__name__)
MAX_QUOTE_CHARS = 400
MAX_LLM_CITATIONS = 6
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.IGNORECASE)


class Rejected(Exception):
    """The model's reply failed verification (the message is the short fallback reason)."""


def answer_with_llm(
    question: str,
    hits: Sequence[Hit],
    *,
    model: ChatModel,
    extractive: Answer,
    timeout_s: float,
    documents: Mapping[str, DocumentMeta],
) -> Answer:
    """Return the verified LLM answer (mode "llm"), or the extractive one with ``fallback`` set."""
    if extractive.stance is Stance.NOT_COVERED or not hits:
        return _fall_back(extractive, "not covered: no clause to ground an LLM answer")
    shown = list(hits[:MAX_PROMPT_CLAUSES])
    try:
        reply = call_with_deadline(model, build_messages(question, shown), timeout_s=timeout_s)
        return verified_answer(reply, shown, extractive=extractive, documents=documents)
    except FutureTimeout:
        return _fall_back(extractive, f"timeout: no reply within {timeout_s:g} s")
    except ModelError as exc:
        return _fall_back(extractive, f"model error: {exc}")
    except Rejected as exc:
        return _fall_back(extractive, f"verification failed: {exc}")


def call_with_deadline(model: ChatModel, messages: Sequence[Any], *, timeout_s: float) -> str:
    """Run model.complete in a worker thread and give up at the deadline (raises FutureTimeout)."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policy-llm")
    try:
        future = pool.submit(model.complete, messages, timeout_s=timeout_s)
        return future.result(timeout=timeout_s)
    finally:
        # Do not wait for a hung call; the adapter's own client timeout ends the thread.
        pool.shutdown(wait=False, cancel_futures=True)


def parse_reply(reply: str) -> dict[str, Any]:
    """Return the JSON object in a reply (tolerating code fences and text around it)."""
    text = _FENCE.sub("", reply.strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise Rejected("reply is not JSON")
    try:
        data = json.loads(text[start : end + 1])
    except json.JSONDecodeError:
        raise Rejected("reply is not valid JSON") from None
    if not isinstance(data, dict):
        raise Rejected("reply is not a JSON object")
    return data


def parse_stance(value: Any) -> Stance:
    """Return the Stance named by the reply."""
    try:
        return Stance(str(value).strip().lower())
    except ValueError:
        raise Rejected(f"unknown stance {str(value)[:40]!r}") from None


def verify_citations(raw: Any, hits: Sequence[Hit], documents: Mapping[str, DocumentMeta]) -> list[Citation]:
    """Map each {"n", "quote"} to its retrieved clause and check the quote is verbatim."""
    if not isinstance(raw, list):
        raise Rejected("citations is not a list")
    citations: list[Citation] = []
    for item in raw[:MAX_LLM_CITATIONS]:
        if not isinstance(item, dict):
            raise Rejected("a citation is not an object")
        try:
            n = int(str(item.get("n", "")).strip().lstrip("[").rstrip("]"))
        except ValueError:
            raise Rejected("a citation has no clause number") from None
        if not 1 <= n <= len(hits):
            raise Rejected(f"citation [{n}] is not a retrieved clause")
        clause = hits[n - 1].clause
        quote = " ".join(str(item.get("quote", "")).split()).strip('"“” ')
        if not quote or len(quote) > MAX_QUOTE_CHARS or not is_verbatim(quote, clause.text):
            raise Rejected(f"quote for [{n}] is not verbatim in §{clause.clause_id}")
        title = display_title(clause.document_id, documents, clause_id=clause.clause_id)
        citations.append(
            Citation(
                document=clause.document_id,
                clause=clause.clause_id,
                title=clause.title,
                quote=quote,
                document_title=title,
                text=clause.text,
                numbered=clause.numbered,
                page=clause.page,
                label=clause.label,
            )
        )
    return citations


def verified_answer(
    reply: str, hits: Sequence[Hit], *, extractive: Answer, documents: Mapping[str, DocumentMeta]
) -> Answer:
    """Return the LLM Answer if the reply passes every check; raise Rejected otherwise."""
    data = parse_reply(reply)
    stance = parse_stance(data.get("stance"))
    text = data.get("answer")
    if not isinstance(text, str) or not text.strip():
        raise Rejected("answer text is missing")
    citations = verify_citations(data.get("citations", []), hits, documents)
    if stance is not Stance.NOT_COVERED and not citations:
        raise Rejected("a covered answer cites no clause")
    if stance is Stance.NOT_COVERED and citations:
        raise Rejected("a not-covered answer cites clauses")
    body = text.strip()
    if citations:
        body += "\n\nCited clauses:\n" + "\n".join(f"- {c.document} {c.where}: “{c.quote}”" for c in citations)
    return extractive.model_copy(
        update={"stance": stance, "answer": body, "citations": citations, "mode": "llm", "fallback": None}
    )


def _fall_back(extractive: Answer, reason: str) -> Answer:
    """Return the extractive answer, recording why the LLM answer was not used."""
    log.info("llm answer fell back: %s", reason.split(":")[0])
    return extractive.model_copy(update={"fallback": reason, "mode": "extractive"})
