"""The organisation's PostgreSQL server: its schema, roles and the few calls on it.

``init_server`` makes a database ready (idempotent): the schema from the versioned SQL
files in ``server_schema/`` (``NNN_name.sql``, applied in order, each once, each in one
transaction), the two group roles and the organisation the server belongs to. Laptops log
in as members of the laptop role; server administrators as members of the admin role.
"""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass
from importlib import resources

import psycopg
from psycopg import sql

from forandring_desktop.storage.sync.connection import connect
from forandring_desktop.storage.sync.errors import (
    InvitationExpiredError,
    InvitationUnknownError,
    InvitationUsedError,
    NewerServerSchemaError,
    ServerNotSetUpError,
    ServerOfAnotherOrganisationError,
    ServerPermissionError,
    SyncError,
)

SCHEMA = "forandring_sync"
_FILE_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
_INIT_LOCK = "forandring_sync.init"


@dataclass(frozen=True, slots=True)
class SchemaFile:
    version: int
    name: str
    text: str


def schema_files() -> list[SchemaFile]:
    """The server schema's versions, oldest first."""
    found = []
    for entry in resources.files("forandring_desktop.storage.sync.server_schema").iterdir():
        match = _FILE_NAME.match(entry.name)
        if match is not None:
            found.append(SchemaFile(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda f: f.version)
    if [f.version for f in found] != list(range(1, len(found) + 1)):
        raise RuntimeError("server schema versions must be 1, 2, 3, ... without gaps")
    return found


def server_schema_version() -> int:
    """The newest server schema this app knows."""
    return schema_files()[-1].version


@dataclass(frozen=True, slots=True)
class Roles:
    laptop: str
    admin: str

    @classmethod
    def for_database(cls, database: str) -> Roles:
        base = re.sub(r"[^a-z0-9_]", "_", database.lower())[:40]
        return cls(f"fd_{base}_laptop", f"fd_{base}_admin")


@dataclass(frozen=True, slots=True)
class ServerInfo:
    organisation_id: uuid.UUID
    schema_version: int
    roles: Roles
    applied: tuple[int, ...]  # the schema versions this call applied (empty: up to date)


def init_server(dsn: str, organisation_id: uuid.UUID) -> ServerInfo:
    """Make the database at ``dsn`` ready for ``organisation_id``; run again, it changes
    nothing. The DSN's user must be allowed to create roles (the server's owner).

    ServerOfAnotherOrganisationError if the database already belongs to another
    organisation; NewerServerSchemaError if a newer app set it up.
    """
    with connect(dsn) as conn:
        try:
            return _init(conn, organisation_id)
        except psycopg.errors.InsufficientPrivilege:
            raise ServerPermissionError() from None


def _init(conn: psycopg.Connection[tuple[object, ...]], organisation_id: uuid.UUID) -> ServerInfo:
    files = schema_files()
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (_INIT_LOCK,))
        database = _one(conn, "SELECT current_database()")
        assert isinstance(database, str)
        roles = Roles.for_database(database)
        for role in (roles.laptop, roles.admin):
            if _one(conn, "SELECT count(*) FROM pg_roles WHERE rolname = %s", (role,)) == 0:
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {SCHEMA}_version (version integer PRIMARY KEY,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        current = _one(conn, f"SELECT coalesce(max(version), 0) FROM {SCHEMA}_version")
        assert isinstance(current, int)
        if current > files[-1].version:
            raise NewerServerSchemaError(current)
        if current > 0:
            _check_organisation(conn, organisation_id)
        applied = []
        for file in files:
            if file.version <= current:
                continue
            text = sql.SQL(file.text).format(
                laptop=sql.Identifier(roles.laptop),
                admin=sql.Identifier(roles.admin),
                database=sql.Identifier(database),
            )
            conn.execute(text)
            conn.execute(f"INSERT INTO {SCHEMA}_version (version) VALUES (%s)", (file.version,))
            applied.append(file.version)
        if current == 0:
            conn.execute(f"INSERT INTO {SCHEMA}.organisation (id) VALUES (%s)", (organisation_id,))
        conn.execute(
            sql.SQL("GRANT SELECT ON {} TO {}").format(
                sql.Identifier(f"{SCHEMA}_version"), sql.Identifier(roles.laptop)
            )
        )
    return ServerInfo(organisation_id, files[-1].version, roles, tuple(applied))


def _check_organisation(
    conn: psycopg.Connection[tuple[object, ...]], organisation_id: uuid.UUID
) -> None:
    found = _one(conn, f"SELECT id FROM {SCHEMA}.organisation")
    if found != organisation_id:
        raise ServerOfAnotherOrganisationError()


def check_server(conn: psycopg.Connection[tuple[object, ...]], organisation_id: uuid.UUID) -> int:
    """The server's schema version, after checking that it is set up, not newer than this
    app knows, and belongs to ``organisation_id``."""
    try:
        version = _one(conn, f"SELECT coalesce(max(version), 0) FROM {SCHEMA}_version")
    except psycopg.errors.UndefinedTable:
        conn.rollback()
        raise ServerNotSetUpError() from None
    except psycopg.errors.InsufficientPrivilege:
        conn.rollback()
        raise ServerPermissionError() from None
    assert isinstance(version, int)
    if version == 0:
        raise ServerNotSetUpError()
    if version > server_schema_version():
        raise NewerServerSchemaError(version)
    _check_organisation(conn, organisation_id)
    return version


def add_login(dsn: str, login: str, password: str, *, admin: bool = False) -> None:
    """Create (or re-enable) a login role in the laptop (or admin) group, with ``password``.
    For the administrator who sets up laptops; ``forandring invite`` builds on this."""
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,62}", login):
        raise SyncError(f"Brugernavnet {login!r} kan ikke bruges (små bogstaver, tal og _).")
    with connect(dsn) as conn, conn.transaction():
        database = _one(conn, "SELECT current_database()")
        assert isinstance(database, str)
        roles = Roles.for_database(database)
        group = roles.admin if admin else roles.laptop
        exists = _one(conn, "SELECT count(*) FROM pg_roles WHERE rolname = %s", (login,))
        verb = "ALTER" if exists else "CREATE"
        conn.execute(
            sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(login), sql.Literal(password)
            )
        )
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(login)))


