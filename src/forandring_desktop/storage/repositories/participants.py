"""Participants: the light list rows, one participant at a time, and writing the parts of one.

A gesture on a participant (a follow-up, an intake edit, an exit) reads and writes only its
own part: :meth:`ParticipantRepository.intake` reads the participant without their
follow-ups, :meth:`ParticipantRepository.follow_up` one follow-up, and
:meth:`ParticipantRepository.write` stores a version of some parts over the version read,
writing only the rows and columns that differ. :meth:`ParticipantRepository.save` is the
same over the whole participant (import, tests, and callers that hold a whole record).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Table, func, select
from sqlalchemy.orm import Session

from forandring_desktop.model import Exit, FollowUp, Participant, utcnow
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
from forandring_desktop.storage.errors import StaleDataError
from forandring_desktop.storage.repositories.rows import (
    E,
    Rows,
    bulk_insert,
    entity_row,
    row_fields,
    sync_rows,
)

# The parts of a participant a gesture may write, each stored in its own tables.
PARTICIPANT = "participant"  # the participant row (own fields, exit, tombstone) and name
CHALLENGES = "challenges"
ENROLMENTS = "enrolments"
FOLLOW_UPS = "follow_ups"  # the follow-ups given, with their ratings, statuses, scores
ALL_PARTS = frozenset({PARTICIPANT, CHALLENGES, ENROLMENTS, FOLLOW_UPS})

EXIT_COLUMNS = ("exit_date", "exit_destination", "exit_note")
_NESTED = ("challenges", "enrolments", "follow_ups", "exit", "name")
_FOLLOW_UP_NESTED = ("ratings", "challenge_statuses", "area_scores")

Where = ColumnElement[bool] | None


class ParticipantRepository:
    """Participants one at a time (intake, follow-up, exit) and the light list rows."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.table = t.table(t.ParticipantRow)
        self.follow_ups = t.table(t.FollowUpRow)

    # -- reading -------------------------------------------------------------------------
    def summaries(
        self, *, deleted: bool = False, ids: Collection[uuid.UUID] | None = None
    ) -> list[ParticipantSummary]:
        """Every live participant (with ``deleted`` tombstoned ones too; with ``ids`` only
        those) as a list row, with a count of live follow-ups; the name comes from
        participant_identity."""
        p_t, fu_t, id_t = self.table, self.follow_ups, t.table(t.ParticipantIdentityRow)
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

    def load(
        self, participant_id: uuid.UUID | None = None, *, follow_ups: bool = True
    ) -> list[Participant]:
        """All participants (tombstoned too), or just one, with everything they hold;
        without their follow-ups when ``follow_ups`` is false."""
        one = participant_id is not None
        p_t = self.table

        def mine(table: Table) -> Where:
            return table.c.participant_id == participant_id if one else None

        ch_t, en_t = t.table(t.ChallengeRow), t.table(t.EnrolmentRow)
        challenges = self._grouped(
            ch_t,
            "participant_id",
            Challenge,
            mine(ch_t),
            ch_t.c.position,
            ch_t.c.id,
            drop=("position",),
        )
        enrolments = self._grouped(en_t, "participant_id", Enrolment, mine(en_t), en_t.c.id)
        visits: dict[uuid.UUID, list[FollowUp]] = {}
        if follow_ups:
            fu_t = self.follow_ups
            ids = select(fu_t.c.id).where(fu_t.c.participant_id == participant_id)
            visits = self._follow_ups(mine(fu_t), lambda c: c.in_(ids) if one else None)
        names = self.names(participant_id)
        people: list[Participant] = []
        for r in self._rows(p_t, p_t.c.id == participant_id if one else None, p_t.c.id):
            people.append(
                Participant.model_validate(
                    {
                        **row_fields(r, p_t, drop=("organisation_id", *EXIT_COLUMNS)),
                        "name": names.get(r.id, ""),
                        "challenges": challenges.get(r.id, []),
                        "enrolments": enrolments.get(r.id, []),
                        "follow_ups": visits.get(r.id, []),
                        "exit": _exit_of(r),
                    }
                )
            )
        return people

    def intake(self, participant_id: uuid.UUID) -> Participant | None:
        """One participant without their follow-ups: own fields, name, challenges, ladders
        and exit (what an intake, exit or tombstone changes). None if not in the file."""
        found = self.load(participant_id, follow_ups=False)
        return found[0] if found else None

    def stored(self, participant_id: uuid.UUID) -> Participant:
        """:meth:`intake`, or :class:`ParticipantErasedError` / :class:`StaleDataError`."""
        person = self.intake(participant_id)
        if person is None:
            if self.is_erased(participant_id):
                raise ParticipantErasedError()
            raise StaleDataError("Deltageren")
        return person

    def follow_up(self, follow_up_id: uuid.UUID) -> tuple[uuid.UUID, FollowUp] | None:
        """(participant id, follow-up with its ratings, statuses and scores), or None."""
        fu_t = self.follow_ups
        owner = self.session.scalar(select(fu_t.c.participant_id).where(fu_t.c.id == follow_up_id))
        if owner is None:  # a new follow-up: no parts to look for
            return None
        found = self._follow_ups(fu_t.c.id == follow_up_id, lambda c: c == follow_up_id)
        return owner, found[owner][0]

    def follow_up_on(
        self, participant_id: uuid.UUID, day: date, *, other_than: Collection[uuid.UUID] = ()
    ) -> uuid.UUID | None:
        """A live follow-up of the participant on ``day`` (other than those ids), if any."""
        fu_t = self.follow_ups
        query = select(fu_t.c.id).where(
            fu_t.c.participant_id == participant_id,
            fu_t.c.date == day,
            fu_t.c.deleted_at.is_(None),
        )
        if other_than:
            query = query.where(fu_t.c.id.not_in(list(other_than)))
        return self.session.scalar(query.limit(1))

    def earliest_follow_up(self, participant_id: uuid.UUID) -> tuple[uuid.UUID, date] | None:
        """(id, date) of the participant's earliest follow-up, tombstoned ones too."""
        fu_t = self.follow_ups
        query = (
            select(fu_t.c.id, fu_t.c.date)
            .where(fu_t.c.participant_id == participant_id)
            .order_by(fu_t.c.date, fu_t.c.id)
            .limit(1)
        )
        row = self.session.execute(query).first()
        return (row.id, row.date) if row is not None else None

    def rated_steps(self, enrolment_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, set[uuid.UUID]]:
        """The steps (staff's and own) every rating of these enrolments points at."""
        ra_t = t.table(t.LadderRatingRow)
        wanted = list(enrolment_ids)
        steps: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
        if not wanted:
            return steps
        query = select(ra_t.c.enrolment_id, ra_t.c.staff_step_id, ra_t.c.participant_step_id)
        for enrolment, staff, own in self.session.execute(
            query.where(ra_t.c.enrolment_id.in_(wanted))
        ):
            steps[enrolment].update(s for s in (staff, own) if s is not None)
        return steps

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

    def _rows(self, table: Table, where: Where, *order: Any) -> list[Any]:
        query = select(table)
        if where is not None:
            query = query.where(where)
        return list(self.session.execute(query.order_by(*order)))

    def _grouped(
        self,
        table: Table,
        parent: str,
        model: type[E],
        where: Where,
        *order: Any,
        drop: Sequence[str] = (),
    ) -> dict[uuid.UUID, list[E]]:
        grouped: dict[uuid.UUID, list[E]] = defaultdict(list)
        for row in self._rows(table, where, *order):
            values = row_fields(row, table, drop=(parent, *drop))
            grouped[row._mapping[parent]].append(model.model_validate(values))
        return grouped

    def _follow_ups(self, where: Where, of_follow_ups: Any) -> dict[uuid.UUID, list[FollowUp]]:
        """Follow-ups matching ``where`` by participant, in date order, each with its parts;
        ``of_follow_ups(column)`` narrows the parts' tables to those follow-ups."""
        fu_t = self.follow_ups
        parts: dict[str, dict[uuid.UUID, list[Any]]] = {}
        for name, row_class, model in (
            ("ratings", t.LadderRatingRow, LadderRating),
            ("challenge_statuses", t.ChallengeStatusRow, ChallengeStatus),
            ("area_scores", t.AreaScoreRow, AreaScore),
        ):
            table = t.table(row_class)
            where_part = of_follow_ups(table.c.follow_up_id)
            parts[name] = self._grouped(table, "follow_up_id", model, where_part, table.c.id)
        visits: dict[uuid.UUID, list[FollowUp]] = defaultdict(list)
        for r in self._rows(fu_t, where, fu_t.c.date, fu_t.c.id):
            visits[r.participant_id].append(
                FollowUp.model_validate(
                    {
                        **row_fields(r, fu_t, drop=("participant_id",)),
                        **{name: found.get(r.id, []) for name, found in parts.items()},
                    }
                )
            )
        return visits

    # -- writing -------------------------------------------------------------------------
    def save(self, person: Participant, organisation_id: uuid.UUID) -> Participant | None:
        """Store ``person`` as given. Only rows that differ are written; a part that is no
        longer in ``person`` (an undone follow-up, say) is tombstoned, never deleted.
        Returns the participant as stored before (None if new), for the audit log."""
        old = self.load(person.id)
        previous = old[0] if old else None
        if previous is None and self.is_erased(person.id):  # an old undo step must not
            raise ParticipantErasedError()  # bring them back
        self.write(person, previous, organisation_id, ALL_PARTS)
        return previous

    def write(
        self,
        person: Participant,
        previous: Participant | None,
        organisation_id: uuid.UUID | None,
        parts: Collection[str] = ALL_PARTS,
    ) -> int:
        """Store the ``parts`` of ``person`` over ``previous`` (the same parts as they are
        stored now, None for a new participant): only rows and columns that differ are
        written; a row in ``previous`` left out of ``person`` is tombstoned. Only the
        follow-ups in either version are looked at, so a gesture on one follow-up passes
        versions holding just that one. ``organisation_id`` is needed only with the
        participant part. Returns the number of rows written."""
        if previous is None and PARTICIPANT not in parts:
            raise ValueError("a new participant is written with its participant part")
        before = _participant_rows(previous, organisation_id, parts) if previous else {}
        after = _participant_rows(person, organisation_id, parts)
        now = utcnow()
        written = 0
        for table, rows in after.items():  # parents before children
            written += sync_rows(self.session, table, before.get(table, {}), rows, now)
        if PARTICIPANT in parts:
            written += self._save_identity(person, previous.name if previous else None)
        return written

    def _save_identity(self, person: Participant, old_name: str | None) -> int:
        """The name lives in participant_identity (one row per participant)."""
        id_t = t.table(t.ParticipantIdentityRow)
        if old_name == person.name:
            return 0
        done = self.session.execute(
            id_t.update().where(id_t.c.participant_id == person.id).values(name=person.name)
        )
        if done.rowcount == 0:  # type: ignore[attr-defined]
            bulk_insert(self.session, id_t, [identity_row(person)])
        return 1


