"""The Plan screen as a user drives it: from Home and the child form, a goal and a progress
report added by keys, saved to the file; a progress report ticked in the monitoring checklist
asks for each goal's status in the same step."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from iepcheck.records.store import Store
from iepcheck.tui.screens.child import ChildScreen
from iepcheck.tui.screens.plan import PlanScreen
from iepcheck.tui.screens.run import RunScreen
from iepcheck.tui.widgets.dialogs import Prompt

from .conftest import SIZE, make_app, screen_text, wait_for


async def open_plan(app, pilot) -> PlanScreen:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: app.session.library is not None)
    await wait_for(
        pilot, lambda: app.screen.query("#agenda") and app.screen.query_one("#agenda").option_count
    )
    await pilot.press("down", "i")  # Maya (the first child), her plan
    await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
    await pilot.pause()
    return app.screen


def highlight(screen: PlanScreen, option_id: str) -> None:
    listing = screen.query_one("#plan-entries", OptionList)
    listing.highlighted = listing.get_option_index(option_id)


async def test_a_goal_and_a_report_added_from_the_plan_screen(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(app, pilot)
        assert "Maya Chen · IEP" in screen_text(app)
        highlight(screen, "add:g")
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        await pilot.press(*"Writes", "enter", *"writing", "enter", *"1", "enter", *"5", "enter")
        await pilot.press(*"lines", "enter", "enter", *"Three", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        await pilot.pause()  # the dialog's answer is applied once it has closed
        child = app.session.child("maya-chen")
        goal = child.current_plan().goals[-1]
        assert (goal.text, goal.area, goal.baseline, goal.target, goal.unit) == (
            "Writes",
            "writing",
            "1",
            "5",
            "lines",
        )
        assert [o.text for o in goal.objectives] == ["Three"]
        # A progress report on it: the day, the status by its number, a value.
        highlight(screen, f"g:{goal.id}")
        await pilot.pause()
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        await pilot.press("enter", "3", "enter", "2", "enter", *"first", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        await pilot.pause()
        shown = screen_text(app)
        assert "28 Nov 2026  Limited/Minimal" in shown  # its reports, in the details
        assert "bas Nov tgt" in shown  # and its chart: baseline, the report, the target
        app.session.flush()
    saved = Store(demo_dir).load("maya-chen").current_plan()
    goal = saved.goals[-1]
    assert goal.text == "Writes"
    assert [(r.on.isoformat(), r.status, r.value, r.note) for r in goal.reports] == [
        ("2026-11-28", "limited", 2, "first")
    ]


async def test_a_wrong_status_is_said_and_the_answer_kept(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(app, pilot)
        goal = app.session.child("maya-chen").current_plan().goals[0]
        highlight(screen, f"g:{goal.id}")
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        await pilot.press("enter", *"great", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt) and app.screen.error)
        assert "'great' is not a progress status" in app.screen.error
        assert len(app.session.child("maya-chen").current_plan().goals[0].reports) == 4


async def test_the_plan_from_the_child_form_and_undo(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await app.push_screen(ChildScreen("maya-chen"))
        await pilot.pause()
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        screen = app.screen
        plan = app.session.child("maya-chen").current_plan()
        highlight(screen, f"a:{plan.accommodations[0].id}")
        await pilot.press("d")
        await pilot.press("y")
        await pilot.pause()
        assert len(app.session.child("maya-chen").current_plan().accommodations) == 1
        await pilot.press("u")
        await pilot.pause()
        assert len(app.session.child("maya-chen").current_plan().accommodations) == 2
        # The previous plan is read only; c compares: speech was cut.
        await pilot.press("v")
        await pilot.pause()
        assert "previous (read only)" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)  # nothing to add to
        await pilot.press("c")
        await pilot.pause()
        assert "cut from 90 to 60 min a week" in screen_text(app)


async def test_ticking_a_progress_report_asks_each_goal(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        child = app.session.child("maya-chen")
        run = next(r for r in child.runs if r.checklist == "ct-iep-monitoring")
        await app.push_screen(RunScreen("maya-chen", run.id))
        await pilot.pause()
        items = app.screen.query_one("#items", OptionList)
        items.highlighted = items.get_option_index("progress-report-arrived")
        await pilot.pause()
        await pilot.press("space")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        # The day, then each goal: reading limited (72), speech satisfactory, habits left out.
        await pilot.press("enter", "3", "enter", *"72", "enter", "4", "enter", "enter", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, RunScreen))
        app.session.flush()
    saved = Store(demo_dir).load("maya-chen")
    goals = saved.current_plan().goals
    assert [len(g.reports) for g in goals] == [5, 5, 4]
    assert (goals[0].reports[-1].status, goals[0].reports[-1].value) == ("limited", 72)
    run = next(r for r in saved.runs if r.checklist == "ct-iep-monitoring")
    assert run.state("progress-report-arrived").state == "done"
    # The tick records the document itself (once).
    assert [d.kind for d in saved.documents].count("progress-report") == 1
