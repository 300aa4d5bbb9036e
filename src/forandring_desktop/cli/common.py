"""What every sub-command shares: passphrases, usage errors, dates."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forandring_desktop.model.errors import ForandringError

if TYPE_CHECKING:
    # argparse's sub-parser action is private; this is what add_subparsers() returns.
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Subparsers = Any

PASSPHRASE_ENV = "FORANDRING_PASSPHRASE"
EXIT_ERROR = 1
EXIT_USAGE = 2


class CliError(ForandringError):
    pass


class UsageError(CliError):
    """The command line itself is wrong (or lacks a confirmation): exit code 2."""

    exit_code = EXIT_USAGE


class PassphraseMissingError(UsageError):
    def __init__(self) -> None:
        super().__init__(
            f"Ingen adgangskode: sæt {PASSPHRASE_ENV} eller brug --passphrase-file FIL."
        )


def read_passphrase_file(path: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"Kan ikke læse adgangskodefilen {path}: {exc.strerror}") from None
    lines = text.splitlines()
    return lines[0] if lines else ""


def passphrase_from(args: argparse.Namespace, *, confirm: bool = False) -> str | None:
    """File, then environment, then (in a terminal) a prompt; None if none is available."""
    if args.passphrase_file:
        value = read_passphrase_file(args.passphrase_file)
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


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ugyldig dato {text!r} (brug ÅÅÅÅ-MM-DD)") from None


def add_file_command(
    sub: Subparsers,
    name: str,
    func: Callable[[argparse.Namespace], int],
    *,
    help: str,
    description: str | None = None,
    parents: Sequence[argparse.ArgumentParser] = (),
) -> argparse.ArgumentParser:
    """A sub-command whose first argument is the organisation file DB; the caller adds the
    rest of its arguments to the parser returned."""
    parser = sub.add_parser(name, parents=list(parents), help=help, description=description)
    parser.add_argument("database", metavar="DB", help="organisationsfil")
    parser.set_defaults(func=func)
    return parser
