"""What the first-week walk in tmux found this round (issue 23): a burst through a drop-down
lost what was typed after it; a run's rows cut a date in two until the window was resized."""

from __future__ import annotations

import re
from pathlib import Path

from iepcheck.records.store import Store
from iepcheck.tui.screens.home import HomeScreen

from .conftest import SIZE, make_app, screen_text, wait_for
from .test_first_week import _burst


async def test_keys_typed_after_a_drop_down_choice_reach_the_next_fields(data_dir: Path) -> None:
    """In tmux: the plan chosen with ↑ Enter, then Tab, the school, Tab, the district, typed
    at once: the school was lost and the district landed in the school's field."""
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        _burst(
            app,
            [
                "c",
                *"Marcus Diaz",
                "tab",
                "enter",
                "up",
                "enter",
                "tab",
                *"Naylor School",
                "tab",
                *"Hartford",
                "ctrl+s",
            ],
        )
        await wait_for(
            pilot, lambda: isinstance(app.screen, HomeScreen) and "Marcus" in screen_text(app), 30
        )
        assert app.session.flush()  # the save is written after the screen is drawn
        child = Store(data_dir).load("marcus-diaz")
        assert (child.plan, child.school, child.district) == ("504", "Naylor School", "Hartford")


MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
CUT_DATE = re.compile(rf"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{{1,2}} *│\n│ *({MONTHS})\b")


async def test_a_run_opened_from_home_shows_every_date_whole(demo_dir: Path) -> None:
    """In tmux at 80x24: a 504 meeting's checklist opened with its dates cut in two ("!Tue 1"
    / "Dec") until the window was resized: OptionList keeps a row's lines by the row, not by
    the width, and had made them before its scrollbar came."""
    from iepcheck.tui.screens.run import RunScreen

    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        child = app.session.child("sam-rivera")
        run = next(r for r in child.runs if r.checklist == "ct-ppt-prep" and not r.archived)
        app.push_screen(RunScreen("sam-rivera", run.id))  # not awaited: as a key opens it
        await wait_for(pilot, lambda: isinstance(app.screen, RunScreen))
        screen = app.screen
        await wait_for(pilot, lambda: bool(screen.query("#items")) and bool(screen.row_width()))
        await pilot.pause()
        assert screen.rows_width == screen.row_width()
        assert not CUT_DATE.search(screen_text(app))


async def test_rows_are_broken_again_when_the_list_alone_changes_width(demo_dir: Path) -> None:
    """The list's width can change with no window resize (the panes stacked or side by side,
    the details pane laid out after the list): the rows follow it."""
    from .test_flows import open_run

    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        before = screen.rows_width
        screen.query_one(".details").styles.width = 12
        await wait_for(pilot, lambda: screen.row_width() != before)
        await pilot.pause()
        assert screen.rows_width == screen.row_width() != before


async def test_a_pretend_day_is_named_before_what_it_is(data_dir: Path) -> None:
    """In tmux at 60x20 with --today: 'planning as if it were Tue 8 D…' — the date was the
    part a narrow window cut. The day now comes first."""
    import datetime as dt

    from iepcheck.clock import Clock

    from .conftest import RecordingApp

    real = dt.datetime(2026, 12, 3, 10, tzinfo=dt.UTC)
    app = RecordingApp(data_dir, [], clock=Clock(dt.date(2026, 12, 8), now=lambda: real))
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.sub_title.startswith("Tue 8 Dec 2026")
        assert "Tue 8 Dec 2026" in screen_text(app).splitlines()[0]
