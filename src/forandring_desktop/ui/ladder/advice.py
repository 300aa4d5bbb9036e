"""Below the ladder editor: the guide's advice on the ladder's quality (only advice, never a
demand; a pair of steps one cannot tell apart can be merged from here) and the retired
steps, whose ratings are kept.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import Ladder, LadderStep
from forandring_desktop.model.ladder_edit import LadderHint
from forandring_desktop.ui.ladder.words import ratings_text
from forandring_desktop.ui.parts import WidgetPart

HINT_ROLE = Qt.ItemDataRole.UserRole + 1


class LadderAdvice(WidgetPart):
    """The advice and the retired steps of the ladder editor: not a widget of its own, a
    part of :class:`~forandring_desktop.ui.ladder.editor.LadderEditor` (its texts keep that
    context)."""

    if TYPE_CHECKING:  # what this part uses of the editor it belongs to
        ladder: Ladder | None
        _hints: list[LadderHint]
        _counts: dict[uuid.UUID, int]

        def select_step(self, step_id: uuid.UUID | None) -> None: ...

        def merge_hint(self) -> None: ...

        def _update_actions(self) -> None: ...

    def _build_bottom(self, parent: QWidget) -> QWidget:
        bottom = QWidget(parent)
        row = QHBoxLayout(bottom)
        row.setContentsMargins(0, 0, 0, 0)

        hints_box = QGroupBox(QCoreApplication.translate("LadderEditor", "Guidens råd"), bottom)
        hints_box.setAccessibleName(QCoreApplication.translate("LadderEditor", "Guidens råd"))
        hints_layout = QVBoxLayout(hints_box)
        caption = QLabel(
            QCoreApplication.translate(
                "LadderEditor", "Råd om måltrappens &kvalitet – kun råd, intet krav:"
            ),
            hints_box,
        )
        caption.setWordWrap(True)
        hints_layout.addWidget(caption)
        self.hint_list = QListWidget(hints_box)
        self.hint_list.setAccessibleName(
            QCoreApplication.translate("LadderEditor", "Råd fra guiden")
        )
        self.hint_list.setWordWrap(True)
        self.hint_list.setMinimumHeight(44)
        self.hint_list.currentRowChanged.connect(self._hint_selected)
        caption.setBuddy(self.hint_list)
        hints_layout.addWidget(self.hint_list, 1)
        self.hint_merge_button = QPushButton(
            QCoreApplication.translate("LadderEditor", "Slå &sammen"), hints_box
        )
        self.hint_merge_button.setAccessibleName(
            QCoreApplication.translate("LadderEditor", "Slå trinnene sammen")
        )
        self.hint_merge_button.setToolTip(
            QCoreApplication.translate(
                "LadderEditor", "Slå de to trin i rådet sammen til ét (Ctrl+Z fortryder)"
            )
        )
        self.hint_merge_button.clicked.connect(self.merge_hint)
        hints_layout.addWidget(self.hint_merge_button, 0, Qt.AlignmentFlag.AlignLeft)
        row.addWidget(hints_box, 3)

        retired_box = QGroupBox(QCoreApplication.translate("LadderEditor", "&Udgåede trin"), bottom)
        retired_box.setAccessibleName(QCoreApplication.translate("LadderEditor", "Udgåede trin"))
        retired_layout = QVBoxLayout(retired_box)
        retired_caption = QLabel(
            QCoreApplication.translate(
                "LadderEditor", "Trin taget ud af trappen; vurderingerne bevares:"
            )
        )
        retired_caption.setWordWrap(True)
        retired_layout.addWidget(retired_caption)
        self.retired_list = QListWidget(retired_box)
        self.retired_list.setAccessibleName(
            QCoreApplication.translate("LadderEditor", "Udgåede trin")
        )
        self.retired_list.setWordWrap(True)
        self.retired_list.setMinimumHeight(44)
        retired_layout.addWidget(self.retired_list, 1)
        row.addWidget(retired_box, 2)
        return bottom

    def _show_hints(self) -> None:
        wanted = [(hint.message, hint.step_ids) for hint in self._hints]
        shown = [
            (self.hint_list.item(r).text(), self.hint_list.item(r).data(HINT_ROLE))
            for r in range(self.hint_list.count())
        ]
        if wanted != shown:
            row = self.hint_list.currentRow()
            self.hint_list.blockSignals(True)
            try:
                self.hint_list.clear()
                icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
                for hint in self._hints:
                    item = QListWidgetItem(icon, hint.message)
                    item.setData(HINT_ROLE, hint.step_ids)
                    item.setToolTip(hint.message)
                    self.hint_list.addItem(item)
                if self._hints and row >= 0:
                    self.hint_list.setCurrentRow(min(row, len(self._hints) - 1))
            finally:
                self.hint_list.blockSignals(False)
        if not self._hints and self.hint_list.count() == 0:
            self.hint_list.setAccessibleDescription(
                QCoreApplication.translate("LadderEditor", "Ingen råd: måltrappen ser fin ud.")
            )
        else:
            self.hint_list.setAccessibleDescription("")
        self._update_actions()

    def retired_steps(self) -> list[LadderStep]:
        """Retired steps worth showing: those with a text or with ratings (an empty step
        whose adding was undone has no history to keep)."""
        if self.ladder is None:
            return []
        return [
            s
            for s in self.ladder.steps
            if s.is_deleted and (s.text.strip() or self._counts.get(s.id, 0))
        ]

    def _show_retired(self) -> None:
        wanted = [
            f"{s.text or QCoreApplication.translate('LadderEditor', '(intet delmål)')} – "
            f"{ratings_text(self._counts.get(s.id, 0))}"
            for s in self.retired_steps()
        ]
        shown = [self.retired_list.item(r).text() for r in range(self.retired_list.count())]
        if wanted != shown:
            self.retired_list.clear()
            self.retired_list.addItems(wanted)
        if not wanted:
            self.retired_list.setAccessibleDescription(
                QCoreApplication.translate("LadderEditor", "Ingen udgåede trin.")
            )
        else:
            self.retired_list.setAccessibleDescription("")

    def hints(self) -> list[LadderHint]:
        return list(self._hints)

    def current_hint(self) -> LadderHint | None:
        row = self.hint_list.currentRow()
        return self._hints[row] if 0 <= row < len(self._hints) else None

    def _hint_selected(self, _row: int) -> None:
        hint = self.current_hint()
        if hint is not None and hint.step_ids:
            self.select_step(hint.step_ids[0])
        self._update_actions()
