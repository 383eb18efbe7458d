"""Detectors that read a rendered PDF, as a print designer would check a proof.

Everything here looks at the PDF only (PDFium's text page with its character
boxes and sizes, the page objects, the page rendered to pixels and its QR codes
decoded), never at the engine that drew it: a defect the engine cannot see is
still found.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

MM = 72 / 25.4
MIN_TEXT_PT = 6.0
MIN_MODULE_MM = 0.5
QUIET_MODULES = 4
SIZE_TOLERANCE_MM = 0.5
TRIM_TOLERANCE = 0.5  # points a glyph box may touch past the trim (antialiasing, rounding)

KINDS = (
    "broken_word",
    "overlap",
    "outside_trim",
    "small_text",
    "qr_module",
    "qr_quiet_zone",
    "qr_missing",
    "size",
    "text_dropped",
)

# A word: letters, digits, marks, the Persian zero-width non-joiner, and glyphs
# HarfBuzz left without a code point (private use: we cannot judge those words).
_WORD = re.compile(r"[\w\u064b-\u065f\u0670\u06e1\u200c\u0640\ue000-\uf8ff]+")
_PRIVATE = re.compile(r"[\ue000-\uf8ff]")
_FOLD = str.maketrans(
    {"ي": "ی", "ك": "ک", "ى": "ی", "\u0640": None, "\u200c": None}
    # heh with hamza (مؤسسۀ): PDFium gives it back as Sorani ae (U+06D5) + hamza
    | {"\u06c0": "ه", "\u06d5": "ه"}
    # Arabic vowel marks (tanwin in "غیاباً"): PDFium may give them back apart or not at all
    | {chr(c): None for c in (*range(0x064B, 0x0660), 0x0670)}
)


def normalize(word: str) -> str:
    """The form words are compared in: case, Arabic/Persian letter variants, vowel
    marks and tatweel/ZWNJ folded away, so a word printed in capitals or with
    Persian letters still matches its source."""
    return unicodedata.normalize("NFC", word).casefold().translate(_FOLD)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@dataclass(frozen=True)
class Defect:
    kind: str
    piece: str  # which case of the matrix, e.g. "poster A3 landscape fa+de"
    page: int  # 1-based
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "piece": self.piece, "page": self.page, "detail": self.detail}


@dataclass
class Vocabulary:
    """Every word a piece may print: names, printed words, stories, event values, URL."""

    words: set[str] = field(default_factory=set)
    _prefixes: set[str] | None = None
    _suffixes: set[str] | None = None

    def add_text(self, text: str) -> None:
        self.words.update(normalize(w) for w in words(text))
        self._prefixes = self._suffixes = None

    def add_all(self, texts: Iterable[str]) -> None:
        for text in texts:
            self.add_text(text)

    def __contains__(self, word: str) -> bool:
        return normalize(word) in self.words

    def is_fragment(self, word: str) -> bool:
        """A proper start or end of a vocabulary word that is not a word itself."""
        if self._prefixes is None or self._suffixes is None:
            self._prefixes, self._suffixes = set(), set()
            for w in self.words:
                for i in range(2, len(w)):
                    self._prefixes.add(w[:i])
                    self._suffixes.add(w[-i:])
        n = normalize(word)
        return n not in self.words and (n in self._prefixes or n in self._suffixes)


@dataclass(frozen=True)
class Char:
    text: str
    box: tuple[float, float, float, float]  # left, bottom, right, top (tight glyph box)
    size: float  # effective size in points (font size times the drawing's scale)
    line: int  # PDFium's line number on the page
    run: int  # the text object (one string drawn at once) the glyph belongs to


@dataclass(frozen=True)
class QRFound:
    text: str
    box: tuple[float, float, float, float]  # the symbol without its quiet zone, in points
    module_mm: float
    quiet_ok: bool
    module_px: float  # at the resolution it was read at


@dataclass
class PageFacts:
    chars: list[Char]
    lines: list[str]
    trim: tuple[float, float, float, float]
    qrs: list[QRFound]
    images: list[tuple[float, float, float, float]]  # photos as printed (on the page itself)
    marks_x: list[float]  # vertical crop/cut mark positions
    marks_y: list[float]
    bands: list[tuple[float, float, float, float]] = field(default_factory=list)
    # filled shapes drawn over a photo (a caption band): text on them is not on the photo


def read_chars(page: Any) -> tuple[list[Char], list[str]]:
    """Drawn characters with their boxes and sizes, and the page's text lines."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    chars: list[Char] = []
    lines: list[str] = [""]
    matrix = pdfium_c.FS_MATRIX()
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    one_to_one = len(text) == count  # no characters outside the BMP
    for i in range(count):
        ch = text[i] if one_to_one else textpage.get_text_range(i, 1)
        if ch in ("\r", "\n"):
            if lines[-1]:
                lines.append("")
            continue
        lines[-1] += ch
        if not ch.strip():
            continue
        pdfium_c.FPDFText_GetMatrix(textpage, i, matrix)
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        size = pdfium_c.FPDFText_GetFontSize(textpage, i) * scale
        handle = pdfium_c.FPDFText_GetTextObject(textpage, i)
        run = ctypes.cast(handle, ctypes.c_void_p).value or 0
        chars.append(Char(ch, textpage.get_charbox(i), size, len(lines) - 1, run))
    return chars, [line for line in lines if line]


