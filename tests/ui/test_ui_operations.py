"""The operation helper on its own: merging edits, failed saves, typing back to the start,
``again`` on a later redo, what an undo reveals, and where failures are shown."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack

from forandring_desktop.model import ForandringError, Persona
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.ui.operations import Edit, merge_id, push, push_edit, push_op, run_op
from forandring_desktop.ui.workspace import Reveal, Workspace


class Field:
    """A stand-in for a service that stores one text (the store argument is unused)."""

    def __init__(self, value: str = "a") -> None:
        self.persona = Persona(name=value)
        self.saved = value
        self.saves = 0

    def save(self, _store: object, value: str) -> ChangeSet:
        if not value:
            raise ForandringError("Feltet må ikke være tomt.")
        self.saves += 1
        self.saved = value
        return ChangeSet.changed(self.persona, fields=["name"])


@pytest.fixture
def workspace(qapp: Any) -> Workspace:
    return Workspace(object(), QUndoStack())  # type: ignore[arg-type]


@pytest.fixture
def seen(workspace: Workspace) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {"changes": [], "revealed": [], "failed": []}
    workspace.changed.connect(found["changes"].append)
    workspace.revealed.connect(found["revealed"].append)
    workspace.failed.connect(lambda exc, source: found["failed"].append((str(exc), source)))
    return found


def edit(
    workspace: Workspace, field: Field, new: str, *, kind: str = "t", session: int = 0
) -> Edit[str]:
    return Edit(
        workspace,
        "ændring",
        field.save,
        field.saved,
        new,
        merge_key=(kind, "target", session),
        source=(kind, "target"),
    )


def test_consecutive_edits_merge_and_undo_restores(
    workspace: Workspace, seen: dict[str, list[Any]]
) -> None:
    field = Field("a")
    for typed in ["ab", "abc", "abcd"]:
        assert push(edit(workspace, field, typed))
    stack = workspace.undo_stack
    assert stack.count() == 1
    assert field.saved == "abcd"
    assert field.saves == 3  # every keystroke on disk
    assert len(seen["changes"]) == 3  # and announced

    stack.undo()
    assert field.saved == "a"
    stack.redo()
    assert field.saved == "abcd"


def test_other_session_or_kind_does_not_merge(workspace: Workspace) -> None:
    field = Field("a")
    push(edit(workspace, field, "ab", session=0))
    push(edit(workspace, field, "abc", session=1))
    push(edit(workspace, field, "abcd", kind="other", session=1))
    assert workspace.undo_stack.count() == 3
    assert merge_id("t") != merge_id("other")
    assert merge_id("t") == merge_id("t")


def test_failed_save_is_reported_and_dropped(
    workspace: Workspace, seen: dict[str, list[Any]]
) -> None:
    field = Field("a")
    push(edit(workspace, field, "ab"))
    assert not push(edit(workspace, field, ""))
    stack = workspace.undo_stack
    assert stack.count() == 1
    assert seen["failed"] == [("Feltet må ikke være tomt.", ("t", "target"))]
    assert field.saved == "ab"
    stack.undo()
    stack.redo()
    assert field.saved == "ab"  # the step kept the last valid value
    push(edit(workspace, field, "abx"))
    assert stack.count() == 1  # still merges with the valid edit before
    stack.undo()
    assert field.saved == "a"


def test_failed_first_edit_leaves_no_step(workspace: Workspace, seen: dict[str, list[Any]]) -> None:
    field = Field("a")
    assert not push_edit(workspace, "ændring", field.save, "a", "")
    assert workspace.undo_stack.count() == 0
    assert field.saved == "a"
    assert len(seen["failed"]) == 1
    assert seen["changes"] == []


def test_typing_back_to_the_start_removes_the_step(workspace: Workspace) -> None:
    field = Field("a")
    push(edit(workspace, field, "ab"))
    push(edit(workspace, field, "a"))
    assert workspace.undo_stack.count() == 0
    assert field.saved == "a"


def test_a_handler_that_shows_the_failure_keeps_it_from_the_window(
    workspace: Workspace, seen: dict[str, list[Any]]
) -> None:
    shown: list[tuple[str, Hashable]] = []

    def handler(exc: Exception, source: Hashable) -> bool:
        if source != ("mine",):
            return False
        shown.append((str(exc), source))
        return True

    workspace.add_failure_handler(handler)
    field = Field("a")
    push_edit(workspace, "x", field.save, "a", "", source=("mine",))
    push_edit(workspace, "x", field.save, "a", "", source=("other",))
    assert shown == [("Feltet må ikke være tomt.", ("mine",))]
    assert seen["failed"] == [("Feltet må ikke være tomt.", ("other",))]
    workspace.remove_failure_handler(handler)
    push_edit(workspace, "x", field.save, "a", "", source=("mine",))
    assert len(seen["failed"]) == 2


def test_again_runs_on_later_redos_and_undo_reveals(
    workspace: Workspace, seen: dict[str, list[Any]]
) -> None:
    persona = Persona(name="Natasha")
    calls: list[str] = []

    def step(name: str) -> Any:
        def action(_store: object) -> ChangeSet:
            calls.append(name)
            return ChangeSet.created(persona)

        return action

    where = Reveal(Persona, persona.id)
    assert push_op(
        workspace, "ny", do=step("create"), undo=step("delete"), again=step("restore"), reveal=where
    )
    assert seen["revealed"] == [where]  # what was just made is shown
    workspace.undo_stack.undo()
    workspace.undo_stack.redo()
    assert calls == ["create", "delete", "restore"]
    assert seen["revealed"] == [where, where, where]


def test_run_op_reports_a_failure_and_returns_none(
    workspace: Workspace, seen: dict[str, list[Any]]
) -> None:
    field = Field("a")
    assert run_op(workspace, lambda store: field.save(store, "")) is None
    assert len(seen["failed"]) == 1
    change = run_op(workspace, lambda store: field.save(store, "b"))
    assert change is not None
    assert Persona in change.types
    assert workspace.undo_stack.count() == 0  # not undoable
