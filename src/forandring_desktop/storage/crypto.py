"""Key material: Argon2id from passphrases, the random data key, AES-GCM key wrapping.

Every organisation file is encrypted by SQLCipher with a raw 256-bit key and the file's own
16-byte salt (its first 16 bytes, which SQLCipher keeps unencrypted): ``x'<key><salt>'``.

* Files made since key slots exist: the key is a random *data key*, stored only wrapped
  (AES-GCM) under keys derived with Argon2id from each staff member's passphrase and from the
  recovery key, in the side file ``<db>.keys`` (see ``keys.py``). Their salt ends in a short
  tag (:func:`new_database_salt`) so a missing keys file can be told from a wrong passphrase.
* Older files ("legacy"): the key is ``Argon2id(passphrase, file salt)`` (:func:`derive_key`).
  Opening one with the right passphrase gives it a keys file whose one slot wraps that key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

SALT_BYTES = 16
KEY_BYTES = 32
NONCE_BYTES = 12
_TAG_BYTES = 4  # of the database salt: 12 random bytes + 4 bytes of tag
_SALT_TAG_CONTEXT = b"forandring-keys/1 database salt"

# Bounds for KDF parameters read from a keys file: a tampered file must not make us
# allocate gigabytes or spin for minutes before the passphrase is even checked.
MAX_MEMORY_KIB = 4 * 1024 * 1024  # 4 GiB
MAX_ITERATIONS = 64
MAX_LANES = 64


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost. The defaults are the product's minimum; tests pass cheap ones."""

    memory_kib: int = 64 * 1024  # 64 MiB
    iterations: int = 3
    lanes: int = 4

    def check(self) -> KdfParams:
        """Self if the values are within Argon2's and our bounds; ValueError otherwise."""
        values = (self.memory_kib, self.iterations, self.lanes)
        if not all(type(v) is int for v in values):
            raise ValueError("KDF parameters must be integers")
        if not 1 <= self.lanes <= MAX_LANES:
            raise ValueError("lanes out of range")
        if not 1 <= self.iterations <= MAX_ITERATIONS:
            raise ValueError("iterations out of range")
        if not 8 * self.lanes <= self.memory_kib <= MAX_MEMORY_KIB:
            raise ValueError("memory out of range")
        return self


DEFAULT_KDF = KdfParams()
_active_kdf = DEFAULT_KDF


def default_kdf() -> KdfParams:
    """The Argon2 cost new key slots get when a caller names none: :data:`DEFAULT_KDF`."""
    return _active_kdf


def use_default_kdf(params: KdfParams) -> KdfParams:
    """Make ``params`` the default cost of new slots and return the previous one.

    Only for test suites and benchmarks, where thousands of slots are made and key
    derivation is not what is measured; files keep the cost each slot was made with.
    """
    global _active_kdf
    previous, _active_kdf = _active_kdf, params.check()
    return previous


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
    """16 random bytes (a slot's KDF salt; or a database salt without the tag)."""
    return os.urandom(SALT_BYTES)


def _salt_tag(head: bytes) -> bytes:
    return hashlib.sha256(_SALT_TAG_CONTEXT + head).digest()[:_TAG_BYTES]


def new_database_salt() -> bytes:
    """A SQLCipher salt that says "this file keeps its key in a keys file" (96 random bits)."""
    head = os.urandom(SALT_BYTES - _TAG_BYTES)
    return head + _salt_tag(head)


def has_envelope_tag(salt: bytes) -> bool:
    """True for salts made by :func:`new_database_salt` (a random legacy salt: 1 in 2**32)."""
    if len(salt) != SALT_BYTES:
        return False
    head, tag = salt[:-_TAG_BYTES], salt[-_TAG_BYTES:]
    return hmac.compare_digest(tag, _salt_tag(head))


def new_data_key() -> bytes:
    return os.urandom(KEY_BYTES)


def derive_secret(secret: str, salt: bytes, params: KdfParams | None = None) -> bytes:
    """Argon2id(secret, salt) -> 32 bytes. One call costs ``params`` (64 MiB, t=3 by default)."""
    if len(salt) != SALT_BYTES:
        raise ValueError("salt must be 16 bytes")
    params = (params or default_kdf()).check()
    kdf = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(secret.encode("utf-8"))


def derive_key(passphrase: str, salt: bytes, params: KdfParams | None = None) -> FileKey:
    """The legacy file key: Argon2id(passphrase, the file's own salt)."""
    return FileKey(derive_secret(passphrase, salt, params), salt)


def seal(wrapping_key: bytes, plaintext: bytes, associated_data: bytes) -> tuple[bytes, bytes]:
    """AES-256-GCM with a fresh random nonce: (nonce, ciphertext with tag)."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce, AESGCM(wrapping_key).encrypt(nonce, plaintext, associated_data)


def unseal(
    wrapping_key: bytes, nonce: bytes, ciphertext: bytes, associated_data: bytes
) -> bytes | None:
    """The plaintext, or None when the key, the data or the associated data do not match."""
    if len(nonce) != NONCE_BYTES:
        return None
    try:
        return AESGCM(wrapping_key).decrypt(nonce, ciphertext, associated_data)
    except InvalidTag:
        return None


# --- Key pairs: wrapping a new data key for someone without their passphrase ---------------
#
# A staff slot (keys format 2) holds an X25519 key pair: the private half sealed under
# Argon2id(passphrase), the public half in the clear. A data key is wrapped to the public
# key (ephemeral X25519 + HKDF-SHA256 + AES-256-GCM), so an administrator can give every
# remaining slot a *new* data key (re-keying the file) without knowing their passphrases.

PUBLIC_KEY_BYTES = 32
_WRAP_INFO = b"forandring-keys/2 data key"


def new_key_pair() -> tuple[bytes, bytes]:
    """A fresh X25519 key pair as raw bytes: (private, public)."""
    private = X25519PrivateKey.generate()
    return (
        private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
        private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
    )


def _wrap_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_BYTES,
        salt=None,
        info=_WRAP_INFO + ephemeral + recipient,
    ).derive(shared)


def wrap_to(public: bytes, plaintext: bytes, associated_data: bytes) -> tuple[bytes, bytes, bytes]:
    """Encrypt ``plaintext`` so only the holder of ``public``'s private key can read it:
    (ephemeral public key, nonce, ciphertext with tag)."""
    recipient = X25519PublicKey.from_public_bytes(public)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    key = _wrap_key(ephemeral.exchange(recipient), ephemeral_public, public)
    nonce, ciphertext = seal(key, plaintext, associated_data)
    return ephemeral_public, nonce, ciphertext


def unwrap_with(
    private: bytes, ephemeral: bytes, nonce: bytes, ciphertext: bytes, associated_data: bytes
) -> bytes | None:
    """The plaintext of :func:`wrap_to`, or None when anything does not match."""
    if len(private) != KEY_BYTES or len(ephemeral) != PUBLIC_KEY_BYTES:
        return None
    own = X25519PrivateKey.from_private_bytes(private)
    try:
        shared = own.exchange(X25519PublicKey.from_public_bytes(ephemeral))
    except ValueError:  # an all-zero shared secret: a crafted ephemeral key
        return None
    public = own.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return unseal(_wrap_key(shared, ephemeral, public), nonce, ciphertext, associated_data)
