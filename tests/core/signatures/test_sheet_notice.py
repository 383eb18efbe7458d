"""Signature sheets that are sound under EU data protection (issue 16): they name who
collects the details, for what, how long they are kept and how to withdraw, in each of
the sheet's languages; blank lines where the event gives no time or place; the appeal
address on one line. Read back from the PDFs."""

from __future__ import annotations

import re
import unicodedata
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from actionkit.core.print import wording
from actionkit.core.signatures.sheets_pdf import DataController, render_sheets
from actionkit.core.signatures.store import Event, Sheet, SignatureStore
from tests.pdf_helpers import char_boxes, open_pdf, page_text

URL = "https://www.freeiranspoliticalprisonersnow.org"
ADDRESS = "freeiranspoliticalprisonersnow.org"


def flat(text: str) -> str:
    # PDFium gives a no-break space back as a space, and an Arabic mark (the shadda
    # of عدّ) apart from its letter: compare without marks.
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def words_of(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", printed(text)).split())


def printed(text: str) -> str:
    """A wording entry as the PDF gives it back: no isolates, ordinary spaces."""
    return flat(text.replace(wording.FSI, "").replace(wording.PDI, ""))


def sheets_for(
    tmp_path: Path,
    languages: list[tuple[str, ...]],
    *,
    name: str = "Rally for Narges",
    city: str = "",
    start_time: str = "",
) -> tuple[Event, list[Sheet]]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    with SignatureStore(tmp_path / "signatures.sqlite3") as store:
        created = store.create_event(name, "2026-12-10", city=city, start_time=start_time)
        sheets = [s for langs in languages for s in store.create_sheets(created.slug, langs, 1)]
    return created, sheets


def pdf_of(event: Event, sheets: list[Sheet], controller: DataController | None = None) -> Any:
    out = BytesIO()
    result = render_sheets(sheets, event, out, url=URL, controller=controller)
    assert result.warnings == []
    return open_pdf(out.getvalue())


@pytest.mark.parametrize("language", wording.available_languages())
def test_the_notice_says_who_why_how_long_and_how_to_withdraw(
    tmp_path: Path, language: str
) -> None:
    event, sheets = sheets_for(tmp_path, [(language,)], city="Köln", start_time="14:00")
    # Words only: PDFium puts a stray space before a full stop after an Arabic mark.
    text = words_of(page_text(pdf_of(event, sheets)[0]))
    campaign = printed(wording.phrase(language, "campaign_name"))
    who = words_of(wording.text(language, "privacy", controller=campaign))
    assert who in text, language
    assert words_of(wording.text(language, "data_kept")) in text
    withdraw = words_of(wording.text(language, "data_withdraw", contact=""))
    assert f"{withdraw} ____" in text


def test_the_german_sheet_names_the_organizer_in_german(tmp_path: Path) -> None:
    event, sheets = sheets_for(tmp_path, [("de",)], city="Köln")
    text = flat(page_text(pdf_of(event, sheets)[0]))
    assert " an the " not in text and "the International" not in text
    assert "Verantwortlich für Ihre Angaben: Internationale Notfallkampagne" in text

    organizer = DataController("Amnesty-Gruppe Köln e.V.", "kontakt@ai-koeln.example")
    text = flat(page_text(pdf_of(event, sheets, organizer)[0]))
    assert "Verantwortlich für Ihre Angaben: Amnesty-Gruppe Köln e.V. Zweck:" in text
    assert "jederzeit an: kontakt@ai-koeln.example" in text
    assert "Notfallkampagne zur Befreiung der politischen Gefangenen im Iran. Zweck" not in text


def test_a_sheet_without_time_or_place_has_lines_to_fill_in(tmp_path: Path) -> None:
    event, sheets = sheets_for(tmp_path, [("de",), ("es",)], name="Mahnwache")
    pages = pdf_of(event, sheets)
    german = flat(page_text(pages[0]))
    assert "Mahnwache · 10. Dezember 2026 · Uhrzeit: ____" in german
    assert "· Ort: ____" in german
    assert "Hora: ____" in flat(page_text(pages[1]))
    # With a time and a place, no blanks.
    event, sheets = sheets_for(tmp_path / "x", [("de",)], city="Köln", start_time="14:00")
    full = flat(page_text(pdf_of(event, sheets)[0]))
    assert "Rally for Narges · 10. Dezember 2026, 14:00 Uhr · Köln" in full
    assert "Uhrzeit:" not in full and "Ort: _" not in full


@pytest.mark.parametrize("languages", [("de",), ("fa", "de"), ("en", "fa"), ("ar", "en"), ("es",)])
def test_the_address_is_printed_whole_on_one_line(
    tmp_path: Path, languages: tuple[str, ...]
) -> None:
    event, sheets = sheets_for(tmp_path, [languages], city="Köln")
    lines = page_text(pdf_of(event, sheets)[0]).splitlines()
    assert ADDRESS in [line.strip() for line in lines]


def test_the_event_line_keeps_the_day_beside_its_month(tmp_path: Path) -> None:
    """The issue's line: 'Rally for Narges · ۱۰ دسامبر ۲۰۲۶ · Köln', right to left: the
    name at the right, then the day, the month and the year, the city at the left."""
    event, sheets = sheets_for(tmp_path, [("fa", "en")], city="Köln", start_time="14:00")
    page = pdf_of(event, sheets)[0]
    boxes = char_boxes(page)
    k = next(i for i, (ch, _) in enumerate(boxes) if ch == "K" and boxes[i + 1][0] == "ö")
    baseline = boxes[k][1][1]
    line = [(ch, box[0]) for ch, box in boxes if abs(box[1] - baseline) < 3]

    def left(text: str) -> float:
        chars = [ch for ch, _ in line]
        for i in range(len(chars)):
            if "".join(chars[i : i + len(text)]) == text:
                return float(line[i][1])
        raise AssertionError(f"{text!r} not on the event line: {''.join(chars)}")

    # In visual order, left to right: Köln · ساعت ۱۴:۰۰ ،۱۰ دسامبر ۲۰۲۶ · Rally for Narges
    assert left("Köln") < left("۲۰۲۶") < left("۱۰") < left("Rally")
    month = min(x for ch, x in line if ch == "د")  # the first letter of دسامبر, drawn
    assert left("۲۰۲۶") < month < left("۱۰")
