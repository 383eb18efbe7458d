"""Screenshots of every workspace, in English and Farsi, from the real window (offscreen).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from actionkit.core.paths import resolve_paths
from actionkit.core.settings import Settings
from actionkit.gui.app import create_application
from actionkit.gui.main_window import MainWindow

OUT = Path(__file__).with_name("screenshots")


def main() -> None:
    app = create_application()
    home = Path(tempfile.mkdtemp())
    paths = resolve_paths(home)
    paths.ensure()
    OUT.mkdir(exist_ok=True)
    for language in ("en", "fa"):
        window = MainWindow(paths=paths, settings=Settings(ui_language=language, paper_size="A4"))
        window.resize(1280, 800)
        window.show()
        people = window.show_workspace(0)
        people.search.insert("Mohammadi" if language == "en" else "نرگس")  # type: ignore[attr-defined]
        people.table.setCurrentIndex(people.proxy.index(0, 0))  # type: ignore[attr-defined]
        _shot(app, window, f"people-{language}")
        studio = window.show_workspace(1)
        studio.lang1.setCurrentIndex(studio.lang1.findData(language))  # type: ignore[attr-defined]
        studio.lang2.setCurrentIndex(studio.lang2.findData("de"))  # type: ignore[attr-defined]
        studio.wait_for_render()  # type: ignore[attr-defined]
        _shot(app, window, f"studio-{language}")
        signatures = window.show_workspace(2)
        if language == "en":
            signatures.name.setText("Vigil for Narges")  # type: ignore[attr-defined]
            signatures.date.setText("2026-12-10")  # type: ignore[attr-defined]
            signatures.city.setText("Köln")  # type: ignore[attr-defined]
            signatures.create_button.click()  # type: ignore[attr-defined]
            ids = signatures.print_sheets(str(home / "sheets.pdf"))  # type: ignore[attr-defined]
            typist = signatures.transcriber  # type: ignore[attr-defined]
            typist.open_sheet(ids[0])
            for first, last, email in (
                ("Sara", "Karimi", "sara@example.org"),
                ("Jan", "Weber", "jan@gmial.com"),
                ("نسیم", "رضایی", "nasim@example.org"),
            ):
                typist.fields["first_name"].setText(first)
                typist.fields["last_name"].setText(last)
                typist.fields["email"].setText(email)
                typist.fields["city"].setText("Köln")
                typist.save_row()
        signatures.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
        _shot(app, window, f"signatures-{language}")
        window.close()


def _shot(app: Any, window: MainWindow, name: str) -> None:
    app.processEvents()
    window.grab().save(str(OUT / f"{name}.png"))
    print(f"wrote docs/screenshots/{name}.png")


if __name__ == "__main__":
    main()
