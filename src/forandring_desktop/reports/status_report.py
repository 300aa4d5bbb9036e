"""STATUSOVERBLIK: the organisation's status for management, the board and the
municipalities that buy places (the guide's "brug målingen som ledelsesredskab – og i salg").

A4 landscape (the tables are wide). The period and the filters; the key figures in the
guide's words ("I gennemsnit 7 udfordringer ind ad døren og 3 ud af døren"); a table per
ladder and per target group with the same figures as ``forandring report status``'s JSON
(services/status.py), formatted the Danish way (decimal comma, "63 %", "–" where a figure
cannot be computed); the staff's and the participants' agreement; two charts (steps moved
per ladder; challenges in and out the door per target group); the main areas summarised;
and how to read the figures. Columns: status_columns.py; charts: status_charts.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table

from forandring_desktop.model.progression import ChallengeCount, LadderFigures, Period
from forandring_desktop.model.report_data import StatusReportData
from forandring_desktop.reports.errors import guarded
from forandring_desktop.reports.flowables import FlowTable, base_table_style, heading, spacer
from forandring_desktop.reports.fonts import FONT_BOLD
from forandring_desktop.reports.numbers import DASH, da_count, da_date, da_number, da_percent
from forandring_desktop.reports.pages import Orientation, PdfMeta, Section, build_pdf, frame_size
from forandring_desktop.reports.status_charts import (
    CHART_HEIGHT,
    door_chart,
    door_groups,
    numbered,
    steps_chart,
)
from forandring_desktop.reports.status_columns import (
    AGREEMENT_COLUMNS,
    AREA_COLUMNS,
    CHALLENGE_COLUMNS,
    LADDER_COLUMNS,
    Column,
    group_ids,
    group_name,
    ladder_ids,
    ladder_name,
)
from forandring_desktop.reports.styles import ACCENT, PAPER_TINT, RULE, styles
from forandring_desktop.reports.text import para

TITLE = "Statusoverblik"
HEADING = "STATUSOVERBLIK"
SUBJECT = "Status på tværs af deltagere, målgrupper og måltrapper"
APP = "Forandring Desktop"
ORIENTATION: Orientation = "landscape"
ALL_LADDERS = "Alle måltrapper"
ALL_GROUPS = "Alle målgrupper"


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


@guarded("Statusoverblikket")
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
    out += _area_part(data, width)
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
    # The figures are right-aligned, so their headings are too: each over its own numbers.
    right = ParagraphStyle("fd-figure-head-right", parent=small, alignment=TA_RIGHT)
    head = [Paragraph(first, small)] + [Paragraph(c.title, right) for c in columns]
    body: list[list[Any]] = [head]
    for n, (name, figures) in enumerate(rows, start=1):
        cell = para(name, st.cell, field=f"{first}, række {n}")
        body.append([cell, *(c.cell(figures) for c in columns)])
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


def chart_key(title: str, names: Sequence[str]) -> Flowable:
    """What the numbered bars of a crowded chart stand for."""
    st = styles()
    body = "  ·  ".join(f"{i}: {n}" for i, n in enumerate(names, 1))
    return para(f"{title}: {body}", st.body_small, field=title)


def _charts(data: StatusReportData, width: float) -> list[Flowable]:
    st = styles()
    half = width / 2 - 8
    pairs = [
        (steps_chart(data, half), "Måltrapperne", [ladder_name(data, i) for i in ladder_ids(data)]),
        (door_chart(data, half), "Målgrupperne", [group_name(data, i) for i in door_groups(data)]),
    ]
    shown = [(chart, what, names) for chart, what, names in pairs if chart is not None]
    title = heading("GRAFER", st.section, room=CHART_HEIGHT + 40)
    if not shown:
        return [*title, para("Der er ingen tal at tegne for perioden.", st.body)]
    cells: list[Any] = [chart for chart, _what, _names in shown]
    cells += [""] * (2 - len(cells))
    table = Table([cells], colWidths=[width / 2, width / 2], hAlign="LEFT")
    table.setStyle(
        base_table_style(
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        )
    )
    # The heading goes with the charts; the keys of numbered bars may flow on after them.
    keys = [chart_key(what, names) for _c, what, names in shown if numbered(names, half)]
    return [title[0], KeepTogether([*title[1:], table]), *keys]


def _area_part(data: StatusReportData, width: float) -> list[Flowable]:
    st = styles()
    out = heading("HOVEDOMRÅDER", st.section, room=120)
    out.append(
        para(
            "Deltagernes scoring på hvert hovedområde (-5 til +5 i forhold til situationen "
            "ved deres start: over 0 er fremgang, +5 er målet nået), den første og den "
            "seneste i perioden.",
            st.hint,
        )
    )
    if not data.areas:
        out.append(para("Ingen hovedområder er scoret i perioden.", st.body))
        return out
    rows = [(a.area, a) for a in data.areas]
    out.append(_figure_table("Hovedområde", AREA_COLUMNS, rows, None, width))
    return out


def _glossary() -> list[Flowable]:
    st = styles()
    out = heading("SÅDAN LÆSES TALLENE", st.section, room=100)
    parts = (
        ("Udfordringer pr. målgruppe", CHALLENGE_COLUMNS),
        ("Måltrapper (pr. måltrappe og pr. målgruppe)", LADDER_COLUMNS),
        ("Medarbejderens og deltagernes vurdering", AGREEMENT_COLUMNS),
        ("Hovedområder", AREA_COLUMNS),
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
