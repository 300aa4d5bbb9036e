"""When the last automatic backup was made, in words for the status bar (or that it failed,
or that none is set up)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget

from forandring_desktop.services import auto_backup as ab
from forandring_desktop.ui.dates import date_text, time_text

Clock = Callable[[], datetime.datetime]


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def local_time(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone()


def describe_status(
    status: ab.AutoBackupStatus,
    settings: ab.AutoBackupSettings,
    now: datetime.datetime,
    tr: Callable[[str], str],
) -> str:
    """The status bar's text: when the last backup succeeded, or that it failed (a word,
    not only a colour)."""
    if settings.folder is None:
        return tr("⚠ Ingen automatisk sikkerhedskopi: en administrator vælger mappen")
    if not settings.enabled:
        return tr("⚠ Automatisk sikkerhedskopi er slået fra")
    if status.last_success is None:
        when_text = ""
    else:
        when = local_time(status.last_success)
        if when.date() == local_time(now).date():
            when_text = tr("i dag kl. {time}").format(time=time_text(when))
        elif when.date() == local_time(now).date() - datetime.timedelta(days=1):
            when_text = tr("i går kl. {time}").format(time=time_text(when))
        else:
            when_text = date_text(when.date())
    if status.failing:
        if not when_text:
            return tr("⚠ Sikkerhedskopien fejlede – der er ingen endnu")
        return tr("⚠ Sikkerhedskopien fejlede – sidste gode: {when}").format(when=when_text)
    if not when_text:
        return tr("Ingen sikkerhedskopi endnu")
    return tr("Sidste sikkerhedskopi: {when}").format(when=when_text)


class BackupStatusLabel(QLabel):
    """The permanent status-bar widget: "Sidste sikkerhedskopi: i dag kl. 09.15"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backup_status")
        self.setAccessibleName(self.tr("Sikkerhedskopi"))
        self.failing = False
        self.warning = False

    def show_status(
        self, status: ab.AutoBackupStatus, settings: ab.AutoBackupSettings, now: datetime.datetime
    ) -> None:
        self.setText(describe_status(status, settings, now, self.tr))
        self.failing = status.failing and settings.active
        self.warning = self.failing or not settings.active
        tip = ""
        if self.failing and status.last_error:
            tip = self.tr("Sidste forsøg: {error}").format(error=status.last_error)
        elif status.last_file is not None:
            tip = self.tr("Sidste kopi: {file}").format(file=status.last_file)
        self.setToolTip(tip)
        if not settings.active:
            tip = self.tr("Filer ▸ Sikkerhedskopier ▸ Automatiske sikkerhedskopier…")
        self.setToolTip(tip)
        self.setStyleSheet("color: #a40000; font-weight: bold;" if self.warning else "")

    def show_running(self) -> None:
        self.setText(self.tr("Laver sikkerhedskopi …"))
