"""Progress for the status figures, and the facts that make it fast.

The reference path (:meth:`ProgressRepository.records`) reads every live rating and
challenge status into light records for ``model.progression.status_figures``. With 500,000
ratings that takes many seconds, so the status figures are read another way.

Revision 0004 keeps narrow integer copies of the ratings and challenge statuses in step with
the user's rows through SQLite triggers: ``progress_rating`` (a multiset of enrolment key,
day, staff step key, own step key), ``progress_first_rating`` (the first day each staff
step was rated in an enrolment, in day order), ``progress_challenge_state``, and small
integer keys for the ids in ``progress_*_key``. Levels are not stored: they change
whenever a ladder is edited. Each read computes them from ``ladder_step`` into a temporary
table and lets SQLite compute the tallies of ``model.progression`` per (ladder, target
group) cell, so only a handful of rows come back to Python:

- per live enrolment of someone present in the period (a temporary table): its cell, start
  and goal levels and the staff's latest level at the period's end and before its start
  (an index seek each: the facts are ordered by enrolment and day); summed per cell into
  rated, steps moved, up, down and goals reached;
- the weeks per step per cell, from the first day each step was rated (one window pass);
- the agreement sums per enrolment over the facts of the period (one pass);
- per target group the people present, ended, and their challenges with the states at
  the period's end.

The maths mirrors ``tally_series`` / ``tally_person`` and the same ``status_from_tallies``
combines the result; tests compare both paths on many organisations.

:func:`read_tallies` runs the three independent parts on separate connections in threads
(SQLite releases the GIL while it works); each reads its own snapshot, so an edit committed
in the same instant may show in one part of the figures and not yet in another.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from forandring_desktop.model.participants import ChallengeState
from forandring_desktop.model.progression import (
    ALL_TIME,
    Agreement,
    ChallengeRecord,
    EnrolmentSeries,
    LadderTally,
    PeopleTally,
    Period,
    PersonRecord,
    RatingPoint,
)
from forandring_desktop.storage import tables as t

Tallies = tuple[list[PeopleTally], list[LadderTally]]
T = TypeVar("T")

# The views and triggers of revision 0004 (a test checks that all of them exist at head).
VIEWS = ("progress_rating_change", "progress_challenge_state_change")
TRIGGERS = (
    "progress_rating_change_apply",
    "progress_challenge_state_change_apply",
    "progress_rating_first_insert",
    "progress_rating_first_delete",
    "progress_ladder_rating_insert",
    "progress_ladder_rating_update",
    "progress_ladder_rating_delete",
    "progress_challenge_status_insert",
    "progress_challenge_status_update",
    "progress_challenge_status_delete",
    "progress_follow_up_insert",
    "progress_follow_up_update",
    "progress_follow_up_delete",
)

_NO_END = 10**7  # an ordinal after every date (date.max is 3,652,059)


class ProgressRepository:
    """What the progression maths needs, read with plain queries.

    :meth:`records` reads every rating into the reference records (the model's
    ``status_figures`` takes them); it is exact and simple, and too slow for an organisation
    with hundreds of thousands of ratings. :meth:`tallies` reads the progress facts instead
    (see the module docstring) and gives the same figures.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def tallies(self, period: Period = ALL_TIME) -> Tallies:
        """The tallies of the people present in ``period`` and of their enrolments, per
        target group and ladder, from the progress facts (on this unit of work's
        connection, one query after the other)."""
        db = self.session.connection().connection.driver_connection
        return read_tallies_on(db, period)

    def levels(self) -> dict[uuid.UUID, tuple[uuid.UUID, int | None]]:
        """step id -> (ladder id, 1-based level among live steps; None if retired)."""
        steps = t.table(t.LadderStepRow)
        query = select(steps.c.id, steps.c.ladder_id, steps.c.deleted_at).order_by(
            steps.c.ladder_id, steps.c.position, steps.c.id
        )
        result: dict[uuid.UUID, tuple[uuid.UUID, int | None]] = {}
        height: dict[uuid.UUID, int] = defaultdict(int)
        for step_id, ladder_id, deleted_at in self.session.execute(query):
            if deleted_at is None:
                height[ladder_id] += 1
                result[step_id] = (ladder_id, height[ladder_id])
            else:
                result[step_id] = (ladder_id, None)
        return result

    def records(
        self,
    ) -> tuple[list[PersonRecord], list[EnrolmentSeries], list[ChallengeRecord]]:
        s = self.session
        people_t = t.table(t.ParticipantRow)
        people: dict[uuid.UUID, PersonRecord] = {}
        for pid, group, start, end, exit_day in s.execute(
            select(
                people_t.c.id,
                people_t.c.target_group_id,
                people_t.c.start_date,
                people_t.c.end_date,
                people_t.c.exit_date,
            ).where(people_t.c.deleted_at.is_(None))
        ):
            people[pid] = PersonRecord(pid, group, start, exit_day or end)

        levels = self.levels()
        ladders_t = t.table(t.LadderRow)
        live_ladders = set(
            s.scalars(select(ladders_t.c.id).where(ladders_t.c.deleted_at.is_(None)))
        )
        fu_t = t.table(t.FollowUpRow)
        ra_t = t.table(t.LadderRatingRow)
        points: dict[uuid.UUID, list[RatingPoint]] = defaultdict(list)
        rating_query = (
            select(
                ra_t.c.enrolment_id, fu_t.c.date, ra_t.c.staff_step_id, ra_t.c.participant_step_id
            )
            .join(fu_t, fu_t.c.id == ra_t.c.follow_up_id)
            .where(ra_t.c.deleted_at.is_(None), fu_t.c.deleted_at.is_(None))
            .order_by(fu_t.c.date, fu_t.c.id)
        )
        for enrolment_id, day, staff, own in s.execute(rating_query):
            points[enrolment_id].append(
                RatingPoint(
                    day,
                    levels[staff][1] if staff is not None else None,
                    levels[own][1] if own is not None else None,
                )
            )
        en_t = t.table(t.EnrolmentRow)
        series: list[EnrolmentSeries] = []
        for eid, pid, ladder_id, start_step, goal_step in s.execute(
            select(
                en_t.c.id,
                en_t.c.participant_id,
                en_t.c.ladder_id,
                en_t.c.start_step_id,
                en_t.c.goal_step_id,
            )
            .where(en_t.c.deleted_at.is_(None))
            .order_by(en_t.c.id)
        ):
            person = people.get(pid)
            if person is None or ladder_id not in live_ladders:
                continue
            series.append(
                EnrolmentSeries(
                    pid,
                    ladder_id,
                    person.target_group_id,
                    person.start_day,
                    person.end_day,
                    levels[start_step][1] or 1,
                    levels[goal_step][1] if goal_step is not None else None,
                    tuple(points.get(eid, ())),
                )
            )
        st_t = t.table(t.ChallengeStatusRow)
        states: dict[uuid.UUID, list[tuple[Any, ChallengeState]]] = defaultdict(list)
        for challenge_id, day, state in s.execute(
            select(st_t.c.challenge_id, fu_t.c.date, st_t.c.state)
            .join(fu_t, fu_t.c.id == st_t.c.follow_up_id)
            .where(st_t.c.deleted_at.is_(None), fu_t.c.deleted_at.is_(None))
            .order_by(fu_t.c.date, fu_t.c.id)
        ):
            states[challenge_id].append((day, ChallengeState(state)))
        ch_t = t.table(t.ChallengeRow)
        challenges: list[ChallengeRecord] = []
        for cid, pid, weight in s.execute(
            select(ch_t.c.id, ch_t.c.participant_id, ch_t.c.weight)
            .where(ch_t.c.deleted_at.is_(None))
            .order_by(ch_t.c.id)
        ):
            person = people.get(pid)
            if person is None:
                continue
            challenges.append(
                ChallengeRecord(
                    pid,
                    person.target_group_id,
                    person.start_day,
                    person.end_day,
                    weight,
                    tuple(states.get(cid, ())),
                )
            )
        return list(people.values()), series, challenges


