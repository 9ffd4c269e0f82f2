"""Plain-English answer text: verdict first, then conditions and who to ask, then the cited clauses.

Readable in a terminal and as Markdown (bold titles, bullet lists, curly quotes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.confidence import DecisionSignals
from assistant.answer.contacts import Contact
from assistant.answer.stance import QuestionKind
from assistant.models import Citation, Stance

# How each stance opens the answer; {title} is the policy's title.
VERDICTS: dict[Stance, str] = {
    Stance.PROHIBITED: "No. {Title} does not allow this.",
    Stance.PERMITTED_WITH_CONDITIONS: "Yes, but only under conditions: {title} allows this only as set out below.",
    Stance.PERMITTED: "Yes. {Title} allows this.",
    Stance.REQUIRED: "{Title} sets a requirement here.",
    Stance.DISCOURAGED: "You are advised not to. {Title} discourages this.",
    Stance.INFORMATIONAL: "{Title} says the following.",
}
# "Do I have to ...?" questions read the same stances differently.
OBLIGATION_VERDICTS: dict[Stance, str] = {
    Stance.REQUIRED: "Yes, you must. {Title} requires this.",
    Stance.PERMITTED: "No, you do not have to. {Title} does not require this.",
}
# When the composer is not sure of the verdict it gives none: it shows what each policy says, in its own words.
UNSURE_OPENING = "Here is what {title} says about this:"
UNSURE_CLOSING = "Read the clauses to decide; this answer gives no verdict because the match is not certain."
# Opens the list of nearest clauses under a not-covered answer; they are shown, but they are not the answer.
RELATED_HEADING = "Related clauses (these do not answer the question):"
# Lead-ins longer than this are left out of the answer sentence (the citation keeps the clause id).
MAX_LEAD_IN_CHARS = 80
# What each stance is called when policies are compared.
STANCE_WORDS: dict[Stance, str] = {
    Stance.PROHIBITED: "does not allow it",
    Stance.PERMITTED_WITH_CONDITIONS: "allows it only under conditions",
    Stance.PERMITTED: "allows it",
    Stance.REQUIRED: "requires it",
    Stance.DISCOURAGED: "advises against it",
    Stance.INFORMATIONAL: "only describes it",
    Stance.NOT_COVERED: "does not cover it",
}
# How a contact role reads after "ask".
ROLE_PHRASES: dict[str, str] = {
    "Headteacher": "your Headteacher",
    "Line Manager": "your line manager",
    "Company Director": "the Company Director",
    "Data Protection Officer": "the Data Protection Officer",
    "designated safeguarding lead": "the designated safeguarding lead",
}


@dataclass(frozen=True, slots=True)
class PolicyPart:
    """What one policy says: its stance, the answering sentence, conditions, contact and citations."""

    document: str
    title: str  # as it reads mid-sentence, with its article: "the Social Media Policy"
    stance: Stance
    key_sentence: str
    key_clause: str
    key_lead_in: str
    condition: str | None
    contact: Contact | None
    citations: Sequence[Citation]
    signals: DecisionSignals | None = None
    key_label: str = ""  # how a person finds the key clause; "" means "§<key_clause>"


def verdict(part: PolicyPart, kind: QuestionKind) -> str:
    """Return the opening verdict sentence for one policy."""
    template = VERDICTS[part.stance]
    if kind is QuestionKind.OBLIGATION:
        template = OBLIGATION_VERDICTS.get(part.stance, template)
    return template.format(title=part.title, Title=cap(part.title))


def cap(text: str) -> str:
    """Return text with its first letter upper-cased (titles are kept mid-sentence as "the ...")."""
    return text[:1].upper() + text[1:]


def ask_line(contact: Contact | None) -> str:
    """Return the "who to ask" sentence for a contact."""
    if contact is None:
        return ""
    who = ROLE_PHRASES.get(contact.role, contact.role)
    return f"If you are unsure, ask {who} ({contact.where})."


def _quote_line(cit: Citation) -> str:
    if not cit.numbered:  # the label already names the heading: "under 'Email', paragraph 2"
        return f"- {cap(cit.where)}: “{cit.quote}”"
    return f"- §{cit.clause} ({cit.title}): “{cit.quote}”" if cit.title else f"- §{cit.clause}: “{cit.quote}”"


def render_part(part: PolicyPart, kind: QuestionKind, *, heading: bool) -> str:
    """Render one policy's section of the answer."""
    lines: list[str] = [f"**{cap(part.title)}**"] if heading else []
    lines.append(verdict(part, kind))
    lead = f"{part.key_lead_in} … " if part.key_lead_in and len(part.key_lead_in) <= MAX_LEAD_IN_CHARS else ""
    lines.append(f"It says ({part.key_label or '§' + part.key_clause}): “{lead}{part.key_sentence}”")
    if part.condition:
        lines.append(f"The condition, in the policy's words: “{part.condition}”.")
    ask = ask_line(part.contact)
    if ask:
        lines.append(ask)
    if part.citations:
        lines.append("Cited clauses:")
        lines.extend(_quote_line(cit) for cit in part.citations)
    return "\n".join(lines)


