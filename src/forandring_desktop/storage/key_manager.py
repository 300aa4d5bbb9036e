"""Key management for an open file: add, change and remove slots, signed (format 3).

Every change reads the keys file afresh, checks it (every slot signed by the organisation
key the manager knows), changes one slot, re-signs and writes it atomically, so a change
made meanwhile by another program (the CLI) is kept. Only the data key is re-wrapped; the
database itself is never rewritten here.

Adding, changing (a new passphrase set by an administrator, a new role or name) and the
recovery key need the organisation's private key, which only an administrator's slot and
the recovery slot hold: anyone else gets AccessDeniedError, never an unsigned slot. A
member changing their *own* passphrase only re-seals their slot (:func:`keys.reseal_slot`),
which leaves the signature valid.
"""

from __future__ import annotations

import hmac
import uuid
from pathlib import Path
from typing import Any

from forandring_desktop.model.base import uuid7
from forandring_desktop.model.staff import RECOVERY_ACTOR, AccessDeniedError, Actor, Role
from forandring_desktop.storage.crypto import FileKey, KdfParams
from forandring_desktop.storage.errors import (
    KeysFileMissingError,
    KeysNotSignedError,
    StorageError,
)
from forandring_desktop.storage.key_signing import (
    SlotKeys,
    add_signed,
    certificates,
    check_slots,
    open_signing,
    signed,
)
from forandring_desktop.storage.keys import (
    KeyFile,
    KeySlot,
    SlotKind,
    keys_path,
    make_slot,
    normalise_recovery_key,
    read_key_file,
    reseal_slot,
    staff_candidates,
    unwrap_slot,
    write_key_file,
)
from forandring_desktop.storage.signing import MemberCertificate, Signer


