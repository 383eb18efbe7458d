"""Pieces tell the truth about status: the words for every status in every print
language, the red urgency kept for a death sentence in force, and the date of the
news ("Status as of ...") printed on every piece that shows a person."""

from __future__ import annotations

import json
from io import BytesIO

import pytest

from actionkit.core.assets import asset_path
from actionkit.core.dataset import STATUSES, DatasetInfo, LoadedDataset, Person
from actionkit.core.print import wording
from actionkit.core.print.drawing import RED
from actionkit.core.print.handouts import HandoutJob, render_handouts
from actionkit.core.print.page import PageSetup
from actionkit.core.print.render import PrintJob, render
from actionkit.core.text.fonts import primary
from tests.dataset_helpers import make_record
from tests.pdf_helpers import open_pdf, page_text

AS_OF = "2026-10-03"
AS_OF_EN = "Status as of 3 October 2026"
NEW_STATUSES = ("on_furlough", "on_bail", "awaiting_retrial", "abroad", "whereabouts_unknown")

# Words that call someone free or released, in each print language.
FREE_WORDS = {
    "en": ("free", "released"),
    "de": ("frei",),
    "fr": ("libér", "libre"),
    "es": ("libertad", "liberad", "libre"),
    "it": ("libertà", "liberat", "rilasciat", "libero", "libera "),
    "nl": ("vrij",),
    "sv": ("fri",),
    "fa": ("آزاد",),
    "ar": ("سراح", "أفرج", "حر "),
    "ckb": ("ئازاد",),
}
# Words for death (a death sentence), in each print language.
DEATH_WORDS = {
    "en": ("death",),
    "de": ("tod",),
    "fr": ("mort",),
    "es": ("muerte",),
    "it": ("morte",),
    "nl": ("dood",),
    "sv": ("död",),
    "fa": ("اعدام",),
    "ar": ("إعدام", "الإعدام"),
    "ckb": ("سێدارە",),
}


def person(status: str, as_of: str = AS_OF, pid: str = "sara") -> Person:
    return Person.from_record(
        make_record(pid, latin="Sara Rahimi", persian="سارا رحیمی", status=status, as_of=as_of)
    )


