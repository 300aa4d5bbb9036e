"""Every sheet and report prints whatever a file can hold (hypothesis).

Organisations are generated with texts of 0 to 5,000 characters, 0 to 60 post-its, 1 to 15
ladder steps and names from many alphabets (Danish, Polish, Hungarian, Vietnamese, Greek,
Cyrillic, Hebrew, Arabic, Ge'ez, Chinese, emoji, symbols, markup-like punctuation). For each
printed PDF:

- nothing raises;
- no page holds nothing but headings (the running header and footer, table heads, lane and
  column headings and section titles are not content);
- every character of the input is in the extracted text (after NFKC, which folds Arabic
  presentation forms back to letters; a bracket may come back mirrored in right-to-left
  text) or named among the PDF's unprintable characters, and nothing else is named there;
- the file passes the PDF/A-2u checks.

``FORANDRING_PROPERTY_EXAMPLES`` raises the number of examples (default 6; each prints
nine PDFs).
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from enum import Enum
from typing import Any

import pypdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from forandring_desktop.model import (
    Colour,
    DoorNote,
    DoorSheet,
    Ladder,
    LadderStep,
    MissionDraft,
    Organisation,
    OrganisationDocument,
    Persona,
    Side,
    TargetGroup,
)
from forandring_desktop.model.participants import (
    AreaScore,
    Challenge,
    Enrolment,
    Exit,
    FollowUp,
    LadderRating,
    Participant,
)
from forandring_desktop.model.progression import ALL_TIME, records_from_document, status_figures
from forandring_desktop.model.report_data import (
    ParticipantReportData,
    StatusReportData,
    area_summaries,
)
from forandring_desktop.reports import SHEETS, render_participant_report, render_status_report

from .pdfa_checks import pdfa_problems

EXAMPLES = int(os.environ.get("FORANDRING_PROPERTY_EXAMPLES", "6"))
SCRIPTS = {
    "danish": "abcdefghijklmnopqrstuvwxyzæøåÆØÅ",
    "polish": "ąęńóśźżłĄĘŃŚŹŻŁ",
    "hungarian": "őűŐŰ",
    "vietnamese": "ắằẳẵặđĐơưỞữệ",
    "greek": "αβγδεζηθΩΣ",
    "cyrillic": "жщяЖЩЯбвг",
    "hebrew": "שלוםעולם",
    "arabic": "مرحبابكمفيالدنمارك",
    "ethiopic": "ሰላምአማርኛ",
    "chinese": "中文字汉",
    "emoji": "😀🎉🙂",
    "symbols": "✓⚠☐✗",
    "marks": "<>&\"'%/–…",
    "digits": "0123456789",
}
MIRROR = str.maketrans("()<>[]{}", ")(><][}{")
DAY = date(2025, 1, 6)

# What a page may show besides content: running header and footer, headings, table heads.
CHROME = [
    "IND AD DØREN – UD AF DØREN-ARK",
    "SITUATION IND AD DØREN",
    "SITUATION UD AF DØREN",
    "FORTSAT FRA ARKET",
    "GRØN",
    "GUL",
    "RØD",
    "USORTERET",
    "PERSONA-ARK",
    "BAGGRUND",
    "VIGTIGSTE PROBLEMER",
    "MÅLTRAPPE-ARK",
    "TRIN-TEGN-HANDLING-ARK",
    "TRIN-TEGN-HANDLING",
    "TRIN PÅ MÅLTRAPPEN",
    "TEGN (det der står ‘under måltrappen’)",
    "HANDLING (hvad skal der sættes ind med nu?)",
    "FORTSAT FRA MÅLTRAPPEN",
    "MISSIONS-ARBEJDSARK",
    "PROCESFORSLAG – MISSION HISTORIEKORT",
    "FORANDRINGSTEORI",
    "MÅLGRUPPER",
    "PROGRESSIONSRAPPORT",
    "STATUSOVERBLIK",
    "NØGLETAL",
    "PR. MÅLTRAPPE",
    "PR. MÅLGRUPPE",
    "MEDARBEJDERENS OG DELTAGERNES VURDERING",
    "MEDARBEJDERENS OG DELTAGERENS VURDERING",
    "HOVEDOMRÅDER",
    "GRAFER",
    "SÅDAN LÆSES TALLENE",
    "IND AD DØREN",
    "MÅLTRAPPER",
    "UDFORDRINGER",
    "NÆSTE SKRIDT",
    "(fortsat)",
    "Forandring Desktop · efter guiden fra Vækstcenter for socialøkonomiske virksomheder",
]
_PAGE_NUMBER = re.compile(r"Side \d+ af \d+")
_DATE = re.compile(r"\d\d\.\d\d\.\d{4} ·")


@st.composite
def texts(draw: Any, most: int, *, least: int = 0, lines: bool = True) -> str:
    """A text of ``least`` … ``most`` characters, its words from several alphabets."""
    # Mostly short, as real files are, but every length up to ``most`` can come.
    sizes = [least, max(least, 1), 40, 40, 120, 300, 400, 2_000, 5_000]
    length = draw(st.sampled_from([n for n in sizes if least <= n <= most]))
    if length == 0:
        return ""
    scripts = draw(st.lists(st.sampled_from(sorted(SCRIPTS)), min_size=1, max_size=4))
    words = [draw(st.text(alphabet=SCRIPTS[s], min_size=1, max_size=12)) for s in scripts * 3]
    breaks = lines and draw(st.booleans())
    out: list[str] = []
    size = 0
    i = 0
    while size < length:
        word = words[i % len(words)]
        sep = "\n" if breaks and i % 9 == 8 else " "
        out.append(word + sep)
        size += len(word) + 1
        i += 1
    text = "".join(out)[:length].strip()
    return text or words[0][:length]


names = texts(60, least=1, lines=False)
titles = texts(60, lines=False)


@st.composite
def organisations(draw: Any) -> OrganisationDocument:
    persona = Persona(
        name=draw(names),
        gender=draw(texts(40, lines=False)),
        background=[draw(texts(2_000, least=1)) for _ in range(draw(st.integers(0, 4)))],
        problems=[draw(texts(2_000, least=1)) for _ in range(draw(st.integers(0, 4)))],
    )
    group = TargetGroup(name=draw(names), description=draw(texts(5_000)), persona_ids=[persona.id])
    count = draw(st.integers(0, 60))
    notes: list[DoorNote] = []
    for i in range(count):
        note = DoorNote(
            text=draw(texts(2_000, least=1)) if i < 6 else draw(texts(300, least=1)),
            side=Side.IN if i % 2 else Side.OUT,
            colour=list(Colour)[i % 4],
        )
        if i % 2 and notes and notes[-1].side is Side.OUT and draw(st.booleans()):
            note = note.changed(pair_id=notes[-1].id)
        notes.append(note)
    sheet = DoorSheet(title=draw(titles), persona_id=persona.id, notes=notes)
    steps = [
        LadderStep(text=draw(texts(5_000)), signs=draw(texts(5_000)), action=draw(texts(2_000)))
        for _ in range(draw(st.integers(1, 15)))
    ]
    ladder = Ladder(title=draw(titles), change_goal=draw(texts(5_000, least=1)), steps=steps)
    draft = MissionDraft(
        title=draw(titles),
        who=draw(texts(5_000)),
        what=draw(texts(2_000)),
        how=draw(texts(400)),
        mission_text=draw(texts(5_000)),
        chosen=True,
    )
    areas = [draw(names) for _ in range(draw(st.integers(0, 5)))]
    areas = list(dict.fromkeys(a for a in areas))
    org = Organisation(name=draw(names), vision=draw(texts(2_000)), main_areas=areas)
    person = _participant(draw, ladder, group, areas)
    return OrganisationDocument(
        organisation=org,
        personas=[persona],
        target_groups=[group],
        door_sheets=[sheet],
        ladders=[ladder],
        mission_drafts=[draft],
        participants=[person],
    )


def _participant(draw: Any, ladder: Ladder, group: TargetGroup, areas: list[str]) -> Participant:
    steps = ladder.live_steps()
    enrolment = Enrolment(ladder_id=ladder.id, start_step_id=steps[0].id, goal_step_id=steps[-1].id)
    challenges = [Challenge(text=draw(texts(2_000, least=1)), weight=i % 11) for i in range(3)]
    follow_ups = []
    for week in range(draw(st.integers(0, 6))):
        rating = LadderRating(
            enrolment_id=enrolment.id,
            staff_step_id=steps[min(week, len(steps) - 1)].id,
            participant_step_id=steps[0].id,
            note=draw(texts(400)),
            action=draw(texts(400)),
        )
        scores = [AreaScore(area=a, score=(week + n) % 11 - 5) for n, a in enumerate(areas)]
        follow_ups.append(
            FollowUp(
                date=DAY + timedelta(weeks=week + 1),
                note=draw(texts(5_000)),
                ratings=[rating],
                area_scores=scores,
            )
        )
    ended = draw(st.booleans())
    return Participant(
        code="P-1",
        name=draw(names)[:200],
        start_date=DAY,
        target_group_id=group.id,
        mentor=draw(titles),
        municipality=draw(titles),
        challenges=challenges,
        enrolments=[enrolment],
        follow_ups=follow_ups,
        exit=Exit(date=DAY + timedelta(weeks=8), note=draw(texts(2_000))) if ended else None,
    )


# -- what the input holds, and what the PDF shows ----------------------------------------------


def strings(value: Any) -> Iterable[str]:
    """Every user string in a model object (ids, dates and enums left out)."""
    if isinstance(value, Enum):
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name in ("id", "colour", "side", "kind", "destination"):
                continue
            yield from strings(getattr(value, name))


def report_inputs(person: Participant, group: str) -> list[str]:
    """What a progression report shows of the participant's own texts: the facts, the
    challenges, the exit note, and the latest note, rating note and action."""
    out = [person.code, person.name, person.mentor, person.municipality, group]
    out += [c.text for c in person.challenges]
    follow_ups = sorted(person.follow_ups, key=lambda f: f.date)
    noted = [f for f in follow_ups if f.note.strip()]
    if noted:
        out.append(noted[-1].note)
    if person.exit is not None:
        out.append(person.exit.note)
    elif follow_ups:
        latest = follow_ups[-1].ratings[0]
        out += [latest.note, latest.action]
    return out


def _chars(text_values: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for text in text_values:
        out |= {c for c in unicodedata.normalize("NFKC", text) if not c.isspace()}
    return out


def _page_texts(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [unicodedata.normalize("NFKC", page.extract_text() or "") for page in reader.pages]


def check_printed(
    pdf: bytes,
    inputs: Iterable[str],
    what: str,
    extra_chrome: Iterable[str] = (),
    printed: Iterable[str] = (),
) -> None:
    """``inputs``: what must all be there; ``printed``: other texts the PDF also shows (and
    may warn about)."""
    pages = _page_texts(pdf)
    shown = set("".join(pages))
    wanted = _chars(inputs)
    lost = {c for c in wanted if c not in shown and c.translate(MIRROR) not in shown}
    unprintable = set(getattr(pdf, "unprintable", ()))
    assert lost <= unprintable, f"{what}: characters lost without a warning: {sorted(lost)}"
    assert unprintable <= wanted | _chars(printed), f"{what}: warned of characters not put in"
    chrome = sorted([*CHROME, *extra_chrome], key=len, reverse=True)
    for number, text in enumerate(pages, start=1):
        body = _DATE.sub(" ", _PAGE_NUMBER.sub(" ", text))
        for phrase in chrome:
            if phrase:
                body = body.replace(phrase, " ")
        body = re.sub(r"[·:–\s]", "", body)  # what the header puts between its parts
        assert body, f"{what}: page {number} holds only headings"
    problems = pdfa_problems(pdf)
    assert problems == [], f"{what}: {problems}"


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(doc=organisations())
def test_every_sheet_and_report_prints_whatever_the_file_holds(
    doc: OrganisationDocument,
) -> None:
    org = doc.organisation.name
    ladder = doc.ladders[0]
    stairs = [ladder.title, ladder.change_goal]
    stairs += [s for step in ladder.steps for s in (step.text, step.signs)]  # no actions
    items: dict[str, tuple[Any, list[str]]] = {
        "mission": (doc.mission_drafts[0], list(strings(doc.mission_drafts[0]))),
        "persona": (doc.personas[0], list(strings(doc.personas[0]))),
        "doerark": (
            doc.door_sheets[0],
            [doc.personas[0].name, doc.personas[0].gender, *strings(doc.door_sheets[0])],
        ),
        "maaltrappe": (ladder, stairs),
        "trin-tegn-handling": (ladder, list(strings(ladder))),
    }
    for kind, (item, inputs) in items.items():
        pdf = SHEETS[kind].render(doc, item.id, False)
        extra = [doc.personas[0].name] if kind == "doerark" else []
        # The organisation's name is only in the running header, shortened when long.
        check_printed(pdf, inputs, kind, [org, *extra], printed=[org])
    theory = SHEETS["forandringsteori"].render(doc, None, False)
    everything = [org, doc.organisation.vision, *strings(doc.personas)]
    everything += strings(doc.door_sheets)
    everything += [*strings(doc.ladders), *strings(doc.mission_drafts)]
    everything += strings(doc.target_groups)
    check_printed(theory, everything, "forandringsteori", [org])
    for kind in ("historiekort",):
        check_printed(SHEETS[kind].render(doc, None, False), [], kind, [org], printed=[org])

    person = doc.participants[0]
    data = ParticipantReportData(
        organisation=doc.organisation,
        participant=person,
        ladders={doc.ladders[0].id: doc.ladders[0]},
        target_group=doc.target_groups[0].name,
        show_name=True,
        made_on=DAY,
    )
    report = render_participant_report(data)
    check_printed(
        report,
        [org, *report_inputs(person, doc.target_groups[0].name)],
        "rapport",
        [org],
        printed=[*strings(person), *strings(doc.ladders[0])],
    )

    figures = status_figures(*records_from_document(doc))
    status = StatusReportData(
        organisation=doc.organisation,
        figures=figures,
        period=ALL_TIME,
        ladder_names={lad.id: lad.title or "Måltrappe" for lad in doc.ladders},
        group_names={g.id: g.name for g in doc.target_groups} | {None: "Uden målgruppe"},
        target_group=None,
        ladder=None,
        made_on=DAY,
        areas=area_summaries(doc.participants, doc.organisation.main_areas, ALL_TIME),
    )
    names = [doc.organisation.name, *(lad.title for lad in doc.ladders)]
    names += [g.name for g in doc.target_groups]
    names += [a.area for a in status.areas]
    check_printed(render_status_report(status), names, "statusoverblik", [org])
