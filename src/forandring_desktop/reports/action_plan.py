"""HANDLEPLANEN (seed 001, C), A4 landscape: the seed's four questions, each with its
actions (hvad, hvem, hvornår, status, tjener) and room for more, and the follow-up; blank,
or filled with the whole organisation's plan and each target group's."""

from __future__ import annotations

import uuid
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from forandring_desktop.model.action_plan import (
    AREA_TEXT,
    FOLLOW_UP_HEADING,
    FOLLOW_UP_TEXT,
    PLAN_HEADING,
    PLAN_INTRO,
    PLAN_QUESTIONS,
    STATUS_TEXT,
    ActionArea,
    PlanAction,
)
from forandring_desktop.model.document import OrganisationDocument
from forandring_desktop.reports.flowables import heading, spacer
from forandring_desktop.reports.pages import Section
from forandring_desktop.reports.plan_tables import cell, ruled_table
from forandring_desktop.reports.styles import styles
from forandring_desktop.reports.text import para

HEADING = "HANDLEPLAN"
HEADERS = ("Hvad", "Hvem", "Hvornår", "Status", "Tjener")
FRACTIONS = (0.40, 0.17, 0.11, 0.11, 0.21)
BLANK_ROWS = 3


def _date(action: PlanAction) -> str:
    return action.due.strftime("%d.%m.%Y") if action.due is not None else ""


def area_title(area: ActionArea) -> str:
    text = AREA_TEXT[area]
    return text[:1].upper() + text[1:]


def plan_flowables(
    actions: list[PlanAction] | None, scope: str = "", ladders: dict[uuid.UUID, str] | None = None
) -> list[Flowable]:
    """One plan (the whole organisation's or one target group's); None: the blank form."""
    st = styles()
    names = ladders or {}
    out: list[Flowable] = [Paragraph(PLAN_HEADING, st.title)]
    out.append(
        para(f"Handleplan for: {scope}" if scope else "Handleplan for: ____________", st.subtitle)
    )
    out.append(para(PLAN_INTRO, st.hint))
    out.append(para(PLAN_QUESTIONS, st.hint))
    for area in ActionArea:
        mine = [a for a in actions or [] if a.area == area and not a.is_deleted]
        out += [CondPageBreak(110), *heading(area_title(area), st.label, room=90)]
        rows: list[list[Any]] = [
            [
                cell(a.what, "Hvad"),
                cell(a.who, "Hvem"),
                para(_date(a), st.cell),
                para(STATUS_TEXT[a.status], st.cell),
                cell(names.get(a.target.id, "") if a.target is not None else "", "Tjener"),
            ]
            for a in mine
        ]
        blank = BLANK_ROWS if actions is None else (1 if not mine else 0)
        out.append(ruled_table(HEADERS, rows, FRACTIONS, "landscape", blank_rows=blank))
    out += [
        spacer(6),
        *heading(FOLLOW_UP_HEADING, st.label, room=40),
        para(FOLLOW_UP_TEXT, st.hint),
    ]
    return out


def plan_sections(doc: OrganisationDocument | None) -> list[Section]:
    """The blank plan (``doc`` None), or the organisation's plan and each target group's
    that has actions."""
    if doc is None:
        return [Section("landscape", HEADING, plan_flowables(None))]
    ladders = {
        lad.id: lad.title or lad.change_goal.splitlines()[0][:80]
        for lad in doc.ladders
        if not lad.is_deleted
    }
    live = [a for a in doc.plan_actions if not a.is_deleted]
    org = doc.organisation.name
    sections = [
        Section(
            "landscape",
            HEADING,
            plan_flowables([a for a in live if a.target_group_id is None], org, ladders),
            bookmark="Hele organisationen",
            owner=org,
        )
    ]
    for group in doc.target_groups:
        mine = [a for a in live if a.target_group_id == group.id]
        if mine and not group.is_deleted:
            sections.append(
                Section(
                    "landscape",
                    HEADING,
                    plan_flowables(mine, group.name, ladders),
                    bookmark=group.name,
                    owner=group.name,
                )
            )
    return sections
