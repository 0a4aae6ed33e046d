"""Operations on one item of a run: tick, skip, notes, log entries, the parent's own items."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

from ...checklists.model import OWN_PREFIX, parse_due, parse_repeat
from ...i18n import N_, _
from ...textsafe import clean_line
from .. import fields as F
from ..model import Child, Completion, ItemCopy, ItemState, LogEntry, Run
from ..reading import Reader
from ..runs_codec import state_from_doc, state_to_doc
from .base import Applied, Batch, Operation, RecordError, _run, check_entry, checked
from .edits import Change

_NOWHERE = Path("recovery")

# Said when a note another session changed meanwhile is replaced (nothing is lost: both said).
NOTE_CHANGED = N_("the note on '{item}' had been changed elsewhere to {before}; it is now {now}")


def _item(run: Run, item_id: str) -> None:
    if run.find(item_id) is None:
        raise RecordError(
            _("no item '{item_id}' in {checklist}").format(item_id=item_id, checklist=run.checklist)
        )


def _snapshot(run: Run, item_id: str) -> RestoreItem:
    state = run.items.get(item_id)
    return RestoreItem(
        run.id, item_id, None if state is None else state_to_doc(copy.deepcopy(state))
    )


@dataclass(frozen=True)
class RestoreItem(Operation):
    """Put an item's whole progress back: the undo of removing an own item (whose progress
    went with it), and replayed from recovery files an earlier iepcheck wrote."""

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


_STATE_FIELDS = ("state", "at", "on", "reason", "note", "was")


def _fields_of(state: ItemState | None) -> dict[str, Any]:
    state = state or ItemState()
    return {name: getattr(state, name) for name in _STATE_FIELDS}


def _changing(
    child: Child,
    run_id: str,
    item_id: str,
    change: Callable[[Run], object],
    *,
    in_checklist: bool = True,
) -> Applied:
    """Change some fields of one item's state. Its undo (:class:`SetItem`) puts back only
    those fields and ticks, so it never takes back what another session wrote meanwhile to
    the item's other fields. ``in_checklist``: the item must still be in the checklist
    (an undo may also touch the kept progress of an item the checklist dropped)."""
    run = _run(child, run_id)
    if in_checklist:
        _item(run, item_id)
    before = _fields_of(run.items.get(item_id))
    ticks_before = list(run.state(item_id).completions)
    change(run)
    after = _fields_of(run.items.get(item_id))
    ticks_after = list(run.state(item_id).completions)
    added = tuple(c.at for c in ticks_after if c not in ticks_before)
    dropped = tuple(c for c in ticks_before if c not in ticks_after)
    changes = tuple(
        Change(name, before[name], after[name])
        for name in _STATE_FIELDS
        if before[name] != after[name]
    )
    if item_id in run.items and run.items[item_id].is_empty() and not run.items[item_id].was:
        del run.items[item_id]  # nothing left to keep: as if never touched
    return Applied(run.state(item_id).state, SetItem(run_id, item_id, changes, dropped, added))


@dataclass(frozen=True)
class SetItem(Operation):
    """Set some fields of an item's state and add or take back ticks of a repeat item: the
    undo of every item change, field by field."""

    NAME: ClassVar[str] = "set-item"
    run: str
    item: str
    changes: tuple[Change, ...] = ()
    add_completions: tuple[Completion, ...] = ()
    drop_completions: tuple[datetime, ...] = ()  # by when they were recorded

    def apply(self, child: Child) -> Applied:
        values = {}
        for wanted in self.changes:
            field = F.ITEM_STATE.get(wanted.field)
            if field is None:
                raise RecordError(
                    _("'{field}' is not a field of an item").format(field=wanted.field)
                )
            values[wanted.field] = checked(field, wanted.new)
        for completion in self.add_completions:
            _check_completion(completion)
        run = _run(child, self.run)
        if run.find(self.item) is None and self.item not in run.items:
            return Applied(None, None)  # dropped from the checklist, nothing kept: nothing to do
        now = _fields_of(run.items.get(self.item))
        notes = tuple(
            _(
                "the note on '{item}' had been changed elsewhere to {before}; it is now {now}"
            ).format(item=self.item, before=F.shown(now["note"]), now=F.shown(values["note"]))
            for c in self.changes
            if c.field == "note" and now["note"] not in (c.old, values["note"])
        )

        def change(r: Run) -> None:
            state = r._edit(self.item)
            for name, value in values.items():
                setattr(state, name, value)
            drop = set(self.drop_completions)
            state.completions = [c for c in state.completions if c.at not in drop]
            state.completions += [c for c in self.add_completions if c not in state.completions]
            state.completions.sort(key=lambda c: c.at)

        applied = _changing(child, self.run, self.item, change, in_checklist=False)
        return Applied(applied.value, applied.inverse, notes)


def _check_completion(completion: Completion) -> None:
    checked(F.ITEM_STATE["at"], completion.at)
    checked(F.ITEM_STATE["on"], completion.on)


def _check_tick(at: datetime, on: date | None) -> None:
    _check_completion(Completion(at, on))


@dataclass(frozen=True)
class Tick(Operation):
    NAME: ClassVar[str] = "tick"
    LABEL: ClassVar[str] = N_("tick")
    run: str
    item: str
    at: datetime
    on: date | None = None  # the day it really happened, when the user said

    def apply(self, child: Child) -> Applied:
        _check_tick(self.at, self.on)
        return _changing(child, self.run, self.item, lambda r: r.tick(self.item, self.at, self.on))


@dataclass(frozen=True)
class Untick(Operation):
    NAME: ClassVar[str] = "untick"
    LABEL: ClassVar[str] = N_("untick")
    run: str
    item: str

    def apply(self, child: Child) -> Applied:
        return _changing(child, self.run, self.item, lambda r: r.untick(self.item))


@dataclass(frozen=True)
class Skip(Operation):
    NAME: ClassVar[str] = "skip"
    LABEL: ClassVar[str] = N_("skip")
    run: str
    item: str
    at: datetime
    reason: str = ""

    def apply(self, child: Child) -> Applied:
        _check_tick(self.at, None)
        checked(F.ITEM_STATE["reason"], self.reason)
        return _changing(
            child, self.run, self.item, lambda r: r.skip(self.item, self.at, self.reason)
        )


@dataclass(frozen=True)
class SetNote(Operation):
    NAME: ClassVar[str] = "note"
    LABEL: ClassVar[str] = N_("note")
    run: str
    item: str
    note: str
    seen: str | None = None  # the note as the user saw it (None: not known)

    def apply(self, child: Child) -> Applied:
        checked(F.ITEM_STATE["note"], self.note)
        now = _run(child, self.run).state(self.item).note
        applied = _changing(child, self.run, self.item, lambda r: r.set_note(self.item, self.note))
        notes: tuple[str, ...] = ()
        if self.seen is not None and now != self.seen and now != self.note:
            notes = (
                _(
                    "the note on '{item}' had been changed elsewhere to {before}; it is now {now}"
                ).format(item=self.item, before=F.shown(now), now=F.shown(self.note)),
            )
        return Applied(applied.value, applied.inverse, notes)


@dataclass(frozen=True)
class AddLog(Operation):
    NAME: ClassVar[str] = "add-log"
    LABEL: ClassVar[str] = N_("log entry")
    run: str
    item: str
    entry: LogEntry

    def apply(self, child: Child) -> Applied:
        check_entry(F.LOG, self.entry)
        run = _run(child, self.run)
        _item(run, self.item)
        if any(e.id == self.entry.id for e in run.state(self.item).log):
            raise RecordError(
                _("log entry {entry_id} is already there").format(entry_id=self.entry.id)
            )
        run.add_log(self.item, self.entry)
        return Applied(run.state(self.item).state, RemoveLog(self.run, self.item, self.entry.id))


def _holding(run: Run, item_id: str, entry_id: str) -> ItemState:
    """The item's state, which must hold log entry ``entry_id``."""
    state = run.items.get(item_id)
    if state is None or not any(e.id == entry_id for e in state.log):
        raise RecordError(_("log entry {entry_id} is no longer there").format(entry_id=entry_id))
    return state


