"""Use cases on goal ladders (måltrapper).

A structural editor gesture (a step added, moved, retired, merged) computes the new Ladder
with ``model.ladder_edit`` and stores it with :func:`save_ladder`, which writes only the
rows that differ; undo stores the old Ladder the same way. Typing in one field is
:func:`set_ladder_field`: one row written. Steps keep their ids, so no rating is ever
rewritten.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from forandring_desktop.model import Ladder, utcnow
from forandring_desktop.model.ladder_edit import ladder_from_pair
from forandring_desktop.services.changes import ChangeSet, emits
from forandring_desktop.services.entities import set_deleted
from forandring_desktop.storage import Store
from forandring_desktop.storage.errors import StaleDataError

LADDER_FIELDS = frozenset({"title", "change_goal"})  # typed in the ladder editor
STEP_FIELDS = frozenset({"text", "signs", "action"})  # a step's delmål, TEGN, HANDLING


def get_ladder(store: Store, ladder_id: uuid.UUID) -> Ladder:
    """A ladder with all its steps, retired ones last."""
    with store.unit_of_work() as uow:
        return uow.ladders.get(ladder_id)


def list_ladders(store: Store) -> list[Ladder]:
    with store.unit_of_work() as uow:
        return [uow.ladders.get(i) for i in uow.ladders.ids()]


@emits(Ladder)
def save_ladder(store: Store, ladder: Ladder) -> ChangeSet:
    """Store a ladder as given (new, reworded, reordered or with steps retired)."""
    ladder = Ladder.parse(ladder.model_dump())  # re-check the rules before writing
    with store.unit_of_work() as uow:
        for group_id in ladder.target_group_ids:
            uow.target_groups.get(group_id)  # must exist
        is_new = ladder.id not in set(uow.ladders.ids(deleted=True))
        organisation = uow.organisation.get()
        uow.ladders.save(ladder, organisation.id)
        stored = uow.ladders.get(ladder.id)  # with the steps this save retired
        uow.commit()
    return ChangeSet.created(stored) if is_new else ChangeSet.changed(stored)


@emits(Ladder)
def set_ladder_field(
    store: Store,
    ladder_id: uuid.UUID,
    field: str,
    value: str,
    *,
    step_id: uuid.UUID | None = None,
) -> ChangeSet:
    """Change one field of a ladder (``title``, ``change_goal``) or, with ``step_id``, of
    one of its steps (``text``, ``signs``, ``action``; retired steps too), in one
    transaction that writes that one row (the field and its updated time).

    The value is checked by the model first (Danish :class:`InvalidDataError`, nothing
    written); a ladder or step not in the file is :class:`StaleDataError`. Returns
    the ladder as changed, with the whole ladder as stored after the change (so the editor
    shows it without reading it again) and ``fields`` ``(field,)`` for a ladder field or
    ``("steps",)`` for a step field; an empty change set when the value was already so
    (nothing written).
    """
    if field not in (LADDER_FIELDS if step_id is None else STEP_FIELDS):
        raise ValueError(f"not an editable field: {field}")
    with store.unit_of_work() as uow:
        ladder = uow.ladders.get(ladder_id)
        if step_id is None:
            # The ladder's own fields, checked without validating every step again.
            data = {**ladder.model_dump(exclude={"steps"}), field: value}
            head = Ladder.parse({**data, "updated_at": utcnow()})
            if getattr(head, field) == getattr(ladder, field):
                return ChangeSet()
            stored = head.model_copy(update={"steps": ladder.steps})
            uow.ladders.update(stored, fields=(field,))
            changed: tuple[str, ...] = (field,)
        else:
            step = next((s for s in ladder.steps if s.id == step_id), None)
            if step is None:
                raise StaleDataError("Trinnet")
            new_step = step.changed(**{field: value})
            if getattr(new_step, field) == getattr(step, field):
                return ChangeSet()
            uow.ladders.update_step(ladder_id, new_step, (field,))
            steps = [new_step if s.id == step_id else s for s in ladder.steps]
            stored = ladder.model_copy(update={"steps": steps})
            changed = ("steps",)
        uow.commit()
    return ChangeSet.changed(stored, fields=changed)


@emits(Ladder)
def delete_ladder(store: Store, ladder_id: uuid.UUID) -> ChangeSet:
    return set_deleted(store, "ladders", ladder_id, deleted=True)


@emits(Ladder)
def restore_ladder(store: Store, ladder_id: uuid.UUID) -> ChangeSet:
    return set_deleted(store, "ladders", ladder_id, deleted=False)


@emits(Ladder)
def create_ladder_from_pair(store: Store, sheet_id: uuid.UUID, in_note_id: uuid.UUID) -> ChangeSet:
    """A new ladder from a pair on a door sheet, belonging to the sheet's target groups
    (the sheet's own group, or the groups its persona is in)."""
    with store.unit_of_work() as uow:
        sheet = uow.door_sheets.get(sheet_id)
        if sheet.target_group_id is not None:
            groups = [sheet.target_group_id]
        else:
            groups = [
                g.id
                for g in uow.target_groups.list()
                if sheet.persona_id is not None and sheet.persona_id in g.persona_ids
            ]
        ladder = ladder_from_pair(sheet, in_note_id, groups)
        uow.ladders.save(ladder, uow.organisation.get().id)
        uow.commit()
    return ChangeSet.created(ladder)


def rating_counts(store: Store, ladder_id: uuid.UUID) -> dict[uuid.UUID, int]:
    """How many ratings (staff or participant) point at each step of a ladder."""
    with store.unit_of_work() as uow:
        return uow.ladders.rating_counts(ladder_id)


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """A ladder in the ladder library, with where it came from."""

    ladder: Ladder
    target_groups: tuple[str, ...]
    origin: str  # e.g. "Natasha: Meget ustabilt fremmøde. → Stabilt fremmøde."
    enrolled: int  # participants placed on it


def ladder_library(store: Store) -> list[LibraryEntry]:
    with store.unit_of_work() as uow:
        groups = {g.id: g.name for g in uow.target_groups.list(deleted=True)}
        sheets = {s.id: s for s in uow.door_sheets.list(deleted=True)}
        entries: list[LibraryEntry] = []
        for ladder_id in uow.ladders.ids():
            ladder = uow.ladders.get(ladder_id)
            origin = ""
            if ladder.source is not None:
                sheet = sheets.get(ladder.source.sheet_id)
                notes = {
                    n.id: n.text
                    for n in uow.door_sheets.notes.list(ladder.source.sheet_id, deleted=True)
                }
                origin = "{sheet}: {a} → {b}".format(
                    sheet=sheet.title if sheet is not None else "?",
                    a=notes.get(ladder.source.in_note_id, "?"),
                    b=notes.get(ladder.source.out_note_id, "?"),
                )
            entries.append(
                LibraryEntry(
                    ladder=ladder,
                    target_groups=tuple(groups.get(g, "?") for g in ladder.target_group_ids),
                    origin=origin,
                    enrolled=uow.ladders.enrolment_count(ladder_id),
                )
            )
    return entries
