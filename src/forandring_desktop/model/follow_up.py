"""Recording a follow-up fast: the pre-filled draft, the trin-tegn-handling rule for the
action, and revising a follow-up so that only what the mentor changed is changed.

Pure functions over the model; the follow-up dialog builds on them, a service stores the
result.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from forandring_desktop.model.base import Entity, utcnow
from forandring_desktop.model.ladder import Ladder, LadderStep
from forandring_desktop.model.participants import (
    AreaScore,
    ChallengeState,
    ChallengeStatus,
    FollowUp,
    LadderRating,
    Participant,
    latest_states,
    latest_steps,
    live_follow_ups,
)

_E = TypeVar("_E", bound=Entity)


# --- Steps and their actions (trin-tegn-handling) -------------------------------------------


def step_of(ladder: Ladder, step_id: uuid.UUID | None) -> LadderStep | None:
    """The step with ``step_id`` on ``ladder``, retired ones included; None if unknown."""
    if step_id is None:
        return None
    return next((s for s in ladder.steps if s.id == step_id), None)


def action_for(ladder: Ladder, step_id: uuid.UUID | None) -> str:
    """The HANDLING the ladder gives for a step ("" for no step or an unknown one).

    A retired step still has its action: an old rating that points at it keeps its meaning.
    """
    step = step_of(ladder, step_id)
    return step.action if step is not None else ""


def action_after_step_change(
    ladder: Ladder,
    old_step_id: uuid.UUID | None,
    new_step_id: uuid.UUID | None,
    action: str,
) -> str:
    """The action once the staff's step moves from ``old_step_id`` to ``new_step_id``.

    The action follows the new step's HANDLING, unless the mentor has written their own:
    an action that is blank or still the old step's HANDLING (ignoring surrounding
    whitespace) counts as not edited.
    """
    if not action.strip() or action.strip() == action_for(ladder, old_step_id).strip():
        return action_for(ladder, new_step_id)
    return action


def nearest_live_step(ladder: Ladder, step_id: uuid.UUID | None) -> uuid.UUID | None:
    """``step_id`` if it is a live step; for a retired one the nearest live step below it
    (else above it); None for None, an unknown step or a ladder with no live steps."""
    if step_id is None:
        return None
    index = next((i for i, s in enumerate(ladder.steps) if s.id == step_id), None)
    if index is None:
        return None
    below = [s for s in ladder.steps[: index + 1] if not s.is_deleted]
    if below:
        return below[-1].id
    above = [s for s in ladder.steps[index + 1 :] if not s.is_deleted]
    return above[0].id if above else None


# --- The draft ------------------------------------------------------------------------------


def draft_follow_up(
    person: Participant, ladders: Mapping[uuid.UUID, Ladder], day: date
) -> FollowUp:
    """A new follow-up on ``day``, pre-filled so the mentor only changes what moved.

    For each live enrolment on a live ladder: a rating at the latest staff step (the start
    step before the first rating), no own step for the participant (they are asked each
    time: last week's answer is never recorded as this week's), and the staff step's HANDLING as
    the action. Every live challenge gets its latest state. No area scores: they are given
    when the mentor has a view. "Latest" means from follow-ups on or before ``day``.
    Steps retired since are replaced by the nearest live step.
    """
    steps = latest_steps(person, before=day)
    ratings: list[LadderRating] = []
    for enrolment in person.enrolments:
        ladder = ladders.get(enrolment.ladder_id)
        if enrolment.is_deleted or ladder is None or ladder.is_deleted:
            continue
        staff, _own = steps.get(enrolment.id, (enrolment.start_step_id, None))
        staff = nearest_live_step(ladder, staff) or nearest_live_step(
            ladder, enrolment.start_step_id
        )
        if staff is None:
            live = ladder.live_steps()
            staff = live[0].id if live else None
        if staff is None:
            continue  # a ladder with no live steps cannot be rated
        ratings.append(
            LadderRating(
                enrolment_id=enrolment.id,
                staff_step_id=staff,
                participant_step_id=None,
                action=action_for(ladder, staff),
            )
        )
    states = latest_states(person, before=day)
    statuses = [
        ChallengeStatus(challenge_id=challenge.id, state=states[challenge.id])
        for challenge in person.challenges
        if not challenge.is_deleted
    ]
    return FollowUp(date=day, ratings=ratings, challenge_statuses=statuses)


def follow_up_on(
    person: Participant, day: date, *, other_than: uuid.UUID | None = None
) -> FollowUp | None:
    """The live follow-up on ``day`` (not the one with id ``other_than``), if there is one:
    the model allows one per person per day."""
    return next((f for f in live_follow_ups(person) if f.date == day and f.id != other_than), None)


def latest_area_scores(person: Participant, before: date | None = None) -> dict[str, int]:
    """Each area's latest score (by area name as written) from follow-ups before ``before``."""
    scores: dict[str, int] = {}
    for follow_up in live_follow_ups(person):
        if before is not None and follow_up.date >= before:
            break
        for score in follow_up.area_scores:
            if not score.is_deleted:
                scores[score.area] = score.score
    return scores