@dataclass(frozen=True)
class EditLog(Operation):
    """Replace a whole log entry (same id). Only replayed from recovery files written by an
    earlier iepcheck: edits are field by field now (:class:`~.edits.Edit`, target "log")."""

    NAME: ClassVar[str] = "edit-log"
    LABEL: ClassVar[str] = N_("log edit")
    run: str
    item: str
    entry: LogEntry

    def apply(self, child: Child) -> Applied:
        check_entry(F.LOG, self.entry)
        run = _run(child, self.run)
        before = _snapshot(run, self.item)
        state = _holding(run, self.item, self.entry.id)
        state.log = [self.entry if e.id == self.entry.id else e for e in state.log]
        return Applied(None, before)


@dataclass(frozen=True)
class RemoveLog(Operation):
    NAME: ClassVar[str] = "remove-log"
    LABEL: ClassVar[str] = N_("log entry removal")
    run: str
    item: str
    entry: str

    def apply(self, child: Child) -> Applied:
        run = _run(child, self.run)
        state = _holding(run, self.item, self.entry)
        found = next(e for e in state.log if e.id == self.entry)
        state.log = [e for e in state.log if e.id != self.entry]
        if state.is_empty() and not state.was:
            del run.items[self.item]
        return Applied(None, AddLog(self.run, self.item, found))


