"""One mission draft (the guide's missions-arbejdsark) as an editable card: title, HVEM /
HVAD / HVORDAN, the combined mission, the four checklist questions (Ja / Nej / Usikker and
a note) and "Valgt mission". Typing merges into one undo step per field; the page does the
other gestures.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import CHECKLIST_TEXT, Answer, ChecklistQuestion, MissionDraft
from forandring_desktop.model.base import SHORT_TEXT_MAX
from forandring_desktop.model.mission import MISSION_COMBINE, MISSION_QUESTIONS
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.services.mission import set_checklist_answer, update_mission_draft
from forandring_desktop.storage import Store
from forandring_desktop.ui.binding import TextBinding
from forandring_desktop.ui.story_cards import guide_text
from forandring_desktop.ui.widgets import ErrorLabel, PlainTextField, text_label
from forandring_desktop.ui.workspace import Reveal

if TYPE_CHECKING:
    from forandring_desktop.ui.pages.mission import MissionPage

DRAFT_TEXT_FIELDS = ("title", "who", "what", "how", "mission_text")
CARD_WIDTH = 320  # three drafts side by side beside the navigation at 1280 px
CHOSEN_TINT = "#e3f1e4"  # light green: the chosen draft's card
ANSWERS = (Answer.UNANSWERED, Answer.YES, Answer.NO, Answer.UNCERTAIN)


def draft_kind(field: str) -> str:
    return f"mission_draft.{field}"


def note_kind(question: ChecklistQuestion) -> str:
    return f"mission_draft.note.{question.value}"


def _draft_saver(field: str) -> Callable[[Store, uuid.UUID, str], ChangeSet]:
    def save(store: Store, draft_id: uuid.UUID, value: str) -> ChangeSet:
        return update_mission_draft(store, draft_id, **{field: value})

    return save


def _note_saver(question: ChecklistQuestion) -> Callable[[Store, uuid.UUID, str], ChangeSet]:
    def save(store: Store, draft_id: uuid.UUID, value: str) -> ChangeSet:
        return set_checklist_answer(store, draft_id, question, note=value)

    return save


def _in_draft(kind: str) -> Callable[[uuid.UUID], Reveal]:
    return lambda draft_id: Reveal(MissionDraft, draft_id, field=kind)


def _small(label: QLabel) -> QLabel:
    font = label.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * 0.9)
    label.setFont(font)
    return label


class DraftCard(QGroupBox):
    """One mission draft (missions-arbejdsark) as an editable card."""

    def __init__(self, page: MissionPage, draft_id: uuid.UUID) -> None:
        super().__init__(page.cards_widget)
        self.page = page
        self.draft_id = draft_id
        self.number = 0
        self.chosen = False
        self.setFixedWidth(CARD_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Maximum)
        self.bindings: dict[str, TextBinding[uuid.UUID]] = {}
        layout = QVBoxLayout(self)

        # A badge, and the card tinted (show_draft): the chosen draft stands out at a
        # glance among the others, not only by its words.
        self.chosen_label = text_label(self.tr("✔ Valgt mission"), bold=True, selectable=False)
        self.chosen_label.setObjectName("chosen_badge")
        self.chosen_label.setStyleSheet(
            "QLabel#chosen_badge { color: white; background: #1e5c27; border-radius: 4px;"
            " padding: 3px 8px; }"
        )
        self.chosen_label.setAccessibleName(self.tr("Valgt mission"))
        self.chosen_label.hide()
        layout.addWidget(self.chosen_label, 0, Qt.AlignmentFlag.AlignLeft)

        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(SHORT_TEXT_MAX)
        self._bind_text(layout, self.tr("Titel"), "title", self.title_edit)

        questions = (
            ("who", self.tr("1. HVEM"), MISSION_QUESTIONS["who"]),
            ("what", self.tr("2. HVAD"), MISSION_QUESTIONS["what"]),
            ("how", self.tr("3. HVORDAN"), MISSION_QUESTIONS["how"]),
        )
        for field, caption, question in questions:
            edit = self._text_field(60)
            edit.setToolTip(guide_text(question))
            self._bind_text(layout, caption, field, edit, help_text=guide_text(question))

        self.mission_edit = self._text_field(100)
        self._bind_text(
            layout,
            self.tr("MISSION"),
            "mission_text",
            self.mission_edit,
            help_text=guide_text(MISSION_COMBINE),
        )

        layout.addWidget(text_label(self.tr("TJEKLISTE"), bold=True))
        self.answer_boxes: dict[ChecklistQuestion, QComboBox] = {}
        self.note_edits: dict[ChecklistQuestion, PlainTextField] = {}
        for number, question in enumerate(ChecklistQuestion, start=1):
            self._checklist_row(layout, number, question)

        self.chosen_box = QCheckBox(self.tr("Valgt mission"), self)
        self.chosen_box.setToolTip(
            self.tr("Vælg det bud – eller den kombination af bud – der giver bedst mening.")
        )
        self.chosen_box.clicked.connect(self._on_chosen_clicked)
        layout.addWidget(self.chosen_box, 0, Qt.AlignmentFlag.AlignLeft)

        self.delete_button = QPushButton(self.tr("Slet bud"), self)
        self.delete_button.setToolTip(self.tr("Slet buddet (Ctrl+Z fortryder)"))
        self.delete_button.clicked.connect(lambda: page.delete_draft(self.draft_id))
        layout.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignLeft)

    # --- Building -----------------------------------------------------------------------

    def _text_field(self, height: int) -> PlainTextField:
        edit = PlainTextField(self)
        edit.setMinimumHeight(height)
        edit.setMaximumHeight(height * 3 // 2)
        return edit

    def _bind_text(
        self,
        layout: QVBoxLayout,
        caption: str,
        field: str,
        edit: QLineEdit | PlainTextField,
        *,
        help_text: str = "",
    ) -> None:
        label = text_label(caption, bold=True, selectable=False)
        label.setBuddy(edit)
        layout.addWidget(label)
        if help_text:
            layout.addWidget(_small(text_label(help_text)))
        layout.addWidget(edit)
        error = ErrorLabel(self)
        layout.addWidget(error)
        self.bindings[field] = TextBinding(
            edit,
            workspace=self.page.workspace,
            kind=draft_kind(field),
            undo_text=self.tr("ændring af missionsbud"),
            save=_draft_saver(field),
            error=error,
            reveal=_in_draft(draft_kind(field)),
        )

    def _checklist_row(self, layout: QVBoxLayout, number: int, question: ChecklistQuestion) -> None:
        row = QHBoxLayout()
        caption = text_label(f"{number}. {self.page.checklist_short(question)}", bold=True)
        caption.setToolTip(guide_text(CHECKLIST_TEXT[question]))
        row.addWidget(caption, 1)
        combo = QComboBox(self)
        for answer in ANSWERS:
            combo.addItem(self.page.answer_text(answer), answer.value)
        combo.setToolTip(guide_text(CHECKLIST_TEXT[question]))
        combo.activated.connect(
            lambda index, q=question, c=combo: self._on_answer(q, Answer(c.itemData(index)))
        )
        caption.setBuddy(combo)
        row.addWidget(combo)
        layout.addLayout(row)
        layout.addWidget(_small(text_label(guide_text(CHECKLIST_TEXT[question]))))
        note = PlainTextField(self)
        note.setPlaceholderText(self.tr("Note"))
        note.setMinimumHeight(40)
        note.setMaximumHeight(60)
        layout.addWidget(note)
        error = ErrorLabel(self)
        layout.addWidget(error)
        self.answer_boxes[question] = combo
        self.note_edits[question] = note
        self.bindings[note_kind(question)] = TextBinding(
            note,
            workspace=self.page.workspace,
            kind=note_kind(question),
            undo_text=self.tr("ændring af note i tjeklisten"),
            save=_note_saver(question),
            error=error,
            reveal=_in_draft(note_kind(question)),
        )

    # --- Showing ------------------------------------------------------------------------

    def show_draft(self, number: int, draft: MissionDraft) -> None:
        self.number = number
        self.chosen = draft.chosen
        title = (
            self.tr("Bud &{n}").format(n=number)
            if number < 10
            else self.tr("Bud {n}").format(n=number)
        )
        if draft.chosen:
            title = self.tr("{title} – valgt mission").format(title=title)
        self.setTitle(title)
        name = draft.title or self.tr("Bud {n}").format(n=number)
        self.setAccessibleName(self.tr("Missionsbud {name}").format(name=name))
        self.title_edit.setPlaceholderText(self.tr("Bud {n}").format(n=number))
        for field in DRAFT_TEXT_FIELDS:
            self.bindings[field].load(draft.id, getattr(draft, field))
        for item in draft.checklist:
            self.bindings[note_kind(item.question)].load(draft.id, item.note)
            combo = self.answer_boxes[item.question]
            combo.setCurrentIndex(ANSWERS.index(item.answer))
        self.chosen_box.setChecked(draft.chosen)
        self.chosen_label.setVisible(draft.chosen)
        self._mark_chosen(draft.chosen)
        self._name_controls(name)

    def _mark_chosen(self, chosen: bool) -> None:
        """The chosen card on a light green ground (the palette's own ground otherwise)."""
        self.setAutoFillBackground(chosen)
        palette = self.page.palette()
        if chosen:
            palette.setColor(QPalette.ColorRole.Window, QColor(CHOSEN_TINT))
        self.setPalette(palette)

    def _name_controls(self, name: str) -> None:
        """Accessible names that say which draft (several cards have the same controls)."""

        def named(widget: QWidget, what: str) -> None:
            widget.setAccessibleName(f"{what} – {name}")

        named(self.title_edit, self.tr("Titel"))
        named(self.bindings["who"].widget, self.tr("HVEM"))
        named(self.bindings["what"].widget, self.tr("HVAD"))
        named(self.bindings["how"].widget, self.tr("HVORDAN"))
        named(self.mission_edit, self.tr("Mission"))
        for question in ChecklistQuestion:
            short = self.page.checklist_short(question)
            named(self.answer_boxes[question], short)
            named(self.note_edits[question], self.tr("Note til {q}").format(q=short.lower()))
        named(self.chosen_box, self.tr("Valgt mission"))
        named(self.delete_button, self.tr("Slet bud"))

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [self.title_edit]
        chain += [self.bindings[f].widget for f in ("who", "what", "how", "mission_text")]
        for question in ChecklistQuestion:
            chain += [self.answer_boxes[question], self.note_edits[question]]
        return [*chain, self.chosen_box, self.delete_button]

    # --- Gestures -----------------------------------------------------------------------

    def _on_answer(self, question: ChecklistQuestion, answer: Answer) -> None:
        self.page.set_answer(self.draft_id, question, answer)

    def _on_chosen_clicked(self, checked: bool) -> None:
        self.page.choose(self.draft_id if checked else None)