def find_qrs(
    page: Any, dpi: float, region: tuple[float, float, float, float] | None = None
) -> list[QRFound]:
    """Decode the QR codes of the page (or of a region of it, in points); measure their
    modules and their quiet zones in pixels."""
    import zxingcpp

    scale = dpi / 72
    page_box = page.get_cropbox()
    area = region or page_box
    crop = (
        max(0.0, area[0] - page_box[0]),
        max(0.0, area[1] - page_box[1]),
        max(0.0, page_box[2] - area[2]),
        max(0.0, page_box[3] - area[3]),
    )
    image = page.render(scale=scale, grayscale=True, crop=crop).to_pil().convert("L")
    left, top = page_box[0] + crop[0], page_box[3] - crop[3]  # the image's top-left corner
    found = []
    for code in zxingcpp.read_barcodes(image):
        if code.format != zxingcpp.BarcodeFormat.QRCode:
            continue
        pos = code.position
        xs = [pos.top_left.x, pos.top_right.x, pos.bottom_right.x, pos.bottom_left.x]
        ys = [pos.top_left.y, pos.top_right.y, pos.bottom_right.y, pos.bottom_left.y]
        extra: dict[str, Any] = code.extra if isinstance(code.extra, dict) else {}
        version = int(extra.get("Version") or 1)
        modules = 17 + 4 * version
        # zxing's corners are the outer corners of the finder patterns' last pixels
        side_px = (max(xs) - min(xs) + 1 + max(ys) - min(ys) + 1) / 2
        module_px = side_px / modules
        quiet_ok = _quiet_zone_clear(image, min(xs), min(ys), max(xs) + 1, max(ys) + 1, module_px)
        box = (
            left + min(xs) / scale,
            top - (max(ys) + 1) / scale,
            left + (max(xs) + 1) / scale,
            top - min(ys) / scale,
        )
        found.append(QRFound(code.text, box, module_px / scale / MM, quiet_ok, module_px))
    return found


