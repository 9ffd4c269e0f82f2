"""Incremental, crash-safe ingest: files -> clauses -> vectors -> a new index generation, swapped in atomically."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.errors import DocumentError, IndexNotReadyError, PolicyAssistantError
from assistant.organisations import OrganisationConfig
from ingest.chroma_generations import Generations, generations_for
from ingest.chroma_writer import StagingWriter, StoredDocument, read_manifest
from ingest.embedder import embedding_text
from ingest.parser import ParsedDocument
from ingest.planning import IngestPlan, parse_file, plan_ingest
from ingest.versions import VersionArchive

if TYPE_CHECKING:
    from assistant.protocols import Embedder
    from assistant.settings import Settings

# Clauses embedded per call: large enough to batch well, small enough to stream progress.
EMBED_CHUNK = 4_096


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest did; ``clauses`` counts the clauses embedded and written by this run."""

    documents_added: int = 0
    documents_updated: int = 0
    documents_unchanged: int = 0
    documents_removed: int = 0
    clauses: int = 0
    seconds: float = 0.0
    documents_total: int = 0
    clauses_total: int = 0
    generation: str | None = None
    errors: tuple[DocumentError, ...] = ()
    # (document id, structure found, fall-back warnings) of each document parsed by this run.
    structures: tuple[tuple[str, tuple[tuple[str, int], ...], tuple[str, ...]], ...] = ()
    kept: tuple[str, ...] = ()  # paths of failed files whose previous version keeps serving
    notices: tuple[str, ...] = ()  # files skipped on purpose, one line each

    @property
    def ok(self) -> bool:
        """Return whether every file ingested."""
        return not self.errors


