"""Finding the four registration marks on a photo and the page's perspective.

Detection runs on a downscaled copy (fast), the corners are then refined on the
full-resolution photo. Each mark gives four corners, so three marks (twelve
points) still fix the perspective; a missing mark's place is then computed from
the others, to tell a corner outside the photo from one that is covered.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from actionkit.core.signatures.sheet_layout import (
    CORNERS,
    MARK_DICTIONARY,
    SHEET_PAPERS,
    Mark,
    registration_marks,
)

# The long side of the copy the marks are looked for on.
DETECT_SIDE = 1600
# A second, larger look when the first finds fewer than four (small or far sheets).
RETRY_SIDE = 2800
# And a last, smaller one when none is found (a blurred photo).
LAST_SIDE = 800


@dataclass(frozen=True)
class FoundMarks:
    corners: dict[int, np.ndarray]  # marker id -> 4x2 float32 corners in photo pixels
    duplicates: bool  # an id seen twice: more than one sheet in the photo


def _detector() -> cv2.aruco.ArucoDetector:
    dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, MARK_DICTIONARY))
    params = cv2.aruco.DetectorParameters()
    params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_NONE
    # Street light and shadows: a wider range of threshold windows.
    params.adaptiveThreshWinSizeMin = 5
    params.adaptiveThreshWinSizeMax = 45
    params.adaptiveThreshWinSizeStep = 8
    return cv2.aruco.ArucoDetector(dictionary, params)


_DETECTOR: cv2.aruco.ArucoDetector | None = None


def detector() -> cv2.aruco.ArucoDetector:
    global _DETECTOR
    if _DETECTOR is None:
        _DETECTOR = _detector()
    return _DETECTOR


def _detect_at(gray: np.ndarray, side: int) -> tuple[dict[int, np.ndarray], bool]:
    scale = min(1.0, side / max(gray.shape))
    small = (
        gray
        if scale == 1.0
        else cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    )
    corners, ids, _rejected = detector().detectMarkers(small)
    found: dict[int, np.ndarray] = {}
    duplicates = False
    if ids is None:
        return found, duplicates
    for quad, marker_id in zip(corners, ids.ravel(), strict=True):
        key = int(marker_id)
        if key >= len(CORNERS):
            continue
        if key in found:
            duplicates = True
        found[key] = quad.reshape(4, 2).astype(np.float32) / scale
    return found, duplicates


def find_marks(gray: np.ndarray) -> FoundMarks:
    found, duplicates = _detect_at(gray, DETECT_SIDE)
    if len(found) < len(CORNERS) and max(gray.shape) > DETECT_SIDE * 1.2:
        more, more_duplicates = _detect_at(gray, RETRY_SIDE)
        if len(more) > len(found):
            found, duplicates = more, more_duplicates
    if not found:
        # A blurred photo: on a smaller copy the blur is a few pixels only.
        found, duplicates = _detect_at(gray, LAST_SIDE)
    for key, quad in found.items():
        found[key] = _refine(gray, quad)
    return FoundMarks(found, duplicates)


def _refine(gray: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The corners to a fraction of a pixel on the full photo."""
    side = float(np.mean(np.linalg.norm(quad - np.roll(quad, 1, axis=0), axis=1)))
    # A marker is six cells wide; a window of about half a cell sees one corner only.
    half = int(max(2, min(12, side / 14)))
    points = quad.reshape(-1, 1, 2).copy()
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 0.05)
    refined = cv2.cornerSubPix(gray, points, (half, half), (-1, -1), criteria)
    out = refined.reshape(4, 2)
    # A corner that wandered off (a shadow edge, a finger) keeps the coarse place.
    moved = np.linalg.norm(out - quad, axis=1)
    out[moved > half * 1.5] = quad[moved > half * 1.5]
    return out


def mark_points(mark: Mark) -> np.ndarray:
    """The mark's corners in mm, in the order ArUco reports them (clockwise from
    the marker's own top-left)."""
    r = mark.rect
    return np.array(
        [[r.x, r.y], [r.right, r.y], [r.right, r.bottom], [r.x, r.bottom]], dtype=np.float32
    )


@dataclass(frozen=True)
class Perspective:
    paper: str
    homography: np.ndarray  # mm on the page -> photo pixels
    error: float  # RMS of the fit, as a fraction of a mark's side in pixels
    marks: tuple[Mark, ...]


def fit_perspective(
    found: dict[int, np.ndarray], marks: tuple[Mark, ...], paper: str
) -> Perspective | None:
    by_id = {m.marker_id: m for m in marks}
    keys = [k for k in sorted(found) if k in by_id]
    if len(keys) < 3:
        return None
    page = np.concatenate([mark_points(by_id[k]) for k in keys])
    photo = np.concatenate([found[k] for k in keys])
    homography, _mask = cv2.findHomography(page, photo, 0)
    if homography is None:
        return None
    projected = cv2.perspectiveTransform(page.reshape(-1, 1, 2), homography).reshape(-1, 2)
    rms = float(np.sqrt(np.mean(np.sum((projected - photo) ** 2, axis=1))))
    side = float(np.mean([np.linalg.norm(found[k][0] - found[k][2]) for k in keys])) / np.sqrt(2)
    return Perspective(paper, homography, rms / max(side, 1.0), marks)


def best_perspective(found: dict[int, np.ndarray]) -> Perspective | None:
    """The paper whose marks fit the found ones best, and its perspective."""
    fits = [fit_perspective(found, registration_marks(paper), paper) for paper in SHEET_PAPERS]
    good = [f for f in fits if f is not None]
    return min(good, key=lambda f: f.error) if good else None


def project(perspective: Perspective, points_mm: np.ndarray) -> np.ndarray:
    return cv2.perspectiveTransform(
        points_mm.reshape(-1, 1, 2).astype(np.float64), perspective.homography
    ).reshape(-1, 2)
