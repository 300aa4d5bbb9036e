"""Step 1 of the guide: organisation name and vision, the mission drafts and the story cards.

The drafts are the guide's missions-arbejdsark, one card each, side by side: HVEM / HVAD /
HVORDAN, the combined mission, the four checklist questions (Ja / Nej / Usikker and a note)
and "Valgt mission" (``draft_card``). Every gesture is one step on the window's undo stack,
saved at once.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import (
    CHECKLIST_TEXT,
    Answer,
    ChecklistQuestion,
    MissionDraft,
    Organisation,
    OrganisationDocument,
)
from forandring_desktop.model.base import SHORT_TEXT_MAX
from forandring_desktop.model.mission import MISSION_COMBINE, MISSION_QUESTIONS
from forandring_desktop.reports import SHEETS
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.services.mission import (
    add_mission_draft,
    choose_mission_draft,
    delete_mission_draft,
    restore_mission_draft,
    set_checklist_answer,
)
from forandring_desktop.services.organisation import update_organisation
from forandring_desktop.storage import Store
from forandring_desktop.ui.binding import TextBinding
from forandring_desktop.ui.flow_layout import FlowLayout
from forandring_desktop.ui.help import METHOD_ANCHORS, step_heading
from forandring_desktop.ui.operations import push_op
from forandring_desktop.ui.pages.base import Page, scrolling
from forandring_desktop.ui.pages.draft_card import DraftCard, draft_kind, note_kind
from forandring_desktop.ui.pages.report_jobs import filled_job
from forandring_desktop.ui.printing import PrintJob
from forandring_desktop.ui.story_cards import StoryCardsDialog, guide_text
from forandring_desktop.ui.widgets import (
    ErrorLabel,
    PlainTextField,
    bullets,
    explained_box,
    text_label,
)
from forandring_desktop.ui.workspace import Reveal, Workspace

NAME_KIND = "organisation.name"
VISION_KIND = "organisation.vision"

__all__ = ["DraftCard", "MissionPage", "draft_kind", "note_kind"]


def _save_organisation_name(store: Store, _target: str, value: str) -> ChangeSet:
    return update_organisation(store, name=value)


def _save_organisation_vision(store: Store, _target: str, value: str) -> ChangeSet:
    return update_organisation(store, vision=value)


class MissionPage(Page):
    shows = frozenset({Organisation, MissionDraft})
    help_anchor = "mission"
    prints = True

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self._drafts: list[MissionDraft] = []
        self._organisation_id: uuid.UUID | None = None
        self.cards: dict[uuid.UUID, DraftCard] = {}
        self.story_dialog: StoryCardsDialog | None = None

        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.addWidget(step_heading(self, self.tr("1. Mission"), METHOD_ANCHORS["mission"]))
        layout.addWidget(
            text_label(
                self.tr(
                    "Skriv organisationens navn og vision, og lav mindst tre bud på en mission. "
                    "Alt gemmes med det samme; Fortryd (Ctrl+Z) tager en ændring tilbage."
                )
            )
        )

        top = QHBoxLayout()
        top.addWidget(self._build_fields(), 3)
        top.addWidget(self._build_help(), 2)
        layout.addLayout(top)
        layout.addWidget(self._build_drafts(content))
        layout.addStretch(1)
        self.page_scroll = scrolling(self, content)
        self.page_scroll.setAccessibleName(self.tr("1. Mission"))

        self.story_action = QAction(self.tr("Historiekort"), self)
        self.story_action.setShortcut(QKeySequence("Ctrl+K"))
        self.story_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.story_action.triggered.connect(self.open_story_cards)
        self.addAction(self.story_action)

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
        form.addRow(self.tr("V&ision:"), self.vision_edit)
        form.addRow("", self.vision_error)

        # The organisation is one record: the binding's target is just the field's name.
        self.name_binding: TextBinding[str] = TextBinding(
            self.name_edit,
            workspace=self.workspace,
            kind=NAME_KIND,
            undo_text=self.tr("ændring af navn"),
            save=_save_organisation_name,
            error=self.name_error,
            reveal=self._organisation_reveal(NAME_KIND),
        )
        self.vision_binding: TextBinding[str] = TextBinding(
            self.vision_edit,
            workspace=self.workspace,
            kind=VISION_KIND,
            undo_text=self.tr("ændring af vision"),
            save=_save_organisation_vision,
            error=self.vision_error,
            reveal=self._organisation_reveal(VISION_KIND),
        )
        return box

    def _organisation_reveal(self, kind: str) -> Callable[[str], Reveal | None]:
        def where(_target: str) -> Reveal | None:
            org = self._organisation_id
            return Reveal(Organisation, org, field=kind) if org is not None else None

        return where

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
        layout.addWidget(text_label(self.tr("En god mission"), bold=True))
        layout.addWidget(
            text_label(
                bullets(
                    [
                        self.tr(
                            "LOVER NOGET: Missionen er et løfte, som er tilstrækkeligt konkret "
                            "til, at I kan holde jer selv fast på det."
                        ),
                        self.tr(
                            "ER REALISTISK: Missionen er ikke jeres vision. Hvis missionen "
                            "lover mere, end I selv kan udrette som virksomhed, kan I ikke "
                            "holde jer selv op på, at den bliver til virkelighed."
                        ),
                        self.tr(
                            "HOLDER SIG TIL ’JERES’ DEL AF FORANDRINGEN: Det er vigtigt, at det "
                            "I lover i jeres mission er det, som I kan sørge for sker."
                        ),
                        self.tr(
                            "SKABER EN BRÆNDENDE PLATFORM: I skal være klar til at lukke "
                            "virksomheden – eller den del af jeres arbejde, der handler om at "
                            "hjælpe jeres brugere – hvis I ikke opnår det, I lover i jeres "
                            "mission."
                        ),
                    ]
                )
            )
        )
        layout.addWidget(text_label(self.tr("De tre spørgsmål"), bold=True))
        layout.addWidget(text_label(bullets(guide_text(q) for q in MISSION_QUESTIONS.values())))
        layout.addWidget(text_label(guide_text(MISSION_COMBINE)))
        layout.addWidget(text_label(self.tr("Tjekliste til missionen"), bold=True))
        layout.addWidget(
            text_label(
                "\n".join(
                    f"{i}. {guide_text(CHECKLIST_TEXT[q])}"
                    for i, q in enumerate(ChecklistQuestion, start=1)
                )
            )
        )
        layout.addStretch(1)
        return box

    def _build_drafts(self, content: QWidget) -> QGroupBox:
        box, layout = explained_box(
            self.tr("Missionsbud"),
            self.tr(
                "Brug svarene til at lave mindst tre bud på en mission formuleret på et par "
                "sætninger. Brug spørgsmålene på missions-arbejdsarket til i fællesskab at "
                "kvalitetssikre de bud, I er kommet med. Vælg derefter det bud – eller den "
                "kombination af bud – der umiddelbart giver bedst mening."
            ),
            content,
        )
        box.setAccessibleName(self.tr("Missionsbud"))
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("Nyt &bud"), box)
        self.new_button.setAccessibleName(self.tr("Nyt missionsbud"))
        self.new_button.setToolTip(self.tr("Et nyt, tomt missionsbud (Alt+B)"))
        self.new_button.clicked.connect(self.add_draft)
        buttons.addWidget(self.new_button)
        self.story_button = QPushButton(self.tr("Historie&kort…"), box)
        self.story_button.setAccessibleName(self.tr("Historiekort"))
        self.story_button.setToolTip(
            self.tr("De tolv historiekort til øvelsen i par, til projektoren (Ctrl+K)")
        )
        self.story_button.clicked.connect(self.open_story_cards)
        buttons.addWidget(self.story_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.empty_label = text_label(self.tr("Der er endnu ingen missionsbud."))
        layout.addWidget(self.empty_label)

        # The drafts side by side as far as the width goes, then on the next row: a
        # comparison that never has to be scrolled sideways (the page scrolls down).
        self.cards_widget = QWidget(box)
        self.cards_widget.setAccessibleName(self.tr("Missionsbud side om side"))
        self.cards_layout = FlowLayout(self.cards_widget)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.cards_widget)
        return box

    def checklist_short(self, question: ChecklistQuestion) -> str:
        names = {
            ChecklistQuestion.CONCRETE: self.tr("Konkret og forpligtende"),
            ChecklistQuestion.REALISTIC: self.tr("Realistisk"),
            ChecklistQuestion.OUR_PART: self.tr("Jeres del af forandringen"),
            ChecklistQuestion.BURNING_PLATFORM: self.tr("Brændende platform"),
        }
        return names[question]

    def answer_text(self, answer: Answer) -> str:
        words = {
            Answer.UNANSWERED: self.tr("Ikke besvaret"),
            Answer.YES: self.tr("Ja"),
            Answer.NO: self.tr("Nej"),
            Answer.UNCERTAIN: self.tr("Usikker"),
        }
        return words[answer]

    # --- Refresh ----------------------------------------------------------------------

    def refresh(self, doc: OrganisationDocument) -> None:
        org = doc.organisation
        self._organisation_id = org.id
        self.name_binding.load(NAME_KIND, org.name)
        self.vision_binding.load(VISION_KIND, org.vision)
        self._show_drafts([d for d in doc.mission_drafts if not d.is_deleted])

    def _show_drafts(self, drafts: list[MissionDraft]) -> None:
        self._drafts = drafts
        ids = [d.id for d in drafts]
        for gone in [i for i in self.cards if i not in ids]:
            card = self.cards.pop(gone)
            self.cards_layout.removeWidget(card)
            card.hide()
            card.setParent(None)
            card.deleteLater()
        for number, draft in enumerate(drafts, start=1):
            card = self.cards.get(draft.id) or DraftCard(self, draft.id)
            self.cards[draft.id] = card
            if self.cards_layout.indexOf(card) != number - 1:
                self.cards_layout.removeWidget(card)
                self.cards_layout.insertWidget(number - 1, card)
            card.show_draft(number, draft)
            card.show()
        self.empty_label.setVisible(not drafts)
        self.cards_widget.setVisible(bool(drafts))
        self._fix_tab_order()

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = [self.name_edit, self.vision_edit, self.new_button]
        chain.append(self.story_button)
        for draft in self._drafts:
            chain += self.cards[draft.id].focus_chain()
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def reveal(self, where: Reveal) -> bool:
        if where.type is Organisation:
            widget: QWidget = self.vision_edit if where.field == VISION_KIND else self.name_edit
            self.page_scroll.ensureWidgetVisible(widget)
            return True
        card = self.cards.get(where.id) if where.type is MissionDraft else None
        if card is None:
            return False
        binding = next((b for b in card.bindings.values() if b.kind == where.field), None)
        self.page_scroll.ensureWidgetVisible(binding.widget if binding else card)
        return True

    # --- Draft gestures -----------------------------------------------------------------

    def add_draft(self) -> None:
        """'Nyt bud': a new, empty draft (undo deletes it again)."""
        draft = MissionDraft()
        if push_op(
            self.workspace,
            self.tr("nyt missionsbud"),
            do=lambda store: add_mission_draft(store, draft),
            again=lambda store: restore_mission_draft(store, draft.id),
            undo=lambda store: delete_mission_draft(store, draft.id),
            reveal=Reveal(MissionDraft, draft.id),
        ):
            card = self.cards.get(draft.id)
            if card is not None:
                card.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                self.page_scroll.ensureWidgetVisible(card.title_edit)

    def delete_draft(self, draft_id: uuid.UUID) -> None:
        """Delete a draft (a tombstone); undo puts it back as it was, chosen or not."""
        draft = next((d for d in self._drafts if d.id == draft_id), None)
        if draft is None:
            return
        ids = [d.id for d in self._drafts]
        position = ids.index(draft_id)
        neighbour = ids[position + 1] if position + 1 < len(ids) else None
        if neighbour is None and position > 0:
            neighbour = ids[position - 1]
        if push_op(
            self.workspace,
            self.tr("sletning af missionsbud"),
            do=lambda store: delete_mission_draft(store, draft_id),
            undo=lambda store: add_mission_draft(store, draft.changed()),
            reveal_undo=Reveal(MissionDraft, draft_id),
        ):
            next_card = self.cards.get(neighbour) if neighbour is not None else None
            if next_card is not None:
                next_card.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self.new_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def choose(self, draft_id: uuid.UUID | None) -> None:
        """Mark ``draft_id`` as the chosen mission (None: no draft chosen)."""
        old = next((d.id for d in self._drafts if d.chosen), None)
        if old == draft_id:
            return
        if not push_op(
            self.workspace,
            self.tr("valg af mission"),
            do=lambda store: choose_mission_draft(store, draft_id),
            undo=lambda store: choose_mission_draft(store, old),
        ):
            self._show_drafts(self._drafts)  # the box shows what is stored

    def set_answer(self, draft_id: uuid.UUID, question: ChecklistQuestion, answer: Answer) -> None:
        draft = next((d for d in self._drafts if d.id == draft_id), None)
        if draft is None:
            return
        old = draft.answer(question).answer
        if old == answer:
            return
        if not push_op(
            self.workspace,
            self.tr("svar i tjeklisten"),
            do=lambda store: set_checklist_answer(store, draft_id, question, answer=answer),
            undo=lambda store: set_checklist_answer(store, draft_id, question, answer=old),
            reveal=Reveal(MissionDraft, draft_id),
        ):
            self._show_drafts(self._drafts)

    # --- Story cards --------------------------------------------------------------------

    def open_story_cards(self) -> None:
        """The story cards in their own window (it keeps its deck while the page lives)."""
        if self.story_dialog is None:
            self.story_dialog = StoryCardsDialog(self)
        elif self.story_dialog.isVisible():
            self.story_dialog.raise_()  # already open, perhaps behind the main window
        self.story_dialog.show()
        self.story_dialog.activateWindow()

    def sheet_job(self) -> PrintJob | None:
        """The mission worksheet with the chosen draft (or the first one)."""
        if not self._drafts:
            return None
        return filled_job(self.workspace.store, SHEETS["mission"], None)
