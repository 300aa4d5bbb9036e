"""The audit log viewer's banner: the whole log is checked in the background and the
verdict is said in Danish words above the entries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from forandring_desktop.services.participants import get_participant, list_participants
from forandring_desktop.storage import Store
from forandring_desktop.storage.audit_chain import ChainReport
from forandring_desktop.ui.audit import AuditLogDialog
from tests.audit_chain_helpers import without_triggers


def opened(qtbot: QtBot, store: Store) -> AuditLogDialog:
    dialog = AuditLogDialog(store)
    qtbot.addWidget(dialog)
    if dialog.banner.report is None:
        with qtbot.waitSignal(dialog.banner.checked, timeout=20_000):
            pass
    return dialog


def test_a_whole_log_says_so(
    qtbot: QtBot, demo_path: Path, open_store: Callable[..., Store]
) -> None:
    store = open_store(demo_path)
    for person in list_participants(store)[:2]:
        get_participant(store, person.id)
    dialog = opened(qtbot, store)
    report = dialog.banner.report
    assert isinstance(report, ChainReport)
    assert report.whole
    # (with "(N usigneret)" while the keys file carries no signing keys)
    assert dialog.banner.text().startswith(f"Loggen er hel: {report.checked} poster kontrol")
    assert report.checked >= 3
    dialog.reject()


def test_a_doctored_log_names_the_entries(
    qtbot: QtBot, demo_path: Path, open_store: Callable[..., Store]
) -> None:
    store = open_store(demo_path)
    for person in list_participants(store)[:3]:
        get_participant(store, person.id)
    with without_triggers(store) as conn:
        conn.exec_driver_sql("DELETE FROM audit_entry WHERE seq = 2")
        conn.exec_driver_sql("UPDATE audit_entry SET staff_name = 'Nogen' WHERE seq = 3")
    dialog = opened(qtbot, store)
    assert dialog.banner.text() == "Loggen er ændret: post 2 er slettet, post 3 er ændret."
    assert dialog.banner.accessibleName() == "Logbogens kontrol"
    dialog.reject()
