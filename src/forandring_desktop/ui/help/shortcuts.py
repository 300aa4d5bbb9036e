"""The keyboard-shortcut sheet (Hjælp ▸ Tastaturgenveje), made from the window's own
actions each time it opens, so it never lists a key the program does not have: grouped by
the page an action belongs to, the board's own keys (typed on the board, not actions) with
the door page."""

from __future__ import annotations

import re
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.ui.board.view import ShortcutHelp

Row = tuple[str, str]  # (keys, what they do)


def action_keys(action: QAction) -> str:
    """The action's shortcuts as the user reads them ("Ctrl+Skift+Z, Ctrl+Y")."""
    return ", ".join(
        key.toString(QKeySequence.SequenceFormat.NativeText)
        for key in action.shortcuts()
        if not key.isEmpty()
    )


def action_text(action: QAction) -> str:
    """The action's text without its mnemonic and dots ("&Åbn…" → "Åbn")."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…. ")


def action_meaning(action: QAction) -> str:
    """What the action does: its text, or for a key that only works in one field or list
    (an action without a text), where it works and what that widget says about its keys."""
    widget = action.parent()
    where = widget.accessibleName() or widget.objectName() if isinstance(widget, QWidget) else ""
    text = action_text(action)
    if text and action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut and where:
        return QCoreApplication.translate("ShortcutSheet", "{what} (i »{where}«)").format(
            what=text, where=where
        )
    if text:
        return text
    if not isinstance(widget, QWidget):
        return ""
    # A list says what its keys do in its description ("Ins: ny persona. Del: slet.").
    said = ""
    for key in action.shortcuts():
        found = re.search(
            rf"(?:^|[.;]\s*){re.escape(key.toString(QKeySequence.SequenceFormat.NativeText))}"
            r":\s*([^.;]+)",
            widget.accessibleDescription(),
        )
        if found:
            said = found.group(1).strip()
            break
    if said:
        return QCoreApplication.translate("ShortcutSheet", "{what} (i »{where}«)").format(
            what=said[:1].upper() + said[1:], where=where
        )
    return QCoreApplication.translate("ShortcutSheet", "I »{where}«").format(where=where)


def _owner(action: QAction, pages: Mapping[str, QWidget]) -> QWidget | None:
    owners = set(pages.values())
    node: QObject | None = action.parent()
    while node is not None:
        if node in owners:
            assert isinstance(node, QWidget)
            return node
        node = node.parent()
    return None


def shortcut_groups(window: QWidget, pages: Mapping[str, QWidget]) -> list[tuple[str, list[Row]]]:
    """(group title, rows) for the whole program and then each page that has keys."""
    everywhere = QCoreApplication.translate("ShortcutSheet", "Hele programmet")
    grouped: dict[QWidget | None, list[Row]] = {None: []}
    for page in pages.values():
        grouped[page] = []
    for action in window.findChildren(QAction):
        keys, meaning = action_keys(action), action_meaning(action)
        if not keys or not meaning:
            continue
        rows = grouped[_owner(action, pages)]
        row = (keys, meaning)
        if row not in rows:
            rows.append(row)
    for page in pages.values():
        helps = page.findChildren(ShortcutHelp)
        if helps:  # the board's keys, as its own corner list names them
            grouped[page] += [row for row in helps[0].rows if row not in grouped[page]]
    result = [(everywhere, grouped[None])]  # in the order the menus have them
    for page in pages.values():
        if grouped[page]:
            result.append((page.accessibleName() or page.objectName(), grouped[page]))
    return result


class ShortcutSheet(QDialog):
    """Every key of the program, grouped by page, in a two-column list."""

    def __init__(self, groups: list[tuple[str, list[Row]]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcut_sheet")
        self.setWindowTitle(self.tr("Tastaturgenveje"))
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(self.tr("Tastaturgenveje"))
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Taster"), self.tr("Gør")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        for title, rows in groups:
            group = QTreeWidgetItem(self.tree, [title])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            for keys, meaning in rows:
                QTreeWidgetItem(group, [keys, meaning])
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(720, 640)

    def rows(self) -> list[tuple[str, str, str]]:
        """(group, keys, meaning) for every row shown."""
        found = []
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            assert group is not None
            for child in range(group.childCount()):
                item = group.child(child)
                assert item is not None
                found.append((group.text(0), item.text(0), item.text(1)))
        return found
