"""IND AD DØREN – UD AF DØREN-ARK (landscape): SITUATION IND AD DØREN on the left, SITUATION
UD AF DØREN on the right, the door between them.

The filled sheet mirrors the board: colour lanes meeting at the door (green innermost),
each post-it filled with its colour AND marked with the colour's shape and word, so the
sheet reads on a black-and-white copy. Pairs share a row and carry the same number (PAR 1 …)
on both notes and on the arrow through the door. A legend gives each colour's meaning.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from forandring_desktop.model.door import COLOUR_MEANING, Colour, DoorNote, DoorSheet, Side
from forandring_desktop.model.personas import Persona, TargetGroup
from forandring_desktop.reports.flowables import (
    ColourMark,
    FlowTable,
    PostIt,
    base_table_style,
    heading,
    identity_line,
    shortened,
    spacer,
)
from forandring_desktop.reports.fonts import FONT_BOLD
from forandring_desktop.reports.pages import Section, frame_size
from forandring_desktop.reports.styles import ACCENT, COLOUR_LOOK, INK, RULE, STAIR, styles
from forandring_desktop.reports.text import labelled, para

HEADING = "IND AD DØREN – UD AF DØREN-ARK"
IN_TITLE = "SITUATION IND AD DØREN"
OUT_TITLE = "SITUATION UD AF DØREN"
PAIR_HINT = (
    "Tænk i ”par”: en seddel ind ad døren og den seddel ud af døren, den bliver til, har samme "
    "nummer (PAR 1, PAR 2 …) og forbindes af pilen gennem døren."
)
BLANK_HINT = (
    "Marker hver forandring med grønt, gult eller rødt – og tegn også mærket (cirkel, "
    "trekant, firkant), så farven kan ses på en sort-hvid kopi. Tænk i ”par”: forbind en "
    "seddel ind ad døren med den, den bliver til ud af døren."
)
LANE_ORDER: dict[Side, tuple[Colour, ...]] = {
    Side.IN: (Colour.UNSORTED, Colour.RED, Colour.YELLOW, Colour.GREEN),
    Side.OUT: (Colour.GREEN, Colour.YELLOW, Colour.RED, Colour.UNSORTED),
}
PAIR_ORDER = (Colour.GREEN, Colour.YELLOW, Colour.RED, Colour.UNSORTED)
DOOR_WIDTH = 12 * mm
BLANK_HALF_HEIGHT = 330.0
NOTE_SHARE = 0.36  # a post-it takes at most this share of a page; the rest is continued
CONTINUED_TITLE = "FORTSAT FRA ARKET"
SIDE_WORD = {Side.IN: "ind ad døren", Side.OUT: "ud af døren"}


@dataclass(frozen=True, slots=True)
class Placed:
    note: DoorNote
    pair: int | None  # the pair's number, 1-based


Lane = tuple[Side, Colour]


class DoorArrow(Flowable):  # type: ignore[misc]
    """The arrow of a pair through the door, with the pair's number over it."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number
        self.width = 0.0
        self.height = 22.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        y = 6.0
        canv.saveState()
        canv.setStrokeColor(INK)
        canv.setFillColor(INK)
        canv.setLineWidth(1.2)
        canv.line(0, y, self.width - 5, y)
        path = canv.beginPath()
        path.moveTo(self.width, y)
        path.lineTo(self.width - 6, y + 3.5)
        path.lineTo(self.width - 6, y - 3.5)
        path.close()
        canv.drawPath(path, stroke=0, fill=1)
        canv.setFont(FONT_BOLD, 8)
        canv.drawCentredString(self.width / 2, y + 5, str(self.number))
        canv.restoreState()


class DoorPicture(Flowable):  # type: ignore[misc]
    """A door drawn between the two halves of the blank sheet."""

    def __init__(self, height: float) -> None:
        super().__init__()
        self.height = height
        self.width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        w, h = self.width, self.height
        door_h = min(h * 0.6, 160)
        bottom = (h - door_h) / 2
        canv.saveState()
        canv.setStrokeColor(ACCENT)
        canv.setFillColor(STAIR)
        canv.setLineWidth(1)
        canv.rect(2, bottom, w - 4, door_h, stroke=1, fill=1)
        canv.setFillColor(ACCENT)
        canv.circle(w - 8, bottom + door_h / 2, 1.8, stroke=0, fill=1)
        canv.restoreState()


def legend(colours: tuple[Colour, ...], width: float) -> Table:
    """Each colour's swatch, mark and word beside the guide's meaning of it."""
    st = styles()
    rows = [[ColourMark(c), para(COLOUR_MEANING[c], st.body_small)] for c in colours]
    table = FlowTable(rows, colWidths=[80, width - 80], hAlign="LEFT")
    table.setStyle(
        base_table_style(
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
        )
    )
    return table


