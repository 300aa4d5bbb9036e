"""Redskab B of seed 001: "Metodebeskrivelse - den gode borgerrejse", one per target group.

Filled in the seed's order: 1. the phases I-III of "Arbejdsgang for indsatsen" (what we
do, what we want to develop), 2. "Roller og ansvar" (who does what when, internal and
external actors), 3. "Kernen i indsatsen" (the principles that must not be broken).
"""

from __future__ import annotations

import uuid

from pydantic import Field

from forandring_desktop.model.base import LIST_MAX, Entity, ItemText, LongText, Record, ShortText
from forandring_desktop.model.texts import QT_TRANSLATE_NOOP

PHASE_COUNT = 3
PHASE_NAMES = (
    QT_TRANSLATE_NOOP("Guide", "Fase I"),
    QT_TRANSLATE_NOOP("Guide", "Fase II"),
    QT_TRANSLATE_NOOP("Guide", "Fase III"),
)

METHOD_HEADING = QT_TRANSLATE_NOOP("Guide", "Metodebeskrivelse - den gode borgerrejse")
METHOD_INTRO = QT_TRANSLATE_NOOP(
    "Guide",
    "Metodebeskrivelsen hjælper jer med at beskrive den borgerrettede indsats, så alle i "
    "teamet kender indsatsens kerneelementer og faserne i udførelsen. Formålet er også at "
    "tydeliggøre de forskellige aktørers roller og ansvar. Beskrivelsen skal vise, hvordan I "
    "ønsker at håndtere et borgerforløb hos jer.",
)
WORKFLOW_HEADING = QT_TRANSLATE_NOOP("Guide", "Arbejdsgang for indsatsen")
ROLES_HEADING = QT_TRANSLATE_NOOP("Guide", "Roller og ansvar")
CORE_HEADING = QT_TRANSLATE_NOOP("Guide", "Kernen i indsatsen")
DOING_LABEL = QT_TRANSLATE_NOOP("Guide", "Hvad vi gør")
DEVELOPING_LABEL = QT_TRANSLATE_NOOP("Guide", "Hvad vi ønsker at udvikle")

# The seed's three instructions ("Sådan bruger I modellen"), in its order of filling in.
STEP_PHASES = QT_TRANSLATE_NOOP(
    "Guide",
    "1. Begynd med at udfylde Fase I-III under Arbejdsgang for indsatsen. Her sætter I fokus "
    "på udviklingen af et eksemplarisk borgerforløb i kommunen. Indfang, hvad I gør, og hvad "
    "I ønsker at udvikle.",
)
STEP_ROLES = QT_TRANSLATE_NOOP(
    "Guide",
    "2. Udfyld dernæst Roller og ansvar under Arbejdsgang for indsatsen. Bliv konkrete på, "
    "hvem der skal gøre hvad hvornår for at føre forandringsteori og borgerrejse ud i livet. "
    "Sæt fokus på aktører internt og eksternt.",
)
STEP_CORE = QT_TRANSLATE_NOOP(
    "Guide",
    "3. Til sidst udfylder I de ufravigelige principper øverst under Kernen i indsatsen. Her "
    "beskriver I helt konkret de principper, der skal overholdes for at indsatsen bliver "
    "virkningsfuld.",
)
METHOD_TIP = QT_TRANSLATE_NOOP(
    "Guide",
    "TIP: I kan udfylde en metodebeskrivelse for hver målgruppe, I ønsker at arbejde med. Det "
    "gør metoden så meget desto mere specifik og anvendelig, når I kommer til praksis.",
)


class Phase(Record):
    """One phase of the workflow: what we do, and what we want to develop."""

    doing: LongText = ""
    developing: LongText = ""


class Role(Record):
    """One row of "Roller og ansvar": an actor, inside or outside, who does what when."""

    actor: ShortText = ""
    external: bool = False
    responsibility: LongText = ""
    when: ShortText = ""


def _three_phases() -> list[Phase]:
    return [Phase() for _ in range(PHASE_COUNT)]


class MethodDescription(Entity):
    target_group_id: uuid.UUID | None = None  # None: not (yet) for one target group
    title: ShortText = ""
    phases: list[Phase] = Field(
        default_factory=_three_phases, min_length=PHASE_COUNT, max_length=PHASE_COUNT
    )
    roles: list[Role] = Field(default_factory=list, max_length=LIST_MAX)
    core: list[ItemText] = Field(default_factory=list, max_length=LIST_MAX)
