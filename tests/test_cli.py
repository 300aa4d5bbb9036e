"""The `forandring` command, run as a real process (exit codes, messages, files)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from forandring_desktop import __version__, cli
from tests.cli_helpers import run_forandring

PW = "hemmelig-ø"


forandring = partial(run_forandring, passphrase=PW)  # PW unless ``passphrase=`` says otherwise


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("forandring")
    assert script.exists(), "pip install -e . should install the `forandring` console script"
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"forandring {__version__}"


def test_demo_export_import_export(tmp_path: Path) -> None:
    db = tmp_path / "demo.forandring"
    made = forandring("demo", str(db))
    assert made.returncode == 0, made.stderr
    assert "iGangiGen" in made.stdout
    assert db.exists()

    first = tmp_path / "first.json"
    assert forandring("export", str(db), "-o", str(first)).returncode == 0
    doc = json.loads(first.read_text(encoding="utf-8"))
    assert doc["format"] == "forandring-desktop/2"
    assert doc["organisation"]["name"] == "iGangiGen"
    assert {p["name"] for p in doc["personas"]} == {"Natasha", "Klaus"}
    assert len(doc["participants"]) == 15
    assert all(len(p["follow_ups"]) == 13 for p in doc["participants"])

    copy = tmp_path / "copy.forandring"
    imported = forandring("import", str(first), str(copy), passphrase="en anden")
    assert imported.returncode == 0, imported.stderr
    second = tmp_path / "second.json"
    assert forandring("export", str(copy), "-o", str(second), passphrase="en anden").returncode == 0
    assert second.read_bytes() == first.read_bytes()


def test_demo_refuses_to_overwrite(tmp_path: Path) -> None:
    db = tmp_path / "demo.forandring"
    assert forandring("demo", str(db), "--participants", "2").returncode == 0
    before = digest(db)
    again = forandring("demo", str(db))
    assert again.returncode == 1
    assert "findes allerede" in again.stderr
    assert digest(db) == before
    kept = forandring("demo", str(db), "--if-missing")
    assert kept.returncode == 0
    assert digest(db) == before


def test_wrong_passphrase_exit_code_2_and_file_untouched(tmp_path: Path) -> None:
    db = tmp_path / "demo.forandring"
    assert forandring("demo", str(db), "--participants", "1").returncode == 0
    before = digest(db)
    names = sorted(p.name for p in tmp_path.iterdir())
    done = forandring("export", str(db), "-o", str(tmp_path / "x.json"), passphrase="forkert")
    assert done.returncode == 2
    assert "Forkert adgangskode" in done.stderr
    assert "Traceback" not in done.stderr
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == names


def test_passphrase_file_and_missing_passphrase(tmp_path: Path) -> None:
    secret = tmp_path / "pw.txt"
    secret.write_text(PW + "\n", encoding="utf-8")
    db = tmp_path / "a.forandring"
    done = forandring(
        "demo", str(db), "--participants", "1", "--passphrase-file", str(secret), passphrase=None
    )
    assert done.returncode == 0, done.stderr
    ok = forandring("export", str(db), "-o", str(tmp_path / "a.json"), passphrase=None)
    assert ok.returncode == 2
    assert "FORANDRING_PASSPHRASE" in ok.stderr
    ok = forandring(
        "export",
        str(db),
        "-o",
        str(tmp_path / "a.json"),
        "--passphrase-file",
        str(secret),
        passphrase=None,
    )
    assert ok.returncode == 0, ok.stderr
    # The env var works with the same file too: the passphrase is the first line only.
    assert forandring("export", str(db), "-o", str(tmp_path / "b.json")).returncode == 0


def test_broken_import_names_the_field_and_creates_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"format": "forandring-desktop/2", "organisation": {"name": ""}}),
        encoding="utf-8",
    )
    db = tmp_path / "new.forandring"
    done = forandring("import", str(bad), str(db))
    assert done.returncode == 1
    assert "organisation.name: Feltet må ikke være tomt." in done.stderr
    assert not db.exists()


def test_version_flag() -> None:
    done = forandring("--version")
    assert done.returncode == 0
    assert __version__ in done.stdout


def test_no_command_opens_the_gui_on_the_given_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import forandring_desktop.ui.app as app

    seen: dict[str, object] = {}

    def fake_run_app(db: Path | None, passphrase: str | None) -> int:
        seen.update(db=db, passphrase=passphrase)
        return 0

    monkeypatch.setattr(app, "run_app", fake_run_app)
    assert cli.main(["--db", str(tmp_path / "x.forandring")]) == 0
    assert seen == {"db": tmp_path / "x.forandring", "passphrase": None}
    monkeypatch.setenv("FORANDRING_PASSPHRASE", "pw")
    assert cli.main([]) == 0
    assert seen == {"db": None, "passphrase": "pw"}


def test_db_option_is_only_for_the_gui(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["--db", "x", "export", "y", "-o", "z"])
    assert stop.value.code == 2


def test_report_status_json_agrees_with_the_maths(tmp_path: Path) -> None:
    from forandring_desktop.model.progression import records_from_document, status_figures
    from forandring_desktop.services.status import ladder_json

    db = tmp_path / "demo.forandring"
    assert forandring("demo", str(db)).returncode == 0
    exported = tmp_path / "demo.json"
    assert forandring("export", str(db), "-o", str(exported)).returncode == 0
    from forandring_desktop.model import parse_json

    doc = parse_json(exported.read_bytes())
    expected = status_figures(*records_from_document(doc))

    done = forandring("report", "status", str(db), "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["organisation"] == "iGangiGen"
    assert report["participants"] == {
        "total": expected.participants,
        "active": expected.active,
        "ended": expected.ended,
    }
    assert report["participants"]["total"] == 15
    assert report["challenges"]["in_the_door"] == expected.challenges.in_the_door
    assert report["challenges"]["out_the_door"] == expected.challenges.out_the_door
    assert report["ladders"] == ladder_json(expected.overall)
    assert report["ladders"]["enrolments"] == 30
    by_title = {entry["title"]: entry for entry in report["per_ladder"]}
    assert set(by_title) == {"Misbrug", "Social kontakt"}
    assert sum(e["enrolments"] for e in report["per_target_group"]) == 30

    before = forandring("report", "status", str(db), "--to", "2000-01-01")
    assert before.returncode == 0
    assert json.loads(before.stdout)["participants"]["total"] == 0
    future = json.loads(forandring("report", "status", str(db), "--from", "2099-01-01").stdout)
    assert future["participants"]["total"] == expected.active  # only courses still running
    bad = forandring("report", "status", str(db), "--from", "2026-13-01")
    assert bad.returncode == 2
    assert "ugyldig dato" in bad.stderr


# -- report participant / report status as PDF ---------------------------------------------


@pytest.fixture(scope="module")
def report_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """A small demo file made in-process (the participants' names are known here)."""
    from datetime import date

    from forandring_desktop.services.demo import build_demo_document
    from forandring_desktop.services.files import create_from_document

    doc = build_demo_document(today=date(2025, 6, 1), participants=4)
    path = tmp_path_factory.mktemp("reports") / "demo.forandring"
    create_from_document(path, PW, doc).close()
    return path, doc


def pdf_facts(path: Path) -> tuple[str, dict[str, str], list[tuple[float, float]]]:
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()), strict=True)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    meta = {k: str(v) for k, v in (reader.metadata or {}).items()}
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    return text, meta, sizes


