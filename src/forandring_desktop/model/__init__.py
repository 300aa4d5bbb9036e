"""The method itself: pydantic models, rules and (later) progression maths. No Qt, no SQL."""

from forandring_desktop.model.action_plan import (
    ActionArea,
    ActionStatus,
    ActionTarget,
    PlanAction,
    TargetKind,
)
from forandring_desktop.model.base import Entity, Record, utcnow, uuid7
from forandring_desktop.model.document import (
    FORMAT,
    OrganisationDocument,
    parse_document,
    parse_json,
    to_json,
    validate_document,
)
from forandring_desktop.model.door import COLOUR_MEANING, Colour, DoorNote, DoorSheet, Side
from forandring_desktop.model.errors import ForandringError, InvalidDataError, Problem
from forandring_desktop.model.ladder import Ladder, LadderStep
from forandring_desktop.model.method import MethodDescription, Phase, Role
from forandring_desktop.model.mission import (
    CHECKLIST_TEXT,
    Answer,
    ChecklistAnswer,
    ChecklistQuestion,
    MissionDraft,
    Organisation,
)
from forandring_desktop.model.participants import (
    AreaScore,
    Challenge,
    ChallengeState,
    ChallengeStatus,
    Destination,
    Enrolment,
    Exit,
    FollowUp,
    LadderRating,
    Participant,
)
from forandring_desktop.model.personas import Persona, PersonaKind, TargetGroup
from forandring_desktop.model.story_cards import STORY_CARDS, story_card

__all__ = [
    "CHECKLIST_TEXT",
    "COLOUR_MEANING",
    "FORMAT",
    "STORY_CARDS",
    "ActionArea",
    "ActionStatus",
    "ActionTarget",
    "Answer",
    "AreaScore",
    "Challenge",
    "ChallengeState",
    "ChallengeStatus",
    "ChecklistAnswer",
    "ChecklistQuestion",
    "Colour",
    "Destination",
    "DoorNote",
    "DoorSheet",
    "Enrolment",
    "Entity",
    "Exit",
    "FollowUp",
    "ForandringError",
    "InvalidDataError",
    "Ladder",
    "LadderRating",
    "LadderStep",
    "MethodDescription",
    "MissionDraft",
    "Organisation",
    "OrganisationDocument",
    "Participant",
    "Persona",
    "PersonaKind",
    "Phase",
    "PlanAction",
    "Problem",
    "Record",
    "Role",
    "Side",
    "TargetGroup",
    "TargetKind",
    "parse_document",
    "parse_json",
    "story_card",
    "to_json",
    "utcnow",
    "uuid7",
    "validate_document",
]
