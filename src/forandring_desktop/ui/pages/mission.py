"""Step 1 of the guide: organisation name and vision (editable) and the mission drafts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import (
    CHECKLIST_TEXT,
    ChecklistQuestion,
    ForandringError,
    MissionDraft,
    Organisation,
    OrganisationDocument,
)
from forandring_desktop.model.base import SHORT_TEXT_MAX
from forandring_desktop.model.mission import MISSION_COMBINE, MISSION_QUESTIONS
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.services.organisation import update_organisation
from forandring_desktop.storage import Store
from forandring_desktop.ui.dialogs import short_error_text, show_error
from forandring_desktop.ui.pages.base import Page, scrolling
from forandring_desktop.ui.undo import FieldEditCommand
from forandring_desktop.ui.widgets import (
    ErrorLabel,
    PlainTextField,
    answer_word,
    bullets,
    clear_layout,
    heading,
    text_label,
    use_window_undo,
)
from forandring_desktop.ui.workspace import Workspace

NAME_KIND = "organisation.name"
VISION_KIND = "organisation.vision"


class MissionPage(Page):
    shows = frozenset({"Organisation", "MissionDraft"})

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self._stored_name: str | None = None
        self._stored_vision: str | None = None
        self._drafts: list[MissionDraft] | None = None
        self._name_session = 0
        self._vision_session = 0
        self._showing = False  # set while a value is put into a field (no new command)

        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.addWidget(heading(self.tr("1. Mission")))
        layout.addWidget(
            text_label(
                self.tr(
                    "Skriv organisationens navn og vision. Alt gemmes med det samme; "
                    "Fortryd (Ctrl+Z) tager en ændring tilbage."
                )
            )
        )

        top = QHBoxLayout()
        top.addWidget(self._build_fields(), 3)
        top.addWidget(self._build_help(), 2)
        layout.addLayout(top)

        drafts_box = QGroupBox(self.tr("Missionsbud"), content)
        drafts_box.setAccessibleName(self.tr("Missionsbud"))
        drafts_layout = QVBoxLayout(drafts_box)
        drafts_layout.addWidget(
            text_label(
                self.tr(
                    "Skriv mindst tre bud på en mission, sammenlign dem med tjeklisten, og vælg ét."
                )
            )
        )
        self.drafts_note = text_label(self.tr("Redigering af missionsbud kommer i næste version."))
        drafts_layout.addWidget(self.drafts_note)
        self._cards = QHBoxLayout()
        drafts_layout.addLayout(self._cards)
        layout.addWidget(drafts_box)
        layout.addStretch(1)
        scrolling(self, content)

    # --- Building ---------------------------------------------------------------------

    def _build_fields(self) -> QGroupBox:
        box = QGroupBox(self.tr("Organisation og vision"))
        box.setAccessibleName(self.tr("Organisation og vision"))
        outer = QVBoxLayout(box)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)  # the fields stay at the top when the help beside is taller

        self.name_edit = QLineEdit(box)
        self.name_edit.setMaxLength(SHORT_TEXT_MAX)
        self.name_edit.setAccessibleName(self.tr("Organisationens navn"))
        use_window_undo(self.name_edit)
        self.name_error = ErrorLabel(box)
        form.addRow(self.tr("Organisationens &navn:"), self.name_edit)
        form.addRow("", self.name_error)

        self.vision_edit = PlainTextField(box)
        self.vision_edit.setAccessibleName(self.tr("Vision"))
        self.vision_edit.setPlaceholderText(
            self.tr("Den verden I gerne vil bidrage til, eller den organisation I gerne vil være.")
        )
        self.vision_edit.setMinimumHeight(90)
        self.vision_edit.setMaximumHeight(180)
        self.vision_error = ErrorLabel(box)
        form.addRow(self.tr("&Vision:"), self.vision_edit)
        form.addRow("", self.vision_error)

        self.name_edit.textEdited.connect(self._on_name_edited)
        self.name_edit.editingFinished.connect(self._end_name_session)
        self.vision_edit.textChanged.connect(self._on_vision_changed)
        self.vision_edit.editingFinished.connect(self._end_vision_session)
        return box

    def _build_help(self) -> QGroupBox:
        box = QGroupBox(self.tr("Vejledning"))
        box.setAccessibleName(self.tr("Vejledning"))
        layout = QVBoxLayout(box)
        layout.addWidget(text_label(self.tr("VISIONEN"), bold=True))
        layout.addWidget(
            text_label(
                self.tr(
                    "Den verden I gerne vil bidrage til og/eller den organisation, "
                    "I gerne vil være."
                )
            )
        )
        layout.addWidget(text_label(self.tr("MISSIONEN"), bold=True))
        layout.addWidget(
            text_label(
                self.tr("Det som I gør for at bidrage til, at jeres vision bliver virkelighed.")
            )
        )
        layout.addWidget(text_label(self.tr("De tre spørgsmål"), bold=True))
        layout.addWidget(text_label(bullets(MISSION_QUESTIONS.values())))
        layout.addWidget(text_label(MISSION_COMBINE))
        layout.addWidget(text_label(self.tr("Tjekliste til missionen"), bold=True))
        layout.addWidget(
            text_label(
                "\n".join(
                    f"{i}. {CHECKLIST_TEXT[q]}" for i, q in enumerate(ChecklistQuestion, start=1)
                )
            )
        )
        layout.addStretch(1)
        return box

    def _checklist_short(self, question: ChecklistQuestion) -> str:
        names = {
            ChecklistQuestion.CONCRETE: self.tr("Lover noget konkret"),
            ChecklistQuestion.REALISTIC: self.tr("Realistisk"),
            ChecklistQuestion.OUR_PART: self.tr("Holder sig til vores del"),
            ChecklistQuestion.BURNING_PLATFORM: self.tr("Brændende platform"),
        }
        return names[question]

    def _draft_card(self, number: int, draft: MissionDraft) -> QGroupBox:
        title = draft.title or self.tr("Bud {n}").format(n=number)
        if draft.chosen:
            title = self.tr("{title} – Valgt").format(title=title)
        card = QGroupBox(title)
        card.setAccessibleName(title)
        card.setMinimumWidth(260)
        layout = QVBoxLayout(card)
        if draft.chosen:
            chosen = text_label(self.tr("✔ Valgt mission"), bold=True)
            chosen.setStyleSheet("color: #2d7a36;")
            layout.addWidget(chosen)
        for caption, text in (
            (self.tr("HVEM"), draft.who),
            (self.tr("HVAD"), draft.what),
            (self.tr("HVORDAN"), draft.how),
            (self.tr("MISSION"), draft.mission_text),
        ):
            layout.addWidget(text_label(caption, bold=True))
            layout.addWidget(text_label(text or "–"))
        layout.addWidget(text_label(self.tr("TJEKLISTE"), bold=True))
        for i, answer in enumerate(draft.checklist, start=1):
            line = text_label(
                f"{i}. {self._checklist_short(answer.question)}: {answer_word(answer.answer)}"
            )
            line.setToolTip(CHECKLIST_TEXT[answer.question])
            layout.addWidget(line)
            if answer.note:
                note = text_label(answer.note)
                note.setIndent(16)
                layout.addWidget(note)
        layout.addStretch(1)
        return card

    # --- Refresh ----------------------------------------------------------------------

    def refresh(self, doc: OrganisationDocument) -> None:
        org = doc.organisation
        if org.name != self._stored_name:
            self._stored_name = org.name
            self._show_name(org.name)
            self.name_error.clear_message()
            self._name_session += 1
        if org.vision != self._stored_vision:
            self._stored_vision = org.vision
            self._show_vision(org.vision)
            self.vision_error.clear_message()
            self._vision_session += 1
        drafts = [d for d in doc.mission_drafts if not d.is_deleted]
        if drafts != self._drafts:
            self._drafts = drafts
            clear_layout(self._cards)
            for number, draft in enumerate(drafts, start=1):
                self._cards.addWidget(self._draft_card(number, draft))
            if not drafts:
                self._cards.addWidget(text_label(self.tr("Der er endnu ingen missionsbud.")))
            self._cards.addStretch(1)

    # --- Editing ----------------------------------------------------------------------

    def _on_name_edited(self, text: str) -> None:
        self._push(
            FieldEditCommand(
                NAME_KIND,
                self._stored_name,
                text,
                apply=lambda value: self._save(self.name_error, name=value),
                show=self._show_name,
                text=self.tr("ændring af navn"),
                session=self._name_session,
                on_error=self._error_reporter(self.name_error),
            )
        )

    def _on_vision_changed(self) -> None:
        if self._showing:
            return
        self._push(
            FieldEditCommand(
                VISION_KIND,
                self._stored_vision,
                self.vision_edit.toPlainText(),
                apply=lambda value: self._save(self.vision_error, vision=value),
                show=self._show_vision,
                text=self.tr("ændring af vision"),
                session=self._vision_session,
                on_error=self._error_reporter(self.vision_error),
            )
        )

    def _push(self, command: FieldEditCommand) -> None:
        self.workspace.undo_stack.push(command)

    def _save(self, error_label: ErrorLabel, **fields: str) -> None:
        def action(store: Store) -> ChangeSet:
            change = update_organisation(store, **fields)
            org = change.entities[0]
            if isinstance(org, Organisation):
                # Remember before the change signal, so refresh() sees nothing new to show.
                self._stored_name = org.name
                self._stored_vision = org.vision
            return change

        self.workspace.run(action)
        error_label.clear_message()

    def _error_reporter(self, label: ErrorLabel) -> Callable[[Exception], None]:
        def report(exc: Exception) -> None:
            if isinstance(exc, ForandringError):
                label.show_message(short_error_text(exc))
            else:
                # Not from inside QUndoStack.push(): show the box once the push is done.
                QTimer.singleShot(0, lambda: show_error(self, exc))

        return report

    def _show_name(self, value: str) -> None:
        if self.name_edit.text() != value:
            self.name_edit.setText(value)  # setText() does not emit textEdited

    def _show_vision(self, value: str) -> None:
        if self.vision_edit.toPlainText() == value:
            return
        self._showing = True
        try:
            self.vision_edit.setPlainText(value)
        finally:
            self._showing = False

    def _end_name_session(self) -> None:
        self._name_session += 1
        if self.name_error.message() and self._stored_name is not None:
            # The typed text could not be saved (e.g. empty); show what is stored.
            self.name_error.clear_message()
            self._show_name(self._stored_name)

    def _end_vision_session(self) -> None:
        self._vision_session += 1
        if self.vision_error.message() and self._stored_vision is not None:
            self.vision_error.clear_message()
            self._show_vision(self._stored_vision)
