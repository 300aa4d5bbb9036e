"""The user guide in a window of its own: a contents list beside the text (a QTextBrowser on
the HTML shipped as package data), opened at a section's anchor."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model.texts import QT_TRANSLATE_NOOP
from forandring_desktop.ui.widgets import heading

GUIDE_FILE = Path(str(files("forandring_desktop.ui.help") / "content" / "vejledning.html"))


# The guide's sections, in its order: (anchor in the HTML, title in the contents list).
# fmt: off
SECTIONS: tuple[tuple[str, str], ...] = (
    ("mission", QT_TRANSLATE_NOOP("GuideDialog", "1. Mission")),
    ("targets", QT_TRANSLATE_NOOP("GuideDialog", "2. Målgrupper")),
    ("door", QT_TRANSLATE_NOOP("GuideDialog", "3. Ind ad døren – ud af døren")),
    ("ladders", QT_TRANSLATE_NOOP("GuideDialog", "4. Måltrapper")),
    ("method", QT_TRANSLATE_NOOP("GuideDialog", "Metodebeskrivelse")),
    ("plan", QT_TRANSLATE_NOOP("GuideDialog", "Handleplan")),
    ("participants", QT_TRANSLATE_NOOP("GuideDialog", "Deltagere")),
    ("status", QT_TRANSLATE_NOOP("GuideDialog", "Status")),
    ("reports", QT_TRANSLATE_NOOP("GuideDialog", "Rapporter")),
    ("privacy", QT_TRANSLATE_NOOP("GuideDialog", "Privatliv og persondata")),
    ("backups", QT_TRANSLATE_NOOP("GuideDialog", "Sikkerhedskopier")),
    ("metode", QT_TRANSLATE_NOOP("GuideDialog", "Metoden: guidens egen tekst")),
    ("metode-mission", QT_TRANSLATE_NOOP("GuideDialog", "Skridt 1: mission")),
    ("metode-targets", QT_TRANSLATE_NOOP("GuideDialog", "Skridt 2: målgrupper")),
    ("metode-door", QT_TRANSLATE_NOOP("GuideDialog", "Skridt 3: ind ad døren – ud af døren")),
    ("metode-ladders", QT_TRANSLATE_NOOP("GuideDialog", "Skridt 4: måltrapper")),
)
# fmt: on
# Each step page's link to the guide's own words for that step.
METHOD_ANCHORS: dict[str, str] = {
    "mission": "metode-mission",
    "targets": "metode-targets",
    "door": "metode-door",
    "ladders": "metode-ladders",
}


class GuideDialog(QDialog):
    """The user guide; :meth:`show_section` scrolls to a section and marks it in the list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide_dialog")
        self.setWindowTitle(self.tr("Vejledning til Forandring Desktop"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.contents = QListWidget(self)
        self.contents.setObjectName("guide_contents")
        self.contents.setAccessibleName(self.tr("Indhold"))
        for anchor, title in SECTIONS:
            shown = QCoreApplication.translate("GuideDialog", title)  # lupdate: marked
            item = QListWidgetItem(shown)
            item.setData(Qt.ItemDataRole.UserRole, anchor)
            if anchor.startswith("metode-"):
                item.setText("    " + item.text())  # the method's steps under their heading
            self.contents.addItem(item)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guide_browser")
        self.browser.setAccessibleName(self.tr("Vejledning"))
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        self.browser.setSource(QUrl.fromLocalFile(str(GUIDE_FILE)))
        self.contents.currentRowChanged.connect(self._row_changed)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 720])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(1000, 700)

    def current_anchor(self) -> str:
        return self.browser.source().fragment()

    def show_section(self, anchor: str) -> None:
        url = QUrl.fromLocalFile(str(GUIDE_FILE))
        url.setFragment(anchor)
        self.browser.setSource(url)
        self.browser.scrollToAnchor(anchor)  # again once laid out (a new dialog)
        anchors = [a for a, _title in SECTIONS]
        if anchor in anchors:
            self.contents.blockSignals(True)
            self.contents.setCurrentRow(anchors.index(anchor))
            self.contents.blockSignals(False)

    def _row_changed(self, row: int) -> None:
        item = self.contents.item(row)
        if item is not None:
            self.show_section(str(item.data(Qt.ItemDataRole.UserRole)))


def show_guide(widget: QWidget, anchor: str = "") -> GuideDialog:
    """Open the guide (one per window, kept when closed) at ``anchor`` and bring it forward."""
    window = widget.window()
    dialog = window.findChild(GuideDialog, "guide_dialog")
    if not isinstance(dialog, GuideDialog):
        dialog = GuideDialog(window)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.show_section(anchor or SECTIONS[0][0])
    return dialog


def step_heading(page: QWidget, text: str, anchor: str) -> QWidget:
    """A step page's heading with its »Vejledningens tekst« button beside it, which opens
    the guide's own words for that step (``anchor``)."""
    row = QWidget(page)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(heading(text), 1)
    button = QPushButton(QCoreApplication.translate("GuideDialog", "Vejledningens tekst"), row)
    button.setObjectName("method_button")
    button.setAccessibleName(
        QCoreApplication.translate("GuideDialog", "Vejledningens tekst for dette skridt")
    )
    button.setToolTip(
        QCoreApplication.translate(
            "GuideDialog", "Guidens formål og fremgangsmåde for dette skridt"
        )
    )
    button.clicked.connect(lambda _checked=False: show_guide(page, anchor))
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    return row
