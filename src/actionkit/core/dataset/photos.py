"""Portraits: the neutral placeholder, and organizers' own photos, checked and cleaned.

No photo ships with the dataset (none may be redistributed). Wherever a photo
is missing, a neutral silhouette is drawn; its geometry is plain data so the
print engine can draw it as vectors and the GUI as pixels.

An attached photo is checked before anything is kept (file size, format,
pixel count: decompression bombs are refused before decoding), then re-encoded
as JPEG: that drops EXIF metadata such as the GPS position of the camera,
which could identify the organizer. Every other metadata segment goes too
(comments, XMP, ICC profiles, maker notes, Photoshop blocks): the written JPEG
is checked segment by segment, and only what decoding needs is left.
"""

from __future__ import annotations

import hashlib
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from actionkit.core.dataset.model import Crop
from actionkit.core.errors import ActionKitError
from actionkit.core.storage import atomic_write_bytes

if TYPE_CHECKING:
    from PIL import Image

MAX_PHOTO_BYTES = 25 * 1024 * 1024
MAX_PHOTO_PIXELS = 50_000_000
STORED_MAX_SIDE = 2400
# MPO is what phones save: a JPEG with further images (depth, a second lens) after
# the first; only the first is read.
ACCEPTED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
# The only segment kept in a cleaned JPEG before its image data: JFIF (APP0).
_KEPT_MARKERS = {0xE0}

# The crop the user draws has the poster's portrait shape (4 wide, 5 high); pieces with
# other shapes keep its centre and as much of it as they can (see frame_crop).
PORTRAIT_ASPECT = 4 / 5

# Placeholder colours: mid-greys that print cleanly in black and white.
PLACEHOLDER_BACKGROUND = (226, 226, 222)
PLACEHOLDER_FIGURE = (150, 152, 156)


class PhotoError(ActionKitError):
    """A photo the user chose cannot be used; the message says why."""


@dataclass(frozen=True)
class Ellipse:
    """An ellipse as fractions of the portrait frame's width (x) and height (y), y down."""

    left: float
    top: float
    right: float
    bottom: float


# Head and shoulders; the shoulders run off the bottom edge and are clipped.
SILHOUETTE: tuple[Ellipse, ...] = (
    Ellipse(0.29, 0.16, 0.71, 0.56),
    Ellipse(0.06, 0.61, 0.94, 1.32),
)


def placeholder_portrait(width: int, height: int | None = None) -> Image.Image:
    """The neutral silhouette as an RGB image (drawn 4x larger, then reduced, for smooth edges)."""
    from PIL import Image, ImageDraw

    height = height or round(width * 1.25)
    scale = 4
    big = Image.new("RGB", (width * scale, height * scale), PLACEHOLDER_BACKGROUND)
    draw = ImageDraw.Draw(big)
    w, h = width * scale, height * scale
    for shape in SILHOUETTE:
        box = (shape.left * w, shape.top * h, shape.right * w, shape.bottom * h)
        draw.ellipse(box, fill=PLACEHOLDER_FIGURE)
    return big.resize((width, height), Image.Resampling.LANCZOS)


