"""Fixtures for the sync tests: one real PostgreSQL per test session, never skipped."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from tests.sync.pg_cluster import Cluster, PostgresMissingError, temporary_cluster


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A running throw-away cluster. Without PostgreSQL the test FAILS, saying how to get
    it: a skipped sync test proves nothing."""
    try:
        manager = temporary_cluster()
        cluster = manager.__enter__()
    except PostgresMissingError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield cluster
    finally:
        manager.__exit__(None, None, None)


@pytest.fixture
def pg_database(pg_cluster: Cluster) -> Iterator[str]:
    """A fresh empty database for one test; its superuser DSN. Dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_cluster.dsn(), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield pg_cluster.dsn(name)
    finally:
        with psycopg.connect(pg_cluster.dsn(), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
