"""Which files an ingest reads, and what has to happen to each document: added, updated, unchanged, failed, gone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import DocumentError
from assistant.settings import REPO_ROOT
from ingest.chroma_writer import StoredDocument
from ingest.loaders import DEFAULT_MAX_FILE_BYTES, SUPPORTED_SUFFIXES, content_hash, load_document, read_bytes
from ingest.parser import ParsedDocument, parse_document

# Formats staff save policies in that we cannot read, with what to do instead.
UNSUPPORTED_HINTS = {
    ".doc": "save as .docx",
    ".odt": "save as .docx",
    ".rtf": "save as .docx",
    ".pages": "export as .docx or PDF",
}
# Editor and sync leftovers: Word lock files (~$x.docx), backups (x~), partial downloads.
_TEMP_PREFIXES = ("~", ".")
_TEMP_SUFFIXES = ("~", ".tmp", ".temp", ".bak", ".swp", ".part", ".crdownload")


@dataclass(slots=True)
class FileScan:
    """The files an ingest reads, notices about files it skips, and files it refuses."""

    files: list[Path] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    refused: list[DocumentError] = field(default_factory=list)


@dataclass(slots=True)
class IngestPlan:
    """The files of one run sorted into what has to happen to each document."""

    parsed: list[tuple[ParsedDocument, str]] = field(default_factory=list)  # (document, resolved path)
    unchanged: list[str] = field(default_factory=list)
    unchanged_paths: dict[str, str] = field(default_factory=dict)  # document id -> the file read this run
    failed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # paths of failed files whose previous version keeps serving

    @property
    def changes(self) -> bool:
        return bool(self.parsed or self.removed)


def is_temporary(path: Path) -> bool:
    """Return whether a file is an editor lock, hidden or temporary file (skipped without a word)."""
    name = path.name
    return name.startswith(_TEMP_PREFIXES) or name.lower().endswith(_TEMP_SUFFIXES)


def scan_files(paths: Sequence[Path]) -> FileScan:
    """Return the supported files in ``paths``; note unsupported formats; refuse links leaving a folder."""
    scan = FileScan()
    for path in paths:
        if not path.is_dir():
            scan.files.append(path)  # a named file is read (or reported) whatever it is
            continue
        root = path.resolve()
        for child in sorted(path.rglob("*")):
            relative = child.relative_to(path)
            if any(is_temporary(Path(part)) for part in relative.parts):
                continue
            if any(Path(part).suffix.lower() in UNSUPPORTED_HINTS for part in relative.parts[:-1]):
                continue  # inside a .pages bundle (a folder): its preview files are not policies
            suffix = child.suffix.lower()
            if suffix in UNSUPPORTED_HINTS:
                scan.notices.append(f"skipped: {child} ({suffix} is not supported; {UNSUPPORTED_HINTS[suffix]})")
            elif child.is_file() and suffix in SUPPORTED_SUFFIXES:
                if not child.resolve().is_relative_to(root):
                    reason = f"is a link to {child.resolve()}, outside {path}; refused (copy the file in instead)"
                    scan.refused.append(DocumentError(str(child), reason))
                else:
                    scan.files.append(child)
    return scan


def find_files(paths: Sequence[Path]) -> list[Path]:
    """Return the files an ingest of ``paths`` reads: named files, and supported files inside directories."""
    return scan_files(paths).files


@dataclass(slots=True)
class _Outcome:
    path: Path
    parsed: ParsedDocument | None = None
    unchanged: bool = False
    error: DocumentError | None = None


def plan_ingest(
    roots: Sequence[Path],
    *,
    stored: dict[str, StoredDocument],
    rebuild: bool,
    say: Callable[[str], None],
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> IngestPlan:
    """Hash, load and parse what changed (files over ``max_bytes`` fail); note what is unchanged, failed or gone."""
    plan = IngestPlan()
    scan = scan_files(roots)
    plan.notices.extend(scan.notices)
    for error in scan.refused:
        _fail(plan, error, stored=stored.get(Path(error.path).stem), say=say)
    by_id: dict[str, list[_Outcome]] = {}
    for path in scan.files:
        by_id.setdefault(path.stem, []).append(
            _read(path, stored=None if rebuild else stored.get(path.stem), max_bytes=max_bytes)
        )
    for document_id, outcomes in by_id.items():
        _decide(plan, document_id, outcomes, stored=stored.get(document_id), say=say)
    present = {str(path.resolve()) for path in scan.files}
    directories = [root.resolve() for root in roots if root.is_dir()]
    for document_id, item in stored.items():
        if document_id in by_id or not (directories or rebuild):
            continue
        if rebuild:  # a rebuild keeps only what this run ingests (and previous versions of failing files)
            plan.removed.append(document_id)
            say(f"{document_id}: removed")
            continue
        recorded = Path(item.path)
        # Gone: its file was in an ingested directory but is not any more, or it no longer exists at all.
        if (item.path not in present and any(recorded.is_relative_to(root) for root in directories)) or not (
            recorded.exists()
        ):
            plan.removed.append(document_id)
            say(f"{document_id}: removed")
    return plan


def _decide(
    plan: IngestPlan,
    document_id: str,
    outcomes: list[_Outcome],
    *,
    stored: StoredDocument | None,
    say: Callable[[str], None],
) -> None:
    """Let the one readable file of a document id claim it; two readable files claim nothing."""
    readable = [outcome for outcome in outcomes if outcome.error is None]
    for outcome in outcomes:
        if outcome.error is not None:  # its previous version keeps serving only if no other file replaces it
            _fail(plan, outcome.error, stored=None if readable else stored, say=say)
    if len(readable) > 1:
        others = " and ".join(str(outcome.path) for outcome in readable[1:])
        reason = f"{others} gives the same document id {document_id!r}; keep one file (rename or remove the other)"
        _fail(plan, DocumentError(str(readable[0].path), reason), stored=stored, say=say)
    if len(readable) != 1:
        plan.failed.append(document_id)
        return
    chosen = readable[0]
    if chosen.unchanged:
        plan.unchanged.append(document_id)
        plan.unchanged_paths[document_id] = str(chosen.path.resolve())
        say(f"{document_id}: unchanged")
    elif chosen.parsed is not None:
        plan.parsed.append((chosen.parsed, str(chosen.path.resolve())))


def _fail(plan: IngestPlan, error: DocumentError, *, stored: StoredDocument | None, say: Callable[[str], None]) -> None:
    """Record one file's error as a single line; note whether its previous version keeps serving."""
    error = DocumentError(error.path, " ".join(error.reason.split()))
    plan.errors.append(error)
    if stored is not None:
        plan.kept.append(error.path)
    say(f"{Path(error.path).name}: failed")


