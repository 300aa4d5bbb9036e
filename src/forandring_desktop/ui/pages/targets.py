"""Step 2 of the guide: persona sheets and the target groups they are merged into.

Left a list of personas (Ins new, Ctrl+D duplicate, Del delete), right the selected
persona's sheet; below the target groups with their members. "Start ind ad døren – ud af
døren-ark" makes a door sheet with the persona's main problems on the in-side and shows it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import DoorSheet, OrganisationDocument, Persona, TargetGroup
from forandring_desktop.reports import SHEETS
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.services.door import delete_door_sheet, restore_door_sheet
from forandring_desktop.services.personas import (
    add_persona,
    add_target_group,
    delete_persona,
    delete_target_group,
    duplicate_persona,
    restore_persona,
    restore_target_group,
    start_door_sheet_for_persona,
    start_door_sheet_for_target_group,
)
from forandring_desktop.services.printing import Choice
from forandring_desktop.storage import Store
from forandring_desktop.ui.help import METHOD_ANCHORS, step_heading
from forandring_desktop.ui.operations import push_op
from forandring_desktop.ui.pages.base import Page, scrolling
from forandring_desktop.ui.pages.report_jobs import filled_job
from forandring_desktop.ui.persona_sheet import (
    ID_ROLE,
    PersonaSheet,
    TargetGroupEditor,
    list_action,
)
from forandring_desktop.ui.printing import PrintJob
from forandring_desktop.ui.widgets import persona_kind_word, text_label
from forandring_desktop.ui.workspace import Reveal, Workspace

WARNING_TEXT = "#8a4b00"  # dark amber: stands out, readable on a light list (≈ 6:1)


class TargetGroupsPage(Page):
    shows = frozenset({Persona, TargetGroup})
    help_anchor = "targets"
    prints = True

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self._personas: list[Persona] = []  # live, in list order
        self._all_personas: list[Persona] = []
        self._groups: list[TargetGroup] = []

        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.addWidget(step_heading(self, self.tr("2. Målgrupper"), METHOD_ANCHORS["targets"]))
        layout.addWidget(
            text_label(
                self.tr(
                    "Beskriv jeres brugere gennem ’personaer’: eksempler på de brugere, I ofte "
                    "ser. Hvert par beskriver en ’typisk’ bruger og derudover enten en ’svær’ "
                    "bruger, der har relativt mange udfordringer, eller en ’let’ bruger, der har "
                    "relativt få udfordringer. Det skal være konkret og noget, som ’I har set’, "
                    "men det behøver ikke at være ’virkelige personer’. Personaerne samles "
                    "bagefter i målgrupper."
                )
            )
        )
        layout.addWidget(self._build_personas(content))
        layout.addWidget(self._build_groups(content))
        layout.addStretch(1)
        scrolling(self, content).setAccessibleName(self.tr("2. Målgrupper"))

    # --- Building -----------------------------------------------------------------------

    def _build_personas(self, content: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Personaer"), content)
        box.setAccessibleName(self.tr("Personaer"))
        row = QHBoxLayout(box)

        left = QVBoxLayout()
        caption = text_label(self.tr("&Personaer"), bold=True, selectable=False)
        left.addWidget(caption)
        self.persona_list = QListWidget(box)
        self.persona_list.setAccessibleName(self.tr("Personaer"))
        self.persona_list.setAccessibleDescription(
            self.tr("Ins: ny persona. Ctrl+D: dupliker. Del: slet.")
        )
        self.persona_list.setMinimumWidth(170)
        self.persona_list.setMinimumHeight(180)
        self._warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        # Two lines a persona (the name, then its target groups), wrapped, not cut.
        self.persona_list.setWordWrap(True)
        self.persona_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.persona_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.persona_list.setSpacing(2)
        caption.setBuddy(self.persona_list)
        left.addWidget(self.persona_list)

        self.new_persona_button = self._button(
            box, left, self.tr("&Ny persona"), self.tr("Ny persona (Ins)"), self.new_persona
        )
        self.duplicate_button = self._button(
            box,
            left,
            self.tr("&Dupliker"),
            self.tr("Dupliker personaen (Ctrl+D)"),
            self.duplicate_persona,
        )
        self.delete_persona_button = self._button(
            box,
            left,
            self.tr("&Slet persona"),
            self.tr("Slet personaen (Del; Ctrl+Z fortryder)"),
            self.delete_persona,
        )
        self.door_button = self._button(
            box,
            left,
            self.tr("Start &ind ad døren – ud af døren-ark"),
            self.tr("Et nyt ark med personaens vigtigste problemer på ind ad døren-siden"),
            self.start_door_sheet,
        )
        left.addStretch(1)
        row.addLayout(left, 1)

        self.sheet = PersonaSheet(self.workspace, box)
        row.addWidget(self.sheet, 3)

        list_action(self.persona_list, [QKeySequence(Qt.Key.Key_Insert)], self.new_persona)
        list_action(self.persona_list, [QKeySequence(Qt.Key.Key_Delete)], self.delete_persona)
        list_action(self.persona_list, [QKeySequence("Ctrl+D")], self.duplicate_persona)
        self.persona_list.currentRowChanged.connect(self._persona_selected)
        return box

    def _build_groups(self, content: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Målgrupper"), content)
        box.setAccessibleName(self.tr("Målgrupper"))
        row = QHBoxLayout(box)

        left = QVBoxLayout()
        caption = text_label(self.tr("Mål&grupper"), bold=True, selectable=False)
        left.addWidget(caption)
        self.group_list = QListWidget(box)
        self.group_list.setAccessibleName(self.tr("Målgrupper"))
        self.group_list.setAccessibleDescription(self.tr("Ins: ny målgruppe. Del: slet."))
        self.group_list.setMinimumWidth(170)
        self.group_list.setMinimumHeight(120)
        caption.setBuddy(self.group_list)
        left.addWidget(self.group_list)
        self.new_group_button = self._button(
            box, left, self.tr("Ny &målgruppe"), self.tr("Ny målgruppe (Ins)"), self.new_group
        )
        self.delete_group_button = self._button(
            box,
            left,
            self.tr("Slet målgrupp&e"),
            self.tr("Slet målgruppen (Del; Ctrl+Z fortryder)"),
            self.delete_group,
        )
        left.addStretch(1)
        row.addLayout(left, 1)

        right = QVBoxLayout()
        self.group_editor = TargetGroupEditor(self.workspace, box)
        right.addWidget(self.group_editor)
        self.group_door_button = self._button(
            box,
            right,
            self.tr("Start ark for målgr&uppen"),
            self.tr(
                "Et nyt ind ad døren – ud af døren-ark med personaernes vigtigste problemer, "
                "hvert problem én gang"
            ),
            self.start_group_door_sheet,
        )
        row.addLayout(right, 3)

        list_action(self.group_list, [QKeySequence(Qt.Key.Key_Insert)], self.new_group)
        list_action(self.group_list, [QKeySequence(Qt.Key.Key_Delete)], self.delete_group)
        self.group_list.currentRowChanged.connect(self._group_selected)
        return box

    def _button(
        self,
        parent: QWidget,
        layout: QVBoxLayout,
        text: str,
        tip: str,
        slot: Callable[[], None],
    ) -> QPushButton:
        button = QPushButton(text, parent)
        button.setAccessibleName(text.replace("&", ""))
        button.setToolTip(tip)
        button.clicked.connect(slot)
        layout.addWidget(button)
        return button

    # --- Refresh ------------------------------------------------------------------------

    def refresh(self, doc: OrganisationDocument) -> None:
        self._all_personas = list(doc.personas)
        self._personas = [p for p in doc.personas if not p.is_deleted]
        self._groups = [g for g in doc.target_groups if not g.is_deleted]
        self._fill(
            self.persona_list,
            [(p.id, self._persona_label(p)) for p in self._personas],
        )
        self._flag_personas_without_group()
        self._fill(self.group_list, [(g.id, g.name) for g in self._groups])
        self._persona_selected(self.persona_list.currentRow())
        self._group_selected(self.group_list.currentRow())

    def _groups_of(self, persona: Persona) -> list[str]:
        return [g.name for g in self._groups if persona.id in g.persona_ids]

    def _persona_label(self, persona: Persona) -> str:
        """Two lines: the persona, then the target groups it is in (or that it is in none)."""
        names = self._groups_of(persona)
        if not names:
            groups = self.tr("(ingen målgruppe)")
        elif len(names) == 1:
            groups = self.tr("Målgruppe: {names}").format(names=names[0])
        else:
            groups = self.tr("Målgrupper: {names}").format(names=", ".join(names))
        return f"{persona.name} – {persona_kind_word(persona.kind)}\n{groups}"

    def _flag_personas_without_group(self) -> None:
        """A persona in no target group is marked: the guide merges every persona into one."""
        normal = self.persona_list.palette().color(QPalette.ColorRole.Text)
        for row, persona in enumerate(self._personas):
            item = self.persona_list.item(row)
            if item is None:
                continue
            alone = not self._groups_of(persona)
            item.setForeground(QColor(WARNING_TEXT) if alone else normal)
            item.setIcon(self._warning_icon if alone else QIcon())
            item.setToolTip(
                self.tr(
                    "Personaen er ikke med i nogen målgruppe endnu. Tilføj den til en "
                    "målgruppe nedenfor."
                )
                if alone
                else item.text().split("\n")[-1]  # the groups in full, if the line is cut
            )

    def _fill(self, widget: QListWidget, rows: list[tuple[uuid.UUID, str]]) -> None:
        """Show ``rows`` (id, text), keeping the current id (or else the current row)."""
        shown = [widget.item(r).data(ID_ROLE) for r in range(widget.count())]
        if shown == [i for i, _ in rows]:
            for r, (_id, text) in enumerate(rows):
                if widget.item(r).text() != text:
                    widget.item(r).setText(text)
            return
        current = widget.currentItem()
        current_id = current.data(ID_ROLE) if current is not None else None
        row = widget.currentRow()
        widget.blockSignals(True)
        try:
            widget.clear()
            for item_id, text in rows:
                item = QListWidgetItem(text)
                item.setData(ID_ROLE, item_id)
                widget.addItem(item)
            ids = [i for i, _ in rows]
            if current_id in ids:
                widget.setCurrentRow(ids.index(current_id))
            elif rows:
                widget.setCurrentRow(min(max(row, 0), len(rows) - 1))
        finally:
            widget.blockSignals(False)

    def _persona_selected(self, row: int) -> None:
        persona = self._personas[row] if 0 <= row < len(self._personas) else None
        self.sheet.show_persona(persona)
        has = persona is not None
        for button in (self.duplicate_button, self.delete_persona_button, self.door_button):
            button.setEnabled(has)

    def _group_selected(self, row: int) -> None:
        group = self._groups[row] if 0 <= row < len(self._groups) else None
        self.group_editor.show_group(group, self._personas)
        has = group is not None
        self.delete_group_button.setEnabled(has)
        self.group_door_button.setEnabled(has)

    def current_persona(self) -> Persona | None:
        return self.sheet.persona

    def current_group(self) -> TargetGroup | None:
        return self.group_editor.group

    def select_persona(self, persona_id: uuid.UUID) -> None:
        ids = [p.id for p in self._personas]
        if persona_id in ids:
            self.persona_list.setCurrentRow(ids.index(persona_id))

    def select_group(self, group_id: uuid.UUID) -> None:
        ids = [g.id for g in self._groups]
        if group_id in ids:
            self.group_list.setCurrentRow(ids.index(group_id))

    def reveal(self, where: Reveal) -> bool:
        if where.type is Persona and where.id in {p.id for p in self._personas}:
            self.select_persona(where.id)
            return True
        if where.type is TargetGroup and where.id in {g.id for g in self._groups}:
            self.select_group(where.id)
            return True
        return False

    # --- Persona gestures -----------------------------------------------------------------

    def new_persona(self) -> None:
        persona = Persona(name=self.tr("Ny persona"))
        if push_op(
            self.workspace,
            self.tr("ny persona"),
            do=lambda store: add_persona(store, persona),
            again=lambda store: restore_persona(store, persona.id),
            undo=lambda store: delete_persona(store, persona.id),
            reveal=Reveal(Persona, persona.id),
        ):
            self.select_persona(persona.id)
            self.sheet.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.sheet.name_edit.selectAll()

    def duplicate_persona(self) -> None:
        original = self.current_persona()
        if original is None:
            return
        copy: list[uuid.UUID] = []
        suffix = self.tr(" (kopi)")

        def first(store: Store) -> ChangeSet:
            change = duplicate_persona(store, original.id, suffix)
            copy.extend(change.of(Persona).created)
            return change

        if push_op(
            self.workspace,
            self.tr("kopi af persona"),
            do=first,
            again=lambda store: restore_persona(store, copy[0]),
            undo=lambda store: delete_persona(store, copy[0]),
            reveal=Reveal(Persona, original.id),
        ):
            self.select_persona(copy[0])

    def delete_persona(self) -> None:
        persona = self.current_persona()
        if persona is None:
            return
        target = persona.id
        push_op(
            self.workspace,
            self.tr("sletning af persona"),
            do=lambda store: delete_persona(store, target),
            undo=lambda store: restore_persona(store, target),
            reveal=Reveal(Persona, target),
        )
        self.persona_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def start_door_sheet(self) -> None:
        """A door sheet with the persona's main problems on the in-side; then show it."""
        persona = self.current_persona()
        if persona is None:
            return
        target = persona.id
        self._start_sheet(
            self.tr("nyt ind ad døren – ud af døren-ark"),
            lambda store: start_door_sheet_for_persona(store, target),
        )

    def start_group_door_sheet(self) -> None:
        group = self.current_group()
        if group is None:
            return
        target = group.id
        self._start_sheet(
            self.tr("nyt ind ad døren – ud af døren-ark for målgruppe"),
            lambda store: start_door_sheet_for_target_group(store, target),
        )

    def _start_sheet(self, text: str, start: Callable[[Store], ChangeSet]) -> None:
        sheet_ids: list[uuid.UUID] = []

        def first(store: Store) -> ChangeSet:
            change = start(store)
            sheet_ids.extend(change.of(DoorSheet).created)
            return change

        if push_op(
            self.workspace,
            text,
            do=first,
            again=lambda store: restore_door_sheet(store, sheet_ids[0]),
            undo=lambda store: delete_door_sheet(store, sheet_ids[0]),
        ):
            self._show_door_sheet(sheet_ids[0])

    def _show_door_sheet(self, sheet_id: uuid.UUID) -> None:
        """Switch the main window to the door page and the new sheet."""
        self.workspace.reveal(Reveal(DoorSheet, sheet_id))
        window = self.window()
        show_page = getattr(window, "show_page", None)
        if callable(show_page):
            show_page("door")

    # --- Target group gestures ------------------------------------------------------------

    def new_group(self) -> None:
        group = TargetGroup(name=self.tr("Ny målgruppe"))
        if push_op(
            self.workspace,
            self.tr("ny målgruppe"),
            do=lambda store: add_target_group(store, group),
            again=lambda store: restore_target_group(store, group.id),
            undo=lambda store: delete_target_group(store, group.id),
            reveal=Reveal(TargetGroup, group.id),
        ):
            self.select_group(group.id)
            self.group_editor.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.group_editor.name_edit.selectAll()

    def delete_group(self) -> None:
        group = self.current_group()
        if group is None:
            return
        target = group.id
        push_op(
            self.workspace,
            self.tr("sletning af målgruppe"),
            do=lambda store: delete_target_group(store, target),
            undo=lambda store: restore_target_group(store, target),
            reveal=Reveal(TargetGroup, target),
        )
        self.group_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def sheet_job(self) -> PrintJob | None:
        """The persona sheet of the chosen persona."""
        persona = self.current_persona()
        if persona is None:
            return None
        choice = Choice(persona.id, persona.name)
        return filled_job(self.workspace.store, SHEETS["persona"], choice)
