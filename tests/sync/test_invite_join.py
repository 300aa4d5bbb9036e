"""A one-time invitation and a new laptop joining with it, through the real PostgreSQL."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.model.staff import Role
from forandring_desktop.services import participants as participant_service
from forandring_desktop.services import staff as staff_service
from forandring_desktop.services import sync as sync_service
from forandring_desktop.services import sync_join
from forandring_desktop.services.exchange import export_document
from forandring_desktop.services.files import open_organisation
from forandring_desktop.services.sync_join import find_staff, invite, join
from forandring_desktop.storage import Store
from forandring_desktop.storage.errors import WrongPassphraseError
from forandring_desktop.storage.keys import keys_path
from forandring_desktop.storage.sync.errors import (
    InvitationCodeError,
    InvitationExpiredError,
    InvitationForAnotherError,
    InvitationUsedError,
    JoinInterruptedError,
    ServerUnreachableError,
)
from forandring_desktop.storage.sync.invitation import (
    CODE_ALPHABET,
    new_code,
    normalise_code,
    read_invitation,
)
from forandring_desktop.storage.sync.server import SCHEMA, init_server
from tests.cli_helpers import run_forandring

StoreFactory = Callable[..., Store]
BO_PASSPHRASE = "bo-har-en-lang-kode"


@pytest.fixture
def laptop_a(
    store_factory: StoreFactory, small_doc: OrganisationDocument, pg_database: str
) -> tuple[Store, str]:
    """The organisation's first laptop, with a second staff member (Bo), synced."""
    a = store_factory(small_doc, "a.forandring")
    staff_service.add_staff(a, "Bo", BO_PASSPHRASE, Role.STAFF)
    with a.unit_of_work() as uow:
        organisation_id = uow.organisation.get().id
    init_server(pg_database, organisation_id)
    sync_service.set_up_sync(a)
    sync_service.sync_now(a, pg_database)
    return a, pg_database


def left_behind(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("c.forandring"))


def participant_names(store: Store) -> list[str]:
    return sorted(p.name for p in participant_service.list_participants(store))


def test_a_code_is_four_groups_without_ambiguous_characters() -> None:
    code = new_code()
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4, 4]
    assert all(c in CODE_ALPHABET for c in "".join(groups))
    assert not set("01OIL") & set(CODE_ALPHABET)
    assert normalise_code(code.lower().replace("-", " ")) == code.replace("-", "")
    with pytest.raises(InvitationCodeError):
        normalise_code("ABCD-EFGH-JKLM-NPQ0")  # 0 is never in a code


def test_a_new_laptop_joins_with_an_invitation(laptop_a: tuple[Store, str], tmp_path: Path) -> None:
    a, dsn = laptop_a
    made = invite(a, dsn, tmp_path / "c.invitation")
    assert "pw" not in (tmp_path / "c.invitation").read_text()  # sealed, not readable
    c = join(tmp_path / "c.invitation", made.code, "pw", tmp_path / "c.forandring")
    try:
        # Nothing of its own to push but the audit entry of the join itself.
        with c.engine.connect() as conn:
            waiting = conn.exec_driver_sql("SELECT table_name, data FROM sync_outbox").all()
        assert [(name, "laptop_joined" in data) for name, data in waiting] == [
            ("audit_entry", True)
        ]
        # The same organisation, document for document.
        assert json.loads(export_document(c)) == json.loads(export_document(a))
        assert participant_names(c) == participant_names(a)
        assert sync_service.sync_status(c).has_server
    finally:
        c.close()
    # Every staff member's passphrase opens the new file.
    with open_organisation(tmp_path / "c.forandring", BO_PASSPHRASE) as as_bo:
        assert as_bo.actor.name == "Bo"
        assert participant_names(as_bo) == participant_names(a)
    # The invitation's password no longer logs in; the one the file keeps does.
    content = read_invitation(tmp_path / "c.invitation", made.code)
    # The file and the code alone do not hold the sync key: it is sealed under the data key.
    sync_key = sync_service.organisation_key(a)
    for value in dataclasses.asdict(content).values():
        assert sync_key not in (value if isinstance(value, bytes) else str(value).encode())
        assert sync_key.hex() not in str(value)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(content.dsn()).close()
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            f"SELECT login, redeemed_at IS NOT NULL FROM {SCHEMA}.invitation"
        ).fetchall()
    assert row == [(made.login, True)]


