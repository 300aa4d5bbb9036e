"""STATUSOVERBLIK: the organisation's status for management, the board and the
municipalities that buy places (the guide's "brug målingen som ledelsesredskab – og i salg").

A4 landscape (the tables are wide). The period and the filters; the key figures in the
guide's words ("I gennemsnit 7 udfordringer ind ad døren og 3 ud af døren"); a table per
ladder and per target group with the same figures as ``forandring report status``'s JSON
(services/status.py), formatted the Danish way (decimal comma, "63 %", "–" where a figure
cannot be computed); the staff's and the participants' agreement; two charts (steps moved
per ladder; challenges in and out the door per target group); and how to read the figures.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table

from forandring_desktop.model.progression import ChallengeCount, LadderFigures, Period
from forandring_desktop.model.report_data import StatusReportData
from forandring_desktop.reports.charts import SeriesLook, chart_drawing, chart_legend
from forandring_desktop.reports.flowables import FlowTable, base_table_style, heading, spacer
from forandring_desktop.reports.fonts import FONT, FONT_BOLD
from forandring_desktop.reports.numbers import DASH, da_count, da_date, da_number, da_percent
from forandring_desktop.reports.pages import Orientation, PdfMeta, Section, build_pdf, frame_size
from forandring_desktop.reports.styles import ACCENT, INK, MUTED, PAPER_TINT, RULE, styles
from forandring_desktop.reports.text import para

TITLE = "Statusoverblik"
HEADING = "STATUSOVERBLIK"
SUBJECT = "Status på tværs af deltagere, målgrupper og måltrapper"
APP = "Forandring Desktop"
ORIENTATION: Orientation = "landscape"
UNKNOWN_LADDER = "Ukendt måltrappe"
UNKNOWN_GROUP = "Ukendt målgruppe"
ALL_LADDERS = "Alle måltrapper"
ALL_GROUPS = "Alle målgrupper"
CHART_HEIGHT = 215.0
MAX_CHART_LABEL = 22

# The bars differ in fill and in edge, and carry their value, so colour is not the only sign.
STEPS_LOOK = SeriesLook("Trin i gennemsnit pr. deltager", ACCENT, fill=ACCENT)
IN_LOOK = SeriesLook(
    "Udfordringer ind ad døren (gns.)", colors.HexColor("#8a4b00"), fill=colors.HexColor("#c25e00")
)
OUT_LOOK = SeriesLook(
    "Udfordringer ud af døren (gns.)", colors.HexColor("#1f5fa8"), fill=colors.HexColor("#cfe0f3")
)


@dataclass(frozen=True)
class Column:
    """One figure column: its heading, what it means, and how a cell is written."""

    title: str
    meaning: str
    cell: Callable[[Any], str]


LADDER_COLUMNS: tuple[Column, ...] = (
    Column(
        "Deltagere", "Deltagere placeret på måltrappen (forløb)", lambda f: da_count(f.enrolments)
    ),
    Column(
        "Vurderet",
        "Forløb med mindst én vurdering fra en medarbejder i perioden",
        lambda f: da_count(f.rated),
    ),
    Column(
        "Trin i alt",
        "Trin flyttet i alt i perioden efter medarbejdernes vurderinger (tilbagegang tæller "
        "negativt)",
        lambda f: da_count(f.steps_moved_total),
    ),
    Column(
        "Trin i gns.",
        "Trin flyttet i gennemsnit pr. deltager på måltrappen",
        lambda f: da_number(f.mean_steps_moved),
    ),
    Column("Op", "Deltagere, der er flyttet op", lambda f: da_count(f.moved_up)),
    Column("Ned", "Deltagere, der er flyttet ned", lambda f: da_count(f.moved_down)),
    Column("Med mål", "Deltagere med et personligt mål", lambda f: da_count(f.with_goal)),
    Column(
        "Nået mål",
        "Deltagere, der har nået deres personlige mål",
        lambda f: da_count(f.goal_reached),
    ),
    Column(
        "Andel nået",
        "Andel af deltagerne med et mål, der har nået det",
        lambda f: da_percent(f.share_goal_reached),
    ),
    Column(
        "Uger pr. trin",
        "Median antal uger fra ét trin første gang nås til det næste",
        lambda f: da_number(f.median_weeks_per_step),
    ),
)

AGREEMENT_COLUMNS: tuple[Column, ...] = (
    Column(
        "Sammenlignet",
        "Vurderinger, hvor både medarbejder og deltager valgte et trin",
        lambda f: da_count(f.agreement.compared),
    ),
    Column("Ens", "Vurderinger med samme trin", lambda f: da_count(f.agreement.same)),
    Column(
        "Andel ens",
        "Andel af de sammenlignede vurderinger med samme trin",
        lambda f: da_percent(f.agreement.share_same),
    ),
    Column(
        "Forskel (trin)",
        "Gennemsnitlig forskel i trin mellem medarbejder og deltager",
        lambda f: da_number(f.agreement.mean_difference),
    ),
    Column(
        "Deltager højere",
        "Vurderinger, hvor deltageren satte sig selv højere end medarbejderen",
        lambda f: da_count(f.agreement.participant_higher),
    ),
)

CHALLENGE_COLUMNS: tuple[Column, ...] = (
    Column("Deltagere", "Deltagere, hvis forløb ligger i perioden", lambda c: da_count(c.people)),
    Column(
        "Ind ad døren",
        "Udfordringer registreret ved start (ind ad døren)",
        lambda c: da_count(c.in_the_door),
    ),
    Column("Helt løst", "Udfordringer løst helt ved periodens slut", lambda c: da_count(c.fully)),
    Column(
        "Delvist løst", "Udfordringer løst delvist ved periodens slut", lambda c: da_count(c.partly)
    ),
    Column(
        "Ud af døren",
        "Udfordringer, der ikke er løst helt (som guiden tæller dem ud af døren)",
        lambda c: da_count(c.out_the_door),
    ),
    Column(
        "Gns. ind",
        "Udfordringer ind ad døren i gennemsnit pr. deltager",
        lambda c: da_number(c.mean_in),
    ),
    Column(
        "Gns. ud",
        "Udfordringer ud af døren i gennemsnit pr. deltager",
        lambda c: da_number(c.mean_out),
    ),
)


# -- the report ------------------------------------------------------------------------------


def period_text(period: Period) -> str:
    if period.start is None and period.end is None:
        return "Hele perioden"
    if period.start is not None and period.end is not None:
        return f"{da_date(period.start)} – {da_date(period.end)}"
    if period.start is not None:
        return f"Fra {da_date(period.start)}"
    return f"Til og med {da_date(period.end)}"


def report_title(data: StatusReportData) -> str:
    name = data.organisation.name.strip()
    return f"{TITLE} – {name}" if name else TITLE


def render_status_report(data: StatusReportData) -> bytes:
    """The status summary as a PDF (A4 landscape, fonts embedded)."""
    org = data.organisation.name
    meta = PdfMeta(
        title=report_title(data),
        subject=f"{SUBJECT} ({period_text(data.period)})",
        author=org or APP,
        organisation=org,
        keywords=("statusoverblik", "forandringsteori", "progression"),
        made=data.made_on,
    )
    section = Section(ORIENTATION, HEADING, status_flowables(data), bookmark=TITLE)
    return build_pdf([section], meta)


def status_flowables(data: StatusReportData) -> list[Flowable]:
    st = styles()
    width = frame_size(ORIENTATION)[0]
    out: list[Flowable] = [para(report_title(data), st.title)]
    filters = [
        ("Periode", period_text(data.period)),
        ("Målgruppe", data.target_group or "Alle målgrupper"),
        ("Måltrappe", data.ladder or "Alle måltrapper"),
        ("Lavet", da_date(data.made_on)),
    ]
    out.append(para("   ·   ".join(f"{label}: {value}" for label, value in filters), st.body_small))
    out.append(spacer(6))
    out += _key_figures(data, width)
    out += _ladder_part(data, width)
    out += _group_part(data, width)
    out += _agreement_part(data, width)
    out += _charts(data, width)
    out += _glossary()
    return out


# -- key figures -----------------------------------------------------------------------------


def key_figures(data: StatusReportData) -> list[tuple[str, str]]:
    """The headline figures in the guide's words, as (label, text)."""
    figures = data.figures
    door = figures.challenges
    overall = figures.overall
    agree = overall.agreement
    active = "aktiv" if figures.active == 1 else "aktive"
    rows = [
        (
            "Deltagere",
            f"{da_count(figures.participants)} ({da_count(figures.active)} {active}, "
            f"{da_count(figures.ended)} afsluttet i perioden)",
        )
    ]
    if door.people:
        rows.append(
            (
                "Udfordringer",
                f"I gennemsnit {da_number(door.mean_in)} udfordringer ind ad døren og "
                f"{da_number(door.mean_out)} ud af døren ({da_count(door.in_the_door)} ind ad "
                f"døren: {da_count(door.fully)} helt løst, {da_count(door.partly)} delvist løst)",
            )
        )
    else:
        rows.append(("Udfordringer", DASH))
    if overall.enrolments:
        rows.append(
            (
                "Trin på måltrapperne",
                f"{da_count(overall.steps_moved_total)} i alt, "
                f"{da_number(overall.mean_steps_moved)} i gennemsnit pr. deltager på en "
                f"måltrappe ({da_count(overall.moved_up)} flyttet op, "
                f"{da_count(overall.moved_down)} flyttet ned)",
            )
        )
    else:
        rows.append(("Trin på måltrapperne", DASH))
    if overall.with_goal:
        rows.append(
            (
                "Personlige mål nået",
                f"{da_count(overall.goal_reached)} af {da_count(overall.with_goal)} "
                f"({da_percent(overall.share_goal_reached)})",
            )
        )
    else:
        rows.append(("Personlige mål nået", DASH))
    rows.append(("Uger pr. trin (median)", da_number(overall.median_weeks_per_step)))
    if agree.compared:
        rows.append(
            (
                "Medarbejder og deltager",
                f"{da_percent(agree.share_same)} ens vurderinger, gennemsnitlig forskel "
                f"{da_number(agree.mean_difference)} trin ({da_count(agree.compared)} "
                "vurderinger sammenlignet; deltageren vurderede sig selv højere "
                f"{da_count(agree.participant_higher)} gange)",
            )
        )
    else:
        rows.append(("Medarbejder og deltager", DASH))
    return rows


