"""What every page has: the workspace it edits through and updates from its change sets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.services.changes import ChangeSet, EntityType
from forandring_desktop.ui.printing import PrintJob
from forandring_desktop.ui.workspace import Reveal, Workspace


class Page(QWidget):
    """A page in the main window.

    ``shows`` names the entity types the page displays. :meth:`refresh` shows a whole
    document (a file was opened); :meth:`apply` updates from one change set, local or from
    another laptop alike — by default a refresh when the change touches what it shows.
    Pages with long lists override it to update only the rows that changed.
    """

    shows: frozenset[EntityType] = frozenset()
    help_anchor = ""  # the page's section in the user guide (F1 opens it there)
    prints = False  # whether Filer ▸ Udskriv… prints a sheet here (see sheet_job)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace

    def refresh(self, doc: OrganisationDocument) -> None:
        raise NotImplementedError

    def apply(self, change: ChangeSet, doc: OrganisationDocument) -> None:
        if change.touches(self.shows):
            self.refresh(doc)

    def reveal(self, where: Reveal) -> bool:
        """Bring what an undo/redo changed into sight; True when this page shows it."""
        return False

    def sheet_job(self) -> PrintJob | None:
        """The sheet Filer ▸ Udskriv… prints for what is chosen on the page (None: nothing
        is chosen yet)."""
        return None


def scrolling(page: QWidget, content: QWidget) -> QScrollArea:
    """Put ``content`` in a vertical scroll area filling ``page``."""
    scroll = QScrollArea(page)
    scroll.setAccessibleName(page.accessibleName() or page.tr("Indhold"))
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    scroll.setWidget(content)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return scroll
