"""Auto-lock: after a while with no key or mouse input the window hides all data until a
staff member's passphrase is typed again (and that staff member is then the one working).

* :class:`IdleWatcher` – an application event filter; key and mouse input restarts a timer.
* :class:`LockController` – locks the main window (its central stack shows a lock screen,
  menus and shortcuts are disabled) and covers every other open window, dialogs included,
  so a dialog in the middle of an edit keeps what was typed but shows nothing. A modal
  dialog blocks the main window, so each cover has its own passphrase field.
* The idle time is a user setting (QSettings, minutes; 0 = never), :class:`LockSettingsDialog`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model import ForandringError
from forandring_desktop.model.staff import Actor
from forandring_desktop.ui.app_events import app_events
from forandring_desktop.ui.background import wait_for
from forandring_desktop.ui.settings import LOCK_MINUTES
from forandring_desktop.ui.widgets import ErrorLabel, explained_layout, heading, text_label

DEFAULT_LOCK_MINUTES = LOCK_MINUTES.default
MAX_LOCK_MINUTES = 24 * 60
LOCK_BOX_WIDTH = 480  # px: the message wraps into a few readable lines
LOCK_BOX_WIDTH_COMPACT = 380  # on a covered dialog

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.InputMethod,
    }
)


def lock_minutes() -> int:
    """The idle time before the app locks, in minutes (0 = never)."""
    return max(0, min(LOCK_MINUTES.get(), MAX_LOCK_MINUTES))


def set_lock_minutes(minutes: int) -> None:
    LOCK_MINUTES.set(max(0, min(int(minutes), MAX_LOCK_MINUTES)))


class IdleWatcher(QObject):
    """Emits :attr:`idle` after ``timeout_ms`` without key or mouse input to the app."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._enabled = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        hub = app_events()
        self._unwatch = (
            hub.watch(_INPUT_EVENTS, self._on_input, owner=self) if hub is not None else None
        )
        self.set_timeout(timeout_ms)

    @property
    def enabled(self) -> bool:
        return self._enabled

    def is_running(self) -> bool:
        return self._timer.isActive()

    def interval(self) -> int:
        return self._timer.interval()

    def set_timeout(self, timeout_ms: int) -> None:
        """0 turns locking off."""
        self._enabled = timeout_ms > 0
        if self._enabled:
            self._timer.setInterval(timeout_ms)
            self._timer.start()
        else:
            self._timer.stop()

    def restart(self) -> None:
        if self._enabled:
            self._timer.start()

    def stop(self) -> None:
        self._enabled = False
        self._timer.stop()
        if self._unwatch is not None:
            self._unwatch()
            self._unwatch = None

    def _on_input(self, _watched: QObject, _event: QEvent) -> bool:
        if self._enabled:
            self._timer.start()
        return False


class LockScreen(QWidget):
    """ "Forandring Desktop er låst": a passphrase field and an unlock button, for the one
    who was working; or, after "Log ind som en anden medarbejder", for any staff member.
    It names nobody: whoever walks up to a locked screen learns nothing from it."""

    unlock_requested = Signal(str, bool)  # the passphrase; whether another member logs in

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen")
        self.setAccessibleName(self.tr("Låst"))
        self.setAutoFillBackground(True)
        self.another_member = False
        box = QWidget(self)
        # A fixed width, not an alignment: an aligned box gets its size hint's height,
        # which cut the wrapped message through its second line.
        box.setFixedWidth(LOCK_BOX_WIDTH_COMPACT if compact else LOCK_BOX_WIDTH)
        layout = QVBoxLayout(box)
        self.heading = heading("", size=1.2 if compact else 1.5)
        layout.addWidget(self.heading)
        self.message = text_label()
        self.message.setObjectName("lock_message")
        layout.addWidget(self.message)
        self.passphrase_edit = QLineEdit(box)
        self.passphrase_edit.setObjectName("lock_passphrase")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName(self.tr("Adgangskode"))
        form = QFormLayout()
        form.addRow(self.tr("&Adgangskode:"), self.passphrase_edit)
        layout.addLayout(form)
        self.error_label = ErrorLabel(box)
        layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        self.switch_button = QPushButton(box)
        self.switch_button.setObjectName("lock_switch")
        self.switch_button.setAutoDefault(False)
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        self.unlock_button = QPushButton(box)
        self.unlock_button.setDefault(True)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.unlock_button.clicked.connect(self._submit)
        self.passphrase_edit.returnPressed.connect(self._submit)
        self.switch_button.clicked.connect(lambda: self.set_another_member(not self.another_member))
        self._show_mode()

    def set_another_member(self, another: bool) -> None:
        """Unlock for the one who was working (False) or log in as another member (True)."""
        self.another_member = another
        self.reset()
        self._show_mode()
        self.passphrase_edit.setFocus()

    def _show_mode(self) -> None:
        if self.another_member:
            title = self.tr("Log ind som en anden medarbejder")
            text = self.tr(
                "Skriv din egen adgangskode. Du arbejder derefter i dit eget navn, og det, "
                "du ændrer, skrives i loggen under dit navn. Vinduer, som den forrige "
                "medarbejder havde åbne, lukkes uden at gemme, og den forriges ændringer "
                "kan ikke fortrydes af dig."
            )
            switch = self.tr("&Tilbage")
            unlock = self.tr("&Log ind")
        else:
            title = self.tr("Forandring Desktop er låst")
            text = self.tr(
                "Programmet blev låst, fordi det ikke har været brugt et stykke tid. "
                "Skriv din adgangskode for at fortsætte, hvor du slap. Intet er gået tabt."
            )
            switch = self.tr("Log ind som en &anden medarbejder")
            unlock = self.tr("Lås &op")
        self.heading.setText(title)
        self.heading.setAccessibleName(title)
        self.message.setText(text)
        self.switch_button.setText(switch)
        self.switch_button.setAccessibleName(switch.replace("&", ""))
        self.unlock_button.setText(unlock)
        self.unlock_button.setAccessibleName(unlock.replace("&", ""))

    def _submit(self) -> None:
        passphrase = self.passphrase_edit.text()
        if passphrase:
            self.unlock_requested.emit(passphrase, self.another_member)

    def reset(self) -> None:
        self.passphrase_edit.clear()
        self.error_label.clear_message()

    def show_error(self, message: str) -> None:
        self.error_label.show_message(message)
        self.passphrase_edit.selectAll()
        self.passphrase_edit.setFocus()


