"""Ingest stamps each clause with its organisation, and rewrites documents the organisations file moves."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import Settings
from ingest.pipeline import ingest_paths
from ingest.store import open_index

pytestmark = pytest.mark.integration

POLICY = "Staff Email Policy\n\n1. Email\n\n1.1 Staff must use their work email account for all school business.\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_organisation_reaches_chroma_metadata_and_follows_the_file(tmp_path: Path, real_embedder) -> None:
    policies = tmp_path / "policies"
    policies.mkdir()
    _write(policies / "email-a.txt", POLICY)
    _write(policies / "email-b.txt", "OAKWOOD ACADEMY\n\n" + POLICY)
    orgs = _write(tmp_path / "organisations.yaml", "organisations:\n  - id: alpha\n    documents: [email-a]\n")
    settings = Settings(index_dir=tmp_path / "index", organisations_path=orgs, policies_dir=policies)

    ingest_paths([policies], settings=settings, embedder=real_embedder)
    index = open_index(settings)
    assert {c.document_id: c.organisation_id for c in index.clauses()} == {
        "email-a": "alpha",
        "email-b": "oakwood-academy",  # no entry claims it: its front matter names it
    }
    assert {m.document_id: m.organisation_id for m in index.documents()}["email-b"] == "oakwood-academy"
    index.close()

    _write(orgs, "organisations:\n  - id: beta\n    documents: [email-a, email-b]\n")
    report = ingest_paths([policies], settings=settings, embedder=real_embedder)
    assert report.documents_updated == 2  # unchanged files, moved organisation: rewritten
    index = open_index(settings)
    assert {c.organisation_id for c in index.clauses()} == {"beta"}
    vector = real_embedder.embed(["work email"])[0]
    assert {hit.clause.document_id for hit in index.search(vector, k=5, organisation="beta")} == {"email-a", "email-b"}
    assert index.search(vector, k=5, organisation="alpha") == []
    index.close()

    assert ingest_paths([policies], settings=settings, embedder=real_embedder).documents_unchanged == 2
