"""What a new parent and an advocate ran into in their first week (issue 23), in the app."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Input, TextArea

from iepcheck.tui.screens.letter import LetterScreen
from iepcheck.tui.widgets.dialogs import Pick, Prompt

from .conftest import SIZE, make_app, screen_text, wait_for
from .conftest import TODAY as TODAY_
from .test_flows import highlight, open_run


async def test_mark_sent_shows_the_tick_on_the_checklist_at_once(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        await wait_for(pilot, lambda: app.session.library is not None)
        await highlight(pilot, screen, "ask-for-eval-reports")
        before = screen.summary.done
        assert f"{before} of " in screen_text(app)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, LetterScreen))
        await pilot.pause()
        assert isinstance(app.screen.query_one("#letter-text", TextArea), TextArea)
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        app.screen.query_one(Input).value = ""
        await pilot.press("enter", "enter")  # sent today; the follow-up date offered
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.pause()
        # The checklist shows the tick and the count at once (not only once reopened) ...
        assert screen.views["ask-for-eval-reports"].state == "done"
        assert f"{before + 1} of " in screen_text(app)
        # ... and still after the save: Space on it unticks, it never ticks it twice.
        assert app.session.flush()
        await pilot.pause()
        assert f"{before + 1} of " in screen_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert screen.views["ask-for-eval-reports"].state == "open"


async def test_the_child_form_counts_a_tick_made_elsewhere(demo_dir: Path) -> None:
    from iepcheck.records.operations import Tick
    from iepcheck.tui.screens.child import ChildScreen

    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await app.push_screen(ChildScreen("sam-rivera"))
        await wait_for(pilot, lambda: isinstance(app.screen, ChildScreen))
        child = app.session.child("sam-rivera")
        run = next(r for r in child.runs if r.checklist == "ct-ppt-prep")
        meetings = app.screen.query_one("#meetings")
        before = str(meetings.get_option_at_index(0).prompt)
        app.session.submit("sam-rivera", Tick(run.id, "ask-for-eval-reports", app.session.now()))
        app.child_changed("sam-rivera")  # as the disk watcher says when another session wrote
        await pilot.pause()
        after = str(meetings.get_option_at_index(0).prompt)
        assert before != after and "done" in after


async def test_home_names_a_meeting_beyond_its_look_ahead(data_dir: Path) -> None:
    from iepcheck.__main__ import main

    assert main(["child", "add", "Maya Chen", "--today", "2026-11-28"]) == 0
    assert main(["meeting", "add", "maya-chen", "2027-03-01", "--title", "Annual review"]) == 0
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Annual review" in screen_text(app))
        text = screen_text(app)
        assert "Annual review  PPT · Mon 1 Mar 2027" in text
        assert "next meeting, in 93 days" in text
        assert "Nothing coming up" not in text


async def test_a_standing_checklist_is_stopped_and_undo_brings_it_back(demo_dir: Path) -> None:
    from iepcheck.records.store import Store
    from iepcheck.tui.screens.home import HomeScreen
    from iepcheck.tui.widgets.dialogs import Confirm

    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_run(app, pilot, "sam-rivera", "ct-504-monitoring")
        title = screen.run().title
        run_id = screen.run_id
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        assert "stay in the record" in screen_text(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.session.flush()
        saved = Store(demo_dir).load("sam-rivera")
        assert saved.run(run_id).archived and saved.standing_run("ct-504-monitoring") is None
        assert any(s.state == "done" for s in saved.run(run_id).items.values())  # ticks kept
        home = app.screen

        def standing() -> list[str]:
            (sam,) = [c for c in home.overview["children"] if c["id"] == "sam-rivera"]
            return [s["title"] for s in sam["standing"]]

        await wait_for(pilot, lambda: title not in standing())
        await pilot.press("u")
        await wait_for(pilot, lambda: title in standing())
        assert "Undone: stop." in app.told
        assert app.session.flush()
        assert Store(demo_dir).load("sam-rivera").standing_run("ct-504-monitoring").id == run_id


async def test_stop_is_offered_only_on_a_standing_checklist(demo_dir: Path) -> None:
    from iepcheck.tui.commands import ScreenActions

    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_run(app, pilot, "sam-rivera", "ct-504-monitoring")
        names = [name for name, *_ in ScreenActions(screen).commands()]
        assert "Stop this checklist (its ticks stay in the record)" in names
        app.pop_screen()
        screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        names = [name for name, *_ in ScreenActions(screen).commands()]
        assert not any(name.startswith("Stop") for name in names)


async def test_a_miss_logged_from_the_weekly_item_goes_on_the_accommodation(
    demo_dir: Path,
) -> None:
    from iepcheck.reports.timeline import entries
    from iepcheck.tui.widgets.dialogs import Pick

    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-504-monitoring")
        await highlight(pilot, screen, "log-missed-weekly")
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, Pick))
        await pilot.press("down", "enter")  # the second accommodation: seating
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        assert "Preferential seating near the teacher" in screen_text(app)
        await pilot.press("ctrl+u", *"2026-11-24", "enter", *"Sat at the back", "enter")
        await pilot.press(*"Science", "ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        assert [e.text for e in screen.views["own-seat"].log] == ["Sat at the back"]
        said = [e.text for e in entries(app.session.child("sam-rivera")) if e.kind == "missed"]
        assert (
            "Not provided: Preferential seating near the teacher (Science) — Sat at the back"
            in said
        )


async def test_files_go_to_the_data_folder_even_when_the_current_folder_is_gone(
    demo_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    """Issue 23 item 19 and issue 21 item 9: export, letter save and copy, and the calendar
    ask no current folder; a name without a folder lands in the data folder's own."""
    import os

    from iepcheck.tui.screens.home import HomeScreen

    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await wait_for(pilot, lambda: "Sam Rivera" in screen_text(app))
        # Home: x exports the record of the child shown.
        app.screen.query_one("#children").highlighted = 2  # Sam
        await pilot.pause()
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        assert app.screen.query_one(Input).value.startswith(str(demo_dir / "exports"))
        app.screen.query_one(Input).value = "sam.html"  # a bare name: with the exports
        await pilot.press("enter")
        exported = demo_dir / "exports" / "sam.html"
        await wait_for(pilot, lambda: exported.exists())
        await wait_for(pilot, lambda: any(str(exported) in t for t in app.told))
        assert os.stat(demo_dir / "exports").st_mode & 0o777 == 0o700
        # k: the calendar, to the exports folder too.
        await pilot.press("k")
        await wait_for(pilot, lambda: isinstance(app.screen, Pick))  # everything, or meetings
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        assert app.screen.query_one(Input).value == str(demo_dir / "exports" / "sam-rivera.ics")
        await pilot.press("enter")
        await wait_for(pilot, lambda: (demo_dir / "exports" / "sam-rivera.ics").exists())
        assert isinstance(app.screen, HomeScreen)
        # A letter: saved, and copied, to the letters folder.
        screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        await highlight(pilot, screen, "ask-for-eval-reports")
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, LetterScreen))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        default = Path(app.screen.query_one(Input).value)
        assert default.parent == demo_dir / "letters"
        await pilot.press("enter")
        await wait_for(pilot, lambda: default.exists())
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: any("Also saved to" in t for t in app.told))
        assert not any("Error" in t or "Traceback" in t for t in app.told)


