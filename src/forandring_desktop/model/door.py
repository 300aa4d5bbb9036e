"""Step 3 of the guide: 'ind ad døren – ud af døren' sheets with coloured post-its."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from forandring_desktop.model.base import Entity, ItemText, ShortText

BOARD_LIMIT = 5_000_000.0  # board coordinates: 20,000 notes stacked in one lane still fit


class Side(StrEnum):
    IN = "in"  # SITUATION IND AD DØREN
    OUT = "out"  # SITUATION UD AF DØREN


class Colour(StrEnum):
    """The guide's colours; the meaning, not the hue, is what is stored."""

    UNSORTED = "unsorted"
    GREEN = "green"  # we can create it ourselves
    YELLOW = "yellow"  # we can start it but depend on others
    RED = "red"  # outside our control


COLOUR_MEANING: dict[Colour, str] = {
    Colour.GREEN: "Forandringer, det er realistisk for jer at skabe selv.",
    Colour.YELLOW: (
        "Forandringer, I kan sætte i gang, hvor I er afhængige af andre "
        "(kommune, familie, sundhedsvæsen eller andre)."
    ),
    Colour.RED: "Forandringer uden for jeres kontrol, og ting I ikke kan ændre på.",
    Colour.UNSORTED: "Endnu ikke sorteret.",
}


class DoorNote(Entity):
    text: ItemText
    side: Side
    colour: Colour = Colour.UNSORTED
    x: float = Field(default=0.0, ge=-BOARD_LIMIT, le=BOARD_LIMIT)
    y: float = Field(default=0.0, ge=-BOARD_LIMIT, le=BOARD_LIMIT)
    width: float = Field(default=180.0, gt=0, le=5_000)
    height: float = Field(default=110.0, gt=0, le=5_000)
    pair_id: uuid.UUID | None = None  # on an in-note: the out-note it turns into

    @model_validator(mode="after")
    def _pair_only_from_in(self) -> Self:
        if self.pair_id is not None and self.side is not Side.IN:
            raise PydanticCustomError(
                "pair_side", "Kun en seddel ind ad døren kan parres med en seddel ud af døren."
            )
        if self.pair_id == self.id:
            raise PydanticCustomError("pair_self", "En seddel kan ikke parres med sig selv.")
        return self


@dataclass(frozen=True, slots=True)
class PairState:
    """What the pairing rules need to know of a note."""

    side: Side
    pair_id: uuid.UUID | None
    text: str = ""


def check_pairs(notes: Mapping[uuid.UUID, PairState]) -> None:
    """Pairs run from an in-note to an out-note on the same sheet, one to one."""
    used: set[uuid.UUID] = set()
    for note in notes.values():
        if note.pair_id is None:
            continue
        partner = notes.get(note.pair_id)
        if partner is None or partner.side is not Side.OUT:
            raise PydanticCustomError(
                "pair_target",
                "Sedlen ‘{text}’ er parret med en seddel, der ikke står ud af døren på samme ark.",
                {"text": note.text[:40]},
            )
        if note.pair_id in used:
            raise PydanticCustomError(
                "pair_twice",
                "Sedlen ‘{text}’ ud af døren er parret med mere end én seddel.",
                {"text": partner.text[:40]},
            )
        used.add(note.pair_id)


class DoorSheet(Entity):
    title: ShortText = ""
    persona_id: uuid.UUID | None = None
    target_group_id: uuid.UUID | None = None
    notes: list[DoorNote] = Field(default_factory=list, max_length=20_000)

    @model_validator(mode="after")
    def _rules(self) -> Self:
        if self.persona_id is not None and self.target_group_id is not None:
            raise PydanticCustomError(
                "sheet_owner", "Et ark hører til enten en persona eller en målgruppe, ikke begge."
            )
        if len({n.id for n in self.notes}) != len(self.notes):
            raise PydanticCustomError("duplicate_id", "To sedler har samme id.")
        check_pairs({n.id: PairState(n.side, n.pair_id, n.text) for n in self.notes})
        return self

    def live_notes(self) -> list[DoorNote]:
        return [n for n in self.notes if not n.is_deleted]
