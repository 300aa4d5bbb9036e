"""File names for what the app writes (PDFs, exports): safe on every platform, never over
an existing file. A participant's file name carries their code, never their name."""

from __future__ import annotations

import re
from pathlib import Path

PDF_SUFFIX = ".pdf"
MAX_FILE_STEM = 120
DEFAULT_STEM = "Udskrift"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def safe_file_name(text: str, suffix: str = PDF_SUFFIX) -> str:
    """``text`` as a file name any platform accepts, ending in ``suffix``."""
    stem = text[: -len(suffix)] if text.lower().endswith(suffix) else text
    stem = _UNSAFE.sub("-", stem).strip().strip(".").strip()
    stem = re.sub(r"\s+", " ", stem)[:MAX_FILE_STEM].strip() or DEFAULT_STEM
    return stem + suffix


def unique_path(folder: Path, file_name: str, taken: set[Path] | None = None) -> Path:
    """``folder / file_name``, or ``… (2).pdf`` and so on if that exists or is taken."""
    name = safe_file_name(file_name)
    stem, suffix = name[: -len(PDF_SUFFIX)], PDF_SUFFIX
    candidate = folder / name
    number = 2
    taken = taken if taken is not None else set()
    while candidate.exists() or candidate in taken:
        candidate = folder / f"{stem} ({number}){suffix}"
        number += 1
    return candidate


def with_suffix(path: Path, suffix: str) -> Path:
    """``path`` ending in ``suffix`` (added when the person typed a name without it)."""
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
