"""Screenshots of every workspace from the real window (offscreen), with sample work in it.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py
        the README's pictures: docs/screenshots/{people,studio,signatures}-{en,fa}.png
    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py --sizes DIR
        every workspace and tab at 1024 x 700 and 1600 x 1000 in en, fa, es, de, fr,
        into DIR (not committed), and a list of anything clipped

The window is filled the way a user would fill it (a search, a selected person,
an event with a printed sheet and three typed rows), then each page is grabbed
once it is built and its preview rendered.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDeadlineTimer
from PySide6.QtWidgets import QTabWidget

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.gui.layout_checks: the same check the tests make

from tests.gui.layout_checks import clipped  # noqa: E402

from actionkit.core.paths import AppPaths, resolve_paths  # noqa: E402
from actionkit.core.settings import Settings  # noqa: E402
from actionkit.gui.app import create_application  # noqa: E402
from actionkit.gui.i18n import LANGUAGES  # noqa: E402
from actionkit.gui.main_window import MainWindow  # noqa: E402
from actionkit.gui.workers import Worker  # noqa: E402

OUT = Path(__file__).with_name("screenshots")
README_SIZE = (1280, 800)
SIZES = ((1024, 700), (1600, 1000))
SIGNERS = (
    ("Sara", "Karimi", "sara.karimi@example.org"),
    ("Jan", "Weber", "jan.weber@gmial.com"),
    ("نسیم", "رضایی", "nasim.rezaei@example.org"),
)


def settle(seconds: float = 30) -> None:
    """Run the event loop until every worker (preview, sheets) has finished."""
    deadline = QDeadlineTimer(int(seconds * 1000))
    QCoreApplication.processEvents()
    while Worker._alive and not deadline.hasExpired():
        QCoreApplication.processEvents()
    QCoreApplication.processEvents()


def sample_work(paths: AppPaths) -> None:
    """An event with one printed sheet and three typed rows, made through the app."""
    window = MainWindow(paths=paths, settings=Settings(paper_size="A4", welcome_done=True))
    window.show()
    page: Any = window.show_workspace(2)
    page.name.setText("Vigil for Narges")
    page.date.setText("2026-12-10")
    page.city.setText("Köln")
    page.create_button.click()
    page.print_sheets_to(page.selected_event(), paths.cache_dir / "sheets.pdf", 1)
    settle()
    photograph_sheet(page.store, paths.cache_dir / "sheets.pdf")
    typist = page.transcriber
    typist.open_sheet()
    for first, last, email in SIGNERS:
        typist.fields["first_name"].setText(first)
        typist.fields["last_name"].setText(last)
        typist.fields["email"].setText(email)
        typist.fields["city"].setText("Köln")
        typist.save_row()
    window.close()


def photograph_sheet(store: Any, pdf: Path) -> None:
    """The printed sheet, written on with drawn strokes (no one's handwriting) and
    photographed at an angle in simulation, imported: the typing view shows its rows."""
    from tests.gui.test_scan_photos import photo_of

    from actionkit.core.signatures.scan_import import import_photos
    from actionkit.core.signatures.scans import sheet_layout

    sheet = store.sheets()[0]
    layout = sheet_layout(store, sheet.id)
    assert layout is not None, "a sheet printed by the app keeps its layout"
    photo = pdf.with_name("IMG_2041.jpg")
    photo.write_bytes(photo_of(pdf.read_bytes(), layout, filled=5, ticked={1, 3, 4, 5}))
    import_photos(store, [photo])
    photo.unlink()


def open_window(paths: AppPaths, language: str, size: tuple[int, int]) -> MainWindow:
    settings = Settings(
        ui_language=language, paper_size="A4", welcome_done=True, print_languages=["fa", "de"]
    )
    window = MainWindow(paths=paths, settings=settings)
    window.resize(*size)
    window.show()
    people: Any = window.show_workspace(0)
    people.search.insert("Mohammadi" if language != "fa" else "محمدی")
    people.table.setCurrentIndex(people.proxy.index(0, 0))
    signatures: Any = window.show_workspace(2)
    signatures.transcriber.open_sheet_id(signatures.store.sheets(signatures.selected_event())[0].id)
    studio: Any = window.show_workspace(1)
    studio.wait_for_render()
    settle()
    return window


def grab(window: MainWindow, target: Path) -> None:
    QCoreApplication.processEvents()
    window.grab().save(str(target))
    print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


def readme_pictures(paths: AppPaths) -> None:
    OUT.mkdir(exist_ok=True)
    for language in ("en", "fa"):
        window = open_window(paths, language, README_SIZE)
        for index, name in ((0, "people"), (1, "studio"), (2, "signatures")):
            page: Any = window.show_workspace(index)
            if name == "signatures":
                page.tabs.setCurrentIndex(1)
            settle()
            grab(window, OUT / f"{name}-{language}.png")
        window.close()


def every_size(paths: AppPaths, folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    for width, height in SIZES:
        for language in LANGUAGES:
            window = open_window(paths, language, (width, height))
            for index in range(len(window.specs)):
                page = window.show_workspace(index)
                tab_widgets = page.findChildren(QTabWidget)
                tabs = range(tab_widgets[0].count()) if tab_widgets else [0]
                for tab in tabs:
                    if tab_widgets:
                        tab_widgets[0].setCurrentIndex(tab)
                    settle()
                    grab(window, folder / f"{width}x{height}-{language}-{index + 1}-{tab}.png")
                    problems += [f"{width}x{height} {language} {p}" for p in clipped(page)]
            window.close()
    print("\n".join(problems) or "nothing clipped")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=Path, metavar="DIR", help="every size and language")
    args = parser.parse_args()
    create_application()
    paths = resolve_paths(Path(tempfile.mkdtemp(prefix="actionkit-shots-")))
    paths.ensure()
    sample_work(paths)
    if args.sizes:
        return every_size(paths, args.sizes)
    readme_pictures(paths)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
