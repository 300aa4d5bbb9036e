"""PERSONA-ARK: NAVN / KØN / ALDER, then BAGGRUND beside VIGTIGSTE PROBLEMER, each item on
its own post-it as in the guide's examples. Long lists flow onto further pages with the two
column headings repeated."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from forandring_desktop.model.personas import Persona, PersonaKind
from forandring_desktop.reports.flowables import (
    FlowTable,
    PostIt,
    TickBox,
    WriteLines,
    base_table_style,
    identity_line,
    row_of,
    spacer,
)
from forandring_desktop.reports.pages import Section, frame_size
from forandring_desktop.reports.styles import ACCENT, RULE, styles
from forandring_desktop.reports.text import para

HEADING = "PERSONA-ARK"
BACKGROUND = "BAGGRUND"
PROBLEMS = "VIGTIGSTE PROBLEMER"
BACKGROUND_HINT = (
    "Beskriv hvor personen kommer fra, hvad han/hun har med i ’bagagen’, herunder også "
    "kroniske udfordringer, sygdomme."
)
PROBLEMS_HINT = (
    "Beskriv de helt konkrete og mest centrale problemer / udfordringer personen står med lige nu."
)
KIND_WORDS: dict[PersonaKind, str] = {
    PersonaKind.TYPICAL: "typisk bruger",
    PersonaKind.HARD: "svær bruger",
    PersonaKind.EASY: "let bruger",
}
BLANK_COLUMN_HEIGHT = 520.0


def identity(persona: Persona | None, width: float) -> list[Flowable]:
    """NAVN / KØN / ALDER and which kind of user the persona is."""
    if persona is None:
        values = [("NAVN", ""), ("KØN", ""), ("ALDER", "")]
    else:
        age = "" if persona.age is None else str(persona.age)
        values = [("NAVN", persona.name), ("KØN", persona.gender), ("ALDER", age)]
    line = identity_line(values, width, [0.5, 0.28, 0.22])
    boxes = [
        TickBox(word, checked=persona is not None and persona.kind is kind)
        for kind, word in KIND_WORDS.items()
    ]
    kinds = row_of([para("Persona for en:", styles().body_small), *boxes], [80, 95, 90, 90])
    return [line, spacer(6), kinds]


def persona_flowables(persona: Persona | None, width: float | None = None) -> list[Flowable]:
    """The sheet for ``persona``; None gives the blank form."""
    st = styles()
    width = width if width is not None else frame_size("portrait")[0]
    col = width / 2
    head = [Paragraph(BACKGROUND, st.subtitle), Paragraph(PROBLEMS, st.subtitle)]
    hints = [para(BACKGROUND_HINT, st.hint), para(PROBLEMS_HINT, st.hint)]
    rows: list[list[Flowable]] = [head, hints]
    if persona is None:
        rows.append([WriteLines(BLANK_COLUMN_HEIGHT), WriteLines(BLANK_COLUMN_HEIGHT)])
    else:
        columns: list[list[Flowable]] = []
        for title, items in ((BACKGROUND, persona.background), (PROBLEMS, persona.problems)):
            notes: list[Flowable] = [
                PostIt(text, field=f"{title} punkt {n}") for n, text in enumerate(items, 1)
            ]
            columns.append(notes or [para("Ingen punkter endnu.", st.hint)])
        rows.append(list(columns))
    table = FlowTable(
        rows, colWidths=[col, col], repeatRows=2, frame_height=frame_size("portrait")[1]
    )
    table.setStyle(
        base_table_style(
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, ACCENT),
            ("LINEBELOW", (0, 1), (-1, 1), 0.5, RULE),
            ("LINEAFTER", (0, 0), (0, -1), 0.5, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        )
    )
    return [*identity(persona, width), spacer(10), table]


def persona_section(persona: Persona | None, *, bookmark: str | None = None) -> Section:
    owner = persona.name if persona is not None else ""
    return Section("portrait", HEADING, persona_flowables(persona), bookmark=bookmark, owner=owner)
