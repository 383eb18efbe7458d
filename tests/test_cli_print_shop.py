"""`actionkit flyer|palmcard|poster` for a print shop and a home printer, as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from actionkit.cli import main
from tests.core.print.test_print_shop import inks
from tests.pdf_helpers import open_pdf, qr_texts

MM = 72 / 25.4


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_four_a6_to_a_sheet_says_by_how_much_they_shrink(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Fails on the old code: the flyers printed at 90.5% without a word."""
    out = tmp_path / "flyers.pdf"
    code, _, err = run(["flyer", "--lang", "de,fa", "--per-sheet", "4", "-o", str(out)], capsys)
    assert code == 0
    assert "warning: A6 flyers print at 88% (92 × 130 mm instead of 105 × 148 mm)" in err
    assert "print 2 per sheet" in err
    code, _, err = run(["flyer", "--lang", "de,fa", "--per-sheet", "2", "-o", str(out)], capsys)
    assert code == 0 and "print at" not in err


def test_one_up_cmyk_palm_card_for_a_print_shop(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Fails on the old code: there was neither --one-up nor --cmyk."""
    out = tmp_path / "card.pdf"
    code, stdout, err = run(["palmcard", "--person", "toomaj-salehi", "--lang", "fa,en",
                             "--one-up", "--crop-marks", "--cmyk", "--accept-stale",
                             "-o", str(out)], capsys)  # fmt: skip
    assert code == 0, err
    assert "(1 page)" in stdout and "print at" not in err
    page = open_pdf(out)[0]
    left, bottom, right, top = page.get_trimbox()
    assert ((right - left) / MM, (top - bottom) / MM) == pytest.approx((85, 55), abs=0.01)
    assert page.get_bleedbox()[0] == pytest.approx(left - 3 * MM, abs=0.01)
    operators, _, codes = inks(out.read_bytes())
    assert operators <= {"k", "K"} and codes == [("cmyk", 0, 0, 0, 1)]
    assert len(qr_texts(page, dpi=300)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["poster", "--person", "mohsen-shekari", "--size", "A2", "--tile", "A4", "--bleed"],
         "bleed and crop marks are for a print shop"),
        (["placard", "--person", "mohsen-shekari", "--tile", "A4", "--crop-marks"],
         "bleed and crop marks are for a print shop"),
        (["flyer", "--crop-marks"], "--crop-marks goes with --one-up"),
    ],
)  # fmt: skip
def test_what_cannot_be_done_is_refused_with_the_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], message: str
) -> None:
    """Fails on the old code: bleed and crop marks were silently dropped with --tile."""
    code, _, err = run([*args, "-o", str(tmp_path / "x.pdf")], capsys)
    assert code == 1 and message in err
    assert not list(tmp_path.glob("*.pdf"))


def test_help_tells_of_the_print_shop_options(capsys: pytest.CaptureFixture[str]) -> None:
    for command, options in (
        ("flyer", ("--one-up", "--cmyk", "--crop-marks", "TrimBox")),
        ("palmcard", ("--one-up", "--cmyk")),
        ("poster", ("--cmyk", "assembly map", "--tile")),
        ("appeal", ("--cmyk", "--bleed")),
    ):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = " ".join(capsys.readouterr().out.split())
        for option in options:
            assert option in text, (command, option)
