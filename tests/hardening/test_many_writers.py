"""Two app sessions and command-line writers on one child: nothing lost, each sees the other."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from iepcheck.__main__ import main
from iepcheck.clock import Clock
from iepcheck.records.operations import SetNote, Tick
from iepcheck.records.store import Store
from iepcheck.service import children, runs
from iepcheck.service.workspace import Workspace
from iepcheck.tui.session import Session

from ..helpers import at
from ..ui.conftest import SIZE, make_app, wait_for

ITEMS = [
    "get-signed-plan",
    "know-coordinator",
    "get-grievance-procedure",
    "confirm-teachers-have-plan",
    "list-contacts",
    "ask-review-dates",
]


async def test_two_sessions_and_cli_writers_lose_nothing(data_dir: Path) -> None:
    ws = Workspace(data_dir, clock=Clock())
    child = children.create(ws.store, "Sam", "504")
    child, _ = ws.update(child.id, runs.start_standing(ws, child, "ct-504-monitoring"))
    run_id = child.runs[0].id
    other = Session(Workspace(data_dir, clock=Clock()))  # a second login, without a screen
    other.child("sam")
    app = make_app(data_dir, watch=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        app.session.child("sam")
        writers = [
            threading.Thread(
                target=main,
                args=(["tick", "sam", f"ct-504-monitoring/{item}", "--data-dir", str(data_dir)],),
            )
            for item in ITEMS[:3]
        ]
        for thread in writers:
            thread.start()
        for item in ITEMS[3:]:
            app.session.submit("sam", Tick(run_id, item, at("2026-11-28")))
            other.submit("sam", SetNote(run_id, item, f"note on {item}"))
        for thread in writers:
            thread.join(30)
        # Flushed off the app's loop, as the app itself does (a save reports to the loop).
        assert await asyncio.to_thread(app.session.flush, 30)
        assert other.flush(30)
        # The app shows what the others wrote, without a restart.
        await wait_for(
            pilot,
            lambda: all(
                app.session.child("sam").run(run_id).state(i).state == "done" for i in ITEMS
            ),
            timeout=10,
        )
    saved = Store(data_dir).load("sam").run(run_id)
    assert all(saved.state(i).state == "done" for i in ITEMS)
    assert all(saved.state(i).note == f"note on {i}" for i in ITEMS[3:])


def test_a_save_reported_after_another_sessions_write_never_hides_it(data_dir: Path) -> None:
    """Another session writes the instant this session's save lets go of the lock: the copy on
    screen keeps the stamp of the file *this* save wrote, so the watcher still sees the other
    write and reads it (a stamp taken after the lock would hide it for good)."""
    ws = Workspace(data_dir, clock=Clock())
    child = children.create(ws.store, "Sam", "504")
    child, _ = ws.update(child.id, runs.start_standing(ws, child, "ct-504-monitoring"))
    run_id = child.runs[0].id
    other = Store(data_dir)

    class Racing(Store):
        def update_stamped(self, *args, **kw):  # type: ignore[no-untyped-def]
            done = super().update_stamped(*args, **kw)
            other.update("sam", Tick(run_id, ITEMS[1], at("2026-11-28")).apply)
            return done

    session = Session(Workspace(data_dir, clock=Clock()))
    session.workspace.store = Racing(data_dir)
    reports = []
    session.on_saved = reports.append
    session.child("sam")
    session.submit("sam", Tick(run_id, ITEMS[0], at("2026-11-28")))
    assert session.flush(30)
    session.saved(reports[-1])  # the UI thread takes the report
    assert session.changed_on_disk() == ["sam"]
    assert session.child("sam", reload=True).run(run_id).state(ITEMS[1]).state == "done"
