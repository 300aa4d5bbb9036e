"""Filer ▸ Seneste filer: the organisation files opened last on this computer (newest first,
at most eight, kept in the settings). A file that is gone is shown disabled, so the list
still says where it was; opening one goes through the normal passphrase path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMenu, QWidget

from forandring_desktop.ui.settings import RECENT_FILES

MAX_RECENT = 8


def recent_files() -> list[Path]:
    """The files opened last, newest first (at most :data:`MAX_RECENT`)."""
    lines = [line.strip() for line in RECENT_FILES.get().splitlines()]
    return [Path(line) for line in lines if line][:MAX_RECENT]


def remember_file(path: Path) -> None:
    """Put ``path`` first in the list (once), dropping the oldest beyond the limit."""
    path = Path(path).resolve()
    paths = [path, *(p for p in recent_files() if p != path)]
    RECENT_FILES.set("\n".join(str(p) for p in paths[:MAX_RECENT]))


def clear_recent_files() -> None:
    RECENT_FILES.clear()


class RecentFilesMenu(QMenu):
    """The submenu, rebuilt each time it opens; ``open_path(path)`` opens a chosen file."""

    def __init__(
        self, parent: QWidget, open_path: Callable[[Path], object], current: Callable[[], Path]
    ) -> None:
        super().__init__(QCoreApplication.translate("MainWindow", "&Seneste filer"), parent)
        self.setObjectName("recent_files_menu")
        self.setToolTipsVisible(True)
        self._open_path = open_path
        self._current = current
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        paths = recent_files()
        current = self._current().resolve()
        for number, path in enumerate(paths, start=1):
            action = self.addAction(
                QCoreApplication.translate("MainWindow", "&{n} {file}").format(
                    n=number, file=path.name
                )
            )
            action.setData(str(path))
            if not path.exists():
                action.setEnabled(False)
                action.setToolTip(
                    QCoreApplication.translate(
                        "MainWindow", "{path} findes ikke længere (flyttet eller slettet)"
                    ).format(path=path)
                )
            elif path == current:
                action.setEnabled(False)
                action.setToolTip(
                    QCoreApplication.translate("MainWindow", "{path} er åben nu").format(path=path)
                )
            else:
                action.setToolTip(str(path))
                action.triggered.connect(lambda _checked=False, p=path: self._open_path(p))
        if not paths:
            empty = self.addAction(QCoreApplication.translate("MainWindow", "(ingen endnu)"))
            empty.setEnabled(False)
            return
        self.addSeparator()
        clear = self.addAction(QCoreApplication.translate("MainWindow", "&Ryd listen"))
        clear.triggered.connect(lambda _checked=False: self._clear())

    def _clear(self) -> None:
        clear_recent_files()
        self.rebuild()
