"""What the plan makes visible: its dates with no meeting set, progress reports not recorded,
goals with no progress twice, weeks of services and accommodations provided, a comparison of
two plans, and a goal's chart.

Like the status (:mod:`.status_facts`), in two steps: :func:`plan_facts` is what no day
changes (plain JSON, cached with the child's status), :func:`plan_on_day` what it means on a
day. :func:`plan_status` does both at once, and :func:`due_within` lists the plan's dates for
an agenda.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..calendar.schooldays import SchoolCalendar
from ..i18n import N_, _, ngettext
from ..records.model import Child, Run
from ..records.plans import (
    STATUS_WORDS,
    Goal,
    Plan,
    flag_of,
    goal_history,
    minutes_per_week,
    minutes_text,
    number_in,
    plan_item_id,
    roots,
    stuck_history,
)
from ..records.schedule import calendar_for, countdown, horizon_of
from .words import DATE_WORDS, day_text

URGENT_SCHOOL_DAYS = (
    30  # a review or reevaluation this near with no meeting is as urgent as overdue
)
REPORT_GRACE_SCHOOL_DAYS = 10  # a progress report not recorded this long after its date
MEETING_WINDOW_DAYS = 60  # a meeting held or set this close before a date is the one for it
RECENT_FLAG_DAYS = 30  # ``status --brief`` says a goal is stuck this long after the report


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def period_text(plan: Plan) -> str:
    """'Mon 12 Jan 2026 to Mon 11 Jan 2027', 'from Mon 12 Jan 2026', or ''."""
    if plan.start and plan.end:
        return _("{start} to {end}").format(start=day_text(plan.start), end=day_text(plan.end))
    if plan.start:
        return _("from {day}").format(day=day_text(plan.start))
    if plan.end:
        return _("to {day}").format(day=day_text(plan.end))
    return ""


# -- facts whatever the day ------------------------------------------------------------------------


def plan_facts(child: Child, cal: SchoolCalendar) -> dict[str, Any] | None:
    """The current plan as the status keeps it, whatever the day (None: no current plan)."""
    plan = child.current_plan()
    if plan is None:
        return None
    kinds = ("ppt",) if plan.kind == "iep" else ("504", "ppt")
    meetings = [m.date for m in child.meetings if m.kind in kinds]
    dates = []
    for what, due in (
        ("annual-review", plan.annual_review_by),
        ("reevaluation", plan.reevaluation_by),
    ):
        if due is None:
            continue
        window = due - timedelta(days=MEETING_WINDOW_DAYS)
        dates.append(
            {
                "what": what,
                "due": due.isoformat(),
                # A 504 plan has no yearly review in the federal rule: a date the parent
                # enters is the planned one, never a legal deadline (nor the reevaluation's,
                # which the rule only calls periodic).
                "legal": plan.kind == "iep",
                "meeting_set": any(window <= day <= due for day in meetings),
            }
        )
    return {
        "id": plan.id,
        "kind": plan.kind,
        "start": _iso(plan.start),
        "end": _iso(plan.end),
        "annual_review_by": _iso(plan.annual_review_by),
        "reevaluation_by": _iso(plan.reevaluation_by),
        "dates": dates,
        "reports": report_facts(child, plan, cal),
        "goals": [goal_facts(child, g) for g in plan.goals],
    }


def report_facts(child: Child, plan: Plan, cal: SchoolCalendar) -> list[dict[str, Any]]:
    """Each scheduled progress report: when it is due, the last school day it may be recorded
    by, and whether it was (a progress-report document, or a goal report, near its date)."""
    goal_days = [r.on for g in plan.goals for _, r in goal_history(child.plans, g)]
    doc_days = [d.received for d in child.documents if d.kind == "progress-report"]
    found = []
    for due in plan.report_dates:
        since = cal.add_school_days(due, -REPORT_GRACE_SCHOOL_DAYS)
        until = cal.add_school_days(due, REPORT_GRACE_SCHOOL_DAYS)
        recorded = any(since <= day <= until for day in [*goal_days, *doc_days])
        found.append({"due": due.isoformat(), "until": until.isoformat(), "recorded": recorded})
    return found


def goal_facts(child: Child, goal: Goal) -> dict[str, Any]:
    history = goal_history(child.plans, goal)
    stuck = stuck_history(child.plans, goal)
    last = history[-1][1] if history else None
    return {
        "id": goal.id,
        "text": goal.text,
        "area": goal.area,
        "flag": flag_of(stuck),
        "flagged_on": stuck[-1].on.isoformat() if flag_of(stuck) else None,
        "last": (
            {"on": last.on.isoformat(), "status": last.status, "value": last.value}
            if last is not None
            else None
        ),
    }


# -- on a day --------------------------------------------------------------------------------------


def plan_on_day(
    facts: dict[str, Any] | None, cal: SchoolCalendar, today: date, days: int
) -> dict[str, Any] | None:
    """The current plan on ``today`` with a look-ahead of ``days`` (``status --json``'s
    ``current_plan``): each date with its count in school days, whether it falls in the
    look-ahead with no meeting set, and how urgent that is; reports not recorded; goals."""
    if facts is None:
        return None
    horizon = horizon_of(today, days)
    shown = []
    for d in facts["dates"]:
        due = date.fromisoformat(d["due"])
        days_left, school_days_left, estimated = countdown(due, cal, today)
        ahead = due <= horizon
        alarm = ahead and not d["meeting_set"]
        shown.append(
            {
                **d,
                "days_left": days_left,
                "school_days_left": school_days_left,
                "estimated": estimated,
                "in_look_ahead": ahead,
                "overdue": alarm and d["legal"] and due < today,
                "urgent": alarm and d["legal"] and school_days_left <= URGENT_SCHOOL_DAYS,
            }
        )
    missing: list[dict[str, Any]] = []
    coming: list[dict[str, Any]] = []  # reports due in the look-ahead (for an agenda)
    for r in facts["reports"]:
        due = date.fromisoformat(r["due"])
        late = not r["recorded"] and date.fromisoformat(r["until"]) < today
        if not late and not today <= due <= horizon:
            continue
        _, school_days, estimated = countdown(due, cal, today)
        counted = {"school_days_left": school_days, "estimated": estimated}
        if late:
            missing.append({"due": r["due"], "until": r["until"], **counted})
        else:
            coming.append({"due": r["due"], "recorded": r["recorded"], **counted})
    recent = today - timedelta(days=RECENT_FLAG_DAYS)
    return {
        "id": facts["id"],
        "kind": facts["kind"],
        "start": facts["start"],
        "end": facts["end"],
        "annual_review_by": facts["annual_review_by"],
        "reevaluation_by": facts["reevaluation_by"],
        "no_meeting_set": any(d["in_look_ahead"] and not d["meeting_set"] for d in shown),
        "dates": shown,
        "missing_reports": missing,
        "reports_ahead": coming,
        "goals": [
            {
                "id": g["id"],
                "text": g["text"],
                "area": g["area"],
                "flag": g["flag"],
                "flag_recent": bool(g["flag"])
                and _day(g["flagged_on"]) is not None
                and (_day(g["flagged_on"]) or today) >= recent,
                "last": g["last"],
            }
            for g in facts["goals"]
        ],
    }


def plan_status(child: Child, today: date, days: int = 60) -> dict[str, Any] | None:
    """:func:`plan_on_day` straight from the record (what the cached status must agree with)."""
    cal = calendar_for(child)
    return plan_on_day(plan_facts(child, cal), cal, today, days)


# -- an agenda: the plan's dates ahead -------------------------------------------------------------


@dataclass(frozen=True)
class PlanDue:
    """One of the plan's dates, for an agenda: what, when, and whether a meeting is set."""

    what: str  # annual-review | reevaluation | progress-report
    due: date
    words: str  # "annual review", "planned review", "progress report"
    legal: bool  # a legal deadline (an IEP's review or reevaluation)
    meeting_set: bool  # for a review or reevaluation; True for a report
    school_days_left: int
    estimated: bool
    urgent: bool


