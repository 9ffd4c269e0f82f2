"""The health report over a fake retrieval: coverage against the threshold, grouping, JSON and CSV round trip."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pytest

from assistant.errors import ConfigurationError, UnknownOrganisationError
from assistant.owners.health import build_health, snippet
from assistant.owners.topics import Topic, load_threshold, load_topics, parse_topics, topic_score
from ingest.clause import Clause, DocumentMeta

TODAY = date(2026, 12, 4)
AI = Topic("ai-tools", "AI tools", ("can I use ChatGPT?", "AI rules", "chatbots at work"))
PHOTOS = Topic("photos-of-pupils", "Photos of pupils", ("photos of pupils?", "pictures of children"))


def _clause(document: str, clause_id: str, text: str) -> Clause:
    return Clause(document, clause_id, (clause_id,), "Section", text, "x", (0, len(text)))


@dataclass(frozen=True)
class FakeHit:
    clause: Clause
    score: float
    dense: float | None


class FakeSource:
    """Documents of two organisations; a query's dense similarity per document comes from a table."""

    def __init__(self, sims: dict[tuple[str, str], float]) -> None:
        self.sims = sims
        self.metas = [
            DocumentMeta("b-policy", "B policy", "b.txt", "h", organisation_id="org-b", review_date="2026-09"),
            DocumentMeta("a-policy", "A policy", "a.txt", "h", organisation_id="org-a", review_date="2027-01"),
            DocumentMeta("a-old", "", "a-old.txt", "h", organisation_id="org-a"),
        ]
        self.searched: list[tuple[str, tuple[str, ...]]] = []

    def documents(self, organisation: str | None = None) -> list[DocumentMeta]:
        if organisation is not None and organisation not in {"org-a", "org-b"}:
            raise UnknownOrganisationError()
        return [m for m in self.metas if organisation in (None, m.organisation_id)]

    def search(self, query: str, *, documents: Sequence[str], k: int = 30) -> list[FakeHit]:
        self.searched.append((query, tuple(documents)))
        (document,) = documents
        near = _clause(document, "8.1", f"Staff must not paste pupil data into AI. Ask the DPO. ({query})")
        far = _clause(document, "2", "Other text.")
        return [FakeHit(far, 0.9, None), FakeHit(near, 0.5, self.sims.get((document, query), 0.1))]


def _report(source: FakeSource, **kwargs):
    return build_health(source, topics=[AI, PHOTOS], today=TODAY, due_days=60, threshold=0.45, **kwargs)


def test_a_topic_needs_its_second_best_query_at_the_threshold():
    sims = {("a-policy", "can I use ChatGPT?"): 0.7, ("a-policy", "AI rules"): 0.46, ("b-policy", "AI rules"): 0.9}
    report = _report(FakeSource(sims))
    cells = {(p.document_id, c.topic_id): c for p in report.policies for c in p.topics}
    covered = cells["a-policy", "ai-tools"]
    assert covered.covered and covered.score == pytest.approx(0.46)
    # The clause shown is the best query's best dense hit, quoted verbatim (first sentence).
    assert (covered.clause_id, covered.label, covered.quote) == (
        "8.1",
        "§8.1",
        "Staff must not paste pupil data into AI.",
    )
    lone = cells["b-policy", "ai-tools"]  # one query alone, however close, is not enough
    assert not lone.covered and lone.clause_id is lone.label is lone.quote is None
    assert lone.score == pytest.approx(0.1)


def test_policies_are_grouped_per_organisation_with_their_review_state():
    source = FakeSource({})
    report = _report(source)
    assert report.generated_on == "2026-12-04" and report.threshold == 0.45
    body = report.to_dict()
    assert [o["id"] for o in body["organisations"]] == ["org-a", "org-b"]
    org_a = body["organisations"][0]["policies"]
    assert [(p["document"], p["review_state"], p["days_until_review"]) for p in org_a] == [
        ("a-old", "none_stated", None),
        ("a-policy", "due_soon", 28),
    ]
    assert org_a[0]["title"] == "a-old"  # no title: the id stands in
    assert [t["id"] for t in body["topics"]] == ["ai-tools", "photos-of-pupils"]
    assert {"topic", "covered", "clause", "label", "quote", "score"} == org_a[1]["topics"][0].keys()
    # Every query of every topic, within one document at a time.
    assert {docs for _, docs in source.searched} == {("a-old",), ("a-policy",), ("b-policy",)}
    assert len(source.searched) == 3 * (len(AI.queries) + len(PHOTOS.queries))


