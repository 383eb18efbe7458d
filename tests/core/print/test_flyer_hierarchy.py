"""A flyer says one thing, top to bottom: the person (names, status, their demand),
when and where, the appeal as body text, the QR code; in every language it is
printed in. Read back from the PDFs (the print designer's review, items 2, 9, 10, 13)."""

from __future__ import annotations

import ctypes
import itertools
from io import BytesIO
from typing import Any

import pypdfium2.raw as pdfium

from actionkit.core.dataset import LoadedDataset
from actionkit.core.print.context import EventInfo
from actionkit.core.print.handouts import HandoutJob, render_handouts
from tests.core.print.test_layouts import printed_chars, text_index
from tests.pdf_helpers import open_pdf, page_text

EVENT = EventInfo("Mahnwache für Narges", "2026-12-10", "Neumarkt", "Köln", "14:00", "16:00")
RED = (196, 30, 40)


def flyer(loaded: LoadedDataset, who: list[str], languages: list[str], **options: Any) -> Any:
    people = [loaded.get(slug) for slug in who]
    assert all(people)
    job = HandoutJob("flyer", people, languages, **options)  # type: ignore[arg-type]
    out = BytesIO()
    render_handouts(job, out, loaded.dataset.info)
    return open_pdf(out.getvalue())[0]


def size_of(page: Any, words: str) -> float:
    """The size `words` print at (the largest of their characters)."""
    sizes = {i: size for i, (_, _, size) in enumerate(_all_chars(page))}
    return max(sizes[i] for i in text_index(page, words))


def _all_chars(page: Any) -> list[tuple[str, Any, float]]:
    """printed_chars, indexed like the text page (blank characters with size 0)."""
    textpage = page.get_textpage()
    printed = iter(printed_chars(page))
    out = []
    for i in range(textpage.count_chars()):
        char = textpage.get_text_range(i, 1)
        out.append(next(printed) if char.strip() else (char, None, 0.0))
    return out


def colour_of(page: Any, words: str) -> tuple[int, int, int]:
    textpage = page.get_textpage()
    first = text_index(page, words)[0]
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    pdfium.FPDFText_GetFillColor(
        textpage.raw, first, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)
    )
    return (r.value, g.value, b.value)


def test_the_persons_demand_outweighs_the_generic_appeal_which_is_body_text(
    loaded: LoadedDataset,
) -> None:
    """Fails on the old code: the red 'Wir fordern …' was as loud as the person's grey
    demand, the first thing the eye met after the name."""
    page = flyer(loaded, ["narges-mohammadi"], ["fa", "de"], size="A6", one_up=True)
    text = " ".join(page_text(page).split())
    assert "Wir fordern" in text
    demand = size_of(page, "Alle Anklagen gegen")
    appeal = size_of(page, "Wir fordern")
    assert demand >= 1.3 * appeal, (demand, appeal)
    assert colour_of(page, "Wir fordern") != RED
    assert sum(colour_of(page, "Alle Anklagen gegen")) < 200  # ink, not a pale grey


def test_the_status_and_its_date_are_printed_in_both_languages(loaded: LoadedDataset) -> None:
    """Fails on the old code: 'بیرون از زندان با وثیقه' and 'وضعیت تا …' only, in the
    lead language, on a Persian and German flyer."""
    page = flyer(loaded, ["narges-mohammadi"], ["fa", "de"], size="A6", one_up=True)
    text = " ".join(page_text(page).split())
    assert "AUF KAUTION" in text
    assert "Stand: 10. Mai 2026" in text
    assert "وضعیت" in text and "وثیقه" in text


