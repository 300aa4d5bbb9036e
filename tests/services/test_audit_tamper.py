"""The attack of issue 20, through the services: a staff member who holds the data key
drops the log's triggers, deletes their own entries (a full export, a named print), moves
another entry onto a colleague, and puts the triggers back. The administrator's check, the
verdict text and the insight export all say where the log is broken."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.audit import AuditAction
from forandring_desktop.model.staff import AccessDeniedError
from forandring_desktop.services import audit
from forandring_desktop.services.audit_integrity import verdict_text, verify_log
from forandring_desktop.services.participants import get_participant, list_participants
from forandring_desktop.storage import Store
from forandring_desktop.storage.audit_chain import ChainProblem, ProblemKind
from tests.audit_chain_helpers import (
    COLLEAGUE,
    OTHER,
    install_keys,
    make_keys,
    rehash,
    row_at,
    without_triggers,
    working_as,
)


@pytest.fixture
def store(
    store_factory: Callable[..., Store],
    small_doc: OrganisationDocument,
    monkeypatch: pytest.MonkeyPatch,
) -> Store:
    store = store_factory(small_doc)
    keys = make_keys(store.actor, COLLEAGUE, OTHER)
    install_keys(store, keys, monkeypatch)
    person = list_participants(store)[0]
    get_participant(store, person.id)  # seq 2 (seq 1: the list)
    with working_as(store, COLLEAGUE, keys):
        audit.record(store, AuditAction.EXPORT, detail={"content": "alle deltagere"})  # 3
        audit.record(store, AuditAction.PRINT, participant_id=person.id)  # 4
        audit.record(store, AuditAction.READ, participant_id=person.id)  # 5
    get_participant(store, person.id)  # 6
    store.test_keys = keys  # type: ignore[attr-defined]
    return store


def seq_of(store: Store, action: AuditAction) -> list[int]:
    with store.engine.connect() as conn:
        return [
            s
            for (s,) in conn.exec_driver_sql(
                "SELECT seq FROM audit_entry WHERE action = ? ORDER BY seq", (action.value,)
            )
        ]


def test_the_doctored_log_is_reported_with_every_place(store: Store, tmp_path: Path) -> None:
    assert verify_log(store).whole
    assert seq_of(store, AuditAction.EXPORT) == [3]
    keys = store.test_keys  # type: ignore[attr-defined]
    with without_triggers(store) as conn:
        conn.exec_driver_sql("DELETE FROM audit_entry WHERE seq IN (3, 4)")
        row = row_at(conn, 5)  # the colleague's read, moved onto another colleague
        row["staff_id"], row["staff_name"] = OTHER.staff_id.hex, OTHER.name
        hashed, key, signature = rehash(row, signer=keys.signer(COLLEAGUE))
        conn.exec_driver_sql(
            "UPDATE audit_entry SET staff_id = ?, staff_name = ?, entry_hash = ?, "
            "signer_key = ?, signature = ? WHERE seq = 5",
            (row["staff_id"], row["staff_name"], hashed, key, signature),
        )
    report = verify_log(store)
    assert not report.whole
    assert report.problems[:2] == [
        ChainProblem(3, ProblemKind.DELETED, 2),
        ChainProblem(5, ProblemKind.REATTRIBUTED),
    ]
    text = verdict_text(report)
    assert text.startswith("Loggen er ændret: ")
    assert "post 3–4 er slettet" in text
    assert "post 5 er tilskrevet en anden" in text

    person = list_participants(store)[0]
    target = tmp_path / "indsigt.jsonl"
    audit.export_insight(store, person.id, target)
    last = json.loads(target.read_text(encoding="utf-8").splitlines()[-1])
    assert last["verification"]["whole"] is False
    assert {"seq": 3, "kind": "deleted", "count": 2} in last["verification"]["problems"]
    assert last["verification"]["text"].startswith("Loggen er ændret")


def test_only_an_administrator_may_check_the_log(store: Store) -> None:
    keys = store.test_keys  # type: ignore[attr-defined]
    with working_as(store, COLLEAGUE, keys), pytest.raises(AccessDeniedError):
        verify_log(store)


def test_a_member_working_with_someone_elses_signer_writes_unsigned(store: Store) -> None:
    before = store.actor
    store.actor = OTHER  # the signer still belongs to the administrator: never used for OTHER
    try:
        audit.record(store, AuditAction.LIST)
    finally:
        store.actor = before
    report = verify_log(store)
    assert report.whole, report.problems  # OTHER has signed nothing before: not stripped
    assert report.unsigned == 1
