"""What a print shop and a volunteer at a home printer get: honest sizes, 1-up pieces with
their boxes, CMYK with black in black ink alone, unique font subsets, tiles to assemble.

Everything is read back from the PDF: cut-mark lines, page boxes, the colour operators
of the content streams, the fonts' names, the text of the assembly map.
"""

from __future__ import annotations

import base64
import re
import unicodedata
import zlib
from collections.abc import Iterator
from io import BytesIO
from typing import Any

import pypdfium2.raw as pdfium_c
import pytest

from actionkit.core.dataset import LoadedDataset
from actionkit.core.errors import ActionKitError
from actionkit.core.print import wording
from actionkit.core.print.handouts import HandoutJob, render_handouts
from actionkit.core.print.page import MM, PageSetup
from actionkit.core.print.render import PrintJob, render
from tests.pdf_helpers import base_fonts, open_pdf, page_text, qr_texts

URL = "https://www.freeiranspoliticalprisonersnow.org"


def handouts(loaded: LoadedDataset, ids: list[str], **options: Any) -> tuple[bytes, list[str]]:
    out = BytesIO()
    job = HandoutJob(people=[loaded.get(i) for i in ids], **options)  # type: ignore[misc]
    result = render_handouts(job, out, loaded.dataset.info)
    return out.getvalue(), result.warnings


def piece(loaded: LoadedDataset, kind: str, ids: list[str], languages: list[str],
          setup: PageSetup, **options: Any) -> bytes:  # fmt: skip
    out = BytesIO()
    job = PrintJob(kind, [loaded.get(i) for i in ids], languages, setup, URL, **options)  # type: ignore[misc]
    render(job, out, loaded.dataset.info)
    return out.getvalue()


# --- Honest sizes -------------------------------------------------------------------


def cut_marks(page: Any) -> tuple[list[float], list[float]]:
    """The x of every vertical and the y of every horizontal hairline drawn on the sheet
    itself (the pieces are forms, so their own drawings are not among them)."""
    xs, ys = set(), set()
    for obj in page.get_objects(max_depth=1):
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = obj.get_bounds()
        if right - left < 1 < top - bottom:
            xs.add(round((left + right) / 2, 2))
        elif top - bottom < 1 < right - left:
            ys.add(round((bottom + top) / 2, 2))
    return sorted(xs), sorted(ys)


def spans(lines: list[float]) -> tuple[list[float], list[float]]:
    """Cut lines come in pairs, one at each edge of a column (or row) of pieces: the
    pieces' extents in mm, and the gutters between them."""
    assert len(lines) % 2 == 0, f"the pieces share a cut line: {lines}"
    sizes = [(lines[i + 1] - lines[i]) / MM for i in range(0, len(lines), 2)]
    gutters = [(lines[i + 1] - lines[i]) / MM for i in range(1, len(lines) - 1, 2)]
    return sizes, gutters


@pytest.mark.parametrize(
    ("kind", "size", "per_sheet", "bleed", "nominal"),
    [
        ("flyer", "A6", 2, False, (148, 105)),  # turned a quarter on the sheet
        ("flyer", "A6", 2, True, (148, 105)),
        ("flyer", "A5", 1, True, (148, 210)),
        ("palmcard", "A6", 8, False, (85, 55)),
        ("palmcard", "A6", 8, True, (85, 55)),
    ],
)
def test_pieces_that_the_sheet_holds_keep_their_nominal_size_between_their_crop_marks(
    loaded: LoadedDataset,
    kind: str,
    size: str,
    per_sheet: int,
    bleed: bool,
    nominal: tuple[int, int],
) -> None:
    """Fails on the old code: without bleed the pieces butted against each other, sharing
    their cut lines, so a cut a little off left a sliver of the neighbour."""
    data, warnings = handouts(loaded, ["narges-mohammadi"], kind=kind, languages=["en"],
                              size=size, per_sheet=per_sheet, bleed=bleed)  # fmt: skip
    xs, ys = cut_marks(open_pdf(data)[0])
    (widths, across), (heights, down) = spans(xs), spans(ys)
    assert widths and heights
    assert all(w == pytest.approx(nominal[0], abs=0.05) for w in widths), widths
    assert all(h == pytest.approx(nominal[1], abs=0.05) for h in heights), heights
    assert all(g >= 5.9 for g in across + down), "a gutter of 6 mm between neighbours"
    assert not [w for w in warnings if getattr(w, "key", "") == "print.shrunk"]


