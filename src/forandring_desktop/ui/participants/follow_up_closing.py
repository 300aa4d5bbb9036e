"""How the follow-up dialog opens and closes: at a size that shows the whole form without
scrolling where the screen allows it (two ladders side by side), and Esc that asks before
typed text is thrown away. A part of :class:`FollowUpDialog` (see ``ui/parts.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtWidgets import QMessageBox

from forandring_desktop.model.follow_up import action_for

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QScrollArea

    from forandring_desktop.ui.participants.follow_up_ladders import LadderRow
    from forandring_desktop.ui.widgets import PlainTextField

    DialogPart = QDialog
else:
    DialogPart = object

LADDER_COLUMNS = 2  # ladder sections side by side
TITLE_BAR = 40  # room left on the screen for the window's title bar and frame
LADDER_WIDTH = 560  # one ladder section's comfortable width


class FollowUpClosing(DialogPart):
    if TYPE_CHECKING:  # what this part uses of the dialog it belongs to
        scroll_area: QScrollArea
        ladder_rows: list[LadderRow]
        note_edit: PlainTextField
        _started_texts: list[str]

    def size_for(self, available: QSize) -> QSize:
        """The size that shows the whole form without scrolling, within ``available`` (a
        screen's free area); wider with two ladders side by side."""
        content = self.scroll_area.widget()
        assert content is not None
        columns = min(LADDER_COLUMNS, max(1, len(self.ladder_rows)))
        width = min(available.width() - 20, LADDER_WIDTH * columns + 60)
        inner = width - self.scroll_area.verticalScrollBar().sizeHint().width()
        outer = self.layout()
        if outer is not None:
            margins = outer.contentsMargins()
            inner -= margins.left() + margins.right()
        layout = content.layout()
        assert layout is not None
        needed = (
            layout.totalHeightForWidth(inner)
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        around = self.sizeHint().height() - self.scroll_area.sizeHint().height()
        height = min(available.height() - TITLE_BAR, needed + around + 8)
        return QSize(width, height)

    def _texts(self) -> list[str]:
        """What the mentor can type: each ladder's note and action, and the whole note."""
        texts = [row.note_edit.text() for row in self.ladder_rows]
        texts += [row.action_edit.text() for row in self.ladder_rows]
        return [*texts, self.note_edit.toPlainText()]

    def has_typed_text(self) -> bool:
        """Text typed since the dialog opened (an action that only followed the step, as
        ↑/↓ suggests it, does not count)."""
        now = self._texts()
        started = self._started_texts
        count = len(self.ladder_rows)
        for index, (text, before) in enumerate(zip(now, started, strict=True)):
            if text.strip() == before.strip():
                continue
            if count <= index < 2 * count:
                row = self.ladder_rows[index - count]
                if text.strip() == action_for(row.ladder, row.markers.staff()).strip():
                    continue
            return True
        return False

    def reject(self) -> None:
        """Esc (or Annuller, or closing the window): closes without saving; asks first when
        text was typed, so a week's notes are not lost to one key."""
        if self.has_typed_text():
            answer = QMessageBox.question(
                self,
                QCoreApplication.translate("FollowUpDialog", "Luk uden at gemme?"),
                QCoreApplication.translate(
                    "FollowUpDialog",
                    "Du har skrevet tekst i opfølgningen, som ikke er gemt. "
                    "Vil du lukke uden at gemme den?",
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()
