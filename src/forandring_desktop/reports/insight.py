"""INDSIGT: everything the organisation holds about one participant, for the person themself.

A request for access (GDPR art. 15) is answered with this PDF and a JSON file. Unlike the
progression report it names the person (it is theirs) and leaves nothing out: removed
follow-ups and ratings are shown and marked "fjernet". A4 portrait, fonts embedded. The
parts:

- OM DIG: code, name, target group, mentor, paying municipality, start and end, exit;
- IND AD DØREN: the challenges found at intake, with how much each fills (0–10);
- DINE MÅLTRAPPER: each ladder you are placed on, where you started and your goal;
- OPFØLGNINGER: each follow-up with who made it, its note, the ratings (the staff's and
  your own step, as text), the state of each challenge and the main-area scores;
- LOGBOG: who (by role) used your data, when and how.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from reportlab.platypus import Flowable, Paragraph

from forandring_desktop.model.audit import ACTION_LABEL, describe
from forandring_desktop.model.participants import (
    DESTINATION_LABEL,
    ChallengeState,
    FollowUp,
    Participant,
)
from forandring_desktop.model.privacy import InsightData
from forandring_desktop.reports.errors import guarded
from forandring_desktop.reports.flowables import FlowTable, base_table_style, heading, spacer
from forandring_desktop.reports.numbers import DASH, da_date
from forandring_desktop.reports.pages import PdfMeta, Section, build_pdf, frame_size
from forandring_desktop.reports.styles import ACCENT, PAPER_TINT, RULE, styles
from forandring_desktop.reports.text import para, text_paragraphs

TITLE = "Indsigt i dine data"
HEADING = "INDSIGT"
SUBJECT = "Alle oplysninger, organisationen har gemt om deltageren (indsigtsret)"
APP = "Forandring Desktop"
REMOVED = "fjernet"

STATE_WORD: dict[ChallengeState, str] = {
    ChallengeState.UNRESOLVED: "Uløst",
    ChallengeState.PARTLY: "Delvist løst",
    ChallengeState.FULLY: "Løst",
}
ROLE_WORD = {"administrator": "Administrator", "medarbejder": "Medarbejder"}


def insight_title(data: InsightData) -> str:
    return f"{TITLE} – {data.participant.code}"


@guarded("Indsigtsrapporten")
def render_insight(data: InsightData) -> bytes:
    """The insight PDF (A4 portrait, fonts embedded), with the person's name."""
    org = data.organisation.name
    meta = PdfMeta(
        title=insight_title(data),
        subject=SUBJECT,
        author=org or APP,
        organisation=org,
        keywords=("indsigt", "persondata", "GDPR"),
        made=data.made_at.date(),
    )
    section = Section(
        "portrait",
        HEADING,
        insight_flowables(data),
        bookmark=insight_title(data),
        owner=data.participant.code,
    )
    return build_pdf([section], meta)


def insight_flowables(data: InsightData) -> list[Flowable]:
    st = styles()
    person = data.participant
    width = frame_size("portrait")[0]
    out: list[Flowable] = [para(insight_title(data), st.title)]
    who = data.organisation.name or "organisationen"
    out.append(
        para(
            f"Her er alle de oplysninger, {who} har gemt om dig i Forandring Desktop, "
            f"{da_date(data.made_at.date())}. Oplysninger, der er rettet eller fjernet "
            "undervejs, står med, mærket «fjernet».",
            st.hint,
        )
    )
    out.append(spacer(6))
    out += _about(data, person, width)
    out += _challenges(person, width)
    out += _ladders(data, person, width)
    out += _follow_ups(data, person, width)
    out += _log(data, width)
    return out


