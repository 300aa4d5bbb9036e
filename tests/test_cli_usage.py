"""Usage errors and help of the ``forandring`` command are Danish (issue 20, smaller points):
argparse's own English ("usage:", "error:", "the following arguments are required", ...)
never reaches the user."""

from __future__ import annotations

import argparse
import os
import sys

import pytest

from forandring_desktop.cli import build_parser
from tests.cli_helpers import run_forandring

ENGLISH = (
    "usage:",
    "error:",
    "the following arguments",
    "are required",
    "invalid choice",
    "choose from",
    "unrecognized arguments",
    "expected one argument",
    "invalid int value",
    "show this help message",
    "positional arguments",
    "options:",
    "version number",
)


def _no_english(text: str) -> None:
    for phrase in ENGLISH:
        assert phrase not in text, f"{phrase!r} in {text!r}"


@pytest.mark.parametrize(
    ("argv", "danish"),
    [
        (["export"], "disse argumenter mangler: DB, -o/--output"),
        (["eksport"], "ugyldigt valg: 'eksport' (vælg mellem 'demo', 'export'"),
        (["--bogus"], "ukendte argumenter: --bogus"),
        (["staff", "add", "org.forandring"], "disse argumenter mangler: --name"),
        (["demo", "--participants", "mange"], "argument --participants: ugyldig værdi: 'mange'"),
        (["export", "org.forandring", "-o"], "argument -o/--output: skal have én værdi"),
    ],
)
def test_a_bad_command_line_is_explained_in_danish(argv: list[str], danish: str) -> None:
    done = run_forandring(
        *argv, passphrase=None, extra_env={"PYTHONPATH": os.pathsep.join(sys.path)}
    )
    assert done.returncode == 2, done.stderr
    assert danish in done.stderr
    assert done.stderr.startswith("brug: forandring")
    assert "fejl: " in done.stderr
    _no_english(done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _parsers(sub)
    return found


def test_every_help_text_is_danish() -> None:
    parsers = _parsers(build_parser())
    assert len(parsers) > 15  # every sub-command, and staff's own sub-commands
    for parser in parsers:
        text = parser.format_help()
        assert text.startswith("brug: "), text
        assert "vis denne hjælp og afslut" in text or not parser.add_help
        _no_english(text)
    assert "vis programmets version og afslut" in parsers[0].format_help()


def test_other_users_of_argparse_keep_their_language() -> None:
    """The Danish table is used only while one of our parsers works."""
    build_parser().format_help()
    plain = argparse.ArgumentParser(prog="x")
    assert plain.format_usage().startswith("usage: x")
    assert "show this help message and exit" in plain.format_help()
