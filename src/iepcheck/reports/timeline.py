"""One timeline of a child's record: every dated thing in date order, to hand over.

Meetings and what was agreed, the communication log, documents with on-time or late, ticks
and skips, every missed accommodation or service logged in a monitoring checklist, and the
letters sent. ``only="missed"`` is the incident report a 504 grievance or an OCR complaint
needs. Rendered with the export's text, Markdown and printable HTML writers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..i18n import N_, _, ngettext
from ..records.model import Child
from ..records.schedule import calendar_for
from ..textsafe import clean_line
from .blocks import Block, Cell, Column, Line, Part
from .deadlines import verdicts
from .export import fact, span_text, to_markdown, to_text
from .page import to_html
from .words import (
    KIND_NAMES,
    PLAN_NAMES,
    contact_words,
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
    ref: str = ""  # "c:ID" (a log entry), "l:ID" (a letter sent) or "d:ID" (a document)
    late: bool = False  # a document that came late by a rule the record can tell


def entries(child: Child) -> list[Entry]:
    """Everything dated in the record, oldest first."""
    found: list[Entry] = []
    cal = calendar_for(child)
    for m in child.meetings:
        kind = KIND_NAMES.get(m.kind, m.kind)
        text = f"{clean_line(m.title) or kind} ({kind})"
        if m.notes.strip():
            agreed = " / ".join(clean_line(t) for t in m.notes.splitlines() if t.strip())
            text += ". " + _("What was agreed: {agreed}").format(agreed=agreed)
        found.append(Entry(m.date, "meeting", text))
        name = clean_line(m.title) or kind
        for noted in m.lines:  # after the meeting's own entry, in the order they were typed
            said = _("{meeting}, noted {time}: {text}").format(
                meeting=name, time=line_stamp(noted, m.date), text=clean_line(noted.text)
            )
            found.append(Entry(m.date, "meeting", said, int(noted.at.timestamp())))
    for c in child.contact_log():
        letter = child.sent_letter(c.id) is not None
        if letter:
            text = _full_stop(clean_line(contact_words(child, c)))
        else:
            who = _(" with {whom}").format(whom=clean_line(c.with_whom)) if c.with_whom else ""
            said = _("Contact{with_whom}{via}: {text}").format(
                with_whom=who, via=via_text(c.via), text=clean_line(c.text)
            )
            text = _full_stop(said)
        if c.answered:
            text += " " + _("Answered {day}.").format(day=day_text(c.answered))
            if c.said:
                text += " " + _("They said: {text}").format(text=_full_stop(clean_line(c.said)))
        elif c.follow_up:
            text += " " + _("Follow up by {day}.").format(day=day_text(c.follow_up))
        kind, ref = ("letter", f"l:{c.id}") if letter else ("log", f"c:{c.id}")
        found.append(Entry(c.day, kind, text, int(c.added.timestamp()), ref))
    for d in child.documents:
        meeting = child.meeting(d.meeting) if d.meeting else None
        name = doc_name(d.kind)
        parts = [_("Received the {document}").format(document=name)]
        if d.dated:
            parts.append(_("dated {day}").format(day=day_text(d.dated)))
        if d.requested:
            parts.append(_("asked for {day}").format(day=day_text(d.requested)))
        text = ", ".join(parts) + "."
        judged = verdicts(d, meeting, cal)
        for v in judged:
            line = v.line()
            text += f" {line[:1].upper()}{line[1:]}."
        if d.note:
            text += f" {clean_line(d.note)}"
        late = any(v.status == "late" for v in judged)
        found.append(Entry(d.received, "doc", text, int(d.added.timestamp()), f"d:{d.id}", late))
    for run in child.runs:
        if run.kind == "guide":  # a guide's signs are the parent's thinking, not a record
            continue
        for item_id, state in run.items.items():
            item = run.find(item_id)
            words = clean_line(item.text if item else run.orphan_text(item_id))
            if state.state in ("done", "skipped") and state.day is not None:
                if state.state == "done":
                    found.append(Entry(state.day, "tick", _(SAID["tick"]).format(what=words)))
                else:
                    why = f" ({clean_line(state.reason)})" if state.reason else ""
                    said = _(SAID["skip"]).format(what=words) + why
                    found.append(Entry(state.day, "skip", said))
            for entry in state.log:
                order = int(entry.added.timestamp())
                if run.kind == "ongoing":  # monitoring: what was missed, named
                    text = _(SAID["missed"]).format(what=missed_words(run, item_id, entry))
                    found.append(Entry(entry.day, "missed", text, order))
                    continue
                text = clean_line(entry.text)
                if entry.until and entry.until != entry.day:
                    text += " " + _("(to {day})").format(day=day_text(entry.until))
                if entry.where:
                    text = f"{clean_line(entry.where)}: {text}"
                if entry.told:
                    whom = clean_line(entry.told)
                    if entry.told_on:
                        told = _("Told {whom} on {day}").format(
                            whom=whom, day=day_text(entry.told_on)
                        )
                    else:
                        told = _("Told {whom}").format(whom=whom)
                    stop = "" if text.endswith((".", "!", "?")) else "."
                    text += f"{stop} {told}"
                found.append(Entry(entry.day, "log", f"{clean_line(run.title)}: {text}", order))
    found.sort(key=lambda e: (e.day, e.order, e.kind, e.text))
    return found


def _full_stop(text: str) -> str:
    return text + ("" if text.endswith((".", "!", "?")) else ".")


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
    "meeting": N_("Meeting"),
    "log": N_("Log"),
    "doc": N_("Document"),
    "tick": N_("Done"),
    "skip": N_("Skipped"),
    "missed": N_("Missed"),
    "letter": N_("Letter"),
}
# How a tick, a skip and a missed entry begin ("{what}" last: the table leaves the start out).
SAID = {
    "tick": N_("Done: {what}"),
    "skip": N_("Not applicable: {what}"),
    "missed": N_("Not provided: {what}"),
}


COLUMNS = (Column(N_("Date"), "date"), Column(N_("What"), "state"), Column(N_("Details"), "main"))
TONES = {"tick": "done", "skip": "skipped", "missed": "missed"}


def _said_by_label(kind: str) -> str:
    """What an entry's text begins with that its label in the table says already."""
    return _(SAID[kind]).split("{what}")[0] if kind in SAID else ""


