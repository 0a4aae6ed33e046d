"""School calendars in the app: import a district's .ics from the child's form, export dates."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from iepcheck.records.store import Store
from iepcheck.tui.screens.calendars import CalendarImportScreen
from iepcheck.tui.screens.child import ChildScreen
from iepcheck.tui.widgets.dialogs import Prompt

from ..conftest import DATA
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
        await wait_for(pilot, lambda: isinstance(app.screen, CalendarImportScreen))
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
