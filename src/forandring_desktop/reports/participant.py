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

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph

from forandring_desktop.model.intake import (
    ExitComparison,
    LadderComparison,
    StepPoint,
    start_and_end,
)
from forandring_desktop.model.ladder import Ladder
from forandring_desktop.model.participants import (
    DESTINATION_LABEL,
    Participant,
    live_follow_ups,
)
from forandring_desktop.model.report_data import ParticipantReportData
from forandring_desktop.reports.errors import guarded
from forandring_desktop.reports.flowables import FlowTable, base_table_style, heading, spacer
from forandring_desktop.reports.fonts import FONT_BOLD
from forandring_desktop.reports.ladder import step_label
from forandring_desktop.reports.numbers import DASH, da_date, da_score
from forandring_desktop.reports.pages import PdfMeta, Section, build_pdf, frame_size
from forandring_desktop.reports.participant_charts import (
    AREA_SCALE,
    FIRST_SCORING,
    LATEST_SCORING,
    SPIDER_HEIGHT,
    area_rows,
    curve_chart,
    scoring_days,
    spider_chart,
)
from forandring_desktop.reports.participant_progress import (
    challenges,
    exit_summary,
    grid,
    ladder_name,
    latest_note,
    next_steps,
    ratings,
)
from forandring_desktop.reports.styles import ACCENT, INK, PAPER_TINT, RULE, styles
from forandring_desktop.reports.text import labelled, para, text_paragraphs

TITLE = "Progressionsrapport"
HEADING = "PROGRESSIONSRAPPORT"
SUBJECT = "Progressionsrapport for en deltager: ind ad døren, måltrapper og udfordringer"
APP = "Forandring Desktop"

DOOR_HEADING = "Ind ad døren"
LADDERS_HEADING = "Måltrapper"
AREAS_HEADING = "Hovedområder"


# -- the report ------------------------------------------------------------------------------


def report_title(data: ParticipantReportData) -> str:
    """The title, e.g. "Progressionsrapport – IG-001"; the name only when it may be shown."""
    return f"{TITLE} – {data.display_name}"


@guarded("Progressionsrapporten")
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
    section = Section(
        "portrait",
        HEADING,
        participant_flowables(data),
        bookmark=report_title(data),
        owner=data.participant.code,  # the code on every page, never the name
    )
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
    out += challenges(comparison, width)
    out += ratings(person, data.ladders, comparison.ladders, width)
    if person.exit is None:
        out += next_steps(person, comparison.ladders)
    else:  # a finished course has no next steps, only how it ended
        out += latest_note(person)
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
    text = exit_summary(comparison)
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
    out.append(grid(rows, [width * 0.7, width * 0.3]))
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


def _ladders(
    person: Participant,
    ladders: Mapping[uuid.UUID, Ladder],
    rows: Sequence[LadderComparison],
    width: float,
) -> list[Flowable]:
    st = styles()
    title = heading(LADDERS_HEADING.upper(), st.section)
    if not rows:
        return [*title, para("Deltageren er ikke placeret på nogen måltrapper.", st.body)]
    out: list[Flowable] = []
    enrolments = {e.id: e for e in person.enrolments}
    for number, row in enumerate(rows, start=1):
        ladder: Ladder | None = ladders.get(row.ladder_id)
        # The heading, the table and the curve stay on one page (a very long change goal
        # may still carry the block over a page break, in order).
        block: list[Flowable] = title[1:] if number == 1 else []  # never alone at a foot
        block.append(
            para(f"Måltrappe: {ladder_name(row)}", st.subtitle, field=f"Måltrappe {number}")
        )
        if row.change_goal.strip():
            block += labelled(
                "Forandringsmål", row.change_goal, st.body, field=f"Måltrappe {number}: mål"
            )
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
        block += [spacer(3), table, spacer(6)]
        enrolment = enrolments.get(row.enrolment_id)
        chart = (
            curve_chart(person, enrolment, ladder, row, width)
            if enrolment is not None and ladder is not None
            else None
        )
        if chart is None:
            block.append(para("Der er endnu ingen vurderinger at tegne for måltrappen.", st.hint))
        else:
            block += [para("Udviklingen over tid", st.label), chart]
        out += [CondPageBreak(140), KeepTogether(block), spacer(8)]
    return out


def _dated(word: str, day: date | None) -> str:
    return f"{word} ({da_date(day)})" if day is not None else word


def _areas(data: ParticipantReportData, person: Participant, width: float) -> list[Flowable]:
    st = styles()
    right = ParagraphStyle("fd-head-right", parent=st.cell_head, alignment=TA_RIGHT)
    first, latest = scoring_days(person)
    rows = area_rows(data, person)
    chart = spider_chart(rows, width, scoring_days(person))
    room = SPIDER_HEIGHT + 60 if chart is not None else 120
    out = heading(AREAS_HEADING.upper(), st.section, room=room)
    out.append(
        para(
            "Hvert hovedområde scores ved opfølgningerne i forhold til situationen ved "
            f"forløbets start. {AREA_SCALE}",
            st.hint,
        )
    )
    if not rows:
        out.append(para("Der er endnu ikke scoret nogen hovedområder.", st.body))
        return out
    # The heading, the chart and the table on one page.
    keep: list[Flowable] = out[1:] + ([chart] if chart is not None else [])
    out = out[:1]
    table_rows: list[list[Any]] = [
        [
            Paragraph("Hovedområde", st.cell_head),
            Paragraph(_dated(FIRST_SCORING, first), right),
            Paragraph(_dated(LATEST_SCORING, latest), right),
        ]
    ]
    for n, (area, start, now) in enumerate(rows, start=1):
        name = para(area, st.cell, field=f"Hovedområde {n}")
        table_rows.append([name, da_score(start), da_score(now)])
    table = grid(table_rows, [width * 0.5, width * 0.25, width * 0.25])
    table.setStyle(base_table_style(("ALIGN", (1, 1), (-1, -1), "RIGHT")))
    out.append(KeepTogether([*keep, table]))
    return out


__all__ = [
    "HEADING",
    "TITLE",
    "area_rows",
    "curve_chart",
    "render_participant_report",
    "report_title",
    "spider_chart",
]
