"""Files as digests, so that a test can say "nothing on disk changed"."""

from __future__ import annotations

import hashlib
from pathlib import Path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(db: Path) -> dict[str, str]:
    """Every file in the folder with its hash: nothing may appear, vanish or change."""
    return {p.name: digest(p) for p in sorted(db.parent.iterdir()) if p.is_file()}
