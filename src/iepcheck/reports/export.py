"""``iepcheck export``: a printable record of a child's meetings and checklists.

One small document model rendered three ways (Markdown, plain text, one self-contained HTML
page). Every text from a file is cleaned of control characters and escaped for its format.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..calendar.schooldays import SchoolCalendar
from ..records.model import Child, ItemState, Meeting, Run
from ..records.schedule import calendar_for, item_views
from ..textsafe import clean, clean_line
from .deadlines import verdicts
from .markdown import escape as escape_md
from .plan import compare, goal_chart, period_text, plan_status, provided_weeks
from .words import (
    KIND_NAMES,
    PLAN_NAMES,
    contact_line,
    countdown_text,
    date_word,
    day_text,
    doc_name,
    line_stamp,
    via_text,
)


def _for_school(runs: Iterable[Run]) -> list[Run]:
    """The runs a record to hand over shows: not a guide's signs ("504 or IEP?"), which are
    the parent's own thinking."""
    return [r for r in runs if r.kind != "guide"]


@dataclass
class Line:
    text: str
    depth: int = 0
    mark: str = ""  # "x" done, "-" skipped, " " open, "" a plain line


@dataclass
class Block:
    level: int
    title: str
    lines: list[Line] = field(default_factory=list)


def _when(day: date | None) -> str:
    return day_text(day) if day else ""


def _run_lines(
    run: Run,
    meeting_day: date | None,
    cal: SchoolCalendar,
    today: date,
    shadows: dict[str, Path],
    born: date | None = None,
) -> list[Line]:
    lines: list[Line] = []
    origin = f", {run.origin}" if run.origin else ""
    lines.append(
        Line(f"{run.checklist} version {run.version}{origin}; started {day_text(run.started)}")
    )
    if run.checklist in shadows:
        where = clean_line(str(shadows[run.checklist]))
        lines.append(Line(f"This checklist replaces the bundled one of the same id: {where}"))
    if run.archived:
        lines.append(Line("No longer running (stopped, or started afresh); kept as a record."))
    if run.detached:
        lines.append(Line("Its meeting was removed; kept as a record."))
    views = item_views(run, meeting_day, cal, today, born)
    section = None
    for view in views:
        if view.section != section:
            section = view.section
            lines.append(Line(clean_line(section), 0, ""))
        state = view.saved
        if view.state == "done":
            mark, extra = "x", f"done {_when(state.day)}"
        elif view.state == "skipped":
            reason = f": {clean_line(state.reason)}" if state.reason else ""
            mark, extra = "-", f"not applicable, {_when(state.day)}{reason}"
        else:
            mark = " "
            extra = f"due {day_text(view.due)}" if view.due else ""
            if view.due and view.due < today:
                extra = f"OVERDUE, {extra}"
        own = " (own item)" if view.item.own else ""
        text = clean_line(view.item.text) + own + (f" ({extra})" if extra else "")
        lines.append(Line(text, 1, mark))
        if state.was and view.state != "open":
            lines.append(Line(f"Reworded since it was ticked; it said: {clean_line(state.was)}", 2))
        lines += _item_detail(state, view.item.repeat)
    orphans = run.orphans()
    if orphans:
        lines.append(Line("No longer in the checklist"))
        for item_id in orphans:
            state = run.items[item_id]
            mark = {"done": "x", "skipped": "-"}.get(state.state, " ")
            text = clean_line(run.orphan_text(item_id))
            lines.append(Line(f"{text} ({state.state} {_when(state.day)})".strip(), 1, mark))
            lines += _item_detail(state, "")
    return lines


def _item_detail(state: ItemState, repeat: str) -> list[Line]:
    lines = []
    if repeat and len(state.completions) > 0:
        done = ", ".join(day_text(c.day) for c in state.completions)
        lines.append(Line(f"Done ({repeat}): {done}", 2))
    if state.note:
        lines.append(Line(f"Note: {clean(state.note)}", 2))
    for entry in state.log:
        lines.append(Line(f"{day_text(entry.day)}: {clean(entry.text)}", 2))
    return lines


