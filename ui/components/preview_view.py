"""What an uploaded policy will become before it is published, and what a publish did."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assistant.owners.library import Preview
from ingest.pipeline import IngestReport
from ui.components.change_view import render_changes

TEXT_CHARS = 140  # of each clause in the preview table: enough to recognise it


def structure_text(structure: tuple[tuple[str, int], ...]) -> str:
    """Return the structure found as "numbered 80" or "headings 12, paragraphs 40"."""
    return ", ".join(f"{kind} {count}" for kind, count in structure) or "nothing recognised"


def clause_rows(preview: Preview) -> list[dict[str, str]]:
    """Return one table row per clause: where a person finds it, its section title and the start of its text."""
    rows = []
    for clause in preview.clauses:
        text = clause.full_text
        short = text if len(text) <= TEXT_CHARS else text[: TEXT_CHARS - 1].rstrip() + "…"
        rows.append({"Clause": clause.label, "Id": clause.clause_id, "Section": clause.title, "Text": short})
    return rows


def facts(preview: Preview) -> list[tuple[str, str]]:
    """Return the labelled facts about the parsed file, in reading order."""
    return [
        ("Title", preview.title),
        ("Document id", preview.document_id),
        ("Organisation", preview.organisation_id or "default"),
        ("Policy date", preview.policy_date or "not stated"),
        ("Review date", preview.review_date or "not stated"),
        ("Structure found", structure_text(preview.structure)),
        ("Clauses", str(len(preview.clauses))),
    ]


def render_preview(preview: Preview) -> None:
    """Show the parse of an uploaded file: facts, warnings, the clause table and, for a replacement, the changes."""
    if not preview.ok:
        st.error(f"**{preview.file_name}** cannot be published: {preview.error}. Nothing was changed.")
        return
    st.markdown(f"#### Preview of {preview.file_name}")
    left, right = st.columns(2)
    for index, (label, value) in enumerate(facts(preview)):
        (left if index % 2 == 0 else right).markdown(f"**{label}:** {value}")
    for warning in preview.warnings:
        st.warning(warning, icon=":material/warning:")
    if preview.review_date is None:
        st.info("No review date was found; the health report will list it as 'No review date'.")
    with st.container(height=min(80 + 38 * len(preview.clauses), 420)):
        st.table(clause_rows(preview))  # plain HTML: ids and titles are readable text, not a canvas
    if preview.replaces:
        st.markdown(f"#### It replaces the published **{preview.document_id}**: what changes")
        if preview.changes is not None:
            render_changes(preview.changes, upload=True)
    else:
        st.info(f"A new policy: **{preview.document_id}** is not published yet.", icon=":material/fiber_new:")


def report_summary(report: IngestReport, *, action: str) -> str:
    """Return one line a policy owner understands about what a publish, removal or rollback did."""
    parts = [
        f"{count} {word}"
        for count, word in (
            (report.documents_added, "added"),
            (report.documents_updated, "updated"),
            (report.documents_removed, "removed"),
        )
        if count
    ]
    did = ", ".join(parts) or "no policy changed"
    return (
        f"{action}: {did}; {report.clauses} clauses indexed in {report.seconds:.1f} s "
        f"({report.documents_total} policies, {report.clauses_total} clauses now published). "
        "The chat answers from it within a few seconds, without a restart."
    )


def render_report(report: IngestReport, *, action: str) -> None:
    """Show a publish's outcome, and any other file of the folder that could not be read (it did not block this)."""
    st.success(report_summary(report, action=action), icon=":material/check_circle:")
    if report.errors:
        st.warning(
            "Other files in the policy folder could not be read; their previous versions keep serving: "
            + " ".join(f"{Path(error.path).name}: {error.reason}." for error in report.errors),
            icon=":material/warning:",
        )
