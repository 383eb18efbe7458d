"""One process per profile: a second process is refused and told who holds it; a
lock left by a process that died is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from actionkit.core.profile_lock import ProfileInUse, acquire, hold_profile, holds, release

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from actionkit.core.profile_lock import acquire
    acquire(Path(sys.argv[1]), sys.argv[2])
    print("held", flush=True)
    time.sleep(120)
    """
)


@contextmanager
def other_process_holding(data_dir: Path, program: str) -> Iterator[subprocess.Popen[str]]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir), program],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "held"
        yield child
    finally:
        child.kill()
        child.wait()


def test_a_second_process_is_refused_and_told_who_holds_the_profile(tmp_path: Path) -> None:
    with other_process_holding(tmp_path, "the ActionKit app") as child:
        with pytest.raises(ProfileInUse) as refused:
            acquire(tmp_path, "actionkit lock")
        assert refused.value.holder is not None
        assert refused.value.holder.pid == child.pid
        assert f"the ActionKit app (process {child.pid}, since " in str(refused.value)
        assert not holds(tmp_path)
    # Once it has exited (cleanly or not), the profile is free.
    with hold_profile(tmp_path, "actionkit lock"):
        assert holds(tmp_path)
    assert not holds(tmp_path)


def test_a_lock_left_by_a_killed_process_is_taken_over_and_named(tmp_path: Path) -> None:
    with other_process_holding(tmp_path, "actionkit signatures add") as child:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        took_over = acquire(tmp_path, "the ActionKit app")
    try:
        assert took_over is not None
        assert (took_over.pid, took_over.program) == (child.pid, "actionkit signatures add")
    finally:
        release(tmp_path)
    # A clean exit leaves nothing to take over.
    assert acquire(tmp_path, "the ActionKit app") is None
    release(tmp_path)


def test_the_same_process_may_take_its_own_profile_again(tmp_path: Path) -> None:
    with hold_profile(tmp_path, "the ActionKit app"), hold_profile(tmp_path, "actionkit lock"):
        assert holds(tmp_path)
    assert not holds(tmp_path)
    with other_process_holding(tmp_path, "the ActionKit app"):
        pass  # let go entirely: another process can have it
