from __future__ import annotations

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile

from actionkit.core.assets import FONT_FILES, asset_path, assets_dir, font_path
from actionkit.core.errors import AssetMissingError

# Persian, Sorani Kurdish letters, and the Latin a German or Spanish flyer needs.
NEEDED = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءئ" + "ڕڵێۆە" + "۰۱۲۳۴۵۶۷۸۹" + "ßñéçü€«»"


def test_assets_folder_has_every_kind_of_asset() -> None:
    root = assets_dir()
    for sub in ("fonts", "data", "styles", "icons", "translations"):
        assert (root / sub).is_dir(), sub


@pytest.mark.parametrize("role", sorted(FONT_FILES))
def test_bundled_fonts_cover_persian_kurdish_and_latin(role: str) -> None:
    font = TTFontFile(str(font_path(role)))
    missing = [ch for ch in NEEDED if ord(ch) not in font.charToGlyph]
    assert not missing, f"{role} lacks {''.join(missing)}"


def test_fonts_ship_with_their_licence() -> None:
    assert "SIL OPEN FONT LICENSE" in asset_path("fonts", "OFL.txt").read_text().upper()
    readme = asset_path("fonts", "README.md").read_text()
    for file_name in FONT_FILES.values():
        assert file_name in readme


def test_missing_asset_is_a_clear_error() -> None:
    with pytest.raises(AssetMissingError, match=r"no-such-font\.ttf"):
        font_path("no-such-font.ttf")
