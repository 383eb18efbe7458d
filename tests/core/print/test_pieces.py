"""Every template, in every language mix, checked as a user would check the PDF."""

from __future__ import annotations

import re
from io import BytesIO

import pytest

from actionkit.core.dataset import LoadedDataset
from actionkit.core.errors import ActionKitError
from actionkit.core.print import wording
from actionkit.core.print.page import MM, PAPER_SIZES, PageSetup
from actionkit.core.print.render import PrintJob, render
from tests.pdf_helpers import (
    base_fonts,
    char_boxes,
    embedded_font_files,
    open_pdf,
    page_text,
    qr_texts,
)

URL = "https://www.freeiranspoliticalprisonersnow.org"
LANGUAGE_MIXES = [["en"], ["fa"], ["de"], ["es"], ["fr"], ["fa", "de"], ["es", "fa"]]
WALL_IDS = [
    "narges-mohammadi",
    "toomaj-salehi",
    "sepideh-gholian",
    "mohsen-shekari",
    "zeynab-jalalian",
    "ahmadreza-djalali",
]


def make(
    loaded: LoadedDataset,
    kind: str,
    languages: list[str],
    setup: PageSetup,
    ids: list[str],
    **extra: object,
) -> tuple[bytes, list[str]]:
    job = PrintJob(kind, [loaded.get(i) for i in ids], languages, setup, URL, **extra)  # type: ignore[arg-type, misc]
    out = BytesIO()
    result = render(job, out, loaded.dataset.info)
    return out.getvalue(), result.warnings


@pytest.mark.parametrize("languages", LANGUAGE_MIXES, ids="+".join)
@pytest.mark.parametrize(
    ("kind", "size", "ids"),
    [
        ("poster", "A3", ["narges-mohammadi"]),
        ("placard", "A3", ["sepideh-gholian"]),
        ("wall", "A3", WALL_IDS),
    ],
)
def test_every_template_in_every_language(
    loaded: LoadedDataset, kind: str, size: str, ids: list[str], languages: list[str]
) -> None:
    data, warnings = make(loaded, kind, languages, PageSetup(size), ids)
    document = open_pdf(data)
    assert len(document) == 1
    page = document[0]
    assert qr_texts(page) == [URL]
    width, height = PAPER_SIZES[size]
    assert page.get_trimbox() == pytest.approx((0, 0, width, height), abs=0.1)
    fonts = base_fonts(data)
    assert fonts and all(re.fullmatch(r"[A-Z]{6}\+\S+", f) for f in fonts), fonts  # subset
    assert embedded_font_files(data) == len(fonts)  # every font embedded
    text = page_text(page)
    person = loaded.get(ids[0])
    assert person is not None
    if "fa" in languages:
        assert (
            person.name_persian and person.name_persian in text
        )  # pure Persian, back to the logical text
    for char, (left, bottom, right, top) in char_boxes(page):
        assert left >= -0.5 and right <= width + 0.5 and bottom >= -0.5 and top <= height + 0.5, (
            char
        )
    assert not [w for w in warnings if "does not fit" in w], warnings


def test_same_input_same_bytes(loaded: LoadedDataset) -> None:
    first, _ = make(loaded, "poster", ["fa", "de"], PageSetup("A4"), ["nahid-taghavi"])
    second, _ = make(loaded, "poster", ["fa", "de"], PageSetup("A4"), ["nahid-taghavi"])
    assert first == second


@pytest.mark.parametrize("size", ["A4", "A3", "A2", "Letter", "Tabloid"])
def test_paper_sizes_and_bleed_boxes(loaded: LoadedDataset, size: str) -> None:
    setup = PageSetup(size, bleed=True, crop_marks=True)
    data, _ = make(loaded, "poster", ["en"], setup, ["toomaj-salehi"])
    page = open_pdf(data)[0]
    width, height = PAPER_SIZES[size]
    x0, y0, x1, y1 = page.get_trimbox()
    assert (x1 - x0, y1 - y0) == pytest.approx((width, height), abs=0.1)
    b0, c0, b1, c1 = page.get_bleedbox()
    assert (b1 - b0, c1 - c0) == pytest.approx((width + 6 * MM, height + 6 * MM), abs=0.1)
    assert page.get_mediabox()[2] > b1  # room for the crop marks
    assert qr_texts(page, dpi=110 if size == "A2" else 150) == [URL]


def test_landscape_swaps_the_trim(loaded: LoadedDataset) -> None:
    data, _ = make(loaded, "placard", ["en"], PageSetup("A3", landscape=True), ["navid-afkari"])
    _, _, w, h = open_pdf(data)[0].get_trimbox()
    assert w > h


def test_wording_follows_the_status(loaded: LoadedDataset) -> None:
    """Executed: a memorial, never 'Free X'. Released: not imprisoned. Death row: urgent."""
    for pid, forbidden, required in [
        ("mohsen-shekari", ["Free Mohsen", "Political prisoner"], ["In memory of Mohsen Shekari"]),
        ("habib-afkari", ["Free Habib Afkari now", "Political prisoner"], ["Habib Afkari is free"]),
        (
            "varisheh-moradi",  # her death sentence was quashed: a retrial is pending
            ["Stop the execution", "SENTENCED TO DEATH"],
            ["Free Varisheh Moradi now", "AWAITING RETRIAL"],
        ),
        (
            "ahmadreza-djalali",
            ["Free Ahmadreza"],
            ["Stop the execution of Ahmadreza Djalali", "SENTENCED TO DEATH"],
        ),
    ]:
        data, warnings = make(loaded, "poster", ["en"], PageSetup("A4"), [pid])
        text = page_text(open_pdf(data)[0]).replace("\n", " ")
        for phrase in forbidden:
            assert phrase not in text, (pid, phrase)
        for phrase in required:
            assert phrase in text, (pid, phrase)
        assert warnings, "the status guard warns before printing"


def test_footer_prints_status_date_sources_and_dataset(loaded: LoadedDataset) -> None:
    data, _ = make(loaded, "poster", ["de"], PageSetup("A4"), ["nahid-taghavi"])
    text = page_text(open_pdf(data)[0]).replace("\n", " ")
    assert "Stand: 12. Januar 2025" in text  # her newest event: back in Germany
    assert "Quellen: WDR" in text
    assert f"Datensatz {loaded.dataset.info.version}" in text


def test_placard_name_is_readable_from_ten_metres(loaded: LoadedDataset) -> None:
    data, _ = make(loaded, "placard", ["en"], PageSetup("A3"), ["sepideh-gholian"])
    boxes = char_boxes(open_pdf(data)[0])
    capital = max(
        (box for char, box in boxes if char == "S"), key=lambda b: b[3] - b[1]
    )  # "Sepideh"
    assert (capital[3] - capital[1]) / MM >= 40


def test_long_story_shrinks_or_reports_and_stays_in_its_frame(loaded: LoadedDataset) -> None:
    person = loaded.get("narges-mohammadi")
    assert person is not None
    from dataclasses import replace

    from actionkit.core.dataset.model import Story

    long_one = replace(
        person,
        name_latin="Narges " + "Mohammadizadehkhanlou" * 3,
        # 30 times her story: 12 times now fits whole (the story takes the headline's
        # room and shrinks to its 6.5 pt floor), so it no longer proves the note
        story={"en": Story(person.story["en"].text * 30, False)},
    )
    out = BytesIO()
    result = render(
        PrintJob("poster", [long_one], ["en"], PageSetup("A4"), URL), out, loaded.dataset.info
    )
    assert any("does not fit" in w for w in result.warnings)
    page = open_pdf(out.getvalue())[0]
    width, height = PAPER_SIZES["A4"]
    for char, (left, bottom, right, top) in char_boxes(page):
        assert left >= -0.5 and right <= width + 0.5 and bottom >= -0.5 and top <= height + 0.5, (
            char
        )
    assert qr_texts(page) == [URL]


def test_tiling_onto_a4(loaded: LoadedDataset) -> None:
    data, _ = make(loaded, "poster", ["en"], PageSetup("A2"), ["toomaj-salehi"], tile="A4")
    document = open_pdf(data)
    assert len(document) == 9  # the assembly map, then 8 tiles
    for index in range(len(document)):
        page = document[index]
        w, h = page.get_mediabox()[2:]
        assert {round(w), round(h)} == {595, 842}
        assert ("Tile " in page_text(page)) == (index > 0)
    assert "How to put the tiles together" in page_text(document[0])
    assert "Toomaj" in page_text(document[1])
    assert any(qr_texts(document[i], dpi=150) == [URL] for i in range(len(document)))


def test_bad_requests_are_clear_errors(loaded: LoadedDataset) -> None:
    with pytest.raises(ActionKitError, match="No print wording for language 'xx'"):
        make(loaded, "poster", ["xx"], PageSetup("A4"), ["toomaj-salehi"])
    with pytest.raises(ActionKitError, match="4 to 24 people"):
        make(loaded, "wall", ["en"], PageSetup("A4"), ["toomaj-salehi"])
    with pytest.raises(ActionKitError, match="one or two languages"):
        make(loaded, "poster", ["en", "fa", "de"], PageSetup("A4"), ["toomaj-salehi"])
    with pytest.raises(ActionKitError, match="Unknown paper size"):
        PageSetup("A7")


def test_every_shipped_language_has_every_key() -> None:
    for language in wording.available_languages():
        for status in ("detained", "executed", "released", "sentenced_to_death", "unknown"):
            assert wording.demand(loaded_person_stub(status), language)


def loaded_person_stub(status: str):  # type: ignore[no-untyped-def]
    from actionkit.core.dataset import Person
    from tests.dataset_helpers import make_record

    return Person.from_record(
        make_record("x", latin="Test Name", persian="نام آزمایشی", status=status)
    )
