"""Teams webhooks bound to organisations: one security token per team, and the signature decides which."""

from __future__ import annotations

from fastapi import HTTPException

from assistant.api.auth import decode_secret, verify_teams_signature
from assistant.settings import Settings


def teams_keys(settings: Settings) -> list[tuple[str | None, bytes]]:
    """Return (organisation or None, HMAC key) for every configured Teams token; 503 when none or one is malformed."""
    pairs: list[tuple[str | None, str]] = []
    if settings.teams_hmac_secrets is not None:
        for item in settings.teams_hmac_secrets.get_secret_value().split(","):
            organisation, colon, token = item.strip().partition(":")  # base64 never contains ':'
            if item.strip() and (not colon or not organisation.strip() or not token.strip()):
                raise HTTPException(503, "POLICY_TEAMS_HMAC_SECRETS must read 'org-a:<token>,org-b:<token>'")
            if colon:
                pairs.append((organisation.strip(), token.strip()))
    if settings.teams_hmac_secret is not None and settings.teams_hmac_secret.get_secret_value().strip():
        pairs.append((None, settings.teams_hmac_secret.get_secret_value()))
    if not pairs:
        raise HTTPException(503, "the Teams webhook is not configured (set POLICY_TEAMS_HMAC_SECRET or _SECRETS)")
    try:
        return [(organisation, decode_secret(token)) for organisation, token in pairs]
    except ValueError as exc:
        raise HTTPException(503, "a Teams security token is not valid base64") from exc


def verify_organisation(settings: Settings, header: str | None, body: bytes) -> str | None:
    """Return the organisation whose token signed the body (None: the single unbound token); 401 if none did."""
    matched: list[str | None] = []
    for organisation, key in teams_keys(settings):
        # Every token is tried, whatever matched before, so timing does not say which team's token it was.
        if verify_teams_signature(header, body, key):
            matched.append(organisation)
    if not matched:
        raise HTTPException(401, "missing or invalid Teams HMAC signature", headers={"WWW-Authenticate": "HMAC"})
    return matched[0]
