"""The "Tilslut med invitation" dialog: a join in the background, errors in Danish."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from forandring_desktop.services import participants as participant_service
from forandring_desktop.services.sync_join import invite
from forandring_desktop.storage import Store
from forandring_desktop.ui.sync_join import JoinDialog
from tests.sync.test_invite_join import laptop_a as laptop_a  # the fixture


def test_the_dialog_joins_and_says_what_is_wrong(
    qtbot: QtBot, laptop_a: tuple[Store, str], tmp_path: Path
) -> None:
    a, dsn = laptop_a
    made = invite(a, dsn, tmp_path / "c.invitation")
    dialog = JoinDialog()
    qtbot.addWidget(dialog)
    assert not dialog.join_button.isEnabled()
    dialog.invitation.setText(str(tmp_path / "c.invitation"))
    dialog.code.setText("AAAA-AAAA-AAAA-AAAA")
    dialog.passphrase.setText("pw")
    dialog.target.setText(str(tmp_path / "c.forandring"))
    assert dialog.join_button.isEnabled()
    dialog.join_button.click()
    qtbot.waitUntil(lambda: not dialog.worker.is_running(), timeout=30_000)
    assert "Koden passer ikke" in dialog.message_label.text()
    assert dialog.result_store is None
    assert not (tmp_path / "c.forandring").exists()
    dialog.code.setText(made.code.lower())
    dialog.join_button.click()
    qtbot.waitUntil(lambda: dialog.result_store is not None, timeout=60_000)
    c = dialog.result_store
    assert c is not None
    try:
        assert len(participant_service.list_participants(c)) == len(
            participant_service.list_participants(a)
        )
    finally:
        c.close()
