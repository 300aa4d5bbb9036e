"""Step 3 of the guide: 'ind ad døren – ud af døren' sheets on a post-it board."""

from __future__ import annotations

import uuid
from collections.abc import Hashable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import (
    DoorNote,
    DoorSheet,
    ForandringError,
    Ladder,
    OrganisationDocument,
    Persona,
    TargetGroup,
)
from forandring_desktop.reports import SHEETS
from forandring_desktop.services.changes import ChangeSet, EntityType
from forandring_desktop.services.door import (
    create_door_sheet,
    delete_door_sheet,
    get_door_sheet,
    restore_door_sheet,
    update_door_sheet,
)
from forandring_desktop.services.ladders import (
    create_ladder_from_pair,
    delete_ladder,
    restore_ladder,
)
from forandring_desktop.services.printing import Choice
from forandring_desktop.storage import Store
from forandring_desktop.ui.board import BoardWidget
from forandring_desktop.ui.dialogs import short_error_text
from forandring_desktop.ui.help import METHOD_ANCHORS, step_heading
from forandring_desktop.ui.operations import push_op
from forandring_desktop.ui.pages.base import Page
from forandring_desktop.ui.pages.report_jobs import filled_job
from forandring_desktop.ui.printing import PrintJob
from forandring_desktop.ui.widgets import ErrorLabel, text_label
from forandring_desktop.ui.workspace import Reveal, Workspace

SHEET_ID_ROLE = Qt.ItemDataRole.UserRole
SHEET_GESTURE = ("door.sheets",)  # the source of the page's own gestures, for their errors


