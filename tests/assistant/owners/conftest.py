"""Fixtures for the policy-owner tests: an empty policy folder with its own index and archive, DOCX uploads."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest


@pytest.fixture
def owner_settings(tmp_path):
    """Return settings whose policy folder, index and version archive are private to the test (and empty)."""
    from assistant.settings import Settings

    (tmp_path / "policies").mkdir()
    return Settings(
        index_dir=tmp_path / "index",
        policies_dir=tmp_path / "policies",
        versions_dir=tmp_path / "versions",
        feedback_db=tmp_path / "feedback.sqlite3",
        chroma_host=None,
        audit_log=None,
        llm=None,
    )


def docx_policy(title: str, clauses: Sequence[tuple[str, str]]) -> bytes:
    """Return a Word document: a title, one numbered heading, then numbered clauses (number, text)."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=0)
    document.add_heading("1. Mobile phones", level=1)
    for number, text in clauses:
        document.add_paragraph(f"{number}. {text}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def make_policy_docx():
    """Return the DOCX policy builder."""
    return docx_policy
