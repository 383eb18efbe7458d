"""What a second new-user run found in the print studio and the People workspace,
driven through the user's path."""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from actionkit.core.dataset import DatasetStore, LoadedDataset
from actionkit.core.dataset.model import Story
from actionkit.core.paths import AppPaths, resolve_paths
from actionkit.core.print.page import PageSetup
from actionkit.core.print.render import PrintJob, render
from actionkit.gui.i18n import Translator
from actionkit.gui.workspaces.studio import StudioWorkspace
from tests.gui.test_main_window import make_window
from tests.gui.test_studio_journey import click_checkbox, pick, rendered

FSI, PDI = "\u2068", "\u2069"


def warnings_shown(studio: StudioWorkspace) -> list[str]:
    return [studio.warnings.item(i).text() for i in range(studio.warnings.count())]


def test_staleness_and_layout_warnings_follow_the_interface_language(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    window = make_window(qtbot, app_paths)
    studio = window.show_workspace(1)
    assert isinstance(studio, StudioWorkspace)
    click_checkbox(qtbot, studio, "ahmadreza-djalali")
    pick(studio.lang2, "fr")
    rendered(qtbot, studio)
    english = warnings_shown(studio)
    assert any("last confirmed" in w for w in english), english

    window.set_language("de")
    german = warnings_shown(studio)
    assert any("zuletzt bestätigt" in w and "Zum Tode verurteilt" in w for w in german), german
    assert not any("last confirmed" in w or "no story" in w for w in german), german

    window.set_language("fa")
    farsi = warnings_shown(studio)
    stale = next(w for w in farsi if "1" in w and "محکوم به اعدام" in w)
    # The Latin name and every number sit in their own isolate, so "(بیش از 90)" stays whole.
    assert stale.startswith(f"{FSI}Ahmadreza Djalali{PDI}:"), stale
    assert f"({'بیش از'} {FSI}90{PDI})" in stale, stale
    assert "last confirmed" not in stale


@pytest.fixture
def loaded(tmp_path: Path) -> LoadedDataset:
    return DatasetStore(resolve_paths(tmp_path / "home")).load()


def test_layout_notes_carry_keys_and_read_in_every_language(loaded: LoadedDataset) -> None:
    """A story missing in a language and a story too long for its frame: both notes are
    keyed, so the studio shows them in the interface language, never in English."""
    person = loaded.get("narges-mohammadi")
    assert person is not None
    only_english = replace(person, story={"en": Story(person.story["en"].text * 12, False)})
    job = PrintJob("poster", [only_english], ["en", "de"], PageSetup("A4"), "https://x.org")
    notes = render(job, BytesIO(), loaded.dataset.info).warnings
    keys = {getattr(n, "key", None) for n in notes}
    assert {"print.no_story", "print.does_not_fit"} <= keys, notes
    german = [Translator("de").text(n) for n in notes]
    assert (
        "Für Narges Mohammadi gibt es keine Geschichte auf Deutsch; diese Spalte bleibt leer."
        in german
    )
    assert any(g.startswith("„Story of Narges Mohammadi (en)“ passt selbst bei") for g in german), (
        german
    )
    for language in ("fa", "es", "fr"):
        shown = [Translator(language).text(n) for n in notes]
        assert not any("no story" in s or "does not fit" in s for s in shown), (language, shown)
