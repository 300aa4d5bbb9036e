"""The audit log through the services: each kind of access leaves exactly one entry with the
right action, actor and participant; only administrators read the log or change its
retention; the insight export; purging on open; one small INSERT per save."""

from __future__ import annotations

import dataclasses
import datetime
import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from forandring_desktop.model import InvalidDataError, OrganisationDocument, Participant
from forandring_desktop.model.audit import AuditAction, AuditEntry, AuditQuery, describe
from forandring_desktop.model.participants import Exit, FollowUp, with_follow_up
from forandring_desktop.model.staff import AccessDeniedError, Actor, Role
from forandring_desktop.services import audit
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.exchange import export_document
from forandring_desktop.services.files import create_from_document, open_organisation
from forandring_desktop.services.participants import (
    get_participant,
    list_participants,
    save_participant,
    set_participant_deleted,
)
from forandring_desktop.services.reporting import participant_report_data
from forandring_desktop.storage import Store

TODAY = datetime.date(2025, 6, 1)
PASSPHRASE = "revisions-adgangskode"
STAFF = Actor(uuid.UUID("0190f000-0000-7000-8000-0000000000b0"), "Bo Mentor", Role.STAFF)


@pytest.fixture(scope="module")
def doc() -> OrganisationDocument:
    return build_demo_document(today=TODAY, participants=4)


@pytest.fixture(scope="module")
def module_store(
    tmp_path_factory: pytest.TempPathFactory, doc: OrganisationDocument
) -> Iterator[Store]:
    store = create_from_document(tmp_path_factory.mktemp("audit") / "a.forandring", PASSPHRASE, doc)
    yield store
    store.close()


@pytest.fixture
def store(module_store: Store) -> Store:
    return module_store


def all_entries(store: Store) -> list[AuditEntry]:
    """Straight from the repository (no admin check), oldest first."""
    with store.unit_of_work() as uow:
        return uow.audit.page(AuditQuery(), limit=1_000_000, newest_first=False)


def new_entries(store: Store, action: Callable[[], object]) -> list[AuditEntry]:
    before = {e.id for e in all_entries(store)}
    action()
    return [e for e in all_entries(store) if e.id not in before]


def only(entries: list[AuditEntry]) -> AuditEntry:
    assert len(entries) == 1, entries
    return entries[0]


def first_person(store: Store) -> Participant:
    with store.unit_of_work() as uow:
        return uow.participants.get(uow.participants.summaries()[0].id)


def check_actor(entry: AuditEntry, store: Store) -> None:
    assert entry.staff_id == store.actor.staff_id
    assert entry.staff_name == store.actor.name
    assert entry.staff_role == store.actor.role.value


# -- each kind of access leaves one entry ---------------------------------------------------


def test_reading_a_participant(store: Store) -> None:
    person = first_person(store)
    entry = only(new_entries(store, lambda: get_participant(store, person.id)))
    assert entry.action is AuditAction.READ
    assert (entry.participant_id, entry.participant_code) == (person.id, person.code)
    check_actor(entry, store)
    assert person.name
    assert person.name not in json.dumps(dict(entry.detail))


def test_listing_participants_logs_the_number_of_rows_and_no_codes(store: Store) -> None:
    rows: list[Any] = []
    entry = only(new_entries(store, lambda: rows.extend(list_participants(store))))
    assert entry.action is AuditAction.LIST
    assert entry.detail == {"rows": len(rows)}
    assert entry.participant_id is None
    assert entry.participant_code == ""


def test_a_search_logs_its_terms_and_an_empty_one_nothing(store: Store) -> None:
    terms = {"text": "IG-00", "status": "Aktive", "mentor": "", "target_group": None}
    entry = only(new_entries(store, lambda: audit.log_search(store, terms, matches=3)))
    assert entry.action is AuditAction.SEARCH
    assert entry.detail == {"terms": {"text": "IG-00", "status": "Aktive"}, "matches": 3}
    check_actor(entry, store)
    assert "søgetekst ‘IG-00’" in describe(entry)
    assert new_entries(store, lambda: audit.log_search(store, {"text": "", "mentor": ""})) == []


