"""METODEBESKRIVELSE - DEN GODE BORGERREJSE (seed 001, B), A4 portrait: the seed's
instructions, Kernen i indsatsen at the top (filled in last), Arbejdsgang for indsatsen in
Fase I-III, and Roller og ansvar; blank, or filled for one target group."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Paragraph

from forandring_desktop.model.method import (
    CORE_HEADING,
    DEVELOPING_LABEL,
    DOING_LABEL,
    METHOD_HEADING,
    METHOD_INTRO,
    METHOD_TIP,
    PHASE_NAMES,
    ROLES_HEADING,
    STEP_CORE,
    STEP_PHASES,
    STEP_ROLES,
    WORKFLOW_HEADING,
    MethodDescription,
)
from forandring_desktop.reports.flowables import WriteLines, heading, spacer
from forandring_desktop.reports.pages import Section
from forandring_desktop.reports.plan_tables import cell, ruled_table
from forandring_desktop.reports.styles import styles
from forandring_desktop.reports.text import para, text_paragraphs

HEADING = "METODEBESKRIVELSE"  # the running heading; the target group stands beside it
HOW_TO = "Sådan bruger I modellen:"
ROLE_HEADERS = ("Aktør", "Intern / ekstern", "Ansvar: hvad", "Hvornår")
BLANK_ROLES = 4


def method_flowables(method: MethodDescription | None, group_name: str = "") -> list[Flowable]:
    """The sheet's content; ``method`` None gives the blank form."""
    st = styles()
    out: list[Flowable] = [Paragraph(METHOD_HEADING, st.title)]
    if method is not None:
        name = group_name or method.title or "Uden målgruppe"
        out.append(para(f"Målgruppe: {name}", st.subtitle))
    else:
        out.append(para("Målgruppe: ______________________________", st.subtitle))
    out.append(para(METHOD_INTRO, st.hint))
    out.append(para(HOW_TO, st.label))
    out += [para(step, st.hint) for step in (STEP_PHASES, STEP_ROLES, STEP_CORE)]
    out.append(spacer(4))

    # Kernen i indsatsen stands at the top of the sheet, though it is filled in last.
    out += heading(CORE_HEADING, st.label, room=90)
    core = method.core if method is not None else []
    if core:
        for number, principle in enumerate(core, start=1):
            out += text_paragraphs(f"{number}. {principle}", st.answer, field=CORE_HEADING)
    else:
        out += [spacer(3), WriteLines(70), spacer(6)]

    out += heading(WORKFLOW_HEADING, st.label, room=160)
    rows: list[list[Any]] = []
    for label in (DOING_LABEL, DEVELOPING_LABEL):
        field = "doing" if label == DOING_LABEL else "developing"
        row: list[Any] = [Paragraph(label, st.cell_head)]
        for index, name in enumerate(PHASE_NAMES):
            text = getattr(method.phases[index], field) if method is not None else ""
            row.append(cell(text, f"{name} – {label}") if text else spacer(70))
        rows.append(row)
    out.append(ruled_table(("", *PHASE_NAMES), rows, (0.16, 0.28, 0.28, 0.28), "portrait"))

    out += heading(ROLES_HEADING, st.label, room=120)
    roles = method.roles if method is not None else []
    role_rows: list[list[Any]] = [
        [
            cell(r.actor, "Aktør"),
            para("Ekstern" if r.external else "Intern", st.cell),
            cell(r.responsibility, "Ansvar"),
            cell(r.when, "Hvornår"),
        ]
        for r in roles
    ]
    out.append(
        ruled_table(
            ROLE_HEADERS,
            role_rows,
            (0.24, 0.14, 0.42, 0.20),
            "portrait",
            blank_rows=0 if roles else BLANK_ROLES,
        )
    )
    out += [spacer(6), para(METHOD_TIP, st.hint)]
    return out


def method_section(
    method: MethodDescription | None, group_name: str = "", *, bookmark: str | None = None
) -> Section:
    return Section(
        "portrait",
        HEADING,
        method_flowables(method, group_name),
        bookmark=bookmark,
        owner=group_name,
    )
