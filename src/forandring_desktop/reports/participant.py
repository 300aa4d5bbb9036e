"""PROGRESSIONSRAPPORT: one participant's progression, for the municipality that pays for
the course (the guide's "brug dokumentationen i dialogen med kommunen").

A4 portrait. Pseudonymous by default: the participant is named by their code everywhere
(title, page text, PDF metadata); the name is printed only when the data allow it
(``show_name``). The parts, in the guide's words:

- the facts of the course (kode, målgruppe, mentor, betalende kommune, start and end, where
  the person went 'ud af døren');
- IND AD DØREN: the challenges found at intake, each with how much it fills (0–10);
- MÅLTRAPPER: per ladder the change goal, the start step, the step now and the personal
  goal, whether it is reached, and the development drawn as a curve of the staff's and the
  participant's own ratings with the goal as a line (seed 003: "udviklingen tegnes i en
  kurve");
- HOVEDOMRÅDER: seed 003's -5…+5 score per main area, at the start and now, as a spider
  chart ("spindelvæv") and a table;
- UDFORDRINGER: each challenge's state at intake and now, and the guide's count of those
  resolved fully or partly;
- MEDARBEJDERENS OG DELTAGERENS VURDERING side by side, and how often they agree;
- NÆSTE SKRIDT: the action (handling) chosen at the latest rating per ladder and the latest
  note.

Every text is wrapped and flows onto further pages; nothing is cut off.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Polygon, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from forandring_desktop.model.intake import (
    ExitComparison,
    LadderComparison,
    StepPoint,
    start_and_end,
)
from forandring_desktop.model.ladder import Ladder
from forandring_desktop.model.participants import (
    DESTINATION_LABEL,
    ChallengeState,
    Enrolment,
    LadderRating,
    Participant,
    area_scores_at,
    ladder_points,
    live_follow_ups,
)
from forandring_desktop.model.report_data import ParticipantReportData
from forandring_desktop.reports.charts import SeriesLook, chart_drawing, chart_legend, marker
from forandring_desktop.reports.flowables import FlowTable, base_table_style, heading, spacer
from forandring_desktop.reports.fonts import FONT, FONT_BOLD
from forandring_desktop.reports.ladder import step_label
from forandring_desktop.reports.numbers import DASH, da_date, da_percent
from forandring_desktop.reports.pages import PdfMeta, Section, build_pdf, frame_size
from forandring_desktop.reports.styles import ACCENT, INK, MUTED, PAPER_TINT, RULE, styles
from forandring_desktop.reports.text import para, text_paragraphs

TITLE = "Progressionsrapport"
HEADING = "PROGRESSIONSRAPPORT"
SUBJECT = "Progressionsrapport for en deltager: ind ad døren, måltrapper og udfordringer"
APP = "Forandring Desktop"

DOOR_HEADING = "Ind ad døren"
LADDERS_HEADING = "Måltrapper"
AREAS_HEADING = "Hovedområder"
CHALLENGES_HEADING = "Udfordringer"
RATINGS_HEADING = "Medarbejderens og deltagerens vurdering"
NEXT_HEADING = "Næste skridt"

STATE_WORD: dict[ChallengeState, str] = {
    ChallengeState.UNRESOLVED: "Uløst",
    ChallengeState.PARTLY: "Delvist løst",
    ChallengeState.FULLY: "Løst",
}
AREA_SCALE = (
    "Skala: -5 til -1 = tilbagegang ift. start · 0 = status quo · 1 til 4 = fremgang ift. "
    "start · 5 = målet er nået."
)
AREA_MIN, AREA_MAX = -5, 5

# Blue and orange stay apart for the common colour-vision deficiencies; the lines also
# differ in dash and marker, so a black-and-white copy still tells them apart.
STAFF_COLOUR = colors.HexColor("#1f5fa8")
OWN_COLOUR = colors.HexColor("#c25e00")
GOAL_COLOUR = colors.HexColor("#4a4a4a")
STAFF = SeriesLook("Medarbejderens vurdering", STAFF_COLOUR, None, "FilledCircle", 1.6)
OWN = SeriesLook("Deltagerens egen vurdering", OWN_COLOUR, (4, 2.5), "FilledTriangle", 1.3)
GOAL = SeriesLook("Personligt mål", GOAL_COLOUR, (1.2, 2.2), None, 1.2)
AREA_START = SeriesLook("Ved start", OWN_COLOUR, (4, 2.5), "FilledSquare", 1.3)
AREA_NOW = SeriesLook("Nu", STAFF_COLOUR, None, "FilledCircle", 1.6)

CURVE_HEIGHT = 190.0
SPIDER_HEIGHT = 235.0
MAX_CHART_LABEL = 26


# -- the report ------------------------------------------------------------------------------


def report_title(data: ParticipantReportData) -> str:
    """The title, e.g. "Progressionsrapport – IG-001"; the name only when it may be shown."""
    return f"{TITLE} – {data.display_name}"


def render_participant_report(data: ParticipantReportData) -> bytes:
    """The progression report as a PDF (A4 portrait, fonts embedded)."""
    org = data.organisation.name
    meta = PdfMeta(
        title=report_title(data),
        subject=SUBJECT,
        author=org or APP,
        organisation=org,
        keywords=("progressionsrapport", "forandringsteori", "måltrapper"),
        made=data.made_on,
    )
    section = Section("portrait", HEADING, participant_flowables(data), bookmark=report_title(data))
    return build_pdf([section], meta)


def participant_flowables(data: ParticipantReportData) -> list[Flowable]:
    st = styles()
    person = _shown(data)
    comparison = start_and_end(person, data.ladders)
    width = frame_size("portrait")[0]
    out: list[Flowable] = [para(report_title(data), st.title)]
    intro = f"Til den betalende kommune. Lavet {da_date(data.made_on)}"
    if data.organisation.name:
        intro += f" af {data.organisation.name}"
    intro += "."
    if not data.show_name:
        intro += " Deltageren er kun angivet med sin kode."
    out.append(para(intro, st.hint))
    out.append(spacer(6))
    out += _facts(data, person, width)
    out += _summary(comparison)
    out += _door(person, width)
    out += _ladders(person, data.ladders, comparison.ladders, width)
    out += _areas(data, person, width)
    out += _challenges(comparison, width)
    out += _ratings(person, data.ladders, comparison.ladders, width)
    out += _next_steps(person, comparison.ladders)
    return out


def _shown(data: ParticipantReportData) -> Participant:
    """The participant as the report may show them: without the name unless allowed."""
    person = data.participant
    if data.show_name or not person.name:
        return person
    return person.model_copy(update={"name": ""})


# -- facts -----------------------------------------------------------------------------------


def _facts(data: ParticipantReportData, person: Participant, width: float) -> list[Flowable]:
    st = styles()
    follow_ups = live_follow_ups(person)
    rows: list[tuple[str, str]] = [("Kode", person.code)]
    if data.show_name and person.name.strip():
        rows.append(("Navn", person.name.strip()))
    rows += [
        ("Målgruppe", data.target_group.strip() or DASH),
        ("Mentor", person.mentor.strip() or DASH),
        ("Betalende kommune", person.municipality.strip() or DASH),
        ("Forløbets start", da_date(person.start_date)),
    ]
    end = person.exit.date if person.exit is not None else person.end_date
    rows.append(("Forløbets slut", da_date(end) if end is not None else "I gang"))
    if follow_ups:
        rows.append(("Opfølgninger", f"{len(follow_ups)} (seneste {da_date(follow_ups[-1].date)})"))
    else:
        rows.append(("Opfølgninger", "Ingen endnu"))
    if person.exit is not None:
        where = DESTINATION_LABEL[person.exit.destination]
        rows.append(("Ud af døren (destination)", f"{where} ({da_date(person.exit.date)})"))
    table = FlowTable(
        [[Paragraph(label, st.cell_head), para(value, st.cell)] for label, value in rows],
        colWidths=[width * 0.3, width * 0.7],
        hAlign="LEFT",
        frame_height=frame_size("portrait")[1],
    )
    table.setStyle(
        base_table_style(
            ("BACKGROUND", (0, 0), (0, -1), PAPER_TINT),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("LINEABOVE", (0, 0), (-1, 0), 1.0, ACCENT),
        )
    )
    out: list[Flowable] = [table]
    if person.exit is not None and person.exit.note.strip():
        out += heading("Ved udskrivningen", st.label, room=50)
        out += text_paragraphs(person.exit.note, st.body)
    return out


def _summary(comparison: ExitComparison) -> list[Flowable]:
    """The guide's count in one sentence: challenges in the door and out the door."""
    st = styles()
    text = (
        f"Ind ad døren: {comparison.in_the_door} udfordringer. "
        f"Ud af døren: {comparison.out_the_door} tilbage "
        f"({comparison.fully} løst, {comparison.partly} delvist løst)."
    )
    if comparison.goals_set:
        text += (
            f" Personligt mål nået på {comparison.goals_reached} af {comparison.goals_set} "
            "måltrapper."
        )
    return [*heading("Sammenfatning", st.label, room=60), para(text, st.body)]


