"""forandring (the app) and forandring demo."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from forandring_desktop.cli.common import (
    PASSPHRASE_ENV,
    Subparsers,
    passphrase_from,
    require_passphrase,
)


def cmd_gui(args: argparse.Namespace) -> int:
    from forandring_desktop.ui.app import run_app  # Qt only when the GUI is wanted

    db = Path(args.db) if args.db else None
    passphrase = None
    if args.passphrase_file or os.environ.get(PASSPHRASE_ENV):
        passphrase = passphrase_from(args)
    return run_app(db, passphrase)


def cmd_demo(args: argparse.Namespace) -> int:
    from forandring_desktop.services.demo import build_demo_document
    from forandring_desktop.services.files import create_from_document
    from forandring_desktop.services.paths import default_demo_path

    path = Path(args.path) if args.path else default_demo_path()
    if path.exists() and args.if_missing:
        print(f"Demo-filen findes allerede: {path}")
    else:
        passphrase = require_passphrase(args, confirm=True)
        doc = build_demo_document(seed=args.seed, participants=args.participants)
        create_from_document(path, passphrase, doc).close()
        people = len(doc.participants)
        print(f"Demo-organisationen {doc.organisation.name} med {people} deltagere: {path}")
    if args.open:
        args.db = str(path)
        return cmd_gui(args)
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    demo = sub.add_parser(
        "demo", parents=[common], help="opret en demo-organisation (iGangiGen fra guiden)"
    )
    demo.add_argument("path", nargs="?", metavar="FIL", help="ny fil (standard: i datamappen)")
    demo.add_argument("--participants", type=int, default=15, help="antal deltagere (15)")
    demo.add_argument("--seed", type=int, default=2015, help="startværdi for tilfældige data")
    demo.add_argument("--open", action="store_true", help="åbn programmet på filen bagefter")
    demo.add_argument(
        "--if-missing", action="store_true", help="brug filen, hvis den allerede findes"
    )
    demo.set_defaults(func=cmd_demo)
