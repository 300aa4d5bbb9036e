"""The error dialog shows no row values of a failed database write (issue 22, point 4)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import DBAPIError

from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.errors import as_user_error
from forandring_desktop.services.files import create_from_document
from forandring_desktop.ui.dialogs import error_box
from tests.services.test_no_values_in_errors import CHEAP, NAME, PW, _insert_orphan_identity


def test_the_error_dialog_of_a_failed_write_shows_no_values(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    doc = build_demo_document(participants=2)
    with create_from_document(tmp_path / "org.forandring", PW, doc, kdf=CHEAP) as store:
        caplog.set_level(logging.DEBUG)
        with pytest.raises(DBAPIError) as err:
            _insert_orphan_identity(store)
    for shown in (err.value, as_user_error(err.value)):
        box = error_box(None, shown)
        qtbot.addWidget(box)
        texts = (box.text(), box.informativeText(), box.detailedText())
        assert all(NAME not in text for text in texts)
        assert any(texts)
    assert NAME not in caplog.text
