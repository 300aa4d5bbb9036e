"""forandring audit: the log of every use of personal data.

``forandring audit DB [--participant KODE] [--format json|text]`` prints the audit log
(administrators only; a staff member's passphrase exits with 3), oldest entry first. With
``--format json`` each line is one JSON object with the keys ``id``, ``at`` (ISO 8601, UTC),
``staff_id``, ``staff`` (the staff member's name), ``role`` (administrator/medarbejder),
``action`` (read, list, search, create, change, delete, restore, print, export, insight,
erase, settings, purge), ``participant_id`` (or null), ``participant_code`` (the code at
the time; empty once the participant is erased) and ``detail`` (an object).

After the entries the whole log is checked (the hash chain and every signature, see
``services/audit_integrity.py``) and the verdict is printed on stderr ("Loggen er hel: N
poster kontrolleret." or "Loggen er ændret: post 17 er slettet, …"), so stdout stays the
entries alone. A log that does not verify exits with 6 (EXIT_AUDIT_BROKEN), after printing
every entry as usual.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from forandring_desktop.cli.common import (
    CliError,
    Subparsers,
    add_file_command,
    day,
    require_passphrase,
)

if TYPE_CHECKING:
    from forandring_desktop.model.audit import AuditEntry

EXIT_AUDIT_BROKEN = 6  # the log does not verify: entries deleted, changed or re-attributed

# model.audit.AuditAction's values (not imported here: the CLI starts without pydantic).
AUDIT_ACTIONS = [
    *("read", "list", "search", "create", "change", "delete", "restore"),
    *("print", "export", "insight", "erase", "settings", "purge", "access"),
]


def cmd_audit(args: argparse.Namespace) -> int:
    from forandring_desktop.model.audit import AuditAction, AuditQuery, day_bounds, entry_json
    from forandring_desktop.services.audit import iter_entries, resolve_participant_code
    from forandring_desktop.services.audit_integrity import verdict_text, verify_log
    from forandring_desktop.services.files import open_organisation

    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise CliError("--from ligger efter --to.")
    since, until = day_bounds(args.date_from, args.date_to)
    with open_organisation(Path(args.database), require_passphrase(args)) as store:
        ids = None
        if args.participant:
            ids = (resolve_participant_code(store, args.participant),)
        query = AuditQuery(
            participant_ids=ids,
            action=AuditAction(args.action) if args.action else None,
            since=since,
            until=until,
        )
        entries = iter_entries(store, query)  # AccessDeniedError (exit 3) for staff
        if args.format == "json":
            for entry in entries:
                sys.stdout.write(json.dumps(entry_json(entry), ensure_ascii=False) + "\n")
        else:
            _print_audit_table(list(entries))
        report = verify_log(store)
    sys.stdout.flush()
    print(verdict_text(report), file=sys.stderr)
    return 0 if report.whole else EXIT_AUDIT_BROKEN


def _print_audit_table(entries: Sequence[AuditEntry]) -> None:
    from forandring_desktop.model.audit import describe

    rows = [
        (
            entry.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
            entry.staff_name,
            entry.action.label,
            "(slettet)" if entry.scrubbed else entry.participant_code,
            describe(entry),
        )
        for entry in entries
    ]
    if not rows:
        print("Ingen poster i logbogen.")
        return
    header = ("Tidspunkt", "Medarbejder", "Handling", "Deltager", "Detaljer")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        print("  ".join([*cells, row[4]]).rstrip())


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    audit = add_file_command(
        sub,
        "audit",
        cmd_audit,
        parents=[common],
        help="vis logbogen over brug af persondata (kun administratorer)",
        description=(
            "Logbogen over brug af persondata, ældste post først: som tekst i kolonner eller "
            "som JSON-linjer (én post pr. linje). Kræver en administrators adgangskode. "
            "Bagefter kontrolleres hele logbogen (kæden og signaturerne), og resultatet "
            "skrives på stderr; er logbogen ændret, afsluttes med kode 6."
        ),
    )
    audit.add_argument(
        "--participant", metavar="KODE", help="kun posterne om deltageren med denne kode (eller id)"
    )
    audit.add_argument(
        "--action",
        choices=AUDIT_ACTIONS,
        help="kun denne handling",
    )
    audit.add_argument("--from", dest="date_from", type=day, metavar="ÅÅÅÅ-MM-DD")
    audit.add_argument("--to", dest="date_to", type=day, metavar="ÅÅÅÅ-MM-DD")
    audit.add_argument(
        "--format", choices=["json", "text"], default="text", help="uddataformat (text)"
    )
