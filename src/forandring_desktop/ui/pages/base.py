"""What every page has: the workspace it edits through and a refresh from the document."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.ui.workspace import Workspace


class Page(QWidget):
    """A page in the main window.

    ``shows`` names the ChangeSet kinds (model class names) the page displays; after a
    change of such a kind the main window calls :meth:`refresh` with the updated document.
    """

    shows: frozenset[str] = frozenset()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace

    def refresh(self, doc: OrganisationDocument) -> None:
        raise NotImplementedError


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