def _key_figures(data: StatusReportData, width: float) -> list[Flowable]:
    st = styles()
    out = heading("NØGLETAL", st.section)
    rows = [
        [Paragraph(label, st.cell_head), para(text, st.cell)] for label, text in key_figures(data)
    ]
    table = FlowTable(
        rows,
        colWidths=[width * 0.22, width * 0.78],
        hAlign="LEFT",
        frame_height=frame_size(ORIENTATION)[1],
    )
    table.setStyle(
        base_table_style(
            ("BACKGROUND", (0, 0), (0, -1), PAPER_TINT),
            ("LINEABOVE", (0, 0), (-1, 0), 1.0, ACCENT),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        )
    )
    out.append(table)
    return out


# -- tables -----------------------------------------------------------------------------------


def ladder_ids(data: StatusReportData) -> list[uuid.UUID]:
    """The ladders with figures, in the file's order."""
    per = data.figures.per_ladder
    known = [i for i in data.ladder_names if i in per]
    return known + sorted((i for i in per if i not in known), key=str)


def group_ids(data: StatusReportData) -> list[uuid.UUID | None]:
    """The target groups with figures, in the file's order, those without a group last."""
    present = set(data.figures.per_target_group) | set(data.figures.challenges_per_target_group)
    ordered: list[uuid.UUID | None] = [
        i for i in data.group_names if i is not None and i in present
    ]
    ordered += sorted((i for i in present if i is not None and i not in ordered), key=str)
    if None in present:
        ordered.append(None)
    return ordered


