"""`actionkit sheets scan`, `sheets show-row` and `sheets misreads`, run as a user runs them:
sheets printed by the command, photographed in simulation (tests/scan_synth.py), read back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import cv2
import numpy as np
import pytest

from actionkit.core.paths import AppPaths
from actionkit.core.signatures.scans import latest_scan, set_misread, sheet_layout
from actionkit.core.signatures.store import SignatureStore
from tests.scan_synth import Options, SyntheticPhoto, make_photo, page_from_pdf
from tests.test_cli_signatures import run

# A phone photo at a moderate angle, flat page, nothing in the way.
STEADY = Options(crumple=0, finger=0, corner_out=0, heavy_blur=0, unknown_sheet=0, no_sheet=0,
                 max_tilt=15)  # fmt: skip


def _printed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, count: int
) -> tuple[Path, list[str]]:
    assert run(capsys, "event", "create", "--name", "Vigil", "--date", "2026-12-10",
               "--city", "Köln", "--lang", "fa,de")[0] == 0  # fmt: skip
    pdf = tmp_path / "sheets.pdf"
    code, out, _ = run(capsys, "sheets", "print", "--event", "2026-12-10-koln",
                       "--count", str(count), "-o", str(pdf), "--format", "json")  # fmt: skip
    assert code == 0
    return pdf, json.loads(out)["sheets"]


def _photos(
    app_paths: AppPaths, pdf: Path, sheets: list[str], folder: Path
) -> list[tuple[Path, SyntheticPhoto]]:
    made = []
    with SignatureStore.open(app_paths) as store:
        for index, sheet in enumerate(sheets):
            layout = sheet_layout(store, sheet)
            assert layout is not None
            photo = make_photo(
                page_from_pdf(pdf.read_bytes(), layout, sheet, index), 40 + index, STEADY
            )
            path = folder / f"IMG_{index}.jpg"
            path.write_bytes(photo.jpeg)
            made.append((path, photo))
    return made


def test_scan_reports_each_image_and_keeps_what_it_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, app_paths: AppPaths
) -> None:
    pdf, sheets = _printed(capsys, tmp_path, 2)
    photos = _photos(app_paths, pdf, sheets, tmp_path)
    holiday = tmp_path / "holiday.png"
    _, png = cv2.imencode(".png", np.full((480, 640, 3), 200, np.uint8))
    holiday.write_bytes(png.tobytes())

    code, out, _ = run(capsys, "sheets", "scan", *(str(p) for p, _ in photos), str(holiday),
                         "--format", "json")  # fmt: skip
    assert code == 3, "a refused image is exit status 3"
    records = json.loads(out)
    assert [r["image"] for r in records] == ["IMG_0.jpg", "IMG_1.jpg", "holiday.png"]
    for record, (_, photo) in zip(records, photos, strict=False):
        signers = [r for r in photo.rows if r.filled and not r.crossed_out]
        assert record["read"] and record["sheet"] == photo.sheet_id
        # Each row is read right, or named among the problems (the scanner may be
        # unsure, never silently wrong): only the named rows may differ.
        unsure = {u["row"] for u in record["unsure_rows"]}
        assert bool(unsure) == any(re.match(r"Rows? \d", p) for p in record["problems"])
        assert abs(record["rows_filled"] - len(signers)) <= len(unsure)
        ticked = [r.number for r in signers if r.ticked]
        assert [n for n in record["ticked_rows"] if n not in unsure] == [
            n for n in ticked if n not in unsure
        ]
        if not unsure:
            assert record["rows_filled"] == len(signers) == photo.filled_count
            assert record["ticked_rows"] == ticked
        assert len(record["filled_rows"]) == record["rows_filled"]  # which rows, by number
        assert [n for n in record["filled_rows"] if n not in unsure] == [
            r.number for r in signers if r.number not in unsure
        ]
        written = [r.number for r in photo.rows if r.filled or r.crossed_out]
        assert record["paper_count"] == max(written, default=0)
    refused = records[2]
    assert not refused["read"] and refused["problems"] and refused["sheet"] is None
    # Nothing is counted without being asked.
    code, out, _ = run(capsys, "sheets", "list", "--format", "json")
    assert all(s["paper_count"] is None for s in json.loads(out))

    code, out, _ = run(capsys, "sheets", "scan", str(photos[0][0]), "--set-counts")
    assert code == 0 and "Paper counts set" in out
    code, out, _ = run(capsys, "sheets", "list", "--format", "json")
    listed = {s["sheet"]: s["paper_count"] for s in json.loads(out)}
    assert listed[sheets[0]] == records[0]["paper_count"] and listed[sheets[1]] is None

    # The table form names the problem in words.
    code, out, _ = run(capsys, "sheets", "scan", str(holiday))
    assert code == 3 and "holiday.png" in out and "0 of 1 image read" in out
    assert "rows on paper" in out and "signers" in out  # the results window's words


def test_show_row_writes_the_row_and_the_whole_sheet(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, app_paths: AppPaths
) -> None:
    pdf, sheets = _printed(capsys, tmp_path, 1)
    ((photo_path, _),) = _photos(app_paths, pdf, sheets, tmp_path)
    code, out, err = run(
        capsys, "sheets", "show-row", sheets[0], "3", "-o", str(tmp_path / "r.png")
    )
    assert code == 1 and "has no photo" in err  # before any scan
    assert run(capsys, "sheets", "scan", str(photo_path))[0] == 0

    code, out, _ = run(capsys, "sheets", "show-row", sheets[0], "3", "-o", str(tmp_path / "r.png"))
    assert code == 0 and "row 3" in out
    row = cv2.imread(str(tmp_path / "r.png"))
    assert row is not None and row.shape[1] > 5 * row.shape[0]  # a strip: name, email, city
    code, out, _ = run(
        capsys, "sheets", "show-row", sheets[0], "--whole", "-o", str(tmp_path / "s.jpg")
    )
    whole = cv2.imread(str(tmp_path / "s.jpg"))
    assert code == 0 and whole is not None and whole.shape[1] > whole.shape[0]
    code, _, err = run(capsys, "sheets", "show-row", sheets[0], "16", "-o", str(tmp_path / "x.png"))
    assert code == 1 and "rows 1 to 15" in err and not (tmp_path / "x.png").exists()


def test_misreads_lists_rows_marked_wrong_without_signer_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, app_paths: AppPaths
) -> None:
    pdf, sheets = _printed(capsys, tmp_path, 1)
    ((photo_path, _),) = _photos(app_paths, pdf, sheets, tmp_path)
    assert run(capsys, "sheets", "scan", str(photo_path))[0] == 0
    code, out, _ = run(capsys, "sheets", "misreads", "--format", "json")
    assert code == 0 and json.loads(out) == []
    with SignatureStore.open(app_paths) as store:
        scan = latest_scan(store, sheets[0])
        assert scan is not None
        set_misread(store, scan.id, 4, "wrong")
    code, out, _ = run(capsys, "sheets", "misreads", "--format", "json")
    assert json.loads(out) == [{"sheet": sheets[0], "row": 4, "image": "IMG_0.jpg"}]


def test_a_shadow_over_the_table_is_one_problem_naming_its_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, app_paths: AppPaths
) -> None:
    # A new user's photo with a big shadow: 15 problems "Row N: part of it is covered or
    # in shadow" made one table column some 1000 characters wide. One problem names them.
    pdf, sheets = _printed(capsys, tmp_path, 1)
    ((path, _),) = _photos(app_paths, pdf, sheets, tmp_path)
    image = cv2.imdecode(np.frombuffer(path.read_bytes(), np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    h, w = image.shape[:2]
    cv2.ellipse(image, (w // 2, h // 2), (w // 3, h // 5), 0, 0, 360, (70, 90, 140), -1)
    path.write_bytes(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes())

    code, out, _ = run(capsys, "sheets", "scan", str(path), "--format", "json")
    assert code == 0
    (record,) = json.loads(out)
    unsure = record["unsure_rows"]  # each row, and what about it (machine-readable)
    assert len(unsure) > 2, "the shadow lies over several rows"
    kinds = {doubt for u in unsure for doubt in u["doubts"]}
    said = [p for p in record["problems"] if re.match(r"Rows? \d", p)]
    assert len(said) == len(kinds), record["problems"]  # one problem per kind of doubt
    assert any(p.startswith("Rows ") and "Check them on the sheet." in p for p in said)

    code, out, _ = run(capsys, "sheets", "scan", str(path))
    assert code == 0
    assert out.count("on the sheet.") == len(kinds)
    assert max(len(line) for line in out.splitlines()) < 300


def test_scanning_the_unfilled_print_keeps_the_photo_and_the_count(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, app_paths: AppPaths
) -> None:
    # Found by a new user's run-through: after the sheet was read and counted, scanning
    # the printed PDF itself (an unfilled copy) with --set-counts was read as "0 rows on
    # paper", replaced the sheet's photo and set its paper count to 0, without a word.
    pdf, sheets = _printed(capsys, tmp_path, 1)
    ((path, _),) = _photos(app_paths, pdf, sheets, tmp_path)
    code, out, _ = run(capsys, "sheets", "scan", str(path), "--set-counts", "--format", "json")
    assert code == 0
    counted = json.loads(out)[0]["paper_count"]
    assert counted > 0
    with SignatureStore.open(app_paths) as store:
        photo = latest_scan(store, sheets[0])
        assert photo is not None

    code, out, _ = run(capsys, "sheets", "scan", str(pdf), "--set-counts")
    assert code == 3, "the unfilled copy is refused"
    assert "unfilled copy" in out and "Paper counts set" not in out
    code, out, _ = run(capsys, "sheets", "list", "--format", "json")
    assert json.loads(out)[0]["paper_count"] == counted
    with SignatureStore.open(app_paths) as store:
        assert latest_scan(store, sheets[0]) == photo


def test_scan_help_says_json_is_a_list(capsys: pytest.CaptureFixture[str]) -> None:
    # Found by a new user's run-through: the help promised "one JSON object" and the
    # command prints a list, one object per image.
    with pytest.raises(SystemExit):
        run(capsys, "sheets", "scan", "--help")
    shown = " ".join(capsys.readouterr().out.split())
    assert "a JSON list of objects, one per image" in shown
    assert "one JSON object" not in shown
