"""Benchmarks: full size with FORANDRING_BENCH=full (``python3.11 dev.py bench``), a small
smoke size otherwise so they run, and never rot, in the normal suite. Each figure is
reported beside a baseline measured in the same run; the results are printed as a table
and written to ``benchmark-results/``."""

from __future__ import annotations

from .bench_report import FULL, report_fixture

BOARD_NOTES = 2000 if FULL else 50
board_report = report_fixture(
    "board", BOARD_NOTES, f"Post-it board, {BOARD_NOTES} notes ({'full' if FULL else 'smoke'} run)"
)
