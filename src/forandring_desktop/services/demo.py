"""Demo data: the guide's fictitious company iGangiGen as one complete, valid document.

Pure model data: no I/O, no Qt, no SQL. Everything but entity ids and timestamps is
determined by ``seed`` and ``today``, so a demo looks the same every time it is built.
"""

from __future__ import annotations

import datetime
import itertools
import random
import uuid
from typing import NamedTuple

from forandring_desktop.model import (
    Answer,
    AreaScore,
    Challenge,
    ChallengeState,
    ChallengeStatus,
    ChecklistAnswer,
    ChecklistQuestion,
    Colour,
    Destination,
    DoorNote,
    DoorSheet,
    Enrolment,
    Exit,
    FollowUp,
    Ladder,
    LadderRating,
    LadderStep,
    MissionDraft,
    Organisation,
    OrganisationDocument,
    Participant,
    Persona,
    PersonaKind,
    Side,
    TargetGroup,
    board,
)
from forandring_desktop.services.demo_plans import demo_actions, demo_method

# --- Organisation and mission (step 1) -------------------------------------------------

ORGANISATION_NAME = "iGangiGen"
VISION = "Et arbejdsmarked, hvor alle kan bidrage med deres styrker."


class _MissionSpec(NamedTuple):
    title: str
    mission_text: str
    who: str
    what: str
    how: str
    checklist: tuple[tuple[ChecklistQuestion, Answer, str], ...]
    chosen: bool


_MISSIONS: tuple[_MissionSpec, ...] = (
    _MissionSpec(
        title="Gammel mission",
        mission_text=(
            "iGangiGen gør sit yderste for at give borgere, der ikke kan rummes på "
            "arbejdsmarkedet mulighed for at udnytte deres kompetencer ved at tilbyde "
            "jobtræning og individuel støtte i et anerkendende miljø."
        ),
        who="Borgere, der ikke kan rummes på arbejdsmarkedet",
        what="Mulighed for at udnytte deres kompetencer",
        how="Jobtræning og individuel støtte i et anerkendende miljø",
        checklist=(
            (
                ChecklistQuestion.CONCRETE,
                Answer.NO,
                "’Gør sit yderste’ er ikke forpligtende, og målgruppen er for ukonkret.",
            ),
            (
                ChecklistQuestion.REALISTIC,
                Answer.UNCERTAIN,
                "Vi kan ikke love en plads på arbejdsmarkedet; vi afklarer folk.",
            ),
            (ChecklistQuestion.OUR_PART, Answer.UNCERTAIN, ""),
            (
                ChecklistQuestion.BURNING_PLATFORM,
                Answer.NO,
                "Vi kan ikke se, om vi har leveret det, vi har lovet.",
            ),
        ),
        chosen=False,
    ),
    _MissionSpec(
        title="Ny mission",
        mission_text=(
            "iGangiGen giver borgere, der har væsentlige sociale problemer, der står i vejen "
            "for arbejdsmarkedstilknytning, forudsætningerne for at komme videre i job eller "
            "uddannelse. iGangiGen opnår dette ved at støtte borgerne i at indgå i et "
            "forpligtende arbejdsfællesskab i trygge og anerkendende rammer, hvor de kan finde "
            "deres individuelle styrker."
        ),
        who=(
            "Borgere, der har væsentlige sociale problemer, der står i vejen for "
            "arbejdsmarkedstilknytning"
        ),
        what="Forudsætningerne for at komme videre i job eller uddannelse",
        how=(
            "Et forpligtende arbejdsfællesskab i trygge og anerkendende rammer, hvor de kan "
            "finde deres individuelle styrker"
        ),
        checklist=(
            (ChecklistQuestion.CONCRETE, Answer.YES, ""),
            (ChecklistQuestion.REALISTIC, Answer.YES, ""),
            (ChecklistQuestion.OUR_PART, Answer.YES, ""),
            (
                ChecklistQuestion.BURNING_PLATFORM,
                Answer.UNCERTAIN,
                "Vi skal stadig gå i detaljer med, hvad vi forstår ved "
                "’forudsætninger for at komme videre’.",
            ),
        ),
        chosen=True,
    ),
)

