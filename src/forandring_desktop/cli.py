"""The ``forandring`` command: opens the GUI, and runs batch sub-commands without Qt.

Passphrases come from ``FORANDRING_PASSPHRASE`` or ``--passphrase-file`` (or a prompt when
run in a terminal); they are never taken as a command-line argument, where other users of
the machine could read them.

``forandring audit DB [--participant KODE] [--format json|text]`` prints the audit log
(administrators only; a staff member's passphrase exits with 3), oldest entry first. With
``--format json`` each line is one JSON object with the keys ``id``, ``at`` (ISO 8601, UTC),
``staff_id``, ``staff`` (the staff member's name), ``role`` (administrator/medarbejder),
``action`` (read, list, search, create, change, delete, restore, print, export, insight,
erase, settings, purge), ``participant_id`` (or null), ``participant_code`` (the code at
the time; empty once the participant is erased) and ``detail`` (an object).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import uuid
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from forandring_desktop import __version__
from forandring_desktop.model.errors import ForandringError

if TYPE_CHECKING:
    from forandring_desktop.model.audit import AuditEntry
    from forandring_desktop.model.participants import ParticipantSummary
    from forandring_desktop.model.progression import Period
    from forandring_desktop.storage import Store

PASSPHRASE_ENV = "FORANDRING_PASSPHRASE"
EXIT_ERROR = 1
EXIT_USAGE = 2
# model.audit.AuditAction's values (not imported here: the CLI starts without pydantic).
AUDIT_ACTIONS = [
    *("read", "list", "search", "create", "change", "delete", "restore"),
    *("print", "export", "insight", "erase", "settings", "purge"),
]


class CliError(ForandringError):
    pass


class PassphraseMissingError(CliError):
    exit_code = 2

    def __init__(self) -> None:
        super().__init__(
            f"Ingen adgangskode: sæt {PASSPHRASE_ENV} eller brug --passphrase-file FIL."
        )


def _read_passphrase_file(path: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"Kan ikke læse adgangskodefilen {path}: {exc.strerror}") from None
    lines = text.splitlines()
    return lines[0] if lines else ""


def passphrase_from(args: argparse.Namespace, *, confirm: bool = False) -> str | None:
    """File, then environment, then (in a terminal) a prompt; None if none is available."""
    if args.passphrase_file:
        value = _read_passphrase_file(args.passphrase_file)
    elif os.environ.get(PASSPHRASE_ENV):
        value = os.environ[PASSPHRASE_ENV]
    elif sys.stdin is not None and sys.stdin.isatty():
        value = getpass.getpass("Adgangskode: ")
        if confirm and getpass.getpass("Gentag adgangskode: ") != value:
            raise CliError("De to adgangskoder er ikke ens.")
    else:
        return None
    if not value:
        raise CliError("Adgangskoden må ikke være tom.")
    return value


def require_passphrase(args: argparse.Namespace, *, confirm: bool = False) -> str:
    value = passphrase_from(args, confirm=confirm)
    if value is None:
        raise PassphraseMissingError()
    return value


# -- sub-commands -----------------------------------------------------------------------


def cmd_gui(args: argparse.Namespace) -> int:
    from forandring_desktop.ui.app import run_app  # Qt only when the GUI is wanted

    db = Path(args.db) if args.db else None
    passphrase = None
    if args.passphrase_file or os.environ.get(PASSPHRASE_ENV):
        passphrase = passphrase_from(args)
    return run_app(db, passphrase)


def cmd_demo(args: argparse.Namespace) -> int:
    from forandring_desktop.services.demo import build_demo_document
    from forandring_desktop.services.files import create_from_document, default_demo_path

    path = Path(args.path) if args.path else default_demo_path()
    if path.exists() and args.if_missing:
        print(f"Demo-filen findes allerede: {path}")
    else:
        passphrase = require_passphrase(args, confirm=True)
        doc = build_demo_document(seed=args.seed, participants=args.participants)
        create_from_document(path, passphrase, doc).close()
        people = len(doc.participants)
        print(f"Demo-organisationen {doc.organisation.name} med {people} deltagere: {path}")
    if args.open:
        args.db = str(path)
        return cmd_gui(args)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from forandring_desktop.services.exchange import export_to_file
    from forandring_desktop.services.files import open_organisation

    with open_organisation(Path(args.database), require_passphrase(args)) as store:
        export_to_file(store, Path(args.output))
    print(f"Eksporteret til {args.output}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from forandring_desktop.services.exchange import import_document, read_document

    doc = read_document(Path(args.file))  # validate before asking for anything else
    with import_document(doc, Path(args.database), require_passphrase(args, confirm=True)):
        pass
    print(f"Importeret {doc.organisation.name} til {args.database}")
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ugyldig dato {text!r} (brug ÅÅÅÅ-MM-DD)") from None


class ReportUsageError(CliError):
    exit_code = EXIT_USAGE


def _report_format(args: argparse.Namespace) -> str:
    """json or pdf, checked before the file is opened (usage errors exit with 2)."""
    if args.kind == "participant":
        if args.format == "json":
            raise ReportUsageError("Progressionsrapporten for en deltager findes kun som PDF.")
        if not args.participant:
            raise ReportUsageError("Angiv deltageren med --id KODE (deltagerens kode eller id).")
        if args.date_from or args.date_to:
            raise ReportUsageError(
                "--from og --to gælder kun statusrapporten; progressionsrapporten viser hele "
                "forløbet."
            )
        if not args.output:
            raise ReportUsageError("Angiv PDF-filen, der skal skrives, med -o FIL.pdf.")
        return "pdf"
    if args.participant or args.show_name:
        raise ReportUsageError("--id og --name gælder kun progressionsrapporten (participant).")
    fmt: str = args.format or ("pdf" if args.output else "json")
    if fmt == "pdf" and not args.output:
        raise ReportUsageError("Angiv PDF-filen, der skal skrives, med -o FIL.pdf.")
    return fmt


def cmd_report(args: argparse.Namespace) -> int:
    from forandring_desktop.model.progression import Period
    from forandring_desktop.services.files import open_organisation

    fmt = _report_format(args)
    period = Period(args.date_from, args.date_to)
    if period.start and period.end and period.start > period.end:
        raise CliError("--from ligger efter --to.")
    output = Path(args.output) if args.output else None
    with open_organisation(Path(args.database), require_passphrase(args)) as store:
        if args.kind == "participant":
            assert output is not None
            return _report_participant(store, args.participant, args.show_name, output)
        if fmt == "pdf":
            assert output is not None
            return _report_status_pdf(store, period, output)
        from forandring_desktop.services.status import status_json

        data = status_json(store, period)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        from forandring_desktop.services.exchange import write_atomically

        write_atomically(output, text)
        print(f"Statustal skrevet til {output}")
    return 0


def _report_participant(store: Store, wanted: str, show_name: bool, output: Path) -> int:
    from forandring_desktop.reports import render_participant_report
    from forandring_desktop.services.printing import write_pdf
    from forandring_desktop.services.reporting import (
        participant_report_pdf,
        resolve_participant,
    )

    participant_id = resolve_participant(store, wanted)  # before anything is written
    pdf = participant_report_pdf(
        store, participant_id, render_participant_report, show_name=show_name
    )
    write_pdf(output, pdf)
    code = next(r.code for r in _summaries(store) if r.id == participant_id)
    note = " (med navn)" if show_name else ""
    print(f"Progressionsrapport for {code}{note} skrevet til {output}")
    return 0


def _summaries(store: Store) -> list[ParticipantSummary]:
    from forandring_desktop.services.participants import list_participants

    return list_participants(store)


def _report_status_pdf(store: Store, period: Period, output: Path) -> int:
    from forandring_desktop.reports import render_status_report
    from forandring_desktop.services.printing import write_pdf
    from forandring_desktop.services.reporting import status_report_pdf

    write_pdf(output, status_report_pdf(store, render_status_report, period))
    print(f"Statusoverblik skrevet til {output}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from forandring_desktop.model.document import json_schema
    from forandring_desktop.services.exchange import write_atomically

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        write_atomically(Path(args.output), text)
    return 0


class PrintUsageError(CliError):
    exit_code = EXIT_USAGE


def cmd_print(args: argparse.Namespace) -> int:
    from forandring_desktop.reports import SHEETS
    from forandring_desktop.services.files import open_organisation
    from forandring_desktop.services.printing import write_sheet

    if args.list:
        width = max(len(name) for name in SHEETS)
        for kind in SHEETS.values():
            note = "" if kind.has_blank else "  (ingen blank udgave)"
            print(f"{kind.name.ljust(width)}  {kind.label}{note}")
        return 0
    names = ", ".join(SHEETS)
    if args.sheet is None:
        raise PrintUsageError(f"Angiv hvilket ark, der skal udskrives: {names}.")
    sheet = SHEETS.get(args.sheet)
    if sheet is None:
        raise PrintUsageError(f"Ukendt ark ‘{args.sheet}’; vælg et af: {names}.")
    if not args.output:
        raise PrintUsageError("Angiv PDF-filen, der skal skrives, med -o FIL.pdf.")
    if args.blank and args.item_id:
        raise PrintUsageError("--id kan ikke bruges sammen med --blank.")
    if args.database is None and not args.blank:
        raise PrintUsageError("Angiv organisationsfilen DB (eller --blank for et blankt ark).")
    output = Path(args.output)
    if args.database is None:
        write_sheet(None, sheet, output, blank=True)
    else:
        with open_organisation(Path(args.database), require_passphrase(args)) as store:
            write_sheet(store, sheet, output, item_id=args.item_id, blank=args.blank)
    print(f"{sheet.label}{' (blankt)' if args.blank else ''} skrevet til {output}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from forandring_desktop.model.audit import AuditAction, AuditQuery, day_bounds, entry_json
    from forandring_desktop.services.audit import iter_entries, resolve_participant_code
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
    return 0


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


# -- data protection: insight, erasure, backup (services/privacy.py, services/backup.py) ----


class ConfirmationMissingError(CliError):
    exit_code = EXIT_USAGE


def cmd_export_participant(args: argparse.Namespace) -> int:
    from forandring_desktop.reports.insight import render_insight
    from forandring_desktop.services.files import open_organisation
    from forandring_desktop.services.privacy import find_participant, insight_export

    folder = Path(args.output)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"Mappen {folder} kan ikke oprettes: {exc.strerror}") from None
    with open_organisation(Path(args.database), require_passphrase(args)) as store:
        row = find_participant(store, args.participant)
        paths = insight_export(store, row.id, folder, render_insight)  # administrators only
    print(f"Indsigt for {row.code} skrevet til:")
    for path in paths:
        print(f"  {path}")
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    from forandring_desktop.services.access import require_admin
    from forandring_desktop.services.files import open_organisation
    from forandring_desktop.services.privacy import erase_participant, find_participant

    what = "slette en deltager for altid"
    with open_organisation(Path(args.database), require_passphrase(args)) as store:
        require_admin(store, what)  # before anyone is asked to confirm
        row = find_participant(store, args.participant)
        if not args.yes:
            if sys.stdin is None or not sys.stdin.isatty():
                raise ConfirmationMissingError(
                    f"Sletning for altid skal bekræftes: kør kommandoen i en terminal, eller "
                    f"tilføj --yes. Deltageren {row.code} er ikke slettet."
                )
            print(
                f"Deltageren {row.code} og alle deres data slettes for altid; det kan ikke "
                "fortrydes."
            )
            answer = input(f"Skriv koden {row.code} for at bekræfte: ").strip()
            if answer.casefold() != row.code.casefold():
                print("Ikke bekræftet; intet er slettet.")
                return EXIT_ERROR
        result = erase_participant(store, row.id)
    print(f"Deltageren {result.code} er slettet for altid (id {row.id} er gemt som gravsten).")
    if not result.wiped:
        print("Bemærk: filen kunne ikke ryddes helt nu; det sker, når den lukkes.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from forandring_desktop.services.backup import backup
    from forandring_desktop.services.files import open_organisation

    with open_organisation(Path(args.database), require_passphrase(args)) as store:
        result = backup(store, Path(args.output))
    people = result.counts.get("participant", 0)
    print(f"Sikkerhedskopi skrevet og kontrolleret: {result.path} ({people} deltagere).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from forandring_desktop.services.backup import restore

    result = restore(
        Path(args.file), Path(args.database), require_passphrase(args), replace=args.replace
    )
    print(
        f"Sikkerhedskopien af {result.organisation} fra {result.created[:10]} er gendannet "
        f"til {result.path}."
    )
    if result.replaced is not None:
        print(f"Den tidligere fil er gemt som {result.replaced} (med nøglefil).")
    if result.reerased:
        print(f"{result.reerased} deltagere, der var slettet siden, er slettet igen.")
    return 0


# -- staff: who may open the file (services/staff.py) ------------------------------------


class StaffUsageError(CliError):
    exit_code = EXIT_USAGE


def _new_passphrase(args: argparse.Namespace) -> str:
    """The new passphrase: --new-passphrase-file, else asked twice in a terminal."""
    if args.new_passphrase_file:
        value = _read_passphrase_file(args.new_passphrase_file)
    elif sys.stdin is not None and sys.stdin.isatty():
        value = getpass.getpass("Ny adgangskode: ")
        if getpass.getpass("Gentag ny adgangskode: ") != value:
            raise StaffUsageError("De to adgangskoder er ikke ens.")
    else:
        raise StaffUsageError("Angiv den nye adgangskode med --new-passphrase-file FIL.")
    if not value:
        raise StaffUsageError("Den nye adgangskode må ikke være tom.")
    return value


def _role_word(role: object) -> str:
    return str(getattr(role, "value", role))


def cmd_staff_list(args: argparse.Namespace) -> int:
    from forandring_desktop.services.files import open_organisation
    from forandring_desktop.services.staff import has_recovery_key, list_staff

    with open_organisation(Path(args.database), require_passphrase(args)) as store:
        staff = list_staff(store)
        recovery = has_recovery_key(store)
        me = store.actor.staff_id
    width = max([len("Navn"), *(len(a.name) for a in staff)])
    print(f"{'Navn'.ljust(width)}  {'Rolle'.ljust(13)}  Id")
    for actor in staff:
        mark = "  (dig)" if actor.staff_id == me else ""
        print(
            f"{actor.name.ljust(width)}  {_role_word(actor.role).ljust(13)}  {actor.staff_id}{mark}"
        )
    print(f"Gendannelsesnøgle: {'ja' if recovery else 'nej'}")
    return 0


def _resolve_staff(store: Store, wanted: str) -> uuid.UUID:
    """A staff member by id, a unique start of the id, or an exact (unique) name."""
    from forandring_desktop.services.staff import list_staff

    staff = list_staff(store)
    text = wanted.strip().lower()
    found = [a for a in staff if str(a.staff_id) == text]
    if not found and len(text) >= 4:
        found = [a for a in staff if str(a.staff_id).startswith(text)]
    if not found:
        found = [a for a in staff if a.name.casefold() == wanted.strip().casefold()]
    if len(found) != 1:
        why = "flere" if found else "ingen"
        raise StaffUsageError(
            f"‘{wanted}’ passer på {why} medarbejdere; brug id'et fra »forandring staff list«."
        )
    return found[0].staff_id


def cmd_staff_add(args: argparse.Namespace) -> int:
    from forandring_desktop.model.staff import Role
    from forandring_desktop.services.access import require_admin
    from forandring_desktop.services.files import open_organisation
    from forandring_desktop.services.staff import add_staff

    with open_organisation(Path(args.database), require_passphrase(args)) as store:
        require_admin(store, "tilføje medarbejdere")  # before asking for the new passphrase
        actor = add_staff(store, args.name, _new_passphrase(args), Role(args.role))
    print(f"Tilføjet {actor.name} ({_role_word(actor.role)}), id {actor.staff_id}.")
    return 0


def cmd_staff_remove(args: argparse.Namespace) -> int:
    from forandring_desktop.services.access import require_admin
    from forandring_desktop.services.files import open_organisation
    from forandring_desktop.services.staff import remove_staff

    with open_organisation(Path(args.database), require_passphrase(args)) as store:
        require_admin(store, "fjerne medarbejdere")
        removed = remove_staff(store, _resolve_staff(store, args.staff))
    print(f"Fjernet {removed.name}; den adgangskode kan ikke længere åbne filen.")
    return 0


def cmd_staff_passwd(args: argparse.Namespace) -> int:
    from forandring_desktop.services.files import open_organisation
    from forandring_desktop.services.staff import change_passphrase

    old = require_passphrase(args)
    with open_organisation(Path(args.database), old) as store:
        change_passphrase(store, old, _new_passphrase(args))
        name = store.actor.name
    print(f"Adgangskoden for {name} er skiftet.")
    return 0


def cmd_staff_recovery_key(args: argparse.Namespace) -> int:
    from forandring_desktop.services.files import open_organisation
    from forandring_desktop.services.staff import new_recovery_key

    with open_organisation(Path(args.database), require_passphrase(args)) as store:
        key = new_recovery_key(store)
    print(key)
    print(
        "Ny gendannelsesnøgle (en eventuel tidligere virker ikke længere). Skriv den ned eller "
        "udskriv den, og opbevar den aflåst – ikke på computeren. Den virker kun sammen med "
        "databasen og dens nøglefil (.keys).",
        file=sys.stderr,
    )
    return 0


def cmd_staff_recover(args: argparse.Namespace) -> int:
    from forandring_desktop.model.staff import DEFAULT_ADMIN_NAME
    from forandring_desktop.services.staff import recover, staff_in_file

    db = Path(args.database)
    if args.recovery_key_file:
        key = _read_passphrase_file(args.recovery_key_file)
    elif sys.stdin is not None and sys.stdin.isatty():
        key = getpass.getpass("Gendannelsesnøgle: ")
    else:
        raise StaffUsageError("Angiv gendannelsesnøglen med --recovery-key-file FIL.")
    staff_id = None
    if args.staff:
        matches = [
            a
            for a in staff_in_file(db)
            if str(a.staff_id).startswith(args.staff.lower()) or a.name == args.staff
        ]
        if len(matches) != 1:
            raise StaffUsageError(f"‘{args.staff}’ passer ikke på netop én medarbejder.")
        staff_id = matches[0].staff_id
    with recover(
        db,
        key,
        _new_passphrase(args),
        staff_id=staff_id,
        admin_name=args.name or DEFAULT_ADMIN_NAME,
    ) as store:
        name = store.actor.name
    print(f"Adgangen er gendannet: {name} kan åbne filen med den nye adgangskode.")
    return 0


# -- parser -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="forandring",
        description=(
            "Forandring Desktop – forandringsteori og progressionsmåling. Uden kommando "
            "åbnes programmet."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="FIL", help="organisationsfil, der skal åbnes")
    common = argparse.ArgumentParser(add_help=False)
    passphrase_help = f"læs adgangskoden fra første linje i FIL (ellers {PASSPHRASE_ENV})"
    parser.add_argument("--passphrase-file", metavar="FIL", help=passphrase_help)
    # SUPPRESS: a sub-command must not reset a value given before the sub-command's name.
    common.add_argument(
        "--passphrase-file", metavar="FIL", default=argparse.SUPPRESS, help=passphrase_help
    )
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")

    demo = sub.add_parser(
        "demo", parents=[common], help="opret en demo-organisation (iGangiGen fra guiden)"
    )
    demo.add_argument("path", nargs="?", metavar="FIL", help="ny fil (standard: i datamappen)")
    demo.add_argument("--participants", type=int, default=15, help="antal deltagere (15)")
    demo.add_argument("--seed", type=int, default=2015, help="startværdi for tilfældige data")
    demo.add_argument("--open", action="store_true", help="åbn programmet på filen bagefter")
    demo.add_argument(
        "--if-missing", action="store_true", help="brug filen, hvis den allerede findes"
    )
    demo.set_defaults(func=cmd_demo)

    export = sub.add_parser("export", parents=[common], help="eksportér en organisation som JSON")
    export.add_argument("database", metavar="DB", help="organisationsfil")
    export.add_argument("-o", "--output", required=True, metavar="FIL.json")
    export.set_defaults(func=cmd_export)

    imp = sub.add_parser(
        "import", parents=[common], help="importér en JSON-eksport til en ny organisationsfil"
    )
    imp.add_argument("file", metavar="FIL.json")
    imp.add_argument("database", metavar="DB", help="ny (eller tom) organisationsfil")
    imp.set_defaults(func=cmd_import)

    report = sub.add_parser(
        "report",
        parents=[common],
        help=("rapporter: statustal (JSON eller PDF) og en deltagers progressionsrapport (PDF)"),
        description=(
            "status: organisationens statustal, som JSON på standardoutput (til scripts og "
            "regneark) eller som PDF med -o FIL.pdf. participant: en deltagers "
            "progressionsrapport til kommunen som PDF; deltageren angives med sin kode, og "
            "navnet kommer kun med, når --name bruges."
        ),
    )
    report.add_argument("kind", choices=["participant", "status"], help="rapporttype")
    report.add_argument("database", metavar="DB", help="organisationsfil")
    report.add_argument(
        "--format",
        choices=["json", "pdf"],
        default=None,
        help="uddataformat (status: json, eller pdf når -o er angivet; participant: pdf)",
    )
    report.add_argument("--from", dest="date_from", type=_day, metavar="ÅÅÅÅ-MM-DD")
    report.add_argument("--to", dest="date_to", type=_day, metavar="ÅÅÅÅ-MM-DD")
    report.add_argument(
        "--id", dest="participant", metavar="KODE", help="deltagerens kode (eller id)"
    )
    report.add_argument(
        "--name",
        dest="show_name",
        action="store_true",
        help="skriv deltagerens navn i rapporten (ellers kun koden)",
    )
    report.add_argument("-o", "--output", metavar="FIL.pdf", help="filen, der skrives")
    report.set_defaults(func=cmd_report)

    printing = sub.add_parser(
        "print",
        parents=[common],
        help="udskriv et arbejdsark som PDF, blankt eller udfyldt (se print --list)",
    )
    printing.add_argument("sheet", nargs="?", metavar="ARK", help="arkets type (se --list)")
    printing.add_argument(
        "database", nargs="?", metavar="DB", help="organisationsfil (kan udelades med --blank)"
    )
    printing.add_argument("--blank", action="store_true", help="et blankt ark til at udfylde")
    printing.add_argument(
        "--id",
        dest="item_id",
        metavar="ID",
        help=(
            "missionsbud, persona, ark eller måltrappe: navn, id eller en del af id'et "
            "(standard: det valgte bud, ellers det første)"
        ),
    )
    printing.add_argument("-o", "--output", metavar="FIL.pdf", help="PDF-filen, der skrives")
    printing.add_argument("--list", action="store_true", help="vis arkenes typer")
    printing.set_defaults(func=cmd_print)

    audit = sub.add_parser(
        "audit",
        parents=[common],
        help="vis logbogen over brug af persondata (kun administratorer)",
        description=(
            "Logbogen over brug af persondata, ældste post først: som tekst i kolonner eller "
            "som JSON-linjer (én post pr. linje). Kræver en administrators adgangskode."
        ),
    )
    audit.add_argument("database", metavar="DB", help="organisationsfil")
    audit.add_argument(
        "--participant", metavar="KODE", help="kun posterne om deltageren med denne kode (eller id)"
    )
    audit.add_argument(
        "--action",
        choices=AUDIT_ACTIONS,
        help="kun denne handling",
    )
    audit.add_argument("--from", dest="date_from", type=_day, metavar="ÅÅÅÅ-MM-DD")
    audit.add_argument("--to", dest="date_to", type=_day, metavar="ÅÅÅÅ-MM-DD")
    audit.add_argument(
        "--format", choices=["json", "text"], default="text", help="uddataformat (text)"
    )
    audit.set_defaults(func=cmd_audit)

    insight = sub.add_parser(
        "export-participant",
        parents=[common],
        help="indsigt: alle data om én deltager som JSON og PDF (kun administratorer)",
        description=(
            "Skriver alt, hvad filen har om deltageren (med navn – det er til personen selv), "
            "som indsigt-KODE-DATO.json og .pdf i mappen. Udleveringen skrives i logbogen."
        ),
    )
    insight.add_argument("database", metavar="DB", help="organisationsfil")
    insight.add_argument("participant", metavar="KODE", help="deltagerens kode (eller id)")
    insight.add_argument("-o", "--output", required=True, metavar="MAPPE")
    insight.set_defaults(func=cmd_export_participant)

    erase = sub.add_parser(
        "erase",
        parents=[common],
        help="slet en deltager og alle deres data for altid (kun administratorer)",
        description=(
            "Sletter alle deltagerens data for altid og rydder filens frie sider; kun id'et "
            "gemmes som gravsten. Beder om bekræftelse i en terminal, medmindre --yes bruges."
        ),
    )
    erase.add_argument("database", metavar="DB", help="organisationsfil")
    erase.add_argument("participant", metavar="KODE", help="deltagerens kode (eller id)")
    erase.add_argument("--yes", action="store_true", help="spørg ikke om bekræftelse")
    erase.set_defaults(func=cmd_erase)

    backup = sub.add_parser(
        "backup",
        parents=[common],
        help="lav en krypteret, kontrolleret sikkerhedskopi (database og nøglefil i én fil)",
    )
    backup.add_argument("database", metavar="DB", help="organisationsfil")
    backup.add_argument("-o", "--output", required=True, metavar="FIL")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser(
        "restore",
        parents=[common],
        help="gendan en sikkerhedskopi til en ny fil (eller erstat med --replace)",
        description=(
            "Kontrollerer sikkerhedskopien og gendanner database og nøglefil. En eksisterende "
            "fil erstattes kun med --replace (og kun af samme organisation); den gamle gemmes "
            "som DB.før-gendannelse. Kræver en administrators adgangskode fra kopien."
        ),
    )
    restore.add_argument("file", metavar="FIL", help="sikkerhedskopien")
    restore.add_argument("database", metavar="DB", help="organisationsfilen, der skal skrives")
    restore.add_argument(
        "--replace", action="store_true", help="erstat en eksisterende fil af samme organisation"
    )
    restore.set_defaults(func=cmd_restore)

    staff = sub.add_parser(
        "staff",
        help="medarbejdere: hvem kan åbne filen (list, add, remove, passwd, recovery-key, recover)",
        description=(
            "Hver medarbejder åbner filen med sin egen adgangskode. Den, der kører kommandoen, "
            f"logger ind med {PASSPHRASE_ENV} eller --passphrase-file; kun administratorer kan "
            "tilføje og fjerne medarbejdere (ellers exit-kode 3). Nye adgangskoder læses fra "
            "--new-passphrase-file FIL eller spørges om to gange i en terminal."
        ),
    )
    staff_sub = staff.add_subparsers(dest="staff_command", metavar="HANDLING", required=True)
    new_pw_help = "læs den nye adgangskode fra første linje i FIL (ellers spørges der)"

    staff_list = staff_sub.add_parser(
        "list", parents=[common], help="vis medarbejdere: navn, rolle og id"
    )
    staff_list.add_argument("database", metavar="DB", help="organisationsfil")
    staff_list.set_defaults(func=cmd_staff_list)

    staff_add = staff_sub.add_parser(
        "add", parents=[common], help="tilføj en medarbejder (kun administratorer)"
    )
    staff_add.add_argument("database", metavar="DB", help="organisationsfil")
    staff_add.add_argument("--name", required=True, metavar="NAVN", help="medarbejderens navn")
    staff_add.add_argument(
        "--role",
        choices=["administrator", "medarbejder"],
        default="medarbejder",
        help="rolle (standard: medarbejder)",
    )
    staff_add.add_argument("--new-passphrase-file", metavar="FIL", help=new_pw_help)
    staff_add.set_defaults(func=cmd_staff_add)

    staff_remove = staff_sub.add_parser(
        "remove", parents=[common], help="fjern en medarbejder (kun administratorer)"
    )
    staff_remove.add_argument("database", metavar="DB", help="organisationsfil")
    staff_remove.add_argument(
        "staff", metavar="ID", help="medarbejderens id (eller starten af det, eller navnet)"
    )
    staff_remove.set_defaults(func=cmd_staff_remove)

    staff_passwd = staff_sub.add_parser(
        "passwd", parents=[common], help="skift din egen adgangskode"
    )
    staff_passwd.add_argument("database", metavar="DB", help="organisationsfil")
    staff_passwd.add_argument("--new-passphrase-file", metavar="FIL", help=new_pw_help)
    staff_passwd.set_defaults(func=cmd_staff_passwd)

    staff_recovery = staff_sub.add_parser(
        "recovery-key",
        parents=[common],
        help="lav en ny gendannelsesnøgle og skriv den ud (kun administratorer)",
    )
    staff_recovery.add_argument("database", metavar="DB", help="organisationsfil")
    staff_recovery.set_defaults(func=cmd_staff_recovery_key)

    staff_recover = staff_sub.add_parser(
        "recover",
        help="åbn filen med gendannelsesnøglen og vælg en ny administratoradgangskode",
    )
    staff_recover.add_argument("database", metavar="DB", help="organisationsfil")
    staff_recover.add_argument(
        "--recovery-key-file", metavar="FIL", help="læs gendannelsesnøglen fra FIL"
    )
    who = staff_recover.add_mutually_exclusive_group()
    who.add_argument(
        "--id", dest="staff", metavar="ID", help="giv denne medarbejder den nye adgangskode"
    )
    who.add_argument("--name", metavar="NAVN", help="navn på en ny administrator")
    staff_recover.add_argument("--new-passphrase-file", metavar="FIL", help=new_pw_help)
    staff_recover.set_defaults(func=cmd_staff_recover)

    schema = sub.add_parser("schema", help="skriv JSON Schema for eksportformatet")
    schema.add_argument("-o", "--output", default="-", metavar="FIL")
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is not None and args.command != "demo" and args.db:
        parser.error("--db bruges kun, når programmet åbnes")
    if args.command == "demo" and args.participants < 0:
        parser.error("--participants skal være 0 eller mere")
    func = getattr(args, "func", cmd_gui)
    try:
        code: int = func(args)
    except ForandringError as exc:
        print(f"forandring: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("forandring: afbrudt", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
