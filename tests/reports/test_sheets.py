"""Every worksheet, blank and filled from the demo organisation: a valid A4 PDF in the right
orientation, fonts embedded, metadata set, and the guide's headings and the data put in
readable in it (Danish letters intact)."""

from __future__ import annotations

import pytest

from forandring_desktop.model import COLOUR_MEANING, STORY_CARDS, Colour, OrganisationDocument
from forandring_desktop.model.ladder import LADDER_INSTRUCTIONS
from forandring_desktop.model.mission import CHECKLIST_TEXT, MISSION_COMBINE, MISSION_QUESTIONS
from forandring_desktop.reports import SHEETS, render_blank
from forandring_desktop.services.demo import build_demo_document

from .pdf_checks import PdfFacts, check_pdf, missing

ORG = "iGangiGen"

HEADINGS: dict[str, list[str]] = {
    "mission": [
        "MISSIONS-ARBEJDSARK",
        "TRE SPØRGSMÅL, DER FÅR JER I GANG MED EN MISSION",
        *MISSION_QUESTIONS.values(),
        "MISSION",
        MISSION_COMBINE,
        "Checkliste: Er jeres mission konkret, forpligtende og skaber den en brændende platform?",
        *CHECKLIST_TEXT.values(),
        "Ja",
        "Nej",
        "Usikker",
    ],
    "historiekort": [
        "PROCESFORSLAG – MISSION HISTORIEKORT",
        "HVIS I HAR UDKLIPPEDE KORT: Tag et tilfældigt kort, læs det op og færdiggør historien.",
        "få din makker til at nævne et tal mellem 1 og 12",
    ],
    "persona": [
        "PERSONA-ARK",
        "NAVN:",
        "KØN:",
        "ALDER:",
        "BAGGRUND",
        "VIGTIGSTE PROBLEMER",
        "Beskriv hvor personen kommer fra, hvad han/hun har med i ’bagagen’",
        "Beskriv de helt konkrete og mest centrale problemer / udfordringer personen står med "
        "lige nu.",
        "typisk bruger",
        "svær bruger",
        "let bruger",
    ],
    "doerark": [
        "IND AD DØREN – UD AF DØREN-ARK",
        "SITUATION IND AD DØREN",
        "SITUATION UD AF DØREN",
        "GRØN",
        "GUL",
        "RØD",
        COLOUR_MEANING[Colour.GREEN],
        COLOUR_MEANING[Colour.YELLOW],
        COLOUR_MEANING[Colour.RED],
    ],
    "maaltrappe": [
        "MÅLTRAPPE-ARK",
        "FORANDRINGSMÅL",
        "UDGANGSPUNKTET",
        "DELMÅL",
        "MÅLET",
        "TEGN",
        *LADDER_INSTRUCTIONS,
    ],
    "trin-tegn-handling": [
        "TRIN-TEGN-HANDLING-ARK",
        "TRIN-TEGN-HANDLING",
        "TRIN PÅ MÅLTRAPPEN",
        "TEGN (det der står ‘under måltrappen’)",
        "HANDLING (hvad skal der sættes ind med nu?)",
        "UDGANGSPUNKTET",
        "MÅLET",
    ],
}
LANDSCAPE = {"doerark", "maaltrappe"}


@pytest.fixture(scope="module")
def demo() -> OrganisationDocument:
    return build_demo_document(participants=0)


def filled(doc: OrganisationDocument, kind: str) -> PdfFacts:
    sheet = SHEETS[kind]
    item_id = None
    if sheet.item == "mission_draft":
        item_id = next(d.id for d in doc.mission_drafts if d.chosen)
    elif sheet.item == "persona":
        item_id = doc.personas[0].id
    elif sheet.item == "door_sheet":
        item_id = doc.door_sheets[0].id
    elif sheet.item == "ladder":
        item_id = doc.ladders[1].id
    data = sheet.render(doc, item_id, False)
    return check_pdf(data, landscape=kind in LANDSCAPE, author=ORG)


def test_the_registry_names_every_kind_of_the_issue() -> None:
    assert list(SHEETS) == [
        "mission",
        "historiekort",
        "persona",
        "doerark",
        "maaltrappe",
        "trin-tegn-handling",
        "metodebeskrivelse",
        "handleplan",
        "forandringsteori",
    ]
    assert {k for k, s in SHEETS.items() if s.orientation == "landscape"} == LANDSCAPE | {
        "handleplan"
    }
    assert [k for k, s in SHEETS.items() if not s.has_blank] == ["forandringsteori"]