def ladder_name(data: StatusReportData, ladder_id: uuid.UUID) -> str:
    return data.ladder_names.get(ladder_id, "").strip() or UNKNOWN_LADDER


def group_name(data: StatusReportData, group_id: uuid.UUID | None) -> str:
    return data.group_names.get(group_id, "").strip() or UNKNOWN_GROUP


def _figure_table(
    first: str,
    columns: Sequence[Column],
    rows: Iterable[tuple[str, Any]],
    total: tuple[str, Any] | None,
    width: float,
) -> FlowTable:
    """A name column and one column per figure; the total row last, in bold."""
    st = styles()
    name_width = width * 0.22
    each = (width - name_width) / len(columns)
    small = ParagraphStyle("fd-figure-head", parent=st.cell_head, fontSize=8.5, leading=10.5)
    head = [Paragraph(first, small)] + [Paragraph(c.title, small) for c in columns]
    body: list[list[Any]] = [head]
    for name, figures in rows:
        body.append([para(name, st.cell), *(c.cell(figures) for c in columns)])
    if total is not None:
        name, figures = total
        bold = Paragraph(f"<b>{escape(name)}</b>", st.cell)
        body.append([bold, *(c.cell(figures) for c in columns)])
    table = FlowTable(
        body,
        colWidths=[name_width] + [each] * len(columns),
        repeatRows=1,
        hAlign="LEFT",
        frame_height=frame_size(ORIENTATION)[1],
    )
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), PAPER_TINT),
        ("LINEABOVE", (0, 0), (-1, 0), 1.0, ACCENT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("FONTSIZE", (1, 1), (-1, -1), 9),
    ]
    if total is not None:
        commands += [
            ("FONTNAME", (1, -1), (-1, -1), FONT_BOLD),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT),
        ]
    table.setStyle(base_table_style(*commands))
    return table


