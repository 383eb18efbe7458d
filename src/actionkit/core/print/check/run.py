"""Render the matrix, read every page back, and count what a print designer would reject."""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from actionkit.core.dataset.model import DatasetInfo, Person
from actionkit.core.print.check.detect import (
    KINDS,
    MM,
    Defect,
    PageFacts,
    Vocabulary,
    broken_words,
    cells,
    dropped_text,
    overlapping_boxes,
    overlapping_text,
    qr_problems,
    read_page,
    small_text,
    text_outside,
    wrong_size,
)
from actionkit.core.print.check.matrix import (
    CHECK_EVENT,
    CHECK_URL,
    Case,
    full_matrix,
    render_case,
    sample_matrix,
    strings_in,
)

# QR codes each piece carries (per imposed copy for handouts).
QR_PER_PIECE = {"poster": 1, "placard": 1, "wall": 1, "appeal": 1, "flyer": 1, "palmcard": 1}
QR_PER_SHEETS_PAGE = 2
EXAMPLES_PER_KIND = 8


@dataclass
class CaseResult:
    case: Case
    pages: int
    defects: list[Defect]
    seconds: float
    error: str = ""
    announced: list[Defect] = field(default_factory=list)


@dataclass
class Report:
    cases: int = 0
    pages: int = 0
    seconds: float = 0.0
    defects: list[Defect] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Pieces printed smaller than nominal where the command told the user by how much
    # (the issue allows that: "or the command printed the scale"); listed, not defects.
    announced: list[Defect] = field(default_factory=list)

    def add(self, result: CaseResult) -> None:
        self.cases += 1
        self.pages += result.pages
        self.defects += result.defects
        self.announced += result.announced
        if result.error:
            self.errors.append(f"{result.case.label}: {result.error}")

    @property
    def by_kind(self) -> dict[str, int]:
        counts = Counter(d.kind for d in self.defects)
        return {kind: counts.get(kind, 0) for kind in KINDS}

    @property
    def pieces_with_defects(self) -> int:
        return len({(d.piece, d.page) for d in self.defects})

    @property
    def ok(self) -> bool:
        return not self.defects and not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "pages": self.pages,
            "seconds": round(self.seconds, 1),
            "pages_with_defects": self.pieces_with_defects,
            "defects": self.by_kind,
            "errors": self.errors,
            "details": [d.as_dict() for d in self.defects],
            "announced_shrinks": [d.as_dict() for d in self.announced],
        }

    def summary(self, examples: int = EXAMPLES_PER_KIND) -> str:
        lines = [
            f"Print check: {self.cases} PDFs, {self.pages} pages in {self.seconds:.0f} s; "
            f"{len(self.defects)} defects on {self.pieces_with_defects} pages.",
        ]
        for kind, count in self.by_kind.items():
            lines.append(f"  {kind:<14} {count}")
        if self.announced:
            lines.append(
                f"  (and {len(self.announced)} sheets of pieces printed smaller than nominal "
                "with the scale told to the user: not counted as defects)"
            )
        for kind in KINDS:
            shown = [d for d in self.defects if d.kind == kind][:examples]
            if shown:
                lines.append(f"{kind}, for example:")
                lines += [f"  {d.piece} p.{d.page}: {d.detail}" for d in shown]
        if self.errors:
            lines.append("Could not render:")
            lines += [f"  {error}" for error in self.errors]
        return "\n".join(lines)


# --- one case --------------------------------------------------------------------------


def _vocabulary(people: list[Person], dataset: DatasetInfo) -> Vocabulary:
    """Every word any piece may print (all people, all languages): a token that is not
    one of these but is a piece of one was cut."""
    from actionkit.core.print.drawing import short_url
    from actionkit.core.print.wording import _load, available_languages

    vocabulary = Vocabulary()
    for person in people:
        vocabulary.add_all(strings_in(person))
    for language in available_languages():
        vocabulary.add_all(strings_in(_load(language)))
    vocabulary.add_all(strings_in(dataset))
    vocabulary.add_all([CHECK_URL, short_url(CHECK_URL), *strings_in(CHECK_EVENT)])
    vocabulary.add_all(["Köln for Freedom", "K7Q2-RX4M", "rally-for-narges"])
    return vocabulary


