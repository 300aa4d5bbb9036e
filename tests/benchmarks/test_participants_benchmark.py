"""How fast participants and progression work on a big organisation.

Goals (issue "Participants and progression", Performance), with 10,000 participants and
500,000 follow-up ratings in the encrypted file:

- the status figures in at most 1 s (baseline: counting the ratings in the same file),
- the participant list filters in at most 100 ms (baseline: copying the list rows) and
  scrolls without stutter (one page down; baseline: a bare QTableView of the same size),
- saving a follow-up in at most 50 ms (baseline: one single-row transaction); the same
  save at 10, 300 and 1,000 follow-ups per participant is in ``test_save_benchmark.py``,
- resident memory at most 300 MiB (baseline: the app on an empty organisation).

Full size with ``FORANDRING_BENCH=full`` (``python3.11 dev.py bench``); otherwise a smoke
run with 300 participants that only checks every figure was measured.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from forandring_desktop.model.participants import FollowUp, live_follow_ups, with_follow_up
from forandring_desktop.model.progression import Period
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document, create_organisation
from forandring_desktop.services.organisation import load_workshop, update_organisation
from forandring_desktop.services.participants import (
    get_participant,
    save_follow_up,
    save_participant,
)
from forandring_desktop.services.status import compute_status
from forandring_desktop.storage import Store
from forandring_desktop.ui.pages.participants import ParticipantsPage
from forandring_desktop.ui.workspace import Workspace

from .bench_report import FULL, Figure, Report, measured, report_fixture
from .bench_report import timed as bench_timed
from .bulk_data import bulk_participants, follow_up_maker

pytestmark = pytest.mark.benchmark

PEOPLE = 10_000 if FULL else 300
FOLLOW_UPS = 25 if FULL else 5  # x 2 ladders = 500,000 ratings at full size
RUNS = 9 if FULL else 3
PASSPHRASE = "benchmark-adgangskode"


participants_report = report_fixture(
    "participants",
    PEOPLE,
    f"Participants and progression, {PEOPLE} participants "
    f"({'full' if FULL else 'smoke'} run, median of {RUNS})",
)


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "stor.forandring"
    store = create_from_document(path, PASSPHRASE, build_demo_document(participants=0))
    counts = bulk_participants(store, PEOPLE, follow_ups=FOLLOW_UPS, seed=5)
    store.close()
    assert counts["ratings"] == PEOPLE * FOLLOW_UPS * 2
    return path


@pytest.fixture
def big_store(big_file: Path) -> Iterator[Store]:
    from forandring_desktop.services.files import open_organisation

    store = open_organisation(big_file, PASSPHRASE)
    yield store
    store.close()


def timed(action: Callable[[], object], runs: int = RUNS, *, warm: bool = True) -> list[float]:
    return bench_timed(action, runs, warm=warm)


def add(
    report: Report,
    name: str,
    values: list[float],
    base_name: str,
    base: list[float],
    limit: float,
    notes: str = "",
    unit: str = "ms",
) -> Figure:
    result = measured(name, values, base_name, base, limit, notes, unit)
    report.add(result)
    return result


def count_ratings(store: Store) -> None:
    with store.engine.connect() as conn:
        conn.exec_driver_sql("SELECT count(*) FROM ladder_rating").scalar_one()


def test_status_figures(big_store: Store, participants_report: Report) -> None:
    baseline = timed(lambda: count_ratings(big_store))
    cold = timed(lambda: compute_status(big_store), runs=1, warm=False)
    all_time = timed(lambda: compute_status(big_store))
    period = Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    in_period = timed(lambda: compute_status(big_store, period))
    figures = compute_status(big_store)
    assert figures.participants == PEOPLE
    assert figures.overall.enrolments == PEOPLE * 2
    base = "count(*) of the ratings"
    add(participants_report, "status figures, first call", cold, base, baseline, 1000)
    add(participants_report, "status figures, all time", all_time, base, baseline, 1000)
    add(participants_report, "status figures, one quarter", in_period, base, baseline, 1000)


class _Bare(QAbstractTableModel):
    """The baseline view's model: constant text, nothing to look up."""

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__()
        self.rows, self.columns = rows, columns

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.rows

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.columns

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return "BULK-000000" if role == Qt.ItemDataRole.DisplayRole else None


