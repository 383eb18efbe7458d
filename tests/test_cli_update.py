"""`actionkit dataset publish` and `actionkit dataset update`: a publisher signs the
bundled dataset; a fresh app home updates from it through a server on 127.0.0.1."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from actionkit.cli import main
from actionkit.core.assets import asset_path
from actionkit.core.dataset import DatasetStore, load_dataset
from actionkit.core.paths import AppPaths
from actionkit.core.settings import load_settings, save_settings
from tests.update_server import (
    BUNDLED_VERSION,
    LocalServer,
    bundle_data,
    bundled_bundle,
    change_status,
    signed_bytes,
    trusted_publisher,
    with_version,
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def newer_folder(target: Path, version: str) -> Path:
    """A copy of the bundled dataset folder whose index says `version` (no record is edited)."""
    shutil.copytree(asset_path("data"), target)
    index_file = target / "dataset.json"
    index = json.loads(index_file.read_text(encoding="utf-8"))
    index["version"] = version
    index_file.write_text(json.dumps(index, ensure_ascii=False, indent=2), encoding="utf-8")
    return target


def test_publish_then_update_a_fresh_home_through_a_local_server(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    app_paths: AppPaths,
    server: LocalServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    publisher = str(tmp_path / "campaign")
    assert run(capsys, "keys", "generate", "-o", publisher)[0] == 0
    folder = newer_folder(tmp_path / "data", "2099.1.1")
    out_file = tmp_path / "site" / "actionkit.json"
    out_file.parent.mkdir()
    code, out, err = run(
        capsys, "dataset", "publish", str(folder), "--key", publisher + ".key", "-o", str(out_file)
    )
    assert code == 0, err
    assert "dataset 2099.1.1" in out
    data = out_file.read_bytes()
    signature = Path(str(out_file) + ".sig").read_bytes()
    published = load_dataset(out_file, origin="imported")
    assert len(published.people) == len(load_dataset(asset_path("data")).people)

    # A fresh home trusts the campaign's key and has its address in Settings.
    assert run(capsys, "keys", "trust", publisher + ".pub", "--name", "campaign")[0] == 0
    url = server.publish("/actionkit.json", data, signature)
    settings = load_settings(app_paths.settings_file).settings
    settings.dataset_url = url
    save_settings(settings, app_paths.settings_file)

    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    code, out, _ = run(capsys, "dataset", "update")
    assert code == 0
    assert f"Dataset {BUNDLED_VERSION} -> 2099.1.1, signed by campaign" in out
    assert "Nothing was changed." in out
    assert not DatasetStore(app_paths).imported_file.exists()

    code, out, _ = run(capsys, "dataset", "update", "--yes")
    assert code == 0 and "dataset 2099.1.1 is now the one in use" in out
    assert DatasetStore(app_paths).imported_file.read_bytes() == data
    _, out, _ = run(capsys, "dataset", "info")
    assert "2099.1.1 (imported)" in out
    code, out, _ = run(capsys, "dataset", "update")
    assert code == 0 and "Already up to date (dataset 2099.1.1)." in out


def test_update_shows_a_status_change_and_asks(
    capsys: pytest.CaptureFixture[str],
    app_paths: AppPaths,
    server: LocalServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = trusted_publisher(app_paths)
    bundle = with_version(bundled_bundle(), "2099.2.1")
    pid, old, new = change_status(bundle)
    data = bundle_data(bundle)
    url = server.publish("/d.json", data, signed_bytes(data, key))
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, _ = run(capsys, "dataset", "update", "--url", url)
    assert code == 0
    assert f"{pid}: status {old} -> {new}" in out and "Apply? [y/N]" in out
    assert DatasetStore(app_paths).imported_file.read_bytes() == data


def test_without_an_address_update_says_so_in_one_line_and_touches_nothing(
    capsys: pytest.CaptureFixture[str], app_paths: AppPaths
) -> None:
    code, out, err = run(capsys, "dataset", "update", "--yes")
    assert code == 1 and out == ""
    assert err == (
        "actionkit: No update address is set: enter the campaign's dataset address in Settings.\n"
    )
    assert not app_paths.data_dir.exists() or not any(app_paths.data_dir.rglob("*.json"))


def test_a_refused_update_is_one_line_and_exits_1(
    capsys: pytest.CaptureFixture[str], app_paths: AppPaths, server: LocalServer
) -> None:
    trusted_publisher(app_paths)
    data = bundle_data(with_version(bundled_bundle(), "2099.1.1"))
    url = server.publish("/d.json", data, None)
    code, _, err = run(capsys, "dataset", "update", "--url", url, "--yes")
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        f"actionkit: The dataset at {url} is not signed (no .sig file beside it); "
        "nothing was changed."
    )
    code, _, err = run(capsys, "dataset", "update", "--url", "http://example.org/d.json")
    assert code == 1 and "https only" in err
    assert not DatasetStore(app_paths).imported_file.exists()


def test_publish_refuses_an_invalid_dataset_and_lists_its_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    publisher = str(tmp_path / "campaign")
    run(capsys, "keys", "generate", "-o", publisher)
    folder = newer_folder(tmp_path / "data", "2099.1.1")
    first = sorted((folder / "people").glob("*.json"))[0]
    first.write_text("{}", encoding="utf-8")  # a record with nothing in it
    (folder / "people" / "stray.json").write_text("{}", encoding="utf-8")
    target = tmp_path / "out.json"
    code, out, err = run(
        capsys, "dataset", "publish", str(folder), "--key", publisher + ".key", "-o", str(target)
    )
    assert code == 1 and out == ""
    assert "problem(s); nothing was loaded" in err
    assert "stray.json: not listed in dataset.json" in err
    assert f"people/{first.name}" in err
    assert not target.exists() and not Path(str(target) + ".sig").exists()


def test_publish_needs_a_folder_and_a_readable_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "dataset", "publish", str(tmp_path / "nope"), "--key", "k", "-o", "x.json"
    )
    assert code == 1 and "is not a dataset folder" in err
    code, _, err = run(
        capsys,
        "dataset",
        "publish",
        str(asset_path("data")),
        "--key",
        str(tmp_path / "missing.key"),
        "-o",
        str(tmp_path / "x.json"),
    )
    assert code == 1 and "Cannot read" in err


def test_help_names_update_and_publish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["dataset", "--help"])
    out = capsys.readouterr().out
    assert "update" in out and "publish" in out
