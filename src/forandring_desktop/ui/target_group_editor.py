"""The target-group editor beside the persona sheet: the group's name and description, and
which personas belong to it (ticked in a list). Typing merges into one undo step per field;
a persona ticked or unticked is one step.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QGroupBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import ForandringError, Persona, TargetGroup
from forandring_desktop.model.base import SHORT_TEXT_MAX
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.services.personas import update_target_group
from forandring_desktop.storage import Store
from forandring_desktop.ui.binding import TextBinding
from forandring_desktop.ui.dialogs import short_error_text
from forandring_desktop.ui.operations import push_op
from forandring_desktop.ui.sheet_helpers import ID_ROLE, field_reveal
from forandring_desktop.ui.widgets import ErrorLabel, PlainTextField, text_label
from forandring_desktop.ui.workspace import Reveal, Workspace


def _group_saver(field: str) -> Callable[[Store, uuid.UUID, object], ChangeSet]:
    def save(store: Store, group_id: uuid.UUID, value: object) -> ChangeSet:
        return update_target_group(store, group_id, **{field: value})

    return save


class TargetGroupEditor(QGroupBox):
    """Name, description and members of the selected target group."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(self.tr("MÅLGRUPPE"), parent)
        self.setAccessibleName(self.tr("Målgruppe"))
        self.workspace = workspace
        self.group: TargetGroup | None = None
        self._personas: list[Persona] = []
        self._showing = False
        layout = QVBoxLayout(self)

        layout.addWidget(text_label(self.tr("Målgruppens navn"), bold=True, selectable=False))
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(SHORT_TEXT_MAX)
        self.name_edit.setAccessibleName(self.tr("Målgruppens navn"))
        layout.addWidget(self.name_edit)
        self.name_error = ErrorLabel(self)
        layout.addWidget(self.name_error)

        layout.addWidget(text_label(self.tr("Beskrivelse"), bold=True, selectable=False))
        self.description_edit = PlainTextField(self)
        self.description_edit.setAccessibleName(self.tr("Beskrivelse af målgruppen"))
        self.description_edit.setPlaceholderText(self.tr("Hvem er i målgruppen – og hvem er ikke?"))
        self.description_edit.setMinimumHeight(60)
        self.description_edit.setMaximumHeight(120)
        layout.addWidget(self.description_edit)
        self.description_error = ErrorLabel(self)
        layout.addWidget(self.description_error)

        layout.addWidget(text_label(self.tr("Personaer i målgruppen"), bold=True, selectable=False))
        layout.addWidget(
            text_label(self.tr("Sæt flueben ved de personaer, der hører til (mellemrum)."))
        )
        self.members = QListWidget(self)
        self.members.setAccessibleName(self.tr("Personaer i målgruppen"))
        self.members.setMinimumHeight(90)
        self.members.itemChanged.connect(self._member_toggled)
        layout.addWidget(self.members)
        self.members_error = ErrorLabel(self)
        layout.addWidget(self.members_error)

        self.bindings = {
            "target_group.name": self._bind(self.name_edit, "name", self.name_error),
            "target_group.description": self._bind(
                self.description_edit, "description", self.description_error
            ),
        }
        self.show_group(None, [])
        workspace.add_failure_handler(self._failed, owner=self)

    def _bind(
        self, edit: QLineEdit | PlainTextField, field: str, error: ErrorLabel
    ) -> TextBinding[uuid.UUID]:
        return TextBinding(
            edit,
            workspace=self.workspace,
            kind=f"target_group.{field}",
            undo_text=self.tr("ændring af målgruppe"),
            save=_group_saver(field),
            error=error,
            reveal=field_reveal(TargetGroup, f"target_group.{field}"),
        )

    @property
    def group_id(self) -> uuid.UUID | None:
        return self.group.id if self.group is not None else None

    def show_group(self, group: TargetGroup | None, personas: list[Persona]) -> None:
        self.group = group
        enabled = group is not None
        for widget in (self.name_edit, self.description_edit, self.members):
            widget.setEnabled(enabled)
        target = group.id if group is not None else None
        self.bindings["target_group.name"].load(target, group.name if group else "")
        self.bindings["target_group.description"].load(target, group.description if group else "")
        members = set(group.persona_ids) if group is not None else set()
        wanted = [(p.id, p.name, p.id in members) for p in personas if not p.is_deleted]
        shown = [
            (
                self.members.item(r).data(ID_ROLE),
                self.members.item(r).text(),
                self.members.item(r).checkState() == Qt.CheckState.Checked,
            )
            for r in range(self.members.count())
        ]
        self._personas = personas
        if wanted == shown:
            return
        row = self.members.currentRow()
        self._showing = True
        try:
            self.members.clear()
            for persona_id, name, checked in wanted:
                item = QListWidgetItem(name)
                item.setData(ID_ROLE, persona_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.members.addItem(item)
        finally:
            self._showing = False
        if wanted:
            self.members.setCurrentRow(min(max(row, 0), len(wanted) - 1))

    def _failed(self, exc: Exception, source: Hashable) -> bool:
        if source != ("target_group", "members", self.group_id):
            return False
        if not isinstance(exc, ForandringError):
            return False
        self.members_error.show_message(short_error_text(exc))
        return True

    def _member_toggled(self, item: QListWidgetItem) -> None:
        group = self.group
        if self._showing or group is None:
            return
        persona_id = item.data(ID_ROLE)
        checked = item.checkState() == Qt.CheckState.Checked
        old = list(group.persona_ids)
        if checked and persona_id not in old:
            new = [*old, persona_id]
            text = self.tr("persona sat i målgruppe")
        elif not checked and persona_id in old:
            new = [p for p in old if p != persona_id]
            text = self.tr("persona taget ud af målgruppe")
        else:
            return
        target = group.id

        def save(ids: list[uuid.UUID]) -> Callable[[Store], ChangeSet]:
            return lambda store: update_target_group(store, target, persona_ids=ids)

        if push_op(
            self.workspace,
            text,
            do=save(new),
            undo=save(old),
            reveal=Reveal(TargetGroup, target),
            source=("target_group", "members", target),
        ):
            self.members_error.clear_message()
        else:
            QTimer.singleShot(0, lambda: self.show_group(self.group, self._personas))
