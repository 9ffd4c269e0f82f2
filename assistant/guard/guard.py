"""The Guard: configuration and the Presidio analyzer built once, then a pure check per prompt, plus a blind audit."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.guard.check import check
from assistant.guard.config import GuardConfig
from assistant.guard.presidio import build_analyzer
from assistant.guard.verdict import Verdict
from ingest.clause import DocumentMeta

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine

    from assistant.settings import Settings

_WARM_UP = "Can Mrs Smith in Year 9 email me at jo@example.com about Oakwood Academy's safeguarding policy?"


class Guard:
    """Check prompts against section 8 of the social-media policy; refusals come back as Verdicts."""

    def __init__(
        self,
        config: GuardConfig,
        *,
        analyzer: AnalyzerEngine | None = None,
        audit_salt: str = "",
        audit_log: Path | None = None,
    ) -> None:
        self.config = config
        self._analyzer = analyzer
        self._salt = audit_salt.encode("utf-8")
        self._audit_log = audit_log

    def check(self, text: str) -> Verdict:
        """Return the verdict for one prompt (or one follow-up turn)."""
        return check(text, config=self.config, analyzer=self._analyzer)

    def warm_up(self) -> None:
        """Run one check so spaCy and the regexes are loaded before the first real prompt."""
        self.check(_WARM_UP)

    def audit(self, verdict: Verdict, text: str = "", *, now: datetime | None = None) -> dict[str, object] | None:
        """Append a record of a refusal (timestamp, categories, salted hash of the text; never the text itself).

        Returns the record, or None when auditing is off (no audit_log) or the prompt was allowed.
        """
        if self._audit_log is None or verdict.allowed:
            return None
        record: dict[str, object] = {
            "ts": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
            "categories": [c.value for c in verdict.categories],
            "hash": hmac.new(self._salt, _fingerprint(verdict, text), hashlib.sha256).hexdigest(),
        }
        self._audit_log.parent.mkdir(parents=True, exist_ok=True)
        with self._audit_log.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, sort_keys=True) + "\n")
        return record


def build_guard(
    settings: Settings,
    documents: Sequence[DocumentMeta] = (),
    *,
    public_texts: Sequence[str] = (),
    use_ner: bool = True,
) -> Guard:
    """Load data/guard/ YAML plus identifiers harvested from the documents, and the offline spaCy analyzer."""
    config = GuardConfig.load(settings.guard_dir, documents=documents, public_texts=public_texts)
    analyzer = build_analyzer() if use_ner else None
    return Guard(
        config,
        analyzer=analyzer,
        audit_salt=settings.audit_salt.get_secret_value(),
        audit_log=settings.audit_log,
    )


def _fingerprint(verdict: Verdict, text: str) -> bytes:
    """Return what the audit hash covers: the text when given, else the finding offsets."""
    if text:
        return text.encode("utf-8", "surrogatepass")
    return repr([(f.category.value, f.start, f.end) for f in verdict.spans]).encode("utf-8")
