"""FieldEditCommand on its own: merging, failed saves, typing back to the start."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QUndoStack

from forandring_desktop.model import ForandringError
from forandring_desktop.ui.undo import FieldEditCommand, command_id


class Field:
    """A stand-in for a service (``saved``) and a widget (``shown``)."""

    def __init__(self, value: str = "a") -> None:
        self.saved = value
        self.shown = value
        self.saves = 0
        self.errors: list[Exception] = []

    def save(self, value: str) -> None:
        if not value:
            raise ForandringError("Feltet må ikke være tomt.")
        self.saves += 1
        self.saved = value

    def show(self, value: str) -> None:
        self.shown = value

    def edit(self, new: str, *, kind: str = "test.text", session: int = 0) -> FieldEditCommand:
        command = FieldEditCommand(
            kind,
            self.saved,
            new,
            apply=self.save,
            show=self.show,
            text="ændring",
            session=session,
            on_error=self.errors.append,
        )
        return command


@pytest.fixture
def stack(qapp: Any) -> QUndoStack:
    return QUndoStack()


def test_consecutive_edits_merge_and_undo_restores(stack: QUndoStack) -> None:
    field = Field("a")
    for typed in ["ab", "abc", "abcd"]:
        stack.push(field.edit(typed))
    assert stack.count() == 1
    assert field.saved == field.shown == "abcd"
    assert field.saves == 3  # every keystroke on disk

    stack.undo()
    assert field.saved == field.shown == "a"
    stack.redo()
    assert field.saved == field.shown == "abcd"


def test_other_session_or_kind_does_not_merge(stack: QUndoStack) -> None:
    field = Field("a")
    stack.push(field.edit("ab", session=0))
    stack.push(field.edit("abc", session=1))
    stack.push(field.edit("abcd", kind="test.other", session=1))
    assert stack.count() == 3
    assert command_id("test.text") != command_id("test.other")
    assert command_id("test.text") == command_id("test.text")


def test_failed_save_is_reported_and_dropped(stack: QUndoStack) -> None:
    field = Field("a")
    stack.push(field.edit("ab"))
    stack.push(field.edit(""))
    assert stack.count() == 1
    assert [str(e) for e in field.errors] == ["Feltet må ikke være tomt."]
    assert field.saved == "ab"
    stack.undo()
    stack.redo()
    assert field.saved == field.shown == "ab"  # the step kept the last valid value
    stack.push(field.edit("abx"))
    assert stack.count() == 1  # still merges with the valid edit before
    stack.undo()
    assert field.saved == "a"


def test_failed_first_edit_leaves_no_step(stack: QUndoStack) -> None:
    field = Field("a")
    stack.push(field.edit(""))
    assert stack.count() == 0
    assert field.saved == "a"
    assert len(field.errors) == 1


def test_typing_back_to_the_start_removes_the_step(stack: QUndoStack) -> None:
    field = Field("a")
    stack.push(field.edit("ab"))
    stack.push(field.edit("a"))
    assert stack.count() == 0
    assert field.saved == "a"
