"""Step 2 of the guide: persona sheets and the target groups they are merged into."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QFormLayout, QGridLayout, QGroupBox, QVBoxLayout, QWidget

from forandring_desktop.model import OrganisationDocument, Persona, TargetGroup
from forandring_desktop.ui.pages.base import Page, scrolling
from forandring_desktop.ui.widgets import (
    bullets,
    clear_layout,
    heading,
    persona_kind_word,
    text_label,
)
from forandring_desktop.ui.workspace import Workspace

PERSONA_COLUMNS = 2


class TargetGroupsPage(Page):
    shows = frozenset({"Persona", "TargetGroup"})

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.addWidget(heading(self.tr("2. Målgrupper")))
        layout.addWidget(
            text_label(
                self.tr(
                    "Beskriv jeres målgruppe gennem personaer: en typisk, en svær og en let "
                    "bruger. Personaerne samles bagefter i målgrupper."
                )
            )
        )
        self.note = text_label(
            self.tr("Redigering af personaer og målgrupper kommer i en senere version.")
        )
        layout.addWidget(self.note)

        layout.addWidget(heading(self.tr("Personaer"), size=1.2))
        self._personas = QGridLayout()
        layout.addLayout(self._personas)
        layout.addWidget(heading(self.tr("Målgrupper"), size=1.2))
        self._groups = QVBoxLayout()
        layout.addLayout(self._groups)
        layout.addStretch(1)
        scrolling(self, content)

    def refresh(self, doc: OrganisationDocument) -> None:
        personas = [p for p in doc.personas if not p.is_deleted]
        names = {p.id: p.name for p in personas}
        clear_layout(self._personas)
        for i, persona in enumerate(personas):
            self._personas.addWidget(
                self._persona_card(persona), i // PERSONA_COLUMNS, i % PERSONA_COLUMNS
            )
        if not personas:
            self._personas.addWidget(text_label(self.tr("Der er endnu ingen personaer.")), 0, 0)

        clear_layout(self._groups)
        groups = [g for g in doc.target_groups if not g.is_deleted]
        for group in groups:
            self._groups.addWidget(self._group_card(group, names))
        if not groups:
            self._groups.addWidget(text_label(self.tr("Der er endnu ingen målgrupper.")))

    def _persona_card(self, persona: Persona) -> QGroupBox:
        card = QGroupBox(persona.name)
        card.setAccessibleName(self.tr("Persona {name}").format(name=persona.name))
        form = QFormLayout(card)
        form.addRow(text_label(self.tr("NAVN"), bold=True), text_label(persona.name))
        form.addRow(text_label(self.tr("KØN"), bold=True), text_label(persona.gender or "–"))
        age = self.tr("{age} år").format(age=persona.age) if persona.age is not None else "–"
        form.addRow(text_label(self.tr("ALDER"), bold=True), text_label(age))
        form.addRow(
            text_label(self.tr("TYPE"), bold=True), text_label(persona_kind_word(persona.kind))
        )
        form.addRow(text_label(self.tr("BAGGRUND"), bold=True))
        form.addRow(text_label(bullets(persona.background) or "–"))
        form.addRow(text_label(self.tr("VIGTIGSTE PROBLEMER"), bold=True))
        form.addRow(text_label(bullets(persona.problems) or "–"))
        return card

    def _group_card(self, group: TargetGroup, persona_names: dict[uuid.UUID, str]) -> QGroupBox:
        card = QGroupBox(group.name)
        card.setAccessibleName(self.tr("Målgruppe {name}").format(name=group.name))
        layout = QVBoxLayout(card)
        if group.description:
            layout.addWidget(text_label(group.description))
        members = [persona_names[pid] for pid in group.persona_ids if pid in persona_names]
        layout.addWidget(
            text_label(
                self.tr("Personaer: {names}").format(names=", ".join(members))
                if members
                else self.tr("Ingen personaer endnu.")
            )
        )
        return card
