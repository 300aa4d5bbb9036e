"""Signatures (Ed25519): the organisation's key vouches for each member, each member signs
their own audit entries.

Two kinds of key, both from ``cryptography``:

* **The organisation key.** Its private half is wrapped only in administrator slots and in
  the recovery slot of the keys file (``keys.py``); its public half is *pinned* where a
  staff member cannot quietly swap it (the database, the data folder, the backup manifest,
  the server once sync lands). It signs the list of key slots and one
  :class:`MemberCertificate` per member.
* **A member key.** Every staff member has one, made by the administrator who adds them and
  wrapped in the member's own slot. It signs the member's audit entries; the member's
  certificate says whose key it is (staff id, name, role).

A staff member holding the data key can still read and change the database, but cannot
make a certificate or a slot list the organisation key accepts, so a forged slot, a raised
role or an audit entry re-attributed to a colleague shows.

This module is only the primitives and the certificate; who stores what is in ``keys.py``
(slots, pins) and ``audit.py`` (the chain).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from forandring_desktop.model.staff import Role

SIGNING_KEY_BYTES = 32  # an Ed25519 private or public key, raw
SIGNATURE_BYTES = 64

_CERTIFICATE_CONTEXT = "forandring-member-certificate/1"


def new_signing_key() -> tuple[bytes, bytes]:
    """A fresh Ed25519 key pair as raw bytes: (private, public)."""
    private = Ed25519PrivateKey.generate()
    return (
        private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
        private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
    )


def public_of(private: bytes) -> bytes:
    key = Ed25519PrivateKey.from_private_bytes(private)
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def sign(private: bytes, data: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private).sign(data)


def verify(public: bytes, signature: bytes, data: bytes) -> bool:
    """True if ``signature`` is ``public``'s signature of ``data``; False for anything else
    (a wrong length, a key that is not a point, a changed byte)."""
    if len(public) != SIGNING_KEY_BYTES or len(signature) != SIGNATURE_BYTES:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def canonical(data: Any) -> bytes:
    """One byte string per value (sorted keys, no spaces, UTF-8): what is signed."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def fingerprint(public: bytes) -> str:
    """A short, readable name of a public key (for messages and the README's checks)."""
    digest = hashlib.sha256(public).hexdigest()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True, slots=True)
class MemberCertificate:
    """The organisation key's word that ``public_key`` is the signing key of this member.

    Certificates are never deleted (a removed member's old audit entries must still
    verify); ``issued`` is an ISO timestamp, so a member given a new key has two."""

    staff_id: uuid.UUID
    name: str
    role: Role
    public_key: bytes
    issued: str
    signature: bytes  # by the organisation key over :meth:`payload`

    def payload(self) -> bytes:
        return canonical(
            {
                "context": _CERTIFICATE_CONTEXT,
                "staff_id": str(self.staff_id),
                "name": self.name,
                "role": self.role.value,
                "public_key": self.public_key.hex(),
                "issued": self.issued,
            }
        )

    def valid_under(self, org_public: bytes) -> bool:
        return verify(org_public, self.signature, self.payload())

    def __repr__(self) -> str:  # the name is personal data; logs get the id
        return f"MemberCertificate({self.staff_id}, {fingerprint(self.public_key)})"


def certify(
    org_private: bytes,
    *,
    staff_id: uuid.UUID,
    name: str,
    role: Role,
    public_key: bytes,
    issued: str,
) -> MemberCertificate:
    unsigned = MemberCertificate(staff_id, name, role, public_key, issued, b"")
    return MemberCertificate(
        staff_id, name, role, public_key, issued, sign(org_private, unsigned.payload())
    )


@dataclass(frozen=True, slots=True)
class Signer:
    """The signing key of the member working now; in memory only while the file is open
    and unlocked (``Store.signer``)."""

    staff_id: uuid.UUID
    private_key: bytes

    @property
    def public_key(self) -> bytes:
        return public_of(self.private_key)

    def sign(self, data: bytes) -> bytes:
        return sign(self.private_key, data)

    def __repr__(self) -> str:  # never the private key
        return f"Signer({self.staff_id}, {fingerprint(self.public_key)})"
