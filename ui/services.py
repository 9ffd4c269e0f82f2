"""Process-wide resources for the UI: the assistant (following the live index generation), the feedback store,
and for policy owners the admin gate and the policy library (sharing the assistant's loaded embedding model).

Nothing is built at import time. Tests may point POLICY_UI_ASSISTANT_FACTORY at "module:function" or
"/path/file.py:function" returning an AssistantAPI (built once, never reloaded); unset, the real assistant is
built and rebuilt in the background whenever an ingest publishes a new index generation.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np
import streamlit as st

from assistant.facade import AssistantAPI
from assistant.feedback import FeedbackStore
from assistant.live import LiveAssistant
from assistant.settings import Settings, get_settings
from ingest.clause import DocumentMeta
from ui.admin import AdminGate

if TYPE_CHECKING:
    from assistant.owners.library import PolicyLibrary
    from assistant.wiring import Models

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


class SharedModels:
    """The embedding model and guard analyzer, loaded once per process by whoever needs them first."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._models: Models | None = None
        self._lock = threading.Lock()

    def get(self) -> Models:
        """Return the loaded models, loading them on the first call."""
        with self._lock:
            if self._models is None:
                from assistant.wiring import load_models

                self._models = load_models(self._settings)
            return self._models


class SharedEmbedder:
    """An Embedder that loads the shared model only when something is first embedded (a publish, not a preview)."""

    def __init__(self, models: Callable[[], Models]) -> None:
        self._models = models

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed with the process's one loaded model."""
        return self._models().embedder.embed(texts)


@st.cache_resource(show_spinner=False)
def get_models() -> SharedModels:
    """Return the process-wide model holder (nothing loads until it is asked for)."""
    return SharedModels(get_settings())


@st.cache_resource(show_spinner=False)
def get_live_assistant(factory_spec: str = "") -> LiveAssistant:
    """Start the process-wide assistant holder once per process (and per factory, so tests can swap it)."""
    if factory_spec:
        factory = _load_factory(factory_spec)
        live = LiveAssistant.fixed(lambda: factory(get_settings()))
    else:
        from assistant.wiring import live_assistant  # heavy parts load in its thread, not at import

        live = live_assistant(get_settings(), load=get_models().get)
    live.start()
    return live


def get_live() -> LiveAssistant:
    """Return this process's live assistant holder (the one the chat uses)."""
    return get_live_assistant(os.environ.get(FACTORY_ENV, ""))


def get_assistant() -> AssistantAPI:
    """Return the assistant of the live generation for this page run, waiting for the first load."""
    live = get_live()
    live.loaded.wait()
    return live.require()


@st.cache_resource(show_spinner=False)
def get_admin_gate() -> AdminGate:
    """Return the one admin gate of this process: every browser session shares its failure count and lock-out."""
    return AdminGate.from_settings(get_settings())


@st.cache_resource(show_spinner=False)
def get_library() -> PolicyLibrary:
    """Return the policy library over the configured folders, embedding with the chat's already-loaded model."""
    from assistant.owners.library import PolicyLibrary

    return PolicyLibrary(get_settings(), embedder=SharedEmbedder(get_models().get))


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
