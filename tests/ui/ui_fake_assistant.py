"""A fake AssistantAPI for UI unit tests, with real clause text from two of the policies.

Loaded by the app through POLICY_UI_ASSISTANT_FACTORY="<this file>:build". It records every call
(ask/check arguments) in a JSON-lines file named by POLICY_UI_FAKE_LOG so tests can see what the UI sent.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

from assistant.errors import UnknownDocumentError
from assistant.guard.verdict import Category, Verdict
from assistant.models import Answer, Citation, Stance
from ingest.clause import Clause, DocumentMeta

SOCIAL = "school-social-media-electronic-comms-2025"
TRUST = "academy-trust-it-comms-social-media"
REFUSAL_MESSAGE = (
    "Section 8 of the Social Media and Electronic Communications Policy says employees must not input any "
    "information into AI that identifies the school, pupils, staff or parents. Rephrase in general terms."
)
T742 = (
    "Employees are advised not to communicate with pupils or parents, nor should they accept pupils or parents as "
    "friends on social media sites using their personal systems and equipment."
)
T212 = (
    "offer or accept current pupils or ex-pupils as friends on any social media site – personal communication "
    "could be considered inappropriate and unprofessional and makes staff very vulnerable to allegations."
)
DOCS = [
    DocumentMeta(
        SOCIAL,
        "Social Media and Electronic Communications Policy",
        "x.txt",
        "h1",
        "Example School",
        "2025-09",
        "2026-09",
        clause_count=3,
    ),
    DocumentMeta(
        TRUST,
        "IT, Communications and Social Media Policies",
        "y.txt",
        "h2",
        "Example Academy Trust",
        "2024-03",
        "2025-03",
        clause_count=2,
    ),
]
CLAUSES = {
    SOCIAL: [
        Clause(
            SOCIAL,
            "7.4.1",
            ("7",),
            "Social media",
            "Safeguarding of pupils and employees is everyone's job.",
            "x",
            (0, 1),
            ordinal=0,
        ),
        Clause(SOCIAL, "7.4.2", ("7",), "Social media", T742, "x", (1, 2), ordinal=1),
        Clause(
            SOCIAL,
            "8",
            ("8",),
            "Using AI",
            "employees must not input any information into AI that identifies the school",
            "x",
            (2, 3),
            ordinal=2,
        ),
    ],
    TRUST: [
        Clause(TRUST, "2.14/2.12", ("2.14", "2"), "Social media", T212, "y", (0, 1), lead_in="You must not:-"),
        Clause(TRUST, "2.14/3", ("2.14",), "Social media", "Staff must report concerns.", "y", (1, 2), ordinal=1),
    ],
}


def _log(event: dict[str, Any]) -> None:
    path = os.environ.get("POLICY_UI_FAKE_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(event) + "\n")


class FakeAssistant:
    """Answers "friend" questions as prohibited with two citations; refuses text containing "Oakwood"."""

    def check(self, text: str) -> Verdict:
        _log({"call": "check", "chars": len(text)})
        if "oakwood" in text.lower():
            return Verdict(False, (Category.SCHOOL_IDENTITY,), (), REFUSAL_MESSAGE)
        return Verdict(True)

    def ask(self, question: str, *, documents: Sequence[str] = (), history: Sequence[str] = ()) -> Answer:
        _log({"call": "ask", "question": question, "documents": list(documents), "history": list(history)})
        if "explode" in question.lower():
            raise UnknownDocumentError(["gone-policy"])
        verdict = self.check(question)
        if verdict.refused:
            return Answer(refused=True, answer=verdict.message, categories=[str(c) for c in verdict.categories])
        citations = [
            Citation(
                document=SOCIAL,
                clause="7.4.2",
                title="Social media",
                quote="accept pupils or parents as friends",
                document_title=DOCS[0].title,
                text=T742,
            ),
            Citation(
                document=TRUST,
                clause="2.14/2.12",
                title="Social media",
                quote="accept current pupils or ex-pupils",
                document_title=DOCS[1].title,
                text=T212,
            ),
        ]
        chosen = [c for c in citations if not documents or c.document in documents]
        if "friend" not in question.lower() or not chosen:
            return Answer(stance=Stance.NOT_COVERED, answer="The policies do not cover this. Ask your Headteacher.")
        return Answer(
            stance=Stance.PROHIBITED,
            answer=f"No. Do not accept pupils or ex-pupils as friends (follow-up #{len(history)}).",
            citations=chosen,
            notices=["IT, Communications and Social Media Policies was due for review in 2025-03."],
            mode="extractive",
            fallback="LLM timed out" if "fallback" in question.lower() else None,
            # "maybe" in the question plays an answer the model is unsure of: the clauses, no verdict.
            confidence=0.6 if "maybe" in question.lower() else 0.95,
            confident="maybe" not in question.lower(),
        )

    def documents(self) -> list[DocumentMeta]:
        return list(DOCS)

    def clauses(self, document_id: str) -> list[Clause]:
        if document_id not in CLAUSES:
            raise UnknownDocumentError([document_id])
        return list(CLAUSES[document_id])

    def ready(self) -> bool:
        return True


def build(settings: object) -> FakeAssistant:
    """Return a fresh fake assistant (the factory the UI calls)."""
    return FakeAssistant()
