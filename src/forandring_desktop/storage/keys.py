"""Key slots: the data key wrapped once per staff member and once for the recovery key.

The file ``<db>.keys`` lies next to the database and belongs to it (the database's salt is
in it); the two are copied and backed up together. It is JSON (format 2; format 3 adds
the signed parts, see below)::

    {
      "format": "forandring-keys/2",
      "note": "...",                       # for whoever finds the file; ignored
      "database_salt": "<32 hex>",          # the SQLCipher file's first 16 bytes
      "legacy_key": false,                  # true: the data key is Argon2(first passphrase)
      "check": "<64 hex>",                  # SHA-256 of format, salt and legacy_key
      "slots": [
        {"id": "<uuid>", "kind": "staff" | "recovery",
         "staff_id": "<uuid>" | null, "name": "Anna" | null, "role": "admin" | "staff",
         "kdf": {"algorithm": "argon2id", "memory_kib": 65536, "iterations": 3,
                 "lanes": 4, "salt": "<32 hex>"},
         "public_key": "<64 hex>",
         "private_key": {"nonce": "<24 hex>", "ciphertext": "<96 hex>"},
         "data_key": {"ephemeral": "<64 hex>", "nonce": "<24 hex>", "ciphertext": "<96 hex>"},
         "check": "<64 hex>"}                # SHA-256 of the slot's other fields
      ]
    }

A slot holds an X25519 key pair: the private key is sealed with AES-256-GCM under
Argon2id(secret, slot salt), and the data key is wrapped to the public key (see
``crypto.wrap_to``). So opening costs one Argon2id run per slot tried, as before, and an
administrator can give every slot a *new* data key without knowing anyone's passphrase
(:func:`rewrap_slot`; re-keying, ``rekey.py``). The sealed private key is bound (associated
data) to the slot id, kind, staff id, role, name and public key, and the wrapped data key
to these and the database salt: a role raised by editing the JSON, or a slot copied into
another file, no longer unwraps. (This stops tampering by anyone who cannot open the file.
Whoever can open it holds the data key and could forge format-2 slots with their own code:
format 3 below is what stops that.)

Format 3 (``forandring-keys/3``) is format 2 plus signatures: the slots' identities are
signed by the organisation key, whose private half only administrator slots and the
recovery slot hold, and every staff slot holds its member's own signing key
(``keys_org.py`` for the parts, ``key_signing.py`` for what is signed and checked,
``key_manager.py`` for the changes an open file makes). New files are format 3; a format-2
file becomes format 3 when an administrator first opens it.

The ``check`` values are plain checksums against accidental damage (a flipped bit on a
disk): a damaged slot is told apart from a wrong passphrase, and the file's other slots
still work. A damaged slot is kept as it was when the file is rewritten.

Format 1 (files made before key pairs) has no checks, and its slots hold ``nonce`` and
``ciphertext``: the data key sealed directly under Argon2id(secret). Such a slot is read
and kept, and replaced by a format-2 slot the next time its owner opens the file; it cannot
be given a new data key by anyone else.

Opening with a passphrase tries the staff slots one by one; each slot has its own salt, so
each try is one Argon2id run (about 0.2 s at the defaults): 20 staff members cost up to ~4 s.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from forandring_desktop.model.base import uuid7
from forandring_desktop.model.staff import Actor, Role
from forandring_desktop.storage.atomic import write_atomically
from forandring_desktop.storage.crypto import (
    KEY_BYTES,
    NONCE_BYTES,
    PUBLIC_KEY_BYTES,
    SALT_BYTES,
    KdfParams,
    default_kdf,
    derive_secret,
    new_key_pair,
    new_salt,
    seal,
    unseal,
    unwrap_with,
    wrap_to,
)
from forandring_desktop.storage.errors import (
    KeysFileExistsError,
    KeysFileInvalidError,
    KeysFileMismatchError,
    StorageError,
)
from forandring_desktop.storage.keys_org import (
    OrgSection,
    OrgSectionError,
    SlotSigning,
    org_section_from,
    slot_signing_from,
)
from forandring_desktop.storage.keys_recovery import RECOVERY_ALPHABET as RECOVERY_ALPHABET
from forandring_desktop.storage.keys_recovery import RECOVERY_GROUP_SIZE as RECOVERY_GROUP_SIZE
from forandring_desktop.storage.keys_recovery import RECOVERY_GROUPS as RECOVERY_GROUPS
from forandring_desktop.storage.keys_recovery import format_recovery_key as format_recovery_key
from forandring_desktop.storage.keys_recovery import new_recovery_key as new_recovery_key
from forandring_desktop.storage.keys_recovery import (
    normalise_recovery_key as normalise_recovery_key,
)

KEYS_FORMAT_3 = "forandring-keys/3"  # signed: ``keys_org.py``, ``key_signing.py``
KEYS_FORMAT = "forandring-keys/2"  # (also the context of the slots' associated data)
KEYS_FORMAT_1 = "forandring-keys/1"
KEYS_SUFFIX = ".keys"
KDF_ALGORITHM = "argon2id"
MAX_KEYS_FILE_BYTES = 1024 * 1024
_NOTE = (
    "Nøglefil til Forandring Desktop. Den hører til databasen med samme navn uden .keys; "
    "uden den kan databasen ikke åbnes. Kopiér og sikkerhedskopiér altid de to filer sammen."
)

_ROLE_CODES: dict[Role, str] = {Role.ADMIN: "admin", Role.STAFF: "staff"}
_ROLES_BY_CODE = {code: role for role, code in _ROLE_CODES.items()}


class SlotKind(StrEnum):
    STAFF = "staff"
    RECOVERY = "recovery"


def keys_path(db_path: Path) -> Path:
    return Path(f"{db_path}{KEYS_SUFFIX}")


# --- Slots ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WrappedKey:
    """The data key wrapped to a slot's public key (format 2)."""

    ephemeral: bytes
    nonce: bytes
    ciphertext: bytes