def test_when_and_where_is_a_block_in_both_languages_without_dangling_dots(
    loaded: LoadedDataset,
) -> None:
    """Fails on the old code: the event was a small red footer line in the lead language
    alone, its parts joined by '·' that ended lines."""
    # Four to a sheet, upright (two to a sheet are turned a quarter, which the
    # left-right comparison below does not allow for).
    page = flyer(loaded, ["narges-mohammadi"], ["de", "fa"], size="A6", event=EVENT, per_sheet=4)
    text = page_text(page)
    flat = " ".join(text.split())
    assert "10. Dezember 2026, 14:00–16:00 Uhr" in flat
    assert "دسامبر" in flat and "۲۰۲۶" in flat and "۱۴:۰۰" in flat  # the Persian date too
    assert "·" not in text
    # The Persian line reads right to left: the date at the right, then the time.
    textpage = page.get_textpage()
    raw = textpage.get_text_range()

    def left(word: str) -> float:
        return float(textpage.get_charbox(raw.index(word))[0])

    assert left("دسامبر") > left("ساعت")
    # Each fact on a line of its own: the name, a date, a place never share one.
    lines = [line for line in text.split("\n") if "Mahnwache" in line or "Köln" in line]
    assert all("Köln" not in line or "Mahnwache" not in line for line in lines)
    # Louder than the address under the QR code, and never under 6 pt as printed.
    name, url = size_of(page, "Mahnwache"), size_of(page, "freeiranspolitical")
    assert name > 1.3 * url and size_of(page, "Neumarkt") >= 6.0, (name, url)


def test_a_flyer_without_people_fills_its_page_with_its_words(loaded: LoadedDataset) -> None:
    """Fails on the old code: on an A6 4-up sheet the Arabic and English flyer left a
    quarter of the piece blank between the demand and the call to action."""
    page = flyer(loaded, [], ["ar", "en"], size="A6")
    width, height = page.get_size()
    # The top left piece: the characters in the sheet's top left quarter.
    tops = sorted(
        {
            round(box[3])
            for _, box, _ in printed_chars(page)
            if box[2] < width / 2 and box[1] > height / 2
        },
        reverse=True,
    )
    piece_h = max(tops) - min(tops)
    widest = max(upper - lower for upper, lower in itertools.pairwise(tops))
    assert widest < 0.14 * piece_h, (widest, piece_h)


def test_the_header_leaves_no_word_alone_on_its_last_line(loaded: LoadedDataset) -> None:
    """Fails on the old code: «الآن!» alone on the last line of the Arabic title."""
    for languages in (["ar", "de"], ["ar", "fa"]):
        page = flyer(loaded, [], languages, size="A6", one_up=True)
        lines = [line.split() for line in page_text(page).split("\n") if "الآن!" in line]
        assert lines and all(len(words) >= 2 for words in lines), lines


def test_a_flyer_printed_4_up_keeps_the_whole_person_and_the_event(loaded: LoadedDataset) -> None:
    """Printed 4 to an A4 sheet (at 88 %) the person's words still fit: both names, the
    status in both languages, both demands, and when and where. Fails on the old code
    (the status in the lead language only); an earlier version of this layout kept only
    'Narges Mohammadi' there."""
    page = flyer(loaded, ["narges-mohammadi"], ["fa", "de"], size="A6", event=EVENT, per_sheet=4)
    text = " ".join(page_text(page).split())
    for words in (
        "Narges Mohammadi",
        "نرگس محمدی",
        "AUF KAUTION, WEITER IN GEFAHR",
        "Alle Anklagen gegen Narges Mohammadi fallen lassen!",
        "لغو کنید!",
        "Mahnwache für Narges",
        "10. Dezember 2026, 14:00–16:00 Uhr",
        "Neumarkt, Köln",
    ):
        assert text.count(words) >= 4, words  # on each of the four pieces


def test_the_one_page_appeal_says_when_and_where_in_both_languages(
    loaded: LoadedDataset,
) -> None:
    """Fails on the old code: the A4 appeal's footer had no room left for the event, so it
    was dropped without a word."""
    from actionkit.core.print.page import PageSetup
    from actionkit.core.print.render import PrintJob, render

    out = BytesIO()
    job = PrintJob("appeal", [], ["de", "fa"], PageSetup("A4"), event=EVENT)
    render(job, out, loaded.dataset.info)
    text = " ".join(page_text(open_pdf(out.getvalue())[0]).split())
    assert "Mahnwache für Narges" in text
    assert "10. Dezember 2026, 14:00–16:00 Uhr" in text and "دسامبر" in text
    assert "Neumarkt, Köln" in text
