"""The fonts that ship with the program (``resources/fonts``, used for the PDFs), made known
to Qt at start-up: where the system's UI font lacks a character (a fresh Linux install has
few fonts), Qt's font fallback finds it in DejaVu Sans or Noto Sans Ethiopic instead of
drawing a box. The UI keeps the system's own font for everything else."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from PySide6.QtGui import QFontDatabase

log = logging.getLogger(__name__)

FONT_FILES = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
    "NotoSansEthiopic-Regular.ttf",
)
_registered: list[str] = []


def fonts_folder() -> Path:
    return Path(str(resources.files("forandring_desktop") / "resources" / "fonts"))


def register_bundled_fonts() -> list[str]:
    """Add the bundled fonts to the application's font database (once per process);
    the families now available from them."""
    if _registered:
        return list(_registered)
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(fonts_folder() / name))
        if font_id < 0:
            log.warning("Could not load the bundled font %s", name)
            continue
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in _registered:
                _registered.append(family)
    return list(_registered)
