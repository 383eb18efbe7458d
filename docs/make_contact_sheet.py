"""Render every template from the real PDFs into docs/templates.png.

Run: .venv/bin/python docs/make_contact_sheet.py   (needs the test extras: pypdfium2)
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image, ImageDraw

from actionkit.core.dataset import DatasetStore
from actionkit.core.paths import resolve_paths
from actionkit.core.print.page import PageSetup
from actionkit.core.print.render import PrintJob, render

PIECES = [
    ("Poster A3, en", PrintJob("poster", [], ["en"], PageSetup("A3")), ["narges-mohammadi"]),
    ("Poster A3, fa + de", PrintJob("poster", [], ["fa", "de"], PageSetup("A3")), ["nahid-taghavi"]),
    ("Poster A4, es + fa", PrintJob("poster", [], ["es", "fa"], PageSetup("A4")), ["majidreza-rahnavard"]),
    ("Poster Letter, fr", PrintJob("poster", [], ["fr"], PageSetup("Letter")), ["ahmadreza-djalali"]),
    ("Placard A3, en + fa", PrintJob("placard", [], ["en", "fa"], PageSetup("A3")), ["sepideh-gholian"]),
    ("Wall A3, de + fa", PrintJob("wall", [], ["de", "fa"], PageSetup("A3")), None),
]
HEIGHT = 520


def main() -> None:
    loaded = DatasetStore(resolve_paths(tempfile.mkdtemp())).load()
    thumbs = []
    with tempfile.TemporaryDirectory() as folder:
        for n, (label, job, ids) in enumerate(PIECES):
            job.people = [loaded.get(i) for i in ids] if ids else loaded.people[:12]  # type: ignore[misc]
            pdf = Path(folder) / f"{n}.pdf"
            render(job, pdf, loaded.dataset.info)
            page = pypdfium2.PdfDocument(pdf)[0]
            image = page.render(scale=HEIGHT / page.get_height()).to_pil()
            canvas = Image.new("RGB", (image.width, image.height + 34), "white")
            canvas.paste(image, (0, 0))
            ImageDraw.Draw(canvas).text((8, image.height + 8), label, fill="#333")
            thumbs.append(canvas)
    sheet = Image.new("RGB", (sum(t.width for t in thumbs) + 12 * (len(thumbs) + 1), HEIGHT + 58), "#d9d6cf")
    x = 12
    for thumb in thumbs:
        sheet.paste(thumb, (x, 12))
        x += thumb.width + 12
    out = Path(__file__).with_name("templates.png")
    sheet.save(out, optimize=True)
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
