"""Settings are declared once (ui/settings.py): nothing else touches QSettings, every key the
app writes is declared, each declared one round-trips, and the README lists them all."""

from __future__ import annotations

import ast
import configparser
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray
from pytestqt.qtbot import QtBot

from forandring_desktop.ui import settings
from forandring_desktop.ui.lock import set_lock_minutes
from forandring_desktop.ui.main_window import MainWindow

SRC = Path(__file__).parents[2] / "src" / "forandring_desktop"
README = Path(__file__).parents[2] / "README.md"


def _mentions_qsettings(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.Name | ast.Attribute) and "QSettings" in ast.unparse(node)
        for node in ast.walk(tree)
    )


def test_only_the_settings_module_touches_qsettings() -> None:
    users = sorted(
        str(path.relative_to(SRC)) for path in SRC.rglob("*.py") if _mentions_qsettings(path)
    )
    assert users == ["ui/settings.py"]


def test_each_setting_round_trips_and_falls_back_to_its_default(tmp_path: Path) -> None:
    # Settings of different value types: each entry pairs a setting with a value of its type.
    values: dict[settings.Setting[Any], object] = {
        settings.WINDOW_GEOMETRY: QByteArray(b"\x01\x02"),
        settings.WINDOW_STATE: QByteArray(b"\x03"),
        settings.WINDOW_SPLITTER: QByteArray(b"\x04"),
        settings.WINDOW_PAGE: 3,
        settings.LAST_PDF_FOLDER: str(tmp_path),
        settings.LOCK_MINUTES: 25,
    }
    for setting, value in values.items():
        assert setting.get() == setting.default
        setting.set(value)
        assert setting.get() == value
        setting.clear()
        assert setting.get() == setting.default
    file = tmp_path / "org.forandring"
    assert settings.REMEMBERED.get(file) is False
    settings.REMEMBERED.set(file, True)
    assert settings.REMEMBERED.get(file) is True
    assert str(file) not in settings.settings_file().read_text(encoding="utf-8")
    settings.REMEMBERED.clear(file)
    assert settings.REMEMBERED.get(file) is False


def test_a_value_of_the_wrong_type_gives_the_default() -> None:
    settings.WINDOW_PAGE.set("ikke et tal")  # type: ignore[arg-type]
    assert settings.WINDOW_PAGE.get() == 0
    settings.WINDOW_GEOMETRY.set("tekst")  # type: ignore[arg-type]
    assert settings.WINDOW_GEOMETRY.get().isEmpty()


def _written_keys() -> set[str]:
    parser = configparser.RawConfigParser()
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(settings.settings_file(), encoding="utf-8")
    keys = set()
    for section in parser.sections():
        for option in parser.options(section):
            name = option.replace("\\", "/")
            keys.add(name if section == "General" else f"{section}/{name}")
    return keys


def test_every_key_the_app_writes_is_declared(
    make_window: Callable[..., MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window()
    window.show_page("reports")
    set_lock_minutes(5)
    settings.REMEMBERED.set(tmp_path / "x.forandring", True)
    settings.LAST_PDF_FOLDER.set(str(tmp_path))
    window.close()
    declared = {s.key for s in settings.ALL}
    written = _written_keys()
    assert written
    for key in written:
        assert key in declared or key.rsplit("/", 1)[0] in declared, key


@pytest.mark.parametrize("setting", settings.ALL, ids=lambda s: s.key)
def test_the_readme_says_what_is_kept(setting: settings.Setting) -> None:  # type: ignore[type-arg]
    text = README.read_text(encoding="utf-8")
    assert f"`{setting.key}`" in text
