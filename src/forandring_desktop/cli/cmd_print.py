"""forandring print: a worksheet, blank or filled, as an A4 PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from forandring_desktop.cli.common import Subparsers, UsageError, require_passphrase


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
        raise UsageError(f"Angiv hvilket ark, der skal udskrives: {names}.")
    sheet = SHEETS.get(args.sheet)
    if sheet is None:
        raise UsageError(f"Ukendt ark ‘{args.sheet}’; vælg et af: {names}.")
    if not args.output:
        raise UsageError("Angiv PDF-filen, der skal skrives, med -o FIL.pdf.")
    if args.blank and args.item_id:
        raise UsageError("--id kan ikke bruges sammen med --blank.")
    if args.database is None and not args.blank:
        raise UsageError("Angiv organisationsfilen DB (eller --blank for et blankt ark).")
    output = Path(args.output)
    if args.database is None:
        lost = write_sheet(None, sheet, output, blank=True)
    else:
        with open_organisation(Path(args.database), require_passphrase(args)) as store:
            lost = write_sheet(store, sheet, output, item_id=args.item_id, blank=args.blank)
    if lost:
        from forandring_desktop.model.report_data import unprintable_warning

        print(f"Advarsel: {unprintable_warning(lost, sheet.label)}", file=sys.stderr)
    print(f"{sheet.label}{' (blankt)' if args.blank else ''} skrevet til {output}")
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
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
