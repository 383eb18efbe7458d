"""The event line on flyers and signature sheets says the date, the time and the
place in each print language's own form (issue 15); read back from the PDF."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest

from actionkit.core.dataset import LoadedDataset
from actionkit.core.print.context import FSI, PDI, EventInfo
from actionkit.core.print.handouts import HandoutJob, render_handouts
from actionkit.core.signatures.sheets_pdf import render_sheets
from actionkit.core.signatures.store import SignatureStore
from tests.pdf_helpers import open_pdf, page_text

URL = "https://www.freeiranspoliticalprisonersnow.org"
EVENT = EventInfo("Mahnwache für Narges", "2026-12-10", "Neumarkt", "Köln", "14:00", "16:00")


def plain(text: str) -> str:
    return text.replace(FSI, "").replace(PDI, "").replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("language", "when"),
    [
        ("de", "10. Dezember 2026, 14:00–16:00 Uhr"),
        ("en", "10 December 2026, 14:00–16:00"),
        ("fr", "10 décembre 2026, 14h00–16h00"),
        ("es", "10 de diciembre de 2026, 14:00–16:00 h"),
        ("fa", "۱۰ دسامبر ۲۰۲۶، ساعت ۱۴:۰۰ تا ۱۶:۰۰"),
    ],
)
def test_the_event_line_says_the_time_in_each_languages_form(language: str, when: str) -> None:
    assert plain(EVENT.line(language)) == f"Mahnwache für Narges · {when} · Neumarkt, Köln"


def test_each_value_in_the_line_is_isolated_and_a_time_never_breaks() -> None:
    line = EVENT.line("fa")
    assert line.count(FSI) == line.count(PDI) and line.startswith(FSI)
    parts = line.split(" · ")
    assert len(parts) == 3 and all(p.startswith(FSI) and p.endswith(PDI) for p in parts)
    assert "ساعت\u00a0۱۴:۰۰\u00a0تا\u00a0۱۶:۰۰" in line  # bound: no line break inside
    start_only = EventInfo("Vigil", "2026-12-10", start_time="19:30")
    assert plain(start_only.when("de")) == "10. Dezember 2026, 19:30 Uhr"
    assert plain(EventInfo("Vigil", "2026-12-10").line("de")) == "Vigil · 10. Dezember 2026"


def test_a_flyer_for_an_event_prints_its_time(loaded: LoadedDataset) -> None:
    narges = loaded.get("narges-mohammadi")
    assert narges is not None
    job = HandoutJob(
        people=[narges],
        kind="flyer",
        languages=["de"],
        size="A6",
        event=EVENT,
    )
    out = BytesIO()
    render_handouts(job, out, loaded.dataset.info)
    text = " ".join(page_text(open_pdf(out.getvalue())[0]).split())
    # The flyer's "when and where" block: one fact a line, no separators.
    assert "10. Dezember 2026, 14:00–16:00 Uhr Neumarkt, Köln" in text


def test_a_sheet_for_an_event_prints_its_date_time_and_place(tmp_path: Path) -> None:
    with SignatureStore(tmp_path / "signatures.sqlite3") as store:
        event = store.create_event(
            "Mahnwache für Narges",
            "2026-12-10",
            place="Neumarkt",
            city="Köln",
            start_time="14:00",
            end_time="16:00",
        )
        german = store.create_sheets(event.slug, ("de",), 1)
        persian = store.create_sheets(event.slug, ("fa", "de"), 1)
    out = BytesIO()
    render_sheets(german + persian, event, out, url=URL)
    pages = open_pdf(out.getvalue())
    text = page_text(pages[0])
    assert "Mahnwache für Narges · 10. Dezember 2026, 14:00–16:00 Uhr · Neumarkt, Köln" in " ".join(
        text.split()
    )
    # A Farsi sheet: Persian digits, and the parts in right-to-left order: the name at
    # the right, the place at the left, the date and time between them.
    textpage = pages[1].get_textpage()
    text = textpage.get_text_range()
    assert "۱۴:۰۰" in text

    def left(word: str) -> float:
        return float(textpage.get_charbox(text.index(word))[0])

    assert left("Köln") < left("۱۴:۰۰") < left("Mahnwache")


def test_an_event_without_a_date_prints_its_times_alone() -> None:
    """An event needs only a name; without a date its times must not follow a stray
    comma (", 14:00–16:00 Uhr" before this test)."""
    event = EventInfo("Mahnwache", "", "Neumarkt", "Köln", "14:00", "16:00")
    when = event.when("de")
    assert "14:00" in when and not when.lstrip("\u2068\u2069 ").startswith(",")
    assert EventInfo("Mahnwache", "", "", "Köln").when("de") == ""
