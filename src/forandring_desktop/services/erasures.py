"""The erasure register: erasures and staff removals that last (GDPR art. 17).

Old backups may still hold an erased participant (or a removed staff member's key slot)
until they rotate out. So every erasure and every staff removal is kept in a register, and
every restore and every import of an older copy re-applies it:

- in the file (``erased_participant`` tombstones, ``erased_participant_code`` with every
  code the person had, ``removed_staff``), so every later backup carries it;
- in the user's data folder, ``<data>/Sletteregister/<organisation id>.json`` (owner-only),
  so a restore of a backup made *before* the erasure re-applies it.

Codes are kept as digests only (``storage/privacy.py: code_digest``): the register is
there to recognise a search by a code, not to keep the code. Names are never kept.

:func:`reapply` erases the registered participants still in a file the same way
``services/privacy.py`` erases (rows, audit entries by id, name and every code), and takes
the registered staff members' slots out of its keys file. :func:`refuse_removed` is the
belt and braces at opening and unlocking: a slot of a registered staff member opens
nothing even if it came back.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.audit import AuditAction
from forandring_desktop.model.base import parse_uuid
from forandring_desktop.services.audit import record
from forandring_desktop.services.paths import data_dir
from forandring_desktop.storage import StorageError, Store
from forandring_desktop.storage.atomic import write_atomically
from forandring_desktop.storage.privacy import PrivacyRepository, code_digest, wipe_free_pages
from forandring_desktop.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

REGISTER_FOLDER = "Sletteregister"
REGISTER_FORMAT = "forandring-erasures/1"

StaffRemovals = dict[uuid.UUID, tuple[uuid.UUID | None, datetime]]


class StaffRemovedError(StorageError):
    """The passphrase belongs to a staff member who has been removed from the file."""

    exit_code = 2

    def __init__(self) -> None:
        super().__init__(
            "Adgangskoden tilhører en medarbejder, der er fjernet fra filen; den åbner den "
            "ikke længere. Intet er ændret."
        )


@dataclass(slots=True)
class ErasureRegister:
    """Erased participants (tombstone id → when), the digests of the codes they had, and
    removed staff (staff id → slot id, when)."""

    participants: dict[uuid.UUID, datetime] = field(default_factory=dict)
    codes: dict[uuid.UUID, set[str]] = field(default_factory=dict)  # code digests
    staff: StaffRemovals = field(default_factory=dict)

    def merge(self, other: ErasureRegister) -> ErasureRegister:
        for pid, at in other.participants.items():
            self.participants.setdefault(pid, at)
        for pid, codes in other.codes.items():
            self.codes.setdefault(pid, set()).update(codes)
        for sid, removal in other.staff.items():
            self.staff.setdefault(sid, removal)
        return self

    def __bool__(self) -> bool:
        return bool(self.participants or self.staff)


@dataclass(frozen=True, slots=True)
class Reapplied:
    """What :func:`reapply` did: participants erased again, staff slots removed again."""

    participants: int = 0
    staff: int = 0


# -- the register in the file -----------------------------------------------------------------


def register_of(store: Store) -> ErasureRegister:
    with store.unit_of_work() as uow:
        repo = PrivacyRepository(uow.session)
        return ErasureRegister(repo.erased(), repo.erased_codes(), repo.removed_staff())


def organisation_id(store: Store) -> uuid.UUID:
    with store.unit_of_work() as uow:
        return uow.organisation.get().id


# -- the register in the data folder ----------------------------------------------------------


def register_path(organisation: uuid.UUID) -> Path:
    return data_dir() / REGISTER_FOLDER / f"{organisation}.json"


def saved_register(organisation: uuid.UUID) -> ErasureRegister:
    """The data folder's register of one organisation (empty if there is none, or it cannot
    be read: the file's own register still holds)."""
    path = register_path(organisation)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ErasureRegister()
    except (OSError, ValueError):
        log.warning("The erasure register in the data folder cannot be read.")
        return ErasureRegister()
    register = ErasureRegister()
    if not isinstance(data, dict) or data.get("format") != REGISTER_FORMAT:
        return register
    for text, at in dict(data.get("participants") or {}).items():
        pid, when = parse_uuid(str(text)), _time(at)
        if pid is not None and when is not None:
            register.participants[pid] = when
    for text, digests in dict(data.get("codes") or {}).items():
        pid = parse_uuid(str(text))
        if pid is not None and isinstance(digests, list):
            register.codes[pid] = {d for d in digests if isinstance(d, str) and len(d) == 64}
    for text, info in dict(data.get("staff") or {}).items():
        sid = parse_uuid(str(text))
        when = _time(info.get("removed_at")) if isinstance(info, dict) else None
        if sid is not None and when is not None:
            slot = parse_uuid(str(info.get("slot_id") or ""))
            register.staff[sid] = (slot, when)
    return register


def _time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        return None
    return found