def test_report_participant_writes_a_pseudonymous_pdf(
    report_db: tuple[Path, object], tmp_path: Path
) -> None:
    db, doc = report_db
    person = doc.participants[1]  # type: ignore[attr-defined]
    out = tmp_path / "rapport.pdf"
    done = forandring("report", "participant", str(db), "--id", person.code.lower(), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert person.code in done.stdout
    assert person.name not in done.stdout
    text, meta, sizes = pdf_facts(out)
    assert all(w < h and round(w) == 595 and round(h) == 842 for w, h in sizes)  # A4 portrait
    assert meta["/Title"] == f"Progressionsrapport – {person.code}"
    assert meta["/Author"] == "iGangiGen"
    assert person.code in text
    assert "IND AD DØREN" in text
    assert person.challenges[0].text in text
    for part in person.name.split():
        assert part not in text
        assert part not in " ".join(meta.values())
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.pdf"]  # no temp file left

    named = tmp_path / "med-navn.pdf"
    done = forandring(
        "report", "participant", str(db), "--id", person.code, "--name", "-o", str(named)
    )
    assert done.returncode == 0, done.stderr
    text, meta, _sizes = pdf_facts(named)
    assert person.name in text
    assert person.name in meta["/Title"]


def test_report_participant_errors_write_nothing(
    report_db: tuple[Path, object], tmp_path: Path
) -> None:
    db, doc = report_db
    out = tmp_path / "rapport.pdf"
    no_id = forandring("report", "participant", str(db), "-o", str(out))
    assert no_id.returncode == 2
    assert "--id" in no_id.stderr
    assert "Traceback" not in no_id.stderr
    unknown = forandring("report", "participant", str(db), "--id", "XX-999", "-o", str(out))
    assert unknown.returncode == 1
    assert "Ukendt deltager ‘XX-999’" in unknown.stderr
    assert doc.participants[0].code in unknown.stderr  # type: ignore[attr-defined]
    assert doc.participants[0].name not in unknown.stderr  # type: ignore[attr-defined]
    assert not out.exists()
    out.write_bytes(b"old report")  # an existing file stays as it was
    again = forandring("report", "participant", str(db), "--id", "XX-999", "-o", str(out))
    assert again.returncode == 1
    assert out.read_bytes() == b"old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.pdf"]
    code = doc.participants[0].code  # type: ignore[attr-defined]
    no_output = forandring("report", "participant", str(db), "--id", code)
    assert no_output.returncode == 2
    as_json = forandring(
        "report", "participant", str(db), "--id", code, "--format", "json", "-o", str(out)
    )
    assert as_json.returncode == 2
    assert out.read_bytes() == b"old report"


