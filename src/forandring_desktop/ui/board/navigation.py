"""Moving through the board without a mouse: the reading order of the post-its (lane by
lane from the left, top to bottom in each lane) for Tab, Home and End, and the nearest
note in an arrow's direction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from forandring_desktop.model.board import LANES, Lane, lane_at

if TYPE_CHECKING:
    from forandring_desktop.ui.board.items import NoteItem

LANE_INDEX: dict[Lane, int] = {lane: i for i, lane in enumerate(LANES)}

Direction = Literal["left", "right", "up", "down"]


def order_key(item: NoteItem) -> tuple[int, float, float]:
    return (LANE_INDEX[lane_at(item.x() + item.w / 2)], item.y(), item.x())


def reading_order(items: Iterable[NoteItem]) -> list[NoteItem]:
    """Lane by lane from the left, top to bottom in each lane."""
    return sorted(items, key=order_key)


def step(order: Sequence[NoteItem], current: NoteItem | None, forward: bool) -> uuid.UUID | None:
    """The note after (or before) ``current`` in ``order``; None past either end."""
    if not order:
        return None
    if current is None:
        return order[0 if forward else -1].note_id
    index = order.index(current) + (1 if forward else -1)
    return order[index].note_id if 0 <= index < len(order) else None


def first_or_last(order: Sequence[NoteItem], last: bool) -> uuid.UUID | None:
    return order[-1 if last else 0].note_id if order else None


def neighbour(
    items: Iterable[NoteItem], current: NoteItem | None, direction: Direction
) -> uuid.UUID | None:
    """The nearest of ``items`` in ``direction`` from ``current`` (arrow keys); with no
    current note, the first in reading order."""
    if current is None:
        return first_or_last(reading_order(items), last=False)
    here = current.scene_rect().center()
    best: tuple[float, NoteItem] | None = None
    for item in items:
        if item is current:
            continue
        there = item.scene_rect().center()
        dx, dy = there.x() - here.x(), there.y() - here.y()
        if direction == "right":
            ahead, aside = dx, abs(dy)
        elif direction == "left":
            ahead, aside = -dx, abs(dy)
        elif direction == "down":
            ahead, aside = dy, abs(dx)
        else:
            ahead, aside = -dy, abs(dx)
        if ahead <= 1:
            continue
        # Up and down keep to the lane; left and right prefer the same height.
        weight = 6.0 if direction in ("up", "down") else 2.0
        score = ahead + weight * aside
        if best is None or score < best[0]:
            best = (score, item)
    return best[1].note_id if best is not None else None
