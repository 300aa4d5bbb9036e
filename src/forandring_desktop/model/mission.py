"""Step 1 of the guide: organisation, vision and mission drafts with the quality checklist."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from forandring_desktop.model.base import Entity, LongText, Name, Record, ShortText
from forandring_desktop.model.texts import QT_TRANSLATE_NOOP

DEFAULT_MAIN_AREAS = ("Social", "Sundhed", "Beskæftigelse")  # seed 003's hovedområder


class Organisation(Entity):
    name: Name
    vision: LongText = ""
    main_areas: list[Name] = Field(default_factory=lambda: list(DEFAULT_MAIN_AREAS), max_length=12)

    @field_validator("main_areas")
    @classmethod
    def _unique_areas(cls, areas: list[str]) -> list[str]:
        seen = {a.casefold() for a in areas}
        if len(seen) != len(areas):
            raise PydanticCustomError("duplicate_area", "Hvert hovedområde må kun stå én gang.")
        return areas


class ChecklistQuestion(StrEnum):
    """The guide's four checklist questions for a mission."""

    CONCRETE = "concrete"
    REALISTIC = "realistic"
    OUR_PART = "our_part"
    BURNING_PLATFORM = "burning_platform"


CHECKLIST_TEXT: dict[ChecklistQuestion, str] = {
    ChecklistQuestion.CONCRETE: QT_TRANSLATE_NOOP(
        "Guide",
        "Er det tydeligt hvad det er I lover at opnå for jeres målgruppe? Undgår I vage "
        "formuleringer som ’blive bedre’ og undskyldninger for ikke at nå jeres resultater?",
    ),
    ChecklistQuestion.REALISTIC: QT_TRANSLATE_NOOP(
        "Guide",
        "Er det, I lover i missionen, realistisk? Undgår I at fremstille en vision for den "
        "situation, I gerne vil frem til på langt sigt og holder jer til en mission for det, "
        "I kan gøre i morgen?",
    ),
    ChecklistQuestion.OUR_PART: QT_TRANSLATE_NOOP(
        "Guide",
        "Holder I jer til jeres del af forandringen? Kan I være nogenlunde sikre på at nå "
        "jeres mål, hvis I gør jeres del?",
    ),
    ChecklistQuestion.BURNING_PLATFORM: QT_TRANSLATE_NOOP(
        "Guide",
        "Skaber I en brændende platform? Er missionen konkret nok til at I vil kunne se det, "
        "hvis I ikke leverer det, I har lovet? Har I sørget for at love noget, som ikke bare "
        "sker ’af sig selv’ uanset hvad I gør?",
    ),
}

# The three questions of the missions-arbejdsark, in the guide's words.
MISSION_QUESTIONS: dict[str, str] = {
    "who": QT_TRANSLATE_NOOP("Guide", "HVEM skaber I forandring for?"),
    "what": QT_TRANSLATE_NOOP(
        "Guide", "HVAD sker der med jeres målgruppe, når I lever op til jeres mission?"
    ),
    "how": QT_TRANSLATE_NOOP("Guide", "HVORDAN sikrer I, at målgruppen opnår denne forandring?"),
}
MISSION_COMBINE = QT_TRANSLATE_NOOP(
    "Guide", "Kombiner svarene på de tre spørgsmål i 2-3 sætninger, og I har jeres mission."
)


class Answer(StrEnum):
    UNANSWERED = "unanswered"
    YES = "yes"
    NO = "no"
    UNCERTAIN = "uncertain"


class ChecklistAnswer(Record):
    question: ChecklistQuestion
    answer: Answer = Answer.UNANSWERED
    note: LongText = ""


def _blank_checklist() -> list[ChecklistAnswer]:
    return [ChecklistAnswer(question=q) for q in ChecklistQuestion]


class MissionDraft(Entity):
    title: ShortText = ""
    who: LongText = ""
    what: LongText = ""
    how: LongText = ""
    mission_text: LongText = ""
    checklist: list[ChecklistAnswer] = Field(
        default_factory=_blank_checklist, max_length=len(ChecklistQuestion)
    )
    chosen: bool = False

    @field_validator("checklist")
    @classmethod
    def _one_answer_per_question(cls, answers: list[ChecklistAnswer]) -> list[ChecklistAnswer]:
        questions = [a.question for a in answers]
        if sorted(questions) != sorted(ChecklistQuestion):
            raise PydanticCustomError(
                "checklist_incomplete",
                "Tjeklisten skal have præcis ét svar til hvert af de fire spørgsmål.",
            )
        order = list(ChecklistQuestion)
        return sorted(answers, key=lambda a: order.index(a.question))

    def answer(self, question: ChecklistQuestion) -> ChecklistAnswer:
        return next(a for a in self.checklist if a.question == question)
