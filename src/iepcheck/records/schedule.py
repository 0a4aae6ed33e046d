"""Due dates and what remains before each meeting, for a child's record.

"Today" is always a parameter: nothing here reads the clock, so results are reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..calendar.schooldays import SchoolCalendar, add_months, school_year, shift
from ..i18n import _
from .model import Child, ItemCopy, ItemState, LogEntry, Meeting, Run

ACTIVE_AFTER_OVERDUE_DAYS = 30
DUE_SOON_DAYS = 7


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
    undated: str = ""  # why an item with a 'due' rule has no date (e.g. no birth date)
    count: int | None = None  # an item with a tally: its count today (e.g. days removed)

    @property
    def alert(self) -> bool:
        """The count has reached the item's ``tally_alert`` (e.g. the 10th day removed)."""
        return (
            self.count is not None
            and bool(self.item.tally_alert)
            and self.count >= self.item.tally_alert
        )

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def log(self) -> list[LogEntry]:
        return self.saved.log


def _repeat_next(item: ItemCopy, last: date) -> date | None:
    rule = item.repeat_rule
    if rule is None:
        return None
    try:
        if rule.unit == "weeks":
            return last + timedelta(weeks=rule.every)
        return add_months(last, rule.every)
    except (OverflowError, ValueError):
        return None


def days_this_school_year(log: list[LogEntry], cal: SchoolCalendar, today: date) -> int:
    """School days covered by the entries (each a day, or a first and last day) in the school
    year of ``today`` (July to June); a day logged twice counts once."""
    return school_days_in_year([(e.day, e.until) for e in log], cal, today)


def incidents_this_school_year(log: list[LogEntry], today: date) -> int:
    """Entries (one an incident, a day each) dated in the school year of ``today`` (July to
    June); two incidents on one day are two."""
    year = school_year(today)
    start, end = date(year, 7, 1), date(year + 1, 6, 30)
    return sum(start <= e.day <= end for e in log)


def tally_count(tally: str, log: list[LogEntry], cal: SchoolCalendar, today: date) -> int | None:
    """An item's count from its log by its ``tally`` (TALLIES); None for an item without one."""
    if tally == "school-days-this-year":
        return days_this_school_year(log, cal, today)
    if tally == "incidents-this-year":
        return incidents_this_school_year(log, today)
    return None


def school_days_in_year(
    spans: list[tuple[date, date | None]], cal: SchoolCalendar, today: date
) -> int:
    """School days covered by ``spans`` (a first day and, for a range, its last) in the
    school year of ``today``; a day covered twice counts once."""
    year = school_year(today)
    start, end = date(year, 7, 1), date(year + 1, 6, 30)
    days: set[date] = set()
    for day, until in spans:
        first = max(day, start)
        last = min(until or day, end)
        probe = first
        while probe <= last and len(days) <= 366:
            if cal.is_school_day(probe):
                days.add(probe)
            probe += timedelta(days=1)
    return len(days)


def birthday(born: date, age: int) -> date | None:
    """The day a child born on ``born`` turns ``age`` (29 February: the 28th)."""
    try:
        return add_months(born, 12 * age)
    except (OverflowError, ValueError):
        return None


def item_views(
    run: Run,
    meeting_day: date | None,
    cal: SchoolCalendar,
    today: date,
    born: date | None = None,
) -> list[ItemView]:
    views: list[ItemView] = []
    for section in run.sections:
        for item in section.items:
            views.append(_view(run, item, section.title, meeting_day, cal, today, born))
    return views


def _view(
    run: Run,
    item: ItemCopy,
    section: str,
    meeting_day: date | None,
    cal: SchoolCalendar,
    today: date,
    born: date | None = None,
) -> ItemView:
    saved = run.state(item.id)
    base = scheduled(run, item, meeting_day, cal, born)
    state, due, estimated, overdue, soon = on_day(
        base.state, base.due, base.estimated, base.again, today
    )
    count = tally_count(item.tally, saved.log, cal, today) if run.kind != "guide" else None
    return ItemView(
        item, section, state, due, estimated, overdue, soon, base.again, saved, base.undated, count
    )


@dataclass(frozen=True)
class Scheduled:
    """An item's schedule whatever the day: what :func:`on_day` turns into the item today."""

    state: str  # open | done | skipped, as recorded
    due: date | None
    estimated: bool
    again: date | None  # a done repeating item: when it is due again
    undated: str = ""


def scheduled(
    run: Run,
    item: ItemCopy,
    meeting_day: date | None,
    cal: SchoolCalendar,
    born: date | None = None,
) -> Scheduled:
    saved = run.state(item.id)
    state = saved.state
    due: date | None = None
    estimated = False
    again: date | None = None
    undated = ""
    if run.kind != "guide":
        rule = item.due_rule
        if rule is not None and rule.anchor == "meeting" and meeting_day is not None:
            due, estimated = shift(meeting_day, rule.amount, rule.unit, cal)
        elif rule is not None and rule.anchor == "item" and rule.item:
            first = run.state(rule.item).first_day()
            if first is not None:
                due, estimated = shift(first, rule.amount, rule.unit, cal)
        elif rule is not None and rule.anchor == "age" and rule.age is not None:
            turns = birthday(born, rule.age) if born is not None else None
            if turns is None:
                undated = _("dated from age {age}: add the child's birth date to see when").format(
                    age=rule.age
                )
            else:
                # Calendar days from a birthday: a legal "90 days before age 3" does not move
                # to a school day.
                step = timedelta(weeks=rule.amount if rule.unit == "weeks" else 0)
                step += timedelta(days=rule.amount if rule.unit != "weeks" else 0)
                try:
                    due = turns + step
                except OverflowError:
                    due = turns
        if item.checked_from_start and item.added and not saved.completions and state == "open":
            # An accommodation the parent adds (or the plan lists) is checked from the start:
            # its first check is one period after it was added, not only after a first tick.
            due = _repeat_next(item, item.added.date())
        last = saved.day
        if state == "done" and last is not None and item.repeat:
            again = _repeat_next(item, last)
    return Scheduled(state, due, estimated, again, undated)


