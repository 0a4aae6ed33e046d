"""Computing ``status``, with a cache so a large caseload answers fast over SSH.

Each child's summary (the JSON ``status --json`` prints) is kept in the user cache folder,
keyed by the progress file's size, mtime and inode, "today", the look-ahead and the version
of iepcheck. A changed file, a new day or a new release recomputes it; deleting the cache
is always safe.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from . import __version__
from .store import ProgressError, Store


def _cache_file(store: Store) -> Path | None:
    try:
        from .locations import cache_dir

        digest = hashlib.sha256(str(store.folder.resolve()).encode()).hexdigest()[:16]
        return cache_dir() / f"status-{digest}.json"
    except Exception:
        return None


def collect(
    store: Store,
    ids: list[str],
    today: date,
    days: int,
    cancelled: Callable[[], bool] = lambda: False,
) -> dict[str, Any]:
    """The status document for ``ids``: children that load, and problems for those that don't.

    ``cancelled`` is asked before each child, so a caller that goes away stops the work.
    """
    from .report import child_json
    from .schedule import summarize_child

    cache_path = _cache_file(store)
    cache: dict[str, Any] = {}
    if cache_path is not None:
        try:
            cache = json.loads(cache_path.read_text())
        except (OSError, ValueError):
            cache = {}
        if not isinstance(cache, dict):
            cache = {}
    changed = False
    children: list[dict[str, Any]] = []
    problems: list[dict[str, str]] = []
    for child_id in ids:
        if cancelled():
            break
        stamp = store.stamp(child_id)
        key = f"{stamp}|{today}|{days}|{__version__}"
        hit = cache.get(child_id)
        if isinstance(hit, dict) and hit.get("key") == key and isinstance(hit.get("data"), dict):
            children.append(hit["data"])
            continue
        try:
            child = store.load(child_id)
        except ProgressError as exc:
            problems.append({"file": str(exc.path), "reason": exc.reason})
            continue
        data = child_json(summarize_child(child, today, days))
        children.append(data)
        # Only cache what was read from the file the stamp describes.
        if store.stamp(child_id) == stamp:
            cache[child_id] = {"key": key, "data": data}
            changed = True
    if changed and cache_path is not None:
        known = set(store.ids())
        cache = {k: v for k, v in cache.items() if k in known}
        try:
            from .fileio import atomic_write

            atomic_write(cache_path, json.dumps(cache, ensure_ascii=False).encode())
        except OSError:
            pass  # a cache is a convenience
    return {"today": today.isoformat(), "children": children, "problems": problems}
