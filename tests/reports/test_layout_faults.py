"""The layout faults of issue 11, each printed and checked: whose sheet every page is, the
staircase continued with its goal, labels that fit, no empty pages, the story cards' room
to write, and the participant report's code on every page."""

from __future__ import annotations

import io
from datetime import date

import pypdf

from forandring_desktop.model import (
    Colour,
    DoorNote,
    DoorSheet,
    Ladder,
    LadderStep,
    Organisation,
    OrganisationDocument,
    Persona,
    Side,
)
from forandring_desktop.model.report_data import ParticipantReportData
from forandring_desktop.reports import SHEETS, render_blank, render_participant_report
from forandring_desktop.reports.fonts import FONT_BOLD
from forandring_desktop.reports.ladder import START, Staircase, StairStep
from forandring_desktop.reports.text import string_width
from forandring_desktop.services.demo import build_demo_document

from .pdf_checks import check_pdf, missing, numbered_words

LONG_ORG = (
    "Socialøkonomisk Virksomhed for Beskæftigelse, Inklusion og Grøn Omstilling i Nordsjælland"
)
ORG = Organisation(name=LONG_ORG)


def doc_with(**lists: object) -> OrganisationDocument:
    return OrganisationDocument(organisation=ORG, **lists)


def header_words(pdf: bytes) -> list[str]:
    """The text in each page's header band (the top 16 mm)."""
    return [_header(page) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _header(page: pypdf.PageObject) -> str:
    top = float(page.mediabox.height) - 16 * 72 / 25.4
    parts: list[str] = []

    def visit(text: str, _cm: object, tm: list[float], *_rest: object) -> None:
        if tm[5] >= top and text.strip():
            parts.append(text)

    page.extract_text(visitor_text=visit)
    return " ".join(parts)


def test_a_2000_character_post_it_prints_without_empty_pages() -> None:
    note_text, words = numbered_words("seddel", 2_000)
    sheet = DoorSheet(
        title="Ark", notes=[DoorNote(text=note_text, side=Side.IN, colour=Colour.GREEN)]
    )
    facts = check_pdf(
        SHEETS["doerark"].render(doc_with(door_sheets=[sheet]), sheet.id, False), landscape=True
    )
    assert facts.pages <= 2  # was 11, six of them only headers
    assert missing(facts.text, words) == []
    assert "FORTSAT FRA ARKET" in facts.text
    assert "(fortsat: nr. 1 under arket)" in facts.page_texts[0]


def test_forty_notes_fill_pages_not_headers() -> None:
    notes = [
        DoorNote(text=f"Seddel {i} " * (i % 6 + 1), side=list(Side)[i % 2], colour=Colour.YELLOW)
        for i in range(40)
    ]
    sheet = DoorSheet(title="Fyrre", notes=notes)
    facts = check_pdf(
        SHEETS["doerark"].render(doc_with(door_sheets=[sheet]), sheet.id, False), landscape=True
    )
    assert facts.pages <= 4  # was 23
    assert missing(facts.text, [n.text for n in notes]) == []


def test_continuation_pages_say_whose_sheet_and_fortsat() -> None:
    persona = Persona(
        name="Agnieszka Wąsowska-Dębska", background=[f"Punkt {i} " * 30 for i in range(40)]
    )
    pdf = SHEETS["persona"].render(doc_with(personas=[persona]), persona.id, False)
    heads = header_words(pdf)
    assert len(heads) >= 2
    assert all("Agnieszka Wąsowska-Dębska" in h for h in heads)
    assert "(fortsat)" not in heads[0]
    assert all("(fortsat)" in h for h in heads[1:])

    notes = [DoorNote(text=f"Note {i} " * 20, side=Side.IN, colour=Colour.RED) for i in range(30)]
    sheet = DoorSheet(title="Kim", persona_id=persona.id, notes=notes)
    heads = header_words(
        SHEETS["doerark"].render(doc_with(personas=[persona], door_sheets=[sheet]), sheet.id, False)
    )
    assert len(heads) >= 2
    assert all("Wąsowska-Dębska" in h for h in heads)
    assert all("(fortsat)" in h for h in heads[1:])


def test_a_long_organisation_name_is_shortened_beside_the_heading() -> None:
    persona = Persona(name="Natasha")
    head = header_words(SHEETS["persona"].render(doc_with(personas=[persona]), persona.id, False))[
        0
    ]
    assert "PERSONA-ARK" in head.replace(" ", "")
    assert "Natasha" in head
    assert "…" in head  # the organisation shortened, never run over the heading
    assert LONG_ORG not in head
    short = Persona(name="Bo")
    other = OrganisationDocument(organisation=Organisation(name="Kort ApS"), personas=[short])
    assert "Kort ApS" in header_words(SHEETS["persona"].render(other, short.id, False))[0]


def test_a_twelve_step_ladder_repeats_its_goal_on_the_next_page() -> None:
    steps = [LadderStep(text=f"Trin nummer {i}", signs=f"Tegn {i}") for i in range(12)]
    ladder = Ladder(title="Tolv", change_goal="Stabilt fremmøde hver dag", steps=steps)
    facts = check_pdf(
        SHEETS["maaltrappe"].render(doc_with(ladders=[ladder]), ladder.id, False), landscape=True
    )
    assert facts.pages == 2
    assert "FORANDRINGSMÅL: Stabilt fremmøde hver dag (fortsat)" in facts.page_texts[1]
    assert "Trin 9–12 af 12" in facts.page_texts[1]


def test_step_labels_fit_their_step() -> None:
    steps = [StairStep(i + 1, START if i == 0 else "DELMÅL", "", "") for i in range(8)]
    stairs = Staircase(steps)
    stairs.wrap(770, 480)
    size, space = stairs._label_font(770 / 8 - 8)
    assert string_width(START, FONT_BOLD, size) + space * len(START) <= 770 / 8 - 8
    assert size < 7.5  # it had to shrink at eight steps a drawing


def test_blank_story_cards_have_room_to_write() -> None:
    facts = check_pdf(render_blank("historiekort"), landscape=False)
    assert facts.pages == 2
    assert "Skriv jeres egne begyndelser på historier på kortene" in facts.text
    assert all(str(n) in facts.text for n in range(1, 13))


def test_the_participants_code_and_page_number_on_every_page() -> None:
    doc = build_demo_document(today=date(2025, 6, 1), participants=3)
    person = doc.participants[0]
    data = ParticipantReportData(
        organisation=doc.organisation,
        participant=person,
        ladders={lad.id: lad for lad in doc.ladders},
        target_group="",
        show_name=False,
        made_on=date(2025, 6, 1),
    )
    pdf = render_participant_report(data)
    facts = check_pdf(pdf, landscape=False)
    assert facts.pages >= 2
    for number, text in enumerate(facts.page_texts, start=1):
        assert f"Side {number} af {facts.pages}" in text
    assert all(person.code in h for h in header_words(pdf))
