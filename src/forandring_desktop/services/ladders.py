"""Use cases on goal ladders (måltrapper)."""

from __future__ import annotations

import uuid

from forandring_desktop.model import Ladder
from forandring_desktop.services.changes import ChangeSet
from forandring_desktop.storage import Store


def get_ladder(store: Store, ladder_id: uuid.UUID) -> Ladder:
    with store.unit_of_work() as uow:
        return uow.ladders.get(ladder_id)


def save_ladder(store: Store, ladder: Ladder) -> ChangeSet:
    """Store a ladder as given (new, reworded, reordered or with steps removed)."""
    ladder = Ladder.parse(ladder.model_dump())  # re-check the rules before writing
    with store.unit_of_work() as uow:
        organisation = uow.organisation.get()
        uow.ladders.save(ladder, organisation.id)
        uow.commit()
    return ChangeSet.of(ladder)