def build(
    child: Child,
    today: date,
    meeting: Meeting | None = None,
    shadows: dict[str, Path] | None = None,
) -> list[Block]:
    """The record as blocks. ``shadows``: checklist id → the file that hides a bundled one."""
    shadows = shadows or {}
    cal = calendar_for(child)
    blocks = [Block(1, f"{clean_line(child.name)}: special education record")]
    profile = blocks[0].lines
    profile.append(Line(f"Plan: {PLAN_NAMES.get(child.plan, child.plan)}"))
    born = day_text(child.born) if child.born else ""
    for label, value in (
        ("School", child.school),
        ("District", child.district),
        ("Grade", child.grade),
        ("Born", born),
    ):
        if value:
            profile.append(Line(f"{label}: {clean_line(value)}"))
    for person in child.contacts:
        profile.append(Line(contact_line(person.role, person.name, person.email, person.phone)))
    for closed in child.closed:
        span = day_text(closed.start)
        if closed.end != closed.start:
            span += f" to {day_text(closed.end)}"
        label = f" ({clean_line(closed.label)})" if closed.label else ""
        profile.append(Line(f"School closed: {span}{label}"))
    profile.append(
        Line(f"Printed {day_text(today)} by iepcheck. Practical guidance, not legal advice.")
    )

    if meeting is None:
        blocks += plan_blocks(child, today)
    meetings = [meeting] if meeting else sorted(child.meetings, key=lambda m: m.date)
    for m in meetings:
        kind = KIND_NAMES.get(m.kind, m.kind)
        time = f" {clean_line(m.time)}" if m.time else ""
        block = Block(2, f"{day_text(m.date)}{time}: {clean_line(m.title) or kind} ({kind})")
        if m.notes:
            block.lines.append(Line("What was agreed:"))
            block.lines += [Line(clean(t), 1) for t in m.notes.splitlines() if t.strip()]
        if m.lines:
            block.lines.append(Line("Notes during the meeting:"))
            block.lines += [
                Line(f"{line_stamp(x, m.date)} {clean_line(x.text)}", 1) for x in m.lines
            ]
        blocks.append(block)
        for run in _for_school(child.runs_for(m.id)):
            blocks.append(
                Block(
                    3,
                    clean_line(run.title),
                    _run_lines(run, m.date, cal, today, shadows, child.born),
                )
            )
    if meeting is None:
        others = _for_school(r for r in child.runs if r.meeting is None or r.detached)
        if others:
            blocks.append(Block(2, "Standing checklists and earlier runs"))
        for run in others:
            blocks.append(
                Block(
                    3,
                    clean_line(run.title),
                    _run_lines(run, None, cal, today, shadows, child.born),
                )
            )
    if meeting is None and child.communications:
        block = Block(2, "Communication log")
        for c in child.communications:
            who = f" with {clean_line(c.with_whom)}" if c.with_whom else ""
            via = via_text(c.via)
            tail = ""
            if c.answered:
                tail = f" Answered {day_text(c.answered)}."
            elif c.follow_up:
                tail = f" Follow up by {day_text(c.follow_up)}: no answer yet."
            block.lines.append(Line(f"{day_text(c.day)}{who}{via}: {clean_line(c.text)}{tail}", 1))
        blocks.append(block)
    docs = [d for d in child.documents if meeting is None or d.meeting == meeting.id]
    if docs:
        block = Block(2, "Documents received")
        for d in docs:
            name = doc_name(d.kind)
            dated = f", dated {day_text(d.dated)}" if d.dated else ""
            block.lines.append(Line(f"{day_text(d.received)}: {name}{dated}", 1))
            doc_meeting = child.meeting(d.meeting) if d.meeting else None
            block.lines += [Line(v.line(), 2) for v in verdicts(d, doc_meeting, cal)]
        blocks.append(block)
    sent = [x for x in child.letters if meeting is None or x.meeting == meeting.id]
    if sent:
        blocks.append(Block(2, "Letters sent"))
    for letter in sorted(sent, key=lambda x: (x.sent, x.at)):
        lines = [Line(f"Subject: {clean_line(letter.subject)}")] if letter.subject else []
        # One line each, blank ones kept as they are: the letter reads as it was sent.
        lines += [Line(text.rstrip()) for text in clean(letter.body).rstrip("\n").split("\n")]
        blocks.append(Block(3, f"{day_text(letter.sent)}: {clean_line(letter.title)}", lines))
    return blocks


