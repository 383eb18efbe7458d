"""`actionkit lock` and every command that writes signer data refuse while another
process (the app) has the profile, naming it; no confirmed row is ever lost."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from actionkit.core.paths import resolve_paths
from actionkit.core.signatures.store import SignatureStore
from tests.helpers import run_actionkit

# What the app does: hold the profile, keep the store open, confirm rows one by one.
WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from actionkit.core.paths import resolve_paths
    from actionkit.core.profile_lock import hold_profile
    from actionkit.core.signatures.store import SignatureStore
    from actionkit.core.signatures.validation import SignerInput

    paths = resolve_paths(Path(sys.argv[1]))
    with hold_profile(paths.data_dir, "the ActionKit app"):
        store = SignatureStore.open(paths)
        event = store.create_event("Vigil", "2026-12-10", city="Wuppertal")
        sheets = store.create_sheets(event.slug, ("en",), 20, rows=20)
        print("ready", flush=True)
        for number in range(400):
            sheet = sheets[number // 20]
            saved = store.add_row(
                sheet.id, number % 20 + 1, SignerInput(first_name=f"Signer{number}")
            )
            print(saved.signature.id, flush=True)
            if number == 50:
                sys.stdin.readline()  # the test runs `actionkit lock` now
        store.close()
    """
)


def test_lock_while_a_writer_has_the_store_refuses_and_loses_no_row(tmp_path: Path) -> None:
    home = tmp_path / "home"
    secret = tmp_path / "new-passphrase"
    secret.write_text("correct horse battery staple\n", encoding="utf-8")
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(home)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdin is not None and writer.stdout is not None
    confirmed = []
    assert writer.stdout.readline().strip() == "ready"
    for _ in range(51):
        confirmed.append(int(writer.stdout.readline()))

    locking = run_actionkit("lock", "--new-passphrase-file", str(secret), home=home)
    assert locking.returncode == 1
    assert f"in use by the ActionKit app (process {writer.pid}, since " in locking.stderr
    adding = run_actionkit("event", "create", "--name", "Other", "--date", "2026-12-11", home=home)
    assert adding.returncode == 1 and f"process {writer.pid}" in adding.stderr
    # Reading is not writing: listing still works while the app is open.
    assert run_actionkit("event", "list", home=home).returncode == 0

    writer.stdin.write("go on\n")
    writer.stdin.flush()
    confirmed += [int(line) for line in writer.stdout]
    assert writer.wait(timeout=60) == 0
    assert len(confirmed) == 400

    # With the app closed, locking goes ahead and every confirmed row is there.
    locked = run_actionkit("lock", "--new-passphrase-file", str(secret), home=home)
    assert locked.returncode == 0, locked.stderr
    with SignatureStore.open(resolve_paths(home), "correct horse battery staple") as store:
        kept = {s.id for s in store.signatures("2026-12-10-wuppertal")}
    assert sorted(kept) == sorted(confirmed)
