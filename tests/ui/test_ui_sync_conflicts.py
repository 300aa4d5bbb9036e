"""Filer ▸ Synkronisering ▸ Konflikter: the list, restore and dismiss (pytest-qt)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtGui import QUndoStack
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from forandring_desktop.model import OrganisationDocument, Participant
from forandring_desktop.services import participants as participant_service
from forandring_desktop.services import sync as sync_service
from forandring_desktop.services import sync_conflicts
from forandring_desktop.storage import Store
from forandring_desktop.ui.main_window import MainWindow
from forandring_desktop.ui.sync_conflicts import ConflictsDialog
from forandring_desktop.ui.workspace import Workspace
from tests.sync.conftest import laptops, pg_cluster, pg_database  # noqa: F401  (fixtures)


class FakeWall:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def sync(store: Store, dsn: str) -> None:
    sync_service.sync_now(store, dsn)
    sync_service.apply_pulled(store)


def rename(store: Store, participant_id: uuid.UUID, name: str) -> None:
    person = participant_service.get_participant(store, participant_id)
    participant_service.save_participant(store, person.model_copy(update={"name": name}))


def conflicted(pair: tuple[Store, Store, str], person_id: uuid.UUID, n: int = 1) -> Store:
    """Laptop A after ``n`` rounds of both laptops renaming the participant (B later)."""
    a, b, dsn = pair
    a.sync_wall = FakeWall(2_000_000_000_000)
    b.sync_wall = FakeWall(2_000_000_001_000)
    for store in (a, b, a):
        sync(store, dsn)
    for round_ in range(n):
        rename(a, person_id, f"Navn fra A {round_}")
        rename(b, person_id, f"Navn fra B {round_}")
        for store in (a, b, a):
            sync(store, dsn)
    return a


def test_the_dialog_lists_conflicts_and_one_click_restores_the_lost_value(
    qtbot: QtBot,
    laptops: tuple[Store, Store, str],  # noqa: F811
    small_doc: OrganisationDocument,
) -> None:
    person = small_doc.participants[0]
    a = conflicted(laptops, person.id)
    workspace = Workspace(a, QUndoStack())
    dialog = ConflictsDialog(workspace)
    qtbot.addWidget(dialog)
    ModelTester(None).check(dialog.model)
    assert dialog.model.rowCount() == 1
    row = [str(dialog.model.index(0, c).data()) for c in range(dialog.model.columnCount())]
    assert row[1:3] == ["Navn fra B 0", "Navn fra A 0"]
    assert row[4] == "Administrator på denne computer"
    assert dialog.restore_button.isEnabled()
    with qtbot.waitSignal(workspace.changed) as announced:
        dialog.restore_button.click()
    assert person.id in announced.args[0].of(Participant).changed
    assert participant_service.get_participant(a, person.id).name == "Navn fra A 0"
    assert dialog.model.rowCount() == 0
    assert dialog.empty_label.isVisibleTo(dialog)
    assert not dialog.restore_button.isEnabled()


def test_dismiss_takes_a_conflict_off_the_list_and_keeps_the_value(
    qtbot: QtBot,
    laptops: tuple[Store, Store, str],  # noqa: F811
    small_doc: OrganisationDocument,
) -> None:
    person = small_doc.participants[0]
    a = conflicted(laptops, person.id, n=2)
    dialog = ConflictsDialog(Workspace(a, QUndoStack()))
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2
    dialog.dismiss_button.click()
    assert dialog.model.rowCount() == 1
    assert len(sync_conflicts.list_conflicts(a)) == 1
    assert participant_service.get_participant(a, person.id).name == "Navn fra B 1"


def test_the_file_menu_opens_the_conflicts(
    qtbot: QtBot,
    store_factory: Callable[..., Store],
    small_doc: OrganisationDocument,
) -> None:
    window = MainWindow(store_factory(small_doc))
    qtbot.addWidget(window)
    assert window.sync_menu.title().replace("&", "") == "Synkronisering"
    assert window.sync_conflicts_action in window.sync_menu.actions()
