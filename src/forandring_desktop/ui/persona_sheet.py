"""The guide's persona-ark as an editable sheet (the target-group editor beside it, and the
item lists on it, have modules of their own: ``target_group_editor``, ``item_list_editor``).

PersonaSheet: NAVN / KØN / ALDER, the kind (typisk / svær / let bruger), and the two columns
BAGGRUND and VIGTIGSTE PROBLEMER with the guide's instructions, each an item list.
TargetGroupEditor (re-exported here): name, description and which personas belong to it.

Every gesture is one undo step saved at once: typing merges (TextBinding), everything else
is one operation (``ui/operations.py``). The page owns the selection; these widgets show what
it selects.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable

from PySide6.QtCore import QCoreApplication, QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import (
    ForandringError,
    InvalidDataError,
    Persona,
    PersonaKind,
    Problem,
)
from forandring_desktop.model.base import SHORT_TEXT_MAX
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.services.personas import update_persona
from forandring_desktop.storage import Store
from forandring_desktop.ui.binding import TextBinding
from forandring_desktop.ui.dialogs import short_error_text
from forandring_desktop.ui.item_list_editor import ItemListEditor
from forandring_desktop.ui.operations import push_op
from forandring_desktop.ui.sheet_helpers import ID_ROLE, field_reveal, list_action
from forandring_desktop.ui.target_group_editor import TargetGroupEditor
from forandring_desktop.ui.widgets import ErrorLabel, persona_kind_word
from forandring_desktop.ui.workspace import Reveal, Workspace

__all__ = [
    "ID_ROLE",
    "KINDS",
    "ItemListEditor",
    "PersonaSheet",
    "TargetGroupEditor",
    "list_action",
    "parse_age",
]

KINDS = (PersonaKind.TYPICAL, PersonaKind.HARD, PersonaKind.EASY)


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
            reveal=field_reveal(Persona, f"persona.{field}"),
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
