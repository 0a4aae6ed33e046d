"""Sample data for ``iepcheck --demo``, the README screenshot and the screen tests.

Sam has a 504 plan being monitored (with log entries) and an annual-review PPT about two
weeks away, half prepared, with one item skipped; Maya has an IEP and a PPT that has passed
with its after-meeting items still open.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from .library import Library, scan
from .progress import Child, Contact, seeded_ids
from .store import Store


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour)).astimezone()


def make_demo(data_dir: Path, today: date, library: Library | None = None) -> None:
    with seeded_ids(2026):
        _make(data_dir, today, library)


def _make(data_dir: Path, today: date, library: Library | None) -> None:
    library = library or scan(data_dir)
    prep, monitor, guide = (
        library.get(i) for i in ("ct-ppt-prep", "ct-504-monitoring", "ct-504-or-iep")
    )
    if prep is None or monitor is None or guide is None:
        raise RuntimeError("the bundled checklists were not found")
    store = Store(data_dir)
    year = today.year if today.month >= 7 else today.year - 1

    sam = store.create("Sam Rivera", "504")

    def fill_sam(c: Child) -> None:
        c.school, c.district = "Elm Street Elementary", "Hartford Public Schools"
        c.contacts = [
            Contact("504 coordinator", "Dana Brooks", "dbrooks@example.org"),
            Contact("Case manager", "Lee Park", "lpark@example.org", "860-555-0142"),
        ]
        c.add_closed(date(year, 12, 24), date(year + 1, 1, 1), "Winter break")
        c.add_closed(date(year + 1, 2, 15), date(year + 1, 2, 19), "February break")
        meeting = c.add_meeting(today + timedelta(days=12), "Annual review", "ppt", "3:30pm")
        run = c.attach(prep.checklist, "bundled", today - timedelta(days=10), meeting.id)
        for k, item in enumerate(
            [
                "check-notice",
                "confirm-attendance",
                "ask-for-records",
                "gather-documents",
                "invite-support-person",
                "collect-progress-data",
            ]
        ):
            run.tick(item, _at(today - timedelta(days=9 - k)))
        run.skip("ask-initial-eval-results", _at(today - timedelta(days=8)), "annual review")
        run.set_note("ask-for-records", "Emailed Ms. Park; she said by Friday.")
        c.attach(guide.checklist, "bundled", today - timedelta(days=10), meeting.id)
        standing = c.attach(monitor.checklist, "bundled", today - timedelta(days=70))
        for item in ["get-signed-plan", "know-coordinator", "confirm-teachers-have-plan"]:
            standing.tick(item, _at(today - timedelta(days=65)))
        own = standing.add_own_item(
            1, "Extended time (1.5x) on tests", _at(today - timedelta(days=60))
        )
        standing.tick(own.id, _at(today - timedelta(days=9)))
        standing.add_own_item(
            1, "Preferential seating near the teacher", _at(today - timedelta(days=60))
        )
        standing.tick("ask-child-weekly", _at(today - timedelta(days=8)))
        standing.add_log(
            "log-missed-weekly",
            today - timedelta(days=15),
            "Math quiz: no extended time; told Mr. Ortiz.",
            _at(today - timedelta(days=14)),
        )
        standing.add_log(
            "log-missed-weekly",
            today - timedelta(days=6),
            "Science test taken in the full class, not the quiet room.",
            _at(today - timedelta(days=6)),
        )
        standing.tick("log-missed-weekly", _at(today - timedelta(days=6)))

    store.update(sam.id, fill_sam)

    maya = store.create("Maya Chen", "iep")

    def fill_maya(c: Child) -> None:
        c.school = "Oak Hill Middle School"
        meeting = c.add_meeting(today - timedelta(days=4), "Triennial review", "ppt")
        meeting.notes = (
            "Speech 2x30 min weekly continues. Reading goal rewritten. OT consult added."
        )
        run = c.attach(prep.checklist, "bundled", today - timedelta(days=30), meeting.id)
        for item in run.item_ids()[:22]:
            run.tick(item, _at(today - timedelta(days=6)))

    store.update(maya.id, fill_maya)
