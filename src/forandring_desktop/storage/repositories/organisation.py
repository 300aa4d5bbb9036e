"""The organisation itself: one row per file."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forandring_desktop.model import Organisation
from forandring_desktop.storage import tables as t
from forandring_desktop.storage.errors import EmptyFileError
from forandring_desktop.storage.repositories.rows import entity_row, row_fields, update_row


class OrganisationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.table = t.table(t.OrganisationRow)

    def get(self) -> Organisation:
        row = self.session.execute(
            select(self.table).where(self.table.c.deleted_at.is_(None))
        ).first()
        if row is None:
            raise EmptyFileError()
        return Organisation.model_validate(row_fields(row, self.table))

    def exists(self) -> bool:
        count = self.session.scalar(select(func.count()).select_from(t.OrganisationRow))
        return bool(count)

    def update(self, organisation: Organisation, fields: Collection[str] | None = None) -> None:
        """Write ``fields`` of the organisation's row (and its updated time); all of its
        columns when ``fields`` is None."""
        values = entity_row(organisation, exclude=("id", "created_at"))
        if fields is not None:
            values = {k: v for k, v in values.items() if k in fields or k == "updated_at"}
        update_row(self.session, self.table, organisation.id, values)