# --- Personas and target groups (step 2) -----------------------------------------------


class _PersonaSpec(NamedTuple):
    name: str
    gender: str
    age: int
    kind: PersonaKind
    background: tuple[str, ...]
    problems: tuple[str, ...]


_NATASHA = _PersonaSpec(
    name="Natasha",
    gender="Kvinde",
    age=23,
    kind=PersonaKind.TYPICAL,
    background=(
        "Bor i Ikast.",
        "Gennemført folkeskole.",
        "Dysfunktionel familie – kaotisk og belastet forhold til forældre.",
        "Har været gennem en række aktivitets- og uddannelsesforløb. "
        "Alle blev dog afbrudt efter en kortere periode.",
        "Har været på offentlig forsørgelse igennem en årrække.",
    ),
    problems=(
        "Dårlige faglige kundskaber.",
        "Svært ved at håndtere konflikter (udadreagerende).",
        "Tegn på ADHD (dog uafklaret).",
        "Hashmisbrug.",
        "Problemer med familie skaber store problemer i hverdagen.",
        "Meget lavt selvværd.",
        "Social angst – mangel på social kontakt og netværk.",
    ),
)

_KLAUS = _PersonaSpec(
    name="Klaus",
    gender="Mand",
    age=51,
    kind=PersonaKind.HARD,
    background=(
        "Bor i Herning.",
        "Tidligere arbejdet 23 år som jord- og betonarbejder.",
        "Fik en arbejdsskade for 8 år siden med et knæk i ryggen. Har siden haft rygproblemer.",
        "Haft flere diskusprolapser, været gennem flere operationer. Fortsat diffuse smerter.",
        "Misbrug startede med selvmedicinering ved brug af smertestillende piller og alkohol.",
        "Siden arbejdsskade kun haft sporadisk tilknytning til arbejdsmarkedet.",
        "Fraskilt og bor alene.",
        "Har to børn fra et tidligere forhold han sjældent ser.",
        "Oplevet en social deroute og i stigende grad isoleret sig.",
    ),
    problems=(
        "Uafklarethed over reel arbejdsevne.",
        "Meget indelukket.",
        "Stor gæld.",
        "Fastlåst situation.",
        "Vred på ’systemet’, føler sig svigtet.",
        "Alkohol- og pille-misbrug.",
        "Ensom.",
    ),
)

_YOUNG_GROUP = (
    "Unge med sociale problemer og misbrug",
    "Unge 18-30 år, der har væsentlige sociale problemer og ofte et misbrug.",
)
_WORN_GROUP = (
    "Voksne nedslidte med misbrug",
    "Voksne over 45, nedslidte efter mange år på arbejdsmarkedet, ofte med misbrug.",
)

# --- Door sheets (step 3) ----------------------------------------------------------------


class _PairSpec(NamedTuple):
    """An in-note and the out-note it turns into; ``out_colour`` None means same colour."""

    in_text: str
    out_text: str
    colour: Colour
    out_colour: Colour | None = None


_G, _Y, _R = Colour.GREEN, Colour.YELLOW, Colour.RED

_NATASHA_PAIRS: tuple[_PairSpec, ...] = (
    _PairSpec(
        "Dårlige faglige kundskaber. Dumpede matematik ved 9. klasses afgangseksamen.",
        "Faglige kundskaber løftet. Bestået matematik på 9. klasses-niveau med 04.",
        _G,
    ),
    _PairSpec("Meget lavt selvværd.", "Blevet bevidst om at være god til noget.", _G),
    _PairSpec("Meget ustabilt fremmøde.", "Stabilt fremmøde.", _G),
    _PairSpec("Holder ikke aftaler.", "Overholder aftaler – melder afbud ved sygdom.", _G),
    _PairSpec("Kommer let i konflikter.", "Håndterer konflikter hensigtsmæssigt.", _G),
    _PairSpec(
        "Social angst / indelukket – holder sig meget for sig selv.",
        "Har oplevet at være vigtig ift. opgaver og fællesskaber.",
        _G,
    ),
    _PairSpec("Ikke erkendt hashmisbrug.", "Erkendt misbrug og iværksat misbrugsbehandling.", _Y),
    _PairSpec("Indikationer på ADHD (dog uafklaret).", "Mistanke om ADHD afklaret.", _Y),
    _PairSpec(
        "Kaotiske familieforhold forstyrrer ofte i hverdagen.",
        "Viser overskud til bedre at tackle sin familiesituation – går ikke helt ned med "
        "flaget, når det går skævt.",
        _R,
        _Y,
    ),
)

