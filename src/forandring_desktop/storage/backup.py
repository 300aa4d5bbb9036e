"""Backup files: an encrypted copy of the database and its keys file in one archive.

A backup file is a ZIP archive (stored, not compressed: the parts are encrypted) with

- ``manifest.json``: ``format`` (``forandring-backup/1``), ``created`` (UTC), the
  ``organisation_id``, the app's ``app_version`` and ``schema`` revision, for each part
  its ``size`` and ``sha256``, and ``audit_head``: the ``seq`` and ``entry_hash`` of the
  newest audit entry in the copy (``storage/audit_chain.py``; absent in older backups and
  for a log with no chained entry), so a log rewritten or cut short after the backup shows
  against it;
- ``database.forandring``: the database, encrypted with the same data key and salt as the
  original (so the original's keys file opens it);
- (``organisation_key``: the organisation's public signing key, hex, when the keys file is
  signed; a restore refuses a keys file signed by another key);
- ``database.forandring.keys``: the keys file (``<db>.keys``) as it was, when there is one.

The copy is made with SQLCipher's ``sqlcipher_export()`` into a database attached without a
``KEY`` clause, which SQLCipher keys with the main database's key (raw key and salt), in
one read transaction together with a row count of every table. The copy is checked page
by page (``cipher_integrity_check``: every page's HMAC) and as a b-tree
(``integrity_check``) and its row counts are compared with the counts taken.

Nothing here is Qt; the use cases (where, when, who) are in ``services/backup.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine

from forandring_desktop.storage.copying import exporting, row_counts
from forandring_desktop.storage.engine import SQLITE_MAGIC, translate_error
from forandring_desktop.storage.errors import StorageError, os_error

BACKUP_FORMAT = "forandring-backup/1"
MANIFEST = "manifest.json"
DB_PART = "database.forandring"
KEYS_PART = "database.forandring.keys"
PARTS = (DB_PART, KEYS_PART)
MAX_MANIFEST_BYTES = 64 * 1024
MAX_KEYS_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024
_ATTACHED = "forandring_copy"


# -- errors -----------------------------------------------------------------------------------


class BackupError(StorageError):
    exit_code = 2


class BackupDamagedError(BackupError):
    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(
            f"Sikkerhedskopien {path} er beskadiget eller ikke en sikkerhedskopi fra "
            f"Forandring Desktop ({detail}). Intet er ændret."
        )


class BackupVerificationError(BackupError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"Sikkerhedskopien kunne ikke bekræftes, efter den blev skrevet ({detail}), og "
            "er derfor ikke gemt. Prøv igen – eventuelt på et andet drev. En tidligere "
            "sikkerhedskopi med samme navn er ikke rørt."
        )


# -- the manifest -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Part:
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class AuditHead:
    """The newest entry of a copy's audit chain."""

    seq: int
    entry_hash: str


@dataclass(frozen=True, slots=True)
class Manifest:
    created: str
    organisation_id: str
    app_version: str
    schema: str
    parts: Mapping[str, Part]
    # The organisation's public signing key (hex) the keys file is signed with; "" for a
    # file not signed yet. A restore refuses a keys file signed by another key.
    organisation_key: str = ""
    audit_head: AuditHead | None = None

    def to_json(self) -> bytes:
        data = {
            "format": BACKUP_FORMAT,
            "created": self.created,
            "organisation_id": self.organisation_id,
            "app_version": self.app_version,
            "schema": self.schema,
            "parts": {
                name: {"size": part.size, "sha256": part.sha256}
                for name, part in self.parts.items()
            },
        }
        if self.organisation_key:
            data["organisation_key"] = self.organisation_key
        if self.audit_head is not None:
            data["audit_head"] = {
                "seq": self.audit_head.seq,
                "entry_hash": self.audit_head.entry_hash,
            }
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _manifest_from(raw: bytes, where: Path) -> Manifest:
    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
            raise BackupDamagedError(where, "ukendt format")
        parts_raw = data["parts"]
        if not isinstance(parts_raw, dict) or DB_PART not in parts_raw:
            raise BackupDamagedError(where, "databasen mangler i indholdsfortegnelsen")
        parts: dict[str, Part] = {}
        for name, info in parts_raw.items():
            if name not in PARTS or not isinstance(info, dict):
                raise BackupDamagedError(where, "ukendt del i indholdsfortegnelsen")
            size, digest = info["size"], info["sha256"]
            if type(size) is not int or size < 0 or not isinstance(digest, str):
                raise BackupDamagedError(where, "ugyldig indholdsfortegnelse")
            parts[name] = Part(size, digest)
        org_key = data.get("organisation_key", "")
        if not isinstance(org_key, str) or (org_key and len(bytes.fromhex(org_key)) != 32):
            raise BackupDamagedError(where, "ugyldig organisationsnøgle i indholdsfortegnelsen")
        head = None
        if isinstance(data.get("audit_head"), dict):
            seq, hashed = data["audit_head"]["seq"], data["audit_head"]["entry_hash"]
            if type(seq) is not int or seq < 0 or not isinstance(hashed, str):
                raise BackupDamagedError(where, "ugyldig indholdsfortegnelse")
            head = AuditHead(seq, hashed)
        return Manifest(
            created=str(data["created"]),
            organisation_id=str(data["organisation_id"]),
            app_version=str(data.get("app_version", "")),
            schema=str(data.get("schema", "")),
            parts=parts,
            organisation_key=org_key,
            audit_head=head,
        )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        raise BackupDamagedError(where, "ugyldig indholdsfortegnelse") from None