def test_intake_change_follow_up_exit_delete_and_restore(
    store: Store, doc: OrganisationDocument
) -> None:
    ladder = doc.ladders[0]
    person = Participant(
        code="LOG-001",
        name="Hemmelig Hansen",
        start_date=TODAY,
        enrolments=[{"ladder_id": ladder.id, "start_step_id": ladder.live_steps()[0].id}],
    )
    created = only(new_entries(store, lambda: save_participant(store, person)))
    assert created.action is AuditAction.CREATE
    assert (created.participant_id, created.participant_code) == (person.id, "LOG-001")
    assert created.detail == {"parts": ["indskrivning"]}
    check_actor(created, store)

    follow_up = FollowUp(date=datetime.date(2025, 6, 8), note="Første uge")
    added = with_follow_up(person, follow_up)
    entry = only(new_entries(store, lambda: save_participant(store, added)))
    assert entry.action is AuditAction.CHANGE
    assert entry.detail == {"parts": ["opfølgning 2025-06-08 tilføjet"]}

    edited = with_follow_up(added, follow_up.changed(note="Rettet note"))
    entry = only(new_entries(store, lambda: save_participant(store, edited)))
    assert entry.detail == {"parts": ["opfølgning 2025-06-08 rettet"]}

    undone = only(new_entries(store, lambda: save_participant(store, person)))  # an undo
    assert undone.detail == {"parts": ["opfølgning 2025-06-08 fjernet"]}

    renamed = person.changed(code="LOG-002", mentor="Mette")
    entry = only(new_entries(store, lambda: save_participant(store, renamed)))
    assert entry.detail == {"parts": ["indskrivning"], "previous_code": "LOG-001"}
    assert entry.participant_code == "LOG-002"

    ended = renamed.changed(exit=Exit(date=TODAY + datetime.timedelta(days=30)))
    entry = only(new_entries(store, lambda: save_participant(store, ended)))
    assert entry.detail == {"parts": ["udskrivning"]}

    deleted = only(
        new_entries(store, lambda: set_participant_deleted(store, person.id, deleted=True))
    )
    assert (deleted.action, deleted.participant_id) == (AuditAction.DELETE, person.id)
    restored = only(
        new_entries(store, lambda: set_participant_deleted(store, person.id, deleted=False))
    )
    assert restored.action is AuditAction.RESTORE


def test_a_refused_save_leaves_no_entry(store: Store) -> None:
    taken = first_person(store).code
    clash = Participant(code=taken, start_date=TODAY)
    with pytest.raises(InvalidDataError):
        new_entries(store, lambda: save_participant(store, clash))
    assert not [e for e in all_entries(store) if e.participant_id == clash.id]


@pytest.mark.parametrize("show_name", [False, True])
def test_printing_a_report_says_whether_the_name_was_on_it(store: Store, show_name: bool) -> None:
    person = first_person(store)
    entry = only(
        new_entries(store, lambda: participant_report_data(store, person.id, show_name=show_name))
    )
    assert entry.action is AuditAction.PRINT
    assert (entry.participant_id, entry.participant_code) == (person.id, person.code)
    assert entry.detail == {"report": "progressionsrapport", "show_name": show_name}
    assert ("med navn" if show_name else "uden navn") in describe(entry)


def test_the_json_export_is_one_entry_with_the_number_of_participants(
    store: Store,
) -> None:
    text: list[str] = []
    entry = only(new_entries(store, lambda: text.append(export_document(store))))
    assert entry.action is AuditAction.EXPORT
    exported = json.loads(text[0])["participants"]
    assert entry.detail == {"format": "json", "participants": len(exported)}
    assert entry.participant_id is None


