"""The throw-away PostgreSQL the sync tests run against really runs."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest

from tests.sync.pg_cluster import Cluster, PostgresMissingError, find_bin_dir


def test_the_cluster_answers_over_tcp_and_the_unix_socket(pg_cluster: Cluster) -> None:
    with psycopg.connect(pg_cluster.dsn()) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()
        assert version is not None
        assert int(version[0]) >= 140000
    with psycopg.connect(pg_cluster.socket_dsn()) as conn:
        row = conn.execute("SELECT current_user").fetchone()
        assert row == ("pgadmin",)


def test_each_test_gets_its_own_empty_database(pg_database: str) -> None:
    with psycopg.connect(pg_database) as conn:
        conn.execute("CREATE TABLE t (x int)")
        conn.execute("INSERT INTO t VALUES (1), (2)")
        row = conn.execute("SELECT sum(x) FROM t").fetchone()
        assert row == (3,)
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()
        assert tables == (1,)


def test_the_server_never_runs_as_root(pg_cluster: Cluster) -> None:
    pid_line = (pg_cluster.data_dir / "postmaster.pid").read_text().splitlines()[0]
    status = Path(f"/proc/{int(pid_line)}/status").read_text()
    uid = int(next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1])
    assert uid != 0
    if os.geteuid() != 0:
        assert uid == os.geteuid()


def test_the_binaries_are_found() -> None:
    folder = find_bin_dir()
    assert (folder / "initdb").is_file()
    assert (folder / "pg_ctl").is_file()


def test_without_postgresql_the_message_says_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(PostgresMissingError, match="apt install postgresql"):
        find_bin_dir(path=str(tmp_path), root=tmp_path)


def test_a_versioned_folder_is_found_when_not_on_path(tmp_path: Path) -> None:
    for version in ("14", "16"):
        folder = tmp_path / version / "bin"
        folder.mkdir(parents=True)
        for name in ("initdb", "pg_ctl"):
            (folder / name).write_text("")
    assert find_bin_dir(path=str(tmp_path / "nowhere"), root=tmp_path) == tmp_path / "16" / "bin"


def test_a_cluster_left_by_a_killed_run_is_swept(tmp_path: Path) -> None:
    import tempfile

    from tests.sync.pg_cluster import OWNER_FILE, PREFIX, sweep_abandoned

    dead = Path(tempfile.mkdtemp(prefix=PREFIX))
    (dead / OWNER_FILE).write_text("999999999")  # no such process
    mine = Path(tempfile.mkdtemp(prefix=PREFIX))
    (mine / OWNER_FILE).write_text(str(os.getpid()))
    try:
        removed = sweep_abandoned(find_bin_dir(), None)
        assert dead in removed
        assert not dead.exists()
        assert mine.exists()
    finally:
        import shutil

        shutil.rmtree(mine, ignore_errors=True)
        shutil.rmtree(dead, ignore_errors=True)
