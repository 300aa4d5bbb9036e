"""A crash is not damage (issue 20, WAL): a writer killed with SIGKILL at random moments in
large transactions leaves a WAL that opening accepts - nothing set aside, nothing refused -
with every acknowledged transaction there, whole, and at most the one in flight beyond."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from forandring_desktop.storage import Store
from forandring_desktop.storage.integrity import (
    WAL_HEADER_BYTES,
    check_wal,
    indexed_frames,
    kept_journal_files,
)

from .crash_harness import harness
from .wal_crash_worker import FAST_KDF, ROWS, big_transactions

PW = "crash-test"
ROUNDS = 25

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and forkserver")


def test_a_killed_writer_leaves_no_wal_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "crash.forandring"
    with Store.create(path, PW, FAST_KDF) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE scratch (tx INTEGER, n INTEGER, data BLOB)")
    committed = 0
    kills = 0
    vouched = 0  # rounds in which the -shm index vouched for committed frames
    with harness(monkeypatch, seed=20) as crash:
        span = crash.first_unit(big_transactions, (str(path), PW))
        assert check_wal(path) is None
        for _round in range(ROUNDS):
            done = crash.kill_after(big_transactions, (str(path), PW), crash.random_delay(span * 4))
            kills += done.killed
            acked = max((int(line) for line in done.done if line.isdigit()), default=0)
            wal = Path(f"{path}-wal")
            assert wal.exists()  # the crashed state: a WAL the next opening must read
            assert check_wal(path) is None, f"round {_round}: a crash was called damage"
            vouched += indexed_frames(path, wal.read_bytes()[16 : WAL_HEADER_BYTES - 8]) > 0
            with Store.open(path, PW, FAST_KDF) as store, store.engine.connect() as conn:
                rows = conn.exec_driver_sql(
                    "SELECT tx, count(*) FROM scratch GROUP BY tx ORDER BY tx"
                ).all()
            assert kept_journal_files(path) == []
            txs = [tx for tx, _count in rows]
            assert txs == list(range(1, len(txs) + 1))
            assert all(count == ROWS for _tx, count in rows)  # none half there
            assert max(acked, committed) <= len(txs) <= max(acked, committed) + 1
            committed = len(txs)
    assert kills >= ROUNDS - 3
    assert vouched >= ROUNDS // 3  # the index was there and used, and raised no false alarm
    assert committed >= ROUNDS // 2  # the worker committed between kills
