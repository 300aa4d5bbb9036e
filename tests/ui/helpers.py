"""Small steps many UI tests share: a typed page of the main window, modal dialogs answered
in place of a user, and keys pressed on whatever has the focus (not a test module: no
test functions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.ui.dialogs import NewOrganisationDialog, PassphraseDialog
from forandring_desktop.ui.main_window import MainWindow

PageT = TypeVar("PageT", bound=QWidget)
DialogT = TypeVar("DialogT", bound=QDialog)
NO = Qt.KeyboardModifier.NoModifier


def page_of(window: MainWindow, key: str, kind: type[PageT]) -> PageT:
    """The window's page ``key``, checked to be a ``kind`` (so the test can use its parts)."""
    page = window.pages[key]
    assert isinstance(page, kind)
    return page


def shown_page(window: MainWindow, key: str, kind: type[PageT]) -> PageT:
    """Show the page ``key`` as the navigation does, and return it."""
    window.show_page(key)
    return page_of(window, key, kind)


def answer_dialogs(
    monkeypatch: pytest.MonkeyPatch, kind: type[DialogT], answer: Callable[[DialogT], object]
) -> None:
    """Instead of waiting for a user, each ``kind`` dialog is given to ``answer``, which fills
    it in and accepts or rejects it; exec() then returns that result, as a modal dialog does."""

    def exec_(dialog: DialogT) -> int:
        answer(dialog)
        return dialog.result()

    monkeypatch.setattr(kind, "exec", exec_)


def answer_passphrase(monkeypatch: pytest.MonkeyPatch, passphrase: str) -> list[str]:
    """Every passphrase dialog is answered with ``passphrase``; returns the error message each
    one showed when it was asked (empty for a first ask)."""
    errors: list[str] = []

    def answer(dialog: PassphraseDialog) -> None:
        errors.append(dialog.error_label.message())
        dialog.passphrase_edit.setText(passphrase)
        dialog.accept()

    answer_dialogs(monkeypatch, PassphraseDialog, answer)
    return errors


def fill_new_organisation(
    dialog: NewOrganisationDialog,
    passphrase: str,
    name: str | None = None,
    admin_name: str | None = None,
) -> None:
    """Type the names given and the passphrase twice, then OK."""
    if name is not None:
        dialog.name_edit.setText(name)
    if admin_name is not None:
        dialog.admin_name_edit.setText(admin_name)
    dialog.passphrase_edit.setText(passphrase)
    dialog.repeat_edit.setText(passphrase)
    dialog.accept()


class Keyboard:
    """Presses keys on the focused widget, as a mentor would, and counts them."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.keys = 0  # every key press, shortcuts and digits included
        self.chars = 0  # letters typed into the notes

    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has keyboard focus"
        return widget

    def press(self, key: Qt.Key | str, modifier: Qt.KeyboardModifier = NO) -> None:
        self.qtbot.keyClick(self.focused(), key, modifier)
        self.keys += 1

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focused(), text)
        self.chars += len(text)


def activate(window: QWidget, qtbot: QtBot) -> None:
    """Make ``window`` the active window, so keys and focus behave as for a user."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
