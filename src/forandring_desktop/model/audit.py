"""The audit log (logbog over brug af persondata): who used which participant's data, when,
and how. Pure: no Qt, no SQL.

Danish data-protection guidance expects a log of every use of personal data. Every read,
search, change, print and export of participant data leaves one :class:`AuditEntry`; the
entries are append-only in the file (``storage/audit.py`` and revision 0005 enforce it) and
are kept for a retention period an administrator sets (five years unless changed).

An entry names a participant by id and by the code they had at the time, never by name.
When a participant is erased, their entries keep the id (the tombstone reference) and lose
the code and the detail ("scrubbed").
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from forandring_desktop.model.errors import check_retention
from forandring_desktop.model.participants import INTAKE_FIELDS, Participant

DEFAULT_RETENTION_DAYS = 1826  # five years
MAX_RETENTION_DAYS = 36_500  # a hundred years: far beyond any rule, still a real date


class AuditAction(StrEnum):
    """What was done with personal data. The values are stable (stored, CLI, JSON)."""

    READ = "read"
    LIST = "list"
    SEARCH = "search"
    CREATE = "create"
    CHANGE = "change"
    DELETE = "delete"
    RESTORE = "restore"
    PRINT = "print"
    EXPORT = "export"
    INSIGHT = "insight"
    ERASE = "erase"
    SETTINGS = "settings"
    PURGE = "purge"
    ACCESS = "access"  # a key slot added, changed or removed (who may open the file)

    @property
    def label(self) -> str:
        return ACTION_LABEL[self]


ACTION_LABEL: dict[AuditAction, str] = {
    AuditAction.READ: "Læst",
    AuditAction.LIST: "Deltagerliste vist",
    AuditAction.SEARCH: "Søgning",
    AuditAction.CREATE: "Indskrevet",
    AuditAction.CHANGE: "Ændret",
    AuditAction.DELETE: "Slettet",
    AuditAction.RESTORE: "Gendannet",
    AuditAction.PRINT: "Udskrevet",
    AuditAction.EXPORT: "Eksporteret",
    AuditAction.INSIGHT: "Indsigt udleveret",
    AuditAction.ERASE: "Slettet for altid",
    AuditAction.SETTINGS: "Indstilling ændret",
    AuditAction.PURGE: "Udløbne poster slettet",
    AuditAction.ACCESS: "Adgang ændret",
}

# What an ACCESS entry's ``change`` says (``services/staff.py``).
ACCESS_CHANGE_LABEL: dict[str, str] = {
    "staff_added": "medarbejder tilføjet",
    "staff_removed": "medarbejder fjernet",
    "passphrase_reset": "adgangskode sat af en administrator",
    "recovery_key_set": "ny gendannelsesnøgle",
    "recovered": "åbnet med gendannelsesnøglen",
    "keys_signed": "nøglefilen underskrevet med organisationens nøgle",
    "laptop_invited": "ny computer inviteret til synkroniseringen",
    "laptop_joined": "filen oprettet med en invitation",
}


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One use of personal data. ``detail`` is small JSON (never a name)."""

    id: uuid.UUID
    at: datetime  # UTC
    staff_id: uuid.UUID
    staff_name: str
    staff_role: str
    action: AuditAction
    participant_id: uuid.UUID | None = None
    participant_code: str = ""
    detail: Mapping[str, Any] = field(default_factory=dict)

    @property
    def scrubbed(self) -> bool:
        """The participant was erased: only the id is left."""
        return self.participant_id is not None and not self.participant_code


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Which entries to show; empty values match everything.

    ``participant_code`` matches part of the code an entry was made under (any case);
    ``since`` is inclusive and ``until`` exclusive (UTC).
    """

    participant_code: str = ""
    participant_ids: tuple[uuid.UUID, ...] | None = None
    staff_id: uuid.UUID | None = None
    action: AuditAction | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class AuditSettings:
    retention_days: int = DEFAULT_RETENTION_DAYS
    purged_before: datetime | None = None  # the cut-off of the last purge


def check_retention_days(days: int) -> int:
    """The retention period in days, checked (1 … 36,500); InvalidDataError if not."""
    return check_retention(
        days,
        MAX_RETENTION_DAYS,
        field="retention_days",
        not_whole="Opbevaringstiden skal være et helt antal dage.",
        too_short="Opbevaringstiden skal være mindst 1 dag; logbogen kan ikke slås fra.",
        too_long=f"Opbevaringstiden kan højst være {MAX_RETENTION_DAYS} dage.",
    )


def retention_cutoff(now: datetime, retention_days: int) -> datetime:
    """Entries made before this moment have expired."""
    return now.astimezone(UTC) - timedelta(days=retention_days)


def day_bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """The UTC moments from the start of local day ``start`` to the end of local day
    ``end`` (both inclusive; None: open)."""

    def local(day: date) -> datetime:
        return datetime.combine(day, time.min).astimezone().astimezone(UTC)

    since = local(start) if start is not None else None
    until = local(end + timedelta(days=1)) if end is not None else None
    return since, until


# -- what changed in a participant ----------------------------------------------------------


def participant_action(before: Participant | None, after: Participant) -> AuditAction:
    """The action that storing ``after`` over ``before`` is."""
    if before is None:
        return AuditAction.CREATE
    if after.is_deleted and not before.is_deleted:
        return AuditAction.DELETE
    if before.is_deleted and not after.is_deleted:
        return AuditAction.RESTORE
    return AuditAction.CHANGE


def participant_changes(before: Participant | None, after: Participant) -> dict[str, Any]:
    """The detail of a save: which parts changed (Danish, with follow-up dates), e.g.
    ``{"parts": ["opfølgning 2025-06-08 tilføjet"]}``; a changed code is named too."""
    parts: list[str] = []
    if before is None:
        parts.append("indskrivning")
        parts += [f"opfølgning {f.date.isoformat()}" for f in after.follow_ups if not f.is_deleted]
        if after.exit is not None:
            parts.append("udskrivning")
        return {"parts": parts}
    if any(getattr(before, name) != getattr(after, name) for name in INTAKE_FIELDS):
        parts.append("indskrivning")
    old = {f.id: f for f in before.follow_ups}
    new_ids = set()
    for follow_up in after.follow_ups:
        new_ids.add(follow_up.id)
        day = follow_up.date.isoformat()
        previous = old.get(follow_up.id)
        if previous is None:
            if not follow_up.is_deleted:
                parts.append(f"opfølgning {day} tilføjet")
        elif previous != follow_up:
            if follow_up.is_deleted and not previous.is_deleted:
                parts.append(f"opfølgning {day} fjernet")
            elif previous.is_deleted and not follow_up.is_deleted:
                parts.append(f"opfølgning {day} gendannet")
            else:
                parts.append(f"opfølgning {day} rettet")
    for follow_up_id, previous in old.items():
        if follow_up_id not in new_ids and not previous.is_deleted:
            parts.append(f"opfølgning {previous.date.isoformat()} fjernet")
    if before.exit != after.exit:
        parts.append("udskrivning" if after.exit is not None else "udskrivning fjernet")
    detail: dict[str, Any] = {"parts": parts}
    if before.code != after.code:
        detail["previous_code"] = before.code
    return detail


def search_may_name(terms: object, name: str) -> bool:
    """Might a search with ``terms`` have been for the person called ``name``? True when
    every word of a term occurs in the name (typing "Quistg" or "hansen ole" for "Ole
    Hansen"), or a word of the name (3+ letters) occurs in a term. Erasure blanks such
    searches; blanking one too many only loses a search's terms, never a person's data."""
    wanted = unicodedata.normalize("NFC", name).casefold()
    name_words = [word for word in wanted.split() if len(word) >= 3]
    if not wanted.strip() or not isinstance(terms, Mapping):
        return False
    for value in terms.values():
        if not isinstance(value, str):
            continue
        text = unicodedata.normalize("NFC", value).casefold()
        words = text.split()
        if words and all(word in wanted for word in words):
            return True
        if any(word in text for word in name_words):
            return True
    return False


# -- showing an entry -------------------------------------------------------------------------

SEARCH_TERM_LABEL: dict[str, str] = {
    "text": "søgetekst",
    "target_group": "målgruppe",
    "status": "status",
    "mentor": "mentor",
    "from": "fra",
    "to": "til",
}

_DETAIL_LABEL: dict[str, str] = {
    "rows": "rækker",
    "participants": "deltagere",
    "entries": "poster",
    "report": "rapport",
    "format": "format",
    "reason": "begrundelse",
    "content": "indhold",
    "file": "fil",
    "staff_id": "medarbejder-id",
    "role": "rolle",
    "previous_role": "tidligere rolle",
    "name_changed": "navn ændret",
    "new_data_key": "ny datanøgle",
    "slots": "adgange",
}


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {_value_text(v)}" for k, v in value.items())
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ", ".join(_value_text(v) for v in value)
    return str(value)


def describe(entry: AuditEntry) -> str:
    """The entry's detail as one Danish line for the viewer and the CLI's text output."""
    detail = dict(entry.detail)
    if entry.scrubbed:
        return "(deltageren er slettet for altid)"
    action = entry.action
    words: list[str] = []
    if action is AuditAction.LIST:
        return f"{detail.get('rows', 0)} deltagere i listen"
    if action is AuditAction.SEARCH:
        if not detail:
            return "(søgeordene er slettet sammen med en deltager)"
        terms = detail.pop("terms", {})
        if isinstance(terms, Mapping):
            words += [f"{SEARCH_TERM_LABEL.get(k, k)} ‘{v}’" for k, v in terms.items()]
        if "matches" in detail:
            words.append(f"{detail.pop('matches')} fundet")
    elif action in (AuditAction.CREATE, AuditAction.CHANGE):
        parts = detail.pop("parts", [])
        words += [str(p) for p in parts] if isinstance(parts, list) else []
        if "previous_code" in detail:
            words.append(f"tidligere kode {detail.pop('previous_code')}")
        if not words:
            words.append("intet ændret")
    elif action is AuditAction.PRINT:
        words.append(str(detail.pop("report", "rapport")))
        if "show_name" in detail:
            words.append("med navn" if detail.pop("show_name") else "uden navn")
    elif action is AuditAction.EXPORT and detail.get("format") == "json":
        detail.pop("format")
        words.append(
            f"JSON-eksport af hele organisationen ({detail.pop('participants', 0)} deltagere)"
        )
    elif action is AuditAction.SETTINGS and "retention_days" in detail:
        change = detail.pop("retention_days")
        if isinstance(change, Mapping):
            words.append(f"opbevaringstid {change.get('from')} → {change.get('to')} dage")
    elif action is AuditAction.ACCESS:
        change = str(detail.pop("change", ""))
        words.append(ACCESS_CHANGE_LABEL.get(change, change))
    elif action is AuditAction.PURGE:
        words.append(f"{detail.pop('entries', 0)} poster ældre end {detail.pop('before', '?')}")
    words += [f"{_DETAIL_LABEL.get(k, k)}: {_value_text(v)}" for k, v in detail.items()]
    return "; ".join(words)


def entry_json(entry: AuditEntry, *, staff_names: bool = True) -> dict[str, Any]:
    """The entry as one JSON object (CLI ``audit --format json``, insight export).

    Keys: ``id``, ``at`` (ISO 8601, UTC), ``staff_id``, ``staff``, ``role``, ``action``,
    ``participant_id``, ``participant_code``, ``detail``. Without ``staff_names`` the staff
    member is given by role only (``staff_id`` and ``staff`` are left out).
    """
    data: dict[str, Any] = {"id": str(entry.id), "at": entry.at.astimezone(UTC).isoformat()}
    if staff_names:
        data["staff_id"] = str(entry.staff_id)
        data["staff"] = entry.staff_name
    data["role"] = entry.staff_role
    data["action"] = entry.action.value
    data["participant_id"] = str(entry.participant_id) if entry.participant_id else None
    data["participant_code"] = entry.participant_code
    data["detail"] = dict(entry.detail)
    return data
