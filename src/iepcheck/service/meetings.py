"""Meetings: adding one with its checklists, moving it, attaching and detaching checklists."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from ..calendar.holidays import ct_holidays
from ..clock import out_of_range
from ..i18n import _
from ..records.ids import fresh_ids, short_id
from ..records.kinds import MEETING_KINDS
from ..records.model import (
    DEFAULT_CHECKLISTS,
    DEFAULT_MEETING_TITLES,
    Child,
    Meeting,
    Template,
    default_meeting_kind,
)
from ..records.operations import (
    AddMeeting,
    AddNoteLine,
    AttachRuns,
    Change,
    DetachRun,
    Edit,
    Operation,
    RunSeed,
    batch,
    between,
)
from ..textsafe import clean_line
from .children import check_text
from .errors import InputError, ServiceError
from .runs import run_of_meeting
from .workspace import Workspace

FAR_AHEAD_DAYS = 548  # about 18 months: a later date is probably a mistyped year


def default_checklists(workspace: Workspace, kind: str) -> list[str]:
    """The checklists a new meeting of ``kind`` gets when none is named (those found)."""
    return [c for c in DEFAULT_CHECKLISTS.get(kind, ()) if workspace.library.get(c) is not None]


def check_date(day: date, what: str = "the date") -> None:
    if problem := out_of_range(day):
        raise InputError(_("{what}: {problem}").format(what=what, problem=problem))


def date_warnings(child: Child, day: date, today: date) -> list[str]:
    """Why a meeting date looks wrong (each a sentence); empty when it looks fine."""
    found = []
    if day < today:
        found.append(_("{day} is in the past"))
    elif (day - today).days > FAR_AHEAD_DAYS:
        found.append(_("{day} is more than 18 months ahead"))
    closed = next((c for c in child.closed if c.covers(day)), None)
    if day.weekday() == 5:
        found.append(_("{day} is a Saturday"))
    elif day.weekday() == 6:
        found.append(_("{day} is a Sunday"))
    elif day in ct_holidays(day.year):
        found.append(_("{day} is a Connecticut holiday"))
    elif closed is not None and closed.label:
        found.append(_("{day} is a day {name}'s school is closed ({label})"))
    elif closed is not None:
        found.append(_("{day} is a day {name}'s school is closed"))
    label = clean_line(closed.label) if closed is not None else ""
    return [f.format(day=day.isoformat(), name=child.name, label=label) for f in found]


def same_day(child: Child, day: date, meeting_id: str | None = None) -> list[str]:
    """A sentence when the child has another meeting on ``day`` (allowed: a PPT and a 504
    meeting, or a meeting moved in, can share a day; the user is only told)."""
    others = [m for m in child.meetings if m.date == day and m.id != meeting_id]
    if not others:
        return []
    named = ", ".join(
        (_("{title} at {time} ({id})") if m.time else _("{title} ({id})")).format(
            title=clean_line(m.title), time=clean_line(m.time), id=m.id
        )
        for m in others
    )
    return [
        _("{name} already has a meeting on {day}: {named}").format(
            name=clean_line(child.name), day=day.isoformat(), named=named
        )
    ]


def seeds(
    child: Child, templates: Sequence[Template], started: date, taken: set[str]
) -> tuple[RunSeed, ...]:
    """New runs of ``templates``, with ids distinct from each other and from ``taken``."""
    run_ids = fresh_ids(child.taken_ids() | taken, len(templates))
    return tuple(RunSeed(i, t, started) for i, t in zip(run_ids, templates, strict=True))


def new_meeting(
    workspace: Workspace,
    child: Child,
    day: date,
    *,
    title: str = "",
    kind: str | None = None,
    time: str = "",
    notes: str = "",
    checklists: Sequence[str] | None = None,
) -> AddMeeting:
    """A new meeting with its checklists (the kind's defaults when ``checklists`` is None)."""
    check_date(day, _("the meeting's date"))
    title, time = check_text(title, _("the title")), check_text(time, _("the time"))
    kind = kind or default_meeting_kind(child.plan)
    if kind not in MEETING_KINDS:
        raise InputError(
            _("a meeting's kind is one of {value}, not {kind}").format(
                value=", ".join(MEETING_KINDS), kind=kind
            )
        )
    wanted = default_checklists(workspace, kind) if checklists is None else list(checklists)
    templates = [workspace.template(c) for c in dict.fromkeys(wanted)]
    (meeting_id,) = fresh_ids(child.taken_ids(), 1)
    started = workspace.clock.now().date()
    return AddMeeting(
        meeting_id,
        day,
        title.strip() or DEFAULT_MEETING_TITLES[kind],
        kind,
        time.strip(),
        notes,
        seeds(child, templates, started, {meeting_id}),
    )


def attach(
    workspace: Workspace, child: Child, meeting: Meeting, checklists: Sequence[str]
) -> AttachRuns:
    """Attach checklists to a meeting; one already attached is refused (detach it first)."""
    have = {r.checklist for r in child.runs_for(meeting.id)}
    again = [c for c in checklists if c in have]
    if again:
        raise ServiceError(
            _("{value} is already attached to meeting {meeting_id}").format(
                value=", ".join(clean_line(c) for c in again), meeting_id=meeting.id
            )
        )
    templates = [workspace.template(c) for c in dict.fromkeys(checklists)]
    started = workspace.clock.now().date()
    return AttachRuns(meeting.id, seeds(child, templates, started, set()))


def detach(child: Child, meeting: Meeting, checklist_id: str) -> DetachRun:
    return DetachRun(run_of_meeting(child, meeting, checklist_id).id)


def save_form(
    workspace: Workspace,
    child: Child,
    meeting: Meeting | None,
    *,
    day: date,
    title: str,
    kind: str,
    time: str,
    notes: str,
    checklists: Sequence[str],
    seen: Meeting | None = None,
) -> Operation | None:
    """The meeting form's Save: a new meeting, or the edits, attachments and detachments.

    ``seen``: the meeting as the form showed it; only the fields changed from it are
    written, so what another session changed meanwhile stays (None: the meeting as now)."""
    if meeting is None:
        return new_meeting(
            workspace,
            child,
            day,
            title=title,
            kind=kind,
            time=time,
            notes=notes,
            checklists=checklists,
        )
    check_date(day, _("the meeting's date"))
    title, time = check_text(title, _("the title")), check_text(time, _("the time"))
    wanted = {
        "date": day,
        "title": title.strip() or DEFAULT_MEETING_TITLES[kind],
        "kind": kind,
        "time": time.strip(),
        "notes": notes,
    }
    edit = between("meeting", meeting.id, seen or meeting, wanted)
    have = {r.checklist: r for r in child.runs_for(meeting.id)}
    new = [c for c in checklists if c not in have]
    gone = [DetachRun(r.id) for c, r in have.items() if c not in checklists]
    attach_op = attach(workspace, child, meeting, new) if new else None
    kept = [op for op in (edit, attach_op, *gone) if op is not None]
    return batch(*kept) if kept else None


def edit(
    child: Child,
    meeting: Meeting,
    *,
    day: date | None = None,
    title: str | None = None,
    time: str | None = None,
    kind: str | None = None,
) -> Edit | None:
    """``meeting edit``: only the fields given (None: leave it); None when nothing changes."""
    wanted: dict[str, Any] = {}
    if day is not None:
        check_date(day, _("the meeting's date"))
        wanted["date"] = day
    if title is not None:
        wanted["title"] = check_text(title, _("the title")).strip() or DEFAULT_MEETING_TITLES.get(
            kind or meeting.kind, "Meeting"
        )
    if time is not None:
        wanted["time"] = check_text(time, _("the time")).strip()
    if kind is not None:
        if kind not in MEETING_KINDS:
            raise InputError(
                _("a meeting's kind is one of {value}, not {kind}").format(
                    value=", ".join(MEETING_KINDS), kind=kind
                )
            )
        wanted["kind"] = kind
    return between("meeting", meeting.id, meeting, wanted)


def note_line(workspace: Workspace, meeting: Meeting, text: str) -> AddNoteLine:
    """A line for the meeting's notes pad, stamped now (the family's time zone)."""
    line = check_text(text, _("the line"))
    if not line:
        raise InputError(_("the line is empty"))
    line_id = short_id([x.id for x in meeting.lines], prefix="n")
    at = workspace.clock.now()
    if meeting.lines and at <= meeting.lines[-1].at:
        # Two lines in one second (the clock keeps whole seconds): a second later, so the
        # lines stay in the order typed wherever they are read or merged.
        at = meeting.lines[-1].at + timedelta(seconds=1)
    return AddNoteLine(meeting.id, line_id, at, line)


def move(meeting: Meeting, day: date) -> Operation:
    """``meeting move``: the date only."""
    check_date(day, _("the new date"))
    return Edit("meeting", meeting.id, (Change("date", day, meeting.date),))


def listing(workspace: Workspace, ids: Sequence[str]) -> dict[str, Any]:
    """Every meeting of each child, past ones too (``meeting list``, the child screen)."""
    from ..records.schedule import meeting_summaries
    from ..records.store import ProgressError

    today = workspace.clock.today()
    out: dict[str, Any] = {"today": today.isoformat(), "children": [], "problems": []}
    for child_id in ids:
        try:
            child = workspace.for_display(workspace.store.load(child_id))
        except ProgressError as exc:
            out["problems"].append({"file": str(exc.path), "reason": exc.reason})
            continue
        entries = []
        for summary in meeting_summaries(child, today):
            m = summary.meeting
            done, skipped, total = summary.counts()
            entries.append(
                {
                    "id": m.id,
                    "date": m.date.isoformat(),
                    "time": m.time,
                    "title": m.title,
                    "kind": m.kind,
                    "days_left": summary.days_left,
                    "active": summary.active,
                    "done": done,
                    "skipped": skipped,
                    "total": total,
                    "checklists": [r.run.checklist for r in summary.runs],
                    "notes": m.notes,
                    "lines": [
                        {"id": x.id, "at": x.at.isoformat(), "text": x.text} for x in m.lines
                    ],
                }
            )
        out["children"].append({"id": child.id, "name": child.name, "meetings": entries})
    return out