# --- Revising -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RatingValues:
    """What the form shows for one ladder."""

    enrolment_id: uuid.UUID
    staff_step_id: uuid.UUID | None
    participant_step_id: uuid.UUID | None
    note: str = ""
    action: str = ""

    @property
    def is_empty(self) -> bool:
        return (
            self.staff_step_id is None
            and self.participant_step_id is None
            and not self.note.strip()
            and not self.action.strip()
        )


def _changed_if(entity: _E, **fields: Any) -> _E:
    """``entity`` itself when ``fields`` are what it holds already, else a changed copy."""
    differing = {k: v for k, v in fields.items() if getattr(entity, k) != v}
    return entity.changed(**differing) if differing else entity


def revise_follow_up(
    base: FollowUp,
    *,
    day: date,
    note: str,
    ratings: Iterable[RatingValues] = (),
    states: Mapping[uuid.UUID, ChallengeState] | None = None,
    scores: Mapping[str, int | None] | None = None,
) -> FollowUp:
    """``base`` with the form's values, changing only what differs.

    Ratings are matched by enrolment, statuses by challenge, scores by area (ignoring
    case); a matched item keeps its id and, unless a value differs, its updated time. An
    unmatched value becomes a new item (an empty rating is not added); a score of None
    tombstones the area's score. Items the form did not mention stay as they were. When
    nothing differs, ``base`` itself is returned. Raises InvalidDataError on invalid values.
    """
    live_ratings = {r.enrolment_id: r for r in base.ratings if not r.is_deleted}
    new_ratings: dict[uuid.UUID, LadderRating] = {}
    for values in ratings:
        fields = {
            "staff_step_id": values.staff_step_id,
            "participant_step_id": values.participant_step_id,
            "note": values.note,
            "action": values.action,
        }
        old = live_ratings.get(values.enrolment_id)
        if old is not None:
            new_ratings[old.id] = _changed_if(old, **fields)
        elif not values.is_empty:
            rating = LadderRating.parse({"enrolment_id": values.enrolment_id, **fields})
            new_ratings[rating.id] = rating

    live_statuses = {s.challenge_id: s for s in base.challenge_statuses if not s.is_deleted}
    new_statuses: dict[uuid.UUID, ChallengeStatus] = {}
    for challenge_id, state in (states or {}).items():
        old_status = live_statuses.get(challenge_id)
        if old_status is not None:
            new_statuses[old_status.id] = _changed_if(old_status, state=state)
        else:
            status = ChallengeStatus(challenge_id=challenge_id, state=state)
            new_statuses[status.id] = status

    live_scores = {a.area.casefold(): a for a in base.area_scores if not a.is_deleted}
    new_scores: dict[uuid.UUID, AreaScore] = {}
    for area, value in (scores or {}).items():
        old_score = live_scores.get(area.strip().casefold())
        if old_score is not None:
            if value is None:
                new_scores[old_score.id] = old_score.changed(deleted_at=utcnow())
            else:
                new_scores[old_score.id] = _changed_if(old_score, score=value)
        elif value is not None:
            score = AreaScore.parse({"area": area, "score": value})
            new_scores[score.id] = score

    def merged(items: list[_E], replaced: dict[uuid.UUID, _E]) -> list[_E]:
        kept = [replaced.pop(item.id, item) for item in items]
        return kept + list(replaced.values())

    revised_ratings = merged(base.ratings, new_ratings)
    revised_statuses = merged(base.challenge_statuses, new_statuses)
    revised_scores = merged(base.area_scores, new_scores)
    if (
        day == base.date
        and note == base.note
        and revised_ratings == base.ratings
        and revised_statuses == base.challenge_statuses
        and revised_scores == base.area_scores
    ):
        return base
    return base.changed(
        date=day,
        note=note,
        ratings=[r.model_dump() for r in revised_ratings],
        challenge_statuses=[s.model_dump() for s in revised_statuses],
        area_scores=[a.model_dump() for a in revised_scores],
    )
