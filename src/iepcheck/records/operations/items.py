"""Operations on one item of a run: tick, skip, notes, log entries, the parent's own items."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

from ..codec import Reader, state_from_doc, state_to_doc
from ..model import Child, ItemCopy, ItemState, LogEntry, Run
from .base import Applied, Batch, Operation, RecordError, _run

_NOWHERE = Path("recovery")


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


def _holding(run: Run, item_id: str, entry_id: str) -> ItemState:
    """The item's state, which must hold log entry ``entry_id``."""
    state = run.items.get(item_id)
    if state is None or not any(e.id == entry_id for e in state.log):
        raise RecordError(f"log entry {entry_id} is no longer there")
    return state


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
        state = _holding(run, self.item, self.entry.id)
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
        state = _holding(run, self.item, self.entry)
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
