"""Redskab C of seed 001: the action plan ("Handleplanen – Sådan gør vi det hele i praksis").

An action says what (hvad) is to be done, who (hvem) does it and by when (hvornår); it has
a status and may point at what it serves (a ladder today, a card of the theory-of-change
canvas later). Actions are grouped by the seed's four questions of what the effort asks
of the organisation, and belong to the whole organisation or to one target group.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from enum import StrEnum

from forandring_desktop.model.base import Entity, LongText, Record, ShortText
from forandring_desktop.model.texts import QT_TRANSLATE_NOOP


class ActionArea(StrEnum):
    """The seed's four questions: what the effort asks of ..."""

    ORGANISATION = "organisation"
    STAFF = "staff"
    TOOLS = "tools"
    PARTNERS = "partners"


AREA_TEXT: dict[ActionArea, str] = {
    ActionArea.ORGANISATION: QT_TRANSLATE_NOOP(
        "Guide", "organisering (ledelse, samarbejde på tværs)"
    ),
    ActionArea.STAFF: QT_TRANSLATE_NOOP("Guide", "medarbejdere (adfærd og kompetencer)"),
    ActionArea.TOOLS: QT_TRANSLATE_NOOP("Guide", "redskaber (information og processer)"),
    ActionArea.PARTNERS: QT_TRANSLATE_NOOP(
        "Guide", "samarbejdspartnere (virksomheder og anden aktør)"
    ),
}

PLAN_HEADING = QT_TRANSLATE_NOOP("Guide", "Handleplanen - Sådan gør vi det hele i praksis")
PLAN_INTRO = QT_TRANSLATE_NOOP(
    "Guide",
    "Med afsæt i forandringsteorien og metodebeskrivelsen skal I nu drøfte i grupper, hvad I "
    "skal gøre for at føre forandringen og den ønskede, skitserede borgerrejse ud i livet.",
)
PLAN_QUESTIONS = QT_TRANSLATE_NOOP(
    "Guide",
    "I kan fx stille jer selv supplerende spørgsmål i forhold til, hvad indsatsen kræver af:",
)
FOLLOW_UP_HEADING = QT_TRANSLATE_NOOP("Guide", "Redskab til opfølgning")
FOLLOW_UP_TEXT = QT_TRANSLATE_NOOP(
    "Guide",
    "Handleplanen skal konkretisere, hvem der skal gøre hvad og hvornår for at målene kan "
    "realiseres.",
)


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


STATUS_TEXT: dict[ActionStatus, str] = {
    ActionStatus.NOT_STARTED: QT_TRANSLATE_NOOP("Guide", "Ikke startet"),
    ActionStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("Guide", "I gang"),
    ActionStatus.DONE: QT_TRANSLATE_NOOP("Guide", "Færdig"),
}


class TargetKind(StrEnum):
    """What an action can serve. The theory-of-change canvas will add its cards here."""

    LADDER = "ladder"


class ActionTarget(Record):
    kind: TargetKind
    id: uuid.UUID


class PlanAction(Entity):
    """One action of the plan: hvad, hvem, hvornår, status."""

    target_group_id: uuid.UUID | None = None  # None: the whole organisation's plan
    area: ActionArea = ActionArea.ORGANISATION
    what: LongText = ""
    who: ShortText = ""
    due: datetime.date | None = None
    status: ActionStatus = ActionStatus.NOT_STARTED
    target: ActionTarget | None = None

    def is_overdue(self, today: datetime.date) -> bool:
        """Its date has passed and it is not done."""
        return self.due is not None and self.due < today and self.status != ActionStatus.DONE


def follow_up_order(actions: Iterable[PlanAction], today: datetime.date) -> list[PlanAction]:
    """The live actions for 'Opfølgning': overdue first (the oldest date first), then the
    open ones by date (those without a date after them), the finished ones last."""

    def key(action: PlanAction) -> tuple[int, datetime.date, uuid.UUID]:
        if action.is_overdue(today):
            rank = 0
        elif action.status == ActionStatus.DONE:
            rank = 2
        else:
            rank = 1
        return rank, action.due or datetime.date.max, action.id

    return sorted((a for a in actions if not a.is_deleted), key=key)
