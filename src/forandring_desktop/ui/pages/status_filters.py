"""The status page's filters: a period (from and to, each only when ticked; the whole
period at one click), a target group and a ladder. A date typed in is waited for a moment
before the figures are computed again.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from forandring_desktop.model.progression import Period
from forandring_desktop.ui.dates import DATE_FORMAT
from forandring_desktop.ui.parts import WidgetPart
from forandring_desktop.ui.widgets import text_label

DATE_TYPING_DELAY_MS = 400  # wait for the user to finish typing a date before computing


def _day(value: QDate) -> datetime.date:
    return datetime.date(value.year(), value.month(), value.day())


class StatusFilters(WidgetPart):
    """The filters of the status page: not a widget of its own, a part of
    :class:`~forandring_desktop.ui.pages.status.StatusPage` (its texts keep that context)."""

    if TYPE_CHECKING:  # what this part uses of the page it belongs to
        _stale: bool
        _timer: QTimer

        def recompute(self) -> None: ...

    def _build_filters(self, parent: QWidget) -> QGridLayout:
        grid = QGridLayout()
        grid.setColumnStretch(5, 1)
        today = datetime.date.today()

        def date_edit(name: str, day: datetime.date) -> QDateEdit:
            edit = QDateEdit(QDate(day.year, day.month, day.day), parent)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_FORMAT)
            edit.setAccessibleName(name)
            edit.setEnabled(False)
            edit.dateChanged.connect(self._date_changed)
            return edit

        self.from_check = QCheckBox(QCoreApplication.translate("StatusPage", "Fr&a:"), parent)
        self.from_check.setAccessibleName(QCoreApplication.translate("StatusPage", "Fra en dato"))
        self.from_check.setToolTip(
            QCoreApplication.translate(
                "StatusPage", "Uden flueben: fra den første deltager startede"
            )
        )
        self.from_date = date_edit(
            QCoreApplication.translate("StatusPage", "Fra dato"), datetime.date(today.year, 1, 1)
        )
        self.to_check = QCheckBox(QCoreApplication.translate("StatusPage", "&Til:"), parent)
        self.to_check.setAccessibleName(QCoreApplication.translate("StatusPage", "Til en dato"))
        self.to_check.setToolTip(
            QCoreApplication.translate("StatusPage", "Uden flueben: til og med i dag")
        )
        self.to_date = date_edit(QCoreApplication.translate("StatusPage", "Til dato"), today)
        for check, edit in ((self.from_check, self.from_date), (self.to_check, self.to_date)):
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self._filters_changed)
        self.all_time_button = QPushButton(
            QCoreApplication.translate("StatusPage", "Hele p&erioden"), parent
        )
        self.all_time_button.setAccessibleName(
            QCoreApplication.translate("StatusPage", "Hele perioden")
        )
        self.all_time_button.setToolTip(
            QCoreApplication.translate("StatusPage", "Vis tallene for hele perioden, uden datoer")
        )
        self.all_time_button.clicked.connect(self.show_all_time)

        grid.addWidget(self.from_check, 0, 0)
        grid.addWidget(self.from_date, 0, 1)
        grid.addWidget(self.to_check, 0, 2)
        grid.addWidget(self.to_date, 0, 3)
        grid.addWidget(self.all_time_button, 0, 4)

        self.group_combo = QComboBox(parent)
        self.group_combo.setAccessibleName(QCoreApplication.translate("StatusPage", "Målgruppe"))
        self.group_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.group_combo.currentIndexChanged.connect(self._filters_changed)
        group_label = QLabel(QCoreApplication.translate("StatusPage", "&Målgruppe:"), parent)
        group_label.setBuddy(self.group_combo)
        self.ladder_combo = QComboBox(parent)
        self.ladder_combo.setAccessibleName(QCoreApplication.translate("StatusPage", "Måltrappe"))
        self.ladder_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.ladder_combo.currentIndexChanged.connect(self._filters_changed)
        ladder_label = QLabel(QCoreApplication.translate("StatusPage", "Må&ltrappe:"), parent)
        ladder_label.setBuddy(self.ladder_combo)
        self._fill_combo(
            self.group_combo, QCoreApplication.translate("StatusPage", "Alle målgrupper"), []
        )
        self._fill_combo(
            self.ladder_combo, QCoreApplication.translate("StatusPage", "Alle måltrapper"), []
        )

        grid.addWidget(group_label, 1, 0)
        grid.addWidget(self.group_combo, 1, 1, 1, 2)
        grid.addWidget(ladder_label, 2, 0)
        grid.addWidget(self.ladder_combo, 2, 1, 1, 2)
        self.ladder_note = text_label(
            QCoreApplication.translate(
                "StatusPage",
                "Måltrappen afgrænser tallene for trin, mål og enighed; deltagere og "
                "udfordringer tælles for alle.",
            )
        )
        self.ladder_note.setAccessibleName(
            QCoreApplication.translate("StatusPage", "Om filteret for måltrappe")
        )
        self.ladder_note.hide()
        grid.addWidget(self.ladder_note, 3, 0, 1, 6)
        return grid

    def period(self) -> Period:
        """The chosen period (an open end where the box is not ticked)."""
        start: datetime.date | None = None
        end: datetime.date | None = None
        if self.from_check.isChecked():
            start = _day(self.from_date.date())
        if self.to_check.isChecked():
            end = _day(self.to_date.date())
        return Period(start, end)

    def set_period(self, period: Period) -> None:
        """Show the figures for ``period`` (a None end: open)."""
        for check, edit, day in (
            (self.from_check, self.from_date, period.start),
            (self.to_check, self.to_date, period.end),
        ):
            for widget in (check, edit):
                widget.blockSignals(True)
            if day is not None:
                edit.setDate(QDate(day.year, day.month, day.day))
            check.setChecked(day is not None)
            edit.setEnabled(day is not None)
            for widget in (check, edit):
                widget.blockSignals(False)
        self._filters_changed()

    def show_all_time(self) -> None:
        self.set_period(Period())

    def target_group_id(self) -> uuid.UUID | None:
        data = self.group_combo.currentData()
        return uuid.UUID(data) if isinstance(data, str) else None

    def ladder_id(self) -> uuid.UUID | None:
        data = self.ladder_combo.currentData()
        return uuid.UUID(data) if isinstance(data, str) else None

    def select_target_group(self, group_id: uuid.UUID | None) -> None:
        self._select(self.group_combo, group_id)

    def select_ladder(self, ladder_id: uuid.UUID | None) -> None:
        self._select(self.ladder_combo, ladder_id)

    @staticmethod
    def _select(combo: QComboBox, item_id: uuid.UUID | None) -> None:
        index = combo.findData(str(item_id)) if item_id is not None else 0
        if index < 0:
            raise KeyError(item_id)
        combo.setCurrentIndex(index)

    def _fill_combo(
        self, combo: QComboBox, everything: str, items: Sequence[tuple[uuid.UUID, str]]
    ) -> bool:
        """Fill ``combo`` keeping the chosen item; returns whether the choice changed."""
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for item_id, label in items:
            combo.addItem(label, str(item_id))
        index = combo.findData(chosen) if isinstance(chosen, str) else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        return bool(combo.currentData() != chosen)

    def _date_changed(self) -> None:
        self._stale = True
        self._timer.start(DATE_TYPING_DELAY_MS)

    def _filters_changed(self) -> None:
        self._stale = True
        self.ladder_note.setVisible(self.ladder_id() is not None)
        if self.isVisible():
            self.recompute()
