"""`forandring audit`: the log as JSON lines or aligned text, for administrators only."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from forandring_desktop import cli
from forandring_desktop.model.audit import AuditAction
from forandring_desktop.model.staff import Role
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.participants import get_participant, list_participants
from forandring_desktop.services.reporting import participant_report_data
from forandring_desktop.services.staff import add_staff

ADMIN_PW = "administrator-ø"
STAFF_PW = "medarbejder-kode"
KEYS = {
    "id",
    "at",
    "staff_id",
    "staff",
    "role",
    "action",
    "participant_id",
    "participant_code",
    "detail",
}


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, uuid.UUID]]:
    """A file where the administrator read two participants and printed one report."""
    db = tmp_path_factory.mktemp("cli_audit") / "logbog.forandring"
    store = create_from_document(db, ADMIN_PW, build_demo_document(participants=3))
    try:
        people = list_participants(store)
        a, b = people[0], people[1]
        get_participant(store, a.id)
        get_participant(store, b.id)
        participant_report_data(store, a.id, show_name=False)
        add_staff(store, "Bo Mentor", STAFF_PW, Role.STAFF)
    finally:
        store.close()
    return db, {a.code: a.id, b.code: b.id}


Run = Callable[[list[str], str], tuple[int, str, str]]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """``run(args, passphrase)``: the CLI in this process; its exit code, stdout and stderr."""

    def run_cli(args: list[str], passphrase: str) -> tuple[int, str, str]:
        monkeypatch.setenv(cli.PASSPHRASE_ENV, passphrase)
        code = cli.main(args)
        out, err = capsys.readouterr()
        return code, out, err

    return run_cli


def test_json_lines_parse_and_carry_the_documented_keys(
    audited: tuple[Path, dict[str, uuid.UUID]], run: Run
) -> None:
    db, ids = audited
    code, out, err = run(["audit", str(db), "--format", "json"], ADMIN_PW)
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines
    assert all(set(line) == KEYS for line in lines)
    assert [line["at"] for line in lines] == sorted(line["at"] for line in lines)  # oldest first
    reads = [line for line in lines if line["action"] == "read"]
    assert {line["participant_id"] for line in reads} == {str(i) for i in ids.values()}
    assert {line["participant_code"] for line in reads} == set(ids)
    assert all(line["role"] == "administrator" for line in lines)
    (printed,) = [line for line in lines if line["action"] == "print"]
    assert printed["detail"] == {"report": "progressionsrapport", "show_name": False}


def test_json_filtered_by_participant_code(
    audited: tuple[Path, dict[str, uuid.UUID]], run: Run
) -> None:
    db, ids = audited
    code_a = next(iter(ids))
    args = ["audit", str(db), "--participant", code_a.lower(), "--format", "json"]
    code, out, err = run(args, ADMIN_PW)
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["action"] for line in lines] == ["read", "print"]
    assert {line["participant_id"] for line in lines} == {str(ids[code_a])}

    code, out, err = run([*args[:-2], "--action", "print", "--format", "json"], ADMIN_PW)
    assert code == 0, err
    assert [json.loads(line)["action"] for line in out.splitlines()] == ["print"]


def test_text_is_aligned_columns(audited: tuple[Path, dict[str, uuid.UUID]], run: Run) -> None:
    db, ids = audited
    code_a = next(iter(ids))
    code, out, err = run(["audit", str(db), "--participant", code_a], ADMIN_PW)
    assert code == 0, err
    header, *rows = out.splitlines()
    assert header.split()[:4] == ["Tidspunkt", "Medarbejder", "Handling", "Deltager"]
    assert len(rows) == 2
    assert "Læst" in rows[0]
    assert "Udskrevet" in rows[1]
    assert "uden navn" in rows[1]
    column = header.index("Deltager")
    assert all(row[column:].startswith(code_a) for row in rows)


def test_staff_members_are_refused_with_exit_code_3(
    audited: tuple[Path, dict[str, uuid.UUID]], run: Run
) -> None:
    db, ids = audited
    for args in (["audit", str(db)], ["audit", str(db), "--participant", next(iter(ids))]):
        code, out, err = run(args, STAFF_PW)
        assert code == 3
        assert "Kun en administrator" in err
        assert out == ""


def test_an_unknown_code_is_a_danish_error(
    audited: tuple[Path, dict[str, uuid.UUID]], run: Run
) -> None:
    db, _ids = audited
    code, out, err = run(["audit", str(db), "--participant", "NOPE-1"], ADMIN_PW)
    assert code == 1
    assert "Ukendt deltager ‘NOPE-1’" in err
    assert out == ""


def test_the_action_choices_are_the_models() -> None:
    assert [action.value for action in AuditAction] == cli.AUDIT_ACTIONS
