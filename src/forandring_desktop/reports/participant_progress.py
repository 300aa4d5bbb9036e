"""The progression report's later parts: the challenges at intake and now, the staff's and
the participant's ratings side by side, and the next steps (only while the course runs)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from forandring_desktop.model.intake import ExitComparison, LadderComparison, StepPoint
from forandring_desktop.model.ladder import Ladder
from forandring_desktop.model.participants import (
    ChallengeState,
    Enrolment,
    LadderRating,
    Participant,
    ladder_points,
    live_follow_ups,
)
from forandring_desktop.reports.flowables import FlowTable, heading, spacer
from forandring_desktop.reports.flowables import grid as _grid_table
from forandring_desktop.reports.numbers import DASH, da_date, da_percent
from forandring_desktop.reports.pages import frame_size
from forandring_desktop.reports.styles import styles
from forandring_desktop.reports.text import labelled, para, text_paragraphs

CHALLENGES_HEADING = "Udfordringer"
RATINGS_HEADING = "Medarbejderens og deltagerens vurdering"
NEXT_HEADING = "Næste skridt"
STATE_WORD: dict[ChallengeState, str] = {
    ChallengeState.UNRESOLVED: "Uløst",
    ChallengeState.PARTLY: "Delvist løst",
    ChallengeState.FULLY: "Løst",
}

# The challenges at exit in the guide's words ("hvor mange udfordringer, I har afhjulpet
# helt eller delvist"); the exit dialog says the same (ui/participants/exit.py translates
# each sentence; a test keeps the two equal).
EXIT_NO_CHALLENGES = "Ind ad døren var der ingen udfordringer registreret."
EXIT_ONE_CHALLENGE: dict[ChallengeState, str] = {
    ChallengeState.FULLY: "Ud af døren: den ene udfordring er afhjulpet helt.",
    ChallengeState.PARTLY: "Ud af døren: den ene udfordring er afhjulpet delvist.",
    ChallengeState.UNRESOLVED: "Ud af døren: den ene udfordring er ikke afhjulpet.",
}
EXIT_CHALLENGES = (
    "Ud af døren: af {n} udfordringer er {fully} afhjulpet helt, {partly} afhjulpet "
    "delvist og {none} ikke afhjulpet."
)


def exit_summary(
    comparison: ExitComparison,
    sentences: tuple[str, Mapping[ChallengeState, str], str] = (
        EXIT_NO_CHALLENGES,
        EXIT_ONE_CHALLENGE,
        EXIT_CHALLENGES,
    ),
) -> str:
    """The challenges at exit in one sentence, e.g. 'Ud af døren: af 3 udfordringer er 1
    afhjulpet helt, 1 afhjulpet delvist og 1 ikke afhjulpet.' ``sentences``: none, one
    and several challenges (the UI passes its translations)."""
    none_text, one_text, many_text = sentences
    ends = [c.end for c in comparison.challenges]
    if not ends:
        return none_text
    if len(ends) == 1:
        return one_text[ends[0]]
    return many_text.format(
        n=len(ends),
        fully=comparison.fully,
        partly=comparison.partly,
        none=len(ends) - comparison.fully - comparison.partly,
    )


def grid(rows: list[list[Any]], widths: Sequence[float]) -> FlowTable:
    """A portrait table with its header row repeated on every page."""
    return _grid_table(rows, widths, frame_height=frame_size("portrait")[1])


def ladder_name(row: LadderComparison) -> str:
    if row.title.strip():
        return row.title.strip()
    first = next((ln.strip() for ln in row.change_goal.splitlines() if ln.strip()), "")
    return first or "Måltrappe"


# -- udfordringer ------------------------------------------------------------------------------


def challenges(comparison: ExitComparison, width: float) -> list[Flowable]:
    st = styles()
    out = heading(CHALLENGES_HEADING.upper(), st.section)
    if not comparison.challenges:
        out.append(para("Der er ikke registreret udfordringer.", st.body))
        return out
    rows: list[list[Any]] = [
        [
            Paragraph("Udfordring", st.cell_head),
            Paragraph("Vægt (0–10)", st.cell_head),
            Paragraph("Ved start", st.cell_head),
            Paragraph("Nu", st.cell_head),
        ]
    ]
    for challenge in comparison.challenges:
        weight = str(challenge.weight) if challenge.weight is not None else DASH
        rows.append(
            [
                text_paragraphs(challenge.text, st.cell),
                weight,
                STATE_WORD[challenge.start],
                Paragraph(f"<b>{STATE_WORD[challenge.end]}</b>", st.cell),
            ]
        )
    out.append(grid(rows, [width * 0.55, width * 0.13, width * 0.16, width * 0.16]))
    n = comparison.in_the_door
    share = da_percent((comparison.fully + comparison.partly) / n) if n else DASH
    out.append(spacer(4))
    out.append(
        para(
            f"{comparison.fully} af {n} udfordringer er løst helt og {comparison.partly} "
            f"delvist ({share} afhjulpet helt eller delvist); {comparison.out_the_door} er "
            "der stadig, når man tæller som guiden (ud af døren).",
            st.body,
        )
    )
    return out


# -- vurderinger side om side --------------------------------------------------------------


def _agreement(row: LadderComparison) -> str:
    if row.end.level is None:
        return DASH
    if row.own.step_id is None:
        return "Deltageren har ikke vurderet sig selv"
    if row.own.level is None:
        return DASH
    diff = row.own.level - row.end.level
    if diff == 0:
        return "Enige"
    side = "højere" if diff > 0 else "lavere"
    return f"Deltageren vurderer sig {abs(diff)} trin {side}"


def _agreement_over_time(
    person: Participant, enrolment: Enrolment | None, ladder: Ladder | None
) -> str:
    if enrolment is None or ladder is None:
        return DASH
    both = [(s, o) for _d, s, o in ladder_points(person, enrolment, ladder) if s and o]
    if not both:
        return DASH
    same = sum(1 for s, o in both if s == o)
    return f"Enige i {same} af {len(both)} opfølgninger ({da_percent(same / len(both))})"


def _level(point: StepPoint) -> str:
    if point.step_id is None:
        return DASH
    return f"Trin {point.level}" if point.level is not None else "Udgået trin"


def ratings(
    person: Participant,
    ladders: Mapping[uuid.UUID, Ladder],
    rows: Sequence[LadderComparison],
    width: float,
) -> list[Flowable]:
    st = styles()
    out = heading(RATINGS_HEADING.upper(), st.section, room=130)
    out.append(
        para(
            "Medarbejderens faglige vurdering og deltagerens egen vurdering ved de seneste "
            "opfølgninger, side om side.",
            st.hint,
        )
    )
    if not rows:
        out.append(para("Deltageren er ikke placeret på nogen måltrapper.", st.body))
        return out
    enrolments = {e.id: e for e in person.enrolments}
    table: list[list[Any]] = [
        [
            Paragraph("Måltrappe", st.cell_head),
            Paragraph("Medarbejder", st.cell_head),
            Paragraph("Deltageren selv", st.cell_head),
            Paragraph("Enighed nu", st.cell_head),
            Paragraph("Over hele forløbet", st.cell_head),
        ]
    ]
    for row in rows:
        ladder = ladders.get(row.ladder_id)
        table.append(
            [
                para(ladder_name(row), st.cell),
                _level(row.end),
                _level(row.own),
                para(_agreement(row), st.cell),
                para(
                    _agreement_over_time(person, enrolments.get(row.enrolment_id), ladder),
                    st.cell,
                ),
            ]
        )
    widths = [0.22, 0.16, 0.16, 0.22, 0.24]
    out.append(grid(table, [width * w for w in widths]))
    return out


# -- næste skridt ------------------------------------------------------------------------------


def _latest_rating(
    person: Participant, enrolment_id: uuid.UUID
) -> tuple[date, LadderRating] | None:
    found: tuple[date, LadderRating] | None = None
    for follow_up in live_follow_ups(person):
        for rating in follow_up.ratings:
            if not rating.is_deleted and rating.enrolment_id == enrolment_id:
                found = (follow_up.date, rating)
    return found


def next_steps(person: Participant, rows: Sequence[LadderComparison]) -> list[Flowable]:
    st = styles()
    out = heading(NEXT_HEADING.upper(), st.section, room=130)
    out.append(
        para(
            "Handlingen (trin-tegn-handling), der blev valgt ved den seneste vurdering på "
            "hver måltrappe, og det seneste notat fra opfølgningerne.",
            st.hint,
        )
    )
    for row in rows:
        out += heading(ladder_name(row), st.label, room=60)
        latest = _latest_rating(person, row.enrolment_id)
        if latest is None:
            out.append(para("Ingen vurderinger endnu.", st.body))
            continue
        day, rating = latest
        if rating.action.strip():
            out += labelled(f"Handling ({da_date(day)})", rating.action, st.body, field="Handling")
        else:
            out.append(para(f"Ingen handling skrevet ved vurderingen {da_date(day)}.", st.body))
        if rating.note.strip():
            out += labelled("Note til vurderingen", rating.note, st.body, field="Note")
    return out + latest_note(person, st.label)


def latest_note(person: Participant, style: Any = None) -> list[Flowable]:
    """The latest note from the follow-ups (a finished course's report ends with it)."""
    st = styles()
    noted = [f for f in live_follow_ups(person) if f.note.strip()]
    out = heading(
        "Seneste notat fra opfølgningerne".upper()
        if style is None
        else "Seneste notat fra opfølgningerne",
        style or st.section,
        room=60,
    )
    if noted:
        out.append(para(da_date(noted[-1].date), st.hint))
        out += text_paragraphs(noted[-1].note, st.body, field="Notat fra opfølgningen")
    else:
        out.append(para("Der er ingen notater fra opfølgningerne.", st.body))
    return out
