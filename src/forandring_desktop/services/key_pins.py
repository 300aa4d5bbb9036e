"""The organisation key pinned in the data folder (and checked when a file is opened).

The database pins its organisation key itself (``storage/key_pins.py``), but whoever holds
the data key can change that row along with the keys file. So this laptop also remembers,
in the user's data folder, which organisation keys it has seen for each organisation:
``<data>/Organisationsnøgler/<organisation id>.json`` (owner-only, like the erasure register
of ``services/erasures.py``). A keys file signed with a key this laptop has not seen for
that organisation is refused; so is an unsigned one where a key was seen before.

A new file made from an export of the same organisation (a new organisation key, the same
organisation id) adds its key here: that is an administrator making a new file, not a
change to an existing one.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import UTC, datetime
from pathlib import Path

from forandring_desktop.services.paths import data_dir
from forandring_desktop.storage import StorageError, Store
from forandring_desktop.storage.atomic import write_atomically
from forandring_desktop.storage.errors import OrganisationKeyMismatchError
from forandring_desktop.storage.signing import SIGNING_KEY_BYTES, fingerprint

log = logging.getLogger(__name__)

PIN_FOLDER = "Organisationsnøgler"
PIN_FORMAT = "forandring-organisation-keys/1"
WHERE = "denne computers datamappe"


def pin_path(organisation: uuid.UUID) -> Path:
    return data_dir() / PIN_FOLDER / f"{organisation}.json"


def pinned_keys(organisation: uuid.UUID) -> list[bytes]:
    """The organisation keys this laptop has seen for ``organisation`` (empty: none yet,
    or a pin file that cannot be read – logged; deleting the file is no harder than
    damaging it, and the database's pin still holds)."""
    path = pin_path(organisation)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError, RecursionError):
        log.warning("The organisation key pin in the data folder cannot be read.")
        return []
    if not isinstance(data, dict) or data.get("format") != PIN_FORMAT:
        log.warning("The organisation key pin in the data folder has an unknown format.")
        return []
    found: list[bytes] = []
    for item in data.get("keys") or []:
        try:
            key = bytes.fromhex(str(item.get("public_key") if isinstance(item, dict) else ""))
        except ValueError:
            continue
        if len(key) == SIGNING_KEY_BYTES:
            found.append(key)
    return found


def pin_key(organisation: uuid.UUID, public_key: bytes) -> None:
    """Remember ``public_key`` for ``organisation``. Best effort: a data folder that cannot
    be written is logged; the database's pin still holds."""
    known = pinned_keys(organisation)
    if public_key in known:
        return
    now = datetime.now(UTC).isoformat()
    entries = [{"public_key": k.hex(), "fingerprint": fingerprint(k)} for k in known]
    entries.append(
        {"public_key": public_key.hex(), "fingerprint": fingerprint(public_key), "pinned_at": now}
    )
    data = {"format": PIN_FORMAT, "organisation_id": str(organisation), "keys": entries}
    path = pin_path(organisation)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(path, json.dumps(data, indent=2) + "\n")
    except (OSError, StorageError):
        log.warning("The organisation key pin could not be written to the data folder.")


def check_key(organisation: uuid.UUID, public_key: bytes | None) -> None:
    """OrganisationKeyMismatchError unless ``public_key`` is one this laptop has seen for
    ``organisation`` (or it has seen none). None: the keys file is not signed."""
    known = pinned_keys(organisation)
    if not known:
        return
    if public_key is None:
        raise OrganisationKeyMismatchError(WHERE, unsigned=True)
    if public_key not in known:
        raise OrganisationKeyMismatchError(WHERE)


def check_and_pin(store: Store) -> None:
    """At opening: the file's organisation key must be one this laptop knows for its
    organisation; the first time, it is remembered."""
    with store.unit_of_work() as uow:
        if not uow.organisation.exists():
            return  # an empty file, about to be imported into
        organisation = uow.organisation.get().id
    check_key(organisation, store.org_public_key)
    if store.org_public_key is not None:
        pin_key(organisation, store.org_public_key)


def pin_store(store: Store) -> None:
    """Remember the open file's organisation key (a new file made by an administrator)."""
    if store.org_public_key is None:
        return
    with store.unit_of_work() as uow:
        if not uow.organisation.exists():
            return
        organisation = uow.organisation.get().id
    pin_key(organisation, store.org_public_key)
