"""Data protection use cases: insight for one participant, erasure for good, retention.

- :func:`insight_export` (a request for access, GDPR art. 15): everything the file holds
  about one participant as JSON and as a readable PDF with their name (it is for the person
  themself), written atomically to a folder. Administrators only; logged.
- :func:`erase_participant` (GDPR art. 17): every row of the participant removed for good,
  their audit entries scrubbed, a tombstone with the id kept, then the file's free pages
  and WAL wiped. Administrators only; logged (by id only).
- Retention: :func:`privacy_settings` / :func:`set_retention_months` (months after a course
  ended; 60 by default) and :func:`due_for_deletion` (ended participants past it).

The layer rule keeps ``reports`` out of ``services``: the caller passes the PDF renderer,
e.g. ``insight_export(store, pid, folder, reports.render_insight)``.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from forandring_desktop.model.audit import AuditAction, AuditQuery
from forandring_desktop.model.base import parse_uuid
from forandring_desktop.model.participants import Participant, ParticipantSummary
from forandring_desktop.model.privacy import (
    InsightData,
    PrivacySettings,
    check_retention_months,
    insight_basename,
    insight_json,
)
from forandring_desktop.model.privacy import due_for_deletion as _due
from forandring_desktop.services.access import require_admin
from forandring_desktop.services.audit import record
from forandring_desktop.services.changes import ChangeSet, emits
from forandring_desktop.services.erasures import (
    ErasureRegister,
    erase_in,
    reapply,
    remember_store,
)
from forandring_desktop.services.reporting import UnknownParticipantError, ladders_and_group
from forandring_desktop.storage import StorageError, Store
from forandring_desktop.storage.atomic import write_atomically
from forandring_desktop.storage.lock import retry_when_busy
from forandring_desktop.storage.privacy import PrivacyRepository, wipe_free_pages

InsightRenderer = Callable[[InsightData], bytes]

_ERASE = "slette en deltager for altid"
_INSIGHT = "udlevere indsigt i en deltagers data"
_RETENTION = "ændre, hvor længe deltagernes data gemmes"


@dataclass(frozen=True, slots=True)
class ErasureResult:
    """What :func:`erase_participant` did. ``wiped``: the free pages and the WAL were wiped
    at once (False: deleted content is zeroed, and the WAL is emptied on closing)."""

    change: ChangeSet
    code: str
    wiped: bool


# -- retention --------------------------------------------------------------------------------


def privacy_settings(store: Store) -> PrivacySettings:
    with store.unit_of_work() as uow:
        return PrivacyRepository(uow.session).settings()


def set_retention_months(store: Store, months: int) -> PrivacySettings:
    """Keep participants' data ``months`` months after their course ended (1 … 1,200).
    Administrators only; logged."""
    require_admin(store, _RETENTION)
    months = check_retention_months(months)

    def change() -> PrivacySettings:
        with store.unit_of_work() as uow:
            repo = PrivacyRepository(uow.session)
            before = repo.settings()
            if before.retention_months == months:
                return before
            repo.set_retention_months(months)
            record(
                store,
                AuditAction.SETTINGS,
                detail={"retention_months": {"from": before.retention_months, "to": months}},
                uow=uow,
            )
            uow.commit()
        return PrivacySettings(months)

    return retry_when_busy(change)  # one transaction: safe to run again


def due_for_deletion(store: Store, today: date | None = None) -> list[ParticipantSummary]:
    """The participants whose course ended more than the retention period ago (removed
    ones included: their data are still in the file), the longest overdue first."""
    with store.unit_of_work() as uow:
        months = PrivacyRepository(uow.session).settings().retention_months
        rows = uow.participants.summaries(deleted=True)
    due = _due(rows, months, today or date.today())
    record(store, AuditAction.LIST, detail={"rows": len(due), "content": "til sletning"})
    return due


def removed_participant_ids(store: Store) -> set[uuid.UUID]:
    """Participants removed from the list (tombstoned, e.g. an undone intake) whose data
    are still in the file: they can still be due for deletion."""
    with store.unit_of_work() as uow:
        everyone = {r.id for r in uow.participants.summaries(deleted=True)}
        live = {r.id for r in uow.participants.summaries()}
    return everyone - live


def find_participant(store: Store, wanted: str) -> ParticipantSummary:
    """The participant with the code ``wanted`` (any case) or that id, removed ones too
    (their data are still in the file). UnknownParticipantError (codes, never names) if
    none has it, or several (a removed one and a new one): then the id is needed."""
    text = wanted.strip()
    as_id = parse_uuid(text)
    with store.unit_of_work() as uow:
        rows = uow.participants.summaries(deleted=True)
    hits = [r for r in rows if r.id == as_id or r.code.casefold() == text.casefold()]
    if len(hits) == 1:
        return hits[0]
    if hits:
        ids = ", ".join(str(r.id) for r in hits)
        raise UnknownParticipantError(
            f"Flere deltagere (også fjernede) har koden ‘{text}’. Angiv id'et i stedet: {ids}."
        )
    raise UnknownParticipantError(f"Ukendt deltager ‘{text}’: ingen deltager har den kode.")


# -- insight ----------------------------------------------------------------------------------


def insight_data(store: Store, participant_id: uuid.UUID) -> InsightData:
    """Everything about one participant, read in one transaction (no log entry: see
    :func:`insight_export`). StaleDataError if there is no such participant."""
    with store.unit_of_work() as uow:
        organisation = uow.organisation.get()
        person = uow.participants.get(participant_id)
        ladders, group = ladders_and_group(uow, person)
        audit = uow.audit.page(
            AuditQuery(participant_ids=(participant_id,)), limit=1_000_000, newest_first=False
        )
    return InsightData(
        organisation=organisation,
        participant=person,
        ladders=ladders,
        target_group=group,
        audit=audit,
        made_at=datetime.now(UTC),
    )


def insight_export(
    store: Store,
    participant_id: uuid.UUID,
    folder: Path,
    render_pdf: InsightRenderer,
    *,
    today: date | None = None,
) -> list[Path]:
    """Write ``indsigt-<kode>-<dato>.json`` and ``.pdf`` to ``folder``: everything about
    one participant (with their name, for the person themself). Each file is written
    atomically; if the second fails, the first is removed again. The export is logged
    before anything leaves the file. Administrators only. Returns the two paths."""
    require_admin(store, _INSIGHT)
    folder = Path(folder)
    if not folder.is_dir():
        raise StorageError(f"Mappen {folder} findes ikke.")
    data = insight_data(store, participant_id)
    person: Participant = data.participant
    record(
        store,
        AuditAction.INSIGHT,
        participant_id=person.id,
        code=person.code,
        detail={"content": "alle data", "format": ["json", "pdf"]},
    )
    text = json.dumps(insight_json(data), ensure_ascii=False, indent=2) + "\n"
    pdf = render_pdf(data)
    base = insight_basename(person.code, today or date.today())
    json_path, pdf_path = folder / f"{base}.json", folder / f"{base}.pdf"
    write_atomically(json_path, text)
    try:
        write_atomically(pdf_path, pdf)
    except BaseException:
        with contextlib.suppress(OSError):
            json_path.unlink()
        raise
    return [json_path, pdf_path]


# -- erasure ----------------------------------------------------------------------------------


@emits(Participant)
def erase_participant(store: Store, participant_id: uuid.UUID) -> ErasureResult:
    """Remove one participant for good (administrators only: AccessDeniedError, nothing
    changed, otherwise).

    In one transaction: every row of theirs is deleted (the progress facts follow), their
    audit entries lose code and detail, a tombstone with the id is written and the erasure
    is logged by id only. Then the file is rebuilt without free pages and the WAL emptied,
    so no old page holding them is left in the file. Undo cannot bring them back.
    """
    require_admin(store, _ERASE)

    def erase() -> str:
        with store.unit_of_work() as uow:
            found = uow.participants.get(participant_id).code
            # Searches typed with their name or any code they had go too (no id on them).
            erase_in(store, uow, participant_id, datetime.now(UTC))
            uow.commit()
        return found

    code = retry_when_busy(erase)  # one transaction: safe to run again
    remember_store(store)  # the data folder's register: a restore of an older backup follows
    wiped = wipe_free_pages(store.engine)
    change = ChangeSet.ids(Participant, deleted=[participant_id], fields=["erased"])
    return ErasureResult(change, code, wiped)


def erased_participants(store: Store) -> dict[uuid.UUID, datetime]:
    """The ids of the participants erased from this file, with when (the tombstones)."""
    with store.unit_of_work() as uow:
        return PrivacyRepository(uow.session).erased()


def follow_erasures(store: Store, erased: Mapping[uuid.UUID, datetime]) -> int:
    """Erase here the participants erased in another copy of the organisation (e.g. after
    restoring an older backup), and keep their tombstones. Administrators only. Returns
    how many were still in this file (see ``services/erasures.py`` for the whole register)."""
    require_admin(store, _ERASE)
    return reapply(store, ErasureRegister(participants=dict(erased))).participants
