"""From the intake dialog's choices to the participant to store: the drafts its rows add up
to, merged into the participant's challenges and enrolments. Ids of unchanged challenges
and enrolments are kept (follow-ups point at them); one that is no longer chosen is
tombstoned if follow-ups point at it, otherwise removed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence

from forandring_desktop.model import Participant, utcnow
from forandring_desktop.model.intake import (
    ChallengeDraft,
    EnrolmentDraft,
    merge_challenges,
    merge_enrolments,
    referenced_ids,
)
from forandring_desktop.ui.participants.intake_rows import _FreeRow, _LadderRow, _NoteChoice


def drafts(
    notes: Mapping[uuid.UUID, _NoteChoice],
    free_rows: Iterable[_FreeRow],
    ladder_rows: Sequence[_LadderRow],
    original: Participant | None,
) -> tuple[list[ChallengeDraft], list[EnrolmentDraft]]:
    """The challenges ticked or written and the ladders placed on; placements of
    ``original`` on ladders not shown (deleted since) stay as they are."""
    challenges = [
        ChallengeDraft(c.text, c.weight, note_id, c.challenge_id)
        for note_id, c in notes.items()
        if c.checked
    ]
    challenges += [c for free in free_rows if (c := free.draft()) is not None]
    enrolments = [e for lad in ladder_rows if (e := lad.draft()) is not None]
    shown = {row.ladder.id for row in ladder_rows}
    if original is not None:
        enrolments += [
            EnrolmentDraft(e.ladder_id, e.start_step_id, e.goal_step_id)
            for e in original.enrolments
            if not e.is_deleted and e.ladder_id not in shown
        ]
    return challenges, enrolments


def built_participant(
    original: Participant | None,
    fields: Mapping[str, object],
    challenge_drafts: Sequence[ChallengeDraft],
    enrolment_drafts: Sequence[EnrolmentDraft],
) -> Participant:
    """A new participant from ``fields`` and the drafts, or ``original`` changed by them
    (``original`` itself when nothing changed: no new timestamp, nothing to store)."""
    now = utcnow()
    if original is None:
        challenges = merge_challenges([], challenge_drafts, set(), now)
        enrolments = merge_enrolments([], enrolment_drafts, set(), now)
        return Participant.parse(
            {
                **fields,
                "challenges": [c.model_dump() for c in challenges],
                "enrolments": [e.model_dump() for e in enrolments],
            }
        )
    keep_challenges, keep_enrolments = referenced_ids(original)
    challenges = merge_challenges(original.challenges, challenge_drafts, keep_challenges, now)
    enrolments = merge_enrolments(original.enrolments, enrolment_drafts, keep_enrolments, now)
    if (
        all(getattr(original, k) == v for k, v in fields.items())
        and challenges == original.challenges
        and enrolments == original.enrolments
    ):
        return original  # nothing changed: no new timestamp, nothing to store
    return original.changed(
        **fields,
        challenges=[c.model_dump() for c in challenges],
        enrolments=[e.model_dump() for e in enrolments],
    )
