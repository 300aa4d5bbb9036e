"""The fonts every sheet and report is printed with, and what they can print.

DejaVu Sans (regular, bold, oblique, bold oblique) ships with the program as package data
in ``forandring_desktop/resources/fonts`` with its licence: Latin with all its extensions
(Polish, Hungarian, Vietnamese, Turkish …), Greek, Cyrillic, Armenian, Georgian, Hebrew,
Arabic (with the presentation forms the shaping in :mod:`.text` needs), and the symbols
✓ ✗ ⚠ ☐ and many emoticons. Noto Sans Ethiopic adds Ge'ez (Tigrinya, Amharic).

A character the style's own font lacks is drawn in the first font that has it (the oblique
faces have no Arabic, say); a character no font has is *unprintable*: it is replaced by
:data:`PLACEHOLDER` and named, so the caller can warn before printing (see :mod:`.text`).
Every font is registered under our own names and embedded as subsets; no standard Type 1
font (Helvetica) is referenced, so every glyph is in the file.
"""

from __future__ import annotations

import functools
import threading
from importlib import resources
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "ForandringSans"
FONT_BOLD = "ForandringSans-Bold"
FONT_ITALIC = "ForandringSans-Oblique"
FONT_BOLD_ITALIC = "ForandringSans-BoldOblique"
FONT_ETHIOPIC = "ForandringEthiopic"

_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    FONT_ETHIOPIC: "NotoSansEthiopic-Regular.ttf",
}
# Where a character missing from a face is looked for next, in order.
FALLBACKS: tuple[str, ...] = (FONT, FONT_BOLD, FONT_ETHIOPIC)
PLACEHOLDER = "□"  # drawn for a character no font has (it is in DejaVu Sans)

_font_lock = threading.Lock()
_registered = False


def font_dir() -> Path:
    """The folder of the shipped font files (package data, never the system's fonts)."""
    return Path(str(resources.files("forandring_desktop") / "resources" / "fonts"))


def register_fonts() -> None:
    """Register our fonts once per process (idempotent, thread-safe)."""
    global _registered
    if _registered:
        return
    with _font_lock:
        if _registered:
            return
        known = set(pdfmetrics.getRegisteredFontNames())
        for name, filename in _FONT_FILES.items():
            if name not in known:
                # shapable=False: reportlab would shape with uharfbuzz if it were installed,
                # and its bidi needs rlbidi, which no registry here has; .text shapes Arabic.
                pdfmetrics.registerFont(
                    TTFont(name, str(font_dir() / filename), asciiReadable=False, shapable=False)
                )
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        _registered = True


@functools.cache
def coverage(font_name: str) -> frozenset[int]:
    """The code points ``font_name`` has a glyph for."""
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


@functools.cache
def _all_covered() -> frozenset[int]:
    out: frozenset[int] = frozenset()
    for name in FALLBACKS:
        out |= coverage(name)
    return out


# Characters that take no glyph (joiners, variation selectors, marks of direction): never
# unprintable, never drawn.
_INVISIBLE = frozenset(
    [
        0x200B,
        0x200C,
        0x200D,
        0x200E,
        0x200F,
        0x2060,
        0xFEFF,
        0x061C,
        *range(0xFE00, 0xFE10),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
)
WHITESPACE = frozenset(ord(c) for c in " \t\n\r\u00a0\u2007\u202f")


def is_invisible(ch: str) -> bool:
    return ord(ch) in _INVISIBLE


def printable(ch: str) -> bool:
    """Can ``ch`` be drawn by any of our fonts (or does it need no glyph)?"""
    code = ord(ch)
    return code in _all_covered() or code in _INVISIBLE or code in WHITESPACE


def font_for(ch: str, font_name: str) -> str | None:
    """The font to draw ``ch`` in when the text's font is ``font_name``; None if none can."""
    code = ord(ch)
    if code in coverage(font_name):
        return font_name
    for name in FALLBACKS:
        if code in coverage(name):
            return name
    return None


def covers(font_name: str, text: str) -> bool:
    """Does ``font_name`` alone have every character of ``text``? (The fast path.)"""
    have = coverage(font_name)
    return all(ord(c) in have or ord(c) in WHITESPACE for c in text)
