"""Run the API under uvicorn (``policy-assistant serve``)."""

from __future__ import annotations

import uvicorn

from assistant.api.auth import check_api_keys
from assistant.api.logs import uvicorn_log_config
from assistant.settings import Settings

APP_FACTORY = "assistant.api.app:app_factory"


def serve(*, host: str, port: int, workers: int, settings: Settings) -> None:
    """Serve the API; each worker builds its own app and assistant from POLICY_* settings."""
    if not settings.auth_disabled:
        check_api_keys(settings.api_key_values())  # fail here, with one clear line, not in every worker
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=max(workers, 1),
        log_level=settings.log_level.lower(),
        log_config=uvicorn_log_config(settings.log_level),
        # The JSON request log replaces uvicorn's access log.
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
    )
