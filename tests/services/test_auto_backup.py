"""Automatic backups (services/auto_backup.py): when they are due, the rotation (with a fake
clock), failures that are recorded and never silent, and the damaged-file hint."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.audit import AuditAction, AuditQuery
from forandring_desktop.model.staff import AccessDeniedError, Role
from forandring_desktop.services import auto_backup as ab
from forandring_desktop.services.audit import list_entries
from forandring_desktop.services.backup import restore
from forandring_desktop.services.files import open_organisation
from forandring_desktop.storage import DatabaseDamagedError, Store


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def store(store_factory, small_doc: OrganisationDocument) -> Store:  # type: ignore[no-untyped-def]
    return store_factory(small_doc)  # type: ignore[no-any-return]


@pytest.fixture
def folder(tmp_path: Path, store: Store) -> Path:
    place = tmp_path / "ekstern disk"
    place.mkdir()
    ab.set_settings(store, place)
    return place


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_rotation_keeps_7_daily_4_weekly_12_monthly() -> None:
    start = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    times = [start + timedelta(days=d, hours=h) for d in range(400) for h in (0, 8)]
    keep = ab.kept(times, ab.Rotation(), UTC)
    newest = max(times)
    days = sorted({t.date() for t in keep}, reverse=True)
    # The newest of each of the last 7 days...
    assert [d for d in days if (newest.date() - d).days < 7] == [
        newest.date() - timedelta(days=n) for n in range(7)
    ]
    assert all(t.hour == 17 for t in keep)  # the newest of each day, never the morning one
    # ... of each of the last 4 weeks and 12 months: at most 7 + 4 + 12, at least 12 months.
    assert len(keep) <= 7 + 4 + 12
    months = {(t.year, t.month) for t in keep}
    assert len(months) == 12
    weeks = {t.isocalendar()[:2] for t in keep}
    assert len(weeks) >= 4
    assert newest in keep
    assert ab.kept([], ab.Rotation(), UTC) == set()


def test_rotation_with_a_fake_clock_over_a_year(store: Store, folder: Path) -> None:
    clock = FakeClock(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    made = 0
    for _day in range(120):
        for _moment in ("åbnes", "lukkes"):  # opened in the morning, closed in the evening
            outcome = ab.run_auto_backup(store, clock=clock, tz=UTC)
            made += outcome.made is not None
            clock.advance(hours=9)
        clock.advance(hours=6)
    assert made == 120  # at most one a day, although it was asked twice a day
    entries = ab.list_backups(store.path)
    assert [e.path.name for e in entries] == sorted(_names(folder), reverse=True)
    assert len(entries) == len(ab.kept([e.created for e in entries], ab.Rotation(), UTC))
    days = [e.created.date() for e in entries]
    assert days[:7] == [days[0] - timedelta(days=n) for n in range(7)]
    assert len(entries) <= 7 + 4 + 12
    assert {e.created.month for e in entries} == {1, 2, 3, 4, 5}  # a copy from every month
    # Every kept one is a complete, verified backup that restores.
    entry = entries[-1]
    restored = restore(entry.path, folder.parent / "gendannet.forandring", "pw")
    assert restored.organisation == "Testorganisation"


def test_a_due_backup_at_open_and_the_status(store: Store, folder: Path) -> None:
    clock = FakeClock(datetime(2026, 3, 9, 7, 30, tzinfo=UTC))
    assert ab.is_due(store.path, clock(), UTC)
    outcome = ab.run_auto_backup(store, clock=clock, tz=UTC)
    assert outcome.made is not None
    assert outcome.made.path.parent == folder
    assert outcome.made.path.name.startswith("org-")
    assert outcome.made.path.name.endswith("-20260309T073000Z.forandring-backup")
    assert stat.S_IMODE(outcome.made.path.stat().st_mode) == 0o600
    status = ab.status_for(store.path)
    assert status.last_success == clock()
    assert status.last_file == outcome.made.path
    assert not status.failing
    clock.advance(hours=10)
    assert not ab.is_due(store.path, clock(), UTC)
    assert ab.run_auto_backup(store, clock=clock, tz=UTC).made is None
    clock.advance(hours=7)  # past midnight
    assert ab.is_due(store.path, clock(), UTC)
    entries = list_entries(store, AuditQuery(action=AuditAction.EXPORT))
    assert [e.detail.get("automatic") for e in entries] == [True]


def test_a_failing_target_is_recorded_and_raised(store: Store, folder: Path) -> None:
    clock = FakeClock(datetime(2026, 3, 9, 7, 30, tzinfo=UTC))
    ab.run_auto_backup(store, clock=clock, tz=UTC)
    folder.rename(folder.parent / "frakoblet")  # the disk was unplugged
    clock.advance(days=1)
    with pytest.raises(ab.AutoBackupFailedError, match="mappen findes ikke") as err:
        ab.run_auto_backup(store, clock=clock, tz=UTC)
    assert "Filer ▸ Sikkerhedskopier" in str(err.value)
    status = ab.status_for(store.path)
    assert status.failing
    assert status.last_failure == clock()
    assert status.last_success == clock() - timedelta(days=1)
    assert ab.is_due(store.path, clock(), UTC)  # tried again at the next moment
    (folder.parent / "frakoblet").rename(folder)
    clock.advance(hours=1)
    assert ab.run_auto_backup(store, clock=clock, tz=UTC).made is not None
    assert not ab.status_for(store.path).failing


def test_only_administrators_choose_the_folder_and_it_must_be_writable(
    store: Store, tmp_path: Path
) -> None:
    with pytest.raises(ab.AutoBackupSettingsError, match="findes ikke"):
        ab.set_settings(store, tmp_path / "mangler")
    with pytest.raises(ab.AutoBackupSettingsError, match="mellem 0 og"):
        ab.set_settings(store, tmp_path, ab.Rotation(daily=-1))
    staff = store.keys.add_staff("Bo", "bo-kode-123", Role.STAFF, store.kdf)
    store.actor = staff
    with pytest.raises(AccessDeniedError):
        ab.set_settings(store, tmp_path)
    assert ab.settings_for(store.path).folder is None  # not chosen: nothing is backed up
    assert not ab.is_due(store.path, datetime(2026, 3, 9, tzinfo=UTC))
    with pytest.raises(ab.AutoBackupFailedError, match="ikke valgt en mappe"):
        ab.run_auto_backup(store, force=True)


def test_rotation_never_touches_other_files(store: Store, folder: Path) -> None:
    foreign = [
        "noter.txt",
        "org-12345678-20200101T000000Z.forandring-backup",  # another organisation's
        "anden-fil.forandring-backup",
    ]
    for name in foreign:
        (folder / name).write_bytes(b"x")
    clock = FakeClock(datetime(2026, 1, 1, 12, tzinfo=UTC))
    for _ in range(30):
        ab.run_auto_backup(store, clock=clock, tz=UTC)
        clock.advance(days=1)
    assert all((folder / name).exists() for name in foreign)
    assert len(ab.list_backups(store.path)) <= 7 + 4 + 12


def test_a_damaged_file_names_the_newest_backup(store: Store, folder: Path) -> None:
    clock = FakeClock(datetime(2026, 3, 9, 7, 30, tzinfo=UTC))
    ab.run_auto_backup(store, clock=clock, tz=UTC)
    clock.advance(days=1)
    newest = ab.run_auto_backup(store, clock=clock, tz=UTC).made
    assert newest is not None
    path = store.path
    store.close()
    data = bytearray(path.read_bytes())
    data[4096 + 300] ^= 0x01  # one bit on the second page
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamagedError) as err:
        open_organisation(path, "pw")
    assert err.value.newest_backup == str(newest.path)
    assert str(newest.path) in str(err.value)
    assert "forandring restore" in str(err.value)
    assert err.value.exit_code == 4
