"""Schema versions through Alembic: upgrade to head on open; refuse files from the future."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Bring the file's schema to head in one transaction, or raise NewerSchemaError."""
    from forandring_desktop.storage.errors import NewerSchemaError

    with engine.begin() as conn:
        current = current_revision(conn)
        if current is not None and current not in known_revisions():
            raise NewerSchemaError(current)
        if current == head_revision():
            return
        from forandring_desktop.storage.sync.outbox import quiet_upgrade

        with quiet_upgrade(conn):
            command.upgrade(alembic_config(conn), "head")


def autogenerate_revision(message: str) -> None:
    """Developer tool: write a new revision for the changes in ``tables.py``.

    It diffs the tables against a scratch encrypted file migrated to the current head, so
    the generated revision holds exactly what is new. Review it before committing.
    """
    import tempfile

    from forandring_desktop.storage.crypto import derive_key, new_salt
    from forandring_desktop.storage.engine import make_engine

    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(Path(scratch) / "scratch.forandring", derive_key("x", new_salt()))
        try:
            upgrade_to_head(engine)
            number = len(known_revisions()) + 1
            with engine.begin() as conn:
                command.revision(
                    alembic_config(conn),
                    message=message,
                    autogenerate=True,
                    rev_id=f"{number:04d}",
                )
        finally:
            engine.dispose()
