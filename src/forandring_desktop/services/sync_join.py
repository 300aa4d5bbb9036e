"""Joining a laptop to the organisation's sync: a one-time invitation, then the join.

``invite`` (an administrator, on a laptop set up for sync) makes a server login for the
new laptop and an invitation file sealed under a one-time code. ``join`` (on the new
laptop) opens it with the code, redeems the invitation on the server (once: the login's
password is changed at the same moment), opens the staff member's own slot of the carried
keys file with their passphrase, and builds a new file of the organisation from a full
pull – every staff member's passphrase opens it. Nothing is left behind when it fails.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from forandring_desktop.model.staff import Role
from forandring_desktop.services.access import require_admin
from forandring_desktop.services.files import open_organisation
from forandring_desktop.services.key_pins import check_key
from forandring_desktop.services.slot_audit import record_access
from forandring_desktop.services.sync import apply_pulled, organisation_key, pull_changes
from forandring_desktop.storage import KdfParams, StorageError, Store
from forandring_desktop.storage.errors import (
    FileExistsAlreadyError,
    KeysFileExistsError,
    OrganisationKeyMismatchError,
    WrongPassphraseError,
)
from forandring_desktop.storage.key_signing import check_slots
from forandring_desktop.storage.keys import (
    KeyFile,
    _BadKeysError,
    keys_path,
    parse_key_file,
    staff_candidates,
    to_json,
)
from forandring_desktop.storage.member_file import (
    SlotsNotMovableError,
    can_move,
    create_member_file,
)
from forandring_desktop.storage.sync import client, outbox, server
from forandring_desktop.storage.sync.errors import (
    InvitationDamagedError,
    InvitationForAnotherError,
    InvitationUsedError,
    JoinInterruptedError,
    ServerLoginError,
)
from forandring_desktop.storage.sync.invitation import (
    InvitationContent,
    new_code,
    open_sync_key,
    read_invitation,
    seal_sync_key,
    server_params,
    write_invitation,
)
from forandring_desktop.storage.sync.server import INVITATION_DAYS


class StaffNotFoundError(StorageError):
    def __init__(self, name: str) -> None:
        super().__init__(f"Der er ingen medarbejder ved navn {name!r} i filen; intet er ændret.")


@dataclass(frozen=True, slots=True)
class Invitation:
    code: str  # the one-time code to pass on by another way than the file
    path: Path  # the invitation file
    invitation_id: uuid.UUID
    login: str  # the new laptop's server login
    staff_name: str | None  # the staff member it is for (None: any staff member)
    valid_days: int


def find_staff(store: Store, name: str) -> uuid.UUID:
    """The id of the staff member called ``name`` (case-insensitive); StaffNotFoundError."""
    wanted = name.strip().casefold()
    for actor in store.keys.staff():
        if actor.name.casefold() == wanted:
            return actor.staff_id
    raise StaffNotFoundError(name)


def invite(
    store: Store,
    admin_dsn: str,
    path: Path,
    staff_id: uuid.UUID | None = None,
    *,
    kdf: KdfParams | None = None,
) -> Invitation:
    """A one-time invitation for a new laptop, written to ``path`` (administrators; the
    file must be set up for sync). ``admin_dsn``'s user must be allowed to create roles:
    the server gets a login for the new laptop (in the admin group when ``staff_id`` is an
    administrator) and a record of the invitation, which can be redeemed once, within
    :data:`INVITATION_DAYS` days."""
    require_admin(store, "invitere en computer til synkroniseringen")
    path = Path(path)
    if path.exists():
        raise FileExistsAlreadyError(str(path))
    if not path.parent.is_dir():
        raise StorageError(f"Mappen {path.parent} findes ikke.")
    sync_key = organisation_key(store)
    with store.unit_of_work() as uow:
        organisation_id = uow.organisation.get().id
    key_file = store.keys.load()
    if not can_move(key_file) or store.org_public_key is None:
        raise SlotsNotMovableError()
    admin, name = False, None
    if staff_id is not None:
        slot = key_file.slot_of(staff_id)
        if slot is None or slot.name is None:
            raise StaffNotFoundError(str(staff_id))
        admin, name = slot.role is Role.ADMIN, slot.name
    server.init_server(admin_dsn, organisation_id)  # schema 2 (invitations), if older
    invitation_id, login, password = server.create_invitation(admin_dsn, admin=admin)
    content = InvitationContent(
        invitation_id=invitation_id,
        organisation_id=organisation_id,
        server=server_params(admin_dsn),
        login=login,
        password=password,
        sealed_sync_key=seal_sync_key(store.data_key(), sync_key, invitation_id),
        organisation_public_key=store.org_public_key,
        keys_file=to_json(key_file),
        staff_id=staff_id,
        created_at=datetime.now(UTC).isoformat(),
    )
    code = new_code()
    write_invitation(path, content, code, kdf)
    record_access(store, "laptop_invited", staff_id, invitation=str(invitation_id))
    return Invitation(code, path, invitation_id, login, name, INVITATION_DAYS)


def _carried_keys(content: InvitationContent) -> KeyFile:
    try:
        key_file = parse_key_file(content.keys_file)
    except _BadKeysError as exc:
        raise InvitationDamagedError(f"nøglefilen i den: {exc}") from None
    if key_file.organisation is None:
        raise InvitationDamagedError("nøglefilen i den er ikke underskrevet")
    # Signed by the organisation key the invitation names, and one this laptop knows.
    check_slots(key_file, content.organisation_public_key, where="invitationen")
    check_key(content.organisation_id, content.organisation_public_key)
    return key_file


def join(
    invitation_path: Path,
    code: str,
    passphrase: str,
    new_path: Path,
    *,
    kdf: KdfParams | None = None,
) -> Store:
    """Join the organisation of the invitation at ``invitation_path`` (opened with
    ``code``) as a new file at ``new_path``, opened with ``passphrase`` (any staff member's,
    or the invited member's). The open store, holding the whole organisation as the server
    has it. Wrong code, damaged or used invitation, wrong passphrase: a Danish error and
    no file; the invitation is used only once the passphrase has opened its slot."""
    new_path = Path(new_path)
    if new_path.exists():
        raise FileExistsAlreadyError(str(new_path))
    if keys_path(new_path).exists():
        raise KeysFileExistsError(str(new_path))
    content = read_invitation(Path(invitation_path), code)
    key_file = _carried_keys(content)
    found = next(iter(staff_candidates(key_file, passphrase)), None)
    if found is None:
        raise WrongPassphraseError()
    slot, opened = found
    if content.staff_id is not None and slot.staff_id != content.staff_id:
        invited = key_file.slot_of(content.staff_id)
        raise InvitationForAnotherError(invited.name if invited and invited.name else "en anden")
    sync_key = open_sync_key(opened.data_key, content.sealed_sync_key, content.invitation_id)
    try:
        conn = client.open_server(content.dsn(), content.organisation_id)
    except ServerLoginError:
        raise InvitationUsedError(login_refused=True) from None
    with conn:
        password = server.redeem_invitation(conn, content.invitation_id)
    dsn = content.dsn(password)

    def fill(store: Store) -> None:
        with store.unit_of_work() as uow:
            outbox.enable(uow.session, sync_key)
            outbox.remember_server(uow.session, dsn)
            uow.commit()
        pull_changes(store, dsn, organisation_id=content.organisation_id)
        apply_pulled(store, organisation_id=content.organisation_id)
        with store.unit_of_work() as uow:
            if not uow.organisation.exists():
                raise JoinInterruptedError("serveren har ingen organisation at hente.")
            if uow.organisation.get().id != content.organisation_id:
                raise OrganisationKeyMismatchError("serveren")
            outbox.mark_synced(uow.session, datetime.now(UTC))
            uow.commit()

    try:
        create_member_file(new_path, key_file, opened.data_key, slot.actor(), fill, kdf=kdf)
    except JoinInterruptedError:
        raise
    except StorageError as exc:
        raise JoinInterruptedError(str(exc)) from None
    store = open_organisation(new_path, passphrase, kdf=kdf)
    try:
        record_access(store, "laptop_joined", invitation=str(content.invitation_id))
    except BaseException:
        store.close()
        raise
    return store
