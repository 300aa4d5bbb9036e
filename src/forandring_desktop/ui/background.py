"""Work that may take longer than a frame: one worker helper for the whole UI.

Nothing a person starts may hold the window for more than ~50 ms: opening or unlocking a
file (key derivation), export and import, the status figures, rendering and printing PDFs,
erasure and backups all run in a worker thread. A worker runs one piece of work at a time;
the work gets a :class:`Progress` to report on and to see whether it was cancelled; the
result or the error comes back by signal on the GUI thread. The work must not touch
widgets, and reads and writes through the store's own units of work (each one its own
session). :func:`stop_background_work` cancels and waits for every worker under a window,
so the store never closes under a running one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QEvent,
    QEventLoop,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

from forandring_desktop.ui.app_events import app_events

MAX_PROGRESS_DELAY_MS = 2**30  # QProgressDialog must never show itself
BUSY_DELAY_MS = 400  # a short piece of work needs no progress dialog


class CancelledError(Exception):
    """Raised by :meth:`Progress.check` in the worker when the person cancelled."""


class _Relay(QObject):
    """Carries a worker's results to the GUI thread (queued: the receivers live there)."""

    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object)


class Progress:
    """Handed to the work: :meth:`report` how far it is, :attr:`cancelled` to stop early."""

    def __init__(self, relay: _Relay, stop: threading.Event) -> None:
        self._relay = relay
        self._stop = stop

    def report(self, done: int, total: int, text: str = "") -> None:
        self._relay.progress.emit(done, total, text)

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def check(self) -> None:
        if self._stop.is_set():
            raise CancelledError()


Work = Callable[[Progress], object]


class _Task(QRunnable):
    def __init__(self, work: Work, relay: _Relay, stop: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python keeps it alive until the relay reports
        self._work = work
        self._relay = relay
        self._stop = stop

    def run(self) -> None:
        try:
            result = self._work(Progress(self._relay, self._stop))
        except BaseException as exc:
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)