class WindowCover(QWidget):
    """Covers another window (a dialog): hides its contents, keeps its state."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lock_cover")
        self.setAutoFillBackground(True)
        self._window = window
        self._hidden: list[QWidget] = []
        for child in window.findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        ):
            if child is not self and not child.isWindow() and child.isVisible():
                child.hide()
                self._hidden.append(child)
        layout = QVBoxLayout(self)
        self.screen_widget = LockScreen(self, compact=True)
        layout.addWidget(self.screen_widget)
        # A small dialog grows while covered, so the passphrase field and button fit.
        self._old_size = window.size()
        self._fit()
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.show()
        self.raise_()

    def _fit(self) -> None:
        window = self._window
        size = window.size().expandedTo(self.minimumSizeHint())
        # The wrapped message needs more height than the minimum size hint says.
        size.setHeight(max(size.height(), self.heightForWidth(size.width())))
        if size != window.size():
            window.resize(size)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit()  # e.g. the longer message for another member: grow to show it all
        return handled

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._window.rect())
        return False

    def remove(self) -> None:
        self._window.removeEventFilter(self)
        for child in self._hidden:
            child.show()
        self.hide()
        self._window.resize(self._old_size)
        self.deleteLater()


class LockController(QObject):
    """Locks and unlocks ``window``. ``unlock(passphrase, another)`` checks a passphrase and
    returns the staff member (raising a ForandringError when it is wrong): with ``another``
    False only the passphrase of the one working (``working()``, a staff id) will do, with
    True any member's, who then works in their own name."""

    locked = Signal()
    unlocked = Signal(object)  # the Actor who unlocked

    def __init__(
        self,
        window: QMainWindow,
        stack: QStackedWidget,
        unlock: Callable[[str, bool], Actor],
        timeout_ms: int,
        working: Callable[[], uuid.UUID],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._stack = stack
        self._unlock = unlock
        self._working = working
        self.screen = LockScreen(stack)
        self.screen.unlock_requested.connect(self.try_unlock)
        stack.addWidget(self.screen)
        self._shown: QWidget | None = None
        self._disabled_actions: list[QAction] = []
        self._covers: dict[QWidget, WindowCover] = {}
        self._locked = False
        self._unwatch_windows: Callable[[], None] | None = None
        self.watcher = IdleWatcher(timeout_ms, self)
        self.watcher.idle.connect(self._on_idle)

    @property
    def is_locked(self) -> bool:
        return self._locked

    def set_timeout(self, timeout_ms: int) -> None:
        self.watcher.set_timeout(timeout_ms)

    def stop(self) -> None:
        """No more locking (the window is closing)."""
        self.watcher.stop()
        self._stop_watching_windows()

    def _on_idle(self) -> None:
        if self._window.isVisible():
            self.lock()

    # --- Locking ------------------------------------------------------------------------

    def lock(self, *, another_member: bool = False) -> None:
        """Lock; ``another_member``: the screen asks for another member's passphrase at
        once (the one working can no longer unlock, e.g. they removed themselves)."""
        if self._locked:
            return
        self._locked = True
        for _ in range(20):  # menus and drop-downs: closed (they can be nested)
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            if not popup.close():
                popup.hide()
        QToolTip.hideText()
        self._shown = self._stack.currentWidget()
        self._stack.setCurrentWidget(self.screen)
        self.screen.set_another_member(another_member)
        self._window.menuBar().setEnabled(False)
        self._disabled_actions = [a for a in self._window.findChildren(QAction) if a.isEnabled()]
        for action in self._disabled_actions:
            action.setEnabled(False)
        self._window.statusBar().clearMessage()
        for widget in QApplication.topLevelWidgets():
            self._cover(widget)
        hub = app_events()  # windows that open while locked are covered too
        if hub is not None and self._unwatch_windows is None:
            self._unwatch_windows = hub.watch([QEvent.Type.Show], self._on_show, owner=self)
        self._focus_field()
        self.locked.emit()

    def _cover(self, widget: QWidget) -> None:
        if widget is self._window or widget in self._covers or not widget.isVisible():
            return
        if widget.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
            return
        cover = WindowCover(widget)
        cover.screen_widget.unlock_requested.connect(self.try_unlock)
        self._covers[widget] = cover
        widget.destroyed.connect(lambda _obj=None, w=widget: self._covers.pop(w, None))

    def _focus_field(self) -> None:
        modal = QApplication.activeModalWidget()
        cover = self._covers.get(modal) if modal is not None else None
        target = cover.screen_widget if cover is not None else self.screen
        target.passphrase_edit.setFocus()

    def _on_show(self, watched: QObject, _event: QEvent) -> bool:
        if self._locked and isinstance(watched, QWidget) and watched.isWindow():
            QTimer.singleShot(0, lambda w=watched: self._cover_late(w))
        return False

    def _cover_late(self, widget: QWidget) -> None:
        if self._locked:
            try:
                self._cover(widget)
            except RuntimeError:  # already deleted
                return

    def _stop_watching_windows(self) -> None:
        if self._unwatch_windows is not None:
            self._unwatch_windows()
            self._unwatch_windows = None

    # --- Unlocking ----------------------------------------------------------------------

    def try_unlock(self, passphrase: str, another: bool = False) -> bool:
        """Unlock with ``passphrase`` (of any member if ``another``); on a wrong one say so
        and stay locked."""
        if not self._locked:
            return True
        source = self.sender()
        screens = [self.screen, *(c.screen_widget for c in self._covers.values())]
        screen = source if isinstance(source, LockScreen) else self.screen
        unlock = self._unlock
        before = self._working()
        try:
            actor = wait_for(  # key derivation takes a few hundred milliseconds on purpose
                screen,
                lambda _progress: unlock(passphrase, another),
                caption=self.tr("Lås op"),
                text=self.tr("Kontrollerer adgangskoden …"),
            )
        except ForandringError:
            message = self.tr("Forkert adgangskode. Programmet er stadig låst.")
            if not another:
                message = self.tr(
                    "{wrong} Er du en anden medarbejder, så vælg »Log ind som en anden "
                    "medarbejder«."
                ).format(wrong=message)
            for other in screens:
                other.passphrase_edit.clear()
            screen.show_error(message)
            return False
        assert isinstance(actor, Actor)
        covered = list(self._covers)
        self._restore()
        if actor.staff_id != before:
            # What the previous member had open is theirs: not saved in another's name.
            for widget in reversed(covered):
                if isinstance(widget, QDialog) and widget.isVisible():
                    widget.reject()
        self.unlocked.emit(actor)
        return True

    def _restore(self) -> None:
        self._locked = False
        self._stop_watching_windows()
        for cover in list(self._covers.values()):
            cover.remove()
        self._covers.clear()
        for action in self._disabled_actions:
            action.setEnabled(True)
        self._disabled_actions = []
        self._window.menuBar().setEnabled(True)
        if self._shown is not None:
            self._stack.setCurrentWidget(self._shown)
        self.screen.set_another_member(False)
        self.watcher.restart()


class LockSettingsDialog(QDialog):
    """How many idle minutes before the app locks (0 = never)."""

    def __init__(self, parent: QWidget | None, minutes: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Automatisk lås"))
        layout = explained_layout(
            self,
            self.tr(
                "Når programmet ikke har været brugt i det valgte antal minutter, skjules "
                "alle oplysninger, til en medarbejder skriver sin adgangskode. Det "
                "beskytter deltagernes oplysninger, hvis computeren står ubevogtet."
            ),
        )
        self.minutes_spin = QSpinBox(self)
        self.minutes_spin.setRange(0, MAX_LOCK_MINUTES)
        self.minutes_spin.setSpecialValueText(self.tr("Aldrig"))
        self.minutes_spin.setSuffix(self.tr(" min."))
        self.minutes_spin.setValue(minutes)
        self.minutes_spin.setAccessibleName(self.tr("Lås efter minutter uden aktivitet"))
        form = QFormLayout()
        form.addRow(self.tr("&Lås efter:"), self.minutes_spin)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def minutes(self) -> int:
        return self.minutes_spin.value()
