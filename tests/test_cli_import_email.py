"""A CSV import goes through the same email check as typing (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from actionkit.core.paths import AppPaths
from actionkit.core.signatures.store import SignatureStore
from tests.test_cli_signatures import run, sheet_id  # noqa: F401  (a fixture)


def test_import_refuses_malformed_addresses_and_flags_warned_rows(
    capsys: pytest.CaptureFixture[str],
    sheet_id: str,  # noqa: F811
    tmp_path: Path,
    app_paths: AppPaths,
) -> None:
    """Fails on the old code: a..b@x.org and sara<k>@x.org were imported."""
    typed = tmp_path / "typed.csv"
    typed.write_text(
        "row,first_name,email\n"
        "1,Sara,sara@gmial.com\n"
        "2,Bad,a..b@x.org\n"
        "3,Worse,sara<k>@x.org\n"
        "4,رضا,رضا@müller.de\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "signatures", "import-csv", "--sheet", sheet_id, str(typed))
    assert code == 3 and "Imported 2 row(s)" in out
    assert "line 3: " in err and "two dots in a row" in err
    assert "line 4: " in err and "The character '<'" in err
    with SignatureStore.open(app_paths) as store:
        rows = {s.row_number: s for s in store.signatures()}
    assert sorted(rows) == [1, 4]
    assert rows[1].flags == {"warn:did_you_mean"}
    assert rows[4].email == "رضا@müller.de" and rows[4].flags == frozenset()
