"""What the guard must recognise and what it must let through: YAML in data/guard/ plus the documents' own metadata."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import ConfigurationError
from assistant.guard.normalise import key, word_set
from ingest.clause import DocumentMeta

# Words that never identify an organisation on their own ("the Trust", "a Church of England academy").
GENERIC_ORG_WORDS = word_set(
    """
    the a an our my your their this that any every of and for in at on to with de la le st saint
    school schools academy academies trust trusts primary secondary infant infants junior juniors nursery
    high grammar college sixth form federation partnership community church england ce c e cofe rc
    catholic roman christian anglican methodist voluntary aided controlled foundation free special
    independent state multi mat local authority council ltd limited plc llp cic company employer
    group centre center unit department education learning national united kingdom uk policy
    """
)
_LEGAL_SUFFIX = re.compile(r"\s*\b(?:ltd|limited|plc|llp|cic)\.?\s*$", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:\+44\s?\(?0?\)?\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)")


@dataclass(frozen=True, slots=True)
class GuardConfig:
    """Identifiers to refuse and public names/contacts to allow; every field is a tuple of plain strings."""

    organisations: tuple[str, ...] = ()
    postcodes: tuple[str, ...] = ()
    urns: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    public_names: tuple[str, ...] = ()
    public_contacts: tuple[str, ...] = ()
    policy_titles: tuple[str, ...] = ()
    organisation_keys: frozenset[str] = field(default=frozenset(), compare=False)
    public_keys: frozenset[str] = field(default=frozenset(), compare=False)
    title_words: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "organisation_keys", frozenset(k for k in map(key, self.organisations) if k))
        object.__setattr__(self, "public_keys", frozenset(k for k in map(key, self.public_names) if k))
        # Words of the ingested policies' titles name a policy ("the academy trust IT policy"), never a school;
        # an organisation's own words stay identifying even when a title contains them.
        named = {w for name in self.organisations for w in _words(name)}
        object.__setattr__(
            self, "title_words", frozenset(w for t in self.policy_titles for w in _words(t) if w not in named)
        )

    @classmethod
    def load(
        cls, guard_dir: Path, *, documents: Sequence[DocumentMeta] = (), public_texts: Sequence[str] = ()
    ) -> GuardConfig:
        """Merge every YAML file in guard_dir with identifiers harvested from the documents and policy texts."""
        config = cls()
        for path in sorted(guard_dir.glob("*.y*ml")) if guard_dir.is_dir() else ():
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except (OSError, yaml.YAMLError) as exc:
                raise ConfigurationError(f"cannot read guard config {path.name}: {exc}") from exc
            if not isinstance(data, Mapping):
                raise ConfigurationError(f"guard config {path.name} must be a mapping")
            config = config.merged(_from_yaml(data))
        return config.merged(harvest(documents, public_texts=public_texts))

    def merged(self, other: GuardConfig) -> GuardConfig:
        """Return the union of two configurations, order kept and duplicates dropped."""
        names = (
            "organisations",
            "postcodes",
            "urns",
            "domains",
            "people",
            "public_names",
            "public_contacts",
            "policy_titles",
        )
        merged: dict[str, Any] = {n: _unique((*getattr(self, n), *getattr(other, n))) for n in names}
        return replace(self, **merged)


def harvest(documents: Sequence[DocumentMeta], *, public_texts: Sequence[str] = ()) -> GuardConfig:
    """Collect organisation names, people and domains from front matter, and public contacts from policy text."""
    organisations: list[str] = []
    people: list[str] = []
    contacts: list[str] = []
    for doc in documents:
        organisations.extend(_org_names(doc.organisation))
        organisations.extend(_org_names(_title_org(doc.title)))
        people.extend(p for p in (doc.author, *doc.people) if p)
        contacts.extend(doc.contacts)
    for text in public_texts:
        contacts.extend(m.group() for m in _EMAIL.finditer(text))
        contacts.extend(m.group() for m in _PHONE.finditer(text))
    org_keys = [key(n) for n in organisations]
    domains = [d for d in _domains(contacts) if any(k and k in key(d) for k in org_keys)]
    return GuardConfig(
        organisations=_unique(organisations),
        people=_unique(_strip_title(p) for p in people),
        domains=_unique(domains),
        public_contacts=_unique(c.strip() for c in contacts if _EMAIL.search(c) or _PHONE.search(c)),
        policy_titles=_unique(doc.title for doc in documents if doc.title),
    )


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def is_distinctive(name: str, *, also_generic: frozenset[str] = frozenset()) -> bool:
    """Return True when a name has a word beyond generic ones, so "the Trust" is never an identifier."""
    return any(w not in GENERIC_ORG_WORDS and w not in also_generic and len(w) > 1 for w in _words(name))


def _org_names(name: str | None) -> list[str]:
    """Return a name, its form without "The" or a legal suffix, and its distinctive core ("Southover")."""
    if not name or not is_distinctive(name):
        return []
    bare = _LEGAL_SUFFIX.sub("", re.sub(r"^\s*the\s+", "", name.strip(), flags=re.IGNORECASE))
    return [name.strip(), bare, *distinctive_core(name)]


def distinctive_core(name: str) -> list[str]:
    """Return the name without generic words when that leaves one long proper word ("Oakwood Academy" -> "Oakwood")."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", name) if w.lower().strip("'’s") not in GENERIC_ORG_WORDS]
    return words if len(words) == 1 and len(words[0]) >= 6 and words[0][0].isupper() else []


def _title_org(title: str) -> str | None:
    """Return the part of a title that names an organisation ("... Policy - Oakwood Academy" -> "Oakwood Academy")."""
    match = re.search(r"\b((?:[A-Z][\w'&-]+\s+){1,5}(?:School|Academy|Trust|College|Ltd|Limited))\b", title or "")
    return match.group(1) if match else None


def _strip_title(person: str) -> str:
    return re.sub(r"^(?:mr|mrs|ms|miss|mx|dr)\.?\s+", "", person.strip(), flags=re.IGNORECASE)


def _domains(contacts: Iterable[str]) -> list[str]:
    return [m.group(1).lower() for c in contacts for m in re.finditer(r"@([\w.-]+\.\w+)", c)]


def _from_yaml(data: Mapping[str, Any]) -> GuardConfig:
    """Read one YAML mapping: organisations (name, aliases, postcodes, urns, domains), people, allow."""
    orgs: list[str] = []
    postcodes: list[str] = []
    urns: list[str] = []
    domains: list[str] = []
    for org in data.get("organisations") or ():
        if isinstance(org, str):
            orgs.append(org)
            continue
        names = _strings([org.get("name")], org.get("aliases"))
        orgs.extend(names)
        orgs.extend(core for n in names for core in distinctive_core(n))
        postcodes.extend(_strings(org.get("postcodes")))
        urns.extend(_strings(org.get("urns"), org.get("laestab")))
        domains.extend(d.lower().lstrip("@") for d in _strings(org.get("domains")))
    allow = data.get("allow") or {}
    return GuardConfig(
        organisations=_unique(orgs),
        postcodes=_unique(postcodes),
        urns=_unique(urns),
        domains=_unique(domains),
        people=_unique(_strings(data.get("people"))),
        public_names=_unique(_strings(allow.get("public_names"))),
        public_contacts=_unique(_strings(allow.get("public_contacts"))),
    )


def _strings(*groups: Any) -> list[str]:
    return [str(item).strip() for group in groups if group for item in group if item is not None and str(item).strip()]


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))
