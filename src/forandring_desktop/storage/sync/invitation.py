"""The one-time invitation file that lets a new laptop join the organisation's sync.

An administrator's laptop writes it (``forandring invite``); the new laptop reads it
(``forandring join``) with the one-time code the administrator was shown. The file is
sealed with AES-256-GCM under Argon2id(code) – the key derivation the key slots use – so
the file alone, e-mailed or on a USB stick, gives nothing away; the code is passed on
another way (said aloud, or on paper).

It carries what a laptop needs to join and nothing that opens the organisation's data
without a staff member's passphrase: the server's address (no administrator login), the
new laptop's own server login and password (changed by the laptop when it redeems the
invitation), the invitation id, the organisation's id, sync key and public signing key,
and the keys file. Not the data key: the joining member unwraps it from their own slot.
"""

from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psycopg.conninfo import conninfo_to_dict, make_conninfo

from forandring_desktop.storage.atomic import write_atomically
from forandring_desktop.storage.crypto import (
    NONCE_BYTES,
    KdfParams,
    default_kdf,
    derive_secret,
    new_salt,
    seal,
    unseal,
)
from forandring_desktop.storage.errors import StorageError
from forandring_desktop.storage.sync.errors import InvitationCodeError, InvitationDamagedError

INVITATION_FORMAT = "forandring-invitation/1"
INVITATION_SUFFIX = ".invitation"
# Letters and digits a person reads and types without mixing them up (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 4
MAX_INVITATION_BYTES = 2 * 1024 * 1024
# The server's address as the new laptop may use it: never the administrator's login.
SERVER_PARAMS = ("host", "hostaddr", "port", "dbname", "sslmode")


def new_code() -> str:
    """A one-time code such as ``K7QM-2XWD-HNPA-94TR`` (about 79 bits)."""
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    )
    return "-".join(groups)


def normalise_code(text: str) -> str:
    """The code's 16 characters, upper case, without spaces and dashes; InvitationCodeError
    for one that cannot be a code (before any key derivation)."""
    code = "".join(ch for ch in text.upper() if ch not in " -\t")
    if len(code) != CODE_GROUPS * CODE_GROUP_LENGTH or any(c not in CODE_ALPHABET for c in code):
        raise InvitationCodeError()
    return code


def server_params(dsn: str) -> dict[str, str]:
    """The parts of ``dsn`` that say where the server is (no user, no password)."""
    params = conninfo_to_dict(dsn)
    return {k: str(params[k]) for k in SERVER_PARAMS if params.get(k) is not None}


@dataclass(frozen=True, slots=True)
class InvitationContent:
    invitation_id: uuid.UUID
    organisation_id: uuid.UUID
    server: dict[str, str]  # host, port, dbname (see SERVER_PARAMS)
    login: str
    password: str
    sealed_sync_key: bytes  # the sync key sealed under the data key (seal_sync_key)
    organisation_public_key: bytes  # the organisation's Ed25519 key, to pin
    keys_file: str  # the keys file's JSON
    staff_id: uuid.UUID | None  # the staff member invited, if one was named
    created_at: str

    def dsn(self, password: str | None = None) -> str:
        """The connection string of the laptop's own login (with ``password`` if given)."""
        return make_conninfo(**self.server, user=self.login, password=password or self.password)

    def _json(self) -> dict[str, Any]:
        return {
            "invitation_id": str(self.invitation_id),
            "organisation_id": str(self.organisation_id),
            "server": self.server,
            "login": self.login,
            "password": self.password,
            "sealed_sync_key": self.sealed_sync_key.hex(),
            "organisation_public_key": self.organisation_public_key.hex(),
            "keys_file": self.keys_file,
            "staff_id": str(self.staff_id) if self.staff_id is not None else None,
            "created_at": self.created_at,
        }

    def __repr__(self) -> str:  # never print the password or keys
        return f"InvitationContent({self.invitation_id})"


def _sync_key_aad(invitation_id: uuid.UUID) -> bytes:
    return f"{INVITATION_FORMAT} sync key {invitation_id}".encode()


def seal_sync_key(data_key: bytes, sync_key: bytes, invitation_id: uuid.UUID) -> bytes:
    """The sync key sealed under the file's data key (nonce + ciphertext)."""
    nonce, ciphertext = seal(data_key, sync_key, _sync_key_aad(invitation_id))
    return nonce + ciphertext


