"""Data protection for participants: retention, insight (GDPR art. 15) and erasure. Pure.

- **Retention**: an organisation keeps a participant's data for a number of months after
  their course ended (exit date, else end date; 60 months unless an administrator changes
  it). After that the participant is *due for deletion*: the app lists them and an
  administrator erases them.
- **Insight**: everything the file holds about one person, as JSON and as a readable PDF
  for the person themself (so with their name): :class:`InsightData` and
  :func:`insight_json`.
- **Erasure** removes every row of a participant for good; only a tombstone with the id is
  kept (so other copies of the organisation can follow later).
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from forandring_desktop.model.audit import AuditEntry, entry_json
from forandring_desktop.model.errors import (
    ForandringError,
    check_retention,
)
from forandring_desktop.model.ladder import Ladder
from forandring_desktop.model.mission import Organisation
from forandring_desktop.model.participants import Participant, ParticipantSummary

DEFAULT_RETENTION_MONTHS = 60  # five years after the course ended
MAX_RETENTION_MONTHS = 1_200  # a hundred years: far beyond any rule, still a real date
INSIGHT_FORMAT = "forandring-indsigt/1"


@dataclass(frozen=True, slots=True)
class PrivacySettings:
    retention_months: int = DEFAULT_RETENTION_MONTHS


def check_retention_months(months: int) -> int:
    """The retention period in months, checked (1 … 1,200); InvalidDataError if not."""
    return check_retention(
        months,
        MAX_RETENTION_MONTHS,
        field="retention_months",
        not_whole="Opbevaringstiden skal være et helt antal måneder.",
        too_short="Opbevaringstiden skal være mindst 1 måned.",
        too_long=f"Opbevaringstiden kan højst være {MAX_RETENTION_MONTHS} måneder.",
    )


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months on (31 January + 1 month: 28/29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def deletion_date(ended: date, retention_months: int) -> date:
    """The first day a participant whose course ended on ``ended`` is due for deletion."""
    return add_months(ended, retention_months)


def is_due(row: ParticipantSummary, retention_months: int, today: date) -> bool:
    """Has the course ended, and has the retention period run out by ``today``?"""
    if row.end_date is None:
        return False
    return deletion_date(row.end_date, retention_months) <= today


def due_for_deletion(
    rows: Iterable[ParticipantSummary], retention_months: int, today: date
) -> list[ParticipantSummary]:
    """The ended participants past the deadline, the longest overdue first."""
    due = [row for row in rows if is_due(row, retention_months, today)]
    return sorted(due, key=lambda row: (row.end_date or today, row.code.casefold(), row.id))


# -- insight --------------------------------------------------------------------------------


@dataclass(frozen=True)
class InsightData:
    """Everything the file holds about one participant, for the person themself.

    ``ladders``: the ladders they are placed on, with every step (retired ones too), so each
    rating's step can be read as text. ``audit``: the log's entries about them (who used
    their data, when, how), oldest first.
    """

    organisation: Organisation
    participant: Participant
    ladders: Mapping[uuid.UUID, Ladder]
    target_group: str  # the target group's name; "" without one
    audit: Sequence[AuditEntry] = field(default_factory=tuple)
    made_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def step_text(self, step_id: uuid.UUID | None) -> str:
        """The text of a step on one of their ladders ("" if none or unknown)."""
        if step_id is None:
            return ""
        for ladder in self.ladders.values():
            for step in ladder.steps:
                if step.id == step_id:
                    return step.text
        return ""

    def step_level(self, step_id: uuid.UUID | None) -> int | None:
        """1-based height of a live step on its ladder (None: retired, unknown or none)."""
        if step_id is None:
            return None
        for ladder in self.ladders.values():
            level = ladder.level_of(step_id)
            if level is not None:
                return level
        return None


def insight_json(data: InsightData) -> dict[str, Any]:
    """The insight export as plain JSON data.

    Keys: ``format`` (``forandring-indsigt/1``), ``made_at`` (UTC), ``organisation``,
    ``participant`` (every stored field, with all challenges, ladder placements,
    follow-ups with their ratings, challenge statuses and area scores, removed ones too,
    and the exit), ``target_group``, ``ladders`` (each ladder they are placed on with every
    step: ``id``, ``level`` (null for a retired step), ``text``, ``signs``, ``action``,
    ``retired``), ``ratings_readable`` (each rating with the ladder's title, the staff's
    and their own step as text, and ``made_by``: the staff member who made the follow-up,
    "ukendt" for one from before that was kept), ``audit`` (the log about them; staff by role only).
    """
    person = data.participant
    ladders = [
        {
            "id": str(ladder.id),
            "title": ladder.title,
            "change_goal": ladder.change_goal,
            "steps": [
                {
                    "id": str(step.id),
                    "level": ladder.level_of(step.id),
                    "text": step.text,
                    "signs": step.signs,
                    "action": step.action,
                    "retired": step.is_deleted,
                }
                for step in ladder.steps
            ],
        }
        for ladder in data.ladders.values()
    ]
    ladder_of = {e.id: data.ladders.get(e.ladder_id) for e in person.enrolments}
    readable: list[dict[str, Any]] = []
    for follow_up in sorted(person.follow_ups, key=lambda f: (f.date, f.id)):
        for rating in follow_up.ratings:
            ladder = ladder_of.get(rating.enrolment_id)
            readable.append(
                {
                    "date": follow_up.date.isoformat(),
                    "ladder": (ladder.title or ladder.change_goal) if ladder else "",
                    "staff_step": data.step_text(rating.staff_step_id),
                    "own_step": data.step_text(rating.participant_step_id),
                    "note": rating.note,
                    "action": rating.action,
                    "made_by": follow_up.author_text,
                    "removed": rating.is_deleted or follow_up.is_deleted,
                }
            )
    return {
        "format": INSIGHT_FORMAT,
        "made_at": data.made_at.astimezone(UTC).isoformat(),
        "organisation": data.organisation.name,
        "participant": person.model_dump(mode="json"),
        "target_group": data.target_group or None,
        "ladders": ladders,
        "ratings_readable": readable,
        "audit": [entry_json(entry, staff_names=False) for entry in data.audit],
    }


def insight_basename(code: str, day: date) -> str:
    """The file name (without suffix) of an insight export, from the code (never the name)."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in code.strip())
    safe = safe.strip("-.") or "deltager"
    return f"indsigt-{safe}-{day.isoformat()}"


# -- errors ---------------------------------------------------------------------------------


class ParticipantErasedError(ForandringError):
    """Something tried to store a participant who was erased for good."""

    def __init__(self) -> None:
        super().__init__(
            "Deltageren er slettet for altid og kan ikke gemmes igen (fortryd virker ikke "
            "efter en sletning). Intet er ændret."
        )
