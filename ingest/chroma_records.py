"""The one place that converts Clause and DocumentMeta to and from Chroma records."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, fields
from typing import Any

from ingest.clause import Clause, DocumentMeta

# Chroma metadata values must be str, int, float or bool.
MetadataValue = str | int | float | bool
Metadata = dict[str, MetadataValue]

_TUPLE_FIELDS = frozenset({"people", "contacts", "related"})


def clause_to_metadata(clause: Clause) -> Metadata:
    """Return a clause's fields (all but its text) as flat Chroma metadata."""
    return {
        "document_id": clause.document_id,
        "clause_id": clause.clause_id,
        "section": clause.section,
        "section_path": json.dumps(list(clause.section_path), ensure_ascii=False),
        "title": clause.title,
        "source": clause.source,
        "span_start": clause.span[0],
        "span_end": clause.span[1],
        "lead_in": clause.lead_in,
        "page": -1 if clause.page is None else clause.page,
        "ordinal": clause.ordinal,
        "numbered": clause.numbered,
        "organisation": clause.organisation_id,  # retrieval filters on it inside the Chroma query
    }


def metadata_to_clause(text: str, metadata: Mapping[str, Any]) -> Clause:
    """Rebuild a clause from its verbatim text and the metadata clause_to_metadata made."""
    page = int(metadata["page"])
    return Clause(
        document_id=str(metadata["document_id"]),
        clause_id=str(metadata["clause_id"]),
        section_path=tuple(json.loads(str(metadata["section_path"]))),
        title=str(metadata["title"]),
        text=text,
        source=str(metadata["source"]),
        span=(int(metadata["span_start"]), int(metadata["span_end"])),
        lead_in=str(metadata.get("lead_in") or ""),
        page=None if page < 0 else page,
        ordinal=int(metadata["ordinal"]),
        numbered=bool(metadata.get("numbered", True)),  # records written before the field were all numbered
        organisation_id=str(metadata.get("organisation") or ""),
    )


def meta_to_record(meta: DocumentMeta, *, path: str) -> tuple[str, Metadata]:
    """Return (JSON document, metadata) storing one document's facts and where its file lives."""
    document = json.dumps(asdict(meta), ensure_ascii=False)
    return document, {"document_id": meta.document_id, "content_hash": meta.content_hash, "path": path}


def record_to_meta(document: str) -> DocumentMeta:
    """Rebuild a DocumentMeta from the JSON meta_to_record made."""
    raw = json.loads(document)
    known = {field.name for field in fields(DocumentMeta)}
    values = {key: value for key, value in raw.items() if key in known}
    for key in _TUPLE_FIELDS:
        values[key] = tuple(values.get(key) or ())
    values["extra"] = tuple((str(key), str(value)) for key, value in values.get("extra") or ())
    return DocumentMeta(**values)


def record_ids(clauses: tuple[Clause, ...] | list[Clause]) -> list[str]:
    """Return one unique Chroma id per clause: its uid, suffixed if a document repeats a clause verbatim."""
    seen: dict[str, int] = {}
    ids: list[str] = []
    for clause in clauses:
        uid = clause.uid
        count = seen.get(uid, 0)
        seen[uid] = count + 1
        ids.append(uid if count == 0 else f"{uid}-{count}")
    return ids
