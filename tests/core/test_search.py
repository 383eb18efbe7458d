"""Search behaviour on small hand-made datasets."""

from __future__ import annotations

from typing import Any

from actionkit.core.dataset import Filters, Person, SearchIndex
from actionkit.core.text.normalize import fold, skeleton
from tests.dataset_helpers import make_record


def people(*records: dict[str, Any]) -> list[Person]:
    return [Person.from_record(r) for r in records]


def test_latin_query_finds_a_persian_only_record() -> None:
    index = SearchIndex(people(make_record("p1", latin=None, persian="توماج صالحی")))
    assert [p.id for p in index.search("Toomaj Salehi")] == ["p1"]
    assert [p.id for p in index.search("tumaj")] == ["p1"]


def test_persian_digits_and_arabic_digits_equal_latin() -> None:
    index = SearchIndex(people(make_record("p1", latin="Ward 209 detainee")))
    assert [p.id for p in index.search("۲۰۹")] == ["p1"]
    assert [p.id for p in index.search("٢٠٩")] == ["p1"]


def test_exact_match_beats_longer_name() -> None:
    index = SearchIndex(
        people(
            make_record("long", latin="Ali Rezaei Nejad"), make_record("exact", latin="Ali Rezaei")
        )
    )
    assert [p.id for p in index.search("ali rezaei")] == ["exact", "long"]


def test_hidden_people_only_on_request() -> None:
    index = SearchIndex(people(make_record("p1", latin="Hidden One")), hidden={"p1"})
    assert index.search("Hidden") == []
    assert [p.id for p in index.search("Hidden", Filters(include_hidden=True))] == ["p1"]


def test_short_skeletons_do_not_match_everything() -> None:
    index = SearchIndex(people(make_record("p1", latin="Sara Ahmadi")))
    assert index.search("xq") == []


def test_fold_ignores_tatweel_zwnj_case_and_accents() -> None:
    assert fold("محـــمد") == fold("محمد")
    assert fold("نوری‌زاد") == fold("نوریزاد")
    assert fold("ÉLHAM") == fold("elham")
    assert fold("ة") == fold("ه")
    assert skeleton(fold("Keykhosravi")) == skeleton(fold("کیخسروی"))


def test_query_of_punctuation_only_returns_everyone_sorted() -> None:
    index = SearchIndex(people(make_record("b", latin="Bita"), make_record("a", latin="Azar")))
    assert [p.id for p in index.search("  -- ")] == ["a", "b"]


def test_transliteration_matches_a_later_word_start() -> None:
    # The skeleton "slh" first appears inside "nslh", then at the start of "slh".
    index = SearchIndex(people(make_record("p1", latin=None, persian="نصلحی صالحی")))
    assert [p.id for p in index.search("Salehi")] == ["p1"]
