"""The status summary for management: the figures equal compute_status's, written the
Danish way, with reportlab charts; an empty organisation still gives a valid PDF."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from reportlab.graphics.charts.barcharts import VerticalBarChart

from forandring_desktop.model import Organisation, OrganisationDocument
from forandring_desktop.model.progression import (
    ChallengeCount,
    LadderFigures,
    Period,
    StatusFigures,
)
from forandring_desktop.model.report_data import StatusReportData
from forandring_desktop.reports import render_status_report
from forandring_desktop.reports.numbers import da_count, da_date, da_number, da_percent
from forandring_desktop.reports.status_report import door_chart, steps_chart
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.reporting import status_report_data
from forandring_desktop.services.status import compute_status
from forandring_desktop.storage import Store

from .pdf_checks import check_pdf, missing

TODAY = date(2025, 6, 1)
HEADINGS = [
    "Statusoverblik – iGangiGen",
    "NØGLETAL",
    "PR. MÅLTRAPPE",
    "PR. MÅLGRUPPE",
    "MEDARBEJDERENS OG DELTAGERNES VURDERING",
    "GRAFER",
    "SÅDAN LÆSES TALLENE",
]


@pytest.fixture(scope="module")
def demo_store(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Store, OrganisationDocument]]:
    doc = build_demo_document(today=TODAY)
    store = create_from_document(tmp_path_factory.mktemp("status") / "demo.db", "pw", doc)
    yield store, doc
    store.engine.dispose()


# Written here, not imported, so a wrong formatter in the report shows up.
def dec(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def pct(share: float | None) -> str:
    return "–" if share is None else f"{int(share * 100 + 0.5)} %"  # half up, as the UI


def ladder_cells(f: LadderFigures) -> str:
    return " ".join(
        [
            str(f.enrolments),
            str(f.rated),
            str(f.steps_moved_total),
            dec(f.mean_steps_moved),
            str(f.moved_up),
            str(f.moved_down),
            str(f.with_goal),
            str(f.goal_reached),
            pct(f.share_goal_reached),
            dec(f.median_weeks_per_step),
        ]
    )


def agreement_cells(f: LadderFigures) -> str:
    a = f.agreement
    return (
        f"{a.compared} {a.same} {pct(a.share_same)} {dec(a.mean_difference)} {a.participant_higher}"
    )


def challenge_cells(c: ChallengeCount) -> str:
    return (
        f"{c.people} {c.in_the_door} {c.fully} {c.partly} {c.out_the_door} "
        f"{dec(c.mean_in)} {dec(c.mean_out)}"
    )


def test_danish_number_formats() -> None:
    assert da_number(1.25) in {"1,2", "1,3"}
    assert da_number(1234.5) == "1.234,5"
    assert da_number(-0.04) == "0,0"
    assert da_number(-1.5) == "-1,5"
    assert da_number(None) == "–"
    assert da_percent(0.625) == "63 %"
    assert da_percent(1.0) == "100 %"
    assert da_percent(None) == "–"
    assert da_count(12345) == "12.345"
    assert da_date(date(2025, 1, 2)) == "02.01.2025"


def test_the_pdf_figures_equal_compute_status(
    demo_store: tuple[Store, OrganisationDocument],
) -> None:
    store, doc = demo_store
    figures = compute_status(store)
    data = status_report_data(store, today=TODAY)
    assert data.figures == figures
    facts = check_pdf(
        render_status_report(data),
        landscape=True,
        title="Statusoverblik – iGangiGen",
        author="iGangiGen",
    )
    assert missing(facts.text, HEADINGS) == []
    assert "Periode: Hele perioden" in facts.text
    door = figures.challenges
    assert door.people == 15
    assert (
        f"I gennemsnit {dec(door.mean_in)} udfordringer ind ad døren og {dec(door.mean_out)} "
        f"ud af døren ({door.in_the_door} ind ad døren: {door.fully} helt løst, "
        f"{door.partly} delvist løst)"
    ) in facts.text
    assert (
        f"{figures.participants} ({figures.active} aktive, {figures.ended} afsluttet" in facts.text
    )
    overall = figures.overall
    assert (
        f"{overall.goal_reached} af {overall.with_goal} ({pct(overall.share_goal_reached)})"
        in facts.text
    )
    ladders = {lad.id: lad.title for lad in doc.ladders}
    assert set(figures.per_ladder) == set(ladders)
    for ladder_id, one in figures.per_ladder.items():
        assert f"{ladders[ladder_id]} {ladder_cells(one)}" in facts.text
        assert f"{ladders[ladder_id]} {agreement_cells(one)}" in facts.text
    assert f"Alle måltrapper {ladder_cells(overall)}" in facts.text
    assert f"Alle {agreement_cells(overall)}" in facts.text
    groups = {g.id: g.name for g in doc.target_groups}
    for group_id, count in figures.challenges_per_target_group.items():
        assert group_id is not None
        assert f"{groups[group_id]} {challenge_cells(count)}" in facts.text
        assert (
            f"{groups[group_id]} {ladder_cells(figures.per_target_group[group_id])}" in facts.text
        )
    assert f"Alle målgrupper {challenge_cells(door)}" in facts.text


def strings(drawing: object) -> list[str]:
    """Every text drawn in a chart, in drawing order."""
    from reportlab.graphics.shapes import Group, String

    out: list[str] = []
    for item in getattr(drawing, "contents", []):
        if isinstance(item, String):
            out.append(item.text)
        elif isinstance(item, Group):
            out += strings(item)
    return out


def test_long_names_under_the_bars_are_wrapped_not_cut(
    demo_store: tuple[Store, OrganisationDocument],
) -> None:
    store, _doc = demo_store
    data = status_report_data(store, today=TODAY)
    long = "Fra passiv forsørgelse til en stabil hverdag med arbejde"
    names = dict.fromkeys(data.ladder_names, long)
    wrapped = StatusReportData(**{**data.__dict__, "ladder_names": names})
    drawn = " ".join(strings(steps_chart(wrapped, 360)))
    assert long in drawn
    assert "…" not in drawn


def test_the_charts_draw_the_same_figures(demo_store: tuple[Store, OrganisationDocument]) -> None:
    store, doc = demo_store
    data = status_report_data(store, today=TODAY)
    figures = data.figures

    def bars(drawing: object) -> VerticalBarChart:
        return next(c for c in drawing.contents if isinstance(c, VerticalBarChart))  # type: ignore[attr-defined]

    steps = bars(steps_chart(data, 360))
    ids = [lad.id for lad in doc.ladders]  # the file's order
    assert steps.data == [[figures.per_ladder[i].mean_steps_moved for i in ids]]
    # The names are drawn under the bars by the report (wrapped, never cut).
    drawn = " ".join(strings(steps_chart(data, 360)))
    assert all(lad.title in drawn for lad in doc.ladders)
    door = bars(door_chart(data, 360))
    counts = figures.challenges_per_target_group
    group_ids = [g.id for g in doc.target_groups]
    assert door.data == [
        [counts[i].mean_in for i in group_ids],
        [counts[i].mean_out for i in group_ids],
    ]
    # The two bar sets differ in fill and edge, not just in hue, and have a legend.
    assert door.bars[0].fillColor != door.bars[1].fillColor
    assert door.bars[0].strokeColor != door.bars[1].strokeColor
    text = check_pdf(render_status_report(data), landscape=True).text
    assert "Udfordringer ind ad døren (gns.)" in text
    assert "Udfordringer ud af døren (gns.)" in text
    assert "Trin rykket i gennemsnit pr. måltrappe" in text


def test_period_and_filters(demo_store: tuple[Store, OrganisationDocument]) -> None:
    store, doc = demo_store
    young = next(g for g in doc.target_groups if g.name.startswith("Unge"))
    misbrug = next(lad for lad in doc.ladders if lad.title == "Misbrug")
    period = Period(date(2025, 1, 1), date(2025, 3, 31))
    data = status_report_data(
        store, period, target_group_id=young.id, ladder_id=misbrug.id, today=TODAY
    )
    expected = compute_status(store, period, target_group_id=young.id, ladder_id=misbrug.id)
    assert data.figures == expected
    assert data.target_group == young.name
    assert data.ladder == "Misbrug"
    text = check_pdf(render_status_report(data), landscape=True).text
    assert "Periode: 01.01.2025 – 31.03.2025" in text
    assert f"Målgruppe: {young.name}" in text
    assert "Måltrappe: Misbrug" in text
    assert f"Misbrug {ladder_cells(expected.per_ladder[misbrug.id])}" in text
    assert "Social kontakt 1" not in text  # the other ladder is filtered out
    only_start = status_report_data(store, Period(date(2025, 2, 1), None), today=TODAY)
    assert (
        "Periode: Fra 01.02.2025"
        in check_pdf(render_status_report(only_start), landscape=True).text
    )


def test_an_empty_organisation_gives_a_valid_pdf(tmp_path: Path) -> None:
    doc = OrganisationDocument(organisation=Organisation(name="Tom Forening"))
    store = create_from_document(tmp_path / "tom.db", "pw", doc)
    try:
        data = status_report_data(store, today=TODAY)
    finally:
        store.engine.dispose()
    assert steps_chart(data, 300) is None
    assert door_chart(data, 300) is None
    facts = check_pdf(
        render_status_report(data), landscape=True, title="Statusoverblik", author="Tom Forening"
    )
    assert missing(facts.text, [h.replace(" – iGangiGen", "") for h in HEADINGS]) == []
    assert "0 (0 aktive, 0 afsluttet i perioden)" in facts.text
    assert "Uger pr. trin (median) –" in facts.text
    assert "Alle måltrapper 0 0 0 – 0 0 0 0 – –" in facts.text
    assert "Ingen deltagere er placeret på en måltrappe i perioden." in facts.text
    assert "Der er ingen tal at tegne for perioden." in facts.text


def test_unknown_names_still_print() -> None:
    """Figures for a ladder or group the names do not know (e.g. from a merge) get a
    placeholder name instead of failing."""
    stray = uuid.uuid4()
    figures = StatusFigures(
        participants=1,
        active=1,
        ended=0,
        challenges=ChallengeCount(1, 2, 1, 0),
        overall=LadderFigures(enrolments=1, rated=1, steps_moved_total=2),
        per_ladder={stray: LadderFigures(enrolments=1, rated=1, steps_moved_total=2)},
        per_target_group={stray: LadderFigures(enrolments=1)},
        challenges_per_target_group={stray: ChallengeCount(1, 2, 1, 0)},
    )
    data = StatusReportData(
        organisation=Organisation(name="Æble & Søn"),
        figures=figures,
        period=Period(None, date(2025, 5, 31)),
        ladder_names={},
        group_names={None: "Uden målgruppe"},
        target_group=None,
        ladder=None,
        made_on=TODAY,
    )
    text = check_pdf(render_status_report(data), landscape=True, author="Æble & Søn").text
    assert "Ukendt måltrappe 1 1 2 2,0" in text
    assert "Ukendt målgruppe 1 2 1 0 1 2,0 1,0" in text
    assert "Periode: Til og med 31.05.2025" in text
