"""forandring invite / forandring join: a new laptop joins the organisation's sync.

``forandring invite DB --dsn ADMIN_DSN [--staff NAVN] [-o FIL]`` (an administrator's
passphrase; the file must be set up for sync) makes a login on the server for the new
laptop and writes an invitation file sealed with a one-time code, which is printed. The
DSN's user must be allowed to create roles; its password belongs in ``PGPASSWORD``.

``forandring join INVITATION NEW_DB`` asks for the code (or reads it from
``FORANDRING_INVITATION_CODE``), then the staff member's own passphrase, and creates
NEW_DB holding the organisation as the server has it. The invitation works once.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from forandring_desktop.cli.common import CliError, Subparsers, UsageError, require_passphrase

CODE_ENV = "FORANDRING_INVITATION_CODE"


def cmd_invite(args: argparse.Namespace) -> int:
    from forandring_desktop.services.files import open_organisation
    from forandring_desktop.services.sync_join import find_staff, invite

    database = Path(args.database)
    target = Path(args.out) if args.out else database.with_name(f"{database.stem}.invitation")
    with open_organisation(database, require_passphrase(args)) as store:
        staff_id = find_staff(store, args.staff) if args.staff else None
        made = invite(store, args.dsn, target, staff_id)
    who = f" til {made.staff_name}" if made.staff_name else ""
    print(f"Invitationen{who} er gemt i {made.path}.")
    print(f"Engangskode: {made.code}")
    print(
        f"Giv filen og koden videre hver for sig (fx koden mundtligt). Invitationen kan "
        f"bruges én gang inden for {made.valid_days} dage."
    )
    return 0


def _code() -> str:
    if os.environ.get(CODE_ENV):
        return os.environ[CODE_ENV]
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass("Engangskode fra invitationen: ")
    raise UsageError(f"Ingen engangskode: sæt {CODE_ENV}, eller kør kommandoen i en terminal.")


def cmd_join(args: argparse.Namespace) -> int:
    from forandring_desktop.services.sync_join import join

    code = _code()
    if not code.strip():
        raise CliError("Engangskoden må ikke være tom.")
    passphrase = require_passphrase(args)
    with join(Path(args.invitation), code, passphrase, Path(args.new_database)) as store:
        who = store.actor.name
    print(f"Computeren er tilsluttet organisationen: {args.new_database} er oprettet ({who}).")
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    invite = sub.add_parser(
        "invite",
        parents=[common],
        help="invitér en ny computer til synkroniseringen (kun administratorer)",
        description=(
            "Opretter et login på serveren til en ny computer og en invitationsfil, der er "
            "låst med en engangskode. Filen skal være sat op til synkronisering. Serverens "
            "adgangskode gives i PGPASSWORD eller ~/.pgpass, ikke på kommandolinjen."
        ),
    )
    invite.add_argument("database", metavar="DB", help="organisationsfil")
    invite.add_argument(
        "--dsn",
        required=True,
        metavar="FORBINDELSE",
        help="serverens forbindelsesstreng for en bruger, der må oprette roller (serverens ejer)",
    )
    invite.add_argument(
        "--staff", metavar="NAVN", help="kun denne medarbejder kan bruge invitationen"
    )
    invite.add_argument(
        "-o",
        "--output",
        dest="out",
        metavar="FIL",
        help="invitationsfilen (ellers DB's navn.invitation)",
    )
    invite.set_defaults(func=cmd_invite)
    join = sub.add_parser(
        "join",
        parents=[common],
        help="tilslut denne computer med en invitation",
        description=(
            f"Opretter NY_DB med organisationen fra serveren. Engangskoden spørges om (eller "
            f"læses fra {CODE_ENV}), derefter din egen adgangskode. Invitationen kan kun "
            "bruges én gang."
        ),
    )
    join.add_argument("invitation", metavar="INVITATION", help="invitationsfilen")
    join.add_argument("new_database", metavar="NY_DB", help="den nye organisationsfil")
    join.set_defaults(func=cmd_join)
