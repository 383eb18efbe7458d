"""The issue's goals on the synthetic photo set (tests/scan_synth.py): 300 photos of real
sheets printed by the app, filled with synthetic pen strokes and photographed in
simulation (tilted, turned, crumpled, shadowed, held by a finger, cut by the frame,
blurred, noisy, JPEG-compressed), each scanned as the app scans a photo (from its
JPEG bytes) and compared with its truth. Generated and scanned in two processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan_synth import ACCURACY, evaluate, failure_table, printed_pages, summarize

COUNT = 300


@pytest.mark.slow
def test_the_synthetic_set_meets_the_issues_goals(tmp_path: Path) -> None:
    pages = printed_pages(tmp_path)
    grades = evaluate(pages, COUNT, seed=18, options=ACCURACY)
    summary = summarize(grades)
    # The four percentage goals, and no image misread without the row flagged.
    missed = summary.meets_goals()
    # Every refusal says why.
    missed += [
        f"{g.photo} refused without a reason" for g in grades if g.refused and not g.reason.strip()
    ]
    failures = [g for g in grades if g.failed]
    report = "\n".join(
        [str(summary), failure_table(grades), "", "first failures (make_photo(pages[s % 5], s)):"]
        + [
            f"{g.description}\n    refused: {g.reason}\n    {g.rows_wrong[:6]}"
            for g in failures[:12]
        ]
    )
    assert summary.images == COUNT
    # Photos whose id code is too blurred or small may be refused (with the reason);
    # 183 of the 300 must be read (measured), the rest are refusable by construction.
    assert summary.readable >= 0.6 * COUNT
    assert not missed, "goals missed: " + "; ".join(missed) + "\n" + report
