"""Typing a 15-row sheet in by keyboard on the real window: keys beyond the signer's text.

A child process (Qt offscreen) builds the main window, opens an event's sheet
and types a realistic sheet through key events sent to whatever has the focus,
never calling the page's slots: German, Persian-script and Spanish names, three
signers without consent, one email typo taken from the suggestion, one
duplicate decided, one earlier row corrected. Every key press that is not a
character of the signer's data is counted (Enter, Tab, chords, the decision
key, the correction's navigation). At the end the rows are read back from the
store; any difference stops the benchmark with an error, so the figure is
only ever printed for a sheet typed correctly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from benchmarks.table import Row

SPREADSHEET_KEYS_PER_ROW = 7.0  # Tab between six cells and Enter, with autocomplete

CHILD = r"""
import json, statistics, sys, tempfile
from pathlib import Path
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from actionkit.core.paths import resolve_paths
from actionkit.core.settings import Settings
from actionkit.core.signatures.store import SignatureStore
from actionkit.gui.app import create_application
from actionkit.gui.main_window import MainWindow

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier

# (first, last, email as typed, email meant, consent); city and country are the event's.
SHEET = [
    ("Lena", "Schneider", "lena.schneider@posteo.de", None, True),
    ("Sara", "Karimi", "sara.karimi@gmx.de", None, True),
    ("نرگس", "محمدی", "", None, False),
    ("Jonas", "Schmit", "jonas.schmidt@web.de", None, True),  # corrected later: Schmidt
    ("María", "García López", "maria.garcia@gmial.com", "maria.garcia@gmail.com", True),
    ("Omid", "Rahimi", "omid.rahimi@proton.me", None, True),
    ("پریسا", "احمدی", "parisa.ahmadi@example.org", None, True),
    ("Jürgen", "Groß", "", None, False),
    ("Sara", "Karimi", "Sara.Karimi@gmx.de", None, True),  # signed twice: same person
    ("Javier", "Fernández", "javier.fernandez@telefonica.net", None, True),
    ("Mahsa", "Rezaei", "mahsa.rezaei@posteo.de", None, False),
    ("Anna", "Müller", "anna.mueller@t-online.de", None, True),
    ("Carmen", "Ruiz", "carmen.ruiz@telefonica.net", None, True),
    ("نسرین", "ستوده", "nasrin.s@example.org", None, True),
    ("Felix", "Wagner", "felix.wagner@gmx.net", None, True),
]
CORRECTED = {4: ("last_name", "Schmidt")}
CORRECT_AFTER = 12  # the mistake in row 4 is noticed after row 12 is saved

app = create_application()
paths = resolve_paths(Path(tempfile.mkdtemp())); paths.ensure()
with SignatureStore.open(paths) as store:
    event = store.create_event("Mahnwache für Narges", "2026-12-10", city="Köln", country="DE")
    sheet_id = store.create_sheets(event.slug, ("de", "fa"), 1)[0].id
window = MainWindow(paths=paths, settings=Settings(paper_size="A4", welcome_done=True))
window.resize(1280, 800)
window.show()
window.activateWindow()
app.processEvents()

counted = {"keys": 0, "mouse": 0}
by_row = {}
current = [0]

def focus():
    widget = QApplication.focusWidget()
    if widget is None:
        raise SystemExit("no widget has the keyboard focus")
    return widget

def press(key, modifiers=NONE, *, count=True):
    QTest.keyClick(focus(), key, modifiers)
    if count:
        counted["keys"] += 1
        by_row[current[0]] = by_row.get(current[0], 0) + 1

def type_text(text):
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(focus(), QKeyEvent(kind, Qt.Key.Key_unknown, NONE, char))

# Setting up (not counted): Ctrl+3 to the page, the typing tab, the sheet's id + Enter.
press(Qt.Key.Key_3, CTRL, count=False)
page = window.show_workspace(2)
page.tabs.setCurrentIndex(1)
typist = page.transcriber
typist.sheet_id.setFocus()
type_text(sheet_id)
press(Qt.Key.Key_Return, count=False)
if typist.sheet is None or not typist.fields["first_name"].hasFocus():
    raise SystemExit("the sheet did not open with the cursor in the first field")

