"""Bad dataset files: every problem is reported, as a DatasetError, never a crash."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionkit.core.dataset import DatasetError, load_dataset, person_problems
from tests.dataset_helpers import copy_bundled, make_record, write_bundle, write_dataset


def test_all_problems_are_reported_naming_file_record_and_field(tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path / "data")
    sotoudeh = folder / "people" / "nasrin-sotoudeh.json"
    record = json.loads(sotoudeh.read_text(encoding="utf-8"))
    record["status"] = "jailed"
    record["field_sources"].pop("prison", None)
    record["prison"] = "Evin"
    sotoudeh.write_text(json.dumps(record), encoding="utf-8")
    toomaj = folder / "people" / "toomaj-salehi.json"
    record = json.loads(toomaj.read_text(encoding="utf-8"))
    del record["sources"]
    toomaj.write_text(json.dumps(record), encoding="utf-8")

    with pytest.raises(DatasetError) as caught:
        load_dataset(folder)
    problems = "\n".join(caught.value.problems)
    assert 'people/nasrin-sotoudeh.json: status: "jailed" must be one of' in problems
    assert "people/toomaj-salehi.json: sources: is required but missing" in problems
    assert "nothing was loaded" in str(caught.value)


def test_rules_beyond_the_schema() -> None:
    record = make_record("p1", birth_date="2001-02-30", professions=["poet"])
    record["field_sources"]["groups"] = ["s9"]
    record["events"][0]["date"] = "2999-01-01"
    found = "\n".join(person_problems(record))
    assert "birth_date: '2001-02-30' is not a real calendar date" in found
    assert "professions: has a value but field_sources.professions names no source" in found
    assert "field_sources.groups: no source with id s9" in found
    assert "field_sources.groups: names sources for a field that is empty" in found
    assert "events[0].date: 2999-01-01 is in the future" in found


def test_a_name_in_some_script_is_required() -> None:
    assert "names: needs a Latin or a Persian name" in person_problems(
        make_record("p1", latin=None, persian=None)
    )
    assert "names.persian: contains no Persian letters" in person_problems(
        make_record("p1", persian="Latin only")
    )


def test_dual_national_group_and_countries_go_together() -> None:
    record = make_record("p1", groups=["dual_national"])
    record["field_sources"]["groups"] = ["s1"]
    assert any("dual_national" in p for p in person_problems(record))


def test_duplicate_ids_and_unlisted_files(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", [make_record("a"), make_record("b")])
    (folder / "people" / "stray.json").write_text(json.dumps(make_record("stray")))
    with pytest.raises(DatasetError, match=r"people/stray\.json: not listed in dataset\.json"):
        load_dataset(folder)
    bundle = write_bundle(tmp_path / "dup.json", [make_record("a"), make_record("a")])
    with pytest.raises(DatasetError, match=r"id 'a' is already used"):
        load_dataset(bundle)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{", "is not valid JSON (line 1"),
        (b'{"a": 1, "a": 2}', "appears twice"),
        (b'{"a": NaN}', "NaN is not allowed"),
        (b"\xff\xfe{}", "is not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b"[]", "must be an object"),
    ],
    ids=["truncated", "duplicate-key", "nan", "encoding", "deep-nesting", "wrong-type"],
)
def test_unreadable_files_give_clear_errors(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(DatasetError, match=re.escape(expected)):
        load_dataset(path)


def test_size_limit_is_named(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", [make_record("big")])
    (folder / "people" / "big.json").write_text(" " * 300_000 + "{}")
    with pytest.raises(DatasetError, match=r"the limit is 0\.3 MB"):
        load_dataset(folder)


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="no such file or folder"):
        load_dataset(tmp_path / "nowhere")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=6)
    ),
    max_leaves=30,
)
# Records that are nearly right, so the deeper rules run too.
near_records = st.builds(
    lambda base, key, value: {**base, key: value},
    st.just(make_record("p1")),
    st.sampled_from(
        [
            "id",
            "names",
            "status",
            "status_as_of",
            "sources",
            "field_sources",
            "story",
            "groups",
            "arrest_date",
            "birth_year",
            "photo",
            "hashtags",
            "dual_nationality",
            "extra",
        ]
    ),
    json_values,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(json_values, near_records))
def test_person_problems_never_raise(value: Any) -> None:
    problems = person_problems(value)
    assert isinstance(problems, list)
    assert all(isinstance(p, str) and p for p in problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=300),
        json_values.map(lambda v: json.dumps(v).encode()),
        st.lists(near_records, max_size=3).map(
            lambda people: json.dumps(
                {
                    "format": 1,
                    "version": "2099.1.1",
                    "as_of": "2026-01-01",
                    "publisher": "x",
                    "languages": ["en"],
                    "licence": {"texts": "a", "data": "b"},
                    "people": people,
                }
            ).encode()
        ),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=200).map(
            lambda t: ("\ufeff" + t).encode()
        ),
    )
)
def test_loader_only_ever_raises_dataset_error(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "candidate.json"
        path.write_bytes(content)
        try:
            dataset = load_dataset(path)
        except DatasetError as exc:
            assert str(exc)
        else:
            assert all(p.id for p in dataset.people)


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=2000, max_size=5000))
def test_huge_strings_are_reported_not_crashing(text: str) -> None:
    record = make_record("p1", latin=text)
    assert any("at most 120" in p for p in person_problems(record))
