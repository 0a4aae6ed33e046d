"""School calendars: files shared like checklists, a child's calendar and open days, and
writing a calendar file (from an imported ``.ics`` or by hand)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from .. import locations
from ..calendar.files import SUFFIX, CalendarFile, SchoolYear, load_calendar
from ..calendar.schooldays import ClosedRange
from ..checklists.model import ID_RE
from ..fileio import atomic_write, describe_os_error
from ..i18n import _
from ..records import tomlwrite
from ..records.model import Child
from ..records.operations import SetCalendar, SetOpen
from ..textsafe import UNSAFE_RE, clean_line
from .dates import parse_day
from .errors import InputError, ServiceError, did_you_mean
from .workspace import Workspace


def user_path(workspace: Workspace, calendar_id: str) -> Path:
    return locations.user_checklists_dir(workspace.data_dir) / f"{calendar_id}{SUFFIX}"


def check_id(calendar_id: str) -> str:
    if not ID_RE.fullmatch(calendar_id) or calendar_id.startswith("-"):
        raise InputError(
            _(
                "'{calendar_id}' is not a usable calendar id: lowercase letters a-z, "
                "digits and '-', 1 to 64 characters, like hartford-2026-27"
            ).format(calendar_id=clean_line(calendar_id))
        )
    return calendar_id


MAX_TITLE = 120  # characters: a district's name and a school year fit many times over


def check_title(title: str, what: str = "the title") -> str:
    """A calendar's title as typed: one line of text, no control characters, not too long."""
    if any("\ud800" <= c <= "\udfff" for c in title):  # bytes that are not UTF-8
        raise InputError(_("{what} is not UTF-8 text").format(what=what))
    if UNSAFE_RE.search(title) or "\n" in title or "\r" in title:
        raise InputError(_("{what} contains a control character or a line break").format(what=what))
    title = title.strip()
    if len(title) > MAX_TITLE:
        raise InputError(
            _("{what} is {count} characters long; at most {MAX_TITLE}").format(
                what=what, count=len(title), MAX_TITLE=MAX_TITLE
            )
        )
    return title


def find(workspace: Workspace, calendar_id: str) -> CalendarFile:
    found = workspace.calendars.get(calendar_id)
    if found is None:
        known = sorted(workspace.calendars.found)
        hint = did_you_mean(calendar_id, known)
        listing = ", ".join(known) or _("none yet (iepcheck calendar import FILE.ics --id ID)")
        raise ServiceError(
            _("no school calendar '{calendar_id}'.{hint} Found: {listing}").format(
                calendar_id=clean_line(calendar_id), hint=hint, listing=listing
            )
        )
    return found


def set_calendar(workspace: Workspace, child: Child, calendar_id: str) -> SetCalendar:
    """The change that makes ``child`` follow a calendar file ('' or 'none': no file)."""
    if calendar_id in ("", "none"):
        return SetCalendar("")
    return SetCalendar(find(workspace, calendar_id).id)


def open_days(texts: Iterable[str], today: date, add: bool) -> SetOpen:
    days = tuple(parse_day(t, today=today, what=_("an open day")) for t in texts if t.strip())
    if not days:
        raise InputError(_("name at least one date, like 2027-02-12"))
    return SetOpen(days, add)


def not_holidays(days: Iterable[date]) -> list[date]:
    """The days that are not Connecticut holidays (an open day changes nothing on them)."""
    from ..calendar.holidays import ct_holidays

    return [d for d in days if d not in ct_holidays(d.year)]


def calendar_toml(calendar: CalendarFile, note: str = "") -> str:
    """A calendar as the text of its file (what ``calendar import`` writes)."""
    doc: dict[str, object] = {"format": 1, "id": calendar.id, "title": calendar.title}
    if calendar.years:
        doc["school_years"] = [
            {"first_day": y.first_day, "last_day": y.last_day} for y in calendar.years
        ]
    if calendar.open:
        doc["open"] = sorted(calendar.open)
    if calendar.closed:
        doc["closed"] = [
            {"start": c.start, "end": c.end, "label": c.label}
            if c.label
            else {"start": c.start, "end": c.end}
            for c in calendar.closed
        ]
    head = "# A school calendar for iepcheck (docs/calendars.md).\n"
    if note:
        head += "".join(f"# {clean_line(line)}\n" for line in note.splitlines())
    return head + tomlwrite.dumps(doc)


def save(workspace: Workspace, calendar: CalendarFile, *, replace: bool, note: str = "") -> Path:
    """Write a calendar to the user's folder (0600, atomically); never over another file of
    the same id unless ``replace``."""
    target = user_path(workspace, calendar.id)
    if not replace and os.path.lexists(target):
        raise ServiceError(
            _("{target} already exists; add --replace to replace it").format(target=target)
        )
    try:
        atomic_write(target, calendar_toml(calendar, note).encode("utf-8"))
    except OSError as exc:
        raise ServiceError(
            _("could not write {target} ({exc})").format(target=target, exc=describe_os_error(exc))
        ) from None
    workspace.reload_library()
    return target


def install(workspace: Workspace, source: Path, *, replace: bool) -> tuple[CalendarFile, Path]:
    """Check a shared calendar file, then copy it into the user's folder."""
    result = load_calendar(source)
    if result.calendar is None:
        first = result.errors[0] if result.errors else None
        raise ServiceError(
            f"{first}" if first else _("{source}: not a calendar file").format(source=source)
        )
    target = user_path(workspace, result.calendar.id)
    if not replace and os.path.lexists(target):
        raise ServiceError(
            _("{target} already exists; add --replace to replace it").format(target=target)
        )
    try:
        data = source.read_bytes()
        atomic_write(target, data)
    except OSError as exc:
        raise ServiceError(
            _("could not copy {source} ({exc})").format(source=source, exc=describe_os_error(exc))
        ) from None
    workspace.reload_library()
    return result.calendar, target


def built(
    calendar_id: str,
    title: str,
    closures: Iterable[ClosedRange],
    *,
    first: date | None = None,
    last: date | None = None,
    opened: Iterable[date] = (),
) -> CalendarFile:
    years = (SchoolYear(first, last),) if first and last and first < last else ()
    ranges = tuple(sorted(closures, key=lambda c: (c.start, c.end)))
    return CalendarFile(
        check_id(calendar_id), title or calendar_id, years, ranges, frozenset(opened)
    )
