"""The notes pad during a meeting: each line timed and saved as Enter is pressed, one undo for
the pad, nothing typed lost on Esc or on a dropped connection (SIGHUP)."""

from __future__ import annotations

import fcntl
import os
import signal
import time
from datetime import date
from pathlib import Path

import pytest

from iepcheck.records.store import Store
from iepcheck.tui.screens.meeting import MeetingScreen
from iepcheck.tui.screens.notes_pad import NotesPad
from iepcheck.tui.widgets.fields import Field

from .conftest import SIZE, make_app, screen_text, wait_for
from .test_flows import open_run
from .test_signals import drain, read_until, spawn_app, wait_exit


def _lines(data_dir: Path, child_id: str, meeting_id: str) -> list[str]:
    meeting = Store(data_dir).load(child_id).meeting(meeting_id)
    assert meeting is not None
    return [x.text for x in meeting.lines]


async def test_each_line_is_saved_as_entered_and_one_undo_takes_the_pad_back(
    demo_dir: Path,
) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        run_screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        meeting_id = run_screen.run().meeting
        await pilot.press("N")
        await wait_for(pilot, lambda: isinstance(app.screen, NotesPad))
        await pilot.pause()
        assert "No lines yet." in screen_text(app)
        await pilot.press(*"Speech stays at 30 minutes", "enter")
        await pilot.pause()
        # Saved on its own at once: in the file before the pad is closed.
        assert app.session.flush()
        assert _lines(demo_dir, "sam-rivera", meeting_id) == ["Speech stays at 30 minutes"]
        await pilot.press(*"Data every month", "enter")
        await pilot.press(*"Half typed")  # no Enter: Esc keeps it too
        await pilot.pause()
        shown = screen_text(app)
        meeting = app.session.child("sam-rivera").meeting(meeting_id)
        for line in meeting.lines:  # the minute typed (and the day: not the meeting's)
            assert f"{line.at:%Y-%m-%d %H:%M}  {line.text}" in shown
        assert len(meeting.lines) == 2
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is run_screen)
        assert "3 lines added to the meeting's notes; u undoes them all." in app.told
        assert app.session.flush()
        saved = Store(demo_dir).load("sam-rivera").meeting(meeting_id)
        assert [x.text for x in saved.lines] == [
            "Speech stays at 30 minutes",
            "Data every month",
            "Half typed",
        ]
        assert saved.lines[0].at < saved.lines[1].at < saved.lines[2].at  # the order typed
        assert saved.notes == "" or "Half typed" not in saved.notes  # never the notes rewritten
        await pilot.press("u")
        await pilot.pause()
        assert "Undone: meeting notes." in app.told
        assert app.session.flush()
        assert _lines(demo_dir, "sam-rivera", meeting_id) == []
        await pilot.press("u")
        await pilot.pause()
        assert app.told[-1] == "Nothing to undo."  # the pad was one step


async def test_the_meeting_form_opens_the_pad_and_shows_its_lines(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await app.push_screen(MeetingScreen("sam-rivera", None))
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen))
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "Save the meeting first; then ctrl+l opens its notes pad." in app.told
        app.pop_screen()
        meeting = app.session.child("sam-rivera").meetings[0]
        form = MeetingScreen("sam-rivera", meeting.id)
        await app.push_screen(form)
        await wait_for(pilot, lambda: app.screen is form)
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, NotesPad))
        await pilot.press(*"Reading goal rewritten", "enter", "escape")
        await wait_for(pilot, lambda: app.screen is form)
        await pilot.pause()
        assert "Reading goal rewritten" in str(form.query_one("#pad-lines").render())
        # Saving the form afterwards writes only its own fields: the line stays.
        form.query_one("#title", Field).value = "Annual review (moved)"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is not form)
        assert app.session.flush()
        saved = Store(demo_dir).load("sam-rivera").meeting(meeting.id)
        assert saved.title == "Annual review (moved)"
        assert [x.text for x in saved.lines] == ["Reading goal rewritten"]


@pytest.mark.slow
def test_a_dropped_connection_keeps_every_line_typed_in_the_pad(data_dir: Path) -> None:
    from iepcheck.records.operations import AddMeeting

    store = Store(data_dir)
    store.create("Sam", "iep")
    store.update("sam", AddMeeting("m1", date(2026, 12, 10), "Annual review").apply)
    pid, fd = spawn_app("--data-dir", str(data_dir))
    try:
        read_until(fd, b"Annual review")
        drain(fd)
        os.write(fd, b"\t")  # to what remains
        drain(fd)
        os.write(fd, b"\x1b[B")  # down: the meeting
        drain(fd)
        os.write(fd, b"e")  # edit it
        read_until(fd, b"Edit meeting")
        drain(fd)
        os.write(fd, b"\x0c")  # ctrl+l: the notes pad
        read_until(fd, b"No lines yet")
        drain(fd)
        os.write(fd, b"Speech stays at 30 minutes\r")
        read_until(fd, b"Speech stays at 30 minutes")
        drain(fd)
        # Another session holds the child's file: the next lines wait to be saved.
        lock = os.open(data_dir / "children" / ".sam.lock", os.O_RDWR)
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            os.write(fd, b"Extended time agreed\r")
            read_until(fd, b"Extended time agreed")
            os.write(fd, b"Half a line")  # typed, no Enter yet
            read_until(fd, b"Half a line")
            os.kill(pid, signal.SIGHUP)
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
    assert os.WIFEXITED(status)
    assert _lines(data_dir, "sam", "m1") == [
        "Speech stays at 30 minutes",
        "Extended time agreed",
        "Half a line",
    ]


async def test_a_second_meeting_on_one_day_is_saved_and_said(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        first = app.session.child("sam-rivera").meetings[0]
        form = MeetingScreen("sam-rivera", None, kind="504")
        await app.push_screen(form)
        await wait_for(pilot, lambda: app.screen is form)
        form.query_one("#date", Field).value = first.date.isoformat()
        form.query_one("#title", Field).value = "504 check-in"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is not form)
        said = next(t for t in app.told if t.startswith("Meeting saved."))
        assert f"Sam Rivera already has a meeting on {first.date.isoformat()}: " in said
        assert f"({first.id})" in said
        same_day = [m for m in app.session.child("sam-rivera").meetings if m.date == first.date]
        assert len(same_day) == 2
