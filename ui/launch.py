"""Start the Streamlit app: `policy-assistant ui [--port N]` calls ``run_ui``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pydantic import SecretStr

from assistant.settings import Settings

APP_PATH = Path(__file__).resolve().parent / "app.py"


def streamlit_command(*, port: int, address: str = "localhost", app_path: Path = APP_PATH) -> list[str]:
    """Return the argv that serves the app headless on one port, without usage statistics."""
    return [
        sys.executable, "-m", "streamlit", "run", str(app_path),
        "--server.port", str(port),
        "--server.address", address,
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--client.toolbarMode", "minimal",
        "--theme.base", "light",
        "--theme.primaryColor", "#0B5C8C",
    ]  # fmt: skip


def settings_environment(settings: Settings) -> dict[str, str]:
    """Return POLICY_* variables so the Streamlit process rebuilds the same settings."""
    env: dict[str, str] = {}
    for name, value in settings.model_dump().items():
        if value is None or isinstance(value, list | tuple | dict | set):
            continue
        text = value.get_secret_value() if isinstance(value, SecretStr) else str(value)
        env[f"POLICY_{name.upper()}"] = text
    return env


def run_ui(*, port: int, settings: Settings) -> None:
    """Replace this process with `streamlit run ui/app.py` on the given port (default 8501)."""
    # Models come from PyPI packages; the UI process must never reach for a hub.
    env = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False", **os.environ}
    env.update(settings_environment(settings))
    command = streamlit_command(port=port)
    os.execve(sys.executable, command, env)
