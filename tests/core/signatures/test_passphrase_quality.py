"""A new passphrase is refused when it is blank, short without its spaces, or obvious."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from actionkit.core.assets import asset_path
from actionkit.core.signatures.lock import check_new_passphrase, is_locked, lock_store
from actionkit.core.signatures.schema import CAN_ENCRYPT, StoreError
from actionkit.core.signatures.store import SignatureStore

OBVIOUS = [
    "password12",
    "Password123!",
    "pass word 2026",
    "passwordpassword",
    "iloveyou2026",
    "trustno1trustno1",
    "1234567890",
    "0987654321",
    "12345678901234",
    "7890123456",  # a run may start anywhere and wrap around
    "qwertyuiop",
    "QWERTY UIOP",
    "qwertzuiop",
    "azertyuiop",
    "asdfghjkl;",
    "aaaaaaaaaa",
    "zzzz zzzz zzzz",
    "abcabcabcabc",
    "ababababab",
    "abcdefghijkl",
    "۱۲۳۴۵۶۷۸۹۰",
    "Woman Life Freedom",
    "Zan Zendegi Azadi",
    "زن زندگی آزادی",
]

GOOD = [
    "correct horse battery",
    "the old passphrase",
    "a brand new passphrase",
    "Wuppertal tram at 7",
    "4729183650",
    "دریا کوه چراغ",
]


@pytest.mark.parametrize("passphrase", OBVIOUS)
def test_an_obvious_passphrase_is_refused(passphrase: str) -> None:
    with pytest.raises(StoreError) as refused:
        check_new_passphrase(passphrase)
    assert refused.value.key == "lock.obvious"
    assert "first anyone would try" in str(refused.value)


@pytest.mark.parametrize("passphrase", GOOD)
def test_an_ordinary_passphrase_is_accepted(passphrase: str) -> None:
    check_new_passphrase(passphrase)


@pytest.mark.parametrize(
    "passphrase",
    ["a b c d e f g h i", "zu kurz, ja", "\t x y z \u00a0 w v u t s r"],
)
def test_spaces_do_not_count_towards_the_length(passphrase: str) -> None:
    assert len(passphrase.strip()) >= 10  # the old check counted the inner spaces
    with pytest.raises(StoreError) as refused:
        check_new_passphrase(passphrase)
    assert refused.value.key == "lock.too_short"
    assert "not counting spaces" in str(refused.value)


@pytest.mark.skipif(not CAN_ENCRYPT, reason="SQLCipher is not installed")
def test_locking_with_an_obvious_passphrase_leaves_the_store_open(tmp_path: Path) -> None:
    path = tmp_path / "signatures.sqlite3"
    SignatureStore(path).close()
    with pytest.raises(StoreError):
        lock_store(path, "Password2026!")
    assert not is_locked(path)
    SignatureStore(path).close()


@pytest.mark.parametrize("language", ["en", "fa", "es", "de", "fr"])
def test_the_refusals_are_worded_in_every_language(language: str) -> None:
    words = json.loads(asset_path("translations", "ui", f"{language}.json").read_text("utf-8"))
    english = json.loads(asset_path("translations", "ui", "en.json").read_text("utf-8"))
    for key in ("error.lock.obvious", "error.lock.too_short", "error.lock.blank"):
        assert words.get(key), f"{key} missing in {language}"
        if language != "en":
            assert words[key] != english[key], f"{key} not translated in {language}"
    assert "{minimum}" in words["error.lock.too_short"]
