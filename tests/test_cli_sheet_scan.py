"""`actionkit sheets scan` and `actionkit sheets show-row` (issue 18), run as a
volunteer would: sheets printed by the app, then photographed (in simulation: drawn
pen strokes, no real signer's handwriting)."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from actionkit.cli.session import open_store
from actionkit.core.paths import AppPaths
from actionkit.core.signatures.scans import sheet_layout
from tests.scan_synth import PLAIN, make_photo, page_from_pdf
from tests.test_cli_signatures import run, sheet_id  # noqa: F401  (a fixture)


def photo_of(
    tmp_path: Path, app_paths: AppPaths, sheet: str, seed: int, name: str
) -> tuple[Path, object]:
    """A filled-in photo of the printed sheet's first page, as a JPEG file."""
    with open_store(app_paths) as store:
        layout = sheet_layout(store, sheet)
    assert layout is not None
    page = page_from_pdf((tmp_path / "sheets.pdf").read_bytes(), layout, sheet)
    photo = make_photo(page, seed, PLAIN)
    path = tmp_path / name
    path.write_bytes(photo.jpeg)
    return path, photo


def test_scan_reads_a_filled_photo_and_both_pages_of_a_pdf(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    app_paths: AppPaths,
    sheet_id: str,  # noqa: F811
) -> None:
    path, photo = photo_of(tmp_path, app_paths, sheet_id, 7, "IMG_1.jpg")
    code, out, err = run(
        capsys, "sheets", "scan", str(path), str(tmp_path / "sheets.pdf"), "--format", "json"
    )
    assert code == 0, err
    records = json.loads(out)
    assert [r["source"] for r in records] == ["IMG_1.jpg", "sheets.pdf page 1", "sheets.pdf page 2"]
    first = records[0]
    assert first["sheet"] == sheet_id
    assert first["filled"] == photo.filled_count > 0
    expected_ticks = sum(1 for t in photo.rows if t.ticked and t.filled and not t.crossed_out)
    assert first["ticked"] == expected_ticks
    assert [r["row"] for r in first["rows"] if r["filled"]] == [
        t.number for t in photo.rows if t.filled
    ]
    # The blank printed pages: both sheets found, nothing on them.
    assert records[1]["sheet"] == sheet_id and records[2]["sheet"] != sheet_id
    assert records[1]["filled"] == records[2]["filled"] == 0
    assert all(isinstance(r["scan"], int) for r in records)
    # Nothing is counted until the user confirms.
    code, out, _ = run(capsys, "sheets", "list", "--format", "json")
    listed = next(s for s in json.loads(out) if s["sheet"] == sheet_id)
    assert listed["paper_count"] is None


def test_scan_says_what_it_read_and_refuses_what_it_cannot(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    app_paths: AppPaths,
    sheet_id: str,  # noqa: F811
) -> None:
    path, photo = photo_of(tmp_path, app_paths, sheet_id, 8, "IMG_2.jpg")
    cat = tmp_path / "cat.png"
    cv2.imwrite(str(cat), np.random.default_rng(1).integers(0, 255, (600, 800, 3), dtype=np.uint8))
    code, out, _ = run(capsys, "sheets", "scan", str(path), str(cat))
    assert code == 3  # done, but an image was refused
    lines = out.splitlines()
    assert lines[0].startswith(f"IMG_2.jpg: sheet {sheet_id}, {photo.filled_count} row(s) filled")
    assert "cat.png: refused: No ActionKit sheet found" in out
    assert f"actionkit sheets count {sheet_id} {photo.filled_count}" in out


def test_show_row_writes_the_rows_handwriting_and_the_whole_sheet(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    app_paths: AppPaths,
    sheet_id: str,  # noqa: F811
) -> None:
    code, _, err = run(capsys, "sheets", "show-row", sheet_id, "1", "-o", str(tmp_path / "row.png"))
    assert code == 1 and "has no scan yet" in err
    path, _ = photo_of(tmp_path, app_paths, sheet_id, 7, "IMG_3.jpg")
    assert run(capsys, "sheets", "scan", str(path))[0] == 0
    code, out, _ = run(capsys, "sheets", "show-row", sheet_id, "2", "-o", str(tmp_path / "row.png"))
    assert code == 0 and "row 2" in out and "delete it when done" in out
    row = cv2.imread(str(tmp_path / "row.png"))
    assert (tmp_path / "row.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # A row: much wider than tall, and at a readable zoom (some pixels per mm).
    assert row.shape[1] > 4 * row.shape[0] > 100
    code, _, _ = run(
        capsys, "sheets", "show-row", sheet_id, "--whole", "-o", str(tmp_path / "sheet.jpg")
    )
    assert code == 0
    whole = cv2.imread(str(tmp_path / "sheet.jpg"))
    assert (tmp_path / "sheet.jpg").read_bytes()[:2] == b"\xff\xd8"
    assert whole.shape[1] > whole.shape[0] > row.shape[0]
    code, _, _ = run(
        capsys, "sheets", "show-row", sheet_id, "--whole", "-o", str(tmp_path / "sheet.png")
    )
    assert code == 0 and (tmp_path / "sheet.png").read_bytes()[:4] == b"\x89PNG"
    code, _, err = run(capsys, "sheets", "show-row", sheet_id, "99", "-o", str(tmp_path / "x.png"))
    assert code == 1 and "no row 99" in err
    code, _, err = run(capsys, "sheets", "show-row", sheet_id, "-o", str(tmp_path / "x.png"))
    assert code == 1 and "--whole" in err
