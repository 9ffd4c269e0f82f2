"""Process-wide resources for the UI: the assistant (following the live index generation) and the feedback store.

Nothing is built at import time. Tests may point POLICY_UI_ASSISTANT_FACTORY at "module:function" or
"/path/file.py:function" returning an AssistantAPI (built once, never reloaded); unset, the real assistant is
built and rebuilt in the background whenever an ingest publishes a new index generation.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections.abc import Callable
from pathlib import Path
from typing import cast

import streamlit as st

from assistant.core import AssistantAPI
from assistant.feedback import FeedbackStore
from assistant.live import LiveAssistant
from assistant.settings import Settings, get_settings
from ingest.clause import DocumentMeta

FACTORY_ENV = "POLICY_UI_ASSISTANT_FACTORY"


def _load_factory(spec: str) -> Callable[[Settings], AssistantAPI]:
    """Import the factory named by "module:function" or "/path/file.py:function"."""
    target, _, name = spec.rpartition(":")
    if not target or not name:
        raise ValueError(f"{FACTORY_ENV} must look like 'module:function', got {spec!r}")
    if target.endswith(".py"):
        module_spec = importlib.util.spec_from_file_location(Path(target).stem, target)
        if module_spec is None or module_spec.loader is None:
            raise ValueError(f"cannot load {target}")
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
    else:
        module = importlib.import_module(target)
    return cast(Callable[[Settings], AssistantAPI], getattr(module, name))


@st.cache_resource(show_spinner=False)
def get_live_assistant(factory_spec: str = "") -> LiveAssistant:
    """Start the process-wide assistant holder once per process (and per factory, so tests can swap it)."""
    if factory_spec:
        factory = _load_factory(factory_spec)
        live = LiveAssistant.fixed(lambda: factory(get_settings()))
    else:
        from assistant.wiring import live_assistant  # heavy parts load in its thread, not at import

        live = live_assistant(get_settings())
    live.start()
    return live


def get_assistant() -> AssistantAPI:
    """Return the assistant of the live generation for this page run, waiting for the first load."""
    live = get_live_assistant(os.environ.get(FACTORY_ENV, ""))
    live.loaded.wait()
    return live.require()


@st.cache_resource(show_spinner=False)
def _store(path: str) -> FeedbackStore:
    """Return one feedback store per database file."""
    return FeedbackStore(Path(path))


def get_feedback_store() -> FeedbackStore:
    """Return the feedback store at settings.feedback_db."""
    return _store(str(get_settings().feedback_db))


def document_label(meta: DocumentMeta) -> str:
    """Return "Title — Organisation (date)" for pickers, without empty parts."""
    label = meta.title
    if meta.organisation:
        label += f" — {meta.organisation}"
    if meta.policy_date:
        label += f" ({meta.policy_date})"
    return label


def documents_by_id(assistant: AssistantAPI, organisation: str | None = None) -> dict[str, DocumentMeta]:
    """Return the ingested documents (one organisation's when given) keyed by id, in title order."""
    found = assistant.documents(organisation) if organisation is not None else assistant.documents()
    metas = sorted(found, key=lambda meta: meta.title.lower())
    return {meta.document_id: meta for meta in metas}
