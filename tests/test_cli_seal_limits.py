"""`--help` says what a seal does not prove, where the centre and organizers look."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run_actionkit


def test_merge_and_export_help_say_a_seal_does_not_prove_who_made_the_file(
    tmp_path: Path,
) -> None:
    merge = run_actionkit("merge", "--help", home=tmp_path, module=True)
    assert merge.returncode == 0, merge.stderr
    text = " ".join(merge.stdout.split())
    assert "anyone holding that key can make one" in text
    assert "by another channel" in text
    export = run_actionkit("export", "--help", home=tmp_path, module=True)
    assert "does not prove who made the file" in " ".join(export.stdout.split())