def test_one_organisation_only_and_an_unknown_one_is_refused():
    report = _report(FakeSource({}), organisation="org-b")
    assert [p.document_id for p in report.policies] == ["b-policy"]
    assert report.policies[0].review_state == "overdue"
    with pytest.raises(UnknownOrganisationError):
        _report(FakeSource({}), organisation="org-z")


def test_csv_round_trips_one_row_per_organisation_and_policy():
    sims = {("a-policy", q): 0.6 for q in AI.queries}
    report = _report(FakeSource(sims))
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert list(rows[0].keys()) == [
        "organisation", "document", "title", "review_date", "review_state", "days_until_review",
        "ai-tools", "photos-of-pupils",
    ]  # fmt: skip
    expected = [
        (p.organisation_id, p.document_id, p.title, p.review_date or "", p.review_state, p.days_until_review)
        for p in report.policies
    ]
    read = [
        (r["organisation"], r["document"], r["title"], r["review_date"], r["review_state"],
         int(r["days_until_review"]) if r["days_until_review"] else None)
        for r in rows
    ]  # fmt: skip
    assert read == expected
    for row, policy in zip(rows, report.policies, strict=True):
        for cell in policy.topics:
            value = row[cell.topic_id]
            assert value == (f"yes: {cell.label}" if cell.covered else "no")
    assert rows[1]["ai-tools"] == "yes: §8.1" and rows[1]["photos-of-pupils"] == "no"


def test_csv_quotes_commas_and_never_starts_a_formula():
    source = FakeSource({})
    source.metas[0] = DocumentMeta("b-policy", "Computer, Internet, Email", "b.txt", "h", organisation_id="org-b")
    source.metas[1] = DocumentMeta("a-policy", '=HYPERLINK("x")', "a.txt", "h", organisation_id="org-a")
    rows = list(csv.DictReader(io.StringIO(_report(source).to_csv())))
    assert rows[-1]["title"] == "Computer, Internet, Email"
    assert rows[1]["title"] == '\'=HYPERLINK("x")'


def test_second_best_query_scores_a_topic_and_the_best_names_the_clause():
    from assistant.owners.topics import QueryScore

    a, b = _clause("d", "1", "one"), _clause("d", "2", "two")
    scored = topic_score([QueryScore("x", 0.4, a), QueryScore("y", 0.8, b), QueryScore("z", 0.5, a)])
    assert scored.score == 0.5 and scored.best.clause is b
    assert topic_score([QueryScore("x", 0.4, a)]).score == 0.4  # a single query is its own second best
    assert topic_score([]).score == 0.0


def test_snippet_is_a_verbatim_prefix_cut_at_a_word():
    clause = _clause("d", "1", "word " * 60)
    quote = snippet(clause, limit=30)
    assert len(quote) <= 30 and clause.text.startswith(quote) and not quote.endswith(" ")
    assert snippet(_clause("d", "2", "Short. Then more.")) == "Short."
    assert snippet(_clause("d", "3", "Version 2.0 is here")) == "Version 2.0 is here"


def test_the_bundled_topics_file_loads(tmp_path):
    from assistant.settings import Settings

    topics = load_topics(Settings(_env_file=None).topics_path)  # type: ignore[call-arg]
    assert [t.id for t in topics] == [
        "ai-tools", "personal-devices", "social-media-pupils-parents", "email", "monitoring",
        "passwords-security", "data-protection", "reporting-concerns", "photos-of-pupils",
    ]  # fmt: skip
    assert all(2 <= len(t.queries) <= 4 for t in topics)
    assert 0.0 < load_threshold() < 1.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("topics: []", "non-empty list"),
        ("topics:\n  - {id: a, name: A, queries: []}", "queries"),
        ("topics:\n  - {name: A, queries: [q]}", "'id'"),
        ("topics:\n  - {id: a, queries: [q]}\n  - {id: a, queries: [r]}", "repeated: a"),
        ("topics: [", "not valid YAML"),
    ],
)
def test_a_bad_topics_file_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "topics.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError, match=message):
        load_topics(path)


def test_a_missing_topics_file_or_model_names_the_fix(tmp_path):
    with pytest.raises(ConfigurationError, match="POLICY_TOPICS_PATH"):
        load_topics(tmp_path / "none.yaml")
    with pytest.raises(ConfigurationError, match=r"eval\.topics fit"):
        load_threshold(tmp_path / "none.json")
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="malformed"):
        load_threshold(tmp_path / "bad.json")


def test_a_topic_without_a_name_is_shown_by_its_id():
    (topic,) = parse_topics({"topics": [{"id": "wifi", "queries": [" can I use the wifi? "]}]})
    assert topic == Topic("wifi", "wifi", ("can I use the wifi?",))
