"""A school district's .ics calendar read into closed days, and reminders written as .ics.

Reading is for files from the internet: the size is checked before anything is parsed, only
the lines that matter reach the parser, repeating events are expanded within a budget, and
anything wrong ends in an :class:`IcsError` sentence, never a traceback. Writing builds a
calendar a phone or a desktop calendar can import.

``icalendar`` and ``recurring_ical_events`` do the standard's hard parts (folding, escaping,
time zones, RRULE with EXDATE, RDATE and RECURRENCE-ID); this module decides what a closure is.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events

from ..clock import FIRST_YEAR, LAST_YEAR, in_range
from ..textsafe import clean, clean_line, cut

MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 10_000  # lines of school events; ~50 µs each to parse, so about half a second
MAX_OTHER_LINES = 5_000  # lines of other events, read to list them as not closures
MAX_DATES = 1_000  # RDATE and EXDATE values of one event
MAX_OCCURRENCES = 5_000  # days taken from all events, repeats included
MAX_IGNORED = 1_000  # skipped events listed; the rest are counted in a warning
MAX_CLOSURE_DAYS = 120  # a summer break is about 80 days; longer is a mistake in the file
LABEL_LIMIT = 100
# dateutil walks every period of a rule from its DTSTART, whatever the dates asked for: the
# expansion of all rules gets this many microseconds of estimated work.
_RULE_BUDGET = 1_000_000
_GROUP_COST = 2_000  # setting up one repeating event for expansion
_SPAN = timedelta(days=3 * 365 + 1)  # the most a window found from the file covers


def _word_list(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(","))


# Titles that say the school is closed. Matched as whole words, case and punctuation ignored.
DEFAULT_WORDS: tuple[str, ...] = (
    "no school",
    "no schools",
    "no classes",
    "no class",
    "no students",
    "not in session",
    "school closed",
    "schools closed",
    "school closing",
    "schools closing",
    "school closure",
    "school closures",
    "closed",
    "closing",
    "closure",
    "recess",
    "vacation",
    "break",
    "holiday",
    "holidays",
    "day off",
    "professional development",
    "professional learning",
    "pd day",
    "staff development",
    "teacher workshop",
    "teacher in-service",
    "in-service",
    "inservice",
    "teacher institute",
    "teacher convention",
    "teacher planning day",
    "teacher work day",
    "teacher workday",
    "snow day",
    "emergency closing",
    "emergency closure",
)
FIRST_WORDS: tuple[str, ...] = (
    "first day of school",
    "first day of the school year",
    "first day of school year",
    "first day of classes",
    "first day of class",
    "first day for students",
    "first student day",
    "students first day",
    "opening day",
    "school opens",
    "schools open",
    "school begins",
)
LAST_WORDS: tuple[str, ...] = (
    "last day of school",
    "last day of the school year",
    "last day of school year",
    "last day of classes",
    "last day for students",
    "last student day",
    "students last day",
    "final day of school",
)
# Titles that say the school is closed whatever else they say ("Conferences - No School").
_STRONG_WORDS = _word_list(
    "no school, no schools, no classes, no class, no students, not in session, "
    "school closed, schools closed, school closing, schools closing, school closure"
)
# A half day is a school day, whatever its title says ("Early Dismissal - Winter Recess").
_HALF_DAY_WORDS = _word_list(
    "early dismissal, early release, early closing, early closure, early out, dismissal, "
    "half day, minimum day, shortened day, abbreviated day, single session, delayed opening, "
    "delayed start, delay, delayed, late start, late opening, late arrival"
)
_OPEN_WORDS = _word_list(
    "make up, makeup, in session, school open, schools open, reopen, reopens, if needed"
)
# Events that mention a holiday or a break without closing the school ("Holiday Concert").
_NOT_CLOSURE_WORDS = _word_list(
    "concert, concerts, party, parties, fair, shop, shoppe, sale, bazaar, sing, sing along, "
    "singalong, performance, play, show, program, assembly, luncheon, lunch, breakfast, "
    "dinner, menu, celebration, spirit, dress, pajama, parade, drive, collection, meeting, "
    "conference, conferences, deadline, due, reminder, tournament, game, practice, camp, "
    "club, trip, dance, festival, social, registration, before, after, office, offices, "
    "library, pool"
)
# First and last days of something else ("Last day before winter break").
_NOT_FIRST_LAST_WORDS = _word_list(
    "before, after, back, break, vacation, recess, holiday, semester, quarter, term, "
    "trimester, marking period, summer school, camp, late, delay, delayed"
)
_STAFF_WORDS = _word_list("teacher, teachers, staff")
_STUDENT_WORDS = _word_list("student, students")

NOT_A_CLOSURE = "not a closure"
TIMED = "has a time of day (an early dismissal?)"
OUT_OF_YEARS = "outside the years iepcheck counts"
OUTSIDE_WINDOW = "outside the dates read"
HALF_DAY = "an early dismissal or a half day: still a school day"
SAYS_OPEN = "says school is open"
CANCELLED = "cancelled"
TOO_LONG = f"lasts more than {MAX_CLOSURE_DAYS} days"
TOO_OFTEN = "repeating more than once a day"
BAD_RULE = "a repeat rule that could not be read"
TOO_COSTLY = "a repeat rule too long to work out"
TOO_MANY_DATES = f"more than {MAX_DATES:,} extra or excluded dates"


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


# --- reading -----------------------------------------------------------------------------


def read_ics(
    data: bytes,
    *,
    words: Sequence[str] = DEFAULT_WORDS,
    window: tuple[date, date] | None = None,
) -> Reading:
    """The closures of an .ics file's all-day events within ``window`` (both ends included).

    Without ``window``, the busiest three years of the file's school events are read. Raises
    :class:`IcsError` for a file that is not a calendar; everything else is in the Reading.
    """
    if window is not None and window[0] > window[1]:
        raise ValueError("the window starts after it ends")
    if len(data) > MAX_BYTES:
        raise IcsError(
            f"The file is too big to be a school calendar ({len(data):,} bytes; iepcheck reads "
            f"up to {MAX_BYTES:,})."
        )
    notes: list[str] = []
    text = _decode(bytes(data), notes)
    school_words = _Words(words)
    kept, dropped, cut_off = _essentials(text, school_words)
    if cut_off:
        notes.append("The file ends before its calendar does (cut off?); what was there was read.")
    if dropped:
        notes.append(
            f"{_events(dropped)} not about school days {_were(dropped)} not read: "
            "there are too many."
        )
    try:
        with warnings.catch_warnings():
            # icalendar warns about guessed time zones; nothing here may print to a terminal.
            warnings.simplefilter("ignore")
            calendars = icalendar.Calendar.from_ical("\r\n".join(kept) + "\r\n", multiple=True)
    except Exception as exc:  # the parser's errors are ValueError, KeyError, RecursionError...
        raise IcsError("The file is not a calendar iepcheck can read (iCalendar).") from exc
    try:
        return _Reader(school_words, window, notes, dropped=dropped).read(calendars)
    except IcsError:
        raise
    except Exception as exc:  # a corner the libraries did not expect: a sentence, not a trace
        raise IcsError("The calendar has something iepcheck cannot read in it.") from exc


def _decode(data: bytes, notes: list[str]) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if b"BEGIN:VCALENDAR" not in data.upper():
            raise IcsError("The file is not an iCalendar (.ics) calendar.") from None
        # A calendar with a stray Windows-1252 byte in a description is still a calendar.
        text = data.decode("utf-8-sig", "replace")
        notes.append("Some characters of the file are not UTF-8; they show as \ufffd.")
    head = text[:512].lstrip().lower()
    if head.startswith("<"):
        raise IcsError(
            "The file is a web page, not an iCalendar (.ics) calendar: look on the district's "
            'site for an ".ics", "iCal" or "Subscribe" link.'
        )
    if "BEGIN:VCALENDAR" not in text.upper():
        raise IcsError("The file is not an iCalendar (.ics) calendar: it has no BEGIN:VCALENDAR.")
    return text


_UNFOLD = re.compile(r"(?:(?<!\n)\r\n|(?<![\r\n])\n)(?:\r?\n)*[ \t]")  # as icalendar unfolds
_NEWLINE = re.compile(r"\r?\n")
_LINE_NAME = re.compile(r"[A-Za-z0-9-]+(?=[;:])")
_EVENT_PROPERTIES = frozenset(
    {
        "UID",
        "SUMMARY",
        "DTSTART",
        "DTEND",
        "DURATION",
        "RRULE",
        "RDATE",
        "EXDATE",
        "RECURRENCE-ID",
        "SEQUENCE",
        "STATUS",
        "X-MICROSOFT-CDO-ALLDAYEVENT",
    }
)


@dataclass
class _Lines:
    """The kept lines of one VEVENT, its UID, and whether its title may be about school days."""

    lines: list[str]
    uid: str = ""
    school: bool = False
    dates: int = 0  # RDATE and EXDATE values

    def finish(self) -> None:
        """Past MAX_DATES, the event is kept without its repeats, marked to be reported."""
        if self.dates > MAX_DATES:
            self.lines = [line for line in self.lines if _line_name(line) not in _REPEAT_PROPERTIES]
            self.lines.insert(-1, f"{_TOO_MANY_DATES_MARK}:1")


def _essentials(text: str, words: _Words) -> tuple[list[str], int, bool]:
    """The lines that matter, how many other events were dropped, whether the file is cut off.

    icalendar takes ~50 µs a line, so a 2 MB file of descriptions, attachments, alarms, time
    zones or nesting would take many seconds: all that is dropped before parsing. Time zones
    are not needed: only the dates of events are used, as written. Events whose titles are
    not about school days (and share no UID with one that is) are kept only up to a limit.
    """
    stack: list[str] = []
    parts: list[str | _Lines] = []
    event: _Lines | None = None
    for line in _NEWLINE.split(_UNFOLD.sub("", text)):
        match = _LINE_NAME.match(line)
        if match is None:
            continue
        name = match.group().upper()
        if name == "BEGIN":
            stack.append(line[match.end() + 1 :].strip().upper())
            if _kept(stack):
                event = _Lines([f"BEGIN:{stack[-1]}"]) if len(stack) == 2 else None
                parts.append(event or f"BEGIN:{stack[-1]}")
        elif name == "END":
            if stack and _kept(stack):
                if event is not None and len(stack) == 2:
                    event.lines.append("END:VEVENT")
                    event.finish()
                else:
                    parts.append(f"END:{stack[-1]}")
                event = None
            if stack:
                stack.pop()
        elif event is not None and len(stack) == 2 and name in _EVENT_PROPERTIES:
            event.lines.append(line)
            if name == "UID":
                event.uid = line[match.end() :]
            elif name == "SUMMARY" and words.maybe_school(line[match.end() :]):
                event.school = True
            elif name in ("RDATE", "EXDATE"):
                event.dates += line.count(",") + 1
    cut_off = bool(stack)
    if event is not None:
        event.lines.append("END:VEVENT")
        event.finish()
    if stack[:1] == ["VCALENDAR"]:
        parts.append("END:VCALENDAR")
    school_uids = {p.uid for p in parts if isinstance(p, _Lines) and p.school and p.uid}
    kept: list[str] = []
    school_lines = other_lines = dropped = 0
    for part in parts:
        if isinstance(part, str):
            kept.append(part)
        elif part.school or (part.uid and part.uid in school_uids):
            school_lines += len(part.lines)
            kept.extend(part.lines)
        elif other_lines + len(part.lines) <= MAX_OTHER_LINES:
            other_lines += len(part.lines)
            kept.extend(part.lines)
        else:
            dropped += 1
    if school_lines > MAX_LINES:
        raise IcsError(
            "The calendar has too many school events for iepcheck (about 1,000 at most): "
            "use a calendar of just the school years you need."
        )
    return kept, dropped, cut_off


_REPEAT_PROPERTIES = frozenset({"RRULE", "RDATE", "EXDATE"})
_TOO_MANY_DATES_MARK = "X-IEPCHECK-TOO-MANY-DATES"  # never kept from a file: not in the list


def _line_name(line: str) -> str:
    match = _LINE_NAME.match(line)
    return match.group().upper() if match else ""


def _kept(stack: list[str]) -> bool:
    return stack[0] == "VCALENDAR" and (
        len(stack) == 1 or (len(stack) == 2 and stack[1] == "VEVENT")
    )


class _Words:
    """The phrase lists, normalized once."""

    def __init__(self, words: Sequence[str]) -> None:
        self.closure = _phrases(words)
        self.first = _phrases(FIRST_WORDS)
        self.last = _phrases(LAST_WORDS)
        self.strong = _phrases(_STRONG_WORDS)
        self.half = _phrases(_HALF_DAY_WORDS)
        self.open = _phrases(_OPEN_WORDS)
        self.not_closure = _phrases(_NOT_CLOSURE_WORDS)
        self.not_first_last = _phrases(_NOT_FIRST_LAST_WORDS)
        self.staff = _phrases(_STAFF_WORDS)
        self.students = _phrases(_STUDENT_WORDS)

    def maybe_school(self, raw: str) -> bool:
        """Whether a raw SUMMARY line (parameters, escapes and all) may name a school day."""
        text = _normal(raw.replace("\\n", " ").replace("\\N", " "))
        return _has(text, self.closure) or _has(text, self.first) or _has(text, self.last)

    def kind(self, summary: str) -> tuple[str, str]:
        """("closure" | "first" | "last" | "skip", why) for an event's title."""
        text = _normal(summary)
        if not text.strip():
            return "skip", NOT_A_CLOSURE
        if not _has(text, self.not_first_last) and not (
            _has(text, self.staff) and not _has(text, self.students)
        ):
            if _has(text, self.first):
                return "first", ""
            if _has(text, self.last):
                return "last", ""
        if _has(text, self.half):
            return "skip", HALF_DAY
        if not _has(text, self.closure):
            return "skip", NOT_A_CLOSURE
        strong = _has(text, self.strong)
        if _has(text, self.open) and not strong:
            return "skip", SAYS_OPEN
        if _has(text, self.not_closure) and not strong:
            return "skip", NOT_A_CLOSURE
        return "closure", ""


