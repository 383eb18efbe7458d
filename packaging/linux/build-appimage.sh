#!/usr/bin/env bash
# Wrap dist/actionkit (from scripts/package) as an AppImage, or a tarball when
# appimagetool is not installed. Run from the repository root after scripts/package.
set -euo pipefail
version="$(.venv/bin/python -c 'from importlib.metadata import version; print(version("actionkit"))')"
appdir="build/ActionKit.AppDir"
rm -rf "$appdir"
mkdir -p "$appdir/usr/lib" "$appdir/usr/share/applications" "$appdir/usr/share/metainfo"
cp -a dist/actionkit "$appdir/usr/lib/actionkit"
cp packaging/linux/org.actionkit.ActionKit.desktop "$appdir/usr/share/applications/"
cp packaging/linux/org.actionkit.ActionKit.desktop "$appdir/"
cp packaging/linux/org.actionkit.ActionKit.metainfo.xml "$appdir/usr/share/metainfo/"
for size in 16 24 32 48 64 128 256 512; do
    install -Dm644 "packaging/linux/icons/${size}x${size}/apps/org.actionkit.ActionKit.png" \
        "$appdir/usr/share/icons/hicolor/${size}x${size}/apps/org.actionkit.ActionKit.png"
done
cp packaging/linux/icons/256x256/apps/org.actionkit.ActionKit.png "$appdir/org.actionkit.ActionKit.png"
cat >"$appdir/AppRun" <<'RUN'
#!/bin/sh
here="$(dirname "$(readlink -f "$0")")"
exec "$here/usr/lib/actionkit/actionkit" "$@"
RUN
chmod +x "$appdir/AppRun"
if command -v appimagetool >/dev/null; then
    ARCH=x86_64 appimagetool "$appdir" "dist/ActionKit-${version}-x86_64.AppImage"
    echo "wrote dist/ActionKit-${version}-x86_64.AppImage"
else
    tar -C build -czf "dist/ActionKit-${version}-linux-x86_64.tar.gz" ActionKit.AppDir
    echo "appimagetool not found; wrote dist/ActionKit-${version}-linux-x86_64.tar.gz"
fi
