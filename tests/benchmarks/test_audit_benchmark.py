"""What the signed audit chain costs as the log grows (issue 20).

Three encrypted files hold logs of three sizes (full run: 2,000, 20,000 and 100,000
entries, signed by their author's member key). For each: appending one entry (one SELECT
of the newest link and one INSERT, with its hash and Ed25519 signature) beside a one-row
transaction on the same file; and checking the whole log (``verify_log``: every hash, link
and signature) beside reading the same rows in the same batches without checking them.
The append should cost the same at every size; the check grows linearly with the log and
runs in the background (the log viewer, ``forandring audit``).

Full size with ``FORANDRING_BENCH=full``; otherwise a smoke run with 100, 300 and 1,000.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from forandring_desktop.model.audit import AuditAction, AuditEntry
from forandring_desktop.model.base import utcnow, uuid7
from forandring_desktop.services.audit import record
from forandring_desktop.services.audit_integrity import BATCH, ChainReport, verify_log
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.organisation import update_organisation
from forandring_desktop.storage import Store
from forandring_desktop.storage.audit import LOCAL

from .bench_report import FULL, Report, measured, report_fixture, timed

pytestmark = pytest.mark.benchmark

SIZES = (2_000, 20_000, 100_000) if FULL else (100, 300, 1_000)
RUNS = 15 if FULL else 3
CHECK_RUNS = 3 if FULL else 2
PASSPHRASE = "benchmark-adgangskode"

audit_report = report_fixture(
    "audit",
    SIZES[-1],
    f"Audit chain by log size, {'/'.join(map(str, SIZES))} entries "
    f"({'full' if FULL else 'smoke'} run)",
)


def _fill(store: Store, entries: int) -> None:
    """``entries`` signed entries by the working administrator, in a few transactions."""
    actor = store.actor
    done = 0
    while done < entries:
        with store.unit_of_work() as uow:
            for _ in range(min(5_000, entries - done)):
                uow.audit.add(
                    AuditEntry(
                        id=uuid7(),
                        at=utcnow(),
                        staff_id=actor.staff_id,
                        staff_name=actor.name,
                        staff_role=actor.role.value,
                        action=AuditAction.LIST,
                        detail={"viste": 15},
                    ),
                    signer=store.signer,
                )
                done += 1
            uow.commit()


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[int, Store]]:
    stores: dict[int, Store] = {}
    for size in SIZES:
        path: Path = tmp_path_factory.mktemp(f"audit{size}") / "log.forandring"
        store = create_from_document(path, PASSPHRASE, build_demo_document(participants=0))
        assert store.signer is not None  # a new file is signed from the start
        _fill(store, size)
        stores[size] = store
    yield stores
    for store in stores.values():
        store.close()


def _read_only(store: Store) -> None:
    """The baseline of the check: the same rows in the same batches, nothing checked."""
    after = 0
    while True:
        with store.unit_of_work() as uow:
            rows = uow.audit.chain_rows(after, BATCH, origin=LOCAL)
        if len(rows) < BATCH:
            return
        after = int(rows[-1]["seq"])


def _measure(size: int, store: Store, audit_report: Report) -> None:
    def one_row() -> None:
        update_organisation(store, vision=f"V {time.time_ns()}")

    def append() -> None:
        record(store, AuditAction.LIST, detail={"viste": 15})

    reports: list[ChainReport] = []

    def check() -> None:
        reports.append(verify_log(store))

    audit_report.add(
        measured(
            f"append one entry, {size} entries",
            timed(append, RUNS),
            "one-row transaction",
            timed(one_row, RUNS),
        )
    )
    checking = timed(check, CHECK_RUNS, warm=False)
    reading = timed(lambda: _read_only(store), CHECK_RUNS, warm=False)
    per_entry = min(checking) * 1000 / size
    audit_report.add(
        measured(
            f"check the whole log, {size} entries",
            checking,
            "read the same rows",
            reading,
            notes=f"{per_entry:.0f} µs per entry",
        )
    )
    assert all(r.whole for r in reports)
    assert reports[-1].checked >= size  # every entry was checked, not only read


def test_appending_stays_flat_and_checking_grows_with_the_log(
    logs: dict[int, Store], audit_report: Report
) -> None:
    for size, store in logs.items():
        _measure(size, store, audit_report)
    assert len(audit_report.figures) == 2 * len(SIZES)