# -- ind ad døren ------------------------------------------------------------------------------


class WeightBar(Flowable):  # type: ignore[misc]
    """The 0–10 scale 'hvor meget fylder det': ten boxes, ``weight`` of them filled, and
    the number beside them (so the scale reads without colour)."""

    BOX = 7.0
    GAP = 1.5

    def __init__(self, weight: int | None) -> None:
        super().__init__()
        self.weight = weight
        self.width = 10 * (self.BOX + self.GAP) + 30
        self.height = self.BOX + 2

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setLineWidth(0.5)
        canv.setStrokeColor(INK)
        canv.setFillColor(ACCENT)
        for i in range(10):
            filled = self.weight is not None and i < self.weight
            canv.rect(i * (self.BOX + self.GAP), 1, self.BOX, self.BOX, stroke=1, fill=int(filled))
        canv.setFillColor(INK)
        canv.setFont(FONT_BOLD, 9)
        text = f"{self.weight}/10" if self.weight is not None else DASH
        canv.drawString(10 * (self.BOX + self.GAP) + 4, 1.5, text)
        canv.restoreState()


def _door(person: Participant, width: float) -> list[Flowable]:
    st = styles()
    out = heading(DOOR_HEADING.upper(), st.section)
    out.append(
        para(
            "Udfordringerne ved start, og hvor meget hver enkelt fylder for deltageren "
            "(0 = fylder ikke, 10 = overskygger alt andet).",
            st.hint,
        )
    )
    challenges = [c for c in person.challenges if not c.is_deleted]
    if not challenges:
        out.append(para("Der er ikke registreret udfordringer ved start.", st.body))
        return out
    rows: list[list[Any]] = [
        [
            Paragraph("Udfordring", st.cell_head),
            Paragraph("Hvor meget fylder det? (0–10)", st.cell_head),
        ]
    ]
    for challenge in challenges:
        rows.append([text_paragraphs(challenge.text, st.cell), WeightBar(challenge.weight)])
    out.append(_grid(rows, [width * 0.7, width * 0.3]))
    return out


