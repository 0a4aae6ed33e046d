"""The letter flow as a keyboard user does it: open an item's letter, edit, save, mark sent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from iepcheck.records.profile import load_profile
from iepcheck.records.store import Store
from iepcheck.service.letters import follow_up_offer
from iepcheck.tui.screens.letter import LetterScreen
from iepcheck.tui.screens.run import RunScreen
from iepcheck.tui.widgets.dialogs import Prompt

from .conftest import SIZE, TODAY, make_app, screen_text, wait_for
from .test_flows import highlight, open_run, saved_run


async def _letter(app, pilot, item_id: str) -> LetterScreen:
    screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
    await wait_for(pilot, lambda: app.session.library is not None)
    await highlight(pilot, screen, item_id)
    await wait_for(pilot, lambda: "w Letter" in screen_text(app))
    await pilot.press("w")
    await wait_for(pilot, lambda: isinstance(app.screen, LetterScreen))
    await pilot.pause()
    return app.screen


async def test_write_edit_save_and_mark_a_letter_sent(demo_dir: Path, tmp_path: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        letter = await _letter(app, pilot, "ask-for-eval-reports")
        area = letter.query_one("#letter-text", TextArea)
        # Filled in from the record: the child, the case manager, the meeting, the parent.
        text = area.text
        assert text.startswith("Subject: ")
        for expected in ("Sam Rivera", "Dear Lee Park", "December 10, 2026", "Ana Rivera"):
            assert expected in text
        assert "fill in" not in text
        # The parent adds a sentence of their own.
        area.move_cursor(area.document.end)
        await pilot.press(*"PS: thank you.")
        # Save it: the file is the letter on screen, in the format of its extension.
        target = tmp_path / "out" / "reports.md"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: target.exists())
        saved = target.read_text()
        assert "**Subject:**" in saved and "PS: thank you." in saved
        assert oct(target.stat().st_mode & 0o777) == "0o600"
        # Mark it as sent, on an earlier day: the item is ticked with that day and the
        # letter as edited is kept in the record.
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        # The follow-up date offered: 10 school days after today; a reminder, and it says so.
        await wait_for(
            pilot, lambda: "a reminder to chase an answer, not a legal" in screen_text(app)
        )
        assert "10 school days later" in screen_text(app)
        offer = follow_up_offer(app.session.child("sam-rivera"), TODAY).day
        assert [i.value for i in app.screen.query(Input)] == ["", offer.isoformat()]
        app.screen.query_one(Input).value = "2026-11-27"
        await pilot.press("enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RunScreen))
        assert app.session.flush()
        child = Store(demo_dir).load("sam-rivera")
        sent = [x for x in child.letters if x.item == "ask-for-eval-reports"]
        assert len(sent) == 1 and sent[0].sent.isoformat() == "2026-11-27"
        assert sent[0].follow_up == follow_up_offer(child, date(2026, 11, 27)).day
        assert sent[0].body.rstrip().endswith("PS: thank you.")
        state = saved_run(demo_dir, "sam-rivera", "ct-ppt-prep").state("ask-for-eval-reports")
        assert state.state == "done" and state.day.isoformat() == "2026-11-27"
        # Opening it again shows the copy sent, read-only.
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, LetterScreen))
        await pilot.pause()
        assert "Sent on Fri 27 Nov 2026" in screen_text(app)
        assert app.screen.query_one("#letter-text", TextArea).read_only


async def test_leaving_an_edited_letter_asks_first(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        letter = await _letter(app, pilot, "ask-for-eval-reports")
        letter.query_one("#letter-text", TextArea).insert("My own words. ")
        await pilot.press("escape")
        await pilot.pause()
        assert "Discard your changes?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, LetterScreen)


async def test_copy_also_saves_and_says_where(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _letter(app, pilot, "ask-for-eval-reports")
        await pilot.press("ctrl+o")
        folder = demo_dir / "letters"
        await wait_for(pilot, lambda: folder.is_dir() and any(folder.iterdir()))
        await wait_for(pilot, lambda: any("Also saved to" in t for t in app.told))
        (copy,) = folder.iterdir()
        assert copy.name == f"sam-rivera-evaluation-reports-request-{TODAY}.txt"
        assert "Sam Rivera" in copy.read_text()


@pytest.fixture
def no_profile(demo_dir: Path) -> Path:
    (demo_dir / "profile.toml").unlink()
    return demo_dir


async def test_the_first_letter_asks_for_the_parents_details_once(no_profile: Path) -> None:
    app = make_app(no_profile)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        await wait_for(pilot, lambda: app.session.library is not None)
        await highlight(pilot, screen, "ask-for-eval-reports")
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        assert "letters are signed with them" in screen_text(app)
        await pilot.press(*"Ana Rivera", "tab", "tab", *"ana@example.org", "tab", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LetterScreen))
        assert load_profile(no_profile).email == "ana@example.org"
        text = app.screen.query_one("#letter-text", TextArea).text
        assert "Ana Rivera" in text and "[your phone — fill in]" in text
        assert "Not in the record yet" in screen_text(app)


async def test_the_child_form_keeps_birth_date_grade_and_who_signs(demo_dir: Path) -> None:
    from iepcheck.tui.screens.child import ChildScreen
    from iepcheck.tui.widgets.fields import Field

    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ChildScreen("sam-rivera"))
        await pilot.pause()
        form = app.screen
        form.query_one("#born", Field).value = "2030-01-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("born: 2030-01-01 is in the future" in t for t in app.told)
        assert isinstance(app.screen, ChildScreen)  # nothing saved, the form stays
        form.query_one("#born", Field).value = "2016-05-01"
        form.query_one("#grade", Field).value = "5"
        form.query_one("#parent-name", Field).value = "Wei Chen"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ChildScreen))
        assert app.session.flush()
    child = Store(demo_dir).load("sam-rivera")
    assert (str(child.born), child.grade, child.parent.name) == ("2016-05-01", "5", "Wei Chen")
    assert child.school == "Elm Street Elementary"  # the rest of the form as it was


LONG_ENTRY = (
    "Extended time on the unit test was not given; the test was taken in the full class with "
    "no breaks and no reader, although the plan says a separate room, 1.5x time and a reader "
    "for directions. "
) * 2


def _log_missed(data_dir: Path, entries: int) -> None:
    """Sam's 504 monitoring log gets ``entries`` long entries (a year of a plan not followed)."""
    import datetime as dt

    from iepcheck.records.model import LogEntry

    def change(child) -> None:
        run = next(r for r in child.runs if r.checklist == "ct-504-monitoring")
        for k in range(entries):
            day = dt.date(2026, 9, 1) + dt.timedelta(days=k % 80)
            added = dt.datetime.combine(day, dt.time(15)).astimezone()
            entry = LogEntry(f"lx{k}", day, f"{LONG_ENTRY}({k})", added, "Science", "Ms. Lopez")
            run.add_log("log-missed-weekly", entry)

    Store(data_dir).update("sam-rivera", change)


