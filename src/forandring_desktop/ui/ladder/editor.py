"""The editor of one goal ladder: title and FORANDRINGSMÅL, the staircase with the selected
step's fields beside it, the trin-tegn-handling table, the step actions, the guide's hints
and the retired steps.

Both views show the same Ladder; every edit is one undo command saved at once (see
:mod:`forandring_desktop.ui.ladder.commands`), after which the page shows the saved ladder
(from the change set) through :meth:`LadderEditor.show_ladder`. Its parts: the selected
step's fields (``inspector``), the guide's advice and the retired steps (``advice``), and
the step gestures (``step_gestures``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import Ladder, LadderStep
from forandring_desktop.model.base import SHORT_TEXT_MAX
from forandring_desktop.model.ladder_edit import LadderHint, ladder_hints
from forandring_desktop.services.ladders import rating_counts
from forandring_desktop.ui.binding import TextBinding
from forandring_desktop.ui.ladder.advice import LadderAdvice
from forandring_desktop.ui.ladder.commands import Target, text_reveal, text_saver
from forandring_desktop.ui.ladder.inspector import StepInspector
from forandring_desktop.ui.ladder.stair_zoom import StaircaseZoom
from forandring_desktop.ui.ladder.staircase import StaircaseView
from forandring_desktop.ui.ladder.step_gestures import LadderStepGestures, ask
from forandring_desktop.ui.ladder.table_model import (
    STEP_ID_ROLE,
    LadderTableModel,
    MultiLineDelegate,
)
from forandring_desktop.ui.widgets import ErrorLabel, PlainTextField, text_label
from forandring_desktop.ui.workspace import Workspace

__all__ = ["LadderEditor", "ask", "view_action"]


def view_action(
    widgets: list[QWidget], keys: list[QKeySequence], slot: Callable[[], None]
) -> list[QAction]:
    """A key that works while one of ``widgets`` itself has focus (not a field inside it)."""
    actions = []
    for widget in widgets:
        action = QAction(widget)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        widget.addAction(action)
        actions.append(action)
    return actions


class LadderEditor(LadderStepGestures, LadderAdvice, StepInspector, QWidget):
    """Everything about the ladder chosen in the library."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.ladder: Ladder | None = None
        self._current: uuid.UUID | None = None  # the selected live step
        self._hints: list[LadderHint] = []
        self._counts: dict[uuid.UUID, int] = {}
        self._counts_key: tuple[object, ...] | None = None
        self._syncing = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_fields())

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        top = QWidget(splitter)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget(top)
        self.tabs.setAccessibleName(self.tr("Måltrappe eller trin-tegn-handling"))
        self.tabs.addTab(self._build_staircase_tab(), self.tr("&Måltrappe"))
        self.tabs.addTab(self._build_table_tab(), self.tr("Trin-tegn-hand&ling"))
        self.tabs.currentChanged.connect(self._tab_changed)
        top_layout.addWidget(self.tabs, 1)
        top_layout.addLayout(self._build_step_buttons())
        splitter.addWidget(top)
        splitter.addWidget(self._build_bottom(splitter))
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 110])
        layout.addWidget(splitter, 1)

        self._build_actions()
        self.show_ladder(None)

    # --- Building -----------------------------------------------------------------------

    def _build_fields(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(SHORT_TEXT_MAX)
        self.title_edit.setAccessibleName(self.tr("Måltrappens titel"))
        self.title_edit.setPlaceholderText(self.tr("Et kort navn til biblioteket"))
        self.title_error = ErrorLabel(self)
        title_label = QLabel(self.tr("T&itel:"), self)
        title_label.setBuddy(self.title_edit)
        self.goal_edit = PlainTextField(self)
        self.goal_edit.setAccessibleName(self.tr("Forandringsmål"))
        self.goal_edit.setPlaceholderText(
            self.tr("Den ene forandring, måltrappen beskriver (målet på øverste trin)")
        )
        line = self.goal_edit.fontMetrics().lineSpacing()
        self.goal_edit.setFixedHeight(line * 2 + 14)
        self.goal_error = ErrorLabel(self)
        goal_label = QLabel(self.tr("F&ORANDRINGSMÅL:"), self)
        goal_label.setBuddy(self.goal_edit)
        grid.addWidget(title_label, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.title_edit, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(goal_label, 0, 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.goal_edit, 0, 3)
        grid.addWidget(self.title_error, 1, 1)
        grid.addWidget(self.goal_error, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 3)
        self.title_binding = self._bind(
            self.title_edit, "title", self.tr("ændring af måltrappens titel"), self.title_error
        )
        self.goal_binding = self._bind(
            self.goal_edit, "change_goal", self.tr("ændring af forandringsmål"), self.goal_error
        )
        return grid

    def _build_staircase_tab(self) -> QWidget:
        tab = QWidget(self)
        row = QHBoxLayout(tab)
        self.staircase = StaircaseView(tab)
        self.staircase.setAccessibleDescription(
            self.tr("Pil op og ned: trin. Ins: nyt trin. Del: slet trin. Alt+pil: flyt trin.")
        )
        self.staircase.current_changed.connect(self._staircase_moved)
        self.staircase.edit_requested.connect(self._edit_from_staircase)
        self.staircase_scroll = QScrollArea(tab)
        self.staircase_scroll.setAccessibleName(self.tr("Måltrappe-ark"))
        self.staircase_scroll.setWidgetResizable(True)
        self.staircase_scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.staircase_scroll.setWidget(self.staircase)
        self.staircase_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # A canvas that zooms: on a narrow screen it scrolls rather than shrink its text.
        self.staircase_scroll.setProperty("zoomable_canvas", True)
        self.staircase_zoom = StaircaseZoom(self.staircase)
        stairs = QVBoxLayout()
        stairs.addLayout(self.staircase_zoom.bar(tab))
        stairs.addWidget(self.staircase_scroll, 1)
        row.addLayout(stairs, 3)
        row.addWidget(self._build_inspector(tab), 1)
        return tab

    def _bind(
        self,
        edit: QLineEdit | PlainTextField,
        field: str,
        undo_text: str,
        error: ErrorLabel,
        *,
        step: bool = False,
    ) -> TextBinding[Target]:
        kind = f"ladder.step.{field}" if step else f"ladder.{field}"
        return TextBinding(
            edit,
            workspace=self.workspace,
            kind=kind,
            undo_text=undo_text,
            save=text_saver(field),
            error=error,
            reveal=text_reveal(kind),
        )

    def _build_table_tab(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        self.model = LadderTableModel(self)
        self.model.edit_requested.connect(self.edit_cell)
        self.table = QTableView(tab)
        self.table.setAccessibleName(self.tr("Trin, tegn og handling"))
        self.table.setAccessibleDescription(
            self.tr(
                "Skriv eller F2: rediger cellen, Enter gemmer, Skift+Enter ny linje. "
                "Ins: nyt trin. Del: slet trin. Alt+pil: flyt trin."
            )
        )
        self.table.setModel(self.model)
        self.table.setItemDelegate(MultiLineDelegate(self.table))
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        selection = self.table.selectionModel()
        selection.currentChanged.connect(self._table_moved)
        # Word-wrapped rows get their height once the columns have their final width.
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.table.resizeRowsToContents)
        self.table.horizontalHeader().sectionResized.connect(self._fit_timer.start)
        for signal in (
            self.model.rowsInserted,
            self.model.rowsRemoved,
            self.model.rowsMoved,
            self.model.modelReset,
            self.model.dataChanged,
        ):
            signal.connect(self._fit_timer.start)
        layout.addWidget(
            text_label(
                self.tr(
                    "Trin-tegn-handling: forbind hvert trin på måltrappen med den indsats, der "
                    "skal sættes ind med for at komme videre op."
                )
            )
        )
        layout.addWidget(self.table, 1)
        return tab

    def _step_button(self, text: str, keys: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", ""))
        if keys:
            button.setToolTip(
                self.tr("{what} ({keys})").format(what=text.replace("&", ""), keys=keys)
            )
        button.clicked.connect(slot)
        return button

    def _build_step_buttons(self) -> QGridLayout:
        grid = QGridLayout()
        self.add_button = self._step_button(self.tr("Tilføj trin over"), "Ins", self.add_above)
        self.insert_button = self._step_button(
            self.tr("Indsæt trin under"), "Shift+Ins", self.insert_below
        )
        self.delete_button = self._step_button(self.tr("Slet trin"), "Del", self.delete_step)
        self.up_button = self._step_button(self.tr("Flyt op"), "Alt+↑", self.move_up)
        self.down_button = self._step_button(self.tr("Flyt ned"), "Alt+↓", self.move_down)
        self.merge_button = self._step_button(
            self.tr("Slå sammen med trinnet over"), "Ctrl+M", self.merge_with_above
        )
        rows = (
            (self.add_button, self.insert_button, self.delete_button),
            (self.up_button, self.down_button, self.merge_button),
        )
        for row, buttons in enumerate(rows):
            for column, button in enumerate(buttons):
                grid.addWidget(button, row, column)
        grid.setColumnStretch(3, 1)
        return grid

    def _build_actions(self) -> None:
        views: list[QWidget] = [self.staircase, self.table]
        shift_ins = QKeySequence(Qt.KeyboardModifier.ShiftModifier | Qt.Key.Key_Insert)
        alt_up = QKeySequence(Qt.KeyboardModifier.AltModifier | Qt.Key.Key_Up)
        alt_down = QKeySequence(Qt.KeyboardModifier.AltModifier | Qt.Key.Key_Down)
        view_action(views, [QKeySequence(Qt.Key.Key_Insert)], self.add_above)
        view_action(views, [shift_ins], self.insert_below)
        view_action(views, [QKeySequence(Qt.Key.Key_Delete)], self.delete_step)
        view_action(views, [alt_up], self.move_up)
        view_action(views, [alt_down], self.move_down)
        view_action(views, [QKeySequence("Ctrl+M")], self.merge_with_above)

    # --- Showing ------------------------------------------------------------------------

    def show_ladder(self, ladder: Ladder | None) -> None:
        """Show ``ladder`` (the same one again after a save, or another one)."""
        same = ladder is not None and self.ladder is not None and ladder.id == self.ladder.id
        old_live = [s.id for s in self.ladder.live_steps()] if self.ladder is not None else []
        self.ladder = ladder
        enabled = ladder is not None
        for widget in (self.title_edit, self.goal_edit, self.tabs):
            widget.setEnabled(enabled)
        ladder_target: Target | None = (ladder.id, None) if ladder is not None else None
        self.title_binding.load(ladder_target, ladder.title if ladder is not None else "")
        self.goal_binding.load(ladder_target, ladder.change_goal if ladder is not None else "")

        live = ladder.live_steps() if ladder is not None else []
        live_ids = [s.id for s in live]
        if not same or self._current not in live_ids:
            if same and self._current in old_live and live_ids:
                # The selected step left the ladder: select the one that took its place.
                position = old_live.index(self._current)
                self._current = live_ids[min(position, len(live_ids) - 1)]
            else:
                self._current = live_ids[0] if live_ids else None
        self._hints = ladder_hints(ladder) if ladder is not None else []
        hinted = {step_id for hint in self._hints for step_id in hint.step_ids}
        self._syncing = True
        try:
            self.model.set_ladder(ladder)
            self.staircase.set_ladder(ladder, hinted)
        finally:
            self._syncing = False
        self._load_counts()
        self._show_hints()
        self._show_retired()
        self._sync_selection()

    def _load_counts(self) -> None:
        ladder = self.ladder
        if ladder is None:
            self._counts = {}
            self._counts_key = None
            return
        key = (self.workspace.store, ladder.id, tuple(s.id for s in ladder.steps))
        if key != self._counts_key:
            self._counts = rating_counts(self.workspace.store, ladder.id)
            self._counts_key = key

    def reload_counts(self) -> None:
        """Ratings may have been added elsewhere (a follow-up): ask the file again."""
        self._counts_key = None
        if self.ladder is not None:
            self._load_counts()
            self._show_retired()

    # --- Selection: one current step for both views ---------------------------------------

    def current_step(self) -> LadderStep | None:
        if self.ladder is None:
            return None
        return next((s for s in self.ladder.live_steps() if s.id == self._current), None)

    def current_index(self) -> int | None:
        """The current step's place among the live steps (0 = UDGANGSPUNKTET)."""
        if self.ladder is None:
            return None
        ids = [s.id for s in self.ladder.live_steps()]
        return ids.index(self._current) if self._current in ids else None

    def select_step(self, step_id: uuid.UUID | None) -> None:
        if self.ladder is None or step_id not in {s.id for s in self.ladder.live_steps()}:
            return
        self._current = step_id
        self._sync_selection()

    def _sync_selection(self) -> None:
        self._syncing = True
        try:
            self.staircase.set_current(self._current)
            row = self.model.row_of(self._current)
            selection = self.table.selectionModel()
            if row >= 0:
                current = self.table.currentIndex()
                column = current.column() if current.isValid() else 0
                if current.row() != row:
                    selection.setCurrentIndex(
                        self.model.index(row, column),
                        QItemSelectionModel.SelectionFlag.ClearAndSelect,
                    )
            else:
                selection.clearCurrentIndex()
                selection.clearSelection()
        finally:
            self._syncing = False
        self._show_inspector()
        self._reveal_current()
        self._update_actions()

    def _reveal_current(self) -> None:
        if self._current is None:
            return
        rect = self.staircase.step_rect(self._current)
        if rect is not None:
            center = rect.center()
            self.staircase_scroll.ensureVisible(
                int(center.x()), int(center.y()), int(rect.width() / 2), int(rect.height() / 2)
            )

    def _staircase_moved(self, step_id: object) -> None:
        if not self._syncing and isinstance(step_id, uuid.UUID):
            self.select_step(step_id)

    def _table_moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        step_id = current.data(STEP_ID_ROLE)
        if isinstance(step_id, uuid.UUID) and step_id != self._current:
            self.select_step(step_id)

    def _tab_changed(self, _index: int) -> None:
        self._sync_selection()

    def focus_view(self) -> None:
        """Focus the view on the current tab (the staircase or the table)."""
        view: QWidget = self.staircase if self.tabs.currentIndex() == 0 else self.table
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_actions(self) -> None:
        index = self.current_index()
        count = len(self.ladder.live_steps()) if self.ladder is not None else 0
        has_ladder = self.ladder is not None
        self.add_button.setEnabled(has_ladder)
        self.insert_button.setEnabled(has_ladder)
        self.delete_button.setEnabled(index is not None)
        self.up_button.setEnabled(index is not None and index < count - 1)
        self.down_button.setEnabled(index is not None and index > 0)
        self.merge_button.setEnabled(index is not None and index < count - 1)
        hint = self.current_hint()
        self.hint_merge_button.setEnabled(
            hint is not None and hint.suggest_merge and len(hint.step_ids) == 2
        )
