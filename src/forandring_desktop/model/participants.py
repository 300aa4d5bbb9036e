"""From theory to documentation: participants, their ladders, follow-ups and exit."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from forandring_desktop.model.base import (
    Entity,
    ItemText,
    LongText,
    Name,
    Record,
    ShortText,
    StrictishInt,
)
from forandring_desktop.model.ladder import Ladder
from forandring_desktop.model.texts import QT_TRANSLATE_NOOP

# A pseudonymous code: letters, digits and - _ . /, no spaces (no names, no CPR numbers).
ParticipantCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=32, pattern=r"^[\w.\-/]+$"),
]


class Challenge(Entity):
    """One intake challenge ('ind ad døren' for one person)."""

    text: ItemText
    weight: Annotated[StrictishInt, Field(ge=0, le=10)] | None = None  # how much it fills, 0-10
    source_note_id: uuid.UUID | None = None  # the door-sheet note it was picked from


class Enrolment(Entity):
    """A participant placed on a ladder: where they start and the goal set with them."""

    ladder_id: uuid.UUID
    start_step_id: uuid.UUID
    goal_step_id: uuid.UUID | None = None


class ChallengeState(StrEnum):
    UNRESOLVED = "unresolved"
    PARTLY = "partly"
    FULLY = "fully"


class LadderRating(Entity):
    """One ladder at one follow-up: the staff's step and the participant's own step."""

    enrolment_id: uuid.UUID
    staff_step_id: uuid.UUID | None = None
    participant_step_id: uuid.UUID | None = None
    note: LongText = ""
    action: LongText = ""


class ChallengeStatus(Entity):
    challenge_id: uuid.UUID
    state: ChallengeState = ChallengeState.UNRESOLVED


class AreaScore(Entity):
    """Seed 003's progression score per main area: -5 setback … 0 status quo … +5 goal reached."""

    area: Name
    score: Annotated[StrictishInt, Field(ge=-5, le=5)]


# What a follow-up recorded before authors were kept shows as its author.
UNKNOWN_AUTHOR = QT_TRANSLATE_NOOP("FollowUp", "ukendt")


class FollowUp(Entity):
    date: date
    note: LongText = ""
    # Which staff member recorded it, by id and by their name then; None in files from
    # before authors were kept (shown as "ukendt"). A revision keeps the author: who
    # changed a follow-up is in the audit log.
    author_id: uuid.UUID | None = None
    author_name: Name | None = None
    ratings: list[LadderRating] = Field(default_factory=list, max_length=200)
    challenge_statuses: list[ChallengeStatus] = Field(default_factory=list, max_length=500)
    area_scores: list[AreaScore] = Field(default_factory=list, max_length=12)

    @model_validator(mode="after")
    def _one_each(self) -> Self:
        live = [r.enrolment_id for r in self.ratings if not r.is_deleted]
        if len(set(live)) != len(live):
            raise PydanticCustomError(
                "duplicate_rating", "En måltrappe er vurderet to gange i samme opfølgning."
            )
        states = [s.challenge_id for s in self.challenge_statuses if not s.is_deleted]
        if len(set(states)) != len(states):
            raise PydanticCustomError(
                "duplicate_status", "En udfordring har to statusser i samme opfølgning."
            )
        areas = [a.area.casefold() for a in self.area_scores if not a.is_deleted]
        if len(set(areas)) != len(areas):
            raise PydanticCustomError(
                "duplicate_area", "Et hovedområde er scoret to gange i samme opfølgning."
            )
        return self

    @property
    def author_text(self) -> str:
        """The author's name, or "ukendt" for a follow-up recorded before authors were kept."""
        return self.author_name or UNKNOWN_AUTHOR


class Destination(StrEnum):
    """Where a person goes 'ud af døren'."""

    JOB = "job"
    EDUCATION = "education"
    FLEX_JOB = "flex_job"
    OTHER_OFFER = "other_offer"
    OTHER = "other"
    UNKNOWN = "unknown"


DESTINATION_LABEL: dict[Destination, str] = {
    Destination.JOB: QT_TRANSLATE_NOOP("Destination", "Job"),
    Destination.EDUCATION: QT_TRANSLATE_NOOP("Destination", "Uddannelse"),
    Destination.FLEX_JOB: QT_TRANSLATE_NOOP("Destination", "Fleksjob / job på særlige vilkår"),
    Destination.OTHER_OFFER: QT_TRANSLATE_NOOP("Destination", "Andet tilbud"),
    Destination.OTHER: QT_TRANSLATE_NOOP("Destination", "Andet"),
    Destination.UNKNOWN: QT_TRANSLATE_NOOP("Destination", "Ukendt"),
}


