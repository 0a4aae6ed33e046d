"""Runs: which run a command means, starting a standing one, and changing an item.

The decisions live here, once: which run ``tick`` means, "already running", taking a newer
version of the checklist before a change is recorded.
"""

from __future__ import annotations

from datetime import date, datetime

from ..clock import out_of_range
from ..i18n import _
from ..records.ids import fresh_ids, short_id
from ..records.model import Child, Meeting, Run, Template
from ..records.operations import (
    Operation,
    PutDocument,
    RefreshRun,
    RunSeed,
    SetNote,
    Skip,
    StartRun,
    StopRun,
    Tick,
    Untick,
    batch,
)
from ..records.record import Document
from ..records.schedule import calendar_for, summarize_meeting
from ..reports.words import missed_words
from ..textsafe import clean_line
from .errors import InputError, ServiceError, did_you_mean
from .finding import find_meeting
from .workspace import Workspace


class AlreadyRunning(ServiceError):
    """A standing checklist is running already (start it again to archive the old one)."""


def run_of_meeting(child: Child, meeting: Meeting, checklist_id: str) -> Run:
    """The run of ``checklist_id`` attached to ``meeting``, or a sentence naming those that are."""
    found = [r for r in child.runs_for(meeting.id) if r.checklist == checklist_id]
    if found:
        return found[0]
    have = [r.checklist for r in child.runs_for(meeting.id)]
    hint = did_you_mean(checklist_id, have)
    raise ServiceError(
        _("meeting {meeting_id} has no checklist '{checklist_id}'.{hint} Attached: {value}").format(
            meeting_id=meeting.id,
            checklist_id=clean_line(checklist_id),
            hint=hint,
            value=", ".join(have) or _("none"),
        )
    )


def pick_run(child: Child, checklist_id: str, meeting_text: str | None, today: date) -> Run:
    """The run a command means: of the named meeting; else the child's one running run of
    the checklist (standing, or of an active meeting). More than one is an error naming them."""
    if meeting_text:
        meeting = find_meeting(child, meeting_text)
        return run_of_meeting(child, meeting, checklist_id)
    cal = calendar_for(child)
    candidates: list[tuple[Run, str]] = []
    standing = child.standing_run(checklist_id)
    if standing is not None:
        candidates.append(
            (standing, _("the standing one (since {started})").format(started=standing.started))
        )
    for meeting in sorted(child.meetings, key=lambda m: (m.date, m.time)):
        runs = [r for r in child.runs_for(meeting.id) if r.checklist == checklist_id]
        if runs and summarize_meeting(child, meeting, cal, today).active:
            candidates.append((runs[0], f"meeting {meeting.id} ({meeting.date})"))
    if not candidates:
        running = sorted({r.checklist for r in child.runs if not r.detached and not r.archived})
        hint = did_you_mean(checklist_id, running)
        raise ServiceError(
            _(
                "{child_id} has no running '{checklist_id}' checklist.{hint} Attach it "
                "to a meeting (iepcheck meeting attach {child_id} M {checklist_id2}) or "
                "start it (iepcheck start {child_id} {checklist_id2})"
            ).format(
                child_id=child.id,
                checklist_id=clean_line(checklist_id),
                hint=hint,
                checklist_id2=checklist_id,
            )
        )
    if len(candidates) > 1:
        listing = ", ".join(words for _, words in candidates)
        if standing is not None:
            said = _(
                "{child_id} has {count} running '{checklist_id}' checklists: {listing}. "
                "Say which with --meeting M; a standing one ends with: iepcheck stop "
                "{child_id} {checklist_id}"
            )
        else:
            said = _(
                "{child_id} has {count} running '{checklist_id}' checklists: {listing}. "
                "Say which with --meeting M"
            )
        raise ServiceError(
            said.format(
                child_id=child.id,
                count=len(candidates),
                checklist_id=clean_line(checklist_id),
                listing=listing,
            )
        )
    return candidates[0][0]


def with_newer_version(
    workspace: Workspace, run: Run, op: Operation, *, accept_shadow: bool = False
) -> Operation:
    """``op``, preceded by taking a newer version of the run's checklist when there is one;
    with ``accept_shadow``, the file now in force even from another place (the user chose)."""
    move = to_other_file(workspace, run) if accept_shadow else None
    if move is not None:
        return batch(move, op)
    template = workspace.newer_template(run)
    return batch(RefreshRun(run.id, template) if template else None, op)


def to_other_file(workspace: Workspace, run: Run) -> RefreshRun | None:
    """Move the run to the file that now stands for its checklist (the user's choice)."""
    other = workspace.other_file(run)
    if other is None or other.checklist is None:
        return None
    return RefreshRun(run.id, Template.of(other.checklist, other.origin))


def shadow_note(workspace: Workspace, run: Run) -> str | None:
    """A sentence when another file now stands for the run's checklist; None otherwise."""
    other = workspace.other_file(run)
    if other is None:
        return None
    return _(
        "{checklist} now comes from {path} ({origin}, version {version}); this "
        "run keeps the {origin2} copy it started from"
    ).format(
        checklist=run.checklist,
        path=other.path,
        origin=other.origin,
        version=other.result.version,
        origin2=run.origin,
    )


