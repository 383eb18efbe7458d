"""The open sheet's photo for the typing view: its newest scan, a row of it, the whole sheet.

The typing view says which row is being typed; this finds that row on the sheet's
newest scan (`scans.latest_scan`), shows it in the strip above the fields (the
store's row image), starts a new row's consent from the photo's tick and says in
words when the typed consent disagrees, keeps the typist's "Is this right?" with
the scan's row, and opens the whole sheet in a window of its own, the row being
typed outlined. Both typings (first and second) use it: the photo is the paper.
The second typing is `blind` to the first typist: it neither shows nor changes
their answer to "Is this right?"; its typist can only add a No (misread), and
taking it back restores what was kept before.
The images come from the store as bytes and are decoded in memory.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtWidgets import QWidget

from actionkit.core.errors import ActionKitError
from actionkit.core.signatures import scans
from actionkit.core.signatures.marks import BLANK
from actionkit.core.signatures.store import SignatureStore
from actionkit.gui import dialogs
from actionkit.gui.actions import TYPING_KEYS
from actionkit.gui.i18n import Translator, isolated
from actionkit.gui.workspaces.scan_view import RowScan, SheetImageWindow, consent_disagreement
from actionkit.gui.workspaces.typing_row import RowFields, with_key


class SheetPhoto(QObject):
    problem = Signal(str)  # something to say under the fields, in the UI's words
    window_closed = Signal()  # the whole sheet's window went away: back to the typing

    def __init__(
        self,
        store: SignatureStore,
        t: Translator,
        owner: QWidget,
        typing: RowFields,
        *,
        blind: bool = False,
    ) -> None:
        super().__init__(owner)
        self.store, self.t, self.owner = store, t, owner
        self.blind = blind
        # Blind: (scan, row) -> the answer kept before this typist's No, while it stands.
        self.reported: dict[tuple[int, int], str] = {}
        self.typing = typing  # the row typed under the photo: its consent is compared
        typing.consent.toggled.connect(lambda _: self.show_flag())
        # The scan and row whose tick set the consent: set once per row, then the typist's.
        self.consent_set_from: tuple[int | None, int | None] | None = None
        self.scan: scans.StoredScan | None = None
        self.strip = RowScan(t)
        if blind:
            self.strip.report_only()
        self.strip.whole_sheet_wanted.connect(self.show_whole_sheet)
        self.strip.misread_chosen.connect(self.set_misread)
        self.strip.direction_changed.connect(lambda: self.show_row(self.strip.row))
        self.window: SheetImageWindow | None = None
        # The row image on screen: (scan, row, right to left) and its bytes.
        self._shown: tuple[tuple[int, int, bool], bytes] | None = None

    @property
    def scan_id(self) -> int | None:
        """The scan a row typed now comes from (None: the sheet has no photo)."""
        return self.scan.id if self.scan is not None else None

    def ticks(self) -> dict[int, bool]:
        """Row -> whether the photo shows its consent box ticked (rows crossed out on
        the photo left out: nothing to compare with)."""
        if self.scan is None:
            return {}
        return {row.number: row.ticked for row in self.scan.rows if not row.crossed_out}

    def load(self, sheet_id: str | None) -> None:
        """The sheet's newest scan (after opening it, or importing photos)."""
        before = self.scan_id
        self.scan = scans.latest_scan(self.store, sheet_id) if sheet_id else None
        if self.window is not None and self.window.isVisible() and self.scan_id != before:
            if self.scan is None:  # another sheet, without a photo: nothing to show
                self.put_away()
            else:
                self.show_whole_sheet()

    def show_row(self, row: int | None) -> scans.StoredRow | None:
        """Row `row` as the photo shows it, in the strip; its reading (None: no photo,
        or no such row on it)."""
        if self.scan is None or row is None:
            self.strip.show_nothing()
            self._shown = None
            return None
        reading = self.scan.row(row)
        image = None
        if reading is not None:
            image = self._row_image(self.scan.id, row)
        self.strip.show_row(row, reading, image, self._answer(reading))
        when = isolated(self.scan.scanned_at[:16].replace("T", " "))
        about = self.t("scan.sheet_about", source=isolated(self.scan.source), when=when)
        self.strip.title.setToolTip(about)  # which photo this is, for a typist who wonders
        return reading

    def show_typed_row(self, row: int | None, *, saved_row: bool) -> None:
        """Row `row` being typed, as photographed, and what to look at again. A new row's
        consent starts as the photo's tick box says, once per row (what the typist sets
        then stays); not a saved row loaded into the fields (`saved_row`), nor a row
        with typing in it."""
        reading = self.show_row(row)
        key = (self.scan_id, row)
        fresh = not saved_row and not self.typing.has_typing()
        if reading is not None and fresh and self.consent_set_from != key:
            self.typing.consent.setChecked(reading.ticked and not reading.crossed_out)
            self.consent_set_from = key
        self.show_flag()

    def show_flag(self) -> None:
        """What the typist should look at again, under the row's image: a row crossed out
        or left empty on the photo (with the key that saves it as an empty row: only the
        typist saves it), or a consent that is not what the photo's tick box says."""
        if self.strip.row is None:
            self.strip.show_flag("")
            return
        reading = self.strip.reading
        flag = self.no_signer_flag(reading)
        consent = self.typing.consent.isChecked()
        self.strip.show_flag(flag or consent_disagreement(self.t, reading, consent))

    def no_signer_flag(self, reading: scans.StoredRow | None) -> str:
        """The words under the row's image when the photo shows nobody on the row:
        crossed out, or empty before the last row written in (after it, the sheet's
        end), naming the Empty row key; "" otherwise. Only the typist's key saves it."""
        button = with_key(self.t, f"type.{BLANK}", TYPING_KEYS[BLANK])
        if reading is not None and reading.crossed_out:
            return self.t("scan.flag_crossed_out", row=reading.number, button=button)
        last = self.scan.paper_rows if self.scan is not None else 0
        if reading is not None and not reading.filled and reading.number < last:
            return self.t("scan.flag_empty", row=reading.number, button=button)
        return ""

    def blank_confirmed(self) -> bool:
        """Empty row pressed for the row on screen: True to save it. When the photo shows
        writing on it (filled, not crossed out), only after a question whose default is
        No: one stray key must not drop a signer. A row with typing in it is not asked
        about: the core refuses it, saying why."""
        reading = self.strip.reading
        if reading is None or not reading.filled or reading.crossed_out:
            return True
        if self.typing.has_typing():
            return True
        question = self.t("scan.blank_ask", row=reading.number)
        return dialogs.ask(self.owner, self.t(f"type.{BLANK}"), question)

    def _row_image(self, scan_id: int, row: int) -> bytes | None:
        """The row's image, its fields in the order the typing fields run on screen
        (from the right in a right-to-left interface), cut from the photo once while
        the row stays on screen (the typing view asks again after every key that
        changes the sheet's state)."""
        key = (scan_id, row, self.owner.isRightToLeft())
        if self._shown is not None and self._shown[0] == key:
            return self._shown[1]
        try:
            image = scans.row_image(self.store, scan_id, row, right_to_left=key[2])
        except ActionKitError as exc:
            self.problem.emit(self.t.error(exc))
            return None
        self._shown = (key, image)
        return image

    def _answer(self, reading: scans.StoredRow | None) -> str:
        """The answer to "Is this right?" shown for a row: the one kept with it, or, blind,
        only this typist's own No."""
        if reading is None or self.scan is None:
            return ""
        if self.blind:
            return "wrong" if (self.scan.id, reading.number) in self.reported else ""
        return reading.misread

    def set_misread(self, row: int, value: str) -> None:
        """'Is this right?' answered for a row's reading: kept with the scan's row. Blind,
        a No is added (over any answer kept before) and taking it back restores that
        answer: a No kept by someone else is never cleared."""
        reading = self.scan.row(row) if self.scan is not None else None
        if self.scan is None or reading is None:
            return
        key = (self.scan.id, row)
        if self.blind and value == "wrong":
            self.reported[key] = reading.misread
        elif self.blind:
            value = self.reported.pop(key, reading.misread)
        try:
            scans.set_misread(self.store, self.scan.id, row, value)
        except ActionKitError as exc:
            self.problem.emit(self.t.error(exc))
            return
        self.scan = scans.scan(self.store, self.scan.id)
        self.show_row(row)

    def toggle_whole_sheet(self) -> None:
        """F4: the whole sheet's photo, and F4 again puts it away."""
        if self.window is not None and self.window.isVisible():
            self.window.reject()
        else:
            self.show_whole_sheet()

    def show_whole_sheet(self) -> None:
        """F4 or the button: the whole sheet in a window beside the typing (Esc or F4
        there closes it), the row on screen outlined."""
        scan = self.scan
        if scan is None:
            return
        try:
            image = scans.sheet_image(self.store, scan.id)
        except ActionKitError as exc:
            self.problem.emit(self.t.error(exc))
            return
        if self.window is None:
            self.window = SheetImageWindow(self.t, self.owner)
            self.window.finished.connect(lambda _: self.window_closed.emit())
            main = self.owner.window().size()  # never larger than the app's own window
            self.window.resize(min(1000, int(main.width() * 0.9)), min(720, main.height()))
        row = self.strip.row
        box = scan.row_boxes.get(row) if row is not None else None
        outline = None
        if box is not None:  # mm of the straightened page -> its pixels
            k = scan.px_per_mm
            outline = QRectF(box.x * k, box.y * k, box.w * k, box.h * k)
        self.window.show_sheet(scan.sheet_id, scan.source, scan.scanned_at, image, outline)
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def put_away(self) -> None:
        """The whole sheet's window closed and its photo dropped (the store locks, the
        sheet changed): a window of its own is not covered by the lock screen."""
        self._shown = None
        if self.window is not None:
            self.window.forget()
