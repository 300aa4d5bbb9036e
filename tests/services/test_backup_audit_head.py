"""The newest audit chain hash in every backup's manifest, and the warning when a restored
log ends before, or differs from, a later backup's head."""

from __future__ import annotations

import datetime
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from forandring_desktop.model.audit import AuditAction
from forandring_desktop.services.audit import record
from forandring_desktop.services.backup import backup, restore
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document
from forandring_desktop.storage import KdfParams, Store
from forandring_desktop.storage.backup import MANIFEST, read_manifest

CHEAP = KdfParams(memory_kib=1024, iterations=1, lanes=1)
PW = "adgangskode"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    doc = build_demo_document(participants=3, today=datetime.date(2025, 6, 1))
    store = create_from_document(tmp_path / "org.forandring", PW, doc, kdf=CHEAP)
    yield store
    store.close()


def head_of(store: Store) -> tuple[int, str]:
    with store.unit_of_work() as uow:
        return uow.audit.newest_link()


def log_some(store: Store, n: int) -> None:
    for _ in range(n):
        record(store, AuditAction.LIST)


def test_the_manifest_holds_the_newest_chain_hash_of_the_copy(store: Store, tmp_path: Path) -> None:
    log_some(store, 3)
    before = head_of(store)
    target = tmp_path / "kopi.forandring-backup"
    backup(store, target)
    head = read_manifest(target).audit_head
    assert head is not None
    assert (head.seq, head.entry_hash) == before  # the copy's, before the backup's own entry
    assert head_of(store)[0] == before[0] + 1  # the backup is itself in the log
    with zipfile.ZipFile(target) as zf:
        raw = json.loads(zf.read(MANIFEST))
    assert raw["audit_head"] == {"seq": before[0], "entry_hash": before[1]}


def backups(store: Store, folder: Path) -> tuple[Path, Path]:
    older, later = folder / "a.forandring-backup", folder / "b.forandring-backup"
    log_some(store, 2)
    backup(store, older)
    log_some(store, 4)
    backup(store, later)
    return older, later


def test_restoring_an_older_backup_says_which_entries_are_not_in_it(
    store: Store, tmp_path: Path
) -> None:
    older, later = backups(store, tmp_path)
    newest_then = read_manifest(older).audit_head
    later_head = read_manifest(later).audit_head
    assert newest_then is not None
    assert later_head is not None
    result = restore(older, tmp_path / "gendannet.forandring", PW, kdf=CHEAP)
    assert result.audit_warning is not None
    assert f"slutter ved post {newest_then.seq}," in result.audit_warning
    assert f"til og med post {later_head.seq}" in result.audit_warning
    assert "b.forandring-backup" in result.audit_warning


def test_restoring_the_newest_backup_gives_no_warning(store: Store, tmp_path: Path) -> None:
    _older, later = backups(store, tmp_path)
    result = restore(later, tmp_path / "gendannet.forandring", PW, kdf=CHEAP)
    assert result.audit_warning is None


def test_a_log_that_differs_from_a_later_head_is_a_warning(store: Store, tmp_path: Path) -> None:
    older, later = backups(store, tmp_path)
    # the later backup saw another entry 2 than the one in the older backup's log
    with zipfile.ZipFile(later) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    manifest = json.loads(parts[MANIFEST])
    manifest["audit_head"] = {"seq": 2, "entry_hash": "0" * 64}
    parts[MANIFEST] = json.dumps(manifest).encode()
    later.unlink()
    with zipfile.ZipFile(later, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    result = restore(older, tmp_path / "gendannet.forandring", PW, kdf=CHEAP)
    assert result.audit_warning is not None
    assert result.audit_warning.startswith("Advarsel: logbogen i den gendannede fil passer ikke")
    assert "post 2 er en anden" in result.audit_warning
