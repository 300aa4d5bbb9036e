"""Seed 001, C: "Handleplanen - Sådan gør vi det hele i praksis", and its follow-up.

The plan of the whole organisation or of one target group (the combo at the top), as four
tables: the seed's four questions of what the effort asks of the organisation. Each row
is an action: hvad, hvem, hvornår (dd.MM.yyyy), status, and the ladder it serves. Keys in
a table: Ins (a new action, typing its "hvad" at once), F2 or typing (edit the cell), Del
(delete it). "Opfølgning" lists the plan's actions with the overdue ones first. Every
gesture is one step on the window's undo stack, saved at once.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import (
    ActionArea,
    Ladder,
    OrganisationDocument,
    PlanAction,
    TargetGroup,
)
from forandring_desktop.model.action_plan import (
    FOLLOW_UP_HEADING,
    FOLLOW_UP_TEXT,
    PLAN_INTRO,
    PLAN_QUESTIONS,
    follow_up_order,
)
from forandring_desktop.reports import SHEETS
from forandring_desktop.services.action_plan import (
    add_plan_action,
    delete_plan_action,
    restore_plan_action,
    update_plan_action,
)
from forandring_desktop.ui.operations import push_op
from forandring_desktop.ui.pages.base import Page, scrolling
from forandring_desktop.ui.pages.report_jobs import filled_job
from forandring_desktop.ui.plan.action_model import (
    ActionDelegate,
    ActionTableModel,
    FollowUpModel,
)
from forandring_desktop.ui.plan.words import area_title, area_word, guide
from forandring_desktop.ui.printing import PrintJob
from forandring_desktop.ui.sheet_helpers import list_action
from forandring_desktop.ui.widgets import bullets, heading, text_label
from forandring_desktop.ui.workspace import Reveal, Workspace


def ladder_name(ladder: Ladder) -> str:
    return ladder.title or ladder.change_goal.splitlines()[0][:80]


class ActionGroup(QGroupBox):
    """One of the four questions: its actions as a table, with Ins/Del and two buttons."""

    def __init__(self, page: ActionPlanPage, area: ActionArea) -> None:
        super().__init__(area_title(area), page)
        self.area = area
        self.setAccessibleName(area_title(area))
        layout = QVBoxLayout(self)
        self.model = ActionTableModel(self)
        self.model.edit_requested.connect(page.edit_action)
        self.table = QTableView(self)
        self.table.setObjectName(f"actions_{area.value}")
        self.table.setAccessibleName(self.tr("Handlinger: {area}").format(area=area_word(area)))
        self.table.setAccessibleDescription(
            self.tr("Ins: ny handling. F2 eller skriv: ret feltet. Del: slet handlingen.")
        )
        self.table.setModel(self.model)
        self.table.setItemDelegate(ActionDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ActionTableModel.WHAT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 130), (2, 100), (3, 100), (4, 170)):
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(110)
        # A long "hvad" wraps: rows follow the column's width as it changes.
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        layout.addWidget(self.table)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Ny handling"), self)
        self.add_button.setAccessibleName(
            self.tr("Ny handling: {area}").format(area=area_word(area))
        )
        self.add_button.setToolTip(self.tr("En ny handling under dette spørgsmål (Ins)"))
        self.add_button.clicked.connect(lambda: page.add_action(area))
        buttons.addWidget(self.add_button)
        self.delete_button = QPushButton(self.tr("Slet handling"), self)
        self.delete_button.setAccessibleName(
            self.tr("Slet den valgte handling: {area}").format(area=area_word(area))
        )
        self.delete_button.setToolTip(self.tr("Slet den valgte handling (Del)"))
        self.delete_button.clicked.connect(self.delete_current)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._page = page
        list_action(self.table, [QKeySequence(Qt.Key.Key_Insert)], lambda: page.add_action(area))
        list_action(self.table, [QKeySequence(Qt.Key.Key_Delete)], self.delete_current)

    def current_action(self) -> PlanAction | None:
        index = self.table.currentIndex()
        return self.model.action_at(index.row()) if index.isValid() else None

    def delete_current(self) -> None:
        action = self.current_action()
        if action is not None:
            self._page.delete_action(action)

    def edit_what(self, action_id: uuid.UUID) -> None:
        row = self.model.row_of(action_id)
        if row < 0:
            return
        index = self.model.index(row, ActionTableModel.WHAT)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.setCurrentIndex(index)
        self.table.edit(index)


class ActionPlanPage(Page):
    shows = frozenset({PlanAction, TargetGroup, Ladder})
    help_anchor = "plan"
    prints = True

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.today: Callable[[], datetime.date] = datetime.date.today
        self._doc: OrganisationDocument | None = None
        self._actions: list[PlanAction] = []
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        title = QVBoxLayout()
        title.addWidget(heading(self.tr("Handleplan")))
        form = QFormLayout()
        self.scope = QComboBox(self)
        self.scope.setAccessibleName(self.tr("Handleplan for"))
        self.scope.setMinimumContentsLength(24)
        self.scope.currentIndexChanged.connect(lambda _i: self._show())
        form.addRow(self.tr("Handleplan &for:"), self.scope)
        title.addLayout(form)
        title.addStretch(1)
        top.addLayout(title, 2)
        intro = text_label(
            guide(PLAN_INTRO)
            + "\n"
            + guide(PLAN_QUESTIONS)
            + "\n"
            + bullets(area_word(a) for a in ActionArea)
        )
        intro.setAccessibleName(self.tr("Vejledning til handleplanen"))
        top.addWidget(intro, 3)
        outer.addLayout(top)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Handleplan og opfølgning"))
        # The four questions one under the other, each table the page's full width (the
        # "hvad" of an action is a sentence); the tab scrolls down when they are long.
        plan_tab = QWidget(self.tabs)
        plan = QWidget(plan_tab)
        grid = QVBoxLayout(plan)
        grid.setContentsMargins(0, 0, 0, 0)
        self.groups: dict[ActionArea, ActionGroup] = {}
        for area in ActionArea:
            group = ActionGroup(self, area)
            self.groups[area] = group
            grid.addWidget(group)
        grid.addStretch(1)
        self.plan_scroll = scrolling(plan_tab, plan)
        self.plan_scroll.setAccessibleName(self.tr("Handleplanens fire spørgsmål"))
        self.tabs.addTab(plan_tab, self.tr("&Handleplan"))

        follow = QWidget(self.tabs)
        follow_layout = QVBoxLayout(follow)
        follow_layout.addWidget(text_label(guide(FOLLOW_UP_HEADING), bold=True))
        follow_layout.addWidget(
            text_label(
                guide(FOLLOW_UP_TEXT)
                + " "
                + self.tr("Handlinger, hvis dato er passeret, og som ikke er færdige, står øverst.")
            )
        )
        self.follow_model = FollowUpModel(lambda: self.today(), self)
        self.follow_table = QTableView(follow)
        self.follow_table.setObjectName("follow_up_actions")
        self.follow_table.setAccessibleName(self.tr("Opfølgning på handleplanen"))
        self.follow_table.setModel(self.follow_model)
        self.follow_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.follow_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.follow_table.verticalHeader().setVisible(False)
        follow_header = self.follow_table.horizontalHeader()
        follow_header.setSectionResizeMode(FollowUpModel.WHAT, QHeaderView.ResizeMode.Stretch)
        self.follow_table.doubleClicked.connect(self._open_from_follow_up)
        follow_layout.addWidget(self.follow_table, 1)
        self.tabs.addTab(follow, self.tr("&Opfølgning"))
        self.tabs.currentChanged.connect(lambda _i: self._show_follow_up())
        outer.addWidget(self.tabs, 1)

    # --- Showing ------------------------------------------------------------------------

    def scope_group(self) -> uuid.UUID | None:
        value = self.scope.currentData()
        return uuid.UUID(value) if value else None

    def refresh(self, doc: OrganisationDocument) -> None:
        self._doc = doc
        chosen = self.scope.currentData()
        self.scope.blockSignals(True)
        try:
            self.scope.clear()
            self.scope.addItem(self.tr("Hele organisationen"), "")
            for group in doc.target_groups:
                if not group.is_deleted:
                    self.scope.addItem(group.name, str(group.id))
            self.scope.setCurrentIndex(max(self.scope.findData(chosen or ""), 0))
        finally:
            self.scope.blockSignals(False)
        self._show()

    def _show(self) -> None:
        doc = self._doc
        if doc is None:
            return
        scope = self.scope_group()
        self._actions = [
            a for a in doc.plan_actions if not a.is_deleted and a.target_group_id == scope
        ]
        ladders = {lad.id: ladder_name(lad) for lad in doc.ladders if not lad.is_deleted}
        for area, group in self.groups.items():
            group.model.set_actions([a for a in self._actions if a.area == area], ladders)
            group.table.resizeRowsToContents()  # a long "hvad" wraps onto more lines
        self._show_follow_up()

    def _show_follow_up(self) -> None:
        self.follow_model.set_actions(follow_up_order(self._actions, self.today()))

    def reveal(self, where: Reveal) -> bool:
        if where.type is not PlanAction:
            return False
        action = next((a for a in self._actions if a.id == where.id), None)
        if action is None:
            return False
        group = self.groups[action.area]
        self.tabs.setCurrentIndex(0)
        row = group.model.row_of(action.id)
        column = ActionTableModel.FIELDS.index(where.field) if where.field else 0
        group.table.setCurrentIndex(group.model.index(row, column))
        self.plan_scroll.ensureWidgetVisible(group)
        return True

    def _open_from_follow_up(self) -> None:
        action = self.follow_model.action_at(self.follow_table.currentIndex().row())
        if action is not None:
            self.reveal(Reveal(PlanAction, action.id))
            self.groups[action.area].table.setFocus(Qt.FocusReason.OtherFocusReason)

    def sheet_job(self) -> PrintJob | None:
        """The whole action plan: the organisation's and each target group's."""
        return filled_job(self.workspace.store, SHEETS["handleplan"], None)

    # --- Gestures -----------------------------------------------------------------------

    def add_action(self, area: ActionArea) -> None:
        """A new, empty action under ``area`` (undo deletes it again); its "hvad" is
        opened for typing at once."""
        action = PlanAction(area=area, target_group_id=self.scope_group())
        if push_op(
            self.workspace,
            self.tr("ny handling"),
            do=lambda store: add_plan_action(store, action),
            again=lambda store: restore_plan_action(store, action.id),
            undo=lambda store: delete_plan_action(store, action.id),
            reveal=Reveal(PlanAction, action.id),
        ):
            self.groups[area].edit_what(action.id)

    def delete_action(self, action: PlanAction) -> None:
        push_op(
            self.workspace,
            self.tr("sletning af handling"),
            do=lambda store: delete_plan_action(store, action.id),
            undo=lambda store: restore_plan_action(store, action.id),
            reveal_undo=Reveal(PlanAction, action.id),
        )

    def _undo_text(self, field: str) -> str:
        texts = {
            "what": self.tr("ændring af hvad der skal gøres"),
            "who": self.tr("ændring af hvem der gør det"),
            "due": self.tr("ændring af hvornår"),
            "status": self.tr("ændring af status"),
            "target": self.tr("ændring af måltrappen handlingen tjener"),
        }
        return texts[field]

    def edit_action(self, action_id: uuid.UUID, field: str, value: Any) -> None:
        action = next((a for a in self._actions if a.id == action_id), None)
        if action is None:
            return
        old = getattr(action, field)
        if not push_op(
            self.workspace,
            self._undo_text(field),
            do=lambda store: update_plan_action(store, action_id, **{field: value}),
            undo=lambda store: update_plan_action(store, action_id, **{field: old}),
            reveal=Reveal(PlanAction, action_id, field=field),
        ):
            self._show()  # the table shows what is stored
