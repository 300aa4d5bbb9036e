"""Short contention with another writer is retried instead of failing (issue 22, point 3):
a read snapshot made stale by another connection's commit gets "database is locked" at
once (SQLite's busy timeout does not wait then); the use case runs its transaction again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from forandring_desktop.model.audit import AuditAction, AuditQuery
from forandring_desktop.model.privacy import PrivacySettings
from forandring_desktop.services.audit import record
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.privacy import privacy_settings, set_retention_months
from forandring_desktop.storage import KdfParams, Store
from forandring_desktop.storage.errors import DatabaseBusyError
from forandring_desktop.storage.lock import retry_when_busy
from forandring_desktop.storage.privacy import PrivacyRepository

CHEAP = KdfParams(memory_kib=1024, iterations=1, lanes=1)
PW = "adgangskode"


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    store = create_from_document(
        tmp_path / "org.forandring", PW, build_demo_document(participants=2), kdf=CHEAP
    )
    other = Store.open(store.path, PW, CHEAP)  # another connection to the same file
    yield store, other
    other.close()
    store.close()


def test_a_stale_snapshot_is_retried_and_the_change_is_kept(
    stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, other = stores
    reads: list[int] = []
    original = PrivacyRepository.settings

    def read_then_someone_writes(self: PrivacyRepository) -> PrivacySettings:
        found = original(self)  # our snapshot starts here …
        reads.append(1)
        if len(reads) == 1:  # … and another writer commits before our write
            record(other, AuditAction.LIST, detail={"rows": 0, "content": "andet program"})
        return found

    monkeypatch.setattr(PrivacyRepository, "settings", read_then_someone_writes)
    assert set_retention_months(store, 24).retention_months == 24
    assert len(reads) == 2  # the first try was refused, the second went through
    monkeypatch.setattr(PrivacyRepository, "settings", original)
    assert privacy_settings(store).retention_months == 24
    with store.unit_of_work() as uow:
        assert uow.audit.count(AuditQuery(action=AuditAction.SETTINGS)) == 1  # once only


def test_a_lasting_refusal_is_given_up_with_the_error() -> None:
    calls: list[int] = []

    def always_busy() -> None:
        calls.append(1)
        raise DatabaseBusyError()

    with pytest.raises(DatabaseBusyError):
        retry_when_busy(always_busy, tries=3)
    assert len(calls) == 3

    def other_error() -> None:
        calls.append(1)
        raise ValueError("not busy")

    calls.clear()
    with pytest.raises(ValueError, match="not busy"):
        retry_when_busy(other_error)
    assert len(calls) == 1  # anything else is not retried
