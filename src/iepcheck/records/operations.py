"""Every change a user can make to a child's record, as a typed, serializable operation.

An operation is a frozen dataclass whose fields say everything the change needs: ids, times
and checklist copies are chosen *before* it is applied, so applying it to the copy on screen
and again to the file under the lock gives the same result, and a recovery file can replay
it. :meth:`Operation.apply` returns the value the change produced and, where a user can undo
it, the inverse operation. A change that no longer fits the record (another session removed
the meeting, say) raises :class:`RecordError` with a sentence for the user.

Front ends build operations through :mod:`iepcheck.service`; nothing else mutates a Child.
"""

from __future__ import annotations

import copy
import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar, Union

from ..calendar.schooldays import ClosedRange
from .codec import Reader, state_from_doc, state_to_doc
from .model import (
    MEETING_KINDS,
    PLANS,
    Child,
    Contact,
    ItemCopy,
    LogEntry,
    Meeting,
    Run,
    Template,
)


class RecordError(Exception):
    """A change that cannot be made to the record as it is now: one sentence for the user."""


@dataclass(frozen=True)
class Applied:
    """What applying an operation gave: a value for the caller, and how to undo it."""

    value: Any = None
    inverse: Operation | None = None


_REGISTRY: dict[str, type[Operation]] = {}


class Operation:
    """Base of every operation. Subclasses are frozen dataclasses with a ``NAME``."""

    NAME: ClassVar[str] = ""
    LABEL: ClassVar[str] = "change"  # what "Undone: …" says

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if cls.NAME:
            _REGISTRY[cls.NAME] = cls

    def apply(self, child: Child) -> Applied:
        raise NotImplementedError

    def label(self) -> str:
        return self.LABEL

    def to_doc(self) -> dict[str, Any]:
        """The operation as a TOML-ready table (for a recovery file)."""
        doc: dict[str, Any] = {"op": self.NAME}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = _encode(getattr(self, f.name))
            if value is not None:
                doc[f.name] = value
        return doc


def from_doc(doc: dict[str, Any]) -> Operation:
    """An operation back from :meth:`Operation.to_doc`; ValueError when it is not one."""
    if not isinstance(doc, dict):
        raise ValueError("an operation must be a table")
    name = doc.get("op")
    cls = _REGISTRY.get(name) if isinstance(name, str) else None
    if cls is None:
        raise ValueError(f"unknown operation {name!r}")
    op: Operation = _decode_dataclass(cls, doc)
    return op


# -- encoding: dataclass fields ⇄ TOML values -------------------------------------------------


def _encode(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Operation):
        return value.to_doc()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            encoded = _encode(getattr(value, f.name))
            if encoded is not None:
                out[f.name] = encoded
        return out
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    return value


