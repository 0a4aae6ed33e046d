"""The status of a day made from the day-free facts is the status the schedule gives."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from iepcheck.clock import Clock
from iepcheck.records.schedule import (
    DUE_SOON_DAYS,
    ChildSummary,
    ItemView,
    RunSummary,
    calendar_for,
    summarize_child,
)
from iepcheck.reports.guide import conclude
from iepcheck.reports.status import documents_json
from iepcheck.reports.status_facts import facts, for_day
from iepcheck.reports.words import missing_words, tally_json
from iepcheck.service.workspace import Workspace

from ..conftest import TODAY
from ..helpers import LONG, demo_copy


@pytest.fixture
def children(tmp_path: Path) -> list:
    folder = demo_copy(tmp_path / "demo", TODAY)
    workspace = Workspace(folder, [], Clock(TODAY))
    return [workspace.for_display(workspace.store.load(i)) for i in workspace.store.ids()]


def test_every_day_of_a_school_year_agrees_with_the_schedule(children: list) -> None:
    """Over a year of days (repeats falling due, meetings passing, follow-ups coming up) and
    several look-aheads, the facts give exactly what summarizing the record gives."""
    for child in children:
        kept = facts(child, documents_json(child))
        for offset in range(-40, 330, 1 if LONG else 3):  # every day with IEPCHECK_LONG=1
            day = TODAY + timedelta(days=offset)
            for days in (60,) if offset % 7 else (0, 14, 60):
                expected = direct_status(summarize_child(child, day, days), days)
                assert for_day(kept, day, days) == expected, (child.id, day, days)


def test_facts_are_plain_json_and_need_no_record(children: list) -> None:
    import json

    child = children[0]
    kept = json.loads(json.dumps(facts(child, documents_json(child))))
    day = date(2027, 2, 1)
    assert for_day(kept, day, 60) == direct_status(summarize_child(child, day, 60), 60)


# -- the oracle -------------------------------------------------------------------------------


def _item_json(summary: RunSummary, view: ItemView) -> dict[str, Any]:
    return {
        "checklist": summary.run.checklist,
        "item": view.id,
        "text": view.item.text,
        "due": view.due.isoformat() if view.due else None,
        "estimated": view.estimated,
    }


def _coming(view: ItemView, cs: ChildSummary, days: int) -> bool:
    """A done repeat item due again within the look-ahead (an agenda's coming date)."""
    again = view.again
    return (
        view.state == "done"
        and again is not None
        and cs.today < again <= cs.today + timedelta(days=days)
    )


def _again(summary: RunSummary, view: ItemView) -> dict[str, Any]:
    assert view.again is not None
    return {**_item_json(summary, view), "due": view.again.isoformat(), "estimated": False}


def _lists(pairs: list[tuple[RunSummary, ItemView]]) -> list[dict[str, Any]]:
    return [_item_json(r, v) for r, v in pairs]


def _tally_json(summary: RunSummary) -> dict[str, Any]:
    return tally_json(summary.tally())


def _conclusion_json(summary: RunSummary, plan: str) -> dict[str, Any]:
    found = conclude(summary, plan)
    return {"lean": found.lean, "headline": found.headline}


def direct_status(cs: ChildSummary, days: int) -> dict[str, Any]:
    """The oracle: one child's status built straight from the schedule's summaries (what
    ``status --json`` printed before the facts were kept), to check the facts against."""
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
                "again": [_again(r, v) for r, v in m.views("items") if _coming(v, cs, days)],
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
            "again": [_again(r, v) for v in r.items if _coming(v, cs, days)],
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
        "later": [
            {
                "id": m.meeting.id,
                "title": m.meeting.title,
                "kind": m.meeting.kind,
                "date": m.meeting.date.isoformat(),
                "time": m.meeting.time or None,
                "days_left": m.days_left,
            }
            for m in cs.later
        ],
        "standing": standing,
        "school_calendar": (
            {"id": cs.child.calendar, "found": cs.child.school_calendar is not None}
            if cs.child.calendar
            else None
        ),
        "follow_ups": _follow_ups(cs),
        "documents": documents_json(cs.child),
        "notes": [
            missing_words(r.checklist, r.version)
            for r in cs.child.runs
            if r.text_missing and not r.archived
        ],
        "current_plan": _current_plan(cs, days),
    }


