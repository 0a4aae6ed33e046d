"""Text from files is shown literally: markup stays text, control characters are replaced."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import OptionList

from iepcheck.checklists.library import scan
from iepcheck.records.store import Store
from iepcheck.tui.screens.library import LibraryScreen
from iepcheck.tui.screens.meeting import MeetingScreen
from iepcheck.tui.screens.run import RunScreen

from ..helpers import at, attach, log, meet, write_checklist
from .conftest import SIZE, make_app, screen_text, wait_for

HOSTILE = """format = 1
id = "hostile"
version = 1
title = "[b]Bold[/b] [@click=app.quit]title[/]"
kind = "meeting"
summary = "[link=https://evil.example]click me[/link]"

[[sections]]
title = "[red]Section[/red]"

[[sections.items]]
id = "click"
text = "[@click=app.quit]x[/]"
details = "[ @click=app.quit ]y [link=https://evil.example]z[/link] w[/]"

[[sections.items]]
id = "close"
text = "x[/] and [bold"
"""
ESC_NOTE = "before\x1b[2J\x1b]8;;https://evil.example\x07after \u202eevil\u202c end"


def hostile_setup(data_dir: Path, extra: Path) -> tuple[str, str, str]:
    write_checklist(extra, "hostile.toml", HOSTILE)
    library = scan(data_dir, [extra])
    checklist = library.get("hostile").checklist
    store = Store(data_dir)
    child = store.create("Sam [b]Rivera[/b]")

    def fill(c):
        m = meet(c, date(2026, 12, 10), "PPT [@click=app.quit]now[/]", notes=ESC_NOTE)
        run = attach(c, checklist, date(2026, 11, 1), m.id, origin="extra")
        run.set_note("click", ESC_NOTE)
        log(run, "click", date(2026, 11, 20), "log \x1b[31mred\u202e", at("2026-11-20"))
        return m.id, run.id

    meeting_id, run_id = store.update(child.id, fill)[1]
    return child.id, meeting_id, run_id


async def test_markup_and_control_characters_are_shown_literally(
    data_dir: Path, tmp_path: Path
) -> None:
    extra = tmp_path / "shared"
    child_id, meeting_id, run_id = hostile_setup(data_dir, extra)
    assert child_id == "sam-b-rivera-b"
    app = make_app(data_dir, [extra])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await wait_for(pilot, lambda: "Rivera" in screen_text(app))
        home = screen_text(app)
        assert "Sam [b]Rivera[/b]" in home  # OptionList (children and agenda)
        assert "PPT [@click=app.quit]now[/]" in home

        await app.push_screen(RunScreen(child_id, run_id))
        await pilot.pause()
        run_screen = screen_text(app)
        assert "[@click=app.quit]x[/]" in run_screen  # OptionList items
        assert "x[/] and [bold" in run_screen  # malformed markup: no crash, literal
        assert "[RED]SECTION[/RED]" in run_screen  # section heading (upper-cased)
        details = str(app.screen.query_one("#details-text").render())  # Static
        assert "[ @click=app.quit ]y [link=https://evil.example]z[/link] w[/]" in details
        assert "\x1b" not in details and "\u202e" not in details
        assert (
            "before\ufffd[2J\ufffd]8;;https://evil.example\ufffdafter \ufffdevil\ufffd end"
            in details
        )
        assert "log \ufffd[31mred\ufffd" in details
        assert app.screen.title == "[b]Bold[/b] [@click=app.quit]title[/]"
        assert "[b]Bold[/b] [@click=app.quit]title[/]" in run_screen  # Header
        await pilot.press("space")  # the app is alive and answers keys
        assert app.screen.views["click"].state == "done"
        await pilot.press("q")

        await app.push_screen(MeetingScreen(child_id, meeting_id))
        await pilot.pause()
        selections = app.screen.query_one("#checklists", OptionList)
        prompts = [str(o.prompt) for o in selections.options]
        assert any("[b]Bold[/b] [@click=app.quit]title[/]" in p for p in prompts)
        notes = app.screen.query_one("#notes").text  # TextArea edits the real value
        assert notes == ESC_NOTE
        assert "[b]Bold[/b]" in screen_text(app)
        await pilot.press("escape")

        await app.push_screen(LibraryScreen())
        await pilot.pause()
        listing = app.screen.query_one("#library-list", OptionList)
        listing.highlighted = next(
            n for n, o in enumerate(listing.options) if "Bold" in str(o.prompt)
        )
        await wait_for(
            pilot, lambda: "click me" in str(app.screen.query_one("#library-text").render())
        )
        library_text = str(app.screen.query_one("#library-text").render())
        assert "[link=https://evil.example]click me[/link]" in library_text
        app.notify("[@click=app.quit]file text[/]", markup=False)  # notify, as the app calls it
        await wait_for(pilot, lambda: "[@click=app.quit]file text[/]" in screen_text(app))
        assert app.is_running


def test_every_text_widget_gets_content_not_strings() -> None:
    """A guard over the source: file text reaches widgets only through the safe helpers."""
    import re

    from ..conftest import REPO

    for path in (REPO / "src" / "iepcheck" / "tui").rglob("*.py"):
        source = path.read_text()
        assert not re.search(r"(?<!`)\bescape\(", source), f"{path.name}: use Content, not escape()"
        for call in re.findall(r"\.notify\((.*?)\)\n", source, re.S):
            assert "markup=False" in call, f"{path.name}: notify() without markup=False"
        assert not re.search(r"(Static|Label|Button|Option)\(f?\"", source), (
            f"{path.name}: a widget given a plain string (parsed as markup)"
        )