# -- måltrapper --------------------------------------------------------------------------------


def _step_text(point: StepPoint, ladder: Ladder | None) -> str:
    """'Trin 3 af 6 – DELMÅL: text' for a live step; retired and missing steps said so."""
    if point.step_id is None:
        return DASH
    if point.level is None or ladder is None:
        return f"Udgået trin: {point.text}" if point.text.strip() else "Udgået trin"
    count = len(ladder.live_steps())
    label = step_label(point.level - 1, count)
    text = f"Trin {point.level} af {count} – {label}"
    return f"{text}: {point.text}" if point.text.strip() else text


def _moved(moved: int | None) -> str:
    if moved is None:
        return DASH
    if moved > 0:
        return f"{moved} trin op"
    if moved < 0:
        return f"{-moved} trin ned"
    return "Samme trin som ved start"


def _goal_text(row: LadderComparison) -> str:
    reached = row.goal_reached
    if row.goal is None:
        return "Intet personligt mål sat"
    if reached is None:
        return DASH
    if reached:
        return "Ja, målet er nået"
    assert row.goal.level is not None
    assert row.end.level is not None
    missing = row.goal.level - row.end.level
    return f"Nej, {missing} trin mangler"


def ladder_name(row: LadderComparison) -> str:
    if row.title.strip():
        return row.title.strip()
    first = next((ln.strip() for ln in row.change_goal.splitlines() if ln.strip()), "")
    return first or "Måltrappe"


