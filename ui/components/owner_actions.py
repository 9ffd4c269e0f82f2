"""The owner's actions on the policy folder: upload and preview, publish or cancel, replace, remove, roll back."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import partial
from pathlib import PurePath

import streamlit as st

from assistant.errors import PolicyAssistantError
from assistant.owners.library import PolicyLibrary, Preview, rollback_target
from ingest.clause import DocumentMeta
from ingest.pipeline import IngestReport
from ingest.versions import PolicyVersion
from ui.components.preview_view import render_preview, render_report
from ui.services import document_label, get_live

UPLOAD_TYPES = ["docx", "pdf", "md", "html", "htm", "txt"]
RESULT_KEY = "pa_manage_result"  # (what was done, IngestReport or None, error) of the last action
PREVIEWS_KEY = "pa_manage_previews"  # parsed uploads by (name, sha256), so a redraw does not parse again
CONFIRM_KEY = "pa_manage_confirm"  # (action, document id) awaiting "Yes"
ROUND_KEY = "pa_manage_round"  # bumped after each publish or cancel: a new uploader key empties it


def _round() -> int:
    return int(st.session_state.get(ROUND_KEY, 0))


def _next_round() -> None:
    st.session_state[ROUND_KEY] = _round() + 1
    st.session_state.pop(PREVIEWS_KEY, None)


def target_name(uploaded: str, *, replacing: str | None) -> str:
    """Return the file name to publish: the upload's own, or the replaced policy's id with the upload's suffix."""
    name = PurePath(uploaded).name
    if replacing is None:
        return name
    return f"{replacing}{PurePath(name).suffix.lower()}"


def _preview(library: PolicyLibrary, name: str, data: bytes) -> Preview:
    """Return the preview of an upload, parsed once per file content and name."""
    cache: dict[tuple[str, str], Preview] = st.session_state.setdefault(PREVIEWS_KEY, {})
    key = (name, hashlib.sha256(data).hexdigest())
    if key not in cache:
        with st.spinner("Reading the file…"):
            cache[key] = library.preview(name, data)
    return cache[key]


def run_action(done: str, work: Callable[[], IngestReport]) -> None:
    """Run a publish, removal or rollback; keep its report for the next run and bring the chat up to date.

    ``done`` names it for the summary ("Published x.docx"); the library raises, changing nothing, when it fails.
    """
    try:
        with st.spinner("Updating the policies… the file is parsed and indexed."):
            report = work()
    except PolicyAssistantError as error:
        st.session_state[RESULT_KEY] = (done, None, str(error))
        return
    with st.spinner("Updating the chat…"):
        get_live().refresh()  # swap in the new generation now rather than at the next reload check
    st.session_state[RESULT_KEY] = (done, report, "")


def render_result() -> None:
    """Show (once) what the last publish, removal or rollback did, or why it changed nothing."""
    result = st.session_state.pop(RESULT_KEY, None)
    if result is None:
        return
    done, report, error = result
    if report is None:
        st.error(f"Nothing was changed. {error}", icon=":material/error:")
    else:
        render_report(report, action=done)


def upload_flow(library: PolicyLibrary, *, replacing: str | None = None) -> None:
    """Offer an upload, preview it, then Publish or Cancel; replacing names the policy the file replaces."""
    label = "Upload the new version" if replacing else "Upload a policy file"
    uploaded = st.file_uploader(
        label,
        type=UPLOAD_TYPES,
        key=f"pa-upload-{replacing or 'new'}-{_round()}",
        help="Word (.docx), PDF, Markdown, HTML or plain text. Nothing changes until you press Publish.",
    )
    if uploaded is None:
        return
    name = target_name(uploaded.name, replacing=replacing)
    data = uploaded.getvalue()
    preview = _preview(library, name, data)
    render_preview(preview)
    publish, cancel = st.columns(2)
    if preview.ok and publish.button("Publish", type="primary", icon=":material/publish:", width="stretch"):
        run_action(f"Published {name}", lambda: library.publish(name, data))
        _next_round()
        st.rerun()
    if cancel.button("Cancel", icon=":material/close:", width="stretch"):
        _next_round()
        st.rerun()


def policy_rows(documents: dict[str, DocumentMeta], library: PolicyLibrary) -> list[dict[str, object]]:
    """Return one row per published policy: title, id, organisation, review date, versions kept."""
    return [
        {
            "Title": meta.title,
            "Id": doc_id,
            "Organisation": meta.organisation_id or meta.organisation or "default",
            "Review date": meta.review_date or "—",
            "Versions": len([v for v in library.history(doc_id) if not v.removed]),
        }
        for doc_id, meta in documents.items()
    ]


