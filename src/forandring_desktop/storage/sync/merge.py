"""The explicit merge rules that field-level last-writer-wins alone does not settle.

- **A row deleted on one laptop while edited on another** (a deletion is a tombstone,
  ``deleted_at``; the only hard deletion is an erasure, which is not merged here). The two
  changes touch different fields, so both would simply be kept; instead the later of the
  two by hybrid logical clock decides whether the row is deleted: a later edit brings the
  row back (the tombstone goes to the conflict list), a later deletion keeps it deleted
  with the edit inside it (so restoring it from the bin shows the edit; the edit's "not
  deleted" goes to the conflict list). Either way a conflict of kind ``deleted`` is
  recorded, under the same id on both laptops, and one click restores the other outcome.
- **The same participant code created on two laptops.** Both participants are kept; the
  one whose code was written later (clock, then id) gets the code with a suffix ("-2",
  or the next free number), on every laptop alike, and a conflict of kind ``code`` is
  recorded. The rename is not sent (every laptop makes the same one).

Follow-ups, ratings and audit entries are new rows with their own ids: two follow-ups for
one participant on the same day from two laptops are both kept (an insert never
conflicts), and a ladder step reworded on one laptop while rated on another keeps its id,
so the rating still points at it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from forandring_desktop.storage.sync import clocks, conflicts
from forandring_desktop.storage.sync.inbox import Received

TOMBSTONE = "deleted_at"
BOOKKEEPING = frozenset({"created_at", "updated_at"})


def concurrent(here: clocks.Clock, remote: clocks.Clock, seen: clocks.Clock) -> bool:
    """Was this laptop's write of a field (``here``) unknown to the laptop that made a
    change (``remote``, which had seen the write ``seen``)? A laptop knows its own writes."""
    return here > seen and here[1] != remote[1]


def tombstone_rule(
    session: Session,
    change: Received,
    winners: Sequence[str],
    current: dict[str, Any],
    data: dict[str, Any],
    local: dict[str, clocks.Clock],
    base: dict[str, clocks.Clock],
) -> list[str]:
    """The fields of an update to write after the tombstone-against-edit rule (``local``,
    the row's clocks, is updated in place and saved where the rule moves a clock)."""
    found = list(winners)
    if TOMBSTONE not in current:
        return found
    meta = change.meta
    remote = clocks.clock_of(meta.hlc, meta.device_id)
    fields = set(change.payload.get("fields") or [])
    if TOMBSTONE in fields:
        if current[TOMBSTONE] is not None or data[TOMBSTONE] is None:
            return found  # not a deletion of a live row
        # Any field written without knowing the deletion counts, whatever its value: the
        # laptop that deleted judges the same edit by its clocks alone too (below), so
        # both come to the same outcome. (Comparing values cannot be symmetric: each side
        # sees the other's value only as it is when its change arrives.)
        edits = [
            local[f]
            for f in current
            if f not in BOOKKEEPING and f != TOMBSTONE and f in local
            if concurrent(local[f], remote, base.get(f, clocks.NONE))
        ]
        if not edits:
            return found
        edited = max(edits)
        if remote > edited:  # the deletion is later: the row is deleted, the edit kept in it
            conflicts.record(
                session,
                meta.table_name,
                meta.row_id,
                TOMBSTONE,
                kept_value=data[TOMBSTONE],
                lost_value=None,
                kept=remote,
                lost=edited,
                kind=conflicts.DELETED,
            )
            return found
        conflicts.record(  # the edit is later: the row stays
            session,
            meta.table_name,
            meta.row_id,
            TOMBSTONE,
            kept_value=None,
            lost_value=data[TOMBSTONE],
            kept=edited,
            lost=remote,
            kind=conflicts.DELETED,
        )
        if local.get(TOMBSTONE, clocks.NONE) < edited:
            local[TOMBSTONE] = edited
            clocks.save(session, meta.table_name, meta.row_id, local)
        return [f for f in found if f != TOMBSTONE]
    deleted_here = local.get(TOMBSTONE, clocks.NONE)
    # Every field the edit wrote, whether or not it wins here field by field: the editing
    # laptop counts its own writes the same way when the deletion reaches it.
    edited_fields = [f for f in fields if f not in BOOKKEEPING and f != TOMBSTONE]
    if (
        current[TOMBSTONE] is None
        or data[TOMBSTONE] is not None
        or not edited_fields
        or not concurrent(deleted_here, remote, base.get(TOMBSTONE, clocks.NONE))
    ):
        return found  # the other laptop had seen the deletion, or changed nothing
    if remote > deleted_here:  # the edit is later: the row comes back
        conflicts.record(
            session,
            meta.table_name,
            meta.row_id,
            TOMBSTONE,
            kept_value=None,
            lost_value=current[TOMBSTONE],
            kept=remote,
            lost=deleted_here,
            kind=conflicts.DELETED,
        )
        return [*found, TOMBSTONE]
    conflicts.record(
        session,
        meta.table_name,
        meta.row_id,
        TOMBSTONE,
        kept_value=current[TOMBSTONE],
        lost_value=None,
        kept=deleted_here,
        lost=remote,
        kind=conflicts.DELETED,
    )
    return found


_CLASH = (
    "SELECT id, code FROM participant WHERE lower(code) = lower(?) AND id != ? "
    "AND deleted_at IS NULL AND (SELECT deleted_at FROM participant WHERE id = ?) IS NULL"
)


def code_rule(session: Session, row_id: str) -> None:
    """After a pulled participant row was written: if its code is the code of another live
    participant here, the one whose code was written later gets a suffix."""
    conn = session.connection()
    code = conn.exec_driver_sql("SELECT code FROM participant WHERE id = ?", (row_id,)).scalar()
    if not isinstance(code, str):
        return
    clash = conn.exec_driver_sql(_CLASH, (code, row_id, row_id)).first()
    if clash is None:
        return
    other = str(clash[0])

    def written(rid: str) -> tuple[clocks.Clock, str]:
        return clocks.load(session, "participant", rid).get("code", clocks.NONE), rid

    later, earlier = sorted([written(row_id), written(other)], reverse=True)
    renamed = later[1]
    old = code if renamed == row_id else str(clash[1])
    new = _free_code(session, old)
    conn.exec_driver_sql("UPDATE participant SET code = ? WHERE id = ?", (new, renamed))
    conflicts.record(
        session,
        "participant",
        renamed,
        "code",
        kept_value=new,
        lost_value=old,
        kept=earlier[0],
        lost=later[0],
        kind=conflicts.CODE,
    )


def _free_code(session: Session, code: str) -> str:
    conn = session.connection()
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = code[: 32 - len(suffix)] + suffix
        taken = conn.exec_driver_sql(
            "SELECT 1 FROM participant WHERE lower(code) = lower(?)", (candidate,)
        ).first()
        if taken is None:
            return candidate
        n += 1