def _ladder_part(data: StatusReportData, width: float) -> list[Flowable]:
    st = styles()
    out = heading("PR. MÅLTRAPPE", st.section, room=120)
    out.append(
        para(
            "Hvor mange trin deltagerne er rykket på hver måltrappe i perioden, hvor mange der "
            "har nået deres personlige mål, og hvor lang tid et trin tager.",
            st.hint,
        )
    )
    ids = ladder_ids(data)
    if not ids:
        out.append(para("Ingen deltagere er placeret på en måltrappe i perioden.", st.body))
    rows = [(ladder_name(data, i), data.figures.per_ladder[i]) for i in ids]
    total = (ALL_LADDERS, data.figures.overall)
    out.append(_figure_table("Måltrappe", LADDER_COLUMNS, rows, total, width))
    return out


def _group_part(data: StatusReportData, width: float) -> list[Flowable]:
    st = styles()
    out = heading("PR. MÅLGRUPPE", st.section, room=120)
    out.append(
        para(
            "Udfordringer ind ad døren og ud af døren for hver målgruppe, og deres bevægelse "
            "på måltrapperne.",
            st.hint,
        )
    )
    ids = group_ids(data)
    if not ids:
        out.append(para("Ingen deltagere i perioden.", st.body))
    challenges = data.figures.challenges_per_target_group
    rows = [(group_name(data, i), challenges.get(i, ChallengeCount())) for i in ids]
    out.append(
        _figure_table(
            "Målgruppe", CHALLENGE_COLUMNS, rows, (ALL_GROUPS, data.figures.challenges), width
        )
    )
    out.append(spacer(8))
    ladders = data.figures.per_target_group
    ladder_rows = [(group_name(data, i), ladders.get(i, LadderFigures())) for i in ids]
    out.append(
        _figure_table(
            "Målgruppe (måltrapper)",
            LADDER_COLUMNS,
            ladder_rows,
            (ALL_GROUPS, data.figures.overall),
            width,
        )
    )
    return out


def _agreement_part(data: StatusReportData, width: float) -> list[Flowable]:
    st = styles()
    out = heading("MEDARBEJDERENS OG DELTAGERNES VURDERING", st.section, room=120)
    out.append(
        para(
            "Ved hver opfølgning vurderer medarbejderen, hvilket trin deltageren står på, og "
            "deltageren vurderer sig selv. Her ses, hvor ofte de er enige.",
            st.hint,
        )
    )
    rows: list[tuple[str, Any]] = [
        (ladder_name(data, i), data.figures.per_ladder[i]) for i in ladder_ids(data)
    ]
    rows += [
        (f"Målgruppe: {group_name(data, i)}", data.figures.per_target_group[i])
        for i in group_ids(data)
        if i in data.figures.per_target_group
    ]
    out.append(
        _figure_table(
            "Måltrappe / målgruppe",
            AGREEMENT_COLUMNS,
            rows,
            ("Alle", data.figures.overall),
            width,
        )
    )
    return out


# -- charts -----------------------------------------------------------------------------------


