"""The encrypted store: round trips, encryption at rest, wrong keys, one transaction per action."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from forandring_desktop.model import LadderStep, OrganisationDocument, to_json
from forandring_desktop.services.files import create_organisation
from forandring_desktop.services.ladders import get_ladder, save_ladder
from forandring_desktop.services.organisation import load_document, update_organisation
from forandring_desktop.storage import (
    FileExistsAlreadyError,
    FileMissingError,
    NotEncryptedError,
    Store,
    WrongPassphraseError,
)
from forandring_desktop.storage import tables as t


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_round_trip_keeps_every_field(store_factory, small_doc: OrganisationDocument) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(small_doc)
    store.close()
    with Store.open(store.path, "pw") as reopened:
        loaded = load_document(reopened)
    assert to_json(loaded) == to_json(small_doc)
    assert loaded == small_doc


def test_file_is_encrypted_and_holds_no_plaintext(store_factory, small_doc) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(small_doc)
    store.close()
    raw = store.path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    for secret in ("Søren Særligtnavn", "Natasha", "Testorganisation", "IG-001"):
        assert secret.encode("utf-8") not in raw
        assert secret.encode("utf-16-le") not in raw
    with pytest.raises(sqlite3.DatabaseError):  # plain SQLite cannot read it
        sqlite3.connect(store.path).execute("SELECT * FROM sqlite_master").fetchall()


def test_wal_while_open_holds_no_plaintext(store_factory, small_doc) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(small_doc)
    update_organisation(store, vision="Hemmelig vision Østerbro")
    wal = Path(f"{store.path}-wal")
    assert wal.exists()
    assert wal.stat().st_size > 0
    assert "Østerbro".encode() not in wal.read_bytes()
    store.close()


def test_wrong_passphrase_fails_and_leaves_the_file_alone(store_factory, small_doc) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(small_doc)
    store.close()
    before, names = digest(store.path), siblings(store.path)
    with pytest.raises(WrongPassphraseError) as err:
        Store.open(store.path, "forkert")
    assert "Forkert adgangskode" in str(err.value)
    assert err.value.exit_code == 2
    assert digest(store.path) == before
    assert siblings(store.path) == names
    with Store.open(store.path, "pw") as ok:
        assert load_document(ok).organisation.name == "Testorganisation"


def test_plaintext_sqlite_and_missing_files_are_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("CREATE TABLE x(a)").connection.commit()
    before = digest(plain)
    with pytest.raises(NotEncryptedError):
        Store.open(plain, "pw")
    assert digest(plain) == before
    with pytest.raises(FileMissingError):
        Store.open(tmp_path / "nothing.forandring", "pw")
    assert not (tmp_path / "nothing.forandring").exists()
    junk = tmp_path / "junk.forandring"
    junk.write_bytes(b"not a database at all, just some bytes" * 100)
    with pytest.raises(WrongPassphraseError):
        Store.open(junk, "pw")


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "a.forandring"
    create_organisation(path, "pw", "Første").close()
    before = digest(path)
    with pytest.raises(FileExistsAlreadyError):
        create_organisation(path, "pw", "Anden")
    assert digest(path) == before


def test_invalid_name_creates_no_file(tmp_path: Path) -> None:
    from forandring_desktop.model import InvalidDataError

    with pytest.raises(InvalidDataError):
        create_organisation(tmp_path / "b.forandring", "pw", "  ")
    assert list(tmp_path.iterdir()) == []


def test_sqlcipher_settings_on_every_connection(store_factory, small_doc) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(small_doc)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA cipher_version").scalar()


def test_unit_of_work_rolls_back_unless_committed(store_factory, small_doc) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(small_doc)
    org = small_doc.organisation
    with store.unit_of_work() as uow:
        uow.organisation.update(org.changed(name="Ikke gemt"))

    def failing_action() -> None:
        with store.unit_of_work() as uow:
            uow.organisation.update(org.changed(name="Heller ikke gemt"))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        failing_action()
    assert load_document(store).organisation.name == "Testorganisation"
    update_organisation(store, name="Gemt")
    assert load_document(store).organisation.name == "Gemt"


def _ratings(store: Store) -> list[tuple[object, ...]]:
    rt = t.table(t.LadderRatingRow)
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(rt).order_by(rt.c.id))]


def test_rewording_inserting_reordering_never_rewrites_ratings(store_factory, small_doc) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(small_doc)
    ladder = small_doc.ladders[0]
    rated = small_doc.participants[0].follow_ups[0].ratings[0]
    before = _ratings(store)

    steps = list(ladder.steps)
    steps[1] = steps[1].changed(text="Nyt ord for trin 1")
    steps.insert(1, LadderStep(text="Indskudt trin"))
    steps.reverse()
    save_ladder(store, ladder.changed(steps=steps))

    assert _ratings(store) == before  # not one byte of the ratings changed
    reloaded = get_ladder(store, ladder.id)
    assert [s.text for s in reloaded.steps][-3:] == [
        "Nyt ord for trin 1",
        "Indskudt trin",
        "Trin 0",
    ]
    meant = next(s for s in reloaded.steps if s.id == rated.staff_step_id)
    assert meant.text == "Nyt ord for trin 1"


def test_a_removed_step_with_ratings_is_retired_not_destroyed(store_factory, small_doc) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(small_doc)
    ladder = small_doc.ladders[0]
    rated_id = small_doc.participants[0].follow_ups[0].ratings[0].staff_step_id
    save_ladder(store, ladder.changed(steps=[s for s in ladder.steps if s.id != rated_id]))
    reloaded = get_ladder(store, ladder.id)
    retired = next(s for s in reloaded.steps if s.id == rated_id)
    assert retired.is_deleted
    assert reloaded.level_of(rated_id) is None
    assert (
        _ratings(store)[0][list(t.table(t.LadderRatingRow).c.keys()).index("staff_step_id")]
        == rated_id
    )
    # And the database itself refuses to destroy a step that ratings point at.
    st = t.table(t.LadderStepRow)
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(st.delete().where(st.c.id == rated_id))


def test_timestamps_come_back_as_utc(store_factory, small_doc) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(small_doc)
    doc = load_document(store)
    assert doc.participants[0].created_at.utcoffset() is not None
    with store.engine.connect() as conn:
        raw = conn.execute(text("SELECT created_at FROM organisation")).scalar()
    assert str(raw).startswith(small_doc.organisation.created_at.strftime("%Y-%m-%d %H:%M:%S"))
    assert isinstance(doc.organisation.id, uuid.UUID)


def test_only_the_owner_can_read_a_new_file(store_factory, small_doc) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(small_doc)
    for suffix in ("", "-wal", "-shm"):
        companion = Path(f"{store.path}{suffix}")
        if companion.exists():
            assert companion.stat().st_mode & 0o077 == 0, companion.name
    store.close()