def _ladders(
    person: Participant,
    ladders: Mapping[uuid.UUID, Ladder],
    rows: Sequence[LadderComparison],
    width: float,
) -> list[Flowable]:
    st = styles()
    out = heading(LADDERS_HEADING.upper(), st.section)
    if not rows:
        out.append(para("Deltageren er ikke placeret på nogen måltrapper.", st.body))
        return out
    enrolments = {e.id: e for e in person.enrolments}
    for row in rows:
        ladder: Ladder | None = ladders.get(row.ladder_id)
        out += heading(f"Måltrappe: {ladder_name(row)}", st.subtitle, room=140)
        if row.change_goal.strip():
            out += _labelled("Forandringsmål", row.change_goal, st.body)
        cells = [
            ("Ved start", _step_text(row.start, ladder)),
            ("Nu (medarbejderens seneste vurdering)", _step_text(row.end, ladder)),
            (
                "Deltagerens egen seneste vurdering",
                _step_text(row.own, ladder) if row.own.step_id else "Ikke vurderet endnu",
            ),
            (
                "Personligt mål",
                _step_text(row.goal, ladder) if row.goal is not None else "Intet personligt mål",
            ),
            ("Målet nået", _goal_text(row)),
            ("Bevægelse siden start", _moved(row.moved)),
        ]
        table = FlowTable(
            [[Paragraph(label, st.cell_head), para(value, st.cell)] for label, value in cells],
            colWidths=[width * 0.34, width * 0.66],
            hAlign="LEFT",
            frame_height=frame_size("portrait")[1],
        )
        table.setStyle(
            base_table_style(
                ("BACKGROUND", (0, 0), (0, -1), PAPER_TINT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            )
        )
        out += [spacer(3), table, spacer(6)]
        enrolment = enrolments.get(row.enrolment_id)
        chart = (
            curve_chart(person, enrolment, ladder, row, width)
            if enrolment is not None and ladder is not None
            else None
        )
        if chart is None:
            out.append(para("Der er endnu ingen vurderinger at tegne for måltrappen.", st.hint))
        else:
            out.append(KeepTogether([para("Udviklingen over tid", st.label), chart]))
    return out


def _labelled(label: str, text: str, style: ParagraphStyle) -> list[Flowable]:
    lines = [ln for ln in text.replace("\r\n", "\n").split("\n") if ln.strip()] or [""]
    first = Paragraph(f"<b>{escape(label)}:</b> {escape(lines[0])}", style)
    return [first, *(para(ln, style) for ln in lines[1:])]


def _day_label(value: float) -> str:
    return date.fromordinal(round(value)).strftime("%d.%m.%y")


def curve_chart(
    person: Participant,
    enrolment: Enrolment,
    ladder: Ladder,
    row: LadderComparison,
    width: float,
) -> Any | None:
    """The development on one ladder as a curve: the staff's ratings (solid, circles) and
    the participant's own (dashed, triangles) by date, the personal goal as a dotted line.
    None when there is nothing to draw."""
    count = len(ladder.live_steps())
    if count == 0:
        return None
    points = ladder_points(person, enrolment, ladder)
    first = person.start_date.toordinal()
    staff = [(float(first), float(row.start.level))] if row.start.level is not None else []
    staff += [(float(d.toordinal()), float(s)) for d, s, _o in points if s is not None]
    own = [(float(d.toordinal()), float(o)) for d, _s, o in points if o is not None]
    if not points and not staff:
        return None
    days = [round(x) for x, _y in staff + own]
    x0, x1 = min([first, *days]), max([first + 7, *days])
    data: list[list[tuple[float, float]]] = []
    looks: list[SeriesLook] = []
    for series, look in ((staff, STAFF), (own, OWN)):
        if series:
            data.append(sorted(series))
            looks.append(look)
    if row.goal is not None and row.goal.level is not None:
        level = float(row.goal.level)
        data.append([(float(x0), level), (float(x1), level)])
        looks.append(GOAL)
    if not data:
        return None

    drawing = chart_drawing(width, CURVE_HEIGHT)
    plot = LinePlot()
    plot.x, plot.y = 34, 52
    plot.width, plot.height = width - 44, CURVE_HEIGHT - 70
    plot.data = data
    plot.strokeColor = RULE
    plot.strokeWidth = 0.4
    for i, look in enumerate(looks):
        line = plot.lines[i]
        line.strokeColor = look.colour
        line.strokeWidth = look.width
        line.strokeDashArray = list(look.dash) if look.dash else None
        line.symbol = marker(look, 5.5)
    x_axis = plot.xValueAxis
    x_axis.valueMin, x_axis.valueMax = float(x0), float(x1)
    span = x1 - x0
    step = max(7, math.ceil(span / 6 / 7) * 7)
    x_axis.valueSteps = [float(d) for d in range(x0, x1 + 1, step)]
    x_axis.labelTextFormat = _day_label
    y_axis = plot.yValueAxis
    y_axis.valueMin, y_axis.valueMax = 0.5, count + 0.5
    y_step = max(1, math.ceil(count / 10))
    y_axis.valueSteps = [float(v) for v in range(1, count + 1, y_step)]
    y_axis.labelTextFormat = lambda v: str(round(v))
    y_axis.visibleGrid = 1
    y_axis.gridStrokeColor = colors.HexColor("#d9e1e2")
    y_axis.gridStrokeWidth = 0.4
    for axis in (x_axis, y_axis):
        axis.labels.fontName = FONT
        axis.labels.fontSize = 7.5
        axis.labels.fillColor = INK
        axis.strokeColor = MUTED
        axis.strokeWidth = 0.6
    drawing.add(plot)
    drawing.add(
        String(4, plot.y + plot.height + 8, "Trin", fontName=FONT_BOLD, fontSize=8, fillColor=MUTED)
    )
    drawing.add(
        String(
            plot.x + plot.width,
            plot.y - 26,
            "Dato for opfølgningen",
            fontName=FONT,
            fontSize=7,
            fillColor=MUTED,
            textAnchor="end",
        )
    )
    drawing.add(chart_legend(looks, plot.x, 14))
    return drawing


# -- hovedområder ------------------------------------------------------------------------------


class _AreaSpider(SpiderChart):  # type: ignore[misc]
    """A spider chart on the fixed -5…+5 scale (reportlab scales to the largest value, and
    takes no negative numbers: the data come in shifted by +5)."""

    def normalizeData(self, outer: float = 0.0) -> list[list[float]]:
        self._norm = float(AREA_MAX - AREA_MIN)
        return [[value / self._norm for value in row] for row in self.data]


def _short(text: str, limit: int = MAX_CHART_LABEL) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def area_rows(data: ParticipantReportData, person: Participant) -> list[tuple[str, int, int]]:
    """(area, first score, latest score) for each area scored, the organisation's main
    areas first, in their order."""
    first = area_scores_at(person, first=True)
    latest = area_scores_at(person, first=False)
    order = [a for a in data.organisation.main_areas if a in latest]
    order += [a for a in latest if a not in order]
    return [(area, first.get(area, latest[area]), latest[area]) for area in order]


def spider_chart(rows: Sequence[tuple[str, int, int]], width: float) -> Any | None:
    """Seed 003's 'spindelvæv': the main areas at the start (dashed, squares) and now
    (solid, circles) on rings from -5 (the centre) to +5 (the edge). None under three areas."""
    if len(rows) < 3:
        return None
    drawing = chart_drawing(width, SPIDER_HEIGHT)
    size = SPIDER_HEIGHT - 50
    spider = _AreaSpider()
    spider.x, spider.y = (width - size) / 2 - 40, 24
    spider.width = spider.height = size
    spider.data = [
        [float(start - AREA_MIN) for _a, start, _n in rows],
        [float(now - AREA_MIN) for _a, _s, now in rows],
    ]
    spider.labels = [_short(area) for area, _s, _n in rows]
    spider.spokes.strokeColor = RULE
    spider.spokes.strokeWidth = 0.5
    spider.spokeLabels.fontName = FONT
    spider.spokeLabels.fontSize = 8
    spider.spokeLabels.fillColor = INK
    spider.strandLabels.fontName = FONT
    for i, look in enumerate((AREA_START, AREA_NOW)):
        strand = spider.strands[i]
        strand.strokeColor = look.colour
        strand.strokeWidth = look.width
        strand.strokeDashArray = list(look.dash) if look.dash else None
        strand.fillColor = None
        strand.symbol = marker(look, 6)
        strand.symbolSize = 6
    # Rings: one per score, the status quo (0) and the goal (+5) drawn stronger.
    cx, cy, radius = spider.x + size / 2, spider.y + size / 2, size / 2
    angles = [math.radians(90 - i * 360 / len(rows)) for i in range(len(rows))]
    for score in range(AREA_MIN + 1, AREA_MAX + 1):
        r = radius * (score - AREA_MIN) / (AREA_MAX - AREA_MIN)
        ring: list[float] = []
        for angle in angles:
            ring += [cx + r * math.cos(angle), cy + r * math.sin(angle)]
        strong = score in (0, AREA_MAX)
        drawing.add(
            Polygon(
                ring,
                fillColor=None,
                strokeColor=MUTED if strong else colors.HexColor("#dfe5e6"),
                strokeWidth=0.7 if strong else 0.35,
            )
        )
    for score in (AREA_MIN, 0, AREA_MAX):
        r = radius * (score - AREA_MIN) / (AREA_MAX - AREA_MIN)
        drawing.add(
            String(
                cx + 3,
                cy + r - 8 if score == AREA_MAX else cy + r + 2,
                f"{score:+d}" if score else "0",
                fontName=FONT,
                fontSize=6.5,
                fillColor=MUTED,
            )
        )
    drawing.add(spider)
    drawing.add(chart_legend((AREA_START, AREA_NOW), width - 130, SPIDER_HEIGHT - 20, columns=2))
    return drawing


def _score(value: int) -> str:
    return f"{value:+d}" if value else "0"


def _areas(data: ParticipantReportData, person: Participant, width: float) -> list[Flowable]:
    st = styles()
    rows = area_rows(data, person)
    chart = spider_chart(rows, width)
    room = SPIDER_HEIGHT + 60 if chart is not None else 120
    out = heading(AREAS_HEADING.upper(), st.section, room=room)
    out.append(para(f"Progressionen på hvert hovedområde. {AREA_SCALE}", st.hint))
    if not rows:
        out.append(para("Der er endnu ikke scoret nogen hovedområder.", st.body))
        return out
    if chart is not None:
        out.append(chart)
    table_rows: list[list[Any]] = [
        [
            Paragraph("Hovedområde", st.cell_head),
            Paragraph("Ved start", st.cell_head),
            Paragraph("Nu", st.cell_head),
            Paragraph("Ændring", st.cell_head),
        ]
    ]
    for area, start, now in rows:
        table_rows.append([para(area, st.cell), _score(start), _score(now), _score(now - start)])
    out.append(_grid(table_rows, [width * 0.46, width * 0.18, width * 0.18, width * 0.18]))
    return out


# -- udfordringer ------------------------------------------------------------------------------


def _challenges(comparison: ExitComparison, width: float) -> list[Flowable]:
    st = styles()
    out = heading(CHALLENGES_HEADING.upper(), st.section)
    if not comparison.challenges:
        out.append(para("Der er ikke registreret udfordringer.", st.body))
        return out
    rows: list[list[Any]] = [
        [
            Paragraph("Udfordring", st.cell_head),
            Paragraph("Vægt (0–10)", st.cell_head),
            Paragraph("Ved start", st.cell_head),
            Paragraph("Nu", st.cell_head),
        ]
    ]
    for challenge in comparison.challenges:
        weight = str(challenge.weight) if challenge.weight is not None else DASH
        rows.append(
            [
                text_paragraphs(challenge.text, st.cell),
                weight,
                STATE_WORD[challenge.start],
                Paragraph(f"<b>{STATE_WORD[challenge.end]}</b>", st.cell),
            ]
        )
    out.append(_grid(rows, [width * 0.55, width * 0.13, width * 0.16, width * 0.16]))
    n = comparison.in_the_door
    share = da_percent((comparison.fully + comparison.partly) / n) if n else DASH
    out.append(spacer(4))
    out.append(
        para(
            f"{comparison.fully} af {n} udfordringer er løst helt og {comparison.partly} "
            f"delvist ({share} afhjulpet helt eller delvist); {comparison.out_the_door} er "
            "der stadig, når man tæller som guiden (ud af døren).",
            st.body,
        )
    )
    return out


# -- vurderinger side om side --------------------------------------------------------------


def _agreement(row: LadderComparison) -> str:
    if row.end.level is None:
        return DASH
    if row.own.step_id is None:
        return "Deltageren har ikke vurderet sig selv"
    if row.own.level is None:
        return DASH
    diff = row.own.level - row.end.level
    if diff == 0:
        return "Enige"
    side = "højere" if diff > 0 else "lavere"
    return f"Deltageren vurderer sig {abs(diff)} trin {side}"


def _agreement_over_time(
    person: Participant, enrolment: Enrolment | None, ladder: Ladder | None
) -> str:
    if enrolment is None or ladder is None:
        return DASH
    both = [(s, o) for _d, s, o in ladder_points(person, enrolment, ladder) if s and o]
    if not both:
        return DASH
    same = sum(1 for s, o in both if s == o)
    return f"Enige i {same} af {len(both)} opfølgninger ({da_percent(same / len(both))})"


def _level(point: StepPoint) -> str:
    if point.step_id is None:
        return DASH
    return f"Trin {point.level}" if point.level is not None else "Udgået trin"


def _ratings(
    person: Participant,
    ladders: Mapping[uuid.UUID, Ladder],
    rows: Sequence[LadderComparison],
    width: float,
) -> list[Flowable]:
    st = styles()
    out = heading(RATINGS_HEADING.upper(), st.section, room=130)
    out.append(
        para(
            "Medarbejderens faglige vurdering og deltagerens egen vurdering ved de seneste "
            "opfølgninger, side om side.",
            st.hint,
        )
    )
    if not rows:
        out.append(para("Deltageren er ikke placeret på nogen måltrapper.", st.body))
        return out
    enrolments = {e.id: e for e in person.enrolments}
    table: list[list[Any]] = [
        [
            Paragraph("Måltrappe", st.cell_head),
            Paragraph("Medarbejder", st.cell_head),
            Paragraph("Deltageren selv", st.cell_head),
            Paragraph("Enighed nu", st.cell_head),
            Paragraph("Over hele forløbet", st.cell_head),
        ]
    ]
    for row in rows:
        ladder = ladders.get(row.ladder_id)
        table.append(
            [
                para(ladder_name(row), st.cell),
                _level(row.end),
                _level(row.own),
                para(_agreement(row), st.cell),
                para(
                    _agreement_over_time(person, enrolments.get(row.enrolment_id), ladder),
                    st.cell,
                ),
            ]
        )
    widths = [0.22, 0.16, 0.16, 0.22, 0.24]
    out.append(_grid(table, [width * w for w in widths]))
    return out


# -- næste skridt ------------------------------------------------------------------------------


def _latest_rating(
    person: Participant, enrolment_id: uuid.UUID
) -> tuple[date, LadderRating] | None:
    found: tuple[date, LadderRating] | None = None
    for follow_up in live_follow_ups(person):
        for rating in follow_up.ratings:
            if not rating.is_deleted and rating.enrolment_id == enrolment_id:
                found = (follow_up.date, rating)
    return found


def _next_steps(person: Participant, rows: Sequence[LadderComparison]) -> list[Flowable]:
    st = styles()
    out = heading(NEXT_HEADING.upper(), st.section, room=130)
    out.append(
        para(
            "Handlingen (trin-tegn-handling), der blev valgt ved den seneste vurdering på "
            "hver måltrappe, og det seneste notat fra opfølgningerne.",
            st.hint,
        )
    )
    for row in rows:
        out += heading(ladder_name(row), st.label, room=60)
        latest = _latest_rating(person, row.enrolment_id)
        if latest is None:
            out.append(para("Ingen vurderinger endnu.", st.body))
            continue
        day, rating = latest
        if rating.action.strip():
            out += _labelled(f"Handling ({da_date(day)})", rating.action, st.body)
        else:
            out.append(para(f"Ingen handling skrevet ved vurderingen {da_date(day)}.", st.body))
        if rating.note.strip():
            out += _labelled("Note til vurderingen", rating.note, st.body)
    noted = [f for f in live_follow_ups(person) if f.note.strip()]
    out += heading("Seneste notat fra opfølgningerne", st.label, room=60)
    if noted:
        out.append(para(da_date(noted[-1].date), st.hint))
        out += text_paragraphs(noted[-1].note, st.body)
    else:
        out.append(para("Der er ingen notater fra opfølgningerne.", st.body))
    return out


# -- tables -----------------------------------------------------------------------------------


def _grid(rows: list[list[Any]], widths: Sequence[float]) -> FlowTable:
    """A table with a tinted header row repeated on every page, rows that move whole, and a
    row too tall for a page split inside (long text is never cut)."""
    table = FlowTable(
        rows,
        colWidths=list(widths),
        repeatRows=1,
        hAlign="LEFT",
        frame_height=frame_size("portrait")[1],
    )
    table.setStyle(
        base_table_style(
            ("BACKGROUND", (0, 0), (-1, 0), PAPER_TINT),
            ("LINEABOVE", (0, 0), (-1, 0), 1.0, ACCENT),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        )
    )
    return table


__all__ = [
    "HEADING",
    "TITLE",
    "area_rows",
    "curve_chart",
    "render_participant_report",
    "report_title",
    "spider_chart",
]