# -- the fast path ---------------------------------------------------------------------------
# Plain DB-API cursors: SQLAlchemy's row processing would cost more than the queries. All
# days are ordinals; an open period end is _NO_END and an open start 0.

_STEPS = """
SELECT s.id, s.ladder_id, s.deleted_at IS NULL, k.k
FROM ladder_step AS s LEFT JOIN progress_step_key AS k ON k.step_id = s.id
ORDER BY s.ladder_id, s.position, s.id"""

_DAY = "CAST(julianday({}) - 1721424.5 AS INTEGER)"  # a 'YYYY-MM-DD' date's ordinal

# The people whose course touches the period :start..:end.
_PRESENT = f"""
SELECT id, target_group_id, first, last FROM (
    SELECT id, target_group_id, {_DAY.format("start_date")} AS first,
        {_DAY.format("coalesce(exit_date, end_date)")} AS last
    FROM participant WHERE deleted_at IS NULL)
WHERE first <= :end AND (last IS NULL OR last >= :start)"""

# The staff's latest rated level of enrolment key k.k on or before a day.
_LATEST = """(
    SELECT lv.level FROM progress_rating AS f
    JOIN temp.progress_level AS lv ON lv.k = f.staff_key
    WHERE f.enrolment_key = k.k AND f.day <= {day}
    ORDER BY f.day DESC LIMIT 1)"""

