"""`forandring server init` as a real process against the test suite's PostgreSQL."""

from __future__ import annotations

import ast
from pathlib import Path

import psycopg
import pytest

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.services import participants as participant_service
from forandring_desktop.services import sync as sync_service
from forandring_desktop.services.files import create_organisation
from forandring_desktop.storage import KdfParams, Store
from forandring_desktop.storage.sync.server import SCHEMA
from tests.cli_helpers import run_forandring

FAST = KdfParams(memory_kib=8, iterations=1, lanes=1)
PACKAGE = Path(__file__).parents[2] / "src" / "forandring_desktop"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "org.forandring"
    create_organisation(path, "pw-admin", "Forening", admin_name="Anna", kdf=FAST).close()
    return path


def test_server_init_makes_the_server_ready_and_is_idempotent(
    db: Path, tmp_path: Path, pg_database: str
) -> None:
    first = run_forandring("server", "init", "--dsn", pg_database, str(db), passphrase="pw-admin")
    assert first.returncode == 0, first.stderr
    assert "Serveren er gjort klar" in first.stdout
    assert "sat op til synkronisering" in first.stdout
    assert "eget login" in first.stdout
    again = run_forandring("server", "init", "--dsn", pg_database, str(db), passphrase="pw-admin")
    assert again.returncode == 0, again.stderr
    assert "allerede klar" in again.stdout
    assert "eget login" not in again.stdout  # the laptop keeps the login it got
    # The first laptop syncs with its own login, kept in the file: no address typed.
    synced = run_forandring("sync", str(db), passphrase="pw-admin")
    assert synced.returncode == 0, synced.stderr
    with Store.open(db, "pw-admin") as store:
        status = sync_service.sync_status(store)
        assert status.pending == 0
        kept = sync_service._stored_server(store)
    assert "user=fd_join_" in kept
    assert "pgadmin" not in kept  # the owner's login is not kept
    with psycopg.connect(pg_database) as conn:
        assert conn.execute(f"SELECT count(*) FROM {SCHEMA}.organisation").fetchone() == (1,)
    other = tmp_path / "other.forandring"
    create_organisation(other, "pw-admin", "Anden", admin_name="Bo", kdf=FAST).close()
    refused = run_forandring(
        "server", "init", "--dsn", pg_database, str(other), passphrase="pw-admin"
    )
    assert refused.returncode == 4
    assert "anden organisation" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_server_init_refuses_a_remote_server_without_verify_full(db: Path) -> None:
    done = run_forandring(
        "server",
        "init",
        "--dsn",
        "host=db.example.org sslmode=prefer dbname=x",
        str(db),
        passphrase="pw-admin",
    )
    assert done.returncode == 4
    assert "verify-full" in done.stderr


def test_server_help_is_danish() -> None:
    done = run_forandring("server", "init", "--help", passphrase=None)
    assert done.returncode == 0
    assert "serverens forbindelsesstreng" in done.stdout
    assert "brug:" in done.stdout


def test_psycopg_is_imported_only_under_storage_sync() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "storage/sync" in path.as_posix():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] == "psycopg" for n in names):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_forandring_sync_pushes_pulls_and_applies(
    laptops: tuple[Store, Store, str], small_doc: OrganisationDocument
) -> None:
    a, b, dsn = laptops
    person = participant_service.get_participant(a, small_doc.participants[0].id)
    participant_service.save_participant(a, person.model_copy(update={"name": "Fra CLI"}))
    for store in (a, b):
        store.close()
    done = run_forandring("sync", "--dsn", dsn, str(a.path), passphrase="pw")
    assert done.returncode == 0, done.stderr
    assert "ændringer sendt" in done.stdout
    sent = int(done.stdout.split("Synkroniseret: ")[1].split()[0])
    assert sent > 0
    on_b = run_forandring("sync", "--dsn", dsn, str(b.path), passphrase="pw")
    assert on_b.returncode == 0, on_b.stderr
    assert f"{sent} hentet" in on_b.stdout
    applied = int(on_b.stdout.split("hentet, ")[1].split()[0])
    assert applied >= 1  # the rename (the rest B had already, identical)
    with Store.open(b.path, "pw") as reopened:
        assert participant_service.get_participant(reopened, person.id).name == "Fra CLI"


def test_forandring_sync_of_a_file_not_set_up_says_so(db: Path) -> None:
    done = run_forandring("sync", "--dsn", "host=/nowhere", str(db), passphrase="pw-admin")
    assert done.returncode == 4
    assert "ikke sat op" in done.stderr
