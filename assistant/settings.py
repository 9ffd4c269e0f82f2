"""All configuration, read once from POLICY_* environment variables (and .env)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
_ORGANISATION_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


class Settings(BaseSettings):
    """Every setting of the product; see README "Configuration"."""

    model_config = SettingsConfigDict(env_prefix="POLICY_", env_file=".env", extra="ignore")

    # --- data and index (ingest) ---
    data_dir: Path = REPO_ROOT / "data"
    policies_dir: Path = REPO_ROOT / "data" / "policies"
    index_dir: Path = REPO_ROOT / "data" / "index"
    collection: str = "policy_clauses"
    chroma_host: str | None = None
    chroma_port: int = 8000
    embedding_model: str = Field(
        default="", description="Path or name of a sentence-transformers model; empty = the bundled all-MiniLM-L6-v2."
    )
    embedding_batch_size: int = 64
    max_file_bytes: int = Field(
        default=10 * 1024 * 1024, description="Largest policy file ingest reads; larger files fail with a reason."
    )
    torch_threads: int = Field(default=1, description="CPU threads for the embedding model; 0 = torch's default.")

    # --- retrieval and answers ---
    vocabulary_path: Path = REPO_ROOT / "data" / "vocabulary.yaml"
    policy_aliases_path: Path = REPO_ROOT / "data" / "policy_aliases.yaml"
    organisations_path: Path = Field(
        default=REPO_ROOT / "data" / "organisations.yaml",
        description="Organisations: id, name, documents, contacts, guard identifiers (optional).",
    )
    retrieval_k: int = 10
    rrf_k: int = 60
    max_citations: int = 3
    # A verdict (Yes/No ...) is given only when the calibrated confidence that its direction is right reaches this.
    # Unset: the fitted model's own threshold, the lowest at which grouped-CV confident verdicts were right >= 92%
    # (data/models/confidence.json), so a refit carries its threshold with it.
    verdict_threshold: float | None = Field(default=None, ge=0.0, le=1.0)

    # --- optional LLM mode ---
    llm: str | None = Field(default=None, description='"openai:<model>" or "ollama:<model>"; unset = extractive.')
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = 20.0

    # --- guard ---
    guard_dir: Path = REPO_ROOT / "data" / "guard"
    audit_salt: SecretStr = SecretStr("change-me")
    audit_log: Path | None = None

    # --- service and Teams ---
    api_keys: SecretStr | None = Field(
        default=None, description='Comma-separated bearer keys, each optionally bound: "key1:org-a,key2".'
    )
    teams_hmac_secret: SecretStr | None = None
    teams_hmac_secrets: SecretStr | None = Field(
        default=None, description='One Teams token per organisation: "org-a:<token>,org-b:<token>".'
    )
    auth_disabled: bool = False
    teams_time_budget_s: float = 4.0
    max_body_bytes: int = 65_536
    max_question_chars: int = 2_000
    max_history_turns: int = Field(
        default=6, ge=0, description="Most recent follow-up turns the guard and resolver read; older ones are dropped."
    )
    max_history_chars: int = Field(
        default=4_000, ge=0, description="Most history characters read (newest turns first); bounds a request's cost."
    )
    rate_limit_per_minute: int = 120
    auth_failures_per_minute: int = Field(
        default=10, ge=1, description="401s an address may earn a minute before it gets 429, even with a good key."
    )
    teams_replay_window_s: float = Field(
        default=300.0, gt=0, description="Teams activities whose timestamp is further than this from now are refused."
    )
    log_level: str = "INFO"
    reload_interval_s: float = Field(
        default=2.0, description="Seconds between checks for a newly ingested index generation; 0 = never reload."
    )

    # --- UI ---
    organisation: str | None = Field(default=None, description="Fix the chat app to this organisation id.")
    feedback_db: Path = REPO_ROOT / "data" / "feedback.sqlite3"

    # --- policy owners: the Manage policies page, versions, health ---
    admin_password: SecretStr | None = Field(
        default=None, description="Password of the Manage policies page; unset = the page is not shown."
    )
    admin_max_failures: int = Field(default=5, ge=1, description="Wrong admin passwords before the page locks.")
    admin_lockout_s: float = Field(default=300.0, gt=0, description="Seconds the page stays locked after that.")
    versions_dir: Path = Field(
        default=REPO_ROOT / "data" / "versions",
        description="Every published version of each policy (its file and clauses), for diffs and rollback.",
    )
    topics_path: Path = Field(
        default=REPO_ROOT / "data" / "topics.yaml", description="Topics the policy health report checks coverage of."
    )
    review_due_days: int = Field(default=60, ge=0, description="A review date within this many days is 'due soon'.")

    def recent_history(self, history: Sequence[str]) -> tuple[str, ...]:
        """Return the newest history turns within max_history_turns and max_history_chars, oldest first."""
        kept: list[str] = []
        budget = self.max_history_chars
        for turn in reversed(history[-self.max_history_turns :] if self.max_history_turns else ()):
            if len(turn) > budget:
                break
            kept.append(turn)
            budget -= len(turn)
        return tuple(reversed(kept))

    def api_key_values(self) -> list[str]:
        """Return the configured bearer keys (without their organisation), stripped, without empties."""
        return [key for key, _ in self.api_key_bindings()]

    def api_key_bindings(self) -> list[tuple[str, str | None]]:
        """Return (key, organisation id or None) for each configured key ("key1:org-a,key2")."""
        raw = self.api_keys.get_secret_value() if self.api_keys else ""
        bindings: list[tuple[str, str | None]] = []
        for item in (part.strip() for part in raw.split(",")):
            key, colon, organisation = item.rpartition(":")
            if colon and key.strip() and _ORGANISATION_ID.fullmatch(organisation.strip()):
                bindings.append((key.strip(), organisation.strip()))
            elif item:
                bindings.append((item, None))
        return bindings


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, built on first use."""
    return Settings()