# One row per live enrolment on a live ladder (the cells are those of the live ladders) of a
# person present in the period: its enrolment key (or a negative stand-in when it was never
# rated), its (ladder, target group) cell, its start and goal levels, and the staff's latest
# level at the period's end and before its start (only needed when the period starts after
# the person did).
_ENROLMENTS = f"""
INSERT INTO temp.progress_enrolment
    (k, cell, start_day, start_level, goal_level, at_end, before_start)
SELECT coalesce(k.k, -e.rowid), c.cell, p.first, coalesce(sl.level, 1), gl.level,
    {_LATEST.format(day=":end")},
    CASE WHEN :start > p.first THEN {_LATEST.format(day=":start - 1")} END
FROM ({_PRESENT}) AS p
JOIN enrolment AS e ON e.participant_id = p.id
JOIN temp.progress_cell AS c ON c.ladder_id = e.ladder_id AND c.group_id IS p.target_group_id
LEFT JOIN progress_enrolment_key AS k ON k.enrolment_id = e.id
LEFT JOIN temp.progress_step_level AS sl ON sl.step_id = e.start_step_id
LEFT JOIN temp.progress_step_level AS gl ON gl.step_id = e.goal_step_id
WHERE e.deleted_at IS NULL"""

# model.progression.tally_series summed per cell: rated, steps moved, goal reached.
_CELL_FIGURES = """
SELECT cell, count(*), count(at_end), sum(moved),
    count(*) FILTER (WHERE moved > 0), count(*) FILTER (WHERE moved < 0),
    count(goal_level), count(*) FILTER (WHERE level >= goal_level)
FROM (
    SELECT cell, at_end, goal_level, coalesce(at_end, start_level) AS level,
        coalesce(at_end, start_level) - coalesce(before_start, start_level) AS moved
    FROM temp.progress_enrolment)
GROUP BY cell"""

# model.progression.weeks_per_step per cell, as (days, levels gained, how many) jumps. In
# day order, the first rating of a step is a jump when its level beats the best level so
# far (the start level, or the best level first rated on an earlier day); the jump is
# measured from the day that best level was reached (or the start day). Levels at or
# below the start level never count. prev packs the best earlier (level, day) into one
# integer so that one window pass finds both (days are below 10,000,000).
_WEEKS = """
WITH ordered AS (
    SELECT pe.cell, pe.start_level, pe.start_day, lv.level, r.day,
        max(lv.level * 10000000 + r.day) OVER (
            PARTITION BY pe.k ORDER BY r.day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ) AS prev
    FROM temp.progress_enrolment AS pe
    JOIN progress_first_rating AS r ON r.enrolment_key = pe.k
    JOIN temp.progress_level AS lv ON lv.k = r.staff_key
    WHERE r.day <= :end AND lv.level > pe.start_level
), jumps AS (
    SELECT cell, level, day,
        CASE WHEN prev / 10000000 > start_level THEN prev / 10000000 ELSE start_level END
            AS best,
        CASE WHEN prev / 10000000 > start_level THEN prev % 10000000 ELSE start_day END
            AS since
    FROM ordered
)
SELECT cell, day - since, level - best, count(*) FROM jumps WHERE level > best
GROUP BY 1, 2, 3"""

# model.progression.agreement per enrolment key, over the ratings in the period.
_AGREEMENT = """
SELECT f.enrolment_key, sum(f.n), sum(f.n * (a.level = b.level)),
    sum(f.n * abs(a.level - b.level)), sum(f.n * (b.level > a.level))
FROM progress_rating AS f
JOIN temp.progress_level AS a ON a.k = f.staff_key
JOIN temp.progress_level AS b ON b.k = f.own_key
WHERE f.staff_key <> 0 AND f.own_key <> 0 AND f.day BETWEEN :start AND :end
GROUP BY f.enrolment_key"""

