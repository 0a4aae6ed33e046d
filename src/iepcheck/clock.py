"""'Today' and 'now': one object the front ends pass down, so nothing deep reads the clock.

*Today* decides what is due and overdue: fixed when the user plans ahead with ``--today``,
otherwise the live local date (a TUI left open past midnight moves on to the new day). *Now*
is when something happened: always the real clock, whatever ``--today`` says.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

# Dates the app accepts from a user or a file. Outside this range date arithmetic can overflow
# (date.max + 1 day) and no school meeting is meant anyway.
FIRST_YEAR = 1900
LAST_YEAR = 2200


def in_range(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def out_of_range(day: date) -> str | None:
    """A sentence when ``day`` is outside the years the app works with, else None."""
    if in_range(day):
        return None
    return f"{day.isoformat()} is outside the years {FIRST_YEAR}-{LAST_YEAR}"


class Clock:
    """Gives today (fixed or live) and now (always real, local time zone)."""

    def __init__(
        self,
        fixed_today: date | None = None,
        *,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.fixed_today = fixed_today
        self._now = now or (lambda: datetime.now().astimezone().replace(microsecond=0))

    def today(self) -> date:
        return self.fixed_today or self._now().date()

    def now(self) -> datetime:
        return self._now()

    @property
    def planning(self) -> bool:
        """Whether 'today' is a pretend day (``--today`` other than the real date)."""
        return self.fixed_today is not None and self.fixed_today != self._now().date()
