"""The dataset that ships with ActionKit: valid, sourced, and findable in any script."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from actionkit.core.assets import asset_path
from actionkit.core.dataset import Person, SearchIndex, load_dataset
from actionkit.core.dataset.figures import figures
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
    assert len(BUNDLED.people) >= 70
    assert BUNDLED.info.languages == ("en", "fa", "es", "de", "fr")
    dt.date.fromisoformat(BUNDLED.info.as_of)


def test_everyone_named_in_the_seeds_is_there() -> None:
    missing = [pid for pid in SEED_PEOPLE if pid not in BY_ID]
    assert not missing


@pytest.mark.parametrize("person", BUNDLED.people, ids=lambda p: p.id)
def test_every_fact_is_sourced_and_dated(person: Person) -> None:
    assert person.sources, "at least one source"
    for field in FACT_FIELDS:
        value = getattr(person, field)
        if value not in (None, (), {}, ""):
            assert person.sources_for(field), f"{field} has no source"
    for event in person.events:
        quoted = [c for c in event.sources if c.quote]
        assert quoted, f"{event.type} {event.date} quotes no source"
    assert person.last_checked and person.last_checked.searched
    assert person.story, "a story in at least one language"
    assert all(not s.reviewed for s in person.story.values()), "nothing is reviewed yet"


@pytest.mark.parametrize("person", BUNDLED.people, ids=lambda p: p.id)
def test_quotes_are_in_their_sources_language(person: Person) -> None:
    """A Persian page is quoted in Persian, an English page not in Persian: a quote
    that was translated is not what the page says."""
    sources = {s.id: s for s in person.sources}
    for event in person.events:
        for citation in event.sources:
            language = sources[citation.source].language
            persian = any("\u0600" <= ch <= "\u06ff" for ch in citation.quote)
            if language == "fa":
                assert persian, f"{citation.source}: a Persian page quoted without Persian"
            elif language in ("en", "de", "fr", "es"):
                assert not persian, f"{citation.source}: a {language} page quoted in Persian"


def test_figures_for_late_2026() -> None:
    """What the README reports: enough people, and enough imprisoned now."""
    found = figures(BUNDLED.people)
    assert found.people >= 70
    assert found.imprisoned_now >= 35
    assert found.events_min >= 0 and found.sources_per_event_min >= 1
    assert found.oldest_check is not None


def test_readme_shows_the_figures() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    for line in figures(BUNDLED.people).lines():
        assert line in readme, f"README.md should say: {line}"


def test_what_the_audit_found_stays_fixed() -> None:
    """The audit of the first dataset: people printed as imprisoned long after their
    release, a quashed death sentence shown as standing, a released person who was
    arrested again. Each case is now told by its timeline."""
    assert BY_ID["varisheh-moradi"].status == "awaiting_retrial"
    assert BY_ID["sharifeh-mohammadi"].status != "sentenced_to_death"
    assert BY_ID["toomaj-salehi"].status_as_of >= "2025"
    assert BY_ID["narges-mohammadi"].status_as_of >= "2026"
    for pid in ("mostafa-al-ahmad", "yalda-moayeri", "keyvan-bajan", "arash-ganji"):
        assert not BY_ID[pid].is_imprisoned, pid
    assert BY_ID["nasrin-sotoudeh"].status != "released"


@pytest.mark.parametrize("person", BUNDLED.people, ids=lambda p: p.id)
def test_stories_in_every_dataset_language(person: Person) -> None:
    assert set(BUNDLED.info.languages) <= set(person.story)


def _ids(query: str) -> list[str]:
    return [p.id for p in INDEX.search(query)]


def _arabic_keyboard(text: str) -> str:
    return text.replace("ی", "ي").replace("ک", "ك")


@pytest.mark.parametrize("person", BUNDLED.people, ids=lambda p: p.id)
def test_found_by_every_name_in_any_script(person: Person) -> None:
    assert person.name_latin
    queries = [person.name_latin, person.name_latin.upper(), *person.variants]
    if person.name_persian:  # empty where no Persian-language source spells it
        queries += [
            person.name_persian,
            _arabic_keyboard(person.name_persian),
            person.name_persian.replace("\u200c", ""),
            person.name_persian.replace("\u200c", " "),
        ]
    else:
        assert person.notes and "Persian" in person.notes, "say why the Persian name is empty"
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
    assert len(in_evin) >= 5
    assert in_evin and all("Evin" in (p.prison or "") for p in in_evin)
    nobody = INDEX.search("Toomaj", Filters(statuses=frozenset({"executed"})))
    assert nobody == []