def inspect_pdf(
    data: bytes,
    case: Case,
    vocabulary: Vocabulary,
    warnings: Sequence[str] = (),
    texts: Sequence[list[tuple[str, str]]] = (),
) -> tuple[int, list[Defect]]:
    """Read every page of a case's PDF; the defects found and the number of pages.
    A size finding the `warnings` given to the user already state comes back with the
    kind "announced". `texts[n]` are the texts page n must print whole (labelled)."""
    import pypdfium2

    from actionkit.core.print.impose import ITEM_SIZES
    from actionkit.core.print.page import PAPER_SIZES

    document = pypdfium2.PdfDocument(BytesIO(data))
    defects: list[Defect] = []
    try:
        pages = len(document)
        for number in range(pages):
            page = document[number]
            facts = read_page(page, qrs_expected=expected_qrs(case, number))
            defects += [
                Defect(kind, case.label, number + 1, detail)
                for kind, detail in check_page(
                    facts, case, number, ITEM_SIZES, PAPER_SIZES, warnings
                )
            ]
            found = broken_words(facts.lines, vocabulary)
            defects += [Defect("broken_word", case.label, number + 1, d) for d in found]
            if number < len(texts):
                dropped = dropped_text(facts.lines, texts[number])
                defects += [Defect("text_dropped", case.label, number + 1, d) for d in dropped]
    finally:
        document.close()
    return pages, defects


def check_page(
    facts: PageFacts,
    case: Case,
    number: int,
    item_sizes: dict[str, tuple[float, float]],
    paper_sizes: dict[str, tuple[float, float]],
    warnings: Sequence[str] = (),
) -> list[tuple[str, str]]:
    """Every detector but the words, on one page of a case. A piece smaller than
    nominal whose printed size a warning states is "announced", not "size"."""
    found: list[tuple[str, str]] = []
    found += [("overlap", d) for d in overlapping_text(facts.chars, facts.lines)]
    found += [("overlap", d) for d in overlapping_boxes(facts)]
    found += [("small_text", d) for d in small_text(facts.chars, facts.lines)]
    trim = facts.trim
    if case.item:  # imposed: each piece is a cell between the cut marks
        columns, rows = cells(facts.marks_x), cells(facts.marks_y)
        back = case.duplex and number % 2 == 1
        frames = [(x0, y0, x1, y1) for x0, x1 in columns for y0, y1 in rows]
        if not back:
            if len(frames) != case.per_sheet:
                found.append(
                    ("size", f"{len(frames)} pieces between cut marks, {case.per_sheet} imposed")
                )
            nominal = item_sizes[case.item]
            for x0, y0, x1, y1 in frames:
                problem = wrong_size((x1 - x0, y1 - y0), nominal)
                if problem:
                    told = stated_size((x1 - x0, y1 - y0), warnings)
                    found.append(("announced" if told else "size", problem))
                    break  # one piece stands for the sheet
        if frames and not back:
            found += [("outside_trim", d) for d in text_outside(facts.chars, frames)]
    else:
        width, height = paper_sizes[case.paper]
        nominal = (height, width) if case.landscape else (width, height)
        problem = wrong_size((trim[2] - trim[0], trim[3] - trim[1]), nominal)
        if problem:
            found.append(("size", f"TrimBox {problem}"))
        found += [("outside_trim", d) for d in text_outside(facts.chars, [trim])]
    found += qr_problems(facts.qrs, expected_qrs(case, number))
    return found


_STATED_SIZE = re.compile(r"(\d+(?:[.,]\d+)?)\s*[×x]\s*(\d+(?:[.,]\d+)?)\s*mm")


