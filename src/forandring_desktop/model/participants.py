"""From theory to documentation: participants, their ladders, follow-ups and exit."""

from __future__ import annotations

import uuid
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


class FollowUp(Entity):
    date: date
    note: LongText = ""
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


class Destination(StrEnum):
    """Where a person goes 'ud af døren'."""

    JOB = "job"
    EDUCATION = "education"
    FLEX_JOB = "flex_job"
    OTHER_OFFER = "other_offer"
    OTHER = "other"
    UNKNOWN = "unknown"


DESTINATION_LABEL: dict[Destination, str] = {
    Destination.JOB: "Job",
    Destination.EDUCATION: "Uddannelse",
    Destination.FLEX_JOB: "Fleksjob / job på særlige vilkår",
    Destination.OTHER_OFFER: "Andet tilbud",
    Destination.OTHER: "Andet",
    Destination.UNKNOWN: "Ukendt",
}


class Exit(Record):
    date: date
    destination: Destination = Destination.UNKNOWN
    note: LongText = ""


class Participant(Entity):
    code: ParticipantCode
    name: ShortText = ""
    start_date: date
    end_date: date | None = None
    target_group_id: uuid.UUID | None = None
    municipality: ShortText = ""
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
