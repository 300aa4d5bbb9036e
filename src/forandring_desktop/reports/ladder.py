"""MÅLTRAPPE-ARK (landscape): a drawn staircase, UDGANGSPUNKTET on the bottom step, the
DELMÅL on the steps between and MÅLET on top; each step's sub-goal written on it and its
signs (tegn) under it; the guide's three-line instruction in the free corner; the change
goal (FORANDRINGSMÅL) over it all.

TRIN-TEGN-HANDLING-ARK: the guide's table of TRIN PÅ MÅLTRAPPEN / TEGN / HANDLING, one row
per step from the starting point up, flowing over as many pages as the text needs.

A staircase is a drawing and cannot grow, so text too long for its step is shortened there
with a pointer, and printed in full under FORTSAT FRA MÅLTRAPPEN after the drawing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from forandring_desktop.model.ladder import LADDER_INSTRUCTIONS, Ladder, LadderStep
from forandring_desktop.reports.flowables import (
    FlowTable,
    WriteLines,
    base_table_style,
    heading,
    shortened,
    spacer,
)
from forandring_desktop.reports.fonts import FONT_BOLD
from forandring_desktop.reports.pages import Section, frame_size
from forandring_desktop.reports.styles import ACCENT, INK, MUTED, PAPER_TINT, RULE, STAIR, styles
from forandring_desktop.reports.text import (
    draw_runs,
    fit,
    labelled,
    para,
    plain,
    string_width,
    text_paragraphs,
)

HEADING = "MÅLTRAPPE-ARK"
TTH_HEADING = "TRIN-TEGN-HANDLING-ARK"
TITLE = "MÅLTRAPPE"
GOAL_LABEL = "FORANDRINGSMÅL"
START, SUB_GOAL, GOAL = "UDGANGSPUNKTET", "DELMÅL", "MÅLET"
SIGNS_LABEL = "TEGN"
CONTINUED_TITLE = "FORTSAT FRA MÅLTRAPPEN"
MORE = " … (fortsat under trappen)"
TTH_TITLE = "TRIN-TEGN-HANDLING"
TTH_COLUMNS = (
    ("TRIN PÅ MÅLTRAPPEN", ""),
    ("TEGN", "(det der står ‘under måltrappen’)"),
    ("HANDLING", "(hvad skal der sættes ind med nu?)"),
)
BLANK_STEPS = 6  # as the guide's sheet: UDGANGSPUNKTET, four DELMÅL, MÅLET
STEPS_PER_DRAWING = 8
MIN_DRAWING_HEIGHT = 300.0
_SIZES = (9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5)


def step_label(index: int, count: int) -> str:
    if index == 0 and count > 1:
        return START
    if index == count - 1:
        return GOAL
    return SUB_GOAL


@dataclass
class StairStep:
    number: int  # 1-based, from the bottom
    label: str
    text: str
    signs: str
    truncated: set[str] = field(default_factory=set)  # "text" and/or "signs"


def _fitted(
    text: str, style: ParagraphStyle, width: float, height: float, *, field: str = ""
) -> tuple[Flowable, bool]:
    """The text at the largest size that fits the box, wrapped; shortened with a pointer to
    the continuation (True) if none does."""
    fitted = style
    for size in _SIZES:
        fitted = ParagraphStyle(f"fd-fit-{size}", parent=style, fontSize=size, leading=size * 1.22)
        p = para(text, fitted, field=field)
        _w, h = p.wrap(width, height)
        if h <= height:
            return p, False
    return shortened(text, fitted, width, height, MORE, field=field), True


class Staircase(Flowable):  # type: ignore[misc]
    """The drawn ladder: steps rise from left to right, MÅLET top right."""

    def __init__(
        self,
        steps: list[StairStep],
        *,
        blank: bool = False,
        instructions: bool = True,
        caption: str = "",
        goal: str = "",
    ) -> None:
        super().__init__()
        self.steps = steps
        self.blank = blank
        self.instructions = instructions
        self.caption = caption
        self.goal = goal  # repeated over a drawing continued from an earlier page
        self.fd_field = "Måltrappen"
        self.width = 0.0
        self.height = 0.0
        self._full = frame_size("landscape")[1]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        # Take the rest of the page, but never squeeze the drawing: too little room left
        # asks for a whole page (and the frame moves it to the next one).
        self.height = avail_height if avail_height >= MIN_DRAWING_HEIGHT else self._full
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def _instruction_box(self) -> tuple[list[Paragraph], float, float]:
        st = styles()
        style = ParagraphStyle(
            "fd-ladder-instr",
            parent=st.body_small,
            fontName=FONT_BOLD,
            bulletFontName=FONT_BOLD,
            bulletFontSize=8.5,
            leftIndent=12,
            bulletIndent=0,
            spaceAfter=1.5,
        )
        box_w = min(self.width * 0.42, 330)
        lines = [
            Paragraph(escape(line), style, bulletText=f"{i}.")
            for i, line in enumerate(LADDER_INSTRUCTIONS, 1)
        ]
        h = sum(p.wrap(box_w - 14, 200)[1] + 1.5 for p in lines)
        return lines, box_w, h + 12

    def draw(self) -> None:
        canv = self.canv
        st = styles()
        count = len(self.steps)
        width, height = self.width, self.height
        top_band = 12.0 if (self.caption or self.goal) else 0.0
        instr, box_w, box_h = self._instruction_box()
        col = width / count
        signs_zone = max(min(height * 0.34, 170), 90)
        text_zone = max(min(height * 0.25, 120), 70)
        free_top = height - top_band
        rise = (free_top - signs_zone - text_zone) / max(count - 1, 1)
        # The instructions go in the empty corner over the low steps when they fit there;
        # otherwise a band over the whole drawing is kept for them.
        covered = [i for i in range(count) if i * col < box_w]
        corner_ok = all(signs_zone + i * rise + text_zone <= free_top - box_h - 6 for i in covered)
        if self.instructions and not corner_ok:
            free_top -= box_h + 8
            rise = (free_top - signs_zone - text_zone) / max(count - 1, 1)

        canv.saveState()
        caption_w = 0.0
        if self.caption:
            canv.setFont(FONT_BOLD, 8)
            canv.setFillColor(MUTED)
            canv.drawRightString(width, height - 9, self.caption)
            caption_w = string_width(self.caption, FONT_BOLD, 8) + 12
        if self.goal:
            canv.setFillColor(INK)
            shown = fit(plain(self.goal, FONT_BOLD), FONT_BOLD, 9.5, width - caption_w)
            draw_runs(canv, 0, height - 9, shown, FONT_BOLD, 9.5)
        if self.instructions:
            y0 = height - top_band - box_h
            canv.setFillColor(PAPER_TINT)
            canv.setStrokeColor(ACCENT)
            canv.setLineWidth(0.8)
            canv.rect(0, y0, box_w, box_h, stroke=1, fill=1)
            y = y0 + box_h - 6
            for line in instr:
                _w, h = line.wrap(box_w - 14, box_h)
                y -= h
                line.drawOn(canv, 7, y)
                y -= 1.5

        label_style = ParagraphStyle("fd-step-text", parent=st.body, fontSize=9.5)
        signs_style = ParagraphStyle("fd-step-signs", parent=st.body_small)
        label_size, label_space = self._label_font(col - 8)
        for i, step in enumerate(self.steps):
            self.fd_field = f"Trin {step.number}"
            x = i * col
            tread = signs_zone + i * rise
            # the step's block and its tread
            canv.setFillColor(STAIR)
            canv.setStrokeColor(STAIR)
            canv.rect(x, 0, col, tread, stroke=0, fill=1)
            canv.setStrokeColor(ACCENT)
            canv.setLineWidth(2.2)
            canv.line(x, tread, x + col, tread)
            if i > 0:
                canv.line(x, signs_zone + (i - 1) * rise, x, tread)
            canv.setLineWidth(0.5)
            canv.setStrokeColor(colors.white)
            canv.line(x, 0, x, tread - 1.2)
            # label and number over the tread
            canv.setFillColor(ACCENT)
            canv.setFont(FONT_BOLD, label_size)
            canv.drawString(x + 4, tread + 4, step.label, charSpace=label_space)
            canv.setFillColor(MUTED)
            canv.setFont(FONT_BOLD, 7)
            canv.drawString(x + 4, 4, f"TRIN {step.number}")
            # under the tread: TEGN
            canv.setFillColor(MUTED)
            canv.setFont(FONT_BOLD, 6.5)
            canv.drawString(x + 4, tread - 10, SIGNS_LABEL, charSpace=0.6)
            inner = col - 8
            text_h = text_zone - 18
            signs_h = signs_zone - 28
            if self.blank:
                self._lines(x + 4, tread + 16, inner, text_h)
                # The lowest line stays clear of the "TRIN n" under it.
                self._lines(x + 4, tread - signs_zone + 18, inner, signs_h - 18)
                continue
            if step.text.strip():
                p, cut = _fitted(
                    step.text, label_style, inner, text_h, field=f"Trin {step.number} – tekst"
                )
                if cut:
                    step.truncated.add("text")
                p.drawOn(canv, x + 4, tread + 15)
            if step.signs.strip():
                p, cut = _fitted(
                    step.signs, signs_style, inner, signs_h, field=f"Trin {step.number} – tegn"
                )
                if cut:
                    step.truncated.add("signs")
                _w, h = p.wrap(inner, signs_h)
                p.drawOn(canv, x + 4, tread - 13 - h)
        canv.restoreState()

    def _label_font(self, room: float) -> tuple[float, float]:
        """The size and letter spacing at which every step's label (UDGANGSPUNKTET …) fits
        its step, so no label runs into the next riser."""
        size, space = 7.5, 0.8
        widest = max((s.label for s in self.steps), key=len, default="")
        while size > 4.5:
            if string_width(widest, FONT_BOLD, size) + space * len(widest) <= room:
                break
            size -= 0.5
            space = max(0.0, space - 0.2)
        return size, space

    def _lines(self, x: float, y: float, w: float, h: float) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.setDash(1, 2)
        line_y = y + h - 14
        while line_y >= y:
            canv.line(x, line_y, x + w, line_y)
            line_y -= 14
        canv.restoreState()


class _Continuation(Flowable):  # type: ignore[misc]
    """After the drawing: the full text of every step that was shortened on it. Which ones
    is known only once the drawing is drawn, so it turns into its paragraphs late: it never
    fits, and the frame replaces it by what ``split`` returns."""

    def __init__(self, steps: list[StairStep]) -> None:
        super().__init__()
        self.steps = steps
        self._parts: list[Flowable] | None = None

    def _content(self) -> list[Flowable]:
        if self._parts is None:
            st = styles()
            parts: list[Flowable] = []
            cut = [s for s in self.steps if s.truncated]
            if cut:
                parts += heading(CONTINUED_TITLE, st.section)
            for step in cut:
                parts += labelled(
                    f"Trin {step.number} – {step.label}",
                    step.text,
                    st.body,
                    field=f"Trin {step.number} – tekst",
                )
                if step.signs.strip():
                    parts += labelled(
                        SIGNS_LABEL, step.signs, st.body, field=f"Trin {step.number} – tegn"
                    )
            self._parts = parts
        return self._parts

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # Never fits, so the frame asks to split it, after the drawing has been drawn.
        return avail_width, avail_height + 1

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return [spacer(0), *self._content()]  # the first part must fit: it is empty

    def draw(self) -> None:
        return None


def _stair_steps(ladder: Ladder | None) -> list[StairStep]:
    if ladder is None or not ladder.live_steps():
        return [StairStep(i + 1, step_label(i, BLANK_STEPS), "", "") for i in range(BLANK_STEPS)]
    live: list[LadderStep] = ladder.live_steps()
    return [StairStep(i + 1, step_label(i, len(live)), s.text, s.signs) for i, s in enumerate(live)]


def ladder_flowables(ladder: Ladder | None) -> list[Flowable]:
    """The måltrappe-ark for ``ladder``; None gives the blank form."""
    st = styles()
    goal_style = ParagraphStyle("fd-goal", parent=st.subtitle, fontSize=12.5, leading=16)
    out: list[Flowable] = []
    if ladder is None:
        out.append(Paragraph(f"{TITLE} – {GOAL_LABEL}:", goal_style))
        out.append(WriteLines(26, gap=20, boxed=False))
    else:
        title = f"{TITLE}: {ladder.title}" if ladder.title.strip() else TITLE
        out.append(para(title, st.hint, field="Titel"))
        out.append(para(f"{GOAL_LABEL}: {ladder.change_goal}", goal_style, field=GOAL_LABEL))
    out.append(spacer(4))
    steps = _stair_steps(ladder)
    blank = ladder is None or not ladder.live_steps()
    if ladder is not None and blank:
        out.append(para("Måltrappen har endnu ingen trin – tegn dem ind.", st.hint))
    chunks = [steps[i : i + STEPS_PER_DRAWING] for i in range(0, len(steps), STEPS_PER_DRAWING)]
    for n, chunk in enumerate(chunks):
        caption = ""
        if len(chunks) > 1:
            caption = f"Trin {chunk[0].number}–{chunk[-1].number} af {len(steps)}"
        goal = ""
        if n > 0:
            goal = f"{GOAL_LABEL}: {ladder.change_goal if ladder else ''} (fortsat)"
        out.append(Staircase(chunk, blank=blank, instructions=n == 0, caption=caption, goal=goal))
    if not blank:
        out.append(_Continuation(steps))
    return out


def ladder_section(ladder: Ladder | None, *, bookmark: str | None = None) -> Section:
    owner = ladder.title.strip() if ladder is not None else ""
    return Section("landscape", HEADING, ladder_flowables(ladder), bookmark=bookmark, owner=owner)


# -- trin-tegn-handling -----------------------------------------------------------------


def tth_flowables(ladder: Ladder | None, width: float | None = None) -> list[Flowable]:
    """The trin-tegn-handling-ark for ``ladder``; None gives the blank form."""
    st = styles()
    width = width if width is not None else frame_size("portrait")[0]
    out: list[Flowable] = [Paragraph(TTH_TITLE, st.title)]
    if ladder is not None:
        if ladder.title.strip():
            out.append(para(f"{TITLE}: {ladder.title}", st.hint))
        out.append(para(f"{GOAL_LABEL}: {ladder.change_goal}", st.subtitle))
    out.append(spacer(4))
    head = [
        [Paragraph(name, st.cell_head), *([para(hint, st.cell_hint)] if hint else [])]
        for name, hint in TTH_COLUMNS
    ]
    rows: list[list[Any]] = [head]
    caption = ParagraphStyle(
        "fd-tth-caption", parent=st.cell_hint, fontName=FONT_BOLD, textColor=ACCENT
    )
    steps = ladder.live_steps() if ladder is not None else []
    if not steps:
        for i in range(BLANK_STEPS):
            label = f"{i + 1} · {step_label(i, BLANK_STEPS)}"
            rows.append([[Paragraph(label, caption), spacer(78)], spacer(1), spacer(1)])
    for i, step in enumerate(steps):
        label = f"{i + 1} · {step_label(i, len(steps))}"
        rows.append(
            [
                [
                    Paragraph(label, caption),
                    *text_paragraphs(step.text, st.cell, field=f"Trin {i + 1} – tekst"),
                ],
                text_paragraphs(step.signs, st.cell, field=f"Trin {i + 1} – tegn") or spacer(30),
                text_paragraphs(step.action, st.cell, field=f"Trin {i + 1} – handling")
                or spacer(30),
            ]
        )
    widths = [width * 0.3, width * 0.35, width * 0.35]
    table = FlowTable(rows, colWidths=widths, repeatRows=1, frame_height=frame_size("portrait")[1])
    table.setStyle(
        base_table_style(
            ("BACKGROUND", (0, 0), (-1, 0), PAPER_TINT),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, ACCENT),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("GRID", (0, 1), (-1, -1), 0.5, RULE),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        )
    )
    out.append(table)
    return out


def tth_section(ladder: Ladder | None, *, bookmark: str | None = None) -> Section:
    owner = ladder.title.strip() if ladder is not None else ""
    return Section("portrait", TTH_HEADING, tth_flowables(ladder), bookmark=bookmark, owner=owner)