def render_differences(parts: Sequence[PolicyPart]) -> str:
    """Say plainly where the policies differ, one short line per policy (empty when they agree)."""
    if len({part.stance for part in parts}) < 2:
        return ""
    lines = [f"- {cap(part.title)}: {STANCE_WORDS[part.stance]} (§{part.key_clause})." for part in parts]
    return "\n".join(["Where they differ:", *lines])


def render_answer(parts: Sequence[PolicyPart], kind: QuestionKind) -> str:
    """Render the whole covered answer, grouped by policy when there are several."""
    if len(parts) == 1:
        return render_part(parts[0], kind, heading=False)
    blocks = [render_part(part, kind, heading=True) for part in parts]
    differences = render_differences(parts)
    if differences:
        blocks.insert(0, differences)
    return "\n\n".join(blocks)


def render_unsure_part(part: PolicyPart, *, heading: bool) -> str:
    """Render one policy's words without a verdict: its answering sentence, its clauses, who to ask."""
    lines: list[str] = [f"**{cap(part.title)}**"] if heading else []
    lines.append(UNSURE_OPENING.format(title=part.title))
    lead = f"{part.key_lead_in} … " if part.key_lead_in and len(part.key_lead_in) <= MAX_LEAD_IN_CHARS else ""
    lines.append(f"- §{part.key_clause}: “{lead}{part.key_sentence}”")
    if part.citations:
        lines.append("Cited clauses:")
        lines.extend(_quote_line(cit) for cit in part.citations)
    ask = ask_line(part.contact)
    if ask:
        lines.append(ask)
    return "\n".join(lines)


def render_unsure(parts: Sequence[PolicyPart]) -> str:
    """Render an answer with no verdict (the confidence is below the threshold): the clauses and who to ask."""
    blocks = [render_unsure_part(part, heading=len(parts) > 1) for part in parts]
    return "\n\n".join([*blocks, UNSURE_CLOSING])


def render_not_covered(
    titles: Sequence[str],
    contacts: Sequence[tuple[str, Contact | None]],
    *,
    related: Sequence[Citation] = (),
) -> str:
    """Say the policies do not cover the question, who each says to ask, then the nearest (related) clauses."""
    if len(titles) == 1:
        head = f"{cap(titles[0])} does not cover this."
    elif titles:
        head = "None of these policies covers this: " + ", ".join(titles) + "."
    else:
        head = "None of the policies covers this."
    lines = [head]
    for title, contact in contacts:
        if contact is not None:
            who = ROLE_PHRASES.get(contact.role, contact.role)
            lines.append(f"- {cap(title)}: ask {who} ({contact.where}).")
    if len(lines) > 1:
        lines.insert(1, "Who to ask instead:")
    if related:
        lines.append(RELATED_HEADING)
        lines.extend(f"- {cap(cit.document_title or cit.document)} {cit.where}: “{cit.quote}”" for cit in related)
    return "\n".join(lines)