INVITATION_DAYS = 7  # as in server_schema/002_invitations.sql


def create_invitation(dsn: str, *, admin: bool = False) -> tuple[uuid.UUID, str, str]:
    """A fresh login for a new laptop (in the laptop group, or the admin group) with a
    random password, and a one-time invitation recorded for it: (invitation id, login,
    password). The DSN's user must be allowed to create roles (the server's owner)."""
    login = f"fd_join_{secrets.token_hex(6)}"
    password = secrets.token_urlsafe(24)
    invitation_id = uuid.uuid4()
    with connect(dsn) as conn:
        try:
            with conn.transaction():
                database = _one(conn, "SELECT current_database()")
                assert isinstance(database, str)
                roles = Roles.for_database(database)
                group = roles.admin if admin else roles.laptop
                verifier = _verifier(conn, login, password)
                conn.execute(
                    sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                        sql.Identifier(login), sql.Literal(verifier)
                    )
                )
                conn.execute(
                    sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(login))
                )
                conn.execute(
                    f"INSERT INTO {SCHEMA}.invitation (id, login) VALUES (%s, %s)",
                    (invitation_id, login),
                )
        except psycopg.errors.InsufficientPrivilege:
            raise ServerPermissionError() from None
    return invitation_id, login, password


def redeem_invitation(
    conn: psycopg.Connection[tuple[object, ...]], invitation_id: uuid.UUID
) -> str:
    """Redeem ``invitation_id`` with the login ``conn`` is made with and give that login a
    new random password, in one transaction (both or neither); the new password.
    InvitationUsedError / InvitationExpiredError / InvitationUnknownError when refused."""
    password = secrets.token_urlsafe(24)
    try:
        with conn.transaction():
            conn.execute(f"SELECT {SCHEMA}.redeem_invitation(%s)", (invitation_id,))
            user = _one(conn, "SELECT current_user")
            assert isinstance(user, str)
            conn.execute(
                sql.SQL("ALTER ROLE CURRENT_USER PASSWORD {}").format(
                    sql.Literal(_verifier(conn, user, password))
                )
            )
    except psycopg.Error as exc:
        state = exc.sqlstate or ""
        if state == "FD002":
            raise InvitationUsedError() from None
        if state == "FD003":
            raise InvitationExpiredError(INVITATION_DAYS) from None
        if state in {"FD001", "42883", "42501"}:  # unknown, no such function, not allowed
            raise InvitationUnknownError() from None
        raise
    return password


def _verifier(conn: psycopg.Connection[tuple[object, ...]], user: str, password: str) -> str:
    """The SCRAM verifier of ``password``: the server (and its statement log) never sees
    the password itself."""
    encrypted = conn.pgconn.encrypt_password(password.encode(), user.encode(), b"scram-sha-256")
    return encrypted.decode("ascii")


def purge_participant(
    conn: psycopg.Connection[tuple[object, ...]],
    participant_id: str,
    rows: list[tuple[str, str]],
) -> int:
    """Delete the changes of ``rows`` ((table, row id) pairs) from the log, as the admin
    function does; the number of changes purged. ServerPermissionError for a laptop role."""
    try:
        with conn.transaction():
            purged = _one(
                conn,
                f"SELECT {SCHEMA}.purge_participant(%s, %s, %s)",
                (participant_id, [t for t, _ in rows], [r for _, r in rows]),
            )
    except psycopg.errors.InsufficientPrivilege:
        raise ServerPermissionError() from None
    assert isinstance(purged, int)
    return purged


def _one(
    conn: psycopg.Connection[tuple[object, ...]], query: str, params: tuple[object, ...] = ()
) -> object:
    row = conn.execute(query, params).fetchone()
    assert row is not None
    return row[0]
