"""A policy owner in real Chromium: sign in, upload a generated Word policy, preview, publish, see the chat answer
from it without a restart, replace it, see what changed, check the health report, roll back, and see the chat
answer from the old text again. Everything runs on tmp copies of the policy, index and version folders.

`python scripts/screenshots.py` runs this test with POLICY_SCREENSHOTS_DIR=docs/screenshots to refresh the README's
screenshots of the owner's views from this same flow.
"""

from __future__ import annotations

import io
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TypeVar

import pytest
from selenium.common.exceptions import ElementClickInterceptedException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from eval.formats.docx_auto import automatic_docx
from eval.formats.source import read_blocks

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output" / "ui"
SECRET = "owner-browser-test-password"
DOC_ID = "drone-policy"
TITLE = "Drone and Aerial Camera Policy"
QUESTION = "How long can drone footage be kept before it must be deleted?"
BUNDLED = ("academy-trust-it-comms-social-media.txt", "school-social-media-electronic-comms-2025.txt")
CHAT_INPUT = "textarea[data-testid='stChatInputTextArea']"
CARDS = "[data-testid='stExpander'] summary"
T = TypeVar("T")


def drone_policy(days: int) -> bytes:
    """Return a Word policy (automatic numbering) that keeps drone footage for ``days`` days; nothing else says so."""
    text = f"""{TITLE}

| | |
|---|---|
| Policy Date: | January 2026 |
| Policy Review Date: | January 2028 |

1. Drones

- 1.1 Staff may fly a drone on the school site only with written permission from the Headteacher.
- 1.2 Drone footage must be deleted within {days} days of the flight.

2. Aerial cameras

- 2.1 Aerial cameras must never be pointed at changing rooms.
"""
    data, _automatic, _typed = automatic_docx(read_blocks(text), title=TITLE)
    return data


@pytest.fixture
def owner_env(tmp_path: Path, real_embedder) -> Iterator[dict[str, str]]:
    """Ingest two bundled policies into tmp folders; yield the server's environment (admin password set)."""
    from assistant.settings import Settings
    from ingest.pipeline import ingest_paths

    folders = {name: tmp_path / name for name in ("policies", "index", "versions")}
    folders["policies"].mkdir()
    for name in BUNDLED:
        shutil.copy(REPO / "data" / "policies" / name, folders["policies"] / name)
    settings = Settings(policies_dir=folders["policies"], index_dir=folders["index"], versions_dir=folders["versions"])
    assert ingest_paths([], settings=settings, embedder=real_embedder).ok
    (tmp_path / "drone-policy.docx").write_bytes(drone_policy(7))
    (tmp_path / "edited" / "drone-policy.docx").parent.mkdir()
    (tmp_path / "edited" / "drone-policy.docx").write_bytes(drone_policy(30))
    yield {
        **{f"POLICY_{name.upper()}_DIR": str(path) for name, path in folders.items()},
        "POLICY_FEEDBACK_DB": str(tmp_path / "feedback.sqlite3"),
        "POLICY_ADMIN_PASSWORD": SECRET,
        "POLICY_RELOAD_INTERVAL_S": "1",
        "PA_TEST_FILES": str(tmp_path),
    }


def _wait(driver: WebDriver, find: Callable[[WebDriver], T], *, timeout_s: float = 120) -> T:
    return WebDriverWait(driver, timeout_s, poll_frequency=0.25).until(find)


def _settle(driver: WebDriver) -> None:
    """Wait until Streamlit has finished the current run (no running status, no spinner)."""
    time.sleep(0.5)
    _wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-testid='stStatusWidget'], .stSpinner"))


def _body(driver: WebDriver) -> str:
    try:
        return driver.find_element(By.TAG_NAME, "body").text
    except StaleElementReferenceException:
        return ""


def _click(driver: WebDriver, text: str, *, within: str = "") -> bool:
    """Click the visible button (or link) with this text; False while it is not there or is being redrawn."""
    try:
        found = [
            element
            for element in driver.find_elements(By.CSS_SELECTOR, f"{within} button, {within} a".strip())
            if element.is_displayed() and element.text.strip().endswith(text)  # after any icon's ligature name
        ]
        if not found:
            return False
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", found[0])
        found[0].click()
        return True
    except (StaleElementReferenceException, ElementClickInterceptedException):
        return False


def _press(driver: WebDriver, text: str, *, within: str = "") -> None:
    _wait(driver, lambda d: _click(d, text, within=within), timeout_s=60)
    _settle(driver)


def _section(driver: WebDriver, name: str) -> None:
    _press(driver, name, within="[data-testid='stButtonGroup']")


def _page(driver: WebDriver, title: str) -> None:
    """Go to another page through the sidebar, keeping this browser session (and its sign-in)."""
    _press(driver, title, within="[data-testid='stSidebarNav']")


