"""The tables that hold a participant's own rows, for tests that count or compare them."""

from __future__ import annotations

# Parents before children, as the schema makes them.
PARTICIPANT_TABLES = (
    "participant",
    "participant_identity",
    "challenge",
    "enrolment",
    "follow_up",
    "ladder_rating",
    "challenge_status",
    "area_score",
)
