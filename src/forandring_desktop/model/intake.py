"""One person 'ind ad døren' and 'ud af døren': pure helpers for intake and exit.

The guide's chapter "Fra forandringsteori til dokumentation": when a person starts, find
their individual challenges (from the target group's 'ind ad døren'), place them on the
relevant ladders (not everyone starts at the bottom) and set an individual goal per ladder.
When they leave, compare each ladder's start and end and count the challenges resolved.

No Qt and no storage: the dialogs build a new :class:`Participant` with these helpers and
the caller stores it through a service.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final, TypeVar

from pydantic import TypeAdapter, ValidationError

from forandring_desktop.model.base import Entity, Record, utcnow
from forandring_desktop.model.door import DoorNote, DoorSheet, Side
from forandring_desktop.model.errors import danish_message
from forandring_desktop.model.ladder import Ladder, LadderStep
from forandring_desktop.model.participants import (
    Challenge,
    ChallengeState,
    ChallengeStatus,
    Enrolment,
    Exit,
    FollowUp,
    LadderRating,
    Participant,
    ParticipantCode,
    apply_ratings,
    latest_states,
    latest_steps,
    live_follow_ups,
    with_follow_up,
)
from forandring_desktop.model.personas import TargetGroup

# -- what belongs to a target group -------------------------------------------------------


def sheet_belongs_to(sheet: DoorSheet, group: TargetGroup) -> bool:
    """A door sheet is the group's own, or one of its personas'."""
    if sheet.target_group_id is not None:
        return sheet.target_group_id == group.id
    return sheet.persona_id is not None and sheet.persona_id in group.persona_ids


def sheets_for_group(sheets: Iterable[DoorSheet], group: TargetGroup | None) -> list[DoorSheet]:
    """The live door sheets of ``group`` in their order (none without a group)."""
    if group is None:
        return []
    return [s for s in sheets if not s.is_deleted and sheet_belongs_to(s, group)]


def intake_notes(sheets: Iterable[DoorSheet], group: TargetGroup | None) -> list[DoorNote]:
    """The live 'ind ad døren' notes of the group's sheets: the challenges to pick from."""
    notes: list[DoorNote] = []
    seen: set[uuid.UUID] = set()
    for sheet in sheets_for_group(sheets, group):
        for note in sheet.live_notes():
            if note.side is Side.IN and note.id not in seen:
                seen.add(note.id)
                notes.append(note)
    return notes


def ladders_for_group(
    ladders: Iterable[Ladder], group_id: uuid.UUID | None
) -> list[tuple[Ladder, bool]]:
    """Every live ladder, the group's own first, each with whether it is the group's."""
    flagged = [
        (lad, group_id is not None and group_id in lad.target_group_ids)
        for lad in ladders
        if not lad.is_deleted
    ]
    return [pair for pair in flagged if pair[1]] + [pair for pair in flagged if not pair[1]]


# -- checks the intake dialog shows next to a field ----------------------------------------

CODE_HINT: Final = "Brug kun bogstaver, tal og - _ . / uden mellemrum."
_CODE: TypeAdapter[str] = TypeAdapter(ParticipantCode)


def code_problem(
    code: str, participants: Iterable[Participant] = (), own_id: uuid.UUID | None = None
) -> str | None:
    """What is wrong with a participant code, in Danish; None when it is usable.

    Besides the model's own rule, the code must not be used by another live participant.
    """
    if not code.strip():
        return "Skriv deltagerens kode."
    try:
        value = _CODE.validate_python(code)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        text = " ".join(danish_message(e) for e in errors)
        if any(e["type"] == "string_pattern_mismatch" for e in errors):
            text = f"{text} {CODE_HINT}"
        return text
    key = value.casefold()
    for person in participants:
        if person.is_deleted or person.id == own_id:
            continue
        if person.code.casefold() == key:
            return f"Koden {value} bruges allerede af en anden deltager."
    return None


def goal_problem(
    ladder: Ladder, start_step_id: uuid.UUID, goal_step_id: uuid.UUID | None
) -> str | None:
    """A Danish message when the personal goal lies below the start step."""
    if goal_step_id is None:
        return None
    start, goal = ladder.level_of(start_step_id), ladder.level_of(goal_step_id)
    if start is None or goal is None or goal >= start:
        return None
    return "Det personlige mål skal ligge på eller over starttrinnet."


# -- building the intake: keep ids, tombstone what has history -----------------------------


