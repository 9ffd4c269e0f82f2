"""The guard's answer: a value, never an exception. It never holds the matched text."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    """Kinds of data that section 8 forbids staff to put into an AI."""

    SCHOOL_IDENTITY = "school_identity"
    PERSON_NAME = "person_name"
    PUPIL_DATA = "pupil_data"
    CONTACT_DETAILS = "contact_details"
    SAFEGUARDING = "safeguarding"
    HEALTH_SEN = "health_sen"
    STAFF_HR = "staff_hr"
    CREDENTIALS = "credentials"
    FINANCIAL = "financial"


@dataclass(frozen=True, slots=True)
class Finding:
    """Where one recognizer fired: offsets into the checked text, not the text itself."""

    category: Category
    start: int
    end: int
    recognizer: str
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Verdict:
    """Allowed, or refused with the categories found and a message for the user."""

    allowed: bool
    categories: tuple[Category, ...] = ()
    spans: tuple[Finding, ...] = ()
    message: str = ""

    @property
    def refused(self) -> bool:
        """Return True when the prompt must not go any further."""
        return not self.allowed
