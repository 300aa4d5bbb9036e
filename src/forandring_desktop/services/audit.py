"""The audit log (logbog over brug af persondata): writing entries, reading them, retention.

Every use of a participant's data leaves one entry (see ``model/audit.py``):

- a change (``save_participant``, ``set_participant_deleted``, erasure) writes its entry in
  the same transaction as the change: :func:`record` with ``uow=``;
- a read (``get_participant``, ``list_participants``, a report, the JSON export, a search
  in the participant list) writes its entry in its own small transaction right after the
  read, before the data is handed on: :func:`record` without ``uow``.

Only an administrator may read the log or change how long it is kept
(:class:`AccessDeniedError` otherwise, checked here, not only in the UI). Expired entries are
purged by :func:`purge_expired` each time a file is opened.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from forandring_desktop.model.audit import (
    AuditAction,
    AuditEntry,
    AuditQuery,
    AuditSettings,
    check_retention_days,
    entry_json,
    retention_cutoff,
)
from forandring_desktop.model.base import parse_uuid, utcnow, uuid7
from forandring_desktop.model.errors import ForandringError
from forandring_desktop.model.staff import DEFAULT_ADMIN_NAME, AccessDeniedError, Actor, Role
from forandring_desktop.services.access import require_admin
from forandring_desktop.services.audit_integrity import verdict_text, verify_log
from forandring_desktop.storage import Store
from forandring_desktop.storage.atomic import write_atomically
from forandring_desktop.storage.audit import Cursor
from forandring_desktop.storage.lock import retry_when_busy
from forandring_desktop.storage.signing import Signer
from forandring_desktop.storage.uow import UnitOfWork

__all__ = [
    "FALLBACK_ACTOR",
    "PAGE_SIZE",
    "AccessDeniedError",
    "UnknownAuditParticipantError",
    "actor_of",
    "audit_settings",
    "count_entries",
    "export_insight",
    "iter_entries",
    "list_entries",
    "log_search",
    "logged_staff",
    "purge_expired",
    "record",
    "resolve_participant_code",
    "set_retention_days",
]

PAGE_SIZE = 500

# Who is working when a store has no actor (a file opened before staff members existed).
FALLBACK_ACTOR = Actor(
    uuid.UUID("00000000-0000-7000-8000-0000000000ad"), DEFAULT_ADMIN_NAME, Role.ADMIN
)

_READ_LOG = "se logbogen over brug af persondata"


class UnknownAuditParticipantError(ForandringError):
    """No participant has the code (or id) asked for, or several have had it."""


def actor_of(store: Store) -> Actor:
    """The staff member working now (``store.actor``), or the fallback administrator."""
    actor = getattr(store, "actor", None)
    return actor if isinstance(actor, Actor) else FALLBACK_ACTOR


# -- writing ---------------------------------------------------------------------------------


def _json_safe(detail: Mapping[str, Any] | None) -> dict[str, Any]:
    if not detail:
        return {}
    loaded = json.loads(json.dumps(dict(detail), ensure_ascii=False, default=str))
    assert isinstance(loaded, dict)
    return loaded


def record(
    store: Store,
    action: AuditAction,
    *,
    participant_id: uuid.UUID | None = None,
    code: str | None = None,
    detail: Mapping[str, Any] | None = None,
    uow: UnitOfWork | None = None,
) -> AuditEntry:
    """Append one entry for the actor working now.

    With ``uow`` the entry is written in that transaction (the caller commits it with its
    change); without, in its own transaction, committed before this returns. ``code`` is
    the participant's code at this moment; when left out it is read from the file.
    ``detail`` is small JSON: search terms, the parts that changed, a report's kind, never
    a name.
    """
    if uow is not None:
        return _add(store, uow, action, participant_id, code, detail)

    def write() -> AuditEntry:
        with store.unit_of_work() as own:
            entry = _add(store, own, action, participant_id, code, detail)
            own.commit()
        return entry

    return retry_when_busy(write)  # a moment's contention with another writer


def _add(
    store: Store,
    uow: UnitOfWork,
    action: AuditAction,
    participant_id: uuid.UUID | None,
    code: str | None,
    detail: Mapping[str, Any] | None,
) -> AuditEntry:
    if code is None and participant_id is not None:
        code = uow.audit.participant_code(participant_id)
    actor = actor_of(store)
    entry = AuditEntry(
        id=uuid7(),
        at=utcnow(),
        staff_id=actor.staff_id,
        staff_name=actor.name,
        staff_role=actor.role.value,
        action=AuditAction(action),
        participant_id=participant_id,
        participant_code=code or "",
        detail=_json_safe(detail),
    )
    uow.audit.add(entry, signer=signer_of(store, actor))
    return entry


def signer_of(store: Store, actor: Actor) -> Signer | None:
    """The signing key of ``actor`` when the store holds it (``store.signer``); None for a
    keys file whose slots carry no signing keys yet (the entry is then chained, unsigned)."""
    signer = getattr(store, "signer", None)
    if isinstance(signer, Signer) and signer.staff_id == actor.staff_id:
        return signer
    return None


def log_search(
    store: Store, terms: Mapping[str, object], *, matches: int | None = None
) -> AuditEntry | None:
    """One entry for a search or filter applied to the participant list (call it once per
    applied filter, not per keystroke). Empty terms are left out; with none left, nothing
    is written and None is returned. ``matches``: how many participants it found."""
    kept = {key: value for key, value in terms.items() if value not in (None, "", False)}
    if not kept:
        return None
    detail: dict[str, Any] = {"terms": kept}
    if matches is not None:
        detail["matches"] = matches
    return record(store, AuditAction.SEARCH, detail=detail)


# -- reading (administrators only) ----------------------------------------------------------


def list_entries(
    store: Store,
    query: AuditQuery | None = None,
    *,
    limit: int = PAGE_SIZE,
    after: Cursor | None = None,
    newest_first: bool = True,
) -> list[AuditEntry]:
    """One page of matching entries, newest first; ``after`` is the (at, id) of the last
    entry of the page before. Administrators only."""
    require_admin(store, _READ_LOG)
    with store.unit_of_work() as uow:
        return uow.audit.page(
            query or AuditQuery(), limit=limit, after=after, newest_first=newest_first
        )


def count_entries(store: Store, query: AuditQuery | None = None) -> int:
    require_admin(store, _READ_LOG)
    with store.unit_of_work() as uow:
        return uow.audit.count(query or AuditQuery())


def iter_entries(
    store: Store,
    query: AuditQuery | None = None,
    *,
    newest_first: bool = False,
    batch: int = 1_000,
) -> Iterator[AuditEntry]:
    """Every matching entry (oldest first unless asked), read a batch at a time.
    Administrators only: checked at once, before the first entry is asked for."""
    require_admin(store, _READ_LOG)
    return _batches(store, query or AuditQuery(), newest_first, batch)


def _batches(
    store: Store, query: AuditQuery, newest_first: bool, batch: int
) -> Iterator[AuditEntry]:
    after: Cursor | None = None
    while True:
        with store.unit_of_work() as uow:
            page = uow.audit.page(query, limit=batch, after=after, newest_first=newest_first)
        yield from page
        if len(page) < batch:
            return
        after = (page[-1].at, page[-1].id)


def logged_staff(store: Store) -> list[tuple[uuid.UUID, str]]:
    """(id, name) of everyone with entries in the log, by name (for the staff filter)."""
    require_admin(store, _READ_LOG)
    with store.unit_of_work() as uow:
        return uow.audit.staff()


def resolve_participant_code(store: Store, wanted: str) -> uuid.UUID:
    """The one participant (tombstoned ones too) with the code ``wanted`` (any case) or
    that id. Raises :class:`UnknownAuditParticipantError` in Danish when none has it, or
    when several have had it (then the id must be given). Administrators only."""
    require_admin(store, _READ_LOG)
    text = wanted.strip()
    as_id = parse_uuid(text)
    with store.unit_of_work() as uow:
        if as_id is not None and uow.audit.participant_code(as_id) is not None:
            return as_id
        found = uow.audit.participant_ids_with_code(text) if text else []
    if not found:
        raise UnknownAuditParticipantError(
            f"Ukendt deltager ‘{text}’: ingen deltager har den kode. Skriv deltagerens kode, "
            "som den står i deltagerlisten."
        )
    if len(found) > 1:
        ids = ", ".join(str(i) for i in found)
        raise UnknownAuditParticipantError(
            f"Flere deltagere har haft koden ‘{text}’ (også slettede). Angiv deltagerens id "
            f"i stedet: {ids}."
        )
    return found[0]


def export_insight(
    store: Store, participant_id: uuid.UUID, target: Path, *, staff_names: bool = False
) -> int:
    """Write every entry about one participant, oldest first, as JSON lines to ``target``
    (atomically: the old file or the whole new one), for a request for access (indsigt);
    the last line is ``{"verification": …}``: whether the whole log verifies (see
    :func:`~forandring_desktop.services.audit_integrity.verify_log`), with its Danish text.
    Without ``staff_names`` staff members are given by role only. The export is itself
    logged. Returns the number of entries written. Administrators only."""
    require_admin(store, "udlevere indsigt i logbogen")
    query = AuditQuery(participant_ids=(participant_id,))
    lines = [
        json.dumps(entry_json(entry, staff_names=staff_names), ensure_ascii=False)
        for entry in _batches(store, query, False, 1_000)
    ]
    report = verify_log(store)
    verdict = {"verification": {**report.summary(), "text": verdict_text(report)}}
    last = json.dumps(verdict, ensure_ascii=False)
    write_atomically(Path(target), "".join(f"{line}\n" for line in [*lines, last]))
    record(
        store,
        AuditAction.INSIGHT,
        participant_id=participant_id,
        detail={"content": "logbog", "entries": len(lines), "staff_names": staff_names},
    )
    return len(lines)


# -- retention -------------------------------------------------------------------------------


def audit_settings(store: Store) -> AuditSettings:
    require_admin(store, _READ_LOG)
    with store.unit_of_work() as uow:
        return uow.audit.settings()


def set_retention_days(store: Store, days: int) -> AuditSettings:
    """Keep entries for ``days`` days (at least 1). Administrators only; logged."""
    require_admin(store, "ændre, hvor længe logbogen gemmes")
    days = check_retention_days(days)
    with store.unit_of_work() as uow:
        before = uow.audit.settings()
        if before.retention_days == days:
            return before
        uow.audit.set_retention_days(days)
        _add(
            store,
            uow,
            AuditAction.SETTINGS,
            None,
            None,
            {"retention_days": {"from": before.retention_days, "to": days}},
        )
        after = uow.audit.settings()
        uow.commit()
    return after


def purge_expired(store: Store, *, now: datetime | None = None) -> int:
    """Delete the entries older than the retention period, in one transaction that also
    logs how many went. Nothing is written when none have expired. Returns the number."""
    with store.unit_of_work() as uow:
        cutoff = retention_cutoff(now or utcnow(), uow.audit.settings().retention_days)
        if not uow.audit.has_entries_before(cutoff):
            return 0
        purged = uow.audit.purge(cutoff, signer=signer_of(store, actor_of(store)))
        if purged == 0:  # expired entries behind a newer one (a clock set back): next time
            return 0  # rolled back: nothing written
        _add(
            store,
            uow,
            AuditAction.PURGE,
            None,
            None,
            {"entries": purged, "before": cutoff.date().isoformat()},
        )
        uow.commit()
    return purged