class DoorSheetsPage(Page):
    """The sheets on the left, the chosen sheet's board on the right.

    Board gestures reach the board as door-note changes (it moves just those notes); the
    list of sheets is updated in place when sheets, personas or target groups change.
    """

    shows = frozenset({DoorSheet, DoorNote, Persona, TargetGroup})
    LIST_TYPES: frozenset[EntityType] = frozenset({DoorSheet, Persona, TargetGroup})
    help_anchor = "door"
    prints = True

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self._sheets: list[DoorSheet] = []
        self._known_ids: set[uuid.UUID] | None = None  # None until the first refresh
        self._owners: dict[uuid.UUID, str] = {}  # "Persona: Natasha"
        self._owner_names: dict[uuid.UUID, str] = {}  # "Natasha"
        self._headers: dict[uuid.UUID, str] = {}  # persona/target group id -> board header
        self._loaded_store: Store | None = None
        self._loaded_id: uuid.UUID | None = None
        self._pending = True  # the board is loaded when the page is first shown

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(
            step_heading(self, self.tr("3. Ind ad døren – ud af døren"), METHOD_ANCHORS["door"])
        )
        self.intro = text_label(
            self.tr(
                "Hvor er personen, når han eller hun kommer ind ad døren, og hvor skal personen "
                "være, når han eller hun går ud af døren? Tænk i par. Sortér hver seddel: grøn, "
                "gul eller rød."
            )
        )
        layout.addWidget(self.intro)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(text_label(self.tr("Ark"), bold=True, selectable=False))
        self.sheet_list = QListWidget(left)
        self.sheet_list.setObjectName("door_sheet_list")
        self.sheet_list.setAccessibleName(self.tr("Ark"))
        self.sheet_list.setWordWrap(True)
        self.sheet_list.setMinimumWidth(120)
        self.sheet_list.setSpacing(3)
        self.sheet_list.currentRowChanged.connect(self._on_row_changed)
        left_layout.addWidget(self.sheet_list, 1)
        buttons = QVBoxLayout()
        self.new_button = self._button(self.tr("Nyt ark …"), self._ask_new_sheet)
        self.rename_button = self._button(self.tr("Omdøb …"), self._ask_rename)
        self.delete_button = self._button(self.tr("Slet ark"), self.delete_sheet)
        for button in (self.new_button, self.rename_button, self.delete_button):
            buttons.addWidget(button)
        left_layout.addLayout(buttons)
        self.sheet_error = ErrorLabel(left)
        left_layout.addWidget(self.sheet_error)

        right = QWidget(splitter)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.sheet_title = text_label("", bold=True)
        self.sheet_title.setAccessibleName(self.tr("Arkets titel"))
        right_layout.addWidget(self.sheet_title)
        self.board = BoardWidget(workspace, right)
        self.board.ladder_requested.connect(self.make_ladder_from_pair)
        right_layout.addWidget(self.board, 1)

        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 930])
        layout.addWidget(splitter, 1)
        self._update_buttons()
        workspace.add_failure_handler(self._failed, owner=self)

    def _failed(self, exc: Exception, source: Hashable) -> bool:
        if source != SHEET_GESTURE or not isinstance(exc, ForandringError):
            return False
        self._sheet_failed(exc)
        return True

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace(" …", ""))
        button.clicked.connect(slot)
        return button

    # --- Refresh from the document --------------------------------------------------------

    def apply(self, change: ChangeSet, doc: OrganisationDocument) -> None:
        if DoorNote in change.types:
            self.board.apply_change(change)  # the list shows no notes: it stays as it is
        if change.touches(self.LIST_TYPES):
            self.refresh(doc)

    def reveal(self, where: Reveal) -> bool:
        if where.type is not DoorSheet or where.id not in {s.id for s in self._sheets}:
            return False
        self.select_sheet(where.id)
        self.board.show_note(where.part)
        return True

    def refresh(self, doc: OrganisationDocument) -> None:
        current = self.current_sheet()
        self._owner_names = {p.id: p.name for p in doc.personas}
        self._owner_names.update({g.id: g.name for g in doc.target_groups})
        self._owners = {p.id: self.tr("Persona: {name}").format(name=p.name) for p in doc.personas}
        self._owners.update(
            {g.id: self.tr("Målgruppe: {name}").format(name=g.name) for g in doc.target_groups}
        )
        self._headers = {p.id: self._persona_header(p.name, p.gender, p.age) for p in doc.personas}
        self._headers.update(
            {g.id: self.tr("MÅLGRUPPE: {name}").format(name=g.name) for g in doc.target_groups}
        )
        self._sheets = [s for s in doc.door_sheets if not s.is_deleted]
        ids = {s.id for s in self._sheets}
        new = ids - self._known_ids if self._known_ids is not None else set()
        self._known_ids = ids

        wanted: uuid.UUID | None
        if len(new) == 1:
            wanted = next(iter(new))  # just made (here, or from a persona): show it
        elif current is not None and current.id in ids:
            wanted = current.id
        else:
            wanted = self._sheets[0].id if self._sheets else None
        self.sheet_list.blockSignals(True)  # one _show_current() below, not one per item
        self._fill_list()
        row_to_select = next((r for r, s in enumerate(self._sheets) if s.id == wanted), -1)
        self.sheet_list.setCurrentRow(row_to_select)
        self.sheet_list.blockSignals(False)
        self._show_current()

    def _fill_list(self) -> None:
        """The list shows ``self._sheets``: texts are updated in place, rows added or
        removed only where sheets came or went (no rebuild)."""
        wanted = [str(s.id) for s in self._sheets]
        for row in reversed(range(self.sheet_list.count())):
            if self.sheet_list.item(row).data(SHEET_ID_ROLE) not in wanted:
                self.sheet_list.takeItem(row)
        for row, sheet in enumerate(self._sheets):
            text = "\n".join(self._sheet_lines(sheet, row + 1))
            item = self.sheet_list.item(row)
            if item is None or item.data(SHEET_ID_ROLE) != str(sheet.id):
                item = QListWidgetItem(text)
                item.setData(SHEET_ID_ROLE, str(sheet.id))
                self.sheet_list.insertItem(row, item)
            elif item.text() != text:
                item.setText(text)

    def _persona_header(self, name: str, gender: str, age: int | None) -> str:
        parts = [self.tr("NAVN: {name}").format(name=name)]
        if gender:
            parts.append(self.tr("KØN: {gender}").format(gender=gender))
        if age is not None:
            parts.append(self.tr("ALDER: {age}").format(age=age))
        return "      ".join(parts)

    def current_sheet(self) -> DoorSheet | None:
        row = self.sheet_list.currentRow()
        return self._sheets[row] if 0 <= row < len(self._sheets) else None

    def select_sheet(self, sheet_id: uuid.UUID) -> None:
        for row, sheet in enumerate(self._sheets):
            if sheet.id == sheet_id:
                self.sheet_list.setCurrentRow(row)
                return

    def _on_row_changed(self, _row: int) -> None:
        self._show_current()

    def _show_current(self) -> None:
        sheet = self.current_sheet()
        if sheet is None:
            self.sheet_title.setText(self.tr("Der er endnu ingen ark. Opret et med »Nyt ark«."))
        else:
            row = self.sheet_list.currentRow()
            self.sheet_title.setText(" – ".join(self._sheet_lines(sheet, row + 1)))
        self._update_buttons()
        if not self.isVisible():
            self._pending = True  # loading a big sheet waits until someone looks at it
            return
        self._load_board(sheet)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending:
            self._load_board(self.current_sheet())

    def _load_board(self, sheet: DoorSheet | None) -> None:
        self._pending = False
        store = self.workspace.store
        header = self._header_for(sheet)
        if (
            sheet is not None
            and self._loaded_store is store
            and self._loaded_id == sheet.id
            and self.board.sheet is not None
        ):
            self.board.scene.set_sheet_meta(sheet)
            self.board.scene.set_header(header)
            return
        self.board.scene.finish_editing()  # what is being written is kept, on its sheet
        full = get_door_sheet(store, sheet.id) if sheet is not None else None
        self.board.load(full, header)
        self._loaded_store = store
        self._loaded_id = sheet.id if sheet is not None else None

    def _header_for(self, sheet: DoorSheet | None) -> str:
        if sheet is None:
            return ""
        owner = sheet.persona_id or sheet.target_group_id
        if owner is not None and owner in self._headers:
            return self._headers[owner]
        return sheet.title

    def _sheet_lines(self, sheet: DoorSheet, number: int) -> list[str]:
        """The sheet's title (if any) and whose sheet it is."""
        owner_id = sheet.persona_id or sheet.target_group_id
        owner = self._owners.get(owner_id) if owner_id else None
        title = sheet.title
        if owner_id and title.casefold() == self._owner_names.get(owner_id, "").casefold():
            title = ""  # "Natasha" above "Persona: Natasha" says the same twice
        lines = [t for t in (title, owner) if t]
        return lines or [self.tr("Ark {n}").format(n=number)]

    def _update_buttons(self) -> None:
        has_sheet = self.current_sheet() is not None
        self.rename_button.setEnabled(has_sheet)
        self.delete_button.setEnabled(has_sheet)

    # --- Sheets: new, rename, delete (each one undo step) ---------------------------------

    def _ask_title(self, caption: str, current: str = "") -> str | None:
        title, ok = QInputDialog.getText(
            self,
            caption,
            self.tr("Arkets titel (fx personaens eller målgruppens navn):"),
            QLineEdit.EchoMode.Normal,
            current,
        )
        return title if ok else None

    def _ask_new_sheet(self) -> None:
        title = self._ask_title(self.tr("Nyt ark"))
        if title is not None:
            self.new_sheet(title)

    def _ask_rename(self) -> None:
        sheet = self.current_sheet()
        if sheet is None:
            return
        title = self._ask_title(self.tr("Omdøb ark"), sheet.title)
        if title is not None:
            self.rename_sheet(title)

    def _sheet_failed(self, exc: ForandringError) -> None:
        self.sheet_error.show_message(short_error_text(exc))

    def new_sheet(self, title: str) -> None:
        """An empty sheet with ``title`` (one undo step; undo deletes it again)."""
        self.sheet_error.clear_message()
        try:
            sheet = DoorSheet.parse({"title": title.strip()})
        except ForandringError as exc:
            self._sheet_failed(exc)
            return
        push_op(
            self.workspace,
            self.tr("Nyt ark"),
            do=lambda store: create_door_sheet(store, sheet),
            again=lambda store: restore_door_sheet(store, sheet.id),
            undo=lambda store: delete_door_sheet(store, sheet.id),
            reveal=Reveal(DoorSheet, sheet.id),
            source=SHEET_GESTURE,
        )
        self.board.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def rename_sheet(self, title: str) -> None:
        sheet = self.current_sheet()
        if sheet is None or title.strip() == sheet.title:
            return
        self.sheet_error.clear_message()
        try:
            DoorSheet.parse({"title": title.strip()})
        except ForandringError as exc:
            self._sheet_failed(exc)
            return
        new, old, sheet_id = title.strip(), sheet.title, sheet.id
        push_op(
            self.workspace,
            self.tr("Omdøb ark"),
            do=lambda store: update_door_sheet(store, sheet_id, title=new),
            undo=lambda store: update_door_sheet(store, sheet_id, title=old),
            reveal=Reveal(DoorSheet, sheet_id),
            source=SHEET_GESTURE,
        )

    def delete_sheet(self) -> None:
        sheet = self.current_sheet()
        if sheet is None:
            return
        sheet_id = sheet.id
        self.sheet_error.clear_message()
        push_op(
            self.workspace,
            self.tr("Slet ark"),
            do=lambda store: delete_door_sheet(store, sheet_id),
            undo=lambda store: restore_door_sheet(store, sheet_id),
            reveal_undo=Reveal(DoorSheet, sheet_id),
            source=SHEET_GESTURE,
        )

    def make_ladder_from_pair(self, sheet_id: uuid.UUID, in_note_id: uuid.UUID) -> None:
        """A new ladder from a pair (the guide's step 4: take a green pair and write the
        in-note on the bottom step and the out-note on the top one), then show it.
        One undo step; undo retires the ladder again."""
        made: list[uuid.UUID] = []

        def first(store: Store) -> ChangeSet:
            change = create_ladder_from_pair(store, sheet_id, in_note_id)
            made.extend(change.of(Ladder).created)
            return change

        if not push_op(
            self.workspace,
            self.tr("Måltrappe fra par"),
            do=first,
            again=lambda store: restore_ladder(store, made[0]),
            undo=lambda store: delete_ladder(store, made[0]),
            source=SHEET_GESTURE,
        ):
            return
        window = self.window()
        show_page = getattr(window, "show_page", None)
        if callable(show_page):
            show_page("ladders")
        self.workspace.reveal(Reveal(Ladder, made[0]))

    def sheet_job(self) -> PrintJob | None:
        """The door sheet shown on the board."""
        sheet = self.current_sheet()
        if sheet is None:
            return None
        choice = Choice(sheet.id, sheet.title or self._owner_names.get(sheet.id, ""))
        return filled_job(self.workspace.store, SHEETS["doerark"], choice)
