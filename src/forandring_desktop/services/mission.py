"""Use cases of the mission page: drafts, the checklist, the chosen draft."""

from __future__ import annotations

import uuid
from typing import Any

from forandring_desktop.model import Answer, ChecklistQuestion, MissionDraft
from forandring_desktop.services.changes import ChangeSet, emits
from forandring_desktop.services.entities import set_deleted, update_entity
from forandring_desktop.storage import Store

DRAFT_FIELDS = frozenset({"title", "who", "what", "how", "mission_text"})


def list_mission_drafts(store: Store) -> list[MissionDraft]:
    with store.unit_of_work() as uow:
        return uow.mission_drafts.list()


@emits(MissionDraft)
def add_mission_draft(store: Store, draft: MissionDraft | None = None) -> ChangeSet:
    """A new draft ('mindst tre bud'), or ``draft`` itself (an undo putting one back)."""
    draft = draft if draft is not None else MissionDraft()
    with store.unit_of_work() as uow:
        organisation = uow.organisation.get()
        others = _unchoose_others(uow.mission_drafts, draft.id) if draft.chosen else []
        uow.mission_drafts.upsert(draft, organisation.id)
        uow.commit()
    return ChangeSet.created(draft) | ChangeSet.changed(*others, fields=("chosen",))


@emits(MissionDraft)
def update_mission_draft(store: Store, draft_id: uuid.UUID, **changes: Any) -> ChangeSet:
    """Change the draft's text fields (title, who, what, how, mission_text)."""
    return update_entity(store, "mission_drafts", draft_id, DRAFT_FIELDS, changes)


@emits(MissionDraft)
def set_checklist_answer(
    store: Store,
    draft_id: uuid.UUID,
    question: ChecklistQuestion,
    *,
    answer: Answer | None = None,
    note: str | None = None,
) -> ChangeSet:
    with store.unit_of_work() as uow:
        draft = uow.mission_drafts.get(draft_id)
        checklist = []
        for item in draft.checklist:
            if item.question == question:
                item = item.model_copy()
                if answer is not None:
                    item.answer = answer
                if note is not None:
                    item.note = note
            checklist.append(item)
        updated = draft.changed(checklist=checklist)
        uow.mission_drafts.update(updated, fields=("checklist",))
        uow.commit()
    return ChangeSet.changed(updated, fields=("checklist",))


@emits(MissionDraft)
def choose_mission_draft(store: Store, draft_id: uuid.UUID | None) -> ChangeSet:
    """Mark one draft as the chosen mission (None: no draft chosen)."""
    with store.unit_of_work() as uow:
        changed = _unchoose_others(uow.mission_drafts, draft_id)
        if draft_id is not None:
            draft = uow.mission_drafts.get(draft_id)
            if not draft.chosen:
                draft = draft.changed(chosen=True)
                uow.mission_drafts.update(draft, fields=("chosen",))
                changed.append(draft)
        uow.commit()
    return ChangeSet.changed(*changed, fields=("chosen",))


def chosen_draft_id(store: Store) -> uuid.UUID | None:
    return next((d.id for d in list_mission_drafts(store) if d.chosen), None)


@emits(MissionDraft)
def delete_mission_draft(store: Store, draft_id: uuid.UUID) -> ChangeSet:
    return set_deleted(store, "mission_drafts", draft_id, deleted=True, chosen=False)


@emits(MissionDraft)
def restore_mission_draft(store: Store, draft_id: uuid.UUID) -> ChangeSet:
    return set_deleted(store, "mission_drafts", draft_id, deleted=False)


def _unchoose_others(repo: Any, keep: uuid.UUID | None) -> list[MissionDraft]:
    changed: list[MissionDraft] = []
    for other in repo.list():
        if other.chosen and other.id != keep:
            other = other.changed(chosen=False)
            repo.update(other, fields=("chosen",))
            changed.append(other)
    return changed
