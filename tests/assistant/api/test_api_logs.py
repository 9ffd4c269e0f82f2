"""Units of the JSON log format: whitelisted fields only, library noise filtered."""

from __future__ import annotations

import json
import logging

from assistant.api.logs import JsonFormatter, _quiet_libraries, request_id_from


def _record(name: str, level: int, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord(name, level, __file__, 1, "request", None, None)
    record.__dict__.update(extra)
    return record


def test_formatter_keeps_only_whitelisted_fields() -> None:
    line = JsonFormatter().format(
        _record("assistant.api", logging.INFO, route="/v1/ask", status=200, question="secret text", answer="x")
    )
    data = json.loads(line)
    assert data["route"] == "/v1/ask" and data["status"] == 200 and data["level"] == "INFO"
    assert "question" not in data and "secret text" not in line and "answer" not in data


def test_library_debug_is_filtered_but_product_info_kept() -> None:
    assert not _quiet_libraries(_record("bm25s", logging.DEBUG))
    assert _quiet_libraries(_record("bm25s", logging.WARNING))
    assert _quiet_libraries(_record("assistant.core", logging.INFO))
    assert _quiet_libraries(_record("uvicorn.error", logging.INFO))


def test_request_id_header_is_reused_only_when_safe() -> None:
    assert request_id_from([(b"x-request-id", b"abc.DEF-1_2")]) == "abc.DEF-1_2"
    assert request_id_from([(b"X-Request-ID", b'{"inject": 1}')]) != '{"inject": 1}'
    assert len(request_id_from([])) == 32
