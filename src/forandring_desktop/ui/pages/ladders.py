"""Step 4 of the guide: goal ladders with step, signs and action (trin-tegn-handling)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import Ladder, OrganisationDocument
from forandring_desktop.model.ladder import LADDER_INSTRUCTIONS
from forandring_desktop.ui.pages.base import Page
from forandring_desktop.ui.widgets import bullets, heading, text_label
from forandring_desktop.ui.workspace import Workspace

COLUMNS = 3  # TRIN PÅ MÅLTRAPPEN, TEGN, HANDLING


class LaddersPage(Page):
    shows = frozenset({"Ladder", "LadderStep"})

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self._ladders: list[Ladder] = []

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("4. Måltrapper")))
        layout.addWidget(
            text_label(
                self.tr(
                    "En måltrappe beskriver én forandring, trin for trin fra udgangspunktet "
                    "til målet. Hvert trin har tegn, der viser, at personen er nået dertil, og "
                    "en handling, der hjælper personen videre op."
                )
            )
        )
        layout.addWidget(text_label(bullets(LADDER_INSTRUCTIONS)))
        self.note = text_label(self.tr("Redigering af måltrapper kommer i næste version."))
        layout.addWidget(self.note)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        self.ladder_list = QListWidget(splitter)
        self.ladder_list.setAccessibleName(self.tr("Måltrapper"))
        self.ladder_list.setWordWrap(True)
        self.ladder_list.setMinimumWidth(150)
        self.ladder_list.setSpacing(3)
        self.ladder_list.currentRowChanged.connect(self._show_current)

        detail = QWidget(splitter)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(text_label(self.tr("FORANDRINGSMÅL"), bold=True))
        self.change_goal = text_label()
        self.change_goal.setAccessibleName(self.tr("Forandringsmål"))
        detail_layout.addWidget(self.change_goal)
        self.steps = QTableWidget(0, COLUMNS, detail)
        self.steps.setAccessibleName(self.tr("Trin, tegn og handling"))
        self.steps.setHorizontalHeaderLabels(
            [self.tr("TRIN PÅ MÅLTRAPPEN"), self.tr("TEGN"), self.tr("HANDLING")]
        )
        self.steps.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.steps.setWordWrap(True)
        self.steps.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Word-wrapped rows get their height once the columns have their final width.
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.steps.resizeRowsToContents)
        self.steps.horizontalHeader().sectionResized.connect(self._fit_timer.start)
        detail_layout.addWidget(self.steps, 1)
        splitter.addWidget(self.ladder_list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 700])
        layout.addWidget(splitter, 1)

    def refresh(self, doc: OrganisationDocument) -> None:
        current = self.current_ladder()
        self._ladders = [lad for lad in doc.ladders if not lad.is_deleted]
        self.ladder_list.blockSignals(True)
        self.ladder_list.clear()
        row_to_select = 0
        for row, ladder in enumerate(self._ladders):
            title = ladder.title or self.tr("Måltrappe {n}").format(n=row + 1)
            item = QListWidgetItem(f"{title}\n{ladder.change_goal}")
            item.setToolTip(ladder.change_goal)
            self.ladder_list.addItem(item)
            if current is not None and ladder.id == current.id:
                row_to_select = row
        self.ladder_list.setCurrentRow(row_to_select if self._ladders else -1)
        self.ladder_list.blockSignals(False)
        self._show_current(self.ladder_list.currentRow())

    def current_ladder(self) -> Ladder | None:
        row = self.ladder_list.currentRow()
        return self._ladders[row] if 0 <= row < len(self._ladders) else None

    def step_label(self, level: int, count: int) -> str:
        """The guide's name for a step: MÅLET on top, UDGANGSPUNKTET at the bottom."""
        if level == count:
            name = self.tr("MÅLET")
        elif level == 1:
            name = self.tr("UDGANGSPUNKTET")
        else:
            name = self.tr("DELMÅL")
        return f"{level} · {name}"

    def _show_current(self, row: int) -> None:
        ladder = self._ladders[row] if 0 <= row < len(self._ladders) else None
        self.steps.setRowCount(0)
        if ladder is None:
            self.change_goal.setText(self.tr("Der er endnu ingen måltrapper."))
            return
        self.change_goal.setText(ladder.change_goal)
        steps = ladder.live_steps()
        count = len(steps)
        self.steps.setRowCount(count)
        labels = []
        for row_index, (level, step) in enumerate(
            reversed(list(enumerate(steps, start=1)))  # top step first, as on the sheet
        ):
            labels.append(self.step_label(level, count))
            for column, text in enumerate((step.text, step.signs, step.action)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip(text)
                self.steps.setItem(row_index, column, item)
        self.steps.setVerticalHeaderLabels(labels)
        self.steps.resizeRowsToContents()
        self._fit_timer.start()
