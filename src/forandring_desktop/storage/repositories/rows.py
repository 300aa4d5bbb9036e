"""Turning model objects into rows and back, and writing only the rows that changed.

Shared by every repository of this package; nothing here knows an aggregate.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import Table, insert, update
from sqlalchemy.orm import Session

from forandring_desktop.model import Entity, Record

E = TypeVar("E", bound=Entity)

Rows = dict[uuid.UUID, dict[str, Any]]  # one table's rows by id

# Never part of an UPDATE: a row's id and birth time do not change.
_FIXED = frozenset({"id", "created_at"})


def plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    return value


def entity_row(entity: Entity, *, exclude: Iterable[str] = (), **extra: object) -> dict[str, Any]:
    """Column values for an entity: its scalar fields (JSON-shaped for list fields) + extra."""
    skip = set(exclude)
    data: dict[str, Any] = {}
    for name in type(entity).model_fields:
        if name in skip:
            continue
        value = getattr(entity, name)
        if isinstance(value, list):
            value = [
                v.model_dump(mode="json")
                if hasattr(v, "model_dump")
                else (str(v) if isinstance(v, uuid.UUID) else plain(v))
                for v in value
            ]
        elif isinstance(value, Record):
            value = value.model_dump(mode="json")
        data[name] = plain(value)
    data.update(extra)
    return data


def row_fields(row: Any, table: Table, drop: Sequence[str] = ()) -> dict[str, Any]:
    return {c.name: row._mapping[c.name] for c in table.columns if c.name not in drop}


def bulk_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(table), rows)


def changed_columns(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """The columns of ``after`` whose values differ from ``before`` (never id/created_at)."""
    return {k: v for k, v in after.items() if k not in _FIXED and before.get(k) != v}


def update_row(session: Session, table: Table, row_id: uuid.UUID, values: Mapping[str, Any]) -> int:
    """One UPDATE of the given columns of one row; the number of rows it matched."""
    if not values:
        return 0
    done = session.execute(update(table).where(table.c.id == row_id).values(dict(values)))
    return int(getattr(done, "rowcount", 0) or 0)


def sync_rows(session: Session, table: Table, previous: Rows, rows: Rows, now: datetime) -> int:
    """Write ``rows`` over ``previous`` (the same ids as stored now): insert the new ones,
    update only the columns that differ, and tombstone (never delete) the previous rows
    that ``rows`` leaves out. Returns the number of rows written."""
    new = [row for key, row in rows.items() if key not in previous]
    bulk_insert(session, table, new)
    written = len(new)
    for key, row in rows.items():
        old = previous.get(key)
        if old is not None:
            written += bool(update_row(session, table, key, changed_columns(old, row)))
    for key, old in previous.items():
        if key not in rows and old["deleted_at"] is None:
            written += update_row(session, table, key, {"deleted_at": now, "updated_at": now})
    return written
