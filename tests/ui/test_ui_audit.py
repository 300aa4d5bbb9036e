"""The audit log viewer: administrators only, filters, paging, the insight export and the
retention setting; and the participant list logging one entry per applied search."""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMenu
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from forandring_desktop.model.audit import AuditAction, AuditEntry, AuditQuery
from forandring_desktop.model.base import uuid7
from forandring_desktop.model.staff import AccessDeniedError, Role
from forandring_desktop.services import audit as audit_service
from forandring_desktop.services.participants import get_participant, list_participants
from forandring_desktop.services.reporting import participant_report_data
from forandring_desktop.services.staff import add_staff
from forandring_desktop.storage import Store
from forandring_desktop.ui.audit import PAGE, AuditLogDialog, AuditTableModel
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.pages.participants import ParticipantsPage

STAFF_PW = "medarbejder-kode"


def entries(store: Store, action: AuditAction | None = None) -> list[AuditEntry]:
    with store.unit_of_work() as uow:
        return uow.audit.page(AuditQuery(action=action), limit=100_000)


def column(dialog: AuditLogDialog, col: int) -> list[str]:
    model = dialog.model
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    return [str(model.data(model.index(row, col))) for row in range(model.rowCount())]


@pytest.fixture
def used(demo_path: Path, open_store: Callable[..., Store], passphrase: str) -> Store:
    """The demo file after an administrator read IG-001 and IG-002 and printed IG-002's
    report, and the staff member Bo read IG-003. Returns the administrator's store."""
    admin = open_store(demo_path)
    add_staff(admin, "Bo Mentor", STAFF_PW, Role.STAFF)
    rows = {r.code: r.id for r in list_participants(admin)}
    get_participant(admin, rows["IG-001"])
    get_participant(admin, rows["IG-002"])
    participant_report_data(admin, rows["IG-002"])
    bo = open_store(demo_path, STAFF_PW)
    get_participant(bo, rows["IG-003"])
    return admin


def test_staff_members_cannot_open_the_log(
    qtbot: QtBot, used: Store, demo_path: Path, open_store: Callable[..., Store]
) -> None:
    bo = open_store(demo_path, STAFF_PW)
    assert bo.actor.role is Role.STAFF
    with pytest.raises(AccessDeniedError):
        AuditLogDialog(bo)
    window = MainWindow(bo)
    qtbot.addWidget(window)
    assert not window.audit_action.isEnabled()


def test_the_menu_action_is_enabled_for_administrators(window: MainWindow) -> None:
    assert window.store.actor.role is Role.ADMIN
    assert window.audit_action.isEnabled()
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    assert window.audit_action in file_menu.actions()


def test_filters_by_code_staff_action_and_period(qtbot: QtBot, used: Store) -> None:
    dialog = AuditLogDialog(used)
    qtbot.addWidget(dialog)
    everything = column(dialog, AuditTableModel.AT)
    assert len(everything) == len(entries(used))
    assert everything == sorted(everything, reverse=True)  # newest first
    assert dialog.count_label.text() == f"{len(everything)} poster"

    dialog.code_filter.setText("ig-002")
    dialog.apply_filter()
    assert column(dialog, AuditTableModel.PARTICIPANT) == ["IG-002", "IG-002"]
    assert column(dialog, AuditTableModel.ACTION) == ["Udskrevet", "Læst"]
    assert "uden navn" in column(dialog, AuditTableModel.DETAIL)[0]

    dialog.code_filter.clear()
    dialog.staff_filter.setCurrentIndex(dialog.staff_filter.findText("Bo Mentor"))
    assert column(dialog, AuditTableModel.STAFF) == ["Bo Mentor"]
    assert column(dialog, AuditTableModel.PARTICIPANT) == ["IG-003"]

    dialog.staff_filter.setCurrentIndex(0)
    dialog.action_filter.setCurrentIndex(dialog.action_filter.findData(AuditAction.READ.value))
    assert sorted(column(dialog, AuditTableModel.PARTICIPANT)) == ["IG-001", "IG-002", "IG-003"]

    dialog.from_date.setDate(QDate.currentDate().addDays(1))
    dialog.from_check.setChecked(True)
    assert column(dialog, AuditTableModel.AT) == []
    assert dialog.count_label.text() == "0 poster"
    dialog.from_check.setChecked(False)
    assert len(column(dialog, AuditTableModel.AT)) == 3