def due_within(child: Child, today: date, days: int) -> list[PlanDue]:
    """The current plan's dates from ``today`` to ``days`` ahead, and those past with nothing
    done (a review with no meeting, a report not recorded), by date."""
    return plan_dues(plan_status(child, today, days))


def plan_dues(shown: dict[str, Any] | None) -> list[PlanDue]:
    """:func:`due_within` from the plan on a day as the status holds it (``current_plan``),
    so an agenda costs no more than a cached status."""
    if shown is None:
        return []
    found = []
    for d in shown["dates"]:
        if not d["in_look_ahead"] or (d["days_left"] < 0 and d["meeting_set"]):
            continue
        found.append(
            PlanDue(
                d["what"],
                date.fromisoformat(d["due"]),
                DATE_WORDS.english[(d["what"], d["legal"])],  # the agenda's JSON: English
                d["legal"],
                d["meeting_set"],
                d["school_days_left"],
                d["estimated"],
                d["urgent"] or d["overdue"],
            )
        )
    for late, reports in ((True, shown["missing_reports"]), (False, shown["reports_ahead"])):
        for r in reports:
            found.append(
                PlanDue(
                    "progress-report",
                    date.fromisoformat(r["due"]),
                    "progress report",
                    False,
                    True,
                    r["school_days_left"],
                    r["estimated"],
                    late,
                )
            )
    found.sort(key=lambda p: (p.due, p.what))
    return found


