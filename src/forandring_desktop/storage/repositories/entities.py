"""Single-row entities (mission drafts, personas, target groups, door sheets' own rows)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Any, Generic, cast

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from forandring_desktop.storage import tables as t
from forandring_desktop.storage.errors import StaleDataError
from forandring_desktop.storage.repositories.rows import (
    E,
    changed_columns,
    entity_row,
    row_fields,
    update_row,
)


class EntityRepository(Generic[E]):
    """Single-row entities (no nested lists in other tables): get, list, insert, update.

    Deleting is a tombstone (``deleted_at``) written through :meth:`update`, so undo and
    later merges can bring a record back.
    """

    def __init__(
        self,
        session: Session,
        row_class: type[t.Base],
        model: type[E],
        parent: str,
        nested: Sequence[str] = (),
    ) -> None:
        self.session = session
        self.table = t.table(row_class)
        self.model = model
        self.parent = parent
        self.nested = tuple(nested)
        self.what = model.__name__

    def _model(self, row: Any, **nested: object) -> E:
        return self.model.model_validate(
            {**row_fields(row, self.table, drop=(self.parent,)), **nested}
        )

    def get(self, entity_id: uuid.UUID) -> E:
        row = self.session.execute(select(self.table).where(self.table.c.id == entity_id)).first()
        if row is None:
            raise StaleDataError(self.what)
        return self._model(row)

    def parent_of(self, entity_id: uuid.UUID) -> uuid.UUID:
        value = self.session.scalar(
            select(self.table.c[self.parent]).where(self.table.c.id == entity_id)
        )
        if value is None:
            raise StaleDataError(self.what)
        return cast(uuid.UUID, value)

    def list(self, parent_id: uuid.UUID | None = None, *, deleted: bool = False) -> list[E]:
        query = select(self.table).order_by(self.table.c.id)
        if parent_id is not None:
            query = query.where(self.table.c[self.parent] == parent_id)
        if not deleted:
            query = query.where(self.table.c.deleted_at.is_(None))
        return [self._model(row) for row in self.session.execute(query)]

    def exists(self, entity_id: uuid.UUID) -> bool:
        return bool(self.session.scalar(select(func.count()).where(self.table.c.id == entity_id)))

    def insert(self, entity: E, parent_id: uuid.UUID) -> None:
        values = entity_row(entity, exclude=self.nested, **{self.parent: parent_id})
        self.session.execute(insert(self.table).values(values))

    def update(self, entity: E, fields: Collection[str] | None = None) -> None:
        """Write ``fields`` of the entity's row (and its updated time); all of its columns
        when ``fields`` is None."""
        values = entity_row(entity, exclude=(*self.nested, "id", "created_at"))
        if fields is not None:
            kept = {*fields, "updated_at"}
            values = {k: v for k, v in values.items() if k in kept}
        if not update_row(self.session, self.table, entity.id, values):
            raise StaleDataError(self.what)

    def upsert(self, entity: E, parent_id: uuid.UUID) -> None:
        """Insert ``entity``, or write the columns in which it differs from the stored row
        (an undo putting a record back writes only what the undo changes)."""
        row = self.session.execute(select(self.table).where(self.table.c.id == entity.id)).first()
        if row is None:
            self.insert(entity, parent_id)
            return
        values = entity_row(entity, exclude=(*self.nested, "id", "created_at"))
        update_row(self.session, self.table, entity.id, changed_columns(dict(row._mapping), values))
