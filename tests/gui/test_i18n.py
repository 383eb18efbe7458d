"""Words in the user's language: core errors and warnings by key, and Qt's own buttons."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from actionkit.core.assets import asset_path
from actionkit.core.errors import ActionKitError
from actionkit.core.paths import AppPaths
from actionkit.core.signatures.lock import lock_store
from actionkit.core.signatures.records import ValidationFailed
from actionkit.core.signatures.schema import StoreError
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput, normalize, validate
from actionkit.gui.app import create_application
from actionkit.gui.i18n import LANGUAGES, Translator, install_qt_translations
from actionkit.gui.workers import Worker

LANGS = list(LANGUAGES)


def _words(language: str) -> dict[str, str]:
    path = asset_path("translations", "ui", f"{language}.json")
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _fields(text: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", text))


def test_every_error_and_issue_key_is_translated_with_the_same_fields() -> None:
    english = {k: v for k, v in _words("en").items() if k.startswith(("error.", "issue."))}
    assert len(english) > 60
    for language in LANGS[1:]:
        words = _words(language)
        for key, text in english.items():
            assert words.get(key), f"{language} lacks {key}"
            has_words = re.search(r"[A-Za-z]", re.sub(r"{\w+}", "", text))
            assert words[key] != text or not has_words, f"{language} {key} is still English"
            assert _fields(words[key]) == _fields(text), f"{language} {key} fields differ"


def test_a_store_error_is_shown_in_german_and_stays_english_for_the_cli(tmp_path: Path) -> None:
    store = SignatureStore(tmp_path / "signatures.sqlite3")
    with pytest.raises(StoreError) as caught:
        store.create_event("Mahnwache", "10.12.2026")
    store.close()
    exc = caught.value
    # The store takes ISO dates (the form reads the user's own form first).
    assert str(exc) == "'10.12.2026' is not a date; write it like 2026-12-10."
    assert Translator("de").error(exc) == "„10.12.2026“ ist kein Datum; schreibe es wie 2026-12-10."
    # In Farsi the inserted value is isolated (FSI ... PDI), so it cannot reorder the sentence.
    # The typed date is isolated left to right (LRI ... PDI), so it keeps its order.
    assert (
        Translator("fa").error(exc)
        == "«\u206610.12.2026\u2069» تاریخ نیست؛ آن را مانند \u20662026-12-10\u2069 بنویسید."
    )
    assert Translator("en").error(exc) == str(exc)


def test_a_weak_passphrase_is_refused_in_the_users_language(tmp_path: Path) -> None:
    path = tmp_path / "signatures.sqlite3"
    SignatureStore(path).close()
    with pytest.raises(StoreError) as caught:
        lock_store(path, "kurz")
    assert (
        Translator("de").error(caught.value)
        == "Wähle eine Passphrase mit mindestens 10 Zeichen, Leerzeichen nicht mitgezählt."
    )
    assert Translator("es").error(caught.value).startswith("Elige una frase de contraseña")
    with pytest.raises(StoreError) as obvious:
        lock_store(path, "Password2026!")
    assert Translator("fa").error(obvious.value).startswith("این گذرعبارت از نخستین‌هایی است")
    assert Translator("fr").error(obvious.value).startswith("Cette phrase secrète est parmi")


def test_a_missing_translation_falls_back_to_the_english_message() -> None:
    exc = ActionKitError("Plain English only.", key="no.such.key", value=3)
    assert Translator("fr").error(exc) == "Plain English only."
    assert Translator("de").error(ActionKitError("No key at all.")) == "No key at all."


def test_typing_problems_and_the_refused_row_are_translated() -> None:
    signer = normalize(SignerInput(email="nasim@gmial.com", country="Germny"))
    issues = validate(signer)
    by_field = {i.field: i for i in issues}
    t = Translator("fr")
    assert (
        t.issue(by_field["first_name"]) == "Il faut un nom (ou marquez la ligne comme illisible)."
    )
    assert t.issue(by_field["email"]) == "Vouliez-vous dire nasim@gmail.com ?"
    assert t.issue(by_field["country"]).startswith("Pays inconnu : « Germny ». Vouliez-vous dire")
    assert by_field["country"].message.startswith("Unknown country 'Germny'.")
    refused = t.error(ValidationFailed(issues))
    assert refused.startswith("La ligne n’a pas été enregistrée : Il faut un nom")
    assert "Unknown" not in refused and "A name" not in refused


def test_print_guard_warnings_are_translated_and_stay_english_text(app_paths: AppPaths) -> None:
    import datetime as dt

    from actionkit.core.dataset import DatasetStore
    from actionkit.core.print.guard import status_warnings

    loaded = DatasetStore(app_paths).load()
    people = list(loaded.dataset.people)[:3]
    warnings = status_warnings(people, today=dt.date(2100, 1, 1))
    assert warnings
    first = warnings[0]
    assert isinstance(first, str) and "days ago (more than 90)" in first
    german = Translator("de").text(first)
    assert "beruht auf Nachrichten vom" in german and "Tagen (mehr als 90)" in german
    assert german.startswith(people[0].display_name + ": ")
    english = Translator("en").text(first)
    assert english.replace(*status_words(people[0].status)) == first, "only the status word"
    spanish = Translator("es").text(first)
    assert people[0].status not in spanish, "a status is named, never shown as its code"
    assert Translator("es")(f"status.{people[0].status}") in spanish


def status_words(status: str) -> tuple[str, str]:
    return Translator("en")(f"status.{status}"), status


def test_a_worker_describes_its_failure_with_the_function_it_was_given(qtbot: QtBot) -> None:
    create_application()

    def job(worker: Worker) -> None:
        raise StoreError("An event needs a name.", key="event.no_name")

    plain, german = Worker(job), Worker(job, describe=Translator("de").error)
    for worker, expected in (
        (plain, "An event needs a name."),
        (german, "Eine Aktion braucht einen Namen."),
    ):
        with qtbot.waitSignal(worker.failed, timeout=5000) as failed:
            worker.start()
        assert failed.args == [expected]
        worker.wait()


def _yes_text() -> str:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "?",
        "?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    return box.button(QMessageBox.StandardButton.Yes).text()


def test_qts_own_buttons_follow_a_language_switch(qtbot: QtBot) -> None:
    app = create_application()
    try:
        assert _yes_text() == "&Yes"
        assert install_qt_translations(app, "de")
        assert _yes_text() == "&Ja"
        assert install_qt_translations(app, "fr")  # the German one is replaced, not stacked
        assert _yes_text() == "&Oui"
        assert install_qt_translations(app, "en")
        assert _yes_text() == "&Yes"
    finally:
        install_qt_translations(app, "en")


def test_a_failed_merge_names_each_files_reason_in_the_users_language(tmp_path: Path) -> None:
    from actionkit.core.signatures.merge import merge_exports

    not_xlsx, empty = tmp_path / "notes.xlsx", tmp_path / "empty.xlsx"
    not_xlsx.write_text("just some text")
    empty.write_bytes(b"")
    with pytest.raises(ActionKitError) as caught:  # two files: read in a helper process
        merge_exports([not_xlsx, empty], tmp_path / "merged.xlsx", parallel=True)
    english = str(caught.value)
    assert english == (
        "No file could be merged: notes.xlsx is not an .xlsx file; empty.xlsx is not an .xlsx file"
    )
    assert Translator("de").error(caught.value) == (
        "Keine Datei konnte zusammengeführt werden: "
        "notes.xlsx ist keine .xlsx-Datei; empty.xlsx ist keine .xlsx-Datei"
    )


def test_an_untrusted_dataset_says_why_in_the_users_language(
    app_paths: AppPaths, tmp_path: Path
) -> None:
    from actionkit.core.dataset import DatasetStore
    from actionkit.core.dataset.errors import UntrustedDatasetError

    unsigned = tmp_path / "people.json"
    unsigned.write_text("{}")
    with pytest.raises(UntrustedDatasetError) as caught:
        DatasetStore(app_paths).import_file(unsigned)
    assert str(caught.value).startswith("people.json is not signed")
    french = Translator("fr").error(caught.value)
    assert french.startswith("people.json n’est pas signé (pas de people.json")
    assert "Rien n’a été importé." in french


def test_the_locked_page_rereads_its_words_and_has_no_fixed_english(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    from actionkit.gui.workspaces.base import PlannedWorkspace

    t = Translator("en")
    pressed: list[bool] = []
    page = PlannedWorkspace(
        t("nav.signatures"),
        t("lock.locked_text"),
        t=t,
        title_key="nav.signatures",
        text_key="lock.locked_text",
    )
    qtbot.addWidget(page)
    button = page.add_button("lock.unlock", lambda: pressed.append(True))
    page.show()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert pressed == [True]
    t.language = "de"
    page.retranslate()
    assert page.title() == "Aktionen & Unterschriften"
    assert page.text.text().startswith("Die Unterschriften sind verschlüsselt")
    assert button.text() == "Entsperren…"
    shown = [w.text() for w in page.findChildren(QLabel)]
    assert not any("later version" in text for text in shown)


def test_embedded_writes_isolates_as_embeddings_of_their_direction() -> None:
    from actionkit.gui.i18n import embedded, isolated

    latin, persian = isolated("broken.jpg"), isolated("نرگس")
    assert embedded(f"{latin}: …") == "\u202abroken.jpg\u202c: …"
    assert embedded(f"در {persian} و {latin}") == "در \u202bنرگس\u202c و \u202abroken.jpg\u202c"
    assert embedded("\u2068/tmp/x.pdf\u2069") == "\u202a/tmp/x.pdf\u202c"  # no strong letter
    assert embedded("plain") == "plain"