@dataclass(frozen=True, slots=True)
class KeySlot:
    slot_id: uuid.UUID
    kind: SlotKind
    staff_id: uuid.UUID | None
    name: str | None
    role: Role
    kdf: KdfParams
    salt: bytes
    # Format 2: the key pair (private half sealed under the secret) and the wrapped key.
    public_key: bytes | None = None
    private_nonce: bytes = b""
    private_ciphertext: bytes = b""
    data_key: WrappedKey | None = None
    # Format 1: the data key sealed directly under the secret.
    nonce: bytes = b""
    ciphertext: bytes = b""
    # Format 3: the member's signing key and (administrators, recovery) the organisation
    # key, wrapped to ``public_key`` (``keys_org.py``).
    signing: SlotSigning | None = None

    @property
    def can_rewrap(self) -> bool:
        """Whether a new data key can be wrapped for this slot without its secret."""
        return self.public_key is not None

    def actor(self) -> Actor:
        assert self.kind is SlotKind.STAFF
        assert self.staff_id is not None
        assert self.name
        return Actor(self.staff_id, self.name, self.role)

    def __repr__(self) -> str:
        return f"KeySlot({self.kind.value}, {self.slot_id})"


def _bound(
    slot_id: uuid.UUID, kind: SlotKind, staff_id: uuid.UUID | None, role: Role, name: str | None
) -> dict[str, Any]:
    return {
        "slot": str(slot_id),
        "kind": kind.value,
        "staff_id": str(staff_id) if staff_id is not None else None,
        "role": _ROLE_CODES[role],
        "name": name,
    }


