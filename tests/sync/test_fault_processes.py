"""Faults that only a real process shows: the app killed (SIGKILL) in the middle of a push
and of a pull, and a server whose disk fills up. Afterwards: the file passes
``integrity_check``, the next sync completes, no change is on the server twice and laptop B
ends with every row laptop A had."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import text

from forandring_desktop.services import sync as sync_service
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document
from forandring_desktop.storage import Store
from forandring_desktop.storage.engine import make_engine
from forandring_desktop.storage.sync.errors import ServerDiskFullError
from forandring_desktop.storage.sync.server import SCHEMA, init_server
from tests.benchmarks.bulk_data import bulk_participants
from tests.sync.pg_cluster import Cluster, temporary_cluster

POLL_S = 0.002  # how often the test looks at the server or the file while a sync runs
GIVE_UP_S = 120.0


def start_sync(db: Path, dsn: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FORANDRING_PASSPHRASE": "pw"}
    return subprocess.Popen(
        [sys.executable, "-m", "forandring_desktop.cli", "sync", "--dsn", dsn, str(db)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def kill_when(process: subprocess.Popen[bytes], ready: Callable[[], bool]) -> None:
    """SIGKILL ``process`` as soon as ``ready()`` (polled); fail if it ended first."""
    deadline = time.monotonic() + GIVE_UP_S
    while not ready():
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the sync ended before it could be killed: {out!r} {err!r}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the sync never got under way")
        time.sleep(POLL_S)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def server_count(dsn: str, where: str = "") -> int:
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute(f"SELECT count(*) FROM {SCHEMA}.change_log {where}").fetchone()
    assert row is not None
    return int(row[0])


def pulls_running(dsn: str) -> bool:
    """Has a laptop asked the server for changes (a pull is under way)?"""
    query = (
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'forandring-desktop' "
        "AND query ILIKE %s AND query NOT ILIKE %s"
    )
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute(query, ("%change_log%", "%INSERT%")).fetchone()
    assert row is not None
    return int(row[0]) > 0


def duplicates_on_server(dsn: str) -> int:
    """Rows inserted more than once (every follow-up and rating here is inserted once and
    never edited, so two changes for one of them mean a change was sent twice)."""
    query = (
        f"SELECT count(*) FROM (SELECT row_id FROM {SCHEMA}.change_log WHERE table_name IN "
        "('follow_up', 'ladder_rating') GROUP BY table_name, row_id HAVING count(*) > 1) d"
    )
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute(query).fetchone()
    assert row is not None
    return int(row[0])


def integrity(db: Path) -> str:
    with Store.open(db, "pw") as store, store.engine.connect() as conn:
        return str(conn.execute(text("PRAGMA integrity_check")).scalar_one())


def ids(db: Path, table: str) -> set[str]:
    with Store.open(db, "pw") as store, store.engine.connect() as conn:
        return {str(r) for r in conn.execute(text(f"SELECT id FROM {table}")).scalars()}


def two_laptops(folder: Path, dsn: str, participants: int) -> tuple[Path, Path]:
    """Laptop A with ``participants`` new participants (with follow-ups and ratings) made
    after both laptops were set up for sync; laptop B has only what both began with."""
    doc = build_demo_document(participants=0)
    a = create_from_document(folder / "a.forandring", "pw", doc)
    b = create_from_document(folder / "b.forandring", "pw", doc)
    try:
        init_server(dsn, doc.organisation.id)
        sync_service.set_up_sync(a)
        sync_service.join_with_key(b, sync_service.organisation_key(a))
        bulk_participants(a, participants, follow_ups=8, seed=3)
    finally:
        a.close()
        b.close()
    return a.path, b.path


@pytest.fixture
def fresh_database(pg_cluster: Cluster) -> Iterator[str]:
    name = f"k_{os.getpid()}_{time.monotonic_ns() % 10**9}"
    with psycopg.connect(pg_cluster.dsn(), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield pg_cluster.dsn(name)
    with psycopg.connect(pg_cluster.dsn(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def test_the_app_killed_mid_push_and_mid_pull_loses_nothing_and_sends_nothing_twice(
    tmp_path: Path, fresh_database: str
) -> None:
    dsn = fresh_database
    a, b = two_laptops(tmp_path, dsn, participants=120)
    with Store.open(a, "pw") as store:
        waiting = sync_service.pending_changes(store)
    assert waiting > 4_000

    # Killed once part of A's push is on the server.
    kill_when(start_sync(a, dsn), lambda: server_count(dsn) > 0)
    on_server = server_count(dsn)
    assert 0 < on_server < waiting, "the kill came after the whole push"
    assert integrity(a) == "ok"
    with Store.open(a, "pw") as store:
        assert 0 < sync_service.pending_changes(store) <= waiting
        sync_service.sync_now(store, dsn)
        assert sync_service.pending_changes(store) == 0
    assert duplicates_on_server(dsn) == 0
    assert server_count(dsn) >= waiting

    # Killed once B has committed part of the pull, as a second reader of B's file sees it
    # (WAL mode: readers see only committed batches, so this is what a crash would keep).
    with Store.open(b, "pw") as store:
        key = store._file_key
    reader = make_engine(b, key)

    def kept_a_batch() -> bool:
        with reader.connect() as conn:
            kept = conn.execute(text("SELECT count(*) FROM sync_inbox")).scalar_one()
            applied = conn.execute(text("SELECT count(*) FROM follow_up")).scalar_one()
        return int(kept) > 0 or int(applied) > 0

    pulling = start_sync(b, dsn)
    try:
        kill_when(pulling, kept_a_batch)
    finally:
        reader.dispose()
    assert integrity(b) == "ok"
    with Store.open(b, "pw") as store:
        kept = len(sync_service.received_changes(store))
        with store.engine.connect() as conn:
            applied = conn.execute(text("SELECT count(*) FROM follow_up")).scalar_one()
        assert kept > 0 or applied > 0, "the kill came before anything was kept"
        assert kept > 0 or applied < len(ids(a, "follow_up")), "the kill came after the pull"
        sync_service.sync_now(store, dsn)
        sync_service.apply_pulled(store)
        assert sync_service.received_changes(store) == []
    assert ids(b, "follow_up") == ids(a, "follow_up")
    assert ids(b, "ladder_rating") == ids(a, "ladder_rating")
    assert ids(b, "participant") == ids(a, "participant")
    assert duplicates_on_server(dsn) == 0


FILE_LIMIT = 3 * 1024 * 1024  # above the 1 MB WAL segments and every catalogue file


def test_a_full_server_disk_is_said_in_danish_and_the_next_sync_completes(
    tmp_path: Path,
) -> None:
    with temporary_cluster(wal_segment_mb=1) as cluster:
        with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE full_disk")
        dsn = cluster.dsn("full_disk")
        a, b = two_laptops(tmp_path, dsn, participants=150)
        cluster.file_size_limit = FILE_LIMIT
        cluster.restart()
        with Store.open(a, "pw") as store:
            waiting = sync_service.pending_changes(store)
            with pytest.raises(ServerDiskFullError, match="Serverens disk er fuld"):
                sync_service.sync_now(store, dsn)
            left = sync_service.pending_changes(store)
            assert 0 < left <= waiting  # what did not fit still waits here
        assert "File too large" in cluster.log()
        cluster.file_size_limit = None  # room again
        cluster.restart()
        with Store.open(a, "pw") as store:
            sync_service.sync_now(store, dsn)
            assert sync_service.pending_changes(store) == 0
        assert integrity(a) == "ok"
        assert duplicates_on_server(dsn) == 0
        with Store.open(b, "pw") as store:
            sync_service.sync_now(store, dsn)
            sync_service.apply_pulled(store)
        assert ids(b, "follow_up") == ids(a, "follow_up")
        assert ids(b, "ladder_rating") == ids(a, "ladder_rating")
