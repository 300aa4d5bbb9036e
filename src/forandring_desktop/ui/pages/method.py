"""Seed 001, B: "Metodebeskrivelse - den gode borgerrejse", one per target group.

The page follows the seed's order of filling in, each part with its instruction: 1. the
phases I-III of "Arbejdsgang for indsatsen" (hvad vi gør / hvad vi ønsker at udvikle), 2.
"Roller og ansvar" (a table: Ins adds an actor, Del removes one), 3. "Kernen i indsatsen"
(the principles, a list). Every gesture is one step on the window's undo stack, saved at
once.
"""

from __future__ import annotations

import uuid
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
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import (
    ForandringError,
    MethodDescription,
    OrganisationDocument,
    Role,
    TargetGroup,
)
from forandring_desktop.model.method import (
    CORE_HEADING,
    DEVELOPING_LABEL,
    DOING_LABEL,
    METHOD_HEADING,
    METHOD_INTRO,
    METHOD_TIP,
    PHASE_NAMES,
    ROLES_HEADING,
    STEP_CORE,
    STEP_PHASES,
    STEP_ROLES,
    WORKFLOW_HEADING,
)
from forandring_desktop.reports import SHEETS
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.services.method import (
    add_method_description,
    delete_method_description,
    restore_method_description,
    set_phase_text,
    update_method_description,
)
from forandring_desktop.services.printing import Choice
from forandring_desktop.storage import Store
from forandring_desktop.ui.binding import TextBinding
from forandring_desktop.ui.dialogs import short_error_text
from forandring_desktop.ui.item_list_editor import ItemListEditor
from forandring_desktop.ui.operations import push_op
from forandring_desktop.ui.pages.base import Page, scrolling
from forandring_desktop.ui.pages.report_jobs import filled_job
from forandring_desktop.ui.plan.role_model import RoleDelegate, RoleTableModel
from forandring_desktop.ui.plan.words import guide
from forandring_desktop.ui.printing import PrintJob
from forandring_desktop.ui.sheet_helpers import list_action
from forandring_desktop.ui.widgets import ErrorLabel, PlainTextField, heading, text_label
from forandring_desktop.ui.workspace import Reveal, Workspace

PhaseTarget = tuple[uuid.UUID, int]


def _phase_saver(field: str) -> Any:
    def save(store: Store, target: PhaseTarget, value: str) -> ChangeSet:
        method_id, index = target
        return set_phase_text(store, method_id, index, field, value)  # type: ignore[arg-type]

    return save


