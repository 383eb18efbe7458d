"""Local changes survive restarts; imports validate first and keep local changes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from actionkit.core.dataset import DatasetError, DatasetStore, stale_people
from actionkit.core.dataset.overlay import LocalSource
from actionkit.core.dataset.signing import (
    generate_signing_key,
    public_key_text,
    sign_file,
    trust_key,
)
from actionkit.core.paths import AppPaths
from tests.dataset_helpers import bundled_records, make_record, write_bundle

SOURCE = LocalSource(
    title="Phone call with the family", publisher="Organizer notes", date="2026-11-20"
)


def test_add_edit_hide_round_trip_through_a_restart(app_paths: AppPaths) -> None:
    store = DatasetStore(app_paths)
    loaded = store.load()
    editor = store.editor(loaded)
    new_id = editor.add(make_record("x", latin="Shirin Example", persian="شیرین نمونه"))
    editor.add_event(
        "nasrin-sotoudeh",
        {"date": "2026-11-20", "type": "arrest", "prison": "Qarchak Prison"},
        SOURCE,
    )
    editor.edit("toomaj-salehi", {"notes": "Spoke at our rally by video."})
    editor.set_hidden("mohsen-shekari")

    reopened = DatasetStore(app_paths).load()  # as after quitting and starting again
    assert reopened.get(new_id) is not None and new_id.startswith("local-")
    sotoudeh = reopened.get("nasrin-sotoudeh")
    assert sotoudeh is not None
    # Out on bail with her 2019 sentence still standing: arrested again, she serves it.
    assert (sotoudeh.status, sotoudeh.status_as_of, sotoudeh.prison) == (
        "sentenced",
        "2026-11-20",
        "Qarchak Prison",
    )
    assert "events" in sotoudeh.local_fields
    assert sotoudeh.arrest_date == "2026-11-20"
    assert [s.title for s in sotoudeh.sources_for("status")] == ["Phone call with the family"]
    assert "mohsen-shekari" in reopened.hidden
    assert "mohsen-shekari" not in [p.id for p in reopened.index.search("Shekari")]
    assert [p.id for p in reopened.index.search("شیرین")] == [new_id]
    # The bundled files were never written.
    assert all(r["id"] != new_id for r in bundled_records())


def test_a_changed_fact_needs_a_source_and_a_date(app_paths: AppPaths) -> None:
    store = DatasetStore(app_paths)
    editor = store.editor(store.load())
    with pytest.raises(DatasetError, match="needs a source"):
        editor.edit("toomaj-salehi", {"professions": ["rapper"]})
    with pytest.raises(DatasetError, match="cannot be edited"):
        editor.edit("toomaj-salehi", {"status": "detained"}, SOURCE)  # events say it
    with pytest.raises(DatasetError, match="comes after the person's death"):
        editor.add_event("mohsen-shekari", {"date": "2026-11-20", "type": "release"}, SOURCE)
    assert not store.overlay_file.exists()


def test_an_invalid_edit_changes_nothing(app_paths: AppPaths) -> None:
    store = DatasetStore(app_paths)
    editor = store.editor(store.load())
    editor.edit("toomaj-salehi", {"notes": "first"})
    before = store.overlay_file.read_bytes()
    with pytest.raises(DatasetError, match="must be one of"):
        editor.add_event("toomaj-salehi", {"date": "2026-01-01", "type": "freed"}, SOURCE)
    with pytest.raises(DatasetError, match="cannot be edited"):
        editor.edit("toomaj-salehi", {"id": "other"})
    assert store.overlay_file.read_bytes() == before


def test_revert_restores_the_dataset_value(app_paths: AppPaths) -> None:
    store = DatasetStore(app_paths)
    editor = store.editor(store.load())
    before = store.load().get("arash-ganji")
    editor.edit("arash-ganji", {"professions": ["translator", "engineer"]}, SOURCE)
    editor.revert("arash-ganji")
    person = DatasetStore(app_paths).load().get("arash-ganji")
    assert before is not None and person is not None
    assert person.professions == before.professions and not person.local_fields


def test_a_broken_overlay_is_kept_aside_and_the_dataset_still_loads(app_paths: AppPaths) -> None:
    store = DatasetStore(app_paths)
    store.overlay_file.parent.mkdir(parents=True)
    store.overlay_file.write_text("{not json")
    loaded = store.load()
    assert len(loaded.people) >= 40
    assert any("could not be read" in n for n in loaded.notices)
    assert list(store.overlay_file.parent.glob("overlay.json.broken-*"))


def signed(app_paths: AppPaths, path: Path) -> Path:
    """Sign `path` with a test publisher's key that this profile trusts."""
    key_file = app_paths.config_dir / "test-publisher.key"
    if not key_file.exists():
        private, public = generate_signing_key()
        app_paths.config_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_bytes(private)
        trust_key(app_paths, "test-publisher", public_key_text(public))
    sign_file(path, key_file.read_bytes())
    return path