async def _grievance(app, pilot) -> LetterScreen:
    screen = await open_run(app, pilot, "sam-rivera", "ct-504-monitoring")
    await wait_for(pilot, lambda: app.session.library is not None)
    await highlight(pilot, screen, "file-grievance")
    await pilot.press("w")
    await wait_for(pilot, lambda: isinstance(app.screen, LetterScreen))
    await pilot.pause()
    return app.screen


async def _mark_sent(app, pilot) -> None:
    await pilot.press("ctrl+t")
    await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
    await pilot.press("enter", "enter")
    await pilot.pause()


async def test_a_long_letter_from_a_real_log_can_be_marked_sent(demo_dir: Path) -> None:
    # The bundled 504 grievance with a 200-entry log: ~93,000 characters (it crashed the app).
    _log_missed(demo_dir, 200)
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        letter = await _grievance(app, pilot)
        text = letter.text()
        assert len(text) > 85_000 and text.count(LONG_ENTRY) == 200
        await _mark_sent(app, pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, RunScreen))
        assert any("Recorded as sent" in t for t in app.told)
        assert app.session.flush()
    (sent,) = [x for x in Store(demo_dir).load("sam-rivera").letters if x.item == "file-grievance"]
    assert sent.body.count(LONG_ENTRY) == 200


