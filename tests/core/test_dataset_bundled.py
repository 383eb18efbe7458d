"""The dataset that ships with ActionKit: valid, sourced, and findable in any script."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from actionkit.core.assets import asset_path
from actionkit.core.dataset import Person, SearchIndex, load_dataset
from actionkit.core.dataset.model import FACT_FIELDS

BUNDLED = load_dataset(asset_path("data"))
INDEX = SearchIndex(BUNDLED.people)
BY_ID = BUNDLED.by_id()

# Everyone the issue names as a prisoner in the seeds.
SEED_PEOPLE = [
    "nasrin-sotoudeh", "narges-mohammadi", "nahid-taghavi", "mehran-raoof", "sepideh-gholian",
    "somayeh-kargar", "toomaj-salehi", "ahmadreza-djalali", "arash-ganji", "vahid-afkari",
    "habib-afkari", "navid-afkari", "baktash-abtin", "majidreza-rahnavard", "mohsen-shekari",
    "amir-nasr-azadani", "sepideh-rashno", "mohammad-nourizad", "anoosheh-ashoori",
    "nazanin-zaghari-ratcliffe", "mehdi-mahmoudian", "arash-keykhosravi", "mostafa-nili",
    "bahareh-soleimani", "nazanin-mohammadnejad", "elham-samimi", "rasoul-bodaghi",
    "khodanour-lejei", "yalda-moayeri",
]  # fmt: skip


def test_bundled_dataset_validates_with_enough_people() -> None:
    assert len(BUNDLED.people) >= 40
    assert BUNDLED.info.languages == ("en", "fa", "es", "de", "fr")
    dt.date.fromisoformat(BUNDLED.info.as_of)


def test_everyone_named_in_the_seeds_is_there() -> None:
    missing = [pid for pid in SEED_PEOPLE if pid not in BY_ID]
    assert not missing


@pytest.mark.parametrize("person", BUNDLED.people, ids=lambda p: p.id)
def test_every_fact_is_sourced_and_dated(person: Person) -> None:
    assert person.sources, "at least one source"
    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", person.status_as_of)
    for field in FACT_FIELDS:
        value = getattr(person, field)
        if value not in (None, (), {}, ""):
            assert person.sources_for(field), f"{field} has no source"
    assert person.story, "a story in at least one language"
    assert all(not s.reviewed for s in person.story.values()), "nothing is reviewed yet"


@pytest.mark.parametrize("person", BUNDLED.people, ids=lambda p: p.id)
def test_stories_in_every_dataset_language(person: Person) -> None:
    assert set(BUNDLED.info.languages) <= set(person.story)


def _ids(query: str) -> list[str]:
    return [p.id for p in INDEX.search(query)]


def _arabic_keyboard(text: str) -> str:
    return text.replace("ی", "ي").replace("ک", "ك")


@pytest.mark.parametrize("person", BUNDLED.people, ids=lambda p: p.id)
def test_found_by_every_name_in_any_script(person: Person) -> None:
    assert person.name_latin and person.name_persian
    queries = [
        person.name_latin,
        person.name_latin.upper(),
        person.name_persian,
        _arabic_keyboard(person.name_persian),
        person.name_persian.replace("\u200c", ""),
        person.name_persian.replace("\u200c", " "),
        *person.variants,
    ]
    for query in queries:
        assert person.id in _ids(query), f"{query!r} does not find {person.id}"


def test_exact_name_ranks_first() -> None:
    # "Mohammadi" is part of several names; the full name must win.
    assert _ids("Narges Mohammadi")[0] == "narges-mohammadi"
    assert _ids("نرگس محمدی")[0] == "narges-mohammadi"
    assert _ids("Elaheh Mohammadi")[0] == "elaheh-mohammadi"
    assert len(_ids("Mohammadi")) >= 3


def test_spelling_variants_and_digraphs_meet() -> None:
    assert "mehran-raoof" in _ids("Raouf")
    assert "sepideh-gholian" in _ids("Golian")
    assert "khodanour-lejei" in _ids("Lajai")
    assert "amir-nasr-azadani" in _ids("nasrazadani")
    assert "ahmadreza-djalali" in _ids("Jalali")


def test_filters_combine() -> None:
    from actionkit.core.dataset import Filters

    women_journalists = INDEX.search(
        "", Filters(groups=frozenset({"journalist"}), genders=frozenset({"female"}))
    )
    assert women_journalists
    assert all("journalist" in p.groups and p.gender == "female" for p in women_journalists)
    executed_athletes = INDEX.search(
        "", Filters(statuses=frozenset({"executed"}), groups=frozenset({"athlete"}))
    )
    assert {p.id for p in executed_athletes} >= {"navid-afkari", "mohammad-mehdi-karami"}
    assert all(p.status == "executed" for p in executed_athletes)
    in_evin = INDEX.search("", Filters(prison="evin"))
    assert in_evin and all("Evin" in (p.prison or "") for p in in_evin)
    nobody = INDEX.search("Toomaj", Filters(statuses=frozenset({"executed"})))
    assert nobody == []
