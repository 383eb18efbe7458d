"""Signature sheets as a print designer reviewed them (issue 16, second round): the
sheet-id code small in a corner, far from the code signers scan, and labelled for
the organizers in the sheet's languages; a header with a slogan larger than the
demand; the event in each of the sheet's languages; every paragraph aligned by its
own language's direction. Read back from the PDFs."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp

from actionkit.core.print import wording
from actionkit.core.signatures.sheet_geometry import CLEAR
from actionkit.core.signatures.sheets_pdf import DataController
from tests.core.signatures.test_sheet_notice import URL, flat, pdf_of, printed, sheets_for
from tests.pdf_helpers import MM, page_text

CONTROLLER = DataController("Amnesty Köln e.V.", "koeln@example.org")


def codes(page: Any, dpi: int = 200) -> dict[str, tuple[float, float, float]]:
    """Each QR code's text -> its centre (x, y) and its side, in points."""
    image = page.render(scale=dpi / 72).to_pil()
    found = {}
    for code in zxingcpp.read_barcodes(image):
        corners = [code.position.top_left, code.position.top_right]
        corners += [code.position.bottom_right, code.position.bottom_left]
        xs = [c.x * 72 / dpi for c in corners]
        ys = [c.y * 72 / dpi for c in corners]
        side = max(xs) - min(xs)
        found[code.text] = (sum(xs) / 4, sum(ys) / 4, side)
    return found


def line_with(page: Any, word: str) -> tuple[float, float]:
    """The left and right edges of the printed line holding `word`, in points."""
    textpage = page.get_textpage()
    full = textpage.get_text_range()
    at = full.find(word)
    assert at >= 0, (word, full)
    start = full.rfind("\n", 0, at) + 1
    end = full.find("\r", at)
    end = len(full) if end < 0 else end
    boxes = [
        textpage.get_charbox(i) for i in range(start, end) if textpage.get_text_range(i, 1).strip()
    ]
    return min(b[0] for b in boxes), max(b[2] for b in boxes)


@pytest.mark.parametrize("languages", [("fa", "de"), ("en",), ("ar", "en")], ids="+".join)
def test_the_sheet_id_code_is_small_far_from_the_appeal_and_labelled(
    tmp_path: Path, languages: tuple[str, ...]
) -> None:
    # Old code: the id code 6 mm beside the appeal's code, as large, labelled "Sheet X".
    event, sheets = sheets_for(tmp_path, [languages], city="Köln", start_time="14:00")
    page = pdf_of(event, sheets, CONTROLLER)[0]
    found = codes(page)
    assert set(found) == {URL, sheets[0].id}
    ax, ay, appeal_side = found[URL]
    ix, iy, id_side = found[sheets[0].id]
    assert math.dist((ax, ay), (ix, iy)) > 150 * MM
    assert id_side < 0.7 * appeal_side
    text = flat(page_text(page))
    for lang in languages:
        # Up to the colon (PDFium gives the Persian ezafe ـهٔ back as another letter).
        label = printed(wording.text(lang, "sheet_id_for_organizers"))
        assert label.split(":")[0].strip() in text
    assert sheets[0].id in text


def font_size_at(page: Any, word: str) -> float:
    textpage = page.get_textpage()
    at = textpage.get_text_range().find(word)
    assert at >= 0, word
    return float(pdfium_c.FPDFText_GetFontSize(textpage.raw, at))


def test_the_slogan_is_larger_than_the_demand(tmp_path: Path) -> None:
    # Old code: slogan and demand both at 15 pt bold.
    event, sheets = sheets_for(tmp_path, [("de", "en")], city="Köln")
    page = pdf_of(event, sheets)[0]
    assert font_size_at(page, "Freiheit für") >= 1.5 * font_size_at(page, "Wir fordern")
    assert font_size_at(page, "Free all") >= 1.5 * font_size_at(page, "We demand")


def test_a_persian_led_sheet_gives_the_event_in_each_language(tmp_path: Path) -> None:
    # Old code: date and time in Persian only on a fa+de sheet.
    event, sheets = sheets_for(tmp_path, [("fa", "de")], city="Köln", start_time="14:00")
    text = flat(page_text(pdf_of(event, sheets)[0]))
    assert "10. Dezember 2026, 14:00" in text
    assert "۱۴:۰۰" in text and "۲۰۲۶" in text


def test_each_paragraph_aligns_by_its_own_language(tmp_path: Path) -> None:
    # Old code: the German consent line, event and legal text right-aligned on a
    # Persian-led sheet, the Persian ones left-aligned on an English-led one.
    event, sheets = sheets_for(tmp_path, [("fa", "de"), ("en", "fa")], city="Köln")
    pages = pdf_of(event, sheets, CONTROLLER)
    width = pages[0].get_width()
    # The footer starts past the bottom registration marks (CLEAR from the edge).
    left, _ = line_with(pages[0], "Kreuzen Sie")
    assert left < CLEAR + 2 * MM
    left, _ = line_with(pages[0], "Rally for Narges · 10. Dezember")
    assert left < 12 * MM
    consent_fa = printed(wording.text("fa", "consent_note"))[:12]
    _, right = line_with(pages[1], consent_fa)
    assert right > width - CLEAR - 2 * MM
