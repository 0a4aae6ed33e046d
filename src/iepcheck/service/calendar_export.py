"""Meetings, dated items and follow-ups out to the parent's phone: one ``.ics`` file, stable
UIDs; a repeating item is one series (RRULE).

Importing the file again updates events rather than duplicating them: each event's UID is
made of the child's, the meeting's or the run's and the item's ids, and its SEQUENCE rises
when what it says changed since the last export. What was exported is remembered in
``exports/calendar.toml`` in the data folder, so an item done or skipped since then goes out
once more as cancelled (calendars that honour it drop the event).
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from .. import i18n, locations
from ..calendar.ics.write import Event, parse_time, write_ics
from ..clock import FIRST_YEAR, LAST_YEAR, in_range
from ..fileio import atomic_write, describe_os_error, read_regular
from ..i18n import _
from ..records import tomlwrite
from ..records.model import Child
from ..records.schedule import calendar_for, summarize
from ..reports.content import localized_child
from ..reports.words import (
    KIND_NAMES,
    contact_words,
    day_text,
    due_words,
    repeat_words,
    via_text,
)
from ..textsafe import clean, clean_line, cut
from .workspace import Workspace

STATE_FILE = Path("exports") / "calendar.toml"
KINDS = ("meetings", "items", "follow-ups")  # what an export can hold
MAX_STATE_BYTES = 4 * 1024 * 1024
MAX_SEQUENCE = 2**31  # SEQUENCE is an INTEGER of RFC 5545: 32 bits
MORNING = time(9)


@dataclass(frozen=True)
class Exported:
    data: bytes
    events: int
    cancelled: int
    state: dict[str, Any]  # what was exported: remembered once the file is written
    state_path: Path | None  # None: a damaged file that could not be moved aside stays
    notes: tuple[str, ...] = ()  # sentences for the user (a damaged state file)


def _remind(day: date, at: time | None, before: timedelta | None) -> timedelta:
    """How long before the start the reminder rings: ``before``, else 9am the day before."""
    if before is not None:
        return before
    start = datetime.combine(day, at or time(0))
    return start - datetime.combine(day - timedelta(days=1), MORNING)


def child_events(
    workspace: Workspace,
    child: Child,
    remind: timedelta | None,
    kinds: Collection[str] = KINDS,
) -> list[Event]:
    """The child's meetings (coming and past), dated open items (a repeating one as one
    series) and follow-ups not answered yet, as events; ``kinds``: which of these."""
    child = workspace.for_display(child)
    if i18n.language() != "en":  # the checklists' words in the app's language, marked if stale
        child = localized_child(child, workspace.library)[0]
    events: list[Event] = []
    if "meetings" in kinds:
        events += _meetings(child, remind)
    if "items" in kinds:
        events += _items(workspace, child, remind)
    if "follow-ups" in kinds:
        events += _follow_ups(child, remind)
    return events


def _meetings(child: Child, remind: timedelta | None) -> list[Event]:
    name = clean_line(child.name)
    events: list[Event] = []
    for meeting in child.meetings:
        at = parse_time(meeting.time) if meeting.time else None
        kind = KIND_NAMES.get(meeting.kind, "meeting")
        runs = [r.title for r in child.runs_for(meeting.id)]
        description = _("{kind} for {name}.").format(kind=kind, name=name)
        if runs:
            titles = "; ".join(clean_line(t) for t in runs)
            description += " " + _("Checklists: {titles}.").format(titles=titles)
        if meeting.time and at is None:
            description += " " + _("Time: {time}.").format(time=clean_line(meeting.time))
        events.append(
            Event(
                uid=f"meeting-{child.id}-{meeting.id}@iepcheck",
                summary=f"{name}: {clean_line(meeting.title) or kind} ({kind})",
                description=description,
                day=meeting.date,
                at=at,
                remind=_remind(meeting.date, at, remind),
            )
        )
    return events


def _items(workspace: Workspace, child: Child, remind: timedelta | None) -> list[Event]:
    """One event per dated open item; a repeating item is one series from its next date
    (its own UID: the single events earlier exports sent for it go out as cancelled)."""
    name = clean_line(child.name)
    events: list[Event] = []
    cal = calendar_for(child)
    for run in child.runs:
        if run.archived or run.detached or run.kind == "guide":
            continue
        for view in summarize(run, child, cal, workspace.clock.today()).items:
            day = view.due if view.state == "open" else view.again
            if day is None or view.state == "skipped":
                continue
            rule = view.item.repeat_rule
            lines = [view.item.text]
            if view.item.due:
                lines.append(_("When: {when}.").format(when=due_words(view.item.due)))
            if rule is not None:
                lines.append(
                    _("Repeats {rule}; the dates move when you tick it in iepcheck.").format(
                        rule=repeat_words(rule.describe())
                    )
                )
            lines += [
                _("Source: {title} {url}").format(title=s.title, url=s.url)
                for s in view.item.sources
            ]
            lines.append(_("From the checklist: {title}.").format(title=run.title))
            kind = "repeat" if rule is not None else "item"
            events.append(
                Event(
                    uid=f"{kind}-{child.id}-{run.id}-{view.id}@iepcheck",
                    summary=f"{name}: {cut(view.item.text, 100)}",
                    description="\n".join(clean_line(line) for line in lines),
                    day=day,
                    remind=_remind(day, None, remind),
                    repeat=_series(rule.unit, rule.every) if rule is not None else None,
                )
            )
    return events


def _series(unit: str, every: int) -> tuple[str, int]:
    return ("WEEKLY" if unit == "weeks" else "MONTHLY", every)


def _follow_ups(child: Child, remind: timedelta | None) -> list[Event]:
    """A contact with the school waiting for an answer: a reminder on its follow-up date."""
    name = clean_line(child.name)
    events: list[Event] = []
    for entry in child.contact_log():
        if entry.follow_up is None or entry.answered is not None:
            continue
        who = clean_line(entry.with_whom) or _("the school")
        said = contact_words(child, entry)
        lines = [
            _("On {day} you contacted {who}{how}:").format(
                day=day_text(entry.day), who=who, how=via_text(entry.via)
            ),
            clean(said),
            _("No answer yet. Mark it answered in iepcheck when they reply."),
        ]
        summary = _("{name}: follow up with {who}: {text}").format(
            name=name, who=cut(who, 60), text=cut(clean_line(said), 80)
        )
        events.append(
            Event(
                uid=f"follow-up-{child.id}-{entry.id}@iepcheck",
                summary=summary,
                description="\n".join(lines),
                day=entry.follow_up,
                remind=_remind(entry.follow_up, None, remind),
            )
        )
    return events


def _fingerprint(event: Event) -> str:
    text = f"{event.summary}\n{event.description}\n{event.day}\n{event.at}\n{event.remind}"
    if event.repeat is not None:  # a one-off event's mark stays as it was
        text += f"\n{event.repeat}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class _Damaged(Exception):
    """What is wrong with the export state file, in a few words."""


def _read_state(workspace: Workspace, path: Path) -> tuple[dict[str, Any], str, bool]:
    """The last export's memory, a sentence when it was damaged, and whether it may be
    written over. A damaged file goes to ``trash/`` and the memory starts afresh."""
    try:
        data = read_regular(path, MAX_STATE_BYTES + 1)
        if len(data) > MAX_STATE_BYTES:
            raise _Damaged(_("larger than 4 MiB"))
        doc = tomllib.loads(data.decode("utf-8"))
        return _checked(doc), "", True
    except FileNotFoundError:
        return {}, "", True
    except OSError as exc:
        reason = _("cannot be read: {error}").format(error=describe_os_error(exc))
    except UnicodeDecodeError:
        reason = _("not UTF-8")
    except tomllib.TOMLDecodeError as exc:
        reason = _("not valid TOML: {error}").format(error=clean_line(str(exc)))
    except RecursionError:
        reason = _("nested too deeply")
    except _Damaged as exc:
        reason = str(exc)
    stamp = workspace.clock.now().strftime("%Y%m%d-%H%M%S")
    try:
        trash = locations.ensure_private_dir(locations.trash_dir(workspace.data_dir))
        target = trash / f"calendar-export-{stamp}.toml"
        os.replace(path, target)
    except OSError as exc:
        return (
            {},
            _(
                "{path} is damaged ({reason}) and could not be moved to trash/ ({error}): this "
                "export starts afresh and it is left as it is"
            ).format(path=path, reason=reason, error=describe_os_error(exc)),
            False,
        )
    return (
        {},
        _(
            "{path} was damaged ({reason}); it was moved to {target} and this export starts "
            "afresh (items done since the last export are not sent as cancelled)"
        ).format(path=path, reason=reason, target=target),
        True,
    )


def _checked(doc: dict[str, Any]) -> dict[str, Any]:
    """The ``events`` table, every entry as this module writes it; else :class:`_Damaged`."""
    events = doc.get("events", {})
    if not isinstance(events, dict):
        raise _Damaged("'events' is not a table")
    for uid, entry in events.items():
        where = f"event '{clean_line(cut(uid, 60))}'"
        if not isinstance(entry, dict):
            raise _Damaged(f"{where} is not a table")
        sequence = entry.get("sequence", 0)
        if isinstance(sequence, bool) or not isinstance(sequence, int):
            raise _Damaged(f"{where}: 'sequence' is not a whole number")
        if not 0 <= sequence < MAX_SEQUENCE:
            raise _Damaged(f"{where}: 'sequence' is out of range")
        for key in ("hash", "child", "summary"):
            if not isinstance(entry.get(key, ""), str):
                raise _Damaged(f"{where}: '{key}' is not text")
        if not isinstance(entry.get("cancelled", False), bool):
            raise _Damaged(f"{where}: 'cancelled' is not true or false")
        if "day" in entry:
            entry["day"] = _day(entry["day"], where)
    return events


def _day(value: Any, where: str) -> str:
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        raise _Damaged(f"{where}: 'day' is not a date") from None
    if isinstance(day, datetime) or not in_range(day):
        raise _Damaged(f"{where}: 'day' is not a date from {FIRST_YEAR} to {LAST_YEAR}")
    return day.isoformat()


def export(
    workspace: Workspace,
    children: Iterable[Child],
    remind: timedelta | None,
    name: str,
    kinds: Collection[str] = KINDS,
) -> Exported:
    """The ``.ics`` text for these children, and the export state brought up to date.

    ``kinds``: which events (meetings, items, follow-ups); an event of a kind left out that
    an earlier export sent goes out as cancelled, so the phone keeps just what was chosen."""
    events: list[tuple[str, Event]] = []
    ids = set()
    for child in children:
        ids.add(child.id)
        events += [(child.id, e) for e in child_events(workspace, child, remind, kinds)]
    state_path = workspace.data_dir / STATE_FILE
    state, note, writable = _read_state(workspace, state_path)
    out: list[Event] = []
    seen = set()
    for child_id, event in events:
        seen.add(event.uid)
        before = state.get(event.uid)
        mark = _fingerprint(event)
        sequence = 0
        if isinstance(before, dict):
            sequence = int(before.get("sequence", 0) or 0)
            if before.get("hash") != mark or before.get("cancelled"):
                sequence += 1
        state[event.uid] = {"sequence": sequence, "hash": mark, "child": child_id}
        out.append(replace(event, sequence=sequence))
    cancelled = 0
    for uid, before in list(state.items()):
        if uid in seen or not isinstance(before, dict) or before.get("cancelled"):
            continue
        child_id = str(before.get("child", ""))
        if child_id not in ids:
            continue  # another child's event, not in this export
        sequence = int(before.get("sequence", 0) or 0) + 1
        summary = str(before.get("summary", _("Done: no longer due")))
        out.append(
            Event(
                uid=uid,
                summary=summary,
                description=_("Done or no longer needed (iepcheck)."),
                day=date.fromisoformat(str(before.get("day", workspace.clock.today()))),
                sequence=sequence,
                cancelled=True,
                remind=None,
            )
        )
        state[uid] = {"sequence": sequence, "cancelled": True, "child": child_id}
        cancelled += 1
    for event in out:
        if not event.cancelled:
            state[event.uid] |= {"summary": event.summary, "day": event.day.isoformat()}
    # Times a parent typed are in the family's zone: the events say which (TZID, VTIMEZONE).
    data = write_ics(out, tz=workspace.clock.zone_name, name=name, stamp=workspace.clock.now())
    notes = (note,) if note else ()
    return Exported(
        data, len(out) - cancelled, cancelled, state, state_path if writable else None, notes
    )


def remember(done: Exported) -> str:
    """Keep what was exported, once the file is written (a failed write leaves the last
    export's memory, so cancellations go out again next time). A sentence when it cannot."""
    if done.state_path is None:
        return ""
    try:
        atomic_write(done.state_path, tomlwrite.dumps({"events": done.state}).encode("utf-8"))
    except OSError as exc:
        return _(
            "could not remember this export in {path} ({error}): the next export cannot tell "
            "which events to update or cancel"
        ).format(path=done.state_path, error=describe_os_error(exc))
    return ""


def is_earlier_export(path: Path) -> bool:
    """Whether ``path`` is a calendar iepcheck exported (replaced without asking)."""
    try:
        head = read_regular(path, 4096, follow_symlinks=False)[:4096]
    except OSError:
        return False
    return head.startswith(b"BEGIN:VCALENDAR") and b"PRODID:-//iepcheck//" in head