@dataclass(frozen=True, slots=True)
class ChallengeDraft:
    """A challenge as the intake dialog has it; ``id`` names an existing challenge."""

    text: str
    weight: int | None = None
    source_note_id: uuid.UUID | None = None
    id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class EnrolmentDraft:
    """A placement on a ladder as the intake dialog has it (one per ladder)."""

    ladder_id: uuid.UUID
    start_step_id: uuid.UUID
    goal_step_id: uuid.UUID | None = None


def referenced_ids(person: Participant) -> tuple[set[uuid.UUID], set[uuid.UUID]]:
    """Challenge ids and enrolment ids any follow-up (also a deleted one) points at.

    Those must stay in the record (tombstoned when unticked); the rest may be removed.
    """
    challenges: set[uuid.UUID] = set()
    enrolments: set[uuid.UUID] = set()
    for follow_up in person.follow_ups:
        challenges.update(s.challenge_id for s in follow_up.challenge_statuses)
        enrolments.update(r.enrolment_id for r in follow_up.ratings)
    return challenges, enrolments


R = TypeVar("R", bound=Record)


def _with_changes(record: R, changes: dict[str, Any]) -> R:
    """``record`` itself when nothing differs (no new updated_at), else a changed copy."""
    differing = {k: v for k, v in changes.items() if getattr(record, k) != v}
    return record.changed(**differing) if differing else record


E = TypeVar("E", bound=Entity)


def _keep_existing(
    result: list[E], item: E, changes: dict[str, Any] | None, keep: set[uuid.UUID], when: datetime
) -> None:
    """Append what becomes of an existing ``item`` in a merge: a wanted one takes
    ``changes``; a tombstone stays; an unwanted one is tombstoned when in ``keep``, else
    left out."""
    if changes is not None:
        result.append(_with_changes(item, changes))
    elif item.is_deleted:
        result.append(item)
    elif item.id in keep:
        result.append(item.changed(deleted_at=when))


def merge_challenges(
    existing: Sequence[Challenge],
    wanted: Sequence[ChallengeDraft],
    keep: set[uuid.UUID],
    now: datetime | None = None,
) -> list[Challenge]:
    """The new challenge list: wanted ones updated in place (same id, revived if they were
    tombstoned) or added; unwanted ones tombstoned when in ``keep`` (they have history),
    otherwise removed. Tombstones stay as they are. Raises InvalidDataError on bad text."""
    when = now or utcnow()
    by_id = {d.id: d for d in wanted if d.id is not None}
    used: set[uuid.UUID] = set()
    result: list[Challenge] = []
    for challenge in existing:
        draft = by_id.get(challenge.id)
        changes: dict[str, Any] | None = None
        if draft is not None:
            used.add(challenge.id)
            changes = {
                "text": draft.text,
                "weight": draft.weight,
                "source_note_id": draft.source_note_id,
                "deleted_at": None,
            }
        _keep_existing(result, challenge, changes, keep, when)
    for draft in wanted:
        if draft.id is not None and draft.id in used:
            continue
        data: dict[str, Any] = {
            "text": draft.text,
            "weight": draft.weight,
            "source_note_id": draft.source_note_id,
        }
        if draft.id is not None:
            data["id"] = draft.id
        result.append(Challenge.parse(data))
    return result


def merge_enrolments(
    existing: Sequence[Enrolment],
    wanted: Sequence[EnrolmentDraft],
    keep: set[uuid.UUID],
    now: datetime | None = None,
) -> list[Enrolment]:
    """The new enrolment list, matched by ladder: a ladder's live enrolment (or else its
    latest tombstoned one, revived) keeps its id with the new start and goal; unwanted live
    ones are tombstoned when in ``keep``, otherwise removed; new ladders get new ones."""
    when = now or utcnow()
    wanted_by_ladder = {d.ladder_id: d for d in wanted}
    reuse: dict[uuid.UUID, uuid.UUID] = {}
    for enrolment in existing:
        if not enrolment.is_deleted:
            reuse.setdefault(enrolment.ladder_id, enrolment.id)
    for enrolment in reversed(existing):
        if enrolment.is_deleted:
            reuse.setdefault(enrolment.ladder_id, enrolment.id)
    placed: set[uuid.UUID] = set()
    result: list[Enrolment] = []
    for enrolment in existing:
        draft = wanted_by_ladder.get(enrolment.ladder_id)
        changes: dict[str, Any] | None = None
        if draft is not None and reuse.get(enrolment.ladder_id) == enrolment.id:
            placed.add(enrolment.ladder_id)
            changes = {
                "start_step_id": draft.start_step_id,
                "goal_step_id": draft.goal_step_id,
                "deleted_at": None,
            }
        _keep_existing(result, enrolment, changes, keep, when)
    for draft in wanted:
        if draft.ladder_id in placed:
            continue
        placed.add(draft.ladder_id)
        result.append(
            Enrolment.parse(
                {
                    "ladder_id": draft.ladder_id,
                    "start_step_id": draft.start_step_id,
                    "goal_step_id": draft.goal_step_id,
                }
            )
        )
    return result


