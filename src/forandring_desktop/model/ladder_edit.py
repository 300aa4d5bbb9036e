"""Editing a goal ladder, and the guide's quality rules as gentle hints.

Each edit returns a new, validated Ladder. Steps keep their ids through every edit, so
ratings that point at a step keep their meaning; removing a step retires it (a tombstone
at the end of the list) instead of destroying it.
"""

from __future__ import annotations

import difflib
import re
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from forandring_desktop.model.base import utcnow
from forandring_desktop.model.door import DoorSheet, Side
from forandring_desktop.model.ladder import Ladder, LadderSource, LadderStep

SIMILAR_RATIO = 0.85  # steps this alike (0-1) are hard to tell apart
SHORT_SIGNS = 25  # signs shorter than this are not concrete enough for a 'more of' step

# Words that make a step 'more (or less) of the same' (the guide: avoid, or be concrete).
_MORE_OF_THE_SAME = re.compile(
    r"\b(mere|mindre|bedre|dårligere|oftere|sjældnere|flere|færre|større|lidt|meget|"
    r"hyppigere|længere|kortere)\b",
    re.IGNORECASE,
)


def _rebuild(ladder: Ladder, live: list[LadderStep]) -> Ladder:
    retired = [s for s in ladder.steps if s.is_deleted and s.id not in {x.id for x in live}]
    return ladder.changed(steps=[*live, *retired])


def _live_index(ladder: Ladder, step_id: uuid.UUID) -> int:
    for i, step in enumerate(ladder.live_steps()):
        if step.id == step_id:
            return i
    raise KeyError(step_id)


def add_step(
    ladder: Ladder, index: int | None = None, text: str = "", signs: str = "", action: str = ""
) -> tuple[Ladder, LadderStep]:
    """Insert a new step at ``index`` (0 = bottom) among the live steps; default on top."""
    live = ladder.live_steps()
    step = LadderStep(text=text, signs=signs, action=action)
    position = len(live) if index is None else max(0, min(index, len(live)))
    live.insert(position, step)
    return _rebuild(ladder, live), step


def edit_step(ladder: Ladder, step_id: uuid.UUID, **changes: Any) -> Ladder:
    """Reword a step (text, signs, action); its id, and so its ratings, stay."""
    allowed = {"text", "signs", "action"}
    if set(changes) - allowed:
        raise ValueError(f"not an editable field of a step: {sorted(set(changes) - allowed)}")
    if step_id not in ladder.step_ids():
        raise KeyError(step_id)
    return ladder.changed(
        steps=[s.changed(**changes) if s.id == step_id else s for s in ladder.steps]
    )


def move_step(ladder: Ladder, step_id: uuid.UUID, index: int) -> Ladder:
    """Move a live step to ``index`` (0 = bottom) among the live steps."""
    live = ladder.live_steps()
    step = live.pop(_live_index(ladder, step_id))
    live.insert(max(0, min(index, len(live))), step)
    return _rebuild(ladder, live)


def remove_step(ladder: Ladder, step_id: uuid.UUID) -> Ladder:
    """Retire a step: it leaves the ladder but stays (tombstoned) for the ratings of it."""
    live = ladder.live_steps()
    step = live.pop(_live_index(ladder, step_id))
    retired = step.changed(deleted_at=utcnow())
    others = [s for s in ladder.steps if s.is_deleted]
    return ladder.changed(steps=[*live, retired, *others])


def ladder_from_pair(
    sheet: DoorSheet, in_note_id: uuid.UUID, target_group_ids: list[uuid.UUID] | None = None
) -> Ladder:
    """A new ladder from a pair on a door sheet: the in-note is UDGANGSPUNKTET and the
    out-note MÅLET (the guide: take a green pair and write it over the bottom and top)."""
    notes = {n.id: n for n in sheet.notes}
    in_note = notes.get(in_note_id)
    if in_note is None or in_note.side is not Side.IN or in_note.pair_id is None:
        raise ValueError("Vælg en seddel ind ad døren, der er parret med en ud af døren.")
    out_note = notes[in_note.pair_id]
    return Ladder(
        title=_title_from(out_note.text),
        change_goal=out_note.text,
        steps=[LadderStep(text=in_note.text), LadderStep(text=out_note.text)],
        target_group_ids=list(target_group_ids or []),
        source=LadderSource(sheet_id=sheet.id, in_note_id=in_note.id, out_note_id=out_note.id),
    )


