"""The participant table model: Qt's model rules, columns, sorting keys, no names."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.ui.models import SORT_ROLE, ParticipantTableModel


def test_model_passes_qt_model_tester(
    qtmodeltester: ModelTester, demo_doc: OrganisationDocument
) -> None:
    model = ParticipantTableModel()
    qtmodeltester.check(model)  # empty
    model.set_document(demo_doc)
    qtmodeltester.check(model)
    assert model.rowCount() == 15
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children


def test_columns_and_values(demo_doc: OrganisationDocument) -> None:
    model = ParticipantTableModel()
    model.set_document(demo_doc)
    headers = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]
    assert headers == ["Kode", "Målgruppe", "Start", "Slut", "Status", "Opfølgninger"]

    for row, person in enumerate(demo_doc.participants):
        values = [model.data(model.index(row, c)) for c in range(model.columnCount())]
        assert values[0] == person.code
        group = next(g.name for g in demo_doc.target_groups if g.id == person.target_group_id)
        assert values[1] == group
        start = person.start_date
        assert values[2] == f"{start.day:02d}.{start.month:02d}.{start.year}"  # Danish date
        assert values[4] == ("Aktiv" if person.is_active else "Afsluttet")
        assert values[5] == str(len(person.follow_ups)) == "13"
        if person.is_active:
            assert values[3] == ""
        assert model.data(model.index(row, 2), SORT_ROLE) == start.isoformat()
        assert model.data(model.index(row, 5), SORT_ROLE) == 13
    statuses = {model.data(model.index(r, 4)) for r in range(model.rowCount())}
    assert statuses == {"Aktiv", "Afsluttet"}


def test_out_of_range_and_invalid_indexes(demo_doc: OrganisationDocument) -> None:
    model = ParticipantTableModel()
    model.set_document(demo_doc)
    assert model.data(QModelIndex()) is None
    assert model.index(99, 0).isValid() is False


def test_reset_on_new_document(qtbot: QtBot, demo_doc: OrganisationDocument) -> None:
    model = ParticipantTableModel()
    model.set_document(demo_doc)
    empty = demo_doc.model_copy(update={"participants": []})
    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset]):
        model.set_document(empty)
    assert model.rowCount() == 0
