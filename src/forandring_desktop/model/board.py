"""The 'ind ad døren – ud af døren' board: its geometry and every gesture as a pure function.

The board has two halves, SITUATION IND AD DØREN on the left and SITUATION UD AF DØREN on
the right. Each half is split into four colour lanes (columns), mirrored so that the green
lanes meet at the door in the middle, where the changes we create ourselves are::

    | Usorteret | Rød | Gul | Grøn || Grøn | Gul | Rød | Usorteret |
    |<------- IND AD DØREN -------->||<-------- UD AF DØREN -------->|

A note's lane says its side and colour; lanes grow downwards without limit. Each gesture
function returns the notes it changed (new versions), so a caller can save exactly those
and undo by saving the old versions back. The keyboard moves (a note one lane, one row or a
few points further) only say where the notes go; ``move_notes`` turns that into changes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from forandring_desktop.model.base import utcnow
from forandring_desktop.model.door import BOARD_LIMIT, Colour, DoorNote, DoorSheet, Side

NOTE_WIDTH = 180.0
NOTE_HEIGHT = 110.0
LANE_WIDTH = 220.0
LANE_MARGIN = (LANE_WIDTH - NOTE_WIDTH) / 2
DOOR_GAP = 80.0  # the door between the two halves
TOP = 90.0  # room above the lanes for the headings
ROW = NOTE_HEIGHT + 20.0

LANE_ORDER: dict[Side, tuple[Colour, ...]] = {
    Side.IN: (Colour.UNSORTED, Colour.RED, Colour.YELLOW, Colour.GREEN),
    Side.OUT: (Colour.GREEN, Colour.YELLOW, Colour.RED, Colour.UNSORTED),
}
HALF_WIDTH = LANE_WIDTH * len(LANE_ORDER[Side.IN])
BOARD_WIDTH = 2 * HALF_WIDTH + DOOR_GAP


@dataclass(frozen=True, slots=True)
class Lane:
    side: Side
    colour: Colour
    left: float

    @property
    def right(self) -> float:
        return self.left + LANE_WIDTH

    @property
    def note_x(self) -> float:
        return self.left + LANE_MARGIN


def _half_left(side: Side) -> float:
    return 0.0 if side is Side.IN else HALF_WIDTH + DOOR_GAP


LANES: tuple[Lane, ...] = tuple(
    Lane(side, colour, _half_left(side) + i * LANE_WIDTH)
    for side in (Side.IN, Side.OUT)
    for i, colour in enumerate(LANE_ORDER[side])
)


def lane(side: Side, colour: Colour) -> Lane:
    return next(ln for ln in LANES if ln.side is side and ln.colour is colour)


def lane_at(x: float) -> Lane:
    """The lane under board x-coordinate ``x`` (the door counts to the nearer half)."""
    if x < HALF_WIDTH + DOOR_GAP / 2:
        index = min(max(int(x // LANE_WIDTH), 0), 3)
        return LANES[index]
    index = min(max(int((x - HALF_WIDTH - DOOR_GAP) // LANE_WIDTH), 0), 3)
    return LANES[4 + index]


def lane_of_note(note: DoorNote) -> Lane:
    """The lane a note's centre lies in."""
    return lane_at(note.x + note.width / 2)


def next_free_y(
    notes: Iterable[DoorNote], target: Lane, exclude: Iterable[uuid.UUID] = ()
) -> float:
    """Below the lowest live note in ``target`` (or at the top of an empty lane)."""
    skip = set(exclude)
    bottoms = [
        n.y + n.height
        for n in notes
        if not n.is_deleted and n.id not in skip and lane_of_note(n) == target
    ]
    return max(bottoms) + (ROW - NOTE_HEIGHT) if bottoms else TOP


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


# -- keyboard moves: where the notes a key moves go -------------------------------------


@dataclass(frozen=True, slots=True)
class Place:
    """Where a note lies on the board as shown: its top-left corner and its size."""

    x: float
    y: float
    width: float
    height: float

    @property
    def lane(self) -> Lane:
        """The lane its centre lies in."""
        return lane_at(self.x + self.width / 2)


Positions = dict[uuid.UUID, tuple[float, float]]


def on_board(place: Place, x: float, y: float) -> tuple[float, float]:
    """(x, y) for a note of ``place``'s size, kept on the board: its centre within the outer
    lanes, its top below the headings, its bottom within the board's limit."""
    return (
        clamp(x, 1 - place.width / 2, BOARD_WIDTH - place.width / 2 - 1),
        clamp(y, TOP, BOARD_LIMIT - place.height),
    )


def nudged(places: Mapping[uuid.UUID, Place], dx: float, dy: float) -> Positions:
    """The notes at ``places`` pushed by (dx, dy), kept on the board."""
    return {i: on_board(p, p.x + dx, p.y + dy) for i, p in places.items()}


