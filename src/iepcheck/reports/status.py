"""The status document: one child's summary as ``status --json`` prints it, cached per child.

Each child's summary is kept in the user cache folder, keyed by the progress file's size,
mtime and inode, "today", the look-ahead and the version of iepcheck. A changed file, a new
day or a new release recomputes it; deleting the cache is always safe.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .. import __version__
from ..records.model import Child
from ..records.schedule import DUE_SOON_DAYS, ChildSummary, ItemView, RunSummary
from ..records.store import ProgressError, Store
from .guide import conclude
from .words import tally_json

SHAPE = 2  # the shape of a child's status: raised when keys are added (a cache is then stale)


def _item_json(summary: RunSummary, view: ItemView) -> dict[str, Any]:
    return {
        "checklist": summary.run.checklist,
        "item": view.id,
        "text": view.item.text,
        "due": view.due.isoformat() if view.due else None,
        "estimated": view.estimated,
    }


def _lists(pairs: list[tuple[RunSummary, ItemView]]) -> list[dict[str, Any]]:
    return [_item_json(r, v) for r, v in pairs]


def _tally_json(summary: RunSummary) -> dict[str, Any]:
    return tally_json(summary.tally())


def _conclusion_json(summary: RunSummary, plan: str) -> dict[str, Any]:
    found = conclude(summary, plan)
    return {"lean": found.lean, "headline": found.headline}


def child_json(cs: ChildSummary) -> dict[str, Any]:
    """One child's status, as ``status --json`` prints it (keys are only ever added)."""
    meetings = []
    for m in cs.meetings:
        done, skipped, total = m.counts()
        meetings.append(
            {
                "id": m.meeting.id,
                "title": m.meeting.title,
                "kind": m.meeting.kind,
                "date": m.meeting.date.isoformat(),
                "time": m.meeting.time or None,
                "days_left": m.days_left,
                "school_days_left": m.school_days_left,
                "estimated": m.estimated,
                "done": done,
                "skipped": skipped,
                "total": total,
                "checklists": [r.run.checklist for r in m.runs],
                "overdue": _lists(m.views("overdue")),
                "due_soon": _lists(m.views("due_soon")),
                "remaining": _lists(m.views("remaining")),
                "runs": [
                    {
                        "id": r.run.id,
                        "checklist": r.run.checklist,
                        "title": r.run.title,
                        "kind": r.run.kind,
                        "done": r.done,
                        "skipped": r.skipped,
                        "total": r.total,
                        "overdue": len(r.overdue),
                    }
                    for r in m.runs
                ],
                "guides": [
                    {
                        "checklist": r.run.checklist,
                        "title": r.run.title,
                        "tally": _tally_json(r),
                        "conclusion": _conclusion_json(r, cs.child.plan),
                    }
                    for r in m.runs
                    if r.run.kind == "guide"
                ],
            }
        )
    standing = []
    for r in cs.standing:
        entry: dict[str, Any] = {
            "run": r.run.id,
            "checklist": r.run.checklist,
            "title": r.run.title,
            "kind": r.run.kind,
            "started": r.run.started.isoformat(),
            "done": r.done,
            "skipped": r.skipped,
            "total": r.total,
            "overdue": [_item_json(r, v) for v in r.overdue],
            "due_soon": [_item_json(r, v) for v in r.due_soon],
            "remaining": [_item_json(r, v) for v in r.remaining],
        }
        if r.run.kind == "guide":
            entry["tally"] = _tally_json(r)
            entry["conclusion"] = _conclusion_json(r, cs.child.plan)
        standing.append(entry)
    return {
        "id": cs.child.id,
        "name": cs.child.name,
        "plan": cs.child.plan,
        "calendar": "estimated" if cs.estimated else "set",
        "meetings": meetings,
        "standing": standing,
        "school_calendar": (
            {"id": cs.child.calendar, "found": cs.child.school_calendar is not None}
            if cs.child.calendar
            else None
        ),
        "follow_ups": _follow_ups(cs),
        "documents": _documents(cs),
    }


def _follow_ups(cs: ChildSummary) -> list[dict[str, Any]]:
    """Log entries waiting for an answer, by their follow-up date (like due items)."""
    return [
        {
            "id": c.id,
            "day": c.day.isoformat(),
            "with": c.with_whom or None,
            "text": c.text,
            "due": c.follow_up.isoformat(),
            "overdue": c.follow_up < cs.today,
            "due_soon": cs.today <= c.follow_up <= cs.today + timedelta(days=DUE_SOON_DAYS),
        }
        for c in sorted(cs.child.communications, key=lambda c: c.follow_up or c.day)
        if c.follow_up is not None and c.answered is None
    ]


def _documents(cs: ChildSummary) -> list[dict[str, Any]]:
    from ..records.schedule import calendar_for
    from .deadlines import verdicts

    cal = calendar_for(cs.child)
    found = []
    for d in cs.child.documents:
        meeting = cs.child.meeting(d.meeting) if d.meeting else None
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
        from ..locations import cache_dir

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
    *,
    prepare: Callable[[Child], Child] = lambda child: child,
    key: str = "",
) -> dict[str, Any]:
    """The status document for ``ids``: children that load, and problems for those that don't.

    ``cancelled`` is asked before each child, so a caller that goes away stops the work.
    ``prepare`` turns a child as read into the child as shown (newer checklist versions);
    ``key`` names what else the result depends on (the checklist files), for the cache.
    """
    from ..records.schedule import summarize_child

    cache_path = _cache_file(store)
    cache: dict[str, Any] = {}
    if cache_path is not None:
        try:
            loaded: Any = json.loads(cache_path.read_text())
        except (OSError, ValueError):
            loaded = {}
        cache = loaded if isinstance(loaded, dict) else {}
    changed = False
    children: list[dict[str, Any]] = []
    problems: list[dict[str, str]] = []
    for child_id in ids:
        if cancelled():
            break
        stamp = store.stamp(child_id)
        cache_key = f"{stamp}|{today}|{days}|{__version__}|{SHAPE}|{key}"
        hit = cache.get(child_id)
        if (
            isinstance(hit, dict)
            and hit.get("key") == cache_key
            and isinstance(hit.get("data"), dict)
        ):
            children.append(hit["data"])
            continue
        try:
            child = store.load(child_id)
        except ProgressError as exc:
            problems.append({"file": str(exc.path), "reason": exc.reason})
            continue
        data = child_json(summarize_child(prepare(child), today, days))
        children.append(data)
        # Only cache what was read from the file the stamp describes.
        if store.stamp(child_id) == stamp:
            cache[child_id] = {"key": cache_key, "data": data}
            changed = True
    if changed and cache_path is not None:
        known = set(store.ids())
        cache = {k: v for k, v in cache.items() if k in known}
        try:
            from ..fileio import atomic_write

            atomic_write(cache_path, json.dumps(cache, ensure_ascii=False).encode())
        except OSError:
            pass  # a cache is a convenience
    return {"today": today.isoformat(), "children": children, "problems": problems}
