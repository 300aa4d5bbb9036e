"""Killing the app at a random moment while it saves never corrupts the file and never
loses an edit it reported as saved (issue "Security and privacy", crash safety).

A forkserver keeps the imports warm, so each of the 200+ rounds is a fresh process that
opens the file, saves follow-ups in a loop and is killed with SIGKILL after a random
delay. After each kill the file is opened again: ``PRAGMA integrity_check`` must say ok,
every follow-up the worker reported as committed must be there, and at most the one in
flight beyond them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from crash_harness import harness
from crash_worker import FAST_KDF, edit_stream

from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.participants import get_participant, list_participants
from forandring_desktop.storage import Store

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


def _committed(path: Path) -> int:
    """Open the file as the app would, check it, and count the saved participants."""
    store = Store.open(path, PASSPHRASE, FAST_KDF)
    try:
        with store.engine.connect() as conn:
            check = conn.exec_driver_sql("PRAGMA integrity_check").scalar_one()
            assert check == "ok", check
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        codes = sorted(int(r.code.split("-")[1]) for r in list_participants(store))
        assert codes == list(range(1, len(codes) + 1))  # no gap: nothing half-saved
        for summary in list_participants(store)[-3:]:
            person = get_participant(store, summary.id)  # whole, with its follow-up
            assert len(person.follow_ups) == 1
            assert len(person.follow_ups[0].ratings) == 1
        return len(codes)
    finally:
        store.close()


def test_sigkill_at_random_moments_never_corrupts_or_loses_a_saved_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "crash.forandring"
    ladder, step = _prepare(path)
    saved = 0
    kills = 0
    with harness(monkeypatch, seed=2026) as crash:
        for _round in range(ROUNDS):
            # A random moment in the stream of edits.
            done = crash.kill_after(
                edit_stream, (str(path), PASSPHRASE, ladder, step), crash.random_delay(0.25)
            )
            kills += done.killed
            acked = [int(line) for line in done.done if line.isdigit()]
            if acked:
                saved = max(saved, max(acked))
            now = _committed(path)
            assert now >= saved, f"lost a committed edit: {now} < {saved}"
            assert now <= saved + 1, "more than the one edit in flight appeared"
            saved = now
    assert kills >= ROUNDS - 5  # nearly every round really was killed mid-stream
    assert saved > ROUNDS // 2  # and the worker did real work between kills
