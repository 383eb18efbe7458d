"""The text engine: right-to-left shaping and order, fallback, line breaking, fitting."""

from __future__ import annotations

from io import BytesIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actionkit.core.print.page import PageSetup, begin_page, new_canvas
from actionkit.core.text.layout import TextBlock, TextStyle, fit, layout
from tests.pdf_helpers import char_boxes, open_pdf, page_text


def draw_pdf(block: TextBlock, x: float = 40, top: float = 780) -> bytes:
    out = BytesIO()
    canvas = new_canvas(out, PageSetup("A4"), title="test")
    begin_page(canvas, PageSetup("A4"))
    block.draw(canvas, x, top)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


PERSIAN_LINES = [
    "زندانیان سیاسی را آزاد کنید",
    "نسرین ستوده وکیل حقوق بشر است",
    "به‌خاطر اعتراض به حجاب اجباری",  # with ZWNJ
    "ڕۆژی ئازادی بۆ هەموو زیندانیانی سیاسی",  # Kurdish (Sorani)
]


@pytest.mark.parametrize("line", PERSIAN_LINES)
def test_pure_right_to_left_lines_extract_to_the_logical_text(line: str) -> None:
    block = layout(line, TextStyle(size=16, language="fa"), 500)
    assert len(block.lines) == 1
    page = open_pdf(draw_pdf(block))[0]
    assert page_text(page).strip() == line.replace("\u200c", "") or page_text(page).strip() == line


def test_right_to_left_line_is_right_aligned_and_reads_right_to_left() -> None:
    block = layout("آزادی", TextStyle(size=20, language="fa"), 400)
    boxes = [b for _, b in char_boxes(open_pdf(draw_pdf(block))[0])]
    assert max(b[2] for b in boxes) == pytest.approx(40 + 400, abs=1.5)  # flush right


def test_mixed_line_orders_runs_right_to_left_and_latin_left_to_right() -> None:
    text = "آزادی برای Narges Mohammadi و ۴۲ نفر"
    block = layout(text, TextStyle(size=14, language="fa"), 500)
    boxes = char_boxes(open_pdf(draw_pdf(block))[0])
    latin = sorted(
        ((c, b) for c, b in boxes if c.isascii() and c.isalpha()), key=lambda cb: cb[1][0]
    )
    assert "".join(c for c, _ in latin) == "NargesMohammadi"
    xs = [b[0] for _, b in latin]
    assert xs == sorted(xs), "Latin letters run left to right"
    persian_word = [b for c, b in boxes if c in "آزادی"]
    digits = [b for c, b in boxes if c in "۴۲"]
    # The first Persian word (logically) stands right of the Latin name, the digits left of it.
    assert min(b[0] for b in persian_word) > max(xs)
    assert max(b[2] for b in digits) < min(xs)
    four, two = (next(b for c, b in boxes if c == d) for d in "۴۲")
    assert four[0] < two[0], "Persian digits keep their order (۴۲, not ۲۴)"


def test_brackets_are_mirrored_around_latin_inside_persian() -> None:
    # The glyphs as drawn, left to right (PDF readers re-mirror brackets they
    # find in right-to-left text when extracting, so extraction cannot tell).
    block = layout("سلام (Hello world) دنیا", TextStyle(size=14, language="fa"), 500)
    drawn = "".join(str(piece.text) for piece in block.lines[0].pieces)
    assert "(Hello world)" in drawn
    assert drawn.index("(") < drawn.index("Hello") < drawn.index(")")


def test_guillemets_and_zwnj_survive() -> None:
    block = layout("«آزادی» می‌خواهیم", TextStyle(size=14, language="fa"), 500)
    text = page_text(open_pdf(draw_pdf(block))[0])
    assert "«" in text and "»" in text
    joined = layout("میخواهیم", TextStyle(size=14, language="fa"), 500).lines[0]
    with_zwnj = layout("می‌خواهیم", TextStyle(size=14, language="fa"), 500).lines[0]
    assert str(joined.pieces[0].text) != str(with_zwnj.pieces[0].text), (
        "ZWNJ must change the shaping"
    )