async def test_the_profile_names_another_folder_for_files(
    demo_dir: Path, tmp_path: Path, capsys
) -> None:
    from iepcheck.__main__ import main

    chosen = tmp_path / "home" / "Documents" / "iepcheck"
    assert main(["--data-dir", str(demo_dir), "profile", "set", f"files={chosen}"]) == 0
    assert "~/Documents/iepcheck/letters" in capsys.readouterr().out
    # A relative folder would depend on where the command runs: refused.
    assert main(["--data-dir", str(demo_dir), "profile", "set", "files=Documents"]) == 2
    assert "full path" in capsys.readouterr().err
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Sam Rivera" in screen_text(app))
        app.screen.query_one("#children").highlighted = 2
        await pilot.pause()
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        assert app.screen.query_one(Input).value.startswith(str(chosen / "exports") + "/")
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: (chosen / "exports").is_dir() and any((chosen / "exports").iterdir())
        )


async def test_the_guide_offers_no_start_once_it_runs_and_stays_out_of_records(
    demo_dir: Path,
) -> None:
    from iepcheck.reports.export import render
    from iepcheck.reports.timeline import entries

    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-504-or-iep")
        for sign in ("behind-despite-accommodations", "needs-modified-content"):
            await highlight(pilot, screen, sign)
            await pilot.press("space")
        await pilot.pause()
        assert 't: Start "Moving from a 504 to an IEP"' in screen_text(app)
        await pilot.press("t")
        await wait_for(pilot, lambda: app.screen is not screen)
        await pilot.press("q")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert "t: Start" not in screen_text(app)
        assert "next_step" not in [b.action.split("(")[0] for b in _active(screen, "t")]
        await pilot.press("t")  # nothing is started twice
        await pilot.pause()
        assert app.screen is screen
        child = app.session.child("sam-rivera")
        # The signs are the parent's thinking: not in the timeline nor the printable record.
        assert not any("Done:" in e.text and "modified" in e.text for e in entries(child))
        text = render(child, TODAY_, "txt")
        assert "504 or IEP" not in text and "IEP signs" not in text
        assert "Moving from a 504 to an IEP" in text  # the switch it started is a record


