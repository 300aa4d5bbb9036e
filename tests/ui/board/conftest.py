"""The board tests' file, window and page: a small board file instead of the demo file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from forandring_desktop.storage import Store
from forandring_desktop.ui.board.widget import BoardWidget
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.door import DoorSheetsPage
from tests.ui.test_board_helpers import Fixture, OnDisk, make_board_file, open_door_page, stored


@pytest.fixture
def fixture(tmp_path: Path, passphrase: str) -> Fixture:
    return make_board_file(tmp_path / "tavle.forandring", passphrase)


@pytest.fixture
def window(make_window: Callable[..., MainWindow], fixture: Fixture) -> MainWindow:
    return make_window(fixture.path)


@pytest.fixture
def page(window: MainWindow, qtbot: QtBot) -> DoorSheetsPage:
    return open_door_page(window, qtbot)


@pytest.fixture
def board(page: DoorSheetsPage) -> BoardWidget:
    return page.board


@pytest.fixture
def on_disk(open_store: Callable[..., Store], fixture: Fixture) -> OnDisk:
    """Natasha's notes by id as they are on disk now, read through a new Store."""
    return lambda: stored(open_store, fixture)
