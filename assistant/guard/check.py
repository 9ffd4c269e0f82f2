"""The guard's pure core: text in, Verdict out; a refusal is data, never an exception."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.guard.config import GuardConfig
from assistant.guard.identifiers import find_identifiers
from assistant.guard.normalise import clean, deobfuscate
from assistant.guard.organisations import find_organisations, public_spans
from assistant.guard.people import find_people
from assistant.guard.presidio import presidio_findings
from assistant.guard.topics import find_topics
from assistant.guard.verdict import Category, Finding, Verdict

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine

RULE_DOCUMENT = "school-social-media-electronic-comms-2025"
RULE_CITATION = f"{RULE_DOCUMENT}, section 8"
RULE_QUOTE = (
    "employees must not input any information into AI that: identifies the school, either directly or indirectly, "
    "is reasonably considered to be confidential or sensitive information relating to the school"
)
# Said instead of quoting the rule to an organisation whose policies do not include it (organisations never see
# each other's documents).
UNCITED_RULE = "Identifying, confidential or sensitive information must not be put into AI tools"
REFUSAL_TEMPLATE = (
    "I can't take this question because it appears to contain {kinds}. "
    "{rule_sentence} "
    "This assistant is an AI, so nothing from this message has been searched, stored or sent to a model. "
    'Please rephrase it with generic roles instead (for example "a pupil", "a parent", "a colleague", '
    '"the headteacher") and leave out names, contact details and other identifying or confidential details. '
    "To ask about a particular school's policy, pick that policy in the scope selector or call it by its title or "
    'year ("the 2025 policy") instead of naming the school.'
)
CATEGORY_LABELS: dict[Category, str] = {
    Category.SCHOOL_IDENTITY: "details that identify a school or employer",
    Category.PERSON_NAME: "a person's name",
    Category.PUPIL_DATA: "personal identifiers (such as a pupil number, initials with a year group or a date of birth)",
    Category.CONTACT_DETAILS: "contact details (a phone number, email or home address)",
    Category.SAFEGUARDING: "safeguarding information about a child",
    Category.HEALTH_SEN: "health or special educational needs details about a child",
    Category.STAFF_HR: "confidential staff or HR matters about a colleague",
    Category.CREDENTIALS: "passwords or login details",
    Category.FINANCIAL: "bank or financial details",
}


def check(text: str, *, config: GuardConfig, analyzer: AnalyzerEngine | None = None) -> Verdict:
    """Return whether text may go to the assistant; with analyzer None only the rule-based recognizers run."""
    if not isinstance(text, str):
        text = str(text)  # never let a non-string slip past unchecked
    if not text.strip():
        return Verdict(allowed=True)
    cleaned = clean(text)
    plain = deobfuscate(cleaned)
    public = public_spans(plain, config)
    people = find_people(plain)
    if analyzer is not None:
        people += presidio_findings(cleaned, analyzer=analyzer, config=config, public=public)
    found = [
        *find_identifiers(cleaned, config),
        *find_organisations(plain, config, original=text),
        *people,
        *find_topics(
            plain,
            people=[f for f in people if f.category is Category.PERSON_NAME],
            titled=[f for f in people if f.recognizer == "titled_name"],
        ),
    ]
    return verdict_for(found)


def verdict_for(findings: list[Finding]) -> Verdict:
    """Turn findings into a Verdict: allowed when there are none, else refused with categories and message."""
    if not findings:
        return Verdict(allowed=True)
    spans = tuple(sorted(set(findings), key=lambda f: (f.start, f.end, f.category.value, f.recognizer)))
    present = {f.category for f in spans}
    categories = tuple(c for c in Category if c in present)
    return Verdict(allowed=False, categories=categories, spans=spans, message=refusal_message(categories))


def refusal_message(categories: tuple[Category, ...], *, cite_rule: bool = True) -> str:
    """Fill the refusal template with plain-English category names (never the matched values).

    ``cite_rule`` false leaves out the rule's document and quote, for an organisation that does not have it.
    """
    labels = [CATEGORY_LABELS[c] for c in categories] or ["information the policy does not allow"]
    kinds = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    rule_sentence = f'Policy {RULE_CITATION} says: "{RULE_QUOTE}".' if cite_rule else f"{UNCITED_RULE}."
    return REFUSAL_TEMPLATE.format(kinds=kinds, rule_sentence=rule_sentence)


def message_for(verdict: Verdict, *, cite_rule: bool) -> str:
    """Return the verdict's message, re-worded without the rule's policy when that policy must not be named."""
    if cite_rule or RULE_DOCUMENT not in verdict.message:
        return verdict.message
    return refusal_message(verdict.categories, cite_rule=False)
