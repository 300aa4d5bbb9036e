"""Initial schema: the whole method as of the foundation issue.

Revision ID: 0001
Revises:
Create Date: 2026-11-21 22:53:57.327665

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "organisation",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("vision", sa.Text(), nullable=False),
        sa.Column("main_areas", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )
    op.create_table(
        "ladder",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("change_goal", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_ladder_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ladder")),
    )
    with op.batch_alter_table("ladder", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ladder_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "mission_draft",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("who", sa.Text(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("how", sa.Text(), nullable=False),
        sa.Column("mission_text", sa.Text(), nullable=False),
        sa.Column("checklist", sa.JSON(), nullable=False),
        sa.Column("chosen", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_mission_draft_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mission_draft")),
    )
    with op.batch_alter_table("mission_draft", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mission_draft_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "persona",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("gender", sa.String(length=200), nullable=False),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("background", sa.JSON(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_persona_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persona")),
    )
    with op.batch_alter_table("persona", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_persona_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "target_group",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("persona_ids", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_target_group_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target_group")),
    )
    with op.batch_alter_table("target_group", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_target_group_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "door_sheet",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("persona_id", sa.Uuid(), nullable=True),
        sa.Column("target_group_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_door_sheet_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["persona_id"],
            ["persona.id"],
            name=op.f("fk_door_sheet_persona_id_persona"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["target_group_id"],
            ["target_group.id"],
            name=op.f("fk_door_sheet_target_group_id_target_group"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_door_sheet")),
    )
    with op.batch_alter_table("door_sheet", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_door_sheet_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "ladder_step",
        sa.Column("ladder_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("signs", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ladder_id"],
            ["ladder.id"],
            name=op.f("fk_ladder_step_ladder_id_ladder"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ladder_step")),
    )
    with op.batch_alter_table("ladder_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ladder_step_ladder_id"), ["ladder_id"], unique=False)

    op.create_table(
        "participant",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("target_group_id", sa.Uuid(), nullable=True),
        sa.Column("municipality", sa.String(length=200), nullable=False),
        sa.Column("exit_date", sa.Date(), nullable=True),
        sa.Column("exit_destination", sa.String(length=16), nullable=True),
        sa.Column("exit_note", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_participant_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_group_id"],
            ["target_group.id"],
            name=op.f("fk_participant_target_group_id_target_group"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant")),
    )
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participant_code"), ["code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_participant_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_participant_target_group_id"), ["target_group_id"], unique=False
        )

    op.create_table(
        "door_note",
        sa.Column("sheet_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("colour", sa.String(length=16), nullable=False),
        sa.Column("x", sa.Float(), nullable=False),
        sa.Column("y", sa.Float(), nullable=False),
        sa.Column("width", sa.Float(), nullable=False),
        sa.Column("height", sa.Float(), nullable=False),
        sa.Column("pair_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["door_note.id"],
            name=op.f("fk_door_note_pair_id_door_note"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["sheet_id"],
            ["door_sheet.id"],
            name=op.f("fk_door_note_sheet_id_door_sheet"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_door_note")),
    )
    with op.batch_alter_table("door_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_door_note_sheet_id"), ["sheet_id"], unique=False)

    op.create_table(
        "enrolment",
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("ladder_id", sa.Uuid(), nullable=False),
        sa.Column("start_step_id", sa.Uuid(), nullable=False),
        sa.Column("goal_step_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["goal_step_id"],
            ["ladder_step.id"],
            name=op.f("fk_enrolment_goal_step_id_ladder_step"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["ladder_id"],
            ["ladder.id"],
            name=op.f("fk_enrolment_ladder_id_ladder"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_enrolment_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["start_step_id"],
            ["ladder_step.id"],
            name=op.f("fk_enrolment_start_step_id_ladder_step"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolment")),
    )
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enrolment_ladder_id"), ["ladder_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_enrolment_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "follow_up",
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_follow_up_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(
            "ix_follow_up_participant_date", ["participant_id", "date"], unique=False
        )

    op.create_table(
        "area_score",
        sa.Column("follow_up_id", sa.Uuid(), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["follow_up.id"],
            name=op.f("fk_area_score_follow_up_id_follow_up"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area_score")),
    )
    with op.batch_alter_table("area_score", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_area_score_follow_up_id"), ["follow_up_id"], unique=False
        )

    op.create_table(
        "challenge",
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=True),
        sa.Column("source_note_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_challenge_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_note_id"],
            ["door_note.id"],
            name=op.f("fk_challenge_source_note_id_door_note"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge")),
    )
    with op.batch_alter_table("challenge", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "ladder_rating",
        sa.Column("follow_up_id", sa.Uuid(), nullable=False),
        sa.Column("enrolment_id", sa.Uuid(), nullable=False),
        sa.Column("staff_step_id", sa.Uuid(), nullable=True),
        sa.Column("participant_step_id", sa.Uuid(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["enrolment.id"],
            name=op.f("fk_ladder_rating_enrolment_id_enrolment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["follow_up.id"],
            name=op.f("fk_ladder_rating_follow_up_id_follow_up"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_step_id"],
            ["ladder_step.id"],
            name=op.f("fk_ladder_rating_participant_step_id_ladder_step"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["staff_step_id"],
            ["ladder_step.id"],
            name=op.f("fk_ladder_rating_staff_step_id_ladder_step"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ladder_rating")),
    )
    with op.batch_alter_table("ladder_rating", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ladder_rating_enrolment_id"), ["enrolment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ladder_rating_follow_up_id"), ["follow_up_id"], unique=False
        )

    op.create_table(
        "challenge_status",
        sa.Column("follow_up_id", sa.Uuid(), nullable=False),
        sa.Column("challenge_id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenge.id"],
            name=op.f("fk_challenge_status_challenge_id_challenge"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["follow_up.id"],
            name=op.f("fk_challenge_status_follow_up_id_follow_up"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_status")),
    )
    with op.batch_alter_table("challenge_status", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_status_challenge_id"), ["challenge_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_challenge_status_follow_up_id"), ["follow_up_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("challenge_status", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_status_follow_up_id"))
        batch_op.drop_index(batch_op.f("ix_challenge_status_challenge_id"))

    op.drop_table("challenge_status")
    with op.batch_alter_table("ladder_rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ladder_rating_follow_up_id"))
        batch_op.drop_index(batch_op.f("ix_ladder_rating_enrolment_id"))

    op.drop_table("ladder_rating")
    with op.batch_alter_table("challenge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_participant_id"))

    op.drop_table("challenge")
    with op.batch_alter_table("area_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_area_score_follow_up_id"))

    op.drop_table("area_score")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_participant_date")

    op.drop_table("follow_up")
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolment_participant_id"))
        batch_op.drop_index(batch_op.f("ix_enrolment_ladder_id"))

    op.drop_table("enrolment")
    with op.batch_alter_table("door_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_door_note_sheet_id"))

    op.drop_table("door_note")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_target_group_id"))
        batch_op.drop_index(batch_op.f("ix_participant_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_participant_code"))

    op.drop_table("participant")
    with op.batch_alter_table("ladder_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ladder_step_ladder_id"))

    op.drop_table("ladder_step")
    with op.batch_alter_table("door_sheet", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_door_sheet_organisation_id"))

    op.drop_table("door_sheet")
    with op.batch_alter_table("target_group", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_target_group_organisation_id"))

    op.drop_table("target_group")
    with op.batch_alter_table("persona", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_persona_organisation_id"))

    op.drop_table("persona")
    with op.batch_alter_table("mission_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mission_draft_organisation_id"))

    op.drop_table("mission_draft")
    with op.batch_alter_table("ladder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ladder_organisation_id"))

    op.drop_table("ladder")
    op.drop_table("organisation")