def stated_size(measured: tuple[float, float], warnings: Sequence[str]) -> bool:
    """Whether a warning states the size a piece measures (to the millimetre)."""
    w, h = (v / MM for v in measured)
    for warning in warnings:
        for a, b in _STATED_SIZE.findall(warning):
            sw, sh = float(a.replace(",", ".")), float(b.replace(",", "."))
            if any(abs(w - x) <= 1 and abs(h - y) <= 1 for x, y in ((sw, sh), (sh, sw))):
                return True
    return False


def expected_qrs(case: Case, number: int) -> int:
    """QR codes a page of the case must carry."""
    if case.kind == "sheets":
        return QR_PER_SHEETS_PAGE
    return QR_PER_PIECE[case.kind] * (case.per_sheet or 1)


# --- the pool ----------------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def _load_dataset(paths: Any) -> None:
    from actionkit.core.dataset import DatasetStore

    loaded = DatasetStore(paths).load()
    _STATE["people"] = {p.id: p for p in loaded.people}
    _STATE["dataset"] = loaded.dataset.info


def check_case(case: Case) -> CaseResult:
    """Render one case and read it back (in a worker, after `_load_dataset`)."""
    people: dict[str, Person] = _STATE["people"]
    dataset: DatasetInfo = _STATE["dataset"]
    start = time.perf_counter()
    if "vocabulary" not in _STATE:
        _STATE["vocabulary"] = _vocabulary(list(people.values()), dataset)
    vocabulary: Vocabulary = _STATE["vocabulary"]
    try:
        data, warnings = render_case(case, people, dataset)
    except Exception as exc:  # noqa: BLE001 - a refusal is a finding, not a crash
        return CaseResult(case, 0, [], time.perf_counter() - start, f"{type(exc).__name__}: {exc}")
    pages, found = inspect_pdf(data, case, vocabulary, warnings, whole_texts(case, people))
    defects = [d for d in found if d.kind != "announced"]
    announced = [d for d in found if d.kind == "announced"]
    return CaseResult(case, pages, defects, time.perf_counter() - start, announced=announced)


def whole_texts(case: Case, people: dict[str, Person]) -> list[list[tuple[str, str]]]:
    """For each page of a poster (one person a page), the texts it must print whole:
    the person's story and demand in each language of the piece."""
    from actionkit.core.print import wording

    if case.kind != "poster":
        return []
    pages = []
    for person in (people[i] for i in case.people):
        texts = []
        for lang in case.languages:
            story = person.story_in(lang)
            if story is not None:
                texts.append((f"story of {person.display_name} ({lang})", story.text))
            texts.append(
                (f"demand for {person.display_name} ({lang})", wording.demand(person, lang))
            )
        pages.append(texts)
    return pages


def matrix(paths: Any, full: bool) -> list[Case]:
    from actionkit.core.dataset import DatasetStore

    people = DatasetStore(paths).load().people
    return full_matrix(people) if full else sample_matrix(people)


def run_check(
    paths: Any,
    *,
    full: bool = False,
    jobs: int | None = None,
    kinds: tuple[str, ...] = (),
    progress: Callable[[int, int, CaseResult], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Report:
    """Render the sample (or the full matrix) and report every defect found in the PDFs.

    `jobs` processes render in parallel (default: the machine's cores)."""
    cases = [c for c in matrix(paths, full) if not kinds or c.kind in kinds]
    # biggest first, so the pool does not end waiting on one long PDF
    cases.sort(key=lambda c: -len(c.people))
    report = Report()
    start = time.perf_counter()
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1:
        _load_dataset(paths)
        results: Any = map(check_case, cases)
        pool = None
    else:
        pool = ProcessPoolExecutor(jobs, initializer=_load_dataset, initargs=(paths,))
        results = pool.map(check_case, cases)
    try:
        for done, result in enumerate(results, 1):
            report.add(result)
            if progress is not None:
                progress(done, len(cases), result)
            if cancelled():
                break
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    report.seconds = time.perf_counter() - start
    return report