def on_day(
    state: str, due: date | None, estimated: bool, again: date | None, today: date
) -> tuple[str, date | None, bool, bool, bool]:
    """An item on ``today``, from what its record and rules say whatever the day (its state,
    due date, whether that is estimated, and when a done repeating item is due again):
    (state, due, estimated, overdue, due soon). A repeating item is open again once its next
    date has come."""
    if state == "done" and again is not None and again <= today:
        state, due, estimated = "open", again, False
    open_ = state == "open"
    overdue = open_ and due is not None and due < today
    soon = open_ and due is not None and today <= due <= today + timedelta(days=DUE_SOON_DAYS)
    return state, due, estimated, overdue, soon


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
    views = item_views(run, meeting.date if meeting else None, cal, today, child.born)
    return summarize_views(run, views, meeting)


def summarize_views(run: Run, views: list[ItemView], meeting: Meeting | None = None) -> RunSummary:
    """Counts over item views already computed."""
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
    """The child's school days: its school calendar file (when the workspace found it), with
    the child's own closed and open days added."""
    shared = child.school_calendar
    closed = list(child.closed)
    opened = set(child.open)
    years: tuple[tuple[date, date], ...] = ()
    if shared is not None:
        closed += shared.closed
        opened |= shared.open
        years = tuple((y.first_day, y.last_day) for y in shared.years)
    return SchoolCalendar(closed, open=frozenset(opened), years=years)


def summarize_meeting(
    child: Child, meeting: Meeting, cal: SchoolCalendar, today: date
) -> MeetingSummary:
    runs = [summarize(r, child, cal, today) for r in child.runs_for(meeting.id)]
    days, school_days, estimated = countdown(meeting.date, cal, today)
    open_dues = [
        v.due
        for r in runs
        if r.run.kind != "guide"
        for v in r.items
        if v.state == "open" and v.due is not None
    ]
    return MeetingSummary(
        meeting, runs, days, school_days, estimated, is_active(meeting.date, open_dues, today)
    )


def countdown(day: date, cal: SchoolCalendar, today: date) -> tuple[int, int, bool]:
    """Days and school days from ``today`` to ``day`` (negative once past), and whether the
    school days are estimated (a school year with no closed dates)."""
    if day >= today:
        days = (day - today).days
        school_days = cal.school_days_between(today, day)
    else:
        days = -(today - day).days
        school_days = -cal.school_days_between(day, today)
    return days, school_days, not cal.known(day) or not cal.known(today)


def is_active(day: date, open_dues: list[date], today: date) -> bool:
    """A meeting on ``day`` is active until it has passed and the items due after it (the
    open ones' due dates, guides left out) are settled or long overdue."""
    if day >= today:
        return True
    cutoff = today - timedelta(days=ACTIVE_AFTER_OVERDUE_DAYS)
    return any(day < due and due >= cutoff for due in open_dues)


@dataclass
class ChildSummary:
    child: Child
    meetings: list[MeetingSummary]
    standing: list[RunSummary]
    estimated: bool
    today: date
    later: list[MeetingSummary] = field(default_factory=list)  # beyond the look-ahead


def summarize_child(child: Child, today: date, days: int = 60) -> ChildSummary:
    """Meetings within ``days``, active past ones, and later ones with an item overdue
    already (overdue shows whatever the look-ahead), by date; standing runs; ``later``: the
    other meetings beyond the look-ahead."""
    cal = calendar_for(child)
    horizon = horizon_of(today, days)
    meetings = []
    later = []
    for meeting in sorted(child.meetings, key=lambda m: (m.date, m.time)):
        summary = summarize_meeting(child, meeting, cal, today)
        if meeting.date > horizon and not summary.views("overdue"):
            later.append(summary)
        elif summary.active:
            meetings.append(summary)
    standing = [summarize(r, child, cal, today) for r in child.standing_runs()]
    estimated = not cal.known(today) or any(m.estimated for m in meetings)
    return ChildSummary(child, meetings, standing, estimated, today, later)


def horizon_of(today: date, days: int) -> date:
    """The last day a look-ahead of ``days`` shows meetings for."""
    try:
        return today + timedelta(days=days)
    except OverflowError:
        return date.max


def meeting_summaries(child: Child, today: date) -> list[MeetingSummary]:
    """Every meeting of the child, past ones too, by date (``meeting list``)."""
    cal = calendar_for(child)
    return [
        summarize_meeting(child, m, cal, today)
        for m in sorted(child.meetings, key=lambda m: (m.date, m.time))
    ]
