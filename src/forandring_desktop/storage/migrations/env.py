"""Alembic environment: always runs on a connection handed in by ``storage.migrate``.

That connection comes from the one SQLCipher engine factory, so migrations never see a
plaintext file.
"""

from __future__ import annotations

from alembic import context

from forandring_desktop.storage.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        # Offline (--sql) mode: render SQL for review without touching a file.
        context.configure(
            url="sqlite://",
            target_metadata=target_metadata,
            literal_binds=True,
            render_as_batch=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
