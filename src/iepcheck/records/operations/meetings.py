"""Operations on meetings and the checklists attached to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from ...i18n import N_, _
from .. import fields as F
from ..kinds import MEETING_KINDS
from ..model import Child, Meeting, NoteLine
from .base import Applied, Operation, RecordError, _meeting, _run, check_entry, checked
from .runs import DropRuns, RunSeed


def _check_kind(kind: str) -> None:
    if kind not in MEETING_KINDS:
        raise RecordError(
            _("a meeting's kind is one of {value}, not {kind}").format(
                value=", ".join(MEETING_KINDS), kind=kind
            )
        )


def _check_meeting(day: date, title: str, kind: str, time: str, notes: str) -> None:
    _check_kind(kind)
    for name, value in (("date", day), ("title", title), ("time", time), ("notes", notes)):
        checked(F.MEETING[name], value)


@dataclass(frozen=True)
class AddMeeting(Operation):
    NAME: ClassVar[str] = "add-meeting"
    LABEL: ClassVar[str] = N_("new meeting")
    id: str
    date: date
    title: str
    kind: str = "ppt"
    time: str = ""
    notes: str = ""
    runs: tuple[RunSeed, ...] = ()

    def apply(self, child: Child) -> Applied:
        _check_meeting(self.date, self.title, self.kind, self.time, self.notes)
        if self.id in child.taken_ids():
            raise RecordError(_("meeting {id} is already there").format(id=self.id))
        child.add_meeting(Meeting(self.id, self.date, self.title, self.kind, self.time, self.notes))
        for seed in self.runs:
            child.attach(seed.template, seed.id, seed.started, self.id)
        return Applied(self.id, RemoveMeeting(self.id, drop_runs=True))


@dataclass(frozen=True)
class EditMeeting(Operation):
    """Change a meeting's date, title, kind, time or notes (None: leave as it is). Only
    replayed from recovery files an earlier iepcheck wrote: edits are field by field now
    (:class:`~.edits.Edit`, target "meeting")."""

    NAME: ClassVar[str] = "edit-meeting"
    LABEL: ClassVar[str] = N_("meeting edit")
    id: str
    date: date | None = None
    title: str | None = None
    kind: str | None = None
    time: str | None = None
    notes: str | None = None

    def apply(self, child: Child) -> Applied:
        meeting = _meeting(child, self.id)
        for name in ("date", "title", "kind", "time", "notes"):
            if getattr(self, name) is not None:
                checked(F.MEETING[name], getattr(self, name))
        undo = EditMeeting(
            self.id, meeting.date, meeting.title, meeting.kind, meeting.time, meeting.notes
        )
        for name in ("date", "title", "kind", "time", "notes"):
            value = getattr(self, name)
            if value is not None:
                setattr(meeting, name, value)
        child.sort_meetings()
        return Applied(None, undo)


@dataclass(frozen=True)
class RemoveMeeting(Operation):
    """Remove a meeting; its runs stay in the file, detached, with all their ticks."""

    NAME: ClassVar[str] = "remove-meeting"
    LABEL: ClassVar[str] = N_("meeting removal")
    id: str
    drop_runs: bool = False  # the undo of adding it: runs with nothing recorded go too

    def apply(self, child: Child) -> Applied:
        meeting = _meeting(child, self.id)
        run_ids = tuple(r.id for r in child.runs_for(self.id))
        child.remove_meeting(self.id)
        if self.drop_runs:
            DropRuns(run_ids).apply(child)
            return Applied(None, None)
        undo = RestoreMeeting(
            meeting.id,
            meeting.date,
            meeting.title,
            meeting.kind,
            meeting.time,
            meeting.notes,
            run_ids,
            tuple(meeting.lines),
        )
        return Applied(None, undo)


@dataclass(frozen=True)
class RestoreMeeting(Operation):
    """Put back a removed meeting and re-attach its runs."""

    NAME: ClassVar[str] = "restore-meeting"
    id: str
    date: date
    title: str
    kind: str
    time: str
    notes: str
    runs: tuple[str, ...] = ()
    lines: tuple[NoteLine, ...] = ()  # the notes pad's lines it had

    def apply(self, child: Child) -> Applied:
        _check_meeting(self.date, self.title, self.kind, self.time, self.notes)
        for line in self.lines:
            check_entry(F.NOTE_LINE, line)
        if child.meeting(self.id) is None:
            child.add_meeting(
                Meeting(
                    self.id,
                    self.date,
                    self.title,
                    self.kind,
                    self.time,
                    self.notes,
                    sorted(self.lines, key=lambda x: (x.at, x.id)),
                )
            )
        for run_id in self.runs:
            if (run := child.run(run_id)) is not None:
                run.detached = False
        return Applied(None, RemoveMeeting(self.id))


@dataclass(frozen=True)
class AddNoteLine(Operation):
    """One line typed in a meeting's notes pad, stamped with when Enter was pressed: added on
    its own (never a rewrite of the notes), so two devices' lines both stay."""

    NAME: ClassVar[str] = "add-note-line"
    LABEL: ClassVar[str] = N_("meeting notes")
    meeting: str
    id: str
    at: datetime
    text: str

    def apply(self, child: Child) -> Applied:
        line = NoteLine(self.id, self.at, self.text)
        check_entry(F.NOTE_LINE, line)
        meeting = _meeting(child, self.meeting)
        if any(x.id == self.id for x in meeting.lines):
            raise RecordError(_("line {id} is already in the meeting's notes").format(id=self.id))
        meeting.add_line(line)
        return Applied(line, RemoveNoteLine(self.meeting, self.id))


