"""The last view computed from every child's file, kept so the next start can show it at once.

A snapshot is used only when nothing it was computed from has changed. Its key covers every
child's file (size, mtime and inode, as the status cache keys a child), every checklist and
calendar file (their fingerprint), the day, the look-ahead and iepcheck's version. Checking it
stats those files and reads nothing else, and imports nothing beyond the standard library: this
module is what a start reads before the checklist and record modules are loaded. Any change is
a miss, and the caller computes the view as usual. A child with changes kept in a recovery
file (an earlier session could not save them) is always a miss: those changes are applied
first. Deleting the cache is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from .. import __version__, locations
from ..checklists.folders import fingerprint
from ..i18n import language

FORMAT = 2  # raised whenever what a snapshot holds changes shape


def key(data_dir: Path, extra: Iterable[Path], today: date | None, days: int = 0) -> str | None:
    """Everything a view of every child depends on, as one string; None when a snapshot must
    not be used (changes wait in a recovery file, or the children's folder can't be read).
    ``today`` None: a view that no day changes (the children's names)."""
    day = today.isoformat() if today else "any day"
    # A view printed in one language is not the view in another.
    parts = [f"{__version__}|{FORMAT}|{day}|{days}|{language()}", fingerprint(data_dir, extra)]
    try:
        with os.scandir(locations.children_dir(data_dir)) as found:
            entries = sorted(found, key=lambda e: e.name)
    except FileNotFoundError:
        entries = []
    except OSError:
        return None
    if _rescued_elsewhere(data_dir):
        return None
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            if ".recovery-" in name and locations.recovery_is_ours(name):
                return None
            continue
        if not name.endswith(".toml"):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            return None
        parts.append(f"{name}|{info.st_size}|{info.st_mtime_ns}|{info.st_ino}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _rescued_elsewhere(data_dir: Path) -> bool:
    """Changes this data folder refused, kept in the state folder (or the old cache place)."""
    for folder in (locations.recovery_dir(data_dir), locations.old_recovery_dir()):
        try:
            with os.scandir(folder) as found:
                if any(".recovery-" in e.name for e in found):
                    return True
        except OSError:
            continue
    return False


def _file(name: str, data_dir: Path) -> Path | None:
    """The snapshot's file: one for each data folder and language (a family where one
    parent reads Spanish and the other English keeps both warm)."""
    try:
        folder = locations.trusted_cache_dir()  # None: another user could have written it
        where = str(data_dir.resolve())
    except Exception:
        return None
    if folder is None:
        return None
    digest = hashlib.sha256(where.encode()).hexdigest()[:16]
    return folder / f"{name}-{language()}-{digest}.json"


def load(name: str, data_dir: Path, wanted: str | None) -> Any:
    """What was saved under ``name`` for the data folder with the key ``wanted``; else None."""
    if wanted is None:
        return None
    path = _file(name, data_dir)
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            kept = json.load(handle)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(kept, dict) or kept.get("key") != wanted:
        return None
    return kept.get("value")


def save(name: str, data_dir: Path, made_for: str | None, value: Any) -> None:
    """Keep ``value``, computed from the inputs ``made_for`` describes (taken before reading
    them, so a file that changed meanwhile makes the snapshot a miss, never wrong)."""
    if made_for is None:
        return
    path = _file(name, data_dir)
    if path is None:
        return
    from ..fileio import atomic_write

    try:
        text = json.dumps({"key": made_for, "value": value}, ensure_ascii=False)
        atomic_write(path, text.encode(), durable=False)
    except (OSError, ValueError, TypeError, RecursionError):
        pass  # a cache is a convenience
