"""Printed sheets decode and mirror; confirmed rows survive SIGKILL."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from actionkit.core.signatures.sheets_pdf import render_sheets
from actionkit.core.signatures.store import Event, SignatureStore
from tests.pdf_helpers import char_boxes, open_pdf, page_text, qr_texts

URL = "https://www.freeiranspoliticalprisonersnow.org"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_sheet_qr_codes_decode_and_rows_are_numbered(
    store: SignatureStore, event: Event, tmp_path: Path, paper: str
) -> None:
    sheets = store.create_sheets(event.slug, ("de", "fa"), 3, rows=18)
    render_sheets(sheets, event, tmp_path / "s.pdf", url=URL, paper=paper)
    document = open_pdf(tmp_path / "s.pdf")
    assert len(document) == 3
    for sheet, page in zip(sheets, document, strict=True):
        assert sorted(qr_texts(page)) == sorted([URL, sheet.id])
        text = page_text(page)
        assert sheet.id in text
        numbers = {c for c, _ in char_boxes(page)}
        assert {"1", "8"} <= numbers
        assert "Unterschrift" in text and "امضا" in text
        assert "18" in text and "19" not in text.split("Unterschrift")[1][:200]


def test_right_to_left_sheets_mirror_the_columns(
    store: SignatureStore, event: Event, tmp_path: Path
) -> None:
    def column_x(languages: tuple[str, ...], word: str) -> tuple[float, float]:
        sheet = store.create_sheets(event.slug, languages, 1)[0]
        render_sheets([sheet], event, tmp_path / "m.pdf", url=URL)
        page = open_pdf(tmp_path / "m.pdf")[0]
        text = page.get_textpage()
        found = text.search(word)
        first = found.get_next()
        assert first, word
        left = text.get_charbox(first[0])[0]
        return left, page.get_width()

    x, width = column_x(("de",), "Unterschrift")
    assert x > width / 2, "signature column on the right in a left-to-right sheet"
    x, width = column_x(("fa", "de"), "Unterschrift")
    assert x < width / 2, "and on the left when Farsi leads"


CHILD = textwrap.dedent(
    """
    import sys
    from actionkit.core.signatures.store import SignatureStore, StoreError
    from actionkit.core.signatures.validation import SignerInput
    store = SignatureStore(sys.argv[1])
    sheets = sys.argv[2].split(",")
    index = int(sys.argv[3])
    while index < len(sheets) * 15:
        sheet, row = sheets[index // 15], index % 15 + 1
        name = f"Signer {index}"
        try:
            store.add_row(sheet, row, SignerInput(first_name=name, city="Köln"))
        except StoreError:
            pass  # committed by an earlier child just before it was killed
        else:
            print(f"confirmed {index}", flush=True)
        index += 1
    """
)


@pytest.mark.slow
def test_confirmed_rows_survive_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite3"
    with SignatureStore(path) as store:
        event = store.create_event("Crash test", "2026-12-10")
        sheets = [s.id for s in store.create_sheets(event.slug, ("en",), 200)]
    rng = random.Random(20)
    confirmed: set[int] = set()
    next_index = 0
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for kill in range(24):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), ",".join(sheets), str(next_index)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        wanted = rng.randint(1, 25)
        seen = 0
        while seen < wanted:
            line = child.stdout.readline()
            if not line:
                break
            confirmed.add(int(line.split()[1]))
            seen += 1
        time.sleep(rng.random() * 0.004)  # land the kill anywhere, mid-transaction too
        child.send_signal(signal.SIGKILL)
        for line in child.stdout:  # rows confirmed before the kill landed
            confirmed.add(int(line.split()[1]))
        child.wait()
        assert child.returncode == -signal.SIGKILL, f"kill {kill}: the child ended by itself"
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {int(r[0].split()[1]) for r in conn.execute("SELECT first_name FROM signatures")}
        conn.close()
        assert confirmed <= stored, f"lost after kill {kill}: {sorted(confirmed - stored)[:5]}"
        next_index = max(stored, default=-1) + 1
    assert len(confirmed) > 100
    with SignatureStore(path) as store:  # and the app opens it as usual
        assert len(list(store.signatures())) >= len(confirmed)
