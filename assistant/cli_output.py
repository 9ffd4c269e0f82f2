"""What the CLI prints: progress, answers for a person at a terminal, document tables, verdicts."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.errors import PolicyAssistantError
from assistant.guard.verdict import Verdict
from assistant.models import Answer, Stance
from assistant.settings import Settings
from ingest.clause import DocumentMeta

STANCE_LABELS = {
    "prohibited": "PROHIBITED",
    "discouraged": "DISCOURAGED",
    "permitted": "PERMITTED",
    "permitted_with_conditions": "PERMITTED WITH CONDITIONS",
    "required": "REQUIRED",
    "informational": "INFORMATION",
    "not_covered": "NOT COVERED",
}
# Shown instead of the stance when the answer is not confident enough for a verdict.
NEUTRAL_LABEL = "READ THE CLAUSES"


def ingest_with_progress(paths: Sequence[Path], *, settings: Settings, rebuild: bool) -> Any:
    """Ingest with a progress bar, print the summary and any per-file errors; return the report."""
    from ingest.embedder import load_embedder
    from ingest.pipeline import ingest_paths
    from ingest.planning import find_files

    console = Console(stderr=True, soft_wrap=True)
    total = len(find_files(list(paths)))
    with Progress(
        TextColumn("[bold]ingest[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("loading model", total=total or None)
        embedder = load_embedder(settings)

        def advance(message: str) -> None:
            # Embedding progress describes the step; every other message is one file done.
            progress.update(task, advance=0 if message.startswith("embedding ") else 1, description=message)

        report = ingest_paths(list(paths), settings=settings, embedder=embedder, rebuild=rebuild, progress=advance)
    console.print(
        f"documents: {report.documents_added} added, {report.documents_updated} updated, "
        f"{report.documents_unchanged} unchanged, {report.documents_removed} removed; "
        f"clauses: {report.clauses}; {report.seconds:.1f} s"
    )
    for document_id, structure, warnings in report.structures:
        console.print(f"{document_id}: {structure_summary(structure)}", markup=False)
        for warning in warnings:
            console.print(f"[yellow]warning[/] {escape(document_id)}: {escape(warning)}")
    for notice in report.notices:
        console.print(notice, markup=False, highlight=False)
    for error in report.errors:
        kept = "; its previous version keeps serving" if error.path in report.kept else ""
        console.print(f"[red]error[/] {escape(error.path)}: {escape(error.reason)}{kept}")
    if report.errors:
        console.print(f"[red]{len(report.errors)} file(s) failed[/]; every other file was ingested.")
    return report


def structure_summary(structure: Sequence[tuple[str, int]]) -> str:
    """Return what the parser found, e.g. "numbered 95" or "headings 12, paragraphs 40"."""
    return ", ".join(f"{kind} {count}" for kind, count in structure)


def print_documents(metas: Sequence[DocumentMeta], *, as_json: bool) -> None:
    """Print document metadata as a table or JSON."""
    if as_json:
        rows = [{key: value for key, value in asdict(meta).items() if key not in ("extra",)} for meta in metas]
        print(json.dumps(rows, indent=2, default=list))
        return
    table = Table("id", "title", "organisation", "policy date", "review date", "clauses")
    for meta in metas:
        table.add_row(
            meta.document_id,
            meta.title,
            meta.organisation or "",
            meta.policy_date or "",
            meta.review_date or "",
            str(meta.clause_count),
        )
    Console().print(table)


def format_answer(answer: Answer) -> str:
    """Render an answer for a person at a terminal."""
    if answer.refused:
        return "REFUSED (" + ", ".join(answer.categories) + ")\n\n" + answer.answer
    label = STANCE_LABELS.get(str(answer.stance), str(answer.stance))
    if answer.stance is not Stance.NOT_COVERED and not answer.shows_verdict():
        label = NEUTRAL_LABEL
    lines = [f"[{label}]", "", answer.answer.strip()]
    if answer.scope_source != "all":
        lines += ["", scope_line(answer)]
    for notice in answer.notices:
        lines += ["", f"Note: {notice}"]
    if answer.fallback:
        lines += ["", f"(LLM mode fell back to the extractive answer: {answer.fallback})"]
    return "\n".join(lines)


def scope_line(answer: Answer) -> str:
    """Say which policies were read and why ("named in the question" or "chosen")."""
    why = "named in the question" if answer.scope_source == "question" else "chosen"
    return f"Policy read ({why}): " + ", ".join(answer.scope)


def print_answer(answer: Answer, *, as_json: bool) -> None:
    """Print an answer as the JSON contract or as readable text."""
    if as_json:
        print(answer.model_dump_json())
        return
    for paragraph in format_answer(answer).split("\n"):
        print(textwrap.fill(paragraph, width=100, replace_whitespace=False) if paragraph else "")


def verdict_json(verdict: Verdict) -> dict[str, Any]:
    """Return the verdict as JSON-ready data (categories and offsets, never the matched text)."""
    return {
        "verdict": "allow" if verdict.allowed else "refuse",
        "allowed": verdict.allowed,
        "categories": [str(category) for category in verdict.categories],
        "spans": [
            {"category": str(f.category), "start": f.start, "end": f.end, "recognizer": f.recognizer}
            for f in verdict.spans
        ],
        "message": verdict.message,
    }


def build_cli_guard(settings: Settings) -> Any:
    """Build the guard, with identifiers harvested from the index when there is one."""
    from assistant.guard import build_guard
    from ingest.store import open_index

    try:
        index = open_index(settings)
        documents, texts = index.documents(), [clause.text for clause in index.clauses()]
    except PolicyAssistantError:
        documents, texts = [], []
    return build_guard(settings, documents=documents, public_texts=texts)
