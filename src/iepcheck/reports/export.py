"""``iepcheck export``: a printable record of a child's meetings and checklists.

One small document model rendered three ways (Markdown, plain text, one self-contained HTML
page). Every text from a file is cleaned of control characters and escaped for its format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..calendar.schooldays import SchoolCalendar
from ..i18n import N_, NP_, _, ngettext, pgettext
from ..records.model import Child, ItemState, Meeting, Run
from ..records.schedule import calendar_for, item_views
from ..textsafe import clean, clean_line
from .blocks import Block, Cell, Column, Line, Part
from .charts import goal_svg
from .deadlines import Verdict, verdicts
from .markdown import escape as escape_md
from .page import to_html
from .plan import compare, goal_chart, period_text, plan_status, provided_weeks
from .words import (
    KIND_NAMES,
    ORIGINS,
    PLAN_NAMES,
    contact_line,
    contact_words,
    countdown_text,
    date_word,
    day_text,
    doc_name,
    line_stamp,
    repeat_words,
    verdict_words,
    via_text,
)


def _for_school(runs: Iterable[Run]) -> list[Run]:
    """The runs a record to hand over shows: not a guide's signs ("504 or IEP?"), which are
    the parent's own thinking."""
    return [r for r in runs if r.kind != "guide"]


__all__ = [
    "Block",
    "Cell",
    "Column",
    "Line",
    "build",
    "render",
    "to_html",
    "to_markdown",
    "to_text",
]

# Column titles are marked here and said in the user's language by the page.
ITEM_COLUMNS = (
    Column(N_("State"), "state"),
    Column(N_("Item"), "main"),
    Column(N_("Date"), "date"),
    Column(N_("Notes"), "notes"),
)
LOG_COLUMNS = (
    Column(N_("Date"), "date"),
    Column(N_("With")),
    Column(N_("How")),
    Column(N_("What was said"), "main"),
    Column(N_("Answer")),
)
DOC_COLUMNS = (
    Column(N_("Received"), "date"),
    Column(N_("Document"), "main"),
    Column(N_("On time?"), "wide"),
)
MEETING_COLUMNS = (
    Column(N_("Date"), "date"),
    Column(N_("Meeting"), "main"),
    Column(N_("What was agreed")),
    Column(N_("Checklists")),
)


def _when(day: date | None) -> str:
    return day_text(day) if day else ""


def _run_block(
    run: Run,
    meeting_day: date | None,
    cal: SchoolCalendar,
    today: date,
    shadows: dict[str, Path],
    born: date | None = None,
) -> Block:
    """A run as a table of its items: each one's state, words, date and notes."""
    block = Block(3, clean_line(run.title), columns=ITEM_COLUMNS)
    lines = block.lines
    origin = f", {ORIGINS.get(run.origin, run.origin)}" if run.origin else ""
    said = _("{checklist} version {version}{origin}; started {day}").format(
        checklist=run.checklist, version=run.version, origin=origin, day=day_text(run.started)
    )
    lines.append(Line(said))
    if run.checklist in shadows:
        where = clean_line(str(shadows[run.checklist]))
        said = _("This checklist replaces the bundled one of the same id: {path}")
        lines.append(Line(said.format(path=where)))
    if run.archived:
        lines.append(Line(_("No longer running (stopped, or started afresh); kept as a record.")))
    if run.detached:
        lines.append(Line(_("Its meeting was removed; kept as a record.")))
    views = item_views(run, meeting_day, cal, today, born)
    section = None
    for view in views:
        if view.section != section:
            section = view.section
            lines.append(Line(clean_line(section), tone="group"))
        state = view.saved
        if view.state == "done":
            mark, extra = "x", _("done {day}").format(day=_when(state.day))
            tone, when, why = "done", _when(state.day), ""
        elif view.state == "skipped":
            reason = f": {clean_line(state.reason)}" if state.reason else ""
            said = _("not applicable, {day}{reason}")
            mark, extra = "-", said.format(day=_when(state.day), reason=reason)
            tone, when, why = "skipped", _when(state.day), clean_line(state.reason)
        else:
            mark = " "
            extra = _("due {day}").format(day=day_text(view.due)) if view.due else ""
            tone, when, why = "open", extra, ""
            if view.due and view.due < today:
                extra = _("OVERDUE, {when}").format(when=extra)
                tone = "overdue"
        own = _(" (own item)") if view.item.own else ""
        text = clean_line(view.item.text) + own + (f" ({extra})" if extra else "")
        details: list[Line] = []
        if state.was and view.state != "open":
            said = _("Reworded since it was ticked; it said: {text}")
            details.append(Line(said.format(text=clean_line(state.was)), 2))
        details += _item_detail(state, view.item.repeat)
        notes = ([why] if why else []) + [d.text for d in details]
        cells = (_state_cell(tone), clean_line(view.item.text) + own, when, _notes(notes))
        lines.append(Line(text, 1, mark, cells, tone))
        lines += details
    orphans = run.orphans()
    if orphans:
        lines.append(Line(_("No longer in the checklist"), tone="group"))
        for item_id in orphans:
            state = run.items[item_id]
            mark = {"done": "x", "skipped": "-"}.get(state.state, " ")
            tone = {"done": "done", "skipped": "skipped"}.get(state.state, "open")
            text = clean_line(run.orphan_text(item_id))
            details = _item_detail(state, "")
            notes = [clean_line(state.reason)] if state.reason else []
            cells = (
                _state_cell(tone),
                text,
                _when(state.day),
                _notes(notes + [d.text for d in details]),
            )
            was = _(ORPHAN_WORDS[state.state]) if state.state in ORPHAN_WORDS else state.state
            lines.append(Line(f"{text} ({was} {_when(state.day)})".strip(), 1, mark, cells, tone))
            lines += details
    return block


