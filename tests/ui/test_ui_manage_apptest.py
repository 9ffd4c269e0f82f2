"""The Manage policies page under AppTest with the fake assistant: hidden without a password, refused until the
password is entered, a shared lock-out after repeated failures, then the owner's sections."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.feedback import FeedbackStore
from assistant.settings import get_settings

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
PAGE = "views/manage.py"
SECRET = "owner-password-for-tests"
SOCIAL = "school-social-media-electronic-comms-2025"
TRUST = "academy-trust-it-comms-social-media"


@pytest.fixture
def manage_env(fake_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The fake assistant, empty tmp policy/index/version folders and an admin password (two tries, then locked)."""
    for name in ("policies", "index", "versions"):
        (fake_env / name).mkdir()
        monkeypatch.setenv(f"POLICY_{name.upper()}_DIR", str(fake_env / name))
    monkeypatch.setenv("POLICY_ADMIN_PASSWORD", SECRET)
    monkeypatch.setenv("POLICY_ADMIN_MAX_FAILURES", "2")
    monkeypatch.setenv("POLICY_ADMIN_LOCKOUT_S", "600")
    get_settings.cache_clear()
    st.cache_resource.clear()  # a fresh process-wide gate for each test
    yield fake_env
    get_settings.cache_clear()
    st.cache_resource.clear()


def _open() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _sign_in(at: AppTest, password: str) -> AppTest:
    at.text_input(key="pa-admin-password").set_value(password)
    next(button for button in at.button if button.label == "Sign in").click().run()
    assert not at.exception, at.exception
    return at


def _errors(at: AppTest) -> str:
    return " ".join(error.value for error in at.error)


