"""The public answer contract (JSON), shared by the CLI, API, Teams, UI and eval."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

ScopeSource = Literal["request", "question", "all"]


class Stance(StrEnum):
    """What the policy decides about the question."""

    PROHIBITED = "prohibited"
    DISCOURAGED = "discouraged"
    PERMITTED = "permitted"
    PERMITTED_WITH_CONDITIONS = "permitted_with_conditions"
    REQUIRED = "required"
    INFORMATIONAL = "informational"
    NOT_COVERED = "not_covered"


class Citation(BaseModel):
    """One cited clause with a verbatim quote from it."""

    document: str = Field(description="Document id (the policy file's stem).")
    clause: str = Field(description='Clause id, e.g. "2.14/2.12" or "8".')
    title: str = Field(description="Title of the section the clause sits in.")
    quote: str = Field(description="A verbatim substring of the clause text.")
    document_title: str = ""
    text: str = Field(default="", description="The full verbatim clause text the quote comes from.")
    numbered: bool = Field(default=True, description="False when the policy does not number the clause.")
    page: int | None = Field(default=None, description="Page of the source the clause starts on (PDFs).")
    label: str = Field(
        default="", description="""Where a person finds it: "§2.14/2.12" or "under 'Email', paragraph 2, p. 3"."""
    )

    @property
    def where(self) -> str:
        """Return the label, or "§<clause>" for citations made before labels existed."""
        return self.label or f"§{self.clause}"


class Retrieved(BaseModel):
    """One ranked retrieval hit."""

    document: str
    clause: str
    score: float


class ComparisonRow(BaseModel):
    """One policy's answer in compare mode: its verdict, the clause that decides it, and a verbatim quote."""

    document: str
    document_title: str = ""
    organisation: str = ""
    stance: Stance = Stance.NOT_COVERED
    confident: bool = False
    verdict: str = Field(default="", description='What to show: "Not allowed", "Read the clause", "Not covered".')
    clause: str | None = None
    label: str | None = None
    quote: str | None = None
    citations: list[Citation] = Field(default_factory=list)


class Answer(BaseModel):
    """A grounded answer, or a guard refusal (``refused`` true, nothing retrieved)."""

    refused: bool = False
    stance: Stance = Stance.NOT_COVERED
    answer: str = ""
    citations: list[Citation] = Field(default_factory=list)
    retrieved: list[Retrieved] = Field(default_factory=list)
    latency_ms: float = 0.0
    id: str = Field(default_factory=lambda: uuid.uuid4().hex, description="Answer id, for feedback.")
    mode: str = Field(default="extractive", description='"extractive" or "llm".')
    fallback: str | None = Field(default=None, description="Why LLM mode fell back to the extractive answer.")
    categories: list[str] = Field(default_factory=list, description="Guard categories, when refused.")
    notices: list[str] = Field(default_factory=list, description="E.g. a cited policy is past its review date.")
    scope: list[str] = Field(default_factory=list, description="Document ids the answer was read from; [] = all.")
    scope_source: ScopeSource = Field(
        default="all",
        description='Who chose the scope: the request\'s documents, a policy the question named, or "all".',
    )
    organisation: str | None = Field(
        default=None, description="The organisation whose policies answered; null = all documents (unscoped)."
    )
    confidence: float = Field(
        default=0.0,
        ge=0.0,
        le=1.0,
        description="Calibrated probability that the answer's direction is right (for not_covered: that nothing "
        "in scope answers).",
    )
    confident: bool = Field(
        default=False, description="confidence >= POLICY_VERDICT_THRESHOLD: only then does the answer give a verdict."
    )
    related: list[Citation] = Field(
        default_factory=list, description="Nearest clauses of a not-covered answer: related, not the answer."
    )
    comparison: list[ComparisonRow] = Field(
        default_factory=list, description="Compare mode only: one row per policy (verdict, clause, quote)."
    )

    def shows_verdict(self) -> bool:
        """Return True when the answer states a verdict: not refused, covered, and confident."""
        return self.confident and not self.refused and self.stance is not Stance.NOT_COVERED
