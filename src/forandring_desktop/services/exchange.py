"""Export and import of one whole organisation as a ``forandring-desktop/2`` JSON document.

The export is plain JSON with every participant's name: administrators only
(:data:`EXPORT_WHAT`). Every staff member may make an encrypted backup instead
(``services/backup.py``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from forandring_desktop.model import OrganisationDocument, parse_json, to_json
from forandring_desktop.model.audit import AuditAction
from forandring_desktop.model.document import MAX_DOCUMENT_BYTES, document_too_big
from forandring_desktop.services.access import require_admin
from forandring_desktop.services.audit import record
from forandring_desktop.services.files import create_from_document, open_organisation
from forandring_desktop.storage import Store
from forandring_desktop.storage.atomic import write_atomically
from forandring_desktop.storage.errors import OrganisationExistsError, StorageError

# What only an administrator may do, as it continues "Kun en administrator kan …".
EXPORT_WHAT = "eksportere hele organisationen med deltagernes navne (ukrypteret JSON)"


def export_document(store: Store) -> str:
    """The whole organisation as JSON; logged as one "export" entry with the number of
    participants. Administrators only (AccessDeniedError before anything is read)."""
    require_admin(store, EXPORT_WHAT)
    with store.unit_of_work() as uow:
        doc = uow.documents.load()
    text = to_json(doc)
    record(
        store, AuditAction.EXPORT, detail={"format": "json", "participants": len(doc.participants)}
    )
    return text


def export_to_file(store: Store, target: Path) -> None:
    """Write :func:`export_document` to ``target`` atomically (administrators only)."""
    write_atomically(target, export_document(store))


def read_document(source: Path) -> OrganisationDocument:
    """Read and validate an export completely; raises InvalidDataError naming the bad field.

    A file over the model's size limit is refused before it is read, and the model's item
    limits are checked while it is read (``model/json_reader.py``): an oversized document
    costs neither the time nor the memory of reading it whole.
    """
    try:
        with Path(source).open("rb") as fh:
            if os.fstat(fh.fileno()).st_size > MAX_DOCUMENT_BYTES:
                raise document_too_big()
            raw = fh.read(MAX_DOCUMENT_BYTES + 1)
    except FileNotFoundError:
        raise StorageError(f"Filen {source} findes ikke.") from None
    except IsADirectoryError:
        raise StorageError(f"{source} er en mappe, ikke en fil.") from None
    except OSError as exc:
        raise StorageError(f"Filen {source} kan ikke læses: {exc.strerror}") from None
    if len(raw) > MAX_DOCUMENT_BYTES:  # it grew while we looked
        raise document_too_big()
    try:
        text = raw.decode(json.detect_encoding(raw))
    except (UnicodeDecodeError, LookupError):
        return parse_json(raw)  # the parser words the error
    del raw  # only the text from here: the bytes would double the memory
    return parse_json(text)


def import_document(doc: OrganisationDocument, db: Path, passphrase: str) -> Store:
    """Put a validated document into ``db``: a new file, or an existing empty one."""
    db = Path(db)
    if not db.exists():
        return create_from_document(db, passphrase, doc)
    store = open_organisation(db, passphrase)  # the writer lock too (storage/lock.py)
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
