"""The fast status path (progress facts + SQL tallies) equals the reference maths.

The reference is ``model.progression.status_figures`` over the records that
``uow.progress.records()`` reads from every rating. The fast path is ``compute_status``:
triggers keep ``progress_*`` facts in step with the user's rows and SQLite computes the
tallies. Every test compares the two, and checks the facts against a rebuild in Python.
"""

from __future__ import annotations

import re
import shutil
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forandring_desktop.model import (
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
    OrganisationDocument,
    Participant,
    TargetGroup,
    utcnow,
)
from forandring_desktop.model import progression as pg
from forandring_desktop.model.ladder_edit import move_step, remove_step
from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.ladders import get_ladder, save_ladder
from forandring_desktop.services.participants import (
    delete_follow_up,
    save_exit,
    save_follow_up,
    save_intake,
)
from forandring_desktop.services.status import compute_status
from forandring_desktop.storage import Store
from forandring_desktop.storage.crypto import KdfParams
from forandring_desktop.storage.progress import TRIGGERS, VIEWS, read_tallies

FAST_KDF = KdfParams(memory_kib=8, iterations=1, lanes=1)  # tests only: cheap to open
TODAY = date(2025, 6, 1)

PERIODS = [
    pg.ALL_TIME,
    pg.Period(None, TODAY - timedelta(weeks=10)),  # open start
    pg.Period(TODAY - timedelta(weeks=8), None),  # open end
    pg.Period(TODAY - timedelta(weeks=14), TODAY - timedelta(weeks=6)),  # the middle
    pg.Period(date(2020, 1, 1), date(2020, 12, 31)),  # before everyone
    pg.Period(TODAY - timedelta(weeks=6), TODAY - timedelta(weeks=14)),  # start after end
]


# -- the two paths ----------------------------------------------------------------------------


def reference(
    store: Store,
    period: pg.Period,
    target_group_id: uuid.UUID | None = None,
    ladder_id: uuid.UUID | None = None,
) -> pg.StatusFigures:
    """The figures the way compute_status made them before the progress facts."""
    with store.unit_of_work() as uow:
        people, series, challenges = uow.progress.records()
    if target_group_id is not None:
        people = [p for p in people if p.target_group_id == target_group_id]
        series = [s for s in series if s.target_group_id == target_group_id]
        challenges = [c for c in challenges if c.target_group_id == target_group_id]
    if ladder_id is not None:
        series = [s for s in series if s.ladder_id == ladder_id]
    return pg.status_figures(people, series, challenges, period)


def assert_same(store: Store, periods: list[pg.Period], *, filters: bool = True) -> None:
    with store.unit_of_work() as uow:
        groups = [None, *(g.id for g in uow.target_groups.list(deleted=True))]
        ladders = [None, *uow.ladders.ids(deleted=True)]
    for period in periods:
        want = reference(store, period)
        assert compute_status(store, period) == want, period
        assert pg.status_from_tallies(*read_tallies(store.engine, period, parallel=False)) == want
        with store.unit_of_work() as uow:
            assert pg.status_from_tallies(*uow.progress.tallies(period)) == want
        if not filters:
            continue
        for group in groups:
            for ladder in ladders:
                if group is None and ladder is None:
                    continue
                got = compute_status(store, period, target_group_id=group, ladder_id=ladder)
                assert got == reference(store, period, group, ladder), (period, group, ladder)


