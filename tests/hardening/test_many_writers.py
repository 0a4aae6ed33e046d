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
