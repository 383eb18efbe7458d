"""A walk over every command of `actionkit` (build_parser()): each has a help line,
a description and examples that really parse, each option says what it does, and
each command that prints something prints JSON with --format json, run for real on
a fresh home with the bundled dataset."""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from actionkit.cli import build_parser, main
from actionkit.core.assets import asset_path
from actionkit.core.paths import AppPaths

Path_ = tuple[str, ...]

# Owned by other parts of issue 17 (CSV: export; MERGE: merge): their options,
# help and `--summary json` are theirs; the lead adds them to both walks.
# export and merge print a summary of the file they write: `--summary json`
# (their --format is the file's format); tests/test_cli_export_formats.py and
# tests/test_cli_merge.py read that JSON.
OTHERS: dict[Path_, str] = {("export",): "--summary json", ("merge",): "--summary json"}


def _commands(
    parser: argparse.ArgumentParser, path: Path_ = ()
) -> Iterator[tuple[Path_, argparse.ArgumentParser, str | None, bool]]:
    """(path, parser, its help line, is it a leaf) for every command under `parser`."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                leaf = not any(isinstance(a, argparse._SubParsersAction) for a in sub._actions)
                yield (*path, name), sub, helps.get(name), leaf
                yield from _commands(sub, (*path, name))


PARSER = build_parser()
COMMANDS = {path: (sub, help_line, leaf) for path, sub, help_line, leaf in _commands(PARSER)}
LEAVES = sorted(path for path, (_, _, leaf) in COMMANDS.items() if leaf)
WALKED = sorted(COMMANDS)


def _example_lines(epilog: str | None) -> list[str]:
    """The command lines under "Example:" or "Examples:" in an epilog."""
    lines: list[str] = []
    inside = False
    for line in (epilog or "").splitlines():
        if line.strip().lower() in ("example:", "examples:"):
            inside = True
        elif inside and line.startswith("  actionkit "):
            lines.append(line.split("  #")[0].strip())
        elif inside and line.strip() and not line.startswith(" "):
            inside = False
    return lines


def _argv(example: str) -> list[str]:
    """The arguments of an example, without what the shell does with its output."""
    words = shlex.split(example)[1:]
    for stop in ("|", ">", "<"):
        if stop in words:
            words = words[: words.index(stop)]
    return words


def test_the_walk_finds_every_command() -> None:
    """Guards the walk itself: it sees the nested actions and the top-level commands."""
    assert ("prisoners", "show") in LEAVES and ("print-check",) in LEAVES
    assert ("sheets", "decide") in LEAVES and ("keys", "seal-generate") in LEAVES
    assert len(LEAVES) >= 35


@pytest.mark.parametrize("path", WALKED, ids=" ".join)
def test_every_command_has_a_help_line_a_description_and_examples_that_parse(
    path: Path_, capsys: pytest.CaptureFixture[str]
) -> None:
    sub, help_line, leaf = COMMANDS[path]
    assert help_line and help_line.strip(), f"`actionkit {' '.join(path)}` has no help line"
    assert sub.description and len(sub.description) > len(help_line) // 2, "no description"
    found = _example_lines(sub.epilog)
    assert found, f"`actionkit {' '.join(path)} --help` shows no Example: line"
    own = []
    for example in found:
        try:
            parsed = build_parser().parse_args(_argv(example))
        except SystemExit:
            pytest.fail(f"the example does not parse: {example}\n{capsys.readouterr().err}")
        # A workflow may show its neighbours too (double entry: switch, compare, decide).
        if parsed.command == path[0] and (len(path) == 1 or parsed.action == path[1]):
            own.append(example)
            if leaf:
                assert parsed.handler is sub.get_default("handler"), example
    assert own, f"no example runs `actionkit {' '.join(path)}`: {found}"


@pytest.mark.parametrize("path", WALKED, ids=" ".join)
def test_every_option_and_argument_says_what_it_is_for(path: Path_) -> None:
    sub, _, _ = COMMANDS[path]
    silent = [
        "/".join(action.option_strings) or action.dest
        for action in sub._actions
        if not isinstance(action, argparse._SubParsersAction)
        and (not action.help or action.help == argparse.SUPPRESS)
    ]
    assert not silent, f"`actionkit {' '.join(path)}`: no help text for {silent}"


def test_the_top_level_help_has_every_option_explained_and_an_example() -> None:
    assert all(
        action.help
        for action in PARSER._actions
        if not isinstance(action, argparse._SubParsersAction)
    )
    for example in _example_lines(PARSER.epilog):
        build_parser().parse_args(_argv(example))
    assert _example_lines(PARSER.epilog)


def test_examples_keep_their_lines_and_prose_is_wrapped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The formatter wraps descriptions but leaves example lines as written."""
    with pytest.raises(SystemExit):
        main(["sheets", "print", "--help"])
    out = capsys.readouterr().out
    assert (
        "  actionkit sheets print --event 2026-12-10-koln -o - | lp  # straight to the printer"
        in (out)
    )
    assert all(len(line) <= 100 for line in out.splitlines() if not line.startswith("  actionkit"))