def _title_from(text: str) -> str:
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    return first_line if len(first_line) <= 60 else first_line[:59].rstrip() + "…"


# -- the guide's quality rules as hints --------------------------------------------------


class HintKind(StrEnum):
    TOO_FEW_STEPS = "too_few_steps"
    MORE_THAN_ONE_CHANGE = "more_than_one_change"
    EMPTY_STEP = "empty_step"
    SIMILAR_STEPS = "similar_steps"
    MORE_OF_THE_SAME = "more_of_the_same"
    NO_SIGNS = "no_signs"


@dataclass(frozen=True, slots=True)
class LadderHint:
    kind: HintKind
    message: str  # Danish, in the guide's words where it has them
    step_ids: tuple[uuid.UUID, ...] = ()
    suggest_merge: bool = False


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _norm(a), _norm(b)).ratio()


def ladder_hints(ladder: Ladder) -> list[LadderHint]:
    """Gentle reminders of the guide's rules; never a reason to refuse an edit."""
    hints: list[LadderHint] = []
    live = ladder.live_steps()
    numbered = {s.id: i for i, s in enumerate(live, start=1)}
    if len(live) < 2:
        hints.append(
            LadderHint(
                HintKind.TOO_FEW_STEPS,
                "En måltrappe går fra udgangspunktet (nederste trin) til målet (øverste trin).",
            )
        )
    goal = ladder.change_goal
    if ";" in goal or " samt " in goal or goal.casefold().count(" og ") >= 2:
        hints.append(
            LadderHint(
                HintKind.MORE_THAN_ONE_CHANGE,
                "Beskriver måltrappen én forandring og kun én forandring? "
                "Del den ellers op i flere måltrapper.",
            )
        )
    for step in live:
        if not step.text.strip():
            hints.append(
                LadderHint(
                    HintKind.EMPTY_STEP,
                    f"Trin {numbered[step.id]} mangler et delmål.",
                    (step.id,),
                )
            )
    for i, a in enumerate(live):
        for b in live[i + 1 :]:
            if a.text.strip() and b.text.strip() and similarity(a.text, b.text) >= SIMILAR_RATIO:
                hints.append(
                    LadderHint(
                        HintKind.SIMILAR_STEPS,
                        f"Trin {numbered[a.id]} og {numbered[b.id]} er næsten ens. Kan I tydeligt "
                        "se forskel på dem? Slå trin sammen, som I ikke kan se en tydelig "
                        "forskel på.",
                        (a.id, b.id),
                        suggest_merge=True,
                    )
                )
    for step in live:
        if _MORE_OF_THE_SAME.search(step.text) and len(step.signs.strip()) < SHORT_SIGNS:
            hints.append(
                LadderHint(
                    HintKind.MORE_OF_THE_SAME,
                    f"Trin {numbered[step.id]} lyder som ‘mere (eller mindre) af det samme’. "
                    "Vær meget konkrete på, hvordan det kan ses: beskriv tegnene.",
                    (step.id,),
                )
            )
        elif step.text.strip() and not step.signs.strip():
            hints.append(
                LadderHint(
                    HintKind.NO_SIGNS,
                    f"Trin {numbered[step.id]} har ingen tegn. Hvordan kan man se på en "
                    "person, at han eller hun er på dette trin?",
                    (step.id,),
                )
            )
    return hints


def merge_steps(ladder: Ladder, keep_id: uuid.UUID, merge_id: uuid.UUID) -> Ladder:
    """Fold step ``merge_id`` into ``keep_id`` (texts and signs joined) and retire it.

    Ratings of the retired step keep pointing at it; the participant views still show it.
    """
    steps = {s.id: s for s in ladder.steps}
    keep, gone = steps[keep_id], steps[merge_id]

    def join(a: str, b: str) -> str:
        return a if not b.strip() or b.strip() in a else (f"{a}\n{b}" if a.strip() else b)

    merged = keep.changed(
        text=join(keep.text, gone.text),
        signs=join(keep.signs, gone.signs),
        action=join(keep.action, gone.action),
    )
    ladder = ladder.changed(steps=[merged if s.id == keep_id else s for s in ladder.steps])
    return remove_step(ladder, merge_id)