@pytest.mark.parametrize(
    ("kind", "size", "per_sheet", "paper", "nominal"),
    [
        ("flyer", "A6", 4, "A4", (105, 148)),
        ("flyer", "A5", 2, "Letter", (148, 210)),
        ("palmcard", "A6", 10, "A4", (85, 55)),
    ],
)
def test_pieces_the_sheet_cannot_hold_at_full_size_say_by_how_much_they_shrink(
    loaded: LoadedDataset, kind: str, size: str, per_sheet: int, paper: str,
    nominal: tuple[int, int],
) -> None:  # fmt: skip
    """Fails on the old code: four A6 printed at 90.5% without a word."""
    data, warnings = handouts(loaded, ["narges-mohammadi"], kind=kind, languages=["fa", "de"],
                              size=size, per_sheet=per_sheet, paper=paper)  # fmt: skip
    xs, ys = cut_marks(open_pdf(data)[0])
    (widths, _), (heights, _) = spans(xs), spans(ys)
    measured = sorted({round(v, 1) for v in widths + heights})
    assert len(measured) == 2  # every piece the same size, turned or not
    scale = max(measured) / max(nominal)
    assert scale < 0.95 and min(measured) / min(nominal) == pytest.approx(scale, abs=0.002)
    shrunk = [w for w in warnings if getattr(w, "key", "") == "print.shrunk"]
    assert len(shrunk) == 1
    note = str(shrunk[0])
    assert f"print at {round(scale * 100)}%" in note
    printed = sorted(round(v) for v in measured)
    assert f"{max(printed)} × {min(printed)} mm" in note or (
        f"{min(printed)} × {max(printed)} mm" in note
    )
    assert f"instead of {nominal[0]} × {nominal[1]} mm" in note


# --- One piece per page for a print shop ---------------------------------------------


@pytest.mark.parametrize(
    ("kind", "size", "nominal"),
    [("flyer", "A6", (105, 148)), ("flyer", "A5", (148, 210)), ("palmcard", "A6", (85, 55))],
)
@pytest.mark.parametrize("crop_marks", [False, True])
def test_a_one_up_piece_has_the_trim_box_of_the_piece_and_3_mm_bleed(
    loaded: LoadedDataset, kind: str, size: str, nominal: tuple[int, int], crop_marks: bool
) -> None:
    """Fails on the old code: a single flyer was only ever placed on an A4 sheet."""
    data, warnings = handouts(
        loaded, ["toomaj-salehi"], kind=kind, languages=["ar", "en"],
        size=size, one_up=True, crop_marks=crop_marks, duplex=True,
    )  # fmt: skip
    pdf = open_pdf(data)
    assert len(pdf) == 2  # front and back, each its own page
    for page in pdf:
        left, bottom, right, top = page.get_trimbox()
        assert ((right - left) / MM, (top - bottom) / MM) == pytest.approx(nominal, abs=0.01)
        b_left, b_bottom, b_right, b_top = page.get_bleedbox()
        for trim, bled in ((left, b_left), (bottom, b_bottom)):
            assert trim - bled == pytest.approx(3 * MM, abs=0.01)
        for trim, bled in ((right, b_right), (top, b_top)):
            assert bled - trim == pytest.approx(3 * MM, abs=0.01)
        media = page.get_mediabox()
        assert (media == page.get_bleedbox()) != crop_marks
        xs, ys = cut_marks(page)
        if crop_marks:  # marks on the trim lines, outside the bleed
            assert xs == pytest.approx([left, right], abs=0.01)
            assert ys == pytest.approx([bottom, top], abs=0.01)
        else:
            assert xs == ys == []
    assert qr_texts(pdf[0], dpi=200) == [URL]
    assert not [w for w in warnings if getattr(w, "key", "") == "print.shrunk"]


