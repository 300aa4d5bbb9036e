"""No personal data in any log from the layers below ui/ (issue 18, item 6): log records
carry error types, places and field paths, never values.

Two checks: every logging call in model/, storage/, services/, reports/ and cli/ passes only
literal text, ``type(...).__name__`` or ``where(...)`` (a static rule, so a new call that
logs an exception or a value fails here); and a distinctive name fed through imports,
refusals, unexpected errors and a broken keyring appears in no log record.
"""

from __future__ import annotations

import ast
import json
import logging
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from forandring_desktop.cli import cmd_exchange, main
from forandring_desktop.model import OrganisationDocument, to_json
from forandring_desktop.services import remember
from forandring_desktop.services.errors import as_user_error
from forandring_desktop.services.files import create_from_document

PACKAGE = Path(__file__).parents[2] / "src" / "forandring_desktop"
LAYERS = ("model", "storage", "services", "reports", "cli")
LOG_METHODS = {"debug", "info", "warning", "warn", "error", "critical", "exception", "log"}
NAME = "Ødegaard-Qvistholm"  # appears nowhere in the code: any hit is a leak


def _allowed(arg: ast.expr) -> bool:
    if isinstance(arg, ast.Constant) and isinstance(arg.value, (str, int)):
        return True
    if isinstance(arg, ast.Attribute) and arg.attr == "__name__":
        return True  # type(exc).__name__
    # where(exc): the code's own place; label(...): the program's own words (model.log_safe)
    return (
        isinstance(arg, ast.Call)
        and isinstance(arg.func, ast.Name)
        and arg.func.id in {"where", "label"}
    )


def logging_problems(root: Path) -> list[str]:
    problems: list[str] = []
    for layer in LAYERS:
        for path in sorted((root / layer).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                    continue
                owner = node.func.value
                if not (isinstance(owner, ast.Name) and owner.id in {"log", "logger", "logging"}):
                    continue
                if node.func.attr not in LOG_METHODS:
                    continue
                where = f"{path.relative_to(root)}:{node.lineno}"
                if node.func.attr == "exception":
                    problems.append(f"{where}: log.exception prints the message")
                for keyword in node.keywords:
                    if keyword.arg in {"exc_info", "stack_info"} and not (
                        isinstance(keyword.value, ast.Constant) and keyword.value.value is False
                    ):
                        problems.append(f"{where}: {keyword.arg} prints the message")
                args = node.args[1:] if node.func.attr == "log" else node.args
                problems += [f"{where}: logs a value" for a in args if not _allowed(a)]
    return problems


def test_logging_calls_below_ui_log_no_values() -> None:
    assert logging_problems(PACKAGE) == []


def test_the_rule_catches_a_leak(tmp_path: Path) -> None:
    bad = tmp_path / "services"
    bad.mkdir()
    (bad / "leak.py").write_text(
        "import logging\nlog = logging.getLogger()\n"
        "def f(exc, person):\n"
        "    log.warning('failed: %s', exc)\n"
        "    log.info(f'{person.name}')\n"
        "    log.error('x', exc_info=True)\n"
        "    log.exception('y')\n"
        "    log.error('ok %s at %s', type(exc).__name__, where(exc))\n"
    )
    for layer in LAYERS:
        (tmp_path / layer).mkdir(exist_ok=True)
    assert len(logging_problems(tmp_path)) == 4


@pytest.fixture
def records(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def _leaks(caplog: pytest.LogCaptureFixture) -> list[str]:
    found = []
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "") + repr(record.args)
        if record.exc_info:
            text += repr(record.exc_info[1])
        if NAME in text:
            found.append(f"{record.name}: {record.getMessage()}")
    return found


def test_refused_imports_log_no_names(
    tmp_path: Path,
    records: pytest.LogCaptureFixture,
    small_doc: OrganisationDocument,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FORANDRING_PASSPHRASE", "adgangskode-1")
    data = json.loads(to_json(small_doc))
    person = data["participants"][0]
    bad_values: list[tuple[str, Any]] = [
        ("name", NAME * 20),  # too long
        ("code", f"{NAME} med mellemrum"),  # not a code
        ("mentor", f"{NAME}\x07"),  # a control character
        ("start_date", NAME),
        ("target_group_id", NAME),
        ("extra_field", NAME),
    ]
    for n, (field, value) in enumerate(bad_values):
        changed = json.loads(json.dumps(data))
        changed["participants"][0] = {**person, field: value}
        source = tmp_path / f"ugyldig-{n}.json"
        source.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
        assert main(["import", str(source), str(tmp_path / f"ny-{n}.forandring")]) == 1
    assert _leaks(records) == []


def test_unexpected_errors_are_logged_by_type_and_place_only(
    tmp_path: Path,
    records: pytest.LogCaptureFixture,
    small_doc: OrganisationDocument,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def broken(_args: object) -> int:
        raise KeyError(f"{NAME} fandtes ikke")

    monkeypatch.setattr(cmd_exchange, "cmd_export", broken)
    monkeypatch.setenv("FORANDRING_PASSPHRASE", "pw")
    db = tmp_path / "org.forandring"
    create_from_document(db, "pw", small_doc).close()
    assert main(["export", str(db), "-o", str(tmp_path / "ud.json")]) == 1
    err = capsys.readouterr().err
    assert "uventet fejl (KeyError)" in err
    assert NAME not in err
    assert "Traceback" not in err
    assert any("KeyError" in r.getMessage() for r in records.records)  # it was logged
    # A database error whose message and parameters hold a name (a failed row): type only.
    store = create_from_document(tmp_path / "b.forandring", "pw", small_doc)
    try:
        with pytest.raises(DBAPIError) as failed, store.unit_of_work() as uow:
            uow.session.execute(text("INSERT INTO nowhere VALUES (:name)"), {"name": NAME})
        error = as_user_error(failed.value)
        assert NAME not in str(error)  # the user's message, and (below) the log, do not
    finally:
        store.close()
    assert _leaks(records) == []


class _BrokenKeyring(KeyringBackend):
    priority = 5

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError(f"låst for {NAME}")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"låst for {NAME}")

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError(f"låst for {NAME}")


def test_a_broken_keyring_logs_no_names(tmp_path: Path, records: pytest.LogCaptureFixture) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(_BrokenKeyring())
    try:
        with pytest.raises(remember.RememberUnavailableError):
            remember.remember_passphrase(tmp_path / f"{NAME}.forandring", "x")
        assert remember.remembered_passphrase(tmp_path / f"{NAME}.forandring") is None
        assert remember.forget_passphrase(tmp_path / f"{NAME}.forandring") is False
    finally:
        keyring.set_keyring(previous)
    assert [r.getMessage() for r in records.records if "RuntimeError" in r.getMessage()]
    assert _leaks(records) == []