def _what(e: Entry) -> Cell:
    """The kind of entry, with its meaning when it has one: "☑ Done", "Document ✗ late"."""
    if e.kind == "doc" and e.late:
        return Cell((Part(_(LABELS[e.kind])), Part(_("late"), "late")))
    return Cell.of(_(LABELS[e.kind]), TONES.get(e.kind, ""))


def render(
    child: Child,
    fmt: str,
    *,
    start: date | None = None,
    end: date | None = None,
    only: str | None = None,
    today: date,
    notes: Iterable[str] = (),
) -> str:
    """The timeline as a document; ``notes``: said once under the header (the checklists'
    translation not reviewed…)."""
    chosen = select(entries(child), start, end, only)
    name = clean_line(child.name)
    if only == "missed":
        title = _("{name}: missed accommodations and services").format(name=name)
        kicker = _("Missed accommodations and services")
    else:
        title, kicker = _("{name}: timeline").format(name=name), _("Timeline")
    head = Block(1, title, kind="header", name=name, kicker=kicker)
    head.lines.append(fact(_("Plan"), PLAN_NAMES.get(child.plan, child.plan)))
    for label, value in ((_("School"), child.school), (_("District"), child.district)):
        if value:
            head.lines.append(fact(label, clean_line(value)))
    period_start = start or (chosen[0].day if chosen else None)
    period_end = end or (chosen[-1].day if chosen else None)
    if period_start and period_end:
        head.lines.append(fact(_("Period"), span_text(period_start, period_end)))
    n = len(chosen)
    count = ngettext("{n} entry", "{n} entries", n).format(n=n)
    head.lines.append(
        Line(
            _("Printed {day} by iepcheck. {count}.").format(day=day_text(today), count=count),
            cells=(
                _("Printed"),
                _("{day} by iepcheck; {count}").format(day=day_text(today), count=count),
            ),
        )
    )
    head.lines += [Line(clean_line(note), cells=("", clean_line(note))) for note in notes]
    body = Block(2, _("In date order"), columns=COLUMNS)
    if not chosen:
        body.lines.append(Line(_("Nothing dated in this period.")))
    previous = None
    for e in chosen:
        tone = "missed" if e.kind == "missed" else "late" if e.late else ""
        # A day's later entries show its date quietly: the eye finds where each day begins.
        day = Cell.of(day_text(e.day), "dim" if e.day == previous else "")
        previous = e.day
        body.lines.append(
            Line(
                f"{day_text(e.day)} · {_(LABELS[e.kind])} · {e.text}",
                1,
                cells=(day, _what(e), e.text.removeprefix(_said_by_label(e.kind))),
                tone=tone,
            )
        )
    blocks = [head, body]
    if fmt == "md":
        return to_markdown(blocks)
    if fmt == "html":
        return to_html(blocks, title)
    return to_text(blocks)