def _table(rows: list[list[Flowable]], widths: Sequence[float], *, header: bool) -> FlowTable:
    table = FlowTable(
        rows,
        colWidths=list(widths),
        hAlign="LEFT",
        repeatRows=1 if header else 0,
        frame_height=frame_size("portrait")[1],
    )
    commands: list[tuple[object, ...]] = [("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), PAPER_TINT),
            ("LINEABOVE", (0, 0), (-1, 0), 1.0, ACCENT),
        ]
    else:
        commands += [("BACKGROUND", (0, 0), (0, -1), PAPER_TINT)]
    table.setStyle(base_table_style(*commands))
    return table


def _cells(values: Sequence[str], *, head: bool = False) -> list[Flowable]:
    st = styles()
    return [para(v, st.cell_head if head else st.cell) for v in values]


def _removed(flag: bool) -> str:
    return f" ({REMOVED})" if flag else ""


# -- om dig ---------------------------------------------------------------------------------


def _about(data: InsightData, person: Participant, width: float) -> list[Flowable]:
    st = styles()
    rows: list[tuple[str, str]] = [
        ("Kode", person.code),
        ("Navn", person.name.strip() or DASH),
        ("Målgruppe", data.target_group.strip() or DASH),
        ("Mentor", person.mentor.strip() or DASH),
        ("Betalende kommune", person.municipality.strip() or DASH),
        ("Forløbets start", da_date(person.start_date)),
        ("Forløbets slut", da_date(person.end_date) if person.end_date else "I gang"),
    ]
    if person.exit is not None:
        where = DESTINATION_LABEL[person.exit.destination]
        rows.append(("Ud af døren", f"{where} ({da_date(person.exit.date)})"))
    rows.append(("Oprettet", da_date(person.created_at.date())))
    if person.is_deleted and person.deleted_at is not None:
        rows.append(("Fjernet fra listen", da_date(person.deleted_at.date())))
    table = _table(
        [[Paragraph(label, st.cell_head), para(value, st.cell)] for label, value in rows],
        [width * 0.3, width * 0.7],
        header=False,
    )
    out: list[Flowable] = [*heading("Om dig", st.section, room=90), table]
    if person.exit is not None and person.exit.note.strip():
        out += heading("Ved udskrivningen", st.label, room=50)
        out += text_paragraphs(person.exit.note, st.body)
    return out


# -- ind ad døren ---------------------------------------------------------------------------


def _challenges(person: Participant, width: float) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = heading("Ind ad døren – dine udfordringer", st.section, room=70)
    if not person.challenges:
        return [*out, para("Ingen udfordringer er skrevet ned.", st.body)]
    rows = [_cells(["Udfordring", "Hvor meget fylder den (0–10)"], head=True)]
    for challenge in person.challenges:
        weight = str(challenge.weight) if challenge.weight is not None else DASH
        rows.append(_cells([challenge.text + _removed(challenge.is_deleted), weight]))
    return [*out, _table(rows, [width * 0.72, width * 0.28], header=True)]


# -- måltrapper -----------------------------------------------------------------------------


def _step(data: InsightData, step_id: uuid.UUID | None) -> str:
    if step_id is None:
        return DASH
    text = data.step_text(step_id).strip() or "(trin uden tekst)"
    level = data.step_level(step_id)
    return f"Trin {level}: {text}" if level is not None else f"{text} (trinnet er udgået)"


def _ladder_name(data: InsightData, ladder_id: uuid.UUID) -> str:
    ladder = data.ladders.get(ladder_id)
    if ladder is None:
        return "(ukendt måltrappe)"
    return ladder.title.strip() or ladder.change_goal.strip()


def _ladders(data: InsightData, person: Participant, width: float) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = heading("Dine måltrapper", st.section, room=70)
    if not person.enrolments:
        return [*out, para("Du er ikke placeret på nogen måltrappe.", st.body)]
    rows = [_cells(["Måltrappe", "Her startede du", "Dit mål"], head=True)]
    for enrolment in person.enrolments:
        name = _ladder_name(data, enrolment.ladder_id) + _removed(enrolment.is_deleted)
        rows.append(
            _cells(
                [name, _step(data, enrolment.start_step_id), _step(data, enrolment.goal_step_id)]
            )
        )
    return [*out, _table(rows, [width * 0.3, width * 0.35, width * 0.35], header=True)]


# -- opfølgninger ---------------------------------------------------------------------------


def _follow_ups(data: InsightData, person: Participant, width: float) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = heading("Opfølgninger", st.section, room=70)
    follow_ups = sorted(person.follow_ups, key=lambda f: (f.date, f.id))
    if not follow_ups:
        return [*out, para("Der er ingen opfølgninger.", st.body)]
    for follow_up in follow_ups:
        out += _follow_up(data, person, follow_up, width)
    return out


def _follow_up(
    data: InsightData, person: Participant, follow_up: FollowUp, width: float
) -> list[Flowable]:
    st = styles()
    title = f"Opfølgning {da_date(follow_up.date)}" + _removed(follow_up.is_deleted)
    if follow_up.author_name:  # who made it (not kept before: then left out)
        title += f" – registreret af {follow_up.author_name}"
    out: list[Flowable] = heading(title, st.subtitle, room=80)
    out += text_paragraphs(follow_up.note, st.body)
    ladder_of = {e.id: e.ladder_id for e in person.enrolments}
    if follow_up.ratings:
        rows = [_cells(["Måltrappe", "Medarbejderens vurdering", "Din egen vurdering"], head=True)]
        for rating in follow_up.ratings:
            ladder_id = ladder_of.get(rating.enrolment_id)
            name = _ladder_name(data, ladder_id) if ladder_id else "(ukendt måltrappe)"
            rows.append(
                _cells(
                    [
                        name + _removed(rating.is_deleted),
                        _step(data, rating.staff_step_id),
                        _step(data, rating.participant_step_id),
                    ]
                )
            )
            extra = [
                f"{label}: {text.strip()}"
                for label, text in (("Note", rating.note), ("Handling", rating.action))
                if text.strip()
            ]
            if extra:
                rows.append(_cells(["", "\n".join(extra), ""]))
        out.append(_table(rows, [width * 0.3, width * 0.35, width * 0.35], header=True))
    if follow_up.challenge_statuses:
        texts = {c.id: c.text for c in person.challenges}
        rows = [_cells(["Udfordring", "Status"], head=True)]
        for status in follow_up.challenge_statuses:
            text = texts.get(status.challenge_id, "(ukendt udfordring)")
            rows.append(_cells([text + _removed(status.is_deleted), STATE_WORD[status.state]]))
        out.append(spacer(4))
        out.append(_table(rows, [width * 0.72, width * 0.28], header=True))
    if follow_up.area_scores:
        rows = [_cells(["Hovedområde", "Score (-5 til +5)"], head=True)]
        for score in follow_up.area_scores:
            rows.append(_cells([score.area + _removed(score.is_deleted), f"{score.score:+d}"]))
        out.append(spacer(4))
        out.append(_table(rows, [width * 0.72, width * 0.28], header=True))
    out.append(spacer(6))
    return out


# -- logbog ---------------------------------------------------------------------------------


def _log(data: InsightData, width: float) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = heading("Logbog over brug af dine data", st.section, room=70)
    out.append(
        para(
            "Hver gang en medarbejder har læst, ændret, udskrevet eller udleveret dine data, "
            "er det skrevet i logbogen. Medarbejderne står med deres rolle.",
            st.hint,
        )
    )
    if not data.audit:
        return [*out, para("Logbogen har ingen poster om dig.", st.body)]
    rows = [_cells(["Tidspunkt", "Hvem", "Hvad", "Detaljer"], head=True)]
    for entry in data.audit:
        when = entry.at.astimezone().strftime("%d.%m.%Y %H:%M")
        who = ROLE_WORD.get(entry.staff_role, entry.staff_role)
        rows.append(_cells([when, who, ACTION_LABEL[entry.action], describe(entry)]))
    return [
        *out,
        _table(rows, [width * 0.2, width * 0.17, width * 0.2, width * 0.43], header=True),
    ]