def _upload(driver: WebDriver, path: Path) -> None:
    field = _wait(
        driver, lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid='stFileUploader'] input[type='file']")
    )
    field.send_keys(str(path))
    _wait(driver, lambda d: f"Preview of {path.name}" in _body(d))
    _settle(driver)


def _cited_text(driver: WebDriver, clause: str) -> str:
    """Ask QUESTION in the chat; return the text of the card citing the drone policy's clause, opened."""
    box = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, CHAT_INPUT))
    box.send_keys(QUESTION, Keys.ENTER)
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid='stFeedback'] button, .stFeedback button"))
    _settle(driver)

    def card(d: WebDriver) -> WebElement | None:
        cards = [c for c in d.find_elements(By.CSS_SELECTOR, CARDS) if c.text.endswith(f"· §{clause}")]
        return next((c for c in cards if TITLE in c.text), None)

    summary = _wait(driver, card, timeout_s=30)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", summary)
    summary.click()
    expander = summary.find_element(By.XPATH, "./ancestor::*[@data-testid='stExpander']")
    _wait(driver, lambda d: "Drone footage" in expander.text, timeout_s=30)
    return str(expander.text)


def _shot(driver: WebDriver, name: str, *, top: str | None = None) -> None:
    """Save a screenshot in test-output (and, for the README, a small palette PNG in POLICY_SCREENSHOTS_DIR)."""
    if top:
        element = driver.find_element(By.XPATH, f"//*[contains(text(), {top!r})]")
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -80);", element)
        time.sleep(0.3)
    png = driver.get_screenshot_as_png()
    (OUTPUT / f"{name}.png").write_bytes(png)
    target = os.environ.get("POLICY_SCREENSHOTS_DIR")
    if target:
        from PIL import Image

        image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=128)
        Path(target).mkdir(parents=True, exist_ok=True)
        image.save(Path(target) / f"{name}.png", optimize=True)


def test_an_owner_publishes_replaces_and_rolls_back_a_policy_and_the_chat_follows_without_a_restart(
    owner_env: dict[str, str], serve_app: Callable[..., AbstractContextManager[str]], browser: WebDriver
) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    files = Path(owner_env["PA_TEST_FILES"])
    driver = browser
    driver.set_window_size(1200, 1400)
    with serve_app(owner_env, log_path=OUTPUT / "streamlit-manage.log") as url:
        driver.get(f"{url}/manage")
        password = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "input[type='password']"))
        assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid='stFileUploader']")  # nothing before sign-in
        password.send_keys(SECRET)
        _press(driver, "Sign in")
        _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid='stButtonGroup']"))

        # Upload, preview (clause ids, dates), publish.
        _section(driver, "Upload")
        _upload(driver, files / "drone-policy.docx")
        preview = _body(driver)
        for expected in ("Drone and Aerial Camera Policy", "numbered 3", "2028-01", "1.1", "1.2", "2.1"):
            assert expected in preview, expected
        assert "A new policy" in preview
        _press(driver, "Publish")
        _wait(driver, lambda d: "Published drone-policy.docx: 1 added" in _body(d))

        # The chat answers from it, in the same running app.
        _page(driver, "Ask")
        assert "within 7 days" in _cited_text(driver, "1.2")

        # Replace it with an edited version: the preview shows the change, then What changed does.
        _page(driver, "Manage policies")
        _section(driver, "Upload")
        _upload(driver, files / "edited" / "drone-policy.docx")
        assert "It replaces the published" in _body(driver)
        _shot(driver, "manage-upload-preview", top="Preview of drone-policy.docx")
        _press(driver, "Publish")
        _wait(driver, lambda d: "Published drone-policy.docx: 1 updated" in _body(d))
        _section(driver, "What changed")
        _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".pa-diff ins"))
        _settle(driver)
        removed = [element.text for element in driver.find_elements(By.CSS_SELECTOR, ".pa-diff del")]
        added = [element.text for element in driver.find_elements(By.CSS_SELECTOR, ".pa-diff ins")]
        assert any("7" in text for text in removed) and any("30" in text for text in added), (removed, added)
        assert "§1.2" in _body(driver) and "Version 1 → version 2" in _body(driver)
        _shot(driver, "manage-what-changed", top="Version 1 → version 2")

        # The health report covers the new policy too.
        _section(driver, "Health")
        _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "table.pa-health"), timeout_s=240)
        _settle(driver)
        assert TITLE in driver.find_element(By.CSS_SELECTOR, "table.pa-health").text
        _shot(driver, "manage-health")

        # Roll back to version 1; the chat answers from the old text again.
        _section(driver, "Policies")
        _press(driver, "Roll back…")
        _press(driver, "Yes, roll back")
        _wait(driver, lambda d: "Rolled back drone-policy: " in _body(d))
        _page(driver, "Ask")
        _press(driver, "New conversation")
        text = _cited_text(driver, "1.2")
        assert "within 7 days" in text and "30 days" not in text