# Per participant: live challenges, and how many are fully / partly resolved at the end.
_CHALLENGES = """
WITH states AS MATERIALIZED (
    SELECT c.participant_id AS participant_id, (
        SELECT s.state FROM progress_challenge_state AS s
        WHERE s.challenge_key = k.k AND s.day <= :end
        ORDER BY s.day DESC, s.state DESC LIMIT 1) AS state
    FROM challenge AS c LEFT JOIN progress_challenge_key AS k ON k.challenge_id = c.id
    WHERE c.deleted_at IS NULL)
SELECT participant_id, count(*), count(*) FILTER (WHERE state = 2),
    count(*) FILTER (WHERE state = 1)
FROM states GROUP BY participant_id"""


def _bounds(period: Period) -> dict[str, int]:
    return {
        "start": period.start.toordinal() if period.start is not None else 0,
        "end": period.end.toordinal() if period.end is not None else _NO_END,
    }


def _levels(db: Any) -> None:
    """Fill temp.progress_level (step key -> level) and temp.progress_step_level (step id ->
    level) with the live steps' levels, as ``ProgressRepository.levels`` computes them."""
    by_key: list[tuple[int, int]] = []
    by_id: list[tuple[str, int]] = []
    height: dict[str, int] = defaultdict(int)
    for step_id, ladder_id, live, key in db.execute(_STEPS).fetchall():
        if not live:
            continue
        height[ladder_id] += 1
        by_id.append((step_id, height[ladder_id]))
        if key is not None:
            by_key.append((key, height[ladder_id]))
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS progress_level "
        "(k INTEGER PRIMARY KEY, level INTEGER NOT NULL)"
    )
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS progress_step_level "
        "(step_id TEXT PRIMARY KEY, level INTEGER NOT NULL) WITHOUT ROWID"
    )
    db.execute("DELETE FROM temp.progress_level")
    db.execute("DELETE FROM temp.progress_step_level")
    db.executemany("INSERT INTO temp.progress_level (k, level) VALUES (?, ?)", by_key)
    db.executemany("INSERT INTO temp.progress_step_level (step_id, level) VALUES (?, ?)", by_id)


class _Ids:
    """Hex ids from SQLite -> UUIDs, each made once."""

    def __init__(self) -> None:
        self._seen: dict[str, uuid.UUID] = {}

    def __call__(self, value: str | None) -> uuid.UUID | None:
        if value is None:
            return None
        found = self._seen.get(value)
        if found is None:
            found = self._seen[value] = uuid.UUID(hex=value)
        return found


@dataclass
class _Cells:
    """What the enrolment queries found, per (ladder, target group) cell."""

    names: dict[int, tuple[str, str | None]]  # cell -> (ladder id, target group id)
    figures: dict[int, tuple[int, int, int, int, int, int, int]]  # cell -> enrolments, rated,
    # steps moved, moved up, moved down, with goal, goal reached
    weeks: dict[int, dict[float, int]]  # cell -> weeks per step -> how many
    key_cell: dict[int, int]  # enrolment key -> cell


def _enrolment_part(db: Any, period: Period) -> _Cells:
    bounds = _bounds(period)
    _levels(db)
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS progress_cell (cell INTEGER PRIMARY KEY, "
        "ladder_id TEXT NOT NULL, group_id TEXT, UNIQUE (ladder_id, group_id))"
    )
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS progress_enrolment (k INTEGER PRIMARY KEY, "
        "cell INTEGER NOT NULL, start_day INTEGER NOT NULL, start_level INTEGER NOT NULL, "
        "goal_level INTEGER, at_end INTEGER, before_start INTEGER)"
    )
    db.execute("DELETE FROM temp.progress_cell")
    db.execute("DELETE FROM temp.progress_enrolment")
    db.execute(
        "INSERT INTO temp.progress_cell (ladder_id, group_id) "
        "SELECT l.id, g.id FROM ladder AS l "
        "CROSS JOIN (SELECT id FROM target_group UNION ALL SELECT NULL) AS g "
        "WHERE l.deleted_at IS NULL"
    )
    db.execute(_ENROLMENTS, bounds)
    cells = _Cells(
        names={
            cell: (ladder, group)
            for cell, ladder, group in db.execute(
                "SELECT cell, ladder_id, group_id FROM temp.progress_cell"
            ).fetchall()
        },
        figures={row[0]: row[1:] for row in db.execute(_CELL_FIGURES).fetchall()},
        weeks=defaultdict(lambda: defaultdict(int)),
        key_cell=dict(
            db.execute("SELECT k, cell FROM temp.progress_enrolment WHERE k > 0").fetchall()
        ),
    )
    for cell, days, gained, count in db.execute(_WEEKS, {"end": bounds["end"]}).fetchall():
        cells.weeks[cell][days / 7 / gained] += gained * count  # as weeks_per_step
    return cells


