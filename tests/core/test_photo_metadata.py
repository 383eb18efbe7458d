"""Cleaning a photo leaves no metadata segment at all, and phones' MPO JPEGs are read."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from PIL import Image

from actionkit.core.dataset.photos import clean_photo


def segments(jpeg: bytes) -> list[int]:
    """The markers of a JPEG's segments before its image data."""
    assert jpeg[:2] == b"\xff\xd8"
    found, position = [], 2
    while jpeg[position + 1] != 0xDA:
        assert jpeg[position] == 0xFF
        found.append(jpeg[position + 1])
        position += 2 + struct.unpack(">H", jpeg[position + 2 : position + 4])[0]
    return found


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def test_comments_xmp_icc_and_every_app_segment_are_gone(tmp_path: Path) -> None:
    image = Image.new("RGB", (64, 48), (120, 30, 200))
    exif = Image.Exif()
    exif[0x8825] = {2: (52.0, 31.0, 0.0), 1: "N"}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"Taken at Evin gate by Sara")
    raw = out.getvalue()
    extra = b"".join(
        _segment(marker, payload)
        for marker, payload in [
            (0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>GPS 35.79N</x:xmpmeta>"),
            (0xE2, b"ICC_PROFILE\x00\x01\x01" + b"\x00" * 40),
            (0xED, b"Photoshop 3.0\x00 byline: Sara"),
            (0xEC, b"Ducky secret"),
            (0xFE, b"second comment: Sara"),
        ]
    )
    source = tmp_path / "phone.jpg"
    source.write_bytes(raw[:2] + extra + raw[2:])
    assert 0xFE in segments(source.read_bytes())

    cleaned = clean_photo(source)

    assert set(segments(cleaned)) - {0xE0} <= {0xDB, 0xC0, 0xC2, 0xC4, 0xDD}
    for secret in (b"Sara", b"Evin", b"GPS", b"xmpmeta", b"ICC_PROFILE", b"Ducky"):
        assert secret not in cleaned, secret
    assert Image.open(io.BytesIO(cleaned)).size == (64, 48)


def test_an_mpo_from_a_phone_is_read_as_its_first_image(tmp_path: Path) -> None:
    first = Image.new("RGB", (80, 60), (250, 0, 0))
    second = Image.new("RGB", (80, 60), (0, 0, 250))
    source = tmp_path / "phone.jpg"
    first.save(source, "MPO", save_all=True, append_images=[second])
    assert Image.open(source).format == "MPO"

    cleaned = Image.open(io.BytesIO(clean_photo(source)))

    assert cleaned.format == "JPEG" and cleaned.size == (80, 60)
    red, _green, blue = cleaned.getpixel((40, 30))  # type: ignore[misc]
    assert red > 200 and blue < 50
