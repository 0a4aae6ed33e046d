"""Each flow as a keyboard user does it, checked on screen and in the saved file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Input, OptionList, TextArea

from iepcheck.records.store import Store
from iepcheck.tui.screens.child import ChildScreen
from iepcheck.tui.screens.home import HomeScreen
from iepcheck.tui.screens.library import LibraryScreen
from iepcheck.tui.screens.meeting import MeetingScreen
from iepcheck.tui.screens.run import RunScreen

from ..helpers import checklist_text, meet
from .conftest import SIZE, TODAY, make_app, screen_text, wait_for


async def open_run(app, pilot, child_id: str, checklist: str) -> RunScreen:
    child = app.session.child(child_id)
    run = next(r for r in child.runs if r.checklist == checklist and not r.archived)
    await app.push_screen(RunScreen(child_id, run.id))
    await wait_for(pilot, lambda: isinstance(app.screen, RunScreen))
    await pilot.pause()
    return app.screen


async def highlight(pilot, screen: RunScreen, item_id: str) -> None:
    items = screen.query_one("#items", OptionList)
    items.highlighted = items.get_option_index(item_id)
    await pilot.pause()


def triennial(app):
    """Maya's PPT of four days ago, with its checklist (the demo's other meeting has none)."""
    return next(m for m in app.session.child("maya-chen").meetings if m.title == "Triennial review")


def saved_run(data_dir: Path, child_id: str, checklist: str):
    child = Store(data_dir).load(child_id)
    return next(r for r in child.runs if r.checklist == checklist and not r.archived)


async def test_first_run_shows_welcome(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Welcome to iepcheck" in screen_text(app))
        assert app.screen.has_class("empty")
        assert "--demo" in screen_text(app)


async def test_add_child_then_meeting_with_ppt_prep(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ChildScreen))
        await pilot.press(*"Ana Diaz")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: "Ana Diaz" in screen_text(app))
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen))
        await pilot.press(*"2026-12-10")
        assert app.screen.query_one("#checklists").selected == {"ct-ppt-prep"}
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.session.flush()
        await wait_for(pilot, lambda: "in 12 days" in screen_text(app))
    child = Store(data_dir).load("ana-diaz")
    (meeting,) = child.meetings
    assert meeting.date.isoformat() == "2026-12-10" and meeting.title == "PPT meeting"
    assert [r.checklist for r in child.runs_for(meeting.id)] == ["ct-ppt-prep"]


async def test_bad_meeting_date_is_refused(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await app.push_screen(MeetingScreen("sam-rivera", None))
        await pilot.press(*"12/10/2026", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert any("not a date" in told for told in app.told)


async def test_tick_untick_skip_note_log_undo(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        await highlight(pilot, screen, "ask-for-eval-reports")
        await pilot.press("space")
        assert screen.views["ask-for-eval-reports"].state == "done"
        await pilot.press("space")
        assert screen.views["ask-for-eval-reports"].state == "open"
        await pilot.press("space")
        await highlight(pilot, screen, "mediation-notice")
        await pilot.press("s", *"not the first PPT", "enter")
        assert screen.views["mediation-notice"].state == "skipped"
        await highlight(pilot, screen, "write-concerns")
        await pilot.press("n", *"Reading and friendships", "enter")
        await pilot.press("l", "ctrl+u", *"2026-11-20", "enter", *"Called Ms. Park", "ctrl+s")
        await pilot.pause()
        logged = screen.views["write-concerns"].log
        assert [(e.day.isoformat(), e.text) for e in logged] == [("2026-11-20", "Called Ms. Park")]
        details = screen.query_one("#details-text").render()
        assert "Fri 20 Nov 2026  Called Ms. Park" in str(details)
        await highlight(pilot, screen, "take-notes")
        await pilot.press("space", "u")
        assert screen.views["take-notes"].state == "open"  # undone
        app.session.flush()
    run = saved_run(demo_dir, "sam-rivera", "ct-ppt-prep")
    assert run.state("ask-for-eval-reports").state == "done"
    assert run.state("mediation-notice").state == "skipped"
    assert run.state("mediation-notice").reason == "not the first PPT"
    concerns = run.state("write-concerns")
    assert concerns.note == "Reading and friendships"
    assert [(e.day.isoformat(), e.text) for e in concerns.log] == [
        ("2026-11-20", "Called Ms. Park")
    ]
    assert run.state("take-notes").state == "open"


async def test_own_item_filter_and_hide_done(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-504-monitoring")
        await highlight(pilot, screen, "own-ext1")  # an accommodation: a goes into its section
        await pilot.press("a", *"Breaks when anxious", "enter")
        await pilot.pause()
        own = [v for v in screen.views.values() if v.item.text == "Breaks when anxious"]
        assert own and own[0].item.own and own[0].item.repeat == "weekly"
        assert own[0].section == "Each accommodation in the plan"
        assert own[0].due == TODAY + timedelta(weeks=1)  # checked from the day it was added
        await pilot.press("slash", *"breaks")
        await pilot.pause()
        items = screen.query_one("#items", OptionList)
        shown = [o.id for o in items.options if o.id]
        assert shown == [own[0].id]
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        shown = {o.id for o in items.options if o.id}
        assert "get-signed-plan" not in shown and "know-coordinator" not in shown
        await pilot.press("u")  # undo: the own item goes
        await pilot.pause()
        assert own[0].id not in screen.views
        app.session.flush()
    run = saved_run(demo_dir, "sam-rivera", "ct-504-monitoring")
    assert "Breaks when anxious" not in [i.text for s in run.sections for i in s.items]


async def test_meeting_notes_are_saved(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        meeting = app.session.child("maya-chen").meetings[0]
        await app.push_screen(MeetingScreen("maya-chen", meeting.id))
        await pilot.pause()
        area = app.screen.query_one("#notes", TextArea)
        area.text = "Speech continues.\nOT consult added."
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.session.flush()
    saved = Store(demo_dir).load("maya-chen").meetings[0]
    assert saved.notes == "Speech continues.\nOT consult added."


async def test_remove_meeting_asks_and_keeps_ticks(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        meeting = triennial(app)
        await app.push_screen(MeetingScreen("maya-chen", meeting.id))
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("n")  # keep it
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.session.flush()
    child = Store(demo_dir).load("maya-chen")
    assert [m.title for m in child.meetings] == ["Reevaluation planning"]
    assert child.runs[0].detached and child.runs[0].state("check-notice").state == "done"


async def test_import_a_checklist_from_the_library_screen(data_dir: Path, tmp_path: Path) -> None:
    shared = tmp_path / "from-advocate.toml"
    shared.write_text(checklist_text("advocate-list", 2, title="From our advocate"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one(Input).value = str(shared)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "From our advocate" in screen_text(app))
    target = data_dir / "checklists" / "advocate-list.toml"
    assert target.read_bytes() == shared.read_bytes()
    assert target.stat().st_mode & 0o777 == 0o600


async def test_the_library_keeps_its_place_when_the_window_is_resized(data_dir: Path) -> None:
    """The list is filled again at the new width (titles are cut to it): the highlight stays
    on the checklist it was on, and so do its details (it went back to the first one)."""
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await app.push_screen(LibraryScreen())
        await pilot.pause()
        listing = app.screen.query_one("#library-list", OptionList)
        assert listing.option_count > 3
        await pilot.press("down", "down", "down")
        chosen = str(app.screen.query_one("#library-text").render()).splitlines()[0]
        await pilot.resize_terminal(100, 30)
        await wait_for(pilot, lambda: app.screen.size.width == 100)
        await pilot.pause()
        assert listing.highlighted == 3
        assert str(app.screen.query_one("#library-text").render()).splitlines()[0] == chosen
        await pilot.press("r")  # read again from the files: still there
        await pilot.pause()
        assert str(app.screen.query_one("#library-text").render()).splitlines()[0] == chosen


async def test_import_refuses_broken_file(data_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\nid = "x"\nversion = "one"\n')
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await app.push_screen(LibraryScreen())
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one(Input).value = str(bad)
        await pilot.press("enter")
        await pilot.pause()
        messages = app.told
        assert any("not imported: it has errors" in m and "3:11" in m for m in messages)
    assert not (data_dir / "checklists").exists()


async def test_quit_and_relaunch_keeps_everything(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        await highlight(pilot, screen, "list-questions")
        await pilot.press("space", "n", *"Ask about OT", "enter")
        await pilot.press("q")  # back to home
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("q")  # quit: pending saves are flushed first
    again = make_app(demo_dir)
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_run(again, pilot, "sam-rivera", "ct-ppt-prep")
        view = screen.views["list-questions"]
        assert view.state == "done" and view.saved.note == "Ask about OT"


async def test_another_sessions_change_shows_without_restart(demo_dir: Path) -> None:
    from ..helpers import at

    app = make_app(demo_dir, watch=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        assert screen.views["dont-sign"].state == "open"
        run_id = screen.run_id
        Store(demo_dir).update(
            "sam-rivera", lambda c: c.run(run_id).tick("dont-sign", at("2026-11-28"))
        )
        await wait_for(pilot, lambda: screen.views["dont-sign"].state == "done")


async def test_help_and_escape_free_ways_back(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await pilot.press("question_mark")
        await pilot.pause()
        assert "the command palette: every action by name" in screen_text(app)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_home_enter_opens_meeting_and_run(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        agenda = app.screen.query_one("#agenda", OptionList)
        await wait_for(pilot, lambda: agenda.option_count > 0)
        agenda.focus()
        ids = [o.id for o in agenda.options if o and o.id]
        agenda.highlighted = agenda.get_option_index(next(i for i in ids if i.startswith("m:")))
        await pilot.press("e")  # e edits the meeting (Enter opens its checklist)
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        agenda = app.screen.query_one("#agenda", OptionList)
        agenda.highlighted = agenda.get_option_index(next(i for i in ids if i.startswith("r:")))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RunScreen))


async def test_caseload_lists_meetings_by_date_and_opens_the_meeting(data_dir: Path) -> None:
    from datetime import date

    store = Store(data_dir)
    for n, day in enumerate([14, 3, 9, 30, 21, 5]):
        child = store.create(f"Kid {n}")
        store.update(child.id, lambda c, d=day: meet(c, date(2026, 12, d), f"PPT {d}"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        agenda = app.screen.query_one("#agenda", OptionList)
        await wait_for(pilot, lambda: agenda.option_count > 1)
        headings = [str(o.prompt) for o in agenda.options if o.disabled]
        days = [int(line.split()[1]) for line in headings]
        assert days == sorted(days) == [3, 5, 9, 14, 21, 30]
        lines = [str(o.prompt) for o in agenda.options if not o.disabled]
        assert lines[0].startswith("  Kid 1 · PPT 3")
        agenda.focus()
        agenda.highlighted = 1  # the first meeting line (after its day's heading)
        await pilot.press("enter")
        # A meeting with no checklist opens its form (to attach one), as on the child's rows.
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen))
        assert app.screen.child_id == "kid-1"


async def test_start_a_standing_checklist_from_the_child_screen(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await app.push_screen(ChildScreen("maya-chen"))
        await pilot.press("ctrl+t")
        await pilot.pause()
        choices = app.screen.query_one("#choices", OptionList)
        choices.highlighted = choices.get_option_index("ct-iep-to-504")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RunScreen))
        assert "The district proposes ending the IEP" in screen_text(app)
        app.session.flush()
    standing = Store(demo_dir).load("maya-chen").standing_runs()
    assert sorted(r.checklist for r in standing) == ["ct-iep-monitoring", "ct-iep-to-504"]


async def test_export_from_a_checklist(demo_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "sam.html"
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, target.exists)
    page = target.read_text()
    assert page.startswith("<!DOCTYPE html>") and "Annual review" in page
    assert "Emailed Ms. Park" in page  # a note from the demo data


async def test_command_palette_offers_the_screens_actions(demo_dir: Path) -> None:
    from iepcheck.tui.commands import ScreenActions

    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-504-monitoring")
        provider = ScreenActions(screen)
        names = [description for description, *_ in provider.commands()]
        for wanted in (
            "Tick or untick the item",
            "Skip as not applicable",
            "A dated log entry",
            "Add your own item",
            "Filter items",
            "Undo the last change",
            "A printable record",
            "Done on…",
        ):
            assert wanted in names
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"hide or show")
        await pilot.pause(0.5)  # the palette searches asynchronously
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.hide_done)


async def test_saving_a_meeting_another_session_removed_is_refused_not_a_crash(
    demo_dir: Path,
) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        meeting = triennial(app)
        await app.push_screen(MeetingScreen("maya-chen", meeting.id))
        await pilot.pause()
        Store(demo_dir).update("maya-chen", lambda c: c.remove_meeting(meeting.id))
        app.session.child("maya-chen", reload=True)  # the watcher would do this
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen) and app.is_running
        messages = app.told
        assert any("Not changed" in m and "removed in another session" in m for m in messages)
    assert meeting.id not in [m.id for m in Store(demo_dir).load("maya-chen").meetings]


async def test_the_guide_concludes_and_its_next_step_is_one_key(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-504-or-iep")
        assert "No signs ticked yet" in screen_text(app)
        for sign in ("behind-despite-accommodations", "needs-modified-content"):
            await highlight(pilot, screen, sign)
            await pilot.press("space")
        await pilot.pause()
        shown = screen_text(app)
        assert "Leans IEP: 2 IEP signs, 0 504 signs" in shown
        assert 't: Start "Moving from a 504 to an IEP"' in shown
        await pilot.press("w")  # the points to weigh first
        await pilot.pause()
        assert screen.current_id() == "tally-is-not-a-decision"
        await pilot.press("t")  # Sam has a 504 plan: start the switch
        await wait_for(pilot, lambda: app.screen is not screen)
        assert isinstance(app.screen, RunScreen)
        assert app.screen.run().checklist == "ct-504-to-iep"
        await pilot.press("q")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("m")  # a PPT meeting, its form filled for that kind
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen))
        assert str(app.screen.query_one("#kind").value) == "ppt"
