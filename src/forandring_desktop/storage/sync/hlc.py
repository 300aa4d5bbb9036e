"""A hybrid logical clock (Kulkarni et al., 2014): wall time that never runs backwards.

A timestamp is the wall time in milliseconds (the largest seen so far, from this
machine's clock or from another laptop's change) and a counter that orders events within
one millisecond. It packs into one 64-bit integer, ``ms << 16 | counter``, so timestamps
compare as integers; the device id breaks ties (:func:`order_key`), which makes the order
of all changes total and the same on every laptop.

Why not the wall clock alone: a laptop whose clock is behind, or that was offline for a
week, would otherwise have its old edit win over newer ones. With the clock, a change made
after seeing another laptop's change is always ordered after it, whatever the wall clocks.

Pure: no I/O. The caller passes the wall clock (a fake one in tests) and stores the state.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

COUNTER_BITS = 16
MAX_COUNTER = (1 << COUNTER_BITS) - 1
MAX_WALL_MS = (1 << (63 - COUNTER_BITS)) - 1  # fits a signed 64-bit integer (PostgreSQL)

WallClock = Callable[[], int]


def system_ms() -> int:
    """This machine's wall clock in milliseconds since 1970 (UTC)."""
    return time.time_ns() // 1_000_000


@dataclass(frozen=True, slots=True, order=True)
class Hlc:
    wall_ms: int
    counter: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.wall_ms <= MAX_WALL_MS or not 0 <= self.counter <= MAX_COUNTER:
            raise ValueError("hybrid logical clock value out of range")

    def pack(self) -> int:
        return (self.wall_ms << COUNTER_BITS) | self.counter

    @classmethod
    def unpack(cls, value: int) -> Hlc:
        if not 0 <= value < (1 << 63):
            raise ValueError("hybrid logical clock value out of range")
        return cls(value >> COUNTER_BITS, value & MAX_COUNTER)

    def _next(self) -> Hlc:
        """The next value after this one (a full counter moves on to the next millisecond)."""
        if self.counter < MAX_COUNTER:
            return Hlc(self.wall_ms, self.counter + 1)
        return Hlc(self.wall_ms + 1, 0)


ZERO = Hlc(0, 0)


def order_key(hlc: int, device_id: uuid.UUID) -> tuple[int, bytes]:
    """The total order of changes: by clock, then by device (never equal for two changes,
    since one device never gives two changes the same clock value)."""
    return hlc, device_id.bytes


def send(last: Hlc, wall_ms: int) -> Hlc:
    """The timestamp of a local event (a change made here), after ``last``."""
    wall_ms = min(max(wall_ms, 0), MAX_WALL_MS)
    if wall_ms > last.wall_ms:
        return Hlc(wall_ms, 0)
    return last._next()  # the wall clock stood still or went back: count on


def receive(last: Hlc, remote: Hlc, wall_ms: int) -> Hlc:
    """The clock after seeing ``remote`` (another laptop's change): later than both."""
    wall_ms = min(max(wall_ms, 0), MAX_WALL_MS)
    top = max(last.wall_ms, remote.wall_ms, wall_ms)
    if top == wall_ms and wall_ms > last.wall_ms and wall_ms > remote.wall_ms:
        return Hlc(wall_ms, 0)
    if last.wall_ms == remote.wall_ms == top:
        return Hlc(top, max(last.counter, remote.counter))._next()
    if last.wall_ms == top:
        return last._next()
    return remote._next()


class HybridClock:
    """A clock's state with its wall clock: ``tick`` for a local change, ``observe`` for a
    remote one. ``last`` is what the caller persists."""

    def __init__(self, last: Hlc = ZERO, wall: WallClock = system_ms) -> None:
        self.last = last
        self._wall = wall

    def tick(self) -> Hlc:
        self.last = send(self.last, self._wall())
        return self.last

    def observe(self, remote: Hlc) -> Hlc:
        self.last = receive(self.last, remote, self._wall())
        return self.last