class MethodPage(Page):
    shows = frozenset({MethodDescription, TargetGroup})
    help_anchor = "method"
    prints = True

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self._doc: OrganisationDocument | None = None
        self.method: MethodDescription | None = None
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.addWidget(heading(guide(METHOD_HEADING)))
        layout.addWidget(text_label(guide(METHOD_INTRO)))

        choose = QHBoxLayout()
        form = QFormLayout()
        self.group_combo = QComboBox(content)
        self.group_combo.setAccessibleName(self.tr("Metodebeskrivelse for målgruppen"))
        self.group_combo.setMinimumContentsLength(24)
        self.group_combo.currentIndexChanged.connect(lambda _i: self._show())
        form.addRow(self.tr("&Målgruppe:"), self.group_combo)
        choose.addLayout(form)
        self.new_button = QPushButton(self.tr("&Ny metodebeskrivelse"), content)
        self.new_button.setAccessibleName(self.tr("Ny metodebeskrivelse for målgruppen"))
        self.new_button.clicked.connect(self.add_method)
        choose.addWidget(self.new_button)
        self.delete_button = QPushButton(self.tr("Slet metodebeskrivelsen"), content)
        self.delete_button.setAccessibleName(self.tr("Slet metodebeskrivelsen for målgruppen"))
        self.delete_button.clicked.connect(self.delete_method)
        choose.addWidget(self.delete_button)
        choose.addStretch(1)
        layout.addLayout(choose)
        self.empty_label = text_label(
            self.tr("Der er endnu ingen metodebeskrivelse for denne målgruppe.")
            + " "
            + guide(METHOD_TIP)
        )
        layout.addWidget(self.empty_label)

        self.body = QWidget(content)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self._build_phases())
        body.addWidget(self._build_roles())
        body.addWidget(self._build_core())
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.page_scroll = scrolling(self, content)
        self.page_scroll.setAccessibleName(self.tr("Metodebeskrivelse"))
        workspace.add_failure_handler(self._failed, owner=self)

    # --- Building -----------------------------------------------------------------------

    def _build_phases(self) -> QGroupBox:
        box = QGroupBox("1. " + guide(WORKFLOW_HEADING), self)
        box.setAccessibleName(guide(WORKFLOW_HEADING))
        layout = QVBoxLayout(box)
        layout.addWidget(text_label(guide(STEP_PHASES)))
        row = QHBoxLayout()
        self.phase_bindings: dict[tuple[int, str], TextBinding[PhaseTarget]] = {}
        for index, name in enumerate(PHASE_NAMES):
            column = QVBoxLayout()
            column.addWidget(text_label(guide(name), bold=True))
            for field, label in (("doing", DOING_LABEL), ("developing", DEVELOPING_LABEL)):
                column.addWidget(text_label(guide(label)))
                edit = PlainTextField(box)
                edit.setAccessibleName(f"{guide(name)}: {guide(label)}")
                edit.setMinimumHeight(70)
                edit.setMaximumHeight(140)
                column.addWidget(edit)
                error = ErrorLabel(box)
                column.addWidget(error)
                self.phase_bindings[(index, field)] = TextBinding(
                    edit,
                    workspace=self.workspace,
                    kind=f"method.phase{index}.{field}",
                    undo_text=self.tr("ændring af arbejdsgangen"),
                    save=_phase_saver(field),
                    error=error,
                    reveal=lambda target: Reveal(MethodDescription, target[0]),
                )
            row.addLayout(column, 1)
        layout.addLayout(row)
        return box

    def _build_roles(self) -> QGroupBox:
        box = QGroupBox("2. " + guide(ROLES_HEADING), self)
        box.setAccessibleName(guide(ROLES_HEADING))
        layout = QVBoxLayout(box)
        layout.addWidget(text_label(guide(STEP_ROLES)))
        self.role_model = RoleTableModel(box)
        self.role_model.roles_edited.connect(self.save_roles)
        self.roles_table = QTableView(box)
        self.roles_table.setObjectName("method_roles")
        self.roles_table.setAccessibleName(guide(ROLES_HEADING))
        self.roles_table.setAccessibleDescription(
            self.tr("Ins: ny aktør. F2 eller skriv: ret feltet. Del: fjern rækken.")
        )
        self.roles_table.setModel(self.role_model)
        self.roles_table.setItemDelegate(RoleDelegate(self.roles_table))
        self.roles_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.roles_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.roles_table.setTabKeyNavigation(False)
        self.roles_table.verticalHeader().setVisible(False)
        header = self.roles_table.horizontalHeader()
        header.setSectionResizeMode(RoleTableModel.RESPONSIBILITY, QHeaderView.ResizeMode.Stretch)
        self.roles_table.setColumnWidth(RoleTableModel.ACTOR, 180)
        self.roles_table.setColumnWidth(RoleTableModel.EXTERNAL, 140)
        self.roles_table.setColumnWidth(RoleTableModel.WHEN, 160)
        self.roles_table.setMinimumHeight(140)
        layout.addWidget(self.roles_table)
        buttons = QHBoxLayout()
        self.add_role_button = QPushButton(self.tr("Ny aktør"), box)
        self.add_role_button.setToolTip(self.tr("En ny række i Roller og ansvar (Ins)"))
        self.add_role_button.setAccessibleName(self.tr("Ny aktør i Roller og ansvar"))
        self.add_role_button.clicked.connect(self.add_role)
        buttons.addWidget(self.add_role_button)
        self.remove_role_button = QPushButton(self.tr("Fjern aktør"), box)
        self.remove_role_button.setToolTip(self.tr("Fjern den valgte række (Del)"))
        self.remove_role_button.setAccessibleName(self.tr("Fjern den valgte aktør"))
        self.remove_role_button.clicked.connect(self.remove_role)
        buttons.addWidget(self.remove_role_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.role_error = ErrorLabel(box)
        layout.addWidget(self.role_error)
        list_action(self.roles_table, [QKeySequence(Qt.Key.Key_Insert)], self.add_role)
        list_action(self.roles_table, [QKeySequence(Qt.Key.Key_Delete)], self.remove_role)
        return box

    def _build_core(self) -> QGroupBox:
        box = QGroupBox("3. " + guide(CORE_HEADING), self)
        box.setAccessibleName(guide(CORE_HEADING))
        layout = QVBoxLayout(box)
        self.core = ItemListEditor(
            self.tr("Ufravigelige &principper"),
            guide(STEP_CORE),
            guide(CORE_HEADING),
            self.save_core,
            box,
        )
        self.core.list.setMinimumHeight(110)
        layout.addWidget(self.core)
        return box

    # --- Showing ------------------------------------------------------------------------

    def chosen_group(self) -> uuid.UUID | None:
        value = self.group_combo.currentData()
        return uuid.UUID(value) if value else None

    def refresh(self, doc: OrganisationDocument) -> None:
        self._doc = doc
        chosen = self.group_combo.currentData()
        self.group_combo.blockSignals(True)
        try:
            self.group_combo.clear()
            for group in doc.target_groups:
                if not group.is_deleted:
                    self.group_combo.addItem(group.name, str(group.id))
            self.group_combo.addItem(self.tr("(uden målgruppe)"), "")
            found = self.group_combo.findData(chosen) if chosen is not None else 0
            self.group_combo.setCurrentIndex(max(found, 0))
        finally:
            self.group_combo.blockSignals(False)
        self._show()

    def _show(self) -> None:
        doc = self._doc
        if doc is None:
            return
        group = self.chosen_group()
        self.method = next(
            (m for m in doc.method_descriptions if not m.is_deleted and m.target_group_id == group),
            None,
        )
        method = self.method
        self.body.setVisible(method is not None)
        self.empty_label.setVisible(method is None)
        self.new_button.setEnabled(method is None)
        self.delete_button.setEnabled(method is not None)
        if method is None:
            return
        for (index, field), binding in self.phase_bindings.items():
            binding.load((method.id, index), getattr(method.phases[index], field))
        self.role_model.set_roles(method.roles)
        self.core.set_items(method.core)

    def reveal(self, where: Reveal) -> bool:
        if where.type is not MethodDescription or self._doc is None:
            return False
        method = next((m for m in self._doc.method_descriptions if m.id == where.id), None)
        if method is None:
            return False
        found = self.group_combo.findData(str(method.target_group_id or ""))
        if found >= 0 and found != self.group_combo.currentIndex():
            self.group_combo.setCurrentIndex(found)
        return True

    def sheet_job(self) -> PrintJob | None:
        """The method description shown (None: the chosen target group has none yet)."""
        if self.method is None:
            return None
        name = self.group_combo.currentText()
        return filled_job(
            self.workspace.store, SHEETS["metodebeskrivelse"], Choice(self.method.id, name)
        )

    # --- Gestures -----------------------------------------------------------------------

    def add_method(self) -> None:
        """A new, empty method description for the chosen target group."""
        if self.method is not None:
            return
        method = MethodDescription(target_group_id=self.chosen_group())
        if push_op(
            self.workspace,
            self.tr("ny metodebeskrivelse"),
            do=lambda store: add_method_description(store, method),
            again=lambda store: restore_method_description(store, method.id),
            undo=lambda store: delete_method_description(store, method.id),
            reveal=Reveal(MethodDescription, method.id),
        ):
            self.phase_bindings[(0, "doing")].widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_method(self) -> None:
        method = self.method
        if method is None:
            return
        push_op(
            self.workspace,
            self.tr("sletning af metodebeskrivelse"),
            do=lambda store: delete_method_description(store, method.id),
            undo=lambda store: restore_method_description(store, method.id),
            reveal_undo=Reveal(MethodDescription, method.id),
        )

    def _save(self, text: str, field: str, old: Any, new: Any) -> bool:
        method = self.method
        if method is None:
            return False
        target = method.id
        return push_op(
            self.workspace,
            text,
            do=lambda store: update_method_description(store, target, **{field: new}),
            undo=lambda store: update_method_description(store, target, **{field: old}),
            reveal=Reveal(MethodDescription, target),
            source=("method", field, target),
        )

    def save_roles(self, roles: list[Role]) -> None:
        method = self.method
        if method is None:
            return
        self.role_error.clear_message()
        if not self._save(self.tr("ændring af roller og ansvar"), "roles", method.roles, roles):
            self.role_model.set_roles(method.roles)

    def add_role(self) -> None:
        method = self.method
        if method is None:
            return
        roles = [*method.roles, Role()]
        if self._save(self.tr("ny aktør"), "roles", method.roles, roles):
            index = self.role_model.index(len(roles) - 1, RoleTableModel.ACTOR)
            self.roles_table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.roles_table.setCurrentIndex(index)
            self.roles_table.edit(index)

    def remove_role(self) -> None:
        method = self.method
        row = self.roles_table.currentIndex().row()
        if method is None or not 0 <= row < len(method.roles):
            return
        roles = method.roles[:row] + method.roles[row + 1 :]
        self._save(self.tr("fjernelse af aktør"), "roles", method.roles, roles)

    def save_core(self, items: list[str]) -> bool:
        method = self.method
        if method is None:
            return False
        if items == method.core:
            return True
        return self._save(self.tr("ændring af kernen i indsatsen"), "core", method.core, items)

    def _failed(self, exc: Exception, source: object) -> bool:
        method_source = isinstance(source, tuple) and source[:1] == ("method",)
        if not method_source or not isinstance(exc, ForandringError):
            return False
        assert isinstance(source, tuple)
        message = short_error_text(exc)
        if source[1] == "roles":
            self.role_error.show_message(message)
        else:
            self.core.error.show_message(message)
        return True
