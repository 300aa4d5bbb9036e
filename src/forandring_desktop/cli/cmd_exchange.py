"""forandring export, import and schema: the forandring-desktop/2 JSON document."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from forandring_desktop.cli.common import Subparsers, add_file_command, require_passphrase


def cmd_export(args: argparse.Namespace) -> int:
    from forandring_desktop.services.exchange import export_to_file
    from forandring_desktop.services.files import open_organisation

    with open_organisation(Path(args.database), require_passphrase(args)) as store:
        export_to_file(store, Path(args.output))
    print(f"Eksporteret til {args.output}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from forandring_desktop.services.erasures import erased_in
    from forandring_desktop.services.exchange import import_document, read_document

    doc = read_document(Path(args.file))  # validate before asking for anything else
    erased = erased_in(doc)
    with import_document(doc, Path(args.database), require_passphrase(args, confirm=True)):
        pass
    print(f"Importeret {doc.organisation.name} til {args.database}")
    print(
        f"Sletteregistret er genanvendt: {erased} deltager(e), der er slettet for altid siden "
        "eksporten, er ikke importeret."
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from forandring_desktop.model.document import json_schema
    from forandring_desktop.storage.atomic import write_atomically

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        write_atomically(Path(args.output), text)
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    export = add_file_command(
        sub, "export", cmd_export, parents=[common], help="eksportér en organisation som JSON"
    )
    export.add_argument("-o", "--output", required=True, metavar="FIL.json")

    imp = sub.add_parser(
        "import", parents=[common], help="importér en JSON-eksport til en ny organisationsfil"
    )
    imp.add_argument("file", metavar="FIL.json")
    imp.add_argument("database", metavar="DB", help="ny (eller tom) organisationsfil")
    imp.set_defaults(func=cmd_import)

    schema = sub.add_parser("schema", help="skriv JSON Schema for eksportformatet")
    schema.add_argument("-o", "--output", default="-", metavar="FIL")
    schema.set_defaults(func=cmd_schema)
