"""Passphrase -> 256-bit SQLCipher key with Argon2id.

The 16-byte salt is the file's own SQLCipher salt (its first 16 bytes, which SQLCipher keeps
unencrypted), so no side file is needed. Full envelope key management (key slots per staff
member, recovery key) replaces this in a later issue.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

SALT_BYTES = 16
KEY_BYTES = 32


@dataclass(frozen=True, slots=True)
class KdfParams:
    memory_kib: int = 64 * 1024  # 64 MiB
    iterations: int = 3
    lanes: int = 4


DEFAULT_KDF = KdfParams()


@dataclass(frozen=True, slots=True)
class FileKey:
    """The raw key and salt handed to SQLCipher (``x'<key><salt>'``)."""

    key: bytes
    salt: bytes

    def pragma_literal(self) -> str:
        return f"\"x'{self.key.hex()}{self.salt.hex()}'\""

    def __repr__(self) -> str:  # never print key material
        return "FileKey(<hidden>)"


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def derive_key(passphrase: str, salt: bytes, params: KdfParams = DEFAULT_KDF) -> FileKey:
    if len(salt) != SALT_BYTES:
        raise ValueError("salt must be 16 bytes")
    kdf = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return FileKey(kdf.derive(passphrase.encode("utf-8")), salt)
