"""Which SQL statements a service runs: for tests that a gesture writes only its own rows."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event

from forandring_desktop.storage import Store


class Statements:
    """Every SQL statement the engine runs while active (kind and table, normalised)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.seen: list[str] = []

    def _seen(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.seen.append(" ".join(statement.split()))

    def __enter__(self) -> Statements:
        event.listen(self.store.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.store.engine, "before_cursor_execute", self._seen)

    def set_columns(self) -> list[tuple[str, set[str]]]:
        """(table, columns set) of each UPDATE."""
        found = []
        for s in self.seen:
            m = re.match(r"UPDATE (\w+) SET (.*) WHERE", s)
            if m:
                found.append((m.group(1), set(re.findall(r"(\w+)=\?", m.group(2)))))
        return found

    def writes(self) -> list[str]:
        """(kind, table) of each INSERT/UPDATE/DELETE, e.g. 'UPDATE follow_up'."""
        found = []
        for s in self.seen:
            m = re.match(r"(INSERT INTO|UPDATE|DELETE FROM) (\w+)", s)
            if m:
                found.append(f"{m.group(1).split()[0]} {m.group(2)}")
        return found