def _exit_of(row: Any) -> Exit | None:
    if row.exit_date is None:
        return None
    return Exit(date=row.exit_date, destination=row.exit_destination, note=row.exit_note or "")


def identity_row(person: Participant) -> dict[str, Any]:
    """The participant_identity row of ``person`` (what identifies them: the name)."""
    return {"participant_id": person.id, "name": person.name}


def participant_row(person: Participant, organisation_id: uuid.UUID) -> dict[str, Any]:
    """The participant row of ``person`` (pseudonymous: the name lives apart)."""
    exit_ = person.exit
    return entity_row(
        person,
        exclude=_NESTED,
        organisation_id=organisation_id,
        exit_date=exit_.date if exit_ else None,
        exit_destination=exit_.destination.value if exit_ else None,
        exit_note=exit_.note if exit_ else None,
    )


def follow_up_row(follow_up: FollowUp, participant_id: uuid.UUID) -> dict[str, Any]:
    return entity_row(follow_up, exclude=_FOLLOW_UP_NESTED, participant_id=participant_id)


def _participant_rows(
    person: Participant, organisation_id: uuid.UUID | None, parts: Collection[str]
) -> dict[Table, Rows]:
    """The rows that store ``parts`` of one participant, by table and id (parents before
    children)."""
    p = person
    out: dict[Table, Rows] = {}
    if PARTICIPANT in parts:
        if organisation_id is None:
            raise ValueError("the participant row needs the organisation's id")
        out[t.table(t.ParticipantRow)] = {p.id: participant_row(p, organisation_id)}
    if CHALLENGES in parts:
        out[t.table(t.ChallengeRow)] = {
            c.id: entity_row(c, participant_id=p.id, position=i) for i, c in enumerate(p.challenges)
        }
    if ENROLMENTS in parts:
        out[t.table(t.EnrolmentRow)] = {
            e.id: entity_row(e, participant_id=p.id) for e in p.enrolments
        }
    if FOLLOW_UPS in parts:
        out[t.table(t.FollowUpRow)] = {f.id: follow_up_row(f, p.id) for f in p.follow_ups}
        out[t.table(t.LadderRatingRow)] = {
            r.id: entity_row(r, follow_up_id=f.id) for f in p.follow_ups for r in f.ratings
        }
        out[t.table(t.ChallengeStatusRow)] = {
            c.id: entity_row(c, follow_up_id=f.id)
            for f in p.follow_ups
            for c in f.challenge_statuses
        }
        out[t.table(t.AreaScoreRow)] = {
            a.id: entity_row(a, follow_up_id=f.id) for f in p.follow_ups for a in f.area_scores
        }
    return out