def file_part(path: Path) -> Part:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return Part(size, digest.hexdigest())


# -- the archive ------------------------------------------------------------------------------


def write_archive(target: Path, manifest: Manifest, files: Mapping[str, Path]) -> None:
    """Write a new archive at ``target`` (which must not exist; owner-only), fsynced."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as raw:
        with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
            zf.writestr(MANIFEST, manifest.to_json())
            for name in PARTS:
                if name in files:
                    zf.write(files[name], arcname=name)
        raw.flush()
        os.fsync(raw.fileno())


def read_manifest(source: Path) -> Manifest:
    """Only the manifest of an archive (no part is read); BackupDamagedError if unreadable."""
    try:
        with zipfile.ZipFile(source) as zf:
            if zf.getinfo(MANIFEST).file_size > MAX_MANIFEST_BYTES:
                raise BackupDamagedError(source, "indholdsfortegnelsen er for stor")
            return _manifest_from(zf.read(MANIFEST), source)
    except (zipfile.BadZipFile, KeyError, OSError):
        raise BackupDamagedError(source, "arkivet kan ikke læses") from None


def read_archive(source: Path, into: Mapping[str, Path]) -> Manifest:
    """Check an archive and extract its parts to the paths in ``into`` (by part name).

    Every part is checked against the manifest (size and SHA-256) while it is written out;
    BackupDamagedError for anything unexpected. A part missing from ``into`` is not
    extracted (but still checked).
    """
    try:
        with zipfile.ZipFile(source) as zf:
            names = zf.namelist()
            if len(names) != len(set(names)) or MANIFEST not in names:
                raise BackupDamagedError(source, "indholdsfortegnelsen mangler")
            info = zf.getinfo(MANIFEST)
            if info.file_size > MAX_MANIFEST_BYTES:
                raise BackupDamagedError(source, "indholdsfortegnelsen er for stor")
            manifest = _manifest_from(zf.read(MANIFEST), source)
            if set(names) != {MANIFEST, *manifest.parts}:
                raise BackupDamagedError(source, "arkivet har andre dele end fortegnelsen")
            for name, part in manifest.parts.items():
                if name == KEYS_PART and part.size > MAX_KEYS_BYTES:
                    raise BackupDamagedError(source, "nøglefilen er for stor")
                if zf.getinfo(name).file_size != part.size:
                    raise BackupDamagedError(source, f"{name} har den forkerte størrelse")
                _extract(zf, name, part, into.get(name), source)
    except zipfile.BadZipFile:
        raise BackupDamagedError(source, "arkivet kan ikke læses") from None
    except FileNotFoundError:
        raise StorageError(f"Filen {source} findes ikke.") from None
    except OSError as exc:
        raise os_error(exc, f"Filen {source} kan ikke læses: {exc.strerror}") from None
    return manifest


def _extract(zf: zipfile.ZipFile, name: str, part: Part, target: Path | None, source: Path) -> None:
    digest = hashlib.sha256()
    out = None
    if target is not None:
        out = os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
    try:
        with zf.open(name) as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
                if out is not None:
                    out.write(chunk)
        if out is not None:
            out.flush()
            os.fsync(out.fileno())
    finally:
        if out is not None:
            out.close()
    if digest.hexdigest() != part.sha256:
        raise BackupDamagedError(source, f"kontrolsummen for {name} passer ikke")


# -- the database copy ------------------------------------------------------------------------


def snapshot(engine: Engine, target: Path) -> dict[str, int]:
    """Copy the open database to ``target`` (a new file) encrypted with the same key and
    salt, in one read transaction; return the row count of every table in that moment."""
    if target.exists():
        raise StorageError(f"Filen {target} findes allerede; intet er skrevet.")
    raw = engine.raw_connection()
    try:
        conn: Any = raw.driver_connection
        with exporting(conn, f"ATTACH DATABASE ? AS {_ATTACHED}", target, _ATTACHED):
            counts = row_counts(conn, "main")
    except sqlcipher.DatabaseError as exc:
        translated = translate_error(exc)
        if isinstance(translated, StorageError):  # a full disk, above all
            raise translated from None
        raise StorageError(f"Databasen kunne ikke kopieres: {exc}") from None
    finally:
        raw.close()
    with target.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:  # never: the copy must be encrypted
        target.unlink()
        raise StorageError("Kopien blev ikke krypteret; den er slettet igen.")
    return counts


def check_copy(engine: Engine, copy: Path) -> dict[str, int]:
    """Open ``copy`` with the open database's key and check it page by page and as a
    database; return its row counts. BackupDamagedError (with ``copy``) if it fails."""
    with copy.open("rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC:
            raise BackupDamagedError(copy, "databasen er ikke krypteret")
    raw = engine.raw_connection()
    try:
        conn: Any = raw.driver_connection
        conn.execute(f"ATTACH DATABASE ? AS {_ATTACHED}", (str(copy),))
        try:
            problems = conn.execute(f"PRAGMA {_ATTACHED}.cipher_integrity_check").fetchall()
            if problems:
                raise BackupDamagedError(copy, f"{len(problems)} sider er ændret")
            result = conn.execute(f"PRAGMA {_ATTACHED}.integrity_check").fetchall()
            if result != [("ok",)]:
                raise BackupDamagedError(copy, "databasens struktur er beskadiget")
            return row_counts(conn, _ATTACHED)
        finally:
            conn.execute(f"DETACH DATABASE {_ATTACHED}")
    except sqlcipher.DatabaseError as exc:
        raise BackupDamagedError(copy, str(exc).splitlines()[0]) from None
    finally:
        raw.close()


def copy_audit_head(engine: Engine, copy: Path) -> AuditHead | None:
    """The newest chained audit entry of ``copy`` (opened with the open database's key);
    after a purge that left no entry, the purge anchor; None for a log with neither."""
    raw = engine.raw_connection()
    try:
        conn: Any = raw.driver_connection
        conn.execute(f"ATTACH DATABASE ? AS {_ATTACHED}", (str(copy),))
        try:
            row = conn.execute(
                f"SELECT seq, entry_hash FROM {_ATTACHED}.audit_entry WHERE seq IS NOT NULL "
                "AND origin = '' "
                "ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            if row is None:
                row = conn.execute(
                    f"SELECT anchor_seq, anchor_hash FROM {_ATTACHED}.audit_settings "
                    "WHERE id = 1 AND anchor_seq IS NOT NULL"
                ).fetchone()
        finally:
            conn.execute(f"DETACH DATABASE {_ATTACHED}")
    except sqlcipher.DatabaseError as exc:
        raise BackupDamagedError(copy, str(exc).splitlines()[0]) from None
    finally:
        raw.close()
    return None if row is None else AuditHead(int(row[0]), str(row[1] or ""))


def check_database(engine: Engine, where: Path) -> None:
    """Check the open database page by page and as a b-tree; BackupDamagedError if not."""
    raw = engine.raw_connection()
    try:
        conn: Any = raw.driver_connection
        if conn.execute("PRAGMA cipher_integrity_check").fetchall():
            raise BackupDamagedError(where, "databasens sider er ændret")
        if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            raise BackupDamagedError(where, "databasens struktur er beskadiget")
    except sqlcipher.DatabaseError as exc:
        raise BackupDamagedError(where, str(exc).splitlines()[0]) from None
    finally:
        raw.close()
