"""Who made each follow-up (issue 21): the working staff member is stored as the author of a
new follow-up (id and name then), a revision keeps it, it survives export and import, an
old file or export without it reads as "ukendt", and revision 0009 adds it in place."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from forandring_desktop.model import FollowUp, OrganisationDocument
from forandring_desktop.model.follow_up import RatingValues, revise_follow_up
from forandring_desktop.model.participants import UNKNOWN_AUTHOR, Exit, live_follow_ups
from forandring_desktop.model.privacy import insight_json
from forandring_desktop.model.staff import Role
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.exchange import export_document, import_file
from forandring_desktop.services.participants import (
    delete_follow_up,
    get_participant,
    list_participants,
    save_exit,
    save_follow_up,
)
from forandring_desktop.services.privacy import insight_data
from forandring_desktop.services.staff import add_staff
from forandring_desktop.storage import Store

from .test_participant_gestures import next_follow_up

TODAY = datetime.date(2025, 6, 1)
METTE_PW = "mette-adgang"


@pytest.fixture(scope="module")
def demo() -> OrganisationDocument:
    return build_demo_document(today=TODAY, participants=3)


@pytest.fixture
def admin(store_factory: Callable[..., Store], demo: OrganisationDocument) -> Store:
    return store_factory(demo)


@pytest.fixture
def mette(admin: Store) -> Iterator[Store]:
    """The same file opened by the staff member Mentor Mette."""
    add_staff(admin, "Mentor Mette", METTE_PW, Role.STAFF)
    store = Store.open(admin.path, METTE_PW)
    yield store
    store.close()


def _stored(store: Store, follow_up: FollowUp) -> FollowUp:
    person_id = list_participants(store)[0].id
    return next(f for f in get_participant(store, person_id).follow_ups if f.id == follow_up.id)


def _record(store: Store, note: str = "Ugentlig") -> FollowUp:
    person = get_participant(store, list_participants(store)[0].id)
    day = live_follow_ups(person)[-1].date + datetime.timedelta(days=7)
    follow_up = next_follow_up(person, day, note=note)
    save_follow_up(store, person.id, follow_up)
    return follow_up


def test_a_new_follow_up_is_signed_with_the_staff_member_who_made_it(
    admin: Store, mette: Store
) -> None:
    follow_up = _record(mette)
    stored = _stored(admin, follow_up)
    assert (stored.author_id, stored.author_name) == (mette.actor.staff_id, "Mentor Mette")
    assert stored.author_text == "Mentor Mette"


def test_a_given_author_is_not_taken_on_trust(mette: Store, admin: Store) -> None:
    """A caller cannot record a follow-up in someone else's name."""
    person = get_participant(mette, list_participants(mette)[0].id)
    day = live_follow_ups(person)[-1].date + datetime.timedelta(days=7)
    forged = next_follow_up(person, day).model_copy(
        update={"author_id": admin.actor.staff_id, "author_name": admin.actor.name}
    )
    save_follow_up(mette, person.id, forged)
    assert _stored(admin, forged).author_name == "Mentor Mette"


def test_a_revision_by_someone_else_keeps_the_author(admin: Store, mette: Store) -> None:
    follow_up = _record(mette)
    person_id = list_participants(admin)[0].id
    stored = _stored(admin, follow_up)
    rating = stored.ratings[0]
    revised = revise_follow_up(
        stored,
        day=stored.date,
        note="Rettet af administratoren",
        ratings=[RatingValues(rating.enrolment_id, rating.staff_step_id, None, action="Ring")],
    )
    save_follow_up(admin, person_id, revised)
    again = _stored(admin, follow_up)
    assert again.note == "Rettet af administratoren"
    assert again.author_name == "Mentor Mette"
    # a revision that drops the author (a caller holding an old copy) keeps it too
    blank = again.changed(note="Igen", author_id=None, author_name=None)
    save_follow_up(admin, person_id, blank)
    assert _stored(admin, follow_up).author_id == mette.actor.staff_id
    # undo of the new follow-up and its redo: still Mette's
    delete_follow_up(admin, person_id, follow_up.id)
    save_follow_up(admin, person_id, follow_up)
    assert _stored(admin, follow_up).author_name == "Mentor Mette"


def test_the_final_follow_up_of_an_exit_is_signed_too(admin: Store, mette: Store) -> None:
    person = get_participant(mette, list_participants(mette)[0].id)
    day = live_follow_ups(person)[-1].date + datetime.timedelta(days=7)
    final = next_follow_up(person, day, note="Sidste")
    save_exit(mette, person.id, Exit(date=day), end_date=day, final=final)
    assert _stored(admin, final).author_name == "Mentor Mette"


def test_the_author_survives_export_and_import(admin: Store, mette: Store, tmp_path: Path) -> None:
    follow_up = _record(mette)
    source = tmp_path / "export.json"
    source.write_text(export_document(admin), encoding="utf-8")
    with import_file(source, tmp_path / "copy.forandring", "andet-pw") as copy:
        stored = _stored(copy, follow_up)
    assert (stored.author_id, stored.author_name) == (mette.actor.staff_id, "Mentor Mette")


def test_an_old_export_without_authors_still_imports(
    admin: Store, mette: Store, tmp_path: Path
) -> None:
    follow_up = _record(mette)
    data = json.loads(export_document(admin))
    for person in data["participants"]:
        for visit in person["follow_ups"]:
            visit.pop("author_id", None)
            visit.pop("author_name", None)
    source = tmp_path / "old-export.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    assert "author_name" not in source.read_text(encoding="utf-8")
    with import_file(source, tmp_path / "copy.forandring", "andet-pw") as copy:
        stored = _stored(copy, follow_up)
    assert (stored.author_id, stored.author_name) == (None, None)
    assert stored.author_text == UNKNOWN_AUTHOR == "ukendt"


def test_the_insight_export_says_who_made_each_follow_up(admin: Store, mette: Store) -> None:
    follow_up = _record(mette)
    data = insight_json(insight_data(admin, list_participants(admin)[0].id))
    exported = next(f for f in data["participant"]["follow_ups"] if f["id"] == str(follow_up.id))
    assert exported["author_name"] == "Mentor Mette"
    readable = [r for r in data["ratings_readable"] if r["date"] == follow_up.date.isoformat()]
    assert readable
    assert {r["made_by"] for r in readable} == {"Mentor Mette"}


def test_a_whole_save_signs_follow_ups_as_the_gestures_do(admin: Store, mette: Store) -> None:
    from forandring_desktop.services.participants import save_participant

    made = _record(mette)
    person = get_participant(mette, list_participants(mette)[0].id)
    day = live_follow_ups(person)[-1].date + datetime.timedelta(days=7)
    forged = next_follow_up(person, day).model_copy(
        update={"author_id": admin.actor.staff_id, "author_name": admin.actor.name}
    )
    others = [
        f.changed(author_id=None, author_name="Nogen andet") if f.id == made.id else f
        for f in person.follow_ups
    ]
    save_participant(mette, person.model_copy(update={"follow_ups": [*others, forged]}))
    assert _stored(admin, forged).author_name == "Mentor Mette"  # new: the one saving
    assert _stored(admin, made).author_name == "Mentor Mette"  # stored: kept
