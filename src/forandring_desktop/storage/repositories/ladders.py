"""Goal ladders (måltrapper) and their steps. Steps keep their ids for good."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forandring_desktop.model import Ladder, LadderStep, utcnow
from forandring_desktop.storage import tables as t
from forandring_desktop.storage.errors import StaleDataError
from forandring_desktop.storage.repositories.rows import (
    entity_row,
    row_fields,
    sync_rows,
    update_row,
)


class LadderRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.table = t.table(t.LadderRow)
        self.steps = t.table(t.LadderStepRow)

    def ids(self, *, deleted: bool = False) -> list[uuid.UUID]:
        query = select(self.table.c.id).order_by(self.table.c.id)
        if not deleted:
            query = query.where(self.table.c.deleted_at.is_(None))
        return list(self.session.scalars(query))

    def update(self, ladder: Ladder, fields: Collection[str] | None = None) -> None:
        """Only the ladder's own row (title, goal, groups, tombstone); steps untouched.
        Writes ``fields`` (and the updated time), or every column when None."""
        values = entity_row(ladder, exclude=("steps", "id", "created_at"))
        if fields is not None:
            values = {k: v for k, v in values.items() if k in fields or k == "updated_at"}
        if not update_row(self.session, self.table, ladder.id, values):
            raise StaleDataError("Måltrappen")

    def update_step(self, ladder_id: uuid.UUID, step: LadderStep, fields: Collection[str]) -> None:
        """Write ``fields`` (and the updated time) of one step of the ladder ``ladder_id``."""
        values = {
            k: v
            for k, v in entity_row(step, exclude=("id", "created_at")).items()
            if k in fields or k == "updated_at"
        }
        owner = self.session.scalar(
            select(self.steps.c.ladder_id).where(self.steps.c.id == step.id)
        )
        if owner != ladder_id:
            raise StaleDataError("Trinnet")
        update_row(self.session, self.steps, step.id, values)

    def step_ids(self, ladder_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, set[uuid.UUID]]:
        """Every step id of each ladder (one query), retired ones too (ratings may point
        at those); a ladder not in the file has none."""
        found: dict[uuid.UUID, set[uuid.UUID]] = {ladder_id: set() for ladder_id in ladder_ids}
        if found:
            query = select(self.steps.c.id, self.steps.c.ladder_id).where(
                self.steps.c.ladder_id.in_(list(found))
            )
            for step_id, ladder_id in self.session.execute(query):
                found[ladder_id].add(step_id)
        return found

    def rating_counts(self, ladder_id: uuid.UUID) -> dict[uuid.UUID, int]:
        steps = self.steps
        ratings = t.table(t.LadderRatingRow)
        counts: dict[uuid.UUID, int] = {}
        for column in (ratings.c.staff_step_id, ratings.c.participant_step_id):
            query = (
                select(column, func.count())
                .join(steps, steps.c.id == column)
                .where(steps.c.ladder_id == ladder_id)
                .group_by(column)
            )
            for step_id, count in self.session.execute(query):
                counts[step_id] = counts.get(step_id, 0) + count
        return counts

    def enrolment_count(self, ladder_id: uuid.UUID) -> int:
        enrolments = t.table(t.EnrolmentRow)
        query = select(func.count()).where(
            enrolments.c.ladder_id == ladder_id, enrolments.c.deleted_at.is_(None)
        )
        return int(self.session.scalar(query) or 0)

    def get(self, ladder_id: uuid.UUID) -> Ladder:
        row = self.session.execute(select(self.table).where(self.table.c.id == ladder_id)).first()
        if row is None:
            raise StaleDataError("Måltrappen")
        step_t = self.steps
        steps = [
            LadderStep.model_validate(row_fields(r, step_t, drop=("ladder_id", "position")))
            for r in self.session.execute(
                select(step_t)
                .where(step_t.c.ladder_id == ladder_id)
                .order_by(step_t.c.position, step_t.c.id)
            )
        ]
        return Ladder.model_validate(
            {**row_fields(row, self.table, drop=("organisation_id",)), "steps": steps}
        )

    def save(self, ladder: Ladder, organisation_id: uuid.UUID) -> None:
        """Upsert a ladder and its steps by id, writing only the rows and columns that
        differ from the stored ones; never a rating.

        Steps keep their ids, so rewording, inserting or reordering leaves every rating
        pointing at the step it meant. A step missing from ``ladder.steps`` is retired
        (tombstoned) rather than destroyed.
        """
        s = self.session
        values = entity_row(ladder, exclude=("steps",), organisation_id=organisation_id)
        stored = s.execute(select(self.table).where(self.table.c.id == ladder.id)).first()
        previous = {stored.id: dict(stored._mapping)} if stored is not None else {}
        now = utcnow()
        sync_rows(s, self.table, previous, {ladder.id: values}, now)
        steps = self.steps
        known = {
            r.id: dict(r._mapping)
            for r in s.execute(select(steps).where(steps.c.ladder_id == ladder.id))
        }
        rows = {
            step.id: entity_row(step, ladder_id=ladder.id, position=position)
            for position, step in enumerate(ladder.steps)
        }
        sync_rows(s, steps, known, rows, now)
