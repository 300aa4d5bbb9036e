"""The flow layout remembers the heights it measured, and forgets them when its cards change."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.ui.flow_layout import FlowLayout


def card(text: str) -> QLabel:
    label = QLabel(text)
    label.setFixedSize(100, 40)
    return label


def test_heights_follow_added_hidden_and_removed_cards(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    layout = FlowLayout(host, spacing=0)
    layout.setContentsMargins(0, 0, 0, 0)
    for n in range(2):
        layout.addWidget(card(f"kort {n}"))
    assert layout.heightForWidth(200) == 40  # two cards side by side
    third = card("kort 2")
    layout.addWidget(third)
    assert layout.heightForWidth(200) == 80  # the third wraps to a second row
    assert layout.heightForWidth(300) == 40
    host.show()
    third.hide()  # Qt invalidates the layout when a card is hidden
    assert layout.heightForWidth(200) == 40
    third.show()
    assert layout.heightForWidth(200) == 80
    item = layout.takeAt(2)
    assert item is not None
    assert layout.heightForWidth(200) == 40
