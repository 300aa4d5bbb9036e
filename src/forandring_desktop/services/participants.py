"""Use cases on participants: intake, follow-ups and exit, one gesture at a time.

Each gesture writes only its own rows, plus its audit entry, in one transaction, and never
reads the participant's history, so a save costs the same on the last day as on the first:

- :func:`save_follow_up` one follow-up (new, changed, tombstoned or restored) with its
  ratings, challenge statuses and area scores; :func:`delete_follow_up` tombstones one.
  A new follow-up is signed with the working staff member (``store.actor``) as its
  author; a stored one keeps the author it has (whoever revises it: the audit log says
  who changed what);
- :func:`save_intake` the participant's own fields, name, challenges and ladders (a new
  participant or an edit; the undo of an edit stores the previous version the same way);
- :func:`save_exit` the exit, the end date and the final follow-up;
- :func:`set_participant_deleted` the tombstone (the undo of an intake).

The model's own rules check every gesture before anything is written (Danish messages):
the service reads the participant without their follow-ups
(``ParticipantRepository.intake``: own fields, challenges, ladders, exit) and hands the
model only the follow-ups a rule has to see: the one being saved, and the other live
follow-up on its day if there is one (one follow-up per day) or, for an intake, the
earliest one (no follow-up before the start). The audit detail is the model's own
``participant_changes`` over the same parts before and after.

:func:`save_participant` stores a whole participant over the whole stored one (callers that
hold a whole record); its cost grows with the participant's history.

Every read and change leaves one entry in the audit log (``services.audit``): a change in
its own transaction, a read right after it.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import Any

from forandring_desktop.model import (
    Enrolment,
    Exit,
    FollowUp,
    InvalidDataError,
    Participant,
    Problem,
    utcnow,
)
from forandring_desktop.model.audit import AuditAction, participant_action, participant_changes
from forandring_desktop.model.participants import (
    INTAKE_FIELDS,
    SAME_DAY,
    ParticipantSummary,
    same_day_follow_ups,
)
from forandring_desktop.model.privacy import ParticipantErasedError
from forandring_desktop.services.audit import record
from forandring_desktop.services.changes import ChangeSet, emits
from forandring_desktop.storage import Store
from forandring_desktop.storage.errors import StaleDataError
from forandring_desktop.storage.repositories.participants import (
    CHALLENGES,
    ENROLMENTS,
    FOLLOW_UPS,
    PARTICIPANT,
)
from forandring_desktop.storage.uow import UnitOfWork

_CANNOT_SAVE = "Deltageren kan ikke gemmes"
_OFF_LADDER = "Vurderingen peger på et trin uden for måltrappen."
# What an intake edit may change (the ChangeSet names those that did).
_INTAKE_FIELDS = (*INTAKE_FIELDS, "deleted_at")


def list_participants(store: Store) -> list[ParticipantSummary]:
    """Every live participant as a light list row (no challenges or follow-ups read).
    Logged as one "list" entry with the number of rows (no codes)."""
    with store.unit_of_work() as uow:
        rows = uow.participants.summaries()
    record(store, AuditAction.LIST, detail={"rows": len(rows)})
    return rows


def participant_rows(store: Store, ids: Collection[uuid.UUID]) -> list[ParticipantSummary]:
    """The live list rows of some participants (after a change to them), logged as one
    "list" entry with the number of rows."""
    with store.unit_of_work() as uow:
        rows = uow.participants.summaries(ids=ids) if ids else []
    if rows:
        record(store, AuditAction.LIST, detail={"rows": len(rows)})
    return rows


def get_participant(store: Store, participant_id: uuid.UUID) -> Participant:
    """One participant with their challenges, ladders, follow-ups and exit (logged)."""
    with store.unit_of_work() as uow:
        person = uow.participants.get(participant_id)
    record(store, AuditAction.READ, participant_id=person.id, code=person.code)
    return person


# -- the gestures ----------------------------------------------------------------------------


def _follow_up_change(
    participant_id: uuid.UUID, follow_up: FollowUp, previous: FollowUp | None
) -> ChangeSet:
    """The participant changed, and one of their follow-ups came, changed or went."""
    live_before = [previous.id] if previous is not None and not previous.is_deleted else []
    return ChangeSet.ids(Participant, changed=[participant_id], fields=["follow_ups"]) | (
        ChangeSet.saved(follow_up, before=live_before, parent=participant_id)
    )


@emits(Participant, FollowUp)
def save_follow_up(store: Store, participant_id: uuid.UUID, follow_up: FollowUp) -> ChangeSet:
    """Store one follow-up of a participant as given: new, changed, tombstoned or restored
    (the undo of a change stores the previous version). Its ratings, statuses and scores
    are written where they differ; one missing from ``follow_up`` is tombstoned.

    Raises :class:`InvalidDataError` (nothing written) when the participant already has
    another live follow-up that day, the day lies before the start, or a rating or status
    points outside the participant's ladders and challenges.

    Returns the participant as changed and the follow-up as created, changed or deleted;
    an empty change set when the stored follow-up was already so (nothing written, nothing
    logged).
    """
    follow_up = FollowUp.parse(follow_up.model_dump())  # re-check the model's rules
    with store.unit_of_work() as uow:
        person = uow.participants.stored(participant_id)
        previous = _previous_follow_up(uow, person, follow_up)
        follow_up = _authored(store, follow_up, previous)
        _check_follow_ups(uow, person, [follow_up])
        before = _with_follow_ups(person, [previous] if previous else [])
        after = _with_follow_ups(person, [follow_up])
        written = _store(store, uow, before, after, {FOLLOW_UPS})
    return _follow_up_change(participant_id, follow_up, previous) if written else ChangeSet()


@emits(Participant, FollowUp)
def delete_follow_up(store: Store, participant_id: uuid.UUID, follow_up_id: uuid.UUID) -> ChangeSet:
    """Tombstone one follow-up (the undo of a new one); :func:`save_follow_up` with the
    follow-up brings it back. Returns the same shape as :func:`save_follow_up`."""
    with store.unit_of_work() as uow:
        person = uow.participants.stored(participant_id)
        found = uow.participants.follow_up(follow_up_id)
        if found is None or found[0] != participant_id:
            raise StaleDataError("Opfølgningen")
        previous = found[1]
        if previous.is_deleted:
            return ChangeSet()
        gone = previous.changed(deleted_at=utcnow())
        before = _with_follow_ups(person, [previous])
        after = _with_follow_ups(person, [gone])
        written = _store(store, uow, before, after, {FOLLOW_UPS})
    return _follow_up_change(participant_id, gone, previous) if written else ChangeSet()


@emits(Participant)
def save_intake(store: Store, participant: Participant) -> ChangeSet:
    """Store a new participant's intake, or an edit of one: the participant's own fields,
    name, challenges and ladders (a challenge or ladder placement left out is tombstoned).
    ``participant.follow_ups`` and ``participant.exit`` are not read; they have their own
    gestures (a new participant must come without them).

    Raises :class:`InvalidDataError` (nothing written) when the code is taken, a target
    group, ladder or step it points at is not in the file, or a rule of the model is
    broken (e.g. a follow-up or the exit would lie before a moved start date);
    :class:`ParticipantErasedError` for a participant erased for good.

    Returns the participant as created, or as changed with the changed fields (an empty
    change set: nothing written).
    """
    data = participant.model_dump(exclude={"follow_ups", "exit"})
    with store.unit_of_work() as uow:
        previous = uow.participants.intake(participant.id)
        if previous is None:
            if participant.follow_ups or participant.exit is not None:
                raise ValueError("a new participant's follow-ups and exit have own gestures")
            if uow.participants.is_erased(participant.id):
                raise ParticipantErasedError()
        earliest = uow.participants.earliest_follow_up(participant.id) if previous else None
        # The model's rules with the stored exit and the earliest follow-up (only its day
        # matters: none may lie before the start).
        intake = Participant.parse(
            {
                **data,
                "exit": previous.exit if previous is not None else None,
                "follow_ups": [FollowUp(id=earliest[0], date=earliest[1])] if earliest else [],
            }
        )
        after = _with_follow_ups(intake, [])
        problems = _intake_problems(uow, after, previous)
        if problems:
            raise InvalidDataError(problems, heading=_CANNOT_SAVE)
        written = _store(store, uow, previous, after, {PARTICIPANT, CHALLENGES, ENROLMENTS})
    if previous is None:
        return ChangeSet.created(after)
    if not written:
        return ChangeSet()
    fields = [f for f in _INTAKE_FIELDS if getattr(previous, f) != getattr(after, f)]
    return ChangeSet.ids(Participant, changed=[after.id], fields=fields)


@emits(Participant, FollowUp)
def save_exit(
    store: Store,
    participant_id: uuid.UUID,
    exit_: Exit | None,
    *,
    end_date: date | None,
    final: FollowUp | None = None,
) -> ChangeSet:
    """A participant 'ud af døren': the exit (None: no exit), the end date and, when
    given, one version of the final follow-up (as :func:`save_follow_up` stores it), in
    one transaction with one audit entry.

    The undo stores the previous exit and end date with the final follow-up as it was
    before, or tombstoned when the exit added it.

    Returns the participant as changed with the changed fields of "exit", "end_date" and
    "follow_ups", and the final follow-up (an empty change set: nothing written, nothing
    logged).
    """
    exit_ = Exit.parse(exit_.model_dump()) if exit_ is not None else None
    final = FollowUp.parse(final.model_dump()) if final is not None else None
    with store.unit_of_work() as uow:
        person = uow.participants.stored(participant_id)
        ended = person
        if person.exit != exit_ or person.end_date != end_date:
            # The model's rules: neither the end nor the exit before the start.
            ended = _model(person, exit=exit_, end_date=end_date, updated_at=utcnow())
        previous = _previous_follow_up(uow, person, final) if final is not None else None
        if final is not None:
            final = _authored(store, final, previous)
        finals = [final] if final is not None else []
        if finals:
            _check_follow_ups(uow, ended, finals)
        before = _with_follow_ups(person, [previous] if previous else [])
        after = _with_follow_ups(ended, finals)
        written = _store(store, uow, before, after, {PARTICIPANT, FOLLOW_UPS})
    fields = tuple(
        name
        for name, changed in (
            ("exit", person.exit != exit_),
            ("end_date", person.end_date != end_date),
            ("follow_ups", before.follow_ups != after.follow_ups),
        )
        if changed
    )
    if not written:
        return ChangeSet()
    change = ChangeSet.ids(Participant, changed=[participant_id], fields=fields)
    if final is not None and "follow_ups" in fields:
        change |= _follow_up_change(participant_id, final, previous)
    return change


@emits(Participant)
def set_participant_deleted(store: Store, participant_id: uuid.UUID, *, deleted: bool) -> ChangeSet:
    """Tombstone a participant (the undo of an intake) or bring them back: one row.
    Returns the participant as deleted or created (empty: it was so already)."""
    with store.unit_of_work() as uow:
        person = uow.participants.stored(participant_id)
        if person.is_deleted == deleted:
            return ChangeSet()
        if not deleted and uow.participants.code_in_use(person.code, other_than=person.id):
            raise InvalidDataError(
                [Problem("code", f"Koden {person.code} bruges nu af en anden deltager.")],
                heading="Deltageren kan ikke gendannes",
            )
        updated = person.changed(deleted_at=utcnow() if deleted else None)
        uow.participants.write(updated, person, uow.organisation.get().id, {PARTICIPANT})
        action = AuditAction.DELETE if deleted else AuditAction.RESTORE
        record(store, action, participant_id=updated.id, code=updated.code, uow=uow)
        uow.commit()
    if deleted:
        return ChangeSet.ids(Participant, deleted=[participant_id], fields=["deleted_at"])
    return ChangeSet.ids(Participant, created=[participant_id], fields=["deleted_at"])


# -- a whole participant ---------------------------------------------------------------------


@emits(Participant)
def save_participant(store: Store, participant: Participant) -> ChangeSet:
    """Store a new or changed participant whole, after checking it against the file.
    Reads and compares the whole stored participant: the gestures above cost less. Each
    follow-up's author is set as :func:`save_follow_up` sets it.

    Raises :class:`InvalidDataError` (nothing written) when the code is taken, or a
    target group, ladder or step it points at is not in the file.
    """
    participant = Participant.parse(participant.model_dump())  # re-check the model's rules
    with store.unit_of_work() as uow:
        # Who made each follow-up, as the gestures set it: the actor for a new one.
        old = uow.participants.load(participant.id)
        stored = {f.id: f for f in old[0].follow_ups} if old else {}
        authored = [_authored(store, f, stored.get(f.id)) for f in participant.follow_ups]
        participant = participant.model_copy(update={"follow_ups": authored})
        _refuse_same_day(
            participant.follow_ups,
            {(f.id, f.date) for f in stored.values() if not f.is_deleted},
        )
        problems = _intake_problems(uow, participant, None)
        problems += _rating_problems(
            uow,
            participant.enrolments,
            ((f"follow_ups[{i}].", f) for i, f in enumerate(participant.follow_ups)),
        )
        if problems:
            raise InvalidDataError(problems, heading=_CANNOT_SAVE)
        before = uow.participants.save(participant, uow.organisation.get().id)
        _record_save(store, uow, before, participant)
        uow.commit()
    if before is None:
        return ChangeSet.created(participant)
    return ChangeSet.changed(participant)


# -- helpers ---------------------------------------------------------------------------------


def _model(person: Participant, **parts: Any) -> Participant:
    """``person`` with ``parts`` replaced, checked by the model's rules (Danish messages).
    Model instances in ``parts`` and ``person`` are not validated again."""
    data = {name: getattr(person, name) for name in Participant.model_fields}
    data.update(parts)
    return Participant.parse(data)


def _with_follow_ups(person: Participant, follow_ups: list[FollowUp]) -> Participant:
    """``person`` holding just ``follow_ups`` (already checked): the parts one gesture
    reads and writes."""
    return person.model_copy(update={"follow_ups": follow_ups})


def _store(
    store: Store,
    uow: UnitOfWork,
    before: Participant | None,
    after: Participant,
    parts: set[str],
) -> int:
    """Write ``parts`` of ``after`` over ``before`` and log it, in ``uow``'s transaction,
    then commit. Nothing is written or logged when nothing differs. Returns the rows
    written."""
    organisation_id = uow.organisation.get().id if PARTICIPANT in parts else None
    written = uow.participants.write(after, before, organisation_id, parts)
    if written:
        _record_save(store, uow, before, after)
        uow.commit()
    return written


def _record_save(
    store: Store, uow: UnitOfWork, before: Participant | None, after: Participant
) -> None:
    """Log storing ``after`` over ``before`` (create, change, delete or restore, and which
    parts changed) in ``uow``'s transaction."""
    record(
        store,
        participant_action(before, after),
        participant_id=after.id,
        code=after.code,
        detail=participant_changes(before, after),
        uow=uow,
    )


