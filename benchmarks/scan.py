"""Scan (issue 18): one 12-megapixel phone photo through the scanner, and the accuracy
table on the synthetic photo set (real sheets printed by the app, filled with
synthetic pen strokes, photographed in simulation: tests/scan_synth.py)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from tests.scan_synth import Options, evaluate, make_photo, printed_pages, summarize

from benchmarks.table import Row

SPEED_TARGET_S = 1.0
# The goals, in %.
GOALS = {"identified": 99.0, "counted": 98.0, "ticks": 99.5, "crops": 99.0}
TWELVE_MP = Options(sizes=((4032, 3024),), size_weights=(1.0,), corner_out=0, finger=0,
                    heavy_blur=0, unknown_sheet=0, no_sheet=0)  # fmt: skip


def run(repeats: int) -> list[Row]:
    from actionkit.core.scan import load_photos, scan_photo

    pages = printed_pages(Path(tempfile.mkdtemp()))
    layouts = {p.sheet_id: p.layout for p in pages}

    # Speed: from the JPEG's bytes to a read page, one photo at a time, in this process.
    samples = []
    for i in range(max(5, repeats)):
        photo = make_photo(pages[i % len(pages)], 900_000 + i, TWELVE_MP)
        started = time.perf_counter()
        scan_photo(load_photos(photo.jpeg, "IMG_1.jpg")[0], layouts.get)
        samples.append(time.perf_counter() - started)
    samples.sort()
    median = samples[len(samples) // 2]

    # Accuracy: the synthetic set, generated and scanned in two processes.
    count = 300 if repeats >= 10 else 100
    started = time.perf_counter()
    summary = summarize(evaluate(pages, count, seed=18))
    took = time.perf_counter() - started
    note = f"{summary.images} synthetic photos ({summary.readable} readable), {took:.0f} s"

    def pct(name: str, key: str) -> Row:
        value = getattr(summary, key)
        return Row(name, value, "%", f">= {GOALS[key]:g}%", value >= GOALS[key])

    return [
        Row("scan: one 12 MP photo, load + scan (median)", median, "s", f"< {SPEED_TARGET_S:g} s",
            median < SPEED_TARGET_S, note=f"{len(samples)} photos, worst {samples[-1]:.2f} s"),
        pct("scan: sheet identified", "identified"),
        pct("scan: filled rows counted exactly (of sheets)", "counted"),
        pct("scan: consent tick read right (of rows)", "ticks"),
        pct("scan: row crops within 1.5 mm", "crops"),
        Row("scan: images refused with a reason", summary.refused_with_reason, "images",
            note=f"{summary.refused_readable} of them readable"),
        Row("scan: unreadable images not refused", summary.unreadable_not_refused, "images",
            "0", summary.unreadable_not_refused == 0),
        Row("scan: images silently misread", summary.silently_misread, "images", "0",
            summary.silently_misread == 0, note=note),
    ]  # fmt: skip