def _current_plan(cs: ChildSummary, days: int) -> dict[str, Any] | None:
    """The plan's dates, reports and goals on the day, worked out straight from the record."""
    child, today = cs.child, cs.today
    plan = child.current_plan()
    if plan is None:
        return None
    cal = calendar_for(child)
    kinds = ("ppt",) if plan.kind == "iep" else ("504", "ppt")
    dates = []
    for what, due in (
        ("annual-review", plan.annual_review_by),
        ("reevaluation", plan.reevaluation_by),
    ):
        if due is None:
            continue
        met = any(
            m.kind in kinds and due - timedelta(days=90) <= m.date <= due for m in child.meetings
        )
        if due >= today:
            left, school = (due - today).days, cal.school_days_between(today, due)
        else:
            left, school = -(today - due).days, -cal.school_days_between(due, today)
        ahead = due <= today + timedelta(days=days)
        legal = plan.kind == "iep"
        dates.append(
            {
                "what": what,
                "due": due.isoformat(),
                "legal": legal,
                "meeting_set": met,
                "days_left": left,
                "school_days_left": school,
                "estimated": not cal.known(due) or not cal.known(today),
                "in_look_ahead": ahead,
                "overdue": ahead and not met and legal and due < today,
                "urgent": ahead and not met and legal and school <= 30,
            }
        )
    seen = [r.on for p in child.plans for g in p.goals for r in g.reports]
    seen += [d.received for d in child.documents if d.kind == "progress-report"]
    missing = []
    ahead = []
    for due in plan.report_dates:
        until = cal.add_school_days(due, 10)
        since = cal.add_school_days(due, -10)
        recorded = any(since <= day <= until for day in seen)
        if due >= today:
            school = cal.school_days_between(today, due)
        else:
            school = -cal.school_days_between(due, today)
        counted = {
            "school_days_left": school,
            "estimated": not cal.known(due) or not cal.known(today),
        }
        if until < today and not recorded:
            missing.append({"due": due.isoformat(), "until": until.isoformat(), **counted})
        elif today <= due <= today + timedelta(days=days):
            ahead.append({"due": due.isoformat(), "recorded": recorded, **counted})
    goals = []
    for goal in plan.goals:
        chain = [
            r
            for p in child.plans
            for g in p.goals
            if g.id in _linked(child, goal)
            for r in g.reports
        ]
        chain.sort(key=lambda r: (r.on, r.added))
        last = chain[-1] if chain else None
        stuck = len(chain) >= 2 and {r.status for r in chain[-2:]} <= {"no-progress", "limited"}
        goals.append(
            {
                "id": goal.id,
                "text": goal.text,
                "area": goal.area,
                "flag": "no-progress-twice" if stuck else "",
                "flag_recent": stuck and chain[-1].on >= today - timedelta(days=30),
                "last": (
                    {"on": last.on.isoformat(), "status": last.status, "value": last.value}
                    if last
                    else None
                ),
            }
        )
    return {
        "id": plan.id,
        "kind": plan.kind,
        "start": plan.start.isoformat() if plan.start else None,
        "end": plan.end.isoformat() if plan.end else None,
        "annual_review_by": plan.annual_review_by.isoformat() if plan.annual_review_by else None,
        "reevaluation_by": plan.reevaluation_by.isoformat() if plan.reevaluation_by else None,
        "no_meeting_set": any(d["in_look_ahead"] and not d["meeting_set"] for d in dates),
        "dates": dates,
        "missing_reports": missing,
        "reports_ahead": ahead,
        "goals": goals,
    }


def _linked(child: Any, goal: Any) -> set[str]:
    """The goal and the goals it was copied from, as long as each copy kept its words (the
    demo's goals keep them)."""
    by_id = {g.id: g for p in child.plans for g in p.goals}
    found = {goal.id}
    while goal.link in by_id and goal.link not in found and by_id[goal.link].text == goal.text:
        goal = by_id[goal.link]
        found.add(goal.id)
    return found


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
