"""Participants: the list (search and filters), intake, follow-ups, overview and exit.

The list shows codes; names only when "Vis navne" is ticked. Every change is one undo
step through ``services.participants`` (the gestures are in ``participant_gestures``).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable

from PySide6.QtCore import QDate, QItemSelection, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import (
    ForandringError,
    Ladder,
    Organisation,
    OrganisationDocument,
    Participant,
    TargetGroup,
)
from forandring_desktop.model.participants import (
    ParticipantFilter,
    ParticipantSummary,
    StatusFilter,
)
from forandring_desktop.services.access import is_admin
from forandring_desktop.services.audit import log_search
from forandring_desktop.services.changes import ChangeSet, EntityType
from forandring_desktop.services.participants import (
    get_participant,
    list_participants,
    participant_rows,
)
from forandring_desktop.ui.background import wait_for
from forandring_desktop.ui.dates import DATE_FORMAT, date_text
from forandring_desktop.ui.dialogs import show_error
from forandring_desktop.ui.pages.base import Page
from forandring_desktop.ui.pages.participant_gestures import ParticipantGestures, changed_follow_up
from forandring_desktop.ui.pages.report_jobs import participant_job
from forandring_desktop.ui.participants.list_model import ParticipantListModel
from forandring_desktop.ui.participants.overview import ParticipantOverview
from forandring_desktop.ui.printing import PrintJob
from forandring_desktop.ui.privacy_actions import PrivacyActions
from forandring_desktop.ui.widgets import filter_combo, heading, search_field, text_label
from forandring_desktop.ui.workspace import Reveal, Workspace

__all__ = ["ParticipantsPage", "changed_follow_up"]

FIT_ROWS = 100  # rows measured when the columns are fitted to their contents
FILTER_DELAY_MS = 150  # typing in the search field filters after a short pause
SEARCH_LOG_DELAY_MS = 1000  # a search is logged once it has stood still this long


class ParticipantsPage(ParticipantGestures, Page):
    shows = frozenset({Participant, TargetGroup, Ladder, Organisation})
    WORKSHOP_TYPES: frozenset[EntityType] = frozenset({TargetGroup, Ladder, Organisation})
    help_anchor = "participants"
    prints = True

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.document: OrganisationDocument | None = None
        self.rows: list[ParticipantSummary] = []
        self.today: Callable[[], datetime.date] = datetime.date.today
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        # The audit log gets one entry per applied search or filter, not one per keystroke.
        self._logged_terms: dict[str, str] = {}
        self._search_log_timer = QTimer(self)
        self._search_log_timer.setSingleShot(True)
        self._search_log_timer.setInterval(SEARCH_LOG_DELAY_MS)
        self._search_log_timer.timeout.connect(self.log_search)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Deltagere")))
        layout.addWidget(
            text_label(
                self.tr(
                    "Fra forandringsteori til dokumentation: skriv deltagerne ind ad døren, "
                    "placér dem på måltrapperne, følg op hver uge og skriv dem ud af døren. "
                    "Listen viser deltagernes kode; navne vises kun, når du beder om det."
                )
            )
        )
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("participants_splitter")
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(self._filters(left))
        self.model = ParticipantListModel(self)
        self.table = QTableView(left)
        self.table.setAccessibleName(self.tr("Deltagere"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ParticipantListModel.CODE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Fixed row heights and interactive columns, fitted to the first rows' contents
        # when the rows change: never measuring thousands of rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.model.modelReset.connect(self._fit_columns)
        self.table.setColumnHidden(ParticipantListModel.NAME, True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self._double_clicked())
        left_layout.addWidget(self.table, 1)
        self.count_label = text_label()
        self.count_label.setAccessibleName(self.tr("Antal deltagere"))
        left_layout.addWidget(self.count_label)
        left_layout.addLayout(self._buttons(left))
        splitter.addWidget(left)

        self.overview = ParticipantOverview(splitter)
        self.overview.follow_up_activated.connect(self.edit_follow_up)
        splitter.addWidget(self.overview)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        # The detail pane is closed until a participant is chosen: the list gets the room.
        splitter.setCollapsible(1, True)
        splitter.setSizes([1, 0])

        self._create_actions()

    # -- building --------------------------------------------------------------------------

    def _filters(self, parent: QWidget) -> QFormLayout:
        form = QFormLayout()
        self.search = search_field(
            parent,
            self.tr("Søg på kode eller navn"),
            self.tr("Del af koden eller navnet"),
            typed=lambda: self._filter_timer.start(),
            entered=self.apply_filter,
        )
        form.addRow(self.tr("&Søg:"), self.search)

        self.group_filter = filter_combo(parent, self.tr("Målgruppe"), self.apply_filter)
        form.addRow(self.tr("&Målgruppe:"), self.group_filter)

        self.status_filter = filter_combo(
            parent,
            self.tr("Status"),
            self.apply_filter,
            [
                (self.tr("Alle"), StatusFilter.ALL.value),
                (self.tr("Aktive"), StatusFilter.ACTIVE.value),
                (self.tr("Afsluttede"), StatusFilter.ENDED.value),
            ],
        )
        form.addRow(self.tr("S&tatus:"), self.status_filter)

        self.mentor_filter = filter_combo(parent, self.tr("Mentor"), self.apply_filter)
        form.addRow(self.tr("M&entor:"), self.mentor_filter)

        self.from_check = QCheckBox(self.tr("&Fra"), parent)
        self.from_date = QDateEdit(parent)
        self.to_check = QCheckBox(self.tr("Ti&l"), parent)
        self.to_date = QDateEdit(parent)
        for check, edit, name in (
            (self.from_check, self.from_date, self.tr("Periodens start")),
            (self.to_check, self.to_date, self.tr("Periodens slut")),
        ):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_FORMAT)
            edit.setAccessibleName(name)
            edit.setEnabled(False)
            check.setToolTip(self.tr("Kun deltagere, hvis forløb rører perioden"))
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(lambda _on: self.apply_filter())
            edit.dateChanged.connect(lambda _d: self._filter_timer.start())
            form.addRow(check, edit)
        today = QDate.currentDate()
        self.from_date.setDate(today.addMonths(-3))
        self.to_date.setDate(today)

        self.show_names = QCheckBox(self.tr("Vis &navne"), parent)
        self.show_names.setToolTip(
            self.tr("Navne er personoplysninger: vis dem kun, når det er nødvendigt.")
        )
        self.show_names.toggled.connect(self._names_toggled)
        form.addRow("", self.show_names)
        return form

    def _buttons(self, parent: QWidget) -> QGridLayout:
        grid = QGridLayout()
        self.new_button = QPushButton(self.tr("Ny deltager…"), parent)
        self.new_button.clicked.connect(self.new_participant)
        self.follow_up_button = QPushButton(self.tr("Ny opfølgning…"), parent)
        self.follow_up_button.clicked.connect(self.new_follow_up)
        self.intake_button = QPushButton(self.tr("Ret indskrivning…"), parent)
        self.intake_button.clicked.connect(self.edit_intake)
        self.exit_button = QPushButton(self.tr("Ud af døren…"), parent)
        self.exit_button.clicked.connect(self.exit_participant)
        grid.addWidget(self.new_button, 0, 0)
        grid.addWidget(self.follow_up_button, 0, 1)
        grid.addWidget(self.intake_button, 1, 0)
        grid.addWidget(self.exit_button, 1, 1)
        self.areas_button = QPushButton(self.tr("Hovedområder…"), parent)
        self.areas_button.setToolTip(self.tr("De områder, en opfølgning kan score fra -5 til +5"))
        self.areas_button.clicked.connect(self.edit_main_areas)
        grid.addWidget(self.areas_button, 2, 0)
        # Data protection (ui/privacy.py): insight and erasure for the selected participant.
        self.privacy_jobs = PrivacyActions(self.workspace, self)
        self.privacy_button = QPushButton(self.tr("Databeskyttelse"), parent)
        menu = QMenu(self.privacy_button)
        self.insight_action = QAction(self.tr("Indsigt…"), menu)
        self.insight_action.setToolTip(self.tr("Alle data om deltageren, til personen selv"))
        self.insight_action.triggered.connect(lambda _checked=False: self.export_insight())
        self.erase_action = QAction(self.tr("Slet for altid…"), menu)
        self.erase_action.triggered.connect(lambda _checked=False: self.erase_participant())
        self.privacy_action = QAction(self.tr("Databeskyttelse…"), menu)
        self.privacy_action.triggered.connect(lambda _checked=False: self.open_privacy())
        menu.addActions([self.insight_action, self.erase_action])
        menu.addSeparator()
        menu.addAction(self.privacy_action)
        self.privacy_button.setMenu(menu)
        grid.addWidget(self.privacy_button, 2, 1)
        return grid

    def _create_actions(self) -> None:
        def action(text: str, keys: str, slot: Callable[[], object]) -> QAction:
            act = QAction(text, self)
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _checked=False: slot())
            self.addAction(act)
            return act

        self.new_action = action(self.tr("Ny deltager"), "Ctrl+Shift+N", self.new_participant)
        self.follow_up_action = action(self.tr("Ny opfølgning"), "Ctrl+Shift+O", self.new_follow_up)
        self.intake_action = action(self.tr("Ret indskrivning"), "Ctrl+Shift+I", self.edit_intake)
        self.exit_action = action(self.tr("Ud af døren"), "Ctrl+Shift+U", self.exit_participant)
        self.find_action = action(self.tr("Søg"), "Ctrl+F", self._focus_search)
        for button, act in (
            (self.new_button, self.new_action),
            (self.follow_up_button, self.follow_up_action),
            (self.intake_button, self.intake_action),
            (self.exit_button, self.exit_action),
        ):
            button.setToolTip(act.shortcut().toString(QKeySequence.SequenceFormat.NativeText))

    # -- refresh ---------------------------------------------------------------------------

    def refresh(self, doc: OrganisationDocument) -> None:
        self.document = doc
        self._fill_group_filter()
        self.reload()

    def _fill_group_filter(self) -> None:
        groups = self._groups()
        keep_group = self.group_filter.currentData()
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem(self.tr("Alle målgrupper"), None)
        for group_id, name in groups.items():
            self.group_filter.addItem(name, str(group_id))
        index = self.group_filter.findData(keep_group)
        self.group_filter.setCurrentIndex(max(index, 0))
        self.group_filter.blockSignals(False)

    def apply(self, change: ChangeSet, doc: OrganisationDocument) -> None:
        """Update only what changed: the rows of the participants in ``change`` (the rest
        of the list, its selection and scroll position stay), the group names and the
        overview of the selected participant."""
        if change.touches(self.WORKSHOP_TYPES):
            self.document = doc
            self._fill_group_filter()
            self.model.set_groups(self._groups())
        part = change.of(Participant)
        if part.ids:
            keep = self.selected_id()
            rows = participant_rows(self.workspace.store, part.created | part.changed)
            live = {r.id for r in rows}
            self.model.update_rows(rows, removed=part.ids - live)
            self.rows = [r for r in self.rows if r.id not in part.ids] + rows
            self._fill_mentor_filter()
            self._update_count()
            if keep is not None and keep in part.ids and keep in live:
                self.select(keep)
                return
        if change.touches(self.shows):
            self._show_selected()

    def reveal(self, where: Reveal) -> bool:
        if where.type is not Participant:
            return False
        self.select(where.id)
        return True

    def reload(self, select: uuid.UUID | None = None) -> None:
        """Read the list again (after an edit) and keep or move the selection."""
        keep = select if select is not None else self.selected_id()
        store = self.workspace.store
        rows = wait_for(
            self,
            lambda _progress: list_participants(store),
            caption=self.tr("Deltagere"),
            text=self.tr("Læser deltagerne …"),
        )
        assert isinstance(rows, list)
        self.rows = rows
        self._fill_mentor_filter()
        self.model.set_rows(self.rows, self._groups())
        self.model.set_filter(self.current_filter())
        self._update_count()
        self.select(keep)

    def _fill_mentor_filter(self) -> None:
        mentors = sorted({r.mentor for r in self.rows if r.mentor}, key=str.casefold)
        current = self.mentor_filter.currentData()
        self.mentor_filter.blockSignals(True)
        self.mentor_filter.clear()
        self.mentor_filter.addItem(self.tr("Alle mentorer"), "")
        for mentor in mentors:
            self.mentor_filter.addItem(mentor, mentor)
        self.mentor_filter.setCurrentIndex(max(self.mentor_filter.findData(current), 0))
        self.mentor_filter.blockSignals(False)

    def _groups(self) -> dict[uuid.UUID, str]:
        if self.document is None:
            return {}
        return {g.id: g.name for g in self.document.target_groups if not g.is_deleted}

    def _ladders(self) -> dict[uuid.UUID, Ladder]:
        if self.document is None:
            return {}
        return {lad.id: lad for lad in self.document.ladders}

    # -- filter ----------------------------------------------------------------------------

    def current_filter(self) -> ParticipantFilter:
        group = self.group_filter.currentData()

        def day(check: QCheckBox, edit: QDateEdit) -> datetime.date | None:
            if not check.isChecked():
                return None
            value = edit.date()
            return datetime.date(value.year(), value.month(), value.day())

        return ParticipantFilter(
            text=self.search.text().strip(),
            target_group_id=uuid.UUID(group) if group else None,
            status=StatusFilter(self.status_filter.currentData() or StatusFilter.ALL.value),
            mentor=str(self.mentor_filter.currentData() or ""),
            period_start=day(self.from_check, self.from_date),
            period_end=day(self.to_check, self.to_date),
        )

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        keep = self.selected_id()
        self.model.set_filter(self.current_filter())
        self._update_count()
        self._search_log_timer.start()
        self.select(keep)

    def search_terms(self) -> dict[str, str]:
        """The applied search and filters in words, for the audit log (empty ones left out)."""
        current = self.model.filter
        terms = {
            "text": current.text,
            "target_group": self.group_filter.currentText() if current.target_group_id else "",
            "status": self.status_filter.currentText()
            if current.status is not StatusFilter.ALL
            else "",
            "mentor": current.mentor,
            "from": current.period_start.isoformat() if current.period_start else "",
            "to": current.period_end.isoformat() if current.period_end else "",
        }
        return {key: value for key, value in terms.items() if value}

    def log_search(self) -> None:
        """One audit entry for the search now applied, unless it was logged already."""
        self._search_log_timer.stop()
        terms = self.search_terms()
        if terms == self._logged_terms:
            return
        self._logged_terms = terms
        if not terms:
            return
        try:
            log_search(self.workspace.store, terms, matches=self.model.matching())
        except ForandringError as exc:
            show_error(self, exc)

    def _update_count(self) -> None:
        shown, total = self.model.matching(), self.model.total()
        if shown == total:
            text = self.tr("{n} deltagere").format(n=total)
        else:
            text = self.tr("{shown} af {n} deltagere").format(shown=shown, n=total)
        self.count_label.setText(text)

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _names_toggled(self, on: bool) -> None:
        self.model.set_show_names(on)
        self.table.setColumnHidden(ParticipantListModel.NAME, not on)
        if on:
            self.table.resizeColumnToContents(ParticipantListModel.NAME)
        self.overview.show_name = on
        self._show_selected()

    # -- selection -------------------------------------------------------------------------

    def selected_id(self) -> uuid.UUID | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(rows[0].row()).id

    def select(self, participant_id: uuid.UUID | None) -> None:
        row = self.model.row_of(participant_id) if participant_id is not None else None
        if row is None:
            self.table.clearSelection()
            self._show_selected()
            return
        index = self.model.index(row, ParticipantListModel.CODE)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.scrollTo(index)
        self._show_selected()

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_selected()

    def selected_participant(self) -> Participant | None:
        participant_id = self.selected_id()
        if participant_id is None:
            return None
        return get_participant(self.workspace.store, participant_id)

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()

    def _list_width(self) -> int:
        """What the list needs to show its columns whole."""
        header = self.table.horizontalHeader()
        columns = sum(
            header.sectionSize(c) for c in range(header.count()) if not header.isSectionHidden(c)
        )
        frame = 2 * self.table.frameWidth() + self.table.verticalScrollBar().sizeHint().width()
        return columns + frame

    def _open_detail(self, chosen: bool) -> None:
        """Close the detail pane while no one is chosen; open it beside a list that keeps
        the width its columns need, as far as the pane's own minimum allows."""
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        if not chosen:
            self.splitter.setSizes([total, 0])
        elif self.splitter.sizes()[1] == 0:
            room = total - self.overview.minimumSizeHint().width() - self.splitter.handleWidth()
            width = max(min(self._list_width(), room), total // 3)
            self.splitter.setSizes([width, total - width])

    def _show_selected(self) -> None:
        person = self.selected_participant()
        self._open_detail(person is not None)
        areas = list(self.document.organisation.main_areas) if self.document else []
        self.overview.set_participant(person, self._ladders(), areas, self._groups())
        for widget in (self.intake_button, self.exit_button):
            widget.setEnabled(person is not None)
        self._enable_follow_up(person)
        for act in (self.insight_action, self.erase_action):
            act.setEnabled(person is not None and is_admin(self.workspace.store))
        if person is not None and person.exit is not None:
            self.exit_button.setText(self.tr("Ret udskrivning…"))
        else:
            self.exit_button.setText(self.tr("Ud af døren…"))

    def sheet_job(self) -> PrintJob | None:
        """The chosen participant's progression report, pseudonymous (code only)."""
        participant = self.selected_participant()
        if participant is None:
            return None
        return participant_job(self.workspace.store, participant.id, participant.code)

    def _enable_follow_up(self, person: Participant | None) -> None:
        """No new follow-up once the person has gone 'ud af døren'; undoing the exit
        enables it again (the page is refreshed from the undo's change set)."""
        left = person is not None and person.exit is not None
        enabled = person is not None and not left
        self.follow_up_button.setEnabled(enabled)
        self.follow_up_action.setEnabled(enabled)
        keys = self.follow_up_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if left and person is not None and person.exit is not None:
            self.follow_up_button.setToolTip(
                self.tr(
                    "{code} gik ud af døren {day}: der laves ikke nye opfølgninger efter "
                    "udskrivningen. Fortryd udskrivningen (Ctrl+Z) for at følge op igen."
                ).format(code=person.code, day=date_text(person.exit.date))
            )
        else:
            self.follow_up_button.setToolTip(keys)

    def _double_clicked(self) -> None:
        if self.follow_up_action.isEnabled():
            self.new_follow_up()