def _previous_follow_up(
    uow: UnitOfWork, person: Participant, follow_up: FollowUp
) -> FollowUp | None:
    """The stored version of ``follow_up`` (None: new); refused if someone else's."""
    found = uow.participants.follow_up(follow_up.id)
    if found is None:
        return None
    owner, previous = found
    if owner != person.id:
        raise InvalidDataError(
            [Problem("id", "Opfølgningen hører til en anden deltager.")], heading=_CANNOT_SAVE
        )
    return previous


def _authored(store: Store, follow_up: FollowUp, previous: FollowUp | None) -> FollowUp:
    """``follow_up`` with its author: the working staff member for a new one; the stored
    author for one stored before (a revision, an undo or a restore keeps who recorded it;
    who changed it is in the audit log)."""
    if previous is None:
        author: tuple[uuid.UUID | None, str | None] = (store.actor.staff_id, store.actor.name)
    else:
        author = (previous.author_id, previous.author_name)
    if (follow_up.author_id, follow_up.author_name) == author:
        return follow_up
    return follow_up.model_copy(update={"author_id": author[0], "author_name": author[1]})


def _check_follow_ups(uow: UnitOfWork, person: Participant, follow_ups: list[FollowUp]) -> None:
    """The model's rules for ``follow_ups`` on ``person`` (held without follow-ups), and
    their ratings' steps against the ladders. Raises InvalidDataError."""
    saved = {f.id for f in follow_ups}
    same_day: list[FollowUp] = []
    stored: set[tuple[uuid.UUID, date]] = set()
    for follow_up in follow_ups:
        if follow_up.is_deleted:
            continue
        other = uow.participants.follow_up_on(person.id, follow_up.date, other_than=saved)
        if other is not None:  # stands in for the stored one: only its day matters here
            same_day.append(FollowUp(id=other, date=follow_up.date))
            stored.add((other, follow_up.date))
            if uow.participants.follow_up_on(person.id, follow_up.date, other_than={other}) == (
                follow_up.id
            ):  # both already stored on that day (two laptops, kept by sync)
                stored.add((follow_up.id, follow_up.date))
    _model(person, follow_ups=[*same_day, *follow_ups])
    _refuse_same_day([*same_day, *follow_ups], stored)
    problems = _rating_problems(uow, person.enrolments, (("", f) for f in follow_ups))
    if problems:
        raise InvalidDataError(problems, heading=_CANNOT_SAVE)


