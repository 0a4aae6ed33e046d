"""The child form's contacts: listed, added, edited and removed with the keyboard at 80x24."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from iepcheck.records.store import Store
from iepcheck.tui.screens.child import ChildScreen, ContactList
from iepcheck.tui.screens.home import HomeScreen
from iepcheck.tui.widgets.dialogs import Confirm, Prompt

from .conftest import SIZE, make_app, screen_text, wait_for


def _rows(app) -> list[str]:
    listing = app.screen.query_one("#contacts", ContactList)
    return [str(listing.get_option_at_index(n).prompt) for n in range(listing.option_count)]


async def test_add_edit_and_remove_contacts_from_the_child_form(demo_dir: Path) -> None:
    before = list(Store(demo_dir).load("sam-rivera").contacts)
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await app.push_screen(ChildScreen("sam-rivera"))
        await wait_for(pilot, lambda: isinstance(app.screen, ChildScreen))
        # Name, plan, school, district, born, grade: then the contacts.
        await pilot.press(*["tab"] * 6)
        listing = app.screen.query_one("#contacts", ContactList)
        assert app.screen.focused is listing
        assert len(_rows(app)) == len(before)
        # a: a new contact; a role not known is refused, what was typed kept.
        for name, subject in (("Dr. Kim", "Science"), ("Mr. Diaz", "Math")):
            await pilot.press("a")
            await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
            await pilot.press(*"teacher", "enter", *name, "enter", *subject, "ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, ChildScreen))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        await pilot.press(*"coach", "enter", *"Pat", "ctrl+s")
        await wait_for(pilot, lambda: "'coach' is not a role" in screen_text(app))
        assert [i.value for i in app.screen.query(Input)][:2] == ["coach", "Pat"]
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ChildScreen))
        rows = _rows(app)
        assert len(rows) == len(before) + 2
        assert "Teacher (Science): Dr. Kim" in rows[-2] and "Teacher (Math): Mr. Diaz" in rows[-1]
        # Enter edits the highlighted one: only the field changed is saved.
        listing = app.screen.query_one("#contacts", ContactList)
        listing.highlighted = len(rows) - 2
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        fields = list(app.screen.query(Input))
        assert [f.value for f in fields[:3]] == ["teacher", "Dr. Kim", "Science"]
        fields[3].value = "kim@school.example.org"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChildScreen))
        await wait_for(pilot, lambda: "kim@school.example.org" in _rows(app)[-2])
        # d removes the highlighted one, after asking.
        listing = app.screen.query_one("#contacts", ContactList)
        listing.highlighted = len(rows) - 1
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        assert "Mr. Diaz" in screen_text(app)
        await pilot.press("enter")  # Enter keeps it
        await wait_for(pilot, lambda: isinstance(app.screen, ChildScreen))
        assert len(_rows(app)) == len(before) + 2
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, ChildScreen))
        await wait_for(pilot, lambda: len(_rows(app)) == len(before) + 1)
        assert app.session.flush()
    contacts = Store(demo_dir).load("sam-rivera").contacts
    assert contacts[: len(before)] == before
    kim = contacts[-1]
    assert (kim.role, kim.name, kim.subject, kim.email) == (
        "Teacher",
        "Dr. Kim",
        "Science",
        "kim@school.example.org",
    )
