"""The progression report for the municipality: what it holds, that it is pseudonymous
unless asked otherwise, its charts, and that long text flows on without loss."""

from __future__ import annotations

import io
import re
import uuid
from datetime import date, timedelta

import pypdf
import pytest
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.charts.spider import SpiderChart

from forandring_desktop.model import (
    AreaScore,
    Challenge,
    ChallengeState,
    ChallengeStatus,
    Destination,
    Enrolment,
    FollowUp,
    Ladder,
    LadderRating,
    LadderStep,
    Organisation,
    OrganisationDocument,
    Participant,
    TargetGroup,
)
from forandring_desktop.model.report_data import ParticipantReportData
from forandring_desktop.reports import render_participant_report
from forandring_desktop.reports.participant import (
    area_rows,
    curve_chart,
    report_title,
    spider_chart,
)
from forandring_desktop.services.demo import build_demo_document

from .pdf_checks import check_pdf, missing, normalise, numbered_words

TODAY = date(2025, 6, 1)
HEADINGS = [
    "Progressionsrapport",
    "IND AD DØREN",
    "MÅLTRAPPER",
    "HOVEDOMRÅDER",
    "UDFORDRINGER",
    "MEDARBEJDERENS OG DELTAGERENS VURDERING",
    "Sammenfatning",
]
STATE = {
    ChallengeState.UNRESOLVED: "Uløst",
    ChallengeState.PARTLY: "Delvist løst",
    ChallengeState.FULLY: "Løst",
}


@pytest.fixture(scope="module")
def demo() -> OrganisationDocument:
    return build_demo_document(today=TODAY, participants=6)


def data_for(
    doc: OrganisationDocument, person: Participant, *, show_name: bool = False
) -> ParticipantReportData:
    """The data as a caller may hand it in: the whole participant, name included."""
    group = next((g.name for g in doc.target_groups if g.id == person.target_group_id), "")
    return ParticipantReportData(
        organisation=doc.organisation,
        participant=person,
        ladders={lad.id: lad for lad in doc.ladders},
        target_group=group,
        show_name=show_name,
        made_on=TODAY,
    )


def ended(doc: OrganisationDocument) -> Participant:
    return next(p for p in doc.participants if p.exit is not None)


def step_text(ladder: Ladder, step_id: object) -> str:
    return next(s.text for s in ladder.steps if s.id == step_id)