def _active(screen, key: str) -> list:
    return [a.binding for k, a in screen.active_bindings.items() if k == key and a.enabled]


async def test_home_keys_a_new_parent_tries(demo_dir: Path) -> None:
    from textual.widgets import OptionList

    from iepcheck.tui.screens.home import HomeScreen
    from iepcheck.tui.screens.meeting import MeetingScreen
    from iepcheck.tui.screens.run import RunScreen

    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await wait_for(pilot, lambda: "Sam Rivera" in screen_text(app))
        home = app.screen
        children = home.query_one("#children", OptionList)
        agenda = home.query_one("#agenda", OptionList)
        # u with nothing to undo says so.
        await pilot.press("u")
        await pilot.pause()
        assert "Nothing to undo." in app.told
        # ↑ on the first row stays there (no wrap to the last child).
        children.focus()
        children.highlighted = 0
        await pilot.press("up")
        await pilot.pause()
        assert children.highlighted == 0
        # Into the agenda and back with ←.
        await pilot.press("down", "down", "enter")  # Sam
        await pilot.pause()
        assert agenda.has_focus
        agenda.highlighted = 0
        await pilot.press("up")
        await pilot.pause()
        assert agenda.highlighted == 0
        await pilot.press("left")
        await pilot.pause()
        assert children.has_focus
        await pilot.press("right")
        await pilot.pause()
        assert agenda.has_focus
        # Enter on a meeting opens its checklist; e edits the meeting.
        meeting_row = next(
            n
            for n in range(agenda.option_count)
            if (agenda.get_option_at_index(n).id or "").startswith("m:sam-rivera:")
        )
        agenda.highlighted = meeting_row
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RunScreen))
        assert app.screen.run().checklist == "ct-ppt-prep"
        await pilot.press("q")
        await wait_for(pilot, lambda: app.screen is home)
        agenda.focus()
        agenda.highlighted = meeting_row
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen))
        assert isinstance(home, HomeScreen)


async def _footer_is_whole(app, pilot, screen) -> None:
    """The footer ends with the palette's key, and every key before it is shown whole."""
    await wait_for(pilot, lambda: "▏" in screen_text(app).splitlines()[-1])  # composed
    line = screen_text(app).splitlines()[-1].rstrip()
    assert line.endswith("▏^p palette"), line
    shown = line.split("▏")[0].strip()
    described = {b.description for _, b, *_ in screen.active_bindings.values() if b.show}
    assert any(shown.endswith(f" {d}") for d in described), shown


