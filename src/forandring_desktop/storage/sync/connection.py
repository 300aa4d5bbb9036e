"""Connecting to the organisation's PostgreSQL: TLS checked unless the server is local.

A server on another machine is only reached with ``sslmode=verify-full`` (the connection
is encrypted and the server's certificate must match its name); a server on this machine
(``localhost``, a loopback address or a unix socket) may be reached without TLS. Passwords
belong in ``PGPASSWORD`` or ``~/.pgpass``, which libpq reads, not in a command line.
"""

from __future__ import annotations

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from forandring_desktop.storage.sync.errors import (
    BadServerAddressError,
    InsecureServerError,
    ServerLoginError,
    ServerUnreachableError,
)

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", ""})
CONNECT_TIMEOUT_S = 10


def is_local(host: str) -> bool:
    """True for this machine: a loopback name or address, or a unix socket folder."""
    hosts = [h.strip() for h in host.split(",")]
    return all(h in LOCAL_HOSTS or h.startswith(("/", "@")) for h in hosts)


def checked_conninfo(dsn: str) -> str:
    """``dsn`` with TLS enforced for a remote host; BadServerAddressError for a malformed
    one, InsecureServerError for a remote host with a weaker ``sslmode`` than verify-full."""
    try:
        params = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as exc:
        raise BadServerAddressError(_first_line(exc)) from None
    host = str(params.get("host") or params.get("hostaddr") or "")
    params.setdefault("connect_timeout", str(CONNECT_TIMEOUT_S))
    params.setdefault("application_name", "forandring-desktop")
    if not is_local(host):
        mode = str(params.get("sslmode") or "")
        if mode and mode != "verify-full":
            raise InsecureServerError(host, mode)
        params["sslmode"] = "verify-full"
    return make_conninfo(**{k: str(v) for k, v in params.items() if v is not None})


def with_login(dsn: str, user: str, password: str) -> str:
    """``dsn`` with another login (the laptop's own) in place of its user and password."""
    try:
        params = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as exc:
        raise BadServerAddressError(_first_line(exc)) from None
    params.update(user=user, password=password)
    return make_conninfo(**{k: str(v) for k, v in params.items() if v is not None})


def host_of(dsn: str) -> str:
    """The host a connection string names ("" when it cannot be read; never a password)."""
    try:
        params = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return ""
    return str(params.get("host") or params.get("hostaddr") or "localhost")


def connect(dsn: str, *, autocommit: bool = False) -> psycopg.Connection[tuple[object, ...]]:
    """A connection with Danish errors for the failures a person can meet."""
    conninfo = checked_conninfo(dsn)
    try:
        return psycopg.connect(conninfo, autocommit=autocommit)
    except psycopg.OperationalError as exc:
        raise connection_error(exc) from None


def connection_error(exc: psycopg.Error) -> Exception:
    text = str(exc).lower()
    if "password authentication failed" in text or "no password supplied" in text:
        return ServerLoginError()
    if "role" in text and "does not exist" in text:
        return ServerLoginError()
    if "database" in text and "does not exist" in text:
        return BadServerAddressError("databasen findes ikke på serveren")
    return ServerUnreachableError(_first_line(exc))


def _first_line(exc: BaseException) -> str:
    # libpq messages name the host and port, never a password.
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__
