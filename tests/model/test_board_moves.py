"""Where the board's keyboard moves put notes (Ctrl+arrow a lane or a row, Alt+arrow a
nudge): pure geometry in ``model.board``, the widget only pushes the result."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from forandring_desktop.model import Colour, Side
from forandring_desktop.model import board as b
from forandring_desktop.model.door import BOARD_LIMIT

W, H = b.NOTE_WIDTH, b.NOTE_HEIGHT
GAP = b.ROW - b.NOTE_HEIGHT


def in_lane(side: Side, colour: Colour, y: float = b.TOP, w: float = W, h: float = H) -> b.Place:
    return b.Place(b.lane(side, colour).note_x, y, w, h)


def test_a_place_knows_its_lane_by_its_centre() -> None:
    red = b.lane(Side.IN, Colour.RED)
    assert in_lane(Side.IN, Colour.RED).lane == red
    # Mostly in the next lane to the left, but the centre is still in the red lane.
    assert b.Place(red.left - W / 2 + 1, b.TOP, W, H).lane == red
    assert b.Place(red.left - W / 2 - 1, b.TOP, W, H).lane == b.lane(Side.IN, Colour.UNSORTED)


def test_the_lane_beside_crosses_the_door_from_green_to_green() -> None:
    green_in, green_out = b.lane(Side.IN, Colour.GREEN), b.lane(Side.OUT, Colour.GREEN)
    assert b.lane_beside(green_in, 1) == green_out
    assert b.lane_beside(green_out, -1) == green_in
    assert b.lane_beside(green_in, -1) == b.lane(Side.IN, Colour.YELLOW)
    assert b.lane_beside(green_in, 4) == b.lane(Side.OUT, Colour.UNSORTED)
    assert b.lane_beside(b.LANES[0], -1) is None
    assert b.lane_beside(b.LANES[-1], 1) is None
    assert b.lane_beside(b.LANES[0], 0) == b.LANES[0]


def test_free_y_keeps_a_free_height_and_goes_below_a_note_in_the_way() -> None:
    red = b.lane(Side.IN, Colour.RED)
    assert b.free_y(red, 300.0, H, []) == 300.0
    blocking = in_lane(Side.IN, Colour.RED, y=250.0)
    assert b.free_y(red, 300.0, H, [blocking]) == 250.0 + H + GAP
    # Touching is not overlapping: a note ending where the other starts stays.
    above = in_lane(Side.IN, Colour.RED, y=300.0 - H)
    below = in_lane(Side.IN, Colour.RED, y=300.0 + H)
    assert b.free_y(red, 300.0, H, [above, below]) == 300.0
    # Notes in other lanes are not in the way.
    assert b.free_y(red, 300.0, H, [in_lane(Side.IN, Colour.YELLOW, y=300.0)]) == 300.0


def test_free_y_goes_below_a_whole_stack_but_stops_at_a_gap() -> None:
    red = b.lane(Side.IN, Colour.RED)
    stack = [in_lane(Side.IN, Colour.RED, y=b.TOP + i * b.ROW) for i in range(3)]
    after_stack = b.TOP + 2 * b.ROW + H + GAP
    assert b.free_y(red, b.TOP, H, reversed(stack)) == after_stack  # any order given
    far_below = in_lane(Side.IN, Colour.RED, y=after_stack + H + 5)
    assert b.free_y(red, b.TOP, H, [*stack, far_below]) == after_stack


def test_nudge_moves_by_the_step_and_stays_on_the_board() -> None:
    a, c = uuid.uuid4(), uuid.uuid4()
    middle = in_lane(Side.IN, Colour.RED, y=400.0)
    corner = b.Place(-W / 2 + 5, b.TOP + 3, W, H)
    moved = b.nudged({a: middle, c: corner}, -10.0, -10.0)
    assert moved[a] == (middle.x - 10.0, 390.0)
    assert moved[c] == (1 - W / 2, b.TOP)  # centre on the board, top below the headings
    right = b.Place(b.BOARD_WIDTH - W / 2 - 2, BOARD_LIMIT - H - 3, W, H)
    assert b.nudged({a: right}, 10.0, 10.0)[a] == (b.BOARD_WIDTH - W / 2 - 1, BOARD_LIMIT - H)
    assert list(b.nudged({c: corner, a: middle}, 1, 1)) == [c, a]  # in the order given


def test_a_row_is_a_note_and_its_gap_and_the_top_row_stays() -> None:
    a = uuid.uuid4()
    place = in_lane(Side.OUT, Colour.YELLOW, y=b.TOP + b.ROW)
    assert b.moved_rows({a: place}, 1)[a] == (place.x, b.TOP + 2 * b.ROW)
    assert b.moved_rows({a: place}, -1)[a] == (place.x, b.TOP)
    assert b.moved_rows({a: place}, -2)[a] == (place.x, b.TOP)


def test_a_lane_move_keeps_the_offset_and_finds_room() -> None:
    a = uuid.uuid4()
    red = b.lane(Side.IN, Colour.RED)
    place = b.Place(red.left + 7, 300.0, W, H)
    yellow = b.lane(Side.IN, Colour.YELLOW)
    in_the_way = in_lane(Side.IN, Colour.YELLOW, y=280.0)
    moved = b.moved_lanes({a: place}, [in_the_way], 1)
    assert moved == {a: (yellow.left + 7, 280.0 + H + GAP)}
    assert b.moved_lanes({a: place}, [], -1) == {
        a: (b.lane(Side.IN, Colour.UNSORTED).left + 7, 300.0)
    }


def test_a_lane_move_across_the_door_and_past_the_edge() -> None:
    a, c = uuid.uuid4(), uuid.uuid4()
    green = in_lane(Side.IN, Colour.GREEN)
    out_green = b.lane(Side.OUT, Colour.GREEN)
    assert b.moved_lanes({a: green}, [], 1) == {a: (out_green.note_x, b.TOP)}
    edge = in_lane(Side.IN, Colour.UNSORTED, y=500.0)
    assert b.moved_lanes({a: green, c: edge}, [], -1) is None  # one cannot go: none moves
    assert b.moved_lanes({}, [], 1) == {}


def test_notes_that_move_together_are_not_in_each_others_way() -> None:
    """Two notes side by side moved right: the left one takes the right one's place, since
    the notes that move are not among those that stay."""
    a, c = uuid.uuid4(), uuid.uuid4()
    red, yellow = in_lane(Side.IN, Colour.RED), in_lane(Side.IN, Colour.YELLOW)
    moved = b.moved_lanes({a: red, c: yellow}, [], 1)
    assert moved is not None
    assert moved[a] == (yellow.x, b.TOP)
    assert moved[c] == (in_lane(Side.IN, Colour.GREEN).x, b.TOP)


inside = st.builds(
    lambda index, offset, y, h: b.Place(
        b.LANES[index].left + offset - W / 2, y, W, h
    ),  # centre ``offset`` into lane ``index``
    st.integers(0, len(b.LANES) - 1),
    st.floats(1.0, b.LANE_WIDTH - 1.0),
    st.floats(b.TOP, 5_000.0),
    st.floats(60.0, 300.0),
)


@given(moving=st.lists(inside, min_size=1, max_size=4), others=st.lists(inside, max_size=8))
def test_a_lane_move_lands_in_the_next_lane_clear_of_the_notes_that_stay(
    moving: list[b.Place], others: list[b.Place]
) -> None:
    for step in (-2, -1, 1, 3):
        ids = {uuid.uuid4(): place for place in moving}
        moved = b.moved_lanes(ids, others, step)
        targets = [b.lane_beside(place.lane, step) for place in moving]
        if None in targets:
            assert moved is None
            continue
        assert moved is not None
        for (note_id, place), target in zip(ids.items(), targets, strict=True):
            x, y = moved[note_id]
            assert b.Place(x, y, place.width, place.height).lane == target
            assert y >= place.y
            for other in others:
                if other.lane == target:
                    assert y >= other.y + other.height or y + place.height <= other.y
