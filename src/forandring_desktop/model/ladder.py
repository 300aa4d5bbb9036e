"""Step 4 of the guide: goal ladders (måltrapper) and trin-tegn-handling."""

from __future__ import annotations

import uuid
from typing import Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from forandring_desktop.model.base import Entity, LongText, Record, RequiredText, ShortText

MAX_STEPS = 200

LADDER_INSTRUCTIONS = (
    "Skriv dit mål på øverste trin",
    "På hvert trin skriver du et delmål",
    "Beskriv de tegn, der viser, at personen har udviklet sig og rykket et trin op af trappen",
)


class LadderStep(Entity):
    """One step. Ratings point at its id, so rewording or moving it never changes history."""

    # The sub-goal (delmål); the first step is UDGANGSPUNKTET, the last MÅLET. May be empty
    # while a workshop is still filling the ladder in; the quality hints flag it.
    text: LongText = ""
    signs: LongText = ""  # TEGN: what you see in a person on this step
    action: LongText = ""  # HANDLING: what to do now to help the person up


class LadderSource(Record):
    """Where a ladder came from: a pair on a door sheet (in-note -> out-note)."""

    sheet_id: uuid.UUID
    in_note_id: uuid.UUID
    out_note_id: uuid.UUID


class Ladder(Entity):
    title: ShortText = ""
    change_goal: RequiredText  # FORANDRINGSMÅL
    # Bottom -> top, retired steps kept (for their ratings); the live ones are limited below.
    steps: list[LadderStep] = Field(default_factory=list, max_length=5_000)
    target_group_ids: list[uuid.UUID] = Field(default_factory=list, max_length=100)
    source: LadderSource | None = None

    @model_validator(mode="after")
    def _unique_steps(self) -> Self:
        if len({s.id for s in self.steps}) != len(self.steps):
            raise PydanticCustomError("duplicate_id", "To trin har samme id.")
        if sum(1 for s in self.steps if not s.is_deleted) > MAX_STEPS:
            raise PydanticCustomError(
                "too_many_steps", "En måltrappe kan højst have {max} trin.", {"max": MAX_STEPS}
            )
        if len(set(self.target_group_ids)) != len(self.target_group_ids):
            raise PydanticCustomError(
                "duplicate_group", "En målgruppe står to gange på måltrappen."
            )
        return self

    def live_steps(self) -> list[LadderStep]:
        """Steps in order, without retired (soft-deleted) ones."""
        return [s for s in self.steps if not s.is_deleted]

    def step_ids(self) -> set[uuid.UUID]:
        return {s.id for s in self.steps}

    def level_of(self, step_id: uuid.UUID) -> int | None:
        """1-based height of a live step on the ladder, or None if retired/unknown."""
        for level, step in enumerate(self.live_steps(), start=1):
            if step.id == step_id:
                return level
        return None
