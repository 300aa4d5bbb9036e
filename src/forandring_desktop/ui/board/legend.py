"""The board's legend: the guide's meaning of each colour, with its shape and word."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from forandring_desktop.model import COLOUR_MEANING
from forandring_desktop.ui.board.style import shape_icon
from forandring_desktop.ui.widgets import COLOUR_ORDER, colour_word, text_label


class Legend(QWidget):
    """The guide's meaning of each colour, with its shape and word."""

    def __init__(self, parent: QWidget | None = None, *, large: bool = False) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Farvernes betydning"))
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 2, 4, 2)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        size = 28 if large else 20
        columns = 2
        for index, colour in enumerate(COLOUR_ORDER):
            row, column = divmod(index, columns)
            icon = QLabel(self)
            icon.setPixmap(shape_icon(colour).pixmap(size, size))
            icon.setAccessibleName(colour_word(colour))
            word = text_label(colour_word(colour), bold=True, selectable=False)
            meaning = text_label(COLOUR_MEANING[colour], selectable=False)
            meaning.setAccessibleName(
                self.tr("{colour}: {meaning}").format(
                    colour=colour_word(colour), meaning=COLOUR_MEANING[colour]
                )
            )
            if large:
                for label in (word, meaning):
                    f = label.font()
                    f.setPointSizeF(max(f.pointSizeF(), 9.0) * 1.3)
                    label.setFont(f)
            grid.addWidget(icon, row, column * 3)
            grid.addWidget(word, row, column * 3 + 1)
            grid.addWidget(meaning, row, column * 3 + 2)
            grid.setColumnStretch(column * 3 + 2, 1)
