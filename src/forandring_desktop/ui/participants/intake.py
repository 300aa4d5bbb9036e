"""'Ind ad døren' for one person: code, target group, challenges, ladders and personal goals.

The guide's chapter "Fra forandringsteori til dokumentation": when a person starts, identify
their challenges (from the target group's 'ind ad døren' notes and their own), place them on
the relevant ladders – not everyone starts at the bottom – and set an individual 'ud af
døren' goal per ladder, together with the person.

The dialog only builds the new or edited :class:`Participant`; the caller stores it through
a service and an undo command. Its fields (shared with the exit dialog) are in ``fields``,
its rows (notes, own challenges, ladders) in ``intake_rows``, and how the rows' choices
become the participant in ``intake_result``.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import (
    Challenge,
    DoorNote,
    InvalidDataError,
    OrganisationDocument,
    Participant,
    TargetGroup,
)
from forandring_desktop.model.base import SHORT_TEXT_MAX
from forandring_desktop.model.intake import (
    ChallengeDraft,
    EnrolmentDraft,
    code_problem,
    intake_notes,
    ladders_for_group,
)
from forandring_desktop.ui.dialogs import short_error_text
from forandring_desktop.ui.participants.fields import (
    StepCombo,
    WeightSpin,
    date_edit,
    from_qdate,
    name_combo,
    scrolling_body,
)
from forandring_desktop.ui.participants.intake_result import built_participant, drafts
from forandring_desktop.ui.participants.intake_rows import (
    _FreeRow,
    _LadderChoice,
    _LadderRow,
    _NoteChoice,
    _NoteRow,
)
from forandring_desktop.ui.widgets import (
    ErrorLabel,
    clear_layout,
    explained_box,
    ok_cancel_buttons,
    text_label,
)

__all__ = ["IntakeDialog", "StepCombo", "WeightSpin"]


def _add_hinted_row(
    form: QFormLayout, label: str, field: QWidget, hint: str, below: QWidget | None = None
) -> None:
    """A form row of a field with a hint under it (and ``below`` under that); the row's label
    is the field's buddy, so its shortcut reaches the field and not the hint."""
    box = QVBoxLayout()
    box.addWidget(field)
    box.addWidget(text_label(hint))
    if below is not None:
        box.addWidget(below)
    form.addRow(label, box)
    row_label = form.labelForField(box)
    if isinstance(row_label, QLabel):
        row_label.setBuddy(field)