def _open_checked(source: Path, max_bytes: int, max_pixels: int) -> Image.Image:
    from PIL import Image, UnidentifiedImageError

    try:
        size = source.stat().st_size
    except OSError as exc:
        raise PhotoError(
            f"{source.name}: cannot be read ({exc.strerror or exc}).",
            key="photo.unreadable",
            file=source.name,
            reason=str(exc.strerror or exc),
        ) from exc
    if size > max_bytes:
        raise PhotoError(
            f"{source.name} is {size / 1e6:.1f} MB; "
            f"photos may be at most {max_bytes / 1e6:.0f} MB.",
            key="photo.too_large",
            file=source.name,
            size=f"{size / 1e6:.1f}",
            limit=f"{max_bytes / 1e6:.0f}",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(source)
            image.format  # noqa: B018  (the header is read here)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(
            f"{source.name} claims far too many pixels to be a photo; it was refused "
            f"(limit {max_pixels / 1e6:.0f} million, against 'decompression bomb' files).",
            key="photo.bomb",
            file=source.name,
            limit=f"{max_pixels / 1e6:.0f}",
        ) from None
    except UnidentifiedImageError:
        raise PhotoError(
            f"{source.name} is not a JPEG, PNG or WebP image ActionKit can read.",
            key="photo.not_image",
            file=source.name,
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
        # Pillow's decoders report a crafted or truncated header in all these ways.
        raise PhotoError(
            f"{source.name}: cannot be read as an image ({exc}).",
            key="photo.bad_image",
            file=source.name,
            reason=str(exc),
        ) from exc
    if image.format not in ACCEPTED_FORMATS:
        image.close()
        raise PhotoError(
            f"{source.name} is a {image.format} file; use a JPEG, PNG or WebP photo.",
            key="photo.format",
            file=source.name,
            format=str(image.format),
        )
    pixels = image.width * image.height
    if pixels > max_pixels:
        image.close()
        raise PhotoError(
            f"{source.name} has {pixels / 1e6:.0f} million pixels; the limit is "
            f"{max_pixels / 1e6:.0f} million (this protects against 'decompression bomb' files).",
            key="photo.too_many_pixels",
            file=source.name,
            pixels=f"{pixels / 1e6:.0f}",
            limit=f"{max_pixels / 1e6:.0f}",
        )
    return image


def check_photo(
    source: Path, *, max_bytes: int = MAX_PHOTO_BYTES, max_pixels: int = MAX_PHOTO_PIXELS
) -> tuple[int, int]:
    """The photo's width and height, after the checks attaching it makes (size, format,
    pixel count); raises PhotoError with the reason otherwise. Nothing is decoded."""
    image = _open_checked(Path(source), max_bytes, max_pixels)
    try:
        return image.width, image.height
    finally:
        image.close()


def default_crop(width: int, height: int, aspect: float = PORTRAIT_ASPECT) -> Crop:
    """The largest crop of `aspect` (width / height, in pixels) centred on the picture,
    a little above the middle when the picture is tall (faces sit in the upper part)."""
    if width / height > aspect:
        w = height * aspect / width
        return Crop((1 - w) / 2, 0.0, (1 + w) / 2, 1.0)
    h = width / aspect / height
    top = min((1 - h) * 0.3, 1 - h)
    return Crop(0.0, top, 1.0, top + h)


def frame_crop(
    width: int, height: int, crop: Crop | None, frame_aspect: float
) -> tuple[float, float, float, float]:
    """The pixel box (left, top, right, bottom) of a `width` x `height` picture to print
    in a frame of `frame_aspect` (width / height): the same shape as the frame, so
    nothing is ever stretched, around the crop's centre (moved only as far as the
    picture's edges require), as large as needed to show the whole crop and no larger
    than the picture. When the picture cannot hold all of the
    crop at the frame's shape, as much of it as fits is shown, around its centre."""
    crop = crop or Crop.whole()
    cw = (crop.right - crop.left) * width
    ch = (crop.bottom - crop.top) * height
    w = max(cw, ch * frame_aspect)
    h = w / frame_aspect
    shrink = min(1.0, width / w, height / h)
    # min() again: the products can exceed the picture by a rounding error.
    w, h = min(w * shrink, float(width)), min(h * shrink, float(height))
    cx, cy = crop.centre[0] * width, crop.centre[1] * height
    left = max(0.0, min(cx - w / 2, width - w))
    top = max(0.0, min(cy - h / 2, height - h))
    return left, top, min(left + w, float(width)), min(top + h, float(height))


def clean_photo(
    source: Path,
    *,
    max_bytes: int = MAX_PHOTO_BYTES,
    max_pixels: int = MAX_PHOTO_PIXELS,
) -> bytes:
    """The photo re-encoded as a JPEG without metadata, at most STORED_MAX_SIDE pixels a side."""
    from PIL import Image, ImageOps

    image = _open_checked(Path(source), max_bytes, max_pixels)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
        upright = ImageOps.exif_transpose(image) or image
        rgb = upright.convert("RGB")
    except (
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        struct.error,
        Image.DecompressionBombWarning,
    ) as exc:
        raise PhotoError(
            f"{Path(source).name} is damaged and cannot be used ({exc}).",
            key="photo.damaged",
            file=Path(source).name,
            reason=str(exc),
        ) from exc
    finally:
        image.close()
    rgb.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE), Image.Resampling.LANCZOS)
    rgb.info.clear()  # Pillow would write a JPEG comment kept here back into the file
    from io import BytesIO

    out = BytesIO()
    rgb.save(out, "JPEG", quality=90, optimize=True)  # no exif= argument: metadata dropped
    return strip_jpeg_metadata(out.getvalue())


def strip_jpeg_metadata(jpeg: bytes) -> bytes:
    """The JPEG without its COM and APPn segments (JFIF's APP0 kept): they carry
    comments, camera and location data, never anything decoding needs for an RGB image."""
    if jpeg[:2] != b"\xff\xd8":
        raise PhotoError("The cleaned photo is not a JPEG.", key="photo.damaged", reason="")
    out = bytearray(jpeg[:2])
    position = 2
    while position + 4 <= len(jpeg):
        if jpeg[position] != 0xFF:
            break
        marker = jpeg[position + 1]
        if marker == 0xDA:  # start of scan: the image data follows
            break
        length = struct.unpack(">H", jpeg[position + 2 : position + 4])[0]
        end = position + 2 + length
        metadata = marker == 0xFE or (0xE0 <= marker <= 0xEF and marker not in _KEPT_MARKERS)
        if not metadata:
            out += jpeg[position:end]
        position = end
    return bytes(out + jpeg[position:])


def store_photo(person_id: str, source: Path, photos_dir: Path) -> str:
    """Check, clean and copy a photo into the user's photo folder; returns the stored file name."""
    data = clean_photo(source)
    name = f"{person_id}-{hashlib.sha256(data).hexdigest()[:12]}.jpg"
    atomic_write_bytes(photos_dir / name, data)
    return name
