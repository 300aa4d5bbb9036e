"""Reports and worksheets to print: what is coming."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QVBoxLayout, QWidget

from forandring_desktop.model import Entity, OrganisationDocument
from forandring_desktop.services.participants import list_participants
from forandring_desktop.ui.pages.base import Page, scrolling
from forandring_desktop.ui.widgets import bullets, heading, text_label
from forandring_desktop.ui.workspace import Workspace


class ReportsPage(Page):
    shows = frozenset(
        {"MissionDraft", "Persona", "TargetGroup", "DoorSheet", "Ladder", "Participant"}
    )

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.addWidget(heading(self.tr("Rapporter")))
        layout.addWidget(
            text_label(
                self.tr(
                    "Udskrifter og rapporter kommer i en senere version. Det bliver muligt at "
                    "udskrive:"
                )
            )
        )
        layout.addWidget(
            text_label(
                bullets(
                    [
                        self.tr(
                            "Tomme arbejdsark til workshops: missions-arbejdsark, persona-ark, "
                            "ind ad døren – ud af døren og måltrapper (A4)."
                        ),
                        self.tr("De samme arbejdsark udfyldt med jeres egne svar."),
                        self.tr("En progressionsrapport for hver deltager til kommunen (PDF)."),
                        self.tr(
                            "Et statusoverblik til ledelsen på tværs af deltagere, målgrupper "
                            "og måltrapper."
                        ),
                        self.tr("Anonymiserede udgaver af rapporterne."),
                    ]
                )
            )
        )
        layout.addWidget(heading(self.tr("Det har I nu"), size=1.2))
        self.summary = text_label()
        self.summary.setAccessibleName(self.tr("Overblik"))
        layout.addWidget(self.summary)
        layout.addStretch(1)
        scrolling(self, content)

    def refresh(self, doc: OrganisationDocument) -> None:
        def live(items: Sequence[Entity]) -> int:
            return sum(1 for item in items if not item.is_deleted)

        participants = list_participants(self.workspace.store)
        active = sum(1 for p in participants if p.is_active)
        self.summary.setText(
            bullets(
                [
                    self.tr("{n} missionsbud").format(n=live(doc.mission_drafts)),
                    self.tr("{n} personaer og {m} målgrupper").format(
                        n=live(doc.personas), m=live(doc.target_groups)
                    ),
                    self.tr("{n} ark ind ad døren – ud af døren").format(n=live(doc.door_sheets)),
                    self.tr("{n} måltrapper").format(n=live(doc.ladders)),
                    self.tr("{n} deltagere, heraf {a} aktive").format(
                        n=len(participants), a=active
                    ),
                ]
            )
        )