for number, (first, last, typed, meant, consent) in enumerate(SHEET, 1):
    current[0] = number
    type_text(first)
    press(Qt.Key.Key_Return)
    type_text(last)
    if typed:
        press(Qt.Key.Key_Return)
        type_text(typed)
        if meant:  # the suggestion shows after a short pause; Down takes it
            hint = typist.row.email_hint
            for _ in range(100):
                if hint.isVisible():
                    break
                QTest.qWait(20)
            press(Qt.Key.Key_Down)
    if consent:
        press(Qt.Key.Key_Space, CTRL)
    press(Qt.Key.Key_Return, CTRL)
    if typist.duplicate_bar.isVisible():  # decided at once; the cursor stays in the row
        press(Qt.Key.Key_1, ALT)
    if number == CORRECT_AFTER:
        current[0] = "correction"
        press(Qt.Key.Key_F6)  # to the rows table
        press(Qt.Key.Key_4)  # row 4
        press(Qt.Key.Key_Return)  # into the fields
        field, text = CORRECTED[4]
        press(Qt.Key.Key_Tab)  # to the last name, selected
        type_text(text)
        press(Qt.Key.Key_Return, CTRL)

# Read back: every row as the paper says, nothing more.
problems = []
with SignatureStore.open(paths) as store:
    got = {s.row_number: s for s in store.signatures(event.slug)}
    decisions = store.conn.execute("SELECT decision FROM duplicate_decisions").fetchall()
if sorted(got) != list(range(1, len(SHEET) + 1)):
    problems.append(f"rows saved: {sorted(got)}")
for number, (first, last, typed, meant, consent) in enumerate(SHEET, 1):
    row = got.get(number)
    if row is None:
        continue
    want = {"first_name": first, "last_name": last, "email": (meant or typed).lower(),
            "city": "Köln", "country": "DE", "consent": consent}
    if number in CORRECTED:
        want[CORRECTED[number][0]] = CORRECTED[number][1]
    for name, value in want.items():
        have = getattr(row, name)
        if name == "email":
            have = have.lower()
        if have != value:
            problems.append(f"row {number} {name}: {have!r}, not {value!r}")
if [tuple(d) for d in decisions] != [("same_person",)]:
    problems.append(f"duplicate decisions: {decisions}")
if problems:
    print("\n".join(problems), file=sys.stderr)
    raise SystemExit(2)
consenting = [by_row[n] for n, row in enumerate(SHEET, 1) if row[4]]
print(json.dumps({
    "rows": len(SHEET),
    "keys": counted["keys"],
    "mouse": counted["mouse"],
    "by_row": {str(k): v for k, v in by_row.items()},
    "consenting_rows_mean": sum(consenting) / len(consenting),
    "consenting_rows_median": statistics.median(consenting),
}))
window.close()
"""


def measure() -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=600
    )
    if done.returncode != 0:
        raise RuntimeError(f"typing benchmark: the sheet was not typed correctly\n{done.stderr}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(repeats: int) -> list[Row]:
    result = measure()  # key counts do not vary: one run is the figure
    rows = int(str(result["rows"]))
    per_row = float(str(result["keys"])) / rows
    typical = float(str(result["consenting_rows_median"]))
    mean = float(str(result["consenting_rows_mean"]))
    return [
        Row(
            "typing: keys per row beyond the text, whole sheet",
            per_row,
            "keys",
            target="< 7",
            passed=per_row < SPREADSHEET_KEYS_PER_ROW,
            baseline_name="spreadsheet: 7 keys/row",
            baseline_value=SPREADSHEET_KEYS_PER_ROW,
            note=(
                f"{result['keys']} keys for {rows} rows, with the correction of row 4, the"
                f" email suggestion taken and the duplicate decided; per row: {result['by_row']}"
            ),
        ),
        Row(
            "typing: keys for a row with consent (median)",
            typical,
            "keys",
            target="<= 4",
            passed=typical <= 4,
            baseline_name="spreadsheet: 7 keys/row",
            baseline_value=SPREADSHEET_KEYS_PER_ROW,
            note=(
                f"mean {mean:.2f}: the rows with consent include the suggestion's key and the"
                " duplicate's decision"
            ),
        ),
        Row(
            "typing: mouse actions, whole sheet",
            float(str(result["mouse"])),
            "clicks",
            target="0",
            passed=result["mouse"] == 0,
        ),
    ]