def _day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def assert_facts_in_step(store: Store) -> None:
    """The progress tables equal a rebuild (in Python) from the user's rows."""
    with store.engine.connect() as conn:

        def rows(sql: str) -> list[Any]:
            return list(conn.exec_driver_sql(sql))

        enrolment_key = dict(rows("SELECT enrolment_id, k FROM progress_enrolment_key"))
        step_key = dict(rows("SELECT step_id, k FROM progress_step_key"))
        challenge_key = dict(rows("SELECT challenge_id, k FROM progress_challenge_key"))
        live_day = {
            i: _day(d)
            for i, d, gone in rows("SELECT id, date, deleted_at FROM follow_up")
            if not gone
        }
        ratings: Counter[tuple[int, int, int, int]] = Counter()
        for follow_up, enrolment, staff, own, gone in rows(
            "SELECT follow_up_id, enrolment_id, staff_step_id, participant_step_id, deleted_at "
            "FROM ladder_rating"
        ):
            # every id a rating mentions has a key, live or not
            assert enrolment in enrolment_key
            assert staff is None or staff in step_key
            assert own is None or own in step_key
            if gone is None and follow_up in live_day:
                fact = (
                    enrolment_key[enrolment],
                    live_day[follow_up],
                    step_key[staff] if staff else 0,
                    step_key[own] if own else 0,
                )
                ratings[fact] += 1
        have = {tuple(r[:4]): r[4] for r in rows("SELECT * FROM progress_rating")}
        assert have == dict(ratings)
        first: dict[tuple[int, int], int] = {}
        for e, day, s, _ in ratings:
            if s:
                first[e, s] = min(day, first.get((e, s), day))
        have_first = rows("SELECT enrolment_key, staff_key, day FROM progress_first_rating")
        assert {(e, s): d for e, s, d in have_first} == first
        assert len(have_first) == len(first)
        states: Counter[tuple[int, int, int]] = Counter()
        codes = {"unresolved": 0, "partly": 1, "fully": 2}
        for follow_up, challenge, state, gone in rows(
            "SELECT follow_up_id, challenge_id, state, deleted_at FROM challenge_status"
        ):
            assert challenge in challenge_key
            if gone is None and follow_up in live_day:
                states[challenge_key[challenge], live_day[follow_up], codes[state]] += 1
        have_states = {tuple(r[:3]): r[3] for r in rows("SELECT * FROM progress_challenge_state")}
        assert have_states == dict(states)


# -- the demo organisation --------------------------------------------------------------------


@pytest.mark.parametrize("participants", [15, 200])
def test_demo_organisation_same_figures(store_factory, participants: int) -> None:  # type: ignore[no-untyped-def]
    doc = build_demo_document(today=TODAY, participants=participants)
    store = store_factory(doc)
    assert_facts_in_step(store)
    assert_same(store, PERIODS, filters=participants == 15)
    figures = compute_status(store)
    assert figures.overall.enrolments == 2 * participants
    assert figures.overall.median_weeks_per_step is not None
    assert figures.overall.agreement.compared > 0
    assert figures.challenges.fully > 0


def test_ladder_edits_change_both_paths_alike(store_factory) -> None:  # type: ignore[no-untyped-def]
    store = store_factory(build_demo_document(today=TODAY))
    before = compute_status(store)
    ladder = get_ladder(store, next(iter(before.per_ladder)))
    live = ladder.live_steps()
    with store.engine.connect() as conn:
        ratings_before = list(conn.exec_driver_sql("SELECT * FROM ladder_rating ORDER BY id"))
    # Swap the two lowest steps: levels 1 and 2 trade places.
    save_ladder(store, move_step(ladder, live[0].id, 1))
    moved = compute_status(store)
    assert moved != before
    assert_same(store, PERIODS[:4], filters=False)
    # Retire a middle step: its ratings no longer count, the steps above move down.
    save_ladder(store, remove_step(get_ladder(store, ladder.id), live[2].id))
    retired = compute_status(store)
    assert retired != moved
    assert retired.per_ladder[ladder.id].rated <= moved.per_ladder[ladder.id].rated
    assert_same(store, PERIODS[:4], filters=False)
    assert_facts_in_step(store)  # ladder edits never touch the facts
    with store.engine.connect() as conn:
        assert list(conn.exec_driver_sql("SELECT * FROM ladder_rating ORDER BY id")) == (
            ratings_before
        )


def _save(store: Store, person: Participant) -> None:
    with store.unit_of_work() as uow:
        uow.participants.save(person, uow.organisation.get().id)
        uow.commit()


def _person(store: Store, participant_id: uuid.UUID) -> Participant:
    with store.unit_of_work() as uow:
        return uow.participants.get(participant_id)


def _demo_with_person(
    store_factory: Callable[[OrganisationDocument], Store],
) -> tuple[OrganisationDocument, Store, Participant]:
    """The demo in a new file, and its first participant as stored."""
    doc = build_demo_document(today=TODAY)
    store = store_factory(doc)
    return doc, store, _person(store, doc.participants[0].id)


def _check_edit(store: Store) -> None:
    """After every edit: the facts in step, and the same figures by both paths."""
    assert_facts_in_step(store)
    assert_same(store, PERIODS[:4], filters=False)


