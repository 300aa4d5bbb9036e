"""`forandring print`, run as a real process: sheets to PDF files, --list, exit codes."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from forandring_desktop.services.demo import build_demo_document
from forandring_desktop.services.files import create_from_document
from tests.cli_helpers import run_forandring

from .pdf_checks import check_pdf

PW = "hemmelig-æøå"
KINDS = [
    "mission",
    "historiekort",
    "persona",
    "doerark",
    "maaltrappe",
    "trin-tegn-handling",
    "metodebeskrivelse",
    "handleplan",
]


# `forandring ARGS` with this file's passphrase unless ``passphrase=`` says otherwise.
forandring = partial(run_forandring, passphrase=PW)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("print") / "demo.forandring"
    create_from_document(path, PW, build_demo_document(participants=1)).close()
    return path


def test_list_names_every_kind_without_a_database() -> None:
    result = forandring("print", "--list", passphrase=None)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [*KINDS, "forandringsteori"]
    assert "Ind ad døren – ud af døren-ark" in result.stdout
    assert "Måltrappe-ark" in result.stdout
    assert "ingen blank udgave" in lines[-1]


def test_every_sheet_filled_and_some_blank(demo_db: Path, tmp_path: Path) -> None:
    for kind in KINDS:
        landscape = kind in {"doerark", "maaltrappe", "handleplan"}
        filled = tmp_path / f"{kind}.pdf"
        result = forandring("print", kind, str(demo_db), "-o", str(filled))
        assert result.returncode == 0, result.stderr
        check_pdf(filled.read_bytes(), landscape=landscape, author="iGangiGen")
    # Blank forms need no database and no passphrase (every kind: tests/reports/test_sheets).
    for kind, landscape in (("doerark", True), ("trin-tegn-handling", False)):
        blank = tmp_path / f"{kind}-blank.pdf"
        result = forandring("print", kind, "--blank", "-o", str(blank), passphrase=None)
        assert result.returncode == 0, result.stderr
        check_pdf(blank.read_bytes(), landscape=landscape, author="Forandring Desktop")
    whole = tmp_path / "teori.pdf"
    result = forandring("print", "forandringsteori", str(demo_db), "-o", str(whole))
    assert result.returncode == 0, result.stderr
    facts = check_pdf(whole.read_bytes(), landscape=None, author="iGangiGen")
    assert "Natasha" in facts.text
    assert "Tryg og aktiv i sociale sammenhænge" in facts.text


def test_id_picks_the_item(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "klaus.pdf"
    result = forandring("print", "persona", str(demo_db), "--id", "Klaus", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = check_pdf(out.read_bytes(), landscape=False).text
    assert "Uafklarethed over reel arbejdsevne." in text
    assert "Natasha" not in text


def test_a_blank_form_with_a_database_carries_the_organisation(
    demo_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "blank.pdf"
    result = forandring("print", "maaltrappe", str(demo_db), "--blank", "-o", str(out))
    assert result.returncode == 0, result.stderr
    facts = check_pdf(out.read_bytes(), landscape=True, author="iGangiGen")
    assert "Misbrug" not in facts.text


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["print", "forandringsteori", "--blank", "-o", "x.pdf"], 2, "ingen blank udgave"),
        (["print", "persona", "--blank"], 2, "-o FIL.pdf"),
        (["print", "persona", "-o", "x.pdf"], 2, "organisationsfilen DB"),
        (["print", "plakat", "--blank", "-o", "x.pdf"], 2, "Ukendt ark ‘plakat’"),
        (["print"], 2, "Angiv hvilket ark"),
    ],
)
def test_usage_errors(args: list[str], code: int, words: str, tmp_path: Path) -> None:
    target = str(tmp_path / "x.pdf")
    result = forandring(*(target if a == "x.pdf" else a for a in args), passphrase=None)
    assert result.returncode == code
    assert words in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_id_and_wrong_passphrase_write_nothing(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = forandring("print", "persona", str(demo_db), "--id", "Hans", "-o", str(out))
    assert result.returncode == 1
    assert "Ukendt persona ‘Hans’" in result.stderr
    assert "Natasha" in result.stderr
    result = forandring("print", "persona", str(demo_db), "-o", str(out), passphrase="forkert")
    assert result.returncode == 2
    assert "Forkert adgangskode" in result.stderr
    result = forandring("print", "persona", str(demo_db), "-o", str(out), passphrase=None)
    assert result.returncode == 2
    assert "FORANDRING_PASSPHRASE" in result.stderr
    assert not out.exists()
