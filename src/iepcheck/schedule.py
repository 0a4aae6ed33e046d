"""Due dates, school days, and what remains before each meeting.

"Today" is always a parameter: nothing here reads the clock, so results are reproducible.
"""

from __future__ import annotations

import calendar as _calendar
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from .progress import Child, ClosedRange, ItemCopy, ItemState, LogEntry, Meeting, Run

ACTIVE_AFTER_OVERDUE_DAYS = 30
DUE_SOON_DAYS = 7
_MAX_STEPS = 4000  # a school-day count never walks further than this (a bad closed range)


# -- Connecticut public holidays ---------------------------------------------------------------

_HOLIDAYS: dict[int, frozenset[date]] = {}


def ct_holidays(year: int) -> frozenset[date]:
    """Connecticut's public holidays in ``year`` (the ``holidays`` package, cached on disk).

    Importing ``holidays`` costs over 100 ms, too much for every ``status``; the dates per year
    are kept in the user cache folder, keyed by the package's version.
    """
    if year in _HOLIDAYS:
        return _HOLIDAYS[year]
    cache = _holiday_cache_file()
    stored: dict[str, list[str]] = {}
    if cache is not None:
        try:
            stored = json.loads(cache.read_text())
        except (OSError, ValueError):
            stored = {}
        if isinstance(stored, dict) and isinstance(stored.get(str(year)), list):
            try:
                days = frozenset(date.fromisoformat(d) for d in stored[str(year)])
                _HOLIDAYS[year] = days
                return days
            except (TypeError, ValueError):
                stored = {}
    import holidays

    days = frozenset(holidays.country_holidays("US", subdiv="CT", years=[year]).keys())
    _HOLIDAYS[year] = days
    if cache is not None:
        stored = stored if isinstance(stored, dict) else {}
        stored[str(year)] = sorted(d.isoformat() for d in days)
        try:
            from .fileio import atomic_write

            atomic_write(cache, json.dumps(stored).encode())
        except OSError:
            pass  # a cache is a convenience
    return days


def _holiday_cache_file() -> Path | None:
    try:
        from importlib.metadata import version

        from .locations import cache_dir

        return cache_dir() / f"holidays-ct-{version('holidays')}.json"
    except Exception:
        return None


def school_year(day: date) -> int:
    """The school year a day falls in, named by its first year (July to June)."""
    return day.year if day.month >= 7 else day.year - 1


@dataclass
class SchoolCalendar:
    """Weekends, Connecticut holidays and the child's own closed days."""

    closed: list[ClosedRange] = field(default_factory=list)
    holidays: Callable[[int], frozenset[date]] = ct_holidays

    def is_school_day(self, day: date) -> bool:
        if day.weekday() >= 5 or day in self.holidays(day.year):
            return False
        return not any(c.covers(day) for c in self.closed)

    def known(self, day: date) -> bool:
        """Whether the child has closed dates for the school year of ``day``."""
        year = school_year(day)
        start, end = date(year, 7, 1), date(year + 1, 6, 30)
        return any(c.start <= end and c.end >= start for c in self.closed)

    def add_school_days(self, day: date, count: int) -> date:
        """The ``count``-th school day after ``day`` (before it, for a negative count)."""
        step = timedelta(days=1 if count > 0 else -1)
        left = abs(count)
        probe = day
        for _ in range(_MAX_STEPS):
            if left == 0:
                return probe
            probe += step
            if self.is_school_day(probe):
                left -= 1
        return probe

    def school_days_between(self, start: date, end: date) -> int:
        """School days d with start <= d < end."""
        count = 0
        probe = start
        while probe < end and count < _MAX_STEPS:
            if self.is_school_day(probe):
                count += 1
            probe += timedelta(days=1)
        return count


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


# -- items ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemView:
    """An item as the schedule sees it today."""

    item: ItemCopy
    section: str
    state: str  # open | done | skipped, after repeats have reopened
    due: date | None
    estimated: bool  # the due date counts school days in a year with no closed dates
    overdue: bool
    due_soon: bool
    again: date | None  # a done repeat item: when it is due again
    saved: ItemState

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def log(self) -> list[LogEntry]:
        return self.saved.log


def _shift(day: date, amount: int, unit: str, cal: SchoolCalendar) -> tuple[date, bool]:
    if unit == "school days":
        result = cal.add_school_days(day, amount)
        return result, not (cal.known(day) and cal.known(result))
    if unit == "weeks":
        return day + timedelta(weeks=amount), False
    return day + timedelta(days=amount), False


def _repeat_next(item: ItemCopy, last: datetime) -> date | None:
    rule = item.repeat_rule
    if rule is None:
        return None
    if rule.unit == "weeks":
        return last.date() + timedelta(weeks=rule.every)
    return add_months(last.date(), rule.every)


def item_views(
    run: Run, meeting_day: date | None, cal: SchoolCalendar, today: date
) -> list[ItemView]:
    views: list[ItemView] = []
    for section in run.sections:
        for item in section.items:
            views.append(_view(run, item, section.title, meeting_day, cal, today))
    return views