def owner_line(
    sheet: DoorSheet | None,
    persona: Persona | None,
    group: TargetGroup | None,
    width: float,
) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = []
    if group is not None:
        out.append(identity_line([("MÅLGRUPPE", group.name)], width, [1.0]))
    else:
        if persona is None:
            values = [("NAVN", ""), ("KØN", ""), ("ALDER", "")]
        else:
            age = "" if persona.age is None else str(persona.age)
            values = [("NAVN", persona.name), ("KØN", persona.gender), ("ALDER", age)]
        out.append(identity_line(values, width, [0.45, 0.3, 0.25]))
    shown = {persona.name if persona else "", group.name if group else ""}
    if sheet is not None and sheet.title.strip() and sheet.title.strip() not in shown:
        out.append(para(sheet.title, st.hint))
    return out


def place_notes(sheet: DoorSheet) -> tuple[list[dict[Lane, Placed]], int]:
    """Rows of the printed board: one pair per row (in and out note face each other),
    then the unpaired notes fitted into the first free place of their lane."""
    live = sheet.live_notes()
    by_id: dict[uuid.UUID, DoorNote] = {n.id: n for n in live}
    pairs = [
        (n, by_id[n.pair_id])
        for n in live
        if n.side is Side.IN and n.pair_id is not None and n.pair_id in by_id
    ]
    pairs.sort(key=lambda p: (PAIR_ORDER.index(p[0].colour), p[0].y, p[0].x))
    paired = {n.id for pair in pairs for n in pair}
    rows: list[dict[Lane, Placed]] = []
    for number, (in_note, out_note) in enumerate(pairs, start=1):
        rows.append(
            {
                (Side.IN, in_note.colour): Placed(in_note, number),
                (Side.OUT, out_note.colour): Placed(out_note, number),
            }
        )
    singles = [n for n in live if n.id not in paired]
    singles.sort(key=lambda n: (n.side is Side.OUT, LANE_ORDER[n.side].index(n.colour), n.y, n.x))
    for note in singles:
        key = (note.side, note.colour)
        for row in rows:
            if key not in row:
                row[key] = Placed(note, None)
                break
        else:
            rows.append({key: Placed(note, None)})
    return rows, len(pairs)


def _lanes(sheet: DoorSheet) -> tuple[list[Lane], list[Lane]]:
    used = {(n.side, n.colour) for n in sheet.live_notes()}
    result: list[list[Lane]] = []
    for side in (Side.IN, Side.OUT):
        result.append(
            [(side, c) for c in LANE_ORDER[side] if c is not Colour.UNSORTED or (side, c) in used]
        )
    return result[0], result[1]


@dataclass(frozen=True, slots=True)
class Continued:
    """A post-it too long for the board: shortened there, printed whole after it."""

    number: int
    note: DoorNote
    pair: int | None


def _note(item: Placed, width: float, field: str, cut: list[Continued]) -> PostIt:
    """The post-it of ``item`` for a lane ``width`` wide: whole if it fits a third of a
    page, else shortened with a pointer to its number under FORTSAT FRA ARKET."""
    st = styles()
    look = COLOUR_LOOK[item.note.colour]
    badge = f"PAR {item.pair}" if item.pair is not None else ""
    inner = width - 8 - 2 * PostIt.PAD  # the table's cell padding and the note's own
    room = frame_size("landscape")[1] * NOTE_SHARE - 2 * PostIt.PAD - 13
    text: Flowable = para(item.note.text, st.post_it, field=field)
    if text.wrap(inner, 1e9)[1] > room:
        number = len(cut) + 1
        more = f" … (fortsat: nr. {number} under arket)"
        text = shortened(item.note.text, st.post_it, inner, room, more, field=field)
        cut.append(Continued(number, item.note, item.pair))
    return PostIt(
        text,
        fill=look.fill,
        edge=look.edge,
        mark=item.note.colour,
        badge=badge,
        field=field,
        splittable=False,
    )


