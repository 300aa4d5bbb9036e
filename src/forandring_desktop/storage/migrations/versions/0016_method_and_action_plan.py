"""Seed 001's method description and action plan.

- ``method_description``: per target group (or none), "Metodebeskrivelse - den gode
  borgerrejse": the three phases (what we do, what we want to develop), the roles and
  responsibilities and the core principles, each a JSON list.
- ``plan_action``: the action plan, one row per action: its area (the seed's four
  questions), what, who, by when, status, and what it serves (``target``: a ladder today,
  a card of the theory-of-change canvas later).

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-04 05:00:00.000000

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _tracked() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
    ]


def _owned(name: str) -> list[sa.ForeignKeyConstraint]:
    return [
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f(f"fk_{name}_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_group_id"],
            ["target_group.id"],
            name=op.f(f"fk_{name}_target_group_id_target_group"),
            ondelete="RESTRICT",
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "plan_action",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("target_group_id", sa.Uuid(), nullable=True),
        sa.Column("area", sa.String(length=16), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("target", sa.JSON(), nullable=True),
        *_tracked(),
        *_owned("plan_action"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_action")),
    )
    with op.batch_alter_table("plan_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_action_organisation_id"), ["organisation_id"], unique=False
        )
    op.create_table(
        "method_description",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("target_group_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("phases", sa.JSON(), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("core", sa.JSON(), nullable=False),
        *_tracked(),
        *_owned("method_description"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_method_description")),
    )
    with op.batch_alter_table("method_description", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_method_description_organisation_id"),
            ["organisation_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("method_description", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_method_description_organisation_id"))
    op.drop_table("method_description")
    with op.batch_alter_table("plan_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_action_organisation_id"))
    op.drop_table("plan_action")
