"""The follow-up dialog (opfølgning): one person, one day, keyboard first.

A new follow-up starts from the draft (model.follow_up.draft_follow_up): every ladder at
last week's step with its HANDLING, every challenge at its latest state, so the mentor only
changes what moved. The common case is a handful of keys:

    Tab                 from the date to the first ladder
    ↑ ↓ / Shift+↑ ↓     the staff's / the participant's step; = puts the participant on
                        the staff's step, Delete clears it (not asked)
    Enter               on to the next ladder (from its staircase: to its note first)
    Alt+U, 1 / 2 / 3    the challenges: unresolved / partly / fully resolved
    Alt+H, digits       the main areas' scores -5 … +5 (Enter or Tab to the next)
    Alt+S               the note for the whole follow-up
    Shift+Enter         a new line in a ladder's note or action
    Ctrl+Enter          save;  Esc closes without saving (asks first if text was typed)

The dialog never stores anything: ``result_participant()`` is the participant with the new
or edited follow-up, which the caller stores through a service in one undo command. Its
fields are in ``follow_up_fields``, each ladder's section in ``follow_up_ladders``, its
size on opening and Esc in ``follow_up_closing``.
"""

from __future__ import annotations

import datetime
import itertools
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import (
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import (
    ChallengeState,
    FollowUp,
    ForandringError,
    Ladder,
    LadderRating,
    Participant,
)
from forandring_desktop.model.follow_up import (
    action_after_step_change,
    draft_follow_up,
    follow_up_on,
    latest_area_scores,
    revise_follow_up,
)
from forandring_desktop.model.names import find_names
from forandring_desktop.model.participants import latest_states, with_follow_up
from forandring_desktop.ui.dates import DATE_FORMAT
from forandring_desktop.ui.dialogs import short_error_text
from forandring_desktop.ui.participants.fields import from_qdate, to_qdate
from forandring_desktop.ui.participants.follow_up_closing import LADDER_COLUMNS, FollowUpClosing
from forandring_desktop.ui.participants.follow_up_fields import (
    AreaScoreBox,
    ChallengeStateBox,
    DateBox,
    SectionBox,
    kept,
    mnemonic_safe,
    muted,
)
from forandring_desktop.ui.participants.follow_up_ladders import (
    LadderRow,
    ladder_section,
    show_signs,
)
from forandring_desktop.ui.participants.history import author_text
from forandring_desktop.ui.widgets import ErrorLabel, PlainTextField, text_label

__all__ = ["AreaScoreBox", "ChallengeStateBox", "FollowUpDialog"]


@dataclass(eq=False)
class _Form:
    """What the dialog started from, to tell what the mentor changed."""

    base: FollowUp
    editing: bool
    initial_states: dict[uuid.UUID, ChallengeState] = field(default_factory=dict)
    stated: set[uuid.UUID] = field(default_factory=set)  # challenges with a status in base


class FollowUpDialog(FollowUpClosing, QDialog):
    """Record a new follow-up for ``participant`` or edit ``follow_up``.

    ``ladders`` maps ladder ids to ladders (the enrolments' ladders); ``areas`` are the
    organisation's main areas. ``today`` is the new follow-up's date (default: today); the
    draft is made for that day and is not redone when the mentor changes the date.
    """

    def __init__(
        self,
        participant: Participant,
        ladders: Mapping[uuid.UUID, Ladder],
        areas: Sequence[str],
        *,
        follow_up: FollowUp | None = None,
        today: datetime.date | None = None,
        names: Sequence[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._person = participant
        # Names to warn about in the notes (services.reporting.names_in_notes).
        self._names = list(names) if names is not None else [participant.name]
        self._ladders = dict(ladders)
        self._result: Participant | None = None
        day = follow_up.date if follow_up is not None else (today or datetime.date.today())
        base = follow_up if follow_up is not None else draft_follow_up(participant, ladders, day)
        self._form = _Form(base=base, editing=follow_up is not None)
        self.ladder_rows: list[LadderRow] = []
        self.challenge_boxes: dict[uuid.UUID, ChallengeStateBox] = {}
        self.area_boxes: dict[str, AreaScoreBox] = {}
        self._return_next: dict[QWidget, QWidget] = {}
        self._watching_focus = False

        title = self.tr("Ret opfølgning – {code}") if follow_up else self.tr("Opfølgning – {code}")
        self.setWindowTitle(title.format(code=participant.code))
        layout = QVBoxLayout(self)
        who = participant.code + (f" · {participant.name}" if participant.name else "")
        top = QHBoxLayout()
        layout.addLayout(top)
        top.addWidget(text_label(who, bold=True), 1)
        self.author_label: QLabel | None = None
        if follow_up is not None:  # an old follow-up says who made it
            self.author_label = text_label(
                self.tr("Registreret af {name}").format(name=author_text(follow_up))
            )
            muted(self.author_label)
            top.addWidget(self.author_label)

        # Dato, beside the code, always in view above the scrolling part.
        self.date_edit = DateBox(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        self.date_edit.setDate(to_qdate(day))
        self.date_edit.setAccessibleName(self.tr("Dato for opfølgningen"))
        date_label = QLabel(self.tr("&Dato:"), self)
        date_label.setBuddy(self.date_edit)
        top.addWidget(date_label)
        top.addWidget(self.date_edit)
        keys = text_label(
            self.tr(
                "Tast: ↑/↓ medarbejderens trin · Shift+↑/↓ deltagerens eget trin · "
                "= samme trin · Enter videre · Shift+Enter ny linje · 1/2/3 udfordringer · "
                "Ctrl+Enter gemmer · Esc lukker uden at gemme (spørger først, hvis du har "
                "skrevet noget)"
            ),
            selectable=False,
        )
        muted(keys)
        layout.addWidget(keys)

        # Ladders side by side, two to a row; below them the challenges beside the main
        # areas and the note, so two ladders and three areas fit a 1280×800 screen.
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        ladder_grid = QGridLayout()
        content_layout.addLayout(ladder_grid)
        self._build_ladders(content, ladder_grid)
        lower = QHBoxLayout()
        content_layout.addLayout(lower)
        left = QVBoxLayout()
        right = QVBoxLayout()
        lower.addLayout(left, 1)
        lower.addLayout(right, 1)
        self._build_challenges(content, left)
        left.addStretch(1)
        self._build_areas(content, right, areas)
        note_box = SectionBox(self.tr("&Samlet note"), content)
        note_layout = QVBoxLayout(note_box)
        self.note_edit = PlainTextField(note_box)
        self.note_edit.setPlainText(base.note)
        self.note_edit.setAccessibleName(self.tr("Samlet note for opfølgningen"))
        self.note_edit.setFixedHeight(self.note_edit.fontMetrics().lineSpacing() * 3 + 12)
        note_layout.addWidget(self.note_edit)
        note_box.entry = self.note_edit
        right.addWidget(note_box)
        right.addStretch(1)
        self.name_warning = ErrorLabel(content)
        self.name_warning.setAccessibleName(self.tr("Advarsel: navn i noten"))
        content_layout.addWidget(self.name_warning)
        content_layout.addStretch(1)
        self.note_edit.textChanged.connect(self._check_names)
        for ladder_row in self.ladder_rows:
            ladder_row.note_edit.textChanged.connect(self._check_names)
            ladder_row.action_edit.textChanged.connect(self._check_names)
        self._check_names()

        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(content)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(self.scroll_area, 1)

        self.error_label = ErrorLabel(self)
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button.setText(self.tr("Gem"))
        self.save_button.setAccessibleName(self.tr("Gem opfølgningen"))
        self.save_button.setToolTip(self.tr("Gem (Ctrl+Enter)"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), self)
            shortcut.activated.connect(self.accept)

        self._chain_focus()
        self.date_edit.dateChanged.connect(self._check_date)
        self._check_date()
        self.date_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._started_texts = self._texts()
        screen = self.screen() if parent is None else parent.screen()
        self.resize(self.size_for(screen.availableGeometry().size()))

    # --- Building the form -----------------------------------------------------------------

    def _build_ladders(self, content: QWidget, layout: QGridLayout) -> None:
        base, editing = self._form.base, self._form.editing
        ratings = {r.enrolment_id: r for r in base.ratings if not r.is_deleted}
        for enrolment in self._person.enrolments:
            ladder = self._ladders.get(enrolment.ladder_id)
            if enrolment.is_deleted or ladder is None or ladder.is_deleted:
                continue
            rating = ratings.get(enrolment.id)
            if rating is None and not editing:
                continue  # a ladder with no live steps: nothing to rate
            row = self._ladder_row(content, enrolment.id, ladder, rating)
            index = len(self.ladder_rows)
            layout.addWidget(row.box, index // LADDER_COLUMNS, index % LADDER_COLUMNS)
            self.ladder_rows.append(row)
            row.markers.set_ladder(
                ladder,
                staff=rating.staff_step_id if rating else None,
                participant=rating.participant_step_id if rating else None,
                goal=enrolment.goal_step_id,
            )
            row.shown_staff = row.markers.staff()
            self._show_signs(row)
        if not self.ladder_rows:
            box = QGroupBox(self.tr("Måltrapper"), content)
            QVBoxLayout(box).addWidget(
                text_label(self.tr("Deltageren er ikke placeret på nogen måltrappe."))
            )
            layout.addWidget(box, 0, 0)

    def _ladder_row(
        self,
        content: QWidget,
        enrolment_id: uuid.UUID,
        ladder: Ladder,
        rating: LadderRating | None,
    ) -> LadderRow:
        number = len(self.ladder_rows) + 1
        row = ladder_section(content, number, enrolment_id, ladder, rating)
        row.markers.staff_changed.connect(lambda _step, row=row: self._staff_moved(row))
        return row

    def _build_challenges(self, content: QWidget, layout: QVBoxLayout) -> None:
        box = SectionBox(self.tr("&Udfordringer"), content)
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        base = self._form.base
        statuses = {s.challenge_id: s.state for s in base.challenge_statuses if not s.is_deleted}
        self._form.stated = set(statuses)
        latest = latest_states(self._person, before=base.date)
        live = [c for c in self._person.challenges if not c.is_deleted]
        hint = (
            self.tr("Tast 1 uløst, 2 delvist løst, 3 løst.")
            if live
            else self.tr("Deltageren har ingen udfordringer registreret.")
        )
        grid.addWidget(text_label(hint), 0, 0, 1, 2)
        for row, challenge in enumerate(live, start=1):
            state = statuses.get(challenge.id, latest.get(challenge.id, ChallengeState.UNRESOLVED))
            choice = ChallengeStateBox(box)
            choice.set_state(state)
            choice.setAccessibleName(self.tr("Udfordring: {text}").format(text=challenge.text))
            self._form.initial_states[challenge.id] = state
            self.challenge_boxes[challenge.id] = choice
            box.entry = box.entry or choice
            label = text_label(mnemonic_safe(challenge.text), selectable=False)
            label.setBuddy(choice)  # the text names the choice for screen readers
            # The choice first, in one column, so long challenge texts wrap freely.
            grid.addWidget(choice, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, 1)
        layout.addWidget(box)

    def _build_areas(self, content: QWidget, layout: QVBoxLayout, areas: Sequence[str]) -> None:
        box = SectionBox(self.tr("&Hovedområder"), content)
        form = QFormLayout(box)
        base = self._form.base
        scores = {a.area.casefold(): a for a in base.area_scores if not a.is_deleted}
        names = list(areas)
        known = {a.casefold() for a in names}
        names += [
            a.area for a in base.area_scores if not a.is_deleted and a.area.casefold() not in known
        ]
        form.addRow(
            text_label(
                self.tr(
                    "Progression pr. hovedområde: -5 til -1 tilbagegang, 0 status quo, "
                    "1 til 4 fremgang, 5 målet er nået. – er ingen score."
                )
            )
        )
        before = latest_area_scores(self._person, before=base.date)
        latest = {area.casefold(): value for area, value in before.items()}
        for area in names:
            spin = AreaScoreBox(box)
            old = scores.get(area.casefold())
            spin.set_score(old.score if old is not None else None)
            spin.setAccessibleName(self.tr("Score for {area}").format(area=area))
            self.area_boxes[area] = spin
            box.entry = box.entry or spin
            row = QHBoxLayout()
            row.addWidget(spin)
            last = latest.get(area.casefold())
            hint = text_label(
                self.tr("Sidst: {score}").format(score=f"{last:+d}" if last else "0")
                if last is not None
                else self.tr("Ingen score før"),
                selectable=False,
            )
            muted(hint)
            row.addWidget(hint, 1)
            label = QLabel(box)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setText(mnemonic_safe(area) + ":")
            label.setBuddy(spin)
            form.addRow(label, row)
        if not names:
            form.addRow(text_label(self.tr("Organisationen har ingen hovedområder.")))
        layout.addWidget(box)

    def _chain_focus(self) -> None:
        """Tab goes top to bottom; Enter skips on to the next ladder or section."""
        chain: list[QWidget] = [self.date_edit]
        for row in self.ladder_rows:
            chain += [row.markers, row.note_edit, row.action_edit]
        chain += list(self.challenge_boxes.values())
        chain += list(self.area_boxes.values())
        chain.append(self.note_edit)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(self.note_edit, self.save_button)

        sections: list[QWidget] = [row.markers for row in self.ladder_rows]
        after_ladders = [*self.challenge_boxes.values(), *self.area_boxes.values(), self.note_edit]
        sections.append(after_ladders[0])
        self._return_next[self.date_edit] = sections[0]
        for index, row in enumerate(self.ladder_rows):
            self._return_next[row.markers] = row.note_edit
            self._return_next[row.note_edit] = sections[index + 1]
            self._return_next[row.action_edit] = sections[index + 1]
        for first, second in itertools.pairwise(after_ladders):
            self._return_next[first] = second

    # --- Reacting ------------------------------------------------------------------------

    def _staff_moved(self, row: LadderRow) -> None:
        new = row.markers.staff()
        action = action_after_step_change(row.ladder, row.shown_staff, new, row.action_edit.text())
        if action != row.action_edit.text():
            row.action_edit.setText(action)
        row.shown_staff = new
        self._show_signs(row)

    def _show_signs(self, row: LadderRow) -> None:
        show_signs(row)

    def _check_date(self) -> bool:
        """Show the clash with another follow-up on the chosen day; True when the day is free."""
        other = self._form.base.id if self._form.editing else None
        if other is not None and self.day() == self._form.base.date:
            # Its own day: sync may keep two follow-ups on one day (one from each laptop),
            # and each of them can still be corrected where it is.
            self.error_label.clear_message()
            return True
        if follow_up_on(self._person, self.day(), other_than=other) is not None:
            self.error_label.show_message(
                self.tr("Der er allerede en opfølgning den dag – ret den i stedet.")
            )
            return False
        self.error_label.clear_message()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and modifiers == Qt.KeyboardModifier.NoModifier
        ):
            focus = QApplication.focusWidget()
            if isinstance(focus, QPushButton):
                super().keyPressEvent(event)
                return
            target = self._return_target(focus)
            if target is not None:
                target.setFocus(Qt.FocusReason.TabFocusReason)
            event.accept()  # Enter moves on; only Ctrl+Enter (or the button) saves
            return
        super().keyPressEvent(event)

    def _return_target(self, focus: QObject | None) -> QWidget | None:
        while focus is not None:
            if isinstance(focus, QWidget) and focus in self._return_next:
                return self._return_next[focus]
            focus = focus.parent()  # the line edit inside a spin or date box
        return None

    def _ensure_visible(self, _old: QWidget | None, new: QWidget | None) -> None:
        content = self.scroll_area.widget()
        if new is not None and content is not None and content.isAncestorOf(new):
            self.scroll_area.ensureWidgetVisible(new, 20, 20)

    def showEvent(self, event: QShowEvent) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication) and not self._watching_focus:
            app.focusChanged.connect(self._ensure_visible)
            self._watching_focus = True
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication) and self._watching_focus:
            app.focusChanged.disconnect(self._ensure_visible)
            self._watching_focus = False
        super().hideEvent(event)

    # --- The result ----------------------------------------------------------------------

    @property
    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    @property
    def is_editing(self) -> bool:
        return self._form.editing

    def day(self) -> datetime.date:
        return from_qdate(self.date_edit.date())

    def follow_up(self) -> FollowUp:
        """The follow-up as the form shows it; raises InvalidDataError on invalid values."""
        form = self._form
        states: dict[uuid.UUID, ChallengeState] = {}
        for challenge_id, choice in self.challenge_boxes.items():
            state = choice.state()
            # A new follow-up states every challenge; an edited one only those it stated
            # or the mentor changed.
            if (
                not form.editing
                or challenge_id in form.stated
                or state != form.initial_states.get(challenge_id)
            ):
                states[challenge_id] = state
        return revise_follow_up(
            form.base,
            day=self.day(),
            note=kept(self.note_edit.toPlainText(), form.base.note),
            ratings=[row.values() for row in self.ladder_rows],
            states=states,
            scores={area: spin.score() for area, spin in self.area_boxes.items()},
        )

    def _check_names(self) -> None:
        """Warn while typing when a note names a participant: reports without the name
        print the code instead, but a note is best written with the code."""
        texts = [self.note_edit.toPlainText()]
        for row in self.ladder_rows:
            texts += [row.note_edit.text(), row.action_edit.text()]
        found = find_names("\n".join(texts), [n for n in self._names if n.strip()])
        if not found:
            self.name_warning.clear_message()
            return
        self.name_warning.show_message(
            self.tr(
                "Noten nævner {names}. I rapporter uden navn skrives koden i stedet, men "
                "skriv helst deltagerens kode."
            ).format(names=", ".join(found))
        )

    def result_participant(self) -> Participant:
        """The participant with the new or edited follow-up (not stored)."""
        if self._result is not None:
            return self._result
        return with_follow_up(self._person, self.follow_up())

    def accept(self) -> None:
        if not self._check_date():
            self.date_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        try:
            person = with_follow_up(self._person, self.follow_up())
        except ForandringError as exc:
            self.error_label.show_message(short_error_text(exc))
            return
        self._result = person
        super().accept()
