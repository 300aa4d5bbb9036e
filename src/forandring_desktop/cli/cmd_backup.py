"""forandring backup and restore (services/backup.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from forandring_desktop.cli.common import Subparsers, add_file_command, require_passphrase


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
    print(
        f"Sletteregistret er genanvendt: {result.reerased} sletning(er) af deltagere og "
        f"{result.restaff} fjernelse(r) af medarbejdere fra efter sikkerhedskopien er "
        "gennemført igen."
    )
    if result.replaced_damaged:
        print(
            "Bemærk: den beskadigede fil kunne ikke læses, så deltagere, der er slettet for "
            "altid efter sikkerhedskopien, kan være med igen. Tjek Databeskyttelse.",
            file=sys.stderr,
        )
    if result.audit_warning:
        print(result.audit_warning, file=sys.stderr)
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    backup = add_file_command(
        sub,
        "backup",
        cmd_backup,
        parents=[common],
        help="lav en krypteret, kontrolleret sikkerhedskopi (database og nøglefil i én fil)",
    )
    backup.add_argument("-o", "--output", required=True, metavar="FIL")

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
