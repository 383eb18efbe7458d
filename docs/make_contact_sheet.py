"""Render the pieces from the real PDFs into contact sheets in docs/.

templates.png and handouts.png (shown in the README) are a short tour; the
contact-*.png sheets hold the matrix a designer looks through: posters,
placards, walls and flyers in fa+de, en+fa, ar+en, ckb+en and es, portrait
and landscape, without a photo (as every person in the bundled data) and with
one (a generated neutral picture, not a person).

Run: .venv/bin/python docs/make_contact_sheet.py   (needs the test extras: pypdfium2)
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pypdfium2
from PIL import Image, ImageDraw

from actionkit.core.dataset import DatasetStore, LoadedDataset
from actionkit.core.dataset.model import Person
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
# The matrix of the contact sheets.
MIXES = [["fa", "de"], ["en", "fa"], ["ar", "en"], ["ckb", "en"], ["es"]]
MATRIX_PEOPLE = {
    "poster": [
        "mohsen-shekari",
        "ahmadreza-djalali",
        "narges-mohammadi",
        "toomaj-salehi",
        "jafar-panahi",
    ],
    "placard": [
        "sepideh-gholian",
        "narges-mohammadi",
        "ahmadreza-djalali",
        "toomaj-salehi",
        "mahsa-amini",
    ],
}
HEIGHT = 520
MATRIX_HEIGHT = 300


def _thumb(pdf: Path, label: str, page_index: int = 0, height: int = HEIGHT) -> Image.Image:
    page = pypdfium2.PdfDocument(pdf)[page_index]
    scale = height / max(page.get_height(), page.get_width() * 0.75)
    image = page.render(scale=scale).to_pil()
    canvas = Image.new("RGB", (max(image.width, 150), height + 34), "white")
    canvas.paste(image, (0, height - image.height))
    ImageDraw.Draw(canvas).text((8, height + 8), label, fill="#333")
    return canvas


def _save(thumbs: list[Image.Image], name: str, per_row: int | None = None) -> None:
    rows = (
        [thumbs[i : i + per_row] for i in range(0, len(thumbs), per_row)] if per_row else [thumbs]
    )
    width = max(sum(t.width for t in row) + 12 * (len(row) + 1) for row in rows)
    row_h = max(t.height for t in thumbs) + 12
    sheet = Image.new("RGB", (width, row_h * len(rows) + 12), "#d9d6cf")
    for r, row in enumerate(rows):
        x = 12
        for thumb in row:
            sheet.paste(thumb, (x, 12 + r * row_h))
            x += thumb.width + 12
    out = Path(__file__).with_name(name)
    # A palette of 128 colours keeps the sheets small enough for a README.
    sheet.quantize(128, dither=Image.Dither.NONE).save(out, optimize=True)
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")


def neutral_photo(folder: Path) -> Path:
    """A generated 4:5 picture with soft shapes: not a person, no one's likeness."""
    path = folder / "neutral.jpg"
    image = Image.new("RGB", (400, 500), (148, 166, 184))
    draw = ImageDraw.Draw(image)
    draw.ellipse((125, 90, 275, 270), fill=(214, 196, 176))
    draw.rounded_rectangle((70, 300, 330, 520), radius=60, fill=(70, 84, 104))
    image.save(path, quality=85)
    return path


def _people(loaded: LoadedDataset, ids: list[str] | None, count: int) -> list[Person]:
    return [p for p in map(loaded.get, ids or []) if p] or loaded.people[:count]


