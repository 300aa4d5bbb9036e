"""The hybrid logical clock: monotonic whatever the wall clock does, and causal."""

from __future__ import annotations

import itertools
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forandring_desktop.storage.sync.hlc import (
    MAX_COUNTER,
    ZERO,
    Hlc,
    HybridClock,
    order_key,
    receive,
    send,
)

walls = st.integers(min_value=0, max_value=2_000_000_000_000)
hlcs = st.builds(Hlc, walls, st.integers(min_value=0, max_value=MAX_COUNTER))


class FakeWall:
    def __init__(self, ms: int = 1_700_000_000_000) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_a_tick_follows_the_wall_clock_when_it_moves_on() -> None:
    wall = FakeWall()
    clock = HybridClock(wall=wall)
    assert clock.tick() == Hlc(wall.ms, 0)
    assert clock.tick() == Hlc(wall.ms, 1)
    wall.ms += 5
    assert clock.tick() == Hlc(wall.ms, 0)


def test_the_clock_never_goes_back_when_the_wall_clock_does() -> None:
    wall = FakeWall()
    clock = HybridClock(wall=wall)
    before = clock.tick()
    wall.ms -= 7 * 24 * 3600 * 1000  # someone set the laptop's clock a week back
    after = clock.tick()
    assert after > before
    assert after.wall_ms == before.wall_ms


def test_an_offline_laptop_with_an_old_clock_orders_its_edit_after_what_it_saw() -> None:
    fast = HybridClock(wall=FakeWall(2_000_000_000_000))
    seen = fast.tick()
    slow = HybridClock(wall=FakeWall(1_000_000_000_000))  # a week behind, say
    slow.observe(seen)
    assert slow.tick() > seen


def test_a_full_counter_moves_on_to_the_next_millisecond() -> None:
    assert send(Hlc(10, MAX_COUNTER), 5) == Hlc(11, 0)


def test_packing_keeps_the_order_and_round_trips() -> None:
    a, b = Hlc(5, MAX_COUNTER), Hlc(6, 0)
    assert a.pack() < b.pack()
    assert Hlc.unpack(a.pack()) == a
    with pytest.raises(ValueError, match="out of range"):
        Hlc(-1)
    with pytest.raises(ValueError, match="out of range"):
        Hlc.unpack(1 << 63)


@given(st.lists(walls, min_size=1, max_size=60))
def test_ticks_strictly_increase_for_any_wall_clock(readings: list[int]) -> None:
    last = ZERO
    for ms in readings:
        nxt = send(last, ms)
        assert nxt > last
        assert nxt.pack() > last.pack()
        assert nxt.wall_ms >= ms  # never behind the wall clock
        last = nxt


@given(hlcs, hlcs, walls)
def test_receiving_is_later_than_both_and_not_behind_the_wall(
    last: Hlc, remote: Hlc, ms: int
) -> None:
    nxt = receive(last, remote, ms)
    assert nxt > last
    assert nxt > remote
    assert nxt.wall_ms >= ms
    assert nxt.wall_ms <= max(last.wall_ms, remote.wall_ms, ms) + 1  # no invented jumps


@given(st.lists(st.tuples(st.sampled_from(["tick", "observe"]), walls, hlcs), max_size=60))
def test_any_mix_of_events_is_monotonic(events: list[tuple[str, int, Hlc]]) -> None:
    wall = FakeWall(0)
    clock = HybridClock(wall=wall)
    previous = clock.last
    for kind, ms, remote in events:
        wall.ms = ms
        now = clock.tick() if kind == "tick" else clock.observe(remote)
        assert now > previous
        previous = now


@given(st.lists(st.tuples(st.integers(0, 50), st.sampled_from(range(3))), max_size=40))
def test_the_order_with_device_tie_breaker_is_total(changes: list[tuple[int, int]]) -> None:
    devices = [uuid.UUID(int=n + 1) for n in range(3)]
    keys = {order_key(h, devices[d]) for h, d in changes}
    ordered = sorted(keys)
    assert all(a < b for a, b in itertools.pairwise(ordered))
    # The same changes in any other order sort the same: every laptop agrees.
    assert sorted(keys) == ordered