# -- monitoring: weeks provided --------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    monday: date
    # provided | missed | unchecked | no-school | not-watched (before the monitoring began) |
    # this-week (not over, not checked yet)
    state: str
    minutes_missed: int = 0


@dataclass(frozen=True)
class EntryWeeks:
    """One service or accommodation, week by week: provided, missed, or not checked."""

    kind: str  # service | accommodation
    entry_id: str
    text: str
    weeks: tuple[Week, ...]
    owed: float = 0.0  # minutes a week (a service)

    @property
    def provided(self) -> int:
        return sum(1 for w in self.weeks if w.state == "provided")

    @property
    def checked(self) -> int:
        return sum(1 for w in self.weeks if w.state in ("provided", "missed"))

    @property
    def school_weeks(self) -> int:
        return sum(1 for w in self.weeks if w.state in ("provided", "missed", "unchecked"))

    def summary(self) -> str:
        """'provided in 9 of 12 weeks (2 missed, 1 not checked)'."""
        weeks = self.school_weeks
        missed = sum(1 for w in self.weeks if w.state == "missed")
        unchecked = weeks - self.checked
        extra = [ngettext("{n} missed", "{n} missed", missed).format(n=missed)] if missed else []
        if unchecked:
            said = ngettext("{n} not checked", "{n} not checked", unchecked)
            extra.append(said.format(n=unchecked))
        tail = f" ({', '.join(extra)})" if extra else ""
        said = ngettext(
            "provided in {n} of {weeks} week", "provided in {n} of {weeks} weeks", weeks
        )
        return said.format(n=self.provided, weeks=weeks) + tail

    def minutes(self) -> tuple[float, float]:
        """(minutes delivered, minutes owed) over the weeks checked, for a service: a week
        provided counts whole; a missed session takes off the minutes its log entry gives."""
        owed = delivered = 0.0
        for w in self.weeks:
            if w.state not in ("provided", "missed"):
                continue
            owed += self.owed
            if w.state == "provided":
                delivered += self.owed
            else:
                delivered += max(self.owed - w.minutes_missed, 0.0) if w.minutes_missed else 0.0
        return delivered, owed


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def provided_weeks(child: Child, today: date, count: int = 12) -> list[EntryWeeks]:
    """The last ``count`` weeks (up to this one) of each service and accommodation of the
    current plan, from the monitoring checklists' weekly checks: a week is provided when its
    item was ticked that week, missed when a log entry on it falls in that week."""
    plan = child.current_plan()
    if plan is None:
        return []
    cal = calendar_for(child)
    first = roots(child.plans)
    this_week = _monday(today)
    mondays = [this_week - timedelta(weeks=n) for n in range(count - 1, -1, -1)]
    out = []
    for kind, listed in (("service", plan.services), ("accommodation", plan.accommodations)):
        for entry in listed:
            item_id = plan_item_id(first.get(entry.id, entry.id))
            ticks: set[date] = set()
            missed: dict[date, int] = {}
            # Weeks before the monitoring began are not counted (nobody was checking).
            runs = _monitoring(child)
            watched = min((r.started for r in runs), default=None)
            for run in runs:
                state = run.items.get(item_id)
                if state is None:
                    continue
                ticks |= {_monday(c.day) for c in state.completions}
                if state.state == "done" and state.day is not None and not state.completions:
                    ticks.add(_monday(state.day))
                for log in state.log:
                    week = _monday(log.day)
                    missed[week] = missed.get(week, 0) + _minutes_in(log.text)
            weeks = []
            for monday in mondays:
                school = any(cal.is_school_day(monday + timedelta(days=n)) for n in range(5))
                if watched is None or monday + timedelta(days=6) < watched:
                    weeks.append(Week(monday, "not-watched"))
                elif monday in missed:
                    weeks.append(Week(monday, "missed", missed[monday]))
                elif monday in ticks:
                    weeks.append(Week(monday, "provided"))
                elif monday >= this_week:
                    weeks.append(Week(monday, "this-week"))  # not over: counted once checked
                elif not school:
                    weeks.append(Week(monday, "no-school"))
                else:
                    weeks.append(Week(monday, "unchecked"))
            text = getattr(entry, "name", "") or getattr(entry, "text", "")
            owed = minutes_per_week(entry) if kind == "service" else 0.0  # type: ignore[arg-type]
            out.append(EntryWeeks(kind, entry.id, " ".join(text.split()), tuple(weeks), owed))
    return out


