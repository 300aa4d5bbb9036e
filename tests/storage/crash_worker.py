"""The process the crash-safety test kills: it takes in one new participant, then saves
one follow-up after another for them (the gesture of ``services.participants``, a new day
each time) and reports each committed one on a pipe. Kept in its own module so a
forkserver can import it once for all rounds.
"""

from __future__ import annotations

import datetime
import os
import uuid
from multiprocessing.connection import Connection
from pathlib import Path

from forandring_desktop.model import Participant
from forandring_desktop.model.participants import Enrolment, FollowUp, LadderRating
from forandring_desktop.services.auto_backup import run_auto_backup
from forandring_desktop.services.backup import restore
from forandring_desktop.services.exchange import import_file
from forandring_desktop.services.files import open_organisation
from forandring_desktop.services.participants import (
    list_participants,
    save_follow_up,
    save_intake,
)
from forandring_desktop.services.staff import change_data_key
from forandring_desktop.storage import Store
from forandring_desktop.storage.crypto import KdfParams, use_default_kdf

# Key derivation is not what is tested here; a cheap one keeps 200+ rounds fast.
FAST_KDF = KdfParams(memory_kib=8, iterations=1, lanes=1)
START = datetime.date(2020, 1, 1)


def edit_stream(path: str, passphrase: str, ladder: str, step: str, acks: Connection) -> None:
    """Take in participant CRASH-n (n: one more than there are), send b"ready", then save
    their follow-ups on days 1, 2, 3 ... forever; after each commit send the day number
    on ``acks`` (one small message: a single atomic pipe write)."""
    store = Store.open(Path(path), passphrase, FAST_KDF)
    ladder_id, step_id = uuid.UUID(ladder), uuid.UUID(step)
    enrolment = Enrolment(ladder_id=ladder_id, start_step_id=step_id)
    person = Participant(
        code=f"CRASH-{len(list_participants(store)) + 1}",
        start_date=START,
        enrolments=[enrolment],
    )
    save_intake(store, person)
    acks.send_bytes(b"ready")
    day = 0
    while True:
        day += 1
        follow_up = FollowUp(
            date=START + datetime.timedelta(days=day),
            note="x" * (day % 7) * 300,  # rows of varying size
            ratings=[LadderRating(enrolment_id=enrolment.id, staff_step_id=step_id)],
        )
        save_follow_up(store, person.id, follow_up)
        acks.send_bytes(str(day).encode())


# --- Workers for the file-level crash tests (test_crash_safety_files.py) --------------------
# Each sends b"ready", then b"done" (or a count) per finished unit of work. The forkserver
# was started with some earlier test's environment, so settings paths come as arguments.
# Each makes key slots cheap in its own process only (never at import: the test process
# imports this module too, and its real-cost key tests must keep the real default).


def import_once(source: str, target: str, passphrase: str, acks: Connection) -> None:
    use_default_kdf(FAST_KDF)
    acks.send_bytes(b"ready")
    import_file(Path(source), Path(target), passphrase).close()
    acks.send_bytes(b"done")


def restore_once(backup_file: str, target: str, passphrase: str, acks: Connection) -> None:
    use_default_kdf(FAST_KDF)
    acks.send_bytes(b"ready")
    restore(Path(backup_file), Path(target), passphrase, replace=True)
    acks.send_bytes(b"done")


def rekey_stream(path: str, passphrase: str, acks: Connection) -> None:
    use_default_kdf(FAST_KDF)
    store = open_organisation(Path(path), passphrase)
    acks.send_bytes(b"ready")
    count = 0
    while True:
        change_data_key(store)
        count += 1
        acks.send_bytes(str(count).encode())


def auto_backup_stream(
    path: str, passphrase: str, config_home: str, first_day: int, acks: Connection
) -> None:
    """Automatic backups, one per (fake) day from ``first_day`` after 2026-01-01."""
    use_default_kdf(FAST_KDF)
    os.environ["XDG_CONFIG_HOME"] = config_home
    store = open_organisation(Path(path), passphrase)
    acks.send_bytes(b"ready")
    day = first_day
    while True:
        now = datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC) + datetime.timedelta(days=day)

        def clock(now: datetime.datetime = now) -> datetime.datetime:
            return now

        outcome = run_auto_backup(store, clock=clock, tz=datetime.UTC)
        assert outcome.made is not None
        acks.send_bytes(f"{day} {outcome.made.path.name}".encode())
        day += 1
