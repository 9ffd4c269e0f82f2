"""What a policy owner does to the policy folder: preview an upload, publish, remove, roll back, see changes.

Every change goes through the same ingest as `policy-assistant ingest`, so the index, the version archive
and the running chat and API (which pick up a new generation by themselves) stay in step.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import (
    IndexNotReadyError,
    NoPreviousVersionError,
    PolicyFileError,
    UnknownDocumentError,
    VersionNotFoundError,
)
from assistant.organisations import OrganisationConfig
from assistant.owners.diff import DocumentChanges, diff_clauses
from assistant.owners.policy_files import SetAside, check_upload, files_of, folder_lock, write_atomically
from ingest.clause import Clause
from ingest.parser import ParsedDocument
from ingest.pipeline import IngestReport, ingest_paths, with_organisation
from ingest.planning import plan_ingest, recorded_source
from ingest.store import open_index
from ingest.versions import PolicyVersion, VersionArchive

if TYPE_CHECKING:
    from assistant.protocols import Embedder
    from assistant.settings import Settings


log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Preview:
    """What publishing an uploaded file would do, found without changing anything."""

    file_name: str
    document_id: str  # the file's stem
    title: str
    organisation_id: str
    structure: tuple[tuple[str, int], ...]  # ParsedDocument.structure, e.g. (("numbered", 80),)
    warnings: tuple[str, ...]
    policy_date: str | None
    review_date: str | None
    clauses: tuple[Clause, ...]
    replaces: bool  # a published policy with this id exists
    changes: DocumentChanges | None  # against the published version when replaces
    error: str | None = None  # a clear reason when the file cannot be ingested (nothing else is set then)

    @property
    def ok(self) -> bool:
        """Return whether the file can be published."""
        return self.error is None


def _refused(file_name: str, reason: str) -> Preview:
    return Preview(file_name, "", "", "", (), (), None, None, (), False, None, error=reason)


def document_changes(
    archive: VersionArchive,
    document_id: str,
    *,
    old: int | None = None,
    new: int | None = None,
    is_published: Callable[[str], bool],
) -> DocumentChanges:
    """Diff two archived versions (default: the latest against the one before it)."""
    published = [version.number for version in archive.history(document_id) if not version.removed]
    if not published:
        if not is_published(document_id):
            raise UnknownDocumentError([document_id])
        return DocumentChanges(document_id, None, None, (), 0)
    new = published[-1] if new is None else new
    for number in (new, old):
        if number is not None and number not in published:
            raise VersionNotFoundError(document_id, number)
    earlier = [number for number in published if number < new]
    old = old if old is not None else (earlier[-1] if earlier else None)
    if old is None:
        return DocumentChanges(document_id, None, new, (), 0)
    changes, unchanged = diff_clauses(archive.clauses(document_id, old), archive.clauses(document_id, new))
    return DocumentChanges(document_id, old, new, changes, unchanged)


def rollback_target(history: Sequence[PolicyVersion], document_id: str) -> PolicyVersion:
    """Return the version a rollback republishes: the one before the current, or the last before a removal."""
    if not history:
        raise UnknownDocumentError([document_id])
    published = [version for version in history if not version.removed]
    current = history[-1]
    earlier = published if current.removed else [v for v in published if v.content_hash != current.content_hash]
    if not earlier:
        raise NoPreviousVersionError(document_id)
    return earlier[-1]


class PolicyLibrary:
    """Preview, publish, remove and roll back policies in settings.policies_dir; diff their versions."""

    def __init__(self, settings: Settings, *, embedder: Embedder) -> None:
        self._settings = settings
        self._embedder = embedder
        self._archive = VersionArchive(settings.versions_dir)

    def preview(self, file_name: str, data: bytes) -> Preview:
        """Parse an upload exactly as ingest would, in a temporary folder; change nothing."""
        try:
            document_id = check_upload(file_name, data, max_bytes=self._settings.max_file_bytes)
        except PolicyFileError as error:
            return _refused(file_name, str(error))
        with tempfile.TemporaryDirectory(prefix="policy-preview-") as folder:
            path = Path(folder) / file_name
            path.write_bytes(data)
            plan = plan_ingest([path], stored={}, rebuild=False, say=_quiet, max_bytes=self._settings.max_file_bytes)
        if plan.errors or not plan.parsed:
            reason = plan.errors[0].reason if plan.errors else "nothing to ingest"
            return _refused(file_name, f"{file_name}: {reason}")
        organisations = OrganisationConfig.load(self._settings.organisations_path)
        parsed = _as_published(with_organisation(plan.parsed[0][0], organisations), self._settings.policies_dir)
        current = self._current(document_id)
        changes = None
        if current is not None:
            number, clauses = current
            found, unchanged = diff_clauses(clauses, parsed.clauses)
            changes = DocumentChanges(document_id, number, None, found, unchanged)
        meta = parsed.meta
        return Preview(
            file_name=file_name,
            document_id=document_id,
            title=meta.title,
            organisation_id=meta.organisation_id,
            structure=parsed.structure,
            warnings=parsed.warnings,
            policy_date=meta.policy_date,
            review_date=meta.review_date,
            clauses=parsed.clauses,
            replaces=current is not None,
            changes=changes,
        )

    def publish(self, file_name: str, data: bytes) -> IngestReport:
        """Put the file in the policy folder (replacing any file of its stem) and ingest; undo it if it fails."""
        document_id = check_upload(file_name, data, max_bytes=self._settings.max_file_bytes)
        folder = self._settings.policies_dir
        folder.mkdir(parents=True, exist_ok=True)
        with folder_lock(self._settings.index_dir):
            aside = SetAside.of(folder, files_of(folder, document_id))
            try:
                target = folder / file_name
                aside.written.append(target)
                write_atomically(target, data)
                report = ingest_paths([folder], settings=self._settings, embedder=self._embedder)
            except BaseException:
                aside.restore()
                raise
            failed = [error for error in report.errors if Path(error.path).stem == document_id]
            if failed:
                aside.restore()
                log.info("policy not published", extra={"event": "publish_failed", "document_id": document_id})
                raise PolicyFileError(f"{file_name}: {failed[0].reason}; nothing was changed")
            aside.discard()
        log.info("policy published", extra={"event": "publish", "document_id": document_id})
        return report

    def remove(self, document_id: str) -> IngestReport:
        """Take a policy's file out of the policy folder and ingest, so the index drops it."""
        folder = self._settings.policies_dir
        with folder_lock(self._settings.index_dir):
            files = files_of(folder, document_id)
            if not files:
                raise UnknownDocumentError([document_id])
            aside = SetAside.of(folder, files)
            try:
                report = ingest_paths([folder], settings=self._settings, embedder=self._embedder)
            except BaseException:
                aside.restore()
                raise
            aside.discard()
        log.info("policy removed", extra={"event": "remove", "document_id": document_id})
        return report

    def rollback(self, document_id: str) -> IngestReport:
        """Republish the previous version's archived file (a new version number, the old content)."""
        target = rollback_target(self._archive.history(document_id), document_id)
        file_name, data = self._archive.source(document_id, target.number)
        return self.publish(file_name, data)

    def history(self, document_id: str) -> list[PolicyVersion]:
        """Return a policy's versions, oldest first."""
        return self._archive.history(document_id)

    def changes(self, document_id: str, *, old: int | None = None, new: int | None = None) -> DocumentChanges:
        """Return what changed between two versions (default: the latest against the one before)."""
        return document_changes(self._archive, document_id, old=old, new=new, is_published=self._is_published)

    def _is_published(self, document_id: str) -> bool:
        return self._current(document_id) is not None

    def _current(self, document_id: str) -> tuple[int | None, Sequence[Clause]] | None:
        """Return (archived version number, clauses) of the served version, None when it is not served."""
        try:
            index = open_index(self._settings)
        except IndexNotReadyError:
            return None
        try:
            meta = next((m for m in index.documents() if m.document_id == document_id), None)
            if meta is None:
                return None
            history = self._archive.history(document_id)
            if history and not history[-1].removed and history[-1].content_hash == meta.content_hash:
                return history[-1].number, self._archive.clauses(document_id, history[-1].number)
            return None, index.clauses(document_id)  # served, but archived before versions were kept
        finally:
            index.close()


def _as_published(parsed: ParsedDocument, folder: Path) -> ParsedDocument:
    """Return the parsed upload with the source path it will have once published (not the temporary one)."""
    source = recorded_source(folder / Path(parsed.meta.source).name)
    clauses = tuple(replace(clause, source=source) for clause in parsed.clauses)
    return replace(parsed, meta=replace(parsed.meta, source=source), clauses=clauses)


def _quiet(_message: str) -> None:
    """Say nothing: a preview's progress is not news."""
