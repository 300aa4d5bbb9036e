"""The recovery key: 8 groups of 5 characters, typed from paper (re-exported by ``keys.py``).

It opens the recovery slot of the keys file like a passphrase opens a staff slot.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from forandring_desktop.storage.errors import InvalidRecoveryKeyError

# Crockford's base32: no I, L, O or U, so nothing is misread on paper.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_GROUPS = 8
RECOVERY_GROUP_SIZE = 5
_RECOVERY_CHECK = 4  # characters (20 bits) of checksum at the end; 36 random (180 bits)
_RECOVERY_LENGTH = RECOVERY_GROUPS * RECOVERY_GROUP_SIZE
_RECOVERY_CONTEXT = b"forandring-recovery/1"
_READ_AS = {"O": "0", "I": "1", "L": "1"}


def _recovery_check(body: str) -> str:
    digest = int.from_bytes(hashlib.sha256(_RECOVERY_CONTEXT + body.encode()).digest()[:4])
    bits = digest >> (32 - 5 * _RECOVERY_CHECK)
    return "".join(
        RECOVERY_ALPHABET[(bits >> (5 * (_RECOVERY_CHECK - 1 - i))) & 31]
        for i in range(_RECOVERY_CHECK)
    )


def new_recovery_key() -> str:
    """A new recovery key: 8 groups of 5 characters (180 random bits + a typo check)."""
    body = "".join(
        secrets.choice(RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH - _RECOVERY_CHECK)
    )
    return format_recovery_key(body + _recovery_check(body))


def format_recovery_key(canonical: str) -> str:
    size = RECOVERY_GROUP_SIZE
    return "-".join(canonical[i : i + size] for i in range(0, len(canonical), size))


def normalise_recovery_key(text: str) -> str:
    """The key as 40 characters without separators; InvalidRecoveryKeyError for a typo.

    Case, spaces and dashes do not matter, and O/I/L are read as 0/1/1 as Crockford's
    base32 says, so a key copied from paper by hand still works.
    """
    chars = [_READ_AS.get(c, c) for c in text.upper() if c not in " -\t\r\n"]
    canonical = "".join(chars)
    if len(canonical) != _RECOVERY_LENGTH or any(c not in RECOVERY_ALPHABET for c in canonical):
        raise InvalidRecoveryKeyError()
    body, check = canonical[:-_RECOVERY_CHECK], canonical[-_RECOVERY_CHECK:]
    if not hmac.compare_digest(check, _recovery_check(body)):
        raise InvalidRecoveryKeyError()
    return canonical