def _board(sheet: DoorSheet, width: float, cut: list[Continued]) -> Table:
    st = styles()
    in_lanes, out_lanes = _lanes(sheet)
    lanes = [*in_lanes, *out_lanes]
    lane_w = (width - DOOR_WIDTH) / len(lanes)
    door = len(in_lanes)
    widths = [lane_w] * len(in_lanes) + [DOOR_WIDTH] + [lane_w] * len(out_lanes)
    last = len(widths) - 1

    side_row: list[Flowable] = [spacer(1)] * len(widths)
    side_row[0] = Paragraph(IN_TITLE, st.subtitle)
    side_row[door + 1] = Paragraph(OUT_TITLE, st.subtitle)
    lane_row: list[Flowable] = [ColourMark(c) for _s, c in in_lanes]
    lane_row += [spacer(1)] + [ColourMark(c) for _s, c in out_lanes]

    placed_rows, _count = place_notes(sheet)
    body: list[list[Flowable]] = []
    for row_number, placed in enumerate(placed_rows, start=1):
        cells: list[Flowable] = []
        pair_number: int | None = None
        for i, lane in enumerate(lanes):
            if i == door:
                cells.append(spacer(1))  # the door, filled in below
            item = placed.get(lane)
            if item is None:
                cells.append(spacer(1))
                continue
            if item.pair is not None:
                pair_number = item.pair
            side, colour = lane
            field = f"Seddel i række {row_number}, {SIDE_WORD[side]}, {COLOUR_LOOK[colour].word}"
            cells.append(_note(item, lane_w, field, cut))
        if pair_number is not None:
            cells[door] = DoorArrow(pair_number)
        body.append(cells)
    if not body:
        body.append([spacer(1)] * len(widths))
        body[0][0] = para("Arket har endnu ingen sedler.", st.hint)

    table = FlowTable(
        [side_row, lane_row, *body],
        colWidths=widths,
        repeatRows=2,
        frame_height=frame_size("landscape")[1],
    )
    commands: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (door - 1, 0)),
        ("SPAN", (door + 1, 0), (last, 0)),
        ("LINEBELOW", (0, 0), (door - 1, 0), 1.2, ACCENT),
        ("LINEBELOW", (door + 1, 0), (last, 0), 1.2, ACCENT),
        ("BACKGROUND", (door, 0), (door, -1), STAIR),
        ("VALIGN", (door, 2), (door, -1), "MIDDLE"),
        ("LEFTPADDING", (door, 0), (door, -1), 2),
        ("RIGHTPADDING", (door, 0), (door, -1), 2),
        ("LINEBELOW", (0, 1), (-1, 1), 0.5, RULE),
    ]
    for i, (_side, colour) in enumerate(lanes):
        col = i if i < door else i + 1
        commands.append(("BACKGROUND", (col, 1), (col, 1), COLOUR_LOOK[colour].fill))
        commands.append(("LINEAFTER", (col, 1), (col, -1), 0.3, RULE))
    table.setStyle(base_table_style(*commands))
    return table


def _blank_board(width: float) -> Table:
    st = styles()
    half = (width - DOOR_WIDTH) / 2
    rows = [
        [Paragraph(IN_TITLE, st.subtitle), spacer(1), Paragraph(OUT_TITLE, st.subtitle)],
        [spacer(BLANK_HALF_HEIGHT), DoorPicture(BLANK_HALF_HEIGHT), spacer(BLANK_HALF_HEIGHT)],
    ]
    table = FlowTable(rows, colWidths=[half, DOOR_WIDTH, half])
    table.setStyle(
        base_table_style(
            ("LINEBELOW", (0, 0), (0, 0), 1.2, ACCENT),
            ("LINEBELOW", (2, 0), (2, 0), 1.2, ACCENT),
            ("BOX", (0, 1), (0, 1), 0.8, ACCENT),
            ("BOX", (2, 1), (2, 1), 0.8, ACCENT),
            ("LEFTPADDING", (1, 0), (1, -1), 2),
            ("RIGHTPADDING", (1, 0), (1, -1), 2),
        )
    )
    return table


def door_flowables(
    sheet: DoorSheet | None,
    *,
    persona: Persona | None = None,
    group: TargetGroup | None = None,
    width: float | None = None,
) -> list[Flowable]:
    """The sheet's content; ``sheet`` None gives the blank form."""
    st = styles()
    width = width if width is not None else frame_size("landscape")[0]
    out: list[Flowable] = [*owner_line(sheet, persona, group, width), spacer(6)]
    colours: tuple[Colour, ...] = (Colour.GREEN, Colour.YELLOW, Colour.RED)
    if sheet is not None and any(n.colour is Colour.UNSORTED for n in sheet.live_notes()):
        colours += (Colour.UNSORTED,)
    out.append(legend(colours, width))
    out.append(para(PAIR_HINT if sheet is not None else BLANK_HINT, st.hint))
    out.append(spacer(6))
    if sheet is None:
        out.append(_blank_board(width))
        return out
    cut: list[Continued] = []
    out.append(_board(sheet, width, cut))
    if cut:
        out += heading(CONTINUED_TITLE, st.section)
        for item in cut:
            note = item.note
            what = f"{item.number}. {COLOUR_LOOK[note.colour].word}, {SIDE_WORD[note.side]}"
            if item.pair is not None:
                what += f", PAR {item.pair}"
            out += labelled(what, note.text, st.body, field=f"Seddel nr. {item.number}")
    return out


def door_section(
    sheet: DoorSheet | None,
    *,
    persona: Persona | None = None,
    group: TargetGroup | None = None,
    bookmark: str | None = None,
) -> Section:
    flowables = door_flowables(sheet, persona=persona, group=group)
    owner = persona.name if persona else group.name if group else sheet.title if sheet else ""
    return Section("landscape", HEADING, flowables, bookmark=bookmark, owner=owner)
