"""A change shown on screen is saved or kept where the user is told: never dropped."""

from __future__ import annotations

import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from iepcheck import locations
from iepcheck.__main__ import main
from iepcheck.clock import Clock
from iepcheck.records import recovery
from iepcheck.records.operations import SetNote, Tick
from iepcheck.records.store import Store
from iepcheck.service import children, runs
from iepcheck.service.workspace import Workspace
from iepcheck.tui.session import Session

from ..helpers import at

HOLD = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0); os.write(fd, b"%d\\n" % os.getpid())
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def hold_lock(store: Store, child_id: str, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(store.lock_path(child_id)), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


@pytest.fixture
def setup(data_dir: Path) -> tuple[Workspace, str]:
    ws = Workspace(data_dir, clock=Clock())
    child = children.create(ws.store, "Sam", "504")
    child, _ = ws.update(child.id, runs.start_standing(ws, child, "ct-504-monitoring"))
    return ws, child.runs[0].id


def test_a_save_that_cannot_finish_is_kept_and_applied_next_time(
    setup: tuple[Workspace, str], capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    ws, run_id = setup
    store = ws.store
    holder = hold_lock(store, "sam", 30)
    try:
        session = Session(ws)
        session.child("sam")
        session.submit("sam", Tick(run_id, "get-signed-plan", at("2026-11-28")))
        session.submit("sam", SetNote(run_id, "get-signed-plan", "in the binder"))
        assert session.child("sam").run(run_id).state("get-signed-plan").state == "done"
        assert not session.flush(0.5)  # the lock is held: not saved yet
        told = session.rescue()
        assert len(told) == 1 and "2 changes to sam could not be saved in time" in told[0]
        (kept,) = recovery.files_of(store, "sam")
        assert locations.host_tag() in kept.name
        assert str(kept) in told[0]
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
        assert store.load("sam").runs[0].state("get-signed-plan").state == "open"
    finally:
        holder.kill()
        holder.wait()
    # The next command on that child applies them under the lock, and says so.
    assert main(["status", "--data-dir", str(data_dir)]) == 0
    err = capsys.readouterr().err
    assert "applied 2 changes to sam that an earlier session could not save" in err
    state = store.load("sam").runs[0].state("get-signed-plan")
    assert (state.state, state.note) == ("done", "in the binder")
    assert recovery.files_of(store, "sam") == []


def test_a_held_lock_gets_a_sentence_naming_the_holder(
    setup: tuple[Workspace, str],
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import iepcheck.records.store as store_module

    ws, _ = setup
    monkeypatch.setattr(store_module, "LOCK_WAIT", 0.5)
    holder = hold_lock(ws.store, "sam", 30)
    try:
        started = time.monotonic()
        code = main(
            ["tick", "sam", "ct-504-monitoring/get-signed-plan", "--data-dir", str(data_dir)]
        )
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert code == 1 and waited < 20
    assert "has held its lock for too long" in err and "nothing was changed" in err
    assert "Traceback" not in err


def test_a_kept_change_that_no_longer_fits_is_skipped_and_the_rest_applied(
    setup: tuple[Workspace, str], data_dir: Path
) -> None:
    ws, run_id = setup
    store = ws.store
    store.keep(
        "sam",
        [Tick("gone", "a", at("2026-11-28")), Tick(run_id, "know-coordinator", at("2026-11-28"))],
    )
    report = store.replay("sam")
    assert report.applied == 1
    assert len(report.notes) == 1 and "no longer fits" in report.notes[0]
    assert store.load("sam").runs[0].state("know-coordinator").state == "done"
    bad = store.folder / ".sam.recovery-1-1.toml"
    bad.write_text("not toml [")
    report = store.replay("sam")
    assert report.applied == 0 and str(bad) in report.notes[0]
    assert not bad.exists() and (data_dir / "trash" / "sam.recovery-1-1.toml").exists()
