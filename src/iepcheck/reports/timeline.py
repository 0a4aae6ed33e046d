"""One timeline of a child's record: every dated thing in date order, to hand over.

Meetings and what was agreed, the communication log, documents with on-time or late, ticks
and skips, every missed accommodation or service logged in a monitoring checklist, and the
letters sent. ``only="missed"`` is the incident report a 504 grievance or an OCR complaint
needs. Rendered with the export's text, Markdown and printable HTML writers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..records.model import Child
from ..records.schedule import calendar_for
from ..textsafe import clean_line
from .deadlines import verdicts
from .export import Block, Line, to_html, to_markdown, to_text
from .words import (
    KIND_NAMES,
    PLAN_NAMES,
    day_text,
    doc_name,
    line_stamp,
    missed_words,
    via_text,
)

ONLY = ("log", "docs", "missed", "meetings")


@dataclass(frozen=True)
class Entry:
    day: date
    kind: str  # meeting | log | doc | tick | skip | missed | letter
    text: str
    order: int = 0  # keeps entries of one day in the order they were made
    ref: str = ""  # "c:ID" (a log entry) or "d:ID" (a document), for front ends to act on


def entries(child: Child) -> list[Entry]:
    """Everything dated in the record, oldest first."""
    found: list[Entry] = []
    cal = calendar_for(child)
    for m in child.meetings:
        kind = KIND_NAMES.get(m.kind, m.kind)
        text = f"{clean_line(m.title) or kind} ({kind})"
        if m.notes.strip():
            text += ". What was agreed: " + " / ".join(
                clean_line(t) for t in m.notes.splitlines() if t.strip()
            )
        found.append(Entry(m.date, "meeting", text))
        name = clean_line(m.title) or kind
        for noted in m.lines:  # after the meeting's own entry, in the order they were typed
            said = f"{name}, noted {line_stamp(noted, m.date)}: {clean_line(noted.text)}"
            found.append(Entry(m.date, "meeting", said, int(noted.at.timestamp())))
    for c in child.communications:
        who = f" with {clean_line(c.with_whom)}" if c.with_whom else ""
        via = via_text(c.via)
        said = clean_line(c.text)
        text = f"Contact{who}{via}: {said}" + ("" if said.endswith((".", "!", "?")) else ".")
        if c.answered:
            text += f" Answered {day_text(c.answered)}."
        elif c.follow_up:
            text += f" Follow up by {day_text(c.follow_up)}."
        found.append(Entry(c.day, "log", text, int(c.added.timestamp()), f"c:{c.id}"))
    for d in child.documents:
        meeting = child.meeting(d.meeting) if d.meeting else None
        name = doc_name(d.kind)
        parts = [f"Received the {name}"]
        if d.dated:
            parts.append(f"dated {day_text(d.dated)}")
        if d.requested:
            parts.append(f"asked for {day_text(d.requested)}")
        text = ", ".join(parts) + "."
        for v in verdicts(d, meeting, cal):
            line = v.line()
            text += f" {line[:1].upper()}{line[1:]}."
        if d.note:
            text += f" {clean_line(d.note)}"
        found.append(Entry(d.received, "doc", text, int(d.added.timestamp()), f"d:{d.id}"))
    for run in child.runs:
        if run.kind == "guide":  # a guide's signs are the parent's thinking, not a record
            continue
        for item_id, state in run.items.items():
            item = run.find(item_id)
            words = clean_line(item.text if item else run.orphan_text(item_id))
            if state.state in ("done", "skipped") and state.day is not None:
                if state.state == "done":
                    found.append(Entry(state.day, "tick", f"Done: {words}"))
                else:
                    why = f" ({clean_line(state.reason)})" if state.reason else ""
                    found.append(Entry(state.day, "skip", f"Not applicable: {words}{why}"))
            for entry in state.log:
                order = int(entry.added.timestamp())
                if run.kind == "ongoing":  # monitoring: what was missed, named
                    text = f"Not provided: {missed_words(run, item_id, entry)}"
                    found.append(Entry(entry.day, "missed", text, order))
                    continue
                text = clean_line(entry.text)
                if entry.until and entry.until != entry.day:
                    text += f" (to {day_text(entry.until)})"
                if entry.where:
                    text = f"{clean_line(entry.where)}: {text}"
                if entry.told:
                    on = f" on {day_text(entry.told_on)}" if entry.told_on else ""
                    text += f". Told {clean_line(entry.told)}{on}"
                found.append(Entry(entry.day, "log", f"{clean_line(run.title)}: {text}", order))
    for letter in child.letters:
        found.append(
            Entry(
                letter.sent,
                "letter",
                f"Letter sent: {clean_line(letter.title)}",
                int(letter.at.timestamp()),
            )
        )
    found.sort(key=lambda e: (e.day, e.order, e.kind, e.text))
    return found


def select(
    found: list[Entry], start: date | None, end: date | None, only: str | None
) -> list[Entry]:
    kinds = {
        None: None,
        "log": {"log", "letter"},
        "docs": {"doc"},
        "missed": {"missed"},
        "meetings": {"meeting"},
    }[only]
    return [
        e
        for e in found
        if (start is None or e.day >= start)
        and (end is None or e.day <= end)
        and (kinds is None or e.kind in kinds)
    ]


LABELS = {
    "meeting": "Meeting",
    "log": "Log",
    "doc": "Document",
    "tick": "Done",
    "skip": "Skipped",
    "missed": "Missed",
    "letter": "Letter",
}


def render(
    child: Child,
    fmt: str,
    *,
    start: date | None = None,
    end: date | None = None,
    only: str | None = None,
    today: date,
) -> str:
    chosen = select(entries(child), start, end, only)
    title = f"{clean_line(child.name)}: " + (
        "missed accommodations and services" if only == "missed" else "timeline"
    )
    head = Block(1, title)
    head.lines.append(Line(f"Plan: {PLAN_NAMES.get(child.plan, child.plan)}"))
    for label, value in (("School", child.school), ("District", child.district)):
        if value:
            head.lines.append(Line(f"{label}: {clean_line(value)}"))
    period_start = start or (chosen[0].day if chosen else None)
    period_end = end or (chosen[-1].day if chosen else None)
    if period_start and period_end:
        head.lines.append(Line(f"Period: {day_text(period_start)} to {day_text(period_end)}"))
    entries_ = "entry" if len(chosen) == 1 else "entries"
    head.lines.append(Line(f"Printed {day_text(today)} by iepcheck. {len(chosen)} {entries_}."))
    body = Block(2, "In date order")
    if not chosen:
        body.lines.append(Line("Nothing dated in this period."))
    for e in chosen:
        body.lines.append(Line(f"{day_text(e.day)} · {LABELS[e.kind]} · {e.text}", 1))
    blocks = [head, body]
    if fmt == "md":
        return to_markdown(blocks)
    if fmt == "html":
        return to_html(blocks, title)
    return to_text(blocks)
