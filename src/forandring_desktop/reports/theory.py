"""The theory of change as one document: mission, target groups with their personas, the
door sheets and the ladders with trin-tegn-handling, each laid out as its own worksheet
(door sheets and ladders on landscape pages), with bookmarks for every part."""

from __future__ import annotations

from dataclasses import replace

from reportlab.platypus import Flowable, Paragraph

from forandring_desktop.model.document import OrganisationDocument
from forandring_desktop.model.door import DoorSheet
from forandring_desktop.model.personas import Persona, TargetGroup
from forandring_desktop.reports.action_plan import plan_sections
from forandring_desktop.reports.door import door_section
from forandring_desktop.reports.flowables import heading, spacer
from forandring_desktop.reports.ladder import ladder_section, tth_section
from forandring_desktop.reports.method import method_section
from forandring_desktop.reports.mission import mission_section
from forandring_desktop.reports.pages import Section
from forandring_desktop.reports.persona import persona_section
from forandring_desktop.reports.styles import styles
from forandring_desktop.reports.text import para, text_paragraphs

HEADING = "FORANDRINGSTEORI"
GROUPS_HEADING = "MÅLGRUPPER"
PARTS = (
    "1. Mission",
    "2. Målgrupper og personaer",
    "3. Ind ad døren – ud af døren",
    "4. Måltrapper og trin-tegn-handling",
)
METHOD_PART = "Metodebeskrivelse"
PLAN_PART = "Handleplan"


def _owner(
    doc: OrganisationDocument, sheet: DoorSheet
) -> tuple[Persona | None, TargetGroup | None]:
    persona = next((p for p in doc.personas if p.id == sheet.persona_id), None)
    group = next((g for g in doc.target_groups if g.id == sheet.target_group_id), None)
    return persona, group


def _empty(heading: str, text: str, bookmark: str) -> Section:
    st = styles()
    flowables: list[Flowable] = [Paragraph(heading, st.title), para(text, st.hint)]
    return Section("portrait", HEADING, flowables, bookmark=bookmark)


def theory_sections(doc: OrganisationDocument) -> list[Section]:
    st = styles()
    org = doc.organisation
    drafts = [d for d in doc.mission_drafts if not d.is_deleted]
    chosen = [d for d in drafts if d.chosen]
    personas = [p for p in doc.personas if not p.is_deleted]
    groups = [g for g in doc.target_groups if not g.is_deleted]
    sheets = [s for s in doc.door_sheets if not s.is_deleted]
    ladders = [lad for lad in doc.ladders if not lad.is_deleted]

    # -- front page -------------------------------------------------------------------
    front: list[Flowable] = [
        Paragraph(HEADING, st.title),
        para(org.name, st.subtitle),
        spacer(6),
    ]
    if org.vision.strip():
        front += heading("VISION", st.label)
        front += text_paragraphs(org.vision, st.body)
    if chosen:
        front += heading("MISSION", st.label)
        front += text_paragraphs(chosen[0].mission_text or "(ikke skrevet endnu)", st.mission)
    front += heading("INDHOLD", st.label)
    counts = (
        f"{len(chosen) or len(drafts)} missionsbud",
        f"{len(groups)} målgrupper, {len(personas)} personaer",
        f"{len(sheets)} ind ad døren – ud af døren-ark",
        f"{len(ladders)} måltrapper",
    )
    for part, count in zip(PARTS, counts, strict=True):
        front.append(para(f"{part} ({count})", st.body))
    sections = [Section("portrait", HEADING, front, bookmark="Forandringsteori")]

    # -- 1. mission ---------------------------------------------------------------------
    shown = chosen or drafts
    if not shown:
        sections.append(_empty("MISSION", "Der er endnu ingen bud på en mission.", PARTS[0]))
    for i, draft in enumerate(shown):
        sections.append(mission_section(draft, bookmark=PARTS[0] if i == 0 else None))

    # -- 2. target groups and personas --------------------------------------------------
    overview: list[Flowable] = [Paragraph(GROUPS_HEADING, st.title)]
    by_id = {p.id: p for p in personas}
    order: list[Persona] = []
    for group in groups:
        overview += heading(group.name, st.section)
        overview += text_paragraphs(group.description, st.body)
        members = [by_id[pid] for pid in group.persona_ids if pid in by_id]
        names = ", ".join(p.name for p in members) or "ingen endnu"
        overview.append(para(f"Personaer: {names}", st.body_small))
        order += [p for p in members if p not in order]
    loose = [p for p in personas if p not in order]
    if loose:
        overview += heading("Personaer uden målgruppe", st.section)
        overview.append(para(", ".join(p.name for p in loose), st.body))
    if not groups and not personas:
        overview.append(para("Der er endnu ingen målgrupper eller personaer.", st.hint))
    sections.append(Section("portrait", GROUPS_HEADING, overview, bookmark=PARTS[1]))
    sections += [persona_section(p) for p in [*order, *loose]]

    # -- 3. door sheets -------------------------------------------------------------------
    if not sheets:
        sections.append(_empty("IND AD DØREN – UD AF DØREN", "Der er endnu ingen ark.", PARTS[2]))
    for i, sheet in enumerate(sheets):
        owner_persona, owner_group = _owner(doc, sheet)
        sections.append(
            door_section(
                sheet,
                persona=owner_persona,
                group=owner_group,
                bookmark=PARTS[2] if i == 0 else None,
            )
        )

    # -- 4. ladders ---------------------------------------------------------------------
    if not ladders:
        sections.append(_empty("MÅLTRAPPER", "Der er endnu ingen måltrapper.", PARTS[3]))
    for i, ladder in enumerate(ladders):
        sections.append(ladder_section(ladder, bookmark=PARTS[3] if i == 0 else None))
        sections.append(tth_section(ladder))

    # -- seed 001: the method descriptions and the action plan, when there are any -------
    group_names = {g.id: g.name for g in groups}
    methods = [m for m in doc.method_descriptions if not m.is_deleted]
    for i, method in enumerate(methods):
        owner = group_names.get(method.target_group_id) if method.target_group_id else None
        bookmark = METHOD_PART if i == 0 else None
        sections.append(method_section(method, owner or method.title, bookmark=bookmark))
    if any(not a.is_deleted for a in doc.plan_actions):
        plans = plan_sections(doc)
        plans[0] = replace(plans[0], bookmark=PLAN_PART)
        sections += plans
    return sections
