"""Exports, sealed exports and merges killed at random moments leave no signer on disk.

Each run is the real command (`actionkit export` / `merge`) in its own process,
SIGKILLed at a random moment. Afterwards every byte under the profile, the output
folder and this test's temporary folder is searched for the signers' strings: they
may be only in finished outputs, and never in the (locked) store. A partial output
holds only what the output itself will hold, and the next start removes it (a
partial .xlsx is deflated, so the byte scan could not see names in it: the test
checks that no file but the finished outputs is left at all).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from actionkit.core.signatures.lock import lock_store
from actionkit.core.signatures.sealing import generate_identity
from actionkit.core.signatures.store import SignatureStore
from actionkit.core.signatures.validation import SignerInput

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
]

ROWS = 3000
KILLS = 30
PASSPHRASE = "purple elephant marching slowly"
MARKERS = (b"Zqxname", b"zqxmail", b"Wvyfamily")


def _markers() -> list[bytes]:
    found = list(MARKERS)
    found += [m.decode().encode("utf-16-le") for m in MARKERS]
    return found


def _fill(path: Path) -> None:
    with SignatureStore(path) as store:
        event = store.create_event("Vigil", "2026-12-10", city="Köln")
        sheets = store.create_sheets(event.slug, ("en",), ROWS // 20, 20)
        for n in range(ROWS):
            store.add_row(
                sheets[n // 20].id,
                n % 20 + 1,
                SignerInput(
                    first_name=f"Zqxname{n}",
                    last_name=f"Wvyfamily{n}",
                    email=f"zqxmail{n}@example.org",
                    city="Köln",
                ),
            )
    lock_store(path, PASSPHRASE)


def _run(args: list[str], env: dict[str, str], kill_after: float | None) -> int | None:
    """The exit status, or None when it was killed before it finished."""
    process = subprocess.Popen(
        [sys.executable, "-m", "actionkit", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the merge's helper process dies with it
    )
    if kill_after is None:
        return process.wait(timeout=300)
    try:
        return process.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return None


def _holders(folders: list[Path]) -> dict[Path, list[bytes]]:
    markers = _markers()
    found: dict[Path, list[bytes]] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                data = path.read_bytes()
                hits = [m for m in markers if m in data]
                if hits:
                    found[path] = hits
    return found


def test_killed_exports_and_merges_leave_signers_only_in_finished_outputs(
    tmp_path: Path,
) -> None:
    home, out, temp = tmp_path / "home", tmp_path / "out", tmp_path / "tmp"
    for folder in (home, out, temp):
        folder.mkdir()
    _fill(home / "data" / "signatures.sqlite3")
    secrets = tmp_path / "secrets"  # outside the scanned folders; no signer data
    secrets.mkdir()
    (secrets / "passphrase").write_text(PASSPHRASE, encoding="utf-8")
    identity, recipient = generate_identity()
    (secrets / "centre.agekey").write_text(identity, encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(temp), "ACTIONKIT_HOME": str(home)}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(__file__).resolve().parents[3] / "src"), env.get("PYTHONPATH", "")]
    )
    base = ["--passphrase-file", str(secrets / "passphrase")]
    # Sealed inputs for the merge: no plaintext signer in them.
    inputs = []
    for n in range(3):
        inputs.append(secrets / f"in{n}.xlsx.age")
        args = [*base, "export", "--seal-to", recipient, "-o", str(inputs[-1])]
        assert _run(args, env, None) == 0

    def export(name: str) -> list[str]:
        kind = ["--format", "csv"] if name.endswith(".csv") else []
        return [*base, "export", *kind, "-o", str(out / name)]

    def sealed(name: str) -> list[str]:
        return [*base, "export", "--seal-to", recipient, "-o", str(out / name)]

    def merge(name: str) -> list[str]:
        identity_file = str(secrets / "centre.agekey")
        return ["merge", *map(str, inputs), "--identity", identity_file, "-o", str(out / name)]

    rng = random.Random(14)
    assert _run(export("export-timed.csv"), env, None) == 0
    finished: set[Path] = {out / "export-timed.csv"}
    killed = 0
    for kind, command, suffix in (
        ("export", export, ".xlsx"),
        ("sealed", sealed, ".xlsx.age"),
        ("merge", merge, ".xlsx"),
    ):
        start = time.perf_counter()
        assert _run(command(f"{kind}-timed{suffix}"), env, None) == 0
        finished.add(out / f"{kind}-timed{suffix}")
        duration = time.perf_counter() - start
        for n in range(KILLS):
            name = f"{kind}-{n}" + (".csv" if kind == "export" and n % 2 else suffix)
            status = _run(command(name), env, rng.uniform(0.05, duration * 1.05))
            if status is None:
                killed += 1
            elif status == 0:
                finished.add(out / name)
    assert killed >= KILLS, "most runs were killed mid-way"
    # A run killed after its output was swapped in (while logging it) finished it too:
    # the output only ever appears whole, under its own name.
    finished |= {p for p in out.iterdir() if not p.name.startswith(".")}
    for csv_file in out.glob("*.csv"):
        assert len(csv_file.read_text(encoding="utf-8-sig").splitlines()) == ROWS + 1

    scanned = [home, out, temp]
    holders = _holders(scanned)
    # Before the next start: partial outputs may be there, beside their outputs only.
    for path in holders:
        assert path in finished or (path.parent == out and ".actionkit-partial-" in path.name), (
            f"signer data in {path}"
        )
    # The next start removes what the killed runs left.
    assert _run([*base, "exports"], env, None) == 0
    holders = _holders(scanned)
    assert set(holders) <= finished, sorted(set(holders) - finished)
    leftovers = [p for p in out.iterdir() if p not in finished]
    assert leftovers == [], leftovers
    assert not any(p.name.startswith(".actionkit-tmp-") for p in (home / "data").iterdir())
    # The scan does see signers where they are in plain bytes (a .xlsx is deflated).
    assert out / "export-timed.csv" in holders
    for name in ("export-timed.xlsx", "merge-timed.xlsx"):
        from openpyxl import load_workbook

        book = load_workbook(out / name, read_only=True)
        signers = book["Signers"].iter_rows(values_only=True)
        assert any("Zqxname" in str(row[0]) for row in signers)
