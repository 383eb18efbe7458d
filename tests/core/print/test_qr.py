"""QR codes decode from the printed size, and refuse sizes too small to scan."""

from __future__ import annotations

from io import BytesIO

import pytest

from actionkit.core.print.page import MM, PageSetup, begin_page, new_canvas
from actionkit.core.print.qr import QRTooSmallError, make_qr
from tests.pdf_helpers import open_pdf, qr_texts

URLS = [
    "https://www.freeiranspoliticalprisonersnow.org",
    "https://example.org/appeal?utm_source=flyer&utm_campaign=k%C3%B6ln#sign",
    "https://example.org/فراخوان?شهر=کلن",
]


def qr_pdf(data: str, side_mm: float, level: str = "M") -> bytes:
    out = BytesIO()
    canvas = new_canvas(out, PageSetup("A5"), title="qr")
    begin_page(canvas, PageSetup("A5"))
    make_qr(data, level).draw(canvas, 30, 200, side_mm * MM)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("level", ["L", "M", "H"])
def test_decodes_exactly_at_150_dpi(url: str, level: str) -> None:
    code = make_qr(url, level)
    side = max(25.0, code.min_side() / MM)
    assert qr_texts(open_pdf(qr_pdf(url, side, level))[0]) == [url]


def test_drawn_as_one_path() -> None:
    data = qr_pdf(URLS[0], 30)
    page = open_pdf(data)[0]
    assert (
        len([o for o in page.get_objects() if o.type == 2]) <= 3
    )  # path objects: background + code


def test_too_small_to_scan_is_refused_with_the_size_that_works() -> None:
    code = make_qr(URLS[0])
    assert code.module_mm(10 * MM) < 0.5
    with pytest.raises(QRTooSmallError, match=r"at least \d+ mm"):
        qr_pdf(URLS[0], 10)


def test_higher_error_correction_needs_more_modules() -> None:
    assert make_qr(URLS[0], "H").modules > make_qr(URLS[0], "L").modules
