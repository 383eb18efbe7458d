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

# (label, kind, languages, paper, people; None: the first twelve)
PIECES = [
    ("Poster A3, en", "poster", ["en"], "A3", ["narges-mohammadi"]),
    ("Poster A3, fa + de", "poster", ["fa", "de"], "A3", ["nahid-taghavi"]),
    ("Poster A4, es + fa", "poster", ["es", "fa"], "A4", ["majidreza-rahnavard"]),
    ("Poster Letter, fr", "poster", ["fr"], "Letter", ["ahmadreza-djalali"]),
    ("Placard A3, en + fa", "placard", ["en", "fa"], "A3", ["sepideh-gholian"]),
    ("Wall A3, de + fa", "wall", ["de", "fa"], "A3", None),
]
HEIGHT = 520


def main() -> None:
    loaded = DatasetStore(resolve_paths(tempfile.mkdtemp())).load()
    thumbs = []
    with tempfile.TemporaryDirectory() as folder:
        for n, (label, kind, languages, paper, ids) in enumerate(PIECES):
            people = [p for p in map(loaded.get, ids or []) if p] or loaded.people[:12]
            job = PrintJob(kind, people, languages, PageSetup(paper))
            pdf = Path(folder) / f"{n}.pdf"
            render(job, pdf, loaded.dataset.info)
            page = pypdfium2.PdfDocument(pdf)[0]
            image = page.render(scale=HEIGHT / page.get_height()).to_pil()
            canvas = Image.new("RGB", (image.width, image.height + 34), "white")
            canvas.paste(image, (0, 0))
            ImageDraw.Draw(canvas).text((8, image.height + 8), label, fill="#333")
            thumbs.append(canvas)
    width = sum(t.width for t in thumbs) + 12 * (len(thumbs) + 1)
    sheet = Image.new("RGB", (width, HEIGHT + 58), "#d9d6cf")
    x = 12
    for thumb in thumbs:
        sheet.paste(thumb, (x, 12))
        x += thumb.width + 12
    out = Path(__file__).with_name("templates.png")
    sheet.save(out, optimize=True)
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