class Background(QObject):
    """One piece of work at a time in its own thread; subclasses turn the results into
    their own signals in :meth:`_on_progress`, :meth:`_on_done` and :meth:`_on_failed`.

    The thread pool is a child, so deleting this object waits for the worker to finish."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.progress.connect(self._on_progress)
        self._relay.done.connect(self._finish_done)
        self._relay.failed.connect(self._finish_failed)
        self._stop = threading.Event()
        self._task: _Task | None = None
        self.progress_dialog: QProgressDialog | None = None  # when one is shown for it

    def _start(self, work: Work) -> bool:
        if self._task is not None:
            return False
        self._stop.clear()
        self._task = _Task(work, self._relay, self._stop)
        self._pool.start(self._task)
        return True

    def cancel(self) -> None:
        """Ask the work to stop at its next safe point."""
        self._stop.set()

    @property
    def was_cancelled(self) -> bool:
        return self._stop.is_set()

    def is_running(self) -> bool:
        return self._task is not None

    def wait(self, msecs: int = -1) -> bool:
        """Block until the work is done (before the store closes)."""
        return self._pool.waitForDone(msecs)

    @Slot(object)
    def _finish_done(self, result: object) -> None:
        self._task = None
        self._on_done(result)

    @Slot(object)
    def _finish_failed(self, exc: object) -> None:
        self._task = None
        self._on_failed(exc)

    def _on_progress(self, done: int, total: int, text: str) -> None:
        pass

    def _on_done(self, result: object) -> None:
        pass

    def _on_failed(self, exc: object) -> None:
        pass


class Worker(Background):
    """The general worker: ``progress(done, total, text)`` while it works, then
    ``finished(result, error)`` (one of them None; a cancelled work's error is
    :class:`CancelledError`)."""

    progress = Signal(int, int, str)
    finished = Signal(object, object)

    def start(self, work: Work) -> bool:
        """Start ``work``; False if this worker is busy with another one."""
        return self._start(work)

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progress.emit(done, total, text)

    def _on_done(self, result: object) -> None:
        self.finished.emit(result, None)

    def _on_failed(self, exc: object) -> None:
        self.finished.emit(None, exc)


@dataclass
class _Latest:
    """The last progress a worker reported (for a dialog shown later)."""

    done: int
    total: int
    text: str


def run_with_progress(
    parent: QWidget | None,
    work: Work,
    done: Callable[[object, object], None],
    *,
    caption: str,
    text: str,
    cancellable: bool = False,
    total: int = 0,
) -> Worker:
    """Run ``work`` in a :class:`Worker` owned by ``parent``: a busy cursor at once and, if
    it takes longer than :data:`BUSY_DELAY_MS`, a window-modal progress dialog (with
    "Annullér" when ``cancellable``). ``done(result, error)`` once it is over.

    The dialog is only built when it is needed: short work costs the window nothing."""
    worker = Worker(parent)
    shown: list[ProgressDialog] = []
    latest = _Latest(0, total, text)

    def show_dialog() -> None:
        if not worker.is_running() or shown:
            return
        progress = progress_dialog(parent, caption, latest.text, total, cancellable=cancellable)
        progress.bar.setMaximum(latest.total)
        progress.bar.setValue(latest.done)
        if cancellable:
            progress.dialog.canceled.connect(worker.cancel)
        worker.progress_dialog = progress.dialog
        shown.append(progress)

    def on_progress(value: int, maximum: int, label: str) -> None:
        latest.done, latest.total, latest.text = value, maximum, label or latest.text
        if shown:
            shown[0].bar.setMaximum(maximum)
            shown[0].bar.setValue(value)
            if label:
                shown[0].dialog.setLabelText(label)

    def on_finished(result: object, error: object) -> None:
        QGuiApplication.restoreOverrideCursor()
        if shown:
            shown[0].close()
        worker.deleteLater()
        done(result, error)

    QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    worker.progress.connect(on_progress)
    worker.finished.connect(on_finished)
    QTimer.singleShot(BUSY_DELAY_MS, worker, show_dialog)
    worker.start(work)
    return worker


# The person's input (keys, clicks, wheel) swallowed while :func:`wait_for` waits, as a
# modal dialog would; painting, timers and the work's signals go on.
_BLOCKED_INPUT = (
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Wheel,
    QEvent.Type.Shortcut,
    QEvent.Type.ShortcutOverride,
    QEvent.Type.Close,
)


def _swallow(_watched: QObject, _event: QEvent) -> bool:
    return True


def wait_for(parent: QWidget | None, work: Work, *, caption: str, text: str) -> object:
    """Run ``work`` in the background and return its result (or raise its error) once it is
    done, while the window keeps painting and answering.

    For a step that must finish before the next one can start (open a file with the typed
    passphrase, then show it): the caller's code stays in order, the event loop runs
    meanwhile and the windows take no input until the work is over.
    """
    loop = QEventLoop()
    outcome: dict[str, object] = {}

    def done(result: object, error: object) -> None:
        outcome["result"], outcome["error"] = result, error
        loop.quit()

    hub = app_events()
    unblock = hub.watch(_BLOCKED_INPUT, _swallow, owner=loop) if hub is not None else None
    try:
        run_with_progress(parent, work, done, caption=caption, text=text)
        if "error" not in outcome:
            loop.exec()
    finally:
        if unblock is not None:
            unblock()
    error = outcome.get("error")
    if isinstance(error, BaseException):
        raise error
    return outcome.get("result")


class ProgressDialog:
    """A window-modal progress dialog driven by our own bar.

    A modal ``QProgressDialog.setValue()`` processes events, so later progress (and even
    the end of the work) would be handled inside it; we update our own bar instead."""

    def __init__(self, dialog: QProgressDialog, bar: QProgressBar) -> None:
        self.dialog = dialog
        self.bar = bar

    def close(self, *_args: object) -> None:
        self.dialog.close()
        self.dialog.deleteLater()


def progress_dialog(
    parent: QWidget | None,
    caption: str,
    text: str,
    total: int,
    *,
    cancellable: bool = True,
    show_after_ms: int = 0,
) -> ProgressDialog:
    """A progress dialog for ``total`` steps (0: busy, no steps), shown after
    ``show_after_ms``; "Annullér" (its ``canceled`` signal) when ``cancellable``."""
    cancel = QGuiApplication.translate("Background", "Annullér") if cancellable else ""
    dialog = QProgressDialog(text, cancel, 0, total, parent)
    if not cancellable:
        dialog.setCancelButton(None)
    dialog.setWindowTitle(caption)
    dialog.setAccessibleName(caption)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    bar = QProgressBar(dialog)
    bar.setAccessibleName(QGuiApplication.translate("Background", "Fremskridt"))
    dialog.setBar(bar)
    bar.setRange(0, total)
    bar.setValue(0)
    dialog.setMinimumDuration(MAX_PROGRESS_DELAY_MS)  # shown below, not by setValue
    dialog.hide()
    if show_after_ms <= 0:
        dialog.show()
    else:
        QTimer.singleShot(show_after_ms, dialog, dialog.show)
    return ProgressDialog(dialog, bar)


def stop_background_work(root: QObject, msecs: int = 30_000) -> None:
    """Cancel every worker under ``root`` and wait for it, so the store can close with no
    worker still reading it (a batch stops after its current file)."""
    for worker in root.findChildren(Background):
        worker.cancel()
    for worker in root.findChildren(Background):
        worker.wait(msecs)