def _read(path: Path, *, stored: StoredDocument | None, max_bytes: int) -> _Outcome:
    """Return what reading one file gave: its parsed document, "unchanged", or the error."""
    if not path.exists():
        return _Outcome(path, error=DocumentError(str(path), "no such file or directory"))
    try:
        parsed = _parse(path, stored=stored, max_bytes=max_bytes)
    except DocumentError as error:
        return _Outcome(path, error=error)
    except Exception as exc:  # a loader bug on one file must not stop the others
        reason = f"could not be read ({type(exc).__name__}: {exc})"
        return _Outcome(path, error=DocumentError(str(path), reason))
    return _Outcome(path, parsed=parsed, unchanged=parsed is None)


def parse_file(path: Path, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> ParsedDocument:
    """Load and parse one policy file as an ingest does (raises DocumentError)."""
    parsed = _parse(path, stored=None, max_bytes=max_bytes)
    assert parsed is not None  # only a stored version can make it "unchanged"
    return parsed


def _parse(path: Path, *, stored: StoredDocument | None, max_bytes: int) -> ParsedDocument | None:
    """Return the parsed document, or None when the stored version has the same content hash."""
    if stored is not None and stored.meta.content_hash == content_hash(read_bytes(path, max_bytes=max_bytes)):
        return None
    loaded = load_document(path, max_bytes=max_bytes)
    try:
        return parse_document(
            loaded.text,
            document_id=path.stem,
            source=recorded_source(path),
            content_hash=loaded.content_hash,
            page_starts=loaded.page_starts,
        )
    except DocumentError as error:
        raise DocumentError(str(path), error.reason) from error
    except Exception as exc:  # a parser bug on one file must not stop the others
        raise DocumentError(str(path), f"could not be parsed ({type(exc).__name__}: {exc})") from exc


def recorded_source(path: Path) -> str:
    """Return the path recorded on clauses: repo-relative when inside the repo."""
    resolved = path.resolve()
    return str(resolved.relative_to(REPO_ROOT)) if resolved.is_relative_to(REPO_ROOT) else str(resolved)