def _quiet_zone_clear(
    image: Any, x0: float, y0: float, x1: float, y1: float, module: float
) -> bool:
    """Nothing dark in the ring of four modules around the symbol (half a module of
    antialiasing allowed at both edges of the ring)."""
    inner = module * 0.6
    outer = module * (QUIET_MODULES - 0.5)
    width, height = image.size
    box = (
        max(0, int(x0 - outer)),
        max(0, int(y0 - outer)),
        min(width, math.ceil(x1 + outer)),
        min(height, math.ceil(y1 + outer)),
    )
    if box[0] > x0 - outer + 1 or box[1] > y0 - outer + 1:
        return False  # the quiet zone runs off the page
    if box[2] < x1 + outer - 1 or box[3] < y1 + outer - 1:
        return False
    # four strips around the symbol: above, below, left, right
    ix0, iy0 = int(x0 - inner), int(y0 - inner)
    ix1, iy1 = math.ceil(x1 + inner), math.ceil(y1 + inner)
    strips = (
        (box[0], box[1], box[2], iy0),
        (box[0], iy1, box[2], box[3]),
        (box[0], iy0, ix0, iy1),
        (ix1, iy0, box[2], iy1),
    )
    for strip in strips:
        if strip[2] > strip[0] and strip[3] > strip[1]:
            darkest = image.crop(strip).getextrema()[0]
            if darkest < 128:
                return False
    return True


QR_PIXELS = 1_500_000  # a first look at the whole page; closer when a code is small
QR_SHARP_DPI = 200
MIN_MODULE_PX = 3.0


def read_page(page: Any, *, qrs_expected: int = 0) -> PageFacts:
    import pypdfium2.raw as pdfium_c

    chars, lines = read_chars(page)
    qrs = _read_qrs(page, qrs_expected)
    images: list[tuple[float, float, float, float]] = []
    bands: list[tuple[float, float, float, float]] = []
    marks_x: list[float] = []
    marks_y: list[float] = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    # Only the page's own objects: what a form (an imposed piece) holds is measured
    # in the form's space, not the sheet's.
    for obj in page.get_objects(max_depth=0):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images.append(_visible_bounds(obj))
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            left, bottom, right, top = obj.get_bounds()
            pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
            box = (left, bottom, right, top)
            if fill.value and any(_overlap_area(box, image) > 0 for image in images):
                bands.append(box)
            w, h = right - left, top - bottom
            if w < 1.0 and 1 * MM < h < 8 * MM:
                marks_x.append((left + right) / 2)
            elif h < 1.0 and 1 * MM < w < 8 * MM:
                marks_y.append((bottom + top) / 2)
    trim = page.get_trimbox()
    return PageFacts(chars, lines, trim, qrs, images, marks_x, marks_y, bands)


def _read_qrs(page: Any, expected: int) -> list[QRFound]:
    """Look closely where a page draws what may be a QR code (a square path of many
    parts); otherwise, or when that finds fewer codes than expected, at the whole
    page, closer if its codes came out small."""
    found: list[QRFound] = []
    for region in _qr_candidates(page):
        found += find_qrs(page, QR_SHARP_DPI, region)
    if found and len(found) >= expected:
        return found
    box = page.get_cropbox()
    area = (box[2] - box[0]) * (box[3] - box[1]) / 72 / 72
    dpi = min(QR_SHARP_DPI, math.sqrt(QR_PIXELS / area))
    qrs = find_qrs(page, dpi)
    if dpi < QR_SHARP_DPI and (
        len(qrs) < expected or any(q.module_px < MIN_MODULE_PX for q in qrs)
    ):
        qrs = find_qrs(page, QR_SHARP_DPI)
    return qrs


def _qr_candidates(page: Any) -> list[tuple[float, float, float, float]]:
    """Boxes around square paths of many parts drawn on the page itself, with room
    for their quiet zone and whatever crosses it."""
    import pypdfium2.raw as pdfium_c

    regions = []
    for obj in page.get_objects(max_depth=0):
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = obj.get_bounds()
        side = right - left
        if side < 5 or abs(side - (top - bottom)) > 0.05 * side:
            continue
        if pdfium_c.FPDFPath_CountSegments(obj) < 60:
            continue
        room = 0.35 * side
        regions.append((left - room, bottom - room, right + room, top + room))
    return regions


