"""School calendars in the app: import a district's .ics from the child's form, export dates."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from iepcheck.calendar.ics import apart
from iepcheck.records.store import Store
from iepcheck.tui.screens.calendars import CalendarImportScreen
from iepcheck.tui.screens.child import ChildScreen
from iepcheck.tui.widgets.dialogs import Pick, Prompt, Working

from ..conftest import DATA
from ..hardening.ics_corpus import NEVER_ENDS, setpos_file
from ..hardening.test_hostile_ics import recorded
from .conftest import SIZE, make_app, screen_text, wait_for

ICS = DATA / "calendars" / "district-2026-27.ics"


async def test_import_preview_edit_and_save(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ChildScreen("sam-rivera"))
        await pilot.pause()
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        fields = list(app.screen.query(Input))
        fields[0].value, fields[1].value = str(ICS), "bad id!"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "not a usable calendar id" in screen_text(app))
        fields = list(app.screen.query(Input))
        assert fields[0].value == str(ICS)  # what was typed is kept
        fields[1].value = "example-2026-27"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Closed days found" in screen_text(app), 60)
        text = screen_text(app)
        assert "first day Thu 27 Aug 2026" in text and "Closed days found (12)" in text
        # The parent removes a line (the district's PD days before school) and adds their own.
        area = app.screen.query_one("#closures", TextArea)
        lines = [line for line in area.text.splitlines() if "Teachers Report" not in line]
        area.text = "\n".join([*lines, "2027-03-05 Our school's own PD day"])
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, CalendarImportScreen))
        assert app.session.flush()
    assert Store(demo_dir).load("sam-rivera").calendar == "example-2026-27"
    saved = (demo_dir / "checklists" / "example-2026-27.calendar.toml").read_text()
    assert "Our school's own PD day" in saved and "Teachers Report" not in saved
    assert "2026-11-11" in saved  # Veterans Day: the file says the schools are open


async def test_the_app_reads_a_hostile_file(demo_dir: Path, tmp_path: Path) -> None:
    """Issue 21 item 4: a yearly rule with a 120 KB BYSETPOS list hung the import."""
    hostile = setpos_file(tmp_path / "setpos-120k.ics")
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ChildScreen("sam-rivera"))
        await pilot.pause()
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        fields = list(app.screen.query(Input))
        fields[0].value, fields[1].value = str(hostile), "hostile"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Closed days found" in screen_text(app), 60)
        text = screen_text(app)
        assert "too long to work out" in text and "Thanksgiving Recess" in text


async def test_the_apps_import_can_be_stopped(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever a file does to the reader, Esc stops the reading and no process is left."""
    hostile = setpos_file(tmp_path / "setpos-120k.ics")
    started = recorded(monkeypatch)
    monkeypatch.setattr(apart, "READER", NEVER_ENDS)
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ChildScreen("sam-rivera"))
        await pilot.pause()
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        fields = list(app.screen.query(Input))
        fields[0].value, fields[1].value = str(hostile), "hostile"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, Working))
        assert "Reading setpos-120k.ics" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt), 30)
        assert isinstance(app.screen, Prompt)
        assert "the reading was stopped; nothing was imported" in app.screen.error
        assert list(app.screen.query(Input))[1].value == "hostile"  # what was typed is kept
    assert started and all(child.poll() is not None for child in started)


async def test_the_preview_lists_every_ignored_event(demo_dir: Path) -> None:
    """Issue 23 item 15: all of them, a line each with why (not the first 12 run together)."""
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ChildScreen("sam-rivera"))
        await pilot.pause()
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        fields = list(app.screen.query(Input))
        fields[0].value, fields[1].value = str(ICS), "example-2026-27"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Closed days found" in screen_text(app), 60)
        screen = app.screen
        assert isinstance(screen, CalendarImportScreen)
        notes = [str(s.content) for s in screen.query(".note")]
        # A date's words are held together by no-break spaces: never split across lines.
        listed = next(n for n in notes if n.startswith("Ignored (")).replace("\u00a0", " ")
        lines = listed.splitlines()
        assert lines[0] == f"Ignored ({len(screen.plan.ignored)}):" and len(lines) == 23
        assert "Wed 18 Nov 2026  Parent-Teacher Conferences - Early Dismissal  (an early " in listed
        assert "more" not in listed


async def test_export_meetings_only_from_the_app(demo_dir: Path, tmp_path: Path) -> None:
    """Issue 23 item 10: the app offers the CLI's --only meetings."""
    import icalendar

    app = make_app(demo_dir)
    target = tmp_path / "phone.ics"
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Sam Rivera" in screen_text(app), 30)
        await pilot.press("k")
        await wait_for(pilot, lambda: isinstance(app.screen, Pick))
        assert "Meetings only" in screen_text(app)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(t.startswith("Wrote ") for t in app.told), 30)
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert uids and all(uid.startswith("meeting-") for uid in uids)