def test_report_status_pdf(report_db: tuple[Path, object], tmp_path: Path) -> None:
    db, _doc = report_db
    out = tmp_path / "status.pdf"
    done = forandring("report", "status", str(db), "-o", str(out), "--from", "2025-01-01")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Statusoverblik skrevet til {out}"
    text, meta, sizes = pdf_facts(out)
    assert all(w > h and round(w) == 842 and round(h) == 595 for w, h in sizes)  # landscape
    assert meta["/Title"] == "Statusoverblik – iGangiGen"
    assert "Periode: Fra 01.01.2025" in text
    assert "NØGLETAL" in text
    assert "I gennemsnit" in text

    explicit = tmp_path / "status2.pdf"
    done = forandring("report", "status", str(db), "--format", "pdf", "-o", str(explicit))
    assert done.returncode == 0, done.stderr
    assert explicit.read_bytes().startswith(b"%PDF-")
    without_file = forandring("report", "status", str(db), "--format", "pdf")
    assert without_file.returncode == 2
    assert "-o FIL.pdf" in without_file.stderr
    name_for_status = forandring("report", "status", str(db), "--name")
    assert name_for_status.returncode == 2
    as_json = tmp_path / "status.json"
    done = forandring("report", "status", str(db), "--format", "json", "-o", str(as_json))
    assert done.returncode == 0, done.stderr
    assert json.loads(as_json.read_text(encoding="utf-8"))["organisation"] == "iGangiGen"
    reversed_period = forandring(
        "report", "status", str(db), "--from", "2025-05-01", "--to", "2025-01-01", "-o", str(out)
    )
    assert reversed_period.returncode == 1
    assert "--from ligger efter --to" in reversed_period.stderr
