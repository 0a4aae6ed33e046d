"""A repeat rule (RRULE) made safe to expand, and priced by what expanding it costs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import icalendar

from .model import BAD_RULE, TOO_OFTEN
from .values import as_date, first_of, list_of, text_of

# dateutil walks every period of a rule from its DTSTART, whatever the dates asked for: the
# expansion of all rules gets this many microseconds of estimated work.
RULE_BUDGET = 1_000_000
GROUP_COST = 2_000  # setting up one repeating event for expansion
# A rule's text, before it is parsed. The longest a rule can usefully be (every position,
# every day of the year) is about 3,700 characters; a longer one is refused unparsed.
MAX_RULE_CHARS = 4_096


class Skip(Exception):
    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


_DAILY_OR_SLOWER = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 30, "YEARLY": 365}
_RULE_PARTS = ("BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST")


def safe_rule(rule: Any, last: date) -> Any:
    """A copy of an RRULE that can only end: daily or slower, and UNTIL no later than ``last``.

    dateutil walks to year 9999 looking for a rule's next date ("every February 30th"), so
    every rule gets an UNTIL; COUNT stays, and dateutil stops at whichever comes first.
    Hours, minutes and seconds are dropped: an all-day event has none.
    """
    if not isinstance(rule, icalendar.vRecur):
        raise Skip(BAD_RULE)
    freq = text_of(first_of(rule.get("FREQ"))).upper()
    if freq in ("SECONDLY", "MINUTELY", "HOURLY"):
        raise Skip(TOO_OFTEN)
    if freq not in _DAILY_OR_SLOWER:
        raise Skip(BAD_RULE)
    interval = first_of(rule.get("INTERVAL"))
    interval = 1 if interval is None else interval
    if not isinstance(interval, int) or not 1 <= interval <= 100_000:
        raise Skip(BAD_RULE)
    safe = icalendar.vRecur(FREQ=freq, INTERVAL=interval)
    count = first_of(rule.get("COUNT"))
    if count is not None:
        if not isinstance(count, int):
            raise Skip(BAD_RULE)
        if count >= 1:
            safe["COUNT"] = count
    until = as_date(first_of(rule.get("UNTIL")))
    safe["UNTIL"] = last if until is None else min(until, last)
    for part in _RULE_PARTS:
        if part in rule:
            # A value given twice changes nothing but dateutil's work (each BYSETPOS value
            # scans the period again): each is kept once.
            safe[part] = list(dict.fromkeys(list_of(rule[part])))
    return safe


def rule_cost(rule: Any, start: date) -> int:
    """About how many microseconds dateutil needs for ``rule`` (measured: 2.5-60 µs a period).

    dateutil checks UNTIL only on a date the rule makes, so a rule that makes none ("every
    February 30th", or a 7-day interval on the wrong weekday) is walked to the year 9999.
    Unless the rule is of a shape that surely makes dates often, that walk is what it costs.
    """
    freq = text_of(first_of(rule["FREQ"]))
    interval = int(first_of(rule["INTERVAL"]))
    last: date = first_of(rule["UNTIL"]) if _surely_often(rule, freq, interval) else date.max
    days = max(0, (last - start).days)
    periods = days // (_DAILY_OR_SLOWER[freq] * interval) + 1
    span = _PERIOD_DAYS[freq]
    values = sum(len(list_of(rule.get(part))) for part in _FILTER_PARTS)
    positions = len(list_of(rule.get("BYSETPOS")))
    period = (
        _PERIOD_COST[freq]
        + span * values * _VALUE_COST
        + positions * (_POSITION_COST + span * _POSITION_DAY_COST)
    )
    return int(periods * period) + _GAP_COST


_PERIOD_COST = {"DAILY": 5, "WEEKLY": 8, "MONTHLY": 15, "YEARLY": 80}
_GAP_COST = 20_000  # the walk past UNTIL to the next date, for the shapes below (≤ 8 years)
# What the BY lists add to a period (measured, with a margin): each day of the period is
# compared with every value of BYDAY, BYMONTHDAY, BYYEARDAY, BYWEEKNO and BYMONTH, and each
# BYSETPOS value lists the period's days again.
_PERIOD_DAYS = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}
_FILTER_PARTS = ("BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH")
_VALUE_COST = 0.01  # µs, a value for a day
_POSITION_COST = 1.5  # µs, a BYSETPOS value for a period
_POSITION_DAY_COST = 0.04  # µs, a BYSETPOS value for a day of the period
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _surely_often(rule: Any, freq: str, interval: int) -> bool:
    """Whether the rule is one of the plain shapes that make a date at least every few years.

    Every week has each weekday, every month days 1-28 and four of each weekday, every year
    weeks 1-52 and days 1-365. Other shapes are expanded too, at their full cost.
    """
    parts = {key for key in _RULE_PARTS if key in rule and key != "WKST"}
    days = _ints(rule.get("BYDAY"), ordinals=True)
    plain_days = days is not None and all(n == 0 for n in days)
    months = _ints(rule.get("BYMONTH"))
    monthdays = _ints(rule.get("BYMONTHDAY"))
    if not parts:
        return True
    if "BYSETPOS" in parts:
        # The first or the last date of each period is there whenever the period has one.
        ends = {1, -1} & set(_ints(rule.get("BYSETPOS")) or ())
        rest = {key: value for key, value in rule.items() if key != "BYSETPOS"}
        return bool(ends) and _surely_often(rest, freq, interval)
    if None in (days, months, monthdays):
        return False
    assert days is not None and months is not None and monthdays is not None
    if not all(1 <= m <= 12 for m in months):
        return False
    # A day of the month that exists in one of the months (Feb 29 in leap years only).
    longest = max((_MONTH_DAYS[m - 1] for m in months), default=31)
    if interval > 1:
        longest = 28
    fits = not monthdays or any(1 <= abs(d) <= longest for d in monthdays)
    if freq == "WEEKLY":
        return parts == {"BYDAY"} and plain_days
    if freq == "DAILY":
        return interval == 1 and parts <= {"BYDAY", "BYMONTH", "BYMONTHDAY"} and plain_days and fits
    if freq == "MONTHLY":
        if not parts <= {"BYDAY", "BYMONTH", "BYMONTHDAY"} or not fits:
            return False
        if "BYMONTH" in parts and interval > 1:
            return False
        if "BYMONTHDAY" in parts and "BYDAY" in parts:
            return plain_days and interval == 1
        return all(abs(n) <= 4 for n in days)
    # YEARLY
    weeks = _ints(rule.get("BYWEEKNO"))
    yeardays = _ints(rule.get("BYYEARDAY"))
    if weeks is None or yeardays is None:
        return False
    if parts <= {"BYWEEKNO", "BYDAY"} and "BYWEEKNO" in parts:
        return plain_days and all(1 <= abs(w) <= 52 for w in weeks)
    if parts == {"BYYEARDAY"}:
        return all(1 <= abs(d) <= 365 for d in yeardays)
    if not parts <= {"BYDAY", "BYMONTH", "BYMONTHDAY"} or not fits:
        return False
    if "BYMONTHDAY" in parts and "BYDAY" in parts:
        return plain_days and interval == 1
    return all(abs(n) <= (4 if "BYMONTH" in parts else 52) for n in days)


def _ints(values: Any, *, ordinals: bool = False) -> list[int] | None:
    """BY values as numbers (a weekday as its ordinal, 0 for none); None for anything odd."""
    result: list[int] = []
    for value in list_of(values):
        if ordinals:
            relative = getattr(value, "relative", None)
            if not isinstance(value, icalendar.vWeekday) or not (
                relative is None or isinstance(relative, int)
            ):
                return None
            result.append(relative or 0)
        elif isinstance(value, int) and not getattr(value, "leap", False):
            result.append(int(value))
        else:
            return None
    return result


def until(rule: Any) -> date | None:
    if not isinstance(rule, icalendar.vRecur):
        return None
    return as_date(first_of(rule.get("UNTIL")))


def chunks(window: tuple[date, date]) -> Iterator[tuple[date, date]]:
    """The window a year at a time, so one query returns a bounded number of days."""
    low = window[0]
    while low <= window[1]:
        high = min(low + timedelta(days=366), window[1] + timedelta(days=1))
        yield low, high
        low = high