def _visible_bounds(obj: Any) -> tuple[float, float, float, float]:
    """An image's box as printed: a photo cropped to fill its frame is larger than
    the frame and clipped to it, so its own bounds are cut to its clipping paths'."""
    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = obj.get_bounds()
    clip = pdfium_c.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return left, bottom, right, top
    x, y = ctypes.c_float(), ctypes.c_float()
    for path in range(pdfium_c.FPDFClipPath_CountPaths(clip)):
        xs, ys = [], []
        for index in range(pdfium_c.FPDFClipPath_CountPathSegments(clip, path)):
            segment = pdfium_c.FPDFClipPath_GetPathSegment(clip, path, index)
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            xs.append(x.value)
            ys.append(y.value)
        if xs:
            left, bottom = max(left, min(xs)), max(bottom, min(ys))
            right, top = min(right, max(xs)), min(top, max(ys))
    return left, bottom, right, top


# --- the detectors: each takes what was read from one page --------------------------


def broken_words(lines: list[str], vocabulary: Vocabulary) -> list[str]:
    """Words cut inside: a line ending in a piece of a word that the next line
    completes, a word cut off (with an ellipsis or without), or any other token
    that is only a piece of a word of the piece's vocabulary."""
    found: list[str] = []
    tokens = [words(line) for line in lines]
    completed: set[tuple[int, int]] = set()  # second halves already reported
    for i, line_tokens in enumerate(tokens):
        for j, token in enumerate(line_tokens):
            if (i, j) in completed or _unjudged(token) or token in vocabulary:
                continue
            last = j == len(line_tokens) - 1
            nxt = tokens[i + 1][0] if last and i + 1 < len(tokens) and tokens[i + 1] else ""
            if nxt and normalize(token + nxt) in vocabulary.words:
                found.append(f"{token!r} / {nxt!r} in {lines[i]!r} / {lines[i + 1]!r}")
                completed.add((i + 1, 0))
            elif len(token) >= 2 and vocabulary.is_fragment(token):
                found.append(f"{token!r} is part of a word, in {lines[i]!r}")
        # a whole word ending a line whose next line starts with the rest of a longer word
        if i + 1 < len(tokens) and line_tokens and tokens[i + 1] and (i + 1, 0) not in completed:
            last_token, first = line_tokens[-1], tokens[i + 1][0]
            if (
                last_token in vocabulary
                and not _unjudged(first)
                and first not in vocabulary
                and normalize(last_token + first) in vocabulary.words
            ):
                found.append(f"{last_token!r} / {first!r} in {lines[i]!r} / {lines[i + 1]!r}")
                completed.add((i + 1, 0))
    return found


ELLIPSES = ("…", "...")


def dropped_text(lines: list[str], sources: Iterable[tuple[str, str]]) -> list[str]:
    """Texts the page must print whole (a person's story and demand in each printed
    language) of which words are missing, and an ellipsis that no source text has:
    a text cut short, silently or with "…".

    Words are compared normalized (line breaks, capitals, letter variants do not
    matter) and counted: the page must hold each word as often as its texts do
    together, so a cut tail is seen even when its words occur earlier. A shortfall
    is put on the last occurrences (a cut text loses its end). Words with glyphs
    PDFium cannot map back to letters (private-use) are matched loosely."""
    page = Counter(normalize(t) for line in lines for t in _letter_runs(line))
    loose = [_loose(t) for t in page if _PRIVATE.search(t)]
    labelled = [
        (label, text, [normalize(w) for w in _letter_runs(text) if not _unjudged(w)])
        for label, text in sources
    ]
    need = Counter(w for _, _, judged in labelled for w in judged)
    short = Counter(
        {w: n - page[w] for w, n in need.items() if n > page[w] and not _loosely(w, loose)}
    )
    stream = [normalize(t) for line in lines for t in _letter_runs(line)]
    found: list[str] = []
    for label, _, judged in labelled:
        missing = []
        for i in range(len(judged) - 1, -1, -1):
            if short[judged[i]] > 0:
                short[judged[i]] -= 1
                missing.append(i)
        if not missing and not _ends_on_page(judged, stream, loose):
            # its last words occur elsewhere on the page (a date in the footer), but
            # never one after the other: the end was cut
            found.append(f"{label}: the end cut off after {' '.join(judged[-6:-3])!r}")
        if not missing:
            continue
        first, tail = min(missing), max(missing) == len(judged) - 1
        before = " ".join(judged[max(0, first - 4) : first])
        found.append(
            f"{label}: {len(missing)} of {len(judged)} words not printed"
            + (", the end cut off" if tail else "")
            + f"; missing from {judged[first]!r} (after {before!r})"
        )
    texts = [text for _, text, _ in labelled]
    for line in lines:
        for mark in ELLIPSES:
            if mark in line and not any(mark in text for text in texts):
                found.append(f"{mark!r} ends a cut text: {line[-60:]!r}")
    return found


