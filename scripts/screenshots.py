"""Refresh docs/screenshots/*.png (the owner's views: upload preview, what changed, health) with real Chromium.

Runs the owner browser test (tests/ui/test_ui_manage_browser.py) with POLICY_SCREENSHOTS_DIR set, so the pictures
come from the same tested flow: tmp copies of the policies, a generated Word policy, a 1200 px wide window.
Usage: python scripts/screenshots.py [OUT_DIR]   (needs Debian chromium and chromedriver: make browser)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEST = "tests/ui/test_ui_manage_browser.py"


def main(argv: list[str]) -> int:
    """Run the owner browser test, saving its screenshots into OUT_DIR (default docs/screenshots)."""
    out = Path(argv[0]).resolve() if argv else REPO / "docs" / "screenshots"
    env = {**os.environ, "POLICY_SCREENSHOTS_DIR": str(out), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-m", "pytest", TEST, "-q", "-p", "no:cacheprovider"], cwd=REPO, env=env)
    if done.returncode == 0:
        for path in sorted(out.glob("manage-*.png")):
            print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}  {path.stat().st_size // 1024} KB")
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
