"""Placeholder portraits, and organizers' photos checked, cleaned and kept."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from actionkit.core.dataset import DatasetError, DatasetStore
from actionkit.core.dataset.photos import (
    PLACEHOLDER_BACKGROUND,
    PhotoError,
    clean_photo,
    placeholder_portrait,
)
from actionkit.core.paths import AppPaths


def test_placeholder_is_a_neutral_grey_silhouette() -> None:
    image = placeholder_portrait(200)
    assert image.size == (200, 250)
    corner = image.getpixel((3, 3))
    head = image.getpixel((100, 90))
    shoulders = image.getpixel((100, 240))
    assert corner == PLACEHOLDER_BACKGROUND
    assert isinstance(head, tuple) and isinstance(shoulders, tuple)
    assert head == shoulders and sum(head) < sum(PLACEHOLDER_BACKGROUND) - 150
    assert len({head[0], head[1], head[2]}) <= 3 and max(head) - min(head) < 10  # grey


def _photo_with_gps(path: Path, size: tuple[int, int] = (3000, 2000)) -> Path:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x8825] = {2: (52.0, 31.0, 0.0), 1: "N"}  # GPSInfo: where the camera was
    exif[0x010F] = "PhoneMaker"
    image.save(path, "JPEG", exif=exif)
    return path


def test_clean_photo_drops_metadata_and_limits_size(tmp_path: Path) -> None:
    source = _photo_with_gps(tmp_path / "rally.jpg")
    assert Image.open(source).getexif()  # the original does carry metadata
    cleaned = tmp_path / "clean.jpg"
    cleaned.write_bytes(clean_photo(source))
    with Image.open(cleaned) as result:
        assert result.format == "JPEG"
        assert max(result.size) == 2400
        assert not result.getexif(), "EXIF (with the GPS position) must be gone"


def test_attached_photo_survives_a_restart(app_paths: AppPaths, tmp_path: Path) -> None:
    source = _photo_with_gps(tmp_path / "portrait.png", (600, 800))
    store = DatasetStore(app_paths)
    stored = store.attach_photo(
        store.load(), "toomaj-salehi", source, "Photo: Sara K.", "own photo"
    )
    assert stored.parent == app_paths.data_dir / "photos"
    person = DatasetStore(app_paths).load().get("toomaj-salehi")
    assert person is not None and person.photo is not None
    assert person.photo.credit == "Photo: Sara K."
    assert "photo" in person.local_fields
    assert store.photo_file(person) == stored


def test_attaching_to_an_unknown_person_is_refused(app_paths: AppPaths, tmp_path: Path) -> None:
    store = DatasetStore(app_paths)
    with pytest.raises(DatasetError, match="No person"):
        store.attach_photo(store.load(), "nobody", _photo_with_gps(tmp_path / "x.jpg"), "c", "l")


def _png_header_only(path: Path, width: int, height: int) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\x00" * 64)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: _png_header_only(p / "bomb.png", 60_000, 60_000), "decompression bomb"),
        (
            lambda p: _png_header_only(p / "big.png", 9_000, 7_000),
            "million pixels; the limit is 50",
        ),
        (
            lambda p: (p / "text.jpg").write_text("not an image") and p / "text.jpg",
            "not a JPEG, PNG",
        ),
        (lambda p: _png_header_only(p / "broken.png", 100, 100), "is damaged"),
    ],
    ids=["decompression-bomb", "too-many-pixels", "not-an-image", "truncated"],
)
def test_hostile_or_broken_photos_are_refused(tmp_path: Path, make: object, message: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(PhotoError, match=message):
        clean_photo(path)


def test_gif_and_oversized_files_are_refused(tmp_path: Path) -> None:
    gif = tmp_path / "anim.gif"
    Image.new("P", (10, 10)).save(gif, "GIF")
    with pytest.raises(PhotoError, match="is a GIF file"):
        clean_photo(gif)
    jpeg = _photo_with_gps(tmp_path / "p.jpg", (100, 100))
    with pytest.raises(PhotoError, match="photos may be at most"):
        clean_photo(jpeg, max_bytes=100)