def test_a_poster_with_bleed_is_a_print_shop_file_too(loaded: LoadedDataset) -> None:
    data = piece(loaded, "poster", ["narges-mohammadi"], ["fa", "en"],
                 PageSetup("A3", bleed=True, crop_marks=True))  # fmt: skip
    page = open_pdf(data)[0]
    left, bottom, right, top = page.get_trimbox()
    assert ((right - left) / MM, (top - bottom) / MM) == pytest.approx((297, 420), abs=0.01)
    assert page.get_bleedbox()[0] == pytest.approx(left - 3 * MM, abs=0.01)


# --- CMYK ----------------------------------------------------------------------------


def _tokens(data: bytes) -> Iterator[tuple[str, Any]]:
    """A content stream as (kind, value): numbers, names, strings, operators."""
    delimiters, space = b"()<>[]{}/%", b" \t\r\n\f\x00"
    i, n = 0, len(data)
    while i < n:
        c = data[i]
        if c in space:
            i += 1
        elif c == ord("%"):
            while i < n and data[i] not in b"\r\n":
                i += 1
        elif c == ord("("):
            depth, i = 1, i + 1
            while i < n and depth:
                if data[i] == ord("\\"):
                    i += 2
                    continue
                depth += (data[i] == ord("(")) - (data[i] == ord(")"))
                i += 1
            yield "string", None
        elif data[i : i + 2] in (b"<<", b">>"):
            i += 2
            yield "dict", None
        elif c == ord("<"):
            i = data.index(b">", i) + 1
            yield "string", None
        elif c in b"[]{}":
            i += 1
            yield "bracket", None
        else:
            j = i + 1
            while j < n and data[j] not in space and data[j] not in delimiters:
                j += 1
            word = data[i:j]
            i = j
            if word.startswith(b"/"):
                yield "name", word
                continue
            try:
                yield "number", float(word)
            except ValueError:
                yield "operator", word.decode("latin-1")


def content_streams(pdf: bytes) -> Iterator[bytes]:
    """Every page and form content stream (not fonts, images or character maps)."""
    for match in re.finditer(rb"\d+ 0 obj\s*(<<(?:(?!endobj).)*?>>)\s*stream\r?\n", pdf, re.S):
        head = match.group(1)
        if b"/Length1" in head or b"/Subtype /Image" in head:
            continue
        length = int(re.search(rb"/Length (\d+)", head).group(1))  # type: ignore[union-attr]
        raw = pdf[match.end() : match.end() + length]
        if b"ASCII85Decode" in head:
            raw = base64.a85decode(raw.strip().removesuffix(b"~>"), ignorechars=b" \t\r\n")
        body = zlib.decompress(raw) if b"FlateDecode" in head else raw
        if not body.lstrip().startswith(b"/CIDInit"):
            yield body


COLOUR_OPERATORS = {"k", "K", "rg", "RG", "g", "G", "sc", "SC", "scn", "SCN", "cs", "CS"}


def paints(body: bytes) -> Iterator[tuple[str, tuple[Any, ...], int]]:
    """What is painted with which fill colour: ("text", colour, 0) for each string shown,
    ("fill", colour, rectangles) for each filled path (a QR code is many rectangles),
    ("colour", (operator,), 0) for each colour operator met."""
    fill: tuple[Any, ...] = ("inherited",)
    saved: list[tuple[Any, ...]] = []
    numbers: list[float] = []
    rectangles = 0
    for kind, value in _tokens(body):
        if kind == "number":
            numbers.append(value)
            continue
        if kind != "operator":
            continue
        if value in COLOUR_OPERATORS:
            yield "colour", (value,), 0
        if value == "q":
            saved.append(fill)
        elif value == "Q":
            fill = saved.pop()
        elif value == "k":
            fill = ("cmyk", *numbers[-4:])
        elif value in ("rg", "g", "sc", "scn"):
            fill = (value, *numbers)
        elif value == "re":
            rectangles += 1
        elif value in ("Tj", "TJ", "'", '"'):
            yield "text", fill, 0
        elif value in ("f", "f*", "F", "B", "B*", "b", "b*"):
            yield "fill", fill, rectangles
            rectangles = 0
        elif value in ("S", "s", "n"):
            rectangles = 0
        numbers = []


