"""Sealing one change for the server: AES-256-GCM under the organisation's change key.

The server stores each change as (metadata, nonce, ciphertext). The metadata is what sync
needs in the clear (organisation, table, row id, change id, device, clock, schema version);
all of it is bound to the ciphertext as associated data, so a server administrator who
edits a row, its metadata, or moves a ciphertext to another row gets it refused by every
laptop (:class:`TamperedChangeError`) and nothing of it is applied.

Keys: the organisation's sync key (32 random bytes every laptop of the organisation
holds; the first laptop derives it from its data key, :func:`organisation_key_from`) gives
the change key through HKDF-SHA256 with a context of its own and the organisation's id, so
it is never the key of anything else.
"""

from __future__ import annotations

import json
import struct
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from forandring_desktop.storage.crypto import KEY_BYTES, seal, unseal
from forandring_desktop.storage.sync.errors import TamperedChangeError

_ORGANISATION_KEY_INFO = b"forandring-sync/1 organisation key"
_CHANGE_KEY_INFO = b"forandring-sync/1 change key"
_AAD_LABEL = b"forandring-sync/1 change"


def _hkdf(secret: bytes, info: bytes) -> bytes:
    if len(secret) != KEY_BYTES:
        raise ValueError("keys are 32 bytes")
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(secret)


def organisation_key_from(data_key: bytes, organisation_id: uuid.UUID) -> bytes:
    """The organisation's sync key as the first laptop derives it from its file's data key
    (kept in the file afterwards, so re-keying the file does not change it)."""
    return _hkdf(data_key, _ORGANISATION_KEY_INFO + organisation_id.bytes)


def change_key(organisation_key: bytes, organisation_id: uuid.UUID) -> bytes:
    """The AES-GCM key of the organisation's changes."""
    return _hkdf(organisation_key, _CHANGE_KEY_INFO + organisation_id.bytes)


@dataclass(frozen=True, slots=True)
class ChangeMeta:
    """What the server sees of a change (besides its sequence number and time)."""

    change_id: uuid.UUID
    organisation_id: uuid.UUID
    table_name: str
    row_id: str
    device_id: uuid.UUID
    hlc: int
    schema_version: int

    def associated_data(self) -> bytes:
        table = self.table_name.encode("utf-8")
        row = self.row_id.encode("utf-8")
        return b"".join(
            (
                _AAD_LABEL,
                self.organisation_id.bytes,
                self.change_id.bytes,
                self.device_id.bytes,
                struct.pack(">QI", self.hlc, self.schema_version),
                struct.pack(">H", len(table)),
                table,
                struct.pack(">H", len(row)),
                row,
            )
        )


@dataclass(frozen=True, slots=True)
class SealedChange:
    meta: ChangeMeta
    nonce: bytes
    ciphertext: bytes


def seal_change(key: bytes, meta: ChangeMeta, payload: Mapping[str, Any]) -> SealedChange:
    """Encrypt ``payload`` (JSON-able: the change's operation and values) for the server."""
    plaintext = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    nonce, ciphertext = seal(key, plaintext.encode("utf-8"), meta.associated_data())
    return SealedChange(meta, nonce, ciphertext)


def open_change(key: bytes, sealed: SealedChange, *, seq: int | None = None) -> dict[str, Any]:
    """The payload of a sealed change; TamperedChangeError if the ciphertext, the nonce or
    any of the metadata is not what the laptop that made it sealed (or another key)."""
    try:
        aad = sealed.meta.associated_data()
    except (struct.error, ValueError, UnicodeError):
        raise TamperedChangeError(seq) from None
    plaintext = unseal(key, bytes(sealed.nonce), bytes(sealed.ciphertext), aad)
    if plaintext is None:
        raise TamperedChangeError(seq)
    try:
        payload = json.loads(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise TamperedChangeError(seq) from None
    if not isinstance(payload, dict):
        raise TamperedChangeError(seq)
    return payload