async def test_a_letter_over_the_limit_is_a_notice_never_a_crash(demo_dir: Path) -> None:
    from iepcheck.checklists.model import MAX_LETTER_BYTES

    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        letter = await _grievance(app, pilot)
        area = letter.query_one("#letter-text", TextArea)
        area.text += "My notes. " * (MAX_LETTER_BYTES // 10)  # pasted in: now over 256 KiB
        await _mark_sent(app, pilot)
        await wait_for(pilot, lambda: any("Not recorded" in t for t in app.told))
        assert isinstance(app.screen, LetterScreen)  # the letter stays on screen, as typed
        assert area.text.endswith("My notes. ")
        told = next(t for t in app.told if "Not recorded" in t)
        assert "256 KiB" in told
        assert app.return_code is None  # still running
    child = Store(demo_dir).load("sam-rivera")
    assert not [x for x in child.letters if x.item == "file-grievance"]


async def test_a_log_too_long_for_a_letter_is_a_notice_when_it_opens(demo_dir: Path) -> None:
    _log_missed(demo_dir, 700)  # ~310 KB of log: the grievance would be over 256 KiB
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_run(app, pilot, "sam-rivera", "ct-504-monitoring")
        await wait_for(pilot, lambda: app.session.library is not None)
        await highlight(pilot, screen, "file-grievance")
        await pilot.press("w")
        await wait_for(pilot, lambda: any("No letter" in t for t in app.told))
        await pilot.pause()
        assert app.screen is screen
        told = next(t for t in app.told if "No letter" in t)
        assert "longer than 256 KiB" in told and "{missed_list}" in told


async def test_the_letter_screen_fills_in_conditional_paragraphs_for_the_child(
    demo_dir: Path,
) -> None:
    from iepcheck.service import letters

    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        found = letters.find_letter(app.session.workspace, "ct-504-to-iep/evaluation-referral")
        shown = {}
        for child_id in ("sam-rivera", "maya-chen"):  # a 504 plan; an IEP
            await app.push_screen(LetterScreen(child_id, found, None, None))
            await wait_for(pilot, lambda: isinstance(app.screen, LetterScreen))
            await pilot.pause()
            shown[child_id] = app.screen.text()
            app.screen.dismiss(None)
            await pilot.pause()
    assert "Sam has a 504 plan, but its accommodations have not been enough." in shown["sam-rivera"]
    assert "Please keep Sam's 504 plan in place" in shown["sam-rivera"]
    assert "504 plan" not in shown["maya-chen"]


async def test_the_504_grievance_from_i_disagree_lists_only_the_504_log(demo_dir: Path) -> None:
    import datetime as dt

    from iepcheck.records.model import LogEntry, Template
    from iepcheck.service import letters

    app = make_app(demo_dir)
    workspace = app.session.workspace

    def change(child) -> None:
        for n, cid in enumerate(("ct-iep-monitoring", "ct-disputes")):
            run = child.attach(
                Template.of(workspace.library.get(cid).checklist, "bundled"), f"x{n}", TODAY
            )
            if cid == "ct-iep-monitoring":
                added = dt.datetime.combine(TODAY, dt.time(9)).astimezone()
                entry = LogEntry("lq", TODAY, "Speech session missed (IEP)", added)
                run.add_log("log-missed-weekly", entry)

    Store(demo_dir).update("sam-rivera", change)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        child = app.session.child("sam-rivera", reload=True)
        disputes = next(r for r in child.runs if r.checklist == "ct-disputes")
        found = letters.find_letter(workspace, "ct-504-monitoring/504-grievance")
        link = letters.Link(disputes, "file-504-grievance", None)
        await app.push_screen(LetterScreen("sam-rivera", found, link, None))
        await wait_for(pilot, lambda: isinstance(app.screen, LetterScreen))
        await pilot.pause()
        text = app.screen.text()
    monitoring = next(r for r in child.runs if r.checklist == "ct-504-monitoring")
    logged = [e for state in monitoring.items.values() for e in state.log]
    assert logged and all(
        " ".join(e.text.split()).rstrip(".") in " ".join(text.split()) for e in logged if e.text
    )
    assert "Speech session missed (IEP)" not in text


async def test_mark_sent_earlier_moves_the_follow_up_offered(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _letter(app, pilot, "ask-for-eval-reports")
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        fields = list(app.screen.query(Input))
        offer = fields[1].value
        fields[0].value = "2026-11-20"
        fields[1].value = "2026-11-19"  # before it went: refused, what was typed kept
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "before the day the letter went" in screen_text(app))
        fields = list(app.screen.query(Input))
        assert [f.value for f in fields] == ["2026-11-20", "2026-11-19"]
        fields[1].value = offer  # the offer left as it was: 10 school days from the 20th
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, Prompt))
        assert app.session.flush()
    child = Store(demo_dir).load("sam-rivera")
    (sent,) = [x for x in child.letters if x.item == "ask-for-eval-reports"]
    expected = follow_up_offer(child, date(2026, 11, 20)).day
    assert sent.follow_up == expected and expected.isoformat() < offer
