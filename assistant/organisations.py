"""Organisations: which organisation each policy belongs to, from front matter and data/organisations.yaml."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import ConfigurationError, OutsideOrganisationError, UnknownOrganisationError
from ingest.clause import DocumentMeta

# A document whose front matter names no organisation and that no entry claims belongs here, so a
# deployment with one organisation needs no configuration.
DEFAULT_ORGANISATION = "default"
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


@dataclass(frozen=True, slots=True)
class Organisation:
    """One organisation: its id, display name, documents, escalation contacts and guard identifiers."""

    id: str
    name: str
    documents: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    postcodes: tuple[str, ...] = ()
    urns: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """Return the public listing: id, name, documents."""
        return {"id": self.id, "name": self.name, "documents": list(self.documents)}


def slug(name: str) -> str:
    """Return an organisation id made from a name ("The Southover School" -> "southover-school")."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    if words and words[0] == "the":
        words = words[1:]
    return "-".join(words)[:64].strip("-") or DEFAULT_ORGANISATION


@dataclass(frozen=True, slots=True)
class OrganisationConfig:
    """The override file: organisations by id, and which organisation claims each document id."""

    entries: tuple[Organisation, ...] = ()
    by_document: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> OrganisationConfig:
        """Read data/organisations.yaml; a missing file means no overrides."""
        if not Path(path).is_file():
            return cls()
        try:
            raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigurationError(f"{path}: cannot read organisations ({exc})") from exc
        items = raw.get("organisations") if isinstance(raw, dict) else None
        if not isinstance(items, list):
            raise ConfigurationError(f"{path}: expected a list under 'organisations'")
        entries = tuple(_entry(item, path=path) for item in items)
        by_document: dict[str, str] = {}
        for entry in entries:
            for document in entry.documents:
                if by_document.setdefault(document, entry.id) != entry.id:
                    raise ConfigurationError(f"{path}: document {document} is listed under two organisations")
        if len({entry.id for entry in entries}) != len(entries):
            raise ConfigurationError(f"{path}: organisation ids must be unique")
        return cls(entries=entries, by_document=by_document)

    def resolve(self, document_id: str, *, front_matter: str | None) -> str:
        """Return the organisation id of a document: the file's claim, a matching name, its front matter, or default."""
        if document_id in self.by_document:
            return self.by_document[document_id]
        if front_matter:
            wanted = slug(front_matter)
            for entry in self.entries:
                if wanted in {slug(name) for name in (entry.name, *entry.aliases)}:
                    return entry.id
            return wanted
        return DEFAULT_ORGANISATION

    def directory(self, documents: Sequence[DocumentMeta]) -> list[Organisation]:
        """Return every organisation that has documents (configured ones first), each with its document ids."""
        held: dict[str, list[str]] = {}
        for meta in documents:
            held.setdefault(meta.organisation_id or DEFAULT_ORGANISATION, []).append(meta.document_id)
        names = {meta.organisation_id: meta.organisation for meta in documents if meta.organisation}
        found = [replace(entry, documents=tuple(held[entry.id])) for entry in self.entries if entry.id in held]
        configured = {entry.id for entry in self.entries}
        for org_id, docs in held.items():
            if org_id not in configured:
                found.append(Organisation(id=org_id, name=names.get(org_id) or org_id, documents=tuple(docs)))
        return found


def _strings(value: Any, *, what: str, path: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigurationError(f"{path}: '{what}' must be a list of strings")
    return tuple(item.strip() for item in value if item.strip())


def _entry(item: Any, *, path: Path) -> Organisation:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not _ID.fullmatch(item["id"]):
        raise ConfigurationError(f"{path}: each organisation needs an id of lowercase letters, digits and '-'")
    identifiers = item.get("identifiers") or {}
    if not isinstance(identifiers, dict):
        raise ConfigurationError(f"{path}: 'identifiers' of {item['id']} must be a mapping")
    return Organisation(
        id=item["id"],
        name=str(item.get("name") or item["id"]),
        documents=_strings(item.get("documents"), what="documents", path=path),
        contacts=_strings(item.get("contacts"), what="contacts", path=path),
        aliases=_strings(identifiers.get("aliases"), what="aliases", path=path),
        domains=_strings(identifiers.get("domains"), what="domains", path=path),
        postcodes=_strings(identifiers.get("postcodes"), what="postcodes", path=path),
        urns=_strings(identifiers.get("urns"), what="urns", path=path),
    )


@dataclass(frozen=True, slots=True)
class Tenancy:
    """Which documents each organisation holds, as the index says; the pure core of every scope check."""

    holdings: Mapping[str, tuple[str, ...]]
    config: OrganisationConfig = field(default_factory=OrganisationConfig)

    @classmethod
    def of(cls, documents: Sequence[DocumentMeta], config: OrganisationConfig | None = None) -> Tenancy:
        """Group the documents by their organisation id."""
        holdings: dict[str, list[str]] = {}
        for meta in documents:
            holdings.setdefault(meta.organisation_id or DEFAULT_ORGANISATION, []).append(meta.document_id)
        return cls({org: tuple(docs) for org, docs in holdings.items()}, config or OrganisationConfig())

    def documents_of(self, organisation: str) -> tuple[str, ...]:
        """Return an organisation's document ids; raise UnknownOrganisationError when it holds none."""
        if organisation not in self.holdings:
            raise UnknownOrganisationError()
        return self.holdings[organisation]

    def check_documents(self, documents: Sequence[str], *, organisation: str) -> None:
        """Raise OutsideOrganisationError unless every document belongs to the organisation."""
        held = set(self.documents_of(organisation))
        outside = [doc for doc in documents if doc not in held]
        if outside:
            raise OutsideOrganisationError(outside)

    def directory(self, documents: Sequence[DocumentMeta]) -> list[Organisation]:
        """Return the organisations with documents, with names and contacts from the configuration."""
        return self.config.directory(documents)