def inks(data: bytes) -> tuple[set[str], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The colour operators used, the fill colours of text, and those of QR codes."""
    operators: set[str] = set()
    text: list[tuple[Any, ...]] = []
    codes: list[tuple[Any, ...]] = []
    for body in content_streams(data):
        for what, colour, rectangles in paints(body):
            if what == "colour":
                operators.add(colour[0])
            elif what == "text":
                text.append(colour)
            elif rectangles > 40:
                codes.append(colour)
    return operators, text, codes


def black_only(colour: tuple[Any, ...]) -> bool:
    return colour[0] == "cmyk" and colour[1:4] == (0, 0, 0)


@pytest.mark.parametrize(
    "make",
    [
        lambda loaded, cmyk: piece(loaded, "poster", ["narges-mohammadi"], ["fa", "de"],
                                   PageSetup("A3", cmyk=cmyk)),
        lambda loaded, cmyk: piece(loaded, "placard", ["toomaj-salehi"], ["ckb", "en"],
                                   PageSetup("A3", landscape=True, cmyk=cmyk)),
        lambda loaded, cmyk: piece(loaded, "wall", ["narges-mohammadi", "toomaj-salehi",
                                   "sepideh-gholian", "zeynab-jalalian"], ["es"],
                                   PageSetup("A4", cmyk=cmyk), tile="A4"),
        lambda loaded, cmyk: handouts(loaded, ["narges-mohammadi"], kind="flyer",
                                      languages=["ar", "en"], cmyk=cmyk)[0],
        lambda loaded, cmyk: handouts(loaded, ["toomaj-salehi"], kind="palmcard",
                                      languages=["en", "fa"], one_up=True, cmyk=cmyk)[0],
    ],
    ids=["poster", "placard", "tiled-wall", "flyer", "palmcard"],
)  # fmt: skip
def test_cmyk_output_prints_text_and_qr_codes_in_black_ink_alone(
    loaded: LoadedDataset, make: Any
) -> None:
    """Fails on the old code: there was no CMYK output (everything was RGB, black text and
    QR codes separated into four inks)."""
    operators, text, codes = inks(make(loaded, False))
    assert "rg" in operators and codes == [("rg", 0.0, 0.0, 0.0)] * len(codes)  # the reader reads
    cmyk = make(loaded, True)
    operators, text, codes = inks(cmyk)
    assert operators <= {"k", "K"}, "no RGB, grey or other colour space anywhere"
    assert codes and all(colour == ("cmyk", 0, 0, 0, 1) for colour in codes)
    assert ("cmyk", 0, 0, 0, 1) in text
    for colour in text:  # black or grey in black ink alone; a real colour stays a colour
        assert colour[0] == "cmyk", colour
        assert black_only(colour) or max(colour[1:4]) >= 0.3, colour
    pdf = open_pdf(cmyk)
    decoded = [code for i in range(len(pdf)) for code in qr_texts(pdf[i], dpi=200)]
    assert decoded and set(decoded) == {URL}


def test_cmyk_conversion_keeps_colours_and_puts_greys_on_the_black_plate() -> None:
    from actionkit.core.print.page import cmyk_of

    assert cmyk_of(0x1D / 255, 0x24 / 255, 0x30 / 255) == (0, 0, 0, 1)  # the text ink
    assert cmyk_of(0.5, 0.5, 0.5) == (0, 0, 0, 0.5)
    assert cmyk_of(1, 1, 1) == (0, 0, 0, 0)
    c, m, y, k = cmyk_of(0.7, 0.15, 0.12)  # the campaign red, shown back the same on screen
    assert c == 0 and (1 - m) * (1 - k) == pytest.approx(0.15, abs=0.001)
    assert (1 - y) * (1 - k) == pytest.approx(0.12, abs=0.001)


def test_a_photo_in_cmyk_output_is_a_cmyk_image() -> None:
    from PIL import Image

    from actionkit.core.print.page import cmyk_image, formula_cmyk

    photo = Image.new("RGB", (3, 1))
    for x, pixel in enumerate([(179, 38, 30), (0, 0, 0), (128, 128, 128)]):
        photo.putpixel((x, 0), pixel)
    converted = cmyk_image(photo)._image
    assert converted.mode == "CMYK"
    red, black, grey = (converted.getpixel((x, 0)) for x in range(3))
    assert black == (0, 0, 0, 255) and grey == (0, 0, 0, 127)
    expected = [round(v * 255) for v in formula_cmyk(179 / 255, 38 / 255, 30 / 255)]
    assert red == pytest.approx(expected, abs=1)


# --- Font subsets --------------------------------------------------------------------


def test_font_subsets_are_named_per_file_and_the_same_job_gives_the_same_bytes(
    loaded: LoadedDataset,
) -> None:
    """Fails on the old code: every subset of every file was AAAAAA+, which clash when a
    print shop merges two files."""
    narges = piece(loaded, "poster", ["narges-mohammadi"], ["fa", "en"], PageSetup("A4"))
    toomaj = piece(loaded, "poster", ["toomaj-salehi"], ["fa", "en"], PageSetup("A4"))
    flyer = handouts(loaded, ["narges-mohammadi"], kind="flyer", languages=["de"])[0]
    prefixes = [{name.split("+")[0] for name in base_fonts(d)} for d in (narges, toomaj, flyer)]
    for names in prefixes:
        assert names and all(re.fullmatch("[A-Z]{6}", p) for p in names)
        assert "AAAAAA" not in names
    assert not prefixes[0] & prefixes[1] and not prefixes[0] & prefixes[2]
    assert len(prefixes[0]) == len(base_fonts(narges))  # each subset its own name
    again = piece(loaded, "poster", ["narges-mohammadi"], ["fa", "en"], PageSetup("A4"))
    assert again == narges


# --- Tiling --------------------------------------------------------------------------


def fold(text: str) -> str:
    """Without marks, and the Persian ه with hamza (هٔ) as a plain ه: PDFium gives it back
    as a different letter (ۀ)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return plain.replace("\u06d5", "\u0647")


@pytest.mark.parametrize(
    ("languages", "landscape"),
    [(["fa", "de"], False), (["en", "fa"], True), (["ar", "en"], False),
     (["ckb", "en"], True), (["es"], False)],
)  # fmt: skip
def test_a_tiled_poster_starts_with_an_assembly_map_in_its_languages(
    loaded: LoadedDataset, languages: list[str], landscape: bool
) -> None:
    """Fails on the old code: no map, and the instructions were in English only."""
    from actionkit.core.print.tiling import STEPS

    data = piece(loaded, "poster", ["narges-mohammadi"], languages,
                 PageSetup("A2", landscape=landscape), tile="A4")  # fmt: skip
    pdf = open_pdf(data)
    first = page_text(pdf[0])
    words = set(fold(first).split())
    for language in languages:
        assert wording.text(language, "tile_title") in first.splitlines()
        for key in STEPS:
            # Wrapped lines mixing scripts do not come back from extraction verbatim: the
            # step's words do, nearly all.
            step = fold(wording.text(language, key)).split()
            found = [word for word in step if word in words]
            assert len(found) >= 0.8 * len(step), (language, key)
    tiles = len(pdf) - 1
    names = [f"{row}{col}" for row in "ABCD" for col in range(1, 5)]
    shown = [name for name in names if name in first.split()]
    assert len(shown) == tiles  # every tile named on the map
    lead = languages[0]
    glue = wording.text(lead, "tile_glue")
    for index in range(1, len(pdf)):
        text = page_text(pdf[index])
        # Each tile says which one it is (in a right-to-left line, extraction gives the
        # isolated "A1" back as "1A"; it is drawn as "A1").
        name = shown[index - 1]
        assert name in text or (wording.is_rtl(lead) and name[::-1] in text)
        if index < len(pdf) - 1:
            assert glue in text  # a glue zone for the next tile to cover
    assert glue not in page_text(pdf[len(pdf) - 1])  # the last tile covers others, none covers it
    assert "Tile " not in " ".join(page_text(pdf[i]) for i in range(len(pdf))) or lead == "en"


@pytest.mark.parametrize(("bleed", "crop_marks"), [(True, False), (False, True)])
def test_tiling_refuses_bleed_and_crop_marks_with_a_reason(
    loaded: LoadedDataset, bleed: bool, crop_marks: bool
) -> None:
    """Fails on the old code: bleed and crop marks were silently ignored with tiles."""
    with pytest.raises(ActionKitError, match="print shop") as raised:
        piece(loaded, "poster", ["narges-mohammadi"], ["en"],
              PageSetup("A2", bleed=bleed, crop_marks=crop_marks), tile="A4")  # fmt: skip
    assert raised.value.key == "print.tile_bleed"
