"""The status page for management: figures from compute_status, filters, formatting."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCharts import QBarSeries
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractButton, QLabel, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.progression import ALL_TIME, Period, StatusFigures
from forandring_desktop.services import status as status_service
from forandring_desktop.services.files import create_organisation
from forandring_desktop.services.organisation import load_document
from forandring_desktop.services.status import compute_status
from forandring_desktop.storage import Store
from forandring_desktop.ui.pages import status as status_page
from forandring_desktop.ui.pages.status import DASH, SortableItem, StatusPage
from forandring_desktop.ui.workspace import Workspace

BEFORE_EVERYONE = Period(None, datetime.date(2020, 1, 1))


@pytest.fixture
def store(demo_path: Path, open_store: Callable[..., Store]) -> Store:
    return open_store(demo_path)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[Period]:
    """The periods the page asked compute_status for (the real service still answers)."""
    seen: list[Period] = []

    def counting(
        store: Store,
        period: Period = ALL_TIME,
        *,
        target_group_id: uuid.UUID | None = None,
        ladder_id: uuid.UUID | None = None,
    ) -> StatusFigures:
        seen.append(period)
        return status_service.compute_status(
            store, period, target_group_id=target_group_id, ladder_id=ladder_id
        )

    monkeypatch.setattr(status_page, "compute_status", counting)
    return seen


@pytest.fixture
def make_page(qtbot: QtBot) -> Callable[[Store, OrganisationDocument], StatusPage]:
    def make(store: Store, doc: OrganisationDocument) -> StatusPage:
        page = StatusPage(Workspace(store, QUndoStack()))
        qtbot.addWidget(page)
        page.refresh(doc)
        page.resize(1100, 800)
        page.show()
        qtbot.waitExposed(page)
        settled(qtbot, page)
        return page

    return make


@pytest.fixture
def page(
    make_page: Callable[[Store, OrganisationDocument], StatusPage],
    store: Store,
    demo_doc: OrganisationDocument,
) -> StatusPage:
    return make_page(store, demo_doc)


def settled(qtbot: QtBot, page: StatusPage) -> None:
    """Wait until the figures for the current filters are computed (in the background)."""
    qtbot.waitUntil(lambda: not page.busy and not page.stale, timeout=10_000)


def one_decimal(value: float | None) -> str:
    assert value is not None
    return QLocale().toString(value, "f", 1)


def headers(table: QTableWidget) -> list[str]:
    titles = []
    for column in range(table.columnCount()):
        item = table.horizontalHeaderItem(column)
        assert item is not None
        titles.append(item.text())
    return titles


def column_texts(table: QTableWidget, title: str) -> list[str]:
    column = headers(table).index(title)
    texts = []
    for row in range(table.rowCount()):
        item = table.item(row, column)
        assert item is not None
        texts.append(item.text())
    return texts


def row_of(table: QTableWidget, name: str) -> dict[str, str]:
    names = column_texts(table, headers(table)[0])
    row = names.index(name)
    cells = {}
    for column, title in enumerate(headers(table)):
        item = table.item(row, column)
        assert item is not None
        cells[title] = item.text()
    return cells


def live_ladders(doc: OrganisationDocument) -> list[tuple[str, uuid.UUID]]:
    return [(lad.title or lad.change_goal, lad.id) for lad in doc.ladders if not lad.is_deleted]


# --- Figures from the service, in Danish ------------------------------------------------------


def test_key_figures_are_the_services_in_danish(page: StatusPage, store: Store) -> None:
    expected = compute_status(store)
    assert expected.participants == 15  # the demo file, so the page has something to show
    assert page.participants_value.text() == (
        f"{expected.participants} ({expected.active} aktive, {expected.ended} afsluttet i perioden)"
    )
    door = expected.challenges
    assert page.challenges_value.text().startswith(
        f"I gennemsnit {one_decimal(door.mean_in)} udfordringer ind ad døren og "
        f"{one_decimal(door.mean_out)} ud af døren"
    )
    assert "," in one_decimal(door.mean_in)  # 84 / 15 = 5,6: the Danish decimal comma
    overall = expected.overall
    assert page.steps_value.text().startswith(
        f"{overall.steps_moved_total} i alt, {one_decimal(overall.mean_steps_moved)} i gennemsnit"
    )
    share = overall.share_goal_reached
    assert share is not None
    assert page.goal_value.text() == (
        f"{overall.goal_reached} af {overall.with_goal} ({round(share * 100)} %)"
    )
    assert page.weeks_value.text() == one_decimal(overall.median_weeks_per_step)
    agree = overall.agreement
    assert agree.share_same is not None
    assert page.agreement_value.text().startswith(
        f"{round(agree.share_same * 100)} % ens vurderinger, gennemsnitlig forskel "
        f"{one_decimal(agree.mean_difference)} trin"
    )


def test_ladder_table_has_a_row_per_ladder(
    page: StatusPage, store: Store, demo_doc: OrganisationDocument
) -> None:
    expected = compute_status(store)
    ladders = live_ladders(demo_doc)
    table = page.ladder_table
    assert table.rowCount() == 2
    assert column_texts(table, "Måltrappe") == [name for name, _ in ladders]
    for name, ladder_id in ladders:
        figures = expected.per_ladder[ladder_id]
        row = row_of(table, name)
        assert row["Deltagere"] == str(figures.enrolments)
        assert row["Trin i alt"] == str(figures.steps_moved_total)
        assert row["Trin i gns."] == one_decimal(figures.mean_steps_moved)
        assert row["Nået mål"] == str(figures.goal_reached)
        assert figures.share_goal_reached is not None
        assert row["Andel nået"] == f"{round(figures.share_goal_reached * 100)} %"
        assert row["Forskel (trin)"] == one_decimal(figures.agreement.mean_difference)
    cell = table.item(0, 1)
    assert cell is not None
    assert not cell.flags() & Qt.ItemFlag.ItemIsEditable


def test_target_group_table_has_a_row_per_group(
    page: StatusPage, store: Store, demo_doc: OrganisationDocument
) -> None:
    expected = compute_status(store)
    groups = [g for g in demo_doc.target_groups if not g.is_deleted]
    table = page.group_table
    assert column_texts(table, "Målgruppe") == [g.name for g in groups]
    for group in groups:
        door = expected.challenges_per_target_group[group.id]
        figures = expected.per_target_group[group.id]
        row = row_of(table, group.name)
        assert row["Deltagere"] == str(door.people)
        assert row["Ind ad døren"] == one_decimal(door.mean_in)
        assert row["Ud af døren"] == one_decimal(door.mean_out)
        assert row["Placeringer"] == str(figures.enrolments)
        assert row["Trin i alt"] == str(figures.steps_moved_total)


def test_tables_sort_by_value(page: StatusPage) -> None:
    table = page.group_table
    column = headers(table).index("Ind ad døren")
    table.sortItems(column, Qt.SortOrder.DescendingOrder)
    texts = column_texts(table, "Ind ad døren")
    values = [QLocale().toDouble(text)[0] for text in texts]
    assert values == sorted(values, reverse=True)
    table.sortItems(column, Qt.SortOrder.AscendingOrder)
    assert column_texts(table, "Ind ad døren") == list(reversed(texts))


def test_chart_shows_challenges_in_and_out_per_group(
    page: StatusPage, store: Store, demo_doc: OrganisationDocument
) -> None:
    expected = compute_status(store)
    groups = [g for g in demo_doc.target_groups if not g.is_deleted]
    assert page.chart_view.isVisible()
    series = page.chart.series()
    assert len(series) == 1
    bars = series[0]
    assert isinstance(bars, QBarSeries)
    sets = bars.barSets()
    assert [s.label() for s in sets] == ["Ind ad døren", "Ud af døren"]
    door = expected.challenges_per_target_group
    assert [sets[0].at(i) for i in range(len(groups))] == pytest.approx(
        [door[g.id].mean_in for g in groups]
    )
    assert [sets[1].at(i) for i in range(len(groups))] == pytest.approx(
        [door[g.id].mean_out for g in groups]
    )
    assert groups[0].name in page.chart_view.accessibleDescription()


# --- Filters ----------------------------------------------------------------------------


def test_target_group_filter(
    qtbot: QtBot, page: StatusPage, store: Store, demo_doc: OrganisationDocument
) -> None:
    group = next(g for g in demo_doc.target_groups if not g.is_deleted)
    expected = compute_status(store, target_group_id=group.id)
    assert 0 < expected.participants < compute_status(store).participants
    index = page.group_combo.findText(group.name)
    assert index > 0
    page.group_combo.setCurrentIndex(index)  # recomputes at once: the page is shown
    assert page.busy
    settled(qtbot, page)
    assert page.target_group_id() == group.id
    assert page.participants_value.text().startswith(f"{expected.participants} (")
    assert column_texts(page.group_table, "Målgruppe") == [group.name]
    page.group_combo.setCurrentIndex(0)
    assert page.target_group_id() is None
    settled(qtbot, page)
    assert page.participants_value.text().startswith("15 (")


def test_ladder_filter(
    qtbot: QtBot, page: StatusPage, store: Store, demo_doc: OrganisationDocument
) -> None:
    name, ladder_id = live_ladders(demo_doc)[1]
    expected = compute_status(store, ladder_id=ladder_id)
    assert expected.overall.steps_moved_total != compute_status(store).overall.steps_moved_total
    assert not page.ladder_note.isVisible()
    page.ladder_combo.setCurrentIndex(page.ladder_combo.findText(name))
    settled(qtbot, page)
    assert page.ladder_id() == ladder_id
    assert page.steps_value.text().startswith(f"{expected.overall.steps_moved_total} i alt")
    assert column_texts(page.ladder_table, "Måltrappe") == [name]
    assert page.ladder_note.isVisible()


def test_period_is_passed_to_the_service(
    qtbot: QtBot, page: StatusPage, store: Store, calls: list[Period]
) -> None:
    spring = Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    page.set_period(spring)
    settled(qtbot, page)
    assert calls[-1] == spring
    assert page.period() == spring
    expected = compute_status(store, spring)
    assert page.participants_value.text() == (
        f"{expected.participants} ({expected.active} aktive, {expected.ended} afsluttet i perioden)"
    )

    page.set_period(BEFORE_EVERYONE)
    settled(qtbot, page)
    assert compute_status(store, BEFORE_EVERYONE).participants == 0
    assert page.participants_value.text() == "0 (0 aktive, 0 afsluttet i perioden)"
    assert page.challenges_value.text() == DASH
    assert page.goal_value.text() == DASH
    assert not page.chart_view.isVisible()

    page.all_time_button.click()
    settled(qtbot, page)
    assert page.period() == Period()
    assert calls[-1] == Period()
    assert page.participants_value.text().startswith("15 (")


def test_typing_a_date_recomputes_after_a_pause(
    qtbot: QtBot, page: StatusPage, calls: list[Period]
) -> None:
    page.to_check.setChecked(True)  # "til" today: everyone so far
    settled(qtbot, page)
    assert page.to_date.isEnabled()
    assert calls[-1] == Period(None, datetime.date.today())
    before = len(calls)
    page.to_date.setDate(page.to_date.date().addYears(-10))
    assert page.stale  # not yet: the user may still be typing
    settled(qtbot, page)
    assert len(calls) == before + 1
    assert calls[-1].end is not None
    assert calls[-1].end.year == datetime.date.today().year - 10
    assert page.participants_value.text().startswith("0 (")


def test_from_after_to_says_so(qtbot: QtBot, page: StatusPage) -> None:
    page.set_period(Period(datetime.date(2025, 5, 1), datetime.date(2025, 1, 1)))
    settled(qtbot, page)
    assert page.error_label.isVisible()
    assert "efter" in page.error_label.message()
    page.show_all_time()
    settled(qtbot, page)
    assert not page.error_label.isVisible()


# --- When it computes -------------------------------------------------------------------------


def test_refresh_only_marks_stale_until_shown(
    qtbot: QtBot, store: Store, demo_doc: OrganisationDocument, calls: list[Period]
) -> None:
    page = StatusPage(Workspace(store, QUndoStack()))
    qtbot.addWidget(page)
    page.refresh(demo_doc)
    page.refresh(demo_doc)
    assert calls == []
    assert page.stale
    assert page.figures is None
    assert page.participants_value.text() == "0 (0 aktive, 0 afsluttet i perioden)"
    page.group_combo.setCurrentIndex(1)  # a filter changed while hidden: still nothing
    assert calls == []
    page.show()
    qtbot.waitExposed(page)
    settled(qtbot, page)
    assert len(calls) == 1
    assert not page.stale
    assert page.figures is not None
    page.hide()
    page.show()  # shown again with nothing changed: no new computation
    assert len(calls) == 1


def test_refresh_while_shown_recomputes_once_soon(
    qtbot: QtBot, page: StatusPage, demo_doc: OrganisationDocument, calls: list[Period]
) -> None:
    page.refresh(demo_doc)
    page.refresh(demo_doc)
    assert page.stale
    assert calls == []
    settled(qtbot, page)
    assert len(calls) == 1


def test_refresh_keeps_the_chosen_filters(
    page: StatusPage, store: Store, demo_doc: OrganisationDocument
) -> None:
    groups = [g for g in demo_doc.target_groups if not g.is_deleted]
    page.select_target_group(groups[1].id)
    page.refresh(demo_doc)
    assert page.target_group_id() == groups[1].id
    assert page.group_combo.count() == 1 + len(groups)
    assert page.group_combo.itemText(0) == "Alle målgrupper"
    assert [page.ladder_combo.itemText(i) for i in range(page.ladder_combo.count())] == [
        "Alle måltrapper",
        *[name for name, _ in live_ladders(demo_doc)],
    ]

    without = demo_doc.model_copy(update={"target_groups": [groups[0]]})
    page.refresh(without)  # the chosen group is gone: back to all groups
    assert page.target_group_id() is None
    assert page.group_combo.count() == 2


# --- An empty organisation --------------------------------------------------------------------


def test_empty_organisation(
    qtbot: QtBot,
    tmp_path: Path,
    passphrase: str,
    make_page: Callable[[Store, OrganisationDocument], StatusPage],
    page_text: Callable[[QWidget], str],
) -> None:
    store = create_organisation(tmp_path / "tom.forandring", passphrase, "Tom forening")
    try:
        page = make_page(store, load_document(store))
        assert page.figures is not None
        assert page.figures.participants == 0
        assert page.participants_value.text() == "0 (0 aktive, 0 afsluttet i perioden)"
        for value in (
            page.challenges_value,
            page.steps_value,
            page.goal_value,
            page.weeks_value,
            page.agreement_value,
        ):
            assert value.text() == DASH
        assert page.ladder_table.rowCount() == 0
        assert page.group_table.rowCount() == 0
        assert not page.chart_view.isVisible()
        assert page.chart_empty.isVisible()
        assert "Status for ledelsen" in page_text(page)
        page.set_period(BEFORE_EVERYONE)
        assert page.participants_value.text().startswith("0 (")
    finally:
        store.engine.dispose()


# --- Keyboard and accessibility ---------------------------------------------------------------


def _focusable(page: StatusPage) -> Iterator[QWidget]:
    for widget in page.findChildren(QWidget):
        if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            yield widget


def test_controls_are_named_and_labelled(page: StatusPage) -> None:
    controls = [
        page.from_check,
        page.from_date,
        page.to_check,
        page.to_date,
        page.all_time_button,
        page.group_combo,
        page.ladder_combo,
        page.ladder_table,
        page.group_table,
    ]
    focusable = set(_focusable(page))
    for control in controls:
        assert control.accessibleName(), control
        assert control in focusable or not control.isEnabled(), control
    buddies = {label.buddy() for label in page.findChildren(QLabel) if "&" in label.text()}
    assert {page.group_combo, page.ladder_combo, page.ladder_table, page.group_table} <= buddies
    mnemonics = [
        text.split("&")[1][0].lower()
        for text in [
            *(b.text() for b in page.findChildren(QAbstractButton)),
            *(label.text() for label in page.findChildren(QLabel)),
        ]
        if "&" in text
    ]
    assert len(mnemonics) == len(set(mnemonics)) >= 7
    # Not the main window's menus (Filer, Rediger, Vis, Hjælp).
    assert not set(mnemonics) & {"f", "r", "v", "h"}


def test_cells_sort_by_value_not_text(qtbot: QtBot) -> None:
    table = QTableWidget(4, 1)
    qtbot.addWidget(table)
    for row, (text, key) in enumerate([("9", 9.0), ("10", 10.0), (DASH, None), ("1,5", 1.5)]):
        table.setItem(row, 0, SortableItem(text, key))
    table.sortItems(0, Qt.SortOrder.AscendingOrder)
    assert column_values(table) == [DASH, "1,5", "9", "10"]
    table.sortItems(0, Qt.SortOrder.DescendingOrder)
    assert column_values(table) == ["10", "9", "1,5", DASH]


def column_values(table: QTableWidget) -> list[str]:
    return [item.text() for row in range(table.rowCount()) if (item := table.item(row, 0))]
