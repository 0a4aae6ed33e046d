"""The record travels in the app: shared from the child's form, received on Home (added, then
merged), a wrong passphrase or a wrong file said in a sentence, a backup made with b, and the
monthly reminder to make one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyrage
from textual import events
from textual.widgets import Input

from iepcheck import locations
from iepcheck.clock import Clock
from iepcheck.records.operations.record import PutCommunication
from iepcheck.records.record import Communication
from iepcheck.records.store import Store
from iepcheck.service import backup, sharing
from iepcheck.service.workspace import Workspace
from iepcheck.tui.screens.child import ChildScreen
from iepcheck.tui.screens.home import HomeScreen
from iepcheck.tui.screens.sharing import SecretDialog

from .conftest import SIZE, TODAY, make_app, screen_text, wait_for


def flat(app) -> str:  # type: ignore[no-untyped-def]
    """The screen's words in one line: a sentence wrapped in a dialog reads whole."""
    return " ".join(screen_text(app).replace("█", " ").split())


async def _home(pilot) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    await wait_for(pilot, lambda: app.session.library is not None)


async def _paste(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """``text`` pasted into the field in focus (a bracketed paste, as a terminal sends it)."""
    if text:
        focused = pilot.app.focused
        assert focused is not None
        focused.post_message(events.Paste(text))
        await pilot.pause()


async def _receive(pilot, path: Path, passphrase: str = "", identity: str = "") -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    await pilot.press("g")
    await wait_for(pilot, lambda: isinstance(app.screen, SecretDialog))
    dialog, told = app.screen, len(app.told)
    # Pasted, as a path usually is (typed key by key, the pilot's paths took most of a minute).
    for text in (str(path), passphrase, identity):
        await _paste(pilot, text)
        await pilot.press("enter")

    def answered() -> bool:  # asked again (a new dialog, saying why), or told what was done
        again = isinstance(app.screen, SecretDialog) and app.screen is not dialog
        return again or len(app.told) > told

    await wait_for(pilot, answered)
    await pilot.pause()


async def test_share_from_the_form_then_receive_on_home_then_merge_back(
    demo_dir: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"  # the co-parent's data folder
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot)
        await app.push_screen(ChildScreen("sam-rivera"))
        await pilot.pause()
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(app.screen, SecretDialog))
        shown = screen_text(app)
        assert "Share Sam Rivera's record as one file" in shown
        assert "not your profile" in shown
        # The file's field holds the default (the exports folder); focus is on the passphrase.
        await pilot.press(*"blue kettle", "enter", *"blue kettle", "ctrl+s")
        await wait_for(pilot, lambda: any("encrypted with your passphrase" in t for t in app.told))
    told = next(t for t in app.told if t.startswith("Wrote"))
    assert "another way" in told
    shared = demo_dir / "exports" / f"sam-rivera-{TODAY}.iep"
    assert shared.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert shared.stat().st_mode & 0o777 == 0o600
    sent = Store(demo_dir).load("sam-rivera")

    app = make_app(other)
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot)
        await _receive(pilot, shared, "blue kettle")
        assert any("Added Sam Rivera (sam-rivera) from the shared file." in t for t in app.told)
        await wait_for(pilot, lambda: "Sam Rivera" in screen_text(app))
    got = Store(other).load("sam-rivera")
    assert got.uid == sent.uid
    assert [m.id for m in got.meetings] == [m.id for m in sent.meetings]
    assert len(got.communications) == len(sent.communications)

    # The co-parent logs a call, and sends the record back to the key of the first parent.
    when = dt.datetime(2026, 11, 27, 15, 0, tzinfo=dt.UTC)
    call = Communication("c-call", TODAY, "Called about the bus", when, "Ms. Lee", "phone")
    Workspace(other).update("sam-rivera", PutCommunication(call))
    key = pyrage.x25519.Identity.generate()
    key_file = tmp_path / "key.txt"
    key_file.write_text(f"{key}\n")
    back = tmp_path / "back.iep"
    ws = Workspace(other)
    sharing.share(
        ws,
        ws.store.load("sam-rivera"),
        back,
        sharing.Secret(recipients=[str(key.to_public())]),
        False,
    )

    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot)
        await _receive(pilot, back, identity=str(key_file))
        merged = [t for t in app.told if t.startswith("Merged the shared record into Sam Rivera")]
        assert merged == ["Merged the shared record into Sam Rivera: 1 log entry added."]
    child = Store(demo_dir).load("sam-rivera")
    assert [c.with_whom for c in child.communications if c.id == "c-call"] == ["Ms. Lee"]


