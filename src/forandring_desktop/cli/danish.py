"""argparse in Danish: usage lines, help and usage errors.

argparse looks every message up through its module's ``_`` and ``ngettext`` (gettext's
functions, bound when argparse is imported) at the moment it builds a parser, formats help
or reports an error. :class:`DanishArgumentParser` points those two names at the Danish
table below while it does any of that, and puts the originals back afterwards, so no
other user of argparse in the process (pytest, say) is affected. Messages argparse has
that are not in the table (mistakes in how a parser is built, not in what a user typed)
stay English.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

# argparse's English message -> Danish, with the same %-placeholders.
DANISH: dict[str, str] = {
    "usage: ": "brug: ",
    "positional arguments": "argumenter",
    "options": "tilvalg",
    "subcommands": "kommandoer",
    "show this help message and exit": "vis denne hjælp og afslut",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fejl: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "disse argumenter mangler: %s",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ugyldigt valg: %(value)r (vælg mellem %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "ugyldig værdi: %(value)r",  # type: Python's name
    "expected one argument": "skal have én værdi",
    "expected at most one argument": "kan højst have én værdi",
    "expected at least one argument": "skal have mindst én værdi",
    "not allowed with argument %s": "kan ikke bruges sammen med %s",
    "one of the arguments %s is required": "et af argumenterne %s skal angives",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tvetydigt tilvalg: %(option)s kan betyde %(matches)s"
    ),
    "ignored explicit argument %r": "tilvalget tager ingen værdi: %r",
    "unexpected option string: %s": "uventet tilvalg: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "ukendt kommando %(parser_name)r (vælg mellem %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "kan ikke åbne '%(filename)s': %(error)s",
}
# ngettext's (singular, plural) -> Danish (singular, plural).
DANISH_PLURAL: dict[tuple[str, str], tuple[str, str]] = {
    ("expected %s argument", "expected %s arguments"): (
        "skal have %s værdi",
        "skal have %s værdier",
    ),
}
VERSION_HELP = "vis programmets version og afslut"


def danish(message: str) -> str:
    return DANISH.get(message, message)


def danish_plural(singular: str, plural: str, n: int) -> str:
    one, many = DANISH_PLURAL.get((singular, plural), (singular, plural))
    return one if n == 1 else many


@contextlib.contextmanager
def _in_danish() -> Iterator[None]:
    names = vars(argparse)
    saved = names["_"], names["ngettext"]
    names["_"], names["ngettext"] = danish, danish_plural
    try:
        yield
    finally:
        names["_"], names["ngettext"] = saved


class DanishArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help, usage and errors are Danish (sub-parsers made with
    ``add_subparsers().add_parser`` are of this class too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _in_danish():  # the -h help and the group titles are looked up here
            super().__init__(*args, **kwargs)

    def parse_args(  # type: ignore[override]  # typeshed's overloads, same behaviour
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> Any:
        with _in_danish():  # "unrecognized arguments" is reported here
            return super().parse_args(args, namespace)

    def parse_known_args(  # type: ignore[override]  # typeshed's overloads, same behaviour
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[Any, list[str]]:
        with _in_danish():
            return super().parse_known_args(args, namespace)

    def add_subparsers(self, **kwargs: Any) -> Any:
        with _in_danish():
            return super().add_subparsers(**kwargs)

    def format_usage(self) -> str:
        with _in_danish():
            return super().format_usage()

    def format_help(self) -> str:
        with _in_danish():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        with _in_danish():
            super().error(message)

    def print_usage(self, file: SupportsWrite[str] | None = None) -> None:
        with _in_danish():
            super().print_usage(file)
