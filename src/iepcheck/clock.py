"""'Today' and 'now': one object the front ends pass down, so nothing deep reads the clock.

*Today* decides what is due and overdue: fixed when the user plans ahead with ``--today``,
otherwise the live date (a TUI left open past midnight moves on to the new day). *Now* is when
something happened: always the real clock, whatever ``--today`` says.

Both are in the family's time zone: the profile's ``timezone`` (an IANA name), else
America/New_York; never the machine's ``TZ`` (a server in UTC is already on tomorrow at 8 pm
in Connecticut). The times a parent types ("2:30pm") are in that zone too.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .i18n import _

# Dates the app accepts from a user or a file. Outside this range date arithmetic can overflow
# (date.max + 1 day) and no school meeting is meant anyway.
FIRST_YEAR = 1900
LAST_YEAR = 2200
DEFAULT_ZONE = "America/New_York"  # iepcheck is for Connecticut's families
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*")
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})
_PROFILE_BYTES = 64 * 1024


def in_range(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def out_of_range(day: date) -> str | None:
    """A sentence when ``day`` is outside the years the app works with, else None."""
    if in_range(day):
        return None
    return _("{day} is outside the years {first}-{last}").format(
        day=day.isoformat(), first=FIRST_YEAR, last=LAST_YEAR
    )


def time_zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` ("America/Chicago"); ValueError when there is no such zone
    (the caller names the value: it may hold anything a user typed)."""
    if name in _NOT_ZONES or not _ZONE_NAME.fullmatch(name):
        raise ValueError("not a time zone name")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError("not a time zone name") from None


def zone_of(data_dir: Path) -> str:
    """The time zone the data folder's profile names (``timezone`` in ``profile.toml``), else
    America/New_York. Read leniently and cheaply (the app's first paint waits on it): a missing,
    damaged or unknown value is the default; ``profile show`` says so."""
    try:
        fd = os.open(data_dir / "profile.toml", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except (OSError, ValueError):
        return DEFAULT_ZONE
    try:
        with os.fdopen(fd, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return DEFAULT_ZONE
            data = file.read(_PROFILE_BYTES + 1)
        doc = tomllib.loads(data.decode("utf-8")) if len(data) <= _PROFILE_BYTES else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return DEFAULT_ZONE
    name = doc.get("timezone")
    if isinstance(name, str):
        try:
            time_zone(name)
        except ValueError:
            return DEFAULT_ZONE
        return name
    return DEFAULT_ZONE


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Clock:
    """Gives today (fixed or live) and now (always real), in the family's time zone."""

    def __init__(
        self,
        fixed_today: date | None = None,
        *,
        now: Callable[[], datetime] | None = None,
        zone: str = DEFAULT_ZONE,
    ) -> None:
        """``now``: the current instant (aware), for tests; ``zone``: an IANA name (a
        ValueError when there is no such zone)."""
        self.fixed_today = fixed_today
        self.zone_name = zone
        self.zone = time_zone(zone)
        self._now = now

    def today(self) -> date:
        return self.fixed_today or self.now().date()

    def now(self) -> datetime:
        instant = self._now() if self._now is not None else _utc_now()
        return instant.astimezone(self.zone).replace(microsecond=0)

    @property
    def planning(self) -> bool:
        """Whether 'today' is a pretend day (``--today`` other than the real date)."""
        return self.fixed_today is not None and self.fixed_today != self.now().date()
