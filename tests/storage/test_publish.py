"""Several files published as one unit (storage/publish.py): all or none, also after a kill."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import sys
from pathlib import Path

import pytest

from forandring_desktop.storage import publish as pub
from forandring_desktop.storage.publish import (
    Move,
    PublishBusyError,
    Staging,
    journal_path,
    publish,
    recover,
    sweep_folder,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and flock")


def _pair(tmp_path: Path, content: str) -> tuple[Staging, list[Move]]:
    target = tmp_path / "org.forandring"
    staging = Staging(target)
    (staging / "org.forandring").write_text(f"db {content}")
    (staging / "org.forandring.keys").write_text(f"keys {content}")
    moves = [
        Move(staging / "org.forandring", target, create=not target.exists()),
        Move(staging / "org.forandring.keys", tmp_path / "org.forandring.keys"),
    ]
    return staging, moves


def _state(tmp_path: Path) -> tuple[str | None, str | None]:
    db, keys = tmp_path / "org.forandring", tmp_path / "org.forandring.keys"
    return (
        db.read_text() if db.exists() else None,
        keys.read_text() if keys.exists() else None,
    )


def _visible(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir())


def test_publish_moves_all_and_leaves_nothing_else(tmp_path: Path) -> None:
    staging, moves = _pair(tmp_path, "1")
    publish(moves, anchor=tmp_path / "org.forandring", staging=staging)
    assert _state(tmp_path) == ("db 1", "keys 1")
    assert _visible(tmp_path) == ["org.forandring", "org.forandring.keys"]


def test_create_refuses_existing_target_before_moving_anything(tmp_path: Path) -> None:
    (tmp_path / "org.forandring").write_text("someone else's")
    staging, moves = _pair(tmp_path, "1")
    moves[0] = Move(moves[0].source, moves[0].target, create=True)
    with pytest.raises(FileExistsError):
        publish(moves, anchor=tmp_path / "org.forandring", staging=staging)
    assert _state(tmp_path) == ("someone else's", None)
    staging.discard()
    assert _visible(tmp_path) == ["org.forandring"]


def _killed_after(moves_made: int, tmp: str, replace_chain: bool) -> None:
    """Child: publish, but die (no clean-up at all) right after ``moves_made`` moves."""
    tmp_path = Path(tmp)
    real = pub._move
    count = 0

    def move(source: Path, target: Path, *, create: bool) -> None:
        nonlocal count
        if count == moves_made:
            os._exit(0)
        real(source, target, create=create)
        count += 1

    pub._move = move
    staging, moves = _pair(tmp_path, "ny")
    if replace_chain:  # restore --replace: old pair aside first, new pair in
        aside = tmp_path / "org.forandring.før"
        moves = [
            Move(tmp_path / "org.forandring", aside, create=True),
            Move(tmp_path / "org.forandring.keys", Path(f"{aside}.keys"), create=True),
            Move(staging / "org.forandring", tmp_path / "org.forandring"),
            Move(staging / "org.forandring.keys", tmp_path / "org.forandring.keys"),
        ]
    publish(moves, anchor=tmp_path / "org.forandring", staging=staging)
    os._exit(3)  # not reached when killed


@pytest.mark.parametrize("replace_chain", [False, True])
def test_a_kill_between_any_two_moves_is_finished_by_recover(
    tmp_path: Path, replace_chain: bool
) -> None:
    context = multiprocessing.get_context("fork")
    total = 4 if replace_chain else 2
    for made in range(total + 1):
        folder = tmp_path / f"runde-{made}"
        folder.mkdir()
        (folder / "org.forandring").write_text("db gammel")
        (folder / "org.forandring.keys").write_text("keys gammel")
        child = context.Process(target=_killed_after, args=(made, str(folder), replace_chain))
        child.start()
        child.join(30)
        assert child.exitcode == (3 if made == total else 0)
        if made < total:
            assert journal_path(folder / "org.forandring").exists()
        recover(folder / "org.forandring")
        # Whatever the moment: the new pair complete, never one of each.
        assert _state(folder) == ("db ny", "keys ny"), made
        expected = ["org.forandring", "org.forandring.keys"]
        if replace_chain:
            expected = [*expected[:1], "org.forandring.før", "org.forandring.før.keys", expected[1]]
            assert (folder / "org.forandring.før").read_text() == "db gammel"
            assert (folder / "org.forandring.før.keys").read_text() == "keys gammel"
        assert _visible(folder) == sorted(expected), made


def test_a_journal_cut_short_means_no_move_was_made(tmp_path: Path) -> None:
    target = tmp_path / "org.forandring"
    target.write_text("db gammel")
    staging, _moves = _pair(tmp_path, "ny")
    journal_path(target).write_bytes(b'{"format": "forandring-publish/1", "moves": [["')
    os.rename(staging.folder, tmp_path / ".org.forandring.ny-999999999-x")  # a dead pid
    assert recover(target) is False
    assert _state(tmp_path) == ("db gammel", None)
    assert _visible(tmp_path) == ["org.forandring"]


def test_a_live_publisher_is_not_disturbed(tmp_path: Path) -> None:
    target = tmp_path / "org.forandring"
    journal = journal_path(target)
    journal.write_bytes(b'{"format": "forandring-publish/1", "moves": []}\n')
    with journal.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # as publish() holds it while moving
        with pytest.raises(PublishBusyError, match="Vent et øjeblik"):
            recover(target)
    assert journal.exists()
    recover(target)
    assert not journal.exists()


def test_sweep_removes_staging_of_dead_processes_only(tmp_path: Path) -> None:
    mine = Staging(tmp_path / "a.forandring")
    dead = tmp_path / ".b.forandring.ny-999999999-abc"
    dead.mkdir()
    (dead / "halv.forandring").write_bytes(b"x")
    (tmp_path / ".c.forandring.ny-notapid").mkdir()  # not ours: left alone
    assert sweep_folder(tmp_path) == 1
    assert mine.folder.exists()
    assert not dead.exists()
    assert (tmp_path / ".c.forandring.ny-notapid").exists()
