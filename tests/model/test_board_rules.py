"""The board's geometry and gestures (pure functions; the UI only calls them)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forandring_desktop.model import Colour, DoorNote, DoorSheet, InvalidDataError, Side
from forandring_desktop.model import board as b


def sheet_with(*notes: DoorNote) -> DoorSheet:
    return DoorSheet(title="Test", notes=list(notes))


def note_in(side: Side, colour: Colour, text: str = "x", y: float = b.TOP) -> DoorNote:
    lane = b.lane(side, colour)
    return DoorNote(text=text, side=side, colour=colour, x=lane.note_x, y=y)


def test_lanes_mirror_so_green_meets_at_the_door() -> None:
    order = [(ln.side, ln.colour) for ln in b.LANES]
    assert order[3] == (Side.IN, Colour.GREEN)
    assert order[4] == (Side.OUT, Colour.GREEN)
    assert order[0] == (Side.IN, Colour.UNSORTED)
    assert order[-1] == (Side.OUT, Colour.UNSORTED)
    assert b.lane_at(-50).colour is Colour.UNSORTED  # left of the board: nearest lane
    assert b.lane_at(b.BOARD_WIDTH + 500).side is Side.OUT
    assert b.lane_at(b.HALF_WIDTH + 1).side is Side.IN  # in the door, nearer the in-side
    assert b.lane_at(b.HALF_WIDTH + b.DOOR_GAP - 1).side is Side.OUT


@given(x=st.floats(-1e4, 1e4, allow_nan=False))
def test_every_x_has_exactly_one_lane(x: float) -> None:
    ln = b.lane_at(x)
    assert ln in b.LANES
    if 0 <= x < b.HALF_WIDTH or b.HALF_WIDTH + b.DOOR_GAP <= x < b.BOARD_WIDTH:
        assert ln.left <= x < ln.right


def test_add_note_goes_to_the_bottom_of_its_lane() -> None:
    first = note_in(Side.IN, Colour.UNSORTED)
    sheet = sheet_with(first)
    new = b.add_note(sheet, "Umotiveret")
    assert (new.side, new.colour) == (Side.IN, Colour.UNSORTED)
    assert new.y >= first.y + first.height
    placed = b.add_note(sheet, "Her", x=b.lane(Side.OUT, Colour.RED).note_x, y=500)
    assert (placed.side, placed.colour, placed.y) == (Side.OUT, Colour.RED, 500)


def test_dragging_across_the_door_changes_side_and_drops_the_pair() -> None:
    out_note = note_in(Side.OUT, Colour.GREEN, "Motiveret")
    in_note = note_in(Side.IN, Colour.GREEN, "Umotiveret").changed(pair_id=out_note.id)
    sheet = sheet_with(in_note, out_note)
    target = b.lane(Side.OUT, Colour.YELLOW)
    changed = {n.id: n for n in b.move_notes(sheet, {in_note.id: (target.note_x, 300.0)})}
    moved = changed[in_note.id]
    assert (moved.side, moved.colour, moved.pair_id, moved.y) == (
        Side.OUT,
        Colour.YELLOW,
        None,
        300.0,
    )
    b.apply(sheet, changed.values())  # still a valid sheet


def test_moving_an_out_note_to_the_in_side_unpairs_its_partner() -> None:
    out_note = note_in(Side.OUT, Colour.GREEN)
    in_note = note_in(Side.IN, Colour.GREEN).changed(pair_id=out_note.id)
    sheet = sheet_with(in_note, out_note)
    changed = b.move_notes(sheet, {out_note.id: (b.lane(Side.IN, Colour.RED).note_x, 0.0)})
    by_id = {n.id: n for n in changed}
    assert by_id[in_note.id].pair_id is None
    assert by_id[out_note.id].side is Side.IN
    b.apply(sheet, changed)


def test_set_colour_moves_into_the_lane_without_overlap() -> None:
    green = note_in(Side.IN, Colour.GREEN, y=b.TOP)
    loose = note_in(Side.IN, Colour.UNSORTED)
    sheet = sheet_with(green, loose)
    [recoloured] = b.set_colour(sheet, [loose.id], Colour.GREEN)
    assert recoloured.colour is Colour.GREEN
    assert b.lane_of_note(recoloured) == b.lane(Side.IN, Colour.GREEN)
    assert recoloured.y >= green.y + green.height
    assert b.set_colour(b.apply(sheet, [recoloured]), [recoloured.id], Colour.GREEN) == []


def test_other_side_keeps_colour() -> None:
    red = note_in(Side.IN, Colour.RED)
    [moved] = b.move_to_other_side(sheet_with(red), [red.id])
    assert (moved.side, moved.colour) == (Side.OUT, Colour.RED)
    assert b.lane_of_note(moved) == b.lane(Side.OUT, Colour.RED)


def test_pairing_is_one_to_one_and_order_free() -> None:
    in_a, in_b = note_in(Side.IN, Colour.GREEN, "a"), note_in(Side.IN, Colour.GREEN, "b", y=300)
    out_x = note_in(Side.OUT, Colour.GREEN, "x")
    sheet = sheet_with(in_a, in_b, out_x)
    first = b.pair_notes(sheet, out_x.id, in_a.id)
    sheet = b.apply(sheet, first)
    assert {n.id: n for n in sheet.notes}[in_a.id].pair_id == out_x.id
    second = b.pair_notes(sheet, in_b.id, out_x.id)  # steals the partner
    sheet = b.apply(sheet, second)
    notes = {n.id: n for n in sheet.notes}
    assert notes[in_b.id].pair_id == out_x.id
    assert notes[in_a.id].pair_id is None
    with pytest.raises(ValueError, match="én seddel ind ad døren"):
        b.pair_notes(sheet, in_a.id, in_b.id)
    sheet = b.apply(sheet, b.unpair(sheet, out_x.id))
    assert all(n.pair_id is None for n in sheet.notes)


def test_delete_tombstones_and_drops_pairs() -> None:
    out_note = note_in(Side.OUT, Colour.GREEN)
    in_note = note_in(Side.IN, Colour.GREEN).changed(pair_id=out_note.id)
    sheet = sheet_with(in_note, out_note)
    changed = {n.id: n for n in b.delete_notes(sheet, [out_note.id])}
    assert changed[out_note.id].is_deleted
    assert changed[in_note.id].pair_id is None
    assert not changed[in_note.id].is_deleted


def test_apply_validates_the_whole_sheet() -> None:
    out_note = note_in(Side.OUT, Colour.GREEN)
    bad = note_in(Side.IN, Colour.GREEN).changed(pair_id=out_note.id)
    with pytest.raises(InvalidDataError):
        b.apply(sheet_with(), [bad])  # partner missing from the sheet


def test_notes_from_problems_stack_in_the_unsorted_in_lane() -> None:
    notes = b.notes_from_problems(["Gæld", "Ensom", "Fastlåst"])
    assert [n.text for n in notes] == ["Gæld", "Ensom", "Fastlåst"]
    assert all(b.lane_of_note(n) == b.lane(Side.IN, Colour.UNSORTED) for n in notes)
    assert [n.y for n in notes] == sorted({n.y for n in notes})


@settings(max_examples=60, deadline=None)
@given(
    moves=st.lists(
        st.tuples(st.integers(0, 5), st.floats(-500, 2500), st.floats(0, 3000)), max_size=12
    ),
    pairs=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=6),
)
def test_any_sequence_of_gestures_keeps_the_sheet_valid(
    moves: list[tuple[int, float, float]], pairs: list[tuple[int, int]]
) -> None:
    notes = [note_in(Side.IN if i % 2 else Side.OUT, Colour.UNSORTED, str(i)) for i in range(6)]
    sheet = sheet_with(*notes)
    for (i, x, y), (p, q) in zip(moves, pairs + [(0, 0)] * len(moves), strict=False):
        sheet = b.apply(sheet, b.move_notes(sheet, {notes[i].id: (x, y)}))
        current = {n.id: n for n in sheet.notes}
        if current[notes[p].id].side is not current[notes[q].id].side:
            sheet = b.apply(sheet, b.pair_notes(sheet, notes[p].id, notes[q].id))
    for note in sheet.notes:
        assert (note.side, note.colour) == (b.lane_of_note(note).side, b.lane_of_note(note).colour)
