"""The print check's matrix: every piece, paper, orientation and language, rendered.

A case is one PDF: a piece kind on one paper in one orientation, a lead
language paired with a second one (as the Studio offers), and the people it
shows. `full_matrix` covers every person of the dataset on every name-bearing
piece; `sample_matrix` is a small, fixed slice of it (the longest names, every
language, both orientations) that runs in CI.
"""

from __future__ import annotations

import atexit
import dataclasses
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from actionkit.core.dataset.model import DatasetInfo, Person
from actionkit.core.print import wording
from actionkit.core.print.context import EventInfo

PAPERS = ("A4", "A3", "A2", "Letter", "Tabloid")
SHEET_PAPERS = ("A4", "Letter")
# The second language each lead is paired with: every script meets another.
PARTNER = {
    "ar": "en",
    "ckb": "en",
    "de": "fa",
    "en": "fa",
    "es": "fa",
    "fa": "de",
    "fr": "ar",
    "it": "ckb",
    "nl": "fa",
    "sv": "ar",
}
WALL_COUNTS = (4, 5, 6, 7, 8, 9, 10, 12, 16, 20, 24)
FLYER_LAYOUTS = (("A5", 1), ("A5", 2), ("A6", 1), ("A6", 2), ("A6", 4))
CHECK_URL = "https://www.freeiranspoliticalprisonersnow.org"
CHECK_EVENT = EventInfo(
    "Rally for Narges", "2026-12-10", "Neumarkt", "Köln", start_time="14:00", end_time="16:00"
)
PIECE_KINDS = ("poster", "placard", "wall", "appeal", "flyer", "palmcard", "sheets")


@dataclass(frozen=True)
class Case:
    kind: str
    paper: str  # the piece's size; for flyers and palm cards, the sheet
    landscape: bool
    languages: tuple[str, ...]
    people: tuple[str, ...]  # ids
    item: str = ""  # imposed handouts: "A5", "A6" or "palmcard"
    per_sheet: int = 0
    duplex: bool = False
    photo: bool = False  # everyone gets a stand-in photo (the dataset has none)

    @property
    def label(self) -> str:
        what = self.kind
        if self.item and self.kind == "flyer":
            what += f" {self.item} {self.per_sheet}-up on"
        elif self.kind == "palmcard":
            what += f" {self.per_sheet}-up on"
        orient = "landscape" if self.landscape else "portrait"
        people = f", {len(self.people)} people" if self.people else ""
        duplex = " duplex" if self.duplex else ""
        photo = ", with photo" if self.photo else ""
        langs = "+".join(self.languages)
        return f"{what} {self.paper} {orient} {langs}{duplex}{people}{photo}"


def _languages() -> list[tuple[str, ...]]:
    return [(lead, PARTNER.get(lead, "en")) for lead in wording.available_languages()]


def _chunks(ids: list[str], sizes: tuple[int, ...]) -> list[tuple[str, ...]]:
    """Everyone, in groups whose sizes cycle through `sizes` (the last group topped up
    from the start so it is never smaller than the smallest size)."""
    groups, start, i = [], 0, 0
    while start < len(ids):
        size = sizes[i % len(sizes)]
        group = ids[start : start + size]
        if len(group) < sizes[0]:
            group += ids[: sizes[0] - len(group)]
        groups.append(tuple(group))
        start += size
        i += 1
    return groups


def hardest_people(people: list[Person], count: int) -> list[str]:
    """The people whose names are hardest to set: longest words in Latin and Persian
    script, then the longest names overall."""

    def longest_word(name: str | None) -> int:
        return max((len(w) for w in (name or "").split()), default=0)

    by_latin = sorted(people, key=lambda p: (-longest_word(p.name_latin), p.id))
    by_persian = sorted(people, key=lambda p: (-longest_word(p.name_persian), p.id))
    by_length = sorted(people, key=lambda p: (-len(p.name_latin or ""), p.id))
    chosen: list[str] = []
    for trio in zip(by_latin, by_persian, by_length, strict=False):
        for person in trio:
            if person.id not in chosen:
                chosen.append(person.id)
        if len(chosen) >= count:
            break
    return chosen[:count]


def full_matrix(people: list[Person]) -> list[Case]:
    ids = [p.id for p in people]
    languages = _languages()
    cases: list[Case] = []
    for kind in ("poster", "placard"):
        for paper in PAPERS:
            for landscape in (False, True):
                cases += [
                    Case(kind, paper, landscape, langs, tuple(ids), photo=n % 2 == 1)
                    for n, langs in enumerate(languages)
                ]
    walls = _chunks(ids, WALL_COUNTS)
    for paper in PAPERS:
        for landscape in (False, True):
            for langs in languages:
                cases += [Case("wall", paper, landscape, langs, group) for group in walls]
                cases.append(Case("appeal", paper, landscape, langs, ()))
    flyers = [(), *_chunks(ids, (6,))]
    n = 0
    for item, per_sheet in FLYER_LAYOUTS:
        for paper in SHEET_PAPERS:
            for langs in languages:
                group = flyers[n % len(flyers)]
                cases.append(Case("flyer", paper, False, langs, group, item, per_sheet, n % 2 == 1))
                n += 1
    for per_sheet in (8, 10):
        for paper in SHEET_PAPERS:
            cases += [
                Case("palmcard", paper, False, langs, tuple(ids), "palmcard", per_sheet)
                for langs in languages
            ]
    for paper in SHEET_PAPERS:
        cases += [Case("sheets", paper, True, langs, ()) for langs in languages]
    return cases


