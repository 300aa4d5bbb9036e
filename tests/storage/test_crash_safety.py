"""Killing the app at a random moment while it saves never corrupts the file and never
loses an edit it reported as saved (issue "Security and privacy", crash safety).

A forkserver keeps the imports warm, so each of the 200+ rounds is a fresh process that
opens the file, takes in a new participant, saves follow-ups for them in a loop (each one
gesture, one transaction) and is killed with SIGKILL after a random delay. After each kill
the file is opened again: ``PRAGMA integrity_check`` must say ok, every follow-up the
worker reported as committed must be there, at most the one in flight beyond them, and
the follow-ups of every earlier round are all still there.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.participants import get_participant, list_participants
from forandring_desktop.storage import Store

from .crash_harness import harness
from .crash_worker import FAST_KDF, START, edit_stream

ROUNDS = 200
PASSPHRASE = "crash-test"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and forkserver")


def _prepare(path: Path) -> tuple[str, str]:
    """An organisation with the guide's ladders and no participants yet."""
    doc = build_demo_document(participants=0)
    store = Store.create(path, PASSPHRASE, FAST_KDF)
    with store.unit_of_work() as uow:
        uow.documents.add(doc)
        uow.commit()
    store.close()
    ladder = doc.ladders[0]
    return str(ladder.id), str(ladder.steps[0].id)


def _committed(path: Path, earlier: dict[str, int]) -> tuple[str, int]:
    """Open the file as the app would, check it, and return the newest participant's code
    and how many follow-ups they have (days 1..n, each whole, or the check fails).
    ``earlier``: the follow-ups each earlier round's participant had: still all there."""
    store = Store.open(path, PASSPHRASE, FAST_KDF)
    try:
        with store.engine.connect() as conn:
            check = conn.exec_driver_sql("PRAGMA integrity_check").scalar_one()
            assert check == "ok", check
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        rows = list_participants(store)
        codes = sorted(int(r.code.split("-")[1]) for r in rows)
        assert codes == list(range(1, len(codes) + 1))  # one per round, none half-saved
        counts = {r.code: r.follow_ups for r in rows}
        assert {code: counts[code] for code in earlier} == earlier
        newest = max(rows, key=lambda r: int(r.code.split("-")[1]))
        person = get_participant(store, newest.id)  # whole, with its follow-ups
        days = [(f.date - START).days for f in person.follow_ups]
        assert days == list(range(1, len(days) + 1))  # no gap: nothing half-saved
        assert all(len(f.ratings) == 1 for f in person.follow_ups)
        return newest.code, len(days)
    finally:
        store.close()


def test_sigkill_at_random_moments_never_corrupts_or_loses_a_saved_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "crash.forandring"
    ladder, step = _prepare(path)
    earlier: dict[str, int] = {}
    kills = 0
    with harness(monkeypatch, seed=2026) as crash:
        for _round in range(ROUNDS):
            done = crash.kill_after(  # a random moment in the stream of edits
                edit_stream, (str(path), PASSPHRASE, ladder, step), crash.random_delay(0.25)
            )
            kills += done.killed
            saved = max((int(line) for line in done.done if line.isdigit()), default=0)
            code, now = _committed(path, earlier)
            assert code == f"CRASH-{_round + 1}"
            assert now >= saved, f"lost a committed edit: {now} < {saved}"
            assert now <= saved + 1, "more than the one edit in flight appeared"
            earlier[code] = now
    assert kills >= ROUNDS - 5  # nearly every round really was killed mid-stream
    assert sum(earlier.values()) > ROUNDS  # and the worker did real work between kills
