"""A keys file nested too deep for the JSON parser (100,000 ``[``) is a damaged keys file
with the Danish message, never a RecursionError (issue 20, smaller points)."""

from __future__ import annotations

from pathlib import Path

import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.services.files import create_from_document
from forandring_desktop.storage import KeysFileInvalidError, Store, keys_path
from forandring_desktop.storage.keys import read_key_file_alone
from tests.file_digests import snapshot

PW = "admin-kode"


@pytest.fixture
def db(tmp_path: Path, small_doc: OrganisationDocument) -> Path:
    path = tmp_path / "org.forandring"
    create_from_document(path, PW, small_doc).close()
    return path


@pytest.mark.parametrize("content", ["[" * 100_000, '{"slots": ' * 60_000, '[{"a": ' * 40_000])
def test_a_keys_file_nested_too_deep_is_damage_not_a_traceback(db: Path, content: str) -> None:
    keys_path(db).write_text(content)
    before = snapshot(db)
    with pytest.raises(KeysFileInvalidError) as err:
        read_key_file_alone(db)
    assert str(err.value).startswith(f"Nøglefilen {db}.keys er beskadiget")
    with pytest.raises(KeysFileInvalidError):
        Store.open(db, PW)
    assert snapshot(db) == before
