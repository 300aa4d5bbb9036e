"""`forandring audit` checks the whole log: it prints the verdict on stderr and exits with 6
when entries were deleted or changed behind the triggers' back."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from forandring_desktop import cli
from forandring_desktop.cli.cmd_audit import EXIT_AUDIT_BROKEN
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.participants import get_participant, list_participants
from forandring_desktop.storage import Store
from tests.audit_chain_helpers import without_triggers

PW = "administrator-ø"

Run = Callable[[list[str]], tuple[int, str, str]]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "logbog.forandring"
    store = create_from_document(path, PW, build_demo_document(participants=3))
    try:
        for person in list_participants(store):
            get_participant(store, person.id)
    finally:
        store.close()
    return path


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    def run_cli(args: list[str]) -> tuple[int, str, str]:
        monkeypatch.setenv(cli.PASSPHRASE_ENV, PW)
        code = cli.main(args)
        out, err = capsys.readouterr()
        return code, out, err

    return run_cli


def tamper(path: Path, statement: str) -> None:
    store = Store.open(path, PW)
    try:
        with without_triggers(store) as conn:
            conn.exec_driver_sql(statement)
    finally:
        store.close()


def test_a_whole_log_says_so_and_exits_0(db: Path, run: Run) -> None:
    code, out, err = run(["audit", str(db), "--format", "json"])
    assert code == 0, err
    assert all("action" in json.loads(line) for line in out.splitlines())  # stdout: entries
    assert err.strip().startswith("Loggen er hel: ")
    assert "poster kontrolleret" in err


def test_a_deleted_entry_is_named_and_exits_6(db: Path, run: Run) -> None:
    tamper(db, "DELETE FROM audit_entry WHERE seq = 2")
    code, out, err = run(["audit", str(db)])
    assert code == EXIT_AUDIT_BROKEN == 6
    assert out.splitlines()[0].split()[:2] == ["Tidspunkt", "Medarbejder"]  # still printed
    assert "Loggen er ændret: post 2 er slettet" in err


def test_a_changed_entry_is_named_and_exits_6(db: Path, run: Run) -> None:
    tamper(db, "UPDATE audit_entry SET staff_name = 'Nogen andre' WHERE seq = 3")
    code, _out, err = run(["audit", str(db), "--format", "json"])
    assert code == EXIT_AUDIT_BROKEN
    assert "post 3 er ændret" in err