def test_unsigned_tampered_and_unknown_signatures_are_refused_or_marked(
    app_paths: AppPaths, tmp_path: Path
) -> None:
    store = DatasetStore(app_paths)
    path = write_bundle(tmp_path / "newer.json", bundled_records(), "2099.1.1")
    with pytest.raises(DatasetError, match=r"not signed.*Nothing was imported"):
        store.import_file(path)
    signed(app_paths, path)
    original = path.read_bytes()
    path.write_bytes(original.replace(b"detained", b"released", 1))  # one fact changed
    with pytest.raises(DatasetError, match="changed after signing"):
        store.import_file(path)
    path.write_bytes(original)
    stranger, _ = generate_signing_key()
    sign_file(path, stranger)  # signed, but by a key nobody trusts
    with pytest.raises(DatasetError, match="do not trust"):
        store.import_file(path)
    assert not store.imported_file.exists()
    report = store.import_file(path, untrusted_ok=True)
    assert report.signer is None and any("UNTRUSTED" in line for line in report.lines())
    assert any("UNTRUSTED" in n for n in store.load().notices), "shown wherever it is used"
    signed(app_paths, path)
    store.import_file(path)
    assert not any("UNTRUSTED" in n for n in store.load().notices)


def test_importing_a_broken_file_changes_nothing(app_paths: AppPaths, tmp_path: Path) -> None:
    store = DatasetStore(app_paths)
    editor = store.editor(store.load())
    editor.edit("toomaj-salehi", {"notes": "kept"})
    overlay_before = store.overlay_file.read_bytes()
    records = bundled_records()
    records[0]["status"] = "vanished"
    bad = write_bundle(tmp_path / "newer.json", records)
    with pytest.raises(DatasetError, match="must be one of"):
        store.import_file(signed(app_paths, bad))
    assert not store.imported_file.exists()
    assert store.overlay_file.read_bytes() == overlay_before
    assert store.load().dataset.info.origin == "bundled"


def test_importing_a_newer_dataset_keeps_local_edits_and_reports_conflicts(
    app_paths: AppPaths, tmp_path: Path
) -> None:
    store = DatasetStore(app_paths)
    editor = store.editor(store.load())
    editor.add_event(
        "arash-ganji",
        {"date": "2026-11-20", "type": "arrest", "prison": "Ghezel Hesar Prison"},
        SOURCE,
    )
    editor.edit("toomaj-salehi", {"notes": "our note"})
    records = [r for r in bundled_records() if r["id"] != "yalda-moayeri"]
    ganji = next(r for r in records if r["id"] == "arash-ganji")
    late = {**ganji["events"][-1], "date": "2026-11-25", "type": "arrest"}
    ganji["events"].append({**late, "prison": "Rajaei Shahr Prison"})
    ganji["status"] = "detained"
    records.append(make_record("new-person", latin="New Person"))
    newer = signed(app_paths, write_bundle(tmp_path / "newer.json", records, "2099.1.1"))
    report = store.import_file(newer)
    assert report.signer == "test-publisher"

    assert report.new_version == "2099.1.1"
    assert report.added == ["new-person"]
    assert report.removed == ["yalda-moayeri"]
    assert "arash-ganji" in report.changed
    (conflict,) = report.conflicts
    assert (conflict.person_id, conflict.field) == ("arash-ganji", "events")
    assert (conflict.yours, conflict.now) == ("2026-11-20", "2026-11-25")
    assert "Your event is kept" in str(conflict)

    reopened = DatasetStore(app_paths).load()
    assert reopened.dataset.info.origin == "imported"
    ganji_now = reopened.get("arash-ganji")
    assert ganji_now is not None and "events" in ganji_now.local_fields
    assert [e.date for e in ganji_now.events][-2:] == ["2026-11-20", "2026-11-25"]
    assert ganji_now.prison == "Rajaei Shahr Prison"  # the newest news wins
    assert reopened.get("new-person") is not None


