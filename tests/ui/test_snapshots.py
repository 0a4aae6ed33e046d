"""Every screen as a user sees it, at 80×24 (Home also at 60×20), on the demo data.

Paths that show on screen are under the test's own HOME, shown as "~/…", so the pictures are
the same on any machine and no two tests share a folder. Review a changed snapshot by looking
at it (snapshot_report.html), never by regenerating blindly.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from iepcheck import locations
from iepcheck.tui.app import IepApp
from iepcheck.tui.screens.child import ChildScreen
from iepcheck.tui.screens.letter import LetterScreen
from iepcheck.tui.screens.meeting import MeetingScreen
from iepcheck.tui.screens.plan import PlanScreen
from iepcheck.tui.screens.record import RecordScreen
from iepcheck.tui.screens.run import RunScreen

from ..conftest import REPO
from ..helpers import demo_copy
from .conftest import TODAY, fixed_clock, wait_for


@pytest.fixture
def demo_app(monkeypatch: pytest.MonkeyPatch) -> IepApp:
    # Under the test's own HOME: paths show on screen as "~/…", the same on any machine.
    folder = Path(os.environ["HOME"]) / "demo"
    bundled = folder / "bundled"
    shutil.copytree(REPO / "checklists", bundled)
    monkeypatch.setattr(locations, "bundled_checklists_dir", lambda: bundled)
    data = folder / "data"
    demo_copy(data, TODAY)
    # The cursor stays on: a blink timer would hide it in a picture taken half a second late
    # (on a busy machine), and the picture would differ for no reason.
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
    return IepApp(data, [], watch=0, clock=fixed_clock())


async def settle(pilot: Pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.session.library is not None)
    await wait_for(
        pilot, lambda: app.screen.query("#agenda") and app.screen.query_one("#agenda").option_count
    )
    await pilot.pause()


async def focused(pilot: Pilot) -> None:
    """A form is shown with its first field focused. Blinking cursors are stopped (hidden):
    a picture taken half a second later would otherwise differ."""
    await wait_for(pilot, lambda: pilot.app.focused is not None)
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()


def test_home_80x24(snap_compare, demo_app: IepApp) -> None:
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=settle)


def test_home_60x20(snap_compare, demo_app: IepApp) -> None:
    assert snap_compare(demo_app, terminal_size=(60, 20), run_before=settle)


def test_home_caseload_80x24(
    snap_compare, demo_app: IepApp, capsys: pytest.CaptureFixture[str]
) -> None:
    """Seven families: "All children" is one agenda by date, overdue first."""
    from .test_agenda import caseload

    caseload(Path(os.environ["HOME"]) / "demo" / "data")
    capsys.readouterr()
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=settle)


def test_home_one_child(snap_compare, demo_app: IepApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("down", "down", "tab")
        await pilot.pause()

    assert snap_compare(demo_app, run_before=run_before)


async def plan_goal(pilot: Pilot) -> None:
    """Maya's IEP with its reading goal highlighted: no progress twice, and its chart."""
    await settle(pilot)
    await pilot.app.push_screen(PlanScreen("maya-chen"))
    await pilot.pause()
    goal = pilot.app.session.child("maya-chen").current_plan().goals[0]
    listing = pilot.app.screen.query_one("#plan-entries", OptionList)
    listing.highlighted = listing.get_option_index(f"g:{goal.id}")
    await pilot.pause()


def test_plan_80x24(snap_compare, demo_app: IepApp) -> None:
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=plan_goal)


def test_plan_60x20(snap_compare, demo_app: IepApp) -> None:
    assert snap_compare(demo_app, terminal_size=(60, 20), run_before=plan_goal)


def _run_id(app: IepApp, child_id: str, checklist: str) -> str:
    child = app.session.child(child_id)
    return next(r.id for r in child.runs if r.checklist == checklist)


