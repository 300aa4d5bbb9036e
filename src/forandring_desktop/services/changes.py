"""What a use case changed, so the UI can refresh just that."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from forandring_desktop.model import Entity


@dataclass(frozen=True, slots=True)
class ChangeSet:
    kind: str  # the model class name, e.g. "Organisation"
    ids: tuple[uuid.UUID, ...]
    fields: tuple[str, ...] = ()
    entities: tuple[Entity, ...] = ()
    parent_id: uuid.UUID | None = None  # for parts of a record, e.g. the sheet of door notes

    @classmethod
    def of(
        cls, *entities: Entity, fields: tuple[str, ...] = (), parent_id: uuid.UUID | None = None
    ) -> ChangeSet:
        kind = type(entities[0]).__name__ if entities else ""
        return cls(kind, tuple(e.id for e in entities), fields, entities, parent_id)