def _monitoring(child: Child) -> list[Run]:
    return [r for r in child.runs if not r.detached and any(s.from_plan for s in r.sections)]


def _minutes_in(text: str) -> int:
    """The minutes a missed-session log entry names ('30 min', '30 minutes'), else 0."""
    found = re.search(r"(\d{1,4})\s*(?:min\b|mins\b|minutes?\b)", text)
    return int(found.group(1)) if found else 0


# -- comparing two plans ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One way two plans differ: a service cut, raised, added or removed, its setting or
    provider changed; an accommodation or a goal dropped or added."""

    kind: str  # service | accommodation | goal | peers
    change: str  # added | removed | cut | raised | setting | provider | reworded
    name: str
    before: str = ""
    after: str = ""
    minutes_before: float | None = None  # a week
    minutes_after: float | None = None

    @property
    def is_cut(self) -> bool:
        return (self.kind == "service" and self.change in ("cut", "removed")) or (
            self.kind == "peers" and self.change == "cut"
        )

    def line(self) -> str:
        what = self.name
        if self.kind == "service" and self.change in ("cut", "raised"):
            said = (
                _("{what}: cut from {before} to {after} min a week")
                if self.change == "cut"
                else _("{what}: raised from {before} to {after} min a week")
            )
            return said.format(
                what=what,
                before=minutes_text(self.minutes_before or 0),
                after=minutes_text(self.minutes_after or 0),
            )
        if self.kind == "peers":
            said = (
                _("time with non-disabled peers cut from {before} to {after} hours a week")
                if self.change == "cut"
                else _("time with non-disabled peers raised from {before} to {after} hours a week")
            )
            return said.format(before=self.before, after=self.after)
        if self.change in ("setting", "provider"):
            before, after = self.before or _("not said"), self.after or _("not said")
            said = (
                _("{what}: setting changed from {before} to {after}")
                if self.change == "setting"
                else _("{what}: provider changed from {before} to {after}")
            )
            return said.format(what=what, before=before, after=after)
        if self.change == "reworded":
            said = CHANGES.get((self.kind, "reworded"), "{kind} reworded: {before} → {after}")
            return _(said).format(kind=self.kind, before=self.before, after=self.after)
        minutes = (
            _(" ({minutes} min a week)").format(
                minutes=minutes_text(self.minutes_before or self.minutes_after or 0)
            )
            if self.kind == "service"
            else ""
        )
        said = CHANGES.get((self.kind, self.change), "{kind} {change}: {what}")
        return _(said).format(kind=self.kind, change=self.change, what=what) + minutes

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "change": self.change,
            "name": self.name,
            "before": self.before or None,
            "after": self.after or None,
            "minutes_before": self.minutes_before,
            "minutes_after": self.minutes_after,
            "cut": self.is_cut,
        }


# How a plan's entry added, dropped or reworded is said (one sentence each, for translators).
CHANGES = {
    ("service", "added"): N_("service added: {what}"),
    ("service", "removed"): N_("service removed: {what}"),
    ("accommodation", "added"): N_("accommodation added: {what}"),
    ("accommodation", "removed"): N_("accommodation dropped: {what}"),
    ("goal", "added"): N_("goal added: {what}"),
    ("goal", "removed"): N_("goal dropped: {what}"),
    ("service", "reworded"): N_("service reworded: {before} → {after}"),
    ("accommodation", "reworded"): N_("accommodation reworded: {before} → {after}"),
    ("goal", "reworded"): N_("goal reworded: {before} → {after}"),
}


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _pairs(
    old: tuple[Any, ...], new: tuple[Any, ...], name: str
) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """Entries of two plans matched: by link (a copy and its original), then by id, then by
    name; what is left on each side."""
    pairs: list[tuple[Any, Any]] = []
    left = list(old)
    right = []
    for entry in new:
        match = next((o for o in left if entry.link == o.id or entry.id == o.id), None)
        if match is None:
            right.append(entry)
        else:
            left.remove(match)
            pairs.append((match, entry))
    still = []
    for entry in right:
        match = next(
            (o for o in left if _key(getattr(o, name)) == _key(getattr(entry, name))), None
        )
        if match is None:
            still.append(entry)
        else:
            left.remove(match)
            pairs.append((match, entry))
    return pairs, left, still


def compare(old: Plan, new: Plan) -> list[Difference]:
    """What changed from ``old`` to ``new``: services (minutes a week, whatever unit each was
    written in; setting; provider), time with peers, accommodations and goals."""
    found: list[Difference] = []
    pairs, removed, added = _pairs(old.services, new.services, "name")
    for was, now in pairs:
        before, after = minutes_per_week(was), minutes_per_week(now)
        name = " ".join(now.name.split())
        if round(after, 1) < round(before, 1):
            found.append(
                Difference("service", "cut", name, minutes_before=before, minutes_after=after)
            )
        elif round(after, 1) > round(before, 1):
            found.append(
                Difference("service", "raised", name, minutes_before=before, minutes_after=after)
            )
        if _key(was.where) != _key(now.where):
            found.append(Difference("service", "setting", name, was.where, now.where))
        if _key(was.by) != _key(now.by):
            found.append(Difference("service", "provider", name, was.by, now.by))
    for s in removed:
        found.append(
            Difference(
                "service", "removed", " ".join(s.name.split()), minutes_before=minutes_per_week(s)
            )
        )
    for s in added:
        found.append(
            Difference(
                "service", "added", " ".join(s.name.split()), minutes_after=minutes_per_week(s)
            )
        )
    if (
        old.peers_hours is not None
        and new.peers_hours is not None
        and old.peers_hours != new.peers_hours
    ):
        change = "cut" if new.peers_hours < old.peers_hours else "raised"
        found.append(
            Difference(
                "peers",
                change,
                "time with non-disabled peers",
                minutes_text(old.peers_hours),
                minutes_text(new.peers_hours),
            )
        )
    for kind, before_list, after_list in (
        ("accommodation", old.accommodations, new.accommodations),
        ("goal", old.goals, new.goals),
    ):
        pairs, removed, added = _pairs(before_list, after_list, "text")
        for was, now in pairs:
            if _key(was.text) != _key(now.text):
                found.append(
                    Difference(
                        kind,
                        "reworded",
                        " ".join(now.text.split()),
                        " ".join(was.text.split()),
                        " ".join(now.text.split()),
                    )
                )
        found += [Difference(kind, "removed", " ".join(e.text.split())) for e in removed]
        found += [Difference(kind, "added", " ".join(e.text.split())) for e in added]
    return found


# What to do about a cut: the items of the bundled checklists about Prior Written Notice and
# disagreeing, before the meeting (a draft) and after it (a new IEP).
CUT_STEPS_BEFORE = (
    ("ct-ppt-prep", "ask-pwn-for-cuts"),
    ("ct-disputes", "write-down-disagreement"),
)
CUT_STEPS_AFTER = (
    ("ct-ppt-prep", "check-prior-written-notice"),
    ("ct-disputes", "disagree-in-writing"),
    ("ct-disputes", "decide-due-process"),
    ("ct-disputes", "know-stay-put"),
)


def cut_steps(draft: bool) -> tuple[tuple[str, str], ...]:
    """The checklist items (checklist id, item id) a parent facing a cut turns to next."""
    return CUT_STEPS_BEFORE if draft else CUT_STEPS_AFTER


# -- a goal's chart --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartPoint:
    on: date
    status: str
    value: float | None
    words: str  # the status in Connecticut's words


@dataclass(frozen=True)
class GoalChart:
    """What a goal's chart draws: its baseline and target (numbers when they are numbers),
    its unit, and every report on it and on the goals it was copied from, oldest first."""

    goal_id: str
    text: str
    unit: str
    baseline: float | None
    target: float | None
    baseline_text: str
    target_text: str
    points: tuple[ChartPoint, ...]
    flag: str


def goal_chart(child: Child, goal: Goal) -> GoalChart:
    history = goal_history(child.plans, goal)
    return GoalChart(
        goal.id,
        " ".join(goal.text.split()),
        goal.unit,
        number_in(goal.baseline, goal.unit),
        number_in(goal.target, goal.unit),
        goal.baseline,
        goal.target,
        tuple(ChartPoint(r.on, r.status, r.value, STATUS_WORDS[r.status]) for _, r in history),
        flag_of(stuck_history(child.plans, goal)),
    )
