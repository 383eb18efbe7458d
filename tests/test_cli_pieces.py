"""`actionkit poster|placard|wall` as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from actionkit.cli import main
from tests.pdf_helpers import open_pdf, page_text, qr_texts


def test_poster_with_two_languages_and_a_custom_url(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "poster.pdf"
    url = "https://example.org/appeal?event=koeln"
    code = main(["poster", "--person", "narges-mohammadi", "--person", "toomaj-salehi",
                 "--lang", "fa,de", "--size", "A4", "--url", url, "-o", str(out)])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0
    assert "Wrote" in captured.out and "(2 pages)" in captured.out
    assert "warning: Toomaj Salehi: status is 'released'" in captured.err
    document = open_pdf(out)
    assert len(document) == 2
    assert qr_texts(document[0]) == [url]
    assert "نرگس محمدی" in page_text(document[0])


def test_appeal_url_comes_from_settings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from actionkit.core.paths import resolve_paths
    from actionkit.core.settings import Settings, save_settings

    paths = resolve_paths(tmp_path / "home")
    save_settings(Settings(appeal_url="https://example.org/our-city"), paths.settings_file)
    out = tmp_path / "placard.pdf"
    assert (
        main(
            [
                "--home",
                str(tmp_path / "home"),
                "placard",
                "--person",
                "zeynab-jalalian",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert qr_texts(open_pdf(out)[0]) == ["https://example.org/our-city"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["poster", "--person", "nobody", "-o", "{tmp}/x.pdf"], "No person with id 'nobody'"),
        (["wall", "--person", "toomaj-salehi", "-o", "{tmp}/x.pdf"], "1 was chosen"),
        (
            ["poster", "--person", "toomaj-salehi", "--lang", "xx", "-o", "{tmp}/x.pdf"],
            "No print wording",
        ),
        (["poster", "--person", "toomaj-salehi", "-o", "{tmp}/missing/x.pdf"], "does not exist"),
        (["poster", "--person", "toomaj-salehi", "-o", "{tmp}"], "is a folder"),
    ],
)
def test_bad_input_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], message: str
) -> None:
    code = main([a.replace("{tmp}", str(tmp_path)) for a in args])
    assert code == 1
    assert message in capsys.readouterr().err
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*.tmp"))


def test_flyer_palmcard_and_appeal_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.pdf_helpers import open_pdf, page_text, qr_texts

    home = str(tmp_path / "home")
    assert (
        main(
            [
                "--home",
                home,
                "event",
                "create",
                "--name",
                "Mahnwache",
                "--date",
                "2026-12-10",
                "--city",
                "Köln",
                "--place",
                "Neumarkt",
            ]
        )
        == 0
    )
    flyer = tmp_path / "flyer.pdf"
    code = main(
        [
            "--home",
            home,
            "flyer",
            "--lang",
            "de,fa",
            "--size",
            "A6",
            "--per-sheet",
            "4",
            "--duplex",
            "--person",
            "narges-mohammadi",
            "--event",
            "2026-12-10-koln",
            "--track",
            "-o",
            str(flyer),
        ]
    )
    assert code == 0
    pdf = open_pdf(flyer)
    assert len(pdf) == 2 and "Neumarkt, Köln" in page_text(pdf[0])
    codes = qr_texts(pdf[0])
    assert len(codes) == 4 and all("utm_campaign=2026-12-10-koln" in c for c in codes)
    assert all("utm_content=de" in c for c in codes)
    assert all("utm_content=fa" in c for c in qr_texts(pdf[1]))
    cards = tmp_path / "cards.pdf"
    code = main(
        [
            "--home",
            home,
            "palmcard",
            "--person",
            "toomaj-salehi",
            "--person",
            "sepideh-gholian",
            "--lang",
            "en",
            "--paper",
            "Letter",
            "--per-sheet",
            "8",
            "-o",
            str(cards),
        ]
    )
    assert code == 0 and len(open_pdf(cards)) == 2
    appeal = tmp_path / "appeal.pdf"
    assert main(["--home", home, "appeal", "--lang", "es", "-o", str(appeal)]) == 0
    assert "Qué puedes hacer" in page_text(open_pdf(appeal)[0])
    capsys.readouterr()
    assert main(["--home", home, "flyer", "--lang", "de", "--duplex", "-o", str(flyer)]) == 1
    assert "two languages" in capsys.readouterr().err