STATE_WORDS = {  # "Open" is also what Enter does on Home: said with a context
    "done": NP_("item state", "Done"),
    "skipped": NP_("item state", "Not applicable"),
    "open": NP_("item state", "Open"),
    "overdue": NP_("item state", "Overdue"),
}
ORPHAN_WORDS = {"done": N_("done"), "skipped": N_("skipped"), "open": N_("open")}


def _state_cell(tone: str) -> Cell:
    return Cell.of(pgettext("item state", STATE_WORDS[tone]), tone)


def _notes(texts: list[str]) -> Cell:
    return Cell(tuple(Part(t) for t in texts if t))


def _item_detail(state: ItemState, repeat: str) -> list[Line]:
    lines = []
    if repeat and len(state.completions) > 0:
        done = ", ".join(day_text(c.day) for c in state.completions)
        said = _("Done ({repeat}): {days}").format(repeat=repeat_words(repeat), days=done)
        lines.append(Line(said, 2))
    if state.note:
        lines.append(Line(_("Note: {note}").format(note=clean(state.note)), 2))
    for entry in state.log:
        lines.append(Line(f"{day_text(entry.day)}: {clean(entry.text)}", 2))
    return lines


def _verdict_cell(found: list[Verdict]) -> Cell:
    """Each verdict in three lines: what it says (its tone), the rule and date, the source."""
    tones = {"late": "late", "on time": "on-time", "decide by": "decide"}
    parts: list[Part] = []
    for v in found:
        words = verdict_words(v.status, v.due, v.late_by)
        parts.append(Part(_sentence(words), tones.get(v.status, "")))
        if v.status == "decide by":
            parts.append(Part(_(v.rule)))
        else:
            said = _("{rule}; due {day}").format(rule=_(v.rule), day=day_text(v.due))
            parts.append(Part(said))
        parts.append(Part(_(v.source.title), "quiet", v.source.url))
    return Cell(tuple(parts))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _tally(block: Block) -> str:
    """A run's items counted: "40 done, 2 not applicable, 9 open (1 overdue)"."""
    tones = [line.tone for line in block.lines if line.cells]
    done, skipped, overdue = tones.count("done"), tones.count("skipped"), tones.count("overdue")
    open_ = tones.count("open") + overdue
    parts = [ngettext("{n} done", "{n} done", done).format(n=done)]
    if skipped:
        parts.append(
            ngettext("{n} not applicable", "{n} not applicable", skipped).format(n=skipped)
        )
    parts.append(ngettext("{n} open", "{n} open", open_).format(n=open_))
    if overdue:
        parts[-1] += " " + ngettext("({n} overdue)", "({n} overdue)", overdue).format(n=overdue)
    return ", ".join(parts)


