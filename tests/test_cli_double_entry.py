"""`actionkit event double-entry`, `sheets compare` and `sheets decide`."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from actionkit.cli import main
from actionkit.core.paths import AppPaths
from actionkit.core.signatures import double_entry
from actionkit.core.signatures.store import SignatureStore
from tests.core.signatures.test_double_entry import PAPER, second_typing


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_switch_compare_and_decide(capsys: pytest.CaptureFixture[str], app_paths: AppPaths) -> None:
    app_paths.ensure()
    with SignatureStore.open(app_paths) as store:
        event = store.create_event("Kundgebung", "2026-12-10", city="Köln")
        sheet = store.create_sheets(event.slug, ("de",), 1)[0]
        for number, signer in enumerate(PAPER, 1):
            store.add_row(sheet.id, number, signer)

    code, out, _ = run(capsys, "event", "double-entry", event.slug, "on")
    assert code == 0 and "Double entry is on" in out
    with SignatureStore.open(app_paths) as store:
        assert store.event(event.slug).double_entry
        for number, signer in enumerate(second_typing(PAPER)[:9], 1):  # row 10 not typed
            double_entry.add_second_row(store, sheet.id, number, signer)

    code, out, err = run(capsys, "sheets", "compare", sheet.id, "--format", "json")
    assert code == 3
    found = json.loads(out)
    assert [(d["row"], d["fields"]) for d in found] == [
        (4, ["last_name"]),
        (7, ["consent"]),
        (10, ["first_name", "last_name", "email", "city", "postal_code", "country", "consent"]),
    ]
    assert found[0]["first"]["last_name"] == "Fernández"
    assert found[0]["second"]["last_name"] == "Fernandez"
    assert (found[1]["first"]["consent"], found[1]["second"]["consent"]) == (True, False)
    assert found[2]["second"] is None
    assert "9 row(s) typed twice, 7 agree, 0 decided, 3 to decide" in err

    code, out, _ = run(capsys, "sheets", "compare", sheet.id)
    assert code == 3
    assert "Fernández" in out and "(not typed)" in out

    assert run(capsys, "sheets", "decide", sheet.id, "4", "second")[0] == 0
    assert run(capsys, "sheets", "decide", sheet.id, "7", "first")[0] == 0
    code, out, _ = run(capsys, "sheets", "decide", sheet.id, "10", "first")
    assert code == 0 and "checked" in out
    code, out, err = run(capsys, "sheets", "compare", sheet.id, "--format", "json")
    assert code == 0 and json.loads(out) == [] and "checked" in err
    with SignatureStore.open(app_paths) as store:
        rows = {s.row_number: s for s in store.signatures(event.slug)}
    assert rows[4].last_name == "Fernandez" and rows[7].consent and len(rows) == 10

    code, _, err = run(capsys, "sheets", "decide", sheet.id, "4", "first")
    assert code != 0 and "no difference to decide" in err


def test_a_second_typing_needs_the_switch(
    capsys: pytest.CaptureFixture[str], app_paths: AppPaths
) -> None:
    app_paths.ensure()
    with SignatureStore.open(app_paths) as store:
        event = store.create_event("Kundgebung", "2026-12-10", city="Köln")
        sheet = store.create_sheets(event.slug, ("de",), 1)[0]
        with pytest.raises(Exception, match="Double entry is off"):
            double_entry.add_second_row(store, sheet.id, 1, replace(PAPER[0]))
    code, out, _ = run(capsys, "event", "double-entry", event.slug, "off")
    assert code == 0 and "off" in out