_DIGITS = re.compile(r"\d+")


def _letter_runs(text: str) -> list[str]:
    """Words with their digits apart (bidi reordering may print "۲-الف" back as
    "-۲الف", gluing the digit to the letters); a number as its digits in Latin,
    sorted, since extraction may give a number in a mixed line back reordered (a
    story whose last line was "2025." is still seen cut)."""
    runs = []
    for word in words(text):
        for part in _DIGITS.split(word):
            if part:
                runs.append(part)
        for number in _DIGITS.findall(word):
            runs.append("#" + "".join(sorted(str(unicodedata.digit(d, 0)) for d in number)))
    return runs


TAIL_WORDS = 6
TAIL_SLACK = 3
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def _ends_on_page(judged: list[str], stream: list[str], loose: list[re.Pattern[str]]) -> bool:
    """Whether the text's last words follow each other somewhere in the page's words
    (a glyph PDFium cannot map back is given the benefit of the doubt)."""
    # letters only: bidi may move a number in a mixed line
    tail = [w for w in judged if not w.startswith("#")][-TAIL_WORDS:]
    if not tail or any(_loosely(w, loose) for w in tail):
        return True
    if len({_ARABIC_SCRIPT.match(w) is None for w in tail}) > 1:
        return True  # a mixed line comes back reordered: no order to compare
    words_only = [w for w in stream if not w.startswith("#")]
    # in order, with up to TAIL_SLACK strays between them: PDFium may file a word with
    # a vowel mark (غیاباً) on a line of its own, between its neighbours
    span = len(tail) + TAIL_SLACK
    for start, word in enumerate(words_only):
        if word != tail[0]:
            continue
        rest = iter(words_only[start + 1 : start + span])
        if all(any(w == want for w in rest) for want in tail[1:]):
            return True
    return False


def _loosely(word: str, patterns: list[re.Pattern[str]]) -> bool:
    return any(p.fullmatch(word) for p in patterns)


def _loose(token: str) -> re.Pattern[str]:
    """A pattern for a word with glyphs that have no code point: each such glyph
    stands for one to three letters."""
    parts = [".{1,3}" if _PRIVATE.fullmatch(c) else re.escape(c) for c in token]
    return re.compile("".join(parts))


def _unjudged(token: str) -> bool:
    """Numbers, words with glyphs PDFium cannot map back to letters, and a vowel mark
    alone (PDFium sometimes files the tanwin of غیاباً under a neighbouring line)."""
    return token.isdigit() or bool(_PRIVATE.search(token)) or not normalize(token)


