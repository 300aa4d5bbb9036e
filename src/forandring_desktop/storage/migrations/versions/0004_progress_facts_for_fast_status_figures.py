"""Progress facts: narrow integer copies of the ratings and challenge statuses, kept by triggers.

The status figures of a large organisation (10,000 participants, 500,000 ratings) must not
read every rating row: those rows are wide (32-character ids, notes, timestamps). This
revision adds (see ``storage/progress.py`` for how they are read):

- ``progress_step_key``, ``progress_enrolment_key``, ``progress_challenge_key``: a small
  integer for each id the facts mention, given once and never changed;
- ``progress_rating``: the live ratings on live follow-ups as a multiset of (enrolment key,
  day, staff step key, own step key) with a count ``n`` (step key 0: not rated). Days are
  ordinals (``date.toordinal()``). Levels are not stored: they change whenever a ladder is
  edited, so the reader computes them from ``ladder_step``;
- ``progress_first_rating``: the first day each staff step was rated in an enrolment (one
  row per step, in day order);
- ``progress_challenge_state``: the live challenge statuses on live follow-ups (state 0
  unresolved, 1 partly, 2 fully).

Triggers on ``ladder_rating``, ``challenge_status`` and ``follow_up`` keep them in step with
every insert, update (a new date, a tombstone, a restored tombstone, a changed step) and
delete, whoever writes; they only ever write the ``progress_*`` tables. The revision fills
the tables from the rows already in the file.

For later revisions: SQLite refuses to rename a table while a trigger body names a table
that does not exist, so a batch operation that rebuilds ``ladder_rating``,
``challenge_status``, ``follow_up`` or a ``progress_*`` table fails with "error in trigger
progress_...". Drop the ``progress_*`` triggers first and create them again after (copy the
SQL from the newest revision that defines them; ``storage.progress.TRIGGERS`` lists their
names and a test checks that they all exist at head).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 01:23:41.192501

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _day(date: str) -> str:
    """SQL for the ordinal of a 'YYYY-MM-DD' date (julianday 1721425.5 is ordinal 1)."""
    return f"CAST(julianday({date}) - 1721424.5 AS INTEGER)"


def _rating_fact(r: str, date: str) -> str:
    """(enrolment_key, day, staff_key, own_key) of rating ``r`` on a follow-up on ``date``."""
    return (
        f"(SELECT k FROM progress_enrolment_key WHERE enrolment_id = {r}.enrolment_id), "
        f"{_day(date)}, "
        f"coalesce((SELECT k FROM progress_step_key WHERE step_id = {r}.staff_step_id), 0), "
        f"coalesce((SELECT k FROM progress_step_key WHERE step_id = {r}.participant_step_id), 0)"
    )


def _status_fact(s: str, date: str) -> str:
    """(challenge_key, day, state) of challenge status ``s`` on a follow-up on ``date``."""
    return (
        f"(SELECT k FROM progress_challenge_key WHERE challenge_id = {s}.challenge_id), "
        f"{_day(date)}, "
        f"CASE {s}.state WHEN 'partly' THEN 1 WHEN 'fully' THEN 2 ELSE 0 END"
    )


def _rating_keys(r: str) -> str:
    """Keys for the ids a rating row mentions (without any conflict clause: an outer
    INSERT OR REPLACE would turn an inner OR IGNORE into a REPLACE that renumbers)."""
    return f"""
    INSERT INTO progress_enrolment_key (enrolment_id)
    SELECT {r}.enrolment_id WHERE NOT EXISTS
        (SELECT 1 FROM progress_enrolment_key WHERE enrolment_id = {r}.enrolment_id);
    INSERT INTO progress_step_key (step_id)
    SELECT {r}.staff_step_id WHERE {r}.staff_step_id IS NOT NULL AND NOT EXISTS
        (SELECT 1 FROM progress_step_key WHERE step_id = {r}.staff_step_id);
    INSERT INTO progress_step_key (step_id)
    SELECT {r}.participant_step_id WHERE {r}.participant_step_id IS NOT NULL AND NOT EXISTS
        (SELECT 1 FROM progress_step_key WHERE step_id = {r}.participant_step_id);"""


def _status_keys(s: str) -> str:
    return f"""
    INSERT INTO progress_challenge_key (challenge_id)
    SELECT {s}.challenge_id WHERE NOT EXISTS
        (SELECT 1 FROM progress_challenge_key WHERE challenge_id = {s}.challenge_id);"""


def _one_rating(r: str, n: int) -> str:
    """Add (n=1) or take away (n=-1) rating row ``r`` if it and its follow-up are live."""
    return f"""
    INSERT INTO progress_rating_change (enrolment_key, day, staff_key, own_key, n)
    SELECT {_rating_fact(r, "f.date")}, {n}
    FROM follow_up AS f
    WHERE f.id = {r}.follow_up_id AND f.deleted_at IS NULL AND {r}.deleted_at IS NULL;"""


def _one_status(s: str, n: int) -> str:
    return f"""
    INSERT INTO progress_challenge_state_change (challenge_key, day, state, n)
    SELECT {_status_fact(s, "f.date")}, {n}
    FROM follow_up AS f
    WHERE f.id = {s}.follow_up_id AND f.deleted_at IS NULL AND {s}.deleted_at IS NULL;"""


def _follow_up_facts(fu: str, n: int) -> str:
    """Add or take away the live ratings and statuses of follow-up row ``fu`` if it is live."""
    return f"""
    INSERT INTO progress_rating_change (enrolment_key, day, staff_key, own_key, n)
    SELECT {_rating_fact("r", f"{fu}.date")}, {n}
    FROM ladder_rating AS r
    WHERE r.follow_up_id = {fu}.id AND r.deleted_at IS NULL AND {fu}.deleted_at IS NULL;
    INSERT INTO progress_challenge_state_change (challenge_key, day, state, n)
    SELECT {_status_fact("s", f"{fu}.date")}, {n}
    FROM challenge_status AS s
    WHERE s.follow_up_id = {fu}.id AND s.deleted_at IS NULL AND {fu}.deleted_at IS NULL;"""


_RATING_PK = (
    "enrolment_key = NEW.enrolment_key AND day = NEW.day "
    "AND staff_key = NEW.staff_key AND own_key = NEW.own_key"
)
_STATE_PK = "challenge_key = NEW.challenge_key AND day = NEW.day AND state = NEW.state"

_RATING_CHANGED = (
    "OLD.follow_up_id IS NOT NEW.follow_up_id OR OLD.enrolment_id IS NOT NEW.enrolment_id "
    "OR OLD.staff_step_id IS NOT NEW.staff_step_id "
    "OR OLD.participant_step_id IS NOT NEW.participant_step_id "
    "OR (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL)"
)
_STATUS_CHANGED = (
    "OLD.follow_up_id IS NOT NEW.follow_up_id OR OLD.challenge_id IS NOT NEW.challenge_id "
    "OR OLD.state IS NOT NEW.state OR (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL)"
)

VIEWS = {
    # Inserting (fact, n) into a change view adds n to the fact's count (n may be negative);
    # a count that reaches 0 removes the fact. Every trigger below writes through these.
    "progress_rating_change": """
    CREATE VIEW progress_rating_change AS
    SELECT enrolment_key, day, staff_key, own_key, n FROM progress_rating WHERE 0""",
    "progress_challenge_state_change": """
    CREATE VIEW progress_challenge_state_change AS
    SELECT challenge_key, day, state, n FROM progress_challenge_state WHERE 0""",
}

TRIGGERS = {
    "progress_rating_change_apply": f"""
    CREATE TRIGGER progress_rating_change_apply
    INSTEAD OF INSERT ON progress_rating_change
    WHEN NEW.enrolment_key IS NOT NULL
    BEGIN
        UPDATE progress_rating SET n = n + NEW.n WHERE {_RATING_PK};
        INSERT INTO progress_rating (enrolment_key, day, staff_key, own_key, n)
        SELECT NEW.enrolment_key, NEW.day, NEW.staff_key, NEW.own_key, NEW.n
        WHERE NEW.n > 0 AND NOT EXISTS (SELECT 1 FROM progress_rating WHERE {_RATING_PK});
        DELETE FROM progress_rating WHERE {_RATING_PK} AND n <= 0;
    END""",
    "progress_challenge_state_change_apply": f"""
    CREATE TRIGGER progress_challenge_state_change_apply
    INSTEAD OF INSERT ON progress_challenge_state_change
    WHEN NEW.challenge_key IS NOT NULL
    BEGIN
        UPDATE progress_challenge_state SET n = n + NEW.n WHERE {_STATE_PK};
        INSERT INTO progress_challenge_state (challenge_key, day, state, n)
        SELECT NEW.challenge_key, NEW.day, NEW.state, NEW.n
        WHERE NEW.n > 0 AND NOT EXISTS (SELECT 1 FROM progress_challenge_state WHERE {_STATE_PK});
        DELETE FROM progress_challenge_state WHERE {_STATE_PK} AND n <= 0;
    END""",
    # progress_first_rating follows the set of (enrolment, staff step, day) in progress_rating.
    "progress_rating_first_insert": """
    CREATE TRIGGER progress_rating_first_insert
    AFTER INSERT ON progress_rating WHEN NEW.staff_key <> 0
    BEGIN
        UPDATE progress_first_rating SET day = NEW.day
        WHERE enrolment_key = NEW.enrolment_key AND staff_key = NEW.staff_key AND day > NEW.day;
        INSERT INTO progress_first_rating (enrolment_key, staff_key, day)
        SELECT NEW.enrolment_key, NEW.staff_key, NEW.day WHERE NOT EXISTS (
            SELECT 1 FROM progress_first_rating
            WHERE enrolment_key = NEW.enrolment_key AND staff_key = NEW.staff_key);
    END""",
    "progress_rating_first_delete": """
    CREATE TRIGGER progress_rating_first_delete
    AFTER DELETE ON progress_rating WHEN OLD.staff_key <> 0
    BEGIN
        DELETE FROM progress_first_rating
        WHERE enrolment_key = OLD.enrolment_key AND staff_key = OLD.staff_key;
        INSERT INTO progress_first_rating (enrolment_key, staff_key, day)
        SELECT enrolment_key, staff_key, min(day) FROM progress_rating
        WHERE enrolment_key = OLD.enrolment_key AND staff_key = OLD.staff_key
        GROUP BY enrolment_key, staff_key;
    END""",
    "progress_ladder_rating_insert": f"""
    CREATE TRIGGER progress_ladder_rating_insert AFTER INSERT ON ladder_rating
    BEGIN {_rating_keys("NEW")} {_one_rating("NEW", 1)}
    END""",
    "progress_ladder_rating_update": f"""
    CREATE TRIGGER progress_ladder_rating_update
    AFTER UPDATE OF follow_up_id, enrolment_id, staff_step_id, participant_step_id, deleted_at
    ON ladder_rating WHEN {_RATING_CHANGED}
    BEGIN {_one_rating("OLD", -1)} {_rating_keys("NEW")} {_one_rating("NEW", 1)}
    END""",
    "progress_ladder_rating_delete": f"""
    CREATE TRIGGER progress_ladder_rating_delete AFTER DELETE ON ladder_rating
    BEGIN {_one_rating("OLD", -1)}
    END""",
    "progress_challenge_status_insert": f"""
    CREATE TRIGGER progress_challenge_status_insert AFTER INSERT ON challenge_status
    BEGIN {_status_keys("NEW")} {_one_status("NEW", 1)}
    END""",
    "progress_challenge_status_update": f"""
    CREATE TRIGGER progress_challenge_status_update
    AFTER UPDATE OF follow_up_id, challenge_id, state, deleted_at
    ON challenge_status WHEN {_STATUS_CHANGED}
    BEGIN {_one_status("OLD", -1)} {_status_keys("NEW")} {_one_status("NEW", 1)}
    END""",
    "progress_challenge_status_delete": f"""
    CREATE TRIGGER progress_challenge_status_delete AFTER DELETE ON challenge_status
    BEGIN {_one_status("OLD", -1)}
    END""",
    # Ratings written before their follow-up (foreign keys deferred) count from its insert.
    "progress_follow_up_insert": f"""
    CREATE TRIGGER progress_follow_up_insert AFTER INSERT ON follow_up
    BEGIN {_follow_up_facts("NEW", 1)}
    END""",
    "progress_follow_up_update": f"""
    CREATE TRIGGER progress_follow_up_update AFTER UPDATE OF date, deleted_at ON follow_up
    WHEN OLD.date IS NOT NEW.date OR (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL)
    BEGIN {_follow_up_facts("OLD", -1)} {_follow_up_facts("NEW", 1)}
    END""",
    # BEFORE: a cascade deletes the ratings after the follow-up row is gone, when their
    # own triggers can no longer see its date.
    "progress_follow_up_delete": f"""
    CREATE TRIGGER progress_follow_up_delete BEFORE DELETE ON follow_up
    BEGIN {_follow_up_facts("OLD", -1)}
    END""",
}

BACKFILL = (
    # Keys for every step, enrolment and challenge: the foreign keys (always on) make sure
    # that ratings and statuses mention no others.
    "INSERT INTO progress_step_key (step_id) SELECT id FROM ladder_step ORDER BY id",
    "INSERT INTO progress_enrolment_key (enrolment_id) SELECT id FROM enrolment ORDER BY id",
    "INSERT INTO progress_challenge_key (challenge_id) SELECT id FROM challenge ORDER BY id",
    f"""INSERT INTO progress_rating (enrolment_key, day, staff_key, own_key, n)
    SELECT e.k, {_day("f.date")}, coalesce(s.k, 0), coalesce(o.k, 0), count(*)
    FROM ladder_rating AS r
    JOIN follow_up AS f ON f.id = r.follow_up_id
    JOIN progress_enrolment_key AS e ON e.enrolment_id = r.enrolment_id
    LEFT JOIN progress_step_key AS s ON s.step_id = r.staff_step_id
    LEFT JOIN progress_step_key AS o ON o.step_id = r.participant_step_id
    WHERE r.deleted_at IS NULL AND f.deleted_at IS NULL
    GROUP BY 1, 2, 3, 4""",
    """INSERT INTO progress_first_rating (enrolment_key, staff_key, day)
    SELECT enrolment_key, staff_key, min(day) FROM progress_rating WHERE staff_key <> 0
    GROUP BY enrolment_key, staff_key""",
    f"""INSERT INTO progress_challenge_state (challenge_key, day, state, n)
    SELECT c.k, {_day("f.date")},
        CASE s.state WHEN 'partly' THEN 1 WHEN 'fully' THEN 2 ELSE 0 END, count(*)
    FROM challenge_status AS s
    JOIN follow_up AS f ON f.id = s.follow_up_id
    JOIN progress_challenge_key AS c ON c.challenge_id = s.challenge_id
    WHERE s.deleted_at IS NULL AND f.deleted_at IS NULL
    GROUP BY 1, 2, 3""",
)


def upgrade() -> None:
    op.create_table(
        "progress_challenge_key",
        sa.Column("k", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("k", name=op.f("pk_progress_challenge_key")),
        sa.UniqueConstraint("challenge_id", name=op.f("uq_progress_challenge_key_challenge_id")),
    )
    op.create_table(
        "progress_challenge_state",
        sa.Column("challenge_key", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "challenge_key", "day", "state", name=op.f("pk_progress_challenge_state")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "progress_enrolment_key",
        sa.Column("k", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("k", name=op.f("pk_progress_enrolment_key")),
        sa.UniqueConstraint("enrolment_id", name=op.f("uq_progress_enrolment_key_enrolment_id")),
    )
    op.create_table(
        "progress_first_rating",
        sa.Column("enrolment_key", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("staff_key", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "enrolment_key", "day", "staff_key", name=op.f("pk_progress_first_rating")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "progress_rating",
        sa.Column("enrolment_key", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("staff_key", sa.Integer(), nullable=False),
        sa.Column("own_key", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "enrolment_key", "day", "staff_key", "own_key", name=op.f("pk_progress_rating")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "progress_step_key",
        sa.Column("k", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("k", name=op.f("pk_progress_step_key")),
        sa.UniqueConstraint("step_id", name=op.f("uq_progress_step_key_step_id")),
    )
    for statement in BACKFILL:  # before the triggers: set-based, not row by row
        op.execute(statement)
    for statement in (*VIEWS.values(), *TRIGGERS.values()):
        op.execute(statement)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    op.drop_table("progress_step_key")
    op.drop_table("progress_rating")
    op.drop_table("progress_first_rating")
    op.drop_table("progress_enrolment_key")
    op.drop_table("progress_challenge_state")
    op.drop_table("progress_challenge_key")
