"""The plans in the progress file (``[[plans]]`` and the lists of tables inside): model ⇄ TOML.

Every entry is a table with an ``id``, so the record's change stamps and merge treat a plan
like the rest of the record, field by field. Keys this iepcheck does not know are kept.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from ..checklists.positions import KeyPath
from .plans import (
    PER,
    PLAN_KINDS,
    PLAN_STATES,
    STATUSES,
    Accommodation,
    Goal,
    GoalReport,
    Objective,
    Plan,
    Service,
)
from .reading import Reader, extra_keys

PLAN_KEYS = {"id", "kind", "state", "added", "start", "end", "annual_review_by"}
PLAN_KEYS |= {"reevaluation_by", "report_dates", "with_report_cards", "meeting", "document"}
PLAN_KEYS |= {"peers_hours", "services", "accommodations", "goals", "link"}
SERVICE_KEYS = {"id", "name", "minutes", "per", "cycle_days", "where", "by", "link", "added"}
ACCOMMODATION_KEYS = {"id", "text", "where", "link", "added"}
GOAL_KEYS = {"id", "text", "area", "baseline", "target", "measured", "unit", "link", "added"}
GOAL_KEYS |= {"objectives", "reports"}
OBJECTIVE_KEYS = {"id", "text", "link", "added"}
REPORT_KEYS = {"id", "on", "status", "value", "note", "added"}


def _drop_empty(table: dict[str, Any]) -> dict[str, Any]:
    """Empty values left out; a number 0 is kept (no minutes, no hours with peers)."""
    return {
        k: v
        for k, v in table.items()
        if v is not None and v is not False and not (isinstance(v, str | list | tuple) and not v)
    }


def _with_extra(table: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    for key, value in extra.items():
        table.setdefault(key, value)
    return table


# -- writing ---------------------------------------------------------------------------------------


def plan_to_doc(plan: Plan) -> dict[str, Any]:
    doc = _drop_empty(
        {
            "id": plan.id,
            "kind": plan.kind,
            "state": plan.state,
            "added": plan.added,
            "start": plan.start,
            "end": plan.end,
            "annual_review_by": plan.annual_review_by,
            "reevaluation_by": plan.reevaluation_by,
            "report_dates": list(plan.report_dates),
            "with_report_cards": plan.with_report_cards,
            "meeting": plan.meeting,
            "document": plan.document,
            "peers_hours": plan.peers_hours,  # 0 is kept: no time with peers at all
            "link": plan.link,
        }
    )
    if plan.services:
        doc["services"] = [
            _with_extra(
                _drop_empty(
                    {
                        "id": s.id,
                        "name": s.name,
                        "minutes": s.minutes,
                        "per": s.per,
                        "cycle_days": s.cycle_days if s.per == "cycle" else None,
                        "where": s.where,
                        "by": s.by,
                        "link": s.link,
                        "added": s.added,
                    }
                ),
                s.extra,
            )
            for s in plan.services
        ]
    if plan.accommodations:
        doc["accommodations"] = [
            _with_extra(
                _drop_empty(
                    {"id": a.id, "text": a.text, "where": a.where, "link": a.link, "added": a.added}
                ),
                a.extra,
            )
            for a in plan.accommodations
        ]
    if plan.goals:
        doc["goals"] = [_goal_to_doc(g) for g in plan.goals]
    return _with_extra(doc, plan.extra)


def _goal_to_doc(goal: Goal) -> dict[str, Any]:
    doc = _drop_empty(
        {
            "id": goal.id,
            "text": goal.text,
            "area": goal.area,
            "baseline": goal.baseline,
            "target": goal.target,
            "measured": goal.measured,
            "unit": goal.unit,
            "link": goal.link,
            "added": goal.added,
        }
    )
    if goal.objectives:
        doc["objectives"] = [
            _with_extra(
                _drop_empty({"id": o.id, "text": o.text, "link": o.link, "added": o.added}),
                o.extra,
            )
            for o in goal.objectives
        ]
    if goal.reports:
        doc["reports"] = [
            _with_extra(
                _drop_empty(
                    {
                        "id": r.id,
                        "on": r.on,
                        "status": r.status,
                        "value": r.value,
                        "note": r.note,
                        "added": r.added,
                    }
                ),
                r.extra,
            )
            for r in goal.reports
        ]
    return _with_extra(doc, goal.extra)


# -- reading ---------------------------------------------------------------------------------------


def _number(r: Reader, table: dict[str, Any], key: str, w: KeyPath) -> float | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise r.fail((*w, key), "should be a number")
    return value


def _whole(r: Reader, table: dict[str, Any], key: str, w: KeyPath) -> int:
    value: int = r.get(table, key, int, w, 0)
    if value < 0:
        raise r.fail((*w, key), "should not be negative")
    return value


def _choice(
    r: Reader, table: dict[str, Any], key: str, w: KeyPath, choices: tuple[str, ...]
) -> str:
    value = r.text_of(table, key, w, required=True)
    if value not in choices:
        raise r.fail((*w, key), f"is '{value}': it is one of {', '.join(choices)}")
    return value


def plan_from_doc(r: Reader, doc: dict[str, Any], w: KeyPath) -> Plan:
    dates = []
    for k, day in enumerate(r.get(doc, "report_dates", list, w, [])):
        if isinstance(day, datetime) or not isinstance(day, date):
            raise r.fail((*w, "report_dates", k), "should be a date")
        dates.append(r.get({"d": day}, "d", date, (*w, "report_dates", k)))
    services = []
    for n, x in enumerate(r.tables(doc, "services", w)):
        sw = (*w, "services", n)
        per = _choice(r, x, "per", sw, PER)
        services.append(
            Service(
                id=r.text_of(x, "id", sw, required=True),
                name=r.text_of(x, "name", sw),
                minutes=_whole(r, x, "minutes", sw),
                per=per,
                added=r.get(x, "added", datetime, sw),
                cycle_days=_whole(r, x, "cycle_days", sw),
                where=r.text_of(x, "where", sw),
                by=r.text_of(x, "by", sw),
                link=r.text_of(x, "link", sw),
                extra=extra_keys(x, SERVICE_KEYS),
            )
        )
    accommodations = []
    for n, x in enumerate(r.tables(doc, "accommodations", w)):
        aw = (*w, "accommodations", n)
        accommodations.append(
            Accommodation(
                id=r.text_of(x, "id", aw, required=True),
                text=r.text_of(x, "text", aw),
                added=r.get(x, "added", datetime, aw),
                where=r.text_of(x, "where", aw),
                link=r.text_of(x, "link", aw),
                extra=extra_keys(x, ACCOMMODATION_KEYS),
            )
        )
    goals = [
        _goal_from_doc(r, x, (*w, "goals", n)) for n, x in enumerate(r.tables(doc, "goals", w))
    ]
    return Plan(
        id=r.text_of(doc, "id", w, required=True),
        kind=_choice(r, doc, "kind", w, PLAN_KINDS),
        state=_choice(r, doc, "state", w, PLAN_STATES),
        added=r.get(doc, "added", datetime, w),
        start=r.get(doc, "start", date, w, None),
        end=r.get(doc, "end", date, w, None),
        annual_review_by=r.get(doc, "annual_review_by", date, w, None),
        reevaluation_by=r.get(doc, "reevaluation_by", date, w, None),
        report_dates=tuple(sorted(set(dates))),
        with_report_cards=r.get(doc, "with_report_cards", bool, w, False),
        meeting=r.text_of(doc, "meeting", w),
        document=r.text_of(doc, "document", w),
        peers_hours=_number(r, doc, "peers_hours", w),
        services=tuple(services),  # in the file's order: as entered
        accommodations=tuple(accommodations),
        goals=tuple(goals),
        link=r.text_of(doc, "link", w),
        extra=extra_keys(doc, PLAN_KEYS),
    )


def _goal_from_doc(r: Reader, x: dict[str, Any], gw: KeyPath) -> Goal:
    objectives = []
    for n, o in enumerate(r.tables(x, "objectives", gw)):
        ow = (*gw, "objectives", n)
        objectives.append(
            Objective(
                id=r.text_of(o, "id", ow, required=True),
                text=r.text_of(o, "text", ow),
                added=r.get(o, "added", datetime, ow),
                link=r.text_of(o, "link", ow),
                extra=extra_keys(o, OBJECTIVE_KEYS),
            )
        )
    reports = []
    for n, o in enumerate(r.tables(x, "reports", gw)):
        rw = (*gw, "reports", n)
        reports.append(
            GoalReport(
                id=r.text_of(o, "id", rw, required=True),
                on=r.get(o, "on", date, rw),
                status=_choice(r, o, "status", rw, STATUSES),
                added=r.get(o, "added", datetime, rw),
                value=_number(r, o, "value", rw),
                note=r.text_of(o, "note", rw),
                extra=extra_keys(o, REPORT_KEYS),
            )
        )
    return Goal(
        id=r.text_of(x, "id", gw, required=True),
        text=r.text_of(x, "text", gw),
        added=r.get(x, "added", datetime, gw),
        area=r.text_of(x, "area", gw),
        baseline=r.text_of(x, "baseline", gw),
        target=r.text_of(x, "target", gw),
        measured=r.text_of(x, "measured", gw),
        unit=r.text_of(x, "unit", gw),
        objectives=tuple(objectives),
        reports=tuple(sorted(reports, key=lambda e: (e.on, e.added, e.id))),
        link=r.text_of(x, "link", gw),
        extra=extra_keys(x, GOAL_KEYS),
    )
