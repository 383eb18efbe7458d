# Shared by scripts/run and scripts/test (sourced, not run): a virtual
# environment with the pinned dependencies, and the system libraries Qt needs.
# Re-running is cheap: nothing is installed again unless pyproject.toml or
# constraints.txt changed.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${ACTIONKIT_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"

# Libraries PySide6 loads even offscreen, as Debian packages.
QT_PACKAGES=(libgl1 libegl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libx11-6 libdbus-1-3)
# What a real window on an X11 desktop needs on top (Qt 6.5+ wants xcb-cursor).
QT_WINDOW_PACKAGES=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
    libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1
    libxkbcommon-x11-0)

say() { printf 'actionkit setup: %s\n' "$*" >&2; }

_apt_install() {
    if [ "$(id -u)" -ne 0 ]; then
        say "missing system packages: $*"
        say "install them with:  sudo apt-get install $*"
        return 1
    fi
    say "installing system packages: $*"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

ensure_system_packages() {
    # On Debian and Ubuntu, install what is missing; elsewhere say what Qt needs.
    if ! command -v dpkg-query >/dev/null 2>&1; then
        return 0
    fi
    local missing=() pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$pkg")
        fi
    done
    [ ${#missing[@]} -eq 0 ] || _apt_install "${missing[@]}"
}

ensure_python() {
    if ! command -v "$PYTHON" >/dev/null 2>&1; then
        say "Python 3.11 or newer is needed ($PYTHON not found)."
        return 1
    fi
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        say "Python 3.11 or newer is needed; $PYTHON is $("$PYTHON" -V 2>&1)."
        return 1
    fi
}

ensure_venv() {
    # $1: the extras to install ("" for the app, "test" for the test suite).
    local extras="$1" spec="" stamp want
    [ -n "$extras" ] && spec="[$extras]"
    ensure_python || return 1
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating the virtual environment in $VENV"
        if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
            # Debian ships venv without ensurepip unless python3-venv is installed.
            rm -rf "$VENV"
            local minor
            minor="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
            ensure_system_packages python3-venv "python$minor-venv" || return 1
            "$PYTHON" -m venv "$VENV" || return 1
        fi
    fi
    stamp="$VENV/.actionkit-installed-${extras:-app}"
    want="$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | sha256sum | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        say "installing pinned dependencies (the first run takes a few minutes)"
        # ActionKit 0.1 used sqlcipher3-binary; it and sqlcipher3 install the same package
        # folder: remove the old one so the new one is installed whole.
        if "$VENV/bin/python" -m pip show --quiet sqlcipher3-binary >/dev/null 2>&1; then
            "$VENV/bin/python" -m pip uninstall --quiet --yes sqlcipher3-binary sqlcipher3 >&2 || true
        fi
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            --progress-bar off -c "$ROOT/constraints.txt" -e "$ROOT$spec" || return 1
        echo "$want" >"$stamp"
        # The test set includes everything the app needs.
        [ "$extras" = "test" ] && echo "$want" >"$VENV/.actionkit-installed-app"
    fi
    return 0
}