def build(
    child: Child,
    today: date,
    meeting: Meeting | None = None,
    shadows: dict[str, Path] | None = None,
) -> list[Block]:
    """The record as blocks. ``shadows``: checklist id → the file that hides a bundled one."""
    shadows = shadows or {}
    cal = calendar_for(child)
    name = clean_line(child.name)
    head = Block(
        1,
        _("{name}: special education record").format(name=name),
        kind="header",
        name=name,
        kicker=_("Special education record: one meeting")
        if meeting
        else _("Special education record"),
    )
    blocks = [head]
    profile = head.lines
    plan_name = PLAN_NAMES.get(child.plan, child.plan)
    profile.append(fact(_("Plan"), plan_name))
    born = day_text(child.born) if child.born else ""
    for label, value in (
        (_("School"), child.school),
        (_("District"), child.district),
        (_("Grade"), child.grade),
        (_("Born"), born),
    ):
        if value:
            profile.append(fact(label, clean_line(value)))
    period = len(profile)  # the period's line goes here, once every date is known
    for person in child.contacts:
        person_said = (person.role, person.name, person.email, person.phone)
        profile.append(
            Line(contact_line(*person_said), cells=tuple(clean_line(p) for p in person_said))
        )
    for closed in child.closed:
        span = day_text(closed.start)
        if closed.end != closed.start:
            span = span_text(closed.start, closed.end)
        label = f" ({clean_line(closed.label)})" if closed.label else ""
        profile.append(Line(_("School closed: {days}").format(days=span) + label))
    printed = _("{day} by iepcheck").format(day=day_text(today))
    profile.append(
        Line(
            _("Printed {day} by iepcheck. Practical guidance, not legal advice.").format(
                day=day_text(today)
            ),
            cells=(_("Printed"), printed),
        )
    )
    days: list[date] = []  # every date the record shows, for its period

    if meeting is None:
        blocks += plan_blocks(child, today)
    meetings = [meeting] if meeting else sorted(child.meetings, key=lambda m: m.date)
    overview = Block(2, _("Meetings"), columns=MEETING_COLUMNS, kind="html")
    if meetings:
        blocks.append(overview)
    for m in meetings:
        days.append(m.date)
        kind = KIND_NAMES.get(m.kind, m.kind)
        time = f" {clean_line(m.time)}" if m.time else ""
        title = f"{day_text(m.date)}{time}: {clean_line(m.title) or kind} ({kind})"
        block = Block(2, title)
        agreed = [clean(t) for t in m.notes.splitlines() if t.strip()]
        runs = [
            _run_block(run, m.date, cal, today, shadows, child.born)
            for run in _for_school(child.runs_for(m.id))
        ]
        if not agreed and not runs:
            block.kind = "text"  # nothing under it: the page's table of meetings says it all
        if agreed:
            block.lines.append(Line(_("What was agreed:")))
            block.lines += [Line(t, 1) for t in agreed]
        if m.lines:
            block.lines.append(Line(_("Notes during the meeting:")))
            block.lines += [
                Line(f"{line_stamp(x, m.date)} {clean_line(x.text)}", 1) for x in m.lines
            ]
        blocks.append(block)
        days += [run.started for run in _for_school(child.runs_for(m.id))]
        blocks += runs
        tallies = _notes([f"{r.title}: {_tally(r)}" for r in runs])
        when = day_text(m.date) + (f"\n{clean_line(m.time)}" if m.time else "")
        what = f"{clean_line(m.title)} ({kind})" if m.title else kind
        overview.lines.append(Line(title, cells=(when, what, _notes(agreed), tallies)))
    if meeting is None:
        others = _for_school(r for r in child.runs if r.meeting is None or r.detached)
        if others:
            blocks.append(Block(2, _("Standing checklists and earlier runs")))
        for run in others:
            days.append(run.started)
            blocks.append(_run_block(run, None, cal, today, shadows, child.born))
    log = child.contact_log()
    if meeting is None and log:
        block = Block(2, _("Communication log"), columns=LOG_COLUMNS)
        for c in log:
            days.append(c.day)
            who = _(" with {whom}").format(whom=clean_line(c.with_whom)) if c.with_whom else ""
            via = via_text(c.via)
            said = clean_line(contact_words(child, c))
            stop = "" if said.endswith((".", "!", "?")) else "."
            tail = ""
            answer = Cell()
            if c.answered:
                they = _("They said: {text}").format(text=clean_line(c.said)) if c.said else ""
                on = _("Answered {day}").format(day=day_text(c.answered))
                tail = f"{stop} {on}." + (f" {they}" if they else "")
                answer = Cell.of(f"{on}. {they}" if they else on, "answered")
            elif c.follow_up:
                said_by = _("Follow up by {day}: no answer yet.")
                tail = f"{stop} " + said_by.format(day=day_text(c.follow_up))
                late = c.follow_up < today
                answer = Cell.of(
                    _("No answer yet; follow up by {day}").format(day=day_text(c.follow_up)),
                    "late" if late else "open",
                )
            cells: tuple[str | Cell, ...] = (
                day_text(c.day),
                clean_line(c.with_whom),
                clean_line(c.via),
                said,
                answer,
            )
            block.lines.append(Line(f"{day_text(c.day)}{who}{via}: {said}{tail}", 1, cells=cells))
        blocks.append(block)
    docs = [d for d in child.documents if meeting is None or d.meeting == meeting.id]
    if docs:
        block = Block(2, _("Documents received"), columns=DOC_COLUMNS)
        for d in docs:
            days.append(d.received)
            kind_name = doc_name(d.kind)
            dated = ", " + _("dated {day}").format(day=day_text(d.dated)) if d.dated else ""
            asked = (
                ", " + _("asked for {day}").format(day=day_text(d.requested)) if d.requested else ""
            )
            doc_meeting = child.meeting(d.meeting) if d.meeting else None
            found = verdicts(d, doc_meeting, cal)
            note = clean_line(d.note)
            about = [Part(_sentence(kind_name))]
            if d.dated:
                about.append(Part(_("dated {day}").format(day=day_text(d.dated)), "quiet"))
            if d.requested:
                about.append(Part(_("asked for {day}").format(day=day_text(d.requested)), "quiet"))
            if note:
                about.append(Part(_("Note: {note}").format(note=note)))
            cells = (day_text(d.received), Cell(tuple(about)), _verdict_cell(found))
            block.lines.append(
                Line(f"{day_text(d.received)}: {kind_name}{dated}{asked}", 1, cells=cells)
            )
            block.lines += [Line(v.line(), 2) for v in found]
            if note:
                block.lines.append(Line(_("Note: {note}").format(note=note), 2))
        blocks.append(block)
    sent = [x for x in child.letters if meeting is None or x.meeting == meeting.id]
    if sent:
        blocks.append(Block(2, _("Letters sent")))
    for letter in sorted(sent, key=lambda x: (x.sent, x.at)):
        days.append(letter.sent)
        subject = _("Subject: {subject}").format(subject=clean_line(letter.subject))
        lines = [Line(subject, tone="subject")] if letter.subject else []
        # One line each, blank ones kept as they are: the letter reads as it was sent.
        lines += [Line(text.rstrip()) for text in clean(letter.body).rstrip("\n").split("\n")]
        title = f"{day_text(letter.sent)}: {clean_line(letter.title)}"
        blocks.append(Block(3, title, lines, kind="letter"))
    if days:
        profile.insert(period, fact(_("Period"), span_text(min(days), max(days))))
    return blocks


