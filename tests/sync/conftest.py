"""Fixtures for the sync tests: one real PostgreSQL per test session, never skipped."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import psycopg
import pytest
from psycopg import sql

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.services import sync as sync_service
from forandring_desktop.storage import Store
from forandring_desktop.storage.sync.server import init_server
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


@pytest.fixture
def laptops(
    store_factory: Callable[..., Store], small_doc: OrganisationDocument, pg_database: str
) -> tuple[Store, Store, str]:
    """Laptop A set up the organisation's sync; laptop B (a file of the same organisation)
    joined with its key. Both on a fresh server."""
    a = store_factory(small_doc, "a.forandring")
    b = store_factory(small_doc, "b.forandring")
    with a.unit_of_work() as uow:
        organisation_id = uow.organisation.get().id
    init_server(pg_database, organisation_id)
    sync_service.set_up_sync(a)
    sync_service.join_with_key(b, sync_service.organisation_key(a))
    return a, b, pg_database
