"""Reading a district's .ics file into closures: parse, choose the dates, take each event."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import icalendar
import recurring_ical_events

from ...clock import FIRST_YEAR, LAST_YEAR, in_range
from ...i18n import _, ngettext
from ...textsafe import cut
from .decode import SKIPPED_MARK, decode, essentials
from .model import (
    BAD_RULE,
    CANCELLED,
    LABEL_LIMIT,
    MAX_BYTES,
    MAX_CLOSURE_DAYS,
    MAX_IGNORED,
    MAX_OCCURRENCES,
    NOT_A_CLOSURE,
    OUT_OF_YEARS,
    OUTSIDE_WINDOW,
    TIMED,
    TOO_COSTLY,
    TOO_LONG,
    TOO_MANY_DATES,
    TOO_OFTEN,
    Closure,
    IcsError,
    Ignored,
    Reading,
    why_text,
)
from .rules import GROUP_COST, RULE_BUDGET, Skip, chunks, rule_cost, safe_rule, until
from .values import as_date, dates_of, int_of, list_of, text_of, value_of
from .words import DEFAULT_WORDS, Words

_SKIPPED = {"dates": TOO_MANY_DATES, "rule": TOO_COSTLY}  # decode's marks
_SPAN = timedelta(days=3 * 365 + 1)  # the most a window found from the file covers


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
            _(
                "The file is too big to be a school calendar ({count:,} bytes; iepcheck "
                "reads up to {MAX_BYTES:,})."
            ).format(count=len(data), MAX_BYTES=MAX_BYTES)
        )
    notes: list[str] = []
    text = decode(bytes(data), notes)
    school_words = Words(words)
    kept, dropped, cut_off = essentials(text, school_words)
    if cut_off:
        notes.append(
            _("The file ends before its calendar does (cut off?); what was there was read.")
        )
    if dropped:
        notes.append(
            ngettext(
                "{n:,} event not about school days was not read: there are too many.",
                "{n:,} events not about school days were not read: there are too many.",
                dropped,
            ).format(n=dropped)
        )
    try:
        with warnings.catch_warnings():
            # icalendar warns about guessed time zones; nothing here may print to a terminal.
            warnings.simplefilter("ignore")
            calendars = icalendar.Calendar.from_ical("\r\n".join(kept) + "\r\n", multiple=True)
    except Exception as exc:  # the parser's errors are ValueError, KeyError, RecursionError...
        raise IcsError(_("The file is not a calendar iepcheck can read (iCalendar).")) from exc
    try:
        return _Reader(school_words, window, notes, dropped=dropped).read(calendars)
    except IcsError:
        raise
    except Exception as exc:  # a corner the libraries did not expect: a sentence, not a trace
        raise IcsError(_("The calendar has something iepcheck cannot read in it.")) from exc


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

    words: Words
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
    budget: int = RULE_BUDGET
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
                elif SKIPPED_MARK in component:
                    why = _SKIPPED.get(text_of(component.get(SKIPPED_MARK)), TOO_COSTLY)
                    self._count(why)
                    self._ignore(event.start, event.end, event.label, why)
                else:
                    events.append(event)
        if not found_calendar:
            raise IcsError(_("The file is not an iCalendar (.ics) calendar: it has no VCALENDAR."))
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
        label = cut(text_of(component.get("SUMMARY")), LABEL_LIMIT)
        start_value = value_of(component.get("DTSTART"))
        end_value = value_of(component.get("DTEND"))
        if isinstance(start_value, datetime):
            all_day = text_of(component.get("X-MICROSOFT-CDO-ALLDAYEVENT")).upper() == "TRUE" or (
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
        days = 1 if timed else _length(start, end_value, value_of(component.get("DURATION")))
        end = start
        if in_range(start) and days <= MAX_CLOSURE_DAYS:
            end = start + timedelta(days=days - 1)
        uid = text_of(component.get("UID"))
        kind, why = self.words.kind(label)
        rules = list_of(component.get("RRULE"))
        recurrence = value_of(component.get("RECURRENCE-ID"))
        recurrence_param = component.get("RECURRENCE-ID")
        this_and_future = (
            text_of(getattr(recurrence_param, "params", {}).get("RANGE")).upper() == "THISANDFUTURE"
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
            rdates=dates_of(component.get("RDATE")),
            exdates=dates_of(component.get("EXDATE")),
            recurrence_id=as_date(recurrence),
            this_and_future=this_and_future,
            cancelled=text_of(component.get("STATUS")).upper() == "CANCELLED",
            sequence=int_of(component.get("SEQUENCE")),
        )
        untils = [until(rule) for rule in rules]
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
        for i, (start, _end) in enumerate(spans):
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
                ngettext(
                    "Only events from {start} to {end} were read; {n:,} school event outside "
                    "those dates was not.",
                    "Only events from {start} to {end} were read; {n:,} school events outside "
                    "those dates were not.",
                    outside,
                ).format(start=start.isoformat(), end=end.isoformat(), n=outside)
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
                _(
                    "The calendar has so many events that only the first {count:,} were read."
                ).format(count=MAX_OCCURRENCES)
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
        cost = GROUP_COST
        for event in group:
            if event.days > MAX_CLOSURE_DAYS:
                self._ignore(event.start, event.start, event.label, TOO_LONG)
                continue
            try:
                rules = [safe_rule(rule, window[1]) for rule in event.rules]
                cost += sum(rule_cost(rule, event.start) for rule in rules)
                cost += 5 * (len(event.rdates) + len(event.exdates))
                calendar.add_component(_rebuilt(event, rules))
            except Exception as exc:  # Skip, or a value icalendar will not write back
                why = exc.why if isinstance(exc, Skip) else BAD_RULE
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
                for low, high in chunks(window):
                    for occurrence in query.between(low, high):
                        start = as_date(value_of(occurrence.get("DTSTART")))
                        end = as_date(value_of(occurrence.get("DTEND")))
                        if start is None:
                            continue
                        days = max(1, (end - start).days) if end is not None else 1
                        label = cut(text_of(occurrence.get("SUMMARY")), LABEL_LIMIT)
                        cancelled = text_of(occurrence.get("STATUS")).upper() == "CANCELLED"
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
        if n := self.unreadable:
            notes.append(
                ngettext(
                    "{n:,} event had no start date that could be read.",
                    "{n:,} events had no start date that could be read.",
                    n,
                ).format(n=n)
            )
        for why in (TOO_OFTEN, BAD_RULE, TOO_COSTLY, TOO_MANY_DATES):
            if n := self.counts.get(why, 0):
                said = ngettext("{n:,} event not read: {why}.", "{n:,} events not read: {why}.", n)
                notes.append(said.format(n=n, why=why_text(why)))
        if n := self.more_ignored:
            notes.append(
                ngettext(
                    "{n:,} more skipped event is not listed.",
                    "{n:,} more skipped events are not listed.",
                    n,
                ).format(n=n)
            )
        if not self.vevents and not self.dropped:
            notes.append(_("The calendar has no events."))
        elif not self.closures:
            notes.append(
                _(
                    "No closed days were found: no all-day event's title says the school is "
                    "closed (No School, Closed, Recess, Vacation, Break, Holiday...)."
                )
            )
        closures = tuple(sorted(self.closures, key=lambda c: (c.start, c.end, c.label)))
        ignored = tuple(sorted(self.ignored, key=lambda i: (i.start, i.end, i.summary, i.why)))
        return Reading(closures, ignored, self.first_day, self.last_day, tuple(notes))


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
