"""Layouts that hold (issue 16): landscape posters, even walls with one name size,
stories that take the width, nothing under 6 pt, a call to action larger than the
hashtag, and no placeholder face. Every check reads the PDF."""

from __future__ import annotations

import ctypes
import itertools
from io import BytesIO
from pathlib import Path
from typing import Any

import pypdfium2.raw as pdfium
import pytest
import zxingcpp
from PIL import Image, ImageDraw

from actionkit.core.dataset import LoadedDataset
from actionkit.core.dataset.model import Person
from actionkit.core.dataset.photos import PLACEHOLDER_FIGURE
from actionkit.core.print import wording
from actionkit.core.print.handouts import HandoutJob, render_handouts
from actionkit.core.print.page import PageSetup
from actionkit.core.print.render import PrintJob, render
from actionkit.core.print.wall import row_counts
from tests.pdf_helpers import open_pdf, page_text

Rect = tuple[float, float, float, float]  # left, bottom, right, top, in points


def pdf_of(loaded: LoadedDataset, job: PrintJob | HandoutJob, photo: Path | None = None) -> Any:
    out = BytesIO()
    photo_for = (lambda person: photo) if photo else (lambda person: None)
    if isinstance(job, HandoutJob):
        render_handouts(job, out, loaded.dataset.info, photo_for=photo_for)
    else:
        render(job, out, loaded.dataset.info, photo_for=photo_for)
    return open_pdf(out.getvalue())


def poster(
    loaded: LoadedDataset, who: str, languages: list[str], *, landscape: bool, paper: str = "A3"
) -> Any:
    person = loaded.get(who)
    assert person is not None
    return pdf_of(loaded, PrintJob("poster", [person], languages, PageSetup(paper, landscape)))


def printed_chars(page: Any) -> list[tuple[str, Rect, float]]:
    """Every drawn character, its box and the size it prints at (the font size times
    the scale of the form an imposed piece is placed with)."""
    textpage = page.get_textpage()
    out = []
    for i in range(textpage.count_chars()):
        char = textpage.get_text_range(i, 1)
        if not char.strip():
            continue
        matrix = pdfium.FS_MATRIX()
        pdfium.FPDFText_GetMatrix(textpage.raw, i, ctypes.byref(matrix))
        scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
        size = pdfium.FPDFText_GetFontSize(textpage.raw, i) * scale
        out.append((char, textpage.get_charbox(i), size))
    return out


def text_index(page: Any, words: str) -> list[int]:
    """Indices of the characters of the first occurrence of `words` (spaces may be line
    breaks on the page)."""
    textpage = page.get_textpage()
    chars = [textpage.get_text_range(i, 1) for i in range(textpage.count_chars())]
    flat = [(n, c) for n, c in enumerate(chars) if c.strip()]
    squeezed = "".join(c for _, c in flat)
    at = squeezed.find(words.replace(" ", ""))
    assert at >= 0, f"{words!r} is not on the page"
    return [flat[at + k][0] for k in range(len(words.replace(" ", "")))]


def qr_box(page: Any, dpi: int = 100) -> Rect:
    """The QR code's box in points, as a phone's decoder finds it."""
    image = page.render(scale=dpi / 72).to_pil()
    (code,) = [
        b for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode
    ]
    corners = [code.position.top_left, code.position.bottom_right]
    corners += [code.position.top_right, code.position.bottom_left]
    xs = [c.x * 72 / dpi for c in corners]
    ys = [page.get_height() - c.y * 72 / dpi for c in corners]
    return min(xs), min(ys), max(xs), max(ys)


def overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(
    ("who", "languages", "paper"),
    [
        ("ahmadreza-djalali", ["fa", "de"], "A3"),
        ("ahmadreza-djalali", ["en", "fa"], "A4"),
        ("mohsen-shekari", ["ar", "en"], "A3"),
    ],
)
def test_landscape_poster_keeps_the_qr_code_off_the_text_and_prints_it_whole(
    loaded: LoadedDataset, who: str, languages: list[str], paper: str
) -> None:
    page = poster(loaded, who, languages, landscape=True, paper=paper)[0]
    assert page.get_width() > page.get_height()
    qr = qr_box(page)
    on_qr = [c for c, box, _ in printed_chars(page) if overlaps(box, qr)]
    assert on_qr == [], f"text under the QR code: {''.join(on_qr)!r}"
    person = loaded.get(who)
    assert person is not None
    for lang in languages:  # the demand whole, and each story that exists
        demand = wording.demand(person, lang).replace("\u00a0", " ")
        text_index(page, "".join(c for c in demand if c not in "\u2066\u2067\u2068\u2069"))
    story = person.story_in("en" if "en" in languages else "de")
    assert story is not None
    text_index(page, " ".join(story.text.split()[-4:]))
    assert "…" not in page_text(page)


