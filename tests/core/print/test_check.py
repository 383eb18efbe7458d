"""The print check's detectors, each proven on a small PDF made to have exactly its
defect, and on a clean one."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from actionkit.core.print.check.detect import (
    PageFacts,
    Vocabulary,
    broken_words,
    dropped_text,
    overlapping_boxes,
    overlapping_text,
    qr_problems,
    read_page,
    small_text,
    text_outside,
)
from actionkit.core.print.check.matrix import PAPERS, Case, full_matrix, sample_matrix
from actionkit.core.print.check.run import check_page
from actionkit.core.print.impose import ITEM_SIZES
from actionkit.core.print.page import MM, PAPER_SIZES, PageSetup, begin_page
from actionkit.core.print.qr import make_qr
from actionkit.core.print.wording import available_languages
from tests.pdf_helpers import open_pdf

URL = "https://www.freeiranspoliticalprisonersnow.org/appeal"


def pdf(draw: Any, setup: PageSetup | None = None, size: tuple[float, float] = (400, 400)) -> Any:
    """A one-page PDF drawn by `draw(canvas)`; returns the page read back."""
    out = BytesIO()
    canvas = Canvas(out, pagesize=size, invariant=1)
    if setup is not None:
        begin_page(canvas, setup)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return open_pdf(out.getvalue())[0]


def lines_at(*rows: tuple[float, float, str], size: float = 12) -> Any:
    def draw(c: Any) -> None:
        c.setFont("Helvetica", size)
        for x, y, text in rows:
            c.drawString(x, y, text)

    return draw


VOCABULARY = Vocabulary()
VOCABULARY.add_all(["Free Narges Mohammadi now!", "Stoppt die Hinrichtung von", URL])


def test_a_name_split_across_lines_is_a_broken_word() -> None:
    facts = read_page(pdf(lines_at((20, 300, "Free Narges Mohamm"), (20, 280, "adi now!"))))
    found = broken_words(facts.lines, VOCABULARY)
    assert len(found) == 1 and "'Mohamm' / 'adi'" in found[0]


def test_a_name_kept_whole_is_not_a_broken_word() -> None:
    facts = read_page(pdf(lines_at((20, 300, "Free Narges"), (20, 280, "Mohammadi now!"))))
    assert broken_words(facts.lines, VOCABULARY) == []


def test_a_word_cut_off_with_an_ellipsis_is_a_broken_word() -> None:
    facts = read_page(pdf(lines_at((20, 300, "Stoppt die Hin\u2026"))))
    found = broken_words(facts.lines, VOCABULARY)
    assert len(found) == 1 and "'Hin'" in found[0]


def test_a_url_split_inside_a_word_is_a_broken_word() -> None:
    facts = read_page(
        pdf(lines_at((20, 300, "freeiranspoliticalprisonersn"), (20, 280, "ow.org/appeal")))
    )
    assert len(broken_words(facts.lines, VOCABULARY)) == 1


STORY = (
    "Gefangen im Juni 2025, verlegt in das Gefängnis Groß-Teheran; "
    "im Dezember 2025 schrieb er einen Brief aus dem Gefängnis."
)


def test_a_story_cut_off_mid_sentence_is_dropped_text() -> None:
    # What a capped story box printed on Letter: the lines up to "Groß-", the rest gone.
    facts = read_page(
        pdf(
            lines_at(
                (20, 300, "Gefangen im Juni 2025, verlegt in das"),
                (20, 284, "Gefängnis Groß-"),
            )
        )
    )
    found = dropped_text(facts.lines, [("story (de)", STORY)])
    assert len(found) == 1
    assert "story (de)" in found[0] and "the end cut off" in found[0]
    assert "'teheran'" in found[0]  # where the text stops


def test_a_story_printed_whole_is_not_dropped_text() -> None:
    facts = read_page(
        pdf(
            lines_at(
                (20, 300, "Gefangen im Juni 2025, verlegt in das"),
                (20, 284, "GEFÄNGNIS Groß-Teheran; im Dezember 2025"),
                (20, 268, "schrieb er einen Brief aus dem Gefängnis."),
            )
        )
    )
    assert dropped_text(facts.lines, [("story (de)", STORY)]) == []


def test_a_tail_whose_words_occur_earlier_is_still_missing() -> None:
    # "Gefängnis" ends the story and is printed once before the cut: counted, not just seen.
    facts = read_page(
        pdf(lines_at((20, 300, "Gefangen im Juni 2025, verlegt in das Gefängnis Groß-Teheran;")))
    )
    found = dropped_text(facts.lines, [("story (de)", STORY)])
    assert len(found) == 1 and "the end cut off" in found[0]


def test_a_digit_glued_to_a_word_by_bidi_is_not_dropped_text() -> None:
    # PDFium reads "بند ۲-الف" (Somayeh Kargar's story) back as "بند -۲الف".
    source = [("story (fa)", "ماه\u200cها در بند ۲-الف سازمان")]
    assert dropped_text(["ماه\u200cها در بند -۲الف سازمان"], source) == []
    assert dropped_text(["ماه\u200cها در بند -۲"], source) != []


def test_a_cut_tail_whose_words_the_footer_has_is_dropped_text() -> None:
    # Taghavi Sangdehi's Spanish story on Letter: its last line "diciembre de 2025."
    # was cut, and the footer says "Situación a 7 de diciembre de 2025".
    story = "Fue condenado a muerte; el fallo se comunicó a los abogados el 7 de diciembre de 2025."
    printed = [
        "Situación a 7 de diciembre de 2025 · Fuentes: HRANA",
        "Fue condenado a muerte; el fallo se comunicó a los abogados el 7 de",
    ]
    found = dropped_text(printed, [("story (es)", story)])
    assert len(found) == 1 and "the end cut off" in found[0]
    printed[1] += " diciembre de 2025."
    assert dropped_text(printed, [("story (es)", story)]) == []


def test_a_word_filed_on_a_line_of_its_own_is_not_a_cut_tail() -> None:
    # PDFium files "غیاباً" (its tanwin) on a line of its own, inside the story's end.
    story = "او را غیاباً به یک سال حبس محکوم کرد؛ وکیلش به این حکم اعتراض کرده است."
    printed = ["او را", "به یک سال حبس محکوم کرد؛ وکیلش به این حکم", "غیابا", "اعتراض کرده است."]
    assert dropped_text(printed, [("story (fa)", story)]) == []


def test_an_ellipsis_no_source_has_is_dropped_text() -> None:
    facts = read_page(
        pdf(lines_at((20, 300, "Freiheit f\u00fcr Ali Younesi, jetzt! Gefangen\u2026")))
    )
    found = dropped_text(facts.lines, [("demand (de)", "Freiheit für Ali Younesi, jetzt!")])
    assert any("\u2026" in f for f in found)


def test_lines_drawn_over_each_other_overlap() -> None:
    facts = read_page(pdf(lines_at((20, 300, "Free Narges"), (24, 303, "Mohammadi now"))))
    assert len(overlapping_text(facts.chars, facts.lines)) == 1


def test_lines_with_leading_do_not_overlap() -> None:
    facts = read_page(pdf(lines_at((20, 300, "Free Narges"), (20, 286, "Mohammadi now"))))
    assert overlapping_text(facts.chars, facts.lines) == []


def qr_page(extra: Any = None, side: float = 100, strict: bool = True) -> Any:
    def draw(c: Any) -> None:
        make_qr(URL).draw(c, 150, 150, side, strict=strict)
        if extra:
            extra(c)

    return pdf(draw)


def test_text_on_a_qr_code_overlaps_it() -> None:
    facts = read_page(qr_page(lines_at((190, 200, "Sign"))), qrs_expected=1)
    found = overlapping_boxes(facts)
    assert len(found) == 1 and "QR" in found[0]


def test_text_beside_a_qr_code_does_not_overlap_it() -> None:
    facts = read_page(qr_page(lines_at((150, 130, "Sign the appeal"))), qrs_expected=1)
    assert overlapping_boxes(facts) == []
    assert qr_problems(facts.qrs, 1) == []


def photo_page(text_y: float) -> Any:
    def draw(c: Any) -> None:
        c.drawImage(ImageReader(Image.new("RGB", (40, 40), (120, 90, 60))), 50, 50, 200, 200)
        lines_at((60, text_y, "Narges Mohammadi"))(c)

    return pdf(draw)


def test_text_on_a_photo_overlaps_it() -> None:
    assert len(overlapping_boxes(read_page(photo_page(120)))) == 1


def test_text_under_a_photo_does_not_overlap_it() -> None:
    assert overlapping_boxes(read_page(photo_page(30))) == []


def test_text_on_a_caption_band_over_a_photo_is_not_on_the_photo() -> None:
    def draw(c: Any) -> None:
        c.drawImage(ImageReader(Image.new("RGB", (40, 40), (120, 90, 60))), 50, 50, 200, 200)
        c.setFillColorRGB(0.7, 0.1, 0.1)
        c.rect(50, 50, 200, 20, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        lines_at((60, 56, "Sentenced to death"), size=9)(c)

    assert overlapping_boxes(read_page(pdf(draw))) == []


def test_a_crossed_quiet_zone_is_found() -> None:
    # a bar one module into the quiet zone, just left of the symbol
    module = 100 / (make_qr(URL).modules + 8)
    bar = lines_at()

    def draw(c: Any) -> None:
        bar(c)
        c.rect(150 + 2.5 * module, 180, module, 40, stroke=0, fill=1)

    facts = read_page(qr_page(draw), qrs_expected=1)
    assert [kind for kind, _ in qr_problems(facts.qrs, 1)] == ["qr_quiet_zone"]


def test_modules_under_half_a_millimetre_are_found() -> None:
    qr = make_qr(URL)
    side = (qr.modules + 8) * 0.4 * MM  # 0.4 mm modules
    facts = read_page(qr_page(side=side, strict=False), qrs_expected=1)
    problems = qr_problems(facts.qrs, 1)
    assert [kind for kind, _ in problems] == ["qr_module"]
    assert "0.40 mm" in problems[0][1]


def test_a_missing_qr_code_is_found() -> None:
    facts = read_page(pdf(lines_at((20, 300, "Sign the appeal"))), qrs_expected=1)
    assert [kind for kind, _ in qr_problems(facts.qrs, 1)] == ["qr_missing"]


def test_text_in_the_bleed_is_outside_the_trim() -> None:
    setup = PageSetup("A5", bleed=True)
    facts = read_page(pdf(lines_at((-2.5 * MM, 300, "Free")), setup, setup.media))
    assert len(text_outside(facts.chars, [facts.trim])) == 1


def test_text_inside_the_trim_is_not_outside() -> None:
    setup = PageSetup("A5", bleed=True)
    facts = read_page(pdf(lines_at((5 * MM, 300, "Free")), setup, setup.media))
    assert text_outside(facts.chars, [facts.trim]) == []


def test_text_under_6_pt_is_small() -> None:
    facts = read_page(pdf(lines_at((20, 300, "Sign the appeal"), size=5.5)))
    found = small_text(facts.chars, facts.lines)
    assert found == ["5.5 pt: 'Sign the appeal'"]


def test_text_at_6_pt_is_not_small() -> None:
    facts = read_page(pdf(lines_at((20, 300, "Sign the appeal"), size=6)))
    assert small_text(facts.chars, facts.lines) == []


def test_text_scaled_down_on_an_imposed_sheet_is_measured_as_printed() -> None:
    """8 pt in a piece printed at 70% is 5.6 pt on paper."""

    def draw(c: Any) -> None:
        c.beginForm("piece")
        lines_at((0, 0, "Sign the appeal"), size=8)(c)
        c.endForm()
        c.translate(50, 50)
        c.scale(0.7, 0.7)
        c.doForm("piece")

    facts = read_page(pdf(draw))
    assert small_text(facts.chars, facts.lines) == ["5.6 pt: 'Sign the appeal'"]


def test_a_trimbox_that_is_not_the_paper_size_is_found() -> None:
    setup = PageSetup("A4")
    facts = read_page(pdf(lines_at(), setup, setup.media))
    clean = Case("placard", "A4", False, ("en",), ("x",))
    wrong = Case("placard", "A3", False, ("en",), ("x",))
    assert [k for k, _ in check_page(facts, clean, 0, ITEM_SIZES, PAPER_SIZES)] == [
        "qr_missing"  # a placard carries a QR code; this page has none
    ]
    problems = check_page(facts, wrong, 0, ITEM_SIZES, PAPER_SIZES)
    assert [k for k, _ in problems] == ["size", "qr_missing"]
    assert "210.0 x 297.0 mm, not 297 x 420 mm" in problems[0][1]


def imposed_sheet(w_mm: float, h_mm: float) -> PageFacts:
    """Two pieces side by side with cut marks at their edges, on A4."""

    def draw(c: Any) -> None:
        c.setLineWidth(0.3)
        left, bottom = 10 * MM, 60 * MM
        xs = [left, left + w_mm * MM, left + w_mm * MM + 4 * MM, left + (2 * w_mm + 4) * MM]
        for x in xs:
            c.line(x, bottom - 2 * MM, x, bottom - 6 * MM)
        for y in (bottom, bottom + h_mm * MM):
            c.line(left - 2 * MM, y, left - 6 * MM, y)
        lines_at((left + 5 * MM, bottom + 20 * MM, "Free"))(c)

    return read_page(pdf(draw, size=PAPER_SIZES["A4"]))


def test_imposed_pieces_smaller_than_their_name_are_found() -> None:
    case = Case("flyer", "A4", False, ("en",), (), "A6", 2)
    found = check_page(imposed_sheet(95, 134), case, 0, ITEM_SIZES, {})
    sizes = [detail for kind, detail in found if kind == "size"]
    assert sizes == ["95.0 x 134.0 mm, not 105 x 148 mm (81.9% of the area)"]


def test_a_smaller_piece_is_announced_only_when_the_user_was_told_its_size() -> None:
    case = Case("flyer", "A4", False, ("en",), (), "A6", 2)
    sheet = imposed_sheet(95, 134)
    told = ["A6 flyers print at 90% (95 × 134 mm instead of 105 × 148 mm): ..."]
    other = ["A6 flyers print at 88% (92 × 130 mm instead of 105 × 148 mm): ..."]
    found = check_page(sheet, case, 0, ITEM_SIZES, {}, told)
    assert [kind for kind, _ in found if kind in ("size", "announced")] == ["announced"]
    found = check_page(sheet, case, 0, ITEM_SIZES, {}, other)
    assert [kind for kind, _ in found if kind in ("size", "announced")] == ["size"]


def test_imposed_pieces_at_their_nominal_size_pass() -> None:
    case = Case("flyer", "A4", False, ("en",), (), "A6", 2)
    found = check_page(imposed_sheet(105, 148), case, 0, ITEM_SIZES, {})
    assert [kind for kind, _ in found if kind in ("size", "outside_trim")] == []


def test_the_full_matrix_covers_every_person_paper_orientation_and_language(
    loaded: Any,
) -> None:
    cases = full_matrix(loaded.people)
    everyone = {p.id for p in loaded.people}
    for kind in ("poster", "placard", "wall", "palmcard"):
        of_kind = [c for c in cases if c.kind == kind]
        assert {i for c in of_kind for i in c.people} == everyone, kind
        assert {c.languages[0] for c in of_kind} == set(available_languages())
    pieces = [c for c in cases if c.kind in ("poster", "placard", "wall", "appeal")]
    assert {(c.paper, c.landscape) for c in pieces} == {(p, o) for p in PAPERS for o in (0, 1)}
    assert {c.kind for c in cases} == {c.kind for c in sample_matrix(loaded.people)}
    assert all(4 <= len(c.people) <= 24 for c in cases if c.kind == "wall")


@pytest.mark.parametrize("kind", ["sheets"])
def test_the_command_reports_what_it_found_and_exits_1_on_defects(
    kind: str, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from actionkit.cli import main

    status = main(
        ["--home", str(tmp_path), "print-check", "--piece", kind, "--jobs", "1", "--format", "json"]
    )
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["cases"] == 10 and report["pages"] == 10
    assert err.count(f"] {kind} ") == 10  # one progress line per case
    found = sum(report["defects"].values())
    assert found == len(report["details"])
    assert status == (1 if found or report["errors"] else 0)


def test_text_beside_a_cropped_photo_does_not_overlap_it() -> None:
    """A photo cropped to fill its frame overflows it under a clipping path: only
    what prints counts."""

    def draw(c: Any) -> None:
        c.saveState()
        frame = c.beginPath()
        frame.rect(50, 100, 200, 150)
        c.clipPath(frame, stroke=0, fill=0)
        c.drawImage(ImageReader(Image.new("RGB", (40, 40), (120, 90, 60))), 50, 50, 200, 250)
        c.restoreState()
        lines_at((60, 80, "Narges Mohammadi"))(c)

    facts = read_page(pdf(draw))
    assert overlapping_boxes(facts) == []
    assert facts.images == [pytest.approx((50, 100, 250, 250), abs=0.5)]


def test_a_word_printed_without_its_vowel_mark_is_still_the_word() -> None:
    """PDFium gives "غیاباً" back as "غیابا": not a piece of a word."""
    vocabulary = Vocabulary()
    vocabulary.add_text("زندانی سیاسی حدوداً غیاباً")
    assert broken_words(["زندانی سیاسی حدودا", "غیابا"], vocabulary) == []
    assert len(broken_words(["زندانی سیاسی حدو", "دا"], vocabulary)) == 1


def test_a_vowel_mark_read_back_on_the_next_line_is_not_a_broken_word() -> None:
    """PDFium files the tanwin of "غیاباً" at the start of the next line: "از" / "ً"
    is not a word cut in two (found by the full matrix on Jafar Panahi's story)."""
    vocabulary = Vocabulary()
    vocabulary.add_text("در خارج از ایران غیاباً به")
    assert broken_words(["در خارج از", "\u064b به"], vocabulary) == []
