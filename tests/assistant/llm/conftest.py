"""Under make test-llm (POLICY_TEST_LLM_REQUIRED=1) a skipped llm test fails: the run must reach the real model."""

from __future__ import annotations

import os
from collections.abc import Generator
from typing import Any

import pytest


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """Turn the skip of an llm-marked test into a failure when the LLM run is required."""
    report = yield
    required = os.environ.get("POLICY_TEST_LLM_REQUIRED") == "1"
    if required and report.skipped and item.get_closest_marker("llm") and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"llm test skipped although POLICY_TEST_LLM_REQUIRED=1: {reason}"
    return report
