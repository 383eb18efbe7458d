"""Look at PDFs as a user's tools do: render to pixels, decode QR codes, extract text."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path
from typing import Any

import pypdfium2
import zxingcpp

MM = 72 / 25.4


def open_pdf(source: Path | bytes) -> Any:
    return pypdfium2.PdfDocument(source if isinstance(source, Path) else BytesIO(source))


def qr_texts(page: Any, dpi: int = 150) -> list[str]:
    image = page.render(scale=dpi / 72).to_pil()
    return [
        b.text for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode
    ]


def page_text(page: Any) -> str:
    return str(page.get_textpage().get_text_range()).replace("\r\n", "\n")


def char_boxes(page: Any) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every drawn character with its tight glyph box (left, bottom, right, top), in points."""
    textpage = page.get_textpage()
    out = []
    for i in range(textpage.count_chars()):
        char = textpage.get_text_range(i, 1)
        if char.strip():
            out.append((char, textpage.get_charbox(i)))
    return out


def base_fonts(data: bytes) -> set[str]:
    return {m.decode() for m in re.findall(rb"/BaseFont /([A-Za-z0-9+\-]+)", data)}


def embedded_font_files(data: bytes) -> int:
    return data.count(b"/FontFile2")
