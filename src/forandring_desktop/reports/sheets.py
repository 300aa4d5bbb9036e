"""The registry of printable sheet kinds: their Danish labels, what they print (a mission
draft, a persona, a door sheet, a ladder, or nothing in particular), their orientation, and
one ``render(doc, item_id, blank) -> bytes`` each."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from forandring_desktop.model.base import Entity
from forandring_desktop.model.document import OrganisationDocument
from forandring_desktop.reports.action_plan import plan_sections
from forandring_desktop.reports.door import door_section
from forandring_desktop.reports.errors import guarded
from forandring_desktop.reports.ladder import ladder_section, tth_section
from forandring_desktop.reports.method import method_section
from forandring_desktop.reports.mission import mission_section
from forandring_desktop.reports.pages import Orientation, PdfMeta, Section, build_pdf
from forandring_desktop.reports.persona import persona_section
from forandring_desktop.reports.story_cards import story_card_section
from forandring_desktop.reports.theory import theory_sections

ItemKind = Literal["mission_draft", "persona", "door_sheet", "ladder", "method_description"]
APP = "Forandring Desktop"

ITEM_LABEL: dict[ItemKind, str] = {
    "mission_draft": "missionsbud",
    "persona": "persona",
    "door_sheet": "ind ad døren – ud af døren-ark",
    "ladder": "måltrappe",
    "method_description": "metodebeskrivelse",
}

E = TypeVar("E", bound=Entity)


@dataclass(frozen=True)
class SheetKind:
    name: str  # for the command line
    label: str  # Danish, as the guide names the sheet
    item: ItemKind | None  # what a filled sheet prints; None: the organisation as a whole
    orientation: Orientation
    has_blank: bool
    render: Callable[[OrganisationDocument | None, uuid.UUID | None, bool], bytes]


def _find(items: Sequence[E], item_id: uuid.UUID | None, what: str) -> E:
    if item_id is None:
        raise ValueError(f"a filled {what} needs an id")
    for item in items:
        if item.id == item_id and not item.is_deleted:
            return item
    raise KeyError(item_id)


def _need(doc: OrganisationDocument | None) -> OrganisationDocument:
    if doc is None:
        raise ValueError("a filled sheet needs the organisation's document")
    return doc


def _meta(doc: OrganisationDocument | None, title: str, subject: str, blank: bool) -> PdfMeta:
    org = doc.organisation.name if doc is not None else ""
    return PdfMeta(
        title=f"{title} (blank)" if blank else title,
        subject=subject,
        author=org or APP,
        organisation=org,
        keywords=("forandringsteori", "socialøkonomi", "arbejdsark"),
    )


def _pdf(sections: list[Section], meta: PdfMeta) -> bytes:
    return build_pdf(sections, meta)


@guarded("Missions-arbejdsarket")
def render_mission(
    doc: OrganisationDocument | None, item_id: uuid.UUID | None, blank: bool
) -> bytes:
    subject = "Forandringsteori, 1. mission: missions-arbejdsark med checkliste"
    if blank:
        return _pdf([mission_section(None)], _meta(doc, "Missions-arbejdsark", subject, True))
    doc = _need(doc)
    draft = _find(doc.mission_drafts, item_id, "mission sheet")
    title = f"Missions-arbejdsark – {draft.title}" if draft.title else "Missions-arbejdsark"
    return _pdf([mission_section(draft)], _meta(doc, title, subject, False))


@guarded("Historiekortene")
def render_story_cards(
    doc: OrganisationDocument | None, item_id: uuid.UUID | None, blank: bool
) -> bytes:
    subject = "Forandringsteori, 1. mission: historiekort til øvelsen i par"
    return _pdf([story_card_section(blank)], _meta(doc, "Historiekort", subject, blank))


@guarded("Persona-arket")
def render_persona(
    doc: OrganisationDocument | None, item_id: uuid.UUID | None, blank: bool
) -> bytes:
    subject = "Forandringsteori, 2. målgruppe: persona-ark"
    if blank:
        return _pdf([persona_section(None)], _meta(doc, "Persona-ark", subject, True))
    doc = _need(doc)
    persona = _find(doc.personas, item_id, "persona sheet")
    meta = _meta(doc, f"Persona-ark – {persona.name}", subject, False)
    return _pdf([persona_section(persona)], meta)


@guarded("Ind ad døren – ud af døren-arket")
def render_door(doc: OrganisationDocument | None, item_id: uuid.UUID | None, blank: bool) -> bytes:
    title = "Ind ad døren – ud af døren-ark"
    subject = "Forandringsteori, 3. udgangspunkt og slutstatus: ind ad døren – ud af døren"
    if blank:
        return _pdf([door_section(None)], _meta(doc, title, subject, True))
    doc = _need(doc)
    sheet = _find(doc.door_sheets, item_id, "door sheet")
    persona = next((p for p in doc.personas if p.id == sheet.persona_id), None)
    group = next((g for g in doc.target_groups if g.id == sheet.target_group_id), None)
    name = (persona.name if persona else group.name if group else sheet.title or "").strip()
    meta = _meta(doc, f"{title} – {name}" if name else title, subject, False)
    return _pdf([door_section(sheet, persona=persona, group=group)], meta)


@guarded("Måltrappe-arket")
def render_ladder(
    doc: OrganisationDocument | None, item_id: uuid.UUID | None, blank: bool
) -> bytes:
    subject = "Forandringsteori, 4. måltrappe: hvad er vejen til målet?"
    if blank:
        return _pdf([ladder_section(None)], _meta(doc, "Måltrappe-ark", subject, True))
    doc = _need(doc)
    ladder = _find(doc.ladders, item_id, "ladder sheet")
    name = ladder.title or ladder.change_goal.splitlines()[0][:60]
    meta = _meta(doc, f"Måltrappe-ark – {name}", subject, False)
    return _pdf([ladder_section(ladder)], meta)


@guarded("Trin-tegn-handling-arket")
def render_tth(doc: OrganisationDocument | None, item_id: uuid.UUID | None, blank: bool) -> bytes:
    subject = "Forandringsteori, 4. måltrappe: trin, tegn og handling"
    if blank:
        return _pdf([tth_section(None)], _meta(doc, "Trin-tegn-handling-ark", subject, True))
    doc = _need(doc)
    ladder = _find(doc.ladders, item_id, "step-sign-action sheet")
    name = ladder.title or ladder.change_goal.splitlines()[0][:60]
    meta = _meta(doc, f"Trin-tegn-handling-ark – {name}", subject, False)
    return _pdf([tth_section(ladder)], meta)


@guarded("Metodebeskrivelsen")
def render_method(
    doc: OrganisationDocument | None, item_id: uuid.UUID | None, blank: bool
) -> bytes:
    title = "Metodebeskrivelse – den gode borgerrejse"
    subject = "Metodebeskrivelse: arbejdsgang, roller og ansvar, kernen i indsatsen"
    if blank:
        return _pdf([method_section(None)], _meta(doc, title, subject, True))
    doc = _need(doc)
    method = _find(doc.method_descriptions, item_id, "method description")
    group = next((g for g in doc.target_groups if g.id == method.target_group_id), None)
    name = group.name if group is not None else method.title
    meta = _meta(doc, f"{title} – {name}" if name else title, subject, False)
    return _pdf([method_section(method, name)], meta)


@guarded("Handleplanen")
def render_plan(doc: OrganisationDocument | None, item_id: uuid.UUID | None, blank: bool) -> bytes:
    title = "Handleplan"
    subject = "Handleplanen – sådan gør vi det hele i praksis"
    if blank:
        return _pdf(plan_sections(None), _meta(doc, title, subject, True))
    doc = _need(doc)
    return _pdf(
        plan_sections(doc), _meta(doc, f"{title} – {doc.organisation.name}", subject, False)
    )


@guarded("Forandringsteorien")
def render_theory(
    doc: OrganisationDocument | None, item_id: uuid.UUID | None, blank: bool
) -> bytes:
    if blank:
        raise ValueError("the theory of change has no blank form")
    doc = _need(doc)
    title = f"Forandringsteori – {doc.organisation.name}"
    subject = "Forandringsteori: mission, målgrupper, ind ad døren – ud af døren, måltrapper"
    return _pdf(theory_sections(doc), _meta(doc, title, subject, False))


SHEETS: dict[str, SheetKind] = {
    kind.name: kind
    for kind in (
        SheetKind(
            "mission", "Missions-arbejdsark", "mission_draft", "portrait", True, render_mission
        ),
        SheetKind("historiekort", "Historiekort", None, "portrait", True, render_story_cards),
        SheetKind("persona", "Persona-ark", "persona", "portrait", True, render_persona),
        SheetKind(
            "doerark",
            "Ind ad døren – ud af døren-ark",
            "door_sheet",
            "landscape",
            True,
            render_door,
        ),
        SheetKind("maaltrappe", "Måltrappe-ark", "ladder", "landscape", True, render_ladder),
        SheetKind(
            "trin-tegn-handling", "Trin-tegn-handling-ark", "ladder", "portrait", True, render_tth
        ),
        SheetKind(
            "metodebeskrivelse",
            "Metodebeskrivelse – den gode borgerrejse",
            "method_description",
            "portrait",
            True,
            render_method,
        ),
        SheetKind("handleplan", "Handleplan", None, "landscape", True, render_plan),
        SheetKind(
            "forandringsteori",
            "Forandringsteori (hele dokumentet)",
            None,
            "portrait",
            False,
            render_theory,
        ),
    )
}


def render_blank(kind: str) -> bytes:
    """A blank form to fill in by hand (no organisation needed)."""
    sheet = SHEETS[kind]
    if not sheet.has_blank:
        raise ValueError(f"{kind} has no blank form")
    return sheet.render(None, None, True)
