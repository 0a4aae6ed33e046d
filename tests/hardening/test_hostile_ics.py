"""Every hostile calendar through the reader, ``calendar import`` and the app: a reading with a
note or a sentence, never a traceback, never a hang (a watchdog with a generous budget; no
timing is asserted), and the rest of the file still read."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from iepcheck.calendar.ics import apart
from iepcheck.calendar.ics.model import IcsError, Reading
from iepcheck.calendar.ics.read import read_ics

from .ics_corpus import BIG, DIES, NEVER_ENDS, Case, build, setpos_file

WATCHDOG = 120.0  # seconds; each file takes well under one


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case]]:
    folder = tmp_path_factory.mktemp("hostile-ics")
    return folder, build(folder)


def watched(target: Callable[[], Any]) -> Any:
    """``target()``, or a failure if it has not finished when the watchdog bites."""
    box: list[Any] = []

    def run() -> None:
        try:
            box.append(target())
        except BaseException as exc:  # raised again in the test's thread
            box.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(WATCHDOG)
    assert not thread.is_alive(), f"still running after {WATCHDOG:.0f} s"
    if isinstance(box[0], BaseException):
        raise box[0]
    return box[0]


def test_each_file_gives_a_reading_or_a_sentence(corpus: tuple[Path, list[Case]]) -> None:
    folder, cases = corpus
    assert len(cases) >= 12
    for case in cases:
        data = (folder / case.name).read_bytes()

        def read(data: bytes = data) -> Reading | IcsError:
            try:
                return read_ics(data)
            except IcsError as exc:
                return exc

        result = watched(read)
        if case.kind == "error":
            assert isinstance(result, IcsError) and case.expect in str(result), case.name
            continue
        assert isinstance(result, Reading), (case.name, result)
        if case.expect:
            assert any(case.expect in note for note in result.warnings), (case.name, result)
        # The event beside the attack is still read.
        assert "Thanksgiving Recess" in {c.label for c in result.closures}, case.name


def the_command(folder: Path, name: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """``iepcheck calendar import`` as a user runs it, killed by the watchdog if it hangs."""
    argv = [sys.executable, "-m", "iepcheck", "calendar", "import", str(folder / name)]
    try:
        return subprocess.run(
            [*argv, "--id", "hostile", "--yes", *extra],
            capture_output=True,
            text=True,
            timeout=WATCHDOG,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "TERM": "dumb"},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"calendar import {name} still running after {WATCHDOG:.0f} s")


def test_the_import_command_ends_with_a_note(corpus: tuple[Path, list[Case]]) -> None:
    folder, cases = corpus
    names = [c.name for c in cases] if BIG else ["setpos-120k.ics", "many-events.ics"]
    for name in names:
        case = next(c for c in cases if c.name == name)
        done = the_command(folder, name, "--replace")
        assert "Traceback" not in done.stdout + done.stderr, name
        assert done.returncode == 0, (name, done.stderr)
        if case.expect:
            assert "Note: " in done.stdout and case.expect in done.stdout, (name, done.stdout)
        assert "Thanksgiving Recess" in done.stdout, name
        assert "\x1b" not in done.stdout + done.stderr


def test_the_issues_largest_file_ends(tmp_path: Path) -> None:
    """Issue 21's 1.8 MB BYSETPOS list (it ran for minutes in 461 MB)."""
    setpos_file(tmp_path / "big.ics", 1_800_000)
    done = the_command(tmp_path, "big.ics")
    assert done.returncode == 0 and "too long to work out" in done.stdout, done.stderr


def test_a_reading_that_never_ends_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the prices miss, the reading in its own process ends: at the user's word or
    at the limit, with a sentence, and no process is left behind."""
    started = recorded(monkeypatch)
    monkeypatch.setattr(apart, "READER", NEVER_ENDS)
    with pytest.raises(IcsError, match="took more than 1 seconds, so it was stopped"):
        watched(lambda: apart.read_apart(b"BEGIN:VCALENDAR", limit=1))
    asked = threading.Event()
    threading.Timer(0.5, asked.set).start()
    with pytest.raises(apart.Stopped):
        watched(lambda: apart.read_apart(b"BEGIN:VCALENDAR", stopped=asked.is_set))
    assert len(started) == 2 and all(child.poll() is not None for child in started)


def recorded(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen[bytes]]:
    """The reading processes started from now on."""
    started: list[subprocess.Popen[bytes]] = []

    class Recorded(subprocess.Popen):  # type: ignore[type-arg]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(apart.subprocess, "Popen", Recorded)
    return started


def test_a_child_that_dies_is_a_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apart, "READER", DIES)
    with pytest.raises(IcsError, match="stopped unexpectedly"):
        apart.read_apart(b"BEGIN:VCALENDAR")
