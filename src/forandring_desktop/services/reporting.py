"""The reports of the guide's last chapter: what they need, read from the file.

- A **progression report** ("Progressionsrapport") per participant for the paying
  municipality: :func:`participant_report_data` reads one participant and the ladders they
  are placed on; never the other participants.
- A **status summary** ("Statusoverblik") for management: :func:`status_report_data`
  takes the figures from :func:`services.status.compute_status` and the names of the
  ladders and target groups.

The layer rule keeps ``reports`` out of ``services``, so the caller (``ui`` or the CLI)
passes the renderer in, e.g.
``participant_report_pdf(store, pid, reports.render_participant_report)``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from forandring_desktop.model.audit import AuditAction
from forandring_desktop.model.base import parse_uuid
from forandring_desktop.model.ladder import Ladder
from forandring_desktop.model.names import NameReplacer, find_names, names_of, without_names
from forandring_desktop.model.participants import Participant, ParticipantSummary
from forandring_desktop.model.progression import ALL_TIME, Period
from forandring_desktop.model.report_data import (
    ParticipantReportData,
    StatusReportData,
    area_summaries,
    report_filename,
)
from forandring_desktop.services.audit import record
from forandring_desktop.services.participants import list_participants
from forandring_desktop.services.printing import PrintError, write_pdf
from forandring_desktop.services.status import NO_TARGET_GROUP, compute_status
from forandring_desktop.storage import Store
from forandring_desktop.storage.uow import UnitOfWork

SHOWN_CODES = 12  # codes listed when a wanted participant is not found

ParticipantRenderer = Callable[[ParticipantReportData], bytes]
StatusRenderer = Callable[[StatusReportData], bytes]


class UnknownParticipantError(PrintError):
    """No live participant has the code or id asked for."""


# -- choosing participants ----------------------------------------------------------------


def report_participants(store: Store, *, active_only: bool = True) -> list[ParticipantSummary]:
    """The participants to print reports for (light rows, by code): the active ones, or
    everyone still in the file."""
    rows = list_participants(store)
    if active_only:
        rows = [row for row in rows if row.is_active]
    return sorted(rows, key=lambda row: (row.code.casefold(), row.code))


def resolve_participant(store: Store, wanted: str) -> uuid.UUID:
    """The id of the live participant with the code ``wanted`` (any case) or that id.

    Raises :class:`UnknownParticipantError` with a Danish message listing some codes (never
    names) when there is no such participant.
    """
    rows = list_participants(store)
    text = wanted.strip()
    if not rows:
        raise UnknownParticipantError("Der er ingen deltagere i organisationen endnu.")
    as_id = parse_uuid(text)
    key = text.casefold()
    for row in rows:
        if row.id == as_id or row.code.casefold() == key:
            return row.id
    codes = sorted((row.code for row in rows), key=str.casefold)
    shown = ", ".join(codes[:SHOWN_CODES])
    more = len(codes) - SHOWN_CODES
    if more > 0:
        shown += f" … og {more} flere"
    raise UnknownParticipantError(
        f"Ukendt deltager ‘{text}’: ingen deltager har den kode. Deltagernes koder er: {shown}."
    )


# -- gathering the data --------------------------------------------------------------------


def ladders_and_group(uow: UnitOfWork, person: Participant) -> tuple[dict[uuid.UUID, Ladder], str]:
    """The ladders ``person`` is enrolled on (tombstoned ones too; a missing one is left
    out) and the name of their target group ("" for none): what a report about one
    participant names."""
    known = set(uow.ladders.ids(deleted=True))
    ladders: dict[uuid.UUID, Ladder] = {}
    for enrolment in person.enrolments:
        if enrolment.ladder_id in known and enrolment.ladder_id not in ladders:
            ladders[enrolment.ladder_id] = uow.ladders.get(enrolment.ladder_id)
    group = ""
    if person.target_group_id is not None and uow.target_groups.exists(person.target_group_id):
        group = uow.target_groups.get(person.target_group_id).name
    return ladders, group


def participant_report_data(
    store: Store,
    participant_id: uuid.UUID,
    *,
    show_name: bool = False,
    today: date | None = None,
) -> ParticipantReportData:
    """One participant, the ladders they are placed on and their target group's name, read
    in one transaction. Without ``show_name`` the name is left out of the data too, so no
    renderer can print it by mistake, and every participant's name (from the identity
    table) in the free texts (notes, actions, challenges, the exit note) is replaced by
    that participant's code. Logged as a "print" entry (preview and print alike), saying
    whether the name was included."""
    with store.unit_of_work() as uow:
        organisation = uow.organisation.get()
        person = uow.participants.get(participant_id)
        identities = (
            {} if show_name else names_of([(r.code, r.name) for r in uow.participants.summaries()])
        )
        ladders, group = ladders_and_group(uow, person)
    if person.is_deleted:
        raise UnknownParticipantError(f"Deltageren {person.code} er slettet.")
    record(
        store,
        AuditAction.PRINT,
        participant_id=person.id,
        code=person.code,
        detail={"report": "progressionsrapport", "show_name": show_name},
    )
    if not show_name:
        if person.name.strip():
            identities[person.code] = person.name
        person = without_names(person, NameReplacer(identities, own=person.code))
    return ParticipantReportData(
        organisation=organisation,
        participant=person,
        ladders=ladders,
        target_group=group,
        show_name=show_name,
        made_on=today or date.today(),
    )


def names_in_notes(store: Store, participant_id: uuid.UUID) -> list[str]:
    """The names to warn about while a note for ``participant_id`` is typed: theirs first,
    then every other participant's (read once, when the dialog opens; never logged)."""
    with store.unit_of_work() as uow:
        rows = uow.participants.summaries()
    own = [r.name for r in rows if r.id == participant_id and r.name.strip()]
    return own + [r.name for r in rows if r.id != participant_id and r.name.strip()]


