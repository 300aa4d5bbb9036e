"""forandring export-participant (insight) and erase (services/privacy.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from forandring_desktop.cli.common import (
    EXIT_ERROR,
    CliError,
    Subparsers,
    UsageError,
    add_file_command,
    require_passphrase,
)

_PARTICIPANT_HELP = "deltagerens kode (eller id)"


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
                raise UsageError(
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


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    insight = add_file_command(
        sub,
        "export-participant",
        cmd_export_participant,
        parents=[common],
        help="indsigt: alle data om én deltager som JSON og PDF (kun administratorer)",
        description=(
            "Skriver alt, hvad filen har om deltageren (med navn – det er til personen selv), "
            "som indsigt-KODE-DATO.json og .pdf i mappen. Udleveringen skrives i logbogen."
        ),
    )
    insight.add_argument("participant", metavar="KODE", help=_PARTICIPANT_HELP)
    insight.add_argument("-o", "--output", required=True, metavar="MAPPE")

    erase = add_file_command(
        sub,
        "erase",
        cmd_erase,
        parents=[common],
        help="slet en deltager og alle deres data for altid (kun administratorer)",
        description=(
            "Sletter alle deltagerens data for altid og rydder filens frie sider; kun id'et "
            "gemmes som gravsten. Beder om bekræftelse i en terminal, medmindre --yes bruges."
        ),
    )
    erase.add_argument("participant", metavar="KODE", help=_PARTICIPANT_HELP)
    erase.add_argument("--yes", action="store_true", help="spørg ikke om bekræftelse")
