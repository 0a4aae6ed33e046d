"""Our reminders written as an .ics calendar, and the times and reminders a parent types."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar

from ...clock import time_zone
from ...i18n import _
from ...textsafe import clean, clean_line, cut


@dataclass(frozen=True)
class Event:
    """One date to put in a calendar: all day, or at a local time for an hour."""

    uid: str
    summary: str
    description: str
    day: date
    at: time | None = None
    sequence: int = 0
    cancelled: bool = False
    remind: timedelta | None = timedelta(hours=15)  # all day: 9 am the day before
    repeat: tuple[str, int] | None = None  # ("WEEKLY" | "MONTHLY", every): one series


PRODID = "-//iepcheck//EN"


class _Text(icalendar.vText):
    """TEXT escaped as RFC 5545 says, the backslash first.

    icalendar turns a backslash and N in the text into a line break (it reads ``\\N`` as an
    escaped newline before it escapes backslashes): a name holding ``\\N`` came out split.
    """

    def to_ical(self) -> bytes:
        text = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
        return text.encode("utf-8")


def write_ics(events: Sequence[Event], *, tz: str, name: str, stamp: datetime) -> bytes:
    """A calendar of ``events`` (times in the zone ``tz``); ``stamp`` is when it was made
    (a naive ``stamp`` is taken as UTC).

    The same events give the same bytes but for DTSTAMP, so a calendar app that imports
    the file again updates the events (same UID, higher SEQUENCE) instead of doubling them.
    """
    zone = _zone(tz)
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", _Text(clean_line(name)))
    stamp_utc = stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    for event in events:
        calendar.add_component(_vevent(event, zone, stamp_utc))
    timed_years = [e.day.year for e in events if e.at is not None]
    if timed_years and zone is not UTC:
        calendar.add_missing_timezones(
            first_date=date(max(min(timed_years) - 1, 1), 1, 1),
            last_date=date(min(max(timed_years) + 2, 9999), 1, 1),
        )
    data: bytes = calendar.to_ical()
    return data


def _zone(tz: str) -> ZoneInfo | timezone:
    if tz.upper() in ("UTC", "ETC/UTC", "Z"):
        return UTC
    try:
        return time_zone(tz)
    except ValueError:
        raise ValueError(
            _('"{zone}" is not a time zone name like America/New_York.').format(zone=clean_line(tz))
        ) from None


def _vevent(event: Event, zone: ZoneInfo | timezone, stamp: datetime) -> icalendar.Event:
    summary = clean_line(event.summary)
    vevent = icalendar.Event()
    vevent.add("UID", _Text(clean_line(event.uid)))
    vevent.add("DTSTAMP", stamp)
    vevent.add("SEQUENCE", event.sequence)
    vevent.add("SUMMARY", _Text(summary))
    if event.description:
        vevent.add("DESCRIPTION", _Text(clean(event.description)))
    if event.at is None:
        vevent.add("DTSTART", event.day)
        vevent.add("DTEND", event.day + timedelta(days=1))
        vevent.add("TRANSP", "TRANSPARENT")  # a reminder, not a busy day
    else:
        start = datetime.combine(event.day, event.at).replace(tzinfo=zone)
        vevent.add("DTSTART", start)
        vevent.add("DTEND", start + timedelta(hours=1))
    if event.repeat is not None and not event.cancelled:
        freq, every = event.repeat
        vevent.add("RRULE", {"FREQ": freq, "INTERVAL": every})
    vevent.add("STATUS", "CANCELLED" if event.cancelled else "CONFIRMED")
    if event.remind is not None and not event.cancelled:
        alarm = icalendar.Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("DESCRIPTION", _Text(summary or _("Reminder")))
        alarm.add("TRIGGER", -abs(event.remind))
        vevent.add_component(alarm)
    return vevent


_TIME = re.compile(r"(\d{1,2})(?:[:.h](\d{2}))?\s*(?:([ap])\.?\s*m\.?)?", re.IGNORECASE)


def parse_time(text: str) -> time | None:
    """A time of day as people write it: "3:30pm", "3:30 PM", "15:30", "9am", "noon"."""
    words = text.strip().lower()
    if words in ("noon", "12 noon", "midday"):
        return time(12, 0)
    if words == "midnight":
        return time(0, 0)
    match = _TIME.fullmatch(words)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = match.group(3)
    if minute > 59:
        return None
    if half is None:
        # "9" alone could be morning or evening; "9:00" is read as a 24-hour clock.
        return time(hour, minute) if match.group(2) is not None and hour <= 23 else None
    if not 1 <= hour <= 12:
        return None
    return time(hour % 12 + (12 if half == "p" else 0), minute)


_REMIND_PART = re.compile(r"\s*(\d{1,6})\s*([a-z]+)", re.IGNORECASE)
_REMIND_UNITS = {
    spelling: unit
    for unit, spellings in (
        ("weeks", "w wk wks week weeks"),
        ("days", "d day days"),
        ("hours", "h hr hrs hour hours"),
        ("minutes", "m min mins minute minutes"),
    )
    for spelling in spellings.split()
}
MAX_REMIND = timedelta(weeks=4)


def parse_remind(text: str) -> timedelta:
    """How long before an event to remind: "2d", "12h", "30m", "1w" (or "1d 12h")."""
    words = text.strip()
    total = timedelta()
    position = 0
    while position < len(words):
        match = _REMIND_PART.match(words, position)
        unit = _REMIND_UNITS.get(match.group(2).lower()) if match else None
        if match is None or unit is None:
            break
        total += timedelta(**{unit: int(match.group(1))})
        position = match.end()
    if not words or position < len(words):
        shown = cut(text, 30)
        raise ValueError(
            _('Write a reminder like "1d", "12h", "30m" or "1w", not "{text}".').format(text=shown)
        )
    if total > MAX_REMIND:
        raise ValueError(_("A reminder can be at most 4 weeks before."))
    return total