def fact(label: str, value: str) -> Line:
    """A fact of a page's head: "Plan: IEP" in text, a label and its value on the page."""
    return Line(_("{label}: {value}").format(label=label, value=value), cells=(label, value))


def span_text(start: date, end: date) -> str:
    """'Mon 2 Nov 2026 to Thu 3 Dec 2026'."""
    return _("{start} to {end}").format(start=day_text(start), end=day_text(end))


def plan_blocks(child: Child, today: date) -> list[Block]:
    """The current plan as the record prints it: its dates and what they need, its services
    and accommodations with the weeks each was provided, its goals with every report; and what
    it changed from the previous plan."""
    from ..records.plans import STATUS_WORDS, accommodation_text, minutes_text, service_words

    plan = child.current_plan()
    if plan is None:
        return []
    name = PLAN_NAMES.get(plan.kind, plan.name)
    if plan.start:
        title = _("The {plan} in force: {period}").format(plan=name, period=period_text(plan))
    else:
        title = _("The {plan} in force").format(plan=name)
    block = Block(2, title)
    lines = block.lines
    status = plan_status(child, today) or {}
    for d in status.get("dates", []):
        due = date.fromisoformat(d["due"])
        word = date_word(d["what"], d["legal"])
        text = _("{what} due by {day}").format(
            what=f"{word[:1].upper()}{word[1:]}", day=day_text(due)
        )
        if d["days_left"] >= 0:
            count = countdown_text(d["days_left"], d["school_days_left"], d["estimated"])
            text += f", {count}"
        if d["in_look_ahead"] and not d["meeting_set"]:
            if d["urgent"] or d["overdue"]:
                text += _(": no meeting set, URGENT")
            else:
                text += _(": no meeting set")
        lines.append(Line(text))
    if plan.report_dates or plan.with_report_cards:
        cards = _("with report cards") if plan.with_report_cards else ""
        days = ", ".join(day_text(d) for d in plan.report_dates)
        said = _("Progress reports: {when}")
        lines.append(Line(said.format(when="; ".join(x for x in (cards, days) if x))))
    for missing in status.get("missing_reports", []):
        when = day_text(date.fromisoformat(missing["due"]))
        lines.append(Line(_("The progress report due {day} is not recorded").format(day=when), 1))
    if plan.peers_hours is not None:
        said = _("Time with non-disabled peers: {hours} hours a week")
        lines.append(Line(said.format(hours=minutes_text(plan.peers_hours))))
    weeks = {w.entry_id: w for w in provided_weeks(child, today)}
    if plan.services:
        lines.append(Line(_("Services")))
    for s in plan.services:
        lines.append(Line(clean_line(service_words(s)), 1))
        w = weeks.get(s.id)
        if w is not None and w.checked:
            delivered, owed = w.minutes()
            said = _("{weeks}; {delivered} of {owed} minutes delivered").format(
                weeks=w.summary(), delivered=round(delivered), owed=round(owed)
            )
            lines.append(Line(said, 2))
    if plan.accommodations:
        lines.append(Line(_("Accommodations")))
    for a in plan.accommodations:
        lines.append(Line(clean_line(accommodation_text(a)), 1))
        w = weeks.get(a.id)
        if w is not None and w.checked:
            lines.append(Line(w.summary(), 2))
    if plan.goals:
        lines.append(Line(_("Goals")))
    for g in plan.goals:
        chart = goal_chart(child, g)
        area = f"{clean_line(g.area)}: " if g.area else ""
        reports = [(p.on, p.status, p.value) for p in chart.points]
        svg = goal_svg(chart.baseline, chart.target, chart.unit, reports)
        lines.append(Line(f"{area}{clean_line(g.text)}", 1, svg=svg))
        aims = [
            said.format(value=clean_line(v))
            for said, v in ((_("baseline {value}"), g.baseline), (_("target {value}"), g.target))
            if v
        ]
        if aims:
            unit = f" ({clean_line(g.unit)})" if g.unit else ""
            lines.append(Line(", ".join(aims) + unit, 2))
        for o in g.objectives:
            lines.append(Line(_("Objective: {text}").format(text=clean_line(o.text)), 2))
        for point in chart.points:
            value = f", {minutes_text(point.value)}" if point.value is not None else ""
            lines.append(Line(f"{day_text(point.on)}: {_(STATUS_WORDS[point.status])}{value}", 2))
        if chart.flag:
            said = _("No progress in the last two reports (iepcheck's signal, not a rule)")
            lines.append(Line(said, 2))
    blocks = [block]
    previous = child.previous_plan()
    if previous is not None:
        changes = compare(previous, plan)
        if changes:
            since = f" ({period_text(previous)})" if previous.start else ""
            before = PLAN_NAMES.get(previous.kind, previous.name)
            blocks.append(
                Block(
                    3,
                    _("What it changed from the previous {plan}").format(plan=before) + since,
                    [Line(clean_line(d.line()), 1) for d in changes],
                )
            )
    return blocks


