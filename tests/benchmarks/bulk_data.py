"""Big organisations fast: participants, ratings and challenge statuses as plain SQL rows.

Building pydantic objects for half a million ratings takes minutes; this writes the same
shape of rows straight through the store's engine (the storage triggers still run), so a
benchmark can make 10,000 participants with 500,000 ladder ratings in well under a minute.

    store = create_from_document(path, "pw", build_demo_document(participants=0))
    bulk_participants(store, 10_000, follow_ups=25, seed=1)

Every participant is on every live ladder, has up to five intake challenges (a status is
written only when it changes) and ``follow_ups`` weekly follow-ups rating each ladder
(staff and participant walk up and down at random; now and then one of them does not
rate). About one in eight has ended. Start dates are spread over the year before
``today``, so periods cut through the middle of courses.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from forandring_desktop.model import ChallengeStatus, FollowUp, LadderRating, Participant, uuid7
from forandring_desktop.model.participants import latest_states, latest_steps
from forandring_desktop.storage import Store

NOW = "2025-06-01 00:00:00.000000"
TODAY = date(2025, 6, 1)
CHALLENGES = 5
STATES = ("unresolved", "partly", "fully")
NOTES = ("Godt fremmøde.", "Svær uge, men mødte op.", "Har selv taget kontakt.", "")
_CHUNK = 20_000


def _insert(conn: Any, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
    for i in range(0, len(rows), _CHUNK):
        conn.exec_driver_sql(sql, list(rows[i : i + _CHUNK]))


def _walk(rng: random.Random, value: int, top: int, up: float, down: float) -> int:
    roll = rng.random()
    if roll < up:
        value += 1
    elif roll < up + down:
        value -= 1
    return max(0, min(top, value))


def bulk_participants(
    store: Store,
    count: int,
    follow_ups: int = 25,
    seed: int = 1,
    *,
    today: date = TODAY,
) -> dict[str, int]:
    """Add ``count`` participants to the organisation in ``store``; returns row counts."""
    rng = random.Random(seed)
    with store.engine.begin() as conn:
        org = conn.exec_driver_sql(
            "SELECT id FROM organisation WHERE deleted_at IS NULL"
        ).scalar_one()
        groups = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT id FROM target_group WHERE deleted_at IS NULL ORDER BY id"
            )
        ] or [None]
        ladders: dict[str, list[tuple[str, str]]] = {}
        for ladder_id, step_id, action in conn.exec_driver_sql(
            "SELECT s.ladder_id, s.id, s.action FROM ladder_step s "
            "JOIN ladder l ON l.id = s.ladder_id "
            "WHERE s.deleted_at IS NULL AND l.deleted_at IS NULL "
            "ORDER BY s.ladder_id, s.position, s.id"
        ):
            ladders.setdefault(ladder_id, []).append((step_id, action))
        codes = conn.exec_driver_sql("SELECT count(*) FROM participant").scalar_one()

        people: list[tuple[Any, ...]] = []
        challenges: list[tuple[Any, ...]] = []
        enrolments: list[tuple[Any, ...]] = []
        visits: list[tuple[Any, ...]] = []
        ratings: list[tuple[Any, ...]] = []
        statuses: list[tuple[Any, ...]] = []
        for n in range(count):
            pid = uuid7().hex
            start = today - timedelta(days=7 * follow_ups + rng.randint(0, 365))
            ended = rng.random() < 0.125
            end = start + timedelta(weeks=follow_ups + 1) if ended else None
            people.append(
                (
                    pid,
                    org,
                    f"BULK-{codes + n + 1:06d}",
                    start.isoformat(),
                    end.isoformat() if end else None,
                    groups[n % len(groups)],
                    end.isoformat() if end else None,
                    "job" if end else None,
                    "" if end else None,
                )
            )
            own_challenges = [uuid7().hex for _ in range(CHALLENGES)]
            for position, cid in enumerate(own_challenges):
                challenges.append((cid, pid, position, f"Udfordring {position + 1}", None))
            walks: list[tuple[str, list[tuple[str, str]], int]] = []
            for ladder_id, steps in ladders.items():
                level = rng.randint(0, min(2, len(steps) - 1))
                goal = min(len(steps) - 1, level + rng.randint(2, 4))
                eid = uuid7().hex
                enrolments.append((eid, pid, ladder_id, steps[level][0], steps[goal][0]))
                walks.append((eid, steps, level))
            state = dict.fromkeys(own_challenges, 0)
            levels = {eid: level for eid, _, level in walks}
            for week in range(1, follow_ups + 1):
                fid = uuid7().hex
                day = (start + timedelta(weeks=week)).isoformat()
                visits.append((fid, pid, day, rng.choice(NOTES)))
                for eid, steps, _ in walks:
                    top = len(steps) - 1
                    levels[eid] = level = _walk(rng, levels[eid], top, 0.3, 0.1)
                    own = _walk(rng, level, top, 0.25, 0.25)
                    staff_step = steps[level][0] if rng.random() > 0.03 else None
                    own_step = steps[own][0] if rng.random() > 0.1 else None
                    ratings.append(
                        (uuid7().hex, fid, eid, staff_step, own_step, "", steps[level][1])
                    )
                for cid in own_challenges:
                    new = _walk(rng, state[cid], 2, 0.15, 0.05)
                    if new != state[cid]:
                        state[cid] = new
                        statuses.append((uuid7().hex, fid, cid, STATES[new]))

        tracked = "id, created_at, updated_at, deleted_at"
        stamps = f"?, '{NOW}', '{NOW}', NULL"
        _insert(
            conn,
            f"INSERT INTO participant ({tracked}, organisation_id, code, start_date, "
            "end_date, target_group_id, mentor, municipality, exit_date, exit_destination, "
            f"exit_note) VALUES ({stamps}, ?, ?, ?, ?, ?, '', '', ?, ?, ?)",
            people,
        )
        _insert(  # the name lives apart (revision 0006); bulk participants have none
            conn,
            "INSERT INTO participant_identity (participant_id, name) VALUES (?, '')",
            [(person[0],) for person in people],
        )
        _insert(
            conn,
            f"INSERT INTO challenge ({tracked}, participant_id, position, text, weight, "
            f"source_note_id) VALUES ({stamps}, ?, ?, ?, ?, NULL)",
            challenges,
        )
        _insert(
            conn,
            f"INSERT INTO enrolment ({tracked}, participant_id, ladder_id, start_step_id, "
            f"goal_step_id) VALUES ({stamps}, ?, ?, ?, ?)",
            enrolments,
        )
        _insert(
            conn,
            f"INSERT INTO follow_up ({tracked}, participant_id, date, note) "
            f"VALUES ({stamps}, ?, ?, ?)",
            visits,
        )
        _insert(
            conn,
            f"INSERT INTO ladder_rating ({tracked}, follow_up_id, enrolment_id, staff_step_id, "
            f"participant_step_id, note, action) VALUES ({stamps}, ?, ?, ?, ?, ?, ?)",
            ratings,
        )
        _insert(
            conn,
            f"INSERT INTO challenge_status ({tracked}, follow_up_id, challenge_id, state) "
            f"VALUES ({stamps}, ?, ?, ?)",
            statuses,
        )
    return {
        "participants": len(people),
        "challenges": len(challenges),
        "enrolments": len(enrolments),
        "follow_ups": len(visits),
        "ratings": len(ratings),
        "challenge_statuses": len(statuses),
    }


def follow_up_maker(person: Participant) -> Callable[[date], FollowUp]:
    """What the weekly follow-up dialog makes: every ladder and challenge rated (worked out
    once, so that a benchmark can time the gesture alone)."""
    steps, states = latest_steps(person), latest_states(person)

    def make(day: date) -> FollowUp:
        return FollowUp(
            date=day,
            note="Ugentlig opfølgning",
            ratings=[
                LadderRating(enrolment_id=e, staff_step_id=s, participant_step_id=o)
                for e, (s, o) in steps.items()
            ],
            challenge_statuses=[
                ChallengeStatus(challenge_id=c, state=state) for c, state in states.items()
            ],
        )

    return make
