"""A district's file as text, and only the lines of it that matter, before any parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...i18n import _
from .model import MAX_DATES, MAX_LINES, MAX_OTHER_LINES, IcsError
from .rules import MAX_RULE_CHARS
from .words import Words


def decode(data: bytes, notes: list[str]) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if b"BEGIN:VCALENDAR" not in data.upper():
            raise IcsError(_("The file is not an iCalendar (.ics) calendar.")) from None
        # A calendar with a stray Windows-1252 byte in a description is still a calendar.
        text = data.decode("utf-8-sig", "replace")
        notes.append(_("Some characters of the file are not UTF-8; they show as \ufffd."))
    head = text[:512].lstrip().lower()
    if head.startswith("<"):
        raise IcsError(
            _(
                "The file is a web page, not an iCalendar (.ics) calendar: look on the "
                'district\'s site for an ".ics", "iCal" or "Subscribe" link.'
            )
        )
    if "BEGIN:VCALENDAR" not in text.upper():
        raise IcsError(
            _("The file is not an iCalendar (.ics) calendar: it has no BEGIN:VCALENDAR.")
        )
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
    long_rule: bool = False  # an RRULE longer than MAX_RULE_CHARS

    def finish(self) -> None:
        """Past MAX_DATES, or with a rule too long to read, the event is kept without its
        repeats, marked to be reported."""
        why = "rule" if self.long_rule else "dates" if self.dates > MAX_DATES else ""
        if why:
            self.lines = [line for line in self.lines if _line_name(line) not in _REPEAT_PROPERTIES]
            self.lines.insert(-1, f"{SKIPPED_MARK}:{why}")


def essentials(text: str, words: Words) -> tuple[list[str], int, bool]:
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
            if name == "RRULE" and len(line) > MAX_RULE_CHARS:
                event.long_rule = True  # never parsed: its lists alone could take minutes
                continue
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
            _(
                "The calendar has too many school events for iepcheck (about 1,000 at "
                "most): use a calendar of just the school years you need."
            )
        )
    return kept, dropped, cut_off


_REPEAT_PROPERTIES = frozenset({"RRULE", "RDATE", "EXDATE"})
# Why an event was kept without its repeats: "dates" (too many), "rule" (too long). Never kept
# from a file: not in _EVENT_PROPERTIES.
SKIPPED_MARK = "X-IEPCHECK-SKIPPED"


def _line_name(line: str) -> str:
    match = _LINE_NAME.match(line)
    return match.group().upper() if match else ""


def _kept(stack: list[str]) -> bool:
    return stack[0] == "VCALENDAR" and (
        len(stack) == 1 or (len(stack) == 2 and stack[1] == "VEVENT")
    )
