"""The guide's screenshots are the program as it is: each page is rendered again on the demo
organisation and compared with the picture the guide shows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from forandring_desktop.ui.help import GUIDE_FILE
from forandring_desktop.ui.help.screenshots import (
    IMAGE_SIZE,
    IMAGES,
    MAX_DIFFERENT,
    PAGES,
    demo_window,
    different_share,
    image_path,
    page_image,
    save_image,
)

MAX_TOTAL_BYTES = 1_500_000


def test_the_guides_screenshots_show_the_pages_as_they_are(qtbot: QtBot, tmp_path: Path) -> None:
    window = demo_window(tmp_path)
    qtbot.addWidget(window)
    stale: list[str] = []
    for key in PAGES:
        stored = QImage(str(image_path(key)))
        assert not stored.isNull(), f"{image_path(key)} is missing"
        assert stored.size() == IMAGE_SIZE
        share = different_share(page_image(window, key), stored)
        if share > MAX_DIFFERENT:
            stale.append(f"{key}: {share:.1%} of the pixels differ")
    assert not stale, (
        "The guide's screenshots no longer show the program as it is ("
        + "; ".join(stale)
        + "). Run `python3.11 dev.py guide-images` and commit the new pictures."
    )


def test_every_page_picture_is_in_the_guide_and_they_are_small() -> None:
    html = GUIDE_FILE.read_text(encoding="utf-8")
    for key in PAGES:
        assert f'src="billeder/{key}.png"' in html
    total = sum(path.stat().st_size for path in IMAGES.glob("*.png"))
    assert 0 < total < MAX_TOTAL_BYTES


def test_the_comparison_tolerates_a_little_and_catches_a_change(tmp_path: Path) -> None:
    stored = QImage(str(image_path("mission")))
    copy = tmp_path / "kopi.png"
    save_image(stored, copy)  # written and read back as the real pictures are
    again = QImage(str(copy))
    assert different_share(again, stored) == 0.0
    changed = again.convertToFormat(QImage.Format.Format_RGB32)
    painter = QPainter(changed)
    small = QRect(0, 0, 40, 40)  # 0.3 % of the picture: a date that moved on, say
    painter.fillRect(small, QColor("#ff00ff"))
    painter.end()
    assert 0 < different_share(changed, stored) <= MAX_DIFFERENT
    painter = QPainter(changed)
    painter.fillRect(QRect(0, 0, 300, 200), QColor("#ff00ff"))  # 10 %: a page redone
    painter.end()
    assert different_share(changed, stored) > MAX_DIFFERENT
    assert different_share(changed.scaled(480, 300), stored) == 1.0