class Exit(Record):
    date: date
    destination: Destination = Destination.UNKNOWN
    note: LongText = ""


# The fields of a participant the intake form sets (not follow-ups, exit or deletion).
INTAKE_FIELDS: tuple[str, ...] = (
    "code",
    "name",
    "start_date",
    "end_date",
    "target_group_id",
    "mentor",
    "municipality",
    "challenges",
    "enrolments",
)


class Participant(Entity):
    code: ParticipantCode
    name: ShortText = ""
    start_date: date
    end_date: date | None = None
    target_group_id: uuid.UUID | None = None
    mentor: ShortText = ""
    municipality: ShortText = ""  # the paying municipality
    challenges: list[Challenge] = Field(default_factory=list, max_length=500)
    enrolments: list[Enrolment] = Field(default_factory=list, max_length=100)
    follow_ups: list[FollowUp] = Field(default_factory=list, max_length=2_000)
    exit: Exit | None = None

    @model_validator(mode="after")
    def _rules(self) -> Self:
        if self.end_date is not None and self.end_date < self.start_date:
            raise PydanticCustomError("end_before_start", "Slutdatoen ligger før startdatoen.")
        if self.exit is not None and self.exit.date < self.start_date:
            raise PydanticCustomError("exit_before_start", "Udskrivningen ligger før startdatoen.")
        for follow_up in self.follow_ups:
            if follow_up.date < self.start_date:
                raise PydanticCustomError(
                    "follow_up_before_start",
                    "Opfølgningen den {day} ligger før forløbets start.",
                    {"day": follow_up.date.isoformat()},
                )
        # One follow-up a day is a rule for new follow-ups (services/participants.py), not
        # for a record: two laptops may each record one on the same day, and sync keeps both.
        enrolments = {e.id for e in self.enrolments}
        challenges = {c.id for c in self.challenges}
        for follow_up in self.follow_ups:
            for rating in follow_up.ratings:
                if rating.enrolment_id not in enrolments:
                    raise PydanticCustomError(
                        "unknown_enrolment",
                        "En vurdering henviser til en måltrappe, deltageren ikke er placeret på.",
                    )
            for status in follow_up.challenge_statuses:
                if status.challenge_id not in challenges:
                    raise PydanticCustomError(
                        "unknown_challenge",
                        "En status henviser til en udfordring, deltageren ikke har.",
                    )
        ladders = [e.ladder_id for e in self.enrolments if not e.is_deleted]
        if len(set(ladders)) != len(ladders):
            raise PydanticCustomError(
                "duplicate_enrolment", "Deltageren er placeret to gange på samme måltrappe."
            )
        return self

    @property
    def is_active(self) -> bool:
        return self.exit is None and self.end_date is None


# -- working with one participant (pure: the UI builds the new record, a service stores it) --


def live_follow_ups(person: Participant) -> list[FollowUp]:
    """The follow-ups that count, oldest first."""
    return sorted((f for f in person.follow_ups if not f.is_deleted), key=lambda f: f.date)


SAME_DAY = "Deltageren har allerede en opfølgning den dag; ret den i stedet for at lave en ny."


def same_day_follow_ups(
    follow_ups: Sequence[FollowUp], stored: Collection[tuple[uuid.UUID, date]] = ()
) -> list[FollowUp]:
    """The live follow-ups that would make a second one on a day, leaving out pairs that
    are stored already (``stored``: (id, day) of the live follow-ups in the file; two from
    two laptops kept by sync stay valid)."""
    by_day: dict[date, list[FollowUp]] = {}
    for follow_up in follow_ups:
        if not follow_up.is_deleted:
            by_day.setdefault(follow_up.date, []).append(follow_up)
    known = set(stored)
    found: list[FollowUp] = []
    for day, visits in by_day.items():
        if len(visits) > 1:
            found += [f for f in visits if (f.id, day) not in known]
    return found


def with_follow_up(person: Participant, follow_up: FollowUp) -> Participant:
    """``person`` with ``follow_up`` added, or replacing the one with the same id."""
    others = [f for f in person.follow_ups if f.id != follow_up.id]
    ordered = sorted([*others, follow_up], key=lambda f: (f.date, f.id))
    # The follow-up carries its own times; the participant's own fields did not change.
    return person.changed(
        follow_ups=[f.model_dump() for f in ordered], updated_at=person.updated_at
    )