def open_sync_key(data_key: bytes, sealed: bytes, invitation_id: uuid.UUID) -> bytes:
    """The sync key of :func:`seal_sync_key`; InvitationDamagedError if it does not open."""
    found = unseal(
        data_key, sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], _sync_key_aad(invitation_id)
    )
    if found is None or len(found) != 32:
        raise InvitationDamagedError("organisationens synkroniseringsnøgle passer ikke")
    return found


def _aad(salt: bytes, kdf: KdfParams) -> bytes:
    bound = {
        "format": INVITATION_FORMAT,
        "salt": salt.hex(),
        "kdf": [kdf.memory_kib, kdf.iterations, kdf.lanes],
    }
    return json.dumps(bound, sort_keys=True, separators=(",", ":")).encode()


def write_invitation(
    path: Path, content: InvitationContent, code: str, kdf: KdfParams | None = None
) -> None:
    """Seal ``content`` under ``code`` into a new file at ``path`` (never replacing one)."""
    kdf = kdf or default_kdf()
    salt = new_salt()
    key = derive_secret(normalise_code(code), salt, kdf)
    plain = json.dumps(content._json(), sort_keys=True).encode()
    nonce, ciphertext = seal(key, plain, _aad(salt, kdf))
    data = {
        "format": INVITATION_FORMAT,
        "kdf": {"memory_kib": kdf.memory_kib, "iterations": kdf.iterations, "lanes": kdf.lanes},
        "salt": salt.hex(),
        "nonce": nonce.hex(),
        "ciphertext": ciphertext.hex(),
    }
    try:
        write_atomically(Path(path), json.dumps(data, indent=2) + "\n", replace=False)
    except FileExistsError:
        raise StorageError(f"Filen {path} findes allerede; vælg et andet navn.") from None


def read_invitation(path: Path, code: str) -> InvitationContent:
    """Open the invitation at ``path`` with ``code``. InvitationCodeError for a wrong code
    (or a file changed since it was sealed: GCM cannot tell the two apart),
    InvitationDamagedError for a file that is no invitation."""
    canonical = normalise_code(code)
    try:
        with Path(path).open("rb") as fh:
            raw = fh.read(MAX_INVITATION_BYTES + 1)
    except FileNotFoundError:
        raise InvitationDamagedError("filen findes ikke") from None
    except OSError as exc:
        raise InvitationDamagedError(f"filen kan ikke læses: {exc.strerror}") from None
    if len(raw) > MAX_INVITATION_BYTES:
        raise InvitationDamagedError("filen er for stor")
    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("format") != INVITATION_FORMAT:
            raise InvitationDamagedError("det er ikke en invitation fra Forandring Desktop")
        k = data["kdf"]
        kdf = KdfParams(k["memory_kib"], k["iterations"], k["lanes"]).check()
        salt = bytes.fromhex(data["salt"])
        nonce = bytes.fromhex(data["nonce"])
        ciphertext = bytes.fromhex(data["ciphertext"])
        key = derive_secret(canonical, salt, kdf)
    except InvitationDamagedError:
        raise
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        raise InvitationDamagedError("filen er ødelagt") from None
    plain = unseal(key, nonce, ciphertext, _aad(salt, kdf))
    if plain is None:
        raise InvitationCodeError()
    try:
        return _content_from(json.loads(plain))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise InvitationDamagedError("indholdet er ødelagt") from None


def _content_from(raw: dict[str, Any]) -> InvitationContent:
    server = raw["server"]
    if not isinstance(server, dict) or any(k not in SERVER_PARAMS for k in server):
        raise ValueError("server")
    sealed_sync_key = bytes.fromhex(raw["sealed_sync_key"])
    public_key = bytes.fromhex(raw["organisation_public_key"])
    if len(sealed_sync_key) != NONCE_BYTES + 32 + 16 or len(public_key) != 32:
        raise ValueError("key length")
    staff = raw.get("staff_id")
    return InvitationContent(
        invitation_id=uuid.UUID(raw["invitation_id"]),
        organisation_id=uuid.UUID(raw["organisation_id"]),
        server={str(k): str(v) for k, v in server.items()},
        login=str(raw["login"]),
        password=str(raw["password"]),
        sealed_sync_key=sealed_sync_key,
        organisation_public_key=public_key,
        keys_file=str(raw["keys_file"]),
        staff_id=uuid.UUID(staff) if staff else None,
        created_at=str(raw["created_at"]),
    )
