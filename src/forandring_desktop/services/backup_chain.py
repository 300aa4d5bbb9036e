"""The audit log's newest chain hash, kept where a laptop user cannot quietly reset it: in
every backup's manifest (``storage/backup.py``: ``audit_head``). The server, where laptops
can only append, comes with the sync issue.

When a backup is restored, its log is compared with the heads of the *later* backups of
the same organisation found beside it (the backup's folder and the target's folder): a
restored log that ends before a later head is missing entries that a later backup saw (a
normal consequence of restoring an older backup, but it must be said), and one whose entry
at that seq has another hash has been rewritten since. Either way the restore goes on and
the caller shows the warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from forandring_desktop.storage import Store
from forandring_desktop.storage.backup import BackupError, Manifest, read_manifest


def _later_manifests(
    manifest: Manifest, folders: Iterable[Path], own: Path, suffix: str
) -> list[tuple[Path, Manifest]]:
    seen: set[Path] = set()
    found: list[tuple[Path, Manifest]] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob(f"*{suffix}")):
            resolved = path.resolve()
            if resolved in seen or resolved == own.resolve():
                continue
            seen.add(resolved)
            try:
                other = read_manifest(path)
            except BackupError:
                continue  # a damaged or foreign file is not evidence either way
            if (
                other.organisation_id == manifest.organisation_id
                and other.audit_head is not None
                and other.created > manifest.created
            ):
                found.append((path, other))
    return found


def compare_with_later_backups(
    store: Store,
    manifest: Manifest,
    folders: Iterable[Path],
    *,
    own: Path,
    suffix: str,
) -> str | None:
    """A Danish warning if the log in ``store`` (just restored from the backup with
    ``manifest``) is shorter than, or differs from, the head of a later backup; None if
    every later head is in it unchanged (or there are none)."""
    later = _later_manifests(manifest, folders, own, suffix)
    if not later:
        return None
    with store.unit_of_work() as uow:
        newest, _hash = uow.audit.newest_link()
        changed: list[tuple[Path, Manifest]] = []
        shorter: list[tuple[Path, Manifest]] = []
        for path, other in later:
            head = other.audit_head
            assert head is not None
            if head.seq > newest:
                shorter.append((path, other))
            else:
                at = uow.audit.hash_at(head.seq)
                if at is not None and at != head.entry_hash:
                    changed.append((path, other))
    if changed:
        path, other = max(changed, key=lambda item: item[1].created)
        assert other.audit_head is not None
        return (
            f"Advarsel: logbogen i den gendannede fil passer ikke med sikkerhedskopien "
            f"{path.name} fra {other.created[:10]}: post {other.audit_head.seq} er en "
            "anden end dengang. Logbogen er ændret, efter den sikkerhedskopi blev lavet."
        )
    if shorter:
        path, other = max(
            shorter, key=lambda item: item[1].audit_head.seq if item[1].audit_head else 0
        )
        assert other.audit_head is not None
        return (
            f"Bemærk: logbogen i den gendannede fil slutter ved post {newest}, men den senere "
            f"sikkerhedskopi {path.name} fra {other.created[:10]} har poster til og med "
            f"post {other.audit_head.seq}. Posterne efter post {newest} findes ikke i den "
            "gendannede fil."
        )
    return None
