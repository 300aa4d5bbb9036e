"""A participant's follow-ups as a history: one row per follow-up (date, who made it, steps,
notes, actions) with the full text on hover, and a pane showing the selected follow-up in full.

A note can be written in two places in the follow-up dialog: under each ladder (where
Enter from the staircase goes, so most notes end up there) and in "Samlet note" for the
whole follow-up. The history shows both; it used to show only the whole follow-up's note,
so a note written under a ladder looked lost.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import Ladder, Participant
from forandring_desktop.model.participants import (
    UNKNOWN_AUTHOR,
    ChallengeState,
    FollowUp,
    live_follow_ups,
)
from forandring_desktop.ui.dates import date_text

DATE, AUTHOR, STEPS, NOTES, ACTIONS = range(5)


def state_word(state: ChallengeState) -> str:
    words = {
        ChallengeState.UNRESOLVED: QCoreApplication.translate("FollowUpHistory", "Uløst"),
        ChallengeState.PARTLY: QCoreApplication.translate("FollowUpHistory", "Delvist løst"),
        ChallengeState.FULLY: QCoreApplication.translate("FollowUpHistory", "Løst"),
    }
    return words[state]


def level_text(ladder: Ladder, step_id: uuid.UUID | None) -> str:
    """'3' for a live step, 'udgået' for a retired one, '–' for none."""
    if step_id is None:
        return "–"
    level = ladder.level_of(step_id)
    return (
        str(level) if level is not None else QCoreApplication.translate("FollowUpHistory", "udgået")
    )


def step_text(ladder: Ladder, step_id: uuid.UUID | None) -> str:
    """'3. DELMÅL …' for a live step, 'udgået trin: …' for a retired one, '–' for none."""
    if step_id is None:
        return "–"
    level = ladder.level_of(step_id)
    step = next((s for s in ladder.steps if s.id == step_id), None)
    text = step.text if step is not None else ""
    if level is None:
        return QCoreApplication.translate("FollowUpHistory", "udgået trin: {text}").format(
            text=text
        )
    return f"{level}. {text}"


def author_text(follow_up: FollowUp) -> str:
    """Who made the follow-up: their name then, or "ukendt" for one from before authors
    were kept."""
    unknown = QCoreApplication.translate("FollowUp", UNKNOWN_AUTHOR)  # lupdate: marked in model
    return follow_up.author_name or unknown


def _title(ladder: Ladder) -> str:
    return ladder.title or ladder.change_goal


class FollowUpHistory(QWidget):
    """The Opfølgninger tab. Emits ``activated`` with a follow-up's id on double-click or
    Enter (the page opens it for editing)."""

    activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._follow_ups: list[FollowUp] = []
        self._person: Participant | None = None
        self._ladders: dict[uuid.UUID, Ladder] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter)

        self.table = QTableWidget(0, 5, splitter)
        self.table.setAccessibleName(self.tr("Opfølgninger"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Dato"),
                self.tr("Af"),
                self.tr("Trin (medarb. / egen)"),
                self.tr("Note"),
                self.tr("Handling"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)  # one line per follow-up, elided; full text on hover
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AUTHOR, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(STEPS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTES, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ACTIONS, QHeaderView.ResizeMode.Stretch)
        self.table.itemActivated.connect(self._activated)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_detail(row))
        splitter.addWidget(self.table)

        self.detail = QPlainTextEdit(splitter)
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName(self.tr("Den valgte opfølgning"))
        self.detail.setPlaceholderText(self.tr("Vælg en opfølgning for at se den i sin helhed."))
        self.detail.setTabChangesFocus(True)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

    # -- public ----------------------------------------------------------------------------

    def selected_follow_up(self) -> FollowUp | None:
        row = self.table.currentRow()
        return self._follow_ups[row] if 0 <= row < len(self._follow_ups) else None

    def set_participant(
        self, person: Participant | None, ladders: Mapping[uuid.UUID, Ladder]
    ) -> None:
        keep = self.selected_follow_up()
        same_person = (
            person is not None and self._person is not None and person.id == self._person.id
        )
        before = {f.id for f in self._follow_ups}
        self._person = person
        self._ladders = dict(ladders)
        self._follow_ups = list(reversed(live_follow_ups(person))) if person else []
        table = self.table
        table.setRowCount(len(self._follow_ups))
        for row, follow_up in enumerate(self._follow_ups):
            cells = [
                date_text(follow_up.date),
                author_text(follow_up),
                self._steps(follow_up),
                self._notes(follow_up),
                self._actions(follow_up),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(" · ".join(text.splitlines()))
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, str(follow_up.id))
                table.setItem(row, column, item)
        ids = [f.id for f in self._follow_ups]
        # A follow-up just recorded is shown; else the one selected stays; else the newest.
        added = [i for i in ids if i not in before] if same_person else []
        if added:
            table.setCurrentCell(ids.index(added[0]), DATE)
        elif keep is not None and keep.id in ids:
            table.setCurrentCell(ids.index(keep.id), DATE)
        elif ids:
            table.setCurrentCell(0, DATE)
        self._show_detail(table.currentRow())

    def detail_text(self, follow_up: FollowUp) -> str:
        """The follow-up in full, in words: every ladder, challenge, area and note."""
        lines = [
            self.tr("Opfølgning {day} ved {name}").format(
                day=date_text(follow_up.date), name=author_text(follow_up)
            )
        ]
        ladder_of = self._ladder_of()
        for rating in follow_up.ratings:
            ladder = ladder_of.get(rating.enrolment_id)
            if rating.is_deleted or ladder is None:
                continue
            lines += [
                "",
                self.tr("Måltrappe: {title}").format(title=_title(ladder)),
                self.tr("  Medarbejderens vurdering: {step}").format(
                    step=step_text(ladder, rating.staff_step_id)
                ),
                self.tr("  Deltagerens egen vurdering: {step}").format(
                    step=step_text(ladder, rating.participant_step_id)
                ),
                self.tr("  Note: {text}").format(text=rating.note or "–"),
                self.tr("  Handling: {text}").format(text=rating.action or "–"),
            ]
        challenges = (
            {c.id: c.text for c in self._person.challenges} if self._person is not None else {}
        )
        states = [s for s in follow_up.challenge_statuses if not s.is_deleted]
        if states:
            lines += ["", self.tr("Udfordringer:")]
            lines += [
                f"  {challenges.get(s.challenge_id, '?')}: {state_word(s.state)}" for s in states
            ]
        scores = [a for a in follow_up.area_scores if not a.is_deleted]
        if scores:
            lines += ["", self.tr("Hovedområder:")]
            lines += [f"  {a.area}: {a.score:+d}" for a in scores]
        lines += ["", self.tr("Samlet note: {text}").format(text=follow_up.note or "–")]
        return "\n".join(lines)

    # -- parts -----------------------------------------------------------------------------

    def _ladder_of(self) -> dict[uuid.UUID, Ladder]:
        if self._person is None:
            return {}
        return {
            e.id: self._ladders[e.ladder_id]
            for e in self._person.enrolments
            if e.ladder_id in self._ladders
        }

    def _steps(self, follow_up: FollowUp) -> str:
        ladder_of = self._ladder_of()
        return ", ".join(
            f"{level_text(ladder, r.staff_step_id)} / {level_text(ladder, r.participant_step_id)}"
            for r in follow_up.ratings
            if not r.is_deleted and (ladder := ladder_of.get(r.enrolment_id)) is not None
        )

    def _per_ladder(self, follow_up: FollowUp, field: str) -> list[str]:
        """Each ladder's note or action; named by its ladder when there are several."""
        ladder_of = self._ladder_of()
        rated = [
            (ladder, getattr(r, field))
            for r in follow_up.ratings
            if not r.is_deleted and (ladder := ladder_of.get(r.enrolment_id)) is not None
        ]
        texts = [(ladder, text.strip()) for ladder, text in rated if text.strip()]
        if len(rated) <= 1:
            return [text for _ladder, text in texts]
        return [f"{_title(ladder)}: {text}" for ladder, text in texts]

    def _notes(self, follow_up: FollowUp) -> str:
        notes = self._per_ladder(follow_up, "note")
        if follow_up.note.strip():
            notes.append(follow_up.note.strip())
        return "\n".join(notes)

    def _actions(self, follow_up: FollowUp) -> str:
        return "\n".join(self._per_ladder(follow_up, "action"))

    def _show_detail(self, row: int) -> None:
        if 0 <= row < len(self._follow_ups):
            self.detail.setPlainText(self.detail_text(self._follow_ups[row]))
        else:
            self.detail.clear()

    def _activated(self, item: QTableWidgetItem) -> None:
        self.activated.emit(uuid.UUID(str(item.data(Qt.ItemDataRole.UserRole))))