def moved_rows(places: Mapping[uuid.UUID, Place], step: int) -> Positions:
    """The notes at ``places`` moved ``step`` rows down (up when negative), kept on the board."""
    return {i: on_board(p, p.x, p.y + step * ROW) for i, p in places.items()}


def lane_beside(here: Lane, step: int) -> Lane | None:
    """The lane ``step`` lanes right of ``here`` (left when negative; across the door from
    green to green), or None past the board's edge."""
    index = LANES.index(here) + step
    return LANES[index] if 0 <= index < len(LANES) else None


def free_y(target: Lane, y: float, height: float, others: Iterable[Place]) -> float:
    """``y``, or the first place below it in ``target`` where none of ``others`` lies."""
    spans = sorted((p.y, p.y + p.height) for p in others if p.lane == target)
    for top, bottom in spans:
        if top < y + height and y < bottom:
            y = bottom + (ROW - NOTE_HEIGHT)
    return y


def moved_lanes(
    moving: Mapping[uuid.UUID, Place], others: Iterable[Place], step: int
) -> Positions | None:
    """The notes at ``moving`` moved ``step`` lanes right (left when negative), each at the
    same offset in its new lane and at the first free height from where it was among
    ``others`` (the notes that stay), kept on the board; None when one would leave it."""
    staying = list(others)
    positions: Positions = {}
    for note_id, place in moving.items():
        here = place.lane
        target = lane_beside(here, step)
        if target is None:
            return None
        x = target.left + (place.x - here.left)
        y = free_y(target, place.y, place.height, staying)
        positions[note_id] = on_board(place, x, y)
    return positions


def _by_id(sheet: DoorSheet) -> dict[uuid.UUID, DoorNote]:
    return {n.id: n for n in sheet.notes}


def _merge(changed: dict[uuid.UUID, DoorNote], note: DoorNote, **updates: object) -> None:
    base = changed.get(note.id, note)
    changed[note.id] = base.changed(**updates)


def _pointing_at(sheet: DoorSheet) -> dict[uuid.UUID, DoorNote]:
    """out-note id -> the live in-note paired with it (built once per gesture)."""
    return {n.pair_id: n for n in sheet.notes if n.pair_id is not None and not n.is_deleted}


def _drop_pairs(
    sheet: DoorSheet,
    note: DoorNote,
    changed: dict[uuid.UUID, DoorNote],
    pointing: dict[uuid.UUID, DoorNote] | None = None,
) -> None:
    """Unpair ``note`` from whatever it is paired with, in both directions."""
    current = changed.get(note.id, note)
    if current.pair_id is not None:
        _merge(changed, note, pair_id=None)
    partner = (pointing if pointing is not None else _pointing_at(sheet)).get(note.id)
    if partner is not None:
        _merge(changed, partner, pair_id=None)


class _LaneBottoms:
    """The lowest live note per lane, kept up to date while a gesture places notes."""

    def __init__(self, notes: Iterable[DoorNote]) -> None:
        self.bottom: dict[Lane, float] = {}
        self.members: dict[uuid.UUID, Lane] = {}
        for note in notes:
            if not note.is_deleted:
                self._add(note)

    def _add(self, note: DoorNote) -> None:
        where = lane_of_note(note)
        self.members[note.id] = where
        self.bottom[where] = max(self.bottom.get(where, float("-inf")), note.y + note.height)

    def next_y(self, target: Lane) -> float:
        lowest = self.bottom.get(target)
        return TOP if lowest is None else lowest + (ROW - NOTE_HEIGHT)

    def place(self, note: DoorNote) -> None:
        self._add(note)


# -- gestures --------------------------------------------------------------------------


def add_note(
    sheet: DoorSheet,
    text: str,
    *,
    side: Side = Side.IN,
    colour: Colour = Colour.UNSORTED,
    x: float | None = None,
    y: float | None = None,
) -> DoorNote:
    """A new note; placed at the bottom of its lane unless a position is given."""
    target = lane(side, colour)
    if x is not None:
        target = lane_at(x + NOTE_WIDTH / 2)
    return DoorNote(
        text=text,
        side=target.side,
        colour=target.colour,
        x=target.note_x if x is None else x,
        y=next_free_y(sheet.notes, target) if y is None else y,
        width=NOTE_WIDTH,
        height=NOTE_HEIGHT,
    )


def edit_text(sheet: DoorSheet, note_id: uuid.UUID, text: str) -> list[DoorNote]:
    note = _by_id(sheet)[note_id]
    return [note.changed(text=text)]


