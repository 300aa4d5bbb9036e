"""HISTORIEKORT: the twelve story starters on a cut-out sheet, numbered for the pair
exercise ('nævn et tal mellem 1 og 12'). The blank sheet has twelve empty numbered cards
for a team's own starters."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from forandring_desktop.model.story_cards import STORY_CARDS
from forandring_desktop.reports.flowables import base_table_style, spacer
from forandring_desktop.reports.fonts import FONT_BOLD
from forandring_desktop.reports.pages import Section, frame_size
from forandring_desktop.reports.styles import ACCENT, RULE, styles
from forandring_desktop.reports.text import para

HEADING = "PROCESFORSLAG – MISSION HISTORIEKORT"
TITLE = "HISTORIEKORT"
WITH_CARDS = (
    "<b>HVIS I HAR UDKLIPPEDE KORT:</b> Tag et tilfældigt kort, læs det op og færdiggør historien."
)
WITHOUT_CARDS = (
    "<b>HVIS I IKKE HAR UDKLIPPEDE KORT</b> få din makker til at nævne et tal mellem 1 og 12 "
    "og læs begyndelsen med det tal, han eller hun nævnte fra kortene nedenfor. Færdiggør "
    "historien."
)
BLANK_HINT = "Skriv jeres egne begyndelser på historier på kortene, og klip dem ud."
CARD_HEIGHT = 96.0
BLANK_CARD_HEIGHT = 200.0  # three rows a page: room to write a beginning by hand
WRITE_GAP = 20.0
COLUMNS = 2


class StoryCard(Flowable):  # type: ignore[misc]
    """One card: its number in the corner, the starter centred (or lines to write on)."""

    def __init__(self, number: int, text: str | None, width: float, height: float) -> None:
        super().__init__()
        self.number = number
        self.text = text
        self.width = width
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setFillColor(ACCENT)
        canv.circle(14, self.height - 14, 9, stroke=0, fill=1)
        canv.setFillColorRGB(1, 1, 1)
        canv.setFont(FONT_BOLD, 9.5)
        canv.drawCentredString(14, self.height - 17.3, str(self.number))
        canv.restoreState()
        inner = self.width - 36
        if self.text is None:
            canv.saveState()
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.4)
            canv.setDash(1, 2)
            y = self.height - 30
            while y > 12:
                canv.line(30 if y > self.height - 40 else 18, y, self.width - 18, y)
                y -= WRITE_GAP
            canv.restoreState()
            return
        text = para(self.text, styles().card)
        _w, h = text.wrap(inner, self.height - 24)
        text.drawOn(canv, 18, max((self.height - h) / 2 - 2, 4))


def story_card_flowables(cards: Sequence[str] | None) -> list[Flowable]:
    """``cards`` None gives the blank sheet of twelve empty cards."""
    st = styles()
    width, _height = frame_size("portrait")
    texts: list[str | None] = list(cards) if cards is not None else [None] * len(STORY_CARDS)
    card_w = width / COLUMNS
    card_h = CARD_HEIGHT if cards is not None else BLANK_CARD_HEIGHT
    cells = [StoryCard(i + 1, t, card_w, card_h) for i, t in enumerate(texts)]
    rows = [cells[i : i + COLUMNS] for i in range(0, len(cells), COLUMNS)]
    if len(rows[-1]) < COLUMNS:
        rows[-1] += [spacer(1)] * (COLUMNS - len(rows[-1]))
    grid = Table(
        rows,
        colWidths=[card_w] * COLUMNS,
        rowHeights=[card_h] * len(rows),
        hAlign="CENTER",
    )
    grid.setStyle(
        base_table_style(
            ("GRID", (0, 0), (-1, -1), 0.7, RULE, None, (4, 3)),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        )
    )
    out: list[Flowable] = [
        Paragraph(TITLE, st.title),
        Paragraph(WITH_CARDS, st.body),
        spacer(3),
        Paragraph(WITHOUT_CARDS, st.body),
    ]
    if cards is None:
        out += [spacer(3), Paragraph(BLANK_HINT, st.hint)]
    out += [spacer(4 * mm), grid]
    return out


def story_card_section(blank: bool, *, bookmark: str | None = None) -> Section:
    flowables = story_card_flowables(None if blank else STORY_CARDS)
    return Section("portrait", HEADING, flowables, bookmark=bookmark)
