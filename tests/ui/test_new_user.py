"""What a new parent and an advocate ran into (issue: meetings without checklists, meetings
that vanish, edits that can't be undone), each checked the way a keyboard user meets it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import events
from textual.widgets import Input, OptionList

from iepcheck.records.store import Store
from iepcheck.tui.screens.child import ChildScreen, StartChecklist
from iepcheck.tui.screens.home import HomeScreen
from iepcheck.tui.screens.meeting import MeetingScreen
from iepcheck.tui.screens.run import RunScreen
from iepcheck.tui.widgets.dialogs import Confirm, Pick, Prompt

from .conftest import SIZE, TODAY, make_app, screen_text, wait_for
from .test_flows import highlight, open_run, saved_run


async def test_a_ppt_for_a_504_child_gets_its_checklist_and_says_what_is_attached(
    data_dir: Path,
) -> None:
    store = Store(data_dir)
    store.create("Sam", "504")
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await app.push_screen(MeetingScreen("sam", None))
        await pilot.pause()
        picker = app.screen.query_one("#checklists")
        assert picker.selected == {"ct-504-meeting-prep"}  # a 504 child meets as a 504 team
        app.screen.query_one("#kind").value = "ppt"
        await pilot.pause()
        assert picker.selected == {"ct-ppt-prep"}  # changing the kind refills the checklists
        shown = screen_text(app)
        assert "[x] Getting ready for a PPT meeting" in shown and "· attached" in shown
        assert "[ ] Getting ready for a 504 meeting" in shown and "· not attached" in shown
        picker.focus()
        picker.highlighted = [c for c, _ in picker.choices].index("ct-ppt-prep")
        await pilot.press("space")  # detach it: a meeting with nothing to prepare
        assert picker.selected == set()
        await pilot.press("shift+tab", "shift+tab", *"2026-12-10")  # the date field
        app.screen.query_one("#date").value = "2026-12-10"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: "No checklist attached" in screen_text(app))


async def test_leaving_an_edited_form_asks_and_an_untouched_one_does_not(
    demo_dir: Path,
) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await app.push_screen(ChildScreen("sam-rivera"))
        await pilot.pause()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await app.push_screen(ChildScreen("sam-rivera"))
        await pilot.pause()
        await pilot.press("end", *" Jr")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("enter")  # Enter keeps editing
        await wait_for(pilot, lambda: isinstance(app.screen, ChildScreen))
        assert app.screen.query_one("#name").value == "Sam Rivera Jr"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("d")  # d discards
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    assert Store(demo_dir).load("sam-rivera").name == "Sam Rivera"


async def test_keys_in_one_burst_fill_the_fields_they_were_typed_for(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await app.push_screen(ChildScreen(None))
        await pilot.pause()
        burst = [
            *"Ana Diaz",
            "tab",
            "tab",
            *"Lincoln Middle School",
            "tab",
            *"West Hartf",
            "backspace",
            *"ford",
        ]
        for key in burst:  # all queued at once, as a laggy link delivers them
            char = key if len(key) == 1 else None
            app.post_message(events.Key(key, char))
        # Keys are taken one at a time, each once the one before is handled: wait for the last.
        await wait_for(pilot, lambda: app.screen.query_one("#district").value.endswith("ford"), 30)
        assert app.screen.query_one("#name").value == "Ana Diaz"
        assert app.screen.query_one("#school").value == "Lincoln Middle School"
        assert app.screen.query_one("#district").value == "West Harford"[:0] + "West Hartford"


async def test_a_paste_of_several_lines_into_one_field_keeps_them_all(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ChildScreen(None))
        await pilot.pause()
        name = app.screen.query_one("#name", Input)
        name.post_message(events.Paste("Ana\nMaria\n  Diaz\n"))
        await pilot.pause()
        assert name.value == "Ana Maria Diaz"


async def test_the_start_dialog_opens_on_its_first_choice(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await app.push_screen(StartChecklist("maya-chen"))
        await pilot.pause()
        first = app.screen.query_one("#choices", OptionList).get_option_at_index(0).id
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RunScreen))
        assert app.screen.run().checklist == first


async def test_log_dialog_keeps_what_was_typed_and_refuses_the_future(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-504-monitoring")
        await highlight(pilot, screen, "log-missed-weekly")
        # Which accommodation? Not one of those listed: on this general item.
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, Pick))
        assert "Extended time (1.5x) on tests" in screen_text(app)
        await pilot.press("end", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        await pilot.press("ctrl+u", *"2026-13-40", "enter", *"No quiet room", "enter")
        await pilot.press(*"Math", "tab", *"Mr. Ortiz", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        assert "is not a date" in screen_text(app)
        fields = [i.value for i in app.screen.query(Input)]
        assert fields == ["2026-13-40", "No quiet room", "Math", "Mr. Ortiz", ""]  # all kept
        app.screen.query(Input).first().value = "2026-12-25"
        app.screen.query(Input).first().focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "is in the future" in screen_text(app)
        app.screen.query(Input).first().value = "2026-11-20"
        app.screen.query(Input).first().focus()
        await pilot.press("enter", "enter", "enter", "enter", *"2026-11-21", "enter")
        await wait_for(pilot, lambda: app.screen is screen)
        (entry,) = [e for e in screen.views["log-missed-weekly"].log if e.text == "No quiet room"]
        assert (entry.where, entry.told, str(entry.told_on)) == ("Math", "Mr. Ortiz", "2026-11-21")
        # The details pane shows where, and whom the parent told when.
        details = str(screen.query_one("#details-text").render())
        assert "Fri 20 Nov 2026  No quiet room (Math) · told Mr. Ortiz on Sat 21 Nov" in details


async def test_done_on_a_date_and_dates_counted_from_it(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        await highlight(pilot, screen, "received-pwn")
        await pilot.press("o", "ctrl+u", *"2026-11-16", "enter")
        await pilot.pause()
        view = screen.views["received-pwn"]
        assert view.state == "done" and view.saved.on == date(2026, 11, 16)
        assert view.saved.at is not None and view.saved.at.date() == TODAY  # recorded now
        # 10 school days after Mon 16 Nov, with Thanksgiving (and the Friday after it open):
        assert screen.views["decide-due-process"].due == date(2026, 12, 1)


async def test_own_items_and_log_entries_can_be_corrected_and_undo_survives_leaving(
    demo_dir: Path,
) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-504-monitoring")
        await highlight(pilot, screen, "own-seat")
        await pilot.press("r", "ctrl+u", *"Seat near the front", "enter")
        await pilot.pause()
        assert screen.views["own-seat"].item.text == "Seat near the front"
        await highlight(pilot, screen, "log-missed-weekly")
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, Pick))
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await pilot.pause()
        assert len(screen.views["log-missed-weekly"].log) == 0
        await highlight(pilot, screen, "own-seat")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await pilot.pause()
        assert "own-seat" not in screen.views
        await pilot.press("q")  # leave the checklist, come back: undo still works
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        screen = await open_run(app, pilot, "sam-rivera", "ct-504-monitoring")
        await pilot.press("u")
        await pilot.pause()
        assert screen.views["own-seat"].item.text == "Seat near the front"
        await pilot.press("u")
        await pilot.pause()
        assert len(screen.views["log-missed-weekly"].log) == 1
        app.session.flush()
    run = saved_run(demo_dir, "sam-rivera", "ct-504-monitoring")
    assert run.find("own-seat").text == "Seat near the front"
    assert len(run.state("log-missed-weekly").log) == 1


async def test_export_from_home_and_the_palette_lists_only_the_apps_actions(
    demo_dir: Path, tmp_path: Path
) -> None:
    from iepcheck.tui.commands import ScreenActions

    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        names = [d for d, *_ in ScreenActions(app.screen).commands()]
        assert "Export a printable record" in names
        assert not {"Scroll Left", "Focus Next", "Page Right"} & set(names)
        assert len(names) == len(set(names))
        listing = app.screen.query_one("#children", OptionList)
        await wait_for(pilot, lambda: listing.option_count >= 3)
        listing.highlighted = listing.get_option_index("sam-rivera")
        await pilot.pause()
        target = tmp_path / "sam.md"
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: target.exists())
    assert target.read_text().startswith("# Sam Rivera")


async def test_the_add_here_row_puts_an_accommodation_in_its_section(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-504-monitoring")
        items = screen.query_one("#items", OptionList)
        items.highlighted = items.get_option_index("add:1")
        await pilot.press("enter", *"Breaks when anxious", "enter")
        await pilot.pause()
        (view,) = [v for v in screen.views.values() if v.item.text == "Breaks when anxious"]
        assert view.section == "Each accommodation in the plan" and view.item.repeat == "weekly"


async def test_home_end_show_the_first_heading_and_reworded_items_say_so(
    demo_dir: Path,
) -> None:
    from iepcheck.records.store import Store as _Store

    def reword(child) -> None:  # as if the family ticked an older wording
        run = next(r for r in child.runs if r.checklist == "ct-ppt-prep")
        run.items["check-notice"].was = "The old words of this item"

    _Store(demo_dir).update("sam-rivera", reword)
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        items = screen.query_one("#items", OptionList)
        row = items.get_option("check-notice").prompt
        assert "changed since you ticked" in str(row)
        details = str(screen.query_one("#details-text").render())
        assert "It said: The old words of this item" in details.replace("\n", " ")
        await pilot.press("end")  # looked at, and moved on: no longer marked
        await pilot.press("home")
        await pilot.pause()
        assert items.scroll_offset.y == 0  # the first section heading is in view
        assert "AS SOON AS THE MEETING IS SET" in screen_text(app)
        await wait_for(pilot, lambda: not screen.views["check-notice"].saved.was)
        app.session.flush()
    run = saved_run(demo_dir, "sam-rivera", "ct-ppt-prep")
    assert run.state("check-notice").was == ""
