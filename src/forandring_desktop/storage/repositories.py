"""Repositories: the only place that turns rows into model objects and back."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from enum import Enum
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import Table, bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from forandring_desktop.model import (
    DoorNote,
    DoorSheet,
    Entity,
    Exit,
    FollowUp,
    Ladder,
    LadderStep,
    MissionDraft,
    Organisation,
    OrganisationDocument,
    Participant,
    Persona,
    Record,
    TargetGroup,
    utcnow,
)
from forandring_desktop.model.door import PairState, Side
from forandring_desktop.model.participants import (
    AreaScore,
    Challenge,
    ChallengeStatus,
    Enrolment,
    LadderRating,
    ParticipantSummary,
)
from forandring_desktop.model.privacy import ParticipantErasedError
from forandring_desktop.storage import tables as t
from forandring_desktop.storage.errors import (
    EmptyFileError,
    OrganisationExistsError,
    StaleDataError,
)

E = TypeVar("E", bound=Entity)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    return value


def _row(entity: Entity, *, exclude: Iterable[str] = (), **extra: object) -> dict[str, Any]:
    """Column values for an entity: its scalar fields (JSON-shaped for list fields) + extra."""
    skip = set(exclude)
    data: dict[str, Any] = {}
    for name in type(entity).model_fields:
        if name in skip:
            continue
        value = getattr(entity, name)
        if isinstance(value, list):
            value = [
                v.model_dump(mode="json")
                if hasattr(v, "model_dump")
                else (str(v) if isinstance(v, uuid.UUID) else _plain(v))
                for v in value
            ]
        elif isinstance(value, Record):
            value = value.model_dump(mode="json")
        data[name] = _plain(value)
    data.update(extra)
    return data


def _fields(row: Any, table: Table, drop: Sequence[str] = ()) -> dict[str, Any]:
    return {c.name: row._mapping[c.name] for c in table.columns if c.name not in drop}


def _bulk_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(table), rows)


class OrganisationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self) -> Organisation:
        row = self.session.execute(
            select(t.table(t.OrganisationRow)).where(t.OrganisationRow.deleted_at.is_(None))
        ).first()
        if row is None:
            raise EmptyFileError()
        return Organisation.model_validate(_fields(row, t.table(t.OrganisationRow)))

    def exists(self) -> bool:
        count = self.session.scalar(select(func.count()).select_from(t.OrganisationRow))
        return bool(count)

    def update(self, organisation: Organisation) -> None:
        table = t.table(t.OrganisationRow)
        values = _row(organisation, exclude=("id", "created_at"))
        self.session.execute(update(table).where(table.c.id == organisation.id).values(values))


class DocumentRepository:
    """A whole organisation at once: for import, export and (for now) the overview pages."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- writing -------------------------------------------------------------------------
    def add(self, doc: OrganisationDocument) -> None:
        """Insert a complete, already validated document into an empty file."""
        if OrganisationRepository(self.session).exists():
            raise OrganisationExistsError()
        s = self.session
        # Notes pair with notes inserted later in the same batch: check keys at commit.
        s.execute(text("PRAGMA defer_foreign_keys = ON"))
        org = doc.organisation
        _bulk_insert(s, t.table(t.OrganisationRow), [_row(org)])
        _bulk_insert(
            s,
            t.table(t.MissionDraftRow),
            [_row(d, organisation_id=org.id) for d in doc.mission_drafts],
        )
        _bulk_insert(
            s, t.table(t.PersonaRow), [_row(p, organisation_id=org.id) for p in doc.personas]
        )
        _bulk_insert(
            s,
            t.table(t.TargetGroupRow),
            [_row(g, organisation_id=org.id) for g in doc.target_groups],
        )
        _bulk_insert(
            s,
            t.table(t.DoorSheetRow),
            [_row(sh, exclude=("notes",), organisation_id=org.id) for sh in doc.door_sheets],
        )
        _bulk_insert(
            s,
            t.table(t.DoorNoteRow),
            [_row(n, sheet_id=sh.id) for sh in doc.door_sheets for n in sh.notes],
        )
        _bulk_insert(
            s,
            t.table(t.LadderRow),
            [_row(lad, exclude=("steps",), organisation_id=org.id) for lad in doc.ladders],
        )
        _bulk_insert(
            s,
            t.table(t.LadderStepRow),
            [
                _row(step, ladder_id=lad.id, position=i)
                for lad in doc.ladders
                for i, step in enumerate(lad.steps)
            ],
        )
        self.add_participants(doc.participants, org.id)

    def add_participants(self, people: Sequence[Participant], organisation_id: uuid.UUID) -> None:
        s = self.session
        nested = ("challenges", "enrolments", "follow_ups", "exit", "name")
        _bulk_insert(
            s,
            t.table(t.ParticipantRow),
            [
                _row(
                    p,
                    exclude=nested,
                    organisation_id=organisation_id,
                    exit_date=p.exit.date if p.exit else None,
                    exit_destination=p.exit.destination.value if p.exit else None,
                    exit_note=p.exit.note if p.exit else None,
                )
                for p in people
            ],
        )
        _bulk_insert(s, t.table(t.ParticipantIdentityRow), [_identity_row(p) for p in people])
        _bulk_insert(
            s,
            t.table(t.ChallengeRow),
            [
                _row(c, participant_id=p.id, position=i)
                for p in people
                for i, c in enumerate(p.challenges)
            ],
        )
        _bulk_insert(
            s,
            t.table(t.EnrolmentRow),
            [_row(e, participant_id=p.id) for p in people for e in p.enrolments],
        )
        follow_ups = [(p, f) for p in people for f in p.follow_ups]
        _bulk_insert(
            s,
            t.table(t.FollowUpRow),
            [
                _row(
                    f, exclude=("ratings", "challenge_statuses", "area_scores"), participant_id=p.id
                )
                for p, f in follow_ups
            ],
        )
        _bulk_insert(
            s,
            t.table(t.LadderRatingRow),
            [_row(r, follow_up_id=f.id) for _, f in follow_ups for r in f.ratings],
        )
        _bulk_insert(
            s,
            t.table(t.ChallengeStatusRow),
            [_row(c, follow_up_id=f.id) for _, f in follow_ups for c in f.challenge_statuses],
        )
        _bulk_insert(
            s,
            t.table(t.AreaScoreRow),
            [_row(a, follow_up_id=f.id) for _, f in follow_ups for a in f.area_scores],
        )

    # -- reading -------------------------------------------------------------------------
    def _rows(self, table: Table, *order: Any) -> list[Any]:
        return list(self.session.execute(select(table).order_by(*order)))

    def _children(
        self, table: Table, parent: str, model: type[E], *order: Any, drop: Sequence[str] = ()
    ) -> dict[uuid.UUID, list[E]]:
        grouped: dict[uuid.UUID, list[E]] = defaultdict(list)
        for row in self._rows(table, *order):
            values = _fields(row, table, drop=(parent, *drop))
            grouped[row._mapping[parent]].append(model.model_validate(values))
        return grouped

    def load(self, *, participants: bool = True) -> OrganisationDocument:
        """The whole organisation in canonical order (ids are time-ordered UUIDv7);
        without the participants when ``participants`` is false (the workshop part)."""
        org = OrganisationRepository(self.session).get()
        org_col = ("organisation_id",)

        def top(table: Table, model: type[E]) -> list[E]:
            return [
                model.model_validate(_fields(r, table, drop=org_col))
                for r in self._rows(table, table.c.id)
            ]

        note_t = t.table(t.DoorNoteRow)
        notes = self._children(note_t, "sheet_id", DoorNote, note_t.c.id)
        sheet_t = t.table(t.DoorSheetRow)
        sheets = [
            DoorSheet.model_validate(
                {**_fields(r, sheet_t, drop=org_col), "notes": notes.get(r.id, [])}
            )
            for r in self._rows(sheet_t, sheet_t.c.id)
        ]
        step_t = t.table(t.LadderStepRow)
        steps = self._children(
            step_t, "ladder_id", LadderStep, step_t.c.position, step_t.c.id, drop=("position",)
        )
        ladder_t = t.table(t.LadderRow)
        ladders = [
            Ladder.model_validate(
                {**_fields(r, ladder_t, drop=org_col), "steps": steps.get(r.id, [])}
            )
            for r in self._rows(ladder_t, ladder_t.c.id)
        ]
        return OrganisationDocument(
            organisation=org,
            mission_drafts=top(t.table(t.MissionDraftRow), MissionDraft),
            personas=top(t.table(t.PersonaRow), Persona),
            target_groups=top(t.table(t.TargetGroupRow), TargetGroup),
            door_sheets=sheets,
            ladders=ladders,
            participants=self.load_participants() if participants else [],
        )

    def load_participants(self) -> list[Participant]:
        return ParticipantRepository(self.session).load()


class LadderRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.table = t.table(t.LadderRow)

    def ids(self, *, deleted: bool = False) -> list[uuid.UUID]:
        query = select(self.table.c.id).order_by(self.table.c.id)
        if not deleted:
            query = query.where(self.table.c.deleted_at.is_(None))
        return list(self.session.scalars(query))

    def update(self, ladder: Ladder) -> None:
        """Only the ladder's own row (title, goal, groups, tombstone); steps untouched."""
        values = _row(ladder, exclude=("steps", "id", "created_at"))
        self.session.execute(update(self.table).where(self.table.c.id == ladder.id).values(values))

    def rating_counts(self, ladder_id: uuid.UUID) -> dict[uuid.UUID, int]:
        steps = t.table(t.LadderStepRow)
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
        ladder_t = t.table(t.LadderRow)
        row = self.session.execute(select(ladder_t).where(ladder_t.c.id == ladder_id)).first()
        if row is None:
            raise StaleDataError("Måltrappen")
        step_t = t.table(t.LadderStepRow)
        steps = [
            LadderStep.model_validate(_fields(r, step_t, drop=("ladder_id", "position")))
            for r in self.session.execute(
                select(step_t)
                .where(step_t.c.ladder_id == ladder_id)
                .order_by(step_t.c.position, step_t.c.id)
            )
        ]
        return Ladder.model_validate(
            {**_fields(row, ladder_t, drop=("organisation_id",)), "steps": steps}
        )

    def save(self, ladder: Ladder, organisation_id: uuid.UUID) -> None:
        """Upsert a ladder and its steps by id; only step rows change, never ratings.

        Steps keep their ids, so rewording, inserting or reordering leaves every rating
        pointing at the step it meant. A step missing from ``ladder.steps`` is retired
        (tombstoned) rather than destroyed.
        """
        s = self.session
        ladder_t = t.table(t.LadderRow)
        step_t = t.table(t.LadderStepRow)
        values = _row(ladder, exclude=("steps",), organisation_id=organisation_id)
        exists = s.scalar(select(func.count()).where(ladder_t.c.id == ladder.id))
        if exists:
            s.execute(update(ladder_t).where(ladder_t.c.id == ladder.id).values(values))
        else:
            s.execute(insert(ladder_t).values(values))
        known = set(s.scalars(select(step_t.c.id).where(step_t.c.ladder_id == ladder.id)))
        for position, step in enumerate(ladder.steps):
            row = _row(step, ladder_id=ladder.id, position=position)
            if step.id in known:
                s.execute(update(step_t).where(step_t.c.id == step.id).values(row))
            else:
                s.execute(insert(step_t).values(row))
        dropped = known - {step.id for step in ladder.steps}
        if dropped:
            s.execute(
                update(step_t)
                .where(step_t.c.id.in_(dropped), step_t.c.deleted_at.is_(None))
                .values(deleted_at=utcnow(), updated_at=utcnow())
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
            {**_fields(row, self.table, drop=(self.parent,)), **nested}
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
        values = _row(entity, exclude=self.nested, **{self.parent: parent_id})
        self.session.execute(insert(self.table).values(values))

    def update(self, entity: E) -> None:
        values = _row(entity, exclude=(*self.nested, "id", "created_at"))
        done = self.session.execute(
            update(self.table).where(self.table.c.id == entity.id).values(values)
        )
        if done.rowcount == 0:  # type: ignore[attr-defined]
            raise StaleDataError(self.what)

    def upsert(self, entity: E, parent_id: uuid.UUID) -> None:
        if self.exists(entity.id):
            self.update(entity)
        else:
            self.insert(entity, parent_id)


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
            {**_row(n, exclude=("id", "created_at")), "_id": n.id}
            for n in notes
            if n.id in existing
        ]
        inserts = [_row(n, sheet_id=sheet_id) for n in notes if n.id not in existing]
        if updates:
            self.session.execute(
                update(table).where(table.c.id == bindparam("_id")),
                updates,
                execution_options={"synchronize_session": False},
            )
        if inserts:
            self.session.execute(insert(table), inserts)


