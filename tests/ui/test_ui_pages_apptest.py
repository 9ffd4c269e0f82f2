"""The Policies and Feedback pages under AppTest, with a fake assistant."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from assistant.feedback import FeedbackStore

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
SOCIAL = "school-social-media-electronic-comms-2025"
TRUST = "academy-trust-it-comms-social-media"


def _page(page: str, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _markdown(at: AppTest) -> str:
    return "\n".join(element.value for element in at.markdown)


def test_policies_page_lists_a_policy_s_clauses_in_order_with_ids(fake_env: Path) -> None:
    at = _page("views/policies.py")
    picker = at.selectbox[0]
    assert picker.value == TRUST  # first by title
    picker.set_value(SOCIAL).run()
    text = _markdown(at)
    positions = [text.index(f"§{cid}<") for cid in ("7.4.1", "7.4.2", "8")]
    assert positions == sorted(positions)
    assert "Organisation:** Example School" in text
    assert "Using AI" in text
    assert "pa-clause pa-target" not in text


def test_a_query_link_opens_a_clause_in_context(fake_env: Path) -> None:
    at = _page("views/policies.py", document=SOCIAL, clause="7.4")
    assert at.selectbox[0].value == SOCIAL
    text = _markdown(at)
    assert "You opened §7.4**, shown in its section *Social media*" in text
    assert text.count("pa-clause pa-target") == 4  # 7.4.1 and 7.4.2 sit inside 7.4: in the callout and the policy
    assert 'class="pa-clause pa-target"><span class="pa-cid">§8<' not in text


def test_a_lead_in_is_shown_before_its_bullet(fake_env: Path) -> None:
    at = _page("views/policies.py", document=TRUST, clause="2.14/2.12")
    assert "You must not:-" in _markdown(at)
    assert any("due for review in 2025-03" in warning.value for warning in at.warning)


def test_feedback_page_counts_per_clause(fake_env: Path) -> None:
    store = FeedbackStore(fake_env / "feedback.sqlite3")
    store.record(answer_id="a1", rating=1, comment=None, clauses=[(SOCIAL, "7.4.2")])
    store.record(answer_id="a2", rating=-1, comment="Cut short", clauses=[(SOCIAL, "7.4.2"), (TRUST, "2.14/2.12")])
    at = _page("views/feedback.py")
    assert [metric.value for metric in at.metric] == ["1", "1"]
    table = at.dataframe[0].value
    assert list(table["Clause"]) == ["§7.4.2", "§2.14/2.12"]
    assert list(table["Helpful"]) == [1, 0] and list(table["Not helpful"]) == [1, 1]
    assert next(iter(table["Policy"])) == "Social Media and Electronic Communications Policy"
    assert "Cut short" in [text.value for text in at.text]


def test_feedback_comments_render_as_plain_text_not_markdown(fake_env: Path) -> None:
    planted = "See [the fix](https://evil.example/x) ![pixel](https://evil.example/p.png) **now**"
    FeedbackStore(fake_env / "feedback.sqlite3").record(
        answer_id="a3", rating=-1, comment=planted, clauses=[(SOCIAL, "7.4.2")]
    )
    at = _page("views/feedback.py")
    assert [text.value for text in at.text] == [planted]
    assert "evil.example" not in _markdown(at)


def test_feedback_page_without_feedback_says_so(fake_env: Path) -> None:
    at = _page("views/feedback.py")
    assert any("No feedback" in info.value for info in at.info)