async def test_at_60x20_the_letter_hint_due_date_and_footer_show_whole(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_for(pilot, lambda: "Sam Rivera" in screen_text(app))
        await _footer_is_whole(app, pilot, app.screen)
        screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        await wait_for(pilot, lambda: app.session.library is not None)
        await highlight(pilot, screen, "ask-for-eval-reports")
        await pilot.pause()
        text = screen_text(app)
        assert "press w" in text and "Overdue since" in text  # the details pane, at 60×20
        await _footer_is_whole(app, pilot, screen)
        # A date at the end of a wrapped row stays whole: never "Tue 8" / "Dec".
        for line in text.splitlines():
            assert not re.search(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2}\s*│?\s*$", line), line


async def test_words_a_parent_reads(demo_dir: Path, data_dir: Path) -> None:
    """Item 20: plurals, Help's continuation lines under their text, the detach hint."""
    from iepcheck.__main__ import main
    from iepcheck.reports.guide import conclude_signs
    from iepcheck.tui.screens.help import HelpScreen
    from iepcheck.tui.screens.meeting import MeetingScreen
    from iepcheck.tui.screens.record import RecordScreen

    assert conclude_signs(["a"], [], "504").headline == "Leans IEP: 1 IEP sign, 0 504 signs"
    assert conclude_signs([], ["b"], "iep").headline == "Leans 504: 1 504 sign, 0 IEP signs"
    assert conclude_signs(["a"], ["b"], "504").headline == "Mixed: 1 sign each way"
    assert main(["child", "add", "Ana Diaz", "--today", "2026-11-28"]) == 0
    assert main(["log", "add", "ana-diaz", "Asked for the IEP", "--today", "2026-11-28"]) == 0
    app = make_app(data_dir)
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_for(pilot, lambda: "Ana Diaz" in screen_text(app))
        await app.push_screen(RecordScreen("ana-diaz"))
        await pilot.pause()
        assert "1 contact · 0 documents" in screen_text(app)
        app.pop_screen()
        await app.push_screen(HelpScreen())
        await pilot.pause()
        await pilot.pause()
        lines = screen_text(app).splitlines()
        at = next(n for n, line in enumerate(lines) if "ctrl+p" in line)
        column = lines[at].index("the command palette")
        assert lines[at + 1][:column].strip() == ""  # under the description, not the keys
        assert lines[at + 1][column:].startswith("action by name")
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        meeting = app.session.child("sam-rivera").meetings[0]
        await app.push_screen(MeetingScreen("sam-rivera", meeting.id))
        await pilot.pause()
        note = str(app.screen.query_one("#checklist-note").render())
        assert note == (
            "Detaching keeps its ticks in the record; attaching again starts a fresh copy."
        )


async def test_use_the_other_file_is_offered_only_where_a_file_shadows_the_run(
    demo_dir: Path, tmp_path: Path
) -> None:
    import shutil

    from iepcheck.tui.commands import ScreenActions

    from ..conftest import REPO

    def offered(screen) -> bool:
        return any(n.startswith("Use the other file") for n, *_ in ScreenActions(screen).commands())

    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        assert not offered(screen)
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o700)
    shutil.copy(REPO / "checklists" / "ct-ppt-prep.toml", shared / "ct-ppt-prep.toml")
    app = make_app(demo_dir, [shared])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        await pilot.pause()
        assert offered(screen)
        assert "S switches" in screen_text(app)


async def test_the_complaint_clock_offers_the_first_logged_miss(demo_dir: Path) -> None:
    from datetime import date

    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-504-monitoring")
        await highlight(pilot, screen, "first-missed-logged")
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        assert app.screen.query_one(Input).value == "2026-11-13"  # the Math quiz, 15 days ago
        said = screen_text(app).replace("\n", " ")
        assert "The first miss you logged: Fri 13 Nov 2026" in " ".join(said.split())
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.views["first-missed-logged"].saved.on == date(2026, 11, 13)
        # Any other item still offers today.
        await highlight(pilot, screen, "check-in-monthly")
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        assert app.screen.query_one(Input).value == "2026-11-28"


async def test_a_placeholder_never_looks_like_a_value(demo_dir: Path) -> None:
    """Item 8: an empty field shows a placeholder that reads as one (e.g. …, dim and italic);
    what a field holds is what is recorded."""
    from iepcheck.tui.screens.record import RecordScreen

    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await app.push_screen(RecordScreen("sam-rivera"))
        await pilot.pause()
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        how = app.screen.query_one("#field-2", Input)
        assert how.value == "" and how.placeholder.startswith("e.g. ")
        style = how.get_component_rich_style("input--placeholder")
        assert style.italic
        for field in app.screen.query(Input):
            # A placeholder is a format (YYYY-MM-DD…) or an example: never a bare value.
            hint = field.placeholder
            assert not hint or hint.startswith(("e.g. ", "YYYY-MM-DD")), hint


async def test_the_app_warns_of_a_checklist_folder_others_can_write(
    tmp_path: Path, data_dir: Path
) -> None:
    import os

    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    app = make_app(data_dir, [shared])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await wait_for(pilot, lambda: any("can be changed by other users" in t for t in app.told))