class KeyManager:
    """Reads and rewrites the keys file of an open database (which knows its data key).

    ``org_public`` is the organisation key the file must be signed with (pinned; None for a
    file not signed yet). The working member's signing key and, for an administrator, the
    organisation's private key are held in memory while the file is open (:meth:`adopt`).
    """

    def __init__(self, db_path: Path, key: FileKey) -> None:
        self._db_path = Path(db_path)
        self._key = key
        self.org_public: bytes | None = None
        self._org_private: bytes | None = None
        self._member: tuple[uuid.UUID, bytes] | None = None

    def __repr__(self) -> str:
        return "KeyManager(<hidden>)"

    def for_key(self, key: FileKey) -> KeyManager:
        """The same manager for the file after a re-key (new data key)."""
        other = KeyManager(self._db_path, key)
        other.org_public, other._org_private, other._member = (
            self.org_public,
            self._org_private,
            self._member,
        )
        return other

    # --- who works ------------------------------------------------------------------------

    def adopt(self, staff_id: uuid.UUID | None, keys: SlotKeys, org_public: bytes | None) -> None:
        """Hold the keys of the member now working (replacing the previous member's).

        The recovery key (``staff_id`` None) has no member key: what it does is signed by
        the organisation key itself, as :data:`RECOVERY_ACTOR` (verify such entries with
        the organisation's public key)."""
        self.org_public = org_public
        self._org_private = keys.org_private
        self._member = None
        if staff_id is not None and keys.member_private is not None:
            self._member = (staff_id, keys.member_private)
        elif staff_id is None and keys.org_private is not None:
            self._member = (RECOVERY_ACTOR.staff_id, keys.org_private)

    def held(self) -> SlotKeys:
        """The keys held for the member working now."""
        return SlotKeys(self._member[1] if self._member else None, self._org_private)

    @property
    def can_sign_slots(self) -> bool:
        return self._org_private is not None

    def signer(self) -> Signer | None:
        return Signer(*self._member) if self._member is not None else None

    def certificates(self) -> list[MemberCertificate]:
        """Every member certificate (current and of removed members) the file holds."""
        return certificates(self.load())

    # --- the file -------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return keys_path(self._db_path)

    def load(self) -> KeyFile:
        key_file = read_key_file(self._db_path, self._key.salt)
        if key_file is None:
            raise KeysFileMissingError(str(self._db_path))
        check_slots(key_file, self.org_public)
        return key_file

    def save(self, key_file: KeyFile) -> None:
        if key_file.database_salt != self._key.salt:
            raise ValueError("keys file of another database")
        write_key_file(self._db_path, key_file)

    def _org_key(self, what: str) -> bytes:
        """The organisation's private key; AccessDeniedError for anyone who does not hold
        it (KeysNotSignedError while the file is not signed yet: nobody does)."""
        if self._org_private is None:
            key_file = self.load()
            if not key_file.signed:
                waiting = sorted(s.name or "" for s in key_file.staff_slots() if not s.can_rewrap)
                raise KeysNotSignedError(waiting)
            raise AccessDeniedError(what)
        return self._org_private

    def _save_signed(self, key_file: KeyFile, slot: KeySlot, *, adopt: bool = False) -> None:
        org_private = self._org_key("ændre nøglefilens adgange")
        changed, member_private = add_signed(key_file, slot, org_private)
        self.save(changed)
        if adopt and slot.staff_id is not None and member_private is not None:
            self._member = (slot.staff_id, member_private)

    def staff(self) -> list[Actor]:
        return self.load().staff()

    def has_recovery_key(self) -> bool:
        return self.load().recovery_slot() is not None

    def is_legacy_key(self) -> bool:
        return self.load().legacy_key

    def find(self, passphrase: str, key_file: KeyFile | None = None) -> Actor | None:
        """The staff member whose passphrase this is (and whose slot holds *this* data key)."""
        found = self.find_member(passphrase, key_file)
        return found[0] if found is not None else None

    def find_member(
        self, passphrase: str, key_file: KeyFile | None = None
    ) -> tuple[Actor, SlotKeys] | None:
        """The staff member whose passphrase this is, with the keys their slot holds."""
        key_file = key_file or self.load()
        for slot, opened in staff_candidates(key_file, passphrase):
            if hmac.compare_digest(opened.data_key, self._key.key):
                if opened.upgraded is not None:
                    self.renew(opened.upgraded)
                    return slot.actor(), SlotKeys()
                return slot.actor(), open_signing(key_file, slot, opened.private_key)
        return None

    def renew(self, slot: KeySlot) -> None:
        """Put ``slot`` (a format-1 slot renewed as format 2 by its owner's secret) in place
        of the old one, if that is still there. Best effort: a keys file that cannot be
        written now (read-only media) keeps the old slot, which still works. (Format-1 slots
        are never in a signed file: ``key_signing.upgrade`` waits for them.)"""
        try:
            key_file = self.load()
            if any(s.slot_id == slot.slot_id and not s.can_rewrap for s in key_file.slots):
                self.save(key_file.with_slot(slot))
        except StorageError:
            pass

    def passphrase_in_use(
        self, passphrase: str, *, except_staff_id: uuid.UUID | None = None
    ) -> bool:
        """Whether another staff member already has ``passphrase`` (one Argon2 run each)."""
        key_file = self.load()
        for slot in key_file.staff_slots():
            if slot.staff_id == except_staff_id:
                continue
            if unwrap_slot(slot, passphrase, key_file.database_salt) is not None:
                return True
        return False

    def _slot(self, secret: str, kdf: KdfParams, **fields: Any) -> KeySlot:
        return make_slot(self._key.key, secret, database_salt=self._key.salt, kdf=kdf, **fields)

    def add_staff(
        self, name: str, passphrase: str, role: Role, kdf: KdfParams, *, adopt: bool = False
    ) -> Actor:
        """A new signed slot (administrators only: AccessDeniedError otherwise). With
        ``adopt`` the new member's signing key becomes the working one (recovery)."""
        self._org_key("tilføje medarbejdere")  # before the Argon2 run
        actor = Actor(uuid7(), name, role)
        slot = self._slot(
            passphrase, kdf, kind=SlotKind.STAFF, staff_id=actor.staff_id, name=name, role=role
        )
        self._save_signed(self.load(), slot, adopt=adopt)
        return actor

    def remove_staff(self, staff_id: uuid.UUID) -> Actor | None:
        """Take a slot out. Re-signed (their certificate retired) when the organisation key
        is held; without it (a removed member's slot that came back, refused at opening) the
        slot just goes: the remaining slots are still covered by the signature."""
        key_file = self.load()
        slot = key_file.slot_of(staff_id)
        if slot is None:
            return None
        remaining = key_file.without(slot.slot_id)
        if self._org_private is not None and remaining.signed:
            remaining = signed(remaining, self._org_private)
        self.save(remaining)
        return slot.actor()

    def resign(self, key_file: KeyFile) -> KeyFile:
        """``key_file`` signed anew (certificates of members gone retired), if it is signed
        and the organisation key is held; else as it is."""
        if self._org_private is None or not key_file.signed:
            return key_file
        return signed(key_file, self._org_private)

    def change_own_passphrase(
        self, staff_id: uuid.UUID, old: str, new: str, kdf: KdfParams
    ) -> bool:
        """Seal the member's own slot under ``new`` (``old`` must open it); the slot's keys
        and the signature stay as they are. False if ``old`` does not open it."""
        key_file = self.load()
        slot = key_file.slot_of(staff_id)
        if slot is None:
            return False
        if not slot.can_rewrap:  # a format-1 slot: renewed as a new format-2 slot
            return self._rewrap_unsigned(key_file, slot, new, kdf)
        resealed = reseal_slot(slot, old, new, kdf)
        if resealed is None:
            return False
        key_file = self.load()  # afresh: Argon2 took a moment
        if key_file.slot_of(staff_id) != slot:
            return False
        self.save(key_file.with_slot(resealed))
        return True

    def _rewrap_unsigned(self, key_file: KeyFile, old: KeySlot, new: str, kdf: KdfParams) -> bool:
        if key_file.signed:
            return False
        slot = self._slot(
            new, kdf, kind=SlotKind.STAFF, staff_id=old.staff_id, name=old.name,
            role=old.role, slot_id=old.slot_id,
        )  # fmt: skip
        self.save(self.load().with_slot(slot))
        return True

    def rewrap_staff(
        self,
        staff_id: uuid.UUID,
        passphrase: str,
        kdf: KdfParams,
        *,
        name: str | None = None,
        role: Role | None = None,
        adopt: bool = False,
    ) -> Actor | None:
        """A new passphrase for one staff member set by an administrator (and optionally a
        new name or role, which are signed too): a new slot with a new member signing key.
        None if there is no such staff member; AccessDeniedError without the organisation
        key."""
        self._org_key("nulstille en medarbejders adgangskode")
        old = self.load().slot_of(staff_id)
        if old is None:
            return None
        actor = Actor(staff_id, name or old.actor().name, role or old.role)
        slot = self._slot(
            passphrase,
            kdf,
            kind=SlotKind.STAFF,
            staff_id=staff_id,
            name=actor.name,
            role=actor.role,
            slot_id=old.slot_id,
        )
        key_file = self.load()  # afresh: Argon2 took a moment
        if key_file.slot_of(staff_id) is None:
            return None
        self._save_signed(key_file, slot, adopt=adopt)
        return actor

    def set_recovery_key(self, recovery_key: str, kdf: KdfParams) -> None:
        """Replace the recovery slot (the old recovery key stops working)."""
        self._org_key("lave en ny gendannelsesnøgle")
        slot = self._slot(
            normalise_recovery_key(recovery_key), kdf, kind=SlotKind.RECOVERY, role=Role.ADMIN
        )
        key_file = self.load()
        old = key_file.recovery_slot()
        if old is not None:
            key_file = key_file.without(old.slot_id)
        self._save_signed(key_file, slot)