@pytest.mark.parametrize("kind", list(HEADINGS))
def test_blank_sheet(kind: str) -> None:
    facts = check_pdf(render_blank(kind), landscape=kind in LANDSCAPE, author="Forandring Desktop")
    assert "(blank)" in facts.metadata["/Title"]
    assert missing(facts.text, HEADINGS[kind]) == []


def test_blank_sheets_are_one_form_each() -> None:
    pages = {kind: check_pdf(render_blank(kind), landscape=None).pages for kind in HEADINGS}
    assert pages == {
        "mission": 2,  # the three questions, then the checklist, as in the guide
        "historiekort": 2,  # twelve cards with room to write a beginning on each
        "persona": 1,
        "doerark": 1,
        "maaltrappe": 1,
        "trin-tegn-handling": 1,
    }


def test_blank_staircase_has_the_guides_six_steps() -> None:
    text = check_pdf(render_blank("maaltrappe"), landscape=True).text
    assert text.count("DELMÅL") == 4
    assert all(f"TRIN {n}" in text for n in range(1, 7))
    assert "TRIN 7" not in text


def test_blank_story_cards_are_numbered_and_empty() -> None:
    text = check_pdf(render_blank("historiekort"), landscape=False).text
    assert missing(text, list(STORY_CARDS)) == list(STORY_CARDS)


def test_filled_mission(demo: OrganisationDocument) -> None:
    facts = filled(demo, "mission")
    draft = next(d for d in demo.mission_drafts if d.chosen)
    assert draft.title in facts.metadata["/Title"]
    want = [*HEADINGS["mission"], draft.who, draft.what, draft.how, draft.mission_text]
    want += [a.note for a in draft.checklist if a.note]
    assert missing(facts.text, want) == []
    assert "det valgte bud" in facts.text


def test_filled_story_cards(demo: OrganisationDocument) -> None:
    facts = filled(demo, "historiekort")
    assert facts.pages == 1
    assert missing(facts.text, [*HEADINGS["historiekort"], *STORY_CARDS]) == []
    assert facts.page_texts[0].find(STORY_CARDS[0]) < facts.page_texts[0].find(STORY_CARDS[11])


def test_filled_persona(demo: OrganisationDocument) -> None:
    facts = filled(demo, "persona")
    natasha = demo.personas[0]
    assert natasha.name == "Natasha"
    want = [
        *HEADINGS["persona"],
        "Natasha",
        "Kvinde",
        "23",
        "Dårlige faglige kundskaber.",
        "Bor i Ikast.",
        *natasha.background,
        *natasha.problems,
    ]
    assert missing(facts.text, want) == []
    assert "Persona-ark – Natasha" in facts.metadata["/Title"]


def test_filled_door_sheet(demo: OrganisationDocument) -> None:
    facts = filled(demo, "doerark")
    sheet = demo.door_sheets[0]
    notes = [n.text for n in sheet.live_notes()]
    pairs = sum(1 for n in sheet.live_notes() if n.pair_id is not None)
    assert pairs == 9
    want = [*HEADINGS["doerark"], "NAVN:", "Natasha", "Kvinde", *notes]
    want += [f"PAR {n}" for n in range(1, pairs + 1)]
    assert missing(facts.text, want) == []
    assert f"PAR {pairs + 1}" not in facts.text
    # Each pair's number stands on both of its notes.
    assert all(facts.text.count(f"PAR {n} ") >= 2 for n in range(1, pairs + 1))


def test_door_sheet_shows_unpaired_notes_and_unsorted_lane() -> None:
    from forandring_desktop.model import DoorNote, DoorSheet, Organisation, Side

    doc = OrganisationDocument(
        organisation=Organisation(name="Kø & Co"),
        door_sheets=[
            DoorSheet(
                title="Unge på vej",
                notes=[
                    DoorNote(text="Usorteret seddel om ærgrelse", side=Side.IN),
                    DoorNote(text="Rød seddel ud", side=Side.OUT, colour=Colour.RED),
                ],
            )
        ],
    )
    data = SHEETS["doerark"].render(doc, doc.door_sheets[0].id, False)
    facts = check_pdf(data, landscape=True, author="Kø & Co")
    want = ["Usorteret seddel om ærgrelse", "Rød seddel ud", "USORTERET", "Unge på vej"]
    assert missing(facts.text, want) == []
    assert "PAR 1 " not in facts.text  # the hint says "(PAR 1, PAR 2 …)"; no note has a badge


def test_filled_ladder(demo: OrganisationDocument) -> None:
    facts = filled(demo, "maaltrappe")
    ladder = demo.ladders[1]
    steps = ladder.live_steps()
    want = [*HEADINGS["maaltrappe"], ladder.change_goal]
    want += [s.text for s in steps] + [s.signs for s in steps]
    assert missing(facts.text, want) == []
    assert facts.pages == 1
    assert facts.text.count("DELMÅL") == len(steps) - 2


