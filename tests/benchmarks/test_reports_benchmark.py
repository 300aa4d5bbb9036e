"""How fast the worksheets print.

Goal (issue "Performance"): the full set of blank worksheets in at most 1 s, reported beside
a bare one-page reportlab canvas measured in the same run. Also measured: the filled demo
theory-of-change document. Full size: ``FORANDRING_BENCH=full`` (``python3.11 dev.py bench``);
otherwise a smoke run with few repetitions that only checks the figures were measured.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from forandring_desktop.reports import SHEETS, render_blank
from forandring_desktop.services.demo import build_demo_document

from .bench_report import FULL, Figure, Report, measured, report_fixture, timed

pytestmark = pytest.mark.benchmark

RUNS = 15 if FULL else 3
BLANK_SET_LIMIT_MS = 1000.0
BLANK_KINDS = [name for name, kind in SHEETS.items() if kind.has_blank]


reports_report = report_fixture(
    "reports",
    len(BLANK_KINDS),
    f"Worksheets as PDF ({'full' if FULL else 'smoke'} run, median of {RUNS})",
)


def bare_page() -> bytes:
    """The baseline: one A4 page with one line of text, straight on a reportlab canvas."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.drawString(72, 760, "Forandring Desktop")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def blank_set() -> list[bytes]:
    return [render_blank(kind) for kind in BLANK_KINDS]


def figure(name: str, values: list[float], baseline: list[float], **extra: Any) -> Figure:
    return measured(name, values, "bare reportlab page", baseline, **extra)


def test_the_full_set_of_blank_sheets(reports_report: Report) -> None:
    baseline = timed(bare_page, RUNS)
    values = timed(blank_set, RUNS)
    reports_report.add(
        figure(
            f"all {len(BLANK_KINDS)} blank sheets",
            values,
            baseline,
            limit=BLANK_SET_LIMIT_MS,
            notes=f"{', '.join(BLANK_KINDS)}",
        )
    )
    assert len(values) == RUNS
    assert all(v > 0 for v in values + baseline)


def test_the_demo_theory_of_change(reports_report: Report) -> None:
    doc = build_demo_document(participants=0)
    theory = SHEETS["forandringsteori"]
    baseline = timed(bare_page, RUNS)
    values = timed(lambda: theory.render(doc, None, False), RUNS)
    reports_report.add(
        figure("theory of change, demo (filled)", values, baseline, notes="iGangiGen")
    )
    assert len(values) == RUNS
    assert all(v > 0 for v in values)


REPORT_PEOPLE = 100 if FULL else 5
REPORTS_LIMIT_MS = 10_000.0


def test_progression_reports_for_many_participants(reports_report: Report) -> None:
    """Issue "Printing and reports": reports for 100 participants in at most 10 s."""
    from datetime import date

    from forandring_desktop.model.report_data import ParticipantReportData
    from forandring_desktop.reports.participant import render_participant_report

    doc = build_demo_document(participants=REPORT_PEOPLE, today=date(2025, 6, 1))
    ladders = {ladder.id: ladder for ladder in doc.ladders}
    groups = {group.id: group.name for group in doc.target_groups}
    data = [
        ParticipantReportData(
            organisation=doc.organisation,
            participant=person,
            ladders=ladders,
            target_group=groups.get(person.target_group_id, "") if person.target_group_id else "",
            show_name=False,
            made_on=date(2025, 6, 1),
        )
        for person in doc.participants
    ]

    def all_reports() -> list[bytes]:
        return [render_participant_report(one) for one in data]

    runs = 3 if FULL else 1
    baseline = timed(lambda: [bare_page() for _ in data], runs)
    values = timed(all_reports, runs)
    reports_report.add(
        figure(
            f"progression reports, {REPORT_PEOPLE} participants",
            values,
            baseline,
            limit=REPORTS_LIMIT_MS,
            notes="13 weekly follow-ups, 2 ladders each; baseline: as many bare pages",
        )
    )
    assert all(pdf.startswith(b"%PDF") for pdf in all_reports()[:2])