def _top_step(doc: OrganisationDocument, person: Participant, follow_up: FollowUp) -> LadderStep:
    """The top live step of the ladder that the follow-up's first rating is on."""
    ladders = {lad.id: lad for lad in doc.ladders}
    enrolment = {e.id: e for e in person.enrolments}
    return ladders[enrolment[follow_up.ratings[0].enrolment_id].ladder_id].live_steps()[-1]


def _rated_by_participant_only(person: Participant, day: date, step: LadderStep) -> FollowUp:
    """A follow-up on the first ladder that the staff left empty."""
    rating = LadderRating(enrolment_id=person.enrolments[0].id, participant_step_id=step.id)
    return FollowUp(date=day, ratings=[rating])


def test_follow_up_edits_keep_the_facts_in_step(store_factory) -> None:  # type: ignore[no-untyped-def]
    doc, store, person = _demo_with_person(store_factory)
    pid = person.id
    first, second, third = person.follow_ups[0], person.follow_ups[1], person.follow_ups[2]
    new_day = person.follow_ups[-1].date + timedelta(days=3)

    def with_follow_up(person: Participant, follow_up: FollowUp) -> Participant:
        return person.changed(
            follow_ups=[follow_up if f.id == follow_up.id else f for f in person.follow_ups]
        )

    # a new date (after the others: the order of the ratings changes)
    _save(store, with_follow_up(person, first.changed(date=new_day)))
    _check_edit(store)
    # a tombstoned follow-up, then restored
    person = _person(store, pid)
    _save(store, with_follow_up(person, second.changed(deleted_at=utcnow())))
    _check_edit(store)
    person = _person(store, pid)
    _save(store, with_follow_up(person, person.follow_ups[1].changed(deleted_at=None)))
    _check_edit(store)
    # a rating moved to another step, one not rated by the staff, one tombstoned
    person = _person(store, pid)
    follow_up = next(f for f in person.follow_ups if f.id == third.id)
    top = _top_step(doc, person, follow_up)
    changed = follow_up.changed(
        ratings=[
            follow_up.ratings[0].changed(staff_step_id=top.id),
            follow_up.ratings[1].changed(deleted_at=utcnow()),
        ],
        challenge_statuses=[
            s.changed(state=ChallengeState.FULLY) for s in follow_up.challenge_statuses
        ],
    )
    _save(store, with_follow_up(person, changed))
    _check_edit(store)
    # a new follow-up with a rating that the staff left empty
    person = _person(store, pid)
    added = _rated_by_participant_only(person, new_day + timedelta(days=7), top)
    _save(store, person.changed(follow_ups=[*person.follow_ups, added]))
    _check_edit(store)


def test_the_gestures_keep_the_facts_in_step(store_factory) -> None:  # type: ignore[no-untyped-def]
    """The same kinds of edit through the participant gestures, which write only their own
    rows: the triggers still keep the facts equal to the reference."""
    doc, store, person = _demo_with_person(store_factory)
    pid = person.id
    first, second, third = person.follow_ups[0], person.follow_ups[1], person.follow_ups[2]
    new_day = person.follow_ups[-1].date + timedelta(days=3)
    save_follow_up(store, pid, first.changed(date=new_day))  # moved after the others
    _check_edit(store)
    delete_follow_up(store, pid, second.id)
    _check_edit(store)
    save_follow_up(store, pid, second)  # back again
    _check_edit(store)
    top = _top_step(doc, person, third)
    changed = third.changed(
        ratings=[third.ratings[0].changed(staff_step_id=top.id)],  # the other one left out
        challenge_statuses=[
            s.changed(state=ChallengeState.FULLY) for s in third.challenge_statuses
        ],
    )
    save_follow_up(store, pid, changed)
    _check_edit(store)
    final = _rated_by_participant_only(person, new_day + timedelta(days=7), top)
    exit_ = Exit(date=final.date)
    save_exit(store, pid, exit_, end_date=final.date, final=final)
    _check_edit(store)
    save_exit(store, pid, None, end_date=None, final=final.changed(deleted_at=utcnow()))  # undo
    _check_edit(store)
    unticked = [e.changed(deleted_at=utcnow()) for e in person.enrolments[:1]]
    save_intake(store, person.changed(enrolments=[*unticked, *person.enrolments[1:]]))
    _check_edit(store)


