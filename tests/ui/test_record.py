"""The Record screen: add a contact and a document with the keyboard, see the timeline update."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from iepcheck.records.store import Store
from iepcheck.tui.screens.home import HomeScreen
from iepcheck.tui.screens.record import RecordScreen
from iepcheck.tui.widgets.dialogs import Pick, Prompt

from .conftest import SIZE, TODAY, make_app, screen_text, wait_for


async def test_add_a_contact_and_a_document_and_see_the_timeline(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await app.push_screen(RecordScreen("sam-rivera"))
        await pilot.pause()
        assert "1 contact · 0 documents" in screen_text(app)  # the letter the demo sent
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        await pilot.press(*"Asked for the evaluation reports", "enter", *"Lee Park", "enter")
        await pilot.press(*"email", "enter", "ctrl+u", *"2026-11-20", "enter", *"2026-11-25")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "2 contacts " in text and "1 waiting for an answer" in text
        assert "Contact with Lee Park (email): Asked for the evaluation" in text
        # A document: its kind picked from every kind (the first: the PPT meeting notice);
        # a wrong date keeps what was typed and says why.
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, Pick))
        shown = screen_text(app)
        assert all(name in shown for name in ("PPT meeting notice", "504 plan", "document"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        assert "A document you received: PPT meeting notice" in screen_text(app)
        first = app.screen.query(Input).first()
        first.value = "2026-13-01"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "is not a date" in screen_text(app))
        first = app.screen.query(Input).first()
        assert first.value == "2026-13-01"
        meeting = app.session.child("sam-rivera").meetings[0]
        fields = list(app.screen.query(Input))
        fields[0].value = app.session.today().isoformat()  # the notice came 12 days ahead
        fields[3].value = meeting.id
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordScreen))
        await pilot.pause()
        rows = app.screen.query_one("#timeline", OptionList)
        shown = [
            " ".join(str(rows.get_option_at_index(n).prompt).split())
            for n in range(rows.option_count)
        ]
        assert any("On time (5 school days before the PPT)" in row for row in shown)
        await pilot.press("f")  # contacts and letters only
        await pilot.pause()
        text = screen_text(app)
        assert "Showing contacts and letters" in text and "PPT meeting notice" not in text
        assert app.session.flush()
        # Home counts the contact past its follow-up date (25 Nov) with Sam's overdue items.
        await pilot.press("escape")
        await wait_for(pilot, lambda: "Sam Rivera  5 overdue" in screen_text(app))
    child = Store(demo_dir).load("sam-rivera")
    assert [c.with_whom for c in child.communications] == ["Lee Park"]
    assert [d.kind for d in child.documents] == ["notice"]


async def test_enter_on_a_contact_or_a_letter_records_the_answer(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await app.push_screen(RecordScreen("sam-rivera"))
        await pilot.pause()
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        await pilot.press(*"Asked for the draft IEP", "enter", "enter", *"email", "enter")
        await pilot.press("enter", *"2026-12-04", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordScreen))
        await pilot.press("f")  # contacts and letters: the letter sent, then the contact
        await pilot.pause()
        rows = app.screen.query_one("#timeline", OptionList)
        shown = [str(rows.get_option_at_index(n).prompt) for n in range(rows.option_count)]
        assert len(shown) == 2 and "Letter sent: Ask to see your child's records" in shown[0]
        # Enter on the contact: both fields optional; an empty day is today.
        rows.highlighted = 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        assert "The school's answer to: Asked for the draft IEP" in screen_text(app)
        app.screen.query(Input).first().value = ""
        await pilot.press("enter", "enter")  # no words: just the day
        await wait_for(pilot, lambda: isinstance(app.screen, RecordScreen))
        await pilot.pause()
        assert "waiting for an answer" not in screen_text(app)
        # Enter on the letter: a wrong day keeps what was typed and says why.
        rows = app.screen.query_one("#timeline", OptionList)
        rows.highlighted = 0
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        await pilot.press("ctrl+u", *"2026-11-31", "enter", *"Records Friday at 3", "enter")
        await wait_for(pilot, lambda: "is not a date" in screen_text(app))
        fields = list(app.screen.query(Input))
        assert fields[1].value == "Records Friday at 3"
        fields[0].value = "2026-11-27"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordScreen))
        await pilot.pause()
        rows = app.screen.query_one("#timeline", OptionList)
        entry = str(rows.get_option_at_index(0).prompt)  # wrapped, its lines under its text
        assert "They said: Records Friday at 3." in " ".join(entry.split())
        assert all(line.startswith(" " * 20) for line in entry.splitlines()[1:]), entry
        assert app.session.flush()
    child = Store(demo_dir).load("sam-rivera")
    (entry,) = child.communications
    assert (entry.answered, entry.said) == (TODAY, "")
    (letter,) = child.letters
    assert (str(letter.answered), letter.said) == ("2026-11-27", "Records Friday at 3")