def sample_matrix(people: list[Person]) -> list[Case]:
    """Every kind and language, both orientations, papers in turn, the hardest names."""
    hard = hardest_people(people, 12)
    languages = _languages()
    cases: list[Case] = []
    for i, langs in enumerate(languages):
        paper = PAPERS[i % len(PAPERS)]
        few = tuple(hard[(2 * i) % len(hard) :][:2] + hard[:1])
        for landscape in (False, True):
            for kind in ("poster", "placard"):
                cases.append(Case(kind, paper, landscape, langs, few, photo=i % 2 == 1))
            count = WALL_COUNTS[(2 * i + landscape) % len(WALL_COUNTS)]
            # the hardest names first, then the rest, each once (a wall refuses repeats)
            wall = tuple(list(dict.fromkeys(hard + [p.id for p in people]))[:count])
            cases.append(Case("wall", paper, landscape, langs, wall, photo=i % 2 == 0))
        cases.append(Case("appeal", paper, i % 2 == 1, langs, ()))
        item, per_sheet = FLYER_LAYOUTS[i % len(FLYER_LAYOUTS)]
        paper_sheet = SHEET_PAPERS[i % 2]
        flyer_people = tuple(hard[i % 3 : i % 3 + i % 4])
        cases.append(
            Case(
                "flyer",
                paper_sheet,
                False,
                langs,
                flyer_people,
                item,
                per_sheet,
                duplex=i % 3 == 2,
                photo=i % 2 == 1,
            )
        )
        cases.append(
            Case(
                "palmcard",
                paper_sheet,
                False,
                langs,
                few[:2],
                "palmcard",
                (8, 10)[i % 2],
                photo=i % 2 == 0,
            )
        )
        cases.append(Case("sheets", paper_sheet, True, langs, ()))
    return cases


# --- rendering ------------------------------------------------------------------------


def render_case(
    case: Case, people: dict[str, Person], dataset: DatasetInfo
) -> tuple[bytes, list[str]]:
    """The case's PDF, as the app would write it, and the warnings it gave the user."""
    out = BytesIO()
    chosen = [people[i] for i in case.people]
    photo = stand_in_photo() if case.photo else None

    def photo_for(person: Person) -> Path | None:
        return photo

    languages = list(case.languages)
    if case.kind in ("flyer", "palmcard"):
        from actionkit.core.print.handouts import HandoutJob, render_handouts

        handouts = HandoutJob(
            case.kind,
            chosen,
            languages,
            size=case.item if case.kind == "flyer" else "A6",
            per_sheet=case.per_sheet,
            paper=case.paper,
            duplex=case.duplex,
            url=CHECK_URL,
            event=CHECK_EVENT,
        )
        warnings = render_handouts(handouts, out, dataset, photo_for=photo_for).warnings
    elif case.kind == "sheets":
        _render_sheets(case, out)
        warnings = []
    else:
        from actionkit.core.print.page import PageSetup
        from actionkit.core.print.render import PrintJob, render

        setup = PageSetup(case.paper, landscape=case.landscape)
        event = CHECK_EVENT if case.kind == "appeal" else None
        job = PrintJob(case.kind, chosen, languages, setup, CHECK_URL, event=event)
        warnings = render(job, out, dataset, photo_for=photo_for).warnings
    return out.getvalue(), [str(w) for w in warnings]


@cache
def stand_in_photo() -> Path:
    """A portrait-shaped photo stand-in (a face-like oval on a background), written once."""
    from PIL import Image, ImageDraw

    folder = Path(tempfile.mkdtemp(prefix="actionkit-check-"))
    atexit.register(shutil.rmtree, folder, True)
    image = Image.new("RGB", (600, 800), (96, 112, 128))
    draw = ImageDraw.Draw(image)
    draw.ellipse((170, 140, 430, 460), fill=(214, 170, 140))
    draw.rectangle((120, 520, 480, 800), fill=(40, 48, 64))
    path = folder / "portrait.jpg"
    image.save(path, quality=85)
    return path


def _render_sheets(case: Case, out: BytesIO) -> None:
    from actionkit.core.signatures.records import Event, Sheet
    from actionkit.core.signatures.sheets_pdf import render_sheets

    event = Event(
        1,
        "rally-for-narges",
        CHECK_EVENT.name,
        CHECK_EVENT.date,
        CHECK_EVENT.place,
        CHECK_EVENT.city,
        "DE",
        "Köln for Freedom",
        case.languages,
        CHECK_EVENT.start_time,
        CHECK_EVENT.end_time,
    )
    sheet = Sheet("K7Q2-RX4M", event.slug, case.languages, 15, None, 0)
    render_sheets([sheet], event, out, url=CHECK_URL, paper=case.paper)


# --- what a piece may print ------------------------------------------------------------


def strings_in(value: Any) -> Iterator[str]:
    """Every string inside a record (dataclasses, dicts, lists), for the vocabulary."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from strings_in(getattr(value, f.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from strings_in(item)