def _refuse_same_day(follow_ups: list[FollowUp], stored: set[tuple[uuid.UUID, date]]) -> None:
    """One follow-up a day: a new (or moved) live follow-up on a day that has one already is
    refused (InvalidDataError); two the file holds already (from two laptops) are not."""
    if same_day_follow_ups(follow_ups, stored):
        raise InvalidDataError([Problem("follow_ups", SAME_DAY)], heading=_CANNOT_SAVE)


def _rating_problems(
    uow: UnitOfWork, enrolments: Sequence[Enrolment], follow_ups: Iterable[tuple[str, FollowUp]]
) -> list[Problem]:
    """Ratings whose steps are not on the ladder of their enrolment (``follow_ups``:
    (path prefix, follow-up) pairs)."""
    ladder_of = {e.id: e.ladder_id for e in enrolments}
    visits = list(follow_ups)
    rated = {
        ladder_of[r.enrolment_id]
        for _, f in visits
        for r in f.ratings
        if r.enrolment_id in ladder_of
    }
    steps = uow.ladders.step_ids(rated)
    problems: list[Problem] = []
    for prefix, follow_up in visits:
        for index, rating in enumerate(follow_up.ratings):
            ladder_id = ladder_of.get(rating.enrolment_id)
            if ladder_id is None:
                continue  # the model refuses a rating of an unknown enrolment
            for step_id in (rating.staff_step_id, rating.participant_step_id):
                if step_id is not None and step_id not in steps[ladder_id]:
                    problems.append(Problem(f"{prefix}ratings[{index}]", _OFF_LADDER))
    return problems