def _page_down(table: QTableView) -> Callable[[], None]:
    def step() -> None:
        bar = table.verticalScrollBar()
        if bar.value() >= bar.maximum():
            bar.setValue(0)
        bar.setValue(bar.value() + bar.pageStep())
        table.viewport().grab()  # paint the rows now, as the screen would

    return step


def test_list_filter_and_scroll(
    qtbot: QtBot, big_store: Store, participants_report: Report
) -> None:
    workspace = Workspace(big_store, QUndoStack())
    page = ParticipantsPage(workspace)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    doc = load_workshop(big_store)
    load = timed(lambda: page.refresh(doc), runs=3)
    assert page.model.total() == PEOPLE

    rows = list(page.rows)
    copy = timed(lambda: list(rows))
    group = doc.target_groups[0]

    def filter_by_text() -> None:
        page.search.setText("BULK-0012" if page.search.text() != "BULK-0012" else "BULK-001")
        page.apply_filter()

    def filter_by_group() -> None:
        index = 1 if page.group_filter.currentIndex() != 1 else 0
        page.group_filter.setCurrentIndex(index)  # applies at once
        assert page.group_filter.currentData() in (None, str(group.id))

    by_text = timed(filter_by_text)
    by_group = timed(filter_by_group)
    page.search.clear()
    page.group_filter.setCurrentIndex(0)
    page.apply_filter()
    assert page.model.matching() == PEOPLE

    bare = QTableView()
    qtbot.addWidget(bare)
    bare.setModel(_Bare(PEOPLE, page.model.columnCount()))
    bare.resize(page.table.size())
    bare.show()
    qtbot.waitExposed(bare)
    steps = 40 if FULL else 10
    scroll = timed(_page_down(page.table), runs=steps)
    bare_scroll = timed(_page_down(bare), runs=steps)

    base = "copy of the list rows"
    add(participants_report, "list: read and show all rows", load, base, copy, 1000)
    add(participants_report, "list: filter by code", by_text, base, copy, 100)
    add(participants_report, "list: filter by target group", by_group, base, copy, 100)
    add(
        participants_report,
        "list: one page down (paint)",
        scroll,
        "bare QTableView",
        bare_scroll,
        16.7,
        "one frame at 60 Hz",
    )


def test_save_follow_up(big_store: Store, participants_report: Report) -> None:
    with big_store.engine.connect() as conn:
        pid = conn.exec_driver_sql(
            "SELECT participant_id FROM follow_up GROUP BY participant_id "
            "ORDER BY count(*) DESC LIMIT 1"
        ).scalar_one()
    person_id = uuid.UUID(hex=pid) if isinstance(pid, str) else pid
    person = get_participant(big_store, person_id)
    assert len(live_follow_ups(person)) == FOLLOW_UPS
    last = live_follow_ups(person)[-1].date
    days = iter(range(1, 1000))

    def next_follow_up() -> FollowUp:
        day = last + datetime.timedelta(days=next(days))
        return follow_up_maker(person)(day)  # the person's latest steps, at each call

    def gesture() -> None:
        save_follow_up(big_store, person.id, next_follow_up())

    def whole() -> None:
        nonlocal person
        person = with_follow_up(person, next_follow_up())
        save_participant(big_store, person)

    saves = timed(gesture)
    one_row = timed(lambda: update_organisation(big_store, vision=f"Vision {time.time()}"))
    add(participants_report, "save a follow-up", saves, "one-row transaction", one_row, 50)
    person = get_participant(big_store, person_id)
    wholes = timed(whole)
    one_row = timed(lambda: update_organisation(big_store, vision=f"Vision {time.time()}"))
    add(
        participants_report,
        "save a follow-up, whole participant",
        wholes,
        "one-row transaction",
        one_row,
        50,
        "save_participant (before the gestures)",
    )


def _rss(path: Path, passphrase: str) -> float:
    probe = Path(__file__).with_name("rss_probe.py")
    output = subprocess.run(
        [sys.executable, str(probe), str(path), passphrase],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    return int(output.strip().splitlines()[-1]) / 1024  # MiB


def test_resident_memory(big_file: Path, tmp_path: Path, participants_report: Report) -> None:
    empty = tmp_path / "tom.forandring"
    create_organisation(empty, PASSPHRASE, "Tom organisation").close()
    app = [_rss(big_file, PASSPHRASE)]
    baseline = [_rss(empty, PASSPHRASE)]
    add(
        participants_report,
        "resident memory, list + status shown",
        app,
        "app on an empty organisation",
        baseline,
        300,
        unit="MiB",
    )
