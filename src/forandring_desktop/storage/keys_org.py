"""The signed parts of a keys file (format 3): what they are and how they are written.

A format-3 keys file (``keys.py``) adds to format 2:

* in every staff slot, ``signing_key``: the member's own Ed25519 key, its public half in the
  clear and its private half wrapped to the slot's X25519 public key (as the data key is);
* in every administrator slot and the recovery slot, ``organisation_key``: the private half
  of the organisation's Ed25519 key, wrapped the same way;
* at the top, ``organisation``: the organisation's public key, the list of slot identities
  it signed (id, kind, staff id, name, role, X25519 public key, member public key) with the
  signature, and the members' certificates (``signing.MemberCertificate``) – those of
  members removed since are kept in ``retired`` so their old audit entries still verify.

Only the identities are signed, not the wrapped ciphertexts: re-wrapping the data key (a
re-key) or sealing one's own slot under a new passphrase leaves the signature valid.

This module only holds the data and its JSON; what is signed and checked is in
``key_signing.py``. No import of ``keys.py`` (which imports this).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from forandring_desktop.model.staff import Role
from forandring_desktop.storage.crypto import NONCE_BYTES, PUBLIC_KEY_BYTES
from forandring_desktop.storage.signing import (
    SIGNATURE_BYTES,
    SIGNING_KEY_BYTES,
    MemberCertificate,
)


class OrgSectionError(Exception):
    """A structural problem in the signed parts (Danish detail)."""


@dataclass(frozen=True, slots=True)
class Wrapped:
    """Bytes wrapped to a slot's X25519 public key (``crypto.wrap_to``)."""

    ephemeral: bytes
    nonce: bytes
    ciphertext: bytes

    def to_json(self) -> dict[str, str]:
        return {
            "ephemeral": self.ephemeral.hex(),
            "nonce": self.nonce.hex(),
            "ciphertext": self.ciphertext.hex(),
        }


@dataclass(frozen=True, slots=True)
class SlotSigning:
    """What a format-3 slot holds besides the data key: the member's signing key (staff
    slots) and the organisation key (administrator and recovery slots)."""

    member_public: bytes | None = None
    member_private: Wrapped | None = None
    org_key: Wrapped | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.member_public is not None and self.member_private is not None:
            data["signing_key"] = {
                "public": self.member_public.hex(),
                "private": self.member_private.to_json(),
            }
        if self.org_key is not None:
            data["organisation_key"] = self.org_key.to_json()
        return data


@dataclass(frozen=True, slots=True)
class OrgSection:
    """The organisation's public key, the slot identities it signed, and certificates."""

    public_key: bytes
    signed_slots: tuple[Mapping[str, Any], ...]
    signature: bytes
    certificates: tuple[MemberCertificate, ...] = ()
    retired: tuple[MemberCertificate, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "public_key": self.public_key.hex(),
            "slots": [dict(s) for s in self.signed_slots],
            "signature": self.signature.hex(),
            "certificates": [certificate_json(c) for c in self.certificates],
            "retired": [certificate_json(c) for c in self.retired],
        }


def certificate_json(cert: MemberCertificate) -> dict[str, Any]:
    return {
        "staff_id": str(cert.staff_id),
        "name": cert.name,
        "role": cert.role.value,
        "public_key": cert.public_key.hex(),
        "issued": cert.issued,
        "signature": cert.signature.hex(),
    }


# --- reading --------------------------------------------------------------------------------


def _field(obj: Any, key: str, kind: type | tuple[type, ...], what: str) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise OrgSectionError(f"{what} mangler")
    value = obj[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise OrgSectionError(f"{what} har en forkert type")
    return value


def _hex(obj: Any, key: str, size: int | None, what: str) -> bytes:
    text = _field(obj, key, str, what)
    try:
        value = bytes.fromhex(text)
    except ValueError:
        raise OrgSectionError(f"{what} er ikke hex") from None
    if size is not None and len(value) != size:
        raise OrgSectionError(f"{what} har en forkert længde")
    return value


def _wrapped(obj: Any, what: str) -> Wrapped:
    return Wrapped(
        ephemeral=_hex(obj, "ephemeral", PUBLIC_KEY_BYTES, f"{what}.ephemeral"),
        nonce=_hex(obj, "nonce", NONCE_BYTES, f"{what}.nonce"),
        ciphertext=_hex(obj, "ciphertext", None, f"{what}.ciphertext"),
    )


def slot_signing_from(raw: Mapping[str, Any], what: str) -> SlotSigning | None:
    """The signing parts of one slot (None when it has none: a format-2 slot)."""
    member_public = member_private = org_key = None
    if "signing_key" in raw:
        signing = _field(raw, "signing_key", dict, f"{what}: signing_key")
        member_public = _hex(signing, "public", SIGNING_KEY_BYTES, f"{what}: signing_key.public")
        private = _field(signing, "private", dict, f"{what}: signing_key.private")
        member_private = _wrapped(private, f"{what}: signing_key.private")
    if "organisation_key" in raw:
        org_raw = _field(raw, "organisation_key", dict, f"{what}: organisation_key")
        org_key = _wrapped(org_raw, f"{what}: organisation_key")
    if member_public is None and org_key is None:
        return None
    return SlotSigning(member_public, member_private, org_key)


def certificate_from(raw: Any, what: str) -> MemberCertificate:
    try:
        staff_id = uuid.UUID(_field(raw, "staff_id", str, f"{what}: staff_id"))
    except ValueError:
        raise OrgSectionError(f"{what}: staff_id er ikke et gyldigt id") from None
    try:
        role = Role(_field(raw, "role", str, f"{what}: role"))
    except ValueError:
        raise OrgSectionError(f"{what}: ukendt rolle") from None
    return MemberCertificate(
        staff_id=staff_id,
        name=_field(raw, "name", str, f"{what}: name"),
        role=role,
        public_key=_hex(raw, "public_key", SIGNING_KEY_BYTES, f"{what}: public_key"),
        issued=_field(raw, "issued", str, f"{what}: issued"),
        signature=_hex(raw, "signature", SIGNATURE_BYTES, f"{what}: signature"),
    )


def org_section_from(raw: Any) -> OrgSection:
    what = "organisation"
    slots = _field(raw, "slots", list, f"{what}.slots")
    if not all(isinstance(s, dict) for s in slots):
        raise OrgSectionError(f"{what}.slots har en forkert type")
    certs = _field(raw, "certificates", list, f"{what}.certificates")
    retired = _field(raw, "retired", list, f"{what}.retired")
    return OrgSection(
        public_key=_hex(raw, "public_key", SIGNING_KEY_BYTES, f"{what}.public_key"),
        signed_slots=tuple(slots),
        signature=_hex(raw, "signature", SIGNATURE_BYTES, f"{what}.signature"),
        certificates=tuple(
            certificate_from(c, f"{what}.certificates {n + 1}") for n, c in enumerate(certs)
        ),
        retired=tuple(
            certificate_from(c, f"{what}.retired {n + 1}") for n, c in enumerate(retired)
        ),
    )
