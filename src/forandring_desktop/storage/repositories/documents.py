"""A whole organisation at once: for import, export and the workshop pages."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, select, text
from sqlalchemy.orm import Session

from forandring_desktop.model import (
    DoorNote,
    DoorSheet,
    Ladder,
    LadderStep,
    MethodDescription,
    MissionDraft,
    OrganisationDocument,
    Participant,
    Persona,
    PlanAction,
    TargetGroup,
)
from forandring_desktop.storage import tables as t
from forandring_desktop.storage.errors import OrganisationExistsError
from forandring_desktop.storage.repositories.organisation import OrganisationRepository
from forandring_desktop.storage.repositories.participants import (
    ParticipantRepository,
    follow_up_row,
    identity_row,
    participant_row,
)
from forandring_desktop.storage.repositories.rows import E, bulk_insert, entity_row, row_fields


class DocumentRepository:
    """A whole organisation at once: for import, export and (for now) the overview pages."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- writing -------------------------------------------------------------------------
    def add(self, doc: OrganisationDocument) -> None:
        """Insert a complete, already validated document into an empty file."""
        if OrganisationRepository(self.session).exists():
            raise OrganisationExistsError()
        s = self.session
        # Notes pair with notes inserted later in the same batch: check keys at commit.
        s.execute(text("PRAGMA defer_foreign_keys = ON"))
        org = doc.organisation
        bulk_insert(s, t.table(t.OrganisationRow), [entity_row(org)])
        bulk_insert(
            s,
            t.table(t.MissionDraftRow),
            [entity_row(d, organisation_id=org.id) for d in doc.mission_drafts],
        )
        bulk_insert(
            s,
            t.table(t.PersonaRow),
            [entity_row(p, organisation_id=org.id) for p in doc.personas],
        )
        bulk_insert(
            s,
            t.table(t.TargetGroupRow),
            [entity_row(g, organisation_id=org.id) for g in doc.target_groups],
        )
        bulk_insert(
            s,
            t.table(t.DoorSheetRow),
            [entity_row(sh, exclude=("notes",), organisation_id=org.id) for sh in doc.door_sheets],
        )
        bulk_insert(
            s,
            t.table(t.DoorNoteRow),
            [entity_row(n, sheet_id=sh.id) for sh in doc.door_sheets for n in sh.notes],
        )
        bulk_insert(
            s,
            t.table(t.LadderRow),
            [entity_row(lad, exclude=("steps",), organisation_id=org.id) for lad in doc.ladders],
        )
        bulk_insert(
            s,
            t.table(t.LadderStepRow),
            [
                entity_row(step, ladder_id=lad.id, position=i)
                for lad in doc.ladders
                for i, step in enumerate(lad.steps)
            ],
        )
        bulk_insert(
            s,
            t.table(t.MethodDescriptionRow),
            [entity_row(m, organisation_id=org.id) for m in doc.method_descriptions],
        )
        bulk_insert(
            s,
            t.table(t.PlanActionRow),
            [entity_row(a, organisation_id=org.id) for a in doc.plan_actions],
        )
        self.add_participants(doc.participants, org.id)

    def add_participants(self, people: Sequence[Participant], organisation_id: uuid.UUID) -> None:
        s = self.session
        bulk_insert(
            s, t.table(t.ParticipantRow), [participant_row(p, organisation_id) for p in people]
        )
        bulk_insert(s, t.table(t.ParticipantIdentityRow), [identity_row(p) for p in people])
        bulk_insert(
            s,
            t.table(t.ChallengeRow),
            [
                entity_row(c, participant_id=p.id, position=i)
                for p in people
                for i, c in enumerate(p.challenges)
            ],
        )
        bulk_insert(
            s,
            t.table(t.EnrolmentRow),
            [entity_row(e, participant_id=p.id) for p in people for e in p.enrolments],
        )
        follow_ups = [(p, f) for p in people for f in p.follow_ups]
        bulk_insert(s, t.table(t.FollowUpRow), [follow_up_row(f, p.id) for p, f in follow_ups])
        bulk_insert(
            s,
            t.table(t.LadderRatingRow),
            [entity_row(r, follow_up_id=f.id) for _, f in follow_ups for r in f.ratings],
        )
        bulk_insert(
            s,
            t.table(t.ChallengeStatusRow),
            [entity_row(c, follow_up_id=f.id) for _, f in follow_ups for c in f.challenge_statuses],
        )
        bulk_insert(
            s,
            t.table(t.AreaScoreRow),
            [entity_row(a, follow_up_id=f.id) for _, f in follow_ups for a in f.area_scores],
        )

    # -- reading -------------------------------------------------------------------------
    def _rows(self, table: Table, *order: Any) -> list[Any]:
        return list(self.session.execute(select(table).order_by(*order)))

    def _children(
        self, table: Table, parent: str, model: type[E], *order: Any, drop: Sequence[str] = ()
    ) -> dict[uuid.UUID, list[E]]:
        grouped: dict[uuid.UUID, list[E]] = defaultdict(list)
        for row in self._rows(table, *order):
            values = row_fields(row, table, drop=(parent, *drop))
            grouped[row._mapping[parent]].append(model.model_validate(values))
        return grouped

    def load(self, *, participants: bool = True) -> OrganisationDocument:
        """The whole organisation in canonical order (ids are time-ordered UUIDv7);
        without the participants when ``participants`` is false (the workshop part)."""
        org = OrganisationRepository(self.session).get()
        org_col = ("organisation_id",)

        def top(table: Table, model: type[E]) -> list[E]:
            return [
                model.model_validate(row_fields(r, table, drop=org_col))
                for r in self._rows(table, table.c.id)
            ]

        note_t = t.table(t.DoorNoteRow)
        notes = self._children(note_t, "sheet_id", DoorNote, note_t.c.id)
        sheet_t = t.table(t.DoorSheetRow)
        sheets = [
            DoorSheet.model_validate(
                {**row_fields(r, sheet_t, drop=org_col), "notes": notes.get(r.id, [])}
            )
            for r in self._rows(sheet_t, sheet_t.c.id)
        ]
        step_t = t.table(t.LadderStepRow)
        steps = self._children(
            step_t, "ladder_id", LadderStep, step_t.c.position, step_t.c.id, drop=("position",)
        )
        ladder_t = t.table(t.LadderRow)
        ladders = [
            Ladder.model_validate(
                {**row_fields(r, ladder_t, drop=org_col), "steps": steps.get(r.id, [])}
            )
            for r in self._rows(ladder_t, ladder_t.c.id)
        ]
        return OrganisationDocument(
            organisation=org,
            mission_drafts=top(t.table(t.MissionDraftRow), MissionDraft),
            personas=top(t.table(t.PersonaRow), Persona),
            target_groups=top(t.table(t.TargetGroupRow), TargetGroup),
            door_sheets=sheets,
            ladders=ladders,
            participants=self.load_participants() if participants else [],
            method_descriptions=top(t.table(t.MethodDescriptionRow), MethodDescription),
            plan_actions=top(t.table(t.PlanActionRow), PlanAction),
        )

    def load_participants(self) -> list[Participant]:
        return ParticipantRepository(self.session).load()
