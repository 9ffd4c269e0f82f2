"""Guard fixtures: the real configuration (data/guard/ + policy texts) and one real Presidio analyzer."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.guard import GuardConfig

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def guard_config() -> GuardConfig:
    """Return the production guard configuration, harvesting public contacts from the bundled policies."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "data" / "policies").glob("*.txt"))]
    return GuardConfig.load(REPO / "data" / "guard", public_texts=texts)


@pytest.fixture(scope="session")
def analyzer():
    """Return the real Presidio analyzer on the offline spaCy model (built once)."""
    from assistant.guard.presidio import build_analyzer

    return build_analyzer()
