"""Privacy in the file: the name lives only in participant_identity (revision 0006), and an
erased participant leaves no byte behind: not in the encrypted files, not in any page of
the decrypted database (free pages included), not in the WAL."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from forandring_desktop.model import OrganisationDocument, Participant
from forandring_desktop.model.participants import ParticipantFilter
from forandring_desktop.model.privacy import ParticipantErasedError
from forandring_desktop.model.staff import AccessDeniedError, Actor, Role
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.participants import (
    get_participant,
    list_participants,
    save_participant,
)
from forandring_desktop.services.privacy import erase_participant
from forandring_desktop.storage import KdfParams, Store, keys_path
from forandring_desktop.storage.engine import read_salt
from forandring_desktop.storage.keys import read_key_file, staff_candidates
from forandring_desktop.storage.migrate import alembic_config
from tests.participant_tables import PARTICIPANT_TABLES

CHEAP = KdfParams(memory_kib=1024, iterations=1, lanes=1)
PW = "adgangskode"
NAME = "Yrsa Quistgaard-Mølbæk"
NEW_NAME = "Yrsa Zephyrine Quistgaard"
CODE = "ZQX-93817"
PAGE_SIZE = 4096  # SQLCipher 4 defaults: 4 KiB pages, 16-byte IV + 64-byte HMAC reserved
RESERVE = 80


def document_with_one_known_person() -> tuple[OrganisationDocument, Participant]:
    """The demo organisation (many participants with ratings) with one person given a
    distinctive name and code, so their bytes can be searched for."""
    doc = build_demo_document(participants=6, today=datetime.date(2025, 6, 1))
    person = doc.participants[2].model_copy(update={"name": NAME, "code": CODE})
    people = [person if p.id == person.id else p for p in doc.participants]
    return doc.model_copy(update={"participants": people}), person


@pytest.fixture
def made(tmp_path: Path) -> Iterator[tuple[Store, Participant]]:
    doc, person = document_with_one_known_person()
    store = create_from_document(tmp_path / "org.forandring", PW, doc, kdf=CHEAP)
    yield store, person
    store.engine.dispose()


# -- reading the file as an attacker with the key would ----------------------------------------


def data_key(path: Path) -> bytes:
    key_file = read_key_file(path, read_salt(path))
    assert key_file is not None
    return next(staff_candidates(key_file, PW))[1].data_key


def _decrypt(page: bytes, key: bytes, first: bool) -> bytes:
    body = page[16 if first else 0 : PAGE_SIZE - RESERVE]
    iv = page[PAGE_SIZE - RESERVE : PAGE_SIZE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def decrypted_pages(path: Path, key: bytes) -> bytes:
    """Every page of the main file and every frame of its WAL, decrypted: live, free and
    old pages alike (what someone holding the key could read from the disk)."""
    out = bytearray()
    data = path.read_bytes()
    assert len(data) % PAGE_SIZE == 0
    for number, offset in enumerate(range(0, len(data), PAGE_SIZE), start=1):
        page = _decrypt(data[offset : offset + PAGE_SIZE], key, number == 1)
        if number == 1:  # the database header after the salt: page size and reserve
            assert page[:2] == PAGE_SIZE.to_bytes(2, "big")
            assert page[4] == RESERVE
        out += page
    wal = Path(f"{path}-wal")
    if wal.exists():
        frames = wal.read_bytes()
        for offset in range(32, len(frames) - PAGE_SIZE - 24 + 1, PAGE_SIZE + 24):
            number = int.from_bytes(frames[offset : offset + 4], "big")
            page = frames[offset + 24 : offset + 24 + PAGE_SIZE]
            out += _decrypt(page, key, number == 1)
    return bytes(out)


def plaintext_export(store: Store, target: Path) -> bytes:
    """The database exported to a plaintext copy with sqlcipher_export (ATTACH … KEY '')."""
    raw = store.engine.raw_connection()
    try:
        conn = raw.driver_connection
        assert conn is not None
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        conn.execute("SELECT sqlcipher_export('plain')").fetchall()
        conn.execute("DETACH DATABASE plain")
    finally:
        raw.close()
    data = target.read_bytes()
    assert data.startswith(b"SQLite format 3\x00")
    return data


def file_bytes(path: Path) -> bytes:
    parts = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), keys_path(path)]
    return b"".join(p.read_bytes() for p in parts if p.exists())


def needles(*texts: str) -> list[bytes]:
    out: list[bytes] = []
    for text in texts:
        out += [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]
    return out


def found(data: bytes, texts: list[bytes]) -> list[bytes]:
    return [t for t in texts if t in data]


# -- pseudonymisation ---------------------------------------------------------------------------


def test_the_name_lives_only_in_participant_identity(made: tuple[Store, Participant]) -> None:
    store, person = made
    with store.engine.connect() as conn:
        columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(participant)")}
        identity: dict[str, str] = dict(
            conn.exec_driver_sql("SELECT participant_id, name FROM participant_identity").all()
        )
        ids = {row[0] for row in conn.exec_driver_sql("SELECT id FROM participant")}
    assert "code" in columns
    assert "name" not in columns
    assert set(identity) == ids  # one identity row per participant
    assert identity[person.id.hex] == NAME
    # Every model still carries the name, read through the identity table.
    assert get_participant(store, person.id).name == NAME
    with store.unit_of_work() as uow:
        assert {p.id: p.name for p in uow.documents.load().participants}[person.id] == NAME


def test_search_by_name_and_renaming_go_through_the_identity_table(
    made: tuple[Store, Participant],
) -> None:
    store, person = made
    rows = list_participants(store)
    assert [r.code for r in ParticipantFilter(text="quistgaard").apply(rows)] == [CODE]
    assert [r.name for r in rows if r.id == person.id] == [NAME]
    save_participant(store, get_participant(store, person.id).changed(name=NEW_NAME))
    rows = list_participants(store)
    assert [r.code for r in ParticipantFilter(text="zephyrine").apply(rows)] == [CODE]
    assert ParticipantFilter(text="mølbæk").apply(rows) == []
    with store.engine.connect() as conn:
        names = conn.exec_driver_sql(
            "SELECT name FROM participant_identity WHERE participant_id = ?", (person.id.hex,)
        ).all()
    assert names == [(NEW_NAME,)]


def test_a_new_participant_gets_an_identity_row(made: tuple[Store, Participant]) -> None:
    store, _person = made
    newcomer = Participant(code="NY-1", name="Ny Person", start_date=datetime.date(2025, 1, 1))
    save_participant(store, newcomer)
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT name FROM participant_identity WHERE participant_id = ?", (newcomer.id.hex,)
        ).all()
    assert rows == [("Ny Person",)]


def test_revision_0006_moves_names_and_keeps_every_child_row(
    made: tuple[Store, Participant],
) -> None:
    """Down to 0005 (the name back in participant) and up again: the names move to the
    identity table and no challenge, follow-up or rating is lost (a batch rebuild of
    participant would cascade-delete them)."""
    store, person = made
    tables = ("challenge", "enrolment", "follow_up", "ladder_rating", "challenge_status")

    def counts() -> dict[str, int]:
        with store.engine.connect() as conn:
            return {
                t: int(conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one())
                for t in (*tables, "progress_rating", "participant")
            }

    before = counts()
    assert before["ladder_rating"] > 0
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0005")
        name = conn.exec_driver_sql(
            "SELECT name FROM participant WHERE id = ?", (person.id.hex,)
        ).scalar_one()
    assert name == NAME
    with store.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    assert counts() == before
    assert get_participant(store, person.id).name == NAME


# -- erasure ----------------------------------------------------------------------------------


def test_a_staff_member_cannot_erase_and_nothing_changes(
    made: tuple[Store, Participant],
) -> None:
    store, person = made
    store.checkpoint()
    before = plaintext_export(store, store.path.with_name("before.sqlite"))
    store.actor = Actor(uuid.uuid4(), "Mentor Mette", Role.STAFF)
    with pytest.raises(AccessDeniedError) as err:
        erase_participant(store, person.id)
    assert "administrator" in str(err.value)
    after = plaintext_export(store, store.path.with_name("after.sqlite"))
    assert after == before
    assert get_participant(store, person.id).name == NAME


def test_after_erasure_no_byte_of_the_person_is_left_in_the_file(
    made: tuple[Store, Participant],
) -> None:
    store, person = made
    path = store.path
    key = data_key(path)
    # History: an older name in old pages, and audit entries with the code.
    save_participant(store, get_participant(store, person.id).changed(name=NEW_NAME))
    get_participant(store, person.id)
    texts = needles(NAME, NEW_NAME, CODE)

    # Positive control: the decryption works and finds them before the erasure.
    assert found(decrypted_pages(path, key), needles(NEW_NAME, CODE))
    before = plaintext_export(store, path.with_name("plain-before.sqlite"))
    assert found(before, needles(NEW_NAME))
    assert found(before, needles(CODE))
    assert not found(file_bytes(path), texts)  # encrypted: never in the raw bytes

    result = erase_participant(store, person.id)
    assert result.code == CODE
    assert result.wiped

    assert not found(file_bytes(path), texts)
    assert found(decrypted_pages(path, key), texts) == []
    after = plaintext_export(store, path.with_name("plain-after.sqlite"))
    assert found(after, texts) == []
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA freelist_count").scalar_one() == 0
        tombstones = conn.exec_driver_sql("SELECT id FROM erased_participant").all()
    assert tombstones == [(person.id.hex,)]
    assert person.id.hex.encode() in after  # only the id is kept

    store.close()
    assert not found(file_bytes(path), texts)
    assert found(decrypted_pages(path, key), texts) == []


def test_erasure_removes_every_row_of_theirs_and_only_theirs(
    made: tuple[Store, Participant],
) -> None:
    store, person = made
    tables = (*PARTICIPANT_TABLES, "progress_enrolment_key", "progress_challenge_key")

    def counts() -> dict[str, int]:
        with store.engine.connect() as conn:
            return {
                t: int(conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one())
                for t in tables
            }

    before = counts()
    follow_ups = list(person.follow_ups)
    ratings = sum(len(f.ratings) for f in follow_ups)
    assert ratings > 0
    erase_participant(store, person.id)
    after = counts()
    assert after["participant"] == before["participant"] - 1
    assert after["participant_identity"] == before["participant_identity"] - 1
    assert after["challenge"] == before["challenge"] - len(person.challenges)
    assert after["enrolment"] == before["enrolment"] - len(person.enrolments)
    assert after["follow_up"] == before["follow_up"] - len(follow_ups)
    assert after["ladder_rating"] == before["ladder_rating"] - ratings
    assert after["progress_enrolment_key"] == before["progress_enrolment_key"] - len(
        person.enrolments
    )
    assert after["progress_challenge_key"] == before["progress_challenge_key"] - len(
        person.challenges
    )
    with store.engine.connect() as conn:
        left = conn.exec_driver_sql(
            "SELECT count(*) FROM audit_entry WHERE participant_code <> '' AND participant_id = ?",
            (person.id.hex,),
        ).scalar_one()
    assert left == 0


def test_an_erased_participant_cannot_be_brought_back_by_undo(
    made: tuple[Store, Participant],
) -> None:
    store, person = made
    old = get_participant(store, person.id)
    erase_participant(store, person.id)
    with pytest.raises(ParticipantErasedError):
        save_participant(store, old)  # what undoing an earlier edit would do
    assert person.id not in {r.id for r in list_participants(store)}


def test_a_name_typed_into_the_search_is_gone_after_erasure(
    made: tuple[Store, Participant],
) -> None:
    from forandring_desktop.services.audit import log_search

    store, person = made
    log_search(store, {"text": "Quistgaard"}, matches=1)
    erase_participant(store, person.id)
    after = plaintext_export(store, store.path.with_name("plain-after.sqlite"))
    assert found(after, needles("Quistgaard")) == []
