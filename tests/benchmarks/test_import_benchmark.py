"""Peak memory of importing a big export (issue 18, item 5: "memory stays bounded").

A ~50 MB ``forandring-desktop/1`` document (the demo organisation with 830 participants,
13 weekly follow-ups each) is imported into a new file in a fresh process; the peak
resident size is reported beside ``json.loads`` of the same file in a fresh process (the
bare parser, holding only the raw tree), and the time beside that parse's time. The smoke
run uses 10 participants.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from forandring_desktop.model import to_json
from forandring_desktop.services.demo import build_demo_document

from .bench_report import FULL, Figure, Report, report_fixture

pytestmark = pytest.mark.benchmark

PEOPLE = 830 if FULL else 10
PROBE = Path(__file__).with_name("import_probe.py")


import_report = report_fixture(
    "import",
    PEOPLE,
    f"Import of an export, {PEOPLE} participants ({'full' if FULL else 'smoke'} run)",
)


def _probe(*args: str) -> tuple[float, float]:
    lines = subprocess.run(
        [sys.executable, str(PROBE), *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    ).stdout.split()
    return int(lines[-2]) / 1024, float(lines[-1])  # MiB, seconds


def test_peak_memory_of_a_big_import(tmp_path: Path, import_report: Report) -> None:
    source = tmp_path / "eksport.json"
    source.write_text(to_json(build_demo_document(participants=PEOPLE)), encoding="utf-8")
    megabytes = source.stat().st_size / 1e6
    imported = _probe("import", str(source), str(tmp_path / "ny.forandring"))
    parsed = _probe("json", str(source))
    notes = f"{megabytes:.1f} MB document"
    import_report.add(
        Figure(
            f"peak memory, import of {megabytes:.0f} MB",
            "MiB",
            1,
            imported[0],
            imported[0],
            "json.loads of the same file",
            parsed[0],
            parsed[0],
            notes=notes,
        )
    )
    import_report.add(
        Figure(
            f"time, import of {megabytes:.0f} MB",
            "s",
            1,
            imported[1],
            imported[1],
            "json.loads of the same file",
            parsed[1],
            parsed[1],
            notes=notes,
        )
    )
    assert (tmp_path / "ny.forandring").exists()
    assert imported[0] > 0
    assert parsed[0] > 0
