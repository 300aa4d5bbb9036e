"""The audit chain: each entry numbered, hashed, linked to the one before and signed by its
author; tampering with the triggers dropped (as someone with the data key can) is found and
located; the two changes the file allows (purge, scrub) and old and unsigned entries are
not mistaken for tampering."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.audit import AuditAction
from forandring_desktop.model.base import uuid7
from forandring_desktop.services.audit import purge_expired, record
from forandring_desktop.services.audit_integrity import verdict_text, verify_log
from forandring_desktop.storage import Store
from forandring_desktop.storage.audit_chain import ChainProblem, ProblemKind
from forandring_desktop.storage.signing import Signer, new_signing_key
from tests.audit_chain_helpers import (
    COLLEAGUE,
    OTHER,
    Keys,
    install_keys,
    make_keys,
    rehash,
    row_at,
    without_triggers,
    working_as,
)

PERSON = uuid.UUID("0190f000-0000-7000-8000-0000000000e1")


@pytest.fixture
def store(
    store_factory: Callable[..., Store],
    small_doc: OrganisationDocument,
    monkeypatch: pytest.MonkeyPatch,
) -> Store:
    store = store_factory(small_doc)
    keys = make_keys(store.actor, COLLEAGUE, OTHER)
    install_keys(store, keys, monkeypatch)
    store.test_keys = keys  # type: ignore[attr-defined]
    return store


def keys_of(store: Store) -> Keys:
    keys = store.test_keys  # type: ignore[attr-defined]
    assert isinstance(keys, Keys)
    return keys


def write_log(store: Store, n: int = 8) -> None:
    """``n`` entries, alternately by the administrator and the colleague."""
    keys = keys_of(store)
    for i in range(n):
        if i % 2:
            with working_as(store, COLLEAGUE, keys):
                record(store, AuditAction.EXPORT, detail={"content": "alle", "n": i})
        else:
            record(store, AuditAction.READ, participant_id=PERSON, code="IG-001", detail={"i": i})


def problems(store: Store) -> list[ChainProblem]:
    report = verify_log(store)
    assert not report.whole
    return report.problems


def test_an_untouched_log_is_whole_and_every_entry_signed(store: Store) -> None:
    write_log(store)
    report = verify_log(store)
    assert report.whole, report.problems
    assert report.checked == 8
    assert (report.unsigned, report.legacy, report.scrubbed) == (0, 0, 0)
    assert report.head_seq == 8
    assert verdict_text(report) == "Loggen er hel: 8 poster kontrolleret."
    with store.engine.connect() as conn:
        seqs = [s for (s,) in conn.exec_driver_sql("SELECT seq FROM audit_entry ORDER BY seq")]
    assert seqs == list(range(1, 9))


def test_the_new_columns_cannot_be_changed_by_a_plain_update(store: Store) -> None:
    write_log(store, 2)
    for statement in (
        "UPDATE audit_entry SET seq = seq + 10",
        "UPDATE audit_entry SET entry_hash = 'ab'",
        "UPDATE audit_entry SET prev_hash = ''",
        "UPDATE audit_entry SET signer_key = '', signature = ''",
        "UPDATE audit_entry SET content_digest = 'ab'",
        "UPDATE audit_entry SET content_salt = 'ab'",
        # a scrub that also touches the chain is no scrub
        "UPDATE audit_entry SET participant_code = '', detail = '{}', content_salt = '', "
        "signature = ''",
    ):
        with pytest.raises(DBAPIError, match="Logbogen kan ikke ændres"), store.engine.begin() as c:
            c.exec_driver_sql(statement)
    assert verify_log(store).whole


def test_two_entries_cannot_get_the_same_seq(store: Store) -> None:
    write_log(store, 1)
    with pytest.raises(DBAPIError, match="UNIQUE"), store.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO audit_entry (id, at, staff_id, staff_name, staff_role, action, "
            "participant_code, detail, seq) VALUES (?, '2026-12-04 00:00:00', ?, 'x', "
            "'medarbejder', 'read', '', '{}', 1)",
            (uuid7().hex, uuid7().hex),
        )


def test_a_deleted_entry_is_found_at_its_place(store: Store) -> None:
    write_log(store)
    with without_triggers(store) as conn:
        conn.exec_driver_sql("DELETE FROM audit_entry WHERE seq = 4")
    (problem,) = problems(store)
    assert problem == ChainProblem(4, ProblemKind.DELETED, 1)
    assert verdict_text(verify_log(store)) == "Loggen er ændret: post 4 er slettet."


def test_several_deleted_entries_and_the_oldest_deleted_without_a_purge(store: Store) -> None:
    write_log(store)
    with without_triggers(store) as conn:
        conn.exec_driver_sql("DELETE FROM audit_entry WHERE seq IN (1, 2, 5, 6)")
    assert problems(store) == [
        ChainProblem(1, ProblemKind.DELETED, 2),
        ChainProblem(5, ProblemKind.DELETED, 2),
    ]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("staff_name", "'Nogen andre'"),
        ("action", "'list'"),
        ("at", "'2026-01-01 00:00:00.000000'"),
        ("participant_code", "'IG-999'"),
        ("detail", "'{\"i\": 99}'"),
        ("participant_id", "NULL"),
    ],
)
def test_a_changed_field_is_found_at_its_entry(store: Store, column: str, value: str) -> None:
    write_log(store)
    with without_triggers(store) as conn:
        conn.exec_driver_sql(f"UPDATE audit_entry SET {column} = {value} WHERE seq = 3")
    found = problems(store)
    assert found[0] == ChainProblem(3, ProblemKind.CHANGED)
    assert {p.seq for p in found} == {3}


def test_a_changed_entry_rehashed_and_its_old_signature_kept_is_found(store: Store) -> None:
    write_log(store)
    with without_triggers(store) as conn:
        row = row_at(conn, 3)
        row["staff_name"] = "Nogen andre"
        hashed, _key, _signature = rehash(row, signer=None, keep_key=True)
        conn.exec_driver_sql(
            "UPDATE audit_entry SET staff_name = ?, entry_hash = ? WHERE seq = 3",
            (row["staff_name"], hashed),
        )
    found = problems(store)
    assert found[0] == ChainProblem(3, ProblemKind.BAD_SIGNATURE)
    assert {p.seq for p in found} == {3}  # the broken link to entry 4 points at 3 as well


def test_swapped_entries_are_found_as_reordered(store: Store) -> None:
    write_log(store)
    with without_triggers(store) as conn:
        conn.exec_driver_sql("UPDATE audit_entry SET seq = -1 WHERE seq = 5")
        conn.exec_driver_sql("UPDATE audit_entry SET seq = 5 WHERE seq = 6")
        conn.exec_driver_sql("UPDATE audit_entry SET seq = 6 WHERE seq = -1")
    found = problems(store)
    assert ChainProblem(5, ProblemKind.REORDERED, moved_from=6) in found
    assert ChainProblem(6, ProblemKind.REORDERED, moved_from=5) in found
    assert {p.seq for p in found} == {5, 6}


def test_an_entry_reattributed_to_a_colleague_and_resigned_is_found(store: Store) -> None:
    """The colleague (who holds the data key and their own signing key) moves their own
    export (seq 4) onto another colleague, re-hashing and signing it with their own key,
    and re-links the next entry to it."""
    write_log(store)
    keys = keys_of(store)
    with without_triggers(store) as conn:
        row = row_at(conn, 4)
        assert row["staff_name"] == COLLEAGUE.name
        row["staff_id"], row["staff_name"] = OTHER.staff_id.hex, OTHER.name
        hashed, key, signature = rehash(row, signer=keys.signer(COLLEAGUE))
        conn.exec_driver_sql(
            "UPDATE audit_entry SET staff_id = ?, staff_name = ?, entry_hash = ?, "
            "signer_key = ?, signature = ? WHERE seq = 4",
            (row["staff_id"], row["staff_name"], hashed, key, signature),
        )
    found = problems(store)
    assert found[0] == ChainProblem(4, ProblemKind.REATTRIBUTED)
    assert "post 4 er tilskrevet en anden" in verdict_text(verify_log(store))


def test_resigning_with_a_key_the_organisation_never_certified_is_found(store: Store) -> None:
    write_log(store)
    private, _public = new_signing_key()
    with without_triggers(store) as conn:
        row = row_at(conn, 8)
        hashed, key, signature = rehash(row, signer=Signer(COLLEAGUE.staff_id, private))
        conn.exec_driver_sql(
            "UPDATE audit_entry SET entry_hash = ?, signer_key = ?, signature = ? WHERE seq = 8",
            (hashed, key, signature),
        )
    assert problems(store) == [ChainProblem(8, ProblemKind.UNKNOWN_SIGNER)]


def test_stripping_the_signature_breaks_the_link_of_the_next_entry(store: Store) -> None:
    write_log(store)
    with without_triggers(store) as conn:
        row = row_at(conn, 2)
        hashed, key, signature = rehash(row, signer=None)
        conn.exec_driver_sql(
            "UPDATE audit_entry SET entry_hash = ?, signer_key = ?, signature = ? WHERE seq = 2",
            (hashed, key, signature),
        )
    assert problems(store) == [ChainProblem(2, ProblemKind.CHANGED)]


def test_stripping_the_signatures_from_an_entry_onward_is_found(store: Store) -> None:
    """Re-hashing every entry from 5 on without signatures keeps the chain's links whole,
    but the administrator and the colleague signed their earlier entries."""
    write_log(store)
    with without_triggers(store) as conn:
        prev = row_at(conn, 4)["entry_hash"]
        for seq in range(5, 9):
            row = row_at(conn, seq)
            row["prev_hash"] = prev
            hashed, key, signature = rehash(row, signer=None)
            conn.exec_driver_sql(
                "UPDATE audit_entry SET prev_hash = ?, entry_hash = ?, signer_key = ?, "
                "signature = ? WHERE seq = ?",
                (prev, hashed, key, signature, seq),
            )
            prev = hashed
    assert problems(store) == [ChainProblem(s, ProblemKind.UNSIGNED) for s in range(5, 9)]
    assert "post 5 mangler sin signatur" in verdict_text(verify_log(store))


def test_an_entry_put_in_outside_the_chain_is_found(store: Store) -> None:
    write_log(store, 2)
    with without_triggers(store) as conn:
        conn.exec_driver_sql(
            "INSERT INTO audit_entry (id, at, staff_id, staff_name, staff_role, action, "
            "participant_code, detail) VALUES (?, ?, ?, 'x', 'medarbejder', 'read', '', '{}')",
            (uuid7().hex, "2099-01-01 00:00:00.000000", uuid7().hex),
        )
    assert problems(store) == [ChainProblem(0, ProblemKind.INSERTED)]


def test_a_scrubbed_participant_still_verifies_as_scrubbed(store: Store) -> None:
    write_log(store)
    record(store, AuditAction.SEARCH, detail={"terms": {"text": "Ida"}})
    with store.unit_of_work() as uow:
        assert uow.audit.scrub_participant(PERSON, name="Ida") == 5
        uow.commit()
    with store.engine.connect() as conn:
        salts = {s for (s,) in conn.exec_driver_sql("SELECT content_salt FROM audit_entry")}
    assert "" in salts  # the salt is gone with the code: the digest cannot be tried
    report = verify_log(store)
    assert report.whole, report.problems
    assert report.scrubbed == 5
    assert "5 om slettede deltagere" in verdict_text(report)


def test_blanking_only_the_salt_to_hide_a_change_is_found(store: Store) -> None:
    write_log(store)
    with without_triggers(store) as conn:
        conn.exec_driver_sql(
            "UPDATE audit_entry SET content_salt = '', participant_code = 'IG-777' WHERE seq = 1"
        )
    assert problems(store) == [ChainProblem(1, ProblemKind.CHANGED)]


def test_after_a_purge_the_log_is_whole_from_the_anchor(store: Store) -> None:
    now = datetime.now(UTC)
    keys = keys_of(store)
    with store.unit_of_work() as uow:
        for days in (3000, 2500, 2000, 10, 0):
            from forandring_desktop.model.audit import AuditEntry

            uow.audit.add(
                AuditEntry(
                    id=uuid7(),
                    at=now - timedelta(days=days),
                    staff_id=store.actor.staff_id,
                    staff_name=store.actor.name,
                    staff_role=store.actor.role.value,
                    action=AuditAction.READ,
                ),
                signer=keys.signer(store.actor),
            )
        uow.commit()
    assert purge_expired(store) == 3
    with store.unit_of_work() as uow:
        anchor = uow.audit.anchor()
    assert anchor is not None
    assert anchor.seq == 3
    assert anchor.signer_key
    report = verify_log(store)
    assert report.whole, report.problems
    assert (report.anchor_seq, report.checked, report.head_seq) == (3, 3, 6)

    # moving the anchor to hide the deletion of the next entry is found
    with without_triggers(store) as conn:
        conn.exec_driver_sql("DELETE FROM audit_entry WHERE seq = 4")
        conn.exec_driver_sql("UPDATE audit_settings SET anchor_seq = 4")
    assert ProblemKind.BAD_ANCHOR in {p.kind for p in problems(store)}


def test_entries_from_before_the_chain_are_reported_as_such(store: Store) -> None:
    with store.engine.begin() as conn:  # as revision 0005 wrote them: no chain columns
        for _ in range(3):
            conn.exec_driver_sql(
                "INSERT INTO audit_entry (id, at, staff_id, staff_name, staff_role, action, "
                "participant_code, detail) VALUES (?, '2026-01-01 00:00:00.000000', ?, 'x', "
                "'medarbejder', 'read', '', '{}')",
                (uuid7().hex, uuid7().hex),
            )
    write_log(store, 2)
    report = verify_log(store)
    assert report.whole, report.problems
    assert (report.legacy, report.checked) == (3, 2)
    assert "3 før signering" in verdict_text(report)


def test_entries_written_without_a_signing_key_are_chained_but_unsigned(store: Store) -> None:
    store.signer = None  # a keys file whose slots carry no signing keys yet
    write_log(store, 2)  # the colleague signs; the administrator cannot
    report = verify_log(store)
    assert report.whole, report.problems
    assert (report.checked, report.unsigned) == (2, 1)
    assert "1 usigneret" in verdict_text(report)
    with without_triggers(store) as conn:
        conn.exec_driver_sql("DELETE FROM audit_entry WHERE seq = 1")
    assert problems(store) == [ChainProblem(1, ProblemKind.DELETED, 1)]


def test_small_batches_give_the_same_report(store: Store) -> None:
    write_log(store, 10)
    with without_triggers(store) as conn:
        conn.exec_driver_sql("DELETE FROM audit_entry WHERE seq = 7")
    seen: list[tuple[int, int]] = []
    small = verify_log(store, batch=3, progress=lambda done, total: seen.append((done, total)))
    assert small.problems == verify_log(store).problems == [ChainProblem(7, ProblemKind.DELETED)]
    assert seen[:3] == [(3, 9), (6, 9), (9, 9)]  # a batch at a time


def test_a_file_from_before_the_chain_is_upgraded_and_its_old_entries_kept(
    tmp_path: Path,
) -> None:
    """A file at revision 0008 with two entries: after the upgrade they are "før
    signering", a scrub of them still works, and new entries are chained from seq 1."""
    from alembic import command

    from forandring_desktop.storage.crypto import derive_key, new_salt
    from forandring_desktop.storage.engine import make_engine
    from forandring_desktop.storage.migrate import alembic_config, upgrade_to_head

    engine = make_engine(tmp_path / "old.forandring", derive_key("pw", new_salt()))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0008")
        for code in ("IG-001", "IG-002"):
            conn.exec_driver_sql(
                "INSERT INTO audit_entry (id, at, staff_id, staff_name, staff_role, action, "
                "participant_id, participant_code, detail) VALUES (?, '2026-01-01 "
                "00:00:00.000000', ?, 'x', 'medarbejder', 'read', ?, ?, '{}')",
                (uuid7().hex, uuid7().hex, PERSON.hex, code),
            )
    upgrade_to_head(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql(  # the scrub of an erased participant, as storage/audit.py does
            "UPDATE audit_entry SET participant_code = '', detail = '{}', content_salt = '' "
            "WHERE participant_id = ?",
            (PERSON.hex,),
        )
        with pytest.raises(DBAPIError, match="Logbogen kan ikke ændres"):
            conn.exec_driver_sql("UPDATE audit_entry SET seq = 1")
        rows = list(conn.exec_driver_sql("SELECT seq, participant_code FROM audit_entry"))
    assert rows == [(None, ""), (None, "")]
    with engine.begin() as conn:  # down and up again keeps the entries
        command.downgrade(alembic_config(conn), "0008")
        assert conn.exec_driver_sql("SELECT count(*) FROM audit_entry").scalar_one() == 2
        command.upgrade(alembic_config(conn), "head")
    from forandring_desktop.model.audit import AuditEntry
    from forandring_desktop.storage.audit_chain import ChainVerifier
    from forandring_desktop.storage.uow import UnitOfWork

    with UnitOfWork(engine) as uow:
        for _ in range(2):
            uow.audit.add(
                AuditEntry(
                    uuid7(), datetime.now(UTC), uuid7(), "y", "administrator", AuditAction.LIST
                )
            )
        uow.commit()
    with UnitOfWork(engine) as uow:
        verifier = ChainVerifier(certificates=[], org_public_key=None, anchor=uow.audit.anchor())
        chained = uow.audit.chain_rows(0, 10)
        verifier.feed(chained)
        report = verifier.finish(legacy=uow.audit.unchained()[0])
    engine.dispose()
    assert [row["seq"] for row in chained] == [1, 2]
    assert report.whole, report.problems
    assert (report.legacy, report.checked, report.unsigned) == (2, 2, 2)


def test_a_purge_keeps_the_chain_whole_after_a_clock_set_back(store: Store) -> None:
    """An expired entry written after a newer one (the clock was wrong) waits: deleting it
    would cut the chain. Nothing is written while nothing can go."""
    from forandring_desktop.model.audit import AuditEntry

    now = datetime.now(UTC)
    with store.unit_of_work() as uow:
        for days in (10, 3000):
            uow.audit.add(
                AuditEntry(
                    uuid7(),
                    now - timedelta(days=days),
                    uuid7(),
                    "y",
                    "medarbejder",
                    AuditAction.READ,
                )
            )
        uow.commit()
    assert purge_expired(store) == 0
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM audit_entry").scalar_one() == 2
    report = verify_log(store)
    assert report.whole, report.problems
