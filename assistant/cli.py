"""The `policy-assistant` command: thin wrappers over ingest, ask, guard, serve, ui and eval."""

from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from assistant.errors import PolicyAssistantError
from assistant.settings import get_settings

# Models come from PyPI packages; never reach for a hub at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Answer staff questions from school IT policies.")


def _fail(error: PolicyAssistantError) -> typer.Exit:
    typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=2)


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: the bundled policies).")
    ] = None,
    rebuild: Annotated[bool, typer.Option(help="Rebuild the index from scratch.")] = False,
) -> None:
    """Parse policies into clauses and (re)build the search index incrementally."""
    from assistant.cli_output import ingest_with_progress

    try:
        report = ingest_with_progress(paths or [get_settings().policies_dir], settings=get_settings(), rebuild=rebuild)
    except PolicyAssistantError as error:  # the model or the index failed: nothing was published
        raise _fail(error) from None
    raise typer.Exit(code=0 if report.ok else 1)


@app.command()
def documents(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the ingested documents: id, title, organisation, dates, clause count."""
    from assistant.cli_output import print_documents
    from ingest.store import open_index

    try:
        metas = open_index(get_settings()).documents()
    except PolicyAssistantError as error:
        raise _fail(error) from None
    print_documents(metas, as_json=as_json)


@app.command()
def organisations(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the organisations that hold ingested documents: id, name, document ids."""
    from assistant.organisations import OrganisationConfig
    from ingest.store import open_index

    settings = get_settings()
    try:
        found = OrganisationConfig.load(settings.organisations_path).directory(open_index(settings).documents())
    except PolicyAssistantError as error:
        raise _fail(error) from None
    if as_json:
        typer.echo(json.dumps([org.as_json() for org in found], ensure_ascii=False, indent=2))
        return
    for org in found:
        typer.echo(f"{org.id}\t{org.name}\t{', '.join(org.documents)}")


@app.command()
def changes(
    document_id: Annotated[str, typer.Argument(help="The policy's document id (its file name without extension).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    old: Annotated[
        int | None, typer.Option("--from", min=1, help="The older version (default: the one before).")
    ] = None,
    new: Annotated[int | None, typer.Option("--to", min=1, help="The newer version (default: the latest).")] = None,
) -> None:
    """Show what changed in a policy between two versions: added, removed, changed and renumbered clauses."""
    from assistant.owners.diff import describe
    from assistant.owners.library import document_changes
    from ingest.versions import VersionArchive

    settings = get_settings()
    try:
        found = document_changes(
            VersionArchive(settings.versions_dir), document_id, old=old, new=new, is_published=_is_published
        )
    except PolicyAssistantError as error:
        raise _fail(error) from None
    typer.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=2) if as_json else describe(found))


@app.command()
def rollback(
    document_id: Annotated[str, typer.Argument(help="The policy's document id (its file name without extension).")],
) -> None:
    """Republish a policy's previous version from the archive (it becomes the newest version)."""
    from assistant.owners.library import PolicyLibrary, rollback_target
    from ingest.embedder import load_embedder
    from ingest.versions import VersionArchive

    settings = get_settings()
    try:
        target = rollback_target(VersionArchive(settings.versions_dir).history(document_id), document_id)
        library = PolicyLibrary(settings, embedder=load_embedder(settings))
        report = library.rollback(document_id)
    except PolicyAssistantError as error:
        raise _fail(error) from None
    latest = library.history(document_id)[-1]
    typer.echo(f"{document_id}: republished version {target.number} ({target.file_name}) as version {latest.number}")
    raise typer.Exit(code=0 if report.ok else 1)


def _is_published(document_id: str) -> bool:
    from assistant.errors import IndexNotReadyError
    from ingest.store import open_index

    try:
        index = open_index(get_settings())
    except IndexNotReadyError:
        return False
    try:
        return any(meta.document_id == document_id for meta in index.documents())
    finally:
        index.close()


