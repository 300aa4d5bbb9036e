"""Benchmarks: full size with FORANDRING_BENCH=full (``python3.11 dev.py bench``), a small
smoke size otherwise so they run, and never rot, in the normal suite. Each figure is
reported beside a baseline measured in the same run; the results are printed as a table
and written to ``benchmark-results/``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .bench_report import FULL, Report


@pytest.fixture(scope="module")
def board_report() -> Iterator[Report]:
    report = Report("board", 2000 if FULL else 50)
    yield report
    if report.figures:
        path = report.write()
        title = f"Post-it board, {report.size} notes ({'full' if FULL else 'smoke'} run)"
        print(f"\n\n{title}\n{report.table()}\nWritten to {path}\n")