def test_rows_of_a_wall_differ_by_at_most_one_for_any_count() -> None:
    for count in range(4, 25):
        for rows in range(1, count + 1):
            counts = row_counts(count, rows)
            assert sum(counts) == count and max(counts) - min(counts) <= 1


def surname(person: Person) -> str:
    return (person.name_latin or person.display_name).split()[-1]


def _wall_people(loaded: LoadedDataset, count: int) -> list[Person]:
    # Surnames that are not broken over two lines, so the test can find them.
    people = [p for p in loaded.people if p.name_latin and len(p.name_latin.split()[-1]) <= 9]
    return people[:count]


def _row_positions(page: Any, people: list[Person]) -> list[float]:
    textpage = page.get_textpage()
    return [textpage.get_charbox(text_index(page, surname(p))[0])[3] for p in people]


@pytest.mark.parametrize(("count", "landscape"), [(8, True), (8, False), (7, True), (13, False)])
def test_wall_fills_its_rows_evenly(loaded: LoadedDataset, count: int, landscape: bool) -> None:
    people = _wall_people(loaded, count)
    page = pdf_of(loaded, PrintJob("wall", people, ["de", "fa"], PageSetup("A3", landscape)))[0]
    # A new row starts where a name sits clearly lower than the one before.
    tops = sorted(_row_positions(page, people), reverse=True)
    counts = [1]
    for higher, lower in itertools.pairwise(tops):
        if higher - lower > 80:
            counts.append(0)
        counts[-1] += 1
    rows = dict(enumerate(counts))
    assert sum(rows.values()) == count
    assert max(rows.values()) - min(rows.values()) <= 1, f"rows of {sorted(rows.values())}"


@pytest.mark.parametrize(("landscape", "with_photo"), [(False, False), (True, False), (True, True)])
def test_wall_prints_every_name_at_one_size(
    loaded: LoadedDataset, landscape: bool, with_photo: bool, photo: Path
) -> None:
    people = _wall_people(loaded, 24)
    job = PrintJob("wall", people, ["en", "fa"], PageSetup("A3", landscape))
    page = pdf_of(loaded, job, photo if with_photo else None)[0]
    chars = printed_chars(page)
    sizes = {round(chars_size(page, chars, p), 1) for p in people}
    assert len(sizes) == 1, f"name sizes on one wall: {sorted(sizes)}"


def chars_size(page: Any, chars: list[tuple[str, Rect, float]], person: Person) -> float:
    textpage = page.get_textpage()
    index = text_index(page, surname(person))[0]
    box = textpage.get_charbox(index)
    return next(size for _, b, size in chars if b == box)


def test_a_story_without_translation_gives_the_other_the_full_width(
    loaded: LoadedDataset,
) -> None:
    person = loaded.get("ahmadreza-djalali")
    assert person is not None and person.story_in("ar") is None
    story = person.story_in("en")
    assert story is not None
    page = poster(loaded, "ahmadreza-djalali", ["ar", "en"], landscape=False)[0]
    textpage = page.get_textpage()
    start = text_index(page, " ".join(story.text.split()[:3]))[0]
    end = text_index(page, " ".join(story.text.split()[-3:]))[-1]
    boxes = [textpage.get_charbox(i) for i in range(start, end) if textpage.get_charbox(i)[2]]
    span = max(b[2] for b in boxes) - min(b[0] for b in boxes if b[0] > 0)
    assert span > 0.7 * page.get_width(), f"the English story spans {span:.0f} pt"


def _pieces(loaded: LoadedDataset) -> list[tuple[str, Any]]:
    people = loaded.people[:3]
    jobs: list[tuple[str, PrintJob | HandoutJob]] = [
        ("palm cards", HandoutJob("palmcard", people[:1], ["en", "fa"])),
        ("palm cards de+fa", HandoutJob("palmcard", people[:1], ["fa", "de"])),
        ("A6 flyer", HandoutJob("flyer", people, ["de", "fa"], size="A6")),
        ("A6 flyer, one", HandoutJob("flyer", people[:1], ["es"], size="A6")),
        ("poster A4", PrintJob("poster", people[:1], ["en", "fa"], PageSetup("A4"))),
        (
            "poster A4 landscape",
            PrintJob("poster", people[:1], ["fa", "de"], PageSetup("A4", True)),
        ),
        ("wall", PrintJob("wall", loaded.people[:24], ["ckb", "en"], PageSetup("A3"))),
    ]
    return [(label, pdf_of(loaded, job)) for label, job in jobs]


