"""The audit log in the file: append-only by SQLite triggers, with only the purge of expired
entries and the scrub of an erased participant's entries allowed."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.audit import (
    DEFAULT_RETENTION_DAYS,
    AuditAction,
    AuditEntry,
    AuditQuery,
)
from forandring_desktop.model.base import uuid7
from forandring_desktop.services.audit import purge_expired
from forandring_desktop.storage import Store

NOW = datetime.now(UTC)
STAFF = uuid.UUID("0190f000-0000-7000-8000-000000000001")


def entry(
    at: datetime,
    *,
    participant_id: uuid.UUID | None = None,
    code: str = "",
    action: AuditAction = AuditAction.READ,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry(
        id=uuid7(),
        at=at,
        staff_id=STAFF,
        staff_name="Bo Mentor",
        staff_role="medarbejder",
        action=action,
        participant_id=participant_id,
        participant_code=code,
        detail=detail or {},
    )


def add(store: Store, *entries: AuditEntry) -> None:
    with store.unit_of_work() as uow:
        for item in entries:
            uow.audit.add(item)
        uow.commit()


def raw_rows(store: Store) -> list[tuple[Any, ...]]:
    with store.engine.connect() as conn:
        return [
            tuple(row)
            for row in conn.exec_driver_sql(
                "SELECT id, at, staff_id, staff_name, staff_role, action, participant_id, "
                "participant_code, detail FROM audit_entry ORDER BY at"
            )
        ]


@pytest.fixture
def store(store_factory: Callable[..., Store], small_doc: OrganisationDocument) -> Store:
    return store_factory(small_doc)


def test_a_new_file_has_an_empty_log_and_the_default_retention(store: Store) -> None:
    with store.unit_of_work() as uow:
        settings = uow.audit.settings()
    assert settings.retention_days == DEFAULT_RETENTION_DAYS == 1826
    assert settings.purged_before is None
    with store.engine.connect() as conn:
        names = {
            name
            for (name,) in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='trigger'"
            )
        }
    assert {
        "audit_entry_no_update",
        "audit_entry_no_delete",
        "audit_settings_cutoff_expired_only",
        "audit_settings_keep_row",
    } <= names


def test_entries_come_back_as_written(store: Store) -> None:
    person = uuid7()
    written = entry(NOW, participant_id=person, code="IG-001", detail={"parts": ["indskrivning"]})
    add(store, written)
    with store.unit_of_work() as uow:
        (read,) = uow.audit.page(AuditQuery(), limit=10)
    assert read == written


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entry SET staff_name = 'Nogen andre'",
        "UPDATE audit_entry SET action = 'read' WHERE action = 'change'",
        "UPDATE audit_entry SET at = '2001-01-01 00:00:00.000000'",
        "UPDATE audit_entry SET participant_id = NULL",
        # blanking the code and detail while changing anything else is no scrub
        "UPDATE audit_entry SET participant_code = '', detail = '{}', staff_name = 'X'",
        "UPDATE audit_entry SET participant_code = 'IG-999'",
    ],
)
def test_raw_updates_are_refused(store: Store, statement: str) -> None:
    add(store, entry(NOW, participant_id=uuid7(), code="IG-001", action=AuditAction.CHANGE))
    before = raw_rows(store)
    with pytest.raises(DBAPIError, match="Logbogen kan ikke ændres"), store.engine.begin() as c:
        c.exec_driver_sql(statement)
    assert raw_rows(store) == before


def test_raw_deletes_are_refused_even_of_old_entries(store: Store) -> None:
    add(store, entry(NOW - timedelta(days=4000)), entry(NOW))
    before = raw_rows(store)
    for statement in (
        "DELETE FROM audit_entry",
        "DELETE FROM audit_entry WHERE at < '2020-01-01 00:00:00'",
    ):
        with pytest.raises(DBAPIError, match="kun udløbne poster"), store.engine.begin() as c:
            c.exec_driver_sql(statement)
    assert raw_rows(store) == before


def test_the_cut_off_cannot_be_later_than_the_retention_period(store: Store) -> None:
    add(store, entry(NOW - timedelta(days=10)))
    with pytest.raises(DBAPIError, match="opbevaringstiden"), store.engine.begin() as c:
        c.exec_driver_sql(
            "UPDATE audit_settings SET purge_before = ?",
            ((NOW - timedelta(days=5)).replace(tzinfo=None).isoformat(" "),),
        )
    with pytest.raises(DBAPIError, match="kan ikke slettes"), store.engine.begin() as c:
        c.exec_driver_sql("DELETE FROM audit_settings")
    with pytest.raises(DBAPIError), store.engine.begin() as c:
        c.exec_driver_sql("UPDATE audit_settings SET retention_days = 0")
    with pytest.raises(DBAPIError), store.engine.begin() as c:
        c.exec_driver_sql("INSERT INTO audit_settings (id, retention_days) VALUES (2, 10)")
    assert len(raw_rows(store)) == 1


def test_scrub_blanks_only_the_code_and_the_detail(store: Store) -> None:
    erased, other = uuid7(), uuid7()
    add(
        store,
        entry(NOW, participant_id=erased, code="IG-001", detail={"parts": ["indskrivning"]}),
        entry(NOW, participant_id=erased, code="IG-001", action=AuditAction.PRINT),
        entry(NOW, participant_id=other, code="IG-002", detail={"parts": ["udskrivning"]}),
        entry(NOW, action=AuditAction.SEARCH, detail={"terms": {"text": "IG"}}),
    )
    before = {row[0]: row for row in raw_rows(store)}
    with store.unit_of_work() as uow:
        assert uow.audit.scrub_participant(erased) == 2
        uow.commit()
    after = {row[0]: row for row in raw_rows(store)}
    assert after.keys() == before.keys()
    for key, row in after.items():
        if row[6] == erased.hex:
            assert row[7] == ""
            assert row[8] == "{}"
            assert row[:7] == before[key][:7]  # id, time, staff, role, action, participant
        else:
            assert row == before[key]
    with store.unit_of_work() as uow:
        scrubbed = uow.audit.page(AuditQuery(participant_ids=(erased,)), limit=10)
    assert len(scrubbed) == 2
    assert all(e.scrubbed and not e.detail for e in scrubbed)


def test_purge_removes_only_expired_entries(store: Store) -> None:
    old = [entry(NOW - timedelta(days=d)) for d in (3000, 1827)]
    kept = [entry(NOW - timedelta(days=d)) for d in (1825, 400, 0)]
    add(store, *old, *kept)
    assert purge_expired(store) == 2
    ids = {row[0] for row in raw_rows(store)}
    assert {e.id.hex for e in kept} <= ids
    assert not {e.id.hex for e in old} & ids
    with store.unit_of_work() as uow:
        assert uow.audit.settings().purged_before is None  # the window is closed again
        (purge,) = uow.audit.page(AuditQuery(action=AuditAction.PURGE), limit=10)
    assert purge.detail["entries"] == 2
    # after the purge the kept entries are protected again
    with pytest.raises(DBAPIError, match="kun udløbne poster"), store.engine.begin() as c:
        c.exec_driver_sql("DELETE FROM audit_entry")
    assert purge_expired(store) == 0  # nothing expired: nothing written
    assert len(raw_rows(store)) == len(kept) + 1


def test_purge_follows_a_shorter_retention(store: Store) -> None:
    add(store, entry(NOW - timedelta(days=40)), entry(NOW - timedelta(days=20)))
    with store.unit_of_work() as uow:
        uow.audit.set_retention_days(30)
        uow.commit()
    assert purge_expired(store) == 1
    assert len(raw_rows(store)) == 2  # the 20-day-old entry and the purge's own entry


def test_scrub_with_a_name_blanks_the_searches_that_may_have_named_them(store: Store) -> None:
    erased = uuid7()

    def search(text: str, **more: str) -> AuditEntry:
        return entry(NOW, action=AuditAction.SEARCH, detail={"terms": {"text": text, **more}})

    blanked = [search("Quistg"), search("ole quistgaard"), search("Quistgaard IG")]
    kept = [
        search("IG-001"),
        search("", mentor="Mette Mentor"),
        entry(NOW, action=AuditAction.LIST, detail={"rows": 3}),
    ]
    add(store, entry(NOW, participant_id=erased, code="IG-009"), *blanked, *kept)
    before = {row[0]: row for row in raw_rows(store)}
    with store.unit_of_work() as uow:
        assert uow.audit.scrub_participant(erased, name="Ole Quistgaard") == 1 + len(blanked)
        uow.commit()
    after = {row[0]: row for row in raw_rows(store)}
    for item in blanked:
        assert after[item.id.hex][8] == "{}"
        assert after[item.id.hex][:8] == before[item.id.hex][:8]
    for item in kept:
        assert after[item.id.hex] == before[item.id.hex]
    with store.unit_of_work() as uow:
        searches = uow.audit.page(AuditQuery(action=AuditAction.SEARCH), limit=10)
    from forandring_desktop.model.audit import describe

    assert sum(1 for e in searches if "slettet sammen med en deltager" in describe(e)) == 3


@pytest.mark.parametrize(
    "statement",
    [
        # a search's terms may be blanked, never rewritten
        'UPDATE audit_entry SET detail = \'{"terms": {"text": "x"}}\' WHERE action = \'search\'',
        "UPDATE audit_entry SET detail = '{}', staff_name = 'X' WHERE action = 'search'",
        # other entries without a participant cannot be blanked
        "UPDATE audit_entry SET detail = '{}' WHERE action = 'list'",
    ],
)
def test_only_a_blanking_of_search_terms_is_allowed(store: Store, statement: str) -> None:
    add(
        store,
        entry(NOW, action=AuditAction.SEARCH, detail={"terms": {"text": "Ole"}}),
        entry(NOW, action=AuditAction.LIST, detail={"rows": 3}),
    )
    before = raw_rows(store)
    with pytest.raises(DBAPIError, match="Logbogen kan ikke ændres"), store.engine.begin() as c:
        c.exec_driver_sql(statement)
    assert raw_rows(store) == before


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Quistg", True),
        ("OLE", True),
        ("hansen ole", True),  # one of the name's words: blanked (better one too many)
        ("Hansen", False),
        ("Quistgaard IG-001", True),
        ("IG-001", False),
        ("", False),
    ],
)
def test_search_may_name(text: str, hit: bool) -> None:
    from forandring_desktop.model.audit import search_may_name

    assert search_may_name({"text": text}, "Ole Quistgaard") is hit
    assert search_may_name({"text": text}, "  ") is False
