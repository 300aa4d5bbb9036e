"""Odd text (emoji, right-to-left scripts, combining marks, huge fields) is stored whole or
refused with a Danish message; a refused save leaves the participant exactly as it was."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forandring_desktop.model import InvalidDataError, Participant
from forandring_desktop.model.base import LONG_TEXT_MAX
from forandring_desktop.model.participants import FollowUp, ParticipantFilter, with_follow_up
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.participants import (
    get_participant,
    list_participants,
    save_participant,
)
from forandring_desktop.storage import Store

TODAY = datetime.date(2025, 6, 1)
ODD = [
    "Går til 🏃‍♀️ og 🧑🏽‍🍳 hver uge 👍",
    "مرحبا بالعالم – arabisk",
    "שלום עולם – hebraisk",
    "e\u0301 og a\u030a (kombinerende tegn)",
    "Æble Øster Åby",
    "\u202eomvendt\u202c tekst",
    "中文 한국어 ไทย",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("odd") / "odd.forandring"
    opened = create_from_document(path, "pw", build_demo_document(today=TODAY, participants=3))
    yield opened
    opened.close()


def _person(store: Store) -> Participant:
    first = list_participants(store)[0]
    return get_participant(store, first.id)


@pytest.mark.parametrize("text", ODD)
def test_odd_text_survives_a_round_trip(store: Store, text: str) -> None:
    person = _person(store)
    day = max(f.date for f in person.follow_ups) + datetime.timedelta(days=1 + ODD.index(text))
    changed = with_follow_up(person.changed(name=text.splitlines()[0][:200]), FollowUp(date=day))
    changed = with_follow_up(
        changed, next(f for f in changed.follow_ups if f.date == day).changed(note=text)
    )
    save_participant(store, changed)
    stored = get_participant(store, person.id)
    assert next(f for f in stored.follow_ups if f.date == day).note == changed.follow_ups[-1].note
    assert stored.name == changed.name
    found = ParticipantFilter(text=changed.name[:4]).apply(list_participants(store))
    assert person.id in {r.id for r in found}


def test_a_huge_note_is_stored_whole_and_one_too_big_is_refused(store: Store) -> None:
    person = _person(store)
    day = max(f.date for f in person.follow_ups) + datetime.timedelta(days=30)
    huge = ("Lang note med æøå og 🙂. " * 5000)[:LONG_TEXT_MAX]
    save_participant(store, with_follow_up(person, FollowUp(date=day, note=huge)))
    stored = get_participant(store, person.id)
    assert next(f for f in stored.follow_ups if f.date == day).note == huge

    before = get_participant(store, person.id)
    with pytest.raises(InvalidDataError, match="for lang"):
        FollowUp.parse({"date": day + datetime.timedelta(days=1), "note": huge + "x"})
    assert get_participant(store, person.id) == before


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=st.text(max_size=300))
def test_any_text_is_stored_whole_or_refused_without_a_trace(
    tmp_path: Path, store: Store, text: str
) -> None:
    person = _person(store)
    before = get_participant(store, person.id)
    day = datetime.date(2030, 1, 1)
    refused: InvalidDataError | None = None
    try:
        changed = with_follow_up(before, FollowUp.parse({"date": day, "note": text}))
    except InvalidDataError as exc:
        refused = exc
    if refused is not None:
        assert refused.problems  # a refusal names what is wrong, in Danish
        assert get_participant(store, person.id) == before
        return
    save_participant(store, changed)
    stored = get_participant(store, person.id)
    saved = next(f for f in stored.follow_ups if f.date == day)
    assert saved.note == next(f for f in changed.follow_ups if f.date == day).note
    # Put it back as it was, so every example starts from the same participant.
    save_participant(store, before)
    assert all(f.is_deleted for f in get_participant(store, person.id).follow_ups if f.date == day)
