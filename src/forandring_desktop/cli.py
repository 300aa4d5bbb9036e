"""The ``forandring`` command: opens the GUI, and runs batch sub-commands without Qt.

Passphrases come from ``FORANDRING_PASSPHRASE`` or ``--passphrase-file`` (or a prompt when
run in a terminal); they are never taken as a command-line argument, where other users of
the machine could read them.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from forandring_desktop import __version__
from forandring_desktop.model.errors import ForandringError

if TYPE_CHECKING:
    from forandring_desktop.model.participants import ParticipantSummary
    from forandring_desktop.model.progression import Period
    from forandring_desktop.storage import Store

PASSPHRASE_ENV = "FORANDRING_PASSPHRASE"
EXIT_ERROR = 1
EXIT_USAGE = 2


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