def _live_groups(uow: UnitOfWork) -> set[uuid.UUID]:
    return {g.id for g in uow.target_groups.list()}


def _intake_problems(
    uow: UnitOfWork, person: Participant, previous: Participant | None
) -> list[Problem]:
    """What the file refuses in an intake: a code in use, a target group that is gone,
    ladders and steps not in the file. With ``previous`` (the stored intake) the code and
    target group are checked only when they change."""
    problems: list[Problem] = []
    code_changes = (
        previous is None
        or previous.code.lower() != person.code.lower()
        or (previous.is_deleted and not person.is_deleted)
    )
    if (
        not person.is_deleted
        and code_changes
        and uow.participants.code_in_use(person.code, other_than=person.id)
    ):
        problems.append(
            Problem("code", f"Koden {person.code} bruges allerede af en anden deltager.")
        )
    group = person.target_group_id
    group_changes = previous is None or previous.target_group_id != group
    if group is not None and group_changes and group not in _live_groups(uow):
        problems.append(Problem("target_group_id", "Målgruppen findes ikke (længere)."))
    ladders = set(uow.ladders.ids(deleted=True)) if person.enrolments else set()
    stored = {e.id: e for e in previous.enrolments} if previous is not None else {}
    steps = uow.ladders.step_ids({e.ladder_id for e in person.enrolments})
    for index, enrolment in enumerate(person.enrolments):
        where = f"enrolments[{index}]"
        if enrolment.ladder_id not in ladders:
            problems.append(Problem(where, "Måltrappen findes ikke."))
            continue
        on_ladder = steps[enrolment.ladder_id]
        if enrolment.start_step_id not in on_ladder:
            problems.append(Problem(where, "Starttrinnet hører ikke til måltrappen."))
        if enrolment.goal_step_id is not None and enrolment.goal_step_id not in on_ladder:
            problems.append(Problem(where, "Måltrinnet hører ikke til måltrappen."))
        old = stored.get(enrolment.id)
        if old is not None and old.ladder_id != enrolment.ladder_id:
            # moved to another ladder: its ratings must still point at steps on it
            rated = uow.participants.rated_steps([enrolment.id]).get(enrolment.id, set())
            if not rated <= on_ladder:
                problems.append(Problem(where, _OFF_LADDER))
    return problems
