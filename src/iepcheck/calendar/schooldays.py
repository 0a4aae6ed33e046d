"""Counting school days: weekends, Connecticut holidays and the school's closed days skipped.

Pure: the holidays come in as a function, "today" as a parameter.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..clock import in_range
from .holidays import ct_holidays

_MAX_STEPS = 4000  # a school-day count never walks further than this (a bad closed range)


@dataclass(frozen=True)
class ClosedRange:
    """Days the school is closed (a break, a PD day), both ends included."""

    start: date
    end: date
    label: str = ""
    # The record's id for it (kept for merging two copies of a record); never compared.
    id: str = field(default="", compare=False)

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def school_year(day: date) -> int:
    """The school year a day falls in, named by its first year (July to June)."""
    return day.year if day.month >= 7 else day.year - 1


@dataclass
class SchoolCalendar:
    """Weekends, Connecticut holidays (less the days the school is open on one), the school's
    closed days, and — for a school year whose first and last day are known — the summer."""

    closed: list[ClosedRange] = field(default_factory=list)
    holidays: Callable[[int], frozenset[date]] = ct_holidays
    open: frozenset[date] = frozenset()
    years: tuple[tuple[date, date], ...] = ()  # (first day, last day) of school years

    def is_school_day(self, day: date) -> bool:
        if day.weekday() >= 5:
            return False
        if day in self.holidays(day.year) and day not in self.open:
            return False
        for first, last in self.years:
            if school_year(first) == school_year(day) and not first <= day <= last:
                return False  # summer, before the first or after the last day
        return not any(c.covers(day) for c in self.closed)

    def known(self, day: date) -> bool:
        """Whether the school year of ``day`` has its closed dates (or first and last day)."""
        year = school_year(day)
        if any(school_year(first) == year for first, _last in self.years):
            return True
        start, end = date(year, 7, 1), date(year + 1, 6, 30)
        return any(c.start <= end and c.end >= start for c in self.closed)

    def add_school_days(self, day: date, count: int) -> date:
        """The ``count``-th school day after ``day`` (before it, for a negative count).

        Never walks more than a bounded number of days, nor outside the years the app accepts.
        """
        step = timedelta(days=1 if count > 0 else -1)
        left = abs(count)
        probe = day
        for _ in range(_MAX_STEPS):
            if left == 0:
                return probe
            following = probe + step
            if not in_range(following):
                return probe
            probe = following
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


def shift(day: date, amount: int, unit: str, cal: SchoolCalendar) -> tuple[date, bool]:
    """``day`` moved by ``amount`` units; and whether a school-day count is estimated."""
    if unit == "school days":
        result = cal.add_school_days(day, amount)
        return result, not (cal.known(day) and cal.known(result))
    delta = timedelta(weeks=amount) if unit == "weeks" else timedelta(days=amount)
    try:
        result = day + delta
    except OverflowError:
        return day, False
    if not in_range(result) or amount == 0:
        return (day if not in_range(result) else result), False
    # A date to do something with the school falls on a school day: "2 weeks before"
    # Thanksgiving means the school day before it, "1 week after" a break the first day back.
    step = timedelta(days=-1 if amount < 0 else 1)
    for _ in range(30):
        if cal.is_school_day(result):
            break
        result += step
    return result, False