def test_a_change_on_the_joined_laptop_reaches_a_and_back(
    laptop_a: tuple[Store, str], tmp_path: Path, small_doc: OrganisationDocument
) -> None:
    a, dsn = laptop_a
    made = invite(a, dsn, tmp_path / "c.invitation")
    person = small_doc.participants[0]
    with join(tmp_path / "c.invitation", made.code, BO_PASSPHRASE, tmp_path / "c.forandring") as c:
        found = participant_service.get_participant(c, person.id)
        participant_service.save_participant(c, found.model_copy(update={"name": "Fra C"}))
        sync_service.sync_now(c)  # the server the file keeps, with its own new password
        sync_service.sync_now(a, dsn)
        sync_service.apply_pulled(a)
        assert participant_service.get_participant(a, person.id).name == "Fra C"
        found = participant_service.get_participant(a, person.id)
        participant_service.save_participant(a, found.model_copy(update={"name": "Fra A"}))
        sync_service.sync_now(a, dsn)
        sync_service.sync_now(c)
        sync_service.apply_pulled(c)
        assert participant_service.get_participant(c, person.id).name == "Fra A"


def test_an_invitation_works_once(laptop_a: tuple[Store, str], tmp_path: Path) -> None:
    a, dsn = laptop_a
    made = invite(a, dsn, tmp_path / "c.invitation")
    join(tmp_path / "c.invitation", made.code, "pw", tmp_path / "first.forandring").close()
    # Even with the old password put back on the login (a forged server), the row says no.
    content = read_invitation(tmp_path / "c.invitation", made.code)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"ALTER ROLE {content.login} PASSWORD '{content.password}'")
    with pytest.raises(InvitationUsedError, match=r"allerede brugt\. En"):
        join(tmp_path / "c.invitation", made.code, "pw", tmp_path / "c.forandring")
    assert left_behind(tmp_path) == []


def test_the_password_is_changed_even_if_the_server_row_is_forged(
    laptop_a: tuple[Store, str], tmp_path: Path
) -> None:
    a, dsn = laptop_a
    made = invite(a, dsn, tmp_path / "c.invitation")
    join(tmp_path / "c.invitation", made.code, "pw", tmp_path / "first.forandring").close()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"UPDATE {SCHEMA}.invitation SET redeemed_at = NULL")
    with pytest.raises(InvitationUsedError, match="afviser dens login"):
        join(tmp_path / "c.invitation", made.code, "pw", tmp_path / "c.forandring")
    assert left_behind(tmp_path) == []


def test_an_expired_invitation_is_refused(laptop_a: tuple[Store, str], tmp_path: Path) -> None:
    a, dsn = laptop_a
    made = invite(a, dsn, tmp_path / "c.invitation")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"UPDATE {SCHEMA}.invitation SET created_at = now() - interval '8 days'")
    with pytest.raises(InvitationExpiredError, match="udløbet"):
        join(tmp_path / "c.invitation", made.code, "pw", tmp_path / "c.forandring")
    assert left_behind(tmp_path) == []


