"""Copying the open database into a new encrypted file, and counting rows to check a copy
against its source: shared by ``backup.py`` and ``rekey.py``."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher


def table_names(conn: Any, schema: str) -> list[str]:
    """The user tables of ``schema`` (``main`` or an attached name), sorted by name."""
    rows = conn.execute(
        f"SELECT name FROM {schema}.sqlite_master "
        "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [str(name) for (name,) in rows]


def row_counts(conn: Any, schema: str) -> dict[str, int]:
    """The number of rows in every table of ``schema``, by table name."""
    return {
        name: int(conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0])
        for name in table_names(conn, schema)
    }


@contextlib.contextmanager
def exporting(conn: Any, attach: str, target: Path, schema: str) -> Iterator[None]:
    """Copy the open database into ``target`` (attached as ``schema`` by the statement
    ``attach``) in one read transaction. The block runs inside that transaction, before the
    copy, so what it reads (row counts) is the moment copied. Always detached again."""
    conn.execute(attach, (str(target),))
    try:
        conn.execute("BEGIN")
        try:
            yield
            conn.execute(f"SELECT sqlcipher_export('{schema}')").fetchall()
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlcipher.Error):
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute(f"DETACH DATABASE {schema}")
