"""The insight PDF (INDSIGT) for the person themself: their name and code, everything
recorded about them including removed parts, the step texts, and the log; A4, fonts
embedded, long texts flowing without loss."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from forandring_desktop.model import (
    AreaScore,
    Challenge,
    ChallengeState,
    ChallengeStatus,
    Enrolment,
    Exit,
    FollowUp,
    Ladder,
    LadderRating,
    LadderStep,
    Organisation,
    Participant,
)
from forandring_desktop.model.audit import AuditAction, AuditEntry
from forandring_desktop.model.participants import Destination
from forandring_desktop.model.privacy import InsightData, insight_json
from forandring_desktop.reports.insight import render_insight

from .pdf_checks import check_pdf, missing, numbered_words

MADE = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)


def insight(note: str = "Gik godt i værkstedet.") -> InsightData:
    steps = [LadderStep(text=f"Trin-tekst {i} æøå") for i in range(4)]
    retired = LadderStep(text="Et udgået trin", deleted_at=MADE)
    ladder = Ladder(title="Fremmøde", change_goal="Møder stabilt", steps=[*steps, retired])
    challenge = Challenge(text="Ustabilt fremmøde", weight=7)
    removed_challenge = Challenge(text="Fjernet udfordring", deleted_at=MADE)
    enrolment = Enrolment(ladder_id=ladder.id, start_step_id=steps[0].id, goal_step_id=steps[3].id)
    live = FollowUp(
        date=date(2025, 3, 3),
        note=note,
        author_id=uuid.uuid4(),
        author_name="Mentor Mette",
        ratings=[
            LadderRating(
                enrolment_id=enrolment.id,
                staff_step_id=steps[1].id,
                participant_step_id=steps[2].id,
                note="Vurderingsnote",
                action="Handlingen her",
            )
        ],
        challenge_statuses=[
            ChallengeStatus(challenge_id=challenge.id, state=ChallengeState.PARTLY)
        ],
        area_scores=[AreaScore(area="Helbred", score=-2)],
    )
    removed = FollowUp(
        date=date(2025, 3, 10),
        note="Denne opfølgning blev fjernet",
        deleted_at=MADE,
        ratings=[LadderRating(enrolment_id=enrolment.id, staff_step_id=retired.id)],
    )
    person = Participant(
        code="IG-042",
        name="Karen Særnavn",
        start_date=date(2025, 2, 1),
        mentor="Mentor Mads",
        municipality="Herning Kommune",
        challenges=[challenge, removed_challenge],
        enrolments=[enrolment],
        follow_ups=[live, removed],
        exit=Exit(date=date(2025, 5, 1), destination=Destination.JOB, note="Videre i job"),
        end_date=date(2025, 5, 1),
    )
    entry = AuditEntry(
        id=uuid.uuid4(),
        at=MADE,
        staff_id=uuid.uuid4(),
        staff_name="Medarbejdernavn Skjult",
        staff_role="medarbejder",
        action=AuditAction.PRINT,
        participant_id=person.id,
        participant_code=person.code,
        detail={"report": "progressionsrapport", "show_name": False},
    )
    return InsightData(
        organisation=Organisation(name="Testorganisation"),
        participant=person,
        ladders={ladder.id: ladder},
        target_group="Unge",
        audit=[entry],
        made_at=MADE,
    )


def test_the_insight_pdf_names_the_person_and_holds_everything() -> None:
    data = insight()
    facts = check_pdf(render_insight(data), landscape=False, title="IG-042")
    assert facts.metadata["/Author"] == "Testorganisation"
    assert "Karen Særnavn" not in facts.metadata["/Title"]  # the code in the metadata
    assert (
        missing(
            facts.text,
            [
                "Indsigt i dine data – IG-042",
                "Karen Særnavn",
                "Unge",
                "Mentor Mads",
                "Herning Kommune",
                "Job (01.05.2025)",
                "Videre i job",
                "Ind ad døren – dine udfordringer",
                "Ustabilt fremmøde",
                "Fjernet udfordring (fjernet)",
                "Dine måltrapper",
                "Trin 1: Trin-tekst 0 æøå",
                "Trin 4: Trin-tekst 3 æøå",
                "Opfølgning 03.03.2025 – registreret af Mentor Mette",
                "Gik godt i værkstedet.",
                "Trin 2: Trin-tekst 1 æøå",
                "Trin 3: Trin-tekst 2 æøå",
                "Vurderingsnote",
                "Handlingen her",
                "Delvist løst",
                "Helbred",
                "-2",
                "Opfølgning 10.03.2025 (fjernet)",
                "Denne opfølgning blev fjernet",
                "Et udgået trin (trinnet er udgået)",
                "Logbog over brug af dine data",
                "Udskrevet",
                "Medarbejder",
            ],
        )
        == []
    )
    assert "Medarbejdernavn Skjult" not in facts.text  # staff by role only


def test_the_insight_json_matches_the_pdf_data() -> None:
    data = insight()
    out = insight_json(data)
    assert out["participant"]["name"] == "Karen Særnavn"
    assert [f["date"] for f in out["participant"]["follow_ups"]] == ["2025-03-03", "2025-03-10"]
    assert [r["staff_step"] for r in out["ratings_readable"]] == [
        "Trin-tekst 1 æøå",
        "Et udgået trin",
    ]
    assert [r["removed"] for r in out["ratings_readable"]] == [False, True]
    # who made each follow-up; the removed one is from before authors were kept
    assert [r["made_by"] for r in out["ratings_readable"]] == ["Mentor Mette", "ukendt"]
    assert [f["author_name"] for f in out["participant"]["follow_ups"]] == ["Mentor Mette", None]
    assert out["ladders"][0]["steps"][-1] == {
        "id": out["ladders"][0]["steps"][-1]["id"],
        "level": None,
        "text": "Et udgået trin",
        "signs": "",
        "action": "",
        "retired": True,
    }
    assert out["audit"][0]["role"] == "medarbejder"
    assert "staff" not in out["audit"][0]


def test_long_notes_flow_onto_further_pages_without_loss() -> None:
    text, words = numbered_words("note", 20_000)
    facts = check_pdf(render_insight(insight(note=text)), landscape=False)
    assert facts.pages >= 3
    assert missing(facts.text, words) == []


def test_a_participant_with_nothing_recorded() -> None:
    data = InsightData(
        organisation=Organisation(name="Org"),
        participant=Participant(code="X-1", start_date=date(2025, 1, 1)),
        ladders={},
        target_group="",
        made_at=MADE,
    )
    facts = check_pdf(render_insight(data), landscape=False)
    assert (
        missing(
            facts.text,
            [
                "Ingen udfordringer er skrevet ned.",
                "Du er ikke placeret på nogen måltrappe.",
                "Der er ingen opfølgninger.",
                "Logbogen har ingen poster om dig.",
            ],
        )
        == []
    )