@dataclass(frozen=True)
class RemoveNoteLine(Operation):
    """Take back a line of a meeting's notes pad (the undo of typing it)."""

    NAME: ClassVar[str] = "remove-note-line"
    LABEL: ClassVar[str] = N_("meeting notes")
    meeting: str
    id: str

    def apply(self, child: Child) -> Applied:
        meeting = _meeting(child, self.meeting)
        found = next((x for x in meeting.lines if x.id == self.id), None)
        if found is None:
            raise RecordError(_("line {id} is no longer in the meeting's notes").format(id=self.id))
        meeting.lines = [x for x in meeting.lines if x.id != self.id]
        return Applied(found, AddNoteLine(self.meeting, found.id, found.at, found.text))


@dataclass(frozen=True)
class AttachRuns(Operation):
    """Attach checklists to a meeting: each starts a fresh run."""

    NAME: ClassVar[str] = "attach"
    LABEL: ClassVar[str] = N_("attach")
    meeting: str
    runs: tuple[RunSeed, ...]

    def apply(self, child: Child) -> Applied:
        _meeting(child, self.meeting)
        for seed in self.runs:
            if child.run(seed.id) is not None:
                raise RecordError(_("run {seed_id} is already there").format(seed_id=seed.id))
        for seed in self.runs:
            child.attach(seed.template, seed.id, seed.started, self.meeting)
        return Applied(tuple(s.id for s in self.runs), DropRuns(tuple(s.id for s in self.runs)))


@dataclass(frozen=True)
class DetachRun(Operation):
    """Detach a checklist from its meeting: the run and its ticks stay, detached."""

    NAME: ClassVar[str] = "detach"
    LABEL: ClassVar[str] = N_("detach")
    run: str

    def apply(self, child: Child) -> Applied:
        run = _run(child, self.run)
        was = run.detached
        run.detached = True
        return Applied(None, None if was else Reattach(self.run))


@dataclass(frozen=True)
class Reattach(Operation):
    NAME: ClassVar[str] = "reattach"
    run: str

    def apply(self, child: Child) -> Applied:
        run = _run(child, self.run)
        if run.meeting is not None and child.meeting(run.meeting) is None:
            raise RecordError(_("its meeting is no longer in the child's record"))
        run.detached = False
        return Applied(None, DetachRun(self.run))
