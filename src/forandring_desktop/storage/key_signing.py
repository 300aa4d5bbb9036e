"""Signed key slots: the organisation key signs who may open the file, and with what role.

A format-3 keys file (``keys_org.py`` describes its parts) is checked *before* any
passphrase is tried: every slot's identity (id, kind, staff id, name, role, its X25519
public key and its member signing key) must be in the list the organisation key signed.
A slot added with the project's own functions by someone who holds only a passphrase, a
role or name edited by hand, a slot copied in from another organisation's file: each is
refused with :class:`KeysFileTamperedError`, naming the slot – never "wrong passphrase".

Only an administrator's slot and the recovery slot hold the organisation key's private
half, so only they can add, change or re-sign slots (``key_manager.py``). Replacing the
organisation key itself (an attacker re-signing everything with a key of their own) is
caught by the pins (``key_pins.py``; the database, the data folder, the backup manifest).

A format-2 file (no signature yet) is upgraded by :func:`upgrade` the first time an
administrator or the recovery key opens it; until then a staff member may still open it
(with a warning), unless a pin says it was signed before.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from forandring_desktop.model.staff import Role
from forandring_desktop.storage.crypto import unwrap_with, wrap_to
from forandring_desktop.storage.errors import (
    KeysFileTamperedError,
    OrganisationKeyMismatchError,
)
from forandring_desktop.storage.keys import KeyFile, KeySlot, SlotKind
from forandring_desktop.storage.keys_org import OrgSection, SlotSigning, Wrapped
from forandring_desktop.storage.signing import (
    MemberCertificate,
    canonical,
    certify,
    new_signing_key,
    public_of,
    sign,
    verify,
)

SLOTS_CONTEXT = "forandring-key-slots/1"
RECOVERY_NAME = "gendannelsesnøglen"

UNSIGNED_WARNING = (
    "Nøglefilen er ikke underskrevet endnu – en administrator skal åbne filen én gang."
)


def slot_identity(slot: KeySlot) -> dict[str, Any]:
    """What the organisation key vouches for in one slot (no ciphertexts)."""
    member = slot.signing.member_public if slot.signing is not None else None
    return {
        "id": str(slot.slot_id),
        "kind": slot.kind.value,
        "staff_id": str(slot.staff_id) if slot.staff_id is not None else None,
        "name": slot.name,
        "role": slot.role.value,
        "public_key": slot.public_key.hex() if slot.public_key is not None else None,
        "signing_key": member.hex() if member is not None else None,
    }


def _payload(org_public: bytes, identities: Iterable[Any]) -> bytes:
    ordered = sorted(identities, key=lambda s: str(s.get("id")) if isinstance(s, dict) else "")
    return canonical(
        {"context": SLOTS_CONTEXT, "organisation_key": org_public.hex(), "slots": ordered}
    )


def _member_aad(slot: KeySlot, member_public: bytes) -> bytes:
    assert slot.public_key is not None
    return canonical(
        {
            "context": SLOTS_CONTEXT,
            "part": "signing_key",
            "slot": str(slot.slot_id),
            "public_key": slot.public_key.hex(),
            "signing_key": member_public.hex(),
        }
    )


def _org_aad(slot: KeySlot, org_public: bytes) -> bytes:
    assert slot.public_key is not None
    return canonical(
        {
            "context": SLOTS_CONTEXT,
            "part": "organisation_key",
            "slot": str(slot.slot_id),
            "public_key": slot.public_key.hex(),
            "organisation_key": org_public.hex(),
        }
    )


def who(slot: KeySlot) -> str:
    return slot.name if slot.kind is SlotKind.STAFF and slot.name else RECOVERY_NAME


# --- checking -------------------------------------------------------------------------------


def check_slots(key_file: KeyFile, pinned: bytes | None = None, *, where: str = "") -> None:
    """Raise unless every slot of ``key_file`` is signed by its organisation key (and that
    key is ``pinned``, when given). A format-2 file passes only with nothing pinned."""
    org = key_file.organisation
    if org is None:
        if pinned is not None:
            raise OrganisationKeyMismatchError(where or "databasen", unsigned=True)
        return
    if pinned is not None and org.public_key != pinned:
        raise OrganisationKeyMismatchError(where or "databasen")
    signed = {str(s.get("id")): s for s in org.signed_slots}
    # The slots first, so the message names the one that was added or edited.
    for slot in key_file.slots:
        if signed.get(str(slot.slot_id)) != slot_identity(slot):
            raise KeysFileTamperedError(who(slot))
    if not verify(org.public_key, org.signature, _payload(org.public_key, org.signed_slots)):
        raise KeysFileTamperedError(None)


def certificates(key_file: KeyFile) -> list[MemberCertificate]:
    """Every certificate the file holds, current and retired, that its organisation key
    signed (in the order they were issued)."""
    org = key_file.organisation
    if org is None:
        return []
    found = [c for c in (*org.certificates, *org.retired) if c.valid_under(org.public_key)]
    return sorted(found, key=lambda c: c.issued)


# --- opening --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SlotKeys:
    """What a slot's X25519 private key opens besides the data key (format 3)."""

    member_private: bytes | None = None
    org_private: bytes | None = None


