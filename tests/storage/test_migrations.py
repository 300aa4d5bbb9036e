"""Alembic: an empty file migrates to head; the schema matches the tables; newer files refused."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from forandring_desktop.storage import NewerSchemaError, Store
from forandring_desktop.storage.crypto import derive_key, new_salt
from forandring_desktop.storage.engine import make_engine
from forandring_desktop.storage.migrate import head_revision, known_revisions, upgrade_to_head
from forandring_desktop.storage.tables import Base


def test_empty_encrypted_file_migrates_to_head(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "empty.forandring", derive_key("pw", new_salt()))
    with engine.connect() as conn:
        assert inspect(conn).get_table_names() == []
    upgrade_to_head(engine)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()
        tables = set(inspect(conn).get_table_names())
    assert set(Base.metadata.tables) <= tables
    upgrade_to_head(engine)  # a second run is a no-op
    engine.dispose()


def test_migrations_build_exactly_the_declared_schema(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "s.forandring", derive_key("pw", new_salt()))
    upgrade_to_head(engine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert diff == [], f"tables.py and the migrations disagree; make a new revision: {diff}"


def test_revision_chain_is_linear() -> None:
    assert head_revision() in known_revisions()
    assert "0001" in known_revisions()


def test_file_from_a_newer_schema_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "future.forandring"
    store = Store.create(path, "pw")
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    store.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(NewerSchemaError) as err:
        Store.open(path, "pw")
    assert "nyere version" in str(err.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_file_from_an_older_version_keeps_its_data(tmp_path: Path, small_doc) -> None:  # type: ignore[no-untyped-def]
    """Build a file at revision 0001, put a ladder in with plain SQL, open it with today's
    app: it is upgraded to head and the ladder is intact (with the new fields' defaults)."""
    from alembic import command

    from forandring_desktop.services.ladders import get_ladder
    from forandring_desktop.storage.migrate import alembic_config

    path = tmp_path / "old.forandring"
    key = derive_key("pw", new_salt())
    engine = make_engine(path, key)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        org, ladder = small_doc.organisation, small_doc.ladders[0]
        now = "2026-01-01 00:00:00.000000"
        conn.exec_driver_sql(
            "INSERT INTO organisation (id, created_at, updated_at, name, vision, main_areas) "
            "VALUES (?, ?, ?, ?, '', '[]')",
            (org.id.hex, now, now, org.name),
        )
        conn.exec_driver_sql(
            "INSERT INTO ladder (id, created_at, updated_at, organisation_id, title, change_goal) "
            "VALUES (?, ?, ?, ?, 'Fremmøde', 'Møder stabilt')",
            (ladder.id.hex, now, now, org.id.hex),
        )
    engine.dispose()
    with Store.open(path, "pw") as store:
        loaded = get_ladder(store, ladder.id)
        with store.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head_revision()
    assert loaded.change_goal == "Møder stabilt"
    assert loaded.target_group_ids == []
    assert loaded.source is None


def test_revision_0009_adds_the_follow_up_author_in_place(tmp_path: Path, small_doc) -> None:  # type: ignore[no-untyped-def]
    """A file at 0008 with follow-ups is upgraded without a table rebuild: the follow-ups'
    ratings, statuses and scores and the triggers of revision 0004 stay; the authors are
    NULL (the app shows "ukendt")."""
    from alembic import command

    from forandring_desktop.services.files import create_from_document
    from forandring_desktop.services.participants import get_participant
    from forandring_desktop.storage.migrate import alembic_config

    path = tmp_path / "old.forandring"
    create_from_document(path, "pw", small_doc).close()
    children = ("ladder_rating", "challenge_status", "area_score", "progress_rating")
    store = Store.open(path, "pw")
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0008")
        columns = {c["name"] for c in inspect(conn).get_columns("follow_up")}
        triggers = sorted(
            r[0]
            for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")
        )
        counts = {t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in children}
    store.close()
    assert "author_name" not in columns
    assert triggers
    assert all(counts.values())
    person = small_doc.participants[0]
    with Store.open(path, "pw") as store:
        with store.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head_revision()
            assert counts == {
                t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in children
            }
            assert triggers == sorted(
                r[0]
                for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")
            )
        loaded = get_participant(store, person.id)
    assert loaded.follow_ups
    assert all(f.author_name is None for f in loaded.follow_ups)
    assert [f.ratings for f in loaded.follow_ups] == [f.ratings for f in person.follow_ups]
    assert {f.author_text for f in loaded.follow_ups} == {"ukendt"}