def test_hard_deletes_and_vacuum_keep_the_facts_in_step(store_factory) -> None:  # type: ignore[no-untyped-def]
    doc = build_demo_document(today=TODAY)
    store = store_factory(doc)
    with store.engine.begin() as conn:  # a cascade: ratings and statuses go with it
        follow_up = doc.participants[1].follow_ups[3].id.hex
        conn.exec_driver_sql("DELETE FROM follow_up WHERE id = ?", (follow_up,))
    assert_facts_in_step(store)
    with store.engine.begin() as conn:  # everything of one person
        conn.exec_driver_sql("DELETE FROM participant WHERE id = ?", (doc.participants[2].id.hex,))
    with store.engine.begin() as conn:  # a rating row on its own
        conn.exec_driver_sql(
            "DELETE FROM ladder_rating WHERE id = ?",
            (doc.participants[3].follow_ups[0].ratings[0].id.hex,),
        )
    assert_facts_in_step(store)
    raw = store.engine.raw_connection()  # VACUUM runs outside a transaction
    try:
        raw.driver_connection.execute("VACUUM")  # the keys are explicit INTEGER PRIMARY KEYs
    finally:
        raw.close()
    assert_facts_in_step(store)
    assert_same(store, PERIODS[:4], filters=False)


def test_bulk_rows_written_with_plain_sql_keep_the_facts_in_step(store_factory) -> None:  # type: ignore[no-untyped-def]
    """The benchmark's generator writes rows without the model: the triggers still count
    them (and the generator keeps working)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bulk_data", Path(__file__).parents[1] / "benchmarks" / "bulk_data.py"
    )
    assert spec is not None
    assert spec.loader is not None
    bulk_data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bulk_data)
    store = store_factory(build_demo_document(today=TODAY, participants=0))
    counts = bulk_data.bulk_participants(store, 40, follow_ups=6, seed=3, today=TODAY)
    assert counts["ratings"] == 40 * 2 * 6
    assert_facts_in_step(store)
    assert_same(store, PERIODS[:4], filters=False)


# -- migrations -------------------------------------------------------------------------------


def test_migrating_a_0003_file_fills_the_facts(tmp_path: Path) -> None:
    """A file with data at revision 0003 (made by downgrading one from head) gets the facts
    back-filled when the app opens it."""
    from alembic import command

    from forandring_desktop.services.files import create_from_document
    from forandring_desktop.storage.migrate import alembic_config

    doc = build_demo_document(today=TODAY)
    # a follow-up tombstoned before the upgrade stays out
    person = doc.participants[0]
    gone = person.follow_ups[4].changed(deleted_at=utcnow())
    person = person.changed(follow_ups=[gone if f.id == gone.id else f for f in person.follow_ups])
    doc = doc.model_copy(update={"participants": [person, *doc.participants[1:]]})
    path = tmp_path / "old.forandring"
    store = create_from_document(path, "pw", doc)
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0003")
    with store.engine.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    assert not any(name.startswith("progress_") for name in names)
    store.close()
    with Store.open(path, "pw") as store:
        assert_facts_in_step(store)
        assert_same(store, PERIODS[:4], filters=False)
        with store.engine.connect() as conn:
            count = conn.exec_driver_sql("SELECT sum(n) FROM progress_rating").scalar_one()
        assert count == sum(
            len(f.ratings) for p in doc.participants for f in p.follow_ups if not f.is_deleted
        )


def test_head_has_every_trigger_and_they_write_only_progress_tables(tmp_path: Path) -> None:
    with (
        Store.create(tmp_path / "new.forandring", "pw", FAST_KDF) as store,
        store.engine.connect() as conn,
    ):
        found: dict[str, str] = dict(
            conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type IN ('trigger', 'view')"
            ).fetchall()
        )
    assert {*TRIGGERS, *VIEWS} <= set(found)
    for name in TRIGGERS:
        body = found[name].split("BEGIN", 1)[1]
        written = re.findall(r"\b(?:INSERT INTO|UPDATE|DELETE FROM)\s+(\w+)", body)
        assert written
        assert all(table.startswith("progress_") for table in written), (name, written)


# -- random organisations ---------------------------------------------------------------------

DAY0 = date(2024, 1, 1)


def _maybe_gone(draw: st.DrawFn, p: float = 0.15) -> Any:
    return utcnow() if draw(st.floats(0, 1)) < p else None


@st.composite
def organisations(draw: st.DrawFn) -> OrganisationDocument:
    """Small organisations touching every case the figures have to get right."""
    groups = [TargetGroup(name=f"Gruppe {i}") for i in range(draw(st.integers(0, 2)))]
    ladders: list[Ladder] = []
    for i in range(draw(st.integers(1, 2))):
        count = draw(st.integers(2, 5))
        retired = draw(st.sets(st.integers(0, count - 1), max_size=1))
        steps = [
            LadderStep(text=f"Trin {j}", deleted_at=utcnow() if j in retired else None)
            for j in range(count)
        ]
        ladders.append(
            Ladder(
                title=f"Trappe {i}",
                change_goal="Mål",
                steps=steps,
                deleted_at=_maybe_gone(draw, 0.1),
            )
        )
    people: list[Participant] = []
    for n in range(draw(st.integers(2, 6))):
        start = DAY0 + timedelta(days=draw(st.integers(0, 60)))
        enrolments = [
            Enrolment(
                ladder_id=ladder.id,
                start_step_id=draw(st.sampled_from(ladder.steps)).id,
                goal_step_id=draw(st.none() | st.sampled_from(ladder.steps).map(lambda s: s.id)),
                deleted_at=_maybe_gone(draw, 0.1),
            )
            for ladder in ladders
            if draw(st.floats(0, 1)) < 0.8
        ]
        steps_of = {lad.id: lad.steps for lad in ladders}
        challenges = [
            Challenge(text=f"Udfordring {j}", deleted_at=_maybe_gone(draw, 0.1))
            for j in range(draw(st.integers(0, 3)))
        ]
        follow_ups: list[FollowUp] = []
        live_days: set[date] = set()
        for offset in draw(st.lists(st.integers(0, 150), min_size=2, max_size=8)):
            day = start + timedelta(days=offset)
            gone = utcnow() if day in live_days else _maybe_gone(draw)
            if gone is None:
                live_days.add(day)
            ratings: list[LadderRating] = []
            for enrolment in enrolments:
                steps = steps_of[enrolment.ladder_id]
                step = st.sampled_from([None, *(s.id for s in steps * 3)])
                for copy in range(draw(st.sampled_from([0, 1, 1, 1, 2]))):  # 2nd: tombstoned
                    ratings.append(
                        LadderRating(
                            enrolment_id=enrolment.id,
                            staff_step_id=draw(step),
                            participant_step_id=draw(step),
                            deleted_at=utcnow() if copy else _maybe_gone(draw, 0.1),
                        )
                    )
            statuses = [
                ChallengeStatus(
                    challenge_id=c.id,
                    state=draw(st.sampled_from(ChallengeState)),
                    deleted_at=_maybe_gone(draw, 0.1),
                )
                for c in challenges
                if draw(st.booleans())
            ]
            follow_ups.append(
                FollowUp(date=day, ratings=ratings, challenge_statuses=statuses, deleted_at=gone)
            )

        def after_start(d: int, start: date = start) -> date:
            return start + timedelta(days=d)

        end = draw(st.none() | st.integers(0, 200).map(after_start))
        people.append(
            Participant(
                code=f"P-{n}",
                start_date=start,
                end_date=end,
                exit=Exit(date=end) if end is not None and draw(st.booleans()) else None,
                target_group_id=draw(st.sampled_from([None, *(g.id for g in groups)])),
                challenges=challenges,
                enrolments=enrolments,
                follow_ups=sorted(follow_ups, key=lambda f: (f.date, f.id)),
                deleted_at=_maybe_gone(draw, 0.1),
            )
        )
    return OrganisationDocument(
        organisation=Organisation(name="Tilfældig"),
        target_groups=groups,
        ladders=ladders,
        participants=people,
    )


def periods(doc: OrganisationDocument) -> st.SearchStrategy[list[pg.Period]]:
    """Periods that start or end on a follow-up day, the day before or after, or on the day
    a course starts or ends (where an off-by-one would show); the first one runs from one
    follow-up day to another."""
    exact: set[date] = set()
    near: set[date] = set()
    for person in doc.participants:
        exact |= {f.date for f in person.follow_ups}
        near |= {person.start_date, *exact}
        if person.end_date is not None:
            near.add(person.end_date)
    close = sorted(d + timedelta(days=k) for d in near for k in (-1, 0, 1))
    day = st.none() | st.integers(-10, 400).map(lambda d: DAY0 + timedelta(days=d))
    if close:
        day = st.one_of(day, st.sampled_from(close), st.sampled_from(close))
    first = st.builds(pg.Period, day, day)
    if exact:
        on_day = st.sampled_from(sorted(exact))
        first = st.builds(pg.Period, st.none() | on_day, on_day)
    rest = st.lists(st.builds(pg.Period, day, day), min_size=1, max_size=3)
    return st.tuples(first, rest).map(lambda both: [both[0], *both[1]])


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty file at head, copied for each example (creating one runs the migrations)."""
    path = tmp_path_factory.mktemp("template") / "empty.forandring"
    Store.create(path, "pw", FAST_KDF).close()
    return path


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(doc=organisations(), data=st.data())
def test_random_organisations_same_figures(
    template: Path, tmp_path: Path, doc: OrganisationDocument, data: Any
) -> None:
    some = data.draw(periods(doc))
    steps = {lad.id: [None, *(s.id for s in lad.steps)] for lad in doc.ladders}
    path = tmp_path / f"{uuid.uuid4().hex}.forandring"
    shutil.copyfile(template, path)
    shutil.copyfile(f"{template}.keys", f"{path}.keys")  # the key slots travel with the file
    with Store.open(path, "pw", FAST_KDF) as store:
        with store.unit_of_work() as uow:
            uow.documents.add(doc)
            uow.commit()
        assert_facts_in_step(store)
        assert_same(store, some[:1])  # with every target group and ladder filter
        assert_same(store, [pg.ALL_TIME, *some[1:]], filters=False)
        # an edit after the fact: a ladder reordered or a step retired, a follow-up moved
        ladder = data.draw(st.sampled_from(doc.ladders))
        live = ladder.live_steps()
        if len(live) > 1:
            step = data.draw(st.sampled_from(live))
            edit = data.draw(st.sampled_from([move_step, remove_step]))
            edited = edit(ladder, step.id, 0) if edit is move_step else edit(ladder, step.id)
            save_ladder(store, edited)
        people = [p for p in doc.participants if p.follow_ups]
        if people:  # then the gestures of services.participants, each writing its own rows
            person = _person(store, data.draw(st.sampled_from(people)).id)
            follow_up = data.draw(st.sampled_from(person.follow_ups))
            taken = {f.date for f in person.follow_ups if not f.is_deleted}
            new_day = follow_up.date + timedelta(days=data.draw(st.integers(1, 30)))
            if new_day not in taken:  # a follow-up moved (and maybe tombstoned)
                moved = follow_up.changed(date=new_day, deleted_at=_maybe_gone(data.draw, 0.3))
                save_follow_up(store, person.id, moved)
                taken = {d for d in taken if d != follow_up.date}
                if moved.deleted_at is None:
                    taken.add(new_day)
            person = _person(store, person.id)
            gone = data.draw(st.sampled_from(person.follow_ups))
            delete_follow_up(store, person.id, gone.id)  # the undo of a new one
            if not gone.is_deleted:
                taken.discard(gone.date)
            day = person.start_date + timedelta(days=data.draw(st.integers(0, 200)))
            if day not in taken:  # a new one, rating some live ladders
                ratings = [
                    LadderRating(
                        enrolment_id=e.id,
                        staff_step_id=data.draw(st.sampled_from(steps[e.ladder_id])),
                        participant_step_id=data.draw(st.sampled_from(steps[e.ladder_id])),
                    )
                    for e in person.enrolments
                    if not e.is_deleted and data.draw(st.booleans())
                ]
                states = [
                    ChallengeStatus(
                        challenge_id=c.id, state=data.draw(st.sampled_from(ChallengeState))
                    )
                    for c in person.challenges
                    if data.draw(st.booleans())
                ]
                new = FollowUp(date=day, ratings=ratings, challenge_statuses=states)
                save_follow_up(store, person.id, new)
            live = [e for e in person.enrolments if not e.is_deleted]
            if live and data.draw(st.booleans()):  # an intake edit: a ladder unticked
                dropped = data.draw(st.sampled_from(live)).id
                enrolments = [
                    e.changed(deleted_at=utcnow()) if e.id == dropped else e
                    for e in person.enrolments
                ]
                save_intake(store, _person(store, person.id).changed(enrolments=enrolments))
        assert_facts_in_step(store)
        assert_same(store, [pg.ALL_TIME, *some], filters=False)
