"""A district's ``.ics`` calendar in: what it closes, its first and last day, and the
Connecticut holidays it does not mention (closed unless the user says the schools are open).

Both front ends go through ``read`` (parse and decide), ``describe`` (what was kept and
ignored, in lines) and ``write`` (the calendar file, after the user said yes).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..calendar.holidays import holiday_names
from ..calendar.ics.apart import Stopped, read_apart
from ..calendar.ics.model import Closure, IcsError, Ignored, why_text
from ..calendar.ics.words import DEFAULT_WORDS
from ..calendar.schooldays import ClosedRange, school_year
from ..fileio import read_regular
from ..i18n import _
from ..reports.words import day_text
from ..textsafe import clean_line
from . import calendars
from .errors import ServiceError
from .workspace import Workspace

MAX_BYTES = 2 * 1024 * 1024
NBSP = "\u00a0"  # between the words of a date: never a line break there


@dataclass(frozen=True)
class ImportPlan:
    id: str
    title: str
    source: Path
    closures: tuple[Closure, ...]
    ignored: tuple[Ignored, ...]
    first_day: date | None
    last_day: date | None
    unlisted: tuple[date, ...]  # Connecticut holidays of the school year(s) no closure covers
    opened: tuple[date, ...]  # Connecticut holidays the file says the schools are open on
    holiday_names: dict[date, str]
    warnings: tuple[str, ...]


class ImportStopped(ServiceError):
    """The user stopped the reading of a calendar; nothing was imported."""


def read(
    workspace: Workspace,
    source: Path,
    calendar_id: str,
    title: str = "",
    *,
    words: tuple[str, ...] | None = None,
    stopped: Callable[[], bool] = lambda: False,
) -> ImportPlan:
    """Read a district's calendar (in a process of its own, stopped when ``stopped()`` turns
    true: :class:`ImportStopped`); a sentence when the file cannot be used."""
    calendars.check_id(calendar_id)
    title = calendars.check_title(title)
    try:
        data = read_regular(source, MAX_BYTES)
    except FileNotFoundError:
        raise ServiceError(_("{source}: no such file").format(source=source)) from None
    except OSError as exc:
        raise ServiceError(
            _("{source}: cannot be read ({value})").format(source=source, value=exc.strerror or exc)
        ) from None
    try:
        reading = read_apart(data, words=words or DEFAULT_WORDS, stopped=stopped)
    except IcsError as exc:
        raise ServiceError(f"{source}: {exc}") from None
    except Stopped:
        raise ImportStopped(
            _("{source}: the reading was stopped; nothing was imported").format(source=source)
        ) from None
    years = _school_years(reading.closures, reading.first_day, reading.last_day)
    names: dict[date, str] = {}
    for year in years:
        for calendar_year in (year, year + 1):
            names |= {
                d: n
                for d, n in holiday_names(calendar_year).items()
                if school_year(d) == year and d.weekday() < 5
            }
    if reading.first_day and reading.last_day:  # the summer's holidays do not matter
        names = {d: n for d, n in names.items() if reading.first_day <= d <= reading.last_day}
    covered = {d for c in reading.closures for d in _days(c.start, c.end)}
    # "Veterans Day - School in Session": a holiday the file says the schools are open on.
    opened = tuple(
        sorted({i.start for i in reading.ignored if i.start in names and _says_open(i.summary)})
    )
    unlisted = tuple(sorted(d for d in names if d not in covered and d not in opened))
    return ImportPlan(
        calendar_id,
        title.strip() or calendar_id,
        source,
        reading.closures,
        reading.ignored,
        reading.first_day,
        reading.last_day,
        unlisted,
        opened,
        names,
        reading.warnings,
    )


_OPEN_RE = re.compile(r"\b(in session|schools? (is |are )?open|classes in session)\b", re.I)


def _says_open(summary: str) -> bool:
    return bool(_OPEN_RE.search(summary))


def as_range(closure: Closure) -> ClosedRange:
    return ClosedRange(closure.start, closure.end, closure.label)


def _days(start: date, end: date) -> list[date]:
    return [date.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1)][:400]


def _school_years(
    closures: tuple[Closure, ...], first: date | None, last: date | None
) -> list[int]:
    if first is not None:
        return [school_year(first)]
    counts: dict[int, int] = {}
    for closure in closures:
        counts[school_year(closure.start)] = counts.get(school_year(closure.start), 0) + 1
    return sorted(counts)[:3]


def describe(plan: ImportPlan) -> list[str]:
    """What the import found, for the user to confirm: every closure and every event ignored
    (with why). A date's spaces are no-break spaces: a line is wrapped between words, never
    inside a date."""
    lines = [_("From {source}:").format(source=clean_line(str(plan.source)))]
    if plan.first_day or plan.last_day:
        first = _day(plan.first_day) if plan.first_day else _("not found")
        last = _day(plan.last_day) if plan.last_day else _("not found")
        lines.append(
            _("  first day of school: {first}; last day: {last}").format(first=first, last=last)
        )
    else:
        lines.append(_("  no first or last day of school found (summer is then not known)"))
    lines.append(_("Kept as closed ({count}):").format(count=len(plan.closures)))
    for c in plan.closures:
        span = _day(c.start)
        if c.end != c.start:
            span = _("{first} to {last}").format(first=span, last=_day(c.end))
        lines.append(f"  {span}  {clean_line(c.label)}")
    if plan.ignored:
        lines.append(_("Ignored ({count}):").format(count=len(plan.ignored)))
        for i in plan.ignored:
            lines.append(f"  {ignored_line(i)}")
    if plan.opened:
        lines.append(_("Connecticut holidays the file says the schools are open on (open days):"))
        for d in plan.opened:
            name = plan.holiday_names.get(d) or _("holiday")
            lines.append(f"  {_day(d)}  {clean_line(name)}")
    if plan.unlisted:
        lines.append(
            _(
                "Connecticut holidays the file does not mention (closed unless you say "
                "the schools are open: --open-unlisted-holidays, or iepcheck child open):"
            )
        )
        for d in plan.unlisted:
            name = plan.holiday_names.get(d) or _("holiday")
            lines.append(f"  {_day(d)}  {clean_line(name)}")
    lines += [_("Note: {warning}").format(warning=clean_line(w)) for w in plan.warnings]
    return lines


def _day(day: date) -> str:
    return day_text(day).replace(" ", NBSP)


def ignored_line(ignored: Ignored) -> str:
    """An event the import left out, and why ("Wed 11 Nov 2026  Veterans Day  (why)")."""
    span = _day(ignored.start)
    if ignored.end != ignored.start:
        span = _("{first} to {last}").format(first=span, last=_day(ignored.end))
    title = clean_line(ignored.summary) or _("(no title)")
    return f"{span}  {title}  ({why_text(ignored.why)})"


def write(
    workspace: Workspace,
    plan: ImportPlan,
    *,
    closures: tuple[ClosedRange, ...] | None = None,
    opened: tuple[date, ...] = (),
    replace: bool = False,
) -> Path:
    """Write the calendar file (``closures``: the list as the user edited it)."""
    ranges = closures
    if ranges is None:
        ranges = tuple(as_range(c) for c in plan.closures)
    built = calendars.built(
        plan.id,
        plan.title,
        ranges,
        first=plan.first_day,
        last=plan.last_day,
        opened=(*plan.opened, *opened),
    )
    note = f"Imported from {plan.source.name} by iepcheck."
    return calendars.save(workspace, built, replace=replace, note=note)