async def test_wrong_passphrase_and_wrong_files_are_sentences(
    demo_dir: Path, tmp_path: Path
) -> None:
    ws = Workspace(demo_dir)
    shared = tmp_path / "sam.iep"
    sharing.share(ws, ws.store.load("sam-rivera"), shared, sharing.Secret("right one"), False)
    notes = tmp_path / "notes.txt"
    notes.write_text("just some notes\n")
    other = tmp_path / "other"
    app = make_app(other)
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot)
        await _receive(pilot, shared, "wrong one")
        assert isinstance(app.screen, SecretDialog)  # asked again, the file kept
        text = flat(app)
        assert "could not be decrypted: wrong passphrase, or damaged" in text
        assert "sam.iep could not be decrypted" in text and "--" not in text
        fields = {f.id: f.value for f in app.screen.query(Input)}
        assert fields["ask-file"] == str(shared) and fields["ask-passphrase"] == ""
        await pilot.press("escape")
        await _receive(pilot, shared)
        assert "This file is encrypted: type its passphrase, or give your age key file." in (
            flat(app)
        )
        await pilot.press("escape")
        await _receive(pilot, notes)
        assert "is not an iepcheck share file" in flat(app)
        await pilot.press("escape")
        await _receive(pilot, tmp_path / "nowhere.iep")
        assert "cannot be read" in flat(app)
        await pilot.press("escape")
    assert not (other / "children").exists() or not list((other / "children").glob("*.toml"))


def _backed_up(data: Path, days_ago: int, target: Path) -> None:
    """A backup made ``days_ago`` before TODAY, to a file outside the data folder (a USB)."""
    then = dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(10)).astimezone()
    backup.backup(Workspace(data, clock=Clock(TODAY, now=lambda: then)), target, sharing.Secret())


def _watch_start(app) -> list[int]:  # type: ignore[no-untyped-def]
    """A list that gets an entry once the start's work is done (the reminder is said before
    the checklists are read, and the app says when they are)."""
    done: list[int] = []
    loaded = app.library_loaded
    app.library_loaded = lambda: (done.append(1), loaded())
    return done


async def test_the_reminder_shows_when_the_backup_is_old_once_a_month(
    demo_dir: Path, tmp_path: Path
) -> None:
    _backed_up(demo_dir, 40, tmp_path / "usb" / "old.tar.gz")
    app = make_app(demo_dir)
    started = _watch_start(app)
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot)
        await wait_for(pilot, lambda: bool(started))
        said = [t for t in app.told if "backup" in t]
        assert said == [
            "Your newest backup is from 2026-10-19, over a month ago: press b on Home to make "
            "one now, or run: iepcheck backup."
        ]
    app = make_app(demo_dir)  # the next start: said this month already
    started = _watch_start(app)
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot)
        await wait_for(pilot, lambda: bool(started))
        assert not [t for t in app.told if "backup" in t]
    state = locations.state_dir() / "backups" / f"{locations.data_tag(demo_dir)}.json"
    assert state.stat().st_mode & 0o777 == 0o600
    assert set(json.loads(state.read_text())) == {"made", "reminded"}


async def test_no_reminder_when_the_backup_is_recent(demo_dir: Path, tmp_path: Path) -> None:
    _backed_up(demo_dir, 3, tmp_path / "usb" / "recent.tar.gz")
    app = make_app(demo_dir)
    started = _watch_start(app)
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot)
        await wait_for(pilot, lambda: bool(started))
        assert not [t for t in app.told if "backup" in t]


async def test_b_makes_a_backup_in_the_data_folder(demo_dir: Path) -> None:
    app = make_app(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot)
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, SecretDialog))
        assert "Make a backup now" in screen_text(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any(t.startswith("Wrote") for t in app.told))
    made = demo_dir / "backups" / f"iepcheck-backup-{TODAY}.tar.gz"
    assert made.stat().st_mode & 0o777 == 0o600
    told = next(t for t in app.told if t.startswith("Wrote"))
    assert "not encrypted; read back and checked" in told
    # A backup just made: no reminder (the reminder counts it), even a month after first use.
    assert backup.reminder(Workspace(demo_dir)) is None


async def test_a_child_made_separately_asks_which_to_merge_into(
    demo_dir: Path, tmp_path: Path
) -> None:
    from iepcheck.service import children
    from iepcheck.tui.widgets.dialogs import Pick

    ws = Workspace(demo_dir)
    shared = tmp_path / "sam.iep"
    sharing.share(ws, ws.store.load("sam-rivera"), shared, sharing.Secret(), False)
    other = tmp_path / "other"
    mine = children.create(Workspace(other).store, "Sam Rivera", "iep")  # another uid
    app = make_app(other)
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, SecretDialog))
        await _paste(pilot, str(shared))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, Pick))
        assert "but it is another record" in flat(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(t.startswith("Merged") for t in app.told))
    merged = Store(other).load(mine.id)
    assert merged.uid == mine.uid
    assert len(merged.meetings) == len(ws.store.load("sam-rivera").meetings) > 0
