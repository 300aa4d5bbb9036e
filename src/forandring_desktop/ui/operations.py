"""The one way a gesture changes data: an undoable operation, or a plain one.

Like Anki's ``CollectionOp``: a widget describes what to do as service calls, this module
runs them through the :class:`~forandring_desktop.ui.workspace.Workspace` (one transaction
each, on disk when the call returns), and the views update from the change set the
workspace announces. A command keeps the workspace and plain values (ids, entities,
texts), never a widget or a page: it may outlive them (a deleted card, a closed dialog).

* :func:`push_op` — a gesture with ``do`` / ``undo`` (and ``again`` for a later redo that
  must differ from the first, e.g. restore instead of create).
* :func:`push_edit` — a value changed from ``old`` to ``new`` through ``save``; edits with
  the same merge key become one undo step (typing in a field, nudging a note).
* :func:`run_op` — a change that is not undoable.

Nothing is written when a service call fails: the command marks itself obsolete (the
undo stack drops it, so it never claims a step that is not on disk) and the failure goes
to :meth:`Workspace.report_failure` with the command's ``source``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from PySide6.QtGui import QUndoCommand

from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.storage import Store
from forandring_desktop.ui.workspace import Reveal, Workspace

Action = Callable[[Store], ChangeSet]
V = TypeVar("V")

_MERGE_IDS: dict[Hashable, int] = {}
_FIRST_ID = 1000


def merge_id(kind: Hashable) -> int:
    """A stable QUndoCommand id per kind of mergeable edit (e.g. ``"persona.name"``)."""
    return _MERGE_IDS.setdefault(kind, _FIRST_ID + len(_MERGE_IDS))


class Operation(QUndoCommand):
    """One gesture as service calls. ``reveal``/``reveal_undo`` say what to bring into view
    after each redo (the first ``do`` too: e.g. the step just added) and undo."""

    def __init__(
        self,
        workspace: Workspace,
        text: str,
        *,
        do: Action,
        undo: Action,
        again: Action | None = None,
        reveal: Reveal | None = None,
        reveal_undo: Reveal | None = None,
        source: Hashable = None,
    ) -> None:
        super().__init__(text)
        self.workspace = workspace
        self.source = source
        self.reveal_redo = reveal
        self.reveal_undo = reveal_undo if reveal_undo is not None else reveal
        self.first_error: Exception | None = None
        self.last_change: ChangeSet | None = None
        self._do = do
        self._again = again or do
        self._undo = undo
        self._done_once = False

    def redo(self) -> None:
        first = not self._done_once
        if self._run(self._do if first else self._again, first=first):
            self._done_once = True
            self.workspace.reveal(self.reveal_redo)

    def undo(self) -> None:
        if self._run(self._undo, first=False):
            self.workspace.reveal(self.reveal_undo)

    def _run(self, action: Action, *, first: bool) -> bool:
        try:
            self.last_change = self.workspace.run(action)
        except Exception as exc:
            self.setObsolete(True)
            if first:
                self.first_error = exc
            self.workspace.report_failure(exc, self.source)
            return False
        return True


class Edit(Operation, Generic[V]):
    """A value changed from ``old`` to ``new`` through ``save(store, value)``.

    Consecutive edits with the same ``merge_key`` merge into one undo step: the first
    ``old`` and the last ``new`` (``combine`` can merge otherwise, e.g. sets of notes).
    An edit typed back to where it started leaves no undo step at all.
    """

    def __init__(
        self,
        workspace: Workspace,
        text: str,
        save: Callable[[Store, V], ChangeSet],
        old: V,
        new: V,
        *,
        merge_key: Hashable = None,
        combine: Callable[[V, V, V, V], tuple[V, V]] | None = None,
        reveal: Reveal | None = None,
        reveal_undo: Reveal | None = None,
        source: Hashable = None,
    ) -> None:
        super().__init__(
            workspace,
            text,
            do=lambda store: save(store, self.new),
            undo=lambda store: save(store, self.old),
            reveal=reveal,
            reveal_undo=reveal_undo,
            source=source,
        )
        self.old = old
        self.new = new
        self.merge_key = merge_key
        self._combine = combine

    def id(self) -> int:
        if self.merge_key is None:
            return -1
        kind = self.merge_key[0] if isinstance(self.merge_key, tuple) else self.merge_key
        return merge_id(kind)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, Edit)
            or other.merge_key != self.merge_key
            or other.isObsolete()  # its save failed; it is dropped, not merged
        ):
            return False
        if self._combine is not None:
            self.old, self.new = self._combine(self.old, self.new, other.old, other.new)
        else:
            self.new = other.new
        if self.new == self.old:
            self.setObsolete(True)  # back to where it started: no undo step at all
        return True


def push(command: Operation) -> bool:
    """Push ``command`` (its first redo runs now); True when that was saved."""
    holder = command  # read after push: a merged command is gone on the C++ side
    command.workspace.undo_stack.push(command)
    return holder.first_error is None


def push_op(
    workspace: Workspace,
    text: str,
    *,
    do: Action,
    undo: Action,
    again: Action | None = None,
    reveal: Reveal | None = None,
    reveal_undo: Reveal | None = None,
    source: Hashable = None,
) -> bool:
    """One undoable gesture; True when its first ``do`` was saved."""
    return push(
        Operation(
            workspace,
            text,
            do=do,
            undo=undo,
            again=again,
            reveal=reveal,
            reveal_undo=reveal_undo,
            source=source,
        )
    )


def push_edit(
    workspace: Workspace,
    text: str,
    save: Callable[[Store, V], ChangeSet],
    old: V,
    new: V,
    *,
    merge_key: Hashable = None,
    combine: Callable[[V, V, V, V], tuple[V, V]] | None = None,
    reveal: Reveal | None = None,
    source: Hashable = None,
) -> bool:
    """One undoable change of a value; True when it was saved."""
    return push(
        Edit(
            workspace,
            text,
            save,
            old,
            new,
            merge_key=merge_key,
            combine=combine,
            reveal=reveal,
            source=source,
        )
    )


def run_op(workspace: Workspace, action: Action, *, source: Hashable = None) -> ChangeSet | None:
    """A change that is not undoable (an erasure, an import): the change set, or None when
    it failed (then nothing was written and the failure was reported)."""
    try:
        return workspace.run(action)
    except Exception as exc:
        workspace.report_failure(exc, source)
        return None


__all__ = [
    "Action",
    "Edit",
    "Operation",
    "merge_id",
    "push",
    "push_edit",
    "push_op",
    "run_op",
]
