"""Resident memory of the app on one organisation file, measured in a fresh process.

    python rss_probe.py FILE PASSPHRASE

Opens the main window offscreen, shows the participants list with the first participant
selected, then the status page (its figures computed), and prints the peak resident set
size in KiB. Run once on the big file and once on an empty organisation (the baseline).
"""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from forandring_desktop.services.files import open_organisation
    from forandring_desktop.ui.main_window import MainWindow
    from forandring_desktop.ui.pages.participants import ParticipantsPage
    from forandring_desktop.ui.pages.status import StatusPage

    path, passphrase = Path(sys.argv[1]), sys.argv[2]
    app = QApplication([])
    window = MainWindow(open_organisation(path, passphrase))
    window.show()
    window.show_page("participants")
    page = window.pages["participants"]
    assert isinstance(page, ParticipantsPage)
    if page.model.rowCount():
        page.table.selectRow(0)
    app.processEvents()
    window.show_page("status")
    status = window.pages["status"]
    assert isinstance(status, StatusPage)
    status.recompute()
    app.processEvents()
    print(peak_kib())
    window.close()


def peak_kib() -> int:
    """This process's own peak resident size. Linux's ru_maxrss also counts the parent's
    size at fork (it survives exec), so read the memory map's high-water mark instead."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    main()
