"""Photos and scans of sheets, decoded in memory into BGR arrays.

A photo is signer data: it is decoded from bytes held in memory and never
written anywhere (the store keeps the straightened page, nothing else does).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from actionkit.core.errors import ActionKitError

# Scans are rendered at about this resolution: enough for the marks, the codes
# and a readable row, and well under a phone photo's pixel count.
PDF_DPI = 200
# A photo larger than this is refused rather than decoded (a decompression bomb).
MAX_PIXELS = 60_000_000


class PhotoReadError(ActionKitError):
    """A file that is not a photo or a scan ActionKit can read."""


@dataclass(frozen=True)
class Photo:
    source: str  # what the user calls it: "IMG_1.heic", "scans.pdf page 3"
    image: np.ndarray  # BGR, uint8


def _heif_ready() -> None:
    import pillow_heif

    pillow_heif.register_heif_opener()


def load_photos(data: Path | str | bytes, name: str | None = None) -> list[Photo]:
    """Every image in a JPEG, PNG, HEIC/HEIF or PDF file (one per PDF page)."""
    if isinstance(data, bytes):
        blob = data
        label = name or "photo"
    else:
        path = Path(data)
        label = name or path.name
        try:
            blob = path.read_bytes()
        except OSError as error:
            raise PhotoReadError(
                f"{label}: cannot be read ({error.strerror or error}).",
                key="scan.file_unreadable",
                name=label,
            ) from error
    if blob[:5] == b"%PDF-":
        return _pdf_pages(blob, label)
    return [Photo(label, _decode_image(blob, label))]


def _decode_image(blob: bytes, label: str) -> np.ndarray:
    if blob[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypmsf1", b"ftypheif", b"ftyphevc"):
        _heif_ready()
    try:
        with Image.open(io.BytesIO(blob)) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise PhotoReadError(
                    f"{label}: the image is too large ({opened.width} x {opened.height} pixels).",
                    key="scan.file_too_large",
                    name=label,
                )
            upright = ImageOps.exif_transpose(opened)
            rgb = upright.convert("RGB")
    except PhotoReadError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise PhotoReadError(
            f"{label}: not a photo or scan ActionKit can read (JPEG, PNG, HEIC or PDF).",
            key="scan.file_unsupported",
            name=label,
        ) from error
    array = np.asarray(rgb)
    return np.ascontiguousarray(array[:, :, ::-1])


def _pdf_pages(blob: bytes, label: str) -> list[Photo]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(blob)
    except pypdfium2.PdfiumError as error:
        raise PhotoReadError(
            f"{label}: the PDF cannot be opened ({error}).",
            key="scan.pdf_unreadable",
            name=label,
        ) from error
    photos = []
    try:
        count = len(document)
        for index in range(count):
            page = document[index]
            bitmap = page.render(scale=PDF_DPI / 72)
            rgb = np.asarray(bitmap.to_numpy())[:, :, :3]
            # pypdfium2 renders BGR(A) by default.
            image = np.ascontiguousarray(rgb)
            source = label if count == 1 else f"{label} page {index + 1}"
            photos.append(Photo(source, image))
            page.close()
    finally:
        document.close()
    if not photos:
        raise PhotoReadError(f"{label}: the PDF has no pages.", key="scan.pdf_empty", name=label)
    return photos
