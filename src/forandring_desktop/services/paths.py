"""Where the app keeps organisation files on this computer (the user's data folder)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "forandring-desktop"
DATA_DIR_ENV = "FORANDRING_DATA_DIR"  # overrides the platform data dir (tests, portable use)


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "organisation.forandring"


def default_demo_path() -> Path:
    return data_dir() / "demo.forandring"