class ParticipantRepository:
    """Participants one at a time (intake, follow-up, exit) and the light list rows."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.table = t.table(t.ParticipantRow)

    # -- reading -------------------------------------------------------------------------
    def summaries(
        self, *, deleted: bool = False, ids: Collection[uuid.UUID] | None = None
    ) -> list[ParticipantSummary]:
        """Every live participant (with ``deleted`` tombstoned ones too; with ``ids`` only
        those) as a list row, with a count of live follow-ups; the name comes from
        participant_identity."""
        p_t, fu_t, id_t = self.table, t.table(t.FollowUpRow), t.table(t.ParticipantIdentityRow)
        counted = select(
            fu_t.c.participant_id,
            func.count().label("n"),
            func.max(fu_t.c.date).label("last"),
        ).where(fu_t.c.deleted_at.is_(None))
        if ids is not None:
            counted = counted.where(fu_t.c.participant_id.in_(list(ids)))
        counts = counted.group_by(fu_t.c.participant_id).subquery()
        query = (
            select(
                p_t.c.id,
                p_t.c.code,
                func.coalesce(id_t.c.name, ""),
                p_t.c.target_group_id,
                p_t.c.mentor,
                p_t.c.municipality,
                p_t.c.start_date,
                func.coalesce(p_t.c.exit_date, p_t.c.end_date),
                func.coalesce(counts.c.n, 0),
                counts.c.last,
            )
            .outerjoin(counts, counts.c.participant_id == p_t.c.id)
            .outerjoin(id_t, id_t.c.participant_id == p_t.c.id)
            .order_by(p_t.c.id)
        )
        if not deleted:
            query = query.where(p_t.c.deleted_at.is_(None))
        if ids is not None:
            query = query.where(p_t.c.id.in_(list(ids)))
        return [
            ParticipantSummary(
                id=pid,
                code=code,
                name=name,
                target_group_id=group,
                mentor=mentor,
                municipality=municipality,
                start_date=start,
                end_date=end,
                follow_ups=count,
                last_follow_up=last,
            )
            for pid, code, name, group, mentor, municipality, start, end, count, last in (
                self.session.execute(query)
            )
        ]

    def exists(self, participant_id: uuid.UUID) -> bool:
        found = self.session.scalar(
            select(self.table.c.id).where(self.table.c.id == participant_id)
        )
        return found is not None

    def code_in_use(self, code: str, *, other_than: uuid.UUID) -> bool:
        """Is ``code`` (any case) the code of another live participant?"""
        found = self.session.scalar(
            select(self.table.c.id).where(
                func.lower(self.table.c.code) == code.lower(),
                self.table.c.id != other_than,
                self.table.c.deleted_at.is_(None),
            )
        )
        return found is not None

    def get(self, participant_id: uuid.UUID) -> Participant:
        found = self.load(participant_id)
        if not found:
            raise StaleDataError("Deltageren")
        return found[0]

    def load(self, participant_id: uuid.UUID | None = None) -> list[Participant]:
        """All participants (tombstoned too), or just one, with everything they hold."""
        one = participant_id is not None

        def rows(table: Table, where: Any, *order: Any) -> list[Any]:
            query = select(table)
            if one:
                query = query.where(where)
            return list(self.session.execute(query.order_by(*order)))

        def children(
            table: Table,
            parent: str,
            model: type[E],
            where: Any,
            *order: Any,
            drop: Sequence[str] = (),
        ) -> dict[uuid.UUID, list[E]]:
            grouped: dict[uuid.UUID, list[E]] = defaultdict(list)
            for row in rows(table, where, *order):
                values = _fields(row, table, drop=(parent, *drop))
                grouped[row._mapping[parent]].append(model.model_validate(values))
            return grouped

        p_t, fu_t = self.table, t.table(t.FollowUpRow)
        follow_up_ids = select(fu_t.c.id).where(fu_t.c.participant_id == participant_id)
        ch_t = t.table(t.ChallengeRow)
        challenges = children(
            ch_t,
            "participant_id",
            Challenge,
            ch_t.c.participant_id == participant_id,
            ch_t.c.position,
            ch_t.c.id,
            drop=("position",),
        )
        en_t = t.table(t.EnrolmentRow)
        enrolments = children(
            en_t, "participant_id", Enrolment, en_t.c.participant_id == participant_id, en_t.c.id
        )
        ra_t = t.table(t.LadderRatingRow)
        ratings = children(
            ra_t, "follow_up_id", LadderRating, ra_t.c.follow_up_id.in_(follow_up_ids), ra_t.c.id
        )
        st_t = t.table(t.ChallengeStatusRow)
        statuses = children(
            st_t,
            "follow_up_id",
            ChallengeStatus,
            st_t.c.follow_up_id.in_(follow_up_ids),
            st_t.c.id,
        )
        sc_t = t.table(t.AreaScoreRow)
        scores = children(
            sc_t, "follow_up_id", AreaScore, sc_t.c.follow_up_id.in_(follow_up_ids), sc_t.c.id
        )
        follow_ups: dict[uuid.UUID, list[FollowUp]] = defaultdict(list)
        for r in rows(fu_t, fu_t.c.participant_id == participant_id, fu_t.c.date, fu_t.c.id):
            follow_ups[r.participant_id].append(
                FollowUp.model_validate(
                    {
                        **_fields(r, fu_t, drop=("participant_id",)),
                        "ratings": ratings.get(r.id, []),
                        "challenge_statuses": statuses.get(r.id, []),
                        "area_scores": scores.get(r.id, []),
                    }
                )
            )
        names = self.names(participant_id)
        people: list[Participant] = []
        for r in rows(p_t, p_t.c.id == participant_id, p_t.c.id):
            exit_ = (
                Exit(date=r.exit_date, destination=r.exit_destination, note=r.exit_note or "")
                if r.exit_date is not None
                else None
            )
            people.append(
                Participant.model_validate(
                    {
                        **_fields(r, p_t, drop=("organisation_id", *_EXIT_COLUMNS)),
                        "name": names.get(r.id, ""),
                        "challenges": challenges.get(r.id, []),
                        "enrolments": enrolments.get(r.id, []),
                        "follow_ups": follow_ups.get(r.id, []),
                        "exit": exit_,
                    }
                )
            )
        return people

    def names(self, participant_id: uuid.UUID | None = None) -> dict[uuid.UUID, str]:
        """Names by participant id (everyone's, or one's) from participant_identity."""
        id_t = t.table(t.ParticipantIdentityRow)
        query = select(id_t.c.participant_id, id_t.c.name)
        if participant_id is not None:
            query = query.where(id_t.c.participant_id == participant_id)
        return dict(self.session.execute(query).all())

    def is_erased(self, participant_id: uuid.UUID) -> bool:
        """Was this participant erased for good (only their tombstone id is left)?"""
        er_t = t.table(t.ErasedParticipantRow)
        found = self.session.scalar(select(er_t.c.id).where(er_t.c.id == participant_id))
        return found is not None

    # -- writing -------------------------------------------------------------------------
    def save(self, person: Participant, organisation_id: uuid.UUID) -> Participant | None:
        """Store ``person`` as given. Only rows that differ are written; a part that is no
        longer in ``person`` (an undone follow-up, say) is tombstoned, never deleted.
        Returns the participant as stored before (None if new), for the audit log."""
        old = self.load(person.id)
        if not old and self.is_erased(person.id):  # an old undo step must not bring them back
            raise ParticipantErasedError()
        before = _participant_rows(old[0], organisation_id) if old else {}
        after = _participant_rows(person, organisation_id)
        now = utcnow()
        for table, rows in after.items():
            previous = before.get(table, {})
            new = [row for key, row in rows.items() if key not in previous]
            _bulk_insert(self.session, table, new)
            for key, row in rows.items():
                if key in previous and previous[key] != row:
                    values = {k: v for k, v in row.items() if k not in ("id", "created_at")}
                    self.session.execute(update(table).where(table.c.id == key).values(values))
            for key, row in previous.items():
                if key not in rows and row["deleted_at"] is None:
                    self.session.execute(
                        update(table)
                        .where(table.c.id == key)
                        .values(deleted_at=now, updated_at=now)
                    )
        self._save_identity(person, old[0].name if old else None)
        return old[0] if old else None

    def _save_identity(self, person: Participant, old_name: str | None) -> None:
        """The name lives in participant_identity (one row per participant)."""
        id_t = t.table(t.ParticipantIdentityRow)
        if old_name == person.name:
            return
        done = self.session.execute(
            update(id_t).where(id_t.c.participant_id == person.id).values(name=person.name)
        )
        if done.rowcount == 0:  # type: ignore[attr-defined]
            _bulk_insert(self.session, id_t, [_identity_row(person)])


_EXIT_COLUMNS = ("exit_date", "exit_destination", "exit_note")


def _identity_row(person: Participant) -> dict[str, Any]:
    """The participant_identity row of ``person`` (what identifies them: the name)."""
    return {"participant_id": person.id, "name": person.name}


def _participant_rows(
    person: Participant, organisation_id: uuid.UUID
) -> dict[Table, dict[uuid.UUID, dict[str, Any]]]:
    """The rows that store one participant, by table and id (parents before children)."""
    p = person
    exit_ = p.exit
    out: dict[Table, dict[uuid.UUID, dict[str, Any]]] = {
        t.table(t.ParticipantRow): {
            p.id: _row(
                p,
                exclude=("challenges", "enrolments", "follow_ups", "exit", "name"),
                organisation_id=organisation_id,
                exit_date=exit_.date if exit_ else None,
                exit_destination=exit_.destination.value if exit_ else None,
                exit_note=exit_.note if exit_ else None,
            )
        },
        t.table(t.ChallengeRow): {
            c.id: _row(c, participant_id=p.id, position=i) for i, c in enumerate(p.challenges)
        },
        t.table(t.EnrolmentRow): {e.id: _row(e, participant_id=p.id) for e in p.enrolments},
        t.table(t.FollowUpRow): {
            f.id: _row(
                f, exclude=("ratings", "challenge_statuses", "area_scores"), participant_id=p.id
            )
            for f in p.follow_ups
        },
        t.table(t.LadderRatingRow): {
            r.id: _row(r, follow_up_id=f.id) for f in p.follow_ups for r in f.ratings
        },
        t.table(t.ChallengeStatusRow): {
            c.id: _row(c, follow_up_id=f.id) for f in p.follow_ups for c in f.challenge_statuses
        },
        t.table(t.AreaScoreRow): {
            a.id: _row(a, follow_up_id=f.id) for f in p.follow_ups for a in f.area_scores
        },
    }
    return out
