"""Door sheets ('ind ad døren – ud af døren') with their post-it notes."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from forandring_desktop.model import DoorNote, DoorSheet
from forandring_desktop.model.door import PairState, Side
from forandring_desktop.storage import tables as t
from forandring_desktop.storage.errors import StaleDataError
from forandring_desktop.storage.repositories.entities import EntityRepository
from forandring_desktop.storage.repositories.rows import entity_row


class DoorSheetRepository(EntityRepository[DoorSheet]):
    """Door sheets with their notes (live and tombstoned)."""

    def __init__(self, session: Session) -> None:
        super().__init__(session, t.DoorSheetRow, DoorSheet, "organisation_id", ("notes",))
        self.notes = EntityRepository(session, t.DoorNoteRow, DoorNote, "sheet_id")

    def get(self, entity_id: uuid.UUID) -> DoorSheet:
        row = self.session.execute(select(self.table).where(self.table.c.id == entity_id)).first()
        if row is None:
            raise StaleDataError("Arket")
        return self._model(row, notes=self.notes.list(entity_id, deleted=True))

    def list(self, parent_id: uuid.UUID | None = None, *, deleted: bool = False) -> list[DoorSheet]:
        """Sheets without their notes (for lists); use :meth:`get` for one whole sheet."""
        query = select(self.table).order_by(self.table.c.id)
        if not deleted:
            query = query.where(self.table.c.deleted_at.is_(None))
        return [self._model(row, notes=[]) for row in self.session.execute(query)]

    def pair_states(self, sheet_id: uuid.UUID) -> dict[uuid.UUID, PairState]:
        """Side and pair of every note on a sheet, without loading the notes themselves."""
        table = self.notes.table
        query = select(table.c.id, table.c.side, table.c.pair_id, table.c.text).where(
            table.c.sheet_id == sheet_id
        )
        return {
            note_id: PairState(Side(side), pair_id, text_)
            for note_id, side, pair_id, text_ in self.session.execute(query)
        }

    def foreign_note_ids(self, sheet_id: uuid.UUID, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        """Those of ``ids`` that are notes on another sheet."""
        table = self.notes.table
        wanted = list(ids)
        found: set[uuid.UUID] = set()
        for chunk in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
            query = select(table.c.id).where(
                table.c.id.in_(wanted[chunk : chunk + 500]), table.c.sheet_id != sheet_id
            )
            found.update(self.session.scalars(query))
        return found

    def save_notes(
        self,
        sheet_id: uuid.UUID,
        notes: Sequence[DoorNote],
        existing: Collection[uuid.UUID] | None = None,
    ) -> None:
        """Insert or update notes in two statements (a drag of many notes is one gesture).

        ``existing``: the ids already on the sheet, when the caller has just read them.
        """
        # Pairs may point at notes inserted later in this batch: check keys at commit.
        self.session.execute(text("PRAGMA defer_foreign_keys = ON"))
        table = self.notes.table
        if existing is None:
            existing = set(self.pair_states(sheet_id))
        updates = [
            {**entity_row(n, exclude=("id", "created_at")), "_id": n.id}
            for n in notes
            if n.id in existing
        ]
        inserts = [entity_row(n, sheet_id=sheet_id) for n in notes if n.id not in existing]
        if updates:
            self.session.execute(
                update(table).where(table.c.id == bindparam("_id")),
                updates,
                execution_options={"synchronize_session": False},
            )
        if inserts:
            self.session.execute(insert(table), inserts)