# -- exit: the final follow-up and the start/end comparison --------------------------------


def _step(ladder: Ladder | None, step_id: uuid.UUID | None) -> LadderStep | None:
    if ladder is None or step_id is None:
        return None
    return next((s for s in ladder.steps if s.id == step_id), None)


def final_follow_up(
    person: Participant,
    day: date,
    steps: Mapping[uuid.UUID, tuple[uuid.UUID | None, uuid.UUID | None]],
    states: Mapping[uuid.UUID, ChallengeState],
    ladders_by_id: Mapping[uuid.UUID, Ladder],
) -> FollowUp:
    """The follow-up holding the final status on the exit ``day``.

    ``steps`` maps live enrolment ids to (staff step, participant's own step); ``states``
    maps live challenge ids to their final state; anything missing keeps its latest value.
    The live follow-up on ``day`` is updated in place (same ids) when there is one;
    otherwise a new follow-up rates every live enrolment (the action taken from the staff
    step's HANDLING) and gives every live challenge a status. Raises InvalidDataError.
    """
    current_steps = latest_steps(person, before=day)
    current_states = latest_states(person, before=day)
    enrolments = [e for e in person.enrolments if not e.is_deleted]
    challenges = [c for c in person.challenges if not c.is_deleted]
    existing = next((f for f in live_follow_ups(person) if f.date == day), None)

    ratings: list[LadderRating] = list(existing.ratings) if existing is not None else []
    for enrolment in enrolments:
        staff, own = steps.get(enrolment.id, current_steps.get(enrolment.id, (None, None)))
        ladder = ladders_by_id.get(enrolment.ladder_id)
        staff_step = _step(ladder, staff)
        action = staff_step.action if staff_step is not None else ""
        index = next(
            (
                i
                for i, r in enumerate(ratings)
                if r.enrolment_id == enrolment.id and not r.is_deleted
            ),
            None,
        )
        if index is None:
            ratings.append(
                LadderRating.parse(
                    {
                        "enrolment_id": enrolment.id,
                        "staff_step_id": staff,
                        "participant_step_id": own,
                        "action": action,
                    }
                )
            )
            continue
        rating = ratings[index]
        changes: dict[str, Any] = {"staff_step_id": staff, "participant_step_id": own}
        old = _step(ladder, rating.staff_step_id)
        untouched = not rating.action.strip() or (old is not None and rating.action == old.action)
        if staff != rating.staff_step_id and untouched:
            changes["action"] = action  # an action nobody wrote follows the new step
        ratings[index] = _with_changes(rating, changes)

    statuses: list[ChallengeStatus] = (
        list(existing.challenge_statuses) if existing is not None else []
    )
    for challenge in challenges:
        state = states.get(
            challenge.id, current_states.get(challenge.id, ChallengeState.UNRESOLVED)
        )
        index = next(
            (
                i
                for i, s in enumerate(statuses)
                if s.challenge_id == challenge.id and not s.is_deleted
            ),
            None,
        )
        if index is None:
            statuses.append(ChallengeStatus.parse({"challenge_id": challenge.id, "state": state}))
        else:
            statuses[index] = _with_changes(statuses[index], {"state": state})

    if existing is None:
        return FollowUp.parse(
            {
                "date": day,
                "ratings": [r.model_dump() for r in ratings],
                "challenge_statuses": [s.model_dump() for s in statuses],
            }
        )
    if ratings == existing.ratings and statuses == existing.challenge_statuses:
        return existing
    return existing.changed(
        ratings=[r.model_dump() for r in ratings],
        challenge_statuses=[s.model_dump() for s in statuses],
    )


def with_exit(person: Participant, exit_: Exit, final: FollowUp | None = None) -> Participant:
    """``person`` gone 'ud af døren': the exit, the end date and the final follow-up."""
    updated = with_follow_up(person, final) if final is not None else person
    return updated.changed(exit=exit_.model_dump(), end_date=exit_.date)


