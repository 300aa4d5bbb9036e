"""Property: three laptops edit offline and sync in any order; afterwards they agree.

Each example starts three files of one organisation on a fresh server database, runs a
random script of edits (name, municipality, tombstone and restore of one participant, on
random laptops with random wall clocks that may go back) and syncs (push, pull, apply) in
between, then lets every laptop sync twice more. All three must then hold identical rows,
each field's value must be one that some laptop wrote (or the original), and every edit
that no later edit made on top of it (on a laptop that knew it) is the result or in a
laptop's conflict list.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from psycopg import sql
from sqlalchemy import text

from forandring_desktop.model import OrganisationDocument
from forandring_desktop.services import participants as participant_service
from forandring_desktop.services import sync as sync_service
from forandring_desktop.services import sync_conflicts
from forandring_desktop.services.files import create_from_document
from forandring_desktop.storage import Store
from forandring_desktop.storage.sync.server import init_server
from tests.conftest import build_small_document
from tests.sync.pg_cluster import Cluster

NAMES = ["Anna", "Bo", "Cai", "Dorte"]
TOWNS = ["Aarhus", "Herning", "Viborg"]

steps = st.lists(
    st.tuples(
        st.integers(0, 2),  # which laptop
        st.sampled_from(["name", "town", "delete", "restore", "sync"]),
        st.integers(0, 3),  # which value
        st.integers(-5_000, 5_000),  # how far that laptop's wall clock moves (ms)
    ),
    min_size=1,
    max_size=14,
)


@dataclass(frozen=True)
class Edit:
    field: str
    value: str
    laptop: int
    known: frozenset[int]  # the edits its laptop knew when it was made


class FakeWall:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def sync(store: Store, dsn: str) -> None:
    sync_service.sync_now(store, dsn)
    sync_service.apply_pulled(store)


def rows(store: Store) -> list[tuple[object, ...]]:
    with store.engine.connect() as conn:
        found: list[tuple[object, ...]] = []
        for name in ("participant", "participant_identity"):
            found += [(name, *r) for r in conn.execute(text(f"SELECT * FROM {name} ORDER BY 1"))]
        return found


# CI runs a fixed set of examples (a run that fails on a fresh random case would not land);
# FORANDRING_HUNT=N runs N new random ones, as done before each change to the merge rules.
HUNT = int(os.environ.get("FORANDRING_HUNT", "0"))


@settings(
    max_examples=HUNT or 8,
    deadline=None,
    derandomize=not HUNT,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(script=steps)
# Found by a random run (2026-12-04): two laptops set the same town, one of them deleted
# the participant; the deleting laptop saw no edit, the other kept the row.
@example(script=[(0, "town", 0, 0), (0, "delete", 0, 0), (2, "town", 0, 0)])
# And (the same day): the deleting laptop set that value again after deleting, so a test
# by value could not agree on both sides; the rule now goes by clocks alone.
@example(
    script=[
        (0, "name", 0, 3066),
        (0, "delete", 0, -2363),
        (2, "name", 0, 4392),
        (0, "town", 0, 0),
        (2, "town", 0, 0),
    ]
)
def test_three_laptops_agree_after_syncing_in_any_order(
    script: list[tuple[int, str, int, int]], pg_cluster: Cluster, tmp_path: Path
) -> None:
    doc: OrganisationDocument = build_small_document()  # type: ignore[assignment]
    person = doc.participants[0]
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    database = f"p_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_cluster.dsn(), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    dsn = pg_cluster.dsn(database)
    laptops = [create_from_document(folder / f"{n}.forandring", "pw", doc) for n in "abc"]
    try:
        init_server(dsn, doc.organisation.id)
        sync_service.set_up_sync(laptops[0])
        key = sync_service.organisation_key(laptops[0])
        for other in laptops[1:]:
            sync_service.join_with_key(other, key)
        walls = [FakeWall(2_000_000_000_000 + 1000 * n) for n in range(3)]
        for store, wall in zip(laptops, walls, strict=True):
            store.sync_wall = wall
        written_names, written_towns = {person.name}, {person.municipality}
        # Which edits each laptop knows (its own, and what it pulled): an edit made on a
        # laptop that knew an earlier edit of the field supersedes it knowingly.
        edits: list[Edit] = []
        known: list[set[int]] = [set(), set(), set()]
        on_server: set[int] = set()
        for which, action, value, drift in script:
            store, wall = laptops[which], walls[which]
            wall.ms += drift
            current = participant_service.get_participant(store, person.id)
            if action == "sync":
                sync(store, dsn)
                on_server |= {n for n, e in enumerate(edits) if e.laptop == which}
                known[which] |= on_server
            elif action == "name":
                written_names.add(NAMES[value])
                if current.name != NAMES[value]:
                    edits.append(Edit("name", NAMES[value], which, frozenset(known[which])))
                    known[which].add(len(edits) - 1)
                participant_service.save_participant(
                    store, current.model_copy(update={"name": NAMES[value]})
                )
            elif action == "town":
                town = TOWNS[value % len(TOWNS)]
                written_towns.add(town)
                if current.municipality != town:
                    edits.append(Edit("municipality", town, which, frozenset(known[which])))
                    known[which].add(len(edits) - 1)
                participant_service.save_participant(
                    store, current.model_copy(update={"municipality": town})
                )
            else:
                participant_service.set_participant_deleted(
                    store, person.id, deleted=action == "delete"
                )
        for _ in range(2):
            for store in laptops:
                sync(store, dsn)
        first = rows(laptops[0])
        assert rows(laptops[1]) == first
        assert rows(laptops[2]) == first
        with laptops[0].engine.connect() as conn:
            name = conn.execute(text("SELECT name FROM participant_identity")).scalar_one()
            town = conn.execute(text("SELECT municipality FROM participant")).scalar_one()
        assert name in written_names
        assert town in written_towns
        # Every edit not knowingly overwritten is the result or in a conflict list.
        final = {"name": name, "municipality": town}
        lost = {
            (c.field, c.lost_value)
            for store in laptops
            for c in sync_conflicts.list_conflicts(store)
            if c.kind == "field"
        }
        for n, edit in enumerate(edits):
            superseded = any(n in later.known for later in edits if later.field == edit.field)
            if not superseded:
                assert edit.value == final[edit.field] or (edit.field, edit.value) in lost
    finally:
        for store in laptops:
            store.close()
        shutil.rmtree(folder, ignore_errors=True)
        with psycopg.connect(pg_cluster.dsn(), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
            )