def _decode(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None:
            return None
        return _decode(options[0], value)
    if origin is tuple:
        (inner, *_rest) = typing.get_args(hint)
        if not isinstance(value, list):
            raise ValueError("expected a list")
        return tuple(_decode(inner, v) for v in value)
    if hint is Operation:
        return from_doc(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _decode_dataclass(hint, value)
    if hint is Any or origin is dict:
        return value
    if isinstance(hint, type):
        ok = isinstance(value, hint) and not (hint is date and isinstance(value, datetime))
        if hint is int and isinstance(value, bool):
            ok = False
        if not ok:
            raise ValueError(f"expected {hint.__name__}, got {type(value).__name__}")
    return value


def _decode_dataclass(cls: type, doc: Any) -> Any:
    if not isinstance(doc, dict):
        raise ValueError(f"{cls.__name__} must be a table")
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in doc:
            kwargs[f.name] = _decode(hints[f.name], doc[f.name])
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            if type(None) in typing.get_args(hints[f.name]):
                kwargs[f.name] = None
            else:
                raise ValueError(f"{cls.__name__} needs {f.name!r}")
    return cls(**kwargs)


# -- helpers ---------------------------------------------------------------------------------------


def _run(child: Child, run_id: str) -> Run:
    run = child.run(run_id)
    if run is None:
        raise RecordError("that checklist is no longer in the child's record")
    return run


def _meeting(child: Child, meeting_id: str) -> Meeting:
    meeting = child.meeting(meeting_id)
    if meeting is None:
        raise RecordError(f"meeting {meeting_id} is no longer in the child's record")
    return meeting


def _item(run: Run, item_id: str) -> None:
    if run.find(item_id) is None:
        raise RecordError(f"no item '{item_id}' in {run.checklist}")


def _snapshot(run: Run, item_id: str) -> RestoreItem:
    return RestoreItem(run.id, item_id, state_to_doc(copy.deepcopy(run.items.get(item_id))))


def _change_item(
    child: Child, run_id: str, item_id: str, change: Callable[[Run], object]
) -> Applied:
    """Change one item of a run: checked first, undone by restoring its state."""
    run = _run(child, run_id)
    _item(run, item_id)
    before = _snapshot(run, item_id)
    change(run)
    return Applied(run.state(item_id).state, before)


# -- items -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreItem(Operation):
    """Put an item's progress back as it was (the inverse of every item change)."""

    NAME: ClassVar[str] = "restore-item"
    run: str
    item: str
    state: dict[str, Any] | None = None

    def apply(self, child: Child) -> Applied:
        run = _run(child, self.run)
        before = _snapshot(run, self.item)
        restored = None
        if self.state is not None:
            restored = state_from_doc(Reader(_NOWHERE), self.state, ("item",))
        run.restore(self.item, restored)
        return Applied(None, before)


@dataclass(frozen=True)
class Tick(Operation):
    NAME: ClassVar[str] = "tick"
    LABEL: ClassVar[str] = "tick"
    run: str
    item: str
    at: datetime
    on: date | None = None  # the day it really happened, when the user said

    def apply(self, child: Child) -> Applied:
        return _change_item(
            child, self.run, self.item, lambda r: r.tick(self.item, self.at, self.on)
        )


@dataclass(frozen=True)
class Untick(Operation):
    NAME: ClassVar[str] = "untick"
    LABEL: ClassVar[str] = "untick"
    run: str
    item: str

    def apply(self, child: Child) -> Applied:
        return _change_item(child, self.run, self.item, lambda r: r.untick(self.item))


@dataclass(frozen=True)
class Skip(Operation):
    NAME: ClassVar[str] = "skip"
    LABEL: ClassVar[str] = "skip"
    run: str
    item: str
    at: datetime
    reason: str = ""

    def apply(self, child: Child) -> Applied:
        return _change_item(
            child, self.run, self.item, lambda r: r.skip(self.item, self.at, self.reason)
        )


@dataclass(frozen=True)
class SetNote(Operation):
    NAME: ClassVar[str] = "note"
    LABEL: ClassVar[str] = "note"
    run: str
    item: str
    note: str

    def apply(self, child: Child) -> Applied:
        return _change_item(child, self.run, self.item, lambda r: r.set_note(self.item, self.note))


@dataclass(frozen=True)
class AddLog(Operation):
    NAME: ClassVar[str] = "add-log"
    LABEL: ClassVar[str] = "log entry"
    run: str
    item: str
    entry: LogEntry

    def apply(self, child: Child) -> Applied:
        run = _run(child, self.run)
        if any(e.id == self.entry.id for e in run.state(self.item).log):
            raise RecordError(f"log entry {self.entry.id} is already there")
        return _change_item(child, self.run, self.item, lambda r: r.add_log(self.item, self.entry))


@dataclass(frozen=True)
class EditLog(Operation):
    """Replace a log entry (same id) with new text or dates."""

    NAME: ClassVar[str] = "edit-log"
    LABEL: ClassVar[str] = "log edit"
    run: str
    item: str
    entry: LogEntry

    def apply(self, child: Child) -> Applied:
        run = _run(child, self.run)
        before = _snapshot(run, self.item)
        state = run.items.get(self.item)
        if state is None or not any(e.id == self.entry.id for e in state.log):
            raise RecordError(f"log entry {self.entry.id} is no longer there")
        state.log = [self.entry if e.id == self.entry.id else e for e in state.log]
        return Applied(None, before)


@dataclass(frozen=True)
class RemoveLog(Operation):
    NAME: ClassVar[str] = "remove-log"
    LABEL: ClassVar[str] = "log entry removal"
    run: str
    item: str
    entry: str

    def apply(self, child: Child) -> Applied:
        run = _run(child, self.run)
        before = _snapshot(run, self.item)
        state = run.items.get(self.item)
        if state is None or not any(e.id == self.entry for e in state.log):
            raise RecordError(f"log entry {self.entry} is no longer there")
        state.log = [e for e in state.log if e.id != self.entry]
        return Applied(None, before)


@dataclass(frozen=True)
class MarkSeen(Operation):
    """The family looked at an item the checklist reworded after they ticked it."""

    NAME: ClassVar[str] = "seen"
    run: str
    item: str

    def apply(self, child: Child) -> Applied:
        run = _run(child, self.run)
        before = _snapshot(run, self.item)
        run.seen(self.item)
        return Applied(None, before)


@dataclass(frozen=True)
class AddOwnItem(Operation):
    NAME: ClassVar[str] = "add-item"
    LABEL: ClassVar[str] = "add item"
    run: str
    section: int
    item: ItemCopy

    def apply(self, child: Child) -> Applied:
        run = _run(child, self.run)
        if not 0 <= self.section < len(run.sections):
            raise RecordError("that section is no longer in the checklist")
        if run.find(self.item.id) is not None:
            raise RecordError(f"item {self.item.id} is already there")
        run.add_own_item(self.section, self.item)
        return Applied(self.item.id, RemoveOwnItem(self.run, self.item.id))


@dataclass(frozen=True)
class EditOwnItem(Operation):
    NAME: ClassVar[str] = "edit-item"
    LABEL: ClassVar[str] = "item edit"
    run: str
    item: ItemCopy

    def apply(self, child: Child) -> Applied:
        run = _run(child, self.run)
        old = run.find(self.item.id)
        if old is None or not old.own:
            raise RecordError("only items you added can be edited")
        run.replace_own_item(self.item)
        return Applied(None, EditOwnItem(self.run, old))


@dataclass(frozen=True)
class RemoveOwnItem(Operation):
    NAME: ClassVar[str] = "remove-item"
    LABEL: ClassVar[str] = "item removal"
    run: str
    item: str

    def apply(self, child: Child) -> Applied:
        run = _run(child, self.run)
        old = run.find(self.item)
        section = run.section_index(self.item)
        if old is None or not old.own or section is None:
            raise RecordError("only items you added can be removed")
        state = state_to_doc(copy.deepcopy(run.items.get(self.item)))
        run.remove_own_item(self.item)
        undo = Batch((AddOwnItem(self.run, section, old), RestoreItem(self.run, self.item, state)))
        return Applied(None, undo)


# -- runs ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunSeed:
    """A run to start: its id, the checklist copy it starts from, and its start date."""

    id: str
    template: Template
    started: date


@dataclass(frozen=True)
class StartRun(Operation):
    """Start a standing run (504 monitoring, a plan switch); archive the running one."""

    NAME: ClassVar[str] = "start"
    LABEL: ClassVar[str] = "start"
    seed: RunSeed
    archive: str | None = None

    def apply(self, child: Child) -> Applied:
        if child.run(self.seed.id) is not None:
            raise RecordError(f"run {self.seed.id} is already there")
        running = child.standing_run(self.seed.template.checklist)
        if running is not None and running.id != self.archive:
            raise RecordError(
                f"{self.seed.template.checklist} is already running for {child.id} since "
                f"{running.started}"
            )
        if self.archive is not None:
            _run(child, self.archive).archived = True
        child.attach(self.seed.template, self.seed.id, self.seed.started)
        return Applied(self.seed.id, DropRuns((self.seed.id,), self.archive))


@dataclass(frozen=True)
class DropRuns(Operation):
    """Take back runs just started: gone if nothing was recorded on them, else detached."""

    NAME: ClassVar[str] = "drop-runs"
    runs: tuple[str, ...]
    unarchive: str | None = None

    def apply(self, child: Child) -> Applied:
        for run_id in self.runs:
            run = _run(child, run_id)
            if any(not s.is_empty() for s in run.items.values()):
                run.detached = True
            else:
                child.runs.remove(run)
        if self.unarchive is not None and (old := child.run(self.unarchive)) is not None:
            old.archived = False
        return Applied(None, None)


@dataclass(frozen=True)
class RefreshRun(Operation):
    """Take a newer version of the run's checklist; progress carries over by item id."""

    NAME: ClassVar[str] = "refresh"
    run: str
    template: Template

    def apply(self, child: Child) -> Applied:
        run = _run(child, self.run)
        old = run.template
        states = [_snapshot(run, item_id) for item_id in run.items]
        changed = run.refresh(self.template)
        undo = Batch((RefreshRun(self.run, old), *states)) if changed else None
        return Applied(changed, undo)


# -- meetings --------------------------------------------------------------------------------------


def _check_kind(kind: str) -> None:
    if kind not in MEETING_KINDS:
        raise RecordError(f"a meeting's kind is one of {', '.join(MEETING_KINDS)}, not {kind}")


@dataclass(frozen=True)
class AddMeeting(Operation):
    NAME: ClassVar[str] = "add-meeting"
    LABEL: ClassVar[str] = "new meeting"
    id: str
    date: date
    title: str
    kind: str = "ppt"
    time: str = ""
    notes: str = ""
    runs: tuple[RunSeed, ...] = ()

    def apply(self, child: Child) -> Applied:
        _check_kind(self.kind)
        if self.id in child.taken_ids():
            raise RecordError(f"meeting {self.id} is already there")
        child.add_meeting(Meeting(self.id, self.date, self.title, self.kind, self.time, self.notes))
        for seed in self.runs:
            child.attach(seed.template, seed.id, seed.started, self.id)
        return Applied(self.id, RemoveMeeting(self.id, drop_runs=True))


@dataclass(frozen=True)
class EditMeeting(Operation):
    """Change a meeting's date, title, kind, time or notes (None: leave as it is)."""

    NAME: ClassVar[str] = "edit-meeting"
    LABEL: ClassVar[str] = "meeting edit"
    id: str
    date: date | None = None
    title: str | None = None
    kind: str | None = None
    time: str | None = None
    notes: str | None = None

    def apply(self, child: Child) -> Applied:
        meeting = _meeting(child, self.id)
        if self.kind is not None:
            _check_kind(self.kind)
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
    LABEL: ClassVar[str] = "meeting removal"
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

    def apply(self, child: Child) -> Applied:
        if child.meeting(self.id) is None:
            child.add_meeting(
                Meeting(self.id, self.date, self.title, self.kind, self.time, self.notes)
            )
        for run_id in self.runs:
            if (run := child.run(run_id)) is not None:
                run.detached = False
        return Applied(None, RemoveMeeting(self.id))


@dataclass(frozen=True)
class AttachRuns(Operation):
    """Attach checklists to a meeting: each starts a fresh run."""

    NAME: ClassVar[str] = "attach"
    LABEL: ClassVar[str] = "attach"
    meeting: str
    runs: tuple[RunSeed, ...]

    def apply(self, child: Child) -> Applied:
        _meeting(child, self.meeting)
        for seed in self.runs:
            if child.run(seed.id) is not None:
                raise RecordError(f"run {seed.id} is already there")
        for seed in self.runs:
            child.attach(seed.template, seed.id, seed.started, self.meeting)
        return Applied(tuple(s.id for s in self.runs), DropRuns(tuple(s.id for s in self.runs)))


@dataclass(frozen=True)
class DetachRun(Operation):
    """Detach a checklist from its meeting: the run and its ticks stay, detached."""

    NAME: ClassVar[str] = "detach"
    LABEL: ClassVar[str] = "detach"
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
            raise RecordError("its meeting is no longer in the child's record")
        run.detached = False
        return Applied(None, DetachRun(self.run))


# -- the child -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditChild(Operation):
    """Change the child's profile (None: leave a field as it is)."""

    NAME: ClassVar[str] = "edit-child"
    LABEL: ClassVar[str] = "child edit"
    name: str | None = None
    plan: str | None = None
    school: str | None = None
    district: str | None = None
    # Replaces the contacts of these roles; one with no name, email or phone clears its role.
    contacts: tuple[Contact, ...] | None = None
    closed: tuple[ClosedRange, ...] | None = None  # replaces every closed range

    def apply(self, child: Child) -> Applied:
        if self.plan is not None and self.plan not in PLANS:
            raise RecordError(f"a plan is one of {', '.join(PLANS)}, not {self.plan}")
        if self.name is not None and not self.name.strip():
            raise RecordError("a child needs a name")
        undo = EditChild(
            child.name,
            child.plan,
            child.school,
            child.district,
            tuple(child.contacts) if self.contacts is not None else None,
            tuple(child.closed) if self.closed is not None else None,
        )
        for name in ("name", "plan", "school", "district"):
            value = getattr(self, name)
            if value is not None:
                setattr(child, name, value)
        if self.contacts is not None:
            roles = {c.role for c in self.contacts}
            child.contacts = [c for c in child.contacts if c.role not in roles]
            child.contacts += [c for c in self.contacts if c.name or c.email or c.phone]
        if self.closed is not None:
            child.closed = sorted(self.closed, key=lambda c: (c.start, c.end))
        return Applied(None, undo)


@dataclass(frozen=True)
class AddClosed(Operation):
    NAME: ClassVar[str] = "add-closed"
    LABEL: ClassVar[str] = "closed days"
    ranges: tuple[ClosedRange, ...]

    def apply(self, child: Child) -> Applied:
        have = {(c.start, c.end) for c in child.closed}
        added = tuple(r for r in self.ranges if (r.start, r.end) not in have)
        for r in added:
            child.add_closed(r.start, r.end, r.label)
        return Applied(len(added), RemoveClosed(added))


@dataclass(frozen=True)
class RemoveClosed(Operation):
    NAME: ClassVar[str] = "remove-closed"
    LABEL: ClassVar[str] = "closed days removal"
    ranges: tuple[ClosedRange, ...]

    def apply(self, child: Child) -> Applied:
        wanted = {(r.start, r.end) for r in self.ranges}
        removed = tuple(c for c in child.closed if (c.start, c.end) in wanted)
        child.closed = [c for c in child.closed if (c.start, c.end) not in wanted]
        return Applied(len(removed), AddClosed(removed))


# -- several at once -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch(Operation):
    """Several operations as one change (and one undo)."""

    NAME: ClassVar[str] = "batch"
    ops: tuple[Operation, ...] = field(default_factory=tuple)

    def label(self) -> str:
        return self.ops[-1].label() if self.ops else "change"

    def apply(self, child: Child) -> Applied:
        inverses: list[Operation] = []
        value = None
        for op in self.ops:
            applied = op.apply(child)
            value = applied.value
            if applied.inverse is not None:
                inverses.append(applied.inverse)
        return Applied(value, Batch(tuple(reversed(inverses))) if inverses else None)


def batch(*ops: Operation | None) -> Operation:
    """One operation from several (None ones left out); a single one as itself."""
    kept = tuple(op for op in ops if op is not None)
    return kept[0] if len(kept) == 1 else Batch(kept)


_NOWHERE = Path("recovery")
