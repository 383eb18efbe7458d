"""Print: an A3 poster (fa+en) warm and cold, a 24-person wall, beside plain reportlab."""

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
    return [
        Row(
            "A3 poster fa+en, warm (median)",
            warm.median,
            "s",
            target="< 40 ms; <= 2x baseline",
            passed=warm.median < 0.040 and warm.median <= 2 * baseline.median,
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