def _confirm(action: str, doc_id: str, *, question: str, done: str, work: Callable[[], IngestReport]) -> None:
    """Ask once more before a removal or rollback; run it on Yes."""
    if st.session_state.get(CONFIRM_KEY) != (action, doc_id):
        return
    st.warning(question, icon=":material/help:")
    yes, no = st.columns(2)
    if yes.button(f"Yes, {action.lower()}", type="primary", key=f"pa-yes-{action}", width="stretch"):
        st.session_state.pop(CONFIRM_KEY, None)
        run_action(f"{done} {doc_id}", work)
        st.rerun()
    if no.button("Cancel", key=f"pa-no-{action}", width="stretch"):
        st.session_state.pop(CONFIRM_KEY, None)
        st.rerun()


def history_rows(library: PolicyLibrary, doc_id: str) -> list[dict[str, object]]:
    """Return the policy's versions, newest first."""
    return [
        {
            "Version": version.number,
            "Published": version.published_at.replace("T", " ")[:16],
            "File": version.file_name,
            "Clauses": version.clause_count,
            "Event": "removed" if version.removed else "published",
        }
        for version in reversed(library.history(doc_id))
    ]


def previous_version(library: PolicyLibrary, doc_id: str) -> PolicyVersion | None:
    """Return the version a rollback would republish, or None when there is none."""
    try:
        return rollback_target(library.history(doc_id), doc_id)
    except PolicyAssistantError:
        return None


def render_policy_actions(library: PolicyLibrary, documents: dict[str, DocumentMeta], doc_id: str) -> None:
    """Replace, remove or roll back one policy, and show its version history."""
    previous = previous_version(library, doc_id)
    replace, remove, rollback = st.columns(3)
    if replace.button("Replace…", icon=":material/upload_file:", width="stretch"):
        st.session_state[CONFIRM_KEY] = ("Replace", doc_id)
    if remove.button("Remove…", icon=":material/delete:", width="stretch"):
        st.session_state[CONFIRM_KEY] = ("Remove", doc_id)
    if rollback.button(
        "Roll back…", icon=":material/history:", width="stretch", disabled=previous is None, key="pa-rollback"
    ):
        st.session_state[CONFIRM_KEY] = ("Roll back", doc_id)
    if st.session_state.get(CONFIRM_KEY) == ("Replace", doc_id):
        upload_flow(library, replacing=doc_id)
    title = documents[doc_id].title
    _confirm(
        "Remove",
        doc_id,
        question=f"Remove **{title}**? Staff will no longer get answers from it. Its versions are kept.",
        done="Removed",
        work=lambda: library.remove(doc_id),
    )
    if previous is not None:
        _confirm(
            "Roll back",
            doc_id,
            question=f"Republish version {previous.number} ({previous.file_name}, {previous.published_at[:10]}) "
            f"of **{title}** in place of the current one?",
            done="Rolled back",
            work=lambda: library.rollback(doc_id),
        )
    st.markdown("##### Versions")
    st.dataframe(history_rows(library, doc_id), hide_index=True, width="stretch")


def removed_policies(library: PolicyLibrary, archived: list[str], published: set[str]) -> list[PolicyVersion]:
    """Return the removal marker of each archived policy that is removed and not published again."""
    markers = []
    for doc_id in archived:
        history = library.history(doc_id)
        if doc_id not in published and history and history[-1].removed:
            markers.append(history[-1])
    return markers


def render_removed(library: PolicyLibrary, markers: list[PolicyVersion]) -> None:
    """Offer to restore a removed policy (its last published version comes back)."""
    with st.expander(f"Removed policies ({len(markers)})", icon=":material/restore_from_trash:"):
        for marker in markers:
            text, button = st.columns([4, 1], vertical_alignment="center")
            text.markdown(f"**{marker.title}** · `{marker.document_id}` · removed {marker.published_at[:10]}")
            if button.button("Restore", key=f"pa-restore-{marker.document_id}", width="stretch"):
                run_action(f"Restored {marker.document_id}", partial(library.rollback, marker.document_id))
                st.rerun()


def render_policies(library: PolicyLibrary, documents: dict[str, DocumentMeta], *, archived: list[str]) -> None:
    """List the published policies; act on the one chosen; offer removed ones back."""
    markers = removed_policies(library, archived, set(documents))
    if markers:
        render_removed(library, markers)
    if not documents:
        st.info("No policy is published yet. Use **Upload** to add one.", icon=":material/inbox:")
        return
    st.dataframe(policy_rows(documents, library), hide_index=True, width="stretch")
    doc_id = st.selectbox(
        "Policy", options=list(documents), format_func=lambda d: document_label(documents[d]), key="pa-manage-doc"
    )
    if doc_id:
        render_policy_actions(library, documents, doc_id)
