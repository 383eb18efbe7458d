"""An attached photo on paper: the crop the user chose is what prints, in every frame
shape, never stretched, with its credit and licence at 6 pt or more on the portrait.

The photo is generated: a green picture with a red square (a yellow face in it) off
centre, at the right; the crop is the red square. Read back from the PDFs."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image, ImageDraw

from actionkit.core.dataset import DatasetStore
from actionkit.core.dataset.errors import DatasetError
from actionkit.core.dataset.model import Crop, Person
from actionkit.core.dataset.photos import frame_crop
from actionkit.core.paths import resolve_paths
from actionkit.core.print.handouts import HandoutJob, render_handouts
from actionkit.core.print.page import PageSetup
from actionkit.core.print.render import PrintJob, render
from tests.pdf_helpers import open_pdf

PERSON = "sepideh-gholian"  # a placard keeps her portrait (a longer name may not)
CREDIT = "Local group Köln"
LICENCE = "CC BY 4.0"
SQUARE = (800, 200, 960, 400)  # 160 x 200 pixels: the portrait's 4:5
CROP = Crop(0.8, 0.25, 0.96, 0.5)
RED, YELLOW, GREEN = (200, 30, 30), (240, 200, 60), (40, 120, 60)


def _picture(path: Path) -> Path:
    image = Image.new("RGB", (1000, 800), GREEN)
    draw = ImageDraw.Draw(image)
    draw.rectangle((SQUARE[0], SQUARE[1], SQUARE[2] - 1, SQUARE[3] - 1), fill=RED)
    draw.ellipse((840, 240, 920, 340), fill=YELLOW)  # the face, in the square's centre
    image.save(path)
    return path


@pytest.fixture(scope="module")
def with_photo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DatasetStore, Person]]:
    home = tmp_path_factory.mktemp("home")
    store = DatasetStore(resolve_paths(home))
    picture = _picture(home / "square.png")
    store.attach_photo(store.load(), PERSON, picture, CREDIT, LICENCE, CROP)
    person = store.load().get(PERSON)
    assert person is not None and person.photo is not None
    yield store, person


def _pdf(store: DatasetStore, person: Person, piece: str) -> bytes:
    out = BytesIO()
    info = store.load().dataset.info
    if piece in ("palmcard", "flyer"):
        # flyers four to a sheet, upright (the bounds below do not turn with the piece)
        per_sheet = 4 if piece == "flyer" else None
        bleed = piece == "palmcard"
        job = HandoutJob(piece, [person], ["fa", "en"], per_sheet=per_sheet, bleed=bleed)
        render_handouts(job, out, info, photo_for=store.photo_file)
    else:
        kind, _, orientation = piece.partition("-")
        setup = PageSetup("A4" if kind == "poster" else "A3", landscape=orientation == "landscape")
        render(PrintJob(kind, [person], ["fa", "de"], setup), out, info, photo_for=store.photo_file)
    return out.getvalue()


def _images(page: Any) -> list[tuple[tuple[float, float, float, float], tuple[int, int]]]:
    """Each placed image: its box on the page (left, bottom, right, top) and its pixels,
    also inside the forms that imposed handouts are drawn as."""
    found = []
    for obj in page.get_objects(max_depth=0):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            found.append((obj.get_bounds(), obj.get_px_size()))
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            matrix = obj.get_matrix()
            for k in range(pdfium_c.FPDFFormObj_CountObjects(obj.raw)):
                child = pdfium_c.FPDFFormObj_GetObject(obj.raw, k)
                if pdfium_c.FPDFPageObj_GetType(child) != pdfium_c.FPDF_PAGEOBJ_IMAGE:
                    continue
                edges = [ctypes.c_float() for _ in range(4)]
                pdfium_c.FPDFPageObj_GetBounds(child, *edges)
                pixels = ctypes.c_uint(), ctypes.c_uint()
                pdfium_c.FPDFImageObj_GetImagePixelSize(child, *pixels)
                box = matrix.on_rect(*(e.value for e in edges))
                found.append((box, (pixels[0].value, pixels[1].value)))
    return found


PIECES = ["poster", "poster-landscape", "placard", "palmcard", "flyer"]


@pytest.mark.parametrize("piece", PIECES)
def test_the_crop_prints_around_the_face_and_is_never_stretched(
    with_photo: tuple[DatasetStore, Person], piece: str
) -> None:
    store, person = with_photo
    page = open_pdf(_pdf(store, person, piece))[0]
    images = _images(page)
    assert images, "the photo is on the page"
    scale = 150 / 72
    picture = page.render(scale=scale).to_pil().convert("RGB")
    for (left, bottom, right, top), (px_w, px_h) in images:
        placed = (right - left) / (top - bottom)
        # The pixels embedded are the frame's shape: nothing is squeezed, and nothing cut
        # away by the crop (or the frame) travels inside the PDF.
        assert px_w / px_h == pytest.approx(placed, rel=0.02), (piece, px_w, px_h, placed)
        centre = (
            round((left + right) / 2 * scale),
            round((page.get_height() - (bottom + top) / 2) * scale),
        )
        r, g, b = picture.getpixel(centre)
        assert r > 200 and g > 160 and b < 120, f"{piece}: the face is not in the frame's centre"
    if piece in ("poster", "poster-landscape", "placard"):
        # A portrait frame of the crop's shape shows the crop and nothing else: red, with
        # the face; the green around the square stays out.
        (left, bottom, right, top), _ = images[0]
        box = [
            round(v * scale)
            for v in (left, page.get_height() - top, right, page.get_height() - bottom)
        ]
        region = picture.crop((box[0] + 2, box[1] + 2, box[2] - 2, box[3] - 2))
        pixels = [
            region.getpixel((x, y)) for x in range(region.width) for y in range(region.height)
        ]
        green = sum(1 for r, g, b in pixels if g > r + 40 and g > b + 20)
        assert green / len(pixels) < 0.02, (
            f"{piece}: {green / len(pixels):.0%} of the frame is outside the crop"
        )
        assert placed == pytest.approx(4 / 5, rel=0.02)


@pytest.mark.parametrize("piece", [*PIECES, "wall"])
def test_credit_and_licence_are_printed_on_the_portrait_at_6_pt_or_more(
    with_photo: tuple[DatasetStore, Person], piece: str
) -> None:
    store, person = with_photo
    if piece == "wall":
        out = BytesIO()
        job = PrintJob("wall", [person, *store.load().shown()[:5]], ["es"], PageSetup("A4"))
        render(job, out, store.load().dataset.info, photo_for=store.photo_file)
        data = out.getvalue()
    else:
        data = _pdf(store, person, piece)
    page = open_pdf(data)[0]
    textpage = page.get_textpage()
    # The characters drawn, without spaces and line ends (a narrow portrait breaks lines).
    drawn = [(textpage.get_text_range(i, 1), i) for i in range(textpage.count_chars())]
    drawn = [(char, i) for char, i in drawn if char.strip()]
    text = "".join(char for char, _ in drawn)
    images = [bounds for bounds, _ in _images(page)]
    for wanted in (CREDIT.replace(" ", ""), LICENCE.replace(" ", "")):
        at = text.find(wanted)
        assert at >= 0, f"{piece}: {wanted!r} is not printed"
        for _, i in drawn[at : at + len(wanted)]:
            # The size on the piece (an imposed handout sheet may scale the whole piece,
            # and says so; the piece itself is what this checks).
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
            char = textpage.get_text_range(i, 1)
            assert size >= 6.0 - 1e-6, f"{piece}: {char!r} of {wanted!r} at {size:.2f} pt"
            x0, y0, x1, y1 = textpage.get_charbox(i)
            assert any(
                left - 0.5 <= x0 and x1 <= right + 0.5 and bottom - 0.5 <= y0 and y1 <= top + 0.5
                for left, bottom, right, top in images
            ), f"{piece}: {char!r} of the credit lies outside the portrait"


def test_frame_crop_keeps_the_shape_of_the_frame_and_the_whole_crop() -> None:
    for aspect in (0.3, 0.8, 1.0, 2.5):
        left, top, right, bottom = frame_crop(1000, 800, CROP, aspect)
        assert (right - left) / (bottom - top) == pytest.approx(aspect)
        assert left >= 0 and right <= 1000 and top >= 0 and bottom <= 800
        # The whole crop is shown whenever the picture is large enough to hold it.
        assert left <= 800 + 1e-6 and right >= 960 - 1e-6
        assert top <= 200 + 1e-6 and bottom >= 400 - 1e-6
    # Never a pixel outside the picture, whatever the rounding (Pillow refuses such a box:
    # a tall palm-card strip of a crop reaching the picture's edge raised ValueError).
    for crop in (Crop(0.5, 0.2, 0.875, 0.95), Crop(0.0, 0.0, 1.0, 1.0), Crop(0.9, 0.0, 1.0, 0.3)):
        for aspect in (0.2, 0.2911, 0.47, 0.8, 1.0, 1.43, 4.0):
            for size in ((1600, 1000), (1000, 1600), (999, 1001), (2400, 1601)):
                left, top, right, bottom = frame_crop(*size, crop, aspect)
                assert 0 <= left < right <= size[0] and 0 <= top < bottom <= size[1]
    # No crop: the largest centred part of the frame's shape (as before crops existed).
    assert frame_crop(1000, 800, None, 0.8) == pytest.approx((180, 0, 820, 800))


def test_an_overlay_photo_without_a_crop_still_loads_and_a_bad_crop_is_refused(
    tmp_path: Path,
) -> None:
    store = DatasetStore(resolve_paths(tmp_path / "home"))
    picture = _picture(tmp_path / "square.png")
    store.attach_photo(store.load(), PERSON, picture, CREDIT, LICENCE)  # as before crops
    loaded = store.load()
    person = loaded.get(PERSON)
    assert person is not None and person.photo is not None and person.photo.crop is None
    store.crop_photo(loaded, PERSON, CROP)
    cropped = store.load().get(PERSON)
    assert cropped is not None and cropped.photo is not None
    assert cropped.photo.crop == CROP
    with pytest.raises(DatasetError):
        store.crop_photo(store.load(), PERSON, Crop(0.9, 0.2, 0.1, 0.5))
    with pytest.raises(DatasetError):
        store.crop_photo(store.load(), "mohsen-shekari", CROP)  # no photo attached


def test_a_stored_photo_that_can_no_longer_be_read_prints_the_placeholder_and_says_so(
    tmp_path: Path,
) -> None:
    store = DatasetStore(resolve_paths(tmp_path / "home"))
    stored = store.attach_photo(
        store.load(), PERSON, _picture(tmp_path / "square.png"), CREDIT, LICENCE, CROP
    )
    stored.write_bytes(b"\xff\xd8 damaged on disk")
    loaded = store.load()
    out = BytesIO()
    job = PrintJob("poster", [loaded.get(PERSON)], ["en"], PageSetup("A4"))  # type: ignore[list-item]
    result = render(job, out, loaded.dataset.info, photo_for=store.photo_file)
    assert any("cannot be read" in w and "Attach it again" in w for w in result.warnings)
    page = open_pdf(out.getvalue())[0]
    assert not _images(page), "no photo, the placeholder"
    assert CREDIT not in page.get_textpage().get_text_range(), "no credit without the photo"
