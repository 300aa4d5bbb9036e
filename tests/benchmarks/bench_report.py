"""Figures of a benchmark run: each beside its baseline, printed as a table and written as
JSON to ``benchmark-results/<name>.json`` (``<name>-smoke.json`` for the smoke run)."""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion

FULL = os.environ.get("FORANDRING_BENCH") == "full"
RESULTS_DIR = Path(__file__).resolve().parents[2] / "benchmark-results"


@dataclass
class Figure:
    """One measured figure (milliseconds) and the baseline measured beside it."""

    name: str
    unit: str
    samples: int
    median: float
    p95: float
    baseline_name: str
    baseline_median: float
    baseline_p95: float
    limit: float | None = None  # the goal (not asserted: these machines are noisy)
    notes: str = ""

    @property
    def within_limit(self) -> bool | None:
        return None if self.limit is None else self.p95 <= self.limit


def summarise(values: Sequence[float]) -> tuple[float, float]:
    """Median and 95th percentile."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0], ordered[0]
    p95 = statistics.quantiles(ordered, n=20, method="inclusive")[-1]
    return statistics.median(ordered), p95


def timed(action: Callable[[], object], runs: int, *, warm: bool = True) -> list[float]:
    """Milliseconds of ``runs`` calls, after one untimed call (imports, caches, pages)."""
    if warm:
        action()
    values = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        values.append((time.perf_counter() - began) * 1000)
    return values


def measured(
    name: str,
    values: list[float],
    baseline_name: str,
    baseline: list[float],
    limit: float | None = None,
    notes: str = "",
    unit: str = "ms",
) -> Figure:
    """The figure of ``values`` beside its ``baseline``, both summarised the same way."""
    median, p95 = summarise(values)
    base_median, base_p95 = summarise(baseline)
    return Figure(
        name=name,
        unit=unit,
        samples=len(values),
        median=median,
        p95=p95,
        baseline_name=baseline_name,
        baseline_median=base_median,
        baseline_p95=base_p95,
        limit=limit,
        notes=notes,
    )


@dataclass
class Report:
    name: str
    size: int
    figures: list[Figure] = field(default_factory=list)

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)

    def publish(self, title: str) -> None:
        """At the end of a module: write the figures and print them under ``title``."""
        if self.figures:
            path = self.write()
            print(f"\n\n{title}\n{self.table()}\nWritten to {path}\n")

    def table(self) -> str:
        rows = [
            (
                "measure",
                "n",
                "median",
                "p95",
                "baseline",
                "base median",
                "base p95",
                "goal",
            )
        ]
        for f in self.figures:
            rows.append(
                (
                    f.name,
                    str(f.samples),
                    f"{f.median:.2f} {f.unit}",
                    f"{f.p95:.2f} {f.unit}",
                    f.baseline_name,
                    f"{f.baseline_median:.2f} {f.unit}",
                    f"{f.baseline_p95:.2f} {f.unit}",
                    "–" if f.limit is None else f"≤ {f.limit:g} {f.unit}",
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)

    def write(self) -> Path:
        RESULTS_DIR.mkdir(exist_ok=True)
        # The smoke run of the normal suite never overwrites the figures of a full run.
        path = RESULTS_DIR / (f"{self.name}.json" if FULL else f"{self.name}-smoke.json")
        data = {
            "benchmark": self.name,
            "size": self.size,
            "full": FULL,
            "machine": {
                "python": platform.python_version(),
                "qt": qVersion(),
                "pyside6": pyside_version,
                "system": platform.platform(),
                "cpus": os.cpu_count(),
                "qpa": os.environ.get("QT_QPA_PLATFORM", ""),
            },
            "figures": [{**asdict(f), "within_limit": f.within_limit} for f in self.figures],
        }
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path


def report_fixture(name: str, size: int, title: str) -> Any:
    """A module-scoped fixture: a :class:`Report` the module's tests add to, written and
    printed under ``title`` when the module is done."""

    @pytest.fixture(scope="module")
    def report() -> Iterator[Report]:
        made = Report(name, size)
        yield made
        made.publish(title)

    return report
