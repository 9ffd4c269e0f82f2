"""Index generations: each ingest writes a new one and swaps a pointer to it atomically.

Embedded mode keeps one PersistentClient directory per generation under settings.index_dir and
names the live one in ``CURRENT``. Server mode keeps ``<collection>-gen-N`` collections on a Chroma
server and names the live one in the metadata of a ``<collection>-pointer`` collection.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from assistant.errors import ConfigurationError, IndexNotReadyError

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

    from assistant.settings import Settings

_GENERATION = re.compile(r"^gen-(\d{6})$")
COPY_PAGE = 2_000


@dataclass(slots=True)
class GenerationHandle:
    """The two collections of one generation: clause records and document records."""

    name: str
    client: ClientAPI
    clauses: Collection
    documents: Collection
    closeable: bool

    def close(self) -> None:
        """Release an embedded client so its files are flushed and may be copied or removed."""
        close = getattr(self.client, "close", None)  # Client has it; the ClientAPI protocol does not
        if self.closeable and close is not None:
            close()


class Generations(Protocol):
    """Where generations live and which one is served."""

    def live(self) -> str | None: ...

    def open(self, name: str, *, create: bool = False) -> GenerationHandle: ...

    def create(self, *, copy_from: str | None) -> str: ...

    def publish(self, name: str) -> None: ...

    def discard(self, name: str) -> None: ...

    def prune(self) -> None: ...


def generations_for(settings: Settings) -> Generations:
    """Return the server generations when POLICY_CHROMA_HOST is set, else the embedded ones."""
    if settings.chroma_host:
        return ServerGenerations(settings)
    return LocalGenerations(settings)


def generation_name(number: int) -> str:
    """Return the name of generation ``number``."""
    return f"gen-{number:06d}"


def _number(name: str) -> int:
    match = _GENERATION.match(name)
    return int(match.group(1)) if match else 0


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def _collections(client: ClientAPI, *, name: str, clauses: str, create: bool, closeable: bool) -> GenerationHandle:
    from chromadb.errors import NotFoundError

    documents = f"{clauses}-docs"
    if create:
        config: Any = {"hnsw": {"space": "cosine"}}
        return GenerationHandle(
            name=name,
            client=client,
            clauses=client.get_or_create_collection(clauses, configuration=config, embedding_function=None),
            documents=client.get_or_create_collection(documents, embedding_function=None),
            closeable=closeable,
        )
    try:
        handle = GenerationHandle(
            name=name,
            client=client,
            clauses=client.get_collection(clauses, embedding_function=None),
            documents=client.get_collection(documents, embedding_function=None),
            closeable=closeable,
        )
    except (NotFoundError, ValueError) as exc:
        raise IndexNotReadyError(f"index generation {name} is incomplete; run `policy-assistant ingest`") from exc
    return handle


def copy_records(source: Collection, target: Collection, *, where: dict[str, Any] | None = None) -> int:
    """Copy records with their embeddings from one collection to another, a page at a time."""
    copied = 0
    while True:
        page = source.get(where=where, limit=COPY_PAGE, offset=copied, include=["embeddings", "documents", "metadatas"])
        if not page["ids"]:
            return copied
        target.add(
            ids=page["ids"],
            embeddings=page["embeddings"],
            documents=page["documents"],
            metadatas=page["metadatas"],
        )
        copied += len(page["ids"])


class LocalGenerations:
    """Generations as PersistentClient directories under settings.index_dir."""

    def __init__(self, settings: Settings) -> None:
        self.root = Path(settings.index_dir)
        self.collection = settings.collection

    def live(self) -> str | None:
        """Return the generation CURRENT names, if it exists."""
        name = _read_pointer(self.root / "CURRENT")
        return name if name and (self.root / name).is_dir() else None

    def open(self, name: str, *, create: bool = False) -> GenerationHandle:
        """Open (or create) the collections of one generation directory."""
        import chromadb

        path = self.root / name
        if not create and not path.is_dir():
            raise IndexNotReadyError(f"no index at {path}; run `policy-assistant ingest`")
        client = chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
        return _collections(client, name=name, clauses=self.collection, create=create, closeable=True)

    def create(self, *, copy_from: str | None) -> str:
        """Make the next generation directory, a copy of ``copy_from`` or empty."""
        self.root.mkdir(parents=True, exist_ok=True)
        existing = [_number(path.name) for path in self.root.iterdir()]
        name = generation_name(max(existing, default=0) + 1)
        if copy_from:
            shutil.copytree(self.root / copy_from, self.root / name)
        else:
            (self.root / name).mkdir()
        return name

    def publish(self, name: str) -> None:
        """Point CURRENT at ``name`` atomically; remember the old one as PREVIOUS."""
        previous = self.live()
        _write_pointer(self.root / "CURRENT", name)
        if previous and previous != name:
            _write_pointer(self.root / "PREVIOUS", previous)

    def discard(self, name: str) -> None:
        """Remove an unpublished generation."""
        shutil.rmtree(self.root / name, ignore_errors=True)

    def prune(self) -> None:
        """Remove every generation but the live one and the one before it (and crashed leftovers)."""
        keep = {_read_pointer(self.root / "CURRENT"), _read_pointer(self.root / "PREVIOUS")}
        for path in self.root.iterdir():
            if _GENERATION.match(path.name) and path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)


def _read_pointer(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def _write_pointer(path: Path, value: str) -> None:
    """Write a small file so readers see either the old or the new content, never a torn one."""
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(value + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


class ServerGenerations:
    """Generations as ``<collection>-gen-N`` collections on a Chroma server (``chroma run``)."""

    def __init__(self, settings: Settings) -> None:
        self.host = settings.chroma_host or ""
        self.port = settings.chroma_port
        self.collection = settings.collection
        self._client: ClientAPI | None = None

    @property
    def client(self) -> ClientAPI:
        """Return the HTTP client, connecting on first use."""
        if self._client is None:
            import chromadb

            try:
                self._client = chromadb.HttpClient(host=self.host, port=self.port, settings=_chroma_settings())
            except Exception as exc:  # connection errors surface as several types
                raise ConfigurationError(f"cannot reach Chroma at {self.host}:{self.port}: {exc}") from exc
        return self._client

    def _pointer(self) -> Collection:
        return self.client.get_or_create_collection(f"{self.collection}-pointer", embedding_function=None)

    def live(self) -> str | None:
        """Return the generation the pointer collection names."""
        metadata = self._pointer().metadata or {}
        current = metadata.get("current")
        return str(current) if current else None

    def open(self, name: str, *, create: bool = False) -> GenerationHandle:
        """Open (or create) the collections of one generation."""
        clauses = f"{self.collection}-{name}"
        return _collections(self.client, name=name, clauses=clauses, create=create, closeable=False)

    def _generations(self) -> dict[str, list[str]]:
        prefix = f"{self.collection}-"
        found: dict[str, list[str]] = {}
        for collection in self.client.list_collections():
            rest = collection.name.removeprefix(prefix)
            if rest != collection.name and _GENERATION.match(rest.removesuffix("-docs")):
                found.setdefault(rest.removesuffix("-docs"), []).append(collection.name)
        return found

    def create(self, *, copy_from: str | None) -> str:
        """Make the next generation's collections, copying ``copy_from`` record by record."""
        name = generation_name(max((_number(gen) for gen in self._generations()), default=0) + 1)
        target = self.open(name, create=True)
        if copy_from:
            source = self.open(copy_from)
            copy_records(source.clauses, target.clauses)
            copy_records(source.documents, target.documents)
        return name

    def publish(self, name: str) -> None:
        """Point the pointer collection at ``name`` (one metadata update on the server)."""
        pointer = self._pointer()
        previous = (pointer.metadata or {}).get("current")
        pointer.modify(metadata={"current": name, "previous": str(previous or name)})

    def discard(self, name: str) -> None:
        """Delete an unpublished generation's collections."""
        for collection in self._generations().get(name, []):
            self.client.delete_collection(collection)

    def prune(self) -> None:
        """Delete every generation but the live one and the one before it."""
        metadata = self._pointer().metadata or {}
        keep = {metadata.get("current"), metadata.get("previous")}
        for name, collections in self._generations().items():
            if name not in keep:
                for collection in collections:
                    self.client.delete_collection(collection)
