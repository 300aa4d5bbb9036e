"""The Help menu of the main window: the user guide (F1 opens it at the current page's
section), the keyboard-shortcut sheet and the about box.

A part of :class:`~forandring_desktop.ui.main_window.MainWindow` (``ui/parts.py``): not a
widget of its own; its texts keep the window's context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from forandring_desktop import __version__
from forandring_desktop.ui.help import GuideDialog, ShortcutSheet, shortcut_groups, show_guide
from forandring_desktop.ui.parts import WidgetPart

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenuBar

    from forandring_desktop.ui.pages.base import Page


class HelpMenu(WidgetPart):
    """The guide, the shortcut sheet and the about box: a part of the main window."""

    if TYPE_CHECKING:  # what this part uses of the window it belongs to
        pages: dict[str, Page]

        def current_page(self) -> Page: ...

        def menuBar(self) -> QMenuBar: ...

    def _create_help_actions(self) -> None:
        self.guide_action = QAction(QCoreApplication.translate("MainWindow", "&Vejledning"), self)
        self.guide_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.guide_action.setToolTip(
            QCoreApplication.translate(
                "MainWindow", "Vejledningen, åbnet ved den side, du står på (F1)"
            )
        )
        self.guide_action.triggered.connect(lambda _checked=False: self.show_page_help())
        self.shortcuts_action = QAction(
            QCoreApplication.translate("MainWindow", "&Tastaturgenveje"), self
        )
        self.shortcuts_action.setShortcut(QKeySequence("Shift+F1"))
        self.shortcuts_action.triggered.connect(lambda _checked=False: self.show_shortcuts())
        self.about_action = QAction(
            QCoreApplication.translate("MainWindow", "&Om Forandring Desktop"), self
        )
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.about)

    def _fill_help_menu(self) -> None:
        menu = self.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Hjælp"))
        menu.addActions([self.guide_action, self.shortcuts_action])
        menu.addSeparator()
        menu.addAction(self.about_action)

    def show_page_help(self) -> GuideDialog:
        """The guide at the section about the page shown now."""
        return show_guide(self, self.current_page().help_anchor)

    def show_shortcuts(self) -> ShortcutSheet:
        """Every key of the program as it is now (made from the actions each time)."""
        old = self.findChild(ShortcutSheet, "shortcut_sheet")
        if isinstance(old, ShortcutSheet):
            old.close()
            old.deleteLater()
        sheet = ShortcutSheet(shortcut_groups(self, self.pages), self)
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.show()
        return sheet

    def about(self) -> None:
        QMessageBox.about(
            self,
            QCoreApplication.translate("MainWindow", "Om Forandring Desktop"),
            QCoreApplication.translate(
                "MainWindow",
                "Forandring Desktop {version}\n\n"
                "Forandringsteori og progressionsmåling for socialøkonomiske virksomheder – "
                "lokalt og krypteret.\n\n"
                "Metoden bygger på guiden fra Vækstcenter for socialøkonomiske virksomheder "
                "(2015): mission, målgrupper, ind ad døren – ud af døren og måltrapper.",
            ).format(version=__version__),
        )
