"""Step 3 of the guide: 'ind ad døren – ud af døren' sheets, read-only for now."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import (
    COLOUR_MEANING,
    DoorNote,
    DoorSheet,
    OrganisationDocument,
    Side,
)
from forandring_desktop.ui.pages.base import Page
from forandring_desktop.ui.widgets import (
    COLOUR_ORDER,
    colour_icon,
    colour_word,
    heading,
    text_label,
)
from forandring_desktop.ui.workspace import Workspace

SHEET_ID_ROLE = Qt.ItemDataRole.UserRole


class DoorSheetsPage(Page):
    shows = frozenset({"DoorSheet", "DoorNote", "Persona", "TargetGroup"})

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self._sheets: list[DoorSheet] = []
        self._owners: dict[uuid.UUID, str] = {}  # "Persona: Natasha"
        self._owner_names: dict[uuid.UUID, str] = {}  # "Natasha"

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("3. Ind ad døren – ud af døren")))
        layout.addWidget(
            text_label(
                self.tr(
                    "For en persona eller en målgruppe: situationen, når personen kommer ind ad "
                    "døren, og situationen, når personen går ud af døren – tænkt som par. "
                    "Hver forandring får en farve."
                )
            )
        )
        self.note = text_label(self.tr("Post-it-tavlen kommer i næste version."))
        layout.addWidget(self.note)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        self.sheet_list = QListWidget(splitter)
        self.sheet_list.setAccessibleName(self.tr("Ark"))
        self.sheet_list.setWordWrap(True)
        self.sheet_list.setMinimumWidth(150)
        self.sheet_list.setSpacing(3)
        self.sheet_list.currentRowChanged.connect(self._show_current)

        detail = QWidget(splitter)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.sheet_title = text_label("", bold=True)
        detail_layout.addWidget(self.sheet_title)
        columns = QHBoxLayout()
        self.in_list = self._column(columns, self.tr("SITUATION IND AD DØREN"))
        self.out_list = self._column(columns, self.tr("SITUATION UD AF DØREN"))
        detail_layout.addLayout(columns, 1)
        detail_layout.addWidget(self._legend())
        splitter.addWidget(self.sheet_list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 700])
        layout.addWidget(splitter, 1)

    def _column(self, row: QHBoxLayout, title: str) -> QListWidget:
        box = QGroupBox(title)
        box.setAccessibleName(title)
        box_layout = QVBoxLayout(box)
        notes = QListWidget(box)
        notes.setAccessibleName(title)
        notes.setWordWrap(True)
        notes.setIconSize(QSize(16, 16))
        notes.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        notes.setSpacing(2)
        box_layout.addWidget(notes)
        row.addWidget(box, 1)
        return notes

    def _legend(self) -> QGroupBox:
        box = QGroupBox(self.tr("Farverne"))
        box.setAccessibleName(self.tr("Farverne"))
        grid = QGridLayout(box)
        for row, colour in enumerate(COLOUR_ORDER):
            icon = QLabel(box)
            icon.setPixmap(colour_icon(colour).pixmap(16, 16))
            icon.setAccessibleName(colour_word(colour))
            grid.addWidget(icon, row, 0)
            grid.addWidget(text_label(colour_word(colour), bold=True), row, 1)
            grid.addWidget(text_label(COLOUR_MEANING[colour]), row, 2)
        grid.setColumnStretch(2, 1)
        return box

    def refresh(self, doc: OrganisationDocument) -> None:
        current = self.current_sheet()
        self._owner_names = {p.id: p.name for p in doc.personas}
        self._owner_names.update({g.id: g.name for g in doc.target_groups})
        self._owners = {p.id: self.tr("Persona: {name}").format(name=p.name) for p in doc.personas}
        self._owners.update(
            {g.id: self.tr("Målgruppe: {name}").format(name=g.name) for g in doc.target_groups}
        )
        self._sheets = [s for s in doc.door_sheets if not s.is_deleted]

        self.sheet_list.blockSignals(True)  # one _show_current() below, not one per item
        self.sheet_list.clear()
        row_to_select = 0
        for row, sheet in enumerate(self._sheets):
            item = QListWidgetItem("\n".join(self._sheet_lines(sheet, row + 1)))
            item.setData(SHEET_ID_ROLE, str(sheet.id))
            self.sheet_list.addItem(item)
            if current is not None and sheet.id == current.id:
                row_to_select = row
        self.sheet_list.setCurrentRow(row_to_select if self._sheets else -1)
        self.sheet_list.blockSignals(False)
        self._show_current(self.sheet_list.currentRow())

    def current_sheet(self) -> DoorSheet | None:
        row = self.sheet_list.currentRow()
        return self._sheets[row] if 0 <= row < len(self._sheets) else None

    def _show_current(self, row: int) -> None:
        self.in_list.clear()
        self.out_list.clear()
        sheet = self._sheets[row] if 0 <= row < len(self._sheets) else None
        if sheet is None:
            self.sheet_title.setText(self.tr("Der er endnu ingen ark."))
            return
        self.sheet_title.setText(" – ".join(self._sheet_lines(sheet, row + 1)))

        notes = sheet.live_notes()
        by_id = {n.id: n for n in notes}
        source_of = {n.pair_id: n for n in notes if n.pair_id is not None}
        ordered = sorted(notes, key=lambda n: COLOUR_ORDER.index(n.colour))
        for note in ordered:
            if note.side is Side.IN:
                partner = by_id.get(note.pair_id) if note.pair_id else None
                self.in_list.addItem(self._note_item(note, "→", partner))
            else:
                self.out_list.addItem(self._note_item(note, "←", source_of.get(note.id)))

    def _sheet_lines(self, sheet: DoorSheet, number: int) -> list[str]:
        """The sheet's title (if any) and whose sheet it is."""
        owner_id = sheet.persona_id or sheet.target_group_id
        owner = self._owners.get(owner_id) if owner_id else None
        title = sheet.title
        if owner_id and title.casefold() == self._owner_names.get(owner_id, "").casefold():
            title = ""  # "Natasha" above "Persona: Natasha" says the same twice
        lines = [t for t in (title, owner) if t]
        return lines or [self.tr("Ark {n}").format(n=number)]

    def _note_item(self, note: DoorNote, arrow: str, partner: DoorNote | None) -> QListWidgetItem:
        text = f"{colour_word(note.colour)}: {note.text}"
        if partner is not None:
            text += f"\n{arrow} {partner.text}"
        item = QListWidgetItem(colour_icon(note.colour), text)
        item.setToolTip(COLOUR_MEANING[note.colour])
        return item