_KLAUS_PAIRS: tuple[_PairSpec, ...] = (
    _PairSpec(
        "Meget indelukket.",
        "Kan indgå i sociale sammenhænge – deltager i fællesskabet på arbejdspladsen.",
        _G,
    ),
    _PairSpec(
        "Manglende evne til at samarbejde.", "Fungerer i team om løsning af fælles opgaver.", _G
    ),
    _PairSpec(
        "Er fastlåst i sin situation, kan ikke se nogen vej videre.",
        "Har planer for sin fremtid, som han tror på.",
        _G,
    ),
    _PairSpec(
        "Uafklaret arbejdsevne.",
        "Har fundet gode arbejdsfunktioner i henhold til skånehensyn.",
        _Y,
    ),
    _PairSpec("Ikke erkendt misbrug.", "Erkendt misbrug / plan for behandling.", _Y),
    _PairSpec(
        "Tanker om økonomien og den store gæld fylder meget.",
        "Overblik over økonomi og boligsituation.",
        _Y,
    ),
)
_KLAUS_UNPAIRED: tuple[tuple[str, Colour], ...] = (("Belastet forhold til kommunen.", _R),)

# --- Goal ladders (step 4) ---------------------------------------------------------------


class _StepSpec(NamedTuple):
    text: str
    signs: str
    action: str


class _LadderSpec(NamedTuple):
    title: str
    change_goal: str
    steps: tuple[_StepSpec, ...]  # bottom (UDGANGSPUNKTET) -> top (MÅLET)


_ABUSE_LADDER = _LadderSpec(
    title="Misbrug",
    change_goal="Erkender misbrug og er villig til at komme ud af det",
    steps=(
        _StepSpec(
            "Benægter at bruge stoffer og have et misbrug.",
            "Ønsker på ingen måde at tale om stoffer og misbrug og nægter at diskutere emnet.",
            "Opbyg tillid gennem det daglige arbejde, og vis, at man kan tale åbent om alt "
            "uden at blive dømt.",
        ),
        _StepSpec(
            "Vedkender at benytte stoffer, men nægter at det er et problem.",
            "Vedkommende indvilliger i at tale om brug af stofferne. At det skulle være et "
            "problem eller misbrug afvises stadig.",
            "Spørg roligt og nysgerrigt ind til brugen, når personen selv nævner den – uden "
            "at moralisere.",
        ),
        _StepSpec(
            "Erkender brug af stoffer.",
            "Indgår i dialog omkring brug af stoffer.",
            "Tal om konkrete hændelser som fravær, penge og konflikter, og spørg ind til "
            "sammenhængen med stofferne.",
        ),
        _StepSpec(
            "Forståelse af at det er et problem.",
            "Kan godt se, at der er negative konsekvenser af misbrug i pågældendes liv.",
            "Lav sammen en liste over fordele og ulemper ved forbruget, og sæt ord på misbruget.",
        ),
        _StepSpec(
            "Erkendelse af misbrug men modvillig mod handling.",
            "Kan godt se, at der er et misbrug, men er modvillig ift. at gøre noget ved det. "
            "Erkender misbrug men er modvillig mod behandling.",
            "Fortæl om mulighederne for behandling, og tilbyd at tage med til en første, "
            "uforpligtende samtale.",
        ),
        _StepSpec(
            "Erkender misbrug og er villig til at komme ud af det.",
            "Personen udtrykker lyst til at finde løsninger på problemet og er klar på at "
            "arbejde med det ift. behandling.",
            "Hold fast i aftalerne om behandling: følg op hver uge, og tilpas arbejdet, så "
            "det passer med behandlingsforløbet.",
        ),
    ),
)

