"""check_wal (storage/integrity.py): damage in committed WAL frames is found; a tail that
was never committed (a write in progress, or cut off by a crash) is not damage."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.organisation import get_organisation, update_organisation
from forandring_desktop.storage import DatabaseDamagedError, Store
from forandring_desktop.storage.integrity import (
    WAL_FRAME_HEADER_BYTES,
    WAL_HEADER_BYTES,
    check_wal,
)


@pytest.fixture
def crashed(tmp_path: Path, small_doc: OrganisationDocument) -> tuple[Path, bytes, bytes]:
    """A database copied with a WAL of several committed changes, as a crash leaves it."""
    store = create_from_document(tmp_path / "live.forandring", "pw", small_doc)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    for n in range(4):
        update_organisation(store, vision=f"Vision {n}")
    db, wal = store.path.read_bytes(), Path(f"{store.path}-wal").read_bytes()
    keys = Path(f"{store.path}.keys").read_bytes()
    store.engine.dispose()
    copy = tmp_path / "org.forandring"
    copy.write_bytes(db)
    Path(f"{copy}.keys").write_bytes(keys)
    return copy, db, wal


def _frame_size(wal: bytes) -> int:
    (page_size,) = struct.unpack(">I", wal[8:12])
    assert isinstance(page_size, int)
    return WAL_FRAME_HEADER_BYTES + page_size


def test_a_whole_wal_is_fine_and_opens(crashed: tuple[Path, bytes, bytes]) -> None:
    copy, _db, wal = crashed
    Path(f"{copy}-wal").write_bytes(wal)
    assert check_wal(copy) is None
    with Store.open(copy, "pw") as store:
        assert get_organisation(store).vision == "Vision 3"


def test_an_uncommitted_tail_is_not_damage(crashed: tuple[Path, bytes, bytes]) -> None:
    copy, _db, wal = crashed
    salts = wal[16:24]
    frame = struct.pack(">II", 7, 0) + salts + os.urandom(8)  # no commit, bad checksum
    frame += os.urandom(_frame_size(wal) - WAL_FRAME_HEADER_BYTES)
    Path(f"{copy}-wal").write_bytes(wal + frame + frame[:100])  # and one cut off mid-write
    assert check_wal(copy) is None
    with Store.open(copy, "pw") as store:
        assert get_organisation(store).vision == "Vision 3"  # nothing committed was lost


@pytest.mark.parametrize("where", ["header", "frame header", "page", "salt", "checksum"])
def test_damage_in_a_committed_frame_is_found(
    crashed: tuple[Path, bytes, bytes], where: str
) -> None:
    copy, _db, wal = crashed
    frames = (len(wal) - WAL_HEADER_BYTES) // _frame_size(wal)
    first = WAL_HEADER_BYTES + (frames // 2) * _frame_size(wal)
    offset = {
        "header": 12,
        "frame header": first + 1,
        "page": first + WAL_FRAME_HEADER_BYTES + 500,
        "salt": first + 9,
        "checksum": first + 19,
    }[where]
    data = bytearray(wal)
    data[offset] ^= 0x01
    Path(f"{copy}-wal").write_bytes(bytes(data))
    assert check_wal(copy) is not None
    with pytest.raises(DatabaseDamagedError, match="WAL"):
        Store.open(copy, "pw")
