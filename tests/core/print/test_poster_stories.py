"""Poster stories are printed whole, read from the PDFs: on US Letter (the paper with
the least height for its width) the stories of the people the review found cut now
fit, by taking room from the headline and shrinking to a legible floor."""

from __future__ import annotations

from io import BytesIO

import pytest

from actionkit.core.dataset import LoadedDataset
from actionkit.core.print.check.detect import dropped_text, read_chars, small_text
from actionkit.core.print.check.matrix import PAPERS, Case, stand_in_photo
from actionkit.core.print.check.run import whole_texts
from actionkit.core.print.page import PageSetup
from actionkit.core.print.render import PrintJob, render
from tests.pdf_helpers import open_pdf

URL = "https://www.freeiranspoliticalprisonersnow.org"
MIXES = [("fa", "de"), ("de", "fa"), ("en", "fa"), ("es", "fa"), ("ar", "en"), ("ckb", "en")]
# Cut on Letter before: "…in das Gefängnis Groß-" and "…on Kish Island on 19 June".
REVIEWED = [("ali-younesi", ("de", "fa")), ("toomaj-salehi", ("en", "fa"))]


def cut_stories(
    loaded: LoadedDataset,
    ids: list[str],
    languages: tuple[str, ...],
    paper: str,
    landscape: bool,
    photo: bool = False,
) -> list[str]:
    """What the check's text_dropped detector finds in the posters of `ids`, and any
    note that a story was left short."""
    people = {p.id: p for p in loaded.people}
    out = BytesIO()
    job = PrintJob(
        "poster",
        [people[i] for i in ids],
        list(languages),
        PageSetup(paper, landscape=landscape),
        URL,
    )
    picture = stand_in_photo() if photo else None
    result = render(job, out, loaded.dataset.info, photo_for=lambda person: picture)
    case = Case("poster", paper, landscape, languages, tuple(ids))
    document = open_pdf(out.getvalue())
    found = [w for w in result.warnings if "does not fit" in w]
    for page, texts in zip(document, whole_texts(case, people), strict=True):
        chars, lines = read_chars(page)
        found += dropped_text(lines, texts)
        found += small_text(chars, lines)
    return found


@pytest.mark.parametrize(("person_id", "languages"), REVIEWED)
@pytest.mark.parametrize("landscape", [False, True])
@pytest.mark.parametrize("photo", [False, True])
def test_the_stories_the_review_found_cut_fit_on_letter(
    loaded: LoadedDataset,
    person_id: str,
    languages: tuple[str, ...],
    landscape: bool,
    photo: bool,
) -> None:
    assert cut_stories(loaded, [person_id], languages, "Letter", landscape, photo) == []


@pytest.mark.slow
@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("landscape", [False, True])
def test_every_story_of_every_person_fits(
    loaded: LoadedDataset, paper: str, landscape: bool
) -> None:
    ids = [p.id for p in loaded.people]
    found = []
    for languages in MIXES:
        found += cut_stories(loaded, ids, languages, paper, landscape)
    assert found == []