def plan_blocks(child: Child, today: date) -> list[Block]:
    """The current plan as the record prints it: its dates and what they need, its services
    and accommodations with the weeks each was provided, its goals with every report; and what
    it changed from the previous plan."""
    from ..records.plans import STATUS_WORDS, accommodation_text, minutes_text, service_text

    plan = child.current_plan()
    if plan is None:
        return []
    block = Block(2, f"The {plan.name} in force" + (f": {period_text(plan)}" if plan.start else ""))
    lines = block.lines
    status = plan_status(child, today) or {}
    for d in status.get("dates", []):
        due = date.fromisoformat(d["due"])
        word = date_word(d["what"], d["legal"])
        text = f"{word[:1].upper()}{word[1:]} due by {day_text(due)}"
        if d["days_left"] >= 0:
            count = countdown_text(d["days_left"], d["school_days_left"], d["estimated"])
            text += f", {count}"
        if d["in_look_ahead"] and not d["meeting_set"]:
            text += ": no meeting set" + (", URGENT" if d["urgent"] or d["overdue"] else "")
        lines.append(Line(text))
    if plan.report_dates or plan.with_report_cards:
        cards = "with report cards" if plan.with_report_cards else ""
        days = ", ".join(day_text(d) for d in plan.report_dates)
        lines.append(Line(f"Progress reports: {'; '.join(x for x in (cards, days) if x)}"))
    for missing in status.get("missing_reports", []):
        when = day_text(date.fromisoformat(missing["due"]))
        lines.append(Line(f"The progress report due {when} is not recorded", 1))
    if plan.peers_hours is not None:
        lines.append(
            Line(f"Time with non-disabled peers: {minutes_text(plan.peers_hours)} hours a week")
        )
    weeks = {w.entry_id: w for w in provided_weeks(child, today)}
    if plan.services:
        lines.append(Line("Services"))
    for s in plan.services:
        lines.append(Line(clean_line(service_text(s)), 1))
        w = weeks.get(s.id)
        if w is not None and w.checked:
            delivered, owed = w.minutes()
            lines.append(
                Line(f"{w.summary()}; {round(delivered)} of {round(owed)} minutes delivered", 2)
            )
    if plan.accommodations:
        lines.append(Line("Accommodations"))
    for a in plan.accommodations:
        lines.append(Line(clean_line(accommodation_text(a)), 1))
        w = weeks.get(a.id)
        if w is not None and w.checked:
            lines.append(Line(w.summary(), 2))
    if plan.goals:
        lines.append(Line("Goals"))
    for g in plan.goals:
        chart = goal_chart(child, g)
        area = f"{clean_line(g.area)}: " if g.area else ""
        lines.append(Line(f"{area}{clean_line(g.text)}", 1))
        aims = [
            f"{w} {clean_line(v)}" for w, v in (("baseline", g.baseline), ("target", g.target)) if v
        ]
        if aims:
            unit = f" ({clean_line(g.unit)})" if g.unit else ""
            lines.append(Line(", ".join(aims) + unit, 2))
        for o in g.objectives:
            lines.append(Line(f"Objective: {clean_line(o.text)}", 2))
        for point in chart.points:
            value = f", {minutes_text(point.value)}" if point.value is not None else ""
            lines.append(Line(f"{day_text(point.on)}: {STATUS_WORDS[point.status]}{value}", 2))
        if chart.flag:
            lines.append(
                Line("No progress in the last two reports (iepcheck's signal, not a rule)", 2)
            )
    blocks = [block]
    previous = child.previous_plan()
    if previous is not None:
        changes = compare(previous, plan)
        if changes:
            since = f" ({period_text(previous)})" if previous.start else ""
            blocks.append(
                Block(
                    3,
                    f"What it changed from the previous {previous.name}{since}",
                    [Line(clean_line(d.line()), 1) for d in changes],
                )
            )
    return blocks


# -- renderers ------------------------------------------------------------------------------------


def to_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
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


_CSS = """
body{font:14px/1.45 system-ui,sans-serif;max-width:48em;margin:2em auto;padding:0 1em;color:#111}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:1.6em}
h3{font-size:1.05em;margin-bottom:.3em}ul{margin:.2em 0;padding-left:1.4em}
li{margin:.1em 0;list-style:none}li.x::before{content:"\\2611  "}li.o::before{content:"\\2610  "}
li.s::before{content:"\\2013  "}li.s{color:#555}.d{color:#333;font-size:.95em}
p.sec{font-weight:600;margin:.8em 0 .2em}@media print{body{margin:0}h2{break-after:avoid}}
"""


def to_html(blocks: list[Block], title: str) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
    ]
    for block in blocks:
        out.append(f"<h{block.level}>{html.escape(block.title)}</h{block.level}>")
        in_list = False
        for line in block.lines:
            text = html.escape(line.text).replace("\n", "<br>")
            if line.depth == 0 and not line.mark:
                if in_list:
                    out.append("</ul>")
                    in_list = False
                out.append(f'<p class="sec">{text}</p>')
                continue
            if not in_list:
                out.append("<ul>")
                in_list = True
            cls = {"x": "x", "-": "s", " ": "o"}.get(line.mark, "d")
            style = f' style="margin-left:{(line.depth - 1) * 1.4}em"' if line.depth > 1 else ""
            out.append(f'<li class="{cls}"{style}>{text}</li>')
        if in_list:
            out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def render(
    child: Child,
    today: date,
    fmt: str,
    meeting: Meeting | None = None,
    shadows: dict[str, Path] | None = None,
) -> str:
    blocks = build(child, today, meeting, shadows)
    if fmt == "md":
        return to_markdown(blocks)
    if fmt == "html":
        return to_html(blocks, blocks[0].title)
    return to_text(blocks)
