"""No personal data in error text (issue 22, point 4): database errors provoked with a
participant's name in the row carry no row values in their message, their chain, their
traceback, the log, the CLI's stderr or the error dialog."""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, update
from sqlalchemy.exc import DBAPIError

from forandring_desktop.cli import main
from forandring_desktop.model import Participant
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.errors import as_user_error
from forandring_desktop.services.files import create_from_document
from forandring_desktop.services.participants import get_participant, list_participants
from forandring_desktop.storage import KdfParams, Store
from forandring_desktop.storage import tables as t
from forandring_desktop.storage.errors import DatabaseBusyError

CHEAP = KdfParams(memory_kib=1024, iterations=1, lanes=1)
PW = "adgangskode"
NAME = "Ødegaard-Qvistholm Zephyrine"  # appears nowhere else: any hit is a leak


@pytest.fixture
def made(tmp_path: Path) -> Iterator[tuple[Store, Participant]]:
    store = create_from_document(
        tmp_path / "org.forandring", PW, build_demo_document(participants=3), kdf=CHEAP
    )
    person = get_participant(store, list_participants(store)[0].id)
    yield store, person
    store.close()


def everything_said(exc: BaseException) -> str:
    """What any output could show of ``exc``: its text, its whole chain and traceback."""
    parts = ["".join(traceback.format_exception(exc))]
    seen: BaseException | None = exc
    while seen is not None:
        parts.append(str(seen))
        seen = seen.__cause__ or seen.__context__
    return "\n".join(parts)


def _insert_orphan_identity(store: Store) -> None:
    """No such participant: the foreign key refuses the row holding the name."""
    identity = t.table(t.ParticipantIdentityRow)
    with store.unit_of_work() as uow:
        uow.session.execute(insert(identity).values(participant_id=uuid.uuid4(), name=NAME))
        uow.commit()


def _rename_quickly(store: Store, person: Participant) -> None:
    """Write the name, giving up after 50 ms if another program holds the file."""
    identity = t.table(t.ParticipantIdentityRow)
    with store.unit_of_work() as uow:
        uow.session.connection().exec_driver_sql("PRAGMA busy_timeout = 50")
        uow.session.execute(
            update(identity).where(identity.c.participant_id == person.id).values(name=NAME)
        )
        uow.commit()


def test_a_constraint_violation_does_not_quote_the_row(
    made: tuple[Store, Participant], caplog: pytest.LogCaptureFixture
) -> None:
    store, _person = made
    caplog.set_level(logging.DEBUG)
    with pytest.raises(DBAPIError) as err:
        _insert_orphan_identity(store)
    assert "FOREIGN KEY" in str(err.value)  # the provoked error, not another
    assert NAME not in everything_said(err.value)
    shown = as_user_error(err.value)
    assert NAME not in str(shown)
    assert NAME not in caplog.text


def test_a_locked_database_does_not_quote_the_row(
    made: tuple[Store, Participant],
    caplog: pytest.LogCaptureFixture,
) -> None:
    store, person = made
    other = Store.open(store.path, PW, CHEAP)  # a second connection, as another program
    blocker: Any = other.engine.raw_connection().driver_connection
    try:
        blocker.execute("BEGIN IMMEDIATE")
        caplog.set_level(logging.DEBUG)
        with pytest.raises(DBAPIError) as err:
            _rename_quickly(store, person)
    finally:
        blocker.execute("ROLLBACK")
        other.close()
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA busy_timeout = 5000")
    assert "locked" in str(err.value)  # the provoked error, not another
    assert NAME not in everything_said(err.value)
    shown = as_user_error(err.value)
    assert isinstance(shown, DatabaseBusyError)
    assert NAME not in str(shown)
    assert NAME not in caplog.text
    assert get_participant(store, person.id).name == person.name  # nothing was written


def test_the_cli_prints_no_row_values_on_a_database_error(
    made: tuple[Store, Participant],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    """A command whose write fails inside the database: stderr and the log stay clean."""
    store, person = made
    store.close()
    from forandring_desktop.storage.audit import AuditRepository

    def failing_add(self: AuditRepository, entry: object) -> None:
        identity = t.table(t.ParticipantIdentityRow)
        self.session.execute(
            insert(identity).values(participant_id=person.id, name=NAME)  # a duplicate key
        )

    monkeypatch.setattr(AuditRepository, "add", failing_add)
    monkeypatch.setenv("FORANDRING_PASSPHRASE", PW)
    caplog.set_level(logging.DEBUG)
    code = main(["export", str(store.path), "-o", str(tmp_path / "ud.json")])
    captured = capsys.readouterr()
    assert code != 0
    assert "forandring:" in captured.err
    assert NAME not in captured.err + captured.out
    assert NAME not in caplog.text
