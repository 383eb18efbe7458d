"""Print: an A3 poster (fa+en) warm and cold beside plain reportlab, a wall, handout batches."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from io import BytesIO
from typing import Any

from actionkit.core.dataset import DatasetStore
from actionkit.core.paths import resolve_paths
from actionkit.core.print.page import PageSetup
from actionkit.core.print.qr import make_qr
from actionkit.core.print.render import PrintJob, render
from benchmarks.table import Row, time_calls

COLD = """
import time, io
start = time.perf_counter()
from actionkit.core.dataset import DatasetStore
from actionkit.core.paths import resolve_paths
from actionkit.core.print.page import PageSetup
from actionkit.core.print.render import PrintJob, render
loaded = DatasetStore(resolve_paths({home!r})).load()
job = PrintJob("poster", [loaded.get("narges-mohammadi")], ["fa", "en"], PageSetup("A3"))
render(job, io.BytesIO(), loaded.dataset.info)
print(time.perf_counter() - start)
"""


def _plain_reportlab(texts: list[tuple[str, str]], url: str) -> bytes:
    """The same strings in the same fonts, drawn with reportlab alone: no bidi, no
    shaping, no line breaking or fitting (so Persian comes out unjoined and reversed)."""
    from reportlab.pdfgen.canvas import Canvas

    from actionkit.core.text.fonts import primary

    out = BytesIO()
    canvas = Canvas(out, pagesize=PageSetup("A3").media, invariant=1)
    y = 1150.0
    for weight, text in texts:
        canvas.setFont(primary(weight).name, 14)
        for start in range(0, len(text), 90):
            canvas.drawString(40, y, text[start : start + 90])
            y -= 18
    make_qr(url).draw(canvas, 600, 40, 180)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _handouts(loaded: Any, kind: str, people: list[Any], sheets: int) -> tuple[float, int]:
    """Best of three: seconds to render the whole batch, and its size in bytes."""
    from actionkit.core.print.handouts import HandoutJob, render_handouts

    job = HandoutJob(kind, people, ["de", "fa"], size="A6", per_sheet=4 if kind == "flyer" else 10,
                     duplex=True, sheets=sheets)  # fmt: skip
    best, size = float("inf"), 0
    for _ in range(3):
        out = BytesIO()
        started = time.perf_counter()
        render_handouts(job, out, loaded.dataset.info)
        best = min(best, time.perf_counter() - started)
        size = len(out.getvalue())
    return best, size


def run(repeats: int) -> list[Row]:
    home = tempfile.mkdtemp()
    loaded = DatasetStore(resolve_paths(home)).load()
    narges = loaded.get("narges-mohammadi")
    assert narges is not None
    job = PrintJob("poster", [narges], ["fa", "en"], PageSetup("A3"))
    wall = PrintJob("wall", loaded.people[:24], ["en", "fa"], PageSetup("A3"))

    def poster() -> bytes:
        out = BytesIO()
        render(job, out, loaded.dataset.info)
        return out.getvalue()

    def wall_poster() -> Any:
        return render(wall, BytesIO(), loaded.dataset.info)

    size = len(poster())  # also warms fonts and caches
    texts = [
        ("bold", "POLITICAL PRISONER"), ("bold", "زندانی سیاسی"),
        ("black", narges.name_latin or ""), ("bold", narges.name_persian or ""),
        ("black", "Free Narges Mohammadi now!"), ("black", "نرگس محمدی را همین حالا آزاد کنید!"),
        ("regular", narges.story["fa"].text), ("regular", narges.story["en"].text),
        ("bold", "Sign the appeal"), ("regular", "Status as of 13 December 2025"),
    ]  # fmt: skip
    _plain_reportlab(texts, job.url)
    warm = time_calls(poster, repeats * 2)
    baseline = time_calls(lambda: _plain_reportlab(texts, job.url), repeats * 2)
    walls = time_calls(wall_poster, max(3, repeats // 2))
    cold_samples = []
    for _ in range(max(3, repeats // 3)):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", COLD.format(home=home)],
            capture_output=True,
            text=True,
            check=True,
        )
        cold_samples.append(time.perf_counter() - started)
        del result
    cold = sorted(cold_samples)[len(cold_samples) // 2]
    batch_time, batch_size = _handouts(loaded, "flyer", [narges], sheets=50)
    cards_time, cards_size = _handouts(loaded, "palmcard", loaded.people, sheets=1)
    return [
        Row(
            "100-page flyer batch: 4 x A6, de front / fa back, QR on each",
            batch_time,
            "s",
            target="< 3 s",
            passed=batch_time < 3,
            note="each distinct piece is drawn once and placed as a PDF form",
        ),
        Row(
            "100-page flyer batch, PDF size",
            batch_size / 1024 / 1024,
            "MB",
            target="< 2 MB",
            passed=batch_size < 2 * 1024 * 1024,
        ),
        Row(
            f"palm cards for all {len(loaded.people)} people (a different card per page)",
            cards_time,
            "s",
            note=f"{cards_size / 1024:.0f} KB",
        ),
        Row(
            "A3 poster fa+en, warm (median)",
            warm.median,
            "s",
            target="< 20 ms; <= 2x baseline",
            passed=warm.median < 0.020 and warm.median <= 2 * baseline.median,
            baseline_name="plain reportlab, same text",
            baseline_value=baseline.median,
        ),
        Row(
            "A3 poster fa+en, cold: new process (median)",
            cold,
            "s",
            target="< 600 ms",
            passed=cold < 0.6,
        ),
        Row("24-person wall A3, warm (median)", walls.median, "s"),
        Row(
            "A3 poster PDF size, no photo",
            size / 1024,
            "KB",
            target="< 120 KB",
            passed=size < 120 * 1024,
        ),
    ]