def test_run_ppt_prep(snap_compare, demo_app: IepApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.app.push_screen(
            RunScreen("sam-rivera", _run_id(pilot.app, "sam-rivera", "ct-ppt-prep"))
        )
        await pilot.pause()
        items = pilot.app.screen.query_one("#items", OptionList)
        items.highlighted = items.get_option_index("ask-for-records")
        await pilot.pause()

    assert snap_compare(demo_app, run_before=run_before)


def test_letter_80x24(snap_compare, demo_app: IepApp) -> None:
    """The 504 grievance, filled in from Sam's monitoring log (what was missed, whom told)."""

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        run_id = _run_id(pilot.app, "sam-rivera", "ct-504-monitoring")
        await pilot.app.push_screen(RunScreen("sam-rivera", run_id))
        await pilot.pause()
        items = pilot.app.screen.query_one("#items", OptionList)
        items.highlighted = items.get_option_index("file-grievance")
        await pilot.pause()
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, LetterScreen))
        await focused(pilot)
        area = pilot.app.screen.query_one("#letter-text", TextArea)
        area.scroll_to(y=8, animate=False)
        await pilot.pause()

    assert snap_compare(demo_app, run_before=run_before)


def test_record_80x24(snap_compare, demo_app: IepApp) -> None:
    """Maya's record: contacts, documents (an IEP copy late by four school days), meetings."""

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.app.push_screen(RecordScreen("maya-chen"))
        await pilot.pause()
        await pilot.press("f", "f")  # documents only
        await pilot.pause()

    assert snap_compare(demo_app, run_before=run_before)


def test_run_504_monitoring_log(snap_compare, demo_app: IepApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        run_id = _run_id(pilot.app, "sam-rivera", "ct-504-monitoring")
        await pilot.app.push_screen(RunScreen("sam-rivera", run_id))
        await pilot.pause()
        items = pilot.app.screen.query_one("#items", OptionList)
        items.highlighted = items.get_option_index("log-missed-weekly")
        await pilot.pause()

    assert snap_compare(demo_app, run_before=run_before)


def test_run_guide_tally(snap_compare, demo_app: IepApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        run_id = _run_id(pilot.app, "sam-rivera", "ct-504-or-iep")
        await pilot.app.push_screen(RunScreen("sam-rivera", run_id))
        await pilot.pause()
        await pilot.press("space", "down", "down", "space")
        await pilot.pause()

    assert snap_compare(demo_app, run_before=run_before)


def test_meeting(snap_compare, demo_app: IepApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        meeting = pilot.app.session.child("sam-rivera").meetings[0]
        await pilot.app.push_screen(MeetingScreen("sam-rivera", meeting.id))
        await focused(pilot)

    assert snap_compare(demo_app, run_before=run_before)


def test_child(snap_compare, demo_app: IepApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.app.push_screen(ChildScreen("sam-rivera"))
        await focused(pilot)

    assert snap_compare(demo_app, run_before=run_before)


def test_checklists(snap_compare, demo_app: IepApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("l")
        await pilot.pause()

    assert snap_compare(demo_app, run_before=run_before)


def test_help(snap_compare, demo_app: IepApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(demo_app, run_before=run_before)


def test_welcome(snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    app = IepApp(Path(os.environ["HOME"]) / "empty", [], watch=0, clock=fixed_clock())

    async def run_before(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: pilot.app.screen.has_class("empty"))
        await pilot.pause()

    assert snap_compare(app, run_before=run_before)


def test_share_dialog(snap_compare, demo_app: IepApp) -> None:
    """Sharing from the child's form: what goes in, the file (in the exports folder), the
    passphrase twice (hidden), or an age key; the letters may be left out."""

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.app.push_screen(ChildScreen("sam-rivera"))
        await focused(pilot)
        await pilot.press("ctrl+f", *"secret")
        await focused(pilot)

    assert snap_compare(demo_app, run_before=run_before)


def test_receive_dialog_60x20(snap_compare, demo_app: IepApp) -> None:
    """Receiving on Home at 60x20, after a file that is not a share file."""

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        notes = Path(os.environ["HOME"]) / "notes.txt"
        notes.write_text("not a record\n")
        await pilot.press("g", *"~/notes.txt", "ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await wait_for(pilot, lambda: "error" in str(pilot.app.screen.query(".error")))
        await focused(pilot)

    assert snap_compare(demo_app, terminal_size=(60, 20), run_before=run_before)
