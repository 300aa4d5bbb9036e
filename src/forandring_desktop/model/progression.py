"""Progression maths: pure functions over light records, no Qt and no SQL.

The guide's chapter "Fra forandringsteori til dokumentation" asks for: how far each
person moved on each ladder, whether they reached their goal, how many challenges were
resolved fully or partly ("on average 7 challenges in the door, 3 out the door"), how
long a step takes, and whether the staff and the participant see the same progress.

Levels are 1-based heights on a ladder's live steps (1 = UDGANGSPUNKTET). A rating of a
retired step has no level and is left out of level maths (the step left the ladder).

The functions over :class:`EnrolmentSeries` and :class:`ChallengeRecord` are the reference:
short, obviously right, tested by hand-computed cases. The figures are built in two steps:
each enrolment and each person is *tallied* (:func:`tally_series`, :func:`tally_person`)
and the tallies are *combined* per ladder and target group (:func:`status_from_tallies`).
Tallies add up, so a tally may also stand for many enrolments of one ladder in one target
group: that is what ``storage.progress`` computes inside SQLite for a large organisation,
and the same combining code turns either kind into the figures.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from forandring_desktop.model.document import OrganisationDocument
from forandring_desktop.model.participants import ChallengeState

T = TypeVar("T")
KT = TypeVar("KT")


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive date range; either end may be open."""

    start: date | None = None
    end: date | None = None

    def contains(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def overlaps(self, first: date, last: date | None) -> bool:
        """Does a course from ``first`` to ``last`` (None: still running) touch the period?"""
        return (self.end is None or first <= self.end) and (
            self.start is None or last is None or last >= self.start
        )


ALL_TIME = Period()


@dataclass(frozen=True, slots=True)
class RatingPoint:
    day: date
    staff: int | None  # level; None when not rated (or rated on a retired step)
    participant: int | None


@dataclass(frozen=True, slots=True)
class EnrolmentSeries:
    """One participant on one ladder: start, goal and the ratings in date order."""

    participant_id: uuid.UUID
    ladder_id: uuid.UUID
    target_group_id: uuid.UUID | None
    start_day: date  # the participant's start date
    end_day: date | None  # exit or end date; None while active
    start_level: int
    goal_level: int | None
    points: tuple[RatingPoint, ...] = ()


@dataclass(frozen=True, slots=True)
class ChallengeRecord:
    """One intake challenge of one participant and its states over time."""

    participant_id: uuid.UUID
    target_group_id: uuid.UUID | None
    start_day: date
    end_day: date | None
    weight: int | None
    states: tuple[tuple[date, ChallengeState], ...] = ()  # date order


# -- one enrolment ----------------------------------------------------------------------


def _within(series: EnrolmentSeries, period: Period) -> list[RatingPoint]:
    end = period.end
    return [p for p in series.points if end is None or p.day <= end]


def _level_at(series: EnrolmentSeries, day: date | None, who: str = "staff") -> int:
    """The latest rated level on or before ``day`` (the start level before any rating)."""
    level = series.start_level
    for point in series.points:
        if day is not None and point.day > day:
            break
        value = point.staff if who == "staff" else point.participant
        if value is not None:
            level = value
    return level


def current_level(series: EnrolmentSeries, period: Period = ALL_TIME) -> int:
    return _level_at(series, period.end)


def steps_moved(series: EnrolmentSeries, period: Period = ALL_TIME) -> int:
    """Levels gained (negative: lost) from the period's start to its end, by the staff's
    ratings. Before the period starts the person stands at their start level or their
    last rating before it."""
    if period.start is None or period.start <= series.start_day:
        before = series.start_level
    else:
        before = _level_at(series, _day_before(period.start))
    return current_level(series, period) - before


def _day_before(day: date) -> date:
    return date.fromordinal(day.toordinal() - 1)


def goal_reached(series: EnrolmentSeries, period: Period = ALL_TIME) -> bool | None:
    """Has the staff's latest rating reached the individual goal? None without a goal."""
    if series.goal_level is None:
        return None
    return current_level(series, period) >= series.goal_level


def weeks_per_step(series: EnrolmentSeries, period: Period = ALL_TIME) -> list[float]:
    """For each new level first reached, the weeks since the previous level was first
    reached (from the start date for the first step up). Setbacks do not reset the clock."""
    durations: list[float] = []
    best = series.start_level
    since = series.start_day
    for point in _within(series, period):
        if point.staff is None or point.staff <= best:
            continue
        weeks = (point.day - since).days / 7
        gained = point.staff - best
        durations.extend([weeks / gained] * gained)  # a jump of n steps: n equal parts
        best, since = point.staff, point.day
    return durations


@dataclass(frozen=True, slots=True)
class Agreement:
    """Staff vs participant on the same follow-ups."""

    compared: int = 0  # ratings where both rated
    same: int = 0
    total_difference: int = 0  # sum of |staff - participant|
    participant_higher: int = 0

    @property
    def share_same(self) -> float | None:
        return self.same / self.compared if self.compared else None

    @property
    def mean_difference(self) -> float | None:
        return self.total_difference / self.compared if self.compared else None

    def __add__(self, other: Agreement) -> Agreement:
        return Agreement(
            self.compared + other.compared,
            self.same + other.same,
            self.total_difference + other.total_difference,
            self.participant_higher + other.participant_higher,
        )


def agreement(series: EnrolmentSeries, period: Period = ALL_TIME) -> Agreement:
    result = Agreement()
    for point in series.points:
        if not period.contains(point.day) or point.staff is None or point.participant is None:
            continue
        diff = point.participant - point.staff
        result = result + Agreement(1, int(diff == 0), abs(diff), int(diff > 0))
    return result


# -- one person's challenges -------------------------------------------------------------


def state_at(record: ChallengeRecord, day: date | None) -> ChallengeState:
    state = ChallengeState.UNRESOLVED
    for when, value in record.states:
        if day is not None and when > day:
            break
        state = value
    return state


@dataclass(frozen=True, slots=True)
class ChallengeCount:
    """Challenges of one group of people: in the door, and how they stand now."""

    people: int = 0
    in_the_door: int = 0
    fully: int = 0
    partly: int = 0

    @property
    def out_the_door(self) -> int:
        """Challenges still there (not fully resolved)."""
        return self.in_the_door - self.fully

    @property
    def mean_in(self) -> float | None:
        return self.in_the_door / self.people if self.people else None

    @property
    def mean_out(self) -> float | None:
        return self.out_the_door / self.people if self.people else None


def count_challenges(
    records: Iterable[ChallengeRecord],
    people: Iterable[uuid.UUID],
    period: Period = ALL_TIME,
) -> ChallengeCount:
    """Count over ``people`` (everyone counts, also those with no challenges)."""
    persons = set(people)
    in_door = fully = partly = 0
    for record in records:
        if record.participant_id not in persons:
            continue
        in_door += 1
        state = state_at(record, period.end)
        fully += state is ChallengeState.FULLY
        partly += state is ChallengeState.PARTLY
    return ChallengeCount(len(persons), in_door, fully, partly)


# -- tallies and figures -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LadderFigures:
    """Figures for a set of enrolments (one ladder, one target group, ...)."""

    enrolments: int = 0
    rated: int = 0  # enrolments with at least one staff rating
    steps_moved_total: int = 0
    moved_up: int = 0
    moved_down: int = 0
    with_goal: int = 0
    goal_reached: int = 0
    median_weeks_per_step: float | None = None
    agreement: Agreement = field(default_factory=Agreement)

    @property
    def mean_steps_moved(self) -> float | None:
        return self.steps_moved_total / self.enrolments if self.enrolments else None

    @property
    def share_goal_reached(self) -> float | None:
        return self.goal_reached / self.with_goal if self.with_goal else None


@dataclass(frozen=True, slots=True)
class LadderTally:
    """The figures of some enrolments on one ladder of people in one target group, as sums
    that add up (see :func:`combine_tallies`): one enrolment, or all of them."""

    ladder_id: uuid.UUID
    target_group_id: uuid.UUID | None
    enrolments: int = 0
    rated: int = 0
    steps_moved_total: int = 0
    moved_up: int = 0
    moved_down: int = 0
    with_goal: int = 0
    goal_reached: int = 0
    weeks: tuple[tuple[float, int], ...] = ()  # (weeks per step, how many times), any order
    agreement: Agreement = field(default_factory=Agreement)


def tally_series(series: EnrolmentSeries, period: Period = ALL_TIME) -> LadderTally | None:
    """One enrolment's tally, or None when its course misses the period."""
    if not period.overlaps(series.start_day, series.end_day):
        return None
    moved = steps_moved(series, period)
    reached = goal_reached(series, period)
    weeks: dict[float, int] = defaultdict(int)
    for value in weeks_per_step(series, period):
        weeks[value] += 1
    return LadderTally(
        ladder_id=series.ladder_id,
        target_group_id=series.target_group_id,
        enrolments=1,
        rated=int(any(p.staff is not None for p in _within(series, period))),
        steps_moved_total=moved,
        moved_up=int(moved > 0),
        moved_down=int(moved < 0),
        with_goal=int(reached is not None),
        goal_reached=int(bool(reached)),
        weeks=tuple(weeks.items()),
        agreement=agreement(series, period),
    )


def median_of_counts(counts: Iterable[tuple[float, int]]) -> float | None:
    """``statistics.median`` of a list given as (value, how many times) pairs."""
    merged: dict[float, int] = defaultdict(int)
    for value, times in counts:
        merged[value] += times
    total = sum(merged.values())
    if not total:
        return None
    wanted = (total - 1) // 2, total // 2  # positions of the middle value(s), 0-based
    found: list[float] = []
    seen = 0
    for value in sorted(merged):
        seen += merged[value]
        while len(found) < 2 and wanted[len(found)] < seen:
            found.append(value)
        if len(found) == 2:
            break
    low, high = found
    return low if total % 2 else (low + high) / 2


def combine_tallies(tallies: Iterable[LadderTally]) -> LadderFigures:
    count = rated = moved_total = up = down = with_goal = reached = 0
    compared = same = difference = higher = 0
    weeks: list[tuple[float, int]] = []
    for one in tallies:
        count += one.enrolments
        rated += one.rated
        moved_total += one.steps_moved_total
        up += one.moved_up
        down += one.moved_down
        with_goal += one.with_goal
        reached += one.goal_reached
        weeks += one.weeks
        agree = one.agreement
        compared += agree.compared
        same += agree.same
        difference += agree.total_difference
        higher += agree.participant_higher
    return LadderFigures(
        enrolments=count,
        rated=rated,
        steps_moved_total=moved_total,
        moved_up=up,
        moved_down=down,
        with_goal=with_goal,
        goal_reached=reached,
        median_weeks_per_step=median_of_counts(weeks),
        agreement=Agreement(compared, same, difference, higher),
    )


def ladder_figures(series: Iterable[EnrolmentSeries], period: Period = ALL_TIME) -> LadderFigures:
    return combine_tallies(
        tally for one in series if (tally := tally_series(one, period)) is not None
    )


def group_by(items: Iterable[T], key: Callable[[T], KT]) -> dict[KT, list[T]]:
    grouped: dict[KT, list[T]] = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return dict(grouped)


@dataclass(frozen=True, slots=True)
class StatusFigures:
    """The organisation's status: overall, per ladder and per target group."""

    participants: int
    active: int
    ended: int
    challenges: ChallengeCount
    overall: LadderFigures
    per_ladder: dict[uuid.UUID, LadderFigures]
    per_target_group: dict[uuid.UUID | None, LadderFigures]
    challenges_per_target_group: dict[uuid.UUID | None, ChallengeCount]


@dataclass(frozen=True, slots=True)
class PersonRecord:
    participant_id: uuid.UUID
    target_group_id: uuid.UUID | None
    start_day: date
    end_day: date | None


@dataclass(frozen=True, slots=True)
class PeopleTally:
    """People of one target group present in a period, as sums that add up: one person
    (see :func:`tally_person`), or all of them."""

    target_group_id: uuid.UUID | None
    people: int = 0
    ended: int = 0  # ended within the period
    challenges: int = 0  # in the door
    fully: int = 0  # fully resolved at the period's end
    partly: int = 0


def tally_person(
    person: PersonRecord, challenges: Iterable[ChallengeRecord], period: Period = ALL_TIME
) -> PeopleTally | None:
    """One person's tally (``challenges``: their own), or None when the course misses the
    period."""
    if not period.overlaps(person.start_day, person.end_day):
        return None
    count = count_challenges(challenges, [person.participant_id], period)
    return PeopleTally(
        target_group_id=person.target_group_id,
        people=1,
        ended=int(person.end_day is not None and period.contains(person.end_day)),
        challenges=count.in_the_door,
        fully=count.fully,
        partly=count.partly,
    )


def combine_people(tallies: Iterable[PeopleTally]) -> ChallengeCount:
    people = in_door = fully = partly = 0
    for one in tallies:
        people += one.people
        in_door += one.challenges
        fully += one.fully
        partly += one.partly
    return ChallengeCount(people, in_door, fully, partly)


def status_from_tallies(
    people: Sequence[PeopleTally], enrolments: Sequence[LadderTally]
) -> StatusFigures:
    """Combine the tallies of the people present in a period and of their enrolments."""
    present = sum(p.people for p in people)
    ended = sum(p.ended for p in people)
    return StatusFigures(
        participants=present,
        active=present - ended,
        ended=ended,
        challenges=combine_people(people),
        overall=combine_tallies(enrolments),
        per_ladder={
            k: combine_tallies(v) for k, v in group_by(enrolments, lambda e: e.ladder_id).items()
        },
        per_target_group={
            k: combine_tallies(v)
            for k, v in group_by(enrolments, lambda e: e.target_group_id).items()
        },
        challenges_per_target_group={
            k: combine_people(v) for k, v in group_by(people, lambda p: p.target_group_id).items()
        },
    )


def status_figures(
    people: Sequence[PersonRecord],
    series: Sequence[EnrolmentSeries],
    challenges: Sequence[ChallengeRecord],
    period: Period = ALL_TIME,
) -> StatusFigures:
    """Everything the status page shows. People outside the period are left out."""
    own = group_by(challenges, lambda c: c.participant_id)
    present: dict[uuid.UUID, PeopleTally] = {}
    for person in people:
        found = tally_person(person, own.get(person.participant_id, ()), period)
        if found is not None:
            present[person.participant_id] = found
    enrolments = [
        tally
        for one in series
        if one.participant_id in present and (tally := tally_series(one, period)) is not None
    ]
    return status_from_tallies(list(present.values()), enrolments)


def records_from_document(
    doc: OrganisationDocument,
) -> tuple[list[PersonRecord], list[EnrolmentSeries], list[ChallengeRecord]]:
    """The light records of every live participant in a document."""
    ladders = {lad.id: lad for lad in doc.ladders}
    people: list[PersonRecord] = []
    series: list[EnrolmentSeries] = []
    challenges: list[ChallengeRecord] = []
    for person in doc.participants:
        if person.is_deleted:
            continue
        end = person.exit.date if person.exit is not None else person.end_date
        people.append(PersonRecord(person.id, person.target_group_id, person.start_date, end))
        follow_ups = sorted(
            (f for f in person.follow_ups if not f.is_deleted), key=lambda f: f.date
        )
        for enrolment in person.enrolments:
            ladder = ladders.get(enrolment.ladder_id)
            if enrolment.is_deleted or ladder is None or ladder.is_deleted:
                continue
            start = ladder.level_of(enrolment.start_step_id) or 1
            goal = ladder.level_of(enrolment.goal_step_id) if enrolment.goal_step_id else None
            points = tuple(
                RatingPoint(
                    f.date,
                    ladder.level_of(r.staff_step_id) if r.staff_step_id else None,
                    ladder.level_of(r.participant_step_id) if r.participant_step_id else None,
                )
                for f in follow_ups
                for r in f.ratings
                if r.enrolment_id == enrolment.id and not r.is_deleted
            )
            series.append(
                EnrolmentSeries(
                    person.id,
                    ladder.id,
                    person.target_group_id,
                    person.start_date,
                    end,
                    start,
                    goal,
                    points,
                )
            )
        for challenge in person.challenges:
            if challenge.is_deleted:
                continue
            states = tuple(
                (f.date, s.state)
                for f in follow_ups
                for s in f.challenge_statuses
                if s.challenge_id == challenge.id and not s.is_deleted
            )
            challenges.append(
                ChallengeRecord(
                    person.id,
                    person.target_group_id,
                    person.start_date,
                    end,
                    challenge.weight,
                    states,
                )
            )
    return people, series, challenges
