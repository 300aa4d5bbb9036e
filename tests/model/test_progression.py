"""Progression maths against hand-computed cases and properties (hypothesis)."""

from __future__ import annotations

import statistics
import uuid
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from forandring_desktop.model import ChallengeState
from forandring_desktop.model import progression as pg

START = date(2026, 1, 5)
P1, P2 = uuid.uuid4(), uuid.uuid4()
LADDER = uuid.uuid4()
GROUP = uuid.uuid4()


def week(n: int) -> date:
    return START + timedelta(weeks=n)


def series(
    *points: tuple[int, int | None, int | None], start: int = 1, goal: int | None = 4
) -> pg.EnrolmentSeries:
    return pg.EnrolmentSeries(
        participant_id=P1,
        ladder_id=LADDER,
        target_group_id=GROUP,
        start_day=START,
        end_day=None,
        start_level=start,
        goal_level=goal,
        points=tuple(pg.RatingPoint(week(w), s, p) for w, s, p in points),
    )


HAND = series((1, 2, 3), (2, 2, 2), (3, 1, 2), (5, 4, 4))


def test_hand_computed_enrolment() -> None:
    assert pg.steps_moved(HAND) == 3
    assert pg.goal_reached(HAND) is True
    # Level 2 first after 1 week; then 4 weeks to jump two levels: 2 weeks each.
    assert pg.weeks_per_step(HAND) == [1.0, 2.0, 2.0]
    agree = pg.agreement(HAND)
    assert (agree.compared, agree.same, agree.total_difference, agree.participant_higher) == (
        4,
        2,
        2,
        2,
    )
    assert agree.share_same == 0.5
    assert agree.mean_difference == 0.5


def test_periods_measure_from_the_level_before_the_period() -> None:
    two_weeks = pg.Period(week(2), week(3))
    assert pg.steps_moved(HAND, two_weeks) == -1  # 2 before week 2, 1 at week 3
    assert pg.goal_reached(HAND, pg.Period(end=week(4))) is False
    assert pg.agreement(HAND, two_weeks).compared == 2
    assert pg.steps_moved(HAND, pg.Period(end=week(0))) == 0


def test_a_person_can_go_down_and_without_goal_there_is_no_verdict() -> None:
    down = series((1, 1, 1), start=3, goal=None)
    assert pg.steps_moved(down) == -2
    assert pg.goal_reached(down) is None
    assert pg.weeks_per_step(down) == []
    figures = pg.ladder_figures([down, HAND])
    assert (figures.enrolments, figures.moved_up, figures.moved_down) == (2, 1, 1)
    assert figures.steps_moved_total == 1
    assert (figures.with_goal, figures.goal_reached) == (1, 1)
    assert figures.median_weeks_per_step == 2.0
    assert figures.share_goal_reached == 1.0


def challenge(person: uuid.UUID, *states: tuple[int, ChallengeState]) -> pg.ChallengeRecord:
    return pg.ChallengeRecord(person, GROUP, START, None, 5, tuple((week(w), s) for w, s in states))


def test_challenges_in_and_out_of_the_door() -> None:
    records = [
        challenge(P1, (1, ChallengeState.PARTLY), (4, ChallengeState.FULLY)),
        challenge(P1, (2, ChallengeState.PARTLY)),
        challenge(P1),
    ]
    count = pg.count_challenges(records, [P1, P2])
    assert (count.people, count.in_the_door, count.fully, count.partly) == (2, 3, 1, 1)
    assert count.out_the_door == 2
    assert count.mean_in == 1.5
    assert count.mean_out == 1.0
    early = pg.count_challenges(records, [P1], pg.Period(end=week(3)))
    assert (early.fully, early.partly) == (0, 2)


def test_empty_organisation_gives_zeros_not_errors() -> None:
    status = pg.status_figures([], [], [])
    assert (status.participants, status.active, status.ended) == (0, 0, 0)
    assert status.challenges.mean_in is None
    assert status.overall.enrolments == 0
    assert status.overall.mean_steps_moved is None
    assert status.overall.median_weeks_per_step is None
    assert status.overall.agreement.share_same is None
    assert status.per_ladder == {}


def test_status_figures_group_by_ladder_and_target_group() -> None:
    other = uuid.uuid4()
    people = [
        pg.PersonRecord(P1, GROUP, START, None),
        pg.PersonRecord(P2, None, START, week(6)),
    ]
    second = replace(series((2, 3, 3)), participant_id=P2, ladder_id=other, target_group_id=None)
    status = pg.status_figures(people, [HAND, second], [challenge(P1)])
    assert (status.participants, status.active, status.ended) == (2, 1, 1)
    assert status.per_ladder[LADDER].steps_moved_total == 3
    assert status.per_ladder[other].steps_moved_total == 2
    assert status.per_target_group[None].enrolments == 1
    assert status.challenges_per_target_group[GROUP].in_the_door == 1
    assert status.challenges_per_target_group[None].in_the_door == 0
    later = pg.status_figures(people, [HAND, second], [], pg.Period(week(7), None))
    assert later.participants == 1  # P2 ended before the period