def name_leaks(data: bytes, name: str) -> list[str]:
    """Where any part of ``name`` turns up: page text, metadata, bookmarks, raw bytes."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(normalise(page.extract_text()) for page in reader.pages)
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    outline = " ".join(getattr(item, "title", "") for item in reader.outline)
    found: list[str] = []
    for part in name.split():
        word = re.compile(rf"\b{re.escape(part)}\b", re.IGNORECASE)
        for where, haystack in (("text", text), ("metadata", meta), ("outline", outline)):
            if word.search(haystack):
                found.append(f"{part} in {where}")
        if part.isascii() and part.encode() in data:
            found.append(f"{part} in the raw bytes")
    return found


# -- contents ----------------------------------------------------------------------------------


def test_the_report_holds_the_participants_data(demo: OrganisationDocument) -> None:
    person = ended(demo)
    data = data_for(demo, person)
    pdf = render_participant_report(data)
    facts = check_pdf(
        pdf, landscape=False, title=f"Progressionsrapport – {person.code}", author="iGangiGen"
    )
    assert facts.metadata["/Title"] == f"Progressionsrapport – {person.code}"
    assert missing(facts.text, HEADINGS) == []
    assert "NÆSTE SKRIDT" not in facts.text  # the course is over: no next steps
    group = next(g.name for g in demo.target_groups if g.id == person.target_group_id)
    assert person.exit is not None
    expected = [
        person.code,
        group,
        person.mentor,
        person.municipality,
        person.start_date.strftime("%d.%m.%Y"),
        person.exit.date.strftime("%d.%m.%Y"),
        "Fleksjob / job på særlige vilkår"
        if person.exit.destination is Destination.FLEX_JOB
        else person.exit.note,
    ]
    assert missing(facts.text, expected) == []

    # In the door: every challenge, with its weight on the 0-10 scale; and its state now.
    latest_state = {c.id: ChallengeState.UNRESOLVED for c in person.challenges}
    for follow_up in sorted(person.follow_ups, key=lambda f: f.date):
        for status in follow_up.challenge_statuses:
            latest_state[status.challenge_id] = status.state
    for challenge in person.challenges:
        weight = f"{challenge.weight}/10" if challenge.weight is not None else "–"
        assert normalise(f"{challenge.text} {weight}") in facts.text
        plain_weight = str(challenge.weight) if challenge.weight is not None else "–"
        row = f"{challenge.text} {plain_weight} Uløst {STATE[latest_state[challenge.id]]}"
        assert normalise(row) in facts.text, row
    fully = sum(1 for s in latest_state.values() if s is ChallengeState.FULLY)
    partly = sum(1 for s in latest_state.values() if s is ChallengeState.PARTLY)
    n = len(person.challenges)
    assert (
        f"Ud af døren: af {n} udfordringer er {fully} afhjulpet helt, {partly} afhjulpet "
        f"delvist og {n - fully - partly} ikke afhjulpet." in facts.text
    )
    assert f"{fully} af {n} udfordringer er løst helt og {partly} delvist" in facts.text

    # Each ladder: change goal, start / now / personal goal as step texts.
    ladders = {lad.id: lad for lad in demo.ladders}
    last = max(person.follow_ups, key=lambda f: f.date)
    for enrolment in person.enrolments:
        ladder = ladders[enrolment.ladder_id]
        rating = next(r for r in last.ratings if r.enrolment_id == enrolment.id)
        assert ladder.change_goal in facts.text
        assert step_text(ladder, enrolment.start_step_id) in facts.text
        assert step_text(ladder, rating.staff_step_id) in facts.text
        assert step_text(ladder, enrolment.goal_step_id) in facts.text
        # The course is over, so the latest action is not printed as a next step.
        assert "Handling (" not in facts.text
    assert "Medarbejderens vurdering" in facts.text  # the curve's legend
    assert "Deltagerens egen vurdering" in facts.text
    assert "Personligt mål" in facts.text
    noted = [f for f in sorted(person.follow_ups, key=lambda f: f.date) if f.note]
    if noted:
        assert noted[-1].note in facts.text


def test_main_areas_start_and_now(demo: OrganisationDocument) -> None:
    person = demo.participants[0]
    data = data_for(demo, person)
    # By hand: each area's first and last score.
    first: dict[str, int] = {}
    latest: dict[str, int] = {}
    for follow_up in sorted(person.follow_ups, key=lambda f: f.date):
        for score in follow_up.area_scores:
            first.setdefault(score.area, score.score)
            latest[score.area] = score.score
    assert area_rows(data, person) == [
        (a, first[a], latest[a]) for a in demo.organisation.main_areas
    ]
    text = check_pdf(render_participant_report(data), landscape=False).text

    def signed(v: int) -> str:
        return f"{v:+d}" if v else "0"

    for area in demo.organisation.main_areas:
        start, now = first[area], latest[area]
        row = f"{area} {signed(start)} {signed(now)}"
        assert row in text, row
    # The scale is relative to the start already: no "change" column, no "Ved start".
    assert "Ændring" not in text
    assert "Første scoring (" in text
    assert "Seneste scoring (" in text
    chart = spider_chart(area_rows(data, person), 500)
    assert chart is not None
    spiders = [c for c in chart.contents if isinstance(c, SpiderChart)]
    assert len(spiders) == 1
    spider = spiders[0]
    assert spider.data == [
        [first[a] + 5.0 for a in demo.organisation.main_areas],
        [latest[a] + 5.0 for a in demo.organisation.main_areas],
    ]
    # Start and now differ without colour: dashed vs solid and different markers.
    assert spider.strands[0].strokeDashArray
    assert not spider.strands[1].strokeDashArray
    assert spider.strands[0].symbol.kind != spider.strands[1].symbol.kind
    assert spider_chart(area_rows(data, person)[:2], 500) is None  # a spider needs 3 spokes


def test_the_curve_shows_both_ratings_and_the_goal(demo: OrganisationDocument) -> None:
    person = demo.participants[1]
    ladders = {lad.id: lad for lad in demo.ladders}
    enrolment = person.enrolments[0]
    ladder = ladders[enrolment.ladder_id]
    from forandring_desktop.model.intake import start_and_end

    row = next(r for r in start_and_end(person, ladders).ladders if r.enrolment_id == enrolment.id)
    chart = curve_chart(person, enrolment, ladder, row, 500)
    assert chart is not None
    plot = next(c for c in chart.contents if isinstance(c, LinePlot))
    levels = {s.id: i for i, s in enumerate(ladder.live_steps(), start=1)}

    def level(step_id: uuid.UUID | None) -> int:
        assert step_id is not None, "every rating in the demo has both steps, and a goal"
        return levels[step_id]

    dated = sorted(person.follow_ups, key=lambda f: f.date)
    ratings = [(f.date, r) for f in dated for r in f.ratings if r.enrolment_id == enrolment.id]
    staff = [(person.start_date, level(enrolment.start_step_id))] + [
        (d, level(r.staff_step_id)) for d, r in ratings
    ]
    own = [(d, level(r.participant_step_id)) for d, r in ratings]
    assert plot.data[0] == [(float(d.toordinal()), float(v)) for d, v in staff]
    assert plot.data[1] == [(float(d.toordinal()), float(v)) for d, v in own]
    goal = float(level(enrolment.goal_step_id))
    assert [y for _x, y in plot.data[2]] == [goal, goal]
    # Solid vs dashed, and different markers: readable in black and white.
    assert plot.lines[0].strokeDashArray is None
    assert plot.lines[1].strokeDashArray
    assert plot.lines[0].symbol.kind != plot.lines[1].symbol.kind


# -- pseudonymous by default ---------------------------------------------------------------


def test_no_part_of_the_name_without_the_name_option(demo: OrganisationDocument) -> None:
    for person in demo.participants[:3]:
        assert person.name
        pdf = render_participant_report(data_for(demo, person, show_name=False))
        assert name_leaks(pdf, person.name) == []
        assert person.code in check_pdf(pdf, landscape=False).text


def test_the_name_only_with_the_name_option(demo: OrganisationDocument) -> None:
    person = demo.participants[0]
    data = data_for(demo, person, show_name=True)
    pdf = render_participant_report(data)
    facts = check_pdf(pdf, landscape=False, title=f"Progressionsrapport – {person.code}")
    assert person.name in facts.text
    assert person.name in facts.metadata["/Title"]
    assert report_title(data) == f"Progressionsrapport – {person.code} ({person.name})"
    assert name_leaks(pdf, person.name)  # the check above can fail


def test_a_distinctive_name_stays_out(demo: OrganisationDocument) -> None:
    person = demo.participants[0].changed(name="Søren Særligtnavn Ågesen")
    pdf = render_participant_report(data_for(demo, person))
    assert name_leaks(pdf, person.name) == []
    shown = render_participant_report(data_for(demo, person, show_name=True))
    assert "Søren Særligtnavn Ågesen" in check_pdf(shown, landscape=False).text


# -- edge cases and long text --------------------------------------------------------------


def long_case() -> tuple[ParticipantReportData, list[str], list[str], list[str]]:
    steps = [LadderStep(text=f"Trin {i} med æøå", action=f"Handling {i}") for i in range(5)]
    ladder = Ladder(title="Fremmøde", change_goal="Møder stabilt op", steps=steps)
    group = TargetGroup(name="Unge på kanten")
    challenge_texts = [numbered_words(f"udfordring{i}x", 2_000) for i in range(3)]
    challenges = [
        Challenge(text=text, weight=3 + i) for i, (text, _w) in enumerate(challenge_texts)
    ]
    note, note_words = numbered_words("notat", 5_000)
    action, action_words = numbered_words("handling", 5_000)
    enrolment = Enrolment(ladder_id=ladder.id, start_step_id=steps[0].id, goal_step_id=steps[3].id)
    start = date(2025, 1, 6)
    follow_ups = [
        FollowUp(
            date=start + timedelta(weeks=week),
            note=note if week == 3 else "Kort notat",
            ratings=[
                LadderRating(
                    enrolment_id=enrolment.id,
                    staff_step_id=steps[min(week, 4)].id,
                    participant_step_id=steps[min(week + 1, 4)].id,
                    action=action if week == 3 else "Kort handling",
                )
            ],
            challenge_statuses=[
                ChallengeStatus(challenge_id=c.id, state=ChallengeState.PARTLY) for c in challenges
            ],
            area_scores=[AreaScore(area="Social", score=week)],
        )
        for week in (1, 2, 3)
    ]
    person = Participant(
        code="LANG-1",
        name="Langt Navn",
        start_date=start,
        target_group_id=group.id,
        challenges=challenges,
        enrolments=[enrolment],
        follow_ups=follow_ups,
    )
    data = ParticipantReportData(
        organisation=Organisation(name="Lang Tekst ApS"),
        participant=person,
        ladders={ladder.id: ladder},
        target_group=group.name,
        show_name=False,
        made_on=TODAY,
    )
    challenge_words = [w for _t, words in challenge_texts for w in words]
    return data, note_words, action_words, challenge_words


def test_long_texts_flow_onto_further_pages_without_loss() -> None:
    data, note_words, action_words, challenge_words = long_case()
    facts = check_pdf(render_participant_report(data), landscape=False, author="Lang Tekst ApS")
    assert missing(facts.text, note_words + action_words) == []
    # Each challenge is printed twice (in the door, and its state now): both in full.
    for word in challenge_words:
        assert facts.text.count(word) == 2, word
    first = next(i for i, t in enumerate(facts.page_texts) if note_words[0] in t)
    last = next(i for i, t in enumerate(facts.page_texts) if note_words[-1] in t)
    assert last > first  # the note really continues onto the next page
    assert facts.pages >= 4
    assert "Langt" not in facts.text


def test_a_participant_with_nothing_recorded_yet() -> None:
    person = Participant(code="NY-1", name="Ny Person", start_date=date(2025, 5, 1))
    data = ParticipantReportData(
        organisation=Organisation(name="Ny Forening"),
        participant=person,
        ladders={},
        target_group="",
        show_name=False,
        made_on=TODAY,
    )
    facts = check_pdf(render_participant_report(data), landscape=False, author="Ny Forening")
    assert missing(facts.text, HEADINGS) == []
    assert "Der er ikke registreret udfordringer ved start." in facts.text
    assert "Deltageren er ikke placeret på nogen måltrapper." in facts.text
    assert "Der er endnu ikke scoret nogen hovedområder." in facts.text
    assert "I gang" in facts.text
    assert "Ny Person" not in facts.text
