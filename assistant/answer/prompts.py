"""Prompts for the optional LLM mode: numbered clauses in, a JSON answer that cites them out."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.models import Stance
from assistant.protocols import ChatMessage, Hit

# How many retrieved clauses the model sees (numbered from 1).
MAX_PROMPT_CLAUSES = 8
STANCE_VALUES = ", ".join(s.value for s in Stance)

SYSTEM_PROMPT = f"""You answer school staff questions about their organisation's IT, email, social media and AI-use \
policies. Use ONLY the numbered policy clauses below. Never invent rules, clause numbers or contacts.

Clauses (each line: [n] <document> §<clause>: <text>; an indented "lead-in:" line is the rule a bullet continues):
{{clauses}}

Reply with ONE JSON object and nothing else:
{{{{"stance": "<one of: {STANCE_VALUES}>", "answer": "<2-4 plain English sentences, verdict first>", \
"citations": [{{{{"n": <clause number>, "quote": "<exact words copied from that clause's text>"}}}}]}}}}

Rules:
- stance: prohibited (the policy forbids it), discouraged (advised against), permitted, permitted_with_conditions \
(allowed only with consent, authorisation or other conditions), required (a duty), informational (facts only), \
not_covered (no clause answers the question).
- Start the answer with the verdict ("No.", "Yes, but only ...", "Yes.", "You are advised not to ...", \
"Yes, you must ...", "The policy says ..."), then any conditions and who to ask.
- Cite 1 to 3 clauses by their number n. Each quote must be copied character for character from the clause text \
(not from the lead-in), at most 300 characters.
- If no clause answers the question, use stance "not_covered", say so, and cite nothing."""

USER_PROMPT = "Question: {question}\nReply with the JSON object only."


def format_clause(n: int, hit: Hit) -> str:
    """Format one retrieved clause as a numbered prompt line: "[n] <document> §<clause>: <text>"."""
    clause = hit.clause
    line = f"[{n}] {clause.document_id} {clause.label}: {clause.text}"  # "§2.1", or "under 'Email', paragraph 2"
    if clause.lead_in:
        line += f"\n    lead-in: {clause.lead_in}"
    return line


def format_clauses(hits: Sequence[Hit]) -> str:
    """Format the prompt's clause list, numbered from 1 in rank order."""
    return "\n".join(format_clause(n, hit) for n, hit in enumerate(hits, start=1))


def build_messages(question: str, hits: Sequence[Hit]) -> list[ChatMessage]:
    """Return the system and user messages for one question over its top retrieved clauses."""
    system = SYSTEM_PROMPT.format(clauses=format_clauses(hits[:MAX_PROMPT_CLAUSES]))
    return [ChatMessage("system", system), ChatMessage("user", USER_PROMPT.format(question=question))]