def latest_states(
    person: Participant, before: date | None = None
) -> dict[uuid.UUID, ChallengeState]:
    """Each live challenge's latest state (from follow-ups on or before ``before``)."""
    states = {c.id: ChallengeState.UNRESOLVED for c in person.challenges if not c.is_deleted}
    for follow_up in live_follow_ups(person):
        if before is not None and follow_up.date > before:
            break
        for status in follow_up.challenge_statuses:
            if not status.is_deleted and status.challenge_id in states:
                states[status.challenge_id] = status.state
    return states


def latest_steps(
    person: Participant, before: date | None = None
) -> dict[uuid.UUID, tuple[uuid.UUID | None, uuid.UUID | None]]:
    """Per live enrolment: the latest (staff step, participant's own step); the start step
    for the staff before any rating, None for the participant before they rated."""
    steps: dict[uuid.UUID, tuple[uuid.UUID | None, uuid.UUID | None]] = {
        e.id: (e.start_step_id, None) for e in person.enrolments if not e.is_deleted
    }
    for follow_up in live_follow_ups(person):
        if before is not None and follow_up.date > before:
            break
        apply_ratings(steps, follow_up.ratings)
    return steps


def apply_ratings(
    steps: dict[uuid.UUID, tuple[uuid.UUID | None, uuid.UUID | None]],
    ratings: Iterable[LadderRating],
) -> None:
    """Move each enrolment in ``steps`` to the (staff, own) step of its live rating; a side
    the rating leaves empty keeps its earlier step."""
    for rating in ratings:
        if rating.is_deleted or rating.enrolment_id not in steps:
            continue
        staff, own = steps[rating.enrolment_id]
        steps[rating.enrolment_id] = (
            rating.staff_step_id or staff,
            rating.participant_step_id or own,
        )


def area_scores_at(person: Participant, *, first: bool) -> dict[str, int]:
    """Each main area's first (``first=True``) or latest score, by area name."""
    scores: dict[str, int] = {}
    for follow_up in live_follow_ups(person):
        for score in follow_up.area_scores:
            if score.is_deleted or (first and score.area in scores):
                continue
            scores[score.area] = score.score
    return scores


@dataclass(frozen=True, slots=True)
class ParticipantSummary:
    """One row of the participant list: light, read with one query."""

    id: uuid.UUID
    code: str
    name: str
    target_group_id: uuid.UUID | None
    mentor: str
    municipality: str
    start_date: date
    end_date: date | None  # exit or end date
    follow_ups: int
    last_follow_up: date | None

    @property
    def is_active(self) -> bool:
        return self.end_date is None


class StatusFilter(StrEnum):
    ALL = "all"
    ACTIVE = "active"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class ParticipantFilter:
    """The participant list's search and filters; empty values match everyone."""

    text: str = ""  # part of the code or the name
    target_group_id: uuid.UUID | None = None
    status: StatusFilter = StatusFilter.ALL
    mentor: str = ""
    period_start: date | None = None  # the course touches this period
    period_end: date | None = None

    def matches(self, row: ParticipantSummary) -> bool:
        if self.text:
            needle = self.text.casefold()
            if needle not in row.code.casefold() and needle not in row.name.casefold():
                return False
        if self.target_group_id is not None and row.target_group_id != self.target_group_id:
            return False
        if self.status is StatusFilter.ACTIVE and not row.is_active:
            return False
        if self.status is StatusFilter.ENDED and row.is_active:
            return False
        if self.mentor and row.mentor.casefold() != self.mentor.casefold():
            return False
        if self.period_end is not None and row.start_date > self.period_end:
            return False
        return not (
            self.period_start is not None
            and row.end_date is not None
            and row.end_date < self.period_start
        )

    def apply(self, rows: Iterable[ParticipantSummary]) -> list[ParticipantSummary]:
        return [row for row in rows if self.matches(row)]


def ladder_points(
    person: Participant, enrolment: Enrolment, ladder: Ladder
) -> list[tuple[date, int | None, int | None]]:
    """(date, staff level, own level) of each live rating on one ladder, oldest first.
    A rating on a retired step has no level (None)."""
    points: list[tuple[date, int | None, int | None]] = []
    for follow_up in live_follow_ups(person):
        for rating in follow_up.ratings:
            if rating.is_deleted or rating.enrolment_id != enrolment.id:
                continue
            staff, own = rating.staff_step_id, rating.participant_step_id
            points.append(
                (
                    follow_up.date,
                    ladder.level_of(staff) if staff else None,
                    ladder.level_of(own) if own else None,
                )
            )
    return points
