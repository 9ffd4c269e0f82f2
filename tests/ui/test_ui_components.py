"""Pure helpers of the UI: badge colours and labels, quote highlighting, clause targets, labels, launch command."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from assistant.answer.render import RELATED_HEADING
from assistant.models import Answer, Citation, Stance
from assistant.settings import Settings
from ingest.clause import Clause, DocumentMeta
from ui.components.answer_view import answer_markdown, card_title, category_phrases, scope_caption, sources_heading
from ui.components.badge import NEUTRAL, STYLES, badge_html, contrast_ratio, style_for
from ui.components.clause_text import clause_html, highlight_html
from ui.components.feedback_form import rating_from_thumbs
from ui.launch import settings_environment, streamlit_command
from ui.services import document_label
from ui.views.feedback import feedback_rows, friendly_time
from ui.views.policies import is_past_review, matches_target, reading_lead_ins, sections, target_section


def test_every_stance_has_a_distinct_colour_and_label_with_aa_contrast() -> None:
    assert set(STYLES) == set(Stance)
    assert len({style.background for style in STYLES.values()}) == len(Stance)
    assert len({style.label for style in STYLES.values()}) == len(Stance)
    for style in STYLES.values():
        assert contrast_ratio(style.background, style.foreground) >= 4.5, style.label


def test_contrast_ratio_matches_the_wcag_extremes() -> None:
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)


def test_badge_carries_an_icon_and_a_text_label_not_colour_alone() -> None:
    html = badge_html(Stance.PERMITTED_WITH_CONDITIONS)
    assert 'aria-label="Verdict: Permitted with conditions"' in html
    assert "<svg" in html and ">Permitted with conditions</span>" in html
    assert style_for("nonsense").label == "Not covered"


def test_highlight_escapes_html_and_marks_the_quote_across_whitespace() -> None:
    text = "Never <script>alert(1)</script> accept  pupils as\nfriends & contacts."
    html = highlight_html(text, "accept pupils as friends")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>accept  pupils as\nfriends</mark>" in html
    assert "&amp; contacts." in html


def test_highlight_without_a_match_still_escapes() -> None:
    assert highlight_html("a < b", "missing") == "a &lt; b"
    assert highlight_html("a < b", "   ") == "a &lt; b"


def test_clause_html_shows_id_lead_in_and_target_marker() -> None:
    html = clause_html(clause_id="2.14/2.12", text="offer or accept <pupils>", lead_in="You must not:-", target=True)
    assert "§2.14/2.12" in html and "You must not:-" in html and "&lt;pupils&gt;" in html
    assert "pa-target" in html


def test_card_title_uses_the_document_title_and_clause_id() -> None:
    citation = Citation(document="doc", clause="7.4.2", title="Social media", quote="q")
    meta = DocumentMeta("doc", "Social Media Policy", "doc.txt", "h")
    assert card_title(citation, {"doc": meta}) == "Social Media Policy · §7.4.2"
    assert card_title(citation, {}) == "doc · §7.4.2"


def test_category_phrases_are_plain_english() -> None:
    assert category_phrases(["school_identity", "new_thing"]) == [
        "the name or identifying details of a school",
        "new thing",
    ]


def test_document_label_skips_missing_parts() -> None:
    full = DocumentMeta("d", "Staff Advice", "s", "h", organisation="A Trust", policy_date="2025-09")
    assert document_label(full) == "Staff Advice — A Trust (2025-09)"
    assert document_label(DocumentMeta("d", "Staff Advice", "s", "h")) == "Staff Advice"


@pytest.mark.parametrize(("clause", "target", "expected"), [
    ("7.4.2", "7.4", True), ("7.4", "7.4", True), ("7.40", "7.4", False), ("8.3", "8", True),
    ("2.14/2.12", "2.14/2", True), ("10", "1", False), ("1.1", "", False),
])  # fmt: skip
def test_matches_target_is_the_clause_or_nested_inside_it(clause: str, target: str, expected: bool) -> None:
    assert matches_target(clause, target) is expected


def test_review_dates_in_the_past_are_flagged() -> None:
    today = date(2026, 11, 21)
    assert is_past_review("2025-03", today=today)
    assert is_past_review("2026-11-20", today=today)
    assert not is_past_review("2026-11", today=today)
    assert not is_past_review("2027-01-01", today=today)
    assert not is_past_review(None, today=today)


def test_sections_group_consecutive_clauses_by_title() -> None:
    def clause(cid: str, title: str) -> Clause:
        return Clause("d", cid, (cid,), title, "text", "s", (0, 1))

    grouped = sections([clause("1.1", "Intro"), clause("1.2", "Intro"), clause("2.1", "Email"), clause("3", "Intro")])
    assert [(title, [c.clause_id for c in group]) for title, group in grouped] == [
        ("Intro", ["1.1", "1.2"]), ("Email", ["2.1"]), ("Intro", ["3"]),
    ]  # fmt: skip


def test_thumbs_map_to_plus_and_minus_one() -> None:
    assert (rating_from_thumbs(1), rating_from_thumbs(0), rating_from_thumbs(None)) == (1, -1, None)


def test_feedback_rows_name_the_policy() -> None:
    from assistant.feedback import ClauseFeedback

    meta = DocumentMeta("doc", "Social Media Policy", "doc.txt", "h")
    rows = feedback_rows([ClauseFeedback("doc", "7.4", 2, 1, 1), ClauseFeedback("gone", "1", 0, 1, 0)], {"doc": meta})
    assert rows[0]["Policy"] == "Social Media Policy" and rows[0]["Clause"] == "§7.4"
    assert rows[1]["Policy"] == "gone"


def test_streamlit_command_serves_headless_on_the_port_without_stats() -> None:
    command = streamlit_command(port=8600)
    assert command[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert Path(command[4]).name == "app.py" and Path(command[4]).is_file()
    pairs = dict(zip(command[5::2], command[6::2], strict=True))
    assert pairs["--server.port"] == "8600"
    assert pairs["--server.headless"] == "true"
    assert pairs["--browser.gatherUsageStats"] == "false"


def test_settings_environment_round_trips_paths(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "index", feedback_db=tmp_path / "fb.sqlite3")
    env = settings_environment(settings)
    assert env["POLICY_INDEX_DIR"] == str(tmp_path / "index")
    assert env["POLICY_FEEDBACK_DB"] == str(tmp_path / "fb.sqlite3")
    assert "POLICY_LLM" not in env  # unset stays unset


def test_card_title_turns_a_mid_sentence_title_into_a_heading() -> None:
    citation = Citation(
        document="d", clause="2.14/2.12", title="t", quote="q", document_title="the Social Media Policy (2.14)"
    )
    assert card_title(citation, {}) == "Social Media Policy (2.14) · §2.14/2.12"


def test_answer_markdown_keeps_line_breaks_and_leaves_cited_lists_to_the_cards() -> None:
    text = (
        "Where they differ: A allows it; B does not allow it.\n\n"
        "**A**\nYes. A allows this.\nIt says (§5.1): “quote”\nCited clauses:\n- §5.1 (Other): “quote”\n"
        "- §5.2 (Other): “more”\n\n**B**\nNo.\nCited clauses:\n- §2 (x): “y”"
    )
    assert answer_markdown(text) == (
        "Where they differ: A allows it; B does not allow it.\n\n"
        "**A**  \nYes. A allows this.  \nIt says (§5.1): “quote”\n\n**B**  \nNo."
    )


def test_answer_markdown_keeps_other_lists() -> None:
    text = "None of the policies covers this.\nWho to ask instead:\n- A: ask your Headteacher (§9.4)."
    assert answer_markdown(text) == (
        "None of the policies covers this.  \nWho to ask instead:  \n- A: ask your Headteacher (§9.4)."
    )


def test_sources_heading_counts_clauses_and_policies() -> None:
    one = Citation(document="a", clause="1", title="t", quote="q")
    two = Citation(document="b", clause="2", title="t", quote="q")
    assert sources_heading([one]) == "From the policy · 1 clause"
    assert sources_heading([one, one]) == "From the policy · 2 clauses"
    assert sources_heading([one, two, two]) == "From 2 policies · 3 clauses"


def test_target_section_is_the_run_holding_the_target() -> None:
    def clause(cid: str, title: str) -> Clause:
        return Clause("d", cid, (cid,), title, "text", "s", (0, 1))

    clauses = [clause("7.3", "Email"), clause("7.4", "Social"), clause("7.4.2", "Social"), clause("8", "AI")]
    found = target_section(clauses, target="7.4.2")
    assert found is not None and found[0] == "Social" and [c.clause_id for c in found[1]] == ["7.4", "7.4.2"]
    assert target_section(clauses, target="9") is None
    assert target_section(clauses, target="") is None


def test_a_lead_in_is_read_once_per_run_of_bullets() -> None:
    def clause(cid: str, text: str, lead: str = "") -> Clause:
        return Clause("d", cid, (cid,), "t", text, "s", (0, 1), lead_in=lead)

    group = [
        clause("2", "You must not:-"),
        clause("2.1", "a;", "You must not:-"),
        clause("2.2", "b;", "You must not:-"),
        clause("3", "Other"),
        clause("4.1", "c", "Employees must not:"),
    ]
    assert reading_lead_ins(group) == ["", "", "", "", "Employees must not:"]
    assert reading_lead_ins(group[1:3]) == ["You must not:-", ""]


def test_friendly_time_reads_like_a_date() -> None:
    assert friendly_time("2026-11-21T20:56:24+00:00") == "21 Nov 2026, 20:56 UTC"
    assert friendly_time("yesterday") == "yesterday"


def test_scope_caption_names_the_policy_read_and_why() -> None:
    meta = DocumentMeta(document_id="p-2025", title="E-comms Policy", source="p.txt", content_hash="h")
    named = Answer(stance=Stance.PROHIBITED, scope=["p-2025"], scope_source="question")
    assert "Read from E-comms Policy (named in your question)" in scope_caption(named, {"p-2025": meta})
    chosen = Answer(stance=Stance.PROHIBITED, scope=["other"], scope_source="request")
    assert "Read from other (chosen in the sidebar)" in scope_caption(chosen, {"p-2025": meta})


def test_neutral_badge_says_read_the_clauses_without_a_verdict_label() -> None:
    html = badge_html(Stance.PROHIBITED, verdict=False)
    assert "Read the clauses" in html and "Prohibited" not in html
    assert 'role="status"' in html
    assert contrast_ratio(NEUTRAL.background, NEUTRAL.foreground) >= 4.5


def test_answer_markdown_leaves_related_clauses_to_the_cards() -> None:
    text = f"The policy does not cover this.\n{RELATED_HEADING}\n- The Policy §2.12: “accept pupils”"
    assert answer_markdown(text) == "The policy does not cover this."


def test_unnumbered_citations_are_titled_by_place_and_numbered_ones_as_before() -> None:
    numbered = Citation(document="d", clause="4.8", title="Email", quote="q", document_title="IT Policy", label="§4.8")
    unnumbered = Citation(
        document="d",
        clause="email-p2",
        title="Email",
        quote="q",
        document_title="IT Policy",
        numbered=False,
        label="under 'Email', paragraph 2",
    )
    assert card_title(numbered, {}) == "IT Policy · §4.8"
    assert card_title(unnumbered, {}) == "IT Policy · under 'Email', paragraph 2"
    assert ">§4.8<" in clause_html(clause_id="4.8", text="Text.")
    assert ">under &#x27;Email&#x27;, paragraph 2<" in clause_html(
        clause_id="email-p2", text="T.", label=unnumbered.label
    )
    text = "No.\nCited clauses:\n- Under 'Email', paragraph 2: “q”\n- §4.8 (Email): “q”"
    assert answer_markdown(text) == "No."
