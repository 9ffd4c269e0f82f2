"""HTTP service and Microsoft Teams outgoing webhook."""

from assistant.api.app import app_factory, create_app

__all__ = ["app_factory", "create_app"]