@dataclass(frozen=True)
class MarkSeen(Operation):
    """The family looked at an item the checklist reworded after they ticked it."""

    NAME: ClassVar[str] = "seen"
    run: str
    item: str

    def apply(self, child: Child) -> Applied:
        return _changing(
            child, self.run, self.item, lambda r: r.seen(self.item), in_checklist=False
        )


@dataclass(frozen=True)
class AddOwnItem(Operation):
    NAME: ClassVar[str] = "add-item"
    LABEL: ClassVar[str] = N_("add item")
    run: str
    section: int
    item: ItemCopy

    def apply(self, child: Child) -> Applied:
        _check_own_item(self.item)
        run = _run(child, self.run)
        if not 0 <= self.section < len(run.sections):
            raise RecordError(_("that section is no longer in the checklist"))
        if run.find(self.item.id) is not None:
            raise RecordError(_("item {item_id} is already there").format(item_id=self.item.id))
        run.add_own_item(self.section, self.item)
        return Applied(self.item.id, RemoveOwnItem(self.run, self.item.id))


def _check_own_item(item: ItemCopy) -> None:
    if not item.own or not item.id.startswith(OWN_PREFIX):
        raise RecordError(
            _("an item you add has an id starting '{OWN_PREFIX}'").format(OWN_PREFIX=OWN_PREFIX)
        )
    check_entry(F.OWN_ITEM, item)
    checked(F.OWN_ITEM["text"], item.text)
    for name, parse in (("due", parse_due), ("repeat", parse_repeat)):
        value = getattr(item, name)
        if value and parse(value) is None:
            raise RecordError(
                _("{label} ('{value}') is not a rule").format(
                    label=_(F.OWN_ITEM[name].label), value=clean_line(value)
                )
            )


@dataclass(frozen=True)
class EditOwnItem(Operation):
    """Replace a whole own item. Only replayed from recovery files written by an earlier
    iepcheck: edits are field by field now (:class:`~.edits.Edit`, target "own-item")."""

    NAME: ClassVar[str] = "edit-item"
    LABEL: ClassVar[str] = N_("item edit")
    run: str
    item: ItemCopy

    def apply(self, child: Child) -> Applied:
        _check_own_item(self.item)
        run = _run(child, self.run)
        old = run.find(self.item.id)
        if old is None or not old.own:
            raise RecordError(_("only items you added can be edited"))
        run.replace_own_item(self.item)
        return Applied(None, EditOwnItem(self.run, old))


@dataclass(frozen=True)
class RemoveOwnItem(Operation):
    NAME: ClassVar[str] = "remove-item"
    LABEL: ClassVar[str] = N_("item removal")
    run: str
    item: str

    def apply(self, child: Child) -> Applied:
        run = _run(child, self.run)
        old = run.find(self.item)
        section = run.section_index(self.item)
        if old is None or not old.own or section is None:
            raise RecordError(_("only items you added can be removed"))
        kept = run.items.get(self.item)
        state = None if kept is None else state_to_doc(copy.deepcopy(kept))
        run.remove_own_item(self.item)
        undo = Batch((AddOwnItem(self.run, section, old), RestoreItem(self.run, self.item, state)))
        return Applied(None, undo)
