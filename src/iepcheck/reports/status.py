"""The status document: every child's summary as ``status --json`` prints it.

What each child's status is made of whatever the day (:mod:`.status_facts`) is kept in the
user cache folder, keyed by the progress file's size, mtime and inode, the checklist and
calendar files and the version of iepcheck: a changed file or a new release reads the record
again; a new day, or another look-ahead, does not. Deleting the cache is always safe.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from .. import __version__
from ..records.model import Child
from ..records.store import ProgressError, Store

SHAPE = 5  # the shape of what is cached for a child: raised when it changes (then stale)


def documents_json(child: Child) -> list[dict[str, Any]]:
    """The child's documents as status shows them, each with its deadlines' verdicts."""
    from ..records.schedule import calendar_for
    from .deadlines import verdicts

    cal = calendar_for(child)
    found = []
    for d in child.documents:
        meeting = child.meeting(d.meeting) if d.meeting else None
        found.append(
            {
                "id": d.id,
                "kind": d.kind,
                "received": d.received.isoformat(),
                "dated": d.dated.isoformat() if d.dated else None,
                "requested": d.requested.isoformat() if d.requested else None,
                "meeting": d.meeting or None,
                "note": d.note or None,
                "verdicts": [
                    {
                        "rule": v.rule,
                        "due": v.due.isoformat(),
                        "status": v.status,
                        "late_by": v.late_by,
                        "source": {"title": v.source.title, "url": v.source.url},
                    }
                    for v in verdicts(d, meeting, cal)
                ],
            }
        )
    return found


def _cache_file(store: Store) -> Path | None:
    try:
        from ..locations import trusted_cache_dir

        folder = trusted_cache_dir()
        digest = hashlib.sha256(str(store.folder.resolve()).encode()).hexdigest()[:16]
        return folder / f"status-{digest}.json" if folder else None
    except Exception:
        return None


def collect(
    store: Store,
    ids: list[str],
    today: date,
    days: int,
    cancelled: Callable[[], bool] = lambda: False,
    *,
    prepare: Callable[[Child], Child] = lambda child: child,
    key: str = "",
) -> dict[str, Any]:
    """The status document for ``ids``: children that load, and problems for those that don't.

    ``cancelled`` is asked before each child, so a caller that goes away stops the work.
    ``prepare`` turns a child as read into the child as shown (newer checklist versions);
    ``key`` names what else the result depends on (the checklist files), for the cache.
    """
    from .status_facts import facts, for_day

    cache_path = _cache_file(store)
    cache: dict[str, Any] = {}
    if cache_path is not None:
        try:
            loaded: Any = json.loads(cache_path.read_text())
        except (OSError, ValueError, RecursionError):
            loaded = {}
        cache = loaded if isinstance(loaded, dict) else {}
    changed = False
    children: list[dict[str, Any]] = []
    problems: list[dict[str, str]] = []
    for child_id in ids:
        if cancelled():
            break
        stamp = store.stamp(child_id)
        cache_key = f"{stamp}|{__version__}|{SHAPE}|{key}"
        hit = cache.get(child_id)
        if isinstance(hit, dict) and hit.get("key") == cache_key:
            try:
                children.append(for_day(hit["facts"], today, days))
                continue
            except (KeyError, TypeError, ValueError, IndexError, AttributeError):
                pass  # an entry of another shape (edited by hand?): read the record instead
        try:
            child = store.load(child_id)
        except ProgressError as exc:
            problems.append({"file": str(exc.path), "reason": exc.reason})
            continue
        shown = prepare(child)
        kept = facts(shown, documents_json(shown))
        children.append(for_day(kept, today, days))
        # Only cache what was read from the file the stamp describes.
        if store.stamp(child_id) == stamp:
            cache[child_id] = {"key": cache_key, "facts": kept}
            changed = True
    if changed and cache_path is not None:
        known = set(store.ids())
        cache = {k: v for k, v in cache.items() if k in known}
        try:
            from ..fileio import atomic_write

            atomic_write(cache_path, json.dumps(cache, ensure_ascii=False).encode(), durable=False)
        except OSError:
            pass  # a cache is a convenience
    return {"today": today.isoformat(), "children": children, "problems": problems}
