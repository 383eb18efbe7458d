"""Render the pieces with an attached photo into docs/photos.png, from the real PDFs.

The photo is drawn here (a figure on a gradient, standing off centre in a wide picture,
with a crop around it): no real person's photo is used. Each piece shows the crop fitted
to its own frame and the credit and licence on the portrait.

Run: .venv/bin/python docs/make_photo_sheet.py   (needs the test extras: pypdfium2)
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image, ImageDraw, ImageFilter

from actionkit.core.dataset import DatasetStore
from actionkit.core.dataset.model import Crop
from actionkit.core.paths import resolve_paths
from actionkit.core.print.handouts import HandoutJob, render_handouts
from actionkit.core.print.page import PageSetup
from actionkit.core.print.render import PrintJob, render

PERSON = "sepideh-gholian"
# (label, kind, languages, landscape)
PIECES = [
    ("Poster A4, fa + de", "poster", ["fa", "de"], False),
    ("Poster A4 landscape, en + fa", "poster", ["en", "fa"], True),
    ("Placard A3, ar + en", "placard", ["ar", "en"], False),
    ("Wall A4, es", "wall", ["es"], False),
    ("Flyer A6 on A4, en + fa", "flyer", ["en", "fa"], False),
    ("Palm cards on A4, ckb + en", "palmcard", ["ckb", "en"], False),
]
HEIGHT = 520


def drawn_photo(path: Path) -> Path:
    """A wide picture with a figure to the right of centre: what a cropped photo is for."""
    width, height = 1600, 1000
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = 150 + round(70 * y / height)
        draw.line([(0, y), (width, y)], fill=(shade - 60, shade - 30, shade))
    draw.rectangle((0, 700, width, height), fill=(88, 84, 80))  # a wall behind
    cx = 1100
    draw.ellipse((cx - 230, 640, cx + 230, 1250), fill=(46, 52, 70))  # shoulders
    draw.rectangle((cx - 45, 540, cx + 45, 680), fill=(196, 150, 120))  # neck
    draw.ellipse((cx - 110, 280, cx + 110, 590), fill=(206, 160, 128))  # face
    draw.chord((cx - 125, 250, cx + 125, 470), 180, 360, fill=(40, 32, 30))  # hair
    for eye in (cx - 45, cx + 45):
        draw.ellipse((eye - 12, 410, eye + 12, 428), fill=(40, 32, 30))
    draw.arc((cx - 40, 470, cx + 40, 520), 20, 160, fill=(120, 60, 50), width=6)
    image = image.filter(ImageFilter.GaussianBlur(1.5))
    image.save(path, quality=92)
    return path


def _thumb(pdf: Path, label: str) -> Image.Image:
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=HEIGHT / page.get_height()).to_pil()
    canvas = Image.new("RGB", (image.width, image.height + 34), "white")
    canvas.paste(image, (0, 0))
    ImageDraw.Draw(canvas).text((8, image.height + 8), label, fill="#333")
    return canvas


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        store = DatasetStore(resolve_paths(home))
        photo = drawn_photo(home / "drawn.jpg")
        crop = Crop(0.5, 0.2, 0.875, 0.95)  # head and shoulders, 4:5 of the picture
        credit = "Drawn for ActionKit's documentation"
        store.attach_photo(store.load(), PERSON, photo, credit, "CC0 1.0", crop)
        loaded = store.load()
        person = loaded.get(PERSON)
        assert person is not None
        others = [p for p in loaded.shown() if p.id != PERSON][:5]
        thumbs = []
        for label, kind, languages, landscape in PIECES:
            out = home / f"{kind}-{'-'.join(languages)}.pdf"
            if kind in ("flyer", "palmcard"):
                job = HandoutJob(kind, [person], languages, bleed=kind == "palmcard")
                render_handouts(job, out, loaded.dataset.info, photo_for=store.photo_file)
            else:
                people = [person, *others] if kind == "wall" else [person]
                setup = PageSetup("A3" if kind == "placard" else "A4", landscape=landscape)
                job = PrintJob(kind, people, languages, setup)
                render(job, out, loaded.dataset.info, photo_for=store.photo_file)
            thumbs.append(_thumb(out, label))
    width = sum(t.width for t in thumbs) + 12 * (len(thumbs) + 1)
    sheet = Image.new("RGB", (width, HEIGHT + 58), "#d9d6cf")
    x = 12
    for thumb in thumbs:
        sheet.paste(thumb, (x, 12))
        x += thumb.width + 12
    target = Path(__file__).with_name("photos.png")
    sheet.save(target, optimize=True)
    print(target)


if __name__ == "__main__":
    main()
