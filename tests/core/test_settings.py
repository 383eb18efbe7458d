from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actionkit.core.settings import (
    DEFAULT_APPEAL_URL,
    SCHEMA_VERSION,
    Settings,
    load_settings,
    save_settings,
)


def test_missing_file_gives_defaults_silently(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "settings.json")
    assert loaded.settings == Settings()
    assert loaded.notices == []
    assert loaded.settings.appeal_url == DEFAULT_APPEAL_URL


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "settings.json"
    original = Settings(
        organizer_name="Shirin اکبری",
        organizer_city="Köln",
        paper_size="Letter",
        print_languages=["fa", "de"],
        ui_language="fa",
        appeal_url="https://example.org/appeal?x=1",
        welcome_done=True,
    )
    save_settings(original, path)
    loaded = load_settings(path)
    assert loaded.notices == []
    assert loaded.settings == original
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk["schema_version"] == SCHEMA_VERSION
    assert on_disk["organizer_name"] == "Shirin اکبری"


def test_defaults_are_merged_into_an_old_partial_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"schema_version": 1, "organizer_city": "Cali"}))
    loaded = load_settings(path)
    assert loaded.settings.organizer_city == "Cali"
    assert loaded.settings.appeal_url == DEFAULT_APPEAL_URL
    assert loaded.settings.print_languages == ["en"]
    assert loaded.notices == []


def test_wrong_types_are_reset_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"organizer_name": 42, "print_languages": ["de", 3], "welcome_done": "yes"})
    )
    loaded = load_settings(path)
    assert loaded.settings.organizer_name == ""
    assert loaded.settings.print_languages == ["en"]
    assert loaded.settings.welcome_done is False
    joined = " ".join(loaded.notices)
    for name in ("organizer_name", "print_languages", "welcome_done"):
        assert name in joined


def test_keys_from_a_newer_version_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"schema_version": 99, "future_option": {"a": [1, 2]}}))
    loaded = load_settings(path)
    assert any("newer ActionKit" in n for n in loaded.notices)
    save_settings(loaded.settings, path)
    assert json.loads(path.read_text())["future_option"] == {"a": [1, 2]}


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[1, 2, 3]", b"\xff\xfe\x00garbage", b"", b'"just a string"'],
    ids=["broken-json", "list", "not-utf8", "empty", "string"],
)
def test_corrupt_file_is_kept_aside_and_defaults_used(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert len(loaded.notices) == 1
    assert "default settings" in loaded.notices[0]
    kept = list(tmp_path.glob("settings.json.broken-*"))
    assert len(kept) == 1
    assert kept[0].read_bytes() == content, "the broken file must be kept byte for byte"
    assert kept[0].name in loaded.notices[0]
    assert not path.exists()


def test_a_second_corrupt_file_does_not_overwrite_the_first(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{one")
    load_settings(path)
    path.write_text("{two")
    load_settings(path)
    kept = sorted(p.read_text() for p in tmp_path.glob("settings.json.broken-*"))
    assert kept == ["{one", "{two"]


def test_unreadable_path_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.mkdir()  # a folder where the file should be: reading raises an OSError
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.notices


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(organizer_name="a"), path)
    save_settings(Settings(organizer_name="b"), path)
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]
    assert load_settings(path).settings.organizer_name == "b"


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "schema_version",
                "organizer_name",
                "paper_size",
                "print_languages",
                "ui_language",
                "welcome_done",
                "extra",
                "other",
            ]
        ),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
            lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
            max_leaves=5,
        ),
    )
)
def test_any_json_object_loads_into_valid_settings(data: dict[str, object]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.json"
        path.write_text(json.dumps(data))
        loaded = load_settings(path).settings
        assert isinstance(loaded.organizer_name, str)
        assert isinstance(loaded.print_languages, list)
        assert loaded.paper_size in ("", "A4", "Letter")
        save_settings(loaded, path)
        assert load_settings(path).settings == loaded


def test_unknown_key_named_like_an_internal_field_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"extra": {"kept": True}}))
    save_settings(load_settings(path).settings, path)
    assert json.loads(path.read_text())["extra"] == {"kept": True}