_SOCIAL_LADDER = _LadderSpec(
    title="Social kontakt",
    change_goal="Tryg og aktiv i sociale sammenhænge",
    steps=(
        _StepSpec(
            "Meget indelukket.",
            "Holder sig for sig selv. Undviger kontakt. Sætter sig for sig selv ved frokost. "
            "Svarer i enstavelsesord.",
            "Arbejdslederen tager en kort, uformel snak hver morgen om noget konkret fra arbejdet.",
        ),
        _StepSpec(
            "Begynder at lukke sig op for tillidspersoner.",
            "Lykkes med at skabe kontakt til vedkommende og samtale. Kan føre samtale med "
            "formanden.",
            "Sæt personen til opgaver sammen med én fast, rolig kollega, og inviter med til "
            "frokost uden krav om at tale.",
        ),
        _StepSpec(
            "Undviger ikke ved kontakt med kolleger.",
            "Kan deltage i fælles frokost. Dog stadig passiv i samtalerne.",
            "Giv små opgaver, der kræver, at personen spørger en kollega, og ros, når det lykkes.",
        ),
        _StepSpec(
            "Opsøger kontakt til kendte personer.",
            "Samtaler med personer han/hun kender. Stadig tøvende ift. fremmede personer. "
            "Indleder samtaler med andre fra arbejdsholdet.",
            "Lad personen tage imod kunder eller vise nye rundt sammen med en kendt kollega.",
        ),
        _StepSpec(
            "Ikke længere utryg overfor ikke kendte personer.",
            "Vedkommende deltager i de sociale aktiviteter. Kan samtale med fremmede personer.",
            "Giv ansvar for en fælles aktivitet, fx fredagsfrokosten, med en kollega i baghånden.",
        ),
        _StepSpec(
            "Socialt deltagende og ikke utryg ved kontakt med fremmede.",
            "Ingen problemer med at skabe kontakt og samtale. Tager ansvar for sociale "
            "sammenhænge. Glider ind i nye sociale sammenhænge.",
            "Giv fortsat ansvar i fællesskabet, fx som makker for nye, og tal om, hvordan "
            "det kan fortsætte efter forløbet.",
        ),
    ),
)

# --- Generated participants --------------------------------------------------------------

_FIRST_NAMES = (
    "Mads", "Sofie", "Emil", "Freja", "Jonas", "Ida", "Mikkel", "Laura", "Kasper", "Amalie",
    "Rasmus", "Julie", "Tobias", "Cecilie", "Nikolaj", "Anne", "Lars", "Mette", "Henrik",
    "Susanne",
)  # fmt: skip
_SURNAMES = (
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Rasmussen", "Jørgensen", "Kristensen", "Madsen", "Østergaard", "Bæk",
)  # fmt: skip
_MENTORS = ("Maja Mentorsen", "Ole Arbejdsleder", "Sara Jobkonsulent")  # fictitious staff
_MUNICIPALITIES = (
    "Herning Kommune",
    "Ikast-Brande Kommune",
    "Holstebro Kommune",
    "Silkeborg Kommune",
)
_FOLLOW_UP_NOTES = (
    "God uge.",
    "Har haft en svær uge.",
    "Mødte stabilt op.",
    "Var syg to dage, men meldte afbud.",
    "Godt samarbejde på holdet.",
    "Konflikt med en kollega, som blev løst samme dag.",
)
_RATING_NOTES = (
    "Tydelig fremgang.",
    "Lidt tilbageslag i denne uge.",
    "Uændret, men stabil.",
    "Aftalt en ny, lille handling.",
)
_EXITS: dict[Destination, str] = {
    Destination.JOB: "Fastansat hos en lokal virksomhed.",
    Destination.EDUCATION: "Startet på en erhvervsuddannelse.",
    Destination.OTHER_OFFER: "Overgået til et andet tilbud i kommunen.",
    Destination.FLEX_JOB: "Ansat i fleksjob med skånehensyn.",
}