def remember(organisation: uuid.UUID, register: ErasureRegister) -> None:
    """Merge ``register`` into the data folder's copy (ids and times only). Best effort: a
    data folder that cannot be written is logged; the file's register still holds."""
    merged = saved_register(organisation).merge(register)
    data = {
        "format": REGISTER_FORMAT,
        "organisation_id": str(organisation),
        "participants": {
            str(pid): at.isoformat() for pid, at in sorted(merged.participants.items())
        },
        "codes": {str(pid): sorted(digests) for pid, digests in sorted(merged.codes.items())},
        "staff": {
            str(sid): {"slot_id": str(slot) if slot else None, "removed_at": at.isoformat()}
            for sid, (slot, at) in sorted(merged.staff.items())
        },
    }
    path = register_path(organisation)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(path, json.dumps(data, indent=2) + "\n")
    except (OSError, StorageError):
        log.warning("The erasure register could not be written to the data folder.")


def remember_store(store: Store) -> None:
    """Copy the open file's register to the data folder."""
    remember(organisation_id(store), register_of(store))


# -- re-applying ------------------------------------------------------------------------------


def erase_in(
    store: Store,
    uow: UnitOfWork,
    participant_id: uuid.UUID,
    at: datetime,
    *,
    codes: set[str] | None = None,
    detail: Mapping[str, object] | None = None,
) -> set[str]:
    """Erase one participant in ``uow`` (not committed): every row, every audit entry about
    them, every search by their name or by any code they ever had (their code now, the
    codes the log shows, and the code digests ``codes`` from a register); keep the
    tombstone and the code digests in the register. Returns the digests."""
    repo = PrivacyRepository(uow.session)
    person = uow.participants.get(participant_id)
    organisation = uow.organisation.get().id
    known = {person.code, *uow.audit.codes_of(participant_id)}
    known = {code for code in known if code.strip()}
    digests = {code_digest(organisation, code) for code in known} | set(codes or ())
    repo.erase(participant_id, at)
    uow.audit.scrub_participant(participant_id, name=person.name)
    uow.audit.scrub_code_searches(
        known, digests=digests, digest=lambda text: code_digest(organisation, text)
    )
    repo.add_codes(participant_id, digests)
    record(
        store,
        AuditAction.ERASE,
        participant_id=participant_id,
        code="",
        detail=dict(detail or {}),
        uow=uow,
    )
    return digests


def reapply(store: Store, register: ErasureRegister) -> Reapplied:
    """Put ``register`` in force in ``store``: its participants still in the file are erased
    (then the free pages wiped), the rest get their tombstones and codes; its staff
    members' slots leave the keys file. Returns how many of each were still there."""
    erased = 0
    with store.unit_of_work() as uow:
        repo = PrivacyRepository(uow.session)
        organisation = uow.organisation.get().id
        for pid, at in sorted(register.participants.items()):
            codes = register.codes.get(pid, set())
            if repo.exists(pid):
                erase_in(store, uow, pid, at, codes=codes, detail={"reason": "slettet før"})
                erased += 1
            else:
                repo.add_tombstone(pid, at)
                uow.audit.scrub_code_searches(
                    (), digests=codes, digest=lambda text: code_digest(organisation, text)
                )
                repo.add_codes(pid, codes)
        for sid, (slot, at) in sorted(register.staff.items()):
            repo.add_removed_staff(sid, slot, at)
        uow.commit()
    removed = 0
    for sid in sorted(register.staff):
        if store.keys.remove_staff(sid) is not None:
            removed += 1
    if erased:
        wipe_free_pages(store.engine)
    return Reapplied(erased, removed)


def record_staff_removal(store: Store, staff_id: uuid.UUID, slot_id: uuid.UUID | None) -> None:
    """Register that ``staff_id`` (slot ``slot_id``) was removed, in the file and the data
    folder."""
    now = datetime.now(UTC)
    with store.unit_of_work() as uow:
        PrivacyRepository(uow.session).add_removed_staff(staff_id, slot_id, now)
        uow.commit()
    remember_store(store)


def removed_staff_ids(store: Store) -> set[uuid.UUID]:
    """Staff members removed from this organisation (the file's and the data folder's)."""
    register = register_of(store)
    with store.unit_of_work() as uow:
        organisation = uow.organisation.get().id if uow.organisation.exists() else None
    if organisation is not None:  # (an empty file, about to be imported into, has none)
        register.merge(saved_register(organisation))
    return set(register.staff)


def refuse_removed(store: Store) -> None:
    """StaffRemovedError if the actor has been removed (their slot came back with an old
    keys file); their slot is taken out of the keys file again."""
    if store.actor.staff_id in removed_staff_ids(store):
        store.keys.remove_staff(store.actor.staff_id)
        raise StaffRemovedError()


# -- imports ----------------------------------------------------------------------------------


def erased_in(doc: OrganisationDocument) -> int:
    """How many participants of ``doc`` (an export, perhaps older) have been erased since:
    an import leaves them out (:func:`without_erased`)."""
    erased = saved_register(doc.organisation.id).participants
    return sum(1 for person in doc.participants if person.id in erased)


def without_erased(doc: OrganisationDocument) -> tuple[OrganisationDocument, ErasureRegister]:
    """``doc`` without the participants the data folder's register says were erased, and
    that register (to be kept in the new file, :func:`reapply`)."""
    register = saved_register(doc.organisation.id)
    kept = [person for person in doc.participants if person.id not in register.participants]
    if len(kept) != len(doc.participants):
        doc = doc.model_copy(update={"participants": kept})
    return doc, register