_NOT_WORD = re.compile(r"[^0-9a-z]+")


def _normal(text: str) -> str:
    """Lowercase words separated by single spaces, padded: " no school winter recess "."""
    words = _NOT_WORD.sub(" ", text.lower().replace("'", "").replace("\u2019", ""))
    return f" {words.strip()} "


def _phrases(words: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for the phrases (normalized, so a match is always whole words)."""
    phrases = sorted({p for p in (_normal(w) for w in words) if p.strip()})
    return re.compile("|".join(re.escape(p) for p in phrases)) if phrases else None


def _has(text: str, phrases: re.Pattern[str] | None) -> bool:
    return phrases is not None and phrases.search(text) is not None


@dataclass
class _Event:
    """One VEVENT as read, before any expansion."""

    key: str
    label: str
    kind: str
    why: str
    start: date
    end: date  # inclusive
    days: int  # how many days it lasts (may be far more than MAX_CLOSURE_DAYS)
    timed: bool
    rules: list[Any]
    rdates: list[date]
    exdates: list[date]
    recurrence_id: date | None
    this_and_future: bool
    cancelled: bool
    sequence: int
    until: date | None = None  # the latest UNTIL of its rules, if every rule has one

    @property
    def recurs(self) -> bool:
        return bool(self.rules or self.rdates)


@dataclass
class _Reader:
    """One reading of a parsed file: what was taken, what was skipped, what to tell the user."""

    words: _Words
    window: tuple[date, date] | None
    notes: list[str]
    dropped: int = 0
    vevents: int = 0
    closures: set[Closure] = field(default_factory=set)
    ignored: list[Ignored] = field(default_factory=list)
    ignored_keys: set[tuple[date, date, str, str]] = field(default_factory=set)
    more_ignored: int = 0
    first_day: date | None = None
    last_day: date | None = None
    taken: int = 0
    budget: int = _RULE_BUDGET
    full: bool = False
    unreadable: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def read(self, calendars: list[Any]) -> Reading:
        events: list[_Event] = []
        found_calendar = False
        for calendar in calendars:
            if getattr(calendar, "name", "") != "VCALENDAR":
                continue
            found_calendar = True
            for component in calendar.subcomponents:
                if getattr(component, "name", "") != "VEVENT":
                    continue
                self.vevents += 1
                try:
                    event = self._event(component, self.vevents)
                except Exception:  # one odd event is skipped, not the whole calendar
                    event = None
                if event is None:
                    self.unreadable += 1
                elif _TOO_MANY_DATES_MARK in component:
                    self._count(TOO_MANY_DATES)
                    self._ignore(event.start, event.end, event.label, TOO_MANY_DATES)
                else:
                    events.append(event)
        if not found_calendar:
            raise IcsError("The file is not an iCalendar (.ics) calendar: it has no VCALENDAR.")
        for event in events:
            if not in_range(event.start):
                self._ignore(event.start, event.start, event.label, OUT_OF_YEARS)
        events = [e for e in events if in_range(e.start)]
        window = self._window(events)
        if window is not None:
            self._take(events, window)
        return self._reading(events, window)

    # -- one event

    def _event(self, component: Any, index: int) -> _Event | None:
        label = cut(_text(component.get("SUMMARY")), LABEL_LIMIT)
        start_value = _value(component.get("DTSTART"))
        end_value = _value(component.get("DTEND"))
        if isinstance(start_value, datetime):
            all_day = _text(component.get("X-MICROSOFT-CDO-ALLDAYEVENT")).upper() == "TRUE" or (
                isinstance(end_value, datetime)
                and start_value.time() == end_value.time() == time(0)
                and end_value.date() > start_value.date()
            )
            timed = not all_day
            start = start_value.date()
        elif isinstance(start_value, date):
            timed = False
            start = start_value
        else:
            return None
        days = 1 if timed else _length(start, end_value, _value(component.get("DURATION")))
        end = start
        if in_range(start) and days <= MAX_CLOSURE_DAYS:
            end = start + timedelta(days=days - 1)
        uid = _text(component.get("UID"))
        kind, why = self.words.kind(label)
        rules = _list(component.get("RRULE"))
        recurrence = _value(component.get("RECURRENCE-ID"))
        recurrence_param = component.get("RECURRENCE-ID")
        this_and_future = (
            _text(getattr(recurrence_param, "params", {}).get("RANGE")).upper() == "THISANDFUTURE"
        )
        event = _Event(
            key=uid if uid else f"\x00{index}",
            label=label,
            kind=kind,
            why=why,
            start=start,
            end=end,
            days=days,
            timed=timed,
            rules=rules,
            rdates=_dates(component.get("RDATE")),
            exdates=_dates(component.get("EXDATE")),
            recurrence_id=_as_date(recurrence),
            this_and_future=this_and_future,
            cancelled=_text(component.get("STATUS")).upper() == "CANCELLED",
            sequence=_int(component.get("SEQUENCE")),
        )
        untils = [_until(rule) for rule in rules]
        if untils and None not in untils:
            event.until = max(u for u in untils if u is not None)
        return event

    # -- which dates

    def _window(self, events: list[_Event]) -> tuple[date, date] | None:
        low, high = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
        if self.window is not None:
            start, end = max(self.window[0], low), min(self.window[1], high)
            return (start, end) if start <= end else None
        school = [e for e in events if e.kind != "skip" and not e.cancelled]
        spans = [(e.start, _last_date(e)) for e in school or events]
        if not spans:
            return None
        spans.sort()
        # The three years holding the most events; on a tie the latest (this year's calendar).
        best, best_count, j = 0, 0, 0
        for i, (start, _) in enumerate(spans):
            while j < len(spans) and spans[j][0] <= start + _SPAN:
                j += 1
            if j - i >= best_count:
                best, best_count = i, j - i
        start = spans[best][0]
        limit = min(start + _SPAN, high)
        end = min(max(e for s, e in spans if start <= s <= limit), limit)
        outside = sum(1 for e in school if not _touches(e, (start, end)))
        if outside:
            self.notes.append(
                f"Only events from {start.isoformat()} to {end.isoformat()} were read; "
                f"{_events(outside, 'school event')} outside those dates {_were(outside)} not."
            )
        return start, end

    # -- taking events

    def _take(self, events: list[_Event], window: tuple[date, date]) -> None:
        groups: dict[str, list[_Event]] = {}
        for event in events:
            if event.timed:
                self._take_timed(event, window)
            else:
                groups.setdefault(event.key, []).append(event)
        for group in groups.values():
            if self.full:
                break
            if not any(e.kind != "skip" for e in group):
                for event in group:
                    if _touches(event, window):
                        self._ignore(event.start, event.end, event.label, event.why)
            elif any(e.recurs or e.recurrence_id is not None for e in group):
                self._expand(group, window)
            else:
                top = max(e.sequence for e in group)
                for event in group:
                    if event.sequence == top:
                        self._occurrence(
                            event.start, event.days, event.label, event.cancelled, window
                        )
        if self.full:
            self.notes.append(
                f"The calendar has so many events that only the first {MAX_OCCURRENCES:,} "
                "were read."
            )

    def _take_timed(self, event: _Event, window: tuple[date, date]) -> None:
        if not _touches(event, window):
            return
        inside = window[0] <= event.start <= window[1]
        if event.cancelled:
            self._ignore(event.start, event.start, event.label, CANCELLED)
        elif event.kind in ("first", "last") and inside:
            self._mark(event.kind, event.start)
        elif event.kind == "closure":
            self._ignore(event.start, event.start, event.label, TIMED)
        else:
            self._ignore(event.start, event.start, event.label, event.why or NOT_A_CLOSURE)

    def _expand(self, group: list[_Event], window: tuple[date, date]) -> None:
        calendar = icalendar.Calendar()
        cost = _GROUP_COST
        for event in group:
            if event.days > MAX_CLOSURE_DAYS:
                self._ignore(event.start, event.start, event.label, TOO_LONG)
                continue
            try:
                rules = [_safe_rule(rule, window[1]) for rule in event.rules]
                cost += sum(_rule_cost(rule, event.start) for rule in rules)
                cost += 5 * (len(event.rdates) + len(event.exdates))
                calendar.add_component(_rebuilt(event, rules))
            except Exception as exc:  # _Skip, or a value icalendar will not write back
                why = exc.why if isinstance(exc, _Skip) else BAD_RULE
                self._count(why)
                self._ignore(event.start, event.end, event.label, why)
        if cost > self.budget:
            self._count(TOO_COSTLY)
            for event in group:
                self._ignore(event.start, event.end, event.label, TOO_COSTLY)
            return
        self.budget -= cost
        found: dict[tuple[date, int, str, bool], None] = {}  # in order, without repeats
        room = MAX_OCCURRENCES - self.taken + 1
        try:
            with warnings.catch_warnings():
                # dateutil deprecates COUNT with UNTIL; the UNTIL added here only bounds the work.
                warnings.simplefilter("ignore")
                query = recurring_ical_events.of(calendar)
                for low, high in _chunks(window):
                    for occurrence in query.between(low, high):
                        start = _as_date(_value(occurrence.get("DTSTART")))
                        end = _as_date(_value(occurrence.get("DTEND")))
                        if start is None:
                            continue
                        days = max(1, (end - start).days) if end is not None else 1
                        label = cut(_text(occurrence.get("SUMMARY")), LABEL_LIMIT)
                        cancelled = _text(occurrence.get("STATUS")).upper() == "CANCELLED"
                        found[(start, days, label, cancelled)] = None
                    if len(found) >= room:
                        break
        except Exception:  # a rule dateutil refuses: skip this event, keep the rest
            self._count(BAD_RULE)
            for event in group:
                self._ignore(event.start, event.end, event.label, BAD_RULE)
            return
        for start, days, label, cancelled in found:
            self._occurrence(start, days, label, cancelled, window)

    def _occurrence(
        self, start: date, days: int, label: str, cancelled: bool, window: tuple[date, date]
    ) -> None:
        if self.taken >= MAX_OCCURRENCES:
            self.full = True
            return
        self.taken += 1
        if days > MAX_CLOSURE_DAYS:
            self._ignore(start, start, label, TOO_LONG)
            return
        end = start + timedelta(days=days - 1)
        if not in_range(end):
            self._ignore(start, start, label, OUT_OF_YEARS)
            return
        kind, why = self.words.kind(label)
        if end < window[0] or start > window[1]:
            if kind != "skip":
                self._ignore(start, end, label, OUTSIDE_WINDOW)
            return
        if cancelled:
            self._ignore(start, end, label, CANCELLED)
        elif kind == "closure":
            self.closures.add(Closure(start, end, label))
        elif kind in ("first", "last"):
            if window[0] <= start <= window[1]:
                self._mark(kind, start)
        else:
            self._ignore(start, end, label, why)

    def _mark(self, kind: str, day: date) -> None:
        if kind == "first":
            self.first_day = day if self.first_day is None else min(self.first_day, day)
        else:
            self.last_day = day if self.last_day is None else max(self.last_day, day)

    def _ignore(self, start: date, end: date, label: str, why: str) -> None:
        key = (start, end, label, why)
        if key in self.ignored_keys:
            return
        if len(self.ignored) >= MAX_IGNORED:
            self.more_ignored += 1
            return
        self.ignored_keys.add(key)
        self.ignored.append(Ignored(start, end, label, why))

    def _count(self, why: str) -> None:
        self.counts[why] = self.counts.get(why, 0) + 1

    def _reading(self, events: list[_Event], window: tuple[date, date] | None) -> Reading:
        notes = self.notes
        if self.unreadable:
            notes.append(f"{_events(self.unreadable)} had no start date that could be read.")
        for why in (TOO_OFTEN, BAD_RULE, TOO_COSTLY, TOO_MANY_DATES):
            if self.counts.get(why):
                notes.append(f"{_events(self.counts[why])} not read: {why}.")
        if self.more_ignored:
            notes.append(f"{self.more_ignored:,} more skipped events are not listed.")
        if not self.vevents and not self.dropped:
            notes.append("The calendar has no events.")
        elif not self.closures:
            notes.append(
                "No closed days were found: no all-day event's title says the school "
                "is closed (No School, Closed, Recess, Vacation, Break, Holiday...)."
            )
        closures = tuple(sorted(self.closures, key=lambda c: (c.start, c.end, c.label)))
        ignored = tuple(sorted(self.ignored, key=lambda i: (i.start, i.end, i.summary, i.why)))
        return Reading(closures, ignored, self.first_day, self.last_day, tuple(notes))


class _Skip(Exception):
    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


_DAILY_OR_SLOWER = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 30, "YEARLY": 365}
_RULE_PARTS = ("BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST")


def _safe_rule(rule: Any, last: date) -> Any:
    """A copy of an RRULE that can only end: daily or slower, and UNTIL no later than ``last``.

    dateutil walks to year 9999 looking for a rule's next date ("every February 30th"), so
    every rule gets an UNTIL; COUNT stays, and dateutil stops at whichever comes first.
    Hours, minutes and seconds are dropped: an all-day event has none.
    """
    if not isinstance(rule, icalendar.vRecur):
        raise _Skip(BAD_RULE)
    freq = _text(_first(rule.get("FREQ"))).upper()
    if freq in ("SECONDLY", "MINUTELY", "HOURLY"):
        raise _Skip(TOO_OFTEN)
    if freq not in _DAILY_OR_SLOWER:
        raise _Skip(BAD_RULE)
    interval = _first(rule.get("INTERVAL"))
    interval = 1 if interval is None else interval
    if not isinstance(interval, int) or not 1 <= interval <= 100_000:
        raise _Skip(BAD_RULE)
    safe = icalendar.vRecur(FREQ=freq, INTERVAL=interval)
    count = _first(rule.get("COUNT"))
    if count is not None:
        if not isinstance(count, int):
            raise _Skip(BAD_RULE)
        if count >= 1:
            safe["COUNT"] = count
    until = _as_date(_first(rule.get("UNTIL")))
    safe["UNTIL"] = last if until is None else min(until, last)
    for part in _RULE_PARTS:
        if part in rule:
            safe[part] = rule[part]
    return safe


def _rule_cost(rule: Any, start: date) -> int:
    """About how many microseconds dateutil needs for ``rule`` (measured: 2.5-60 µs a period).

    dateutil checks UNTIL only on a date the rule makes, so a rule that makes none ("every
    February 30th", or a 7-day interval on the wrong weekday) is walked to the year 9999.
    Unless the rule is of a shape that surely makes dates often, that walk is what it costs.
    """
    freq = _text(_first(rule["FREQ"]))
    interval = int(_first(rule["INTERVAL"]))
    last: date = _first(rule["UNTIL"]) if _surely_often(rule, freq, interval) else date.max
    days = max(0, (last - start).days)
    periods = days // (_DAILY_OR_SLOWER[freq] * interval) + 1
    return periods * _PERIOD_COST[freq] + _GAP_COST


_PERIOD_COST = {"DAILY": 5, "WEEKLY": 8, "MONTHLY": 15, "YEARLY": 80}
_GAP_COST = 20_000  # the walk past UNTIL to the next date, for the shapes below (≤ 8 years)
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
    if None in (days, months, monthdays) or "BYSETPOS" in parts:
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
    for value in _list(values):
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


def _rebuilt(event: _Event, rules: list[Any]) -> icalendar.Event:
    """The event with dates only, as recurring_ical_events needs it and nothing more."""
    rebuilt = icalendar.Event()
    rebuilt.add("UID", event.key)
    rebuilt.add("SUMMARY", event.label)
    rebuilt.add("DTSTART", event.start)
    rebuilt.add("DTEND", event.start + timedelta(days=event.days))
    rebuilt.add("SEQUENCE", event.sequence)
    if event.cancelled:
        rebuilt.add("STATUS", "CANCELLED")
    for rule in rules:
        rebuilt.add("RRULE", rule)
    if event.rdates:
        rebuilt.add("RDATE", sorted(set(event.rdates)))
    if event.exdates:
        rebuilt.add("EXDATE", sorted(set(event.exdates)))
    if event.recurrence_id is not None:
        params = {"RANGE": "THISANDFUTURE"} if event.this_and_future else {}
        rebuilt.add("RECURRENCE-ID", event.recurrence_id, parameters=params)
    return rebuilt


def _until(rule: Any) -> date | None:
    if not isinstance(rule, icalendar.vRecur):
        return None
    return _as_date(_first(rule.get("UNTIL")))


def _chunks(window: tuple[date, date]) -> Iterator[tuple[date, date]]:
    """The window a year at a time, so one query returns a bounded number of days."""
    low = window[0]
    while low <= window[1]:
        high = min(low + timedelta(days=366), window[1] + timedelta(days=1))
        yield low, high
        low = high


def _touches(event: _Event, window: tuple[date, date]) -> bool:
    if event.recurs:
        return event.start <= window[1] and (event.until is None or event.until >= window[0])
    return event.start <= window[1] and event.end >= window[0]


def _last_date(event: _Event) -> date:
    """The last day an event may fall on, as far as choosing the dates to read goes."""
    if not event.recurs:
        return event.end
    last = event.start + timedelta(days=365) if event.until is None else event.until
    return max(event.start, min(max([last, *event.rdates]), event.start + _SPAN))


def _length(start: date, end: Any, duration: Any) -> int:
    """Days an all-day event covers: DTEND is the day after it (RFC 5545); at least one."""
    if isinstance(end, datetime):
        days = (end.date() - start).days + (1 if end.time() != time(0) else 0)
    elif isinstance(end, date):
        days = (end - start).days
    elif isinstance(duration, timedelta):
        days = duration.days + (1 if duration.seconds else 0)
    else:
        days = 1
    return max(1, days)


def _were(count: int) -> str:
    return "was" if count == 1 else "were"


def _events(count: int, noun: str = "event") -> str:
    return f"1 {noun}" if count == 1 else f"{count:,} {noun}s"


def _value(prop: Any) -> Any:
    """The Python value of a parsed property (the first, if repeated); None if broken."""
    prop = _first(prop)
    return getattr(prop, "dt", None)


def _first(value: Any) -> Any:
    """The first of repeated values; None for a value icalendar could not parse."""
    if isinstance(value, list):
        value = value[0] if value else None
    return None if isinstance(value, icalendar.vBroken) else value


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    value = _first(value)
    return "" if value is None else str(value)


def _int(value: Any) -> int:
    value = _first(value)
    if isinstance(value, int) and -(2**31) <= value < 2**31:
        return int(value)
    return 0


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def _dates(value: Any) -> list[date]:
    """The dates of RDATE or EXDATE properties (periods by their start), years in range."""
    result: list[date] = []
    for prop in _list(value):
        if not isinstance(prop, icalendar.vDDDLists):
            continue
        for item in prop.dts:
            raw = getattr(item, "dt", None)
            day = _as_date(raw[0] if isinstance(raw, tuple) and raw else raw)
            if day is not None and in_range(day):
                result.append(day)
    return result


# --- writing -----------------------------------------------------------------------------


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


PRODID = "-//iepcheck//EN"


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
    calendar.add("X-WR-CALNAME", clean_line(name))
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
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f'"{clean_line(tz)}" is not a time zone name like America/New_York.'
        ) from None


def _vevent(event: Event, zone: ZoneInfo | timezone, stamp: datetime) -> icalendar.Event:
    summary = clean_line(event.summary)
    vevent = icalendar.Event()
    vevent.add("UID", clean_line(event.uid))
    vevent.add("DTSTAMP", stamp)
    vevent.add("SEQUENCE", event.sequence)
    vevent.add("SUMMARY", summary)
    if event.description:
        vevent.add("DESCRIPTION", clean(event.description))
    if event.at is None:
        vevent.add("DTSTART", event.day)
        vevent.add("DTEND", event.day + timedelta(days=1))
        vevent.add("TRANSP", "TRANSPARENT")  # a reminder, not a busy day
    else:
        start = datetime.combine(event.day, event.at).replace(tzinfo=zone)
        vevent.add("DTSTART", start)
        vevent.add("DTEND", start + timedelta(hours=1))
    vevent.add("STATUS", "CANCELLED" if event.cancelled else "CONFIRMED")
    if event.remind is not None and not event.cancelled:
        alarm = icalendar.Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("DESCRIPTION", summary or "Reminder")
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
        raise ValueError(f'Write a reminder like "1d", "12h", "30m" or "1w", not "{shown}".')
    if total > MAX_REMIND:
        raise ValueError("A reminder can be at most 4 weeks before.")
    return total


_ZONE_NAME = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*")
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


def local_zone() -> str:
    """The user's IANA time zone name: from TZ, else /etc/localtime, else "UTC"."""
    env = os.environ.get("TZ", "").removeprefix(":")
    for candidate in (_zone_from_path(env) if env.startswith("/") else env, _localtime()):
        if candidate and _is_zone(candidate):
            return candidate
    return "UTC"


def _localtime() -> str:
    try:
        return _zone_from_path(os.path.realpath("/etc/localtime"))
    except OSError:
        return ""


def _zone_from_path(path: str) -> str:
    marker = "/zoneinfo/"
    if marker not in path:
        return ""
    name = path.rsplit(marker, 1)[1]
    for prefix in ("posix/", "right/"):
        name = name.removeprefix(prefix)
    return name


def _is_zone(name: str) -> bool:
    if name in _NOT_ZONES or not _ZONE_NAME.fullmatch(name):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