def test_demo_document_records() -> None:
    from forandring_desktop.services.demo import build_demo_document

    doc = build_demo_document(today=date(2026, 6, 1))
    people, all_series, challenges = pg.records_from_document(doc)
    assert len(people) == 15
    assert len(all_series) == 30
    assert all(len(s.points) == 13 for s in all_series)
    assert len(challenges) == sum(len(p.challenges) for p in doc.participants)
    status = pg.status_figures(people, all_series, challenges)
    assert status.overall.enrolments == 30
    assert status.challenges.in_the_door == len(challenges)


levels = st.integers(1, 6)
points = st.lists(st.tuples(st.integers(0, 30), levels, levels), max_size=15).map(
    lambda pts: tuple(sorted({w: (w, s, p) for w, s, p in pts}.values()))
)


@given(pts=points, start=levels, index=st.integers(0, 20))
def test_moving_a_rating_up_never_lowers_steps_moved(pts, start: int, index: int) -> None:  # type: ignore[no-untyped-def]
    base = series(*pts, start=start)
    if not base.points:
        return
    i = index % len(base.points)
    point = base.points[i]
    raised = replace(
        base,
        points=(
            *base.points[:i],
            replace(point, staff=(point.staff or 1) + 1),
            *base.points[i + 1 :],
        ),
    )
    assert pg.steps_moved(raised) >= pg.steps_moved(base)
    assert sum(pg.weeks_per_step(raised)) >= 0


@given(pts=points, start=levels)
def test_figures_are_consistent(pts, start: int) -> None:  # type: ignore[no-untyped-def]
    one = series(*pts, start=start)
    figures = pg.ladder_figures([one])
    assert figures.moved_up + figures.moved_down <= figures.enrolments == 1
    best = max([start, *(p.staff for p in one.points if p.staff is not None)])
    assert len(pg.weeks_per_step(one)) == best - start
    agree = pg.agreement(one)
    assert agree.same <= agree.compared == len(one.points)


# -- tallies: the per-enrolment and per-person parts that add up to the figures -------------


@given(values=st.lists(st.integers(-20, 60).map(lambda d: d / 7 / 3), max_size=40))
def test_median_of_counts_is_the_median(values: list[float]) -> None:
    counts = list(Counter(values).items())
    half = len(counts) // 2  # split the pairs: the same value may come twice
    pairs = [*counts[:half], *((v, 0) for v, _ in counts[:1]), *counts[half:]]
    want = statistics.median(values) if values else None
    assert pg.median_of_counts(pairs) == want


def test_tally_of_one_enrolment() -> None:
    tally = pg.tally_series(HAND)
    assert tally is not None
    assert (tally.enrolments, tally.rated, tally.steps_moved_total) == (1, 1, 3)
    assert (tally.moved_up, tally.moved_down, tally.with_goal, tally.goal_reached) == (1, 0, 1, 1)
    assert sorted(tally.weeks) == [(1.0, 1), (2.0, 2)]
    assert tally.agreement == pg.agreement(HAND)
    ended = replace(HAND, end_day=START + timedelta(days=3))
    assert pg.tally_series(ended, pg.Period(week(1), None)) is None  # course missed the period


@given(
    pts=st.lists(points, min_size=1, max_size=6), starts=st.lists(levels, min_size=6, max_size=6)
)
def test_tallies_add_up(pts, starts: list[int]) -> None:  # type: ignore[no-untyped-def]
    """Summing the tallies of some enrolments first (as SQLite does per ladder and target
    group) gives the same figures as combining them one by one."""
    many = [series(*p, start=s) for p, s in zip(pts, starts, strict=False)]
    one_by_one = [t for s in many if (t := pg.tally_series(s)) is not None]
    summed = pg.LadderTally(
        LADDER,
        GROUP,
        enrolments=sum(t.enrolments for t in one_by_one),
        rated=sum(t.rated for t in one_by_one),
        steps_moved_total=sum(t.steps_moved_total for t in one_by_one),
        moved_up=sum(t.moved_up for t in one_by_one),
        moved_down=sum(t.moved_down for t in one_by_one),
        with_goal=sum(t.with_goal for t in one_by_one),
        goal_reached=sum(t.goal_reached for t in one_by_one),
        weeks=tuple(w for t in one_by_one for w in t.weeks),
        agreement=sum((t.agreement for t in one_by_one), pg.Agreement()),
    )
    figures = pg.combine_tallies(one_by_one)
    assert pg.combine_tallies([summed]) == figures
    assert figures == pg.ladder_figures(many)
    weeks = [w for s in many for w in pg.weeks_per_step(s)]
    assert figures.median_weeks_per_step == (statistics.median(weeks) if weeks else None)


def test_people_tallies() -> None:
    records = [challenge(P1, (1, ChallengeState.PARTLY), (4, ChallengeState.FULLY)), challenge(P1)]
    ended = pg.PersonRecord(P1, GROUP, START, week(6))
    tally = pg.tally_person(ended, records, pg.Period(week(2), week(8)))
    assert tally == pg.PeopleTally(GROUP, people=1, ended=1, challenges=2, fully=1, partly=0)
    assert pg.tally_person(ended, records, pg.Period(week(7), None)) is None
    assert pg.combine_people([tally, tally]) == pg.ChallengeCount(2, 4, 2, 0)
