"""The reminder to make a backup: only with a child, a month after the newest backup (or after
the first day a child was seen, when there is none), and then at most once a month."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from iepcheck import locations
from iepcheck.clock import Clock
from iepcheck.service import backup, children
from iepcheck.service.sharing import Secret
from iepcheck.service.workspace import Workspace

START = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)


def at(data: Path, days: int) -> Workspace:
    now = START + dt.timedelta(days=days)
    return Workspace(data, clock=Clock(now.date(), now=lambda: now))


def test_the_reminder_follows_the_newest_backup_once_a_month(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert backup.reminder(at(data, 0)) is None  # no child: nothing to back up
    children.create(at(data, 0).store, "Maya Chen")
    assert backup.reminder(at(data, 0)) is None  # the first day a child is seen
    assert backup.reminder(at(data, 30)) is None
    due = backup.reminder(at(data, 31))
    assert due is not None and due.newest is None  # never backed up
    assert backup.reminder(at(data, 32)) is None  # said this month
    assert backup.reminder(at(data, 60)) is None
    assert backup.reminder(at(data, 61)) is not None  # a month later, again
    backup.backup(at(data, 62), tmp_path / "usb" / "one.tar.gz", Secret())  # any folder counts
    assert backup.reminder(at(data, 92)) is None
    due = backup.reminder(at(data, 93))
    assert due is not None and due.newest == START + dt.timedelta(days=62)


def test_a_damaged_state_file_starts_over(tmp_path: Path) -> None:
    data = tmp_path / "data"
    children.create(at(data, 0).store, "Maya Chen")
    backup.reminder(at(data, 0))
    state = locations.state_dir() / "backups" / f"{locations.data_tag(data)}.json"
    state.write_text("{not json")
    assert backup.reminder(at(data, 40)) is None  # counted from today again, no crash
    assert backup.reminder(at(data, 71)) is not None
