"""The owner page's pure parts: the word-level diff as escaped HTML, the health matrix, names and summaries."""

from __future__ import annotations

from assistant.owners.diff import ClauseChange, DocumentChanges, WordSpan
from assistant.owners.health import HealthReport, PolicyHealth, TopicCoverage
from assistant.owners.topics import Topic
from ingest.pipeline import IngestReport
from ui.components.change_view import change_counts, change_html, versions_caption, words_html
from ui.components.health_view import health_html, state_badge
from ui.components.owner_actions import target_name
from ui.components.preview_view import report_summary, structure_text
from ui.views.manage import locked_message


def test_words_html_marks_removed_and_added_words_and_restores_the_spaces() -> None:
    words = (
        WordSpan("same", "deleted within"),
        WordSpan("removed", "7"),
        WordSpan("added", "30"),
        WordSpan("same", "days"),
    )
    assert words_html(words) == "deleted within <del>7</del> <ins>30</ins> days"


def test_words_html_keeps_spaces_a_span_already_carries() -> None:
    words = (WordSpan("same", "within "), WordSpan("removed", "7"), WordSpan("same", " days"))
    assert words_html(words) == "within <del>7</del> days"


def test_policy_text_is_escaped_so_markup_in_a_clause_cannot_render() -> None:
    planted = '<img src=x onerror="alert(1)"> & <b>bold</b>'
    words = (WordSpan("same", planted), WordSpan("added", "<script>x</script>"))
    rendered = words_html(words)
    assert "<img" not in rendered and "<script>" not in rendered and "<b>" not in rendered
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;b&gt;" in rendered
    change = ClauseChange("added", "9", "", "<i>Title</i>", "", planted, ())
    card = change_html(change)
    assert "<img" not in card and "&lt;i&gt;Title&lt;/i&gt;" in card and "<ins>&lt;img" in card


def test_each_kind_of_change_reads_as_it_should() -> None:
    moved = ClauseChange("renumbered", "2.4", "2.3", "Email", "Same text.", "Same text.", ())
    assert "§2.3 → §2.4" in change_html(moved) and "Renumbered" in change_html(moved)
    gone = ClauseChange("removed", "3", "3", "Phones", "Old rule.", "", ())
    assert "<del>Old rule.</del>" in change_html(gone)
    no_words = ClauseChange("changed", "1", "1", "", "Old.", "New.", ())
    assert "<del>Old.</del> <ins>New.</ins>" in change_html(no_words)


def test_counts_and_caption_of_a_diff() -> None:
    changes = DocumentChanges(
        "p",
        1,
        2,
        (
            ClauseChange("added", "4", "", "", "", "x", ()),
            ClauseChange("changed", "1", "1", "", "a", "b", (WordSpan("removed", "a"), WordSpan("added", "b"))),
            ClauseChange("added", "5", "", "", "", "y", ()),
        ),
        7,
    )
    assert change_counts(changes) == {"added": 2, "removed": 0, "changed": 1, "renumbered": 0, "unchanged": 7}
    assert versions_caption(changes) == "Version 1 → version 2"
    assert "no earlier version" in versions_caption(DocumentChanges("p", None, 1, (), 3))
    assert versions_caption(DocumentChanges("p", 2, None, (), 3), upload=True) == "Version 2 → this file"
    assert versions_caption(DocumentChanges("p", None, None, (), 3), upload=True) == "The published version → this file"


def _report() -> HealthReport:
    topics = (Topic("ai-tools", "AI tools", ("q",)), Topic("email", "Email use", ("q",)))
    policy = PolicyHealth(
        "old-policy",
        "Partnership <Policy>",
        "trust",
        "2019-07",
        "overdue",
        -120,
        (
            TopicCoverage("ai-tools", False, None, None, None, 0.2),
            TopicCoverage("email", True, "4.2", "§4.2", 'Use "school" email only', 0.8),
        ),
    )
    return HealthReport("2026-12-04", 0.55, topics, (policy,))


def test_the_health_matrix_shows_badges_ticks_dashes_and_escapes_titles() -> None:
    table = health_html(_report())
    assert (
        '<th class="pa-topic-head"><span>AI tools</span></th><th class="pa-topic-head"><span>Email use</span>' in table
    )
    assert "old-policy · trust" in table
    assert "Partnership &lt;Policy&gt;" in table and "<Policy>" not in table
    assert '<td class="pa-topic pa-no" title="not addressed">–</td>' in table
    assert 'title="§4.2: Use &quot;school&quot; email only">✓</td>' in table
    assert ">Overdue</span>" in table and "120 days ago" in table


def test_review_badges_say_the_state_in_words() -> None:
    policy = _report().policies[0]
    for state, words in (("due_soon", "Due soon"), ("current", "Current"), ("none_stated", "No review date")):
        days = None if state == "none_stated" else 30
        badge = state_badge(type(policy)(**{**_fields(policy), "review_state": state, "days_until_review": days}))
        assert f">{words}</span>" in badge
    assert "in 30 days" in state_badge(
        type(policy)(**{**_fields(policy), "review_state": "current", "days_until_review": 30})
    )


def _fields(policy: PolicyHealth) -> dict[str, object]:
    return {name: getattr(policy, name) for name in PolicyHealth.__dataclass_fields__}


def test_a_replacement_takes_the_replaced_policy_s_id_and_the_upload_s_format() -> None:
    assert target_name("Drone Policy v2.DOCX", replacing="drone-policy") == "drone-policy.docx"
    assert target_name("../../etc/new.md", replacing=None) == "new.md"
    assert target_name("new.md", replacing=None) == "new.md"


def test_summaries_an_owner_reads() -> None:
    report = IngestReport(documents_added=1, clauses=3, seconds=1.26, documents_total=3, clauses_total=180)
    line = report_summary(report, action="Published drone-policy.docx")
    assert line.startswith("Published drone-policy.docx: 1 added; 3 clauses indexed in 1.3 s (3 policies, 180 clauses")
    assert structure_text((("headings", 12), ("paragraphs", 40))) == "headings 12, paragraphs 40"
    assert structure_text(()) == "nothing recognised"
    assert locked_message(600) == "Too many wrong passwords: sign-in is locked for everyone for 10 minutes."
    assert locked_message(61).endswith("for 2 minutes.")
    assert locked_message(12.5).endswith("for 13 seconds.")
