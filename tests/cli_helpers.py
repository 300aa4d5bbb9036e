"""Run the `forandring` command as a real process, the way a user's shell would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


def run_forandring(
    *args: str,
    passphrase: str | None,
    cwd: Path | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m forandring_desktop.cli ARGS``; the passphrase (if any) comes through
    FORANDRING_PASSPHRASE only, and there is no terminal to ask on."""
    env = {k: v for k, v in os.environ.items() if k != "FORANDRING_PASSPHRASE"}
    if passphrase is not None:
        env["FORANDRING_PASSPHRASE"] = passphrase
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "forandring_desktop.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