def test_record_for_insight_and_erasure(store: Store) -> None:
    person = first_person(store)
    entry = only(
        new_entries(
            store,
            lambda: audit.record(
                store, AuditAction.INSIGHT, participant_id=person.id, detail={"file": "x.json"}
            ),
        )
    )
    assert entry.action is AuditAction.INSIGHT
    assert entry.participant_code == person.code  # looked up when not given
    check_actor(entry, store)

    def rolled_back() -> None:
        with store.unit_of_work() as uow:
            audit.record(store, AuditAction.ERASE, participant_id=person.id, code="X", uow=uow)
            # no commit: the caller's transaction failed, so its entry is gone too

    assert new_entries(store, rolled_back) == []

    def committed() -> None:
        with store.unit_of_work() as uow:
            audit.record(store, AuditAction.ERASE, participant_id=person.id, code="X", uow=uow)
            uow.commit()

    assert only(new_entries(store, committed)).action is AuditAction.ERASE


def test_entries_name_the_staff_member_working_now(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "actor", STAFF)
    person = first_person(store)
    entry = only(new_entries(store, lambda: get_participant(store, person.id)))
    assert (entry.staff_id, entry.staff_name, entry.staff_role) == (
        STAFF.staff_id,
        "Bo Mentor",
        "medarbejder",
    )


def test_actor_of_falls_back_to_an_administrator() -> None:
    class Bare:
        pass

    actor = audit.actor_of(Bare())  # type: ignore[arg-type]
    assert actor == audit.FALLBACK_ACTOR
    assert actor.role is Role.ADMIN
    assert actor.name == "Administrator"


# -- administrators only ------------------------------------------------------------------