def test_filled_step_sign_action(demo: OrganisationDocument) -> None:
    facts = filled(demo, "trin-tegn-handling")
    ladder = demo.ladders[1]
    want = [*HEADINGS["trin-tegn-handling"], ladder.change_goal]
    for step in ladder.live_steps():
        want += [step.text, step.signs, step.action]
    assert missing(facts.text, want) == []
    # The starting point is the first row, as in the guide's example.
    first, top = ladder.live_steps()[0].text, ladder.live_steps()[-1].text
    assert facts.text.find(first) < facts.text.find(top)


def test_theory_of_change_document(demo: OrganisationDocument) -> None:
    data = SHEETS["forandringsteori"].render(demo, None, False)
    facts = check_pdf(data, landscape=None, title="Forandringsteori – iGangiGen", author=ORG)
    chosen = next(d for d in demo.mission_drafts if d.chosen)
    want = [
        "FORANDRINGSTEORI",
        demo.organisation.vision,
        chosen.mission_text,
        "MISSIONS-ARBEJDSARK",
        "MÅLGRUPPER",
        *(g.name for g in demo.target_groups),
        "PERSONA-ARK",
        "Natasha",
        "Klaus",
        "IND AD DØREN – UD AF DØREN-ARK",
        *(n.text for s in demo.door_sheets for n in s.live_notes()),
        "MÅLTRAPPE-ARK",
        "TRIN-TEGN-HANDLING-ARK",
        *(lad.change_goal for lad in demo.ladders),
        *(s.action for lad in demo.ladders for s in lad.live_steps()),
    ]
    assert missing(facts.text, want) == []
    # Door sheets and ladders on landscape pages, the rest portrait.
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    landscape_pages = [p for p in reader.pages if p.mediabox.width > p.mediabox.height]
    assert len(landscape_pages) >= len(demo.door_sheets) + len(demo.ladders)
    assert len(landscape_pages) < len(reader.pages)
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:1] == ["Forandringsteori"]
    assert "4. Måltrapper og trin-tegn-handling" in outline
    # Seed 001's method description and action plan are part of the whole document.
    assert outline.index("Metodebeskrivelse") + 1 == outline.index("Handleplan")
    assert outline[-1] == demo.target_groups[0].name  # the young group's own plan
    assert missing(facts.text, ["Metodebeskrivelse - den gode borgerrejse", "HANDLEPLAN"]) == []
    assert missing(facts.text, [a.what for a in demo.plan_actions]) == []


def test_theory_of_change_of_an_empty_organisation() -> None:
    from forandring_desktop.model import Organisation

    doc = OrganisationDocument(organisation=Organisation(name="Tom Forening"))
    data = SHEETS["forandringsteori"].render(doc, None, False)
    facts = check_pdf(data, landscape=False, author="Tom Forening")
    assert missing(facts.text, ["Der er endnu ingen bud på en mission.", "FORANDRINGSTEORI"]) == []


def test_text_is_printed_literally_not_as_markup() -> None:
    from forandring_desktop.model import Organisation, Persona

    persona = Persona(
        name="Åse <b>",
        background=["Har 5 < 10 & mere </para> med"],
        problems=["Ingen &amp; entiteter"],
    )
    doc = OrganisationDocument(organisation=Organisation(name="Ø & Å"), personas=[persona])
    facts = check_pdf(SHEETS["persona"].render(doc, persona.id, False), landscape=False)
    assert missing(facts.text, ["Åse <b>", "Har 5 < 10 & mere </para> med", "Ingen &amp;"]) == []


def test_the_fonts_are_the_shipped_dejavu_family() -> None:
    facts = check_pdf(render_blank("persona"), landscape=False)
    assert facts.fonts <= {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}
    assert "DejaVuSans" in facts.fonts


def test_the_checks_catch_a_standard_font_and_the_wrong_orientation() -> None:
    """The quality checks above must be able to fail."""
    import io

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle("x")
    canvas.setAuthor("y")
    canvas.setCreator("Forandring Desktop")
    canvas.setSubject("z")
    canvas.drawString(72, 72, "Helvetica sneaks in")
    canvas.showPage()
    canvas.save()
    with pytest.raises(AssertionError, match="standard font"):
        check_pdf(buffer.getvalue(), landscape=False)
    with pytest.raises(AssertionError, match="orientation"):
        check_pdf(render_blank("persona"), landscape=True)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(A4))
    canvas.showPage()
    canvas.save()
    with pytest.raises(AssertionError):
        check_pdf(buffer.getvalue(), landscape=True)