def test_nothing_is_printed_under_6_pt(loaded: LoadedDataset) -> None:
    for label, pdf in _pieces(loaded):
        small = {(c, round(size, 1)) for c, _, size in printed_chars(pdf[0]) if size < 5.95}
        assert not small, f"{label}: {sorted(small)[:8]}"


@pytest.mark.parametrize("landscape", [False, True])
def test_the_call_to_action_is_larger_than_the_hashtag(
    loaded: LoadedDataset, landscape: bool
) -> None:
    page = poster(loaded, "mohsen-shekari", ["en", "fa"], landscape=landscape)[0]
    chars = printed_chars(page)
    textpage = page.get_textpage()
    cta = text_index(page, "Sign the appeal")[0]
    tag = text_index(page, "#MohsenShekari")[0]
    size = {
        textpage.get_charbox(i): s
        for i in (cta, tag)
        for _, b, s in chars
        if b == textpage.get_charbox(i)
    }
    cta_size, tag_size = size[textpage.get_charbox(cta)], size[textpage.get_charbox(tag)]
    assert cta_size >= 1.3 * tag_size, (
        f"call to action {cta_size:.1f} pt, hashtag {tag_size:.1f} pt"
    )


def _placeholder_share(page: Any) -> float:
    image: Image.Image = page.render(scale=40 / 72).to_pil().convert("RGB")
    figure = 0
    for n, rgb in image.getcolors(1 << 20) or []:
        assert isinstance(rgb, tuple)
        if all(abs(a - b) <= 3 for a, b in zip(rgb, PLACEHOLDER_FIGURE, strict=True)):
            figure += n
    return figure / (image.width * image.height)


def test_without_a_photo_no_piece_shows_a_placeholder_face(loaded: LoadedDataset) -> None:
    people = loaded.people[:4]
    jobs: list[tuple[str, PrintJob | HandoutJob]] = [
        ("poster", PrintJob("poster", people[:1], ["en", "fa"], PageSetup("A3"))),
        ("poster landscape", PrintJob("poster", people[:1], ["fa", "de"], PageSetup("A3", True))),
        ("wall", PrintJob("wall", people, ["de", "fa"], PageSetup("A3"))),
        ("palm cards", HandoutJob("palmcard", people[:1], ["en", "fa"])),
        ("flyer", HandoutJob("flyer", people[:1], ["de", "fa"], size="A6")),
        ("flyer, three", HandoutJob("flyer", people[:3], ["de", "fa"], size="A6")),
    ]
    for label, job in jobs:
        share = _placeholder_share(pdf_of(loaded, job)[0])
        assert share < 0.002, f"{label}: {share:.1%} of the page is the placeholder's grey"


def test_without_a_photo_the_poster_gives_the_name_the_room(loaded: LoadedDataset) -> None:
    person = loaded.get("ahmadreza-djalali")
    assert person is not None and person.name_latin
    page = poster(loaded, "ahmadreza-djalali", ["en", "fa"], landscape=False)[0]
    index = text_index(page, person.name_latin.split()[0])[0]
    box = page.get_textpage().get_charbox(index)
    size = next(s for _, b, s in printed_chars(page) if b == box)
    assert size >= 0.1 * page.get_width(), f"the name prints at {size:.0f} pt"


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A neutral generated picture (not a person), 4:5."""
    path = tmp_path_factory.mktemp("photo") / "neutral.jpg"
    image = Image.new("RGB", (400, 500), (150, 170, 190))
    ImageDraw.Draw(image).ellipse((120, 80, 280, 280), fill=(220, 200, 180))
    image.save(path)
    return path


def test_with_a_photo_every_piece_shows_it_undistorted(loaded: LoadedDataset, photo: Path) -> None:
    person = loaded.get("ahmadreza-djalali")
    assert person is not None
    jobs: list[PrintJob | HandoutJob] = [
        PrintJob("poster", [person], ["en", "fa"], PageSetup("A3")),
        PrintJob("poster", [person], ["fa", "de"], PageSetup("A3", True)),
        PrintJob("wall", loaded.people[:6], ["de", "fa"], PageSetup("A3", True)),
        HandoutJob("palmcard", [person], ["en", "fa"]),
    ]
    for job in jobs:
        page = pdf_of(loaded, job, photo)[0]
        images = [o for o in page.get_objects(max_depth=4) if o.type == pdfium.FPDF_PAGEOBJ_IMAGE]
        assert images, f"{job.kind}: no photo drawn"
        for image in images:
            # Only the shown part of the photo is embedded: undistorted means the
            # embedded pixels have the shape of the box they are placed in.
            left, bottom, right, top = image.get_bounds()
            px_w, px_h = image.get_px_size()
            assert (right - left) / (top - bottom) == pytest.approx(px_w / px_h, rel=0.02)
