"""The outbox: every change to a synced row, in the same transaction, only when set up."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.services import participants as participant_service
from forandring_desktop.services.privacy import erase_participant
from forandring_desktop.services.sync import pending_changes, set_up_sync
from forandring_desktop.storage import Store
from forandring_desktop.storage.sync import outbox
from forandring_desktop.storage.sync.errors import SyncAlreadySetUpError
from forandring_desktop.storage.sync.hlc import Hlc

StoreFactory = Callable[..., Store]


class FakeWall:
    def __init__(self, ms: int = 1_800_000_000_000) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def outbox_rows(store: Store) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM sync_outbox ORDER BY seq")).mappings().all()
    return [dict(r) for r in rows]


def triggers(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(
            conn.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync%'")
            ).scalars()
        )


def rename(store: Store, doc: OrganisationDocument, name: str) -> None:
    person = participant_service.get_participant(store, doc.participants[0].id)
    participant_service.save_participant(store, person.model_copy(update={"name": name}))


def test_a_file_not_set_up_for_sync_records_nothing_and_has_no_triggers(
    store_factory: StoreFactory, small_doc: OrganisationDocument
) -> None:
    store = store_factory(small_doc)
    rename(store, small_doc, "Ny Navnesen")
    assert triggers(store) == []
    assert outbox_rows(store) == []
    assert pending_changes(store) == 0


def test_setting_up_records_everything_for_the_first_push(
    store_factory: StoreFactory, small_doc: OrganisationDocument
) -> None:
    store = store_factory(small_doc)
    done = set_up_sync(store)
    rows = outbox_rows(store)
    assert done.recorded == len(rows)
    tables = {r["table_name"] for r in rows}
    assert {"organisation", "participant", "participant_identity", "follow_up"} <= tables
    assert {"ladder_step", "ladder_rating", "door_note", "persona"} <= tables
    assert all(r["op"] == "insert" and r["hlc"] is not None for r in rows)
    assert len({r["change_id"] for r in rows}) == len(rows)
    name_rows = [r for r in rows if r["table_name"] == "participant_identity"]
    assert json.loads(name_rows[0]["data"])["name"] == small_doc.participants[0].name
    with pytest.raises(SyncAlreadySetUpError):
        set_up_sync(store)


def test_an_edit_is_recorded_with_its_changed_fields_in_its_own_transaction(
    store_factory: StoreFactory, small_doc: OrganisationDocument
) -> None:
    store = store_factory(small_doc)
    set_up_sync(store)
    before = len(outbox_rows(store))
    wall = FakeWall()
    store.sync_wall = wall
    rename(store, small_doc, "Ny Navnesen")
    new = outbox_rows(store)[before:]
    identity = [r for r in new if r["table_name"] == "participant_identity"]
    assert len(identity) == 1
    assert identity[0]["op"] == "update"
    assert identity[0]["fields"] == "name"
    assert json.loads(identity[0]["data"])["name"] == "Ny Navnesen"
    assert Hlc.unpack(identity[0]["hlc"]).wall_ms == wall.ms
    # The edit's audit entry travels too.
    assert any(r["table_name"] == "audit_entry" and r["op"] == "insert" for r in new)
    hlcs = [r["hlc"] for r in outbox_rows(store)]
    assert hlcs == sorted(hlcs)
    assert len(set(hlcs)) == len(hlcs)


def test_a_rolled_back_change_leaves_nothing_in_the_outbox(
    store_factory: StoreFactory, small_doc: OrganisationDocument
) -> None:
    store = store_factory(small_doc)
    set_up_sync(store)
    before = outbox_rows(store)
    with store.unit_of_work() as uow:
        uow.session.execute(text("UPDATE participant_identity SET name = 'Midlertidig'"))
        # no commit: the unit of work rolls back
    assert outbox_rows(store) == before


def test_the_clock_keeps_counting_when_the_wall_clock_goes_back(
    store_factory: StoreFactory, small_doc: OrganisationDocument
) -> None:
    store = store_factory(small_doc)
    set_up_sync(store)
    wall = FakeWall(2_000_000_000_000)
    store.sync_wall = wall
    rename(store, small_doc, "Først")
    wall.ms -= 86_400_000
    rename(store, small_doc, "Bagefter")
    identity = [r for r in outbox_rows(store) if r["table_name"] == "participant_identity"]
    assert identity[-1]["hlc"] > identity[-2]["hlc"]


def test_changes_being_applied_from_another_laptop_are_not_recorded(
    store_factory: StoreFactory, small_doc: OrganisationDocument
) -> None:
    store = store_factory(small_doc)
    set_up_sync(store)
    before = outbox_rows(store)
    with store.unit_of_work() as uow:
        uow.session.execute(text("UPDATE sync_state SET recording = 0"))
        uow.session.execute(text("UPDATE participant_identity SET name = 'Fra B'"))
        uow.session.execute(text("UPDATE sync_state SET recording = 1"))
        uow.commit()
    assert outbox_rows(store) == before


def test_an_erased_participant_leaves_no_copy_in_the_outbox(
    store_factory: StoreFactory, small_doc: OrganisationDocument
) -> None:
    store = store_factory(small_doc)
    set_up_sync(store)
    person = small_doc.participants[0]
    erase_participant(store, person.id)
    rows = outbox_rows(store)
    assert person.name not in json.dumps(rows, default=str)
    mine = [r for r in rows if r["row_id"] == person.id.hex]
    assert mine
    assert {
        r["op"] for r in mine if r["table_name"] in {"participant", "participant_identity"}
    } == {"delete"}


def test_triggers_are_made_again_after_a_schema_upgrade(
    store_factory: StoreFactory, small_doc: OrganisationDocument
) -> None:
    store = store_factory(small_doc)
    set_up_sync(store)
    made = sorted(triggers(store))
    assert len(made) == 3 * len(outbox.SYNCED)
    with store.engine.begin() as conn:
        outbox.drop_triggers(conn)
        conn.execute(text("UPDATE participant_identity SET name = 'Under opgradering'"))
    with store.engine.begin() as conn, outbox.quiet_upgrade(conn):
        conn.execute(text("UPDATE participant_identity SET name = 'Migreret'"))
    assert sorted(triggers(store)) == made
    assert all("Migreret" not in (r["data"] or "") for r in outbox_rows(store))
    rename(store, small_doc, "Efter")
    assert "Efter" in (outbox_rows(store)[-1]["data"] or "") or any(
        "Efter" in (r["data"] or "") for r in outbox_rows(store)
    )