def move_notes(sheet: DoorSheet, positions: dict[uuid.UUID, tuple[float, float]]) -> list[DoorNote]:
    """Notes dragged to new positions. The lane under each note's centre sets its side and
    colour; a note that changes side loses its pair (pairs run from in to out)."""
    notes = _by_id(sheet)
    changed: dict[uuid.UUID, DoorNote] = {}
    pointing = _pointing_at(sheet)
    for note_id, (x, y) in positions.items():
        note = notes[note_id]
        target = lane_at(x + note.width / 2)
        if target.side is not note.side:
            _drop_pairs(sheet, note, changed, pointing)
        _merge(changed, note, x=x, y=y, side=target.side, colour=target.colour)
    return list(changed.values())


def resize_note(
    sheet: DoorSheet, note_id: uuid.UUID, width: float, height: float
) -> list[DoorNote]:
    return [_by_id(sheet)[note_id].changed(width=width, height=height)]


def set_colour(sheet: DoorSheet, ids: Sequence[uuid.UUID], colour: Colour) -> list[DoorNote]:
    """Sort notes into a colour: each moves into that colour's lane on its own side."""
    notes = _by_id(sheet)
    changed: dict[uuid.UUID, DoorNote] = {}
    lanes = _LaneBottoms(n for n in sheet.notes if n.id not in set(ids))
    for note_id in ids:
        note = notes[note_id]
        if note.colour is colour and lane_of_note(note).colour is colour:
            lanes.place(note)
            continue
        target = lane(note.side, colour)
        _merge(changed, note, colour=colour, x=target.note_x, y=lanes.next_y(target))
        lanes.place(changed[note_id])
    return list(changed.values())


def move_to_other_side(sheet: DoorSheet, ids: Sequence[uuid.UUID]) -> list[DoorNote]:
    """Notes cross the door, keeping their colour; their pairs are dropped."""
    notes = _by_id(sheet)
    changed: dict[uuid.UUID, DoorNote] = {}
    pointing = _pointing_at(sheet)
    lanes = _LaneBottoms(n for n in sheet.notes if n.id not in set(ids))
    for note_id in ids:
        note = notes[note_id]
        other = Side.OUT if note.side is Side.IN else Side.IN
        _drop_pairs(sheet, note, changed, pointing)
        target = lane(other, note.colour)
        _merge(changed, note, side=other, x=target.note_x, y=lanes.next_y(target))
        lanes.place(changed[note_id])
    return list(changed.values())


def pair_notes(sheet: DoorSheet, first: uuid.UUID, second: uuid.UUID) -> list[DoorNote]:
    """Pair an in-note with an out-note ('tænk i par'); either order. Earlier pairs of
    either note are dropped, since a pair is one-to-one."""
    notes = _by_id(sheet)
    a, b = notes[first], notes[second]
    if {a.side, b.side} != {Side.IN, Side.OUT}:
        raise ValueError("Et par består af én seddel ind ad døren og én ud af døren.")
    in_note, out_note = (a, b) if a.side is Side.IN else (b, a)
    if in_note.pair_id == out_note.id:
        return []
    changed: dict[uuid.UUID, DoorNote] = {}
    _drop_pairs(sheet, in_note, changed)
    _drop_pairs(sheet, out_note, changed)
    _merge(changed, in_note, pair_id=out_note.id)
    return list(changed.values())


def unpair(sheet: DoorSheet, note_id: uuid.UUID) -> list[DoorNote]:
    changed: dict[uuid.UUID, DoorNote] = {}
    _drop_pairs(sheet, _by_id(sheet)[note_id], changed)
    return list(changed.values())


def delete_notes(sheet: DoorSheet, ids: Sequence[uuid.UUID]) -> list[DoorNote]:
    """Soft-delete notes (tombstones) and drop every pair that involves them."""
    notes = _by_id(sheet)
    changed: dict[uuid.UUID, DoorNote] = {}
    pointing = _pointing_at(sheet)
    now = utcnow()
    for note_id in ids:
        note = notes[note_id]
        _drop_pairs(sheet, note, changed, pointing)
        _merge(changed, note, deleted_at=now)
    return list(changed.values())


def apply(sheet: DoorSheet, notes: Iterable[DoorNote]) -> DoorSheet:
    """The sheet with ``notes`` put in (replacing same ids, adding new ones), validated."""
    updated = {n.id: n for n in notes}
    merged = [updated.pop(n.id, n) for n in sheet.notes]
    merged.extend(updated.values())
    return DoorSheet.parse({**sheet.model_dump(exclude={"notes"}), "notes": merged})


def notes_from_problems(problems: Sequence[str]) -> list[DoorNote]:
    """A new sheet's in-side from a persona's main problems, one below the other."""
    target = lane(Side.IN, Colour.UNSORTED)
    return [
        DoorNote(
            text=text,
            side=Side.IN,
            colour=Colour.UNSORTED,
            x=target.note_x,
            y=TOP + i * ROW,
            width=NOTE_WIDTH,
            height=NOTE_HEIGHT,
        )
        for i, text in enumerate(problems)
    ]
