"""The process the crash-safety test kills: it saves one new participant (with a
follow-up) after another and reports each committed one on a pipe. Kept in its own module
so a forkserver can import it once for all rounds.
"""

from __future__ import annotations

import datetime
import uuid
from multiprocessing.connection import Connection
from pathlib import Path

from forandring_desktop.model import Participant
from forandring_desktop.model.participants import Enrolment, FollowUp, LadderRating
from forandring_desktop.services.participants import list_participants, save_participant
from forandring_desktop.storage import Store
from forandring_desktop.storage.crypto import KdfParams

# Key derivation is not what is tested here; a cheap one keeps 200+ rounds fast.
FAST_KDF = KdfParams(memory_kib=8, iterations=1, lanes=1)
START = datetime.date(2020, 1, 1)


def edit_stream(path: str, passphrase: str, ladder: str, step: str, acks: Connection) -> None:
    """Save participants CRASH-n+1, CRASH-n+2, ... forever; after each commit send n on
    ``acks`` (one small message: a single atomic pipe write)."""
    store = Store.open(Path(path), passphrase, FAST_KDF)
    count = len(list_participants(store))
    acks.send_bytes(b"ready")
    ladder_id, step_id = uuid.UUID(ladder), uuid.UUID(step)
    while True:
        count += 1
        enrolment = Enrolment(ladder_id=ladder_id, start_step_id=step_id)
        person = Participant(
            code=f"CRASH-{count}",
            start_date=START,
            enrolments=[enrolment],
            follow_ups=[
                FollowUp(
                    date=START + datetime.timedelta(days=count % 300),
                    note="x" * (count % 7) * 300,  # rows of varying size
                    ratings=[LadderRating(enrolment_id=enrolment.id, staff_step_id=step_id)],
                )
            ],
        )
        save_participant(store, person)
        acks.send_bytes(str(count).encode())