class IntakeDialog(QDialog):
    """A new participant 'ind ad døren', or an existing one edited.

    After ``exec()`` returned Accepted, :meth:`result_participant` gives the participant to
    store. Ids of unchanged challenges and enrolments are kept (follow-ups point at them);
    unticking one that has follow-ups tombstones it, otherwise it is removed.
    """

    def __init__(
        self,
        doc: OrganisationDocument,
        participant: Participant | None = None,
        *,
        mentors: Sequence[str] = (),
        municipalities: Sequence[str] = (),
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._doc = doc
        self._original = participant
        self._result: Participant | None = None
        self._notes: dict[uuid.UUID, _NoteChoice] = {}
        self._note_rows: list[_NoteRow] = []
        self._free_rows: list[_FreeRow] = []
        self._ladders: dict[uuid.UUID, _LadderChoice] = {}
        self._ladder_rows: list[_LadderRow] = []
        self._door_notes: dict[uuid.UUID, DoorNote] = {
            n.id: n for sheet in doc.door_sheets for n in sheet.notes
        }
        self.setWindowTitle(
            self.tr("Ny deltager – ind ad døren")
            if participant is None
            else self.tr("Ret deltager – ind ad døren")
        )
        self.setMinimumWidth(560)
        self.resize(780, 720)

        outer = QVBoxLayout(self)
        content, body, self.scroll_area = scrolling_body(self, self.tr("Ind ad døren"))
        outer.addWidget(self.scroll_area, 1)

        # -- the person ---------------------------------------------------------------------
        form = QFormLayout()
        self.code_edit = QLineEdit(content)
        self.code_edit.setMaxLength(32)
        self.code_edit.setAccessibleName(self.tr("Kode"))
        self.code_edit.setPlaceholderText(self.tr("fx IG-016"))
        self.code_error = ErrorLabel(content)
        _add_hinted_row(
            form,
            self.tr("&Kode:"),
            self.code_edit,
            self.tr(
                "Et pseudonym: bogstaver, tal og - _ . / uden mellemrum – aldrig navn "
                "eller CPR-nummer."
            ),
            self.code_error,
        )

        self.name_edit = QLineEdit(content)
        self.name_edit.setMaxLength(SHORT_TEXT_MAX)
        self.name_edit.setAccessibleName(self.tr("Navn"))
        _add_hinted_row(
            form,
            self.tr("&Navn:"),
            self.name_edit,
            self.tr(
                "Frivilligt. Navnet vises kun, hvor det er nødvendigt; i lister og "
                "rapporter kan koden stå alene."
            ),
        )

        start = participant.start_date if participant is not None else (today or date.today())
        self.start_edit = date_edit(start, content)
        self.start_edit.setAccessibleName(self.tr("Startdato"))
        form.addRow(self.tr("&Startdato:"), self.start_edit)

        self.group_combo = QComboBox(content)
        self.group_combo.setAccessibleName(self.tr("Målgruppe"))
        self.group_combo.addItem(self.tr("Ingen målgruppe"), "")
        current_group = participant.target_group_id if participant is not None else None
        for group in doc.target_groups:
            if group.is_deleted and group.id != current_group:
                continue
            name = (
                group.name
                if not group.is_deleted
                else self.tr("{name} (slettet)").format(name=group.name)
            )
            self.group_combo.addItem(name, str(group.id))
        if current_group is not None and self.group_combo.findData(str(current_group)) < 0:
            self.group_combo.addItem(self.tr("Ukendt målgruppe"), str(current_group))
        form.addRow(self.tr("&Målgruppe:"), self.group_combo)

        self.mentor_combo = name_combo(content, mentors, self.tr("Mentor"))
        form.addRow(self.tr("M&entor:"), self.mentor_combo)
        self.municipality_combo = name_combo(content, municipalities, self.tr("Betalende kommune"))
        form.addRow(self.tr("&Betalende kommune:"), self.municipality_combo)
        body.addLayout(form)

        # -- challenges ('ind ad døren') ------------------------------------------------------
        self.challenge_box, challenges = explained_box(
            self.tr("Udfordringer – ind ad døren"),
            self.tr(
                "Hvad er det for nogle udfordringer, personen har? Sæt flueben ved "
                "sedlerne fra målgruppens ’ind ad døren’, og tilføj personens egne. "
                "Hvor meget fylder det? 0 = slet ikke, 10 = overskygger alt andet; "
                "– = ikke vurderet."
            ),
            content,
        )
        self.notes_hint = text_label()
        challenges.addWidget(self.notes_hint)
        self.notes_layout = QVBoxLayout()
        self.notes_layout.setSpacing(0)  # the shaded bands touch: one guide per row
        challenges.addLayout(self.notes_layout)
        challenges.addWidget(text_label(self.tr("Egne udfordringer:"), bold=True))
        self.free_layout = QVBoxLayout()
        challenges.addLayout(self.free_layout)
        self.add_button = QPushButton(self.tr("&Tilføj egen udfordring"), self.challenge_box)
        self.add_button.setAccessibleName(self.tr("Tilføj egen udfordring"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self._add_free_clicked)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        challenges.addLayout(add_row)
        body.addWidget(self.challenge_box)

        # -- ladders -------------------------------------------------------------------------
        self.ladder_box, ladders = explained_box(
            self.tr("Måltrapper"),
            self.tr(
                "Hvor er personen på de relevante måltrapper? Det er jo ikke alle, der "
                "starter fra bunden. Sæt sammen med personen et personligt mål – et ’ud "
                "af døren’ – på hver trappe."
            ),
            content,
        )
        self.ladders_layout = QVBoxLayout()
        ladders.addLayout(self.ladders_layout)
        body.addWidget(self.ladder_box)
        body.addStretch(1)

        # -- errors and buttons (outside the scroll area: always in sight) ---------------------
        self.error_label = ErrorLabel(self)
        outer.addWidget(self.error_label)
        self.buttons, self.ok_button, self.cancel_button = ok_cancel_buttons(self)
        outer.addWidget(self.buttons)

        self._fill(participant)
        self._rebuild()
        self.group_combo.currentIndexChanged.connect(self._rebuild)
        self.code_edit.textEdited.connect(self._show_code_problem)
        self.code_edit.setFocus()

    # -- public -------------------------------------------------------------------------------

    def result_participant(self) -> Participant:
        """The new or edited participant (only after the dialog was accepted)."""
        if self._result is None:
            raise RuntimeError("The intake dialog was not accepted.")
        return self._result

    def note_rows(self) -> list[_NoteRow]:
        return list(self._note_rows)

    def free_rows(self) -> list[_FreeRow]:
        return list(self._free_rows)

    def ladder_rows(self) -> list[_LadderRow]:
        return list(self._ladder_rows)

    def note_row(self, note_id: uuid.UUID) -> _NoteRow:
        return next(row for row in self._note_rows if row.note_id == note_id)

    def ladder_row(self, ladder_id: uuid.UUID) -> _LadderRow:
        return next(row for row in self._ladder_rows if row.ladder.id == ladder_id)

    def add_free_challenge(self, text: str = "", weight: int | None = None) -> _FreeRow:
        """Add a row for a challenge of the person's own (what 'Tilføj egen udfordring' does)."""
        row = self._add_free_row(text, weight)
        self._update_tab_order()
        return row

    def accept(self) -> None:
        self.error_label.clear_message()
        problem = self._show_code_problem()
        if problem is not None:
            self.error_label.show_message(problem)
            self.code_edit.setFocus()
            return
        for row in self._ladder_rows:
            problem = row.check_goal()
            if problem is not None:
                self.error_label.show_message(
                    self.tr("{goal}: {problem}").format(
                        goal=row.ladder.change_goal, problem=problem
                    )
                )
                self.scroll_area.ensureWidgetVisible(row.goal)
                row.goal.setFocus()
                return
        try:
            result = self._build()
        except InvalidDataError as exc:
            self.error_label.show_message(short_error_text(exc))
            return
        self._result = result
        super().accept()

    # -- building the form ------------------------------------------------------------------

    def _fill(self, person: Participant | None) -> None:
        """Put an existing participant in the fields (all choices live in ``_notes`` and
        ``_ladders``, so changing the target group keeps them)."""
        if person is None:
            return
        self.code_edit.setText(person.code)
        self.name_edit.setText(person.name)
        index = self.group_combo.findData(str(person.target_group_id or ""))
        self.group_combo.setCurrentIndex(max(index, 0))
        self.mentor_combo.setEditText(person.mentor)
        self.municipality_combo.setEditText(person.municipality)
        for challenge in person.challenges:
            if challenge.is_deleted:
                continue
            note_id = challenge.source_note_id
            if note_id is not None and note_id not in self._notes:
                self._notes[note_id] = self._note_choice(note_id, challenge, checked=True)
            else:
                self._add_free_row(
                    challenge.text, challenge.weight, challenge.id, challenge.source_note_id
                )
        # A tombstoned challenge comes back with its id when its note is ticked again.
        for challenge in reversed(person.challenges):
            note_id = challenge.source_note_id
            if challenge.is_deleted and note_id is not None and note_id not in self._notes:
                self._notes[note_id] = self._note_choice(note_id, challenge, checked=False)
        for enrolment in person.enrolments:
            if not enrolment.is_deleted and enrolment.ladder_id not in self._ladders:
                self._ladders[enrolment.ladder_id] = _LadderChoice(
                    True, enrolment.start_step_id, enrolment.goal_step_id
                )

    def _note_choice(
        self, note_id: uuid.UUID, challenge: Challenge, *, checked: bool
    ) -> _NoteChoice:
        note = self._door_notes.get(note_id)
        return _NoteChoice(
            text=challenge.text,
            colour=note.colour if note is not None else None,
            checked=checked,
            weight=challenge.weight,
            challenge_id=challenge.id,
        )

    def _group(self) -> TargetGroup | None:
        data = self.combo_id(self.group_combo)
        return next((g for g in self._doc.target_groups if g.id == data), None)

    @staticmethod
    def combo_id(combo: QComboBox) -> uuid.UUID | None:
        data = combo.currentData()
        return uuid.UUID(data) if data else None

    def _rebuild(self) -> None:
        """Show the chosen group's notes and ladders; ticked choices stay whatever the group."""
        group = self._group()
        notes = intake_notes(self._doc.door_sheets, group)
        shown: list[uuid.UUID] = []
        for note in notes:
            self._notes.setdefault(note.id, _NoteChoice(note.text, note.colour))
            shown.append(note.id)
        shown += [i for i, c in self._notes.items() if c.checked and i not in shown]
        clear_layout(self.notes_layout)
        self._note_rows = []
        for number, note_id in enumerate(shown):
            row = _NoteRow(note_id, self._notes[note_id], self.challenge_box)
            row.set_shaded(number % 2 == 1)
            self.notes_layout.addWidget(row)
            row.show()
            self._note_rows.append(row)
        if group is None:
            self.notes_hint.setText(
                self.tr("Vælg en målgruppe for at se sedlerne fra dens ’ind ad døren’.")
            )
        elif not notes:
            self.notes_hint.setText(self.tr("Målgruppen har endnu ingen sedler ind ad døren."))
        else:
            self.notes_hint.setText(
                self.tr("Fra målgruppens ’ind ad døren’ ({n} sedler):").format(n=len(notes))
            )

        clear_layout(self.ladders_layout)
        self._ladder_rows = []
        for ladder, for_group in ladders_for_group(
            self._doc.ladders, self.combo_id(self.group_combo)
        ):
            choice = self._ladders.get(ladder.id)
            if choice is None:
                steps = ladder.live_steps()
                choice = _LadderChoice(
                    False,
                    steps[0].id if steps else None,
                    steps[-1].id if steps else None,
                )
                self._ladders[ladder.id] = choice
            ladder_row = _LadderRow(ladder, choice, for_group, self.ladder_box)
            self.ladders_layout.addWidget(ladder_row)
            ladder_row.show()
            self._ladder_rows.append(ladder_row)
        if not self._ladder_rows:
            self.ladders_layout.addWidget(
                text_label(self.tr("Der er endnu ingen måltrapper."), selectable=False)
            )
        self._update_tab_order()

    def _add_free_clicked(self) -> None:
        row = self.add_free_challenge()
        self.scroll_area.ensureWidgetVisible(row)
        row.edit.setFocus()

    def _add_free_row(
        self,
        text: str = "",
        weight: int | None = None,
        challenge_id: uuid.UUID | None = None,
        source_note_id: uuid.UUID | None = None,
    ) -> _FreeRow:
        row = _FreeRow(self.challenge_box, text, weight, challenge_id, source_note_id)
        row.remove_button.clicked.connect(lambda: self._remove_free_row(row))
        self.free_layout.addWidget(row)
        row.show()  # at once, so it can take the focus
        self._free_rows.append(row)
        return row

    def _remove_free_row(self, row: _FreeRow) -> None:
        index = self._free_rows.index(row)
        self._free_rows.remove(row)
        self.free_layout.removeWidget(row)
        row.hide()
        row.setParent(None)
        row.deleteLater()
        self._update_tab_order()
        if self._free_rows:
            self._free_rows[min(index, len(self._free_rows) - 1)].edit.setFocus()
        else:
            self.add_button.setFocus()

    def _update_tab_order(self) -> None:
        """Top to bottom, whatever order the rows were made in."""
        chain: list[QWidget] = [
            self.code_edit,
            self.name_edit,
            self.start_edit,
            self.group_combo,
            self.mentor_combo,
            self.municipality_combo,
        ]
        for note_row in self._note_rows:
            chain += [note_row.check, note_row.weight]
        for free_row in self._free_rows:
            chain += [free_row.edit, free_row.weight, free_row.remove_button]
        chain.append(self.add_button)
        for ladder_row in self._ladder_rows:
            chain += [ladder_row.check, ladder_row.start, ladder_row.goal]
        chain += [self.ok_button, self.cancel_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- checking and building the result ------------------------------------------------------

    def _code_problem(self) -> str | None:
        own = self._original.id if self._original is not None else None
        return code_problem(self.code_edit.text(), self._doc.participants, own)

    def _show_code_problem(self) -> str | None:
        problem = self._code_problem()
        if problem is None:
            self.code_error.clear_message()
        else:
            self.code_error.show_message(problem)
        return problem

    def _drafts(self) -> tuple[list[ChallengeDraft], list[EnrolmentDraft]]:
        return drafts(self._notes, self._free_rows, self._ladder_rows, self._original)

    def _build(self) -> Participant:
        challenge_drafts, enrolment_drafts = self._drafts()
        fields = {
            "code": self.code_edit.text().strip(),
            "name": self.name_edit.text().strip(),
            "start_date": from_qdate(self.start_edit.date()),
            "target_group_id": self.combo_id(self.group_combo),
            "mentor": self.mentor_combo.currentText().strip(),
            "municipality": self.municipality_combo.currentText().strip(),
        }
        return built_participant(self._original, fields, challenge_drafts, enrolment_drafts)