def test_a_long_log_is_read_a_page_at_a_time(
    qtbot: QtBot, used: Store, qtmodeltester: ModelTester
) -> None:
    now = datetime.datetime.now(datetime.UTC)
    actor = used.actor
    with used.unit_of_work() as uow:
        for minute in range(PAGE * 2 + 50):
            uow.audit.add(
                AuditEntry(
                    id=uuid7(),
                    at=now - datetime.timedelta(minutes=minute + 1),
                    staff_id=actor.staff_id,
                    staff_name=actor.name,
                    staff_role=actor.role.value,
                    action=AuditAction.LIST,
                    detail={"rows": minute},
                )
            )
        uow.commit()
    total = len(entries(used))
    dialog = AuditLogDialog(used)
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() == PAGE
    assert model.canFetchMore(model.index(-1, -1))
    qtmodeltester.check(model)
    ats = column(dialog, AuditTableModel.AT)
    assert len(ats) == total
    assert ats == sorted(ats, reverse=True)
    assert len({model.entry_at(row).id for row in range(total)}) == total
    assert not model.canFetchMore(model.index(-1, -1))


def test_insight_export_writes_one_participants_entries(
    qtbot: QtBot, used: Store, tmp_path: Path
) -> None:
    dialog = AuditLogDialog(used)
    qtbot.addWidget(dialog)
    target = tmp_path / "indsigt.jsonl"
    assert dialog.export_insight("IG-002", target) == 2
    *lines, verdict = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert verdict["verification"]["whole"] is True
    assert [line["action"] for line in lines] == ["read", "print"]
    assert {line["participant_code"] for line in lines} == {"IG-002"}
    assert all("staff" not in line for line in lines)  # names only when asked for
    (insight,) = entries(used, AuditAction.INSIGHT)
    assert insight.participant_code == "IG-002"
    assert column(dialog, AuditTableModel.ACTION)[0] == "Indsigt udleveret"

    dialog.staff_names_check.setChecked(True)
    assert dialog.export_insight("IG-003", target) == 1
    line, _verdict = [json.loads(text) for text in target.read_text(encoding="utf-8").splitlines()]
    assert line["staff"] == "Bo Mentor"


def test_retention_is_saved_by_an_administrator(qtbot: QtBot, used: Store) -> None:
    dialog = AuditLogDialog(used)
    qtbot.addWidget(dialog)
    assert dialog.retention_spin.value() == 1826
    assert dialog.retention_spin.minimum() == 1  # 0 (no log) cannot even be typed
    dialog.retention_spin.setValue(365)
    dialog.retention_button.click()
    assert audit_service.audit_settings(used).retention_days == 365
    assert column(dialog, AuditTableModel.ACTION)[0] == "Indstilling ændret"
    assert "1826 → 365" in column(dialog, AuditTableModel.DETAIL)[0]


def test_the_participant_list_logs_one_entry_per_applied_search(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_page("participants")
    page = window.pages["participants"]
    assert isinstance(page, ParticipantsPage)
    store = window.store
    assert entries(store, AuditAction.SEARCH) == []
    for text in ("I", "IG", "IG-0", "IG-00", "IG-001"):
        page.search.setText(text)  # typing: filters after a pause, logs once it stands still
    qtbot.waitUntil(lambda: len(entries(store, AuditAction.SEARCH)) == 1, timeout=5000)
    (search,) = entries(store, AuditAction.SEARCH)
    assert search.detail == {"terms": {"text": "IG-001"}, "matches": 1}
    assert search.staff_id == store.actor.staff_id

    page.apply_filter()  # the same search again: no new entry
    page.log_search()
    assert len(entries(store, AuditAction.SEARCH)) == 1

    page.status_filter.setCurrentIndex(1)  # Aktive
    page.log_search()
    newest = entries(store, AuditAction.SEARCH)[0]
    assert newest.detail["terms"] == {"text": "IG-001", "status": "Aktive"}

    page.search.clear()
    page.status_filter.setCurrentIndex(0)
    page.apply_filter()
    page.log_search()  # nothing searched for: nothing logged
    assert len(entries(store, AuditAction.SEARCH)) == 2
    assert all(isinstance(e.id, uuid.UUID) for e in entries(store, AuditAction.SEARCH))