def _matrix(loaded: LoadedDataset, folder: Path, photo: Path) -> None:
    """One contact sheet per kind: each language mix, portrait and landscape, without
    and with a photo."""
    with_photo: Callable[[Person], Path | None] = lambda person: photo  # noqa: E731
    without: Callable[[Person], Path | None] = lambda person: None  # noqa: E731
    for kind in ("poster", "placard", "wall"):
        thumbs = []
        for n, languages in enumerate(MIXES):
            if kind == "wall":
                people = loaded.people[n * 3 : n * 3 + (8 if n % 2 == 0 else 13)]
            else:
                people = _people(loaded, [MATRIX_PEOPLE[kind][n]], 1)
            for landscape in (False, True):
                for photo_for, shown in ((without, "no photo"), (with_photo, "photo")):
                    pdf = folder / f"{kind}{n}{landscape}{shown}.pdf"
                    job = PrintJob(kind, people, languages, PageSetup("A3", landscape))
                    render(job, pdf, loaded.dataset.info, photo_for=photo_for)
                    mix = "+".join(languages)
                    label = f"{mix}, {'landscape' if landscape else 'portrait'}, {shown}"
                    thumbs.append(_thumb(pdf, label, height=MATRIX_HEIGHT))
        _save(thumbs, f"contact-{kind}s.png", per_row=8)
    _flyers(loaded, folder, with_photo, without)


def _flyers(
    loaded: LoadedDataset,
    folder: Path,
    with_photo: Callable[[Person], Path | None],
    without: Callable[[Person], Path | None],
) -> None:
    """A6 flyers for one person and for three, A5 for the appeal alone, each on its own
    page (as the print shop gets it: ActionKit imposes them for a home printer)."""
    from actionkit.core.print.context import PieceContext
    from actionkit.core.print.flyer import draw_flyer
    from actionkit.core.print.impose import ITEM_SIZES
    from actionkit.core.print.page import new_canvas
    from actionkit.core.print.qr import make_qr
    from actionkit.core.print.render import DEFAULT_URL

    thumbs = []
    for n, languages in enumerate(MIXES):
        groups = [loaded.people[n * 4 : n * 4 + 1], loaded.people[n * 4 : n * 4 + 3]]
        for people in groups:
            for photo_for, shown in ((without, "no photo"), (with_photo, "photo")):
                pdf = folder / f"flyer{n}{len(people)}{shown}.pdf"
                w, h = ITEM_SIZES["A6"]
                canvas = new_canvas(pdf, PageSetup("A5"), title="Flyer")
                canvas.setPageSize((w, h))
                ctx = PieceContext(
                    languages=languages,
                    url=DEFAULT_URL,
                    qr=make_qr(DEFAULT_URL, "M"),
                    dataset=loaded.dataset.info,
                    photo_for=photo_for,
                )
                draw_flyer(canvas, ctx, people, w, h)
                canvas.showPage()
                canvas.save()
                label = f"A6 {'+'.join(languages)}, {len(people)} p., {shown}"
                thumbs.append(_thumb(pdf, label, height=MATRIX_HEIGHT))
    _save(thumbs, "contact-flyers.png", per_row=10)


def main() -> None:
    from actionkit.core.print.handouts import HandoutJob, render_handouts

    loaded = DatasetStore(resolve_paths(tempfile.mkdtemp())).load()
    pieces, handouts = [], []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for n, (label, kind, languages, paper, ids) in enumerate(PIECES):
            people = _people(loaded, ids, 12)
            pdf = folder / f"{n}.pdf"
            render(PrintJob(kind, people, languages, PageSetup(paper)), pdf, loaded.dataset.info)
            pieces.append(_thumb(pdf, label))
        for n, (label, kind, languages, options, ids) in enumerate(HANDOUTS):
            people = _people(loaded, ids, 6)
            pdf = folder / f"h{n}.pdf"
            job = HandoutJob(kind, people, languages, **options)  # type: ignore[arg-type]
            render_handouts(job, pdf, loaded.dataset.info)
            handouts.append(_thumb(pdf, label, 1 if job.duplex else 0))
        pdf = folder / "appeal.pdf"
        render(PrintJob("appeal", [], ["fa", "en"], PageSetup("A4")), pdf, loaded.dataset.info)
        handouts.append(_thumb(pdf, "Appeal A4, fa + en"))
        _save(pieces, "templates.png")
        _save(handouts, "handouts.png")
        _matrix(loaded, folder, neutral_photo(folder))


if __name__ == "__main__":
    main()
