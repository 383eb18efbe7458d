"""Photos of the synthetic set that the scanner once misread without flagging the row,
each for its own cause; each is read right now, or the row in doubt is flagged. They
are the slow accuracy test's own photos (`make_photo(pages[seed % 5], seed, ACCURACY)`),
so a failure here can be looked at with the same seed."""

from __future__ import annotations

import pytest

from tests.scan_synth import ACCURACY, SheetPage, grade, make_photo, printed_pages, scan_synthetic


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[SheetPage]:
    return printed_pages(tmp_path_factory.mktemp("store"))


@pytest.mark.parametrize(
    ("seed", "cause"),
    [
        # A blot of a tick filling the box of a blurred photo was taken for the box's
        # own sides come inside, and the tick read "no".
        (1800074, "a tick filling the box, motion blur"),
        # A dim photo's grain above the ink level: every empty row read filled.
        (1800146, "a dim, noisy photo"),
        # A crumple moved the consent column 2.4 mm sideways: the box was read across
        # its own side, and an empty box read ticked.
        (1800272, "a crumple moving the consent column"),
        # A finger over the last rows: its edge read as writing in empty rows.
        (1800205, "a finger over rows 14 and 15"),
    ],
)
def test_a_once_misread_photo_is_read_right_or_flagged(
    pages: list[SheetPage], seed: int, cause: str
) -> None:
    photo = make_photo(pages[seed % len(pages)], seed, ACCURACY)
    scan = scan_synthetic(photo, {p.sheet_id: p.layout for p in pages})
    result = grade(photo, scan)
    assert not result.refused, f"{cause}: refused ({result.reason})"
    assert not result.silently_misread, f"{cause}: {result.rows_wrong}"
