"""End to end in a real browser: `streamlit run` on loopback, Debian's headless chromium, the real assistant."""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TypeVar

import pytest
from selenium.common.exceptions import ElementClickInterceptedException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.browser
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "ui"

T = TypeVar("T")
QUESTION = "can I friend an ex-pupil on Facebook?"
STANCE_LABELS = {"Prohibited", "Discouraged", "Permitted", "Permitted with conditions", "Required", "Information"}
CHAT_INPUT = "textarea[data-testid='stChatInputTextArea']"
THUMBS = "[data-testid='stFeedback'] button, .stFeedback button"


def _wait(driver: WebDriver, find: Callable[[WebDriver], T], *, timeout_s: float = 90) -> T:
    return WebDriverWait(driver, timeout_s, poll_frequency=0.25).until(find)


def _ask(driver: WebDriver, question: str) -> None:
    box = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, CHAT_INPUT))
    box.send_keys(question, Keys.ENTER)


def _settle(driver: WebDriver) -> None:
    """Wait until Streamlit has finished the current run (no running status, no spinner)."""
    time.sleep(0.5)
    _wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-testid='stStatusWidget'], .stSpinner"))


def test_a_teacher_asks_sees_the_verdict_and_clause_and_reads_it_in_context(
    real_env: Path, serve_app: Callable[..., AbstractContextManager[str]], browser: WebDriver
) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    driver = browser
    with serve_app({}, log_path=OUTPUT / "streamlit.log") as url:
        driver.get(url)
        _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, CHAT_INPUT))
        _settle(driver)
        driver.save_screenshot(str(OUTPUT / "chat-empty.png"))
        _ask(driver, QUESTION)
        badge = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".pa-badge"))
        _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, THUMBS))  # the answer's last element
        assert badge.text.strip() in STANCE_LABELS
        assert badge.text.strip() == "Prohibited"
        cards = driver.find_elements(By.CSS_SELECTOR, "[data-testid='stExpander'] summary")
        titles = [card.text for card in cards]
        assert any(re.search(r"§\d+(\.\d+)*(/\d+(\.\d+)*)?$", title) for title in titles), titles
        assert any(title.endswith("§2.14/2.12") for title in titles), titles
        cards[0].click()
        _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid='stExpander'] mark"))
        _settle(driver)
        question = driver.find_elements(By.CSS_SELECTOR, "[data-testid='stChatMessage']")[0]
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", question)
        driver.save_screenshot(str(OUTPUT / "chat-answer.png"))

        # The chat input is pinned to the bottom of the page and can cover a button near it: bring each to the middle.
        _click_centred(driver, _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, THUMBS))[0])
        _click_centred(
            driver, next(b for b in driver.find_elements(By.TAG_NAME, "button") if b.text == "Send feedback")
        )
        _wait(driver, lambda d: "feedback was saved" in d.find_element(By.TAG_NAME, "body").text)
        with sqlite3.connect(real_env / "feedback.sqlite3") as conn:
            assert conn.execute("SELECT rating FROM feedback").fetchall() == [(1,)]

        _ask(driver, "Can staff at Oakwood Primary School friend ex-pupils?")
        _wait(driver, lambda d: "Your question was not sent" in d.find_element(By.TAG_NAME, "body").text)
        _settle(driver)
        body = driver.find_element(By.TAG_NAME, "body").text
        assert "Oakwood" not in body
        driver.save_screenshot(str(OUTPUT / "chat-refusal.png"))

        link = _wait(driver, lambda d: d.find_element(By.PARTIAL_LINK_TEXT, "Read this clause in the full policy"))
        link.click()
        _wait(driver, lambda d: "You opened §" in d.find_element(By.TAG_NAME, "body").text)
        _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".pa-clause.pa-target"))
        _settle(driver)
        driver.save_screenshot(str(OUTPUT / "policy-in-context.png"))
    assert (OUTPUT / "chat-answer.png").stat().st_size > 10_000


SIDEBAR = "[data-testid='stSidebar']"
ORGANISATION_BOX = f"{SIDEBAR} [data-testid='stSelectbox']:has(input[aria-label='Your organisation'])"
POLICY_PICKER = f"{SIDEBAR} [data-testid='stMultiSelect']:has(input[aria-label='Search these policies'])"
OPTIONS = "[role='listbox'] [role='option']"
TRUST_POLICY = "IT and Communications Systems Policy"
SCHOOL_POLICY = "Social Media and Electronic Communications Policy"


def _chosen_organisation(driver: WebDriver) -> str:
    """Return the name the sidebar organisation selector shows ("" before it is drawn or when none is chosen)."""
    boxes = driver.find_elements(By.CSS_SELECTOR, f"{ORGANISATION_BOX} input[role='combobox']")
    return (boxes[0].get_attribute("value") or "") if boxes else ""


def _option_texts(driver: WebDriver) -> list[str]:
    """Return the shown options' labels, or [] while Streamlit is still redrawing them."""
    try:
        texts = [option.text.strip() for option in driver.find_elements(By.CSS_SELECTOR, OPTIONS)]
    except StaleElementReferenceException:
        return []
    return texts if texts and all(texts) else []


def _open_options(driver: WebDriver, widget: str) -> list[str]:
    """Open a sidebar select's dropdown with its Open button; return its option labels once they are drawn."""
    _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, f"{widget} button[aria-label='Open']")).click()
    return _wait(driver, _option_texts, timeout_s=15)


def _choose_option(driver: WebDriver, label: str) -> bool:
    """Click the shown option with this label; False while it is not (yet) clickable, so a wait retries."""
    try:
        found = [o for o in driver.find_elements(By.CSS_SELECTOR, OPTIONS) if o.text.strip() == label]
        if found:
            found[0].click()
        return bool(found)
    except (StaleElementReferenceException, ElementClickInterceptedException):
        return False


def _close_options(driver: WebDriver) -> None:
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    _wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, OPTIONS), timeout_s=15)


def _policy_options(driver: WebDriver) -> list[str]:
    """Return the labels the policy picker offers (opening and closing its dropdown)."""
    labels = _open_options(driver, POLICY_PICKER)
    _close_options(driver)
    return labels


def test_the_organisation_choice_comes_from_the_url_scopes_the_picker_and_follows_a_new_choice(
    real_env: Path, serve_app: Callable[..., AbstractContextManager[str]], browser: WebDriver
) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    driver = browser
    with serve_app({}, log_path=OUTPUT / "streamlit-organisation.log") as url:
        driver.get(f"{url}/?organisation=academy-trust")
        _wait(driver, lambda d: _chosen_organisation(d) == "The Academy Trust")
        _settle(driver)
        assert "organisation=academy-trust" in driver.current_url
        labels = _policy_options(driver)
        assert len(labels) == 1 and labels[0].startswith(TRUST_POLICY), labels

        choices = _open_options(driver, ORGANISATION_BOX)
        assert {"The Academy Trust", "The School"} <= set(choices), choices
        _wait(driver, lambda d: _choose_option(d, "The School"), timeout_s=15)
        _wait(driver, lambda d: "organisation=school-2025" in d.current_url, timeout_s=30)
        _wait(driver, lambda d: _chosen_organisation(d) == "The School", timeout_s=30)
        _settle(driver)
        assert "organisation=academy-trust" not in driver.current_url
        labels = _policy_options(driver)
        assert len(labels) == 1 and labels[0].startswith(SCHOOL_POLICY), labels
        driver.save_screenshot(str(OUTPUT / "chat-organisation.png"))


def _click_centred(driver, element) -> None:
    """Scroll an element to the middle of the viewport, then click it as a person would."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    _settle(driver)
    element.click()
