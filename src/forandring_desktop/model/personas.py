"""Step 2 of the guide: persona sheets and the target groups they are merged into."""

from __future__ import annotations

import uuid
from enum import StrEnum

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from forandring_desktop.model.base import LIST_MAX, Entity, ItemText, LongText, Name, ShortText


class PersonaKind(StrEnum):
    """The guide's three kinds of persona: a typical, a hard and an easy user."""

    TYPICAL = "typical"
    HARD = "hard"
    EASY = "easy"


class Persona(Entity):
    name: Name
    gender: ShortText = ""
    age: int | None = Field(default=None, ge=0, le=120)
    kind: PersonaKind = PersonaKind.TYPICAL
    background: list[ItemText] = Field(default_factory=list, max_length=LIST_MAX)
    problems: list[ItemText] = Field(default_factory=list, max_length=LIST_MAX)


class TargetGroup(Entity):
    name: Name
    description: LongText = ""
    persona_ids: list[uuid.UUID] = Field(default_factory=list, max_length=LIST_MAX)

    @field_validator("persona_ids")
    @classmethod
    def _unique(cls, ids: list[uuid.UUID]) -> list[uuid.UUID]:
        if len(set(ids)) != len(ids):
            raise PydanticCustomError("duplicate_persona", "En persona står to gange i målgruppen.")
        return ids
