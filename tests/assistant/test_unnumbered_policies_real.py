"""Policies without clause numbers, end to end: real ingest, real index and model, cited as a person finds them."""

from __future__ import annotations

import shutil

import pytest

from assistant.models import Stance
from ingest.parser import normalise

pytestmark = pytest.mark.integration

FIXTURES = "tests/fixtures/policies"


@pytest.fixture(scope="module")
def unnumbered(tmp_path_factory, real_embedder):
    """Return (settings, ingest report, assistant) over the three fixture policies in a tmp index."""
    from assistant.settings import REPO_ROOT, Settings
    from assistant.wiring import build_assistant
    from ingest.pipeline import ingest_paths

    root = tmp_path_factory.mktemp("unnumbered")
    shutil.copytree(REPO_ROOT / FIXTURES, root / "policies")
    settings = Settings(
        index_dir=root / "index",
        feedback_db=root / "feedback.sqlite3",
        policies_dir=root / "policies",
        audit_log=None,
        llm=None,
        chroma_host=None,
    )
    report = ingest_paths([settings.policies_dir], settings=settings, embedder=real_embedder)
    return settings, report, build_assistant(settings, embedder=real_embedder)


def test_each_shape_ingests_with_its_structure_and_warning(unnumbered):
    _, report, assistant = unnumbered
    assert report.ok and report.documents_added == 3
    structures = {document_id: (structure, warnings) for document_id, structure, warnings in report.structures}
    assert structures["staff-mobile-phones"][0] == (("headings", 5), ("paragraphs", 18))
    assert structures["remote-learning-conduct"] == (
        (("headings", 5), ("paragraphs", 11)),
        ("no numbered clauses; fell back to headings",),
    )
    assert structures["visitors-and-contractors"] == (
        (("paragraphs", 7),),
        ("no numbered clauses; fell back to paragraphs",),
    )
    stored = assistant.clauses("remote-learning-conduct")
    assert [c.clause_id for c in stored][:3] == ["introduction-p1", "introduction-p2", "live-lessons-p1"]
    assert not any(c.numbered for c in stored)


def test_re_ingesting_unchanged_files_keeps_every_id(unnumbered, real_embedder):
    from ingest.pipeline import ingest_paths

    settings, _, assistant = unnumbered
    before = {
        doc: [c.uid for c in assistant.clauses(doc)] for doc in ("staff-mobile-phones", "visitors-and-contractors")
    }
    again = ingest_paths([settings.policies_dir], settings=settings, embedder=real_embedder, rebuild=True)
    assert again.ok and again.documents_updated == 3
    from assistant.wiring import build_assistant

    rebuilt = build_assistant(settings, embedder=real_embedder)
    assert {doc: [c.uid for c in rebuilt.clauses(doc)] for doc in before} == before


@pytest.mark.parametrize(
    ("document", "question", "stance", "clause", "label", "words"),
    [
        (
            "staff-mobile-phones",
            "Can I wear a smart watch while teaching?",
            Stance.PROHIBITED,
            "use-during-the-school-day-p2.3",
            "under 'Use during the school day', paragraph 2, point 3",
            "wear a smart watch to receive messages while teaching.",
        ),
        (
            "remote-learning-conduct",
            "Can I hold a one-to-one video call with a pupil?",
            Stance.PROHIBITED,
            "one-to-one-sessions-p1",
            "under 'One-to-one sessions', paragraph 1",
            "One-to-one video sessions with a pupil are not permitted",
        ),
        (
            "visitors-and-contractors",
            "Can I tell a visitor the Wi-Fi password?",
            Stance.PROHIBITED,
            "p6",
            "paragraph 6",
            "Staff must not give visitors or contractors the door codes",
        ),
    ],
)
def test_questions_are_answered_with_the_verbatim_quote_and_where_to_find_it(
    unnumbered, document, question, stance, clause, label, words
):
    from assistant.settings import REPO_ROOT

    _, _, assistant = unnumbered
    answer = assistant.ask(question, documents=[document])
    assert not answer.refused and answer.stance == stance
    first = answer.citations[0]
    assert (first.clause, first.label, first.numbered) == (clause, label, False)
    assert words in first.quote
    source = next((REPO_ROOT / FIXTURES).glob(f"{document}.*")).read_text(encoding="utf-8")
    assert all(normalise(c.quote) in normalise(source) for c in answer.citations)
    assert f"It says ({label}):" in answer.answer
    assert f"- {label[0].upper()}{label[1:]}: “" in answer.answer
    assert "§" not in answer.answer