def test_an_older_dataset_is_refused_unless_asked(app_paths: AppPaths, tmp_path: Path) -> None:
    store = DatasetStore(app_paths)
    older = signed(app_paths, write_bundle(tmp_path / "old.json", bundled_records(), "2020.1.1"))
    with pytest.raises(DatasetError, match="older than the one in use"):
        store.import_file(older)
    store.import_file(older, allow_older=True)
    loaded = store.load()
    # The newer bundled dataset wins over an older import, and says so.
    assert loaded.dataset.info.origin == "bundled"
    assert any("newer than the one you imported" in n for n in loaded.notices)


def test_import_reports_progress(app_paths: AppPaths, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    path = signed(app_paths, write_bundle(tmp_path / "n.json", bundled_records(), "2099.1.1"))
    DatasetStore(app_paths).import_file(path, progress=lambda d, t: calls.append((d, t)))
    assert calls and calls[-1][0] == calls[-1][1] == len(bundled_records())


def test_staleness_by_age_and_by_status() -> None:
    from actionkit.core.dataset import Person

    fresh = Person.from_record(make_record("fresh", as_of="2026-11-01"))
    old = Person.from_record(make_record("old", as_of="2026-01-01"))
    freed = Person.from_record(make_record("freed", status="released", as_of="2026-11-01"))
    vague = Person.from_record(make_record("vague", as_of="2026"))
    today = dt.date(2026, 11, 21)
    notices = {n.person.id: n for n in stale_people([fresh, old, freed, vague], today=today)}
    assert set(notices) == {"old", "freed", "vague"}
    assert "324 days ago" in notices["old"].reasons[0]
    assert "will not call them imprisoned" in notices["freed"].reasons[0]
    assert notices["vague"].age_days == 324  # a year-only date counts from 1 January
    assert stale_people([old], today=today, max_age_days=400) == []


def test_overlay_file_is_readable_json(app_paths: AppPaths) -> None:
    store = DatasetStore(app_paths)
    store.editor(store.load()).set_hidden("toomaj-salehi")
    data = json.loads(store.overlay_file.read_text(encoding="utf-8"))
    assert data["hidden"] == ["toomaj-salehi"] and data["format"] == 2


def test_a_format_1_overlay_is_migrated_and_kept(app_paths: AppPaths) -> None:
    """Organizers' changes from the first version survive the timeline model: a typed
    status becomes the events that give it, with the same source."""
    store = DatasetStore(app_paths)
    old_source = {"title": "Call with the lawyer", "publisher": "Our notes", "date": "2026-10-01"}
    added = {
        "id": "local-shirin",
        "names": {"latin": "Shirin Example", "persian": None, "variants": []},
        "status": "sentenced",
        "status_as_of": "2026-09-01",
        "arrest_date": "2026-05-02",
        "prison": "Evin",
        "sources": [{"id": "s1", **old_source}],
        "field_sources": {"status": ["s1"], "arrest_date": ["s1"], "prison": ["s1"]},
    }
    edit = {
        "value": "released",
        "base": "detained",
        "at": "2026-10-02T10:00:00",
        "source": old_source,
    }
    as_of = {
        "value": "2026-10-01",
        "base": "2025",
        "at": "2026-10-02T10:00:00",
        "source": old_source,
    }
    overlay = {
        "format": 1,
        "added": {"local-shirin": added},
        "edits": {
            "arash-ganji": {"status": edit, "status_as_of": as_of},
            "toomaj-salehi": {
                "notes": {
                    "value": "our note",
                    "base": None,
                    "at": "2026-10-02T10:00:00",
                    "source": None,
                }
            },
        },
        "hidden": ["mohsen-shekari"],
    }
    store.overlay_file.parent.mkdir(parents=True, exist_ok=True)
    store.overlay_file.write_text(json.dumps(overlay), encoding="utf-8")

    loaded = store.load()
    assert not loaded.notices
    shirin = loaded.get("local-shirin")
    assert shirin is not None
    assert (shirin.status, shirin.arrest_date, shirin.prison) == ("sentenced", "2026-05-02", "Evin")
    ganji = loaded.get("arash-ganji")
    assert ganji is not None and ganji.status == "released" and ganji.status_as_of == "2026-10-01"
    assert [s.title for s in ganji.sources_for("status")] == ["Call with the lawyer"]
    toomaj = loaded.get("toomaj-salehi")
    assert toomaj is not None and toomaj.notes == "our note"
    assert "mohsen-shekari" in loaded.hidden
    kept = store.overlay_file.with_name("overlay.json.format1")
    assert json.loads(kept.read_text(encoding="utf-8")) == overlay

    store.editor(loaded).edit("toomaj-salehi", {"notes": "a newer note"})  # saves as format 2
    saved = json.loads(store.overlay_file.read_text(encoding="utf-8"))
    assert saved["format"] == 2 and saved["events"]["arash-ganji"][0]["event"]["type"] == "release"
    again = DatasetStore(app_paths).load().get("arash-ganji")
    assert again is not None and again.status == "released"


def test_ids_in_a_dataset_folder_cannot_leave_it(tmp_path: Path) -> None:
    from actionkit.core.dataset import load_dataset
    from tests.dataset_helpers import write_dataset

    outside = tmp_path / "secret.json"
    outside.write_text(json.dumps(make_record("secret")), encoding="utf-8")
    folder = write_dataset(tmp_path / "d" / "e", [make_record("a")])
    index = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    index["people"].append("../../secret")
    (folder / "dataset.json").write_text(json.dumps(index), encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder)
    assert "'../../secret' is not an id" in "\n".join(caught.value.problems)


def test_an_organizers_own_source_is_never_printed(app_paths: AppPaths) -> None:
    """A new user recorded a transfer learned from 'Family contact' and found that name
    in the poster's footer: naming a family contact in the street can endanger them."""
    from io import BytesIO

    from actionkit.core.print.page import PageSetup
    from actionkit.core.print.render import PrintJob, render
    from tests.pdf_helpers import open_pdf, page_text

    store = DatasetStore(app_paths)
    family = LocalSource(
        title="Call with her brother", publisher="Family contact", date="2026-11-23"
    )
    store.editor(store.load()).add_event(
        "sepideh-gholian", {"date": "2026-11-23", "type": "transfer", "prison": "Qarchak"}, family
    )
    loaded = store.load()
    person = loaded.get("sepideh-gholian")
    assert person is not None and person.prison == "Qarchak"
    assert [s.publisher for s in person.sources_for("status")] == ["Family contact"]
    out = BytesIO()
    job = PrintJob("poster", [person], ["en"], PageSetup("A4"), "https://example.org")
    render(job, out, loaded.dataset.info)
    text = page_text(open_pdf(out.getvalue())[0]).replace("\n", " ")
    assert "Status as of 23 November 2026" in text
    # The date rests on the organizer's own news: the poster says so, without naming it.
    assert "Family contact" not in text
    assert "Sources: the organizers’ own information" in text