def names_found(text: str, names: list[str]) -> list[str]:
    """The names (or parts of them) from :func:`names_in_notes` that ``text`` mentions."""
    return find_names(text, names) if text.strip() and names else []


def status_report_data(
    store: Store,
    period: Period = ALL_TIME,
    *,
    target_group_id: uuid.UUID | None = None,
    ladder_id: uuid.UUID | None = None,
    today: date | None = None,
) -> StatusReportData:
    """The status figures (as :func:`compute_status` gives them) with the names of every
    ladder and target group, tombstoned ones too (old courses may point at them)."""
    if period.start is not None and period.end is not None and period.start > period.end:
        raise PrintError("Periodens fra-dato ligger efter til-datoen.")
    figures = compute_status(store, period, target_group_id=target_group_id, ladder_id=ladder_id)
    with store.unit_of_work() as uow:
        organisation = uow.organisation.get()
        groups = uow.target_groups.list(deleted=True)
        ladders = [uow.ladders.get(i) for i in uow.ladders.ids(deleted=True)]
        people = [
            p
            for p in uow.participants.load()
            if target_group_id is None or p.target_group_id == target_group_id
        ]
    areas = area_summaries(people, organisation.main_areas, period)
    ladder_names = {lad.id: (lad.title.strip() or _first_line(lad.change_goal)) for lad in ladders}
    group_names: dict[uuid.UUID | None, str] = {g.id: g.name for g in groups}
    group_names[None] = NO_TARGET_GROUP
    group_filter = ladder_filter = None
    if target_group_id is not None:
        if target_group_id not in group_names:
            raise PrintError("Målgruppen findes ikke i organisationsfilen.")
        group_filter = group_names[target_group_id]
    if ladder_id is not None:
        if ladder_id not in ladder_names:
            raise PrintError("Måltrappen findes ikke i organisationsfilen.")
        ladder_filter = ladder_names[ladder_id]
    return StatusReportData(
        organisation=organisation,
        figures=figures,
        period=period,
        ladder_names=ladder_names,
        group_names=group_names,
        target_group=group_filter,
        ladder=ladder_filter,
        made_on=today or date.today(),
        areas=areas,
    )


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else ""


# -- rendering and writing (the renderer comes from the caller) -----------------------------


def participant_report_pdf(
    store: Store,
    participant_id: uuid.UUID,
    render: ParticipantRenderer,
    *,
    show_name: bool = False,
    today: date | None = None,
) -> bytes:
    data = participant_report_data(store, participant_id, show_name=show_name, today=today)
    return render(data)


def status_report_pdf(
    store: Store,
    render: StatusRenderer,
    period: Period = ALL_TIME,
    *,
    target_group_id: uuid.UUID | None = None,
    ladder_id: uuid.UUID | None = None,
    today: date | None = None,
) -> bytes:
    data = status_report_data(
        store, period, target_group_id=target_group_id, ladder_id=ladder_id, today=today
    )
    return render(data)


def write_participant_reports(
    store: Store,
    folder: Path,
    render: ParticipantRenderer,
    *,
    active_only: bool = True,
    show_name: bool = False,
    today: date | None = None,
) -> list[Path]:
    """Batch printing: one report per participant in ``folder``, each written atomically
    and named by the participant's code (``progressionsrapport-IG-001.pdf``)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PrintError(f"Mappen {folder} findes ikke.")
    written: list[Path] = []
    for row in report_participants(store, active_only=active_only):
        data = participant_report_data(store, row.id, show_name=show_name, today=today)
        target = folder / report_filename(row.code)
        write_pdf(target, render(data))
        written.append(target)
    return written


__all__ = [
    "ParticipantRenderer",
    "StatusRenderer",
    "UnknownParticipantError",
    "names_found",
    "names_in_notes",
    "participant_report_data",
    "participant_report_pdf",
    "report_participants",
    "resolve_participant",
    "status_report_data",
    "status_report_pdf",
    "write_participant_reports",
]
