"""The process ``test_wal_crash`` kills: large transactions through a tiny page cache, so
SQLite spills pages to the WAL in the middle of a transaction, writes some pages twice
and rewrites WAL checksums at commit - the WAL states a crash can leave that are hardest
to tell from damage. Each committed transaction is reported on a pipe."""

from __future__ import annotations

from multiprocessing.connection import Connection
from pathlib import Path

from forandring_desktop.storage import Store
from forandring_desktop.storage.crypto import KdfParams

FAST_KDF = KdfParams(memory_kib=8, iterations=1, lanes=1)
ROWS = 40  # per transaction, 3 kB each: far more than the cache holds


def big_transactions(path: str, passphrase: str, acks: Connection) -> None:
    store = Store.open(Path(path), passphrase, FAST_KDF)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA cache_size = 8")  # pages, so it spills mid-transaction
        conn.exec_driver_sql("PRAGMA wal_autocheckpoint = 0")  # the WAL only grows
        first = conn.exec_driver_sql("SELECT coalesce(max(tx), 0) FROM scratch").scalar_one()
        conn.commit()  # the set-up ran in an implicit transaction
        acks.send_bytes(b"ready")
        tx = int(first)
        while True:
            tx += 1
            with conn.begin():
                for n in range(ROWS):
                    conn.exec_driver_sql(
                        "INSERT INTO scratch (tx, n, data) VALUES (?, ?, randomblob(3000))",
                        (tx, n),
                    )
                # pages written earlier in this transaction are written again
                conn.exec_driver_sql(
                    "UPDATE scratch SET data = randomblob(3000) WHERE tx = ? AND n % 3 = 0",
                    (tx,),
                )
            acks.send_bytes(str(tx).encode())
