"""Long text wraps and flows onto further pages; nothing is cut off."""

from __future__ import annotations

from forandring_desktop.model import (
    Colour,
    DoorNote,
    DoorSheet,
    Ladder,
    LadderStep,
    MissionDraft,
    Organisation,
    OrganisationDocument,
    Persona,
    Side,
)
from forandring_desktop.reports import SHEETS

from .pdf_checks import check_pdf, missing, numbered_words

ORG = Organisation(name="Lang Tekst ApS")


def doc_with(**lists: object) -> OrganisationDocument:
    return OrganisationDocument(organisation=ORG, **lists)


def test_numbered_words_are_exact() -> None:
    text, words = numbered_words("x", 5_000)
    assert len(text) == 5_000
    assert text.split() == words


def test_a_5000_character_mission_flows_onto_another_page() -> None:
    mission_text, words = numbered_words("mission", 5_000)
    who, who_words = numbered_words("hvem", 5_000)
    draft = MissionDraft(title="Langt bud", who=who, mission_text=mission_text, chosen=True)
    short = MissionDraft(title="Kort bud", mission_text="Kort.")
    doc = doc_with(mission_drafts=[draft, short])
    long_pdf = check_pdf(SHEETS["mission"].render(doc, draft.id, False), landscape=False)
    short_pdf = check_pdf(SHEETS["mission"].render(doc, short.id, False), landscape=False)
    assert short_pdf.pages == 2
    assert long_pdf.pages >= 4
    assert missing(long_pdf.text, words + who_words) == []
    # The mission text really continues from one page onto the next.
    first = next(i for i, t in enumerate(long_pdf.page_texts) if words[0] in t)
    last = next(i for i, t in enumerate(long_pdf.page_texts) if words[-1] in t)
    assert last > first


def test_a_5000_character_sign_flows_on_the_ladder_sheets() -> None:
    signs, words = numbered_words("tegn", 5_000)
    steps = [
        LadderStep(text="Udgangspunkt med æ", signs="Kort tegn"),
        LadderStep(text="Delmål med ø", signs=signs, action="Handling med å"),
        LadderStep(text="Målet", signs="Tydeligt"),
    ]
    ladder = Ladder(title="Lang", change_goal="Et mål", steps=steps)
    doc = doc_with(ladders=[ladder])

    stairs = check_pdf(SHEETS["maaltrappe"].render(doc, ladder.id, False), landscape=True)
    assert stairs.pages >= 2
    assert missing(stairs.text, words) == []
    assert "FORTSAT FRA MÅLTRAPPEN" in stairs.text
    assert "(fortsat under trappen)" in stairs.page_texts[0]

    table = check_pdf(SHEETS["trin-tegn-handling"].render(doc, ladder.id, False), landscape=False)
    assert table.pages >= 2
    assert missing(table.text, words) == []
    # The header row is repeated on the next page.
    assert "TRIN PÅ MÅLTRAPPEN" in table.page_texts[1]


def test_a_long_goal_and_many_steps_still_draw() -> None:
    goal, goal_words = numbered_words("mål", 5_000)
    steps = [LadderStep(text=f"Trin nummer {i} med æøå", signs=f"Tegn {i}") for i in range(20)]
    ladder = Ladder(title="Mange trin", change_goal=goal, steps=steps)
    doc = doc_with(ladders=[ladder])
    facts = check_pdf(SHEETS["maaltrappe"].render(doc, ladder.id, False), landscape=True)
    assert missing(facts.text, goal_words) == []
    assert missing(facts.text, [f"Trin nummer {i} med æøå" for i in range(20)]) == []
    assert "Trin 1–8 af 20" in facts.text
    assert "Trin 17–20 af 20" in facts.text


def test_a_long_persona_flows_with_its_headings_repeated() -> None:
    item, item_words = numbered_words("problem", 2_000)  # a list item holds 2,000 at most
    other, other_words = numbered_words("udfordring", 2_000)
    background = [f"Baggrund nummer {i} med æble og ål" for i in range(60)]
    persona = Persona(name="Ærlige Øjvind", background=background, problems=[item, other])
    doc = doc_with(personas=[persona])
    facts = check_pdf(SHEETS["persona"].render(doc, persona.id, False), landscape=False)
    assert facts.pages >= 2
    assert missing(facts.text, background + item_words + other_words) == []
    assert all("VIGTIGSTE PROBLEMER" in t for t in facts.page_texts)


def test_a_full_door_sheet_flows_with_its_lanes_repeated() -> None:
    notes = []
    for i in range(30):
        in_note = DoorNote(text=f"Ind nummer {i} – ærlig snak", side=Side.IN, colour=Colour.GREEN)
        out_note = DoorNote(text=f"Ud nummer {i} – større ø", side=Side.OUT, colour=Colour.GREEN)
        notes += [in_note.changed(pair_id=out_note.id), out_note]
    long_note, long_words = numbered_words("seddel", 2_000)
    notes.append(DoorNote(text=long_note, side=Side.IN, colour=Colour.RED))
    sheet = DoorSheet(title="Fyldt ark", notes=notes)
    doc = doc_with(door_sheets=[sheet])
    facts = check_pdf(SHEETS["doerark"].render(doc, sheet.id, False), landscape=True)
    assert facts.pages >= 3
    texts = [n.text for n in notes[:-1]]
    assert missing(facts.text, texts + long_words) == []
    assert missing(facts.text, [f"PAR {i} " for i in range(1, 31)]) == []
    assert all("SITUATION UD AF DØREN" in t for t in facts.page_texts)