def file_words(language: str) -> dict[str, dict[str, object]]:
    path = asset_path("translations", "print", f"{language}.json")
    data: dict[str, dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("language", wording.available_languages())
def test_every_status_has_its_own_words_in_every_language(language: str) -> None:
    """In the language's own file, not through the English fallback."""
    data = file_words(language)
    assert set(FREE_WORDS) == set(wording.available_languages())
    for part in ("demand", "band"):
        assert list(data[part]) == list(STATUSES), (language, part)
    for status in STATUSES:
        assert "{name}" in str(data["demand"][status]), (language, status)
        assert wording.demand(person(status), language)
        assert wording.band(person(status), language)
    if language != "en":
        english = file_words("en")
        for status in ("awaiting_retrial", "on_bail", "abroad", "whereabouts_unknown"):
            assert data["band"][status] != english["band"][status], (language, status)


def _all_forms(value: object) -> list[str]:
    return [str(v) for v in value.values()] if isinstance(value, dict) else [str(value)]


@pytest.mark.parametrize("language", wording.available_languages())
def test_no_one_out_on_furlough_or_bail_is_called_free_and_no_quashed_sentence_is_death(
    language: str,
) -> None:
    data = file_words(language)
    for status in ("on_furlough", "on_bail"):
        for text in [str(data["demand"][status]), *_all_forms(data["band"][status])]:
            lowered = text.lower()
            assert not any(w in lowered for w in FREE_WORDS[language]), (language, status, text)
    retrial = [
        str(data["demand"]["awaiting_retrial"]),
        *_all_forms(data["band"]["awaiting_retrial"]),
    ]
    for text in retrial:
        assert not any(w in text.lower() for w in DEATH_WORDS[language]), (language, text)
    # Abroad is not imprisoned: not the demand to free them from prison.
    held = person("detained")
    assert wording.demand(person("abroad"), language) != wording.demand(held, language)
    assert wording.demand(person("whereabouts_unknown"), language) != wording.demand(held, language)


def _poster(info: DatasetInfo, who: Person, languages: list[str] | None = None) -> bytes:
    out = BytesIO()
    render(PrintJob("poster", [who], languages or ["en"], PageSetup("A4")), out, info)
    return out.getvalue()


def _handout(info: DatasetInfo, kind: str, who: list[Person], **options: object) -> bytes:
    out = BytesIO()
    render_handouts(HandoutJob(kind, who, ["en"], **options), out, info)  # type: ignore[arg-type]
    return out.getvalue()


# status: (what the poster and flyer must say, in any case; what they must never say,
# case by case: the campaign's own texts speak of "political prisoners", "executions"
# and prisoners to be "released", and the address holds "free")
EXPECTED = {
    "on_furlough": (
        ["On leave from prison", "Drop all charges against Sara Rahimi!"],
        ["Free Sara", "Sara Rahimi is free", "RELEASED", "Released", "SENTENCED TO DEATH"],
    ),
    "on_bail": (
        ["Out on bail, still at risk", "Drop all charges against Sara Rahimi!"],
        ["Free Sara", "Sara Rahimi is free", "RELEASED", "Released"],
    ),
    "awaiting_retrial": (
        ["Awaiting retrial", "Free Sara Rahimi now!"],
        ["SENTENCED TO DEATH", "Sentenced to death", "Stop the execution"],
    ),
    "abroad": (
        ["Outside Iran", "Stand with Sara Rahimi!"],
        ["Free Sara", "POLITICAL PRISONER", "Political prisoner"],
    ),
    "whereabouts_unknown": (
        ["Whereabouts unknown", "Reveal where Sara Rahimi is held!"],
        ["Free Sara", "RELEASED", "Released"],
    ),
}


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("status", NEW_STATUSES)
def test_posters_and_flyers_say_the_status_truthfully_with_its_date(
    loaded: LoadedDataset, status: str
) -> None:
    required, forbidden = EXPECTED[status]
    who = person(status)
    info = loaded.dataset.info
    poster = _flat(page_text(open_pdf(_poster(info, who))[0]))
    # four to a sheet, upright (two, the default, are turned: the text reads sideways)
    sheet = _handout(info, "flyer", [who], size="A6", per_sheet=4)
    flyer = _flat(page_text(open_pdf(sheet)[0]))
    for text, piece in ((poster, "poster"), (flyer, "flyer")):
        for phrase in required:
            assert phrase.lower() in text.lower(), (piece, status, phrase)
        for phrase in forbidden:
            assert phrase not in text, (piece, status, phrase)
        assert AS_OF_EN in text, (piece, status)


def _top_band_colour(data: bytes) -> tuple[int, int, int]:
    page = open_pdf(data)[0]
    image = page.render(scale=0.5).to_pil().convert("RGB")
    pixel: tuple[int, int, int] = image.getpixel((image.width // 2, 3))
    return pixel


def test_only_a_death_sentence_in_force_is_red(loaded: LoadedDataset) -> None:
    red = tuple(round(c * 255) for c in RED)
    info = loaded.dataset.info
    death = _top_band_colour(_poster(info, person("sentenced_to_death")))
    assert max(abs(a - b) for a, b in zip(death, red, strict=True)) < 8
    for status in NEW_STATUSES:
        colour = _top_band_colour(_poster(info, person(status)))
        assert max(abs(a - b) for a, b in zip(colour, red, strict=True)) > 40, status
        flyer = _top_band_colour(_handout(info, "flyer", [person(status)], size="A6", bleed=True))
        assert max(abs(a - b) for a, b in zip(flyer, red, strict=True)) > 40, status


def _status_date_size(data: bytes, phrase: str) -> float:
    """The printed size, in points, of the first "Status as of" line on the first page,
    measured from the box its first letter takes (so imposition's scaling counts)."""
    page = open_pdf(data)[0]
    textpage = page.get_textpage()
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    index = text.find(phrase)
    assert index >= 0, phrase
    assert textpage.get_text_range(index, 1) == phrase[0]
    left, bottom, right, top = textpage.get_charbox(index, loose=True)
    # The loose box spans the font's ascent to descent across the line (A5 flyers lie
    # turned on the sheet: then the line runs up the page), and the narrower advance along it.
    face = primary("regular")
    return float(max(top - bottom, right - left) / ((face.ascent - face.descent) / 1000))


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        ("poster", {}),
        ("placard", {}),
        ("flyer", {"size": "A6"}),
        ("flyer", {"size": "A5", "bleed": True}),
        ("palmcard", {"paper": "Letter", "per_sheet": 8}),
        ("palmcard", {"paper": "A4", "per_sheet": 10, "bleed": True}),
    ],
)
def test_status_date_is_on_every_piece_and_at_least_6_pt(
    loaded: LoadedDataset, kind: str, options: dict[str, object]
) -> None:
    """Fails on the old code for flyers, palm cards and placards, which had no date."""
    who = person("on_bail")
    info = loaded.dataset.info
    if kind in ("poster", "placard"):
        out = BytesIO()
        render(PrintJob(kind, [who], ["en"], PageSetup("A4")), out, info)
        data = out.getvalue()
    else:
        data = _handout(info, kind, [who], **options)
    assert AS_OF_EN in _flat(page_text(open_pdf(data)[0]))
    assert _status_date_size(data, "Status as of") >= 5.95


def test_the_date_is_the_newest_event_and_in_the_piece_language(loaded: LoadedDataset) -> None:
    info = loaded.dataset.info
    two = [person("detained", "2026-09-12", "a"), person("on_bail", "2026-10-03", "b")]
    flyer = _flat(page_text(open_pdf(_handout(info, "flyer", two, size="A5"))[0]))
    assert "Status as of 12 September 2026 – 3 October 2026" in flyer
    out = BytesIO()
    render_handouts(HandoutJob("palmcard", [person("on_bail")], ["de"]), out, info)
    assert "Stand: 3. Oktober 2026" in _flat(page_text(open_pdf(out.getvalue())[0]))
    poster = _flat(page_text(open_pdf(_poster(info, person("abroad"), ["fa"]))[0]))
    assert "وضعیت تا" in poster


@pytest.mark.parametrize("language", wording.available_languages())
def test_every_status_fits_beside_a_second_language(loaded: LoadedDataset, language: str) -> None:
    """The band, the demand and the status date fit the poster, flyer and palm card
    in every language, alone and with a second one."""
    second = "en" if language == "fa" else "fa"
    info = loaded.dataset.info
    for status in STATUSES:
        who = person(status)
        for languages in ([language], [language, second]):
            notes = render(
                PrintJob("poster", [who], languages, PageSetup("A4")), BytesIO(), info
            ).warnings
            for kind in ("flyer", "palmcard"):
                notes += render_handouts(
                    HandoutJob(kind, [who], languages), BytesIO(), info
                ).warnings
            assert [n for n in notes if "fit" in n] == [], (languages, status)


def test_hashtags_that_no_longer_fit_are_not_printed() -> None:
    """The print review found #WhereIsZeynabJalalian, from a campaign when nobody knew
    where she was held, on posters that name her prison."""
    from actionkit.core.print.drawing import hashtags_for

    tags = ["#FreeSara", "#WhereIsSara", "#SaraRahimi"]

    def with_tags(status: str) -> Person:
        record = make_record("sara", latin="Sara Rahimi", status=status, as_of=AS_OF)
        return Person.from_record({**record, "hashtags": tags})

    assert hashtags_for(with_tags("sentenced")) == ["#FreeSara", "#SaraRahimi"]
    assert hashtags_for(with_tags("whereabouts_unknown")) == ["#WhereIsSara", "#SaraRahimi"]
    assert hashtags_for(with_tags("released")) == ["#SaraRahimi"]
