"""Which files an ingest reads, and what has to happen to each document: added, updated, unchanged, failed, gone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import DocumentError
from assistant.settings import REPO_ROOT
from ingest.chroma_writer import StoredDocument
from ingest.loaders import SUPPORTED_SUFFIXES, content_hash, load_document, read_bytes
from ingest.parser import ParsedDocument, parse_document


@dataclass(slots=True)
class IngestPlan:
    """The files of one run sorted into what has to happen to each document."""

    parsed: list[tuple[ParsedDocument, str]] = field(default_factory=list)  # (document, resolved path)
    unchanged: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.parsed or self.removed)


def find_files(paths: Sequence[Path]) -> list[Path]:
    """Return the files an ingest of ``paths`` reads: named files, and supported files inside directories."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    child
                    for child in path.rglob("*")
                    if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES and not child.name.startswith(".")
                )
            )
        else:
            found.append(path)
    return found


def plan_ingest(
    roots: Sequence[Path], *, stored: dict[str, StoredDocument], rebuild: bool, say: Callable[[str], None]
) -> IngestPlan:
    """Hash, load and parse what changed; note what is unchanged, failed or gone."""
    plan = IngestPlan()
    seen: dict[str, Path] = {}
    for path in find_files(roots):
        document_id = path.stem
        if not path.exists():
            plan.errors.append(DocumentError(str(path), "no such file or directory"))
            say(f"{path}: not found")
            continue
        if document_id in seen:
            plan.errors.append(
                DocumentError(str(path), f"duplicate document id {document_id!r} (also {seen[document_id]})")
            )
            say(f"{path}: failed")
            continue
        seen[document_id] = path
        try:
            parsed = _parse(path, stored=None if rebuild else stored.get(document_id))
        except DocumentError as error:
            plan.errors.append(error)
            plan.failed.append(document_id)
            say(f"{document_id}: failed ({error.reason})")
            continue
        if parsed is None:
            plan.unchanged.append(document_id)
            say(f"{document_id}: unchanged")
        else:
            plan.parsed.append((parsed, str(path.resolve())))
    present = {str(path.resolve()) for path in seen.values()}
    directories = [root.resolve() for root in roots if root.is_dir()]
    for document_id, item in stored.items():
        if document_id in seen or not (directories or rebuild):
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


def _parse(path: Path, *, stored: StoredDocument | None) -> ParsedDocument | None:
    """Return the parsed document, or None when the stored version has the same content hash."""
    if stored is not None and stored.meta.content_hash == content_hash(read_bytes(path)):
        return None
    loaded = load_document(path)
    try:
        return parse_document(
            loaded.text,
            document_id=path.stem,
            source=_source(path),
            content_hash=loaded.content_hash,
            page_starts=loaded.page_starts,
        )
    except DocumentError as error:
        raise DocumentError(str(path), error.reason) from error
    except Exception as exc:  # a parser bug on one file must not stop the others
        raise DocumentError(str(path), f"could not be parsed ({type(exc).__name__}: {exc})") from exc


def _source(path: Path) -> str:
    """Return the path recorded on clauses: repo-relative when inside the repo."""
    resolved = path.resolve()
    return str(resolved.relative_to(REPO_ROOT)) if resolved.is_relative_to(REPO_ROOT) else str(resolved)