# --format json on every command ---------------------------------------------------

PASSPHRASE = "violet harbour lantern 93 quietly"
WALL = ("narges-mohammadi", "toomaj-salehi", "sharifeh-mohammadi", "pakhshan-azizi")

# How each command is run in the JSON walk: {placeholders} come from the world below.
INVOCATIONS: dict[Path_, list[str]] = {
    ("prisoners", "list"): ["prisoners", "list", "--status", "executed"],
    ("prisoners", "search"): ["prisoners", "search", "Mohammadi"],
    ("prisoners", "show"): ["prisoners", "show", "narges-mohammadi"],
    ("dataset", "validate"): ["dataset", "validate", "{bundle}"],
    ("dataset", "import"): ["dataset", "import", "{bundle}", "--untrusted"],
    ("dataset", "sign"): ["dataset", "sign", "{bundle}", "--key", "{key}"],
    ("dataset", "info"): ["dataset", "info"],
    ("dataset", "update"): ["dataset", "update", "--url", "{url}", "--yes"],
    ("dataset", "publish"): ["dataset", "publish", "{folder}", "--key", "{key}", "-o", "{out}"],
    ("poster",): ["poster", "--person", "narges-mohammadi", "--accept-stale", "-o", "{pdf}"],
    ("placard",): ["placard", "--person", "narges-mohammadi", "--accept-stale", "-o", "{pdf}"],
    ("wall",): [
        "wall",
        *("--person " + " --person ".join(WALL)).split(),
        "--accept-stale",
        "-o",
        "{pdf}",
    ],
    ("flyer",): ["flyer", "--lang", "de", "-o", "{pdf}"],
    ("palmcard",): ["palmcard", "--person", "narges-mohammadi", "--accept-stale", "-o", "{pdf}"],
    ("appeal",): ["appeal", "-o", "{pdf}"],
    ("print-check",): ["print-check", "--piece", "appeal", "--jobs", "1", "--quiet"],
    ("event", "create"): ["event", "create", "--name", "Mahnwache", "--date", "2026-12-11"],
    ("event", "list"): ["event", "list"],
    ("event", "double-entry"): ["event", "double-entry", "{event}", "off"],
    ("sheets", "print"): ["sheets", "print", "--event", "{event}", "-o", "{pdf}"],
    ("sheets", "list"): ["sheets", "list"],
    ("sheets", "count"): ["sheets", "count", "{sheet}", "10"],
    ("sheets", "compare"): ["sheets", "compare", "{sheet}"],
    ("sheets", "scan"): ["sheets", "scan", "{csv}"],  # refused: not an image
    ("sheets", "show-row"): ["sheets", "show-row", "{sheet}", "2", "-o", "{png}"],
    ("sheets", "misreads"): ["sheets", "misreads"],
    ("sheets", "decide"): ["sheets", "decide", "{sheet}", "4", "second"],
    ("signatures", "add"): [
        "signatures",
        "add",
        "--sheet",
        "{sheet}",
        "--row",
        "12",
        "--first-name",
        "Ali",
    ],
    ("signatures", "delete"): ["signatures", "delete", "{row_id}"],
    ("signatures", "list"): ["signatures", "list"],
    ("signatures", "import-csv"): ["signatures", "import-csv", "{csv}", "--sheet", "{sheet}"],
    ("purge",): ["purge", "--event", "{event}", "--yes", "--even-if-not-exported"],
    ("lock",): ["lock", "--new-passphrase-file", "{passphrase}"],
    ("exports",): ["exports"],
    ("keys", "generate"): ["keys", "generate", "-o", "{new_key}"],
    ("keys", "trust"): ["keys", "trust", "{public}", "--name", "campaign"],
    ("keys", "list"): ["keys", "list"],
    ("keys", "seal-generate"): ["keys", "seal-generate", "-o", "{new_key}"],
    ("keys", "centre"): ["keys", "centre", "{agepub}"],
    ("report",): ["report", "{export}"],
}
# What a command prints with --format json: a list of records (rows) or one object.
LISTS = {
    ("prisoners", "list"),
    ("prisoners", "search"),
    ("event", "list"),
    ("sheets", "list"),
    ("sheets", "compare"),
    ("sheets", "scan"),
    ("sheets", "misreads"),
    ("signatures", "list"),
    ("exports",),
    ("keys", "list"),
}


def test_every_command_but_export_and_merge_is_in_the_json_walk() -> None:
    assert sorted(INVOCATIONS) == sorted(p for p in LEAVES if p not in OTHERS)


