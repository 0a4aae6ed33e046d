"""What a tick draws (issue 22): the ticked row and the counts, never the whole screen; the
details pane follows a frame later. Counted in Textual's compositor, never timed."""

from __future__ import annotations

from pathlib import Path

from textual.screen import ModalScreen

from iepcheck.tui.screens.run import RunScreen

from .conftest import SIZE, make_app, screen_text, wait_for
from .test_flows import highlight, open_run


async def test_a_tick_never_repaints_the_whole_screen(demo_dir: Path, monkeypatch) -> None:
    """Home, under the run, marked itself changed on each tick; Textual then drew the run's
    screen again whole (two full repaints a tick, before)."""
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        await highlight(pilot, screen, "ask-for-eval-reports")
        await pilot.pause(0.3)
        compositor = screen._compositor
        full, partial = [], []
        render_full, render_partial = (
            compositor.render_full_update,
            compositor.render_partial_update,
        )

        def counted_full(*args, **kw):
            full.append(1)
            return render_full(*args, **kw)

        def counted_partial(*args, **kw):
            partial.append(1)
            return render_partial(*args, **kw)

        monkeypatch.setattr(compositor, "render_full_update", counted_full)
        monkeypatch.setattr(compositor, "render_partial_update", counted_partial)
        for state in ("done", "open", "done"):
            await pilot.press("space")
            await wait_for(pilot, lambda s=state: screen.views["ask-for-eval-reports"].state == s)
            await pilot.pause(0.3)
        assert partial, "the ticks were drawn"
        assert full == []
        assert app._background_screens == []  # nothing shows through an opaque screen
        # The details pane caught up: the item is done, with its day.
        await wait_for(pilot, lambda: "Done Sat 28 Nov 2026" in screen_text(app))


class SeeThrough(ModalScreen[None]):
    def on_mount(self) -> None:
        self.styles.background = "black 50%"  # inline: over app.tcss's opaque screens


async def test_a_screen_that_lets_the_one_below_show_still_draws_it(demo_dir: Path) -> None:
    """iepcheck's dialogs are opaque; one that is not still has the run drawn under it."""
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        await app.push_screen(SeeThrough())
        await pilot.pause()
        assert app._background_screens[-1] is screen
        assert "Sam Rivera" in screen_text(app)  # the run, through the screen on top
        app.pop_screen()
        await wait_for(pilot, lambda: isinstance(app.screen, RunScreen))
