"""Use cases on participants: intake, follow-ups and exit, one participant at a time.

The UI builds the new :class:`Participant` with the pure helpers in ``model.participants``
and stores it with :func:`save_participant`; undo stores the previous one the same way.
Only the rows that changed are written, so a follow-up is saved without rewriting the
participant's history.

Every read and change leaves one entry in the audit log (``services.audit``): a change in
its own transaction, a read right after it.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

from forandring_desktop.model import InvalidDataError, Ladder, Participant, Problem, utcnow
from forandring_desktop.model.audit import AuditAction, participant_action, participant_changes
from forandring_desktop.model.participants import ParticipantSummary
from forandring_desktop.services.audit import record
from forandring_desktop.services.changes import ChangeSet, emits
from forandring_desktop.storage import Store
from forandring_desktop.storage.uow import UnitOfWork


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


@emits(Participant)
def save_participant(store: Store, participant: Participant) -> ChangeSet:
    """Store a new or changed participant, after checking it against the file.

    Raises :class:`InvalidDataError` (nothing written) when the code is taken, or a
    target group, ladder or step it points at is not in the file.
    """
    participant = Participant.parse(participant.model_dump())  # re-check the model's rules
    with store.unit_of_work() as uow:
        problems = _reference_problems(uow, participant)
        if problems:
            raise InvalidDataError(problems, heading="Deltageren kan ikke gemmes")
        before = uow.participants.save(participant, uow.organisation.get().id)
        record(
            store,
            participant_action(before, participant),
            participant_id=participant.id,
            code=participant.code,
            detail=participant_changes(before, participant),
            uow=uow,
        )
        uow.commit()
    if before is None:
        return ChangeSet.created(participant)
    return ChangeSet.changed(participant)


@emits(Participant)
def set_participant_deleted(store: Store, participant_id: uuid.UUID, *, deleted: bool) -> ChangeSet:
    """Tombstone a participant (the undo of an intake) or bring them back."""
    with store.unit_of_work() as uow:
        person = uow.participants.get(participant_id)
        if deleted and person.is_deleted:
            return ChangeSet()
        if not deleted and uow.participants.code_in_use(person.code, other_than=person.id):
            raise InvalidDataError(
                [Problem("code", f"Koden {person.code} bruges nu af en anden deltager.")],
                heading="Deltageren kan ikke gendannes",
            )
        updated = person.changed(deleted_at=utcnow() if deleted else None)
        uow.participants.save(updated, uow.organisation.get().id)
        action = AuditAction.DELETE if deleted else AuditAction.RESTORE
        record(store, action, participant_id=updated.id, code=updated.code, uow=uow)
        uow.commit()
    return ChangeSet.deleted(updated) if deleted else ChangeSet.created(updated)


def _reference_problems(uow: UnitOfWork, person: Participant) -> list[Problem]:
    problems: list[Problem] = []
    if not person.is_deleted and uow.participants.code_in_use(person.code, other_than=person.id):
        problems.append(
            Problem("code", f"Koden {person.code} bruges allerede af en anden deltager.")
        )
    if person.target_group_id is not None:
        groups = {g.id for g in uow.target_groups.list()}
        if person.target_group_id not in groups:
            problems.append(Problem("target_group_id", "Målgruppen findes ikke (længere)."))
    ladders: dict[uuid.UUID, Ladder] = {}
    for index, enrolment in enumerate(person.enrolments):
        where = f"enrolments[{index}]"
        if enrolment.ladder_id not in ladders:
            if enrolment.ladder_id not in set(uow.ladders.ids(deleted=True)):
                problems.append(Problem(where, "Måltrappen findes ikke."))
                continue
            ladders[enrolment.ladder_id] = uow.ladders.get(enrolment.ladder_id)
        ladder = ladders[enrolment.ladder_id]
        steps = ladder.step_ids()
        if enrolment.start_step_id not in steps:
            problems.append(Problem(where, "Starttrinnet hører ikke til måltrappen."))
        if enrolment.goal_step_id is not None and enrolment.goal_step_id not in steps:
            problems.append(Problem(where, "Måltrinnet hører ikke til måltrappen."))
    ladder_of = {e.id: ladders.get(e.ladder_id) for e in person.enrolments}
    for f_index, follow_up in enumerate(person.follow_ups):
        for r_index, rating in enumerate(follow_up.ratings):
            rated = ladder_of.get(rating.enrolment_id)
            if rated is None:
                continue
            for step_id in (rating.staff_step_id, rating.participant_step_id):
                if step_id is not None and step_id not in rated.step_ids():
                    problems.append(
                        Problem(
                            f"follow_ups[{f_index}].ratings[{r_index}]",
                            "Vurderingen peger på et trin uden for måltrappen.",
                        )
                    )
    return problems
