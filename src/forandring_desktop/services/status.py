"""The organisation's status figures, for the status page and `forandring report status`.

JSON keys (every figure is a number, or null where it cannot be computed, e.g. a mean over
no one):

- ``participants``: ``total`` (people whose course touches the period), ``active``,
  ``ended`` (ended within the period).
- ``challenges``: ``in_the_door`` (intake challenges), ``fully_resolved``,
  ``partly_resolved``, ``out_the_door`` (not fully resolved at the period's end),
  ``mean_in_the_door`` / ``mean_out_the_door`` (per participant: the guide's "on average
  7 challenges in the door, 3 out the door").
- ``ladders`` (all enrolments) and each entry of ``per_ladder`` / ``per_target_group``:
  ``enrolments``, ``rated`` (with at least one staff rating), ``steps_moved_total`` and
  ``steps_moved_mean`` (levels gained over the period by the staff's ratings; losses
  count negative), ``moved_up``, ``moved_down``, ``with_goal``, ``goal_reached``,
  ``goal_reached_share``, ``median_weeks_per_step`` (weeks from one level first reached
  to the next), ``agreement`` {``compared`` (ratings where both staff and participant
  rated), ``same``, ``share_same``, ``mean_difference`` (mean absolute difference in
  steps), ``participant_higher`` (the participant rated themself higher)}.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from forandring_desktop.model.progression import (
    ALL_TIME,
    ChallengeCount,
    LadderFigures,
    Period,
    StatusFigures,
    status_from_tallies,
)
from forandring_desktop.storage import Store
from forandring_desktop.storage.progress import read_tallies

NO_TARGET_GROUP = "Uden målgruppe"


def compute_status(
    store: Store,
    period: Period = ALL_TIME,
    *,
    target_group_id: uuid.UUID | None = None,
    ladder_id: uuid.UUID | None = None,
) -> StatusFigures:
    """Figures for the period, optionally for one target group and/or one ladder.

    Read from the progress facts (``storage.progress``), not from every rating; the figures
    equal the reference maths ``status_figures`` over ``uow.progress.records()``.
    """
    people, enrolments = read_tallies(store.engine, period)
    if target_group_id is not None:
        people = [p for p in people if p.target_group_id == target_group_id]
        enrolments = [e for e in enrolments if e.target_group_id == target_group_id]
    if ladder_id is not None:
        enrolments = [e for e in enrolments if e.ladder_id == ladder_id]
    return status_from_tallies(people, enrolments)


def _num(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def ladder_json(figures: LadderFigures) -> dict[str, Any]:
    agree = figures.agreement
    return {
        "enrolments": figures.enrolments,
        "rated": figures.rated,
        "steps_moved_total": figures.steps_moved_total,
        "steps_moved_mean": _num(figures.mean_steps_moved),
        "moved_up": figures.moved_up,
        "moved_down": figures.moved_down,
        "with_goal": figures.with_goal,
        "goal_reached": figures.goal_reached,
        "goal_reached_share": _num(figures.share_goal_reached),
        "median_weeks_per_step": _num(figures.median_weeks_per_step),
        "agreement": {
            "compared": agree.compared,
            "same": agree.same,
            "share_same": _num(agree.share_same),
            "mean_difference": _num(agree.mean_difference),
            "participant_higher": agree.participant_higher,
        },
    }


def challenges_json(count: ChallengeCount) -> dict[str, Any]:
    return {
        "participants": count.people,
        "in_the_door": count.in_the_door,
        "fully_resolved": count.fully,
        "partly_resolved": count.partly,
        "out_the_door": count.out_the_door,
        "mean_in_the_door": _num(count.mean_in),
        "mean_out_the_door": _num(count.mean_out),
    }


def status_json(store: Store, period: Period = ALL_TIME) -> dict[str, Any]:
    """The organisation-level figures as plain JSON data (see the module docstring)."""
    figures = compute_status(store, period)
    with store.unit_of_work() as uow:
        organisation = uow.organisation.get()
        groups = {g.id: g.name for g in uow.target_groups.list(deleted=True)}
        ladders = {i: uow.ladders.get(i) for i in uow.ladders.ids(deleted=True)}

    def day(value: date | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "organisation": organisation.name,
        "period": {"from": day(period.start), "to": day(period.end)},
        "participants": {
            "total": figures.participants,
            "active": figures.active,
            "ended": figures.ended,
        },
        "challenges": challenges_json(figures.challenges),
        "ladders": ladder_json(figures.overall),
        "per_ladder": [
            {
                "id": str(ladder_id),
                "title": ladders[ladder_id].title or ladders[ladder_id].change_goal,
                "change_goal": ladders[ladder_id].change_goal,
                **ladder_json(one),
            }
            for ladder_id, one in sorted(figures.per_ladder.items(), key=lambda kv: str(kv[0]))
        ],
        "per_target_group": [
            {
                "id": str(group_id) if group_id is not None else None,
                "name": groups.get(group_id, NO_TARGET_GROUP) if group_id else NO_TARGET_GROUP,
                "challenges": challenges_json(
                    figures.challenges_per_target_group.get(group_id, ChallengeCount())
                ),
                **ladder_json(one),
            }
            for group_id, one in sorted(figures.per_target_group.items(), key=lambda kv: str(kv[0]))
        ],
    }
