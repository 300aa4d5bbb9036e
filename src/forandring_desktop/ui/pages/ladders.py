"""Step 4 of the guide: goal ladders (måltrapper) and trin-tegn-handling.

Left the ladder library (title, FORANDRINGSMÅL, target groups, where it came from, how many
participants are placed on it) with the target groups of the chosen ladder; right the
editor of the chosen ladder: the staircase as the guide draws it and the trin-tegn-handling
table over the same ladder. Every gesture is one step on the window's undo stack, saved at
once; rewording, inserting, moving or deleting steps never rewrites a rating.

Keys: in the library Ins (new ladder) and Del (delete ladder); in the staircase and the
table Ins / Shift+Ins (new step above / below), Del (delete step), Alt+Up / Alt+Down (move
the step), Ctrl+M (merge with the step above); Enter, F2 or typing edits; Esc in a step's
field goes back to the staircase.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import (
    ForandringError,
    Ladder,
    LadderStep,
    OrganisationDocument,
    TargetGroup,
)
from forandring_desktop.reports import SHEETS
from forandring_desktop.services.ladders import LibraryEntry, ladder_library
from forandring_desktop.services.printing import Choice
from forandring_desktop.storage import Store
from forandring_desktop.ui.help import METHOD_ANCHORS, step_heading
from forandring_desktop.ui.ladder.commands import (
    delete_ladder_command,
    edit_command,
    new_ladder_command,
)
from forandring_desktop.ui.ladder.editor import LadderEditor, ask, view_action
from forandring_desktop.ui.ladder.words import plain_tooltip
from forandring_desktop.ui.operations import push
from forandring_desktop.ui.pages.base import Page, scrolling
from forandring_desktop.ui.pages.report_jobs import filled_job
from forandring_desktop.ui.printing import PrintJob
from forandring_desktop.ui.widgets import ErrorLabel, text_label
from forandring_desktop.ui.workspace import Reveal, Workspace

GROUP_ID_ROLE = Qt.ItemDataRole.UserRole + 1
LADDER_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class _FitContent(QWidget):
    """The page's content: it fills the window and only scrolls once the window is smaller
    than the content's minimum (a QScrollArea would otherwise give the word-wrapped labels,
    and so the whole page, their preferred height)."""

    def heightForWidth(self, width: int) -> int:
        return -1


class LaddersPage(Page):
    shows = frozenset({Ladder, TargetGroup})
    help_anchor = "ladders"
    prints = True

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self._ladders: dict[uuid.UUID, Ladder] = {}  # live ladders, in library order
        self._groups: list[TargetGroup] = []
        self._library_key: tuple[object, ...] | None = None
        self._entries: list[LibraryEntry] = []
        self._store: Store | None = None  # the file the page showed last
        self._selecting = False
        self._showing_groups = False

        # In a scroll area, so the window can still be made small (a laptop in a workshop).
        content = _FitContent(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(step_heading(self, self.tr("4. Måltrapper"), METHOD_ANCHORS["ladders"]))
        layout.addWidget(
            text_label(
                self.tr(
                    "En måltrappe beskriver én forandring, trin for trin fra udgangspunktet "
                    "(nederste trin) til målet (øverste trin). Under hvert trin står tegnene, "
                    "der viser, at personen er nået dertil. Lad jer ikke binde af modellen: "
                    "sker jeres forandring i flere eller færre trin, skal det være antallet "
                    "af trin i jeres måltrappe."
                )
            )
        )

        splitter = QSplitter(Qt.Orientation.Horizontal, content)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_library(splitter))
        self.editor = LadderEditor(self.workspace, splitter)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 940])
        layout.addWidget(splitter, 1)
        scrolling(self, content).setAccessibleName(self.tr("4. Måltrapper"))

    # --- Building -----------------------------------------------------------------------

    def _build_library(self, parent: QWidget) -> QWidget:
        left = QWidget(parent)
        layout = QVBoxLayout(left)
        layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(self.tr("&Bibliotek med måltrapper"), left)
        caption.setStyleSheet("font-weight: bold;")
        layout.addWidget(caption)
        self.library = QListWidget(left)
        self.library.setObjectName("ladder_library")
        self.library.setAccessibleName(self.tr("Bibliotek med måltrapper"))
        self.library.setAccessibleDescription(self.tr("Ins: ny måltrappe. Del: slet måltrappen."))
        self.library.setWordWrap(True)
        self.library.setSpacing(3)
        self.library.setMinimumWidth(180)
        self.library.currentRowChanged.connect(self._library_row_changed)
        caption.setBuddy(self.library)
        layout.addWidget(self.library, 2)

        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&Ny måltrappe"), left)
        self.new_button.setAccessibleName(self.tr("Ny måltrappe"))
        self.new_button.setToolTip(self.tr("En ny måltrappe med to tomme trin (Ins i biblioteket)"))
        self.new_button.clicked.connect(self.new_ladder)
        self.delete_button = QPushButton(self.tr("Slet måltrapp&e"), left)
        self.delete_button.setAccessibleName(self.tr("Slet måltrappe"))
        self.delete_button.setToolTip(
            self.tr("Slet måltrappen (Del i biblioteket; Ctrl+Z fortryder)")
        )
        self.delete_button.clicked.connect(self.delete_ladder)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        view_action([self.library], [QKeySequence(Qt.Key.Key_Insert)], self.new_ladder)
        view_action([self.library], [QKeySequence(Qt.Key.Key_Delete)], self.delete_ladder)

        groups_caption = QLabel(self.tr("Mål&grupper, måltrappen hører til:"), left)
        groups_caption.setStyleSheet("font-weight: bold;")
        layout.addWidget(groups_caption)
        layout.addWidget(text_label(self.tr("Sæt flueben ved målgrupperne (mellemrum).")))
        self.group_list = QListWidget(left)
        self.group_list.setAccessibleName(self.tr("Målgrupper for måltrappen"))
        self.group_list.setMinimumHeight(70)
        self.group_list.itemChanged.connect(self._group_toggled)
        groups_caption.setBuddy(self.group_list)
        layout.addWidget(self.group_list, 1)
        self.group_error = ErrorLabel(left)
        layout.addWidget(self.group_error)
        return left

    # --- Refresh ----------------------------------------------------------------------

    def refresh(self, doc: OrganisationDocument) -> None:
        self._groups = list(doc.target_groups)
        self._ladders = {lad.id: lad for lad in doc.ladders if not lad.is_deleted}
        self._update_library(force=False)
        current = self.current_ladder_id()
        if current not in self._ladders:
            current = self._neighbour_row_ladder()
        self._select_row(current)
        ladder = self._ladders.get(current) if current is not None else None
        store_changed = self._store is not self.workspace.store
        self._store = self.workspace.store
        if store_changed or ladder != self.editor.ladder:
            # Not after this page's own save: the editor shows that ladder already.
            self.editor.show_ladder(ladder)
        self._show_groups()
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Participants may have been placed on ladders or rated since: count again.
        if self._ladders:
            self._update_library(force=True)
            self.editor.reload_counts()

    def _update_library(self, *, force: bool) -> None:
        group_names = tuple((g.id, g.name) for g in self._groups)
        key = (
            self.workspace.store,
            tuple(
                (lad.id, tuple(lad.target_group_ids), lad.source) for lad in self._ladders.values()
            ),
            group_names,
        )
        if force or key != self._library_key:
            self._entries = ladder_library(self.workspace.store)
            self._library_key = key
        # Titles and goals as the page holds them (typing does not ask the file again).
        self._entries = [
            LibraryEntry(self._ladders[e.ladder.id], e.target_groups, e.origin, e.enrolled)
            for e in self._entries
            if e.ladder.id in self._ladders
        ]
        wanted = [(e.ladder.id, self.entry_text(row, e)) for row, e in enumerate(self._entries)]
        shown = [
            (self.library.item(r).data(LADDER_ID_ROLE), self.library.item(r).text())
            for r in range(self.library.count())
        ]
        if wanted == shown:
            return
        current = self.current_ladder_id()
        self._selecting = True
        try:
            if [w[0] for w in wanted] == [s[0] for s in shown]:
                for row, (_id, text) in enumerate(wanted):
                    item = self.library.item(row)
                    item.setText(text)
                    item.setToolTip(plain_tooltip(text))
            else:
                self.library.clear()
                for ladder_id, text in wanted:
                    item = QListWidgetItem(text)
                    item.setData(LADDER_ID_ROLE, ladder_id)
                    item.setToolTip(plain_tooltip(text))
                    self.library.addItem(item)
                self.library.setCurrentRow(self._row_of(current))
        finally:
            self._selecting = False

    def entry_text(self, row: int, entry: LibraryEntry) -> str:
        """A ladder in the library: title, FORANDRINGSMÅL, target groups, origin, count."""
        ladder = entry.ladder
        lines = [
            ladder.title or self.tr("Måltrappe {n}").format(n=row + 1),
            self.tr("FORANDRINGSMÅL: {goal}").format(goal=ladder.change_goal),
            self.tr("Målgrupper: {groups}").format(
                groups=", ".join(entry.target_groups) or self.tr("ingen")
            ),
        ]
        if entry.origin:
            lines.append(self.tr("fra: {origin}").format(origin=entry.origin))
        if entry.enrolled == 1:
            lines.append(self.tr("1 deltager er sat på den"))
        else:
            lines.append(self.tr("{n} deltagere er sat på den").format(n=entry.enrolled))
        return "\n".join(lines)

    def library_entries(self) -> list[LibraryEntry]:
        return list(self._entries)

    def _row_of(self, ladder_id: uuid.UUID | None) -> int:
        for row, entry in enumerate(self._entries):
            if entry.ladder.id == ladder_id:
                return row
        return -1

    def _neighbour_row_ladder(self) -> uuid.UUID | None:
        if not self._entries:
            return None
        row = min(max(self.library.currentRow(), 0), len(self._entries) - 1)
        return self._entries[row].ladder.id

    def _show_groups(self) -> None:
        ladder = self.current_ladder()
        chosen = set(ladder.target_group_ids) if ladder is not None else set()
        wanted = []
        for group in self._groups:
            if group.is_deleted and group.id not in chosen:
                continue
            name = group.name
            if group.is_deleted:
                name = self.tr("{name} (slettet)").format(name=name)
            wanted.append((group.id, name, group.id in chosen))
        shown = [
            (
                self.group_list.item(r).data(GROUP_ID_ROLE),
                self.group_list.item(r).text(),
                self.group_list.item(r).checkState() == Qt.CheckState.Checked,
            )
            for r in range(self.group_list.count())
        ]
        self.group_list.setEnabled(ladder is not None)
        if wanted == shown:
            return
        row = self.group_list.currentRow()
        self._showing_groups = True
        try:
            self.group_list.clear()
            for group_id, name, checked in wanted:
                item = QListWidgetItem(name)
                item.setData(GROUP_ID_ROLE, group_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.group_list.addItem(item)
            if wanted:
                self.group_list.setCurrentRow(min(max(row, 0), len(wanted) - 1))
        finally:
            self._showing_groups = False

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.current_ladder() is not None)

    # --- Selection ----------------------------------------------------------------------

    def current_ladder_id(self) -> uuid.UUID | None:
        item = self.library.currentItem()
        value = item.data(LADDER_ID_ROLE) if item is not None else None
        return value if isinstance(value, uuid.UUID) else None

    def current_ladder(self) -> Ladder | None:
        ladder_id = self.current_ladder_id()
        return self._ladders.get(ladder_id) if ladder_id is not None else None

    def _select_row(self, ladder_id: uuid.UUID | None) -> None:
        row = self._row_of(ladder_id)
        if self.library.currentRow() == row:
            return
        self._selecting = True
        try:
            self.library.setCurrentRow(row)
        finally:
            self._selecting = False

    def _library_row_changed(self, _row: int) -> None:
        if self._selecting:
            return
        self.editor.show_ladder(self.current_ladder())
        self._show_groups()
        self._update_buttons()

    def select_ladder(self, ladder_id: uuid.UUID | None, step_id: uuid.UUID | None = None) -> None:
        """Show a ladder (and select one of its steps), e.g. one just made from a door sheet."""
        if ladder_id is None or ladder_id not in self._ladders:
            return
        if self.current_ladder_id() != ladder_id:
            self._select_row(ladder_id)
            self.editor.show_ladder(self._ladders[ladder_id])
            self._show_groups()
            self._update_buttons()
        if step_id is not None:
            self.editor.select_step(step_id)

    def reveal(self, where: Reveal) -> bool:
        if where.type is not Ladder or where.id not in self._ladders:
            return False
        self.select_ladder(where.id, where.part)
        return True

    # --- Ladder gestures -----------------------------------------------------------------

    def new_ladder(self) -> None:
        """'Ny måltrappe': UDGANGSPUNKTET and MÅLET as two empty steps, to be filled in."""
        count = len(self._ladders) + 1
        ladder = Ladder(
            title=self.tr("Ny måltrappe {n}").format(n=count),
            change_goal=self.tr("Nyt forandringsmål"),
            steps=[LadderStep(), LadderStep()],
        )
        previous = self.current_ladder_id()
        if push(new_ladder_command(self.workspace, self.tr("ny måltrappe"), ladder, previous)):
            self.select_ladder(ladder.id)
            self.editor.goal_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.editor.goal_edit.selectAll()

    def delete_ladder(self) -> None:
        """Delete the chosen ladder (a tombstone: steps, enrolments and ratings stay)."""
        ladder = self.current_ladder()
        if ladder is None:
            return
        row = self._row_of(ladder.id)
        enrolled = self._entries[row].enrolled if row >= 0 else 0
        title = ladder.title or ladder.change_goal
        if enrolled and not ask(
            self,
            self.tr("Slet måltrappe"),
            self.tr(
                "{n} deltagere er sat på måltrappen »{title}«. Deres vurderinger bevares, men "
                "måltrappen forsvinder fra biblioteket.\n\nVil du slette måltrappen?"
            ).format(n=enrolled, title=title),
        ):
            return
        ids = [e.ladder.id for e in self._entries]
        rest = [i for i in ids if i != ladder.id]
        neighbour = rest[min(row, len(rest) - 1)] if rest else None
        if push(
            delete_ladder_command(
                self.workspace, self.tr("sletning af måltrappe"), ladder.id, neighbour
            )
        ):
            self.library.setFocus(Qt.FocusReason.OtherFocusReason)

    def _group_toggled(self, item: QListWidgetItem) -> None:
        ladder = self.current_ladder()
        if self._showing_groups or ladder is None:
            return
        group_id = item.data(GROUP_ID_ROLE)
        checked = item.checkState() == Qt.CheckState.Checked
        old = list(ladder.target_group_ids)
        if checked and group_id not in old:
            new_ids = [*old, group_id]
            text = self.tr("målgruppe sat på måltrappe")
        elif not checked and group_id in old:
            new_ids = [g for g in old if g != group_id]
            text = self.tr("målgruppe taget af måltrappe")
        else:
            return
        try:
            new = ladder.changed(target_group_ids=new_ids)
        except ForandringError as exc:
            self.group_error.show_message(str(exc))
            return
        step = self.editor.current_step()
        step_id = step.id if step is not None else None
        if push(
            edit_command(self.workspace, text, ladder, new, step_after=step_id, step_before=step_id)
        ):
            self.group_error.clear_message()
        else:
            QTimer.singleShot(0, self._show_groups)

    def sheet_job(self) -> PrintJob | None:
        """The ladder sheet of the ladder being edited."""
        ladder = self.current_ladder()
        if ladder is None:
            return None
        choice = Choice(ladder.id, ladder.title or ladder.change_goal)
        return filled_job(self.workspace.store, SHEETS["maaltrappe"], choice)