def test_the_page_is_not_offered_without_a_password(fake_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLICY_ADMIN_PASSWORD", raising=False)
    get_settings.cache_clear()
    at = AppTest.from_file(APP, default_timeout=30).run()
    with pytest.raises(ValueError, match="Could not find a navigation page") as refused:
        at.switch_page(PAGE)
    assert "views/manage.py" not in str(refused.value).split("Known pages")[1]


def test_an_empty_password_setting_also_hides_the_page(fake_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.admin import admin_enabled

    monkeypatch.setenv("POLICY_ADMIN_PASSWORD", "")
    get_settings.cache_clear()
    assert not admin_enabled(get_settings())


def test_the_page_asks_for_the_password_and_shows_nothing_else(manage_env: Path) -> None:
    at = _open()
    assert [title.value for title in at.title] == ["Manage policies"]
    assert at.text_input(key="pa-admin-password").label == "Admin password"
    assert not at.segmented_control and not at.file_uploader and not at.dataframe


def test_a_wrong_password_is_refused_and_says_how_many_tries_are_left(manage_env: Path) -> None:
    at = _sign_in(_open(), "not-the-password")
    assert "Wrong password. 1 more before sign-in locks." in _errors(at)
    assert not at.segmented_control and not at.file_uploader
    assert "pa_admin" not in at.session_state
    assert at.text_input(key="pa-admin-password").value == ""  # the form clears what was typed


def test_the_right_password_opens_the_sections_and_lists_the_policies(manage_env: Path) -> None:
    at = _sign_in(_open(), SECRET)
    assert not _errors(at)
    assert list(at.segmented_control[0].options) == ["Policies", "Upload", "What changed", "Health", "Feedback"]
    table = at.dataframe[0].value
    assert set(table["Id"]) == {SOCIAL, TRUST}
    assert list(table["Versions"]) == [0, 0]  # nothing was published through the archive in this tmp folder
    assert any(button.label == "Sign out" for button in at.sidebar.button)


def test_after_repeated_failures_even_the_right_password_is_locked_out_in_every_session(manage_env: Path) -> None:
    at = _sign_in(_open(), "guess-one")
    at = _sign_in(at, "guess-two")
    assert "sign-in is locked for everyone for 10 minutes" in _errors(at)
    at = _sign_in(at, SECRET)
    assert "locked" in _errors(at) and "pa_admin" not in at.session_state
    fresh = _open()  # another browser session of the same process
    assert "locked" in _errors(fresh)
    fresh = _sign_in(fresh, SECRET)
    assert "pa_admin" not in fresh.session_state and not fresh.segmented_control


def test_sign_out_returns_to_the_password_form(manage_env: Path) -> None:
    at = _sign_in(_open(), SECRET)
    next(button for button in at.sidebar.button if button.label == "Sign out").click().run()
    assert not at.segmented_control
    assert at.text_input(key="pa-admin-password").label == "Admin password"


def test_the_feedback_section_lists_thumbs_down_per_clause_most_first(manage_env: Path) -> None:
    store = FeedbackStore(manage_env / "feedback.sqlite3")
    store.record(answer_id="a1", rating=-1, comment=None, clauses=[(SOCIAL, "7.4.2")])
    store.record(answer_id="a2", rating=-1, comment=None, clauses=[(TRUST, "2.14/2.12"), (SOCIAL, "7.4.2")])
    store.record(answer_id="a3", rating=1, comment=None, clauses=[(SOCIAL, "8")])
    at = _sign_in(_open(), SECRET)
    at.segmented_control[0].set_value("Feedback").run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert list(table["Clause"]) == ["§7.4.2", "§2.14/2.12"]  # §8 had no thumbs down
    assert list(table["Not helpful"]) == [2, 1]


def test_an_upload_that_cannot_be_parsed_says_why_and_offers_no_publish(manage_env: Path) -> None:
    at = _sign_in(_open(), SECRET)
    at.segmented_control[0].set_value("Upload").run()
    at.file_uploader[0].set_value(("broken.docx", b"this is not a zip file", "application/octet-stream")).run()
    assert not at.exception, at.exception
    assert "cannot be published" in _errors(at) and "Nothing was changed" in _errors(at)
    assert not any(button.label == "Publish" for button in at.button)
    assert not any((manage_env / "policies").iterdir())


VISITORS = "# Visitor Policy\n\nReview Date: March 2027\n\n1. Visitors\n\n1.1. Visitors must sign in at reception.\n1.2. Visitors wear a badge at all times.\n"


def test_an_upload_is_previewed_with_its_clause_ids_and_cancel_leaves_the_folder_alone(manage_env: Path) -> None:
    at = _sign_in(_open(), SECRET)
    at.segmented_control[0].set_value("Upload").run()
    at.file_uploader[0].set_value(("visitors.md", VISITORS.encode(), "text/markdown")).run()
    assert not at.exception, at.exception
    text = " ".join(markdown.value for markdown in at.markdown)
    assert "Preview of visitors.md" in text and "**Document id:** visitors" in text
    assert "**Title:** Visitor Policy" in text and "**Review date:** 2027-03" in text
    table = at.table[0].value
    assert list(table["Id"]) == ["1.1", "1.2"] and list(table["Section"]) == ["Visitors", "Visitors"]
    assert any("A new policy" in info.value for info in at.info)
    next(button for button in at.button if button.label == "Cancel").click().run()
    assert not at.exception, at.exception
    assert not any(markdown.value.startswith("#### Preview") for markdown in at.markdown)
    assert not any((manage_env / "policies").iterdir())


def _archive(folder: Path, document_id: str, text: str) -> None:
    """Record one published version of a policy in the tmp archive, as ingest does after a publish."""
    from ingest.loaders import content_hash
    from ingest.parser import parse_document
    from ingest.versions import VersionArchive

    path = folder / f"{document_id}.md"
    path.write_text(text, encoding="utf-8")
    parsed = parse_document(
        text, document_id=document_id, source=str(path), content_hash=content_hash(path.read_bytes())
    )
    VersionArchive(folder / "versions").record(parsed, source=path)


def test_what_changed_shows_the_word_level_change_between_two_archived_versions(manage_env: Path) -> None:
    _archive(manage_env, SOCIAL, VISITORS)
    _archive(manage_env, SOCIAL, VISITORS.replace("a badge at all times", "a <red> badge at all times"))
    _archive(manage_env, TRUST, VISITORS)
    at = _sign_in(_open(), SECRET)
    assert dict(zip(at.dataframe[0].value["Id"], at.dataframe[0].value["Versions"], strict=True)) == {
        SOCIAL: 2,
        TRUST: 1,
    }
    at.segmented_control[0].set_value("What changed").run()
    at.selectbox(key="pa-manage-diff-doc").set_value(SOCIAL).run()
    assert not at.exception, at.exception
    assert any(caption.value == "Version 1 → version 2" for caption in at.caption)
    cards = " ".join(markdown.value for markdown in at.markdown if "pa-change" in markdown.value)
    assert "§1.2" in cards and "<ins>&lt;red&gt;</ins>" in cards and "<red>" not in cards
    assert [metric.value for metric in at.metric] == ["0", "0", "1", "0", "1"]  # added removed changed renumbered same
    at.selectbox(key="pa-manage-diff-doc").set_value(TRUST).run()
    assert any("no earlier version" in caption.value for caption in at.caption)


def test_remove_asks_to_confirm_and_cancel_removes_nothing(manage_env: Path) -> None:
    at = _sign_in(_open(), SECRET)
    at.selectbox(key="pa-manage-doc").set_value(SOCIAL).run()
    next(button for button in at.button if button.label == "Remove…").click().run()
    assert any("Remove **Social Media and Electronic Communications Policy**?" in w.value for w in at.warning)
    assert any(button.label == "Yes, remove" for button in at.button)
    next(button for button in at.button if button.label == "Cancel").click().run()
    assert not at.exception, at.exception
    assert not any(button.label == "Yes, remove" for button in at.button)
    assert "pa_manage_result" not in at.session_state  # nothing ran
    assert set(at.dataframe[0].value["Id"]) == {SOCIAL, TRUST}


def test_roll_back_is_offered_only_with_a_previous_version(manage_env: Path) -> None:
    _archive(manage_env, SOCIAL, VISITORS)
    _archive(manage_env, SOCIAL, VISITORS.replace("badge", "lanyard"))
    at = _sign_in(_open(), SECRET)
    at.selectbox(key="pa-manage-doc").set_value(TRUST).run()
    assert next(button for button in at.button if button.label == "Roll back…").disabled
    at.selectbox(key="pa-manage-doc").set_value(SOCIAL).run()
    rollback = next(button for button in at.button if button.label == "Roll back…")
    assert not rollback.disabled
    rollback.click().run()
    assert any("Republish version 1 (school-social-media-electronic-comms-2025.md" in w.value for w in at.warning)
    assert list(at.dataframe[1].value["Version"]) == [2, 1]


def test_a_removed_policy_is_offered_back(manage_env: Path) -> None:
    from ingest.versions import VersionArchive

    _archive(manage_env, "visitors", VISITORS)
    VersionArchive(manage_env / "versions").record_removal("visitors")
    at = _sign_in(_open(), SECRET)
    assert not at.exception, at.exception
    assert at.expander[0].label == "Removed policies (1)"
    assert any("**Visitor Policy** · `visitors` · removed" in markdown.value for markdown in at.markdown)
    assert any(button.label == "Restore" for button in at.button)
    assert "visitors" not in set(at.dataframe[0].value["Id"])


def test_an_action_the_library_refuses_says_nothing_was_changed(manage_env: Path) -> None:
    at = _sign_in(_open(), SECRET)  # the fake assistant serves policies whose files are not in the tmp folder
    at.selectbox(key="pa-manage-doc").set_value(TRUST).run()
    next(button for button in at.button if button.label == "Remove…").click().run()
    next(button for button in at.button if button.label == "Yes, remove").click().run()
    assert not at.exception, at.exception
    assert f"Nothing was changed. unknown document id(s): {TRUST}" in _errors(at)
    assert not at.success


def test_replace_previews_the_upload_under_the_replaced_policy_s_id(manage_env: Path) -> None:
    at = _sign_in(_open(), SECRET)
    at.selectbox(key="pa-manage-doc").set_value(TRUST).run()
    next(button for button in at.button if button.label == "Replace…").click().run()
    uploader = at.file_uploader[0]
    assert uploader.label == "Upload the new version"
    uploader.set_value(("Visitors v2 FINAL.md", VISITORS.encode(), "text/markdown")).run()
    assert not at.exception, at.exception
    text = " ".join(markdown.value for markdown in at.markdown)
    assert f"Preview of {TRUST}.md" in text and f"**Document id:** {TRUST}" in text
    assert any(button.label == "Publish" for button in at.button)
