"""pytest-qt fixtures for the UI: isolated QSettings, the app set up as in production, and
an encrypted demo file (the guide's iGangiGen) per test."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document, open_organisation
from forandring_desktop.services.ladders import get_ladder
from forandring_desktop.storage import Store
from forandring_desktop.ui.app import configure_application
from forandring_desktop.ui.main_window import MainWindow

from .test_ladder_helpers import LadderReader

PASSPHRASE = "demo-adgangskode"
TODAY = datetime.date(2025, 6, 1)


@pytest.fixture(autouse=True)
def ui_settings_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QSettings caches its path per process, so point it at a fresh folder per test."""
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(autouse=True)
def _configured_app(qapp: QApplication) -> QApplication:
    configure_application(qapp)  # Danish locale and Qt's Danish texts, as in run_app
    return qapp


@pytest.fixture
def passphrase() -> str:
    """The demo files' passphrase."""
    return PASSPHRASE


@pytest.fixture(scope="session")
def demo_doc() -> OrganisationDocument:
    return build_demo_document(today=TODAY)


@pytest.fixture
def make_demo_file(tmp_path: Path, demo_doc: OrganisationDocument) -> Callable[[str], Path]:
    def make(name: str = "igangigen.forandring") -> Path:
        path = tmp_path / name
        create_from_document(path, PASSPHRASE, demo_doc).close()
        return path

    return make


@pytest.fixture
def demo_path(make_demo_file: Callable[[str], Path]) -> Path:
    return make_demo_file("igangigen.forandring")


@pytest.fixture
def open_store() -> Iterator[Callable[..., Store]]:
    """Open files with a fresh Store (as another process would); closed after the test."""
    opened: list[Store] = []

    def open_(path: Path, passphrase: str = PASSPHRASE) -> Store:
        store = open_organisation(path, passphrase)
        opened.append(store)
        return store

    yield open_
    for store in opened:
        store.engine.dispose()


@pytest.fixture
def reopened(open_store: Callable[..., Store], demo_path: Path) -> Store:
    """The demo file opened a second time, through an independent Store (as another process
    would): what it reads is what is on disk."""
    return open_store(demo_path)


@pytest.fixture
def read_ladder(reopened: Store) -> LadderReader:
    """A ladder as it is on disk."""
    return lambda ladder_id: get_ladder(reopened, ladder_id)


@pytest.fixture
def closing() -> Iterator[list[Store]]:
    """Stores a test opens itself and appends here are closed after it."""
    stores: list[Store] = []
    yield stores
    for store in stores:
        store.close()


@pytest.fixture
def make_window(qtbot: QtBot, demo_path: Path) -> Callable[..., MainWindow]:
    def make(path: Path = demo_path) -> MainWindow:
        window = MainWindow(open_organisation(path, PASSPHRASE))
        qtbot.addWidget(window)  # closed (store closed, settings saved) after the test
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()


def _texts(widget: QWidget) -> Iterator[str]:
    for label in widget.findChildren(QLabel):
        yield label.text()
    for box in widget.findChildren(QGroupBox):
        yield box.title()
    for edit in widget.findChildren(QLineEdit):
        yield edit.text()
    for plain in widget.findChildren(QPlainTextEdit):
        yield plain.toPlainText()
    for listing in widget.findChildren(QListWidget):
        for row in range(listing.count()):
            item = listing.item(row)
            yield item.text()
            yield item.toolTip()
    for table in widget.findChildren(QTableWidget):
        for row in range(table.rowCount()):
            header = table.verticalHeaderItem(row)
            if header is not None:
                yield header.text()
            for column in range(table.columnCount()):
                cell = table.item(row, column)
                if cell is not None:
                    yield cell.text()


@pytest.fixture
def page_text() -> Callable[[QWidget], str]:
    """All text a page shows in labels, group titles, fields, lists and tables."""

    def text(widget: QWidget) -> str:
        return "\n".join(_texts(widget))

    return text
