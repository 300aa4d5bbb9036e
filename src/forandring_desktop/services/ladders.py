"""Use cases on goal ladders (måltrapper).

An editor gesture computes the new Ladder with ``model.ladder_edit`` and stores it with
:func:`save_ladder`; undo stores the old Ladder the same way. Steps keep their ids, so no
rating is ever rewritten.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from forandring_desktop.model import Ladder
from forandring_desktop.model.ladder_edit import edit_step, ladder_from_pair
from forandring_desktop.services.changes import ChangeSet, emits
from forandring_desktop.services.entities import set_deleted
from forandring_desktop.storage import Store


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


LADDER_TEXT_FIELDS = frozenset({"title", "change_goal"})
STEP_TEXT_FIELDS = frozenset({"text", "signs", "action"})


@emits(Ladder)
def update_ladder_text(
    store: Store, ladder_id: uuid.UUID, step_id: uuid.UUID | None, field: str, value: str
) -> ChangeSet:
    """Change one text field of a ladder (``step_id`` None) or of one of its steps."""
    allowed = STEP_TEXT_FIELDS if step_id is not None else LADDER_TEXT_FIELDS
    if field not in allowed:
        raise ValueError(f"not an editable text field of a ladder: {field}")
    ladder = get_ladder(store, ladder_id)
    if step_id is None:
        new = ladder.changed(**{field: value})
    else:
        new = edit_step(ladder, step_id, **{field: value})
    return save_ladder(store, new)


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
