"""Where organisation files live, and opening/creating them (one use case each)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from forandring_desktop.model import Organisation, OrganisationDocument
from forandring_desktop.storage import StorageError, Store, remove_database_files

APP_NAME = "forandring-desktop"
DATA_DIR_ENV = "FORANDRING_DATA_DIR"  # overrides the platform data dir (tests, portable use)


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "organisation.forandring"


def default_demo_path() -> Path:
    return data_dir() / "demo.forandring"


def open_organisation(path: Path, passphrase: str) -> Store:
    """Open an existing file (upgrading its schema); raises typed errors in Danish."""
    return Store.open(Path(path), passphrase)


def create_organisation(path: Path, passphrase: str, name: str) -> Store:
    """Create a new encrypted file holding one new, empty organisation."""
    if not passphrase:
        raise StorageError("Adgangskoden må ikke være tom.")
    organisation = Organisation.parse({"name": name})  # validate before any file exists
    return create_from_document(path, passphrase, OrganisationDocument(organisation=organisation))


def create_from_document(path: Path, passphrase: str, doc: OrganisationDocument) -> Store:
    """A new file holding ``doc`` (already validated); no file is left behind on failure."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store.create(path, passphrase)
    try:
        with store.unit_of_work() as uow:
            uow.documents.add(doc)
            uow.commit()
    except BaseException:
        store.engine.dispose()
        remove_database_files(path)
        raise
    return store
