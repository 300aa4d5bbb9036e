"""A throw-away PostgreSQL cluster for the sync tests: initdb + pg_ctl in a temporary folder.

The machine's own PostgreSQL is used (``initdb``/``pg_ctl`` on PATH or under
``/usr/lib/postgresql/*/bin``). PostgreSQL refuses to run as root, and CI runs as root: then
the folder is given to the ``postgres`` user and the server runs as that user. It listens
on a free localhost port and on a unix socket inside the folder; trust authentication for
the bootstrap superuser only on that private socket and on localhost.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import resource
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

HOW_TO_INSTALL = (
    "PostgreSQL mangler: synkroniseringstestene kræver initdb og pg_ctl (PostgreSQL 14 eller "
    "nyere). Installér den med 'apt install postgresql' (Debian/Ubuntu) og kør testene igen. "
    "/ PostgreSQL is missing: the sync tests need initdb and pg_ctl (PostgreSQL 14 or newer). "
    "Install it with 'apt install postgresql' (Debian/Ubuntu) and run the tests again."
)

SUPERUSER = "pgadmin"


class PostgresMissingError(RuntimeError):
    pass


def find_bin_dir(path: str | None = None, root: Path = Path("/usr/lib/postgresql")) -> Path:
    """The folder holding initdb and pg_ctl: on ``path`` (default PATH), else the newest
    version under ``root``."""
    on_path = shutil.which("initdb", path=path)
    if on_path is not None and shutil.which("pg_ctl", path=path) is not None:
        return Path(os.path.realpath(on_path)).parent
    candidates = sorted(
        root.glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise PostgresMissingError(HOW_TO_INSTALL)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    """A running cluster: ``dsn(database)`` for the superuser over localhost TCP."""

    bin_dir: Path
    folder: Path
    port: int
    run_as: str | None  # the user the server runs as, when we are root
    # The largest file the server may write (RLIMIT_FSIZE), or None: PostgreSQL ignores
    # SIGXFSZ, so a write past it fails with "File too large", as on a full disk.
    file_size_limit: int | None = None

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    def dsn(self, database: str = "postgres", user: str = SUPERUSER, **extra: str) -> str:
        parts = [f"host=127.0.0.1 port={self.port} dbname={database} user={user}"]
        parts += [f"{k}={v}" for k, v in extra.items()]
        return " ".join(parts)

    def socket_dsn(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return f"host={self.socket_dir} port={self.port} dbname={database} user={user}"

    def run(
        self, args: Sequence[str | Path], *, check: bool = True, limited: bool = False
    ) -> subprocess.CompletedProcess[str]:
        command = [str(a) for a in args]
        if self.run_as is not None:
            command = ["runuser", "-u", self.run_as, "--", *command]
        limit = self.file_size_limit if limited else None

        def set_limit() -> None:  # in the child, before it becomes pg_ctl and the server
            if limit is not None:
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        return subprocess.run(
            command,
            check=check,
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=set_limit if limit is not None else None,
        )

    def tool(self, name: str) -> str:
        return str(self.bin_dir / name)

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=40 -c shared_buffers=16MB"
        )
        self.run(
            [
                self.tool("pg_ctl"),
                "-D",
                self.data_dir,
                "-l",
                self.folder / "server.log",
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ],
            limited=True,
        )

    def stop(self, mode: str = "immediate") -> None:
        self.run([self.tool("pg_ctl"), "-D", self.data_dir, "-m", mode, "-w", "stop"], check=False)

    def restart(self) -> None:
        """Stop at once (as a crash would) and start again on the same port."""
        self.stop("immediate")
        self.start()

    def log(self) -> str:
        try:
            return (self.folder / "server.log").read_text(errors="replace")
        except OSError:
            return ""


def _server_user() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresMissingError(
            "Testene kører som root, men brugeren 'postgres' findes ikke (PostgreSQL vil ikke "
            "køre som root). / Running as root but there is no 'postgres' user. " + HOW_TO_INSTALL
        ) from None
    return "postgres"


PREFIX = "forandring-pg-"
OWNER_FILE = "owner.pid"  # the test process that started the cluster


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_abandoned(bin_dir: Path, run_as: str | None) -> list[Path]:
    """Stop and delete clusters left behind by a test run that was killed (its owner
    process is gone); the folders removed."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        try:
            owner = int((folder / OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue
        if _alive(owner):
            continue
        Cluster(bin_dir, folder, 0, run_as).stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


@contextlib.contextmanager
def temporary_cluster(*, wal_segment_mb: int | None = None) -> Iterator[Cluster]:
    """Start a fresh cluster; stop it and delete its folder afterwards (``wal_segment_mb``:
    smaller WAL files, so a file size limit can be small)."""
    bin_dir = find_bin_dir()
    run_as = _server_user()
    sweep_abandoned(bin_dir, run_as)
    folder = Path(tempfile.mkdtemp(prefix=PREFIX))
    (folder / OWNER_FILE).write_text(str(os.getpid()))
    try:
        (folder / "socket").mkdir()
        if run_as is not None:
            entry = pwd.getpwnam(run_as)
            for path in (folder, folder / "socket"):
                os.chown(path, entry.pw_uid, entry.pw_gid)
            folder.chmod(0o700)
        cluster = Cluster(bin_dir, folder, free_port(), run_as)
        cluster.run(
            [
                cluster.tool("initdb"),
                "-D",
                cluster.data_dir,
                "-U",
                SUPERUSER,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
                *([f"--wal-segsize={wal_segment_mb}"] if wal_segment_mb else []),
            ]
        )
        # The bootstrap superuser may log in without a password from this machine only;
        # every other role needs its password (so wrong credentials can be tested).
        hba = cluster.data_dir / "pg_hba.conf"
        trusted = f"host all {SUPERUSER} 127.0.0.1/32 trust\n"
        _prepend(cluster, hba, trusted)
        try:
            cluster.start()
        except subprocess.CalledProcessError as exc:
            raise RuntimeError(f"PostgreSQL did not start: {exc.stderr}\n{cluster.log()}") from exc
        try:
            yield cluster
        finally:
            cluster.stop("immediate")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _prepend(cluster: Cluster, path: Path, line: str) -> None:
    """Put ``line`` first in a file the server user owns (we may be root or that user)."""
    content = path.read_text()
    path.write_text(line + content)