# -- renderers ------------------------------------------------------------------------------------


def to_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if block.kind == "html":
            continue  # said elsewhere in the text
        out += ["#" * block.level + " " + escape_md(block.title), ""]
        for line in block.lines:
            text = escape_md(line.text).replace("\n", "  \n" + "  " * (line.depth + 1))
            if line.mark:
                out.append(
                    "  " * (line.depth - 1) + f"- [{line.mark if line.mark != '-' else '~'}] {text}"
                )
            elif line.depth:
                out.append("  " * (line.depth - 1) + f"- {text}")
            else:
                out += ["", text, ""]
        out.append("")
    # Whatever a field held, nothing that could drive a terminal leaves here.
    return clean(re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()) + "\n"


def to_text(blocks: list[Block]) -> str:
    out: list[str] = []
    underline = {1: "=", 2: "-"}
    for block in blocks:
        if block.kind == "html":
            continue  # said elsewhere in the text
        out.append(block.title)
        if block.level in underline:
            out.append(underline[block.level] * min(len(block.title), 78))
        for line in block.lines:
            indent = "  " * line.depth
            mark = {"x": "[x] ", "-": "[-] ", " ": "[ ] "}.get(line.mark, "")
            text = line.text.replace("\n", "\n" + indent + "    ")
            out.append(f"{indent}{mark}{text}")
        out.append("")
    return clean("\n".join(out).rstrip()) + "\n"  # nothing that could drive a terminal


def render(
    child: Child,
    today: date,
    fmt: str,
    meeting: Meeting | None = None,
    shadows: dict[str, Path] | None = None,
    notes: Iterable[str] = (),
) -> str:
    """``notes``: said once under the header (the checklists' translation not reviewed…)."""
    blocks = build(child, today, meeting, shadows)
    blocks[0].lines += [Line(clean_line(note), cells=("", clean_line(note))) for note in notes]
    if fmt == "md":
        return to_markdown(blocks)
    if fmt == "html":
        return to_html(blocks, blocks[0].title, footer=_("Practical guidance, not legal advice."))
    return to_text(blocks)
