"""`actionkit --self-test`: prove a build works without a display or a network.

Loads the bundled dataset, renders a bilingual poster and a signature sheet
into a temporary folder and decodes their QR codes from the rendered pixels,
then writes an export and reads it back, and reads a sheet's photo (HEIC).
Packagers run it on the frozen app.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from actionkit.core.paths import resolve_paths

URL = "https://www.freeiranspoliticalprisonersnow.org"


def _check(condition: bool, message: str) -> None:
    if not condition:  # not `assert`: a frozen app may run with -O
        raise RuntimeError(message)


def _qr_codes(pdf: bytes, page: int = 0) -> list[str]:
    import pypdfium2
    import zxingcpp

    image = pypdfium2.PdfDocument(pdf)[page].render(scale=150 / 72).to_pil()
    return sorted(code.text for code in zxingcpp.read_barcodes(image))


def _poster(home: Path) -> str:
    from actionkit.core.dataset import DatasetStore
    from actionkit.core.print.page import PageSetup
    from actionkit.core.print.render import PrintJob, render

    loaded = DatasetStore(resolve_paths(home)).load()
    person = loaded.get("narges-mohammadi")
    if person is None:
        raise RuntimeError("the bundled dataset lacks Narges Mohammadi")
    out = BytesIO()
    render(
        PrintJob("poster", [person], ["fa", "en"], PageSetup("A4"), URL), out, loaded.dataset.info
    )
    codes = _qr_codes(out.getvalue())
    _check(codes == [URL], f"poster QR decoded as {codes}")
    return f"{len(loaded.people)} people loaded; poster rendered, QR decodes"


def _sheet_and_export(home: Path) -> str:
    from actionkit.core.signatures.export import export_xlsx, load_presets
    from actionkit.core.signatures.sheets_pdf import render_sheets
    from actionkit.core.signatures.store import SignatureStore
    from actionkit.core.signatures.validation import SignerInput
    from actionkit.core.signatures.xlsx_read import XlsxReader

    with SignatureStore(home / "selftest.sqlite3") as store:
        event = store.create_event("Self-test", "2026-12-10", city="Köln", languages=("fa", "de"))
        sheet = store.create_sheets(event.slug, event.languages, 1)[0]
        out = BytesIO()
        render_sheets([sheet], event, out, url=URL)
        codes = _qr_codes(out.getvalue())
        _check(codes == sorted([URL, sheet.id]), f"sheet QR codes decoded as {codes}")
        # An internationalized address: the email check (email-validator, idna) is bundled.
        signer = SignerInput(first_name="نرگس", last_name="Test", email="n@bücher.de", city="Köln")
        store.add_row(sheet.id, 1, signer)
        target = export_xlsx(store, home / "export.xlsx", load_presets()["generic"]).path
    rows = list(XlsxReader(target.read_bytes()).rows("Signers"))
    email = rows[1][rows[0].index("email")]
    _check(rows[1][:2] == ["نرگس", "Test"], f"export read back as {rows[1][:2]}")
    _check(email == "n@bücher.de", f"the email read back as {email!r}")
    return "signature sheet rendered, both QR codes decode; export written and read back"


def _locked_store(home: Path) -> str:
    """SQLCipher is in the build (installers run this on Windows and macOS too)."""
    from actionkit.core.signatures.lock import lock_store
    from actionkit.core.signatures.store import SignatureStore

    path = home / "locked" / "signatures.sqlite3"
    with SignatureStore(path) as store:
        store.create_event("Self-test", "2026-12-10", city="Köln")
    lock_store(path, "self-test passphrase")
    _check(b"Self-test" not in path.read_bytes(), "the locked store is readable")
    with SignatureStore(path, "self-test passphrase") as store:
        _check([e.name for e in store.events()] == ["Self-test"], "the locked store lost its event")
    return "store locked with SQLCipher and opened again"


def _scan(home: Path) -> str:
    """OpenCV, pillow-heif and the QR reader are in the build: a rendered sheet with one
    tick, saved as a phone's HEIC photo in memory, is read back."""
    import numpy as np
    import pillow_heif
    import pypdfium2
    from PIL import ImageDraw

    from actionkit.core.scan import load_photos, scan_photo
    from actionkit.core.signatures.sheets_pdf import render_sheets
    from actionkit.core.signatures.store import SignatureStore

    with SignatureStore(home / "scan.sqlite3") as store:
        event = store.create_event("Self-test", "2026-12-10", city="Köln")
        sheet = store.create_sheets(event.slug, event.languages, 1)[0]
        pdf = BytesIO()
        layout = render_sheets([sheet], event, pdf, url=URL).layouts[sheet.id]
    k = 6  # px per mm
    page = pypdfium2.PdfDocument(pdf.getvalue())[0].render(scale=k * 25.4 / 72).to_pil()
    page = page.convert("RGB")
    box = layout.rows[1].consent
    draw = ImageDraw.Draw(page)
    draw.line(
        [(box.x * k, box.y * k), (box.right * k, box.bottom * k)], fill=(20, 30, 120), width=5
    )
    draw.line(
        [(box.right * k, box.y * k), (box.x * k, box.bottom * k)], fill=(20, 30, 120), width=5
    )
    heic = BytesIO()
    pillow_heif.from_pillow(page).save(heic, quality=90)
    photos = load_photos(heic.getvalue(), "selftest.heic")
    _check(len(photos) == 1 and isinstance(photos[0].image, np.ndarray), "HEIC not decoded")
    read = scan_photo(photos[0], lambda found: layout if found == sheet.id else None)
    _check(read.refused is None, f"the sheet photo was refused: {read.refused}")
    _check(read.sheet_id == sheet.id, f"the sheet id read as {read.sheet_id}")
    ticked = [row.number for row in read.rows if row.ticked]
    _check(ticked == [2], f"ticks read on rows {ticked}, not row 2")
    return "a sheet photo (HEIC) straightened, its id and its one tick read"


STEPS: list[tuple[str, Callable[[Path], str]]] = [
    ("dataset and poster", _poster),
    ("signature sheet and export", _sheet_and_export),
    ("locked signature store", _locked_store),
    ("sheet photo scan", _scan),
]


def run_self_test() -> int:
    failed = False
    with tempfile.TemporaryDirectory(prefix="actionkit-selftest-") as folder:
        for name, step in STEPS:
            try:
                print(f"ok   {name}: {step(Path(folder))}")
            except Exception as exc:  # noqa: BLE001 - a self-test reports every failure
                failed = True
                print(f"FAIL {name}: {exc.__class__.__name__}: {exc}")
    print("self-test failed" if failed else "self-test passed")
    return 1 if failed else 0
