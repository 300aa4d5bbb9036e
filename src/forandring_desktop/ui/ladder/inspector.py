"""Beside the staircase: the selected step's DELMÅL, TEGN and HANDLING, each typed straight
into the ladder (one undo step per field while typing). Esc goes back to the staircase;
typing on the staircase starts writing the step's DELMÅL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QGroupBox, QLineEdit, QTabWidget, QVBoxLayout, QWidget

from forandring_desktop.model import Ladder, LadderStep
from forandring_desktop.ui.binding import TextBinding
from forandring_desktop.ui.ladder.commands import Target
from forandring_desktop.ui.ladder.staircase import StaircaseView
from forandring_desktop.ui.ladder.words import step_label
from forandring_desktop.ui.parts import WidgetPart
from forandring_desktop.ui.widgets import ErrorLabel, PlainTextField, text_label


class StepInspector(WidgetPart):
    """The selected step's fields in the ladder editor: not a widget of its own, a part of
    :class:`~forandring_desktop.ui.ladder.editor.LadderEditor` (its texts keep that context)."""

    if TYPE_CHECKING:  # what this part uses of the editor it belongs to
        ladder: Ladder | None
        staircase: StaircaseView
        tabs: QTabWidget

        def current_step(self) -> LadderStep | None: ...

        def _bind(
            self,
            edit: QLineEdit | PlainTextField,
            field: str,
            undo_text: str,
            error: ErrorLabel,
            *,
            step: bool = False,
        ) -> TextBinding[Target]: ...

    def _build_inspector(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(QCoreApplication.translate("LadderEditor", "Valgt trin"), parent)
        box.setAccessibleName(QCoreApplication.translate("LadderEditor", "Valgt trin"))
        box.setMinimumWidth(180)
        layout = QVBoxLayout(box)
        self.step_caption = text_label("", bold=True)
        self.step_caption.setAccessibleName(
            QCoreApplication.translate("LadderEditor", "Trinnets plads på måltrappen")
        )
        layout.addWidget(self.step_caption)
        self.step_bindings: dict[str, TextBinding[Target]] = {}
        fields = (
            (
                "text",
                QCoreApplication.translate("LadderEditor", "&Delmål"),
                QCoreApplication.translate("LadderEditor", "Delmål"),
                QCoreApplication.translate("LadderEditor", "Hvad har personen nået?"),
            ),
            (
                "signs",
                QCoreApplication.translate("LadderEditor", "&Tegn"),
                QCoreApplication.translate("LadderEditor", "Tegn"),
                QCoreApplication.translate(
                    "LadderEditor",
                    "Hvordan kan man se på en person, at han eller hun er på dette trin?",
                ),
            ),
            (
                "action",
                QCoreApplication.translate("LadderEditor", "H&andling"),
                QCoreApplication.translate("LadderEditor", "Handling"),
                QCoreApplication.translate("LadderEditor", "Hvad skal der sættes ind med nu?"),
            ),
        )
        self.step_edits: dict[str, PlainTextField] = {}
        for field, caption, name, placeholder in fields:
            label = text_label(caption, bold=True, selectable=False)
            label.setTextFormat(Qt.TextFormat.AutoText)
            edit = PlainTextField(box)
            edit.setAccessibleName(name)
            edit.setPlaceholderText(placeholder)
            edit.setMinimumHeight(50)
            label.setBuddy(edit)
            error = ErrorLabel(box)
            layout.addWidget(label)
            layout.addWidget(edit, 1)
            layout.addWidget(error)
            self.step_edits[field] = edit
            self.step_bindings[field] = self._bind(
                edit,
                field,
                QCoreApplication.translate("LadderEditor", "ændring af trin"),
                error,
                step=True,
            )
            back = QAction(edit)
            back.setShortcut(QKeySequence(Qt.Key.Key_Escape))
            back.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            back.triggered.connect(self._back_to_view)
            edit.addAction(back)
        layout.addWidget(
            text_label(
                QCoreApplication.translate(
                    "LadderEditor", "Esc: tilbage til trappen. Tab: næste felt."
                ),
                selectable=False,
            )
        )
        self.inspector = box
        return box

    def _show_inspector(self) -> None:
        step = self.current_step()
        ladder = self.ladder
        enabled = step is not None
        for edit in self.step_edits.values():
            edit.setEnabled(enabled)
        if step is None or ladder is None:
            self.step_caption.setText(
                QCoreApplication.translate("LadderEditor", "Intet trin valgt.")
            )
            for binding in self.step_bindings.values():
                binding.load(None, "")
            return
        live = ladder.live_steps()
        level = live.index(step) + 1
        self.step_caption.setText(step_label(level, len(live)))
        for field, binding in self.step_bindings.items():
            binding.load((ladder.id, step.id), getattr(step, field))

    def _back_to_view(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.staircase.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _edit_from_staircase(self, typed: str) -> None:
        edit = self.step_edits["text"]
        if not edit.isEnabled():
            return
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        cursor = edit.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        edit.setTextCursor(cursor)
        if typed:
            edit.insertPlainText(typed)