def _agreement_part(db: Any, period: Period) -> list[tuple[int, int, int, int, int]]:
    _levels(db)
    return db.execute(_AGREEMENT, _bounds(period)).fetchall()  # type: ignore[no-any-return]


def _people_part(db: Any, period: Period) -> list[PeopleTally]:
    bounds = _bounds(period)
    challenges = {
        person: (count, fully, partly)
        for person, count, fully, partly in db.execute(
            _CHALLENGES, {"end": bounds["end"]}
        ).fetchall()
    }
    ids = _Ids()
    tallies: dict[str | None, list[int]] = {}
    for person, group, _, last in db.execute(_PRESENT, bounds).fetchall():
        sums = tallies.setdefault(group, [0, 0, 0, 0, 0])
        sums[0] += 1
        sums[1] += last is not None and bounds["start"] <= last <= bounds["end"]
        count, fully, partly = challenges.get(person, (0, 0, 0))
        sums[2] += count
        sums[3] += fully
        sums[4] += partly
    return [PeopleTally(ids(group), *sums) for group, sums in tallies.items()]


def _ladder_tallies(
    cells: _Cells, agreements: list[tuple[int, int, int, int, int]]
) -> list[LadderTally]:
    agree: dict[int, list[int]] = {cell: [0, 0, 0, 0] for cell in cells.figures}
    for key, *sums in agreements:
        cell = cells.key_cell.get(key)
        if cell is not None:  # else not a live enrolment of someone present
            total = agree[cell]
            for i, value in enumerate(sums):
                total[i] += value
    ids = _Ids()
    tallies: list[LadderTally] = []
    for cell, (count, rated, moved, up, down, with_goal, reached) in cells.figures.items():
        ladder, group = cells.names[cell]
        ladder_id = ids(ladder)
        assert ladder_id is not None
        tallies.append(
            LadderTally(
                ladder_id,
                ids(group),
                enrolments=count,
                rated=rated,
                steps_moved_total=moved,
                moved_up=up,
                moved_down=down,
                with_goal=with_goal,
                goal_reached=reached,
                weeks=tuple(cells.weeks[cell].items()),
                agreement=Agreement(*agree[cell]),
            )
        )
    return tallies


def read_tallies_on(db: Any, period: Period = ALL_TIME) -> Tallies:
    """The tallies, read one query after the other on one DB-API connection (in a
    transaction the caller opened)."""
    cells = _enrolment_part(db, period)
    return _people_part(db, period), _ladder_tallies(cells, _agreement_part(db, period))


def _on_own_connection(engine: Engine, part: Callable[[Any, Period], T], period: Period) -> T:
    with engine.connect() as conn:
        conn.begin()  # one snapshot for the part's queries
        try:
            return part(conn.connection.driver_connection, period)
        finally:
            conn.rollback()  # only temp tables were written


def read_tallies(engine: Engine, period: Period = ALL_TIME, *, parallel: bool = True) -> Tallies:
    """The tallies of the people present in ``period`` and of their enrolments, from the
    progress facts. With ``parallel``, the agreement pass and the people and challenges
    run on their own connections in threads while this thread reads the enrolments."""
    if not parallel:
        return _on_own_connection(engine, read_tallies_on, period)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="progress") as pool:
        agreements = pool.submit(_on_own_connection, engine, _agreement_part, period)
        people = pool.submit(_on_own_connection, engine, _people_part, period)
        cells = _on_own_connection(engine, _enrolment_part, period)
        return people.result(), _ladder_tallies(cells, agreements.result())