def check_item(
    workspace: Workspace, run: Run, item_id: str, *, accept_shadow: bool = False
) -> None:
    """A sentence when ``item_id`` is not an item of the run (at its newest version)."""
    other = workspace.other_file(run) if accept_shadow else None
    template = (
        Template.of(other.checklist, other.origin)
        if other is not None and other.checklist is not None
        else workspace.newer_template(run)
    )
    ids = [i.id for s in (template or run.template).sections for i in s.items]
    ids += [i.id for s in run.sections for i in s.items if i.plan]  # the plan's entries
    if item_id not in ids:
        hint = did_you_mean(item_id, ids)
        raise ServiceError(
            _("no item '{item_id}' in {checklist}.{hint} Items: {value}").format(
                item_id=clean_line(item_id),
                checklist=run.checklist,
                hint=hint,
                value=", ".join(ids),
            )
        )


def item_change(
    run: Run,
    item_id: str,
    now: datetime,
    *,
    undo: bool = False,
    skip: str | None = None,
    note: str | None = None,
    on: date | None = None,
    child: Child | None = None,
) -> Operation:
    """Tick (or untick, or skip) an item, and set its note, as one change."""
    if on is not None:
        if problem := out_of_range(on):
            raise InputError(_("--on: {problem}").format(problem=problem))
        if on > now.date():
            raise InputError(_("--on {on} is in the future").format(on=on.isoformat()))
    main: Operation
    if undo:
        main = Untick(run.id, item_id)
    elif skip is not None:
        main = Skip(run.id, item_id, now, skip)
    else:
        main = tick(child, run, item_id, now, on)
    seen = run.state(item_id).note
    return batch(main, SetNote(run.id, item_id, note, seen) if note is not None else None)


def tick(
    child: Child | None, run: Run, item_id: str, now: datetime, on: date | None = None
) -> Operation:
    """Tick an item; one that names a document ("check that the IEP arrives") records that
    document as received the same day, for its meeting, in the same step (one undo)."""
    change = Tick(run.id, item_id, now, on)
    item = run.find(item_id)
    if child is None or item is None or not item.document or run.state(item_id).state == "done":
        return change
    received = Document(
        short_id({d.id for d in child.documents}, prefix="d"),
        item.document,
        on or now.date(),
        now,
        meeting=run.meeting or "",
        note=f"Ticked: {item.text}",
    )
    return batch(change, PutDocument(received))


def start_standing(
    workspace: Workspace, child: Child, checklist_id: str, *, again: bool = False
) -> StartRun:
    """Start a checklist of its own; refuses a meeting's checklist (it is attached to the
    meeting), and a second one unless ``again`` archives the first."""
    template = workspace.template(checklist_id)
    if template.kind == "meeting":
        raise ServiceError(
            _(
                "{checklist} is a checklist for a meeting: attach it to one with "
                "'iepcheck meeting attach {child_id} M {checklist}' (or add the meeting "
                "with it: iepcheck meeting add {child_id} DATE --checklist {checklist})"
            ).format(checklist=template.checklist, child_id=child.id)
        )
    running = child.standing_run(template.checklist)
    if running is not None and not again:
        raise AlreadyRunning(
            _("{checklist} is already running for {child_id} since {started}").format(
                checklist=template.checklist, child_id=child.id, started=running.started
            )
        )
    (run_id,) = fresh_ids(child.taken_ids(), 1)
    seed = RunSeed(run_id, template, workspace.clock.now().date())
    return StartRun(seed, running.id if running is not None else None)


def stop_standing(child: Child, checklist_id: str) -> StopRun:
    """Stop the child's standing run of a checklist (its ticks stay in the record)."""
    run = child.standing_run(checklist_id)
    if run is not None:
        return StopRun(run.id)
    attached = [
        r for r in child.runs if r.checklist == checklist_id and r.meeting and not r.detached
    ]
    if attached:
        meeting = attached[0].meeting
        raise ServiceError(
            _(
                "{checklist_id} is attached to meeting {meeting}: detach it with "
                "'iepcheck meeting detach {child_id} {meeting} {checklist_id2}'"
            ).format(
                checklist_id=clean_line(checklist_id),
                meeting=meeting,
                child_id=child.id,
                checklist_id2=checklist_id,
            )
        )
    running = sorted({r.checklist for r in child.standing_runs()})
    hint = did_you_mean(checklist_id, running)
    raise ServiceError(
        _(
            "{child_id} has no standing '{checklist_id}' checklist running.{hint} Running: {value}"
        ).format(
            child_id=child.id,
            checklist_id=clean_line(checklist_id),
            hint=hint,
            value=", ".join(running) or _("none"),
        )
    )


def first_miss(run: Run, item_id: str, today: date) -> tuple[date, str] | None:
    """For a monitoring checklist's item other dates count from ("tick this the day it
    happened, to start the complaint clock"): the day of the first miss logged on the run,
    and the miss in words; None for any other item, or before a miss is logged."""
    if run.kind != "ongoing":
        return None
    clock = f"after {item_id}"
    if not any(i.due.endswith(clock) for section in run.sections for i in section.items):
        return None
    logged = [
        (entry.day, entry.added, logged_on, entry)
        for logged_on, state in run.items.items()
        for entry in state.log
        if entry.day <= today
    ]
    if not logged:
        return None
    day, _added, logged_on, entry = min(logged, key=lambda x: (x[0], x[1]))
    return day, missed_words(run, logged_on, entry)
