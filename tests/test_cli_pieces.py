"""`actionkit poster|placard|wall` as a user runs them."""

from __future__ import annotations

import datetime as dt
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
                 "--lang", "fa,de", "--size", "A4", "--url", url, "--accept-stale",
                 "-o", str(out)])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0
    assert "Wrote" in captured.out and "(2 pages)" in captured.out
    assert "warning: Narges Mohammadi: status is 'Out on bail'" in captured.err
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
                "--accept-stale",
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
        # Someone executed: no stale-news question stands before the error under test.
        (["wall", "--person", "mohsen-shekari", "-o", "{tmp}/x.pdf"], "1 was chosen"),
        (
            ["poster", "--person", "mohsen-shekari", "--lang", "xx", "-o", "{tmp}/x.pdf"],
            "No print wording",
        ),
        (["poster", "--person", "mohsen-shekari", "-o", "{tmp}/missing/x.pdf"], "does not exist"),
        (["poster", "--person", "mohsen-shekari", "-o", "{tmp}"], "is a folder"),
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
            "--accept-stale",
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
            "--accept-stale",
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


def _people_home(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A home whose dataset has one person in custody on fresh news, one in custody on
    news older than 90 days, and one released long ago."""
    from tests.dataset_helpers import make_record, write_bundle

    fresh = (dt.date.today() - dt.timedelta(days=10)).isoformat()
    records = [
        make_record("fresh", "Fresh News", status="detained", as_of=fresh),
        make_record("old", "Old News", status="sentenced", as_of="2024-03-05"),
        make_record("out", "Long Out", status="released", as_of="2023-01-02"),
        make_record("gone", "Long Gone", status="executed", as_of="2023-01-02"),
    ]
    home = str(tmp_path / "home")
    bundle = write_bundle(tmp_path / "people.json", records)
    assert main(["--home", home, "dataset", "import", str(bundle), "--untrusted"]) == 0
    capsys.readouterr()
    return home


@pytest.mark.parametrize(
    "command",
    [
        ["poster"],
        ["placard"],
        ["flyer", "--size", "A6"],
        ["palmcard"],
    ],
    ids=lambda c: c[0],
)
def test_a_piece_calling_someone_imprisoned_on_old_news_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """Fails on the old code, which only warned and wrote the PDF."""
    home = _people_home(tmp_path, capsys)
    out = tmp_path / "piece.pdf"
    who = ["--person", "fresh", "--person", "old", "--person", "out"]
    code = main(["--home", home, *command, *who, "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1  # refused
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))
    refused = [line for line in err.splitlines() if "refused:" in line]
    assert refused == [
        "actionkit: refused: Old News would be printed as 'Sentenced', but the "
        f"newest news is from 2024-03-05, {(_today() - _date('2024-03-05')).days} days ago "
        "(more than 90).",
        # Released on old news: they may have been arrested again since.
        "actionkit: refused: Long Out would be printed as 'Released', but the "
        f"newest news is from 2023-01-02, {(_today() - _date('2023-01-02')).days} days ago "
        "(more than 90).",
    ]
    assert "--accept-stale" in err
    # A death does not change with time: information, not a refusal.
    code = main(["--home", home, *command, "--person", "fresh", "--person", "gone", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 0 and out.exists()
    assert "refused" not in err and "Long Gone: status is 'Executed'" in err
    out.unlink()
    code = main(["--home", home, *command, *who, "--accept-stale", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 0 and out.exists()
    assert "warning: Old News: status 'Sentenced' rests on news from 2024-03-05" in err


def test_warnings_name_statuses_in_words_not_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Fails on the old code, which printed the internal code: "status is 'on_bail'"."""
    from tests.dataset_helpers import make_record, write_bundle

    fresh = (dt.date.today() - dt.timedelta(days=10)).isoformat()
    records = [
        make_record("bail", "On Bail", status="on_bail", as_of=fresh),
        make_record("old", "Old Leave", status="on_furlough", as_of="2024-03-05"),
    ]
    home = str(tmp_path / "home")
    bundle = write_bundle(tmp_path / "people.json", records)
    assert main(["--home", home, "dataset", "import", str(bundle), "--untrusted"]) == 0
    capsys.readouterr()
    out = tmp_path / "poster.pdf"
    assert main(["--home", home, "poster", "--person", "bail", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "On Bail: status is 'Out on bail', so pieces will not call them imprisoned" in err
    assert "on_bail" not in err
    assert main(["--home", home, "poster", "--person", "old", "-o", str(out)]) == 1  # refused
    err = capsys.readouterr().err
    assert "Old Leave would be printed as 'On furlough', but" in err
    assert "on_furlough" not in err


def test_accept_stale_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("poster", "placard", "wall", "flyer", "palmcard"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "--accept-stale" in capsys.readouterr().out


def _today() -> dt.date:
    return dt.date.today()


def _date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)
