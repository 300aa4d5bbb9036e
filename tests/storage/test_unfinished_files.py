"""Creating and importing files is all or nothing: the database and its keys file appear
together and complete, or not at all (issue 18, item 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from forandring_desktop.model import OrganisationDocument, to_json
from forandring_desktop.services.exchange import import_file
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.organisation import load_document
from forandring_desktop.storage import KeysFileMissingError, Store


def _visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_import_builds_beside_and_publishes_the_pair(
    tmp_path: Path, small_doc: OrganisationDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "ud.json"
    source.write_text(to_json(small_doc), encoding="utf-8")
    target = tmp_path / "ny.forandring"
    seen_during: list[list[str]] = []

    real_add = Store.unit_of_work

    def spy(store: Store):  # type: ignore[no-untyped-def]
        seen_during.append(_visible(tmp_path))  # what a user would see in the folder
        return real_add(store)

    monkeypatch.setattr(Store, "unit_of_work", spy)
    store = import_file(source, target, "pw")
    monkeypatch.undo()
    with store:
        assert load_document(store) == small_doc
    # While it was being filled, nothing with the target's name was in the folder.
    assert seen_during
    assert "ny.forandring" not in seen_during[0]
    assert "ny.forandring.keys" not in seen_during[0]
    assert _visible(tmp_path) == ["ny.forandring", "ny.forandring.keys", "ud.json"]


def test_a_failure_while_filling_leaves_nothing(
    tmp_path: Path, small_doc: OrganisationDocument
) -> None:
    target = tmp_path / "ny.forandring"

    def fill(store: Store) -> None:
        with store.unit_of_work() as uow:
            uow.documents.add(small_doc)
            uow.commit()
        raise RuntimeError("strømmen gik")

    with pytest.raises(RuntimeError):
        Store.create(target, "pw", fill=fill)
    assert _visible(tmp_path) == []
    # And the next attempt is not blocked by anything.
    create_from_document(target, "pw", small_doc).close()
    assert _visible(tmp_path) == ["ny.forandring", "ny.forandring.keys"]


def test_a_leftover_from_an_older_version_is_named_as_such(
    tmp_path: Path, small_doc: OrganisationDocument
) -> None:
    """An older version built the file in place: a kill left the database with its -wal
    and no keys file. The message says what it probably is and what to do."""
    store = create_from_document(tmp_path / "ny.forandring", "pw", small_doc)
    Path(f"{store.path}-wal").write_bytes(b"")  # as if never closed
    store.engine.dispose()
    Path(f"{store.path}-wal").write_bytes(b"")
    store.keys.path.unlink()
    with pytest.raises(KeysFileMissingError, match="aldrig blevet færdig") as caught:
        Store.open(store.path, "pw")
    assert "importér igen" in str(caught.value)
