"""`actionkit event create|list` with dates and times as people write them (issue 15)."""

from __future__ import annotations

import json

import pytest

from actionkit.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_german_date_and_times_are_stored_and_listed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(
        capsys, "event", "create", "--name", "Mahnwache", "--date", "10.12.2026",
        "--locale", "de", "--start", "14.00", "--end", "16 Uhr", "--city", "Köln",
    )  # fmt: skip
    assert code == 0 and out.strip() == "Created event 2026-12-10-koln (2026-12-10, 14:00–16:00)"
    out = run(capsys, "event", "list")[1]
    assert "2026-12-10  14:00–16:00  Köln" in out
    code, out, _ = run(capsys, "event", "list", "--format", "json")
    (listed,) = json.loads(out)
    assert (listed["date"], listed["start_time"], listed["end_time"]) == (
        "2026-12-10",
        "14:00",
        "16:00",
    )


def test_the_region_decides_english_day_and_month_order(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "event", "create", "--name", "A", "--date", "12/10/2026", "--locale", "en_US")
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")  # the default: settings' language, system region
    run(capsys, "event", "create", "--name", "B", "--date", "12/10/2026")
    out = run(capsys, "event", "list", "--format", "json")[1]
    assert [(e["name"], e["date"]) for e in json.loads(out)] == [
        ("B", "2026-10-12"),
        ("A", "2026-12-10"),
    ]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--date", "31.11.2026", "--locale", "de"), "November 2026 has 30 days, not 31."),
        (("--date", "29.02.2027", "--locale", "de"), "February 2027 has 28 days, not 29."),
        (("--date", "10.12.26", "--locale", "de"), "like 10.12.2026"),
        (("--date", "2026-12-10", "--start", "18:00", "--end", "17:00"), "must be after"),
        (("--date", "2026-12-10", "--start", "25:00"), "Hour 25 does not exist"),
    ],
)
def test_an_impossible_date_or_time_is_refused_naming_what_is_wrong(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], said: str
) -> None:
    code, _, err = run(capsys, "event", "create", "--name", "X", *args)
    assert code != 0 and said in err
    assert json.loads(run(capsys, "event", "list", "--format", "json")[1]) == []