_ORGANISATION_HELP = "Answer from this organisation's policies only (default: all documents)."


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in plain words.")],
    document: Annotated[list[str] | None, typer.Option("--document", "-d", help="Limit to this document id.")] = None,
    history: Annotated[list[str] | None, typer.Option("--history", help="An earlier question, oldest first.")] = None,
    organisation: Annotated[str | None, typer.Option("--organisation", help=_ORGANISATION_HELP)] = None,
    compare: Annotated[bool, typer.Option("--compare", help="One row per policy: verdict, clause, quote.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the Answer JSON.")] = False,
) -> None:
    """Answer a question from the policies, with cited clauses."""
    from assistant.cli_output import print_answer
    from assistant.compare import compare_policies
    from assistant.wiring import build_assistant

    try:
        assistant = build_assistant(get_settings())
        run = partial(compare_policies, assistant) if compare else assistant.ask
        answer = run(question, documents=document or (), history=history or (), organisation=organisation)
    except PolicyAssistantError as error:
        raise _fail(error) from None
    print_answer(answer, as_json=as_json)


@app.command()
def guard(
    text: Annotated[str, typer.Argument(help="The prompt to check.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdict as JSON.")] = False,
) -> None:
    """Check a prompt with the AI-input guard (exit 0 allowed, 1 refused)."""
    from assistant.cli_output import build_cli_guard, verdict_json

    verdict = build_cli_guard(get_settings()).check(text)
    if as_json:
        typer.echo(json.dumps(verdict_json(verdict)))
    else:
        typer.echo("allowed" if verdict.allowed else verdict.message)
    raise typer.Exit(code=0 if verdict.allowed else 1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Run the HTTP API and the Teams webhook under uvicorn."""
    from assistant.api.server import serve as run_server

    run_server(host=host, port=port, workers=workers, settings=get_settings())


@app.command()
def ui(port: Annotated[int, typer.Option(help="Port for the chat app.")] = 8501) -> None:
    """Start the Streamlit staff chat app."""
    from ui.launch import run_ui

    run_ui(port=port, settings=get_settings())


@app.command("eval")
def evaluate(
    qa: Annotated[Path | None, typer.Option(help="Q&A test set (JSONL).")] = None,
    guard_set: Annotated[Path | None, typer.Option("--guard", help="Guard test set (JSONL).")] = None,
    out: Annotated[Path, typer.Option(help="Report folder.")] = Path("eval/reports/latest"),
    baselines: Annotated[bool, typer.Option(help="Also score the BM25 and LangChain baselines.")] = True,
    limit: Annotated[int | None, typer.Option(help="Only the first N items of each set.")] = None,
    organisation: Annotated[str | None, typer.Option("--organisation", help=_ORGANISATION_HELP)] = None,
) -> None:
    """Score the assistant on the Q&A and guard sets and write a report."""
    from eval.cli_entry import run_from_cli

    try:
        code = run_from_cli(
            qa=qa,
            guard=guard_set,
            out=out,
            baselines=baselines,
            limit=limit,
            settings=get_settings(),
            organisation=organisation,
        )
    except PolicyAssistantError as error:
        raise _fail(error) from None
    raise typer.Exit(code=code)


_ONLY_ORGANISATION = "Only this organisation's policies (default: every organisation's)."


@app.command()
def health(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    csv_file: Annotated[Path | None, typer.Option("--csv", help="Also write the report as CSV to this file.")] = None,
    organisation: Annotated[str | None, typer.Option("--organisation", help=_ONLY_ORGANISATION)] = None,
) -> None:
    """Report each policy's review date and state and which topics it addresses (a ✓/– matrix)."""
    from datetime import date

    from assistant.owners.health import build_health
    from assistant.owners.health_text import render_text
    from assistant.owners.topics import load_topics
    from assistant.wiring import build_assistant

    settings = get_settings()
    try:
        topics = load_topics(settings.topics_path)  # before the models load, so a broken file fails fast
        report = build_health(
            build_assistant(settings),
            topics=topics,
            today=date.today(),
            due_days=settings.review_due_days,
            organisation=organisation,
        )
    except PolicyAssistantError as error:
        raise _fail(error) from None
    if csv_file is not None:
        csv_file.write_text(report.to_csv(), encoding="utf-8", newline="")
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_text(report, due_days=settings.review_due_days))
