"""forandring server init / forandring sync: the organisation's PostgreSQL and syncing.

``forandring sync [--dsn DSN [--remember]] DB`` pushes the file's waiting changes, pulls
the other laptops' and applies them (the file must be set up for sync); without ``--dsn``
it uses the server the file keeps.

``forandring server init --dsn DSN DB`` creates the server's schema and roles for the
organisation in DB (an administrator's passphrase), sets DB up as the organisation's first
laptop with a server login of its own, and sends the whole organisation. The DSN is a
libpq connection string or URI (``host=… dbname=… user=…``); its password belongs in
``PGPASSWORD`` or ``~/.pgpass``, never on the command line. A server on another machine
is reached only with TLS and a checked certificate (``sslmode=verify-full``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from forandring_desktop.cli.common import Subparsers, require_passphrase


def cmd_server_init(args: argparse.Namespace) -> int:
    from forandring_desktop.services.files import open_organisation
    from forandring_desktop.services.sync import start_organisation_sync

    with open_organisation(Path(args.database), require_passphrase(args)) as store:
        done = start_organisation_sync(store, args.dsn)
    ready = done.server
    if ready.applied:
        print(f"Serveren er gjort klar (serverskema {ready.schema_version}).")
    else:
        print(f"Serveren var allerede klar (serverskema {ready.schema_version}); intet er ændret.")
    print(f"Rolle for bærbare: {ready.laptop_role}; rolle for administratorer: {ready.admin_role}.")
    if done.set_up_now:
        print("Filen er sat op til synkronisering.")
    if done.login_made:
        print("Computeren har fået sit eget login på serveren (gemt i den krypterede fil).")
    print(f"{done.pushed} ændringer sendt. Andre computere tilsluttes med 'forandring invite'.")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from forandring_desktop.services.files import open_organisation
    from forandring_desktop.services.sync import apply_pulled, remember_server, sync_now

    with open_organisation(Path(args.database), require_passphrase(args)) as store:
        result = sync_now(store, args.dsn)
        if args.dsn is not None and args.remember:
            remember_server(store, args.dsn)
        applied = apply_pulled(store)
    print(
        f"Synkroniseret: {result.pushed} ændringer sendt, {result.pulled} hentet, "
        f"{applied.applied} indlæst."
    )
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    server = sub.add_parser(
        "server",
        help="organisationens PostgreSQL-server til synkronisering",
        description="Gør organisationens PostgreSQL-server klar til synkronisering.",
    )
    actions = server.add_subparsers(dest="server_command", metavar="HANDLING", required=True)
    init = actions.add_parser(
        "init",
        parents=[common],
        help="opret serverens skema og roller (kun administratorer)",
        description=(
            "Opretter skemaet, ændringsloggen og rollerne på serveren for organisationen i "
            "DB, sætter DB op som organisationens første computer med sit eget login og "
            "sender hele organisationen. Kan køres igen uden at ændre noget. Serverens "
            "adgangskode gives i PGPASSWORD eller ~/.pgpass, ikke på kommandolinjen."
        ),
    )
    init.add_argument("database", metavar="DB", help="organisationsfil")
    init.add_argument(
        "--dsn",
        required=True,
        metavar="FORBINDELSE",
        help="serverens forbindelsesstreng, fx 'host=server.example.org dbname=forandring "
        "user=admin' (TLS kræves, når serveren ikke er denne computer)",
    )
    init.set_defaults(func=cmd_server_init)
    sync = sub.add_parser(
        "sync",
        parents=[common],
        help="synkronisér filen med organisationens server",
        description=(
            "Sender denne computers ændringer til serveren og henter og indlæser de andres. "
            "Filen skal være sat op til synkronisering."
        ),
    )
    sync.add_argument("database", metavar="DB", help="organisationsfil")
    sync.add_argument(
        "--dsn",
        metavar="FORBINDELSE",
        help="serverens forbindelsesstreng (uden: den server, filen husker)",
    )
    sync.add_argument(
        "--remember",
        action="store_true",
        help="husk --dsn i filen til næste gang (kun administratorer)",
    )
    sync.set_defaults(func=cmd_sync)
