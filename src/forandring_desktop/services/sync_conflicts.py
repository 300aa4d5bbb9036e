"""Conflicts of sync (Filer ▸ Synkronisering ▸ Konflikter): list, restore, dismiss.

A conflict is a value that lost because two laptops changed the same thing since they
last synced (see ``storage/sync/conflicts.py`` and ``storage/sync/merge.py``). Restoring
it writes the losing value as a new local change, which then syncs to every laptop like
any other edit; dismissing it only takes it off this laptop's list.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from forandring_desktop.model import (
    DoorSheet,
    FollowUp,
    InvalidDataError,
    Ladder,
    MethodDescription,
    MissionDraft,
    Organisation,
    Participant,
    Persona,
    PlanAction,
    Problem,
    TargetGroup,
)
from forandring_desktop.model.audit import AuditAction
from forandring_desktop.services import audit
from forandring_desktop.services.changes import ChangeSet, emits
from forandring_desktop.services.sync import change_of_row
from forandring_desktop.storage import Store
from forandring_desktop.storage.errors import StaleDataError
from forandring_desktop.storage.sync import conflicts, outbox
from forandring_desktop.storage.sync.errors import SyncNotSetUpError
from forandring_desktop.storage.sync.hlc import Hlc

_TABLES = {
    "organisation": "Organisationen",
    "mission_draft": "Et missionsudkast",
    "persona": "En persona",
    "target_group": "En målgruppe",
    "door_sheet": "Et dørark",
    "door_note": "En seddel på dørarket",
    "ladder": "En måltrappe",
    "ladder_step": "Et trin på en måltrappe",
    "participant": "En deltager",
    "participant_identity": "En deltagers navn",
    "challenge": "En udfordring",
    "enrolment": "En placering på en måltrappe",
    "follow_up": "En opfølgning",
    "ladder_rating": "En vurdering",
    "challenge_status": "En udfordrings status",
    "area_score": "En score for et hovedområde",
    "method_description": "En metodebeskrivelse",
    "plan_action": "En handling i handleplanen",
}


@dataclass(frozen=True, slots=True)
class ConflictEntry:
    """One conflict as the list shows it: what, both values, which laptop, when."""

    id: uuid.UUID
    table_name: str
    row_id: str
    field: str
    kind: str  # "field", "deleted" or "code"
    kept_value: Any  # the value now in the file
    lost_value: Any  # the value that lost (restore writes it)
    kept_device: uuid.UUID
    lost_device: uuid.UUID
    kept_at: datetime  # the time (by hybrid logical clock) each value was written
    lost_at: datetime
    kept_here: bool  # was the kept value written on this laptop?
    lost_here: bool
    kept_by: str  # who worked on the laptop that wrote each value ("" when not known)
    lost_by: str
    resolved: str | None  # None (open), "restored" or "dismissed"
    summary: str  # one Danish sentence


def _when(hlc: int) -> datetime:
    return datetime.fromtimestamp(Hlc.unpack(hlc).wall_ms / 1000, UTC)


def _summary(item: conflicts.Conflict) -> str:
    what = _TABLES.get(item.table_name, "En post")
    if item.kind == conflicts.CODE:
        return (
            f"Deltagerkoden {item.lost_value} blev oprettet på to computere. Begge deltagere "
            f"er beholdt; den senest oprettede har fået koden {item.kept_value}."
        )
    if item.kind == conflicts.DELETED:
        if item.kept_value is None:
            return (
                f"{what} blev slettet på én computer og ændret på en anden. Ændringen kom "
                "sidst, så posten er beholdt; gendan for at slette den igen."
            )
        return (
            f"{what} blev ændret på én computer og slettet på en anden. Sletningen kom "
            "sidst, så posten er slettet (med ændringen); gendan for at hente den tilbage."
        )
    return (
        f"{what} blev ændret på to computere ({item.field}). Den seneste ændring er beholdt; "
        "gendan for at bruge den anden."
    )


def _entry(session: Session, item: conflicts.Conflict, device: bytes) -> ConflictEntry:
    kept_device = uuid.UUID(bytes=item.kept[1]) if len(item.kept[1]) == 16 else uuid.UUID(int=0)
    lost_device = uuid.UUID(bytes=item.lost[1]) if len(item.lost[1]) == 16 else uuid.UUID(int=0)
    kept_at, lost_at = _when(max(item.kept[0], 0)), _when(max(item.lost[0], 0))
    kept_here, lost_here = item.kept[1] == device, item.lost[1] == device
    return ConflictEntry(
        id=item.id,
        table_name=item.table_name,
        row_id=item.row_id,
        field=item.field,
        kind=item.kind,
        kept_value=item.kept_value,
        lost_value=item.lost_value,
        kept_device=kept_device,
        lost_device=lost_device,
        kept_at=kept_at,
        lost_at=lost_at,
        kept_here=kept_here,
        lost_here=lost_here,
        kept_by=conflicts.staff_at(session, kept_device, kept_here, kept_at),
        lost_by=conflicts.staff_at(session, lost_device, lost_here, lost_at),
        resolved=item.resolved,
        summary=_summary(item),
    )


def list_conflicts(store: Store, *, resolved: bool = False) -> list[ConflictEntry]:
    """The open conflicts of this laptop, oldest first (``resolved``: also the restored
    and dismissed ones). Empty for a file not set up for sync."""
    with store.unit_of_work() as uow:
        state = outbox.state(uow.session)
        if state is None:
            return []
        found = conflicts.listed(uow.session, resolved=resolved)
        return [_entry(uow.session, item, state.device_id.bytes) for item in found]


class ConflictGoneError(StaleDataError):
    def __init__(self) -> None:
        super().__init__("Konflikten")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@emits(
    Organisation,
    MissionDraft,
    Persona,
    TargetGroup,
    DoorSheet,
    Ladder,
    Participant,
    FollowUp,
    MethodDescription,
    PlanAction,
)
def restore_conflict(store: Store, conflict_id: uuid.UUID) -> ChangeSet:
    """Put the value that lost back (as a new local change that then syncs) and take the
    conflict off the list; what changed. StaleDataError when the conflict or its row is
    gone; InvalidDataError (nothing written) when a participant code is in use again."""
    with store.unit_of_work() as uow:
        if outbox.state(uow.session) is None:
            raise SyncNotSetUpError()
        item = conflicts.get(uow.session, conflict_id)
        if item is None or item.resolved is not None:
            raise ConflictGoneError()
        table = outbox.synced_table(item.table_name)
        key = outbox.SYNCED[item.table_name]
        conn = uow.session.connection()
        columns = [c.name for c in table.columns]
        row = conn.exec_driver_sql(
            f"SELECT {', '.join(_q(c) for c in columns)} FROM {_q(item.table_name)} "
            f"WHERE {_q(key)} = ?",
            (item.row_id,),
        ).first()
        if row is None or item.field not in columns:
            raise StaleDataError(_TABLES.get(item.table_name, "Posten"))
        current = dict(zip(columns, row, strict=True))
        if item.kind == conflicts.CODE and _code_taken(conn, item.lost_value, item.row_id):
            raise InvalidDataError(
                [Problem("code", f"Koden {item.lost_value} bruges stadig af en anden deltager.")],
                heading="Konflikten kan ikke gendannes",
            )
        written = [item.field]
        values: dict[str, Any] = {item.field: item.lost_value}
        if "updated_at" in columns and item.field != "updated_at":
            now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
            values["updated_at"] = now
            written.append("updated_at")
        assignments = ", ".join(f"{_q(f)} = ?" for f in written)
        if current[item.field] != item.lost_value:
            conn.exec_driver_sql(
                f"UPDATE {_q(item.table_name)} SET {assignments} WHERE {_q(key)} = ?",
                (*(values[f] for f in written), item.row_id),
            )
        conflicts.resolve(uow.session, conflict_id, conflicts.RESTORED)
        data = {**current, **values}
        participant = _participant_of(item.table_name, item.row_id, data)
        audit.record(
            store,
            AuditAction.CHANGE,
            participant_id=participant,
            detail={
                "sync_conflict": "restored",
                "table": item.table_name,
                "field": item.field,
            },
            uow=uow,
        )
        change = change_of_row(
            uow, item.table_name, item.row_id, "update", tuple(written), data, remote=False
        )
        uow.commit()
    return change


def _participant_of(table_name: str, row_id: str, data: dict[str, Any]) -> uuid.UUID | None:
    """The participant a restored row belongs to, for its audit entry (None: not one's)."""
    raw = row_id if table_name == "participant" else data.get("participant_id")
    try:
        return uuid.UUID(hex=str(raw)) if raw else None
    except ValueError:
        return None


def _code_taken(conn: Any, code: object, row_id: str) -> bool:
    if not isinstance(code, str):
        return False
    found = conn.exec_driver_sql(
        "SELECT 1 FROM participant WHERE lower(code) = lower(?) AND id != ? AND deleted_at IS NULL",
        (code, row_id),
    ).first()
    return found is not None


def dismiss_conflict(store: Store, conflict_id: uuid.UUID) -> None:
    """Take a conflict off this laptop's list and keep the value that won."""
    with store.unit_of_work() as uow:
        item = conflicts.get(uow.session, conflict_id)
        if item is None or item.resolved is not None:
            raise ConflictGoneError()
        conflicts.resolve(uow.session, conflict_id, conflicts.DISMISSED)
        uow.commit()


def conflict_values(entry: ConflictEntry) -> tuple[str, str]:
    """Both values as text, for showing (kept, lost)."""
    return json.dumps(entry.kept_value, ensure_ascii=False), json.dumps(
        entry.lost_value, ensure_ascii=False
    )
