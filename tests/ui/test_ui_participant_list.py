"""The lazy participant list model: batches, filters, sorting and finding a row."""

from __future__ import annotations

import datetime
import uuid

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from forandring_desktop.model.participants import (
    ParticipantFilter,
    ParticipantSummary,
    StatusFilter,
)
from forandring_desktop.ui.participants.list_model import BATCH, ParticipantListModel

START = datetime.date(2025, 1, 6)
GROUPS = {uuid.uuid4(): "Unge", uuid.uuid4(): "Nedslidte"}


def _rows(count: int) -> list[ParticipantSummary]:
    group_ids = list(GROUPS)
    return [
        ParticipantSummary(
            id=uuid.uuid4(),
            code=f"P-{i:05d}",
            name=f"Navn {i}",
            target_group_id=group_ids[i % 2],
            mentor="Mette" if i % 3 == 0 else "Jonas",
            municipality="Aarhus",
            start_date=START + datetime.timedelta(days=i % 100),
            end_date=None if i % 4 else START + datetime.timedelta(days=200),
            follow_ups=i % 13,
            last_follow_up=None,
        )
        for i in range(count)
    ]


def test_rows_reach_the_view_in_batches(qtbot: QtBot) -> None:
    model = ParticipantListModel()
    model.set_rows(_rows(1000), GROUPS)
    assert model.total() == 1000
    assert model.matching() == 1000
    assert model.rowCount() == BATCH
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * BATCH
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 300)
    view.show()
    view.scrollToBottom()  # the view asks for more as it scrolls
    assert BATCH * 2 <= model.rowCount() <= 1000


def test_filter_sort_and_find(qtbot: QtBot) -> None:
    rows = _rows(1000)
    model = ParticipantListModel()
    model.set_rows(rows, GROUPS)
    model.set_filter(ParticipantFilter(text="p-0099"))
    assert model.matching() == 10  # P-00990 .. P-00999
    assert model.rowCount() == 10
    assert model.data(model.index(0, model.CODE)) == "P-00990"

    unge = next(k for k, v in GROUPS.items() if v == "Unge")
    model.set_filter(
        ParticipantFilter(target_group_id=unge, status=StatusFilter.ACTIVE, mentor="mette")
    )
    expected = [
        r for r in rows if r.target_group_id == unge and r.end_date is None and r.mentor == "Mette"
    ]
    assert model.matching() == len(expected)
    assert model.data(model.index(0, model.TARGET_GROUP)) == "Unge"
    assert model.data(model.index(0, model.STATUS)) == "Aktiv"

    model.set_filter(ParticipantFilter())
    model.sort(model.FOLLOW_UPS, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, model.FOLLOW_UPS)) == "12"
    model.sort(model.CODE, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, model.CODE)) == "P-00999"

    # Finding a row far down fetches up to it.
    model.sort(model.CODE, Qt.SortOrder.AscendingOrder)
    target = rows[900]
    row = model.row_of(target.id)
    assert row == 900
    assert model.rowCount() >= 901
    assert model.row_at(row).id == target.id
    assert model.row_of(uuid.uuid4()) is None
