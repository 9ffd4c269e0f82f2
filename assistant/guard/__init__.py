"""AI-input guard: refuse prompts that identify the school or carry confidential data (policy section 8)."""

from assistant.guard.check import CATEGORY_LABELS, REFUSAL_TEMPLATE, RULE_CITATION, RULE_QUOTE, check, refusal_message
from assistant.guard.config import GuardConfig
from assistant.guard.guard import Guard, build_guard
from assistant.guard.verdict import Category, Finding, Verdict

__all__ = [
    "CATEGORY_LABELS",
    "REFUSAL_TEMPLATE",
    "RULE_CITATION",
    "RULE_QUOTE",
    "Category",
    "Finding",
    "Guard",
    "GuardConfig",
    "Verdict",
    "build_guard",
    "check",
    "refusal_message",
]
