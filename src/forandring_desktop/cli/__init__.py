"""The ``forandring`` command: opens the GUI, and runs batch sub-commands without Qt.

Passphrases come from ``FORANDRING_PASSPHRASE`` or ``--passphrase-file`` (or a prompt when
run in a terminal); they are never taken as a command-line argument, where other users of
the machine could read them.

Each sub-command lives in its own ``cmd_*`` module with a ``register(sub, common)`` that
adds its parser; ``main`` only dispatches and turns typed errors into exit codes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from forandring_desktop import __version__
from forandring_desktop.cli import (
    cmd_app,
    cmd_audit,
    cmd_backup,
    cmd_exchange,
    cmd_print,
    cmd_privacy,
    cmd_report,
    cmd_staff,
    cmd_sync,
    cmd_sync_join,
)
from forandring_desktop.cli.cmd_app import cmd_gui
from forandring_desktop.cli.cmd_audit import AUDIT_ACTIONS
from forandring_desktop.cli.common import PASSPHRASE_ENV
from forandring_desktop.cli.danish import VERSION_HELP, DanishArgumentParser
from forandring_desktop.model.errors import ForandringError
from forandring_desktop.storage.lock import set_default_wait, set_program

__all__ = ["AUDIT_ACTIONS", "PASSPHRASE_ENV", "build_parser", "main"]

# The order of the help text.
COMMANDS = (
    cmd_app,
    cmd_exchange,
    cmd_report,
    cmd_print,
    cmd_audit,
    cmd_privacy,
    cmd_backup,
    cmd_staff,
    cmd_sync,
    cmd_sync_join,
)


def build_parser() -> argparse.ArgumentParser:
    parser = DanishArgumentParser(
        prog="forandring",
        description=(
            "Forandring Desktop – forandringsteori og progressionsmåling. Uden kommando "
            "åbnes programmet."
        ),
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help=VERSION_HELP
    )
    parser.add_argument("--db", metavar="FIL", help="organisationsfil, der skal åbnes")
    common = DanishArgumentParser(add_help=False)
    passphrase_help = f"læs adgangskoden fra første linje i FIL (ellers {PASSPHRASE_ENV})"
    parser.add_argument("--passphrase-file", metavar="FIL", help=passphrase_help)
    # SUPPRESS: a sub-command must not reset a value given before the sub-command's name.
    common.add_argument(
        "--passphrase-file", metavar="FIL", default=argparse.SUPPRESS, help=passphrase_help
    )
    wait_help = "vent op til SEKUNDER på filen, hvis et andet program har den åben (ellers: giv op)"
    parser.add_argument("--wait", type=_seconds, default=0.0, metavar="SEKUNDER", help=wait_help)
    common.add_argument(
        "--wait", type=_seconds, default=argparse.SUPPRESS, metavar="SEKUNDER", help=wait_help
    )
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    for module in COMMANDS:
        module.register(sub, common)
    return parser


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 24 * 3600:
        raise argparse.ArgumentTypeError(f"ugyldigt antal sekunder {text!r}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is not None and args.command != "demo" and args.db:
        parser.error("--db bruges kun, når programmet åbnes")
    if args.command == "demo" and args.participants < 0:
        parser.error("--participants skal være 0 eller mere")
    func = getattr(args, "func", cmd_gui)
    set_default_wait(args.wait)
    set_program(f"forandring {args.command}" if args.command else "Forandring Desktop")
    try:
        code: int = func(args)
    except ForandringError as exc:
        print(f"forandring: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("forandring: afbrudt", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback in front of a user
        from forandring_desktop.services.auto_backup import with_newest_backup
        from forandring_desktop.services.errors import as_user_error
        from forandring_desktop.storage.errors import FileDamagedError

        database = getattr(args, "database", None)
        error = as_user_error(exc, path=str(database or ""))
        if isinstance(error, FileDamagedError) and database:
            error = with_newest_backup(error, Path(database))
        print(f"forandring: {error}", file=sys.stderr)
        return error.exit_code
    return code


if __name__ == "__main__":
    sys.exit(main())