FOLLOW_UPS = 13  # weekly follow-ups per participant
_MAX_EXTRA_WEEKS = 20  # how much earlier than the minimum a participant may have started
_ENDED_SHARE = 3  # one in this many participants has ended
_CHALLENGES = (4, 7)
_WEIGHT = (3, 10)
_NO_WEIGHT_P = 0.2
_STAFF_UP_P = 0.22
_STAFF_DOWN_P = 0.12
_SELF_OFF_P = 0.3  # each way: the participant rates one step above / below the staff
_CHALLENGE_UP_P = 0.08
_CHALLENGE_DOWN_P = 0.02
_AREA_UP_P = 0.40
_AREA_DOWN_P = 0.15
_AREA_LIMIT = 5
_NOTE_P = 0.3
_RATING_NOTE_P = 0.2
_CHALLENGE_ORDER = (ChallengeState.UNRESOLVED, ChallengeState.PARTLY, ChallengeState.FULLY)


def build_demo_document(
    *, seed: int = 2015, today: datetime.date | None = None, participants: int = 15
) -> OrganisationDocument:
    """The guide's iGangiGen with ``participants`` generated, pseudonymous participants."""
    if participants < 0:
        raise ValueError("participants must not be negative")
    day = today if today is not None else datetime.date.today()
    rng = random.Random(seed)

    organisation = Organisation(name=ORGANISATION_NAME, vision=VISION)
    natasha, klaus = _persona(_NATASHA), _persona(_KLAUS)
    groups = [_target_group(*_YOUNG_GROUP, natasha), _target_group(*_WORN_GROUP, klaus)]
    sheets = [
        _door_sheet(natasha, _NATASHA_PAIRS),
        _door_sheet(klaus, _KLAUS_PAIRS, _KLAUS_UNPAIRED),
    ]
    # Both the guide's ladders fit both target groups (misbrug, and being closed off).
    ladders = [_ladder(_ABUSE_LADDER, groups), _ladder(_SOCIAL_LADDER, groups)]
    sheet_of_group = {
        group.id: next(s for s in sheets if s.persona_id in group.persona_ids) for group in groups
    }

    names = _names(rng, participants)
    ended = set(rng.sample(range(participants), participants // _ENDED_SHARE))
    people = [
        _participant(
            rng,
            number=i + 1,
            name=names[i],
            today=day,
            group=groups[i % len(groups)],
            sheet=sheet_of_group[groups[i % len(groups)].id],
            ladders=ladders,
            areas=organisation.main_areas,
            ended=i in ended,
        )
        for i in range(participants)
    ]
    return OrganisationDocument(
        organisation=organisation,
        mission_drafts=[_mission(spec) for spec in _MISSIONS],
        personas=[natasha, klaus],
        target_groups=groups,
        door_sheets=sheets,
        ladders=ladders,
        participants=people,
        method_descriptions=[demo_method(groups[0])],
        plan_actions=demo_actions(groups, ladders, day),
    )


# --- Builders for the fixed content ------------------------------------------------------


def _mission(spec: _MissionSpec) -> MissionDraft:
    return MissionDraft(
        title=spec.title,
        who=spec.who,
        what=spec.what,
        how=spec.how,
        mission_text=spec.mission_text,
        checklist=[ChecklistAnswer(question=q, answer=a, note=n) for q, a, n in spec.checklist],
        chosen=spec.chosen,
    )


def _persona(spec: _PersonaSpec) -> Persona:
    return Persona(
        name=spec.name,
        gender=spec.gender,
        age=spec.age,
        kind=spec.kind,
        background=list(spec.background),
        problems=list(spec.problems),
    )


def _target_group(name: str, description: str, persona: Persona) -> TargetGroup:
    return TargetGroup(name=name, description=description, persona_ids=[persona.id])


def _door_sheet(
    persona: Persona,
    pairs: tuple[_PairSpec, ...],
    unpaired: tuple[tuple[str, Colour], ...] = (),
) -> DoorSheet:
    """Each note at the bottom of its colour lane, as the guide's 'ark med farveangivelser'
    sorts them; a pair's two notes face each other across the door."""
    notes: list[DoorNote] = []

    def place(text: str, side: Side, colour: Colour) -> DoorNote:
        target = board.lane(side, colour)
        note = DoorNote(
            text=text,
            side=side,
            colour=colour,
            x=target.note_x,
            y=board.next_free_y(notes, target),
            width=board.NOTE_WIDTH,
            height=board.NOTE_HEIGHT,
        )
        notes.append(note)
        return note

    for pair in pairs:
        in_note = place(pair.in_text, Side.IN, pair.colour)
        out_note = place(pair.out_text, Side.OUT, pair.out_colour or pair.colour)
        in_note.pair_id = out_note.id
    for text, colour in unpaired:
        place(text, Side.IN, colour)
    return DoorSheet(title=persona.name, persona_id=persona.id, notes=notes)


def _ladder(spec: _LadderSpec, groups: list[TargetGroup]) -> Ladder:
    steps = [LadderStep(text=s.text, signs=s.signs, action=s.action) for s in spec.steps]
    return Ladder(
        title=spec.title,
        change_goal=spec.change_goal,
        steps=steps,
        target_group_ids=[g.id for g in groups],
    )


# --- Generators for participants ---------------------------------------------------------


def _names(rng: random.Random, count: int) -> list[str]:
    """``count`` fictitious names, unique as long as the name lists allow."""
    combos = [f"{first} {last}" for first, last in itertools.product(_FIRST_NAMES, _SURNAMES)]
    rng.shuffle(combos)
    return [combos[i % len(combos)] for i in range(count)]


def _participant(
    rng: random.Random,
    *,
    number: int,
    name: str,
    today: datetime.date,
    group: TargetGroup,
    sheet: DoorSheet,
    ladders: list[Ladder],
    areas: list[str],
    ended: bool,
) -> Participant:
    # An ended participant needs one more week after the last follow-up for the exit.
    extra_weeks = rng.randint(1 if ended else 0, _MAX_EXTRA_WEEKS)
    start = today - datetime.timedelta(weeks=FOLLOW_UPS + extra_weeks)
    municipality = rng.choice(_MUNICIPALITIES)
    challenges = _challenges(rng, sheet)
    enrolments = [_enrolment(rng, ladder) for ladder in ladders]
    mentor = _MENTORS[number % len(_MENTORS)]
    follow_ups = [  # made by the participant's mentor (a fictitious staff member)
        f.model_copy(update={"author_id": _staff_id(mentor), "author_name": mentor})
        for f in _follow_ups(rng, start, challenges, enrolments, ladders, areas)
    ]
    exit_ = _exit(rng, follow_ups[-1].date + datetime.timedelta(weeks=1)) if ended else None
    return Participant(
        code=f"IG-{number:03d}",
        name=name,
        start_date=start,
        end_date=exit_.date if exit_ is not None else None,
        target_group_id=group.id,
        mentor=mentor,
        municipality=municipality,
        challenges=challenges,
        enrolments=enrolments,
        follow_ups=follow_ups,
        exit=exit_,
    )


def _staff_id(name: str) -> uuid.UUID:
    """A fictitious staff member's id, the same in every demo."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"forandring-desktop:demo-staff:{name}")


def _challenges(rng: random.Random, sheet: DoorSheet) -> list[Challenge]:
    """Some of the sheet's in-notes, in sheet order, weighted now and then."""
    in_notes = [n for n in sheet.live_notes() if n.side is Side.IN]
    low, high = _CHALLENGES
    count = rng.randint(min(low, len(in_notes)), min(high, len(in_notes)))
    picked = sorted(rng.sample(range(len(in_notes)), count))
    challenges: list[Challenge] = []
    for index in picked:
        note = in_notes[index]
        weight = None if rng.random() < _NO_WEIGHT_P else rng.randint(*_WEIGHT)
        challenges.append(Challenge(text=note.text, weight=weight, source_note_id=note.id))
    return challenges


def _enrolment(rng: random.Random, ladder: Ladder) -> Enrolment:
    top = len(ladder.steps) - 1
    start = min(top, rng.randint(0, 2))
    goal = min(top, start + rng.randint(2, 4))
    return Enrolment(
        ladder_id=ladder.id,
        start_step_id=ladder.steps[start].id,
        goal_step_id=ladder.steps[goal].id,
    )


def _follow_ups(
    rng: random.Random,
    start: datetime.date,
    challenges: list[Challenge],
    enrolments: list[Enrolment],
    ladders: list[Ladder],
    areas: list[str],
) -> list[FollowUp]:
    """Weekly follow-ups; ladder levels, challenge states and area scores are random walks."""
    ladder_of = {ladder.id: ladder for ladder in ladders}
    steps = {e.id: ladder_of[e.ladder_id].steps for e in enrolments}
    levels = {e.id: _index_of(steps[e.id], e) for e in enrolments}
    states = {c.id: 0 for c in challenges}
    scores = dict.fromkeys(areas, 0)

    follow_ups: list[FollowUp] = []
    for week in range(1, FOLLOW_UPS + 1):
        ratings: list[LadderRating] = []
        for enrolment in enrolments:
            ladder_steps = steps[enrolment.id]
            top = len(ladder_steps) - 1
            level = _walk(rng, levels[enrolment.id], _STAFF_UP_P, _STAFF_DOWN_P, 0, top)
            levels[enrolment.id] = level
            own = _walk(rng, level, _SELF_OFF_P, _SELF_OFF_P, 0, top)
            ratings.append(
                LadderRating(
                    enrolment_id=enrolment.id,
                    staff_step_id=ladder_steps[level].id,
                    participant_step_id=ladder_steps[own].id,
                    note=_maybe(rng, _RATING_NOTES, _RATING_NOTE_P),
                    action=ladder_steps[level].action,
                )
            )
        top_state = len(_CHALLENGE_ORDER) - 1
        for challenge in challenges:
            states[challenge.id] = _walk(
                rng, states[challenge.id], _CHALLENGE_UP_P, _CHALLENGE_DOWN_P, 0, top_state
            )
        for area in areas:
            scores[area] = _walk(
                rng, scores[area], _AREA_UP_P, _AREA_DOWN_P, -_AREA_LIMIT, _AREA_LIMIT
            )
        follow_ups.append(
            FollowUp(
                date=start + datetime.timedelta(weeks=week),
                note=_maybe(rng, _FOLLOW_UP_NOTES, _NOTE_P),
                ratings=ratings,
                challenge_statuses=[
                    ChallengeStatus(challenge_id=c.id, state=_CHALLENGE_ORDER[states[c.id]])
                    for c in challenges
                ],
                area_scores=[AreaScore(area=a, score=scores[a]) for a in areas],
            )
        )
    return follow_ups


def _exit(rng: random.Random, day: datetime.date) -> Exit:
    destination = rng.choice(list(_EXITS))
    return Exit(date=day, destination=destination, note=_EXITS[destination])


def _index_of(steps: list[LadderStep], enrolment: Enrolment) -> int:
    return next(i for i, s in enumerate(steps) if s.id == enrolment.start_step_id)


def _walk(rng: random.Random, value: int, up_p: float, down_p: float, low: int, high: int) -> int:
    """One step of a clamped random walk: +1 with ``up_p``, -1 with ``down_p``."""
    roll = rng.random()
    if roll < up_p:
        value += 1
    elif roll < up_p + down_p:
        value -= 1
    return max(low, min(high, value))


def _maybe(rng: random.Random, texts: tuple[str, ...], p: float) -> str:
    """One of ``texts`` with probability ``p``, else the empty string."""
    return rng.choice(texts) if rng.random() < p else ""
