"""Export and import of one whole organisation as a ``forandring-desktop/1`` JSON document."""

from __future__ import annotations

from pathlib import Path

from forandring_desktop.model import OrganisationDocument, parse_json, to_json
from forandring_desktop.model.audit import AuditAction
from forandring_desktop.services.audit import record
from forandring_desktop.services.files import create_from_document
from forandring_desktop.storage import Store
from forandring_desktop.storage.atomic import write_atomically
from forandring_desktop.storage.errors import OrganisationExistsError, StorageError


def export_document(store: Store) -> str:
    """The whole organisation as JSON; logged as one "export" entry with the number of
    participants."""
    with store.unit_of_work() as uow:
        doc = uow.documents.load()
    text = to_json(doc)
    record(
        store, AuditAction.EXPORT, detail={"format": "json", "participants": len(doc.participants)}
    )
    return text


def export_to_file(store: Store, target: Path) -> None:
    write_atomically(target, export_document(store))


def read_document(source: Path) -> OrganisationDocument:
    """Read and validate an export completely; raises InvalidDataError naming the bad field."""
    try:
        raw = Path(source).read_bytes()
    except FileNotFoundError:
        raise StorageError(f"Filen {source} findes ikke.") from None
    except OSError as exc:
        raise StorageError(f"Filen {source} kan ikke læses: {exc.strerror}") from None
    return parse_json(raw)


def import_document(doc: OrganisationDocument, db: Path, passphrase: str) -> Store:
    """Put a validated document into ``db``: a new file, or an existing empty one."""
    db = Path(db)
    if not db.exists():
        return create_from_document(db, passphrase, doc)
    store = Store.open(db, passphrase)
    try:
        with store.unit_of_work() as uow:
            if uow.organisation.exists():
                raise OrganisationExistsError()
            uow.documents.add(doc)
            uow.commit()
    except BaseException:
        store.close()
        raise
    return store


def import_file(source: Path, db: Path, passphrase: str) -> Store:
    """Validate everything first; on any error nothing is written."""
    doc = read_document(source)
    return import_document(doc, db, passphrase)