def _view(
    run: Run,
    item: ItemCopy,
    section: str,
    meeting_day: date | None,
    cal: SchoolCalendar,
    today: date,
) -> ItemView:
    saved = run.state(item.id)
    state = saved.state
    due: date | None = None
    estimated = False
    again: date | None = None
    if run.kind != "guide":
        rule = item.due_rule
        if rule is not None and rule.anchor == "meeting" and meeting_day is not None:
            due, estimated = _shift(meeting_day, rule.amount, rule.unit, cal)
        elif rule is not None and rule.anchor == "item" and rule.item:
            anchor = run.state(rule.item)
            if anchor.state == "done" and anchor.at is not None:
                first = anchor.completions[0] if anchor.completions else anchor.at
                due, estimated = _shift(first.date(), rule.amount, rule.unit, cal)
        if state == "done" and saved.at is not None and item.repeat:
            again = _repeat_next(item, saved.at)
            if again is not None and again <= today:
                state, due, estimated = "open", again, False
    open_ = state == "open"
    overdue = open_ and due is not None and due < today
    soon = open_ and due is not None and today <= due <= today + timedelta(days=DUE_SOON_DAYS)
    return ItemView(item, section, state, due, estimated, overdue, soon, again, saved)


# -- runs and meetings ----------------------------------------------------------------------------


@dataclass
class RunSummary:
    run: Run
    meeting: Meeting | None
    items: list[ItemView]
    done: int
    skipped: int
    total: int  # items that count: skipped ones leave the total

    @property
    def remaining(self) -> list[ItemView]:
        return [v for v in self.items if v.state == "open"]

    @property
    def overdue(self) -> list[ItemView]:
        return [v for v in self.items if v.overdue]

    @property
    def due_soon(self) -> list[ItemView]:
        return [v for v in self.items if v.due_soon]

    @property
    def estimated(self) -> bool:
        return any(v.estimated for v in self.items)

    def tally(self) -> dict[str, tuple[int, int]]:
        """For a guide: per side, (signs ticked, signs in all)."""
        result: dict[str, tuple[int, int]] = {}
        for side in ("IEP", "504"):
            signs = [v for v in self.items if v.item.leans == side]
            result[side] = (sum(1 for v in signs if v.state == "done"), len(signs))
        return result


def summarize(run: Run, child: Child, cal: SchoolCalendar, today: date) -> RunSummary:
    meeting = child.meeting(run.meeting) if run.meeting else None
    views = item_views(run, meeting.date if meeting else None, cal, today)
    done = sum(1 for v in views if v.state == "done")
    skipped = sum(1 for v in views if v.state == "skipped")
    return RunSummary(run, meeting, views, done, skipped, len(views) - skipped)


@dataclass
class MeetingSummary:
    meeting: Meeting
    runs: list[RunSummary]
    days_left: int
    school_days_left: int
    estimated: bool
    active: bool

    def counts(self) -> tuple[int, int, int]:
        """(done, skipped, total) over the runs that count (guides stay out)."""
        counted = [r for r in self.runs if r.run.kind != "guide"]
        return (
            sum(r.done for r in counted),
            sum(r.skipped for r in counted),
            sum(r.total for r in counted),
        )

    def views(self, which: str) -> list[tuple[RunSummary, ItemView]]:
        return [(r, v) for r in self.runs if r.run.kind != "guide" for v in getattr(r, which)]


def calendar_for(child: Child) -> SchoolCalendar:
    return SchoolCalendar(list(child.closed))


def summarize_meeting(
    child: Child, meeting: Meeting, cal: SchoolCalendar, today: date
) -> MeetingSummary:
    runs = [summarize(r, child, cal, today) for r in child.runs_for(meeting.id)]
    if meeting.date >= today:
        days = (meeting.date - today).days
        school_days = cal.school_days_between(today, meeting.date)
    else:
        days = -(today - meeting.date).days
        school_days = -cal.school_days_between(meeting.date, today)
    estimated = not cal.known(meeting.date) or not cal.known(today)
    return MeetingSummary(
        meeting, runs, days, school_days, estimated, _is_active(meeting, runs, today)
    )


def _is_active(meeting: Meeting, runs: list[RunSummary], today: date) -> bool:
    """Active until the date has passed and the after-meeting items are settled."""
    if meeting.date >= today:
        return True
    cutoff = today - timedelta(days=ACTIVE_AFTER_OVERDUE_DAYS)
    for summary in runs:
        if summary.run.kind == "guide":
            continue
        for view in summary.items:
            if view.state != "open" or view.due is None or view.due <= meeting.date:
                continue
            if view.due >= cutoff:
                return True
    return False


@dataclass
class ChildSummary:
    child: Child
    meetings: list[MeetingSummary]
    standing: list[RunSummary]
    estimated: bool


def summarize_child(child: Child, today: date, days: int = 60) -> ChildSummary:
    """Meetings within ``days`` and active past ones, by date; standing runs."""
    cal = calendar_for(child)
    horizon = today + timedelta(days=days)
    meetings = []
    for meeting in sorted(child.meetings, key=lambda m: (m.date, m.time)):
        if meeting.date > horizon:
            continue
        summary = summarize_meeting(child, meeting, cal, today)
        if summary.active:
            meetings.append(summary)
    standing = [summarize(r, child, cal, today) for r in child.standing_runs()]
    estimated = not cal.known(today) or any(m.estimated for m in meetings)
    return ChildSummary(child, meetings, standing, estimated)