def test_fallback_font_for_characters_vazirmatn_lacks() -> None:
    block = layout("Freiheit Ωμέγα Жизнь", TextStyle(size=14), 500)
    fonts = {p.font_name for line in block.lines for p in line.pieces}
    assert fonts == {"AK-Vazirmatn-Regular", "AK-NotoSans-Regular"}
    assert not block.missing


def test_characters_no_font_has_are_reported_not_drawn() -> None:
    block = layout("Free them 😀 all", TextStyle(size=14), 500)
    assert block.missing == {"😀"}
    assert "Free them" in page_text(open_pdf(draw_pdf(block))[0])


def test_persian_digits_option() -> None:
    block = layout("Ward 209", TextStyle(size=14, persian_digits=True), 500)
    assert "۲۰۹" in page_text(open_pdf(draw_pdf(block))[0])


def test_lines_never_exceed_the_width_and_no_break_inside_no_break_space() -> None:
    text = "Libérez Narges Mohammadi, maintenant\u202f! " * 6
    block = layout(text, TextStyle(size=14, language="fr"), 180)
    assert all(line.width <= 180 + 0.01 for line in block.lines)
    pieces = [str(p.text) for line in block.lines for p in line.pieces]
    assert not any(p.startswith("!") for p in pieces)


def test_words_longer_than_the_line_are_never_cut() -> None:
    # Old code: "Zaghari-Ratcl / iffe-Superc / alifragilistic", counted as fitting.
    text = "Zaghari-Ratcliffe-Supercalifragilistic"
    block = layout(text, TextStyle(size=30), 120)
    # PDFium reports a hyphen at a line's end as U+FFFE (a hyphenated word's join)
    lines = page_text(open_pdf(draw_pdf(block))[0]).replace("\ufffe", "-\n").split("\n")
    assert lines == ["Zaghari-", "Ratcliffe-", "Supercalifragilistic"]
    fitted = fit(text, TextStyle(size=30), 120, 400, min_size=20)
    assert fitted.below_floor and fitted.size < 20 and not fitted.overflow
    assert fitted.widest <= 120 + 0.01
    last = page_text(open_pdf(draw_pdf(fitted))[0]).replace("\ufffe", "-\n").split("\n")[-1]
    assert last == "Supercalifragilistic"


def test_fit_shrinks_within_bounds_and_reports_overflow() -> None:
    story = "Nahid Taghavi, a retired architect, was arrested in Tehran. " * 3
    block = fit(story, TextStyle(size=30), 300, 200, min_size=8)
    assert not block.overflow and 8 <= block.size < 30
    assert block.height <= 200 + 0.01
    too_long = fit(story * 20, TextStyle(size=30), 300, 200, min_size=8)
    assert too_long.overflow and too_long.size == 8
    visible = too_long.visible_lines()
    assert visible and len(visible) < len(too_long.lines)
    assert visible[-1][1] + too_long.descent <= 200 + 0.01


def test_no_glyph_box_falls_outside_its_frame() -> None:
    frame_x, frame_top, frame_w, frame_h = 60.0, 700.0, 220.0, 160.0
    for text, language in [
        ("Nazanin Zaghari-Ratcliffe " * 12, "en"),
        ("نسرین ستوده وکیل حقوق بشر است. " * 10, "fa"),
        ("Jamshid Sharmahd Ωμέγα Жизнь " * 10, "de"),
    ]:
        block = fit(text, TextStyle(size=24, language=language), frame_w, frame_h, min_size=9)
        boxes = char_boxes(open_pdf(draw_pdf(block, frame_x, frame_top))[0])
        assert boxes
        for char, (left, bottom, right, top) in boxes:
            assert frame_x - 0.5 <= left and right <= frame_x + frame_w + 0.5, char
            assert frame_top - frame_h - 0.5 <= bottom and top <= frame_top + 0.5, char


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(),
            st.sampled_from(list("سلام آزادی ‌ ـ ()[]«» ۰۱۲ 012 abc ZWJ\u200d\u202e\u2066ْ")),
        ),
        max_size=120,
    ),
    st.sampled_from(["en", "fa", None]),
    st.floats(min_value=1, max_value=200),
)
def test_any_unicode_lays_out_and_draws(text: str, language: str | None, width: float) -> None:
    block = fit(text, TextStyle(size=12, language=language), width, 300, min_size=4)
    draw_pdf(block)
