"""forandring report: status figures (JSON or PDF) and one participant's report."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from forandring_desktop.cli.common import (
    CliError,
    Subparsers,
    UsageError,
    day,
    require_passphrase,
)

if TYPE_CHECKING:
    from forandring_desktop.model.participants import ParticipantSummary
    from forandring_desktop.model.progression import Period
    from forandring_desktop.storage import Store


def _report_format(args: argparse.Namespace) -> str:
    """json or pdf, checked before the file is opened (usage errors exit with 2)."""
    if args.kind == "participant":
        if args.format == "json":
            raise UsageError("Progressionsrapporten for en deltager findes kun som PDF.")
        if not args.participant:
            raise UsageError("Angiv deltageren med --id KODE (deltagerens kode eller id).")
        if args.date_from or args.date_to:
            raise UsageError(
                "--from og --to gælder kun statusrapporten; progressionsrapporten viser hele "
                "forløbet."
            )
        if not args.output:
            raise UsageError("Angiv PDF-filen, der skal skrives, med -o FIL.pdf.")
        return "pdf"
    if args.participant or args.show_name:
        raise UsageError("--id og --name gælder kun progressionsrapporten (participant).")
    fmt: str = args.format or ("pdf" if args.output else "json")
    if fmt == "pdf" and not args.output:
        raise UsageError("Angiv PDF-filen, der skal skrives, med -o FIL.pdf.")
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
        from forandring_desktop.storage.atomic import write_atomically

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
    _warn(pdf, "Progressionsrapporten")
    code = next(r.code for r in _summaries(store) if r.id == participant_id)
    note = " (med navn)" if show_name else ""
    print(f"Progressionsrapport for {code}{note} skrevet til {output}")
    return 0


def _warn(pdf: bytes, what: str) -> None:
    """Name the characters the PDF could not print, on standard error."""
    from forandring_desktop.services.printing import print_warning

    warning = print_warning(pdf, what)
    if warning:
        print(f"Advarsel: {warning}", file=sys.stderr)


def _summaries(store: Store) -> list[ParticipantSummary]:
    from forandring_desktop.services.participants import list_participants

    return list_participants(store)


def _report_status_pdf(store: Store, period: Period, output: Path) -> int:
    from forandring_desktop.reports import render_status_report
    from forandring_desktop.services.printing import write_pdf
    from forandring_desktop.services.reporting import status_report_pdf

    pdf = status_report_pdf(store, render_status_report, period)
    write_pdf(output, pdf)
    _warn(pdf, "Statusoverblikket")
    print(f"Statusoverblik skrevet til {output}")
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
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
    report.add_argument("--from", dest="date_from", type=day, metavar="ÅÅÅÅ-MM-DD")
    report.add_argument("--to", dest="date_to", type=day, metavar="ÅÅÅÅ-MM-DD")
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
