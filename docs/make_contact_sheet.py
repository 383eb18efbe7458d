"""Render every template from the real PDFs into docs/templates.png and docs/handouts.png.

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
# (label, kind, languages, options, people) for handouts, imposed on their sheets
HANDOUTS = [
    ("4 x A6 flyer on A4, de + fa", "flyer", ["de", "fa"], {"size": "A6"}, ["narges-mohammadi"]),
    ("2 x A5 flyer on A4, es", "flyer", ["es"], {"size": "A5", "per_sheet": 2}, None),
    (
        "10 palm cards on A4, en + fa",
        "palmcard",
        ["en", "fa"],
        {"per_sheet": 10},
        ["toomaj-salehi"],
    ),
    ("Flyer back (duplex), ar", "flyer", ["en", "ar"], {"duplex": True}, ["zeynab-jalalian"]),
]
HEIGHT = 520


def _thumb(pdf: Path, label: str, page_index: int = 0) -> Image.Image:
    page = pypdfium2.PdfDocument(pdf)[page_index]
    image = page.render(scale=HEIGHT / page.get_height()).to_pil()
    canvas = Image.new("RGB", (image.width, image.height + 34), "white")
    canvas.paste(image, (0, 0))
    ImageDraw.Draw(canvas).text((8, image.height + 8), label, fill="#333")
    return canvas


def _save(thumbs: list[Image.Image], name: str) -> None:
    width = sum(t.width for t in thumbs) + 12 * (len(thumbs) + 1)
    sheet = Image.new("RGB", (width, HEIGHT + 58), "#d9d6cf")
    x = 12
    for thumb in thumbs:
        sheet.paste(thumb, (x, 12))
        x += thumb.width + 12
    out = Path(__file__).with_name(name)
    sheet.save(out, optimize=True)
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")


def main() -> None:
    from actionkit.core.print.handouts import HandoutJob, render_handouts

    loaded = DatasetStore(resolve_paths(tempfile.mkdtemp())).load()
    pieces, handouts = [], []
    with tempfile.TemporaryDirectory() as folder:
        for n, (label, kind, languages, paper, ids) in enumerate(PIECES):
            people = [p for p in map(loaded.get, ids or []) if p] or loaded.people[:12]
            pdf = Path(folder) / f"{n}.pdf"
            render(PrintJob(kind, people, languages, PageSetup(paper)), pdf, loaded.dataset.info)
            pieces.append(_thumb(pdf, label))
        for n, (label, kind, languages, options, ids) in enumerate(HANDOUTS):
            people = [p for p in map(loaded.get, ids or []) if p] or loaded.people[:6]
            pdf = Path(folder) / f"h{n}.pdf"
            job = HandoutJob(kind, people, languages, **options)  # type: ignore[arg-type]
            render_handouts(job, pdf, loaded.dataset.info)
            handouts.append(_thumb(pdf, label, 1 if job.duplex else 0))
        pdf = Path(folder) / "appeal.pdf"
        render(PrintJob("appeal", [], ["fa", "en"], PageSetup("A4")), pdf, loaded.dataset.info)
        handouts.append(_thumb(pdf, "Appeal A4, fa + en"))
    _save(pieces, "templates.png")
    _save(handouts, "handouts.png")


if __name__ == "__main__":
    main()
