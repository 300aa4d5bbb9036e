"""The method description and the action plan (seed 001, B and C) print blank and filled
on A4 with the seed's headings and instructions (read back with pypdf)."""

from __future__ import annotations

from datetime import date

import pytest

from forandring_desktop.model import (
    ActionArea,
    ActionStatus,
    ActionTarget,
    MethodDescription,
    OrganisationDocument,
    Phase,
    PlanAction,
    Role,
    TargetKind,
)
from forandring_desktop.model.action_plan import (
    AREA_TEXT,
    FOLLOW_UP_HEADING,
    FOLLOW_UP_TEXT,
    PLAN_HEADING,
    PLAN_INTRO,
    PLAN_QUESTIONS,
)
from forandring_desktop.model.method import (
    CORE_HEADING,
    DEVELOPING_LABEL,
    DOING_LABEL,
    METHOD_HEADING,
    METHOD_INTRO,
    PHASE_NAMES,
    ROLES_HEADING,
    STEP_CORE,
    STEP_PHASES,
    STEP_ROLES,
    WORKFLOW_HEADING,
)
from forandring_desktop.reports import SHEETS, render_blank
from forandring_desktop.services.demo import build_demo_document

from .pdf_checks import check_pdf, missing

METHOD_WORDS = [
    METHOD_HEADING,
    METHOD_INTRO,
    "Sådan bruger I modellen:",
    STEP_PHASES,
    STEP_ROLES,
    STEP_CORE,
    WORKFLOW_HEADING,
    *PHASE_NAMES,
    DOING_LABEL,
    DEVELOPING_LABEL,
    ROLES_HEADING,
    CORE_HEADING,
]
PLAN_WORDS = [
    PLAN_HEADING,
    PLAN_INTRO,
    PLAN_QUESTIONS,
    *(text[:1].upper() + text[1:] for text in AREA_TEXT.values()),
    "Hvad",
    "Hvem",
    "Hvornår",
    "Status",
    FOLLOW_UP_HEADING,
    FOLLOW_UP_TEXT,
]


@pytest.fixture(scope="module")
def planned() -> OrganisationDocument:
    doc = build_demo_document(participants=0)
    group, ladder = doc.target_groups[0], doc.ladders[0]
    method = MethodDescription(
        target_group_id=group.id,
        phases=[
            Phase(doing="Visitationssamtale æøå"),
            Phase(developing="Fælles kalender"),
            Phase(),
        ],
        roles=[
            Role(
                actor="Virksomhedskonsulent",
                external=True,
                responsibility="Praktik",
                when="Fase II",
            )
        ],
        core=["Borgeren sætter selv sine mål"],
    )
    actions = [
        PlanAction(
            area=ActionArea.TOOLS,
            what="Ny skabelon til opfølgning",
            who="Teamleder Åse",
            due=date(2027, 1, 31),
            status=ActionStatus.IN_PROGRESS,
            target=ActionTarget(kind=TargetKind.LADDER, id=ladder.id),
        ),
        PlanAction(
            area=ActionArea.PARTNERS, what="Netværksmøde med virksomheder", target_group_id=group.id
        ),
    ]
    return doc.model_copy(update={"method_descriptions": [method], "plan_actions": actions})


def test_blank_method_description() -> None:
    facts = check_pdf(
        render_blank("metodebeskrivelse"), landscape=False, author="Forandring Desktop"
    )
    assert "(blank)" in facts.metadata["/Title"]
    assert missing(facts.text, METHOD_WORDS) == []
    assert facts.pages == 1


def test_filled_method_description(planned: OrganisationDocument) -> None:
    method = planned.method_descriptions[0]
    data = SHEETS["metodebeskrivelse"].render(planned, method.id, False)
    facts = check_pdf(data, landscape=False, author=planned.organisation.name)
    group = planned.target_groups[0].name
    assert (
        missing(
            facts.text,
            [
                *METHOD_WORDS,
                f"Målgruppe: {group}",
                "Visitationssamtale æøå",
                "Fælles kalender",
                "Virksomhedskonsulent",
                "Ekstern",
                "1. Borgeren sætter selv sine mål",
            ],
        )
        == []
    )


def test_blank_action_plan() -> None:
    facts = check_pdf(render_blank("handleplan"), landscape=True, author="Forandring Desktop")
    assert missing(facts.text, PLAN_WORDS) == []


def test_filled_action_plan(planned: OrganisationDocument) -> None:
    data = SHEETS["handleplan"].render(planned, None, False)
    facts = check_pdf(data, landscape=True, author=planned.organisation.name)
    ladder = planned.ladders[0]
    assert (
        missing(
            facts.text,
            [
                *PLAN_WORDS,
                f"Handleplan for: {planned.organisation.name}",
                f"Handleplan for: {planned.target_groups[0].name}",
                "Ny skabelon til opfølgning",
                "Teamleder Åse",
                "31.01.2027",
                "I gang",
                ladder.title,
                "Netværksmøde med virksomheder",
            ],
        )
        == []
    )
