"""Signing keys for tests of the audit chain, and the raw-SQL tampering of an attacker who
holds the data key (drops the triggers, rewrites rows, puts the triggers back)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Connection

from forandring_desktop.model.staff import Actor, Role
from forandring_desktop.storage import Store
from forandring_desktop.storage.audit_chain import entry_hash
from forandring_desktop.storage.signing import (
    MemberCertificate,
    Signer,
    certify,
    new_signing_key,
)

ISSUED = "2026-12-01T00:00:00+00:00"
COLLEAGUE = Actor(uuid.UUID("0190f000-0000-7000-8000-0000000000c1"), "Cecilie Kollega", Role.STAFF)
OTHER = Actor(uuid.UUID("0190f000-0000-7000-8000-0000000000c2"), "Dan Anden", Role.STAFF)


@dataclass
class Keys:
    """An organisation key and one member key per actor, with their certificates."""

    org_private: bytes
    org_public: bytes
    signers: dict[uuid.UUID, Signer]
    certificates: list[MemberCertificate]

    def signer(self, actor: Actor) -> Signer:
        return self.signers[actor.staff_id]


def make_keys(*actors: Actor) -> Keys:
    org_private, org_public = new_signing_key()
    signers: dict[uuid.UUID, Signer] = {}
    certificates: list[MemberCertificate] = []
    for actor in actors:
        private, public = new_signing_key()
        signers[actor.staff_id] = Signer(actor.staff_id, private)
        certificates.append(
            certify(
                org_private,
                staff_id=actor.staff_id,
                name=actor.name,
                role=actor.role,
                public_key=public,
                issued=ISSUED,
            )
        )
    return Keys(org_private, org_public, signers, certificates)


def install_keys(store: Store, keys: Keys, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the keys file gives an unlocked store (task K): the working member's signer, the
    pinned organisation key, every member certificate."""
    store.signer = keys.signer(store.actor)
    store.org_public_key = keys.org_public
    monkeypatch.setattr(store.keys, "certificates", lambda: list(keys.certificates), raising=False)


@contextmanager
def working_as(store: Store, actor: Actor, keys: Keys | None) -> Iterator[None]:
    """``actor`` works in ``store`` for a while (as after unlocking the app as them)."""
    before = store.actor, store.signer
    store.actor = actor
    store.signer = keys.signer(actor) if keys is not None else None
    try:
        yield
    finally:
        store.actor, store.signer = before


_TRIGGERS = ("audit_entry_no_update", "audit_entry_no_delete")


@contextmanager
def without_triggers(store: Store) -> Iterator[Connection]:
    """As an attacker with the data key: drop the log's triggers, do what you like, and
    create them again as they were, so nothing shows in the schema."""
    with store.engine.begin() as conn:
        saved = {
            name: sql
            for name, sql in conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
            )
            if name in _TRIGGERS
        }
        assert set(saved) == set(_TRIGGERS)
        for name in saved:
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
        yield conn
        for sql in saved.values():
            conn.exec_driver_sql(sql)


def row_at(conn: Connection, seq: int) -> dict[str, Any]:
    found = conn.exec_driver_sql("SELECT * FROM audit_entry WHERE seq = ?", (seq,)).mappings()
    (row,) = list(found)
    return dict(row)


def rehash(
    row: dict[str, Any], *, signer: Signer | None, keep_key: bool = False
) -> tuple[str, str, str]:
    """(entry_hash, signer_key, signature) of a raw row after the attacker's changes; with
    ``keep_key`` the row's signer_key stays (and the signature is left as it was)."""
    from datetime import datetime

    if keep_key:
        signer_key = str(row["signer_key"])
    else:
        signer_key = signer.public_key.hex() if signer is not None else ""
    at = datetime.fromisoformat(str(row["at"]))
    hashed = entry_hash(
        seq=int(row["seq"]),
        prev_hash=str(row["prev_hash"]),
        entry_id=uuid.UUID(str(row["id"])),
        at=at,
        staff_id=uuid.UUID(str(row["staff_id"])),
        staff_name=str(row["staff_name"]),
        staff_role=str(row["staff_role"]),
        action=str(row["action"]),
        participant_id=uuid.UUID(str(row["participant_id"])) if row["participant_id"] else None,
        content_digest=str(row["content_digest"]),
        signer_key=signer_key,
    )
    if keep_key:
        return hashed, signer_key, str(row["signature"])
    signature = signer.sign(bytes.fromhex(hashed)).hex() if signer is not None else ""
    return hashed, signer_key, signature