def test_a_wrong_code_or_a_tampered_file_is_refused_and_nothing_is_used(
    laptop_a: tuple[Store, str], tmp_path: Path
) -> None:
    a, dsn = laptop_a
    made = invite(a, dsn, tmp_path / "c.invitation")
    wrong = new_code()
    while wrong == made.code:
        wrong = new_code()
    with pytest.raises(InvitationCodeError, match="Koden passer ikke"):
        join(tmp_path / "c.invitation", wrong, "pw", tmp_path / "c.forandring")
    data = json.loads((tmp_path / "c.invitation").read_text())
    cipher = bytearray(bytes.fromhex(data["ciphertext"]))
    cipher[len(cipher) // 2] ^= 1
    tampered = tmp_path / "tampered.invitation"
    tampered.write_text(json.dumps({**data, "ciphertext": cipher.hex()}))
    with pytest.raises(InvitationCodeError):
        join(tampered, made.code, "pw", tmp_path / "c.forandring")
    with pytest.raises(WrongPassphraseError):
        join(tmp_path / "c.invitation", made.code, "not-a-staff-pass", tmp_path / "c.forandring")
    assert left_behind(tmp_path) == []
    assert not keys_path(tmp_path / "c.forandring").exists()
    # Nothing above used the invitation: it still works.
    join(tmp_path / "c.invitation", made.code, "pw", tmp_path / "c.forandring").close()


def test_an_invitation_for_a_named_member_is_theirs(
    laptop_a: tuple[Store, str], tmp_path: Path
) -> None:
    a, dsn = laptop_a
    made = invite(a, dsn, tmp_path / "c.invitation", find_staff(a, "bo"))
    assert made.staff_name == "Bo"
    with pytest.raises(InvitationForAnotherError, match="Bo"):
        join(tmp_path / "c.invitation", made.code, "pw", tmp_path / "c.forandring")
    assert left_behind(tmp_path) == []
    with join(tmp_path / "c.invitation", made.code, BO_PASSPHRASE, tmp_path / "c.forandring") as c:
        assert c.actor.name == "Bo"
    with psycopg.connect(dsn) as conn:
        groups = conn.execute(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
            " JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = %s",
            (made.login,),
        ).fetchall()
    assert [g for (g,) in groups if str(g).endswith("_laptop")]  # a staff member: laptop group
    assert not [g for (g,) in groups if str(g).endswith("_admin")]


def test_invite_and_join_on_the_command_line(laptop_a: tuple[Store, str], tmp_path: Path) -> None:
    a, dsn = laptop_a
    a.close()
    invited = run_forandring(
        "invite",
        str(tmp_path / "a.forandring"),
        "--dsn",
        dsn,
        "-o",
        str(tmp_path / "c.invitation"),
        passphrase="pw",
    )
    assert invited.returncode == 0, invited.stderr
    code = next(w for w in invited.stdout.split() if w.count("-") == 3 and len(w) == 19)
    wrong = run_forandring(
        "join",
        str(tmp_path / "c.invitation"),
        str(tmp_path / "c.forandring"),
        passphrase=BO_PASSPHRASE,
        extra_env={"FORANDRING_INVITATION_CODE": "AAAA-AAAA-AAAA-AAAA"},
    )
    assert wrong.returncode == 4
    assert "Koden passer ikke" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    assert left_behind(tmp_path) == []
    joined = run_forandring(
        "join",
        str(tmp_path / "c.invitation"),
        str(tmp_path / "c.forandring"),
        passphrase=BO_PASSPHRASE,
        extra_env={"FORANDRING_INVITATION_CODE": code},
    )
    assert joined.returncode == 0, joined.stderr
    assert "tilsluttet" in joined.stdout
    with open_organisation(tmp_path / "c.forandring", "pw") as c:
        assert len(participant_service.list_participants(c)) > 0
    again = run_forandring(
        "join",
        str(tmp_path / "c.invitation"),
        str(tmp_path / "d.forandring"),
        passphrase=BO_PASSPHRASE,
        extra_env={"FORANDRING_INVITATION_CODE": code},
    )
    assert again.returncode == 4
    assert "allerede brugt" in again.stderr
    assert not (tmp_path / "d.forandring").exists()


def test_a_join_cut_off_after_redeeming_leaves_no_file(
    laptop_a: tuple[Store, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, dsn = laptop_a
    made = invite(a, dsn, tmp_path / "c.invitation")

    def dropped(*args: object, **kwargs: object) -> tuple[int, int]:
        raise ServerUnreachableError("forbindelsen blev afbrudt")

    monkeypatch.setattr(sync_join, "pull_changes", dropped)
    with pytest.raises(JoinInterruptedError, match="ny invitation"):
        join(tmp_path / "c.invitation", made.code, "pw", tmp_path / "c.forandring")
    assert left_behind(tmp_path) == []
    assert not keys_path(tmp_path / "c.forandring").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging
