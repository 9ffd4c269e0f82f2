"""The organisations file's identifiers as guard configuration, so every organisation's names are refused."""

from __future__ import annotations

from assistant.guard.config import GuardConfig, is_distinctive
from assistant.organisations import OrganisationConfig


def guard_identifiers(config: OrganisationConfig) -> GuardConfig:
    """Return the names, aliases, domains, postcodes and URNs of every configured organisation."""
    names = [name for entry in config.entries for name in (entry.name, *entry.aliases) if is_distinctive(name)]
    return GuardConfig(
        organisations=tuple(dict.fromkeys(names)),
        domains=tuple(dict.fromkeys(d for entry in config.entries for d in entry.domains)),
        postcodes=tuple(dict.fromkeys(p for entry in config.entries for p in entry.postcodes)),
        urns=tuple(dict.fromkeys(u for entry in config.entries for u in entry.urns)),
    )
