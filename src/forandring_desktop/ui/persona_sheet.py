"""The guide's persona-ark as an editable sheet, and the target-group editor beside it.

PersonaSheet: NAVN / KØN / ALDER, the kind (typisk / svær / let bruger), and the two columns
BAGGRUND and VIGTIGSTE PROBLEMER with the guide's instructions, each an item list.
TargetGroupEditor: name, description and which personas belong to the group.

Every gesture is one undo step saved at once: typing merges (TextBinding), everything else
is one operation (``ui/operations.py``). The page owns the selection; these widgets show what
it selects.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Sequence

from PySide6.QtCore import QCoreApplication, QRegularExpression, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import (
    ForandringError,
    InvalidDataError,
    Persona,
    PersonaKind,
    Problem,
    TargetGroup,
)
from forandring_desktop.model.base import SHORT_TEXT_MAX
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.services.personas import update_persona, update_target_group
from forandring_desktop.storage import Store
from forandring_desktop.ui.binding import TextBinding
from forandring_desktop.ui.dialogs import short_error_text
from forandring_desktop.ui.operations import push_op
from forandring_desktop.ui.widgets import (
    ErrorLabel,
    PlainTextField,
    persona_kind_word,
    text_label,
    use_window_undo,
)
from forandring_desktop.ui.workspace import Reveal, Workspace

ID_ROLE = Qt.ItemDataRole.UserRole
KINDS = (PersonaKind.TYPICAL, PersonaKind.HARD, PersonaKind.EASY)


def list_action(widget: QWidget, keys: Sequence[QKeySequence], slot: Callable[[], None]) -> QAction:
    """A key that works while ``widget`` itself has focus (Ins/Del in a list)."""
    action = QAction(widget)
    action.setShortcuts(list(keys))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(slot)
    widget.addAction(action)
    return action


def parse_age(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        message = QCoreApplication.translate("PersonaSheet", "Alderen skal være et helt tal.")
        raise InvalidDataError([Problem("", message)])
    return int(text)


def _persona_saver(field: str) -> Callable[[Store, uuid.UUID, object], ChangeSet]:
    def save(store: Store, persona_id: uuid.UUID, value: object) -> ChangeSet:
        return update_persona(store, persona_id, **{field: value})

    return save


def _group_saver(field: str) -> Callable[[Store, uuid.UUID, object], ChangeSet]:
    def save(store: Store, group_id: uuid.UUID, value: object) -> ChangeSet:
        return update_target_group(store, group_id, **{field: value})

    return save


def _where(kind: type[Persona] | type[TargetGroup], field: str) -> Callable[[uuid.UUID], Reveal]:
    return lambda target: Reveal(kind, target, field=field)


class ItemListEditor(QWidget):
    """One column of the sheet: a heading, the guide's instruction and an editable list.

    Keys in the list: Ins (write a new item), Enter or F2 (edit), Del (remove),
    Alt+Up / Alt+Down (move). ``on_change(items)`` saves a new list and says if it worked.
    """

    def __init__(
        self,
        title: str,
        instruction: str,
        accessible: str,
        on_change: Callable[[list[str]], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_change = on_change
        self._showing = False
        self._pending: list[str] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.heading = text_label(title, bold=True, selectable=False)
        layout.addWidget(self.heading)
        self.instruction = text_label(instruction)
        layout.addWidget(self.instruction)

        self.list = QListWidget(self)
        self.list.setAccessibleName(accessible)
        self.list.setAccessibleDescription(instruction)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setMinimumHeight(160)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.list.itemChanged.connect(self._item_edited)
        self.heading.setBuddy(self.list)
        layout.addWidget(self.list)

        self.add_edit = QLineEdit(self)
        self.add_edit.setMaxLength(2_000)
        self.add_edit.setAccessibleName(self.tr("Nyt punkt: {what}").format(what=accessible))
        self.add_edit.setPlaceholderText(self.tr("Skriv et nyt punkt og tryk Enter"))
        self.add_edit.returnPressed.connect(self.add_typed)
        use_window_undo(self.add_edit)  # Ctrl+Z takes back the last saved step, as elsewhere
        layout.addWidget(self.add_edit)

        buttons = QHBoxLayout()
        self.add_button = self._button(buttons, self.tr("Tilføj"), self.tr("Tilføj punktet"))
        self.add_button.clicked.connect(self.add_typed)
        self.edit_button = self._button(buttons, self.tr("Ret"), self.tr("Ret punktet (F2)"))
        self.edit_button.clicked.connect(self.edit_current)
        self.remove_button = self._button(buttons, self.tr("Fjern"), self.tr("Fjern punktet (Del)"))
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button = self._button(buttons, self.tr("Op"), self.tr("Flyt punktet op (Alt+Op)"))
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button = self._button(
            buttons, self.tr("Ned"), self.tr("Flyt punktet ned (Alt+Ned)")
        )
        self.down_button.clicked.connect(lambda: self.move_current(1))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)

        list_action(self.list, [QKeySequence(Qt.Key.Key_Insert)], self.add_edit.setFocus)
        list_action(
            self.list,
            [QKeySequence(Qt.Key.Key_Delete), QKeySequence(Qt.Key.Key_Backspace)],
            self.remove_current,
        )
        list_action(
            self.list,
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)],
            self.edit_current,
        )
        list_action(self.list, [QKeySequence("Alt+Up")], lambda: self.move_current(-1))
        list_action(self.list, [QKeySequence("Alt+Down")], lambda: self.move_current(1))
        self.list.currentRowChanged.connect(self._update_buttons)
        self._update_buttons()

    def _button(self, row: QHBoxLayout, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setMinimumWidth(44)  # five buttons share a column beside another one
        button.setAccessibleName(f"{tip} – {self.list.accessibleName()}")
        button.setToolTip(tip)
        row.addWidget(button)
        return button

    # --- Showing ------------------------------------------------------------------------

    def items(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def set_items(self, items: Sequence[str]) -> None:
        """Show ``items`` (keeping the current row) unless they are shown already."""
        if self.list.state() == QAbstractItemView.State.EditingState:
            # Not while the item editor is committing; once it has closed.
            self._pending = list(items)
            QTimer.singleShot(0, self._show_pending)
            return
        self._pending = None
        if self.items() == list(items):
            return
        row = self.list.currentRow()
        self._showing = True
        try:
            self.list.clear()
            for text in items:
                item = QListWidgetItem(text)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.list.addItem(item)
        finally:
            self._showing = False
        if items:
            self.list.setCurrentRow(min(max(row, 0), len(items) - 1))
        self._update_buttons()

    def _show_pending(self) -> None:
        if self._pending is not None:
            self.set_items(self._pending)

    def set_enabled(self, enabled: bool) -> None:
        for widget in (self.list, self.add_edit, self.add_button):
            widget.setEnabled(enabled)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        has = self.list.isEnabled() and 0 <= row < self.list.count()
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < self.list.count() - 1)

    # --- Gestures -----------------------------------------------------------------------

    def add_typed(self) -> None:
        text = self.add_edit.text()
        if not text.strip():
            return
        items = self.items()
        if self._on_change([*items, text]):
            self.add_edit.clear()
            self.list.setCurrentRow(self.list.count() - 1)

    def edit_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    def remove_current(self) -> None:
        row = self.list.currentRow()
        items = self.items()
        if not 0 <= row < len(items):
            return
        if self._on_change(items[:row] + items[row + 1 :]) and self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))

    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        items = self.items()
        target = row + step
        if not (0 <= row < len(items) and 0 <= target < len(items)):
            return
        items[row], items[target] = items[target], items[row]
        if self._on_change(items):
            self.list.setCurrentRow(target)

    def _item_edited(self, _item: QListWidgetItem) -> None:
        if self._showing:
            return
        self._on_change(self.items())


class PersonaSheet(QGroupBox):
    """The persona-ark of the selected persona (empty and disabled when there is none)."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(self.tr("PERSONA-ARK"), parent)
        self.setAccessibleName(self.tr("Persona-ark"))
        self.workspace = workspace
        self.persona: Persona | None = None
        layout = QVBoxLayout(self)

        header = QGridLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(SHORT_TEXT_MAX)
        self.name_edit.setAccessibleName(self.tr("Navn"))
        self.gender_edit = QLineEdit(self)
        self.gender_edit.setMaxLength(SHORT_TEXT_MAX)
        self.gender_edit.setAccessibleName(self.tr("Køn"))
        self.age_edit = QLineEdit(self)
        self.age_edit.setMaxLength(3)
        self.age_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,3}"), self.age_edit)
        )
        self.age_edit.setAccessibleName(self.tr("Alder"))
        self.age_edit.setMaximumWidth(70)
        self.kind_combo = QComboBox(self)
        for kind in KINDS:
            self.kind_combo.addItem(persona_kind_word(kind), kind.value)
        self.kind_combo.setAccessibleName(self.tr("Type"))
        self.kind_combo.setToolTip(
            self.tr(
                "En typisk bruger, en svær bruger med relativt mange udfordringer, eller en "
                "let bruger med relativt få udfordringer."
            )
        )
        self.kind_combo.activated.connect(self._kind_chosen)

        self.name_error = ErrorLabel(self)
        self.gender_error = ErrorLabel(self)
        self.age_error = ErrorLabel(self)
        # As on the guide's sheet: NAVN, KØN, ALDER; the kind below (two rows fit narrow windows).
        for index, (caption, edit) in enumerate(
            (
                (self.tr("N&AVN:"), self.name_edit),
                (self.tr("&KØN:"), self.gender_edit),
                (self.tr("A&LDER:"), self.age_edit),
                (self.tr("&Type:"), self.kind_combo),
            )
        ):
            label = QLabel(caption, self)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            label.setBuddy(edit)
            row, column = divmod(index, 2)
            header.addWidget(label, row, 2 * column)
            if edit is self.age_edit:  # three digits need no more room
                header.addWidget(edit, row, 2 * column + 1, Qt.AlignmentFlag.AlignLeft)
            else:
                header.addWidget(edit, row, 2 * column + 1)
        header.setColumnStretch(1, 3)
        header.setColumnStretch(3, 2)
        layout.addLayout(header)
        for error in (self.name_error, self.gender_error, self.age_error):
            layout.addWidget(error)

        self.bindings = {
            "persona.name": self._bind(self.name_edit, "name", self.name_error),
            "persona.gender": self._bind(self.gender_edit, "gender", self.gender_error),
            "persona.age": self._bind(
                self.age_edit,
                "age",
                self.age_error,
                parse=parse_age,
            ),
        }

        columns = QHBoxLayout()
        self.background = ItemListEditor(
            self.tr("&BAGGRUND"),
            self.tr(
                "Beskriv hvor personen kommer fra, hvad han/hun har med i ’bagagen’, herunder "
                "også kroniske udfordringer, sygdomme."
            ),
            self.tr("Baggrund"),
            lambda items: self._save_list("background", items),
            self,
        )
        self.problems = ItemListEditor(
            self.tr("VIGTIGSTE PR&OBLEMER"),
            self.tr(
                "Beskriv de helt konkrete og mest centrale problemer / udfordringer personen "
                "står med lige nu."
            ),
            self.tr("Vigtigste problemer"),
            lambda items: self._save_list("problems", items),
            self,
        )
        columns.addWidget(self.background, 1)
        columns.addWidget(self.problems, 1)
        layout.addLayout(columns)
        self._shown_id: uuid.UUID | None = None
        self.show_persona(None)
        workspace.add_failure_handler(self._failed, owner=self)

    def _bind(
        self,
        edit: QLineEdit,
        field: str,
        error: ErrorLabel,
        parse: Callable[[str], object] = str,
    ) -> TextBinding[uuid.UUID]:
        return TextBinding(
            edit,
            workspace=self.workspace,
            kind=f"persona.{field}",
            undo_text=self.tr("ændring af persona"),
            save=_persona_saver(field),
            error=error,
            parse=parse,
            reveal=_where(Persona, f"persona.{field}"),
        )

    @property
    def persona_id(self) -> uuid.UUID | None:
        return self.persona.id if self.persona is not None else None

    def show_persona(self, persona: Persona | None) -> None:
        self.persona = persona
        enabled = persona is not None
        for widget in (self.name_edit, self.gender_edit, self.age_edit, self.kind_combo):
            widget.setEnabled(enabled)
        self.background.set_enabled(enabled)
        self.problems.set_enabled(enabled)
        target = persona.id if persona is not None else None
        self.bindings["persona.name"].load(target, persona.name if persona else "")
        self.bindings["persona.gender"].load(target, persona.gender if persona else "")
        self.bindings["persona.age"].load(target, persona.age if persona else None)
        kind = persona.kind if persona is not None else PersonaKind.TYPICAL
        self.kind_combo.setCurrentIndex(KINDS.index(kind))
        self.background.set_items(persona.background if persona else [])
        self.problems.set_items(persona.problems if persona else [])
        if target != self._shown_id:  # another persona: its own messages, none yet
            self.background.error.clear_message()
            self.problems.error.clear_message()
        self._shown_id = target

    # --- Gestures -----------------------------------------------------------------------

    def _failed(self, exc: Exception, source: Hashable) -> bool:
        """A list or the kind of the persona shown here could not be saved."""
        if not (isinstance(source, tuple) and len(source) == 3 and source[0] == "persona"):
            return False
        _kind, field, target = source
        if target != self.persona_id or not isinstance(exc, ForandringError):
            return False
        editors = {"background": self.background.error, "problems": self.problems.error}
        editors.get(field, self.name_error).show_message(short_error_text(exc))
        return True

    def _kind_chosen(self, index: int) -> None:
        persona = self.persona
        if persona is None:
            return
        new = PersonaKind(self.kind_combo.itemData(index))
        old = persona.kind
        if new == old:
            return
        target = persona.id
        if not push_op(
            self.workspace,
            self.tr("ændring af personens type"),
            do=lambda store: update_persona(store, target, kind=new),
            undo=lambda store: update_persona(store, target, kind=old),
            reveal=Reveal(Persona, target),
            source=("persona", "kind", target),
        ):
            self.kind_combo.setCurrentIndex(KINDS.index(old))

    def _save_list(self, field: str, items: list[str]) -> bool:
        persona = self.persona
        if persona is None:
            return False
        old = list(getattr(persona, field))
        if items == old:
            return True
        editor = self.background if field == "background" else self.problems
        target = persona.id
        text = (
            self.tr("ændring af baggrund")
            if field == "background"
            else self.tr("ændring af vigtigste problemer")
        )
        ok = push_op(
            self.workspace,
            text,
            do=lambda store: update_persona(store, target, **{field: items}),
            undo=lambda store: update_persona(store, target, **{field: old}),
            reveal=Reveal(Persona, target),
            source=("persona", field, target),
        )
        if ok:
            editor.error.clear_message()
        else:
            editor.set_items(old)
        return ok


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
            reveal=_where(TargetGroup, f"target_group.{field}"),
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
