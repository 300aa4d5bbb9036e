"""Staff members and their passphrases, the recovery key, and who is working (use cases).

Every staff member has a key slot in the file's ``<db>.keys``; adding one or changing a
passphrase re-wraps only the data key and never rewrites the database. *Removing* one also
gives the file a new data key (``storage/rekey.py``): the database is re-encrypted and every
remaining slot re-wrapped, so a copy of the old keys file with the removed member's
passphrase opens nothing. An administrator can also ask for a new data key at any time
(:func:`change_data_key`, "Skift datanøgle"). Only an administrator may manage others
(:func:`~forandring_desktop.services.access.require_admin`).

Cost: checking a passphrase runs Argon2id once per staff slot (about 0.2 s each at the
default 64 MiB / t=3), so opening, unlocking and the "passphrase already used" check of a
file with 20 staff members take up to a few seconds.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from forandring_desktop.model.audit import AuditAction
from forandring_desktop.model.staff import (
    DEFAULT_ADMIN_NAME,
    Actor,
    LastAdministratorError,
    PassphraseInUseError,
    Role,
    StaffNotFoundError,
    WrongCurrentPassphraseError,
    check_new_passphrase,
    check_staff_name,
)
from forandring_desktop.services.access import require_admin
from forandring_desktop.services.audit import record
from forandring_desktop.services.erasures import (
    StaffRemovedError,
    record_staff_removal,
    removed_staff_ids,
)
from forandring_desktop.services.key_pins import check_and_pin
from forandring_desktop.services.slot_audit import audit_signing, record_access
from forandring_desktop.services.sync_keys import share_keys
from forandring_desktop.storage import FileDamagedError, KdfParams, Store, WrongPassphraseError
from forandring_desktop.storage.engine import read_salt
from forandring_desktop.storage.keys import new_recovery_key as _new_recovery_key
from forandring_desktop.storage.keys import read_key_file
from forandring_desktop.storage.lock import WriterLock
from forandring_desktop.storage.rekey import (
    ChangedMeanwhileError,
    FileInUseError,
    RekeyBlockedError,
    RekeyResult,
    rekey,
)


def list_staff(store: Store) -> list[Actor]:
    """Everyone who can open the file: administrators first, then by name. No secrets."""
    staff = store.keys.staff()
    return sorted(staff, key=lambda a: (a.role is not Role.ADMIN, a.name.casefold(), a.name))


def staff_in_file(path: Path) -> list[Actor]:
    """The staff listed in a closed file's keys file, for choosing "who am I" before it is
    opened (recovery). Names and roles there are only checked when a slot is unwrapped, so
    this list must not decide anything. Empty when there is no keys file."""
    path = Path(path)
    key_file = read_key_file(path, read_salt(path))
    if key_file is None:
        return []
    staff = key_file.staff()
    return sorted(staff, key=lambda a: (a.role is not Role.ADMIN, a.name.casefold(), a.name))


def _find(staff: list[Actor], staff_id: uuid.UUID) -> Actor:
    for actor in staff:
        if actor.staff_id == staff_id:
            return actor
    raise StaffNotFoundError()


def _ensure_an_admin_remains(staff: list[Actor], losing: Actor) -> None:
    admins = [a for a in staff if a.role is Role.ADMIN]
    if losing.role is Role.ADMIN and len(admins) <= 1:
        raise LastAdministratorError()


def add_staff(
    store: Store,
    name: str,
    passphrase: str,
    role: Role = Role.STAFF,
    *,
    kdf: KdfParams | None = None,
) -> Actor:
    """A new staff member who opens the file with ``passphrase`` (administrators only)."""
    require_admin(store, "tilføje medarbejdere")
    name = check_staff_name(name)
    check_new_passphrase(passphrase)
    if store.keys.passphrase_in_use(passphrase):
        raise PassphraseInUseError()
    actor = store.keys.add_staff(name, passphrase, role, kdf or store.kdf)
    record_access(store, "staff_added", actor.staff_id, role=actor.role)
    share_keys(store)  # to the organisation's other laptops, when it syncs
    return actor


@dataclass(frozen=True, slots=True)
class StaffRemoval:
    """What removing a staff member did: ``rekeyed`` when the file got a new data key;
    otherwise ``pending`` says (in Danish) why not yet and what to do."""

    actor: Actor
    rekeyed: bool
    pending: str | None = None


def remove_staff(store: Store, staff_id: uuid.UUID) -> Actor:
    """Remove a staff member (see :func:`remove_staff_member`); the member removed."""
    return remove_staff_member(store, staff_id).actor


def remove_staff_member(store: Store, staff_id: uuid.UUID) -> StaffRemoval:
    """Remove a staff member: the file gets a new data key without their slot, so neither
    the current keys file nor an old copy of it opens the file with their passphrase.

    Administrators only; never the last administrator (so removing yourself needs another
    administrator). Slow for a large file (it is copied and checked): off the UI thread.
    If some remaining slot is from before key pairs (its owner has not opened the file
    since), or the file is open in another program, the slot is removed at once and the
    new data key waits: ``pending`` says why and what to do; then :func:`change_data_key`.
    A copy of the *data* (an export, an old backup) is of course not reached by any of this.
    """
    require_admin(store, "fjerne medarbejdere")
    staff = store.keys.staff()
    target = _find(staff, staff_id)
    _ensure_an_admin_remains(staff, target)
    old_slot = store.keys.load().slot_of(staff_id)
    slot_id = old_slot.slot_id if old_slot is not None else None
    try:
        rekey(store, without=staff_id)
    except (RekeyBlockedError, FileInUseError, ChangedMeanwhileError) as waiting:
        # Shut them out of the current keys file now; the new data key follows later.
        removed = store.keys.remove_staff(staff_id)
        if removed is None:
            raise StaffNotFoundError() from None
        record_access(store, "staff_removed", staff_id, new_data_key=False)
        record_staff_removal(store, staff_id, slot_id)  # an older keys file stays without them
        reason = str(waiting).removesuffix(" Intet er ændret.").rstrip(".")
        pending = (
            f"{removed.name} er fjernet, men filen har endnu ikke fået en ny datanøgle: "
            f"{reason}. Vælg Medarbejdere ▸ Skift datanøgle, når det er ordnet."
        )
        return StaffRemoval(removed, rekeyed=False, pending=pending)
    record_access(store, "staff_removed", staff_id, new_data_key=True)
    record_staff_removal(store, staff_id, slot_id)  # an older keys file stays without them
    return StaffRemoval(target, rekeyed=True)


def change_data_key(store: Store) -> RekeyResult:
    """Re-encrypt the file with a new data key and re-wrap every slot ("Skift datanøgle";
    administrators only). Old copies of the keys file open nothing afterwards. Slow for a
    large file: off the UI thread. RekeyBlockedError (nothing changed) while a slot is from
    before key pairs."""
    require_admin(store, "skifte datanøglen")
    result = rekey(store)
    _record_key_change(store, "data_key_changed", None, rekeyed=True)
    return result


def _record_key_change(
    store: Store, what: str, staff_id: uuid.UUID | None, *, rekeyed: bool
) -> None:
    detail: dict[str, object] = {"setting": what, "new_data_key": rekeyed}
    if staff_id is not None:
        detail["staff_id"] = str(staff_id)
    record(store, AuditAction.SETTINGS, detail=detail)


def change_passphrase(store: Store, old: str, new: str, *, kdf: KdfParams | None = None) -> None:
    """The actor changes their own passphrase (``old`` must be their current one)."""
    actor = store.actor
    check_new_passphrase(new)
    if store.keys.find(old) != actor:
        raise WrongCurrentPassphraseError()
    if store.keys.passphrase_in_use(new, except_staff_id=actor.staff_id):
        raise PassphraseInUseError()
    # Their own slot sealed under the new passphrase: its signed identity stays the same.
    if not store.keys.change_own_passphrase(actor.staff_id, old, new, kdf or store.kdf):
        raise StaffNotFoundError()
    # Not audited: the database is not touched (only the member's own slot is re-sealed).


def reset_passphrase(
    store: Store,
    staff_id: uuid.UUID,
    new: str,
    *,
    role: Role | None = None,
    name: str | None = None,
    kdf: KdfParams | None = None,
) -> Actor:
    """An administrator sets a staff member's passphrase (and, as it is bound to the same
    key slot, optionally their role or name). Returns the staff member as they are now."""
    require_admin(store, "nulstille en medarbejders adgangskode")
    check_new_passphrase(new)
    if name is not None:
        name = check_staff_name(name)
    staff = store.keys.staff()
    target = _find(staff, staff_id)
    if role is not None and role is not target.role:
        _ensure_an_admin_remains(staff, target)
    if store.keys.passphrase_in_use(new, except_staff_id=staff_id):
        raise PassphraseInUseError()
    own = staff_id == store.actor.staff_id
    actor = store.keys.rewrap_staff(
        staff_id, new, kdf or store.kdf, name=name, role=role, adopt=own
    )
    if actor is None:
        raise StaffNotFoundError()
    if own:
        store.actor = actor
        store.after_unlock()  # their new signing key
    more: dict[str, object] = {}
    if actor.role is not target.role:
        more["previous_role"] = target.role.value
    if actor.name != target.name:
        more["name_changed"] = True
    record_access(store, "passphrase_reset", staff_id, role=actor.role, **more)
    return actor


def has_recovery_key(store: Store) -> bool:
    return store.keys.has_recovery_key()


def new_recovery_key(store: Store, *, kdf: KdfParams | None = None) -> str:
    """Make a new recovery key (administrators only); the previous one stops working.

    The key is returned once, to be shown, printed and kept somewhere safe; it is stored
    nowhere but as a key slot that it unlocks.
    """
    require_admin(store, "lave en ny gendannelsesnøgle")
    key = _new_recovery_key()
    store.keys.set_recovery_key(key, kdf or store.kdf)
    record_access(store, "recovery_key_set")
    return key


def recover(
    path: Path,
    recovery_key: str,
    new_passphrase: str,
    *,
    staff_id: uuid.UUID | None = None,
    admin_name: str = DEFAULT_ADMIN_NAME,
    kdf: KdfParams | None = None,
) -> Store:
    """Open the file with its recovery key and set a new passphrase at once.

    With ``staff_id`` that staff member gets ``new_passphrase`` (an administrator who forgot
    theirs); without it a new administrator ``admin_name`` is added. The returned store's
    actor is that person. A wrong or mistyped recovery key changes nothing. The recovery
    key keeps working; make a new one if it may have been seen.
    """
    check_new_passphrase(new_passphrase)
    admin_name = check_staff_name(admin_name)
    lock = WriterLock(Path(path))  # one program at a time (storage/lock.py)
    lock.acquire()
    try:
        store = Store.open_with_recovery_key(Path(path), recovery_key, kdf)
    except FileDamagedError as exc:
        lock.release()
        from forandring_desktop.services.auto_backup import with_newest_backup  # (cycle)

        raise with_newest_backup(exc, Path(path)) from None
    except BaseException:
        lock.release()
        raise
    store.writer_lock = lock
    try:
        check_and_pin(store)
        audit_signing(store)
        if store.keys.passphrase_in_use(new_passphrase, except_staff_id=staff_id):
            raise PassphraseInUseError()
        cost = kdf or store.kdf
        if staff_id is not None:
            actor = store.keys.rewrap_staff(staff_id, new_passphrase, cost, adopt=True)
            if actor is None:
                raise StaffNotFoundError()
        else:
            actor = store.keys.add_staff(admin_name, new_passphrase, Role.ADMIN, cost, adopt=True)
        store.actor = actor
        store.after_unlock()  # the signing key the recovery key just minted for them
        record_access(store, "recovered", actor.staff_id, role=actor.role)
    except BaseException:
        store.close()
        raise
    lock.set_owner(actor.name)
    return store


def unlock(store: Store, passphrase: str, *, only: uuid.UUID | None = None) -> Actor:
    """Any staff member's passphrase unlocks the open file; they become the actor.

    With ``only``, just that staff member's passphrase does (to go on where they left off).
    A wrong passphrase raises WrongPassphraseError and leaves the actor as it was; another
    member's, with ``only``, is wrong in the same words (it tells nothing about others).
    """
    found = store.keys.find_member(passphrase)
    if found is None or (only is not None and found[0].staff_id != only):
        raise WrongPassphraseError()
    actor, keys = found
    if actor.staff_id in removed_staff_ids(store):  # their slot came back with an old copy
        store.keys.remove_staff(actor.staff_id)
        raise StaffRemovedError()
    store.keys.adopt(actor.staff_id, keys, store.org_public_key)
    store.actor = actor
    store.after_unlock()
    return actor
