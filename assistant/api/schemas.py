"""Request and response bodies of the HTTP API, with OpenAPI examples."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ingest.clause import Clause, DocumentMeta

ASK_EXAMPLE: dict[str, Any] = {
    "question": "Can I use ChatGPT to write a parent letter?",
    "documents": ["school-social-media-electronic-comms-2025"],
    "history": [],
}


ANSWER_EXAMPLE: dict[str, Any] = {
    "refused": False,
    "stance": "prohibited",
    "answer": "No. Staff must not put information that identifies the school or a person into AI tools.",
    "citations": [
        {
            "document": "school-social-media-electronic-comms-2025",
            "clause": "8",
            "title": "Using AI",
            "quote": "employees must not input any information into AI that: identifies the school",
            "document_title": "Social Media and Electronic Communications Policy",
            "text": "",
        }
    ],
    "retrieved": [{"document": "school-social-media-electronic-comms-2025", "clause": "8", "score": 0.83}],
    "latency_ms": 84.2,
    "id": "9b1deb4d3b7d4bad9bdd2b0d7b3dcb6d",
    "mode": "extractive",
    "fallback": None,
    "categories": [],
    "notices": [],
    "scope": [],
    "scope_source": "all",
}


class ErrorResponse(BaseModel):
    """Every 4xx/5xx body: a plain reason, plus field errors for validation failures."""

    detail: str = Field(examples=["question is longer than 2000 characters"])
    errors: list[dict[str, Any]] | None = None


class AskRequest(BaseModel):
    """A question, optionally limited to some documents, with earlier user turns."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ASK_EXAMPLE]})

    question: str = Field(min_length=1, description="The staff member's question (never logged or stored).")
    documents: list[str] = Field(default_factory=list, max_length=50, description="Limit to these document ids.")
    history: list[str] = Field(default_factory=list, max_length=20, description="Earlier user turns, oldest first.")
    compare: bool = Field(default=False, description="Answer from each policy separately, one row per policy.")
    organisation: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="Answer from this organisation's policies (keys bound to an organisation always use theirs).",
    )


class DocumentOut(BaseModel):
    """One ingested policy document."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "school-social-media-electronic-comms-2025",
                    "title": "Social Media and Electronic Communications Policy",
                    "organisation": None,
                    "policy_date": "2025-01",
                    "review_date": "2026-01",
                    "version": None,
                    "clause_count": 62,
                }
            ]
        }
    )

    id: str
    title: str
    organisation: str | None = None
    organisation_id: str = Field(default="", description="The organisation the document belongs to.")
    policy_date: str | None = None
    review_date: str | None = None
    version: str | None = None
    clause_count: int = 0

    @classmethod
    def of(cls, meta: DocumentMeta) -> DocumentOut:
        """Build from a DocumentMeta."""
        return cls(
            id=meta.document_id,
            title=meta.title,
            organisation=meta.organisation,
            organisation_id=meta.organisation_id,
            policy_date=meta.policy_date,
            review_date=meta.review_date,
            version=meta.version,
            clause_count=meta.clause_count,
        )


class ClauseOut(BaseModel):
    """One clause of a document, in source order."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "uid": "3f2a9c0d1e7b6a5f4c3d2e1f",
                    "clause": "8.3",
                    "section": "8",
                    "title": "Using AI",
                    "lead_in": "",
                    "text": "Employees must not input any information into AI that identifies the school.",
                    "page": None,
                }
            ]
        }
    )

    uid: str
    clause: str
    section: str
    title: str
    lead_in: str = ""
    text: str
    page: int | None = None
    numbered: bool = True
    label: str = ""

    @classmethod
    def of(cls, clause: Clause) -> ClauseOut:
        """Build from a Clause."""
        return cls(
            uid=clause.uid,
            clause=clause.clause_id,
            section=clause.section,
            title=clause.title,
            lead_in=clause.lead_in,
            text=clause.text,
            page=clause.page,
            numbered=clause.numbered,
            label=clause.label,
        )


class ClauseRef(BaseModel):
    """A clause the rated answer cited."""

    model_config = ConfigDict(extra="forbid")

    document: str = Field(max_length=200)
    clause: str = Field(max_length=50)


class FeedbackRequest(BaseModel):
    """A thumbs up/down on an answer, with an optional comment (guarded like a question)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "answer_id": "9b1deb4d3b7d4bad9bdd2b0d7b3dcb6d",
                    "rating": "up",
                    "comment": "Clear and quoted the right clause.",
                    "clauses": [{"document": "school-social-media-electronic-comms-2025", "clause": "8"}],
                }
            ]
        },
    )

    answer_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    rating: Literal["up", "down", 1, -1]
    comment: str | None = Field(default=None, max_length=2000)
    clauses: list[ClauseRef] = Field(default_factory=list, max_length=20)

    @field_validator("rating", mode="before")
    @classmethod
    def _documented_rating(cls, value: Any) -> Any:
        """Accept exactly "up", "down", 1 or -1: lax coercion would let true, 1.0 or "1" in."""
        if isinstance(value, bool) or type(value) not in (str, int):
            raise ValueError('rating must be "up", "down", 1 or -1')
        return value

    def score(self) -> int:
        """Return the rating as +1 or -1."""
        return 1 if self.rating in ("up", 1) else -1


class FeedbackOut(BaseModel):
    """Acknowledgement that feedback was stored."""

    stored: bool = True
    answer_id: str


class Health(BaseModel):
    """Liveness or readiness status."""

    status: Literal["ok", "ready", "loading", "failed"]
    detail: str | None = None


class WordSpanOut(BaseModel):
    """A run of words of a changed clause: kept, added or removed (runs read in order, joined by spaces)."""

    kind: Literal["same", "added", "removed"]
    text: str


class ClauseChangeOut(BaseModel):
    """One clause added, removed, changed or renumbered (same text, new id) between two versions."""

    kind: Literal["added", "removed", "changed", "renumbered"]
    clause_id: str
    old_clause_id: str
    title: str
    old_text: str
    new_text: str
    words: list[WordSpanOut]


class DocumentChangesOut(BaseModel):
    """What changed in one policy between two of its versions (`old_version` null: no previous version)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "document_id": "southover-computer-internet-email-social-media",
                    "old_version": 1,
                    "new_version": 2,
                    "unchanged": 58,
                    "changes": [
                        {
                            "kind": "changed",
                            "clause_id": "3.7",
                            "old_clause_id": "3.7",
                            "title": "E-mail policy",
                            "old_text": "Unknown files must be checked for viruses.",
                            "new_text": "Unknown files must be checked for malware.",
                            "words": [
                                {"kind": "same", "text": "Unknown files must be checked for"},
                                {"kind": "removed", "text": "viruses."},
                                {"kind": "added", "text": "malware."},
                            ],
                        }
                    ],
                }
            ]
        }
    )

    document_id: str
    old_version: int | None
    new_version: int | None
    unchanged: int
    changes: list[ClauseChangeOut]
