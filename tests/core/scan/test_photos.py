"""Loading photos and scans: every file type, in memory, upright."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from actionkit.core.scan import PhotoReadError, load_photos


def _picture() -> Image.Image:
    """A 60 x 40 picture: red on the left half, blue on the right, a green top row."""
    array = np.zeros((40, 60, 3), np.uint8)
    array[:, :30] = (220, 20, 20)
    array[:, 30:] = (20, 20, 220)
    array[0:4, :] = (20, 200, 20)
    return Image.fromarray(array, "RGB")


def _saved(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _assert_picture(bgr: np.ndarray) -> None:
    assert bgr.shape == (40, 60, 3)
    # BGR: the red half has a high third channel, the blue half a high first one.
    left, right = bgr[20, 5].astype(int), bgr[20, 55].astype(int)
    assert left[2] > 150 and left[0] < 80
    assert right[0] > 150 and right[2] < 80
    assert bgr[1, 30, 1] > 150


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_jpeg_and_png_decode_from_bytes(fmt: str) -> None:
    photos = load_photos(
        _saved(_picture(), fmt, quality=95) if fmt == "JPEG" else _saved(_picture(), fmt), "IMG_1.x"
    )
    assert [p.source for p in photos] == ["IMG_1.x"]
    _assert_picture(photos[0].image)


def test_heic_from_a_phone_decodes() -> None:
    import pillow_heif

    heif = pillow_heif.from_pillow(_picture())
    out = io.BytesIO()
    heif.save(out, quality=95)
    photos = load_photos(out.getvalue(), "IMG_2.heic")
    assert photos[0].source == "IMG_2.heic"
    _assert_picture(photos[0].image)


def test_exif_orientation_is_applied() -> None:
    # Stored sideways (rotated 90 degrees), with EXIF orientation 6 saying "turn it back".
    sideways = _picture().transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    photos = load_photos(_saved(sideways, "JPEG", quality=95, exif=exif.tobytes()), "IMG_3.jpg")
    _assert_picture(photos[0].image)


def test_every_page_of_a_pdf_scan_is_a_photo(tmp_path: object) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    for _ in range(2):
        document.new_page(72 * 3, 72 * 2)
    out = io.BytesIO()
    document.save(out)
    photos = load_photos(out.getvalue(), "scans.pdf")
    assert [p.source for p in photos] == ["scans.pdf page 1", "scans.pdf page 2"]
    # About 200 dpi: 3 x 2 inches.
    assert photos[0].image.shape == (400, 600, 3)
    assert photos[0].image.dtype == np.uint8
    assert int(photos[0].image.min()) == 255  # blank white pages


def test_a_pdf_page_keeps_its_colours() -> None:
    from PIL import Image as PILImage

    out = io.BytesIO()
    _picture().save(out, "PDF", resolution=20)
    photos = load_photos(out.getvalue(), "one.pdf")
    assert [p.source for p in photos] == ["one.pdf"]
    image = photos[0].image
    h, w = image.shape[:2]
    small = np.asarray(PILImage.fromarray(image).resize((60, 40), PILImage.Resampling.BOX))
    _assert_picture(small)
    assert (h, w) == (400, 600)


def test_a_file_on_disk_is_named_by_its_file_name(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "IMG_9.png"
    path.write_bytes(_saved(_picture(), "PNG"))
    photos = load_photos(path)
    assert photos[0].source == "IMG_9.png"


@pytest.mark.parametrize(
    "blob",
    [b"not an image at all", b"%PDF-1.4 broken", b"\x89PNG\r\n\x1a\n" + b"\0" * 40],
)
def test_unreadable_files_are_refused_with_a_reason(blob: bytes) -> None:
    with pytest.raises(PhotoReadError) as caught:
        load_photos(blob, "odd.file")
    assert "odd.file" in str(caught.value)
    assert caught.value.key is not None and caught.value.key.startswith("scan.")
