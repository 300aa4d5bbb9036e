"""A save costs the same on the last day as on the first (issue 12, "One path for every
change").

One encrypted file holds three participants with 10, 300 and 1,000 follow-ups (two
ladders, five challenges each). For each of them this measures the gestures of
``services.participants``: a new follow-up, a change to an existing one, an intake edit
and an exit, beside the whole-participant save (``save_participant``, which reads and
compares everything the participant holds), and beside a one-row transaction on the same
file measured right after each figure. The goal is the same cost at every size, at most
15 ms on the project's machine.

Full size with ``FORANDRING_BENCH=full``; otherwise a smoke run with 10, 30 and 100
follow-ups that only checks every figure was measured.
"""

from __future__ import annotations

import datetime
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from forandring_desktop.model import Exit, Participant
from forandring_desktop.model.participants import live_follow_ups, with_follow_up
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document, open_organisation
from forandring_desktop.services.organisation import update_organisation
from forandring_desktop.services.participants import (
    get_participant,
    save_exit,
    save_follow_up,
    save_intake,
    save_participant,
)
from forandring_desktop.storage import Store

from .bench_report import FULL, Report, measured, report_fixture, timed
from .bulk_data import bulk_participants, follow_up_maker

pytestmark = pytest.mark.benchmark

SIZES = (10, 300, 1_000) if FULL else (10, 30, 100)
RUNS = 15 if FULL else 3
LIMIT_MS = 15.0
PASSPHRASE = "benchmark-adgangskode"
BASELINE = "one-row transaction"


saves_report = report_fixture(
    "saves",
    SIZES[-1],
    f"Saves by history length, {'/'.join(map(str, SIZES))} follow-ups "
    f"({'full' if FULL else 'smoke'} run, median of {RUNS})",
)


@pytest.fixture(scope="module")
def saves_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path: Path = tmp_path_factory.mktemp("saves") / "historik.forandring"
    store = create_from_document(path, PASSPHRASE, build_demo_document(participants=0))
    for n, size in enumerate(SIZES):  # one participant per size, in the same file
        bulk_participants(store, 1, follow_ups=size, seed=11 + n)
    store.close()
    reopened = open_organisation(path, PASSPHRASE)
    yield reopened
    reopened.close()


def _people(store: Store) -> dict[int, Participant]:
    """The participant with each size of history, by their number of follow-ups."""
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT participant_id, count(*) FROM follow_up GROUP BY participant_id"
        ).all()
    people: dict[int, Participant] = {}
    for pid, count in rows:
        person = get_participant(store, uuid.UUID(hex=pid) if isinstance(pid, str) else pid)
        people[count] = person
    assert sorted(people) == sorted(SIZES)
    return people


def _timed(action: Callable[[], object]) -> list[float]:
    return timed(action, RUNS)


def _one_row(store: Store) -> list[float]:
    return _timed(lambda: update_organisation(store, vision=f"Vision {time.time_ns()}"))


def _new_follow_ups(store: Store, person: Participant) -> list[float]:
    """A new follow-up a day after the one before, each time."""
    last = live_follow_ups(person)[-1].date
    days = iter(range(1, 10_000))
    make = follow_up_maker(person)
    return _timed(
        lambda: save_follow_up(store, person.id, make(last + datetime.timedelta(next(days))))
    )


def _changed_follow_ups(store: Store, person: Participant) -> list[float]:
    """A new note on a follow-up in the middle of the history, each time."""
    existing = live_follow_ups(person)[len(live_follow_ups(person)) // 2]
    notes = iter(range(10**6))
    return _timed(
        lambda: save_follow_up(store, person.id, existing.changed(note=f"Rettet {next(notes)}"))
    )


def _whole_saves(store: Store, person: Participant) -> list[float]:
    """The whole-participant path the UI used before the gestures: the dialog's
    ``with_follow_up`` and ``save_participant`` (reads and compares everything)."""
    whole = get_participant(store, person.id)
    last = live_follow_ups(whole)[-1].date
    days = iter(range(5_000, 10_000))

    def save() -> None:
        nonlocal whole
        day = last + datetime.timedelta(days=next(days))
        whole = with_follow_up(whole, follow_up_maker(whole)(day))
        save_participant(store, whole)

    return _timed(save)


def _exits(store: Store, person: Participant) -> list[float]:
    days = iter(range(20_000, 30_000))

    def save() -> None:
        day = person.start_date + datetime.timedelta(days=next(days))
        save_exit(store, person.id, Exit(date=day), end_date=day)

    return _timed(save)


def test_a_save_costs_the_same_at_every_size(saves_store: Store, saves_report: Report) -> None:
    store = saves_store
    people = _people(store)

    def record(name: str, values: list[float], notes: str = "") -> None:
        """``values`` beside a one-row transaction measured right after them."""
        saves_report.add(measured(name, values, BASELINE, _one_row(store), LIMIT_MS, notes))

    gestures = (
        ("new follow-up", _new_follow_ups, "save_follow_up"),
        ("change a follow-up", _changed_follow_ups, "save_follow_up, existing"),
    )
    for size in SIZES:
        for label, measure, notes in gestures:
            record(f"{label}, {size} follow-ups", measure(store, people[size]), notes)
    biggest = people[SIZES[-1]]
    # Two versions made beforehand (the dialog's work), stored in turn: each save writes.
    versions = [biggest.changed(mentor=name) for name in ("Mette", "Jonas")]
    turn = iter(range(10**6))
    intake = _timed(lambda: save_intake(store, versions[next(turn) % 2]))
    record(f"intake edit, {SIZES[-1]} follow-ups", intake)
    record(f"exit, {SIZES[-1]} follow-ups", _exits(store, biggest))
    for size in SIZES:
        name = f"new follow-up, whole participant, {size} follow-ups"
        record(name, _whole_saves(store, people[size]), "before: save_participant")
    assert len(saves_report.figures) == 3 * len(SIZES) + 2
    # The whole-participant saves added follow-ups; each gesture wrote its own.
    assert get_participant(store, biggest.id).follow_ups[-1].note == "Ugentlig opfølgning"
