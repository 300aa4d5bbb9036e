"""What the app paints itself (not in a widget the layout check reads) has no character the
font lacks; and the bundled fonts are known to Qt, so its fallback can draw what the
system's UI font lacks."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from pytestqt.qtbot import QtBot

from forandring_desktop.model.ladder import LADDER_INSTRUCTIONS
from forandring_desktop.ui.fonts import register_bundled_fonts
from forandring_desktop.ui.ladder.stair_text import HINT_MARK
from forandring_desktop.ui.ladder.staircase import StaircaseView
from forandring_desktop.ui.ladder.words import step_label

from .layout_check import missing_characters

ETHIOPIC_HA = 0x1200  # ሀ: in no font this test machine has but the bundled Noto Sans Ethiopic


def test_the_staircase_paints_only_characters_its_fonts_have(qtbot: QtBot) -> None:
    view = StaircaseView()
    qtbot.addWidget(view)
    view.resize(900, 500)
    painted = [
        HINT_MARK,  # beside a step with a quality hint (was U+24D8, a box on Linux)
        "FORANDRINGSMÅL",
        "(tegn?)",
        *LADDER_INSTRUCTIONS,
        *(step_label(level, 7) for level in range(1, 8)),
    ]
    fonts = view._fonts()
    for font in (fonts.base, fonts.bold, fonts.small, fonts.label):
        for text in painted:
            assert missing_characters(text, font) == [], (text, font.family())


def test_the_bundled_fonts_are_registered_with_qt() -> None:
    families = register_bundled_fonts()  # configure_application did it already: same list
    assert "DejaVu Sans" in families
    assert "Noto Sans Ethiopic" in families
    assert QFontMetrics(QFont("Noto Sans Ethiopic")).inFontUcs4(ETHIOPIC_HA)
