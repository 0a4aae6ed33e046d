"""A dropped SSH connection (SIGHUP) or a kill (SIGTERM) right after a tick keeps the tick."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from iepcheck.checklists.library import scan
from iepcheck.records.store import Store

from ..helpers import attach


def read_until(fd: int, needle: bytes, timeout: float = 20.0) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"{needle!r} never appeared; last output: {seen[-400:]!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def drain(fd: int, quiet: float = 0.3) -> None:
    while select.select([fd], [], [], quiet)[0]:
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def spawn_app(*args: str) -> tuple[int, int]:
    """The app in a real pseudo-terminal at 80x24: (pid, the terminal's fd)."""
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    pid, fd = pty.fork()
    if pid == 0:
        argv = [sys.executable, "-m", "iepcheck", *args, "--today", "2026-11-28"]
        os.execvpe(sys.executable, argv, env)
    return pid, fd


def wait_exit(pid: int, timeout: float) -> int:
    """The exit status, failing (not hanging) if the process lingers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.05)
    raise AssertionError(f"the app did not exit within {timeout} s of the signal")


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM])
def test_signal_right_after_a_tick_keeps_it(data_dir: Path, sig: signal.Signals) -> None:
    store = Store(data_dir)
    store.create("Sam")
    monitor = scan(data_dir).get("ct-504-monitoring").checklist
    store.update("sam", lambda c: attach(c, monitor, date(2026, 11, 1)))
    pid, fd = spawn_app("--data-dir", str(data_dir))
    try:
        read_until(fd, b"Is the 504 plan")
        drain(fd)
        os.write(fd, b"\t")  # to the agenda
        drain(fd)
        os.write(fd, b"\x1b[B")  # down: the standing checklist
        drain(fd)
        os.write(fd, b"\r")  # open it
        read_until(fd, b"GET THE PLAN")
        drain(fd)
        # Hold the child's lock, as another session mid-save would: the tick's save must wait.
        lock = os.open(data_dir / "children" / ".sam.lock", os.O_RDWR)
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            os.write(fd, b" ")  # tick the first item
            read_until(fd, "✔".encode())  # the user sees it ticked
            os.kill(pid, sig)
            time.sleep(0.5)
            assert os.waitpid(pid, os.WNOHANG) == (0, 0), "it quit before saving"
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            os.close(lock)
        status = wait_exit(pid, timeout=15)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)
    run = Store(data_dir).load("sam").runs[0]
    assert run.state("get-signed-plan").state == "done"
    assert os.WIFEXITED(status), "the app should exit by itself after saving"
