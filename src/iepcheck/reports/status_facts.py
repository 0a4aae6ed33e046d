"""A child's status in two steps: what it is made of whatever the day, and the status on a day.

:func:`facts` does the slow part once per change of the child's file, a checklist or a
calendar: reading the record, working out every item's due date from its rule and the school
days. It is plain JSON, kept in the cache. :func:`for_day` turns it into the status of a day
(what ``status --json`` prints for the child) without reading the record or counting a due
date again: a new day, or another look-ahead, only reclassifies. Both use the schedule's own
rules (:mod:`iepcheck.records.schedule`), so a status is the same whichever way it was made.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..calendar.schooldays import ClosedRange, SchoolCalendar
from ..records.model import Child, Run
from ..records.schedule import (
    DUE_SOON_DAYS,
    calendar_for,
    countdown,
    horizon_of,
    is_active,
    on_day,
    scheduled,
)
from .guide import conclude_signs, english_headline
from .plan import plan_facts, plan_on_day
from .words import missing_words

# An item, whatever the day: [id, text, leans, state, due, estimated, due again]. The text of
# an item that can only ever be counted (done or skipped for good, no sign) is left out.
ID, TEXT, LEANS, STATE, DUE, ESTIMATED, AGAIN = range(7)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _run_facts(child: Child, run: Run, cal: SchoolCalendar) -> dict[str, Any]:
    meeting = child.meeting(run.meeting) if run.meeting else None
    day = meeting.date if meeting else None
    items = []
    for section in run.sections:
        for item in section.items:
            base = scheduled(run, item, day, cal, child.born)
            shown = base.state == "open" or base.again is not None or bool(item.leans)
            items.append(
                [
                    item.id,
                    item.text if shown else "",
                    item.leans,
                    base.state,
                    _iso(base.due),
                    base.estimated,
                    _iso(base.again),
                ]
            )
    return {
        "id": run.id,
        "checklist": run.checklist,
        "title": run.title,
        "kind": run.kind,
        "started": run.started.isoformat(),
        "items": items,
    }


def facts(child: Child, documents: list[dict[str, Any]]) -> dict[str, Any]:
    """Everything the child's status is made of that no day changes (``documents``: the
    documents as status shows them, with their deadlines, which are dated, not daily)."""
    cal = calendar_for(child)
    follow_ups = sorted(
        (c for c in child.contact_log() if c.follow_up is not None and c.answered is None),
        key=lambda c: c.follow_up or c.day,
    )
    return {
        "id": child.id,
        "name": child.name,
        "plan": child.plan,
        "calendar": {
            "closed": [[c.start.isoformat(), c.end.isoformat()] for c in cal.closed],
            "open": sorted(d.isoformat() for d in cal.open),
            "years": [[a.isoformat(), b.isoformat()] for a, b in cal.years],
        },
        "meetings": [
            {
                "id": m.id,
                "title": m.title,
                "kind": m.kind,
                "date": m.date.isoformat(),
                "time": m.time,
                "runs": [_run_facts(child, r, cal) for r in child.runs_for(m.id)],
            }
            for m in sorted(child.meetings, key=lambda m: (m.date, m.time))
        ],
        "standing": [_run_facts(child, r, cal) for r in child.standing_runs()],
        "school_calendar": (
            {"id": child.calendar, "found": child.school_calendar is not None}
            if child.calendar
            else None
        ),
        "notes": [
            missing_words(r.checklist, r.version, english=True)
            for r in child.runs
            if r.text_missing and not r.archived
        ],
        "follow_ups": [
            {
                "id": c.id,
                "day": c.day.isoformat(),
                "with": c.with_whom or None,
                "text": c.text,
                "due": _iso(c.follow_up),
            }
            for c in follow_ups
        ],
        "documents": documents,
        "current_plan": plan_facts(child, cal),
    }


def _calendar(kept: dict[str, Any]) -> SchoolCalendar:
    return SchoolCalendar(
        [ClosedRange(date.fromisoformat(a), date.fromisoformat(b)) for a, b in kept["closed"]],
        open=frozenset(date.fromisoformat(d) for d in kept["open"]),
        years=tuple((date.fromisoformat(a), date.fromisoformat(b)) for a, b in kept["years"]),
    )


class _Run:
    """A run on the day: its items as on_day leaves them, its counts and its lists."""

    def __init__(self, kept: dict[str, Any], today: date, horizon: date) -> None:
        self.kept = kept
        self.guide = kept["kind"] == "guide"
        self.states: list[tuple[list[Any], str]] = []  # (item, state on the day)
        self.overdue: list[dict[str, Any]] = []
        self.due_soon: list[dict[str, Any]] = []
        self.remaining: list[dict[str, Any]] = []
        self.open_dues: list[date] = []
        self.again: list[dict[str, Any]] = []  # done repeats due again in the look-ahead
        checklist = kept["checklist"]
        for item in kept["items"]:
            if item[DUE] is None and item[AGAIN] is None:
                # Undated and not repeating: nothing about it depends on the day.
                state, due, estimated, overdue, soon = item[STATE], None, item[ESTIMATED], 0, 0
            else:
                state, due, estimated, overdue, soon = on_day(
                    item[STATE], _day(item[DUE]), item[ESTIMATED], _day(item[AGAIN]), today
                )
            self.states.append((item, state))
            if state == "done" and item[AGAIN] is not None:
                again = date.fromisoformat(item[AGAIN])
                if today < again <= horizon:
                    self.again.append(
                        {
                            "checklist": checklist,
                            "item": item[ID],
                            "text": item[TEXT],
                            "due": item[AGAIN],
                            "estimated": False,
                        }
                    )
            if state != "open":
                continue
            shown = {
                "checklist": checklist,
                "item": item[ID],
                "text": item[TEXT],
                "due": _iso(due),
                "estimated": estimated,
            }
            self.remaining.append(shown)
            if due is not None:
                self.open_dues.append(due)
            if overdue:
                self.overdue.append(shown)
            if soon:
                self.due_soon.append(shown)
        self.done = sum(1 for _, state in self.states if state == "done")
        self.skipped = sum(1 for _, state in self.states if state == "skipped")
        self.total = len(self.states) - self.skipped

    def tally(self) -> dict[str, dict[str, int]]:
        out = {}
        for side in ("IEP", "504"):
            signs = [state for item, state in self.states if item[LEANS] == side]
            out[side] = {"ticked": signs.count("done"), "of": len(signs)}
        return out

    def conclusion(self, plan: str) -> dict[str, str]:
        def signs(side: str) -> list[str]:
            return [i[TEXT] for i, state in self.states if i[LEANS] == side and state == "done"]

        iep, five = signs("IEP"), signs("504")
        found = conclude_signs(iep, five, plan)
        # The status document says it in English whatever the language (it is cached too).
        return {"lean": found.lean, "headline": english_headline(found.lean, len(iep), len(five))}


def for_day(kept: dict[str, Any], today: date, days: int) -> dict[str, Any]:
    """The child's status on ``today`` (``status --json``): meetings up to ``days`` ahead, and
    later ones with an item overdue already; ``later``, the other meetings beyond."""
    cal = _calendar(kept["calendar"])
    horizon = horizon_of(today, days)
    meetings = []
    later = []
    for m in kept["meetings"]:
        day = date.fromisoformat(m["date"])
        runs = [_Run(r, today, horizon) for r in m["runs"]]
        counted = [r for r in runs if not r.guide]
        if day > horizon and not any(r.overdue for r in counted):
            # Beyond the look-ahead with nothing overdue yet: said, not shown.
            later.append(
                {
                    "id": m["id"],
                    "title": m["title"],
                    "kind": m["kind"],
                    "date": m["date"],
                    "time": m["time"] or None,
                    "days_left": (day - today).days,
                }
            )
            continue
        open_dues = [due for r in counted for due in r.open_dues]
        if not is_active(day, open_dues, today):
            continue
        days_left, school_days_left, estimated = countdown(day, cal, today)
        meetings.append(
            {
                "id": m["id"],
                "title": m["title"],
                "kind": m["kind"],
                "date": m["date"],
                "time": m["time"] or None,
                "days_left": days_left,
                "school_days_left": school_days_left,
                "estimated": estimated,
                "done": sum(r.done for r in counted),
                "skipped": sum(r.skipped for r in counted),
                "total": sum(r.total for r in counted),
                "checklists": [r.kept["checklist"] for r in runs],
                "overdue": [x for r in counted for x in r.overdue],
                "due_soon": [x for r in counted for x in r.due_soon],
                "remaining": [x for r in counted for x in r.remaining],
                "again": [x for r in counted for x in r.again],
                "runs": [
                    {
                        "id": r.kept["id"],
                        "checklist": r.kept["checklist"],
                        "title": r.kept["title"],
                        "kind": r.kept["kind"],
                        "done": r.done,
                        "skipped": r.skipped,
                        "total": r.total,
                        "overdue": len(r.overdue),
                    }
                    for r in runs
                ],
                "guides": [
                    {
                        "checklist": r.kept["checklist"],
                        "title": r.kept["title"],
                        "tally": r.tally(),
                        "conclusion": r.conclusion(kept["plan"]),
                    }
                    for r in runs
                    if r.guide
                ],
            }
        )
    standing = []
    for s in kept["standing"]:
        r = _Run(s, today, horizon)
        entry: dict[str, Any] = {
            "run": s["id"],
            "checklist": s["checklist"],
            "title": s["title"],
            "kind": s["kind"],
            "started": s["started"],
            "done": r.done,
            "skipped": r.skipped,
            "total": r.total,
            "overdue": r.overdue,
            "due_soon": r.due_soon,
            "remaining": r.remaining,
            "again": r.again,
        }
        if r.guide:
            entry["tally"] = r.tally()
            entry["conclusion"] = r.conclusion(kept["plan"])
        standing.append(entry)
    soon = today + timedelta(days=DUE_SOON_DAYS)
    estimated_any = not cal.known(today) or any(m["estimated"] for m in meetings)
    return {
        "id": kept["id"],
        "name": kept["name"],
        "plan": kept["plan"],
        "calendar": "estimated" if estimated_any else "set",
        "meetings": meetings,
        "later": later,
        "standing": standing,
        "school_calendar": kept["school_calendar"],
        "notes": kept.get("notes", []),
        "follow_ups": [
            {
                **f,
                "overdue": date.fromisoformat(f["due"]) < today,
                "due_soon": today <= date.fromisoformat(f["due"]) <= soon,
            }
            for f in kept["follow_ups"]
        ],
        "documents": kept["documents"],
        "current_plan": plan_on_day(kept["current_plan"], cal, today, days),
    }
