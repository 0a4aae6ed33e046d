"""What the first-week walk in tmux found this round (issue 23): a burst through a drop-down
lost what was typed after it; a run's rows cut a date in two until the window was resized."""

from __future__ import annotations

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
            pilot, lambda: isinstance(app.screen, HomeScreen) and "Marcus" in screen_text(app)
        )
        child = Store(data_dir).load("marcus-diaz")
        assert (child.plan, child.school, child.district) == ("504", "Naylor School", "Hartford")