def open_signing(key_file: KeyFile, slot: KeySlot, x25519_private: bytes | None) -> SlotKeys:
    """The member's signing key and (administrator, recovery) the organisation key held in
    ``slot``; each only if it matches the public key the file signed."""
    org, signing = key_file.organisation, slot.signing
    if org is None or signing is None or x25519_private is None:
        return SlotKeys()
    member = None
    if signing.member_public is not None and signing.member_private is not None:
        w = signing.member_private
        member = unwrap_with(
            x25519_private, w.ephemeral, w.nonce, w.ciphertext,
            _member_aad(slot, signing.member_public),
        )  # fmt: skip
        if member is not None and public_of(member) != signing.member_public:
            member = None
    org_private = None
    if signing.org_key is not None and slot.role is Role.ADMIN:
        w = signing.org_key
        org_private = unwrap_with(
            x25519_private, w.ephemeral, w.nonce, w.ciphertext, _org_aad(slot, org.public_key)
        )
        if org_private is not None and public_of(org_private) != org.public_key:
            org_private = None
    return SlotKeys(member, org_private)


# --- minting (the organisation key's holder only) --------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def equip(
    slot: KeySlot, org_private: bytes, *, issued: str | None = None
) -> tuple[KeySlot, MemberCertificate | None, bytes | None]:
    """``slot`` with a fresh member signing key (staff slots) and the organisation key
    (administrators, the recovery slot); its certificate and the member's private key."""
    if slot.public_key is None:
        raise ValueError("a format-1 slot cannot hold signing keys")
    member_public = member_wrapped = member_private = cert = None
    if slot.kind is SlotKind.STAFF:
        assert slot.staff_id is not None
        assert slot.name
        member_private, member_public = new_signing_key()
        aad = _member_aad(slot, member_public)
        member_wrapped = Wrapped(*wrap_to(slot.public_key, member_private, aad))
        cert = certify(
            org_private,
            staff_id=slot.staff_id,
            name=slot.name,
            role=slot.role,
            public_key=member_public,
            issued=issued or _now(),
        )
    org_wrapped = None
    if slot.role is Role.ADMIN:
        aad = _org_aad(slot, public_of(org_private))
        org_wrapped = Wrapped(*wrap_to(slot.public_key, org_private, aad))
    signing = SlotSigning(member_public, member_wrapped, org_wrapped)
    return replace(slot, signing=signing), cert, member_private


def signed(
    key_file: KeyFile, org_private: bytes, new_certificates: Iterable[MemberCertificate] = ()
) -> KeyFile:
    """``key_file`` with its slots signed anew by ``org_private``; certificates of members
    who no longer have a slot move to ``retired`` (kept, so their audit entries verify)."""
    org_public = public_of(org_private)
    old = key_file.organisation
    identities: tuple[Mapping[str, Any], ...] = tuple(slot_identity(s) for s in key_file.slots)
    # A damaged slot (kept as it was) keeps its signed identity, so it is not lost.
    damaged_ids = {str(d.raw.get("id")) for d in key_file.damaged if isinstance(d.raw, dict)}
    if old is not None and old.public_key == org_public:
        identities += tuple(s for s in old.signed_slots if str(s.get("id")) in damaged_ids)
    certs = [*(old.certificates if old else ()), *new_certificates]
    retired = list(old.retired if old else ())
    members = {s.staff_id for s in key_file.staff_slots()}
    current = tuple(c for c in certs if c.staff_id in members)
    retired += [c for c in certs if c.staff_id not in members]
    section = OrgSection(
        public_key=org_public,
        signed_slots=identities,
        signature=sign(org_private, _payload(org_public, identities)),
        certificates=current,
        retired=tuple(retired),
    )
    return replace(key_file, organisation=section)


def add_signed(
    key_file: KeyFile, slot: KeySlot, org_private: bytes
) -> tuple[KeyFile, bytes | None]:
    """``slot`` (new, or in place of the slot with its id) equipped and signed in; the
    member's new private signing key."""
    equipped, cert, member_private = equip(slot, org_private)
    changed = key_file.with_slot(equipped)
    return signed(changed, org_private, [cert] if cert is not None else []), member_private


class UpgradeBlockedError(Exception):
    """A slot from before key pairs cannot be given signing keys without its passphrase."""


def upgrade(key_file: KeyFile) -> tuple[KeyFile, bytes, dict[uuid.UUID, bytes]]:
    """A format-2 file made format 3: a new organisation key, a member key for every staff
    slot, the organisation key in every administrator slot and the recovery slot, all
    signed. Returns the file, the organisation's private key and the members' private keys.
    UpgradeBlockedError while a format-1 slot is left."""
    if any(not s.can_rewrap for s in key_file.slots):
        raise UpgradeBlockedError()
    org_private, _ = new_signing_key()
    issued = _now()
    slots, certs, members = [], [], {}
    for slot in key_file.slots:
        equipped, cert, member_private = equip(slot, org_private, issued=issued)
        slots.append(equipped)
        if cert is not None and member_private is not None:
            certs.append(cert)
            members[cert.staff_id] = member_private
    upgraded = replace(key_file, slots=tuple(slots), organisation=None)
    return signed(upgraded, org_private, certs), org_private, members