def test_staff_cannot_read_the_log_or_change_retention(
    store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    person = first_person(store)
    monkeypatch.setattr(store, "actor", STAFF)
    denied: list[Callable[[], object]] = [
        lambda: audit.list_entries(store),
        lambda: audit.count_entries(store),
        lambda: audit.iter_entries(store),
        lambda: audit.logged_staff(store),
        lambda: audit.audit_settings(store),
        lambda: audit.set_retention_days(store, 30),
        lambda: audit.resolve_participant_code(store, person.code),
        lambda: audit.export_insight(store, person.id, tmp_path / "indsigt.jsonl"),
    ]
    for call in denied:
        with pytest.raises(AccessDeniedError, match="Kun en administrator"):
            call()
    assert not (tmp_path / "indsigt.jsonl").exists()
    monkeypatch.undo()
    assert audit.audit_settings(store).retention_days == 1826


def test_retention_is_checked_and_its_change_logged(
    store_factory: Callable[..., Store], doc: OrganisationDocument
) -> None:
    store = store_factory(doc)
    for bad in (0, -5, 36_501):
        with pytest.raises(InvalidDataError, match="Opbevaringstid"):
            audit.set_retention_days(store, bad)
    entry = only(new_entries(store, lambda: audit.set_retention_days(store, 365)))
    assert entry.action is AuditAction.SETTINGS
    assert entry.detail == {"retention_days": {"from": 1826, "to": 365}}
    assert audit.audit_settings(store).retention_days == 365
    assert new_entries(store, lambda: audit.set_retention_days(store, 365)) == []


# -- reading the log ----------------------------------------------------------------------


def test_list_entries_filters_and_pages_newest_first(
    store_factory: Callable[..., Store], doc: OrganisationDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = store_factory(doc)
    people = list_participants(store)
    a, b = people[0], people[1]
    get_participant(store, a.id)
    monkeypatch.setattr(store, "actor", STAFF)
    get_participant(store, b.id)
    participant_report_data(store, b.id)
    monkeypatch.undo()

    everything = audit.list_entries(store)
    assert [e.at for e in everything] == sorted((e.at for e in everything), reverse=True)
    assert audit.count_entries(store) == len(everything)

    by_code = audit.list_entries(store, AuditQuery(participant_code=b.code.lower()))
    assert {e.participant_id for e in by_code} == {b.id}
    assert [e.action for e in by_code] == [AuditAction.PRINT, AuditAction.READ]
    by_staff = audit.list_entries(store, AuditQuery(staff_id=STAFF.staff_id))
    assert len(by_staff) == 2
    assert {e.staff_name for e in by_staff} == {"Bo Mentor"}
    reads = audit.list_entries(store, AuditQuery(action=AuditAction.READ))
    assert {e.participant_id for e in reads} == {a.id, b.id}
    tomorrow = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    assert audit.list_entries(store, AuditQuery(since=tomorrow)) == []
    assert len(audit.list_entries(store, AuditQuery(until=tomorrow))) == len(everything)
    staff = audit.logged_staff(store)
    assert (STAFF.staff_id, "Bo Mentor") in staff
    assert len(staff) == 2

    first = audit.list_entries(store, limit=2)
    rest = audit.list_entries(store, limit=100, after=(first[-1].at, first[-1].id))
    assert [e.id for e in first + rest] == [e.id for e in everything]
    assert [e.id for e in audit.iter_entries(store, batch=2)] == [e.id for e in everything][::-1]


def test_insight_export_holds_one_participants_entries_as_json_lines(
    store_factory: Callable[..., Store], doc: OrganisationDocument, tmp_path: Path
) -> None:
    store = store_factory(doc)
    people = list_participants(store)
    a, b = people[0], people[1]
    get_participant(store, a.id)
    participant_report_data(store, a.id, show_name=True)
    get_participant(store, b.id)
    target = tmp_path / "indsigt.jsonl"

    assert audit.resolve_participant_code(store, a.code.lower()) == a.id
    count = audit.export_insight(store, a.id, target)
    *lines, last = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert count == len(lines) == 2
    assert last["verification"]["whole"] is True  # the whole log's verdict comes last
    assert last["verification"]["text"].startswith("Loggen er hel:")
    assert [line["action"] for line in lines] == ["read", "print"]
    assert {line["participant_id"] for line in lines} == {str(a.id)}
    assert all(line["participant_code"] == a.code for line in lines)
    assert all("staff" not in line and "staff_id" not in line for line in lines)
    assert lines[1]["detail"] == {"report": "progressionsrapport", "show_name": True}
    assert lines[0]["role"] == "administrator"

    with_names = audit.export_insight(store, a.id, target, staff_names=True)
    *lines, _verdict = [
        json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()
    ]
    assert with_names == 3  # the first export is itself an entry about the participant
    assert lines[-1]["action"] == "insight"
    assert lines[0]["staff"] == store.actor.name

    with pytest.raises(audit.UnknownAuditParticipantError, match="Ukendt deltager ‘NOPE’"):
        audit.resolve_participant_code(store, "NOPE")


def test_opening_a_file_purges_expired_entries(tmp_path: Path, doc: OrganisationDocument) -> None:
    path = tmp_path / "gammel.forandring"
    store = create_from_document(path, PASSPHRASE, doc)
    now = datetime.datetime.now(datetime.UTC)
    old = AuditEntry(
        id=uuid.uuid4(),
        at=now - datetime.timedelta(days=2000),
        staff_id=STAFF.staff_id,
        staff_name=STAFF.name,
        staff_role=STAFF.role.value,
        action=AuditAction.READ,
    )
    recent = dataclasses.replace(old, id=uuid.uuid4(), at=now)
    with store.unit_of_work() as uow:
        uow.audit.add(old)
        uow.audit.add(recent)
        uow.commit()
    store.close()
    with open_organisation(path, PASSPHRASE) as reopened:
        ids = {e.id for e in all_entries(reopened)}
        assert recent.id in ids
        assert old.id not in ids
        purge = only([e for e in all_entries(reopened) if e.action is AuditAction.PURGE])
        assert purge.detail["entries"] == 1


def test_saving_a_follow_up_costs_one_insert_in_the_same_transaction(store: Store) -> None:
    person = get_participant(store, first_person(store).id)
    later = max((f.date for f in person.follow_ups), default=person.start_date)
    follow_up = FollowUp(date=later + datetime.timedelta(days=7), note="Ugentlig")
    updated = with_follow_up(person, follow_up)
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement.strip().split()[0].upper() + " " + statement)

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        save_participant(store, updated)
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    audit_statements = [s for s in statements if "audit_entry" in s]
    # the newest (seq, entry_hash) to chain to, then the entry itself
    assert len(audit_statements) == 2
    assert audit_statements[0].startswith("SELECT")
    assert "seq" in audit_statements[0]
    assert "LIMIT" in audit_statements[0]
    assert audit_statements[1].startswith("INSERT")
    assert sum(1 for s in statements if s.startswith("BEGIN")) == 1  # one transaction
