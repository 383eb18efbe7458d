"""Render assets/icons/actionkit.svg to the PNG sizes desktops look for.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/linux/make_icons.py
(uses the app's own Qt, so nothing else needs installing).
"""

from __future__ import annotations

from pathlib import Path

from actionkit.gui.icons import render_icon

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
OUT = Path(__file__).with_name("icons")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for size in SIZES:
        target = OUT / f"{size}x{size}" / "apps" / "org.actionkit.ActionKit.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        render_icon(size, target)
        print(f"wrote {target.relative_to(OUT.parent)}")
    # Windows and macOS want one file with several sizes.
    from PIL import Image

    largest = Image.open(OUT / "512x512" / "apps" / "org.actionkit.ActionKit.png")
    packaging = OUT.parent.parent
    largest.save(packaging / "windows" / "actionkit.ico", sizes=[(s, s) for s in SIZES[:-1]])
    largest.save(packaging / "macos" / "ActionKit.icns")
    print("wrote windows/actionkit.ico and macos/ActionKit.icns")


if __name__ == "__main__":
    main()
