"""Dataset: load and search a generated 20,000-person dataset (and load the bundled one)."""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from actionkit.core.assets import asset_path
from actionkit.core.dataset import SearchIndex, load_dataset
from actionkit.core.dataset.migrate import events_for_status
from actionkit.core.dataset.model import Event, derive
from benchmarks.table import Row, time_calls

PEOPLE = 20_000
ZWNJ = "\u200c"
QUERIES = 200

# Syllables in two scripts, paired, so each generated name exists in both.
FIRST = [
    ("Sara", "سارا"),
    ("Reza", "رضا"),
    ("Mina", "مینا"),
    ("Arash", "آرش"),
    ("Leila", "لیلا"),
    ("Kaveh", "کاوه"),
    ("Nasrin", "نسرین"),
    ("Omid", "امید"),
    ("Shirin", "شیرین"),
    ("Bahman", "بهمن"),
    ("Golnar", "گلنار"),
    ("Payam", "پیام"),
]
LAST = [
    ("Karimi", "کریمی"),
    ("Rahimi", "رحیمی"),
    ("Tehrani", "تهرانی"),
    ("Ahmadi", "احمدی"),
    ("Kazemi", "کاظمی"),
    ("Yazdani", "یزدانی"),
    ("Sharifi", "شریفی"),
    ("Moradi", "مرادی"),
    ("Jafari", "جعفری"),
    ("Shirazi", "شیرازی"),
    ("Ghorbani", "قربانی"),
    ("Nouri", "نوری"),
]
STATUSES = ["detained", "sentenced", "sentenced_to_death", "released", "executed"]
SUFFIX_LATIN = ["", "pour", "zadeh", "nejad", "far", "ian"]
SUFFIX_PERSIAN = ["", "پور", "زاده", "نژاد", "فر", "یان"]


def _record(i: int, rng: random.Random) -> dict[str, Any]:
    (fl, fp), (ll, lp) = rng.choice(FIRST), rng.choice(LAST)
    k = rng.randrange(len(SUFFIX_LATIN))
    latin = f"{fl} {ll}{SUFFIX_LATIN[k]} {i}"
    joiner = ZWNJ if k else ""
    persian = f"{fp} {lp}{joiner}{SUFFIX_PERSIAN[k]} {i}"
    cite = [{"id": "s1", "quote": "A generated report of the event."}]
    prison = rng.choice(["Evin Prison, Tehran", "Qarchak Prison", "Adel-Abad Prison, Shiraz"])
    year = rng.randrange(0, 5)
    arrest = {"date": f"202{year}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 9)}",
              "type": "arrest", "prison": prison, "sources": cite}  # fmt: skip
    later = f"202{year + 1}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 9)}"
    events = [arrest, *events_for_status(rng.choice(STATUSES), later, cite, [arrest])]
    return {
        "id": f"person-{i}",
        "names": {"latin": latin, "persian": persian, "variants": [latin.replace("a", "aa", 1)]},
        "gender": rng.choice(["female", "male"]),
        "status": derive(Event.from_data(e) for e in events).status,
        "events": events,
        "sources": [
            {
                "id": "s1",
                "title": "Generated",
                "publisher": "Benchmark",
                "date": "2026",
                "url": "https://example.org/generated",
            }
        ],
        "field_sources": {},
        "last_checked": {"date": "2026-11-30", "by": "benchmark", "searched": "nothing"},
    }


def _queries(rng: random.Random) -> list[str]:
    queries = []
    for n in range(QUERIES):
        (fl, fp), (ll, lp) = rng.choice(FIRST), rng.choice(LAST)
        kind = n % 5
        if kind == 0:
            queries.append(f"{fl} {ll}")
        elif kind == 1:
            queries.append(f"{fp} {lp}".replace("ی", "ي").replace("ک", "ك"))  # Arabic keyboard
        elif kind == 2:
            queries.append(ll[:4])  # typing, prefix
        elif kind == 3:
            queries.append(f"{ll.lower()}{rng.choice(SUFFIX_LATIN)}")
        else:
            queries.append(f"{lp} {rng.randrange(PEOPLE)}")
    return queries


def run(repeats: int) -> list[Row]:
    rng = random.Random(1979)
    records = [_record(i, rng) for i in range(PEOPLE)]
    index_meta = json.loads(asset_path("data", "dataset.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        bundle = Path(folder) / "generated.json"
        bundle.write_text(json.dumps({**index_meta, "version": "2099.1.1", "people": records}))
        load = time_calls(lambda: load_dataset(bundle), max(1, repeats // 3))
        dataset = load_dataset(bundle)
    bundled = time_calls(lambda: load_dataset(asset_path("data")), repeats)
    build = time_calls(lambda: SearchIndex(dataset.people), max(1, repeats // 3))
    index = SearchIndex(dataset.people)
    latencies = []
    for query in _queries(rng):
        start = time.perf_counter()
        index.search(query)
        latencies.append(time.perf_counter() - start)
    median, worst = statistics.median(latencies), max(latencies)
    return [
        Row(
            f"search, {PEOPLE:,} people, median of {QUERIES}",
            median,
            "s",
            target="< 20 ms",
            passed=median < 0.020,
        ),
        Row(
            f"search, {PEOPLE:,} people, worst of {QUERIES}",
            worst,
            "s",
            target="< 20 ms",
            passed=worst < 0.020,
        ),
        Row(f"search index build, {PEOPLE:,} people", build.median, "s"),
        Row(f"load + validate generated dataset, {PEOPLE:,} people", load.median, "s"),
        Row("load + validate bundled dataset", bundled.median, "s"),
    ]
