"""What parsing a file gave, kept in the user cache so a large file is parsed once per change.

tomllib takes about 100 ms for a 150 KB record or checklist; the result, pickled, loads in a
millisecond or two. An entry is keyed by the file's path, size, mtime and inode (a save always
changes the inode) and iepcheck's version, so a stale entry is never used; deleting the cache
is always safe. Only the classes a caller names are ever unpickled (a restricted unpickler),
and only from a cache folder that is the user's own and private.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from pathlib import Path
from typing import Any

from . import __version__, locations
from .fileio import atomic_write

MAX_ENTRIES = 4000
DATES = frozenset(
    {
        ("datetime", "date"),
        ("datetime", "datetime"),
        ("datetime", "time"),
        ("datetime", "timezone"),
        ("datetime", "timedelta"),
    }
)
Stamp = tuple[int, int, int]


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, allowed: frozenset[tuple[str, str]]) -> None:
        super().__init__(io.BytesIO(data))
        self.allowed = allowed

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self.allowed:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} may not come from the cache")


def stamp_of(path: Path) -> Stamp | None:
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def _folder(kind: str) -> Path | None:
    try:
        base = locations.trusted_cache_dir()
    except Exception:
        return None
    if base is None or locations.not_private(base / kind):
        return None
    return base / kind


def _entry(kind: str, path: Path, stamp: Stamp) -> Path | None:
    folder = _folder(kind)
    if folder is None:
        return None
    try:
        where = str(path.resolve())
    except (OSError, RuntimeError):
        return None
    key = hashlib.sha256(f"{__version__}|{where}|{stamp}".encode()).hexdigest()[:32]
    return folder / f"{key}.pickle"


def get(kind: str, path: Path, stamp: Stamp, allowed: frozenset[tuple[str, str]]) -> Any:
    """What parsing ``path`` gave when it was at ``stamp``, if kept; else None."""
    entry = _entry(kind, path, stamp)
    if entry is None:
        return None
    try:
        with open(entry, "rb") as handle:
            return _Unpickler(handle.read(), allowed | DATES).load()
    except Exception:  # a damaged or foreign entry is a miss, never a failure
        return None


def put(kind: str, path: Path, stamp: Stamp, value: Any) -> None:
    """Keep what parsing ``path`` at ``stamp`` gave (worth it for files slow to parse)."""
    entry = _entry(kind, path, stamp)
    if entry is None:
        return
    try:
        folder = locations.ensure_private_dir(entry.parent)
        kept = list(folder.glob("*.pickle"))
        if len(kept) > MAX_ENTRIES:  # stale entries pile up as records change: start afresh
            for old in kept:
                old.unlink(missing_ok=True)
        atomic_write(entry, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # a cache is a convenience
