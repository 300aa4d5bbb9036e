"""The process the crash-safety test kills: it takes in one new participant, then saves
one follow-up after another for them (the gesture of ``services.participants``, a new day
each time) and reports each committed one on a pipe. Kept in its own module so a
forkserver can import it once for all rounds.
"""

from __future__ import annotations

import datetime
import uuid
from multiprocessing.connection import Connection
from pathlib import Path

from forandring_desktop.model import Participant
from forandring_desktop.model.participants import Enrolment, FollowUp, LadderRating
from forandring_desktop.services.participants import (
    list_participants,
    save_follow_up,
    save_intake,
)
from forandring_desktop.storage import Store
from forandring_desktop.storage.crypto import KdfParams

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
