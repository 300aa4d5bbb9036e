"""The guide's screenshots: each page of the main window on the demo organisation, rendered
offscreen at a fixed size, so the pictures in the guide show the program as it is.

``python3.11 dev.py guide-images`` writes them (``python -m
forandring_desktop.ui.help.screenshots``); a test renders them again and fails when one
differs from the checked-in picture by more than a few pixels.
"""

from __future__ import annotations

import datetime
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageWriter
from PySide6.QtWidgets import QApplication

from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document, open_organisation
from forandring_desktop.ui.help.guide import GUIDE_FILE
from forandring_desktop.ui.main_window import MainWindow

IMAGES = GUIDE_FILE.parent / "billeder"
PAGES = ("mission", "targets", "door", "ladders", "participants", "status", "reports")
WINDOW_SIZE = QSize(1280, 800)  # rendered at the smallest size the app is made for …
IMAGE_SIZE = QSize(960, 600)  # … and kept small in the package
DEMO_DAY = datetime.date(2025, 6, 1)  # the demo's follow-ups lead up to this day
PASSPHRASE = "skaermbilleder"
CHANNEL_TOLERANCE = 32  # a pixel differs when a colour channel is off by more than this
MAX_DIFFERENT = 0.02  # a picture is still current with up to 2 % of its pixels different
SETTLE_ROUNDS = 20


def image_path(key: str) -> Path:
    return IMAGES / f"{key}.png"


def demo_window(folder: Path) -> MainWindow:
    """A main window on a fresh demo organisation in ``folder``, at the screenshot size."""
    path = folder / "igangigen.forandring"
    create_from_document(path, PASSPHRASE, build_demo_document(today=DEMO_DAY)).close()
    window = MainWindow(open_organisation(path, PASSPHRASE))
    window.setGeometry(0, 0, WINDOW_SIZE.width(), WINDOW_SIZE.height())
    window.show()
    return window


def _settle(window: MainWindow) -> None:
    """Let the page load and lay out (boards load when shown, figures in the background)."""
    app = QApplication.instance()
    assert app is not None
    for _ in range(SETTLE_ROUNDS):
        app.processEvents()
        page = window.current_page()
        busy = getattr(page, "busy", False)
        while busy:
            app.processEvents()
            busy = getattr(page, "busy", False)


def page_image(window: MainWindow, key: str) -> QImage:
    """The window showing page ``key``, scaled to :data:`IMAGE_SIZE`."""
    window.show_page(key)
    window.nav.setFocus()  # no blinking cursor or focus frame in the picture
    _settle(window)
    image = window.grab().toImage()
    scaled = image.scaled(
        IMAGE_SIZE,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    return scaled.convertToFormat(QImage.Format.Format_RGB32)


def different_share(first: QImage, second: QImage) -> float:
    """The share of pixels that differ visibly (1.0 when the sizes differ)."""
    if first.size() != second.size():
        return 1.0
    a = first.convertToFormat(QImage.Format.Format_RGB32)
    b = second.convertToFormat(QImage.Format.Format_RGB32)
    width, height = a.width(), a.height()
    row_bytes = width * 4
    bits_a, bits_b = bytes(a.constBits()), bytes(b.constBits())
    stride_a, stride_b = a.bytesPerLine(), b.bytesPerLine()
    different = 0
    for y in range(height):
        row_a = bits_a[y * stride_a : y * stride_a + row_bytes]
        row_b = bits_b[y * stride_b : y * stride_b + row_bytes]
        if row_a == row_b:
            continue
        for x in range(0, row_bytes, 4):
            if any(abs(row_a[x + c] - row_b[x + c]) > CHANNEL_TOLERANCE for c in range(3)):
                different += 1
    return different / (width * height)


def save_image(image: QImage, path: Path) -> None:
    """A small PNG: the palette of a screenshot fits in 256 colours."""
    small = image.convertToFormat(
        QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QImageWriter(str(path), b"png")
    writer.setQuality(0)  # PNG: the strongest compression
    if not writer.write(small):
        raise OSError(f"could not write {path}: {writer.errorString()}")


@contextmanager
def _throwaway() -> Iterator[Path]:
    from forandring_desktop.ui.settings import use_settings_folder

    with tempfile.TemporaryDirectory(prefix="forandring-guide-") as folder:
        use_settings_folder(Path(folder) / "settings")
        yield Path(folder)


def main() -> int:
    """Write every page's picture for the guide (run offscreen, without user settings)."""
    from forandring_desktop.ui.app import configure_application

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    with _throwaway() as folder:
        window = demo_window(folder)
        try:
            for key in PAGES:
                path = image_path(key)
                save_image(page_image(window, key), path)
                print(f"{path.relative_to(GUIDE_FILE.parents[4])}: {path.stat().st_size} B")
        finally:
            window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