def _short(text: str, limit: int = MAX_CHART_LABEL) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _bar_chart(
    title: str,
    names: Sequence[str],
    series: Sequence[Sequence[float]],
    looks: Sequence[SeriesLook],
    width: float,
) -> Any:
    """A vertical bar chart (reportlab's own) with a value over each bar and a legend."""
    drawing = chart_drawing(width, CHART_HEIGHT)
    chart = VerticalBarChart()
    chart.x, chart.y = 36, 62
    chart.width, chart.height = width - 48, CHART_HEIGHT - 100
    chart.data = [list(values) for values in series]
    chart.categoryAxis.categoryNames = [_short(n) for n in names]
    chart.groupSpacing = 12
    chart.barSpacing = 2
    for i, look in enumerate(looks):
        chart.bars[i].fillColor = look.fill
        chart.bars[i].strokeColor = look.colour
        chart.bars[i].strokeWidth = 0.8
    values = [v for row in series for v in row]
    low, high = min([0.0, *values]), max([0.0, *values])
    chart.valueAxis.valueMin = low if low < 0 else 0
    chart.valueAxis.valueMax = high * 1.15 + (0.5 if high <= 0 else 0)
    chart.valueAxis.labelTextFormat = lambda v: da_number(v, 1 if abs(v) < 10 else 0)
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#d9e1e2")
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.barLabelFormat = lambda v: da_number(v)
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.fillColor = INK
    chart.barLabels.nudge = 6
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = FONT
        axis.labels.fontSize = 7.5
        axis.labels.fillColor = INK
        axis.strokeColor = MUTED
    chart.categoryAxis.labels.angle = 20 if len(names) > 3 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(names) > 3 else "n"
    drawing.add(chart)
    drawing.add(
        String(0, CHART_HEIGHT - 12, title, fontName=FONT_BOLD, fontSize=9, fillColor=ACCENT)
    )
    drawing.add(chart_legend(looks, chart.x, 14))
    return drawing


def steps_chart(data: StatusReportData, width: float) -> Any | None:
    """Mean steps moved per ladder; None without ladders in the period."""
    ids = ladder_ids(data)
    if not ids:
        return None
    means = [data.figures.per_ladder[i].mean_steps_moved or 0.0 for i in ids]
    return _bar_chart(
        "Trin rykket i gennemsnit pr. måltrappe",
        [ladder_name(data, i) for i in ids],
        [means],
        [STEPS_LOOK],
        width,
    )


def door_chart(data: StatusReportData, width: float) -> Any | None:
    """Challenges in and out the door (per person, on average) per target group; None
    without anyone in the period."""
    counts = data.figures.challenges_per_target_group
    ids = [i for i in group_ids(data) if counts.get(i, ChallengeCount()).people]
    if not ids:
        return None
    ins = [counts[i].mean_in or 0.0 for i in ids]
    outs = [counts[i].mean_out or 0.0 for i in ids]
    return _bar_chart(
        "Udfordringer ind ad døren og ud af døren pr. målgruppe",
        [group_name(data, i) for i in ids],
        [ins, outs],
        [IN_LOOK, OUT_LOOK],
        width,
    )


def _charts(data: StatusReportData, width: float) -> list[Flowable]:
    st = styles()
    half = width / 2 - 8
    charts = [c for c in (steps_chart(data, half), door_chart(data, half)) if c is not None]
    out = heading("GRAFER", st.section, room=CHART_HEIGHT + 40)
    if not charts:
        out.append(para("Der er ingen tal at tegne for perioden.", st.body))
        return out
    cells: list[Any] = list(charts) + [""] * (2 - len(charts))
    table = Table([cells], colWidths=[width / 2, width / 2], hAlign="LEFT")
    table.setStyle(
        base_table_style(
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        )
    )
    out.append(KeepTogether([table]))
    return out


def _glossary() -> list[Flowable]:
    st = styles()
    out = heading("SÅDAN LÆSES TALLENE", st.section, room=100)
    parts = (
        ("Udfordringer pr. målgruppe", CHALLENGE_COLUMNS),
        ("Måltrapper (pr. måltrappe og pr. målgruppe)", LADDER_COLUMNS),
        ("Medarbejderens og deltagernes vurdering", AGREEMENT_COLUMNS),
    )
    for title, columns in parts:
        out.append(para(title, st.label))
        for column in columns:
            out.append(
                Paragraph(
                    f"<b>{escape(column.title)}:</b> {escape(column.meaning)}.", st.body_small
                )
            )
    out.append(spacer(4))
    out.append(
        para(
            "Et trin er et trin på en måltrappe; en deltager kan rykke ned såvel som op "
            "(måltrappen er et termometer). \u2013 betyder, at tallet ikke kan beregnes "
            "(fx et gennemsnit over ingen).",
            st.hint,
        )
    )
    return out


__all__ = [
    "AGREEMENT_COLUMNS",
    "CHALLENGE_COLUMNS",
    "HEADING",
    "LADDER_COLUMNS",
    "TITLE",
    "door_chart",
    "group_ids",
    "key_figures",
    "ladder_ids",
    "period_text",
    "render_status_report",
    "report_title",
    "steps_chart",
]
