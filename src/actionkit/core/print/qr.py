"""QR codes drawn as one vector path, with a quiet zone and a size check.

reportlab's QrCodeWidget encodes each code twice and builds one shape per
module (most of a flyer batch's time, measured); here the `qrcode` matrix
becomes rectangles merged along each row, drawn as a single filled path.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from actionkit.core.errors import ActionKitError

QUIET_MODULES = 4
MIN_MODULE_MM = 0.5
MM = 72 / 25.4

_LEVELS = {"L": 1, "M": 0, "Q": 3, "H": 2}  # qrcode's ERROR_CORRECT_* values


class QRTooSmallError(ActionKitError):
    """The printed code would be too small to scan reliably."""


@dataclass(frozen=True)
class QRCode:
    data: str
    matrix: tuple[tuple[bool, ...], ...]
    level: str

    @property
    def modules(self) -> int:
        return len(self.matrix)

    def module_mm(self, side: float) -> float:
        """Module size in mm when the code, quiet zone included, is `side` points wide."""
        return side / (self.modules + 2 * QUIET_MODULES) / MM

    def min_side(self) -> float:
        """Smallest side in points (with quiet zone) that keeps modules >= 0.5 mm."""
        return (self.modules + 2 * QUIET_MODULES) * MIN_MODULE_MM * MM

    def draw(self, canvas: Any, x: float, y: float, side: float, *, strict: bool = True) -> None:
        """Draw with the quiet zone inside the `side` x `side` square at (x, y) (bottom left).

        Refuses (QRTooSmallError) a size whose modules would be under 0.5 mm,
        unless strict is False.
        """
        if strict and self.module_mm(side) < MIN_MODULE_MM:
            raise QRTooSmallError(
                f"A QR code of {side / MM:.0f} mm is too small to scan for this address "
                f"(modules of {self.module_mm(side):.2f} mm, at least {MIN_MODULE_MM} mm needed: "
                f"make it at least {self.min_side() / MM:.0f} mm or shorten the address)."
            )
        module = side / (self.modules + 2 * QUIET_MODULES)
        canvas.saveState()
        canvas.setFillColorRGB(1, 1, 1)
        canvas.rect(x, y, side, side, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        path = canvas.beginPath()
        top = y + side - QUIET_MODULES * module
        left = x + QUIET_MODULES * module
        for r, row in enumerate(self.matrix):
            c = 0
            while c < len(row):
                if row[c]:
                    start = c
                    while c < len(row) and row[c]:
                        c += 1
                    path.rect(
                        left + start * module, top - (r + 1) * module, (c - start) * module, module
                    )
                else:
                    c += 1
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()


@lru_cache(maxsize=256)
def make_qr(data: str, level: str = "M") -> QRCode:
    """Encode `data` (UTF-8) at error-correction level L, M, Q or H."""
    import qrcode

    if level not in _LEVELS:
        raise ValueError(f"QR error correction must be one of {', '.join(_LEVELS)}")
    code = qrcode.QRCode(error_correction=_LEVELS[level], border=0)
    code.add_data(data.encode("utf-8"))
    try:
        code.make(fit=True)
    except ValueError as exc:  # qrcode raises DataOverflowError (a ValueError) when too long
        raise ActionKitError(
            f"This address is too long for a QR code ({len(data)} characters)."
        ) from exc
    matrix = tuple(tuple(bool(m) for m in row) for row in code.get_matrix())
    return QRCode(data, matrix, level)
