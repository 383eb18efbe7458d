"""Rows, timing helpers and the printed table shared by every benchmark module."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Row:
    name: str
    value: float
    unit: str
    target: str = ""
    passed: bool | None = None
    baseline_name: str = ""
    baseline_value: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.baseline_value:
            return None
        return self.value / self.baseline_value


@dataclass
class Timing:
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def worst(self) -> float:
        return max(self.samples)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.samples)
        index = min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))
        return ordered[index]


def time_calls(func: Callable[[], object], repeats: int) -> Timing:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return Timing(samples)


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if math.isnan(value):
        return "not available"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:,.1f} {unit}"


def format_table(rows: list[Row]) -> str:
    header = ["figure", "value", "baseline", "baseline value", "ratio", "target", "ok"]
    lines = [header]
    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        ok = {True: "yes", False: "NO", None: ""}[row.passed]
        lines.append(
            [
                row.name,
                _fmt(row.value, row.unit),
                row.baseline_name,
                _fmt(row.baseline_value, row.unit),
                ratio,
                row.target,
                ok,
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    notes = [f"- {row.name}: {row.note}" for row in rows if row.note]
    return "\n".join(out + (["", *notes] if notes else []))