def ingest_paths(
    paths: Sequence[Path],
    *,
    settings: Settings,
    embedder: Embedder,
    rebuild: bool = False,
    progress: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest files and directories (default: settings.policies_dir) into a new index generation."""
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    roots = list(paths) or [settings.policies_dir]
    with _exclusive(settings):
        generations = generations_for(settings)
        live = generations.live()
        stored = _manifest(generations, live)
        if stored is None:  # the served generation is damaged: build a whole new one from the files
            live, stored, rebuild = None, {}, True
        organisations = OrganisationConfig.load(settings.organisations_path)
        stored = _restamp_moved(stored, organisations)
        plan = plan_ingest(roots, stored=stored, rebuild=rebuild, say=say, max_bytes=settings.max_file_bytes)
        plan.parsed = [(with_organisation(parsed, organisations), path) for parsed, path in plan.parsed]
        counts = _Counts()
        if plan.changes:
            counts = _write(
                generations, live=live, plan=plan, stored=stored, embedder=embedder, rebuild=rebuild, say=say
            )
        elif live is not None:
            counts = _Counts.of(stored, generation=live)
        # Only after the generation is published: a failed ingest archives nothing.
        archived = _archive(settings, plan=plan, organisations=organisations)
    return IngestReport(
        documents_added=sum(1 for parsed, _ in plan.parsed if parsed.meta.document_id not in stored),
        documents_updated=sum(1 for parsed, _ in plan.parsed if parsed.meta.document_id in stored),
        documents_unchanged=len(plan.unchanged),
        documents_removed=len(plan.removed),
        clauses=sum(len(parsed.clauses) for parsed, _ in plan.parsed),
        seconds=time.perf_counter() - started,
        documents_total=counts.documents,
        clauses_total=counts.clauses,
        generation=counts.generation,
        errors=tuple(plan.errors),
        structures=tuple((parsed.meta.document_id, parsed.structure, parsed.warnings) for parsed, _ in plan.parsed),
        kept=tuple(plan.kept),
        notices=tuple(plan.notices + archived),
    )


def with_organisation(parsed: ParsedDocument, organisations: OrganisationConfig) -> ParsedDocument:
    """Stamp a parsed document and each of its clauses with the organisation it belongs to."""
    org = organisations.resolve(parsed.meta.document_id, front_matter=parsed.meta.organisation)
    clauses = tuple(replace(clause, organisation_id=org) for clause in parsed.clauses)
    return replace(parsed, meta=replace(parsed.meta, organisation_id=org), clauses=clauses)


def _archive(settings: Settings, *, plan: IngestPlan, organisations: OrganisationConfig) -> list[str]:
    """Record published documents and removals in the version archive; return a notice per failure."""
    archive = VersionArchive(settings.versions_dir)
    notices: list[str] = []
    steps: list[tuple[str, Callable[[], object]]] = [
        (parsed.meta.document_id, partial(archive.record, parsed, source=Path(path))) for parsed, path in plan.parsed
    ]
    steps += [(document_id, partial(archive.record_removal, document_id)) for document_id in plan.removed]
    # A document ingested before versions were kept gets its current file as its first version.
    steps += [
        (doc, partial(_record_current, archive, Path(path), settings=settings, organisations=organisations))
        for doc, path in plan.unchanged_paths.items()
        if not archive.history(doc)
    ]
    for document_id, step in steps:
        try:
            step()
        except (OSError, ValueError, PolicyAssistantError) as exc:  # the index is published; say what was not kept
            notices.append(f"{document_id}: version not archived ({type(exc).__name__}: {exc})")
    return notices


def _record_current(
    archive: VersionArchive, path: Path, *, settings: Settings, organisations: OrganisationConfig
) -> None:
    parsed = with_organisation(parse_file(path, max_bytes=settings.max_file_bytes), organisations)
    archive.record(parsed, source=path)


def _restamp_moved(stored: dict[str, StoredDocument], organisations: OrganisationConfig) -> dict[str, StoredDocument]:
    """Mark stored documents whose organisation changed (organisations.yaml edited) as changed, to rewrite them."""
    moved = {
        doc: replace(item, meta=replace(item.meta, content_hash=""))
        for doc, item in stored.items()
        if item.meta.organisation_id != organisations.resolve(doc, front_matter=item.meta.organisation)
    }
    return {**stored, **moved}


@dataclass(frozen=True, slots=True)
class _Counts:
    documents: int = 0
    clauses: int = 0
    generation: str | None = None

    @classmethod
    def of(cls, stored: dict[str, StoredDocument], *, generation: str) -> _Counts:
        return cls(len(stored), sum(item.meta.clause_count for item in stored.values()), generation)


@contextmanager
def directory_lock(directory: Path, name: str) -> Iterator[None]:
    """Hold an exclusive lock file ``name`` in ``directory`` (made if missing), across processes."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / name).open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _exclusive(settings: Settings) -> Iterator[None]:
    """Hold a lock so two ingests never write generations at the same time."""
    with directory_lock(Path(settings.index_dir), ".ingest.lock"):
        yield


def _manifest(generations: Generations, live: str | None) -> dict[str, StoredDocument] | None:
    """Return the documents of the live generation ({} if none; None if it cannot be read)."""
    if live is None:
        return {}
    try:
        handle = generations.open(live)
    except IndexNotReadyError:
        return None
    try:
        return read_manifest(handle)
    finally:
        handle.close()


def _write(
    generations: Generations,
    *,
    live: str | None,
    plan: IngestPlan,
    stored: dict[str, StoredDocument],
    embedder: Embedder,
    rebuild: bool,
    say: Callable[[str], None],
) -> _Counts:
    """Build and verify a new generation, publish it, and prune old ones; on any failure discard it."""
    staging = generations.create(copy_from=None if rebuild else live)
    try:
        handle = generations.open(staging, create=True)
        try:
            writer = StagingWriter(handle)
            if rebuild and live is not None:
                _keep_previous(generations, live=live, writer=writer, keep=[d for d in plan.failed if d in stored])
            writer.remove(plan.removed + [p.meta.document_id for p, _ in plan.parsed if p.meta.document_id in stored])
            _embed_and_add(plan.parsed, writer=writer, embedder=embedder, stored=stored, say=say)
            documents, clauses = writer.verify()
        finally:
            handle.close()
        generations.publish(staging)
    except BaseException:
        generations.discard(staging)
        raise
    generations.prune()
    return _Counts(documents, clauses, staging)


def _keep_previous(generations: Generations, *, live: str, writer: StagingWriter, keep: list[str]) -> None:
    """On a rebuild, carry over the previous version of files that failed this time."""
    if keep:
        source = generations.open(live)
        try:
            writer.copy_documents(source, keep)
        finally:
            source.close()


def _embed_and_add(
    parsed: list[tuple[ParsedDocument, str]],
    *,
    writer: StagingWriter,
    embedder: Embedder,
    stored: dict[str, StoredDocument],
    say: Callable[[str], None],
) -> None:
    """Embed clauses in large chunks of whole documents, saying how far it got, and write each chunk."""
    progress = _EmbedProgress(total=sum(len(document.clauses) for document, _ in parsed), say=say)
    for chunk in _chunks(parsed):
        texts = [
            embedding_text(clause, document_title=document.meta.title)
            for document, _ in chunk
            for clause in document.clauses
        ]
        vectors = _embed(texts, embedder=embedder, progress=progress)
        writer.add([(document.meta, document.clauses, path) for document, path in chunk], vectors)
        for document, _ in chunk:
            verb = "updated" if document.meta.document_id in stored else "added"
            say(f"{document.meta.document_id}: {verb} ({len(document.clauses)} clauses)")


@dataclass(slots=True)
class _EmbedProgress:
    total: int
    say: Callable[[str], None]
    done: int = 0

    def advance(self, count: int) -> None:
        self.done += count
        if self.total > EMBED_CHUNK:  # a small ingest finishes before a progress line would help
            self.say(f"embedding {self.done}/{self.total} clauses")


def _embed(texts: list[str], *, embedder: Embedder, progress: _EmbedProgress) -> np.ndarray:
    """Embed texts EMBED_CHUNK at a time so one huge document still reports progress."""
    parts = []
    for start in range(0, len(texts), EMBED_CHUNK):
        part = texts[start : start + EMBED_CHUNK]
        parts.append(embedder.embed(part))
        progress.advance(len(part))
    if len(parts) == 1:
        return parts[0]
    return np.concatenate(parts) if parts else embedder.embed(texts)


def _chunks(parsed: list[tuple[ParsedDocument, str]]) -> Iterator[list[tuple[ParsedDocument, str]]]:
    chunk: list[tuple[ParsedDocument, str]] = []
    size = 0
    for item in parsed:
        chunk.append(item)
        size += len(item[0].clauses)
        if size >= EMBED_CHUNK:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk
