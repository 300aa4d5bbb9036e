"""forandring staff: who may open the file (services/staff.py)."""

from __future__ import annotations

import argparse
import getpass
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from forandring_desktop.cli.common import (
    PASSPHRASE_ENV,
    Subparsers,
    UsageError,
    add_file_command,
    read_passphrase_file,
    require_passphrase,
)

if TYPE_CHECKING:
    from forandring_desktop.storage import Store


def _new_passphrase(args: argparse.Namespace) -> str:
    """The new passphrase: --new-passphrase-file, else asked twice in a terminal."""
    if args.new_passphrase_file:
        value = read_passphrase_file(args.new_passphrase_file)
    elif sys.stdin is not None and sys.stdin.isatty():
        value = getpass.getpass("Ny adgangskode: ")
        if getpass.getpass("Gentag ny adgangskode: ") != value:
            raise UsageError("De to adgangskoder er ikke ens.")
    else:
        raise UsageError("Angiv den nye adgangskode med --new-passphrase-file FIL.")
    if not value:
        raise UsageError("Den nye adgangskode må ikke være tom.")
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
        warning = store.key_warning
    if warning:
        print(f"Advarsel: {warning}", file=sys.stderr)
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
        raise UsageError(
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
    from forandring_desktop.services.staff import remove_staff_member

    with open_organisation(Path(args.database), require_passphrase(args)) as store:
        require_admin(store, "fjerne medarbejdere")
        done = remove_staff_member(store, _resolve_staff(store, args.staff))
    print(f"Fjernet {done.actor.name}; den adgangskode kan ikke længere åbne filen.")
    if done.rekeyed:
        print("Filen har fået en ny datanøgle: en gammel kopi af nøglefilen åbner den ikke.")
    else:
        print(f"Bemærk: {done.pending}", file=sys.stderr)
    return 0


def cmd_staff_rekey(args: argparse.Namespace) -> int:
    from forandring_desktop.services.access import require_admin
    from forandring_desktop.services.files import open_organisation
    from forandring_desktop.services.staff import change_data_key

    with open_organisation(Path(args.database), require_passphrase(args)) as store:
        require_admin(store, "skifte datanøglen")
        result = change_data_key(store)
    print(
        f"Filen har fået en ny datanøgle ({result.slots} nøglepladser). En gammel kopi af "
        "nøglefilen åbner den ikke længere; ældre sikkerhedskopier åbnes stadig med de "
        "adgangskoder, der gjaldt, da de blev lavet."
    )
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
        key = read_passphrase_file(args.recovery_key_file)
    elif sys.stdin is not None and sys.stdin.isatty():
        key = getpass.getpass("Gendannelsesnøgle: ")
    else:
        raise UsageError("Angiv gendannelsesnøglen med --recovery-key-file FIL.")
    staff_id = None
    if args.staff:
        matches = [
            a
            for a in staff_in_file(db)
            if str(a.staff_id).startswith(args.staff.lower()) or a.name == args.staff
        ]
        if len(matches) != 1:
            raise UsageError(f"‘{args.staff}’ passer ikke på netop én medarbejder.")
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


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    staff = sub.add_parser(
        "staff",
        help=(
            "medarbejdere: hvem kan åbne filen "
            "(list, add, remove, passwd, recovery-key, recover, rekey)"
        ),
        description=(
            "Hver medarbejder åbner filen med sin egen adgangskode. Den, der kører kommandoen, "
            f"logger ind med {PASSPHRASE_ENV} eller --passphrase-file; kun administratorer kan "
            "tilføje og fjerne medarbejdere (ellers exit-kode 3). Nye adgangskoder læses fra "
            "--new-passphrase-file FIL eller spørges om to gange i en terminal."
        ),
    )
    staff_sub = staff.add_subparsers(dest="staff_command", metavar="HANDLING", required=True)
    new_pw_help = "læs den nye adgangskode fra første linje i FIL (ellers spørges der)"

    add_file_command(
        staff_sub,
        "list",
        cmd_staff_list,
        parents=[common],
        help="vis medarbejdere: navn, rolle og id",
    )

    staff_add = add_file_command(
        staff_sub,
        "add",
        cmd_staff_add,
        parents=[common],
        help="tilføj en medarbejder (kun administratorer)",
    )
    staff_add.add_argument("--name", required=True, metavar="NAVN", help="medarbejderens navn")
    staff_add.add_argument(
        "--role",
        choices=["administrator", "medarbejder"],
        default="medarbejder",
        help="rolle (standard: medarbejder)",
    )
    staff_add.add_argument("--new-passphrase-file", metavar="FIL", help=new_pw_help)

    staff_remove = add_file_command(
        staff_sub,
        "remove",
        cmd_staff_remove,
        parents=[common],
        help="fjern en medarbejder (kun administratorer)",
    )
    staff_remove.add_argument(
        "staff", metavar="ID", help="medarbejderens id (eller starten af det, eller navnet)"
    )

    add_file_command(
        staff_sub,
        "rekey",
        cmd_staff_rekey,
        parents=[common],
        help="skift datanøgle: krypter filen med en ny nøgle (kun administratorer)",
        description=(
            "Krypterer databasen med en ny datanøgle og giver alle medarbejdere og "
            "gendannelsesnøglen den nye nøgle. Gamle kopier af nøglefilen åbner derefter "
            "ikke filen. Sker også af sig selv, når en medarbejder fjernes."
        ),
    )

    staff_passwd = add_file_command(
        staff_sub,
        "passwd",
        cmd_staff_passwd,
        parents=[common],
        help="skift din egen adgangskode",
    )
    staff_passwd.add_argument("--new-passphrase-file", metavar="FIL", help=new_pw_help)

    add_file_command(
        staff_sub,
        "recovery-key",
        cmd_staff_recovery_key,
        parents=[common],
        help="lav en ny gendannelsesnøgle og skriv den ud (kun administratorer)",
    )

    staff_recover = add_file_command(
        staff_sub,
        "recover",
        cmd_staff_recover,
        help="åbn filen med gendannelsesnøglen og vælg en ny administratoradgangskode",
    )
    staff_recover.add_argument(
        "--recovery-key-file", metavar="FIL", help="læs gendannelsesnøglen fra FIL"
    )
    who = staff_recover.add_mutually_exclusive_group()
    who.add_argument(
        "--id", dest="staff", metavar="ID", help="giv denne medarbejder den nye adgangskode"
    )
    who.add_argument("--name", metavar="NAVN", help="navn på en ny administrator")
    staff_recover.add_argument("--new-passphrase-file", metavar="FIL", help=new_pw_help)
