"""Line breaking (UAX #14) and balanced lines, read back from the drawn PDF."""

from __future__ import annotations

import itertools
from io import BytesIO

import pytest

from actionkit.core.print.page import PageSetup, begin_page, new_canvas
from actionkit.core.text.breaks import opportunities
from actionkit.core.text.layout import TextBlock, TextStyle, fit, keep_together, layout
from tests.pdf_helpers import open_pdf, page_text


def pdf_lines(block: TextBlock) -> list[str]:
    out = BytesIO()
    canvas = new_canvas(out, PageSetup("A3"), title="test")
    begin_page(canvas, PageSetup("A3"))
    block.draw(canvas, 20, 1100)
    canvas.showPage()
    canvas.save()
    return [line.strip() for line in page_text(open_pdf(out.getvalue())[0]).split("\n")]


def pieces(text: str) -> list[str]:
    cuts = [0, *opportunities(text), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(cuts)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Libérez Narges, maintenant !", ["Libérez ", "Narges, ", "maintenant !"]),
        ("Zaghari-Ratcliffe", ["Zaghari-", "Ratcliffe"]),
        ("« Femme, vie, liberté »", ["« Femme, ", "vie, ", "liberté »"]),
        ("„Frau, Leben“ jetzt", ["„Frau, ", "Leben“ ", "jetzt"]),
        (
            "¡Libertad ya! 12\u00a0de\u00a0diciembre",
            ["¡Libertad ", "ya! ", "12\u00a0de\u00a0diciembre"],
        ),
        ("prisonersnow.org", ["prisonersnow.org"]),
        ("همین\u200cحالا آزاد کنید!", ["همین\u200cحالا ", "آزاد ", "کنید!"]),
        ("Ward 209 (Evin)", ["Ward ", "209 ", "(Evin)"]),
        ("a\u200bb", ["a\u200b", "b"]),
        # Addresses are typed back by hand: never broken, not even at a hyphen (the
        # sheet printed "unterschriften@ai-" / "koeln.example" before this case).
        ("an: info@ai-koeln.example", ["an: ", "info@ai-koeln.example"]),
        ("www.free-iran.org/a-b now", ["www.free-iran.org/a-b ", "now"]),
    ],
)
def test_breaks_only_at_opportunities(text: str, expected: list[str]) -> None:
    assert pieces(text) == expected


def test_a_name_too_long_for_the_line_shrinks_instead_of_being_cut() -> None:
    # Old code printed "Mohamm" / "adi": a line broken inside the word counted as fitting.
    block = fit(
        "Narges\nMohammadi",
        TextStyle(weight="black", size=200, language="en", align="center"),
        500,
        600,
        min_size=150,
    )
    assert pdf_lines(block) == ["Narges", "Mohammadi"]
    assert block.widest <= 500.01 and block.below_floor


def test_no_break_spaces_bind_what_they_join() -> None:
    name = keep_together("Mahsa Amini")
    block = layout(f"Justice for {name} and her family", TextStyle(size=40), 300)
    assert any("Mahsa Amini" in line for line in pdf_lines(block))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Stoppt die Hinrichtung von Toomaj Salehi jetzt!", "de"),
        ("Free Narges Mohammadi now!", "en"),
        ("اعدام را متوقف کنید همین حالا!", "fa"),
        ("¡Liberen a Sepideh Gholian ya!", "es"),
    ],
)
def test_balanced_lines_leave_no_word_alone_on_the_last_line(text: str, language: str) -> None:
    for width in (260, 340, 420, 520):
        plain = layout(text, TextStyle(size=36, language=language), width)
        block = layout(text, TextStyle(size=36, language=language, balance=True), width)
        lines = pdf_lines(block)
        assert len(block.lines) == len(plain.lines)
        if len(lines) > 1 and len(lines[-1].split()) == 1:
            # allowed only for a long word, or where the last two words together
            # are wider than the line
            pair = " ".join(text.split()[-2:])
            long_word = block.lines[-1].width >= max(x.width for x in block.lines[:-1]) / 2
            wide = layout(pair, TextStyle(size=36, language=language), 100_000).widest > width
            assert long_word or wide, lines
        if len(lines) > 1:
            widths = [line.width for line in block.lines]
            assert max(widths) <= width + 0.01
            assert block.widest <= plain.widest + 0.01


def test_a_bound_name_on_the_last_line_is_no_widow() -> None:
    text = "Justicia para " + keep_together("Nazanin Mohammadnejad")
    plain = layout(text, TextStyle(size=40, language="es"), 100_000).widest
    block = layout(text, TextStyle(size=40, language="es", balance=True), plain * 0.8)
    assert pdf_lines(block) == ["Justicia para", "Nazanin Mohammadnejad"]