@pytest.mark.parametrize("path", sorted(INVOCATIONS), ids=" ".join)
def test_format_json_prints_json(
    path: Path_,
    tmp_path: Path,
    app_paths: AppPaths,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    sub, _, _ = COMMANDS[path]
    formats = next(a for a in sub._actions if a.dest == "format").choices
    assert formats is not None and "json" in formats
    updating = request if path == ("dataset", "update") else None
    world = _world(tmp_path, app_paths, INVOCATIONS[path], updating)
    argv = [arg.format(**world) for arg in INVOCATIONS[path]]
    capsys.readouterr()
    code = main([*argv, "--format", "json"])
    out, err = capsys.readouterr()
    assert code in (0, 3), err  # 3: compare and count say a sheet is not done yet
    printed = json.loads(out)
    assert isinstance(printed, list if path in LISTS else dict), out[:200]
    if path in LISTS:
        assert printed, f"the walk should give `{' '.join(path)}` something to list"


@cache
def _newer_bundle() -> bytes:
    from tests.update_server import bundle_data, bundled_bundle, with_version

    return bundle_data(with_version(bundled_bundle(), "2099.1.1"))


def _world(
    tmp_path: Path, app_paths: AppPaths, argv: list[str], request: pytest.FixtureRequest | None
) -> dict[str, Any]:
    """A fresh home with an event, a sheet typed twice (rows 4, 7, 10 differ), an
    export, a trusted key and the files the commands read."""
    from actionkit.core.dataset.signing import generate_signing_key, public_key_text
    from actionkit.core.signatures import double_entry
    from actionkit.core.signatures.export import export_xlsx, load_presets
    from actionkit.core.signatures.sealing import generate_identity
    from actionkit.core.signatures.store import SignatureStore
    from tests.core.signatures.test_double_entry import PAPER, second_typing
    from tests.update_server import signed_bytes, trusted_publisher

    app_paths.ensure()
    with SignatureStore.open(app_paths) as store:
        event = store.create_event("Kundgebung", "2026-12-10", city="Köln")
        sheet = store.create_sheets(event.slug, ("de",), 1)[0]
        for number, signer in enumerate(PAPER, 1):
            row_id = store.add_row(sheet.id, number, signer).signature.id
        double_entry.set_double_entry(store, event.slug, True)
        for number, signer in enumerate(second_typing(PAPER)[:9], 1):
            double_entry.add_second_row(store, sheet.id, number, signer)
        export_xlsx(store, tmp_path / "koln.xlsx", load_presets()["generic"])
    key = trusted_publisher(app_paths)
    (tmp_path / "campaign.key").write_bytes(key)
    (tmp_path / "newer.json").write_bytes(_newer_bundle())
    if "{folder}" in argv:
        shutil.copytree(asset_path("data"), tmp_path / "data")
    if argv[:2] in (["sheets", "show-row"], ["sheets", "misreads"]):
        _scanned(app_paths, sheet.id)
    (tmp_path / "rows.csv").write_text("row,first_name,city\n11,Sara,Köln\n", encoding="utf-8")
    (tmp_path / "phrase.txt").write_text(PASSPHRASE + "\n", encoding="utf-8")
    (tmp_path / "other.pub").write_text(public_key_text(generate_signing_key()[1]) + "\n")
    (tmp_path / "centre.agepub").write_text(generate_identity()[1] + "\n")
    url = ""
    if request is not None:
        server = request.getfixturevalue("server")
        url = server.publish("/d.json", _newer_bundle(), signed_bytes(_newer_bundle(), key))
    return {
        "event": event.slug,
        "sheet": sheet.id,
        "row_id": row_id,
        "bundle": tmp_path / "newer.json",
        "key": tmp_path / "campaign.key",
        "folder": tmp_path / "data",
        "out": tmp_path / "published.json",
        "url": url,
        "pdf": tmp_path / "piece.pdf",
        "csv": tmp_path / "rows.csv",
        "passphrase": tmp_path / "phrase.txt",
        "new_key": tmp_path / "new",
        "public": tmp_path / "other.pub",
        "agepub": tmp_path / "centre.agepub",
        "export": tmp_path / "koln.xlsx",
        "png": tmp_path / "row.png",
    }


def _scanned(app_paths: AppPaths, sheet_id: str) -> None:
    """A scan of the sheet (a blank page as the photo) with row 2's reading marked wrong."""
    import numpy as np

    from actionkit.core.scan import PageScan, RowReading
    from actionkit.core.signatures import scans
    from actionkit.core.signatures.sheet_geometry import sheet_geometry
    from actionkit.core.signatures.store import SignatureStore

    with SignatureStore.open(app_paths) as store:
        layout = sheet_geometry(store.sheet(sheet_id), "https://example.org").layout()
        scans.save_layouts(store, {sheet_id: layout})
        rows = [RowReading(r.number, False, False, False) for r in layout.rows]
        blank = np.full((1680, 2376, 3), 250, np.uint8)
        boxes = {r.number: r.rect for r in layout.rows}
        page = PageScan("IMG_1.jpg", sheet_id, None, image=blank, rows=rows, row_boxes=boxes)
        stored = scans.add_scan(store, page)
        scans.set_misread(store, stored.id, 2, "wrong")


def test_the_readme_shows_every_command_once() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The command line") :]
    section = section[: section.index("\n## ")]
    missing = [" ".join(p) for p in LEAVES if f"\nactionkit {' '.join(p)} " not in section]
    assert not missing, f"README's command line section lacks {missing}"