@dataclass(frozen=True, slots=True)
class StepPoint:
    """A step on a ladder: ``level`` is its 1-based height (None: retired or unknown)."""

    step_id: uuid.UUID | None
    level: int | None
    text: str = ""


NO_STEP: Final = StepPoint(None, None)


@dataclass(frozen=True, slots=True)
class LadderComparison:
    enrolment_id: uuid.UUID
    ladder_id: uuid.UUID
    change_goal: str
    title: str
    step_count: int  # live steps
    start: StepPoint
    end: StepPoint  # the staff's final step
    own: StepPoint  # the participant's own final step (NO_STEP when they did not rate)
    goal: StepPoint | None  # the personal goal; None when none was set

    @property
    def moved(self) -> int | None:
        """Steps up (negative: down) from start to end; None when a level is unknown."""
        if self.start.level is None or self.end.level is None:
            return None
        return self.end.level - self.start.level

    @property
    def goal_reached(self) -> bool | None:
        """None without a goal (or when a level is unknown)."""
        if self.goal is None or self.goal.level is None or self.end.level is None:
            return None
        return self.end.level >= self.goal.level


@dataclass(frozen=True, slots=True)
class ChallengeComparison:
    challenge_id: uuid.UUID
    text: str
    weight: int | None
    end: ChallengeState
    start: ChallengeState = ChallengeState.UNRESOLVED  # everything is unresolved at intake


@dataclass(frozen=True, slots=True)
class ExitComparison:
    """'Ved start' beside 'ved udskrivning' for every live enrolment and challenge."""

    ladders: tuple[LadderComparison, ...]
    challenges: tuple[ChallengeComparison, ...]

    @property
    def in_the_door(self) -> int:
        return len(self.challenges)

    @property
    def fully(self) -> int:
        return sum(1 for c in self.challenges if c.end is ChallengeState.FULLY)

    @property
    def partly(self) -> int:
        return sum(1 for c in self.challenges if c.end is ChallengeState.PARTLY)

    @property
    def out_the_door(self) -> int:
        """Challenges still there (not fully resolved), as the guide counts them."""
        return self.in_the_door - self.fully

    @property
    def goals_set(self) -> int:
        return sum(1 for lad in self.ladders if lad.goal_reached is not None)

    @property
    def goals_reached(self) -> int:
        return sum(1 for lad in self.ladders if lad.goal_reached)


def _point(ladder: Ladder | None, step_id: uuid.UUID | None) -> StepPoint:
    if step_id is None:
        return NO_STEP
    step = _step(ladder, step_id)
    level = ladder.level_of(step_id) if ladder is not None else None
    return StepPoint(step_id, level, step.text if step is not None else "")


def start_and_end(
    person: Participant,
    ladders_by_id: Mapping[uuid.UUID, Ladder],
    final: FollowUp | None = None,
) -> ExitComparison:
    """Compare each live enrolment's start with its end, and each live challenge's state.

    The end is the latest status on or before ``final``'s date with ``final``'s own values
    on top (``final`` need not be stored in ``person`` yet); without ``final``, the latest.
    """
    day = final.date if final is not None else None
    steps = dict(latest_steps(person, before=day))
    states = dict(latest_states(person, before=day))
    if final is not None:
        apply_ratings(steps, final.ratings)
        for status in final.challenge_statuses:
            if not status.is_deleted and status.challenge_id in states:
                states[status.challenge_id] = status.state

    ladders: list[LadderComparison] = []
    for enrolment in person.enrolments:
        if enrolment.is_deleted:
            continue
        ladder = ladders_by_id.get(enrolment.ladder_id)
        staff, own = steps.get(enrolment.id, (enrolment.start_step_id, None))
        ladders.append(
            LadderComparison(
                enrolment_id=enrolment.id,
                ladder_id=enrolment.ladder_id,
                change_goal=ladder.change_goal if ladder is not None else "",
                title=ladder.title if ladder is not None else "",
                step_count=len(ladder.live_steps()) if ladder is not None else 0,
                start=_point(ladder, enrolment.start_step_id),
                end=_point(ladder, staff),
                own=_point(ladder, own),
                goal=(
                    _point(ladder, enrolment.goal_step_id)
                    if enrolment.goal_step_id is not None
                    else None
                ),
            )
        )
    challenges = tuple(
        ChallengeComparison(
            challenge_id=c.id,
            text=c.text,
            weight=c.weight,
            end=states.get(c.id, ChallengeState.UNRESOLVED),
        )
        for c in person.challenges
        if not c.is_deleted
    )
    return ExitComparison(tuple(ladders), challenges)
