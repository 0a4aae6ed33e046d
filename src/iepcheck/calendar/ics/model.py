"""What reading a district's calendar gives: closures, skipped events and why, its limits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...i18n import N_, _

MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 10_000  # lines of school events; ~50 µs each to parse, so about half a second
MAX_OTHER_LINES = 5_000  # lines of other events, read to list them as not closures
MAX_DATES = 1_000  # RDATE and EXDATE values of one event
MAX_OCCURRENCES = 5_000  # days taken from all events, repeats included
MAX_IGNORED = 1_000  # skipped events listed; the rest are counted in a warning
MAX_CLOSURE_DAYS = 120  # a summer break is about 80 days; longer is a mistake in the file
LABEL_LIMIT = 100

# Why an event is not a closure: marked for the catalog, translated where shown.
NOT_A_CLOSURE = N_("not a closure")
TIMED = N_("has a time of day (an early dismissal?)")
OUT_OF_YEARS = N_("outside the years iepcheck counts")
OUTSIDE_WINDOW = N_("outside the dates read")
HALF_DAY = N_("an early dismissal or a half day: still a school day")
SAYS_OPEN = N_("says school is open")
CANCELLED = N_("cancelled")
TOO_LONG = N_("lasts more than {days} days")  # why_text() puts the limits in
TOO_OFTEN = N_("repeating more than once a day")
BAD_RULE = N_("a repeat rule that could not be read")
TOO_COSTLY = N_("a repeat rule too long to work out")
TOO_MANY_DATES = N_("more than {count:,} extra or excluded dates")


def why_text(why: str) -> str:
    """Why an event is not a closure (one of the reasons above), in the user's language."""
    return _(why).format(days=MAX_CLOSURE_DAYS, count=MAX_DATES)


class IcsError(Exception):
    """A calendar file that cannot be read; the message is one sentence for the user."""


@dataclass(frozen=True)
class Closure:
    """Days the school is closed, both ends included."""

    start: date
    end: date
    label: str


@dataclass(frozen=True)
class Ignored:
    """An event of the file that did not become a closure, and why."""

    start: date
    end: date
    summary: str
    why: str


@dataclass(frozen=True)
class Reading:
    """What a calendar file says: closed days, first and last days, what was skipped."""

    closures: tuple[Closure, ...]
    ignored: tuple[Ignored, ...]
    first_day: date | None
    last_day: date | None
    warnings: tuple[str, ...]
