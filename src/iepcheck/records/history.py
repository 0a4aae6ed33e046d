"""A child's file as it was on each day it changed: ``history/<id>/<date>.toml``.

The first change of a day (in the family's time zone) copies the file as it was before it, so
any day's record can be brought back whole (``child history CHILD --restore DATE``; the file
it replaces goes to ``trash/``). Kept: every day of the last 30, and the first of each month
before that. Files 0600 in 0700 folders, like the rest of the data folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .. import clock, locations
from ..fileio import atomic_write, fsync_dir, read_regular
from ..i18n import _
from .reading import ProgressError

if TYPE_CHECKING:
    from .store import Store

KEEP_DAYS = 30
_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})\.toml")


@dataclass(frozen=True)
class Kept:
    day: date
    path: Path
    size: int


def folder(data_dir: Path, child_id: str) -> Path:
    return data_dir / "history" / child_id


def today(data_dir: Path) -> date:
    return datetime.now(ZoneInfo(clock.zone_of(data_dir))).date()


def keep(store: Store, child_id: str, data: bytes) -> Path | None:
    """Keep ``data`` (the child's file before the day's first change) once a day."""
    day = today(store.data_dir)
    place = folder(store.data_dir, child_id)
    target = place / f"{day.isoformat()}.toml"
    if os.path.lexists(target) or not data:
        return None
    try:
        atomic_write(target, data)
    except OSError:
        return None  # a convenience: the change itself is saved (or says why not) as ever
    prune(store.data_dir, child_id, day)
    return target


def listing(data_dir: Path, child_id: str) -> list[Kept]:
    """The days kept for a child, oldest first."""
    found = []
    try:
        entries = list(folder(data_dir, child_id).iterdir())
    except OSError:
        return []
    for path in entries:
        match = _NAME.fullmatch(path.name)
        if not match:
            continue
        try:
            day = date.fromisoformat(match.group(1))
            size = path.stat(follow_symlinks=False).st_size
        except (ValueError, OSError):
            continue
        found.append(Kept(day, path, size))
    return sorted(found, key=lambda k: k.day)


def prune(data_dir: Path, child_id: str, day: date) -> None:
    """Keep the last 30 days and the first kept day of each month before them."""
    months: set[tuple[int, int]] = set()
    for kept in listing(data_dir, child_id):
        if kept.day >= day - timedelta(days=KEEP_DAYS):
            continue
        month = (kept.day.year, kept.day.month)
        if month in months:
            with contextlib.suppress(OSError):
                kept.path.unlink()
        months.add(month)


def restore(store: Store, child_id: str, day: date) -> tuple[Path, Path | None]:
    """Bring back the child's file as kept on ``day``; the file it replaces goes to the trash
    (nothing is lost either way). Returns the history file used and where the old one went."""
    source = folder(store.data_dir, child_id) / f"{day.isoformat()}.toml"
    if not source.is_file():
        kept = ", ".join(k.day.isoformat() for k in listing(store.data_dir, child_id)) or "none"
        raise ProgressError(
            source,
            _("no copy of {child_id} was kept on {day}; kept: {kept}").format(
                child_id=child_id, day=day, kept=kept
            ),
        )
    data = read_regular(source, 64 * 1024 * 1024, follow_symlinks=False)
    with store.lock(child_id, store.lock_wait):
        path = store.path(child_id)
        moved = None
        if path.exists():
            trash = locations.ensure_private_dir(locations.trash_dir(store.data_dir))
            moved = trash / f"{child_id}-before-history-{time.strftime('%Y%m%d-%H%M%S')}.toml"
            shutil.copy2(path, moved)
            os.chmod(moved, locations.FILE_MODE)
            fsync_dir(trash)
        atomic_write(path, data)
    try:
        store.load(child_id)  # say so now if the day's copy cannot be opened
    except ProgressError as exc:
        if moved is not None:
            atomic_write(path, moved.read_bytes())
        raise ProgressError(
            source,
            _("cannot be opened, so it was not brought back: {reason}").format(reason=exc.reason),
        ) from None
    return source, moved
