"""Flyers, palm cards and the appeal: texts, imposition, cut marks, duplex, QR codes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from io import BytesIO
from urllib.parse import parse_qsl, urlsplit

import pypdfium2.raw as pdfium_c
import pytest

from actionkit.core.assets import asset_path
from actionkit.core.dataset import LoadedDataset
from actionkit.core.errors import ActionKitError
from actionkit.core.print import wording
from actionkit.core.print.context import EventInfo
from actionkit.core.print.guard import status_warnings
from actionkit.core.print.handouts import HandoutJob, render_handouts
from actionkit.core.print.impose import ITEM_SIZES, impose
from actionkit.core.print.page import PAPER_SIZES, PageSetup
from actionkit.core.print.render import PrintJob, render
from actionkit.core.print.tracking import Tags, tagged_url
from actionkit.core.text.bidi import RTL_LANGUAGES
from tests.pdf_helpers import open_pdf, page_text, qr_texts

URL = "https://www.freeiranspoliticalprisonersnow.org"
LANGUAGES = wording.available_languages()
SIX = [
    "narges-mohammadi",
    "toomaj-salehi",
    "sepideh-gholian",
    "ahmadreza-djalali",
    "zeynab-jalalian",
    "mohsen-shekari",
]


def handout(loaded: LoadedDataset, ids: list[str], **options: object) -> tuple[bytes, list[str]]:
    people = [loaded.get(i) for i in ids]
    job = HandoutJob(people=people, **options)  # type: ignore[arg-type]
    out = BytesIO()
    result = render_handouts(job, out, loaded.dataset.info)
    # What the pieces could not do as designed; the scale of shrunk pieces is tested apart.
    stale = status_warnings(people)  # type: ignore[arg-type]
    return out.getvalue(), [
        w for w in result.warnings if w not in stale and getattr(w, "key", "") != "print.shrunk"
    ]


def test_campaign_texts_exist_in_every_language_with_the_same_shape() -> None:
    assert {"en", "fa", "es", "de", "fr", "ar", "ckb", "sv", "it", "nl"} <= set(LANGUAGES)
    english = json.loads(asset_path("translations", "print", "en.json").read_text("utf-8"))
    for lang in LANGUAGES:
        data = json.loads(asset_path("translations", "print", f"{lang}.json").read_text("utf-8"))
        assert set(english) - {"digits"} <= set(data), lang
        assert isinstance(data["reviewed"], bool)
        assert (data["direction"] == "rtl") == (lang in RTL_LANGUAGES), lang
        words = len(data["appeal_summary"].split())
        assert 60 <= words <= 120, f"{lang}: summary has {words} words"
        assert [set(a) for a in data["actions"]] == [{"title", "text"}] * 3, lang
        for key in ("demand", "band"):
            assert set(data[key]) == set(english[key]), (lang, key)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_piece_renders_without_overflow_in_every_language(
    loaded: LoadedDataset, lang: str
) -> None:
    """The shipped texts always fit: the engine reports no overflow anywhere."""
    event = EventInfo("Rally", "2026-12-10", "Neumarkt", "Köln", "14:00", "16:00")
    for ids, options in (
        ([], {"kind": "flyer", "languages": [lang], "size": "A6"}),
        (SIX[:1], {"kind": "flyer", "languages": [lang, "en"], "size": "A6", "event": event}),
        (SIX, {"kind": "flyer", "languages": [lang], "size": "A5", "per_sheet": 2}),
        (SIX[:2], {"kind": "flyer", "languages": [lang, "fa"], "duplex": True}),
        (SIX[3:4], {"kind": "palmcard", "languages": [lang], "per_sheet": 10}),
        (
            SIX[:1],
            {"kind": "palmcard", "languages": [lang, "en"], "paper": "Letter", "per_sheet": 8},
        ),
    ):
        _, notes = handout(loaded, ids, **options)
        assert notes == [], (ids, options)
    out = BytesIO()
    result = render(PrintJob("appeal", [], [lang], PageSetup("A4"), URL), out, loaded.dataset.info)
    assert result.warnings == []
    text = page_text(open_pdf(out.getvalue())[0])
    assert wording.text(lang, "appeal_summary").split()[-1] in text.split()


def test_tagged_urls_keep_query_and_fragment() -> None:
    tags = Tags("flyer", "2026-12-10-köln", "de+fa")
    url = tagged_url("https://example.org/sign?ref=a%20b&utm_source=mail#form", tags)
    parts = urlsplit(url)
    assert parts.fragment == "form" and parts.query.startswith("ref=a%20b&utm_source=mail&")
    query = parse_qsl(parts.query)
    assert query.count(("utm_source", "mail")) == 1 and ("utm_source", "flyer") not in query
    assert ("utm_campaign", "2026-12-10-köln") in query and ("utm_content", "de+fa") in query
    assert tagged_url(URL, None) == URL and tagged_url(URL, Tags()) == URL
    with pytest.raises(ActionKitError, match="https"):
        tagged_url("javascript:alert(1)", tags)


@pytest.mark.parametrize("dpi", [150, 300])
def test_palm_card_qr_decodes_at_print_size_to_the_tagged_url(
    loaded: LoadedDataset, dpi: int
) -> None:
    data, _ = handout(
        loaded,
        ["toomaj-salehi"],
        kind="palmcard",
        languages=["en", "fa"],
        per_sheet=10,
        paper="Letter",
        track=True,
        event_slug="2026-12-10-koln",
        url=URL + "/sign?ref=street#top",
    )
    expected = tagged_url(
        URL + "/sign?ref=street#top", Tags("palmcard", "2026-12-10-koln", "en+fa")
    )
    codes = qr_texts(open_pdf(data)[0], dpi=dpi)
    assert codes == [expected] * 10


def _objects(page: object, kind: int) -> list[object]:
    return [o for o in page.get_objects(max_depth=1) if o.type == kind]  # type: ignore[attr-defined]


def _flat(boxes: Sequence[tuple[float, ...]]) -> list[float]:
    return [v for box in boxes for v in box]


def _pieces(page: object, size: str, bleed: float = 0.0) -> list[tuple[float, ...]]:
    """Each placed piece's box on the sheet (bleed included), from its form's matrix."""
    w, h = ITEM_SIZES[size]
    boxes = []
    for form in _objects(page, pdfium_c.FPDF_PAGEOBJ_FORM):
        a, b, c, d, e, f = form.get_matrix().get()  # type: ignore[attr-defined]
        xs, ys = [], []
        for x, y in (
            (-bleed, -bleed),
            (w + bleed, -bleed),
            (-bleed, h + bleed),
            (w + bleed, h + bleed),
        ):
            xs.append(a * x + c * y + e)
            ys.append(b * x + d * y + f)
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return sorted(boxes)


@pytest.mark.parametrize(
    ("size", "per_sheet", "paper"),
    [("A6", 4, "A4"), ("A5", 2, "Letter"), ("palmcard", 10, "A4")],
)
def test_cut_marks_sit_on_the_trim_lines_outside_the_pieces(
    loaded: LoadedDataset, size: str, per_sheet: int, paper: str
) -> None:
    kind = "palmcard" if size == "palmcard" else "flyer"
    ids = ["narges-mohammadi"]
    data, _ = handout(
        loaded,
        ids,
        kind=kind,
        languages=["en"],
        size=size if kind == "flyer" else "A6",
        per_sheet=per_sheet,
        paper=paper,
        bleed=True,
    )
    layout = impose(size, per_sheet, paper, bleed=True)
    xs, ys = layout.cut_lines()
    page = open_pdf(data)[0]
    marks = [o.get_bounds() for o in _objects(page, pdfium_c.FPDF_PAGEOBJ_PATH)]  # type: ignore[attr-defined]
    vertical = {round((x0 + r) / 2, 1) for x0, b, r, t in marks if r - x0 < 1}
    horizontal = {round((b + t) / 2, 1) for x0, b, r, t in marks if t - b < 1}
    assert vertical == {round(x, 1) for x in xs}
    assert horizontal == {round(y, 1) for y in ys}
    pieces = _pieces(page, size, layout.bleed)
    assert len(pieces) == per_sheet
    for x0, b, r, t in marks:  # every mark lies outside every piece (bleed included)
        for pl, pb, pr, pt in pieces:
            assert r <= pl + 0.01 or x0 >= pr - 0.01 or t <= pb + 0.01 or b >= pt - 0.01
    width, height = PAPER_SIZES[paper]
    assert all(x0 > 0 and r < width and b > 0 and t < height for x0, b, r, t in marks)


@pytest.mark.parametrize(("size", "per_sheet"), [("A6", 4), ("A5", 2)])
def test_duplex_backs_sit_behind_their_fronts_after_a_long_edge_flip(
    loaded: LoadedDataset, size: str, per_sheet: int
) -> None:
    data, _ = handout(
        loaded,
        ["narges-mohammadi"],
        kind="flyer",
        languages=["de", "fa"],
        size=size,
        per_sheet=per_sheet,
        duplex=True,
        sheets=2,
    )
    pdf = open_pdf(data)
    assert len(pdf) == 4  # front, back, front, back
    width = PAPER_SIZES["A4"][0]
    front, back = _pieces(pdf[0], size), _pieces(pdf[1], size)
    slots = sorted((s.x, s.y, s.x + s.w, s.y + s.h) for s in impose(size, per_sheet, "A4").fronts)
    assert _flat(front) == pytest.approx(_flat(slots), abs=0.05)
    flipped = sorted((width - r, b, width - x0, t) for x0, b, r, t in front)
    assert _flat(back) == pytest.approx(_flat(flipped), abs=0.05)
    # Read upright after turning the piece over: a turned front is turned back the other way.
    front_turn = [o.get_matrix().get()[:2] for o in _objects(pdf[0], pdfium_c.FPDF_PAGEOBJ_FORM)]  # type: ignore[attr-defined]
    back_turn = [o.get_matrix().get()[:2] for o in _objects(pdf[1], pdfium_c.FPDF_PAGEOBJ_FORM)]  # type: ignore[attr-defined]
    for (fa, fb), (ba, bb) in zip(front_turn, back_turn, strict=True):
        assert fa == pytest.approx(ba) and fb == pytest.approx(-bb)
    assert "فراخوان" in page_text(pdf[1]) and "Appell" in page_text(pdf[0])


def test_pure_right_to_left_lines_extract_as_typed(loaded: LoadedDataset) -> None:
    for lang in ("fa", "ar", "ckb"):
        out = BytesIO()
        render(PrintJob("appeal", [], [lang], PageSetup("A4"), URL), out, loaded.dataset.info)
        lines = page_text(open_pdf(out.getvalue())[0]).splitlines()
        assert wording.text(lang, "scan") in lines, lang
        flowing = " ".join(lines)  # long lines wrap; their words stay in order
        for key in ("appeal_title", "appeal_summary"):
            # PDFium gives a no-break space back as a space
            assert wording.text(lang, key).replace("\u00a0", " ") in flowing, (lang, key)


def test_a_batch_reuses_each_piece_and_stays_small(loaded: LoadedDataset) -> None:
    data, _ = handout(
        loaded,
        ["narges-mohammadi"],
        kind="flyer",
        languages=["de", "fa"],
        size="A6",
        per_sheet=4,
        sheets=25,
    )
    pdf = open_pdf(data)
    assert len(pdf) == 25 and len(data) < 400_000
    assert qr_texts(pdf[24]) == [URL] * 4


def test_bad_handout_jobs_are_clear_errors(loaded: LoadedDataset) -> None:
    for ids, options, message in (
        ([], {"kind": "palmcard", "languages": ["en"], "per_sheet": 10}, "one person"),
        ([*SIX, "nasrin-sotoudeh"], {"kind": "flyer", "languages": ["en"]}, "up to 6"),
        ([], {"kind": "flyer", "languages": ["en"], "duplex": True}, "two languages"),
        ([], {"kind": "flyer", "languages": ["en"], "per_sheet": 3}, "1, 2, 4"),
        ([], {"kind": "flyer", "languages": ["xx"]}, "No print wording"),
        ([], {"kind": "flyer", "languages": ["en"], "paper": "A3"}, "A4 or Letter"),
    ):
        with pytest.raises(ActionKitError, match=message):
            handout(loaded, ids, **options)