def _overlap_area(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _area(box: tuple[float, ...]) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def overlapping_text(chars: list[Char], lines: list[str], share: float = 0.3) -> list[str]:
    """Glyphs of different strings drawn over each other (by more than `share` of the
    smaller glyph)."""
    found: list[str] = []
    seen: set[tuple[int, int]] = set()
    cell = 24.0
    grid: dict[tuple[int, int], list[Char]] = {}
    for c in chars:
        if _area(c.box) <= 0.05:
            continue
        for gx in range(int(c.box[0] // cell), int(c.box[2] // cell) + 1):
            for gy in range(int(c.box[1] // cell), int(c.box[3] // cell) + 1):
                grid.setdefault((gx, gy), []).append(c)
    for members in grid.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a.run == b.run:
                    continue
                key = (min(a.run, b.run), max(a.run, b.run))
                if key in seen:
                    continue
                if _overlap_area(a.box, b.box) > share * min(_area(a.box), _area(b.box)):
                    seen.add(key)
                    found.append(
                        f"{lines[a.line][:40]!r} over {lines[b.line][:40]!r} at {_at(a.box)}"
                    )
    return found


def overlapping_boxes(facts: PageFacts) -> list[str]:
    """Text drawn on a QR code or a photo; a QR code on a photo."""
    found = []
    for qr in facts.qrs:
        for c in facts.chars:
            if _overlap_area(c.box, qr.box) > 0.2 * _area(c.box):
                found.append(f"text {c.text!r} on the QR code at {_at(qr.box)}")
                break
        for image in facts.images:
            if _overlap_area(image, qr.box) > 0:
                found.append(f"QR code on a photo at {_at(qr.box)}")
    for image in facts.images:
        for c in facts.chars:
            if _overlap_area(c.box, image) > 0.2 * _area(c.box) and not any(
                _overlap_area(c.box, band) > 0.8 * _area(c.box) for band in facts.bands
            ):
                found.append(f"text {c.text!r} on a photo at {_at(image)}")
                break
    return found


def text_outside(chars: list[Char], frames: list[tuple[float, float, float, float]]) -> list[str]:
    """Glyphs not inside any of the frames (the trim, or each imposed piece's cell)."""
    t = TRIM_TOLERANCE
    found: dict[int, str] = {}
    for c in chars:
        left, b, r, top = c.box
        if not any(
            left >= f[0] - t and b >= f[1] - t and r <= f[2] + t and top <= f[3] + t for f in frames
        ):
            found.setdefault(c.line, f"{c.text!r} at {_at(c.box)}")
    return list(found.values())


def small_text(chars: list[Char], lines: list[str], minimum: float = MIN_TEXT_PT) -> list[str]:
    """Lines with glyphs under `minimum` points (each text once per page)."""
    found: dict[str, float] = {}
    for c in chars:
        if c.size < minimum - 0.05:
            text = lines[c.line][:60]
            found[text] = min(found.get(text, c.size), c.size)
    return [f"{size:.1f} pt: {text!r}" for text, size in found.items()]


def qr_problems(qrs: list[QRFound], expected: int) -> list[tuple[str, str]]:
    found = []
    for qr in qrs:
        if qr.module_mm < MIN_MODULE_MM - 0.02:
            found.append(("qr_module", f"modules of {qr.module_mm:.2f} mm ({qr.text[:40]})"))
        if not qr.quiet_ok:
            found.append(("qr_quiet_zone", f"something in the quiet zone at {_at(qr.box)}"))
    if len(qrs) < expected:
        found.append(("qr_missing", f"{len(qrs)} QR code(s) read, {expected} expected"))
    return found


def cells(marks: list[float], smallest: float = 15 * MM) -> list[tuple[float, float]]:
    """The pieces between cut marks: intervals between neighbouring marks wider than a gutter."""
    xs: list[float] = []
    for x in sorted(marks):
        if not xs or x - xs[-1] > 0.3:
            xs.append(x)
    return [(a, b) for a, b in itertools.pairwise(xs) if b - a >= smallest]


def wrong_size(measured: tuple[float, float], nominal: tuple[float, float]) -> str | None:
    """A piece (either way round) that is not its nominal size."""
    w, h = measured
    tol = SIZE_TOLERANCE_MM * MM
    for nw, nh in (nominal, nominal[::-1]):
        if abs(w - nw) <= tol and abs(h - nh) <= tol:
            return None
    return (
        f"{w / MM:.1f} x {h / MM:.1f} mm, not {nominal[0] / MM:.0f} x {nominal[1] / MM:.0f} mm "
        f"({100 * w * h / (nominal[0] * nominal[1]):.1f}% of the area)"
    )


def _at(box: tuple[float, ...]) -> str:
    return f"({box[0] / MM:.0f}, {box[1] / MM:.0f}) mm"