def _canonical(data: Mapping[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _associated_data_v1(
    database_salt: bytes,
    slot_id: uuid.UUID,
    kind: SlotKind,
    staff_id: uuid.UUID | None,
    role: Role,
    name: str | None,
) -> bytes:
    bound = _bound(slot_id, kind, staff_id, role, name)
    bound.update(format=KEYS_FORMAT_1, database_salt=database_salt.hex())
    return _canonical(bound)


def _private_aad(slot: KeySlot | _Identity, public_key: bytes) -> bytes:
    bound = _bound(slot.slot_id, slot.kind, slot.staff_id, slot.role, slot.name)
    bound.update(format=KEYS_FORMAT, part="private_key", public_key=public_key.hex())
    return _canonical(bound)


def _data_key_aad(slot: KeySlot | _Identity, public_key: bytes, database_salt: bytes) -> bytes:
    bound = _bound(slot.slot_id, slot.kind, slot.staff_id, slot.role, slot.name)
    bound.update(
        format=KEYS_FORMAT,
        part="data_key",
        public_key=public_key.hex(),
        database_salt=database_salt.hex(),
    )
    return _canonical(bound)


@dataclass(frozen=True, slots=True)
class _Identity:
    slot_id: uuid.UUID
    kind: SlotKind
    staff_id: uuid.UUID | None
    name: str | None
    role: Role


def _slot_with_secret(
    identity: _Identity,
    wrapping: bytes,
    kdf: KdfParams,
    salt: bytes,
    data_key: bytes,
    database_salt: bytes,
) -> KeySlot:
    """A format-2 slot whose private key is sealed under ``wrapping`` (= Argon2(secret))."""
    return _slot_and_private(identity, wrapping, kdf, salt, data_key, database_salt)[0]


def _slot_and_private(
    identity: _Identity,
    wrapping: bytes,
    kdf: KdfParams,
    salt: bytes,
    data_key: bytes,
    database_salt: bytes,
) -> tuple[KeySlot, bytes]:
    private, public = new_key_pair()
    private_nonce, private_ciphertext = seal(wrapping, private, _private_aad(identity, public))
    wrapped = WrappedKey(*wrap_to(public, data_key, _data_key_aad(identity, public, database_salt)))
    slot = KeySlot(
        slot_id=identity.slot_id,
        kind=identity.kind,
        staff_id=identity.staff_id,
        name=identity.name,
        role=identity.role,
        kdf=kdf,
        salt=salt,
        public_key=public,
        private_nonce=private_nonce,
        private_ciphertext=private_ciphertext,
        data_key=wrapped,
    )
    return slot, private


def make_slot(
    data_key: bytes,
    secret: str,
    *,
    database_salt: bytes,
    kind: SlotKind,
    role: Role,
    staff_id: uuid.UUID | None = None,
    name: str | None = None,
    kdf: KdfParams | None = None,
    slot_id: uuid.UUID | None = None,
) -> KeySlot:
    """A slot for ``secret`` holding ``data_key``, with a fresh salt, key pair and nonces
    (one Argon2 run)."""
    if (kind is SlotKind.STAFF) != (staff_id is not None and bool(name)):
        raise ValueError("a staff slot needs a staff id and a name; a recovery slot neither")
    identity = _Identity(slot_id or uuid7(), kind, staff_id, name, role)
    kdf = kdf or default_kdf()
    salt = new_salt()
    wrapping = derive_secret(secret, salt, kdf)
    return _slot_with_secret(identity, wrapping, kdf, salt, data_key, database_salt)


def rewrap_slot(slot: KeySlot, data_key: bytes, database_salt: bytes) -> KeySlot:
    """``slot`` holding ``data_key`` (for the database with ``database_salt``) instead of
    its old key; its secret is not needed. ValueError for a format-1 slot."""
    if slot.public_key is None:
        raise ValueError("a format-1 slot cannot be re-wrapped without its secret")
    aad = _data_key_aad(slot, slot.public_key, database_salt)
    return replace(slot, data_key=WrappedKey(*wrap_to(slot.public_key, data_key, aad)))


@dataclass(frozen=True, slots=True)
class Unwrapped:
    """What a secret opened: the data key, and (for a format-1 slot) the slot renewed as
    format 2 with the same secret, to be saved in place of the old one."""

    data_key: bytes
    upgraded: KeySlot | None = None
    private_key: bytes | None = None  # the slot's X25519 private key (of ``upgraded`` if set)


def open_slot(slot: KeySlot, secret: str, database_salt: bytes) -> Unwrapped | None:
    """The data key if ``secret`` opens ``slot`` and nothing bound to it was changed."""
    wrapping = derive_secret(secret, slot.salt, slot.kdf)
    if slot.public_key is None:
        aad = _associated_data_v1(
            database_salt, slot.slot_id, slot.kind, slot.staff_id, slot.role, slot.name
        )
        key = unseal(wrapping, slot.nonce, slot.ciphertext, aad)
        if key is None or len(key) != KEY_BYTES:
            return None
        identity = _Identity(slot.slot_id, slot.kind, slot.staff_id, slot.name, slot.role)
        upgraded, renewed = _slot_and_private(
            identity, wrapping, slot.kdf, slot.salt, key, database_salt
        )
        return Unwrapped(key, upgraded, renewed)
    private = unseal(
        wrapping, slot.private_nonce, slot.private_ciphertext, _private_aad(slot, slot.public_key)
    )
    if private is None or slot.data_key is None:
        return None
    wrapped = slot.data_key
    key = unwrap_with(
        private,
        wrapped.ephemeral,
        wrapped.nonce,
        wrapped.ciphertext,
        _data_key_aad(slot, slot.public_key, database_salt),
    )
    if key is None or len(key) != KEY_BYTES:
        return None
    return Unwrapped(key, private_key=private)


def reseal_slot(slot: KeySlot, secret: str, new_secret: str, kdf: KdfParams) -> KeySlot | None:
    """``slot`` opened by ``new_secret`` instead of ``secret`` (None if ``secret`` does not
    open it): the same key pair sealed under a new salt, so nothing else in the slot – and
    no signature over it – changes. For a member changing their own passphrase."""
    if slot.public_key is None:
        return None
    aad = _private_aad(slot, slot.public_key)
    private = unseal(
        derive_secret(secret, slot.salt, slot.kdf), slot.private_nonce, slot.private_ciphertext, aad
    )
    if private is None:
        return None
    salt = new_salt()
    nonce, ciphertext = seal(derive_secret(new_secret, salt, kdf), private, aad)
    return replace(slot, kdf=kdf, salt=salt, private_nonce=nonce, private_ciphertext=ciphertext)


def unwrap_slot(slot: KeySlot, secret: str, database_salt: bytes) -> bytes | None:
    """The data key if ``secret`` opens ``slot`` and nothing bound to it was changed."""
    opened = open_slot(slot, secret, database_salt)
    return opened.data_key if opened is not None else None


# --- The file ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DamagedSlot:
    """A slot whose checksum or structure is wrong: unusable, but kept as it was."""

    number: int  # 1-based, as in the file
    detail: str
    raw: Any


@dataclass(frozen=True, slots=True)
class KeyFile:
    database_salt: bytes
    slots: tuple[KeySlot, ...]
    legacy_key: bool = False
    damaged: tuple[DamagedSlot, ...] = ()
    organisation: OrgSection | None = None  # format 3: signed (``key_signing.py``)

    @property
    def signed(self) -> bool:
        return self.organisation is not None

    def staff_slots(self) -> list[KeySlot]:
        return [s for s in self.slots if s.kind is SlotKind.STAFF]

    def recovery_slot(self) -> KeySlot | None:
        return next((s for s in self.slots if s.kind is SlotKind.RECOVERY), None)

    def staff(self) -> list[Actor]:
        return [s.actor() for s in self.staff_slots()]

    def slot_of(self, staff_id: uuid.UUID) -> KeySlot | None:
        return next((s for s in self.staff_slots() if s.staff_id == staff_id), None)

    def with_slot(self, slot: KeySlot) -> KeyFile:
        """``slot`` added, or put in place of the slot with the same id."""
        slots = list(self.slots)
        for i, old in enumerate(slots):
            if old.slot_id == slot.slot_id:
                slots[i] = slot
                break
        else:
            slots.append(slot)
        return replace(self, slots=tuple(slots))

    def without(self, slot_id: uuid.UUID) -> KeyFile:
        return replace(self, slots=tuple(s for s in self.slots if s.slot_id != slot_id))

    def damage_detail(self) -> str:
        return "; ".join(f"nøgleplads {d.number}: {d.detail}" for d in self.damaged)


def _checksum(data: Mapping[str, Any]) -> str:
    return hashlib.sha256(_canonical({k: v for k, v in data.items() if k != "check"})).hexdigest()


def _slot_json(slot: KeySlot) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(slot.slot_id),
        "kind": slot.kind.value,
        "staff_id": str(slot.staff_id) if slot.staff_id is not None else None,
        "name": slot.name,
        "role": _ROLE_CODES[slot.role],
        "kdf": {
            "algorithm": KDF_ALGORITHM,
            "memory_kib": slot.kdf.memory_kib,
            "iterations": slot.kdf.iterations,
            "lanes": slot.kdf.lanes,
            "salt": slot.salt.hex(),
        },
    }
    if slot.public_key is not None and slot.data_key is not None:
        data["public_key"] = slot.public_key.hex()
        data["private_key"] = {
            "nonce": slot.private_nonce.hex(),
            "ciphertext": slot.private_ciphertext.hex(),
        }
        data["data_key"] = {
            "ephemeral": slot.data_key.ephemeral.hex(),
            "nonce": slot.data_key.nonce.hex(),
            "ciphertext": slot.data_key.ciphertext.hex(),
        }
    else:
        data["nonce"] = slot.nonce.hex()
        data["ciphertext"] = slot.ciphertext.hex()
    if slot.signing is not None:
        data.update(slot.signing.to_json())
    data["check"] = _checksum(data)
    return data


def _header_json(key_file: KeyFile) -> dict[str, Any]:
    return {
        "format": KEYS_FORMAT_3 if key_file.organisation is not None else KEYS_FORMAT,
        "database_salt": key_file.database_salt.hex(),
        "legacy_key": key_file.legacy_key,
    }


def to_json(key_file: KeyFile) -> str:
    header = _header_json(key_file)
    slots: list[Any] = [_slot_json(s) for s in key_file.slots]
    slots += [d.raw for d in key_file.damaged]
    data = {
        "format": header["format"],
        "note": _NOTE,
        "database_salt": header["database_salt"],
        "legacy_key": header["legacy_key"],
        "check": _checksum(header),
        "slots": slots,
    }
    if key_file.organisation is not None:
        organisation = key_file.organisation.to_json()
        organisation["check"] = _checksum(organisation)  # against damage; the signature
        data["organisation"] = organisation  # is what stops tampering
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class _BadKeysError(Exception):
    """A problem in the keys file (Danish detail)."""


def _get(obj: Any, key: str, kind: type | tuple[type, ...], what: str) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise _BadKeysError(f"{what} mangler")
    value = obj[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise _BadKeysError(f"{what} har en forkert type")
    return value


def _hex(obj: Any, key: str, size: int | None, what: str) -> bytes:
    text = _get(obj, key, str, what)
    try:
        value = bytes.fromhex(text)
    except ValueError:
        raise _BadKeysError(f"{what} er ikke hex") from None
    if size is not None and len(value) != size:
        raise _BadKeysError(f"{what} har en forkert længde")
    return value


def _uuid(text: Any, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(text))
    except ValueError:
        raise _BadKeysError(f"{what} er ikke et gyldigt id") from None


def _slot_from(raw: Any, n: int, *, checked: bool) -> KeySlot:
    what = f"nøgleplads {n + 1}"
    if checked and (not isinstance(raw, dict) or raw.get("check") != _checksum(raw)):
        raise _BadKeysError("kontrolsummen passer ikke")
    slot_id = _uuid(_get(raw, "id", str, f"{what}: id"), f"{what}: id")
    try:
        kind = SlotKind(_get(raw, "kind", str, f"{what}: kind"))
    except ValueError:
        raise _BadKeysError(f"{what}: ukendt slags") from None
    role = _ROLES_BY_CODE.get(_get(raw, "role", str, f"{what}: role"))
    if role is None:
        raise _BadKeysError(f"{what}: ukendt rolle")
    staff_raw = _get(raw, "staff_id", (str, type(None)), f"{what}: staff_id")
    name = _get(raw, "name", (str, type(None)), f"{what}: name")
    staff_id = _uuid(staff_raw, f"{what}: staff_id") if staff_raw is not None else None
    if kind is SlotKind.STAFF and (staff_id is None or not name):
        raise _BadKeysError(f"{what}: medarbejderens id eller navn mangler")
    if kind is SlotKind.RECOVERY and (staff_id is not None or name is not None):
        raise _BadKeysError(f"{what}: en gendannelsesplads har ingen medarbejder")
    kdf_raw = _get(raw, "kdf", dict, f"{what}: kdf")
    if _get(kdf_raw, "algorithm", str, f"{what}: kdf.algorithm") != KDF_ALGORITHM:
        raise _BadKeysError(f"{what}: ukendt nøgleafledning")
    try:
        kdf = KdfParams(
            memory_kib=_get(kdf_raw, "memory_kib", int, f"{what}: kdf.memory_kib"),
            iterations=_get(kdf_raw, "iterations", int, f"{what}: kdf.iterations"),
            lanes=_get(kdf_raw, "lanes", int, f"{what}: kdf.lanes"),
        ).check()
    except ValueError:
        raise _BadKeysError(f"{what}: ugyldige parametre til nøgleafledning") from None
    common = {
        "slot_id": slot_id,
        "kind": kind,
        "staff_id": staff_id,
        "name": name,
        "role": role,
        "kdf": kdf,
        "salt": _hex(kdf_raw, "salt", SALT_BYTES, f"{what}: kdf.salt"),
    }
    if "public_key" not in raw:
        return KeySlot(
            **common,
            nonce=_hex(raw, "nonce", NONCE_BYTES, f"{what}: nonce"),
            ciphertext=_hex(raw, "ciphertext", None, f"{what}: ciphertext"),
        )
    private_raw = _get(raw, "private_key", dict, f"{what}: private_key")
    wrapped_raw = _get(raw, "data_key", dict, f"{what}: data_key")
    try:
        signing = slot_signing_from(raw, what)
    except OrgSectionError as exc:
        raise _BadKeysError(str(exc)) from None
    return KeySlot(
        signing=signing,
        **common,
        public_key=_hex(raw, "public_key", PUBLIC_KEY_BYTES, f"{what}: public_key"),
        private_nonce=_hex(private_raw, "nonce", NONCE_BYTES, f"{what}: private_key.nonce"),
        private_ciphertext=_hex(private_raw, "ciphertext", None, f"{what}: private_key"),
        data_key=WrappedKey(
            ephemeral=_hex(
                wrapped_raw, "ephemeral", PUBLIC_KEY_BYTES, f"{what}: data_key.ephemeral"
            ),
            nonce=_hex(wrapped_raw, "nonce", NONCE_BYTES, f"{what}: data_key.nonce"),
            ciphertext=_hex(wrapped_raw, "ciphertext", None, f"{what}: data_key"),
        ),
    )


def parse_key_file(text: str | bytes) -> KeyFile:
    """Parse and check the structure (not the cryptography); _BadKeysError with a Danish
    detail for a file that cannot be used at all. A single damaged slot (format 2) is set
    aside in ``KeyFile.damaged`` so the other slots still work."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise _BadKeysError("ikke gyldig JSON") from None
    fmt = _get(data, "format", str, "format")
    if fmt not in (KEYS_FORMAT_3, KEYS_FORMAT, KEYS_FORMAT_1):
        raise _BadKeysError("ukendt format")
    checked = fmt != KEYS_FORMAT_1
    salt = _hex(data, "database_salt", SALT_BYTES, "database_salt")
    legacy = _get(data, "legacy_key", bool, "legacy_key") if "legacy_key" in data else False
    if checked:
        header = {"format": fmt, "database_salt": data["database_salt"], "legacy_key": legacy}
        if data.get("check") != _checksum(header):
            raise _BadKeysError("kontrolsummen for filens hoved passer ikke")
    raw_slots = _get(data, "slots", list, "slots")
    slots: list[KeySlot] = []
    damaged: list[DamagedSlot] = []
    for n, raw in enumerate(raw_slots):
        try:
            slots.append(_slot_from(raw, n, checked=checked))
        except _BadKeysError as exc:
            if not checked:
                raise
            detail = str(exc).removeprefix(f"nøgleplads {n + 1}: ")
            damaged.append(DamagedSlot(n + 1, detail, raw))
    if len({s.slot_id for s in slots}) != len(slots):
        raise _BadKeysError("to nøglepladser har samme id")
    staff_ids = [s.staff_id for s in slots if s.kind is SlotKind.STAFF]
    if len(set(staff_ids)) != len(staff_ids):
        raise _BadKeysError("en medarbejder har to nøglepladser")
    if sum(s.kind is SlotKind.RECOVERY for s in slots) > 1:
        raise _BadKeysError("mere end én gendannelsesnøgle")
    organisation = None
    if fmt == KEYS_FORMAT_3:
        raw_org = _get(data, "organisation", dict, "organisation")
        if raw_org.get("check") != _checksum(raw_org):
            raise _BadKeysError("kontrolsummen for organisationens underskrift passer ikke")
        try:
            organisation = org_section_from(raw_org)
        except OrgSectionError as exc:
            raise _BadKeysError(str(exc)) from None
    return KeyFile(salt, tuple(slots), legacy, tuple(damaged), organisation)


def read_key_file(db_path: Path, database_salt: bytes) -> KeyFile | None:
    """The keys file of the database at ``db_path`` (None when there is none).

    Raises KeysFileInvalidError for a damaged file and KeysFileMismatchError for one that
    belongs to another database. Reads only; never writes.
    """
    key_file = read_key_file_alone(db_path)
    if key_file is not None and not hmac.compare_digest(key_file.database_salt, database_salt):
        raise KeysFileMismatchError(str(db_path))
    return key_file


def read_key_file_alone(db_path: Path) -> KeyFile | None:
    """The keys file of ``db_path``, parsed and checked but not compared with the database."""
    path = keys_path(db_path)
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_KEYS_FILE_BYTES + 1)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise KeysFileInvalidError(str(db_path), "det er en mappe") from None
    except OSError as exc:
        raise StorageError(f"Nøglefilen {path} kan ikke læses: {exc.strerror}") from None
    if len(raw) > MAX_KEYS_FILE_BYTES:
        raise KeysFileInvalidError(str(db_path), "filen er for stor")
    try:
        return parse_key_file(raw)
    except _BadKeysError as exc:
        raise KeysFileInvalidError(str(db_path), str(exc)) from None


def write_key_file(db_path: Path, key_file: KeyFile, *, new: bool = False) -> None:
    """Write atomically (``storage/atomic.py``: temp file, fsync, rename, fsync of the
    folder), readable by the owner only. With ``new`` an existing keys file is never
    replaced."""
    target = keys_path(db_path)
    if new and target.exists():
        raise KeysFileExistsError(str(db_path))
    try:
        write_atomically(target, to_json(key_file), replace=not new)
    except FileExistsError:
        raise KeysFileExistsError(str(db_path)) from None


def staff_candidates(key_file: KeyFile, passphrase: str) -> Iterator[tuple[KeySlot, Unwrapped]]:
    """Each staff slot ``passphrase`` opens, with what it holds (lazily: one Argon2 run
    per slot)."""
    for slot in key_file.staff_slots():
        opened = open_slot(slot, passphrase, key_file.database_salt)
        if opened is not None:
            yield slot, opened