async def test_a_field_scrolled_sideways_shows_its_text_goes_on(demo_dir: Path) -> None:
    """Item 21: a long email in a narrow field shows "…" where text is out of view."""
    from iepcheck.tui.screens.child import ChildScreen

    email = "dana.brooks.section504.coordinator@hartford-public-schools.example.org"
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await app.push_screen(ChildScreen("sam-rivera"))
        await pilot.pause()
        field = app.screen.query_one("#parent-email", Input)
        field.value = email
        field.focus()
        field.action_end()
        await pilot.pause()
        shown = field.render_line(0).text
        assert shown.lstrip().startswith("…") and email[-10:] in shown  # the start is hidden
        field.action_home()
        app.screen.query_one("#parent-name", Input).focus()  # the field beside it
        await pilot.pause()
        shown = field.render_line(0).text[: field.scrollable_content_region.width]
        assert shown.startswith("dana") and shown.endswith("…")
        assert "dana.brooks.sectio…" in screen_text(app)  # as the parent sees it
        assert field.value == email  # nothing lost: only shown in part


def _burst(app, keys: list[str]) -> None:
    """Keys queued all at once, as a fast typist or a laggy SSH link delivers them."""
    from textual import events

    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def test_details_typed_in_one_burst_are_all_saved(demo_dir: Path) -> None:
    """Item 23: the first letter's details form lost the end of what was typed fast (the
    Enter that saves ran before the last keys reached their field)."""
    from iepcheck.records.profile import load_profile
    from iepcheck.tui.screens.details import edit_profile

    (demo_dir / "profile.toml").unlink()
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        edit_profile(app)
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        _burst(
            app,
            [
                *"Ana Rivera",
                "enter",
                *"12 Elm St, Hartford",
                "enter",
                *"ana@example.org",
                "enter",
                *"860-555-0100",
                "enter",
            ],
        )
        # A burst waits for each key in turn: generous on a loaded machine, instant otherwise.
        await wait_for(pilot, lambda: any("Saved your details" in t for t in app.told), 30)
        saved = load_profile(demo_dir)
        assert (saved.name, saved.address, saved.email, saved.phone) == (
            "Ana Rivera",
            "12 Elm St, Hartford",
            "ana@example.org",
            "860-555-0100",
        )


async def test_a_child_typed_and_saved_in_one_burst(data_dir: Path) -> None:
    from iepcheck.tui.screens.home import HomeScreen

    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        _burst(app, ["c", *"Ana Diaz", "ctrl+s"])
        await wait_for(
            pilot, lambda: any(t.startswith(("Saved", "The child")) for t in app.told), 30
        )
        assert "The child needs a name." not in app.told
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: "Ana Diaz" in screen_text(app))
        # What remains shows the new child at once (no arrow key needed).
        await wait_for(pilot, lambda: "Nothing coming up" in screen_text(app))


async def test_the_first_down_after_a_start_is_not_lost(demo_dir: Path, monkeypatch) -> None:
    """Item 23: ↓ pressed while Home was still working out the children moved nothing, and
    the list then came with the highlight on its first row: the keys after it went astray."""
    import threading

    from textual.widgets import OptionList

    from iepcheck.tui.session import Session

    loaded = threading.Event()
    overview = Session.overview

    def slow(self, days, cancelled):
        loaded.wait(10)
        return overview(self, days, cancelled)

    monkeypatch.setattr(Session, "overview", slow)
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        children = app.screen.query_one("#children", OptionList)
        await wait_for(pilot, lambda: "Loading" in screen_text(app))
        await pilot.press("down")
        loaded.set()
        await wait_for(pilot, lambda: "Maya Chen" in screen_text(app))
        await pilot.pause()
        assert children.get_option_at_index(children.highlighted).id == "maya-chen"
        assert app.screen.selected == "maya-chen"


def test_a_meeting_without_a_title_is_named_by_its_kind_once() -> None:
    """Tried in tmux at 80x24: a 504 meeting added without a title read "504 meeting  504
    meeting · Tue 15 Dec 2026", its time wrapped to a line of its own."""
    from iepcheck.tui.rendering.agenda import later_prompt, meeting_prompt

    m = {
        "kind": "504",
        "date": "2026-12-15",
        "time": "3:30pm",
        "title": "",
        "days_left": 12,
        "school_days_left": 8,
        "estimated": True,
        "runs": [],
    }
    for row in (meeting_prompt(m, 60, TODAY_), later_prompt(m, 60)):
        first = row.plain.split("\n")[0]
        assert first.count("504 meeting") == 1 and first.endswith("3:30pm"), first
    titled = meeting_prompt({**m, "title": "Annual review"}, 60, TODAY_).plain.split("\n")[0]
    assert titled.startswith("Annual review") and "504 meeting · Tue 15 Dec" in titled
