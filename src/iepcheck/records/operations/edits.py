"""Changing an entry that is already in the record: only the fields the user changed.

An :class:`Edit` names the entry (its kind and id) and carries, for each field the user
changed, the new value and the value the user saw. It is applied to the entry *as it is under
the lock*, so two sessions (or two commands) changing different fields of one entry both
keep their change. When a field under the lock no longer holds the value the user saw,
another session changed it meanwhile: the later writer still wins, and the change says so
(:attr:`Applied.notes`). Its inverse puts back, field by field, what was there before.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from ...i18n import N_, _
from ...textsafe import clean_line
from .. import fields as F
from ..model import Child, ItemCopy, LogEntry
from ..plans import Goal, Plan, replace_in
from .base import Applied, Operation, RecordError, _run

# Each kind of entry: the rules of its fields, and a word for it in a sentence.
SCHEMAS: dict[str, dict[str, F.Field]] = {
    "child": F.CHILD,
    "contact": F.CONTACT,
    "closed": F.CLOSED,
    "meeting": F.MEETING,
    "communication": F.COMMUNICATION,
    "document": F.DOCUMENT,
    "letter": F.LETTER,
    "log": F.LOG,
    "own-item": F.OWN_ITEM,
    "plan": F.PLAN,
    "service": F.SERVICE,
    "accommodation": F.ACCOMMODATION,
    "goal": F.GOAL,
    "objective": F.OBJECTIVE,
    "report": F.GOAL_REPORT,
}
WORDS = {
    "child": "",
    "contact": N_("contact"),
    "closed": N_("closed days"),
    "meeting": N_("meeting"),
    "communication": N_("log entry"),
    "document": N_("document"),
    "letter": N_("letter"),
    "log": N_("log entry"),
    "own-item": N_("item"),
    "plan": N_("plan"),
    "service": N_("service"),
    "accommodation": N_("accommodation"),
    "goal": N_("goal"),
    "objective": N_("objective"),
    "report": N_("progress report"),
}
PLAN_TARGETS = ("plan", "service", "accommodation", "goal", "objective", "report")
_PLAN_LISTS = {"service": "services", "accommodation": "accommodations", "goal": "goals"}
_PARENT = {f"parent_{k}": k for k in ("name", "address", "email", "phone")}


@dataclass(frozen=True)
class Change:
    """One field: the value to write, and the value the user saw (for undo and notes)."""

    field: str
    new: Any = None
    old: Any = None


class _Slot:
    """Where an entry lives in the child: read its fields, write new ones back."""

    def __init__(self, get: Callable[[], Any], put: Callable[[Any], None]) -> None:
        self.get = get
        self.put = put

    def read(self, name: str) -> Any:
        entry = self.get()
        if name in _PARENT and hasattr(entry, "parent"):
            return getattr(entry.parent, _PARENT[name])
        return getattr(entry, name)

    def write(self, values: dict[str, Any]) -> None:
        entry = self.get()
        params = getattr(type(entry), "__dataclass_params__", None)
        if params is not None and params.frozen:
            self.put(dataclasses.replace(entry, **values))
            return
        for name, value in values.items():
            if name in _PARENT:
                entry.parent = dataclasses.replace(entry.parent, **{_PARENT[name]: value})
            else:
                setattr(entry, name, value)


def _in_list(items: list[Any], entry_id: str, what: str) -> _Slot:
    for n, entry in enumerate(items):
        if entry.id == entry_id:

            def get(n: int = n) -> Any:
                return items[n]

            def put(new: Any, n: int = n) -> None:
                items[n] = new

            return _Slot(get, put)
    raise RecordError(
        _("{what} {entry_id} is no longer in the child's record").format(
            what=what, entry_id=entry_id
        )
    )


def _slot(child: Child, target: str, entry_id: str) -> _Slot:
    if target == "child":
        return _Slot(lambda: child, lambda new: None)
    lists: dict[str, list[Any]] = {
        "contact": child.contacts,
        "closed": child.closed,
        "meeting": child.meetings,
        "communication": child.communications,
        "document": child.documents,
        "letter": child.letters,
    }
    if target in lists:
        return _in_list(lists[target], entry_id, _(WORDS[target]))
    if target in PLAN_TARGETS:
        return _plan_slot(child, target, entry_id)
    run_id, _sep, rest = entry_id.partition("/")
    run = _run(child, run_id)
    if target == "log":
        item_id, _sep, log_id = rest.rpartition("/")
        state = run.items.get(item_id)
        if state is None:
            raise RecordError(_("log entry {log_id} is no longer there").format(log_id=log_id))
        return _in_list(state.log, log_id, "log entry")
    if target == "own-item":
        item = run.find(rest)
        if item is None or not item.own:
            raise RecordError(_("only items you added can be edited"))

        def put(new: ItemCopy) -> None:
            run.replace_own_item(new)

        return _Slot(lambda: run.find(rest), put)
    raise RecordError(_("'{target}' is not a kind of entry").format(target=target))


def _plan_slot(child: Child, target: str, entry_id: str) -> _Slot:
    """A plan (its id), an entry of one ("PLAN/ID") or of one of its goals ("PLAN/GOAL/ID")."""
    plan_id, _sep, rest = entry_id.partition("/")

    def plan() -> Plan:
        found = child.plan_of(plan_id)
        if found is None:
            raise RecordError(
                _("plan {plan_id} is no longer in the child's record").format(plan_id=plan_id)
            )
        return found

    plan()
    if target == "plan":
        return _Slot(plan, child.put_plan)
    if target in _PLAN_LISTS:
        key = _PLAN_LISTS[target]

        def get() -> Any:
            found = next((e for e in getattr(plan(), key) if e.id == rest), None)
            if found is None:
                raise RecordError(
                    _("{WORDS} {rest} is no longer in the plan").format(
                        WORDS=_(WORDS[target]), rest=rest
                    )
                )
            return found

        def put(new: Any) -> None:
            now = plan()
            changed: dict[str, Any] = {key: replace_in(getattr(now, key), rest, new)}
            child.put_plan(dataclasses.replace(now, **changed))

        get()
        return _Slot(get, put)
    goal_id, _sep, leaf = rest.partition("/")
    key = "objectives" if target == "objective" else "reports"

    def goal() -> Goal:
        found = plan().goal(goal_id)
        if found is None:
            raise RecordError(_("goal {goal_id} is no longer in the plan").format(goal_id=goal_id))
        return found

    def get_leaf() -> Any:
        found = next((e for e in getattr(goal(), key) if e.id == leaf), None)
        if found is None:
            raise RecordError(
                _("{WORDS} {leaf} is no longer on the goal").format(
                    WORDS=_(WORDS[target]), leaf=leaf
                )
            )
        return found

    def put_leaf(new: Any) -> None:
        now = goal()
        items = replace_in(getattr(now, key), leaf, new)
        if key == "reports":
            items = tuple(sorted(items, key=lambda r: (r.on, r.added, r.id)))
        fields: dict[str, Any] = {key: items}
        changed = dataclasses.replace(now, **fields)
        child.put_plan(
            dataclasses.replace(plan(), goals=replace_in(plan().goals, goal_id, changed))
        )

    get_leaf()
    return _Slot(get_leaf, put_leaf)


def _conflict(target: str, entry_id: str, label: str, now: Any, new: Any) -> str:
    what = WORDS[target]
    if what:
        said = _("{what} {id}: {label} had been changed elsewhere to {now}; it is now {new}")
    else:
        said = _("{label} had been changed elsewhere to {now}; it is now {new}")
    return said.format(
        what=_(what),
        id=entry_id.rpartition("/")[2],
        label=label,
        now=F.shown(now),
        new=F.shown(new),
    )


@dataclass(frozen=True)
class Edit(Operation):
    """Change some fields of one entry (``target``: its kind; ``id``: which one)."""

    NAME: ClassVar[str] = "edit"
    LABEL: ClassVar[str] = N_("edit")
    target: str
    id: str
    changes: tuple[Change, ...]

    def label(self) -> str:
        what = WORDS.get(self.target, "")
        return _("{what} edit").format(what=_(what)) if what else _("child edit")

    def apply(self, child: Child) -> Applied:
        schema = SCHEMAS.get(self.target)
        if schema is None:
            raise RecordError(_("'{target}' is not a kind of entry").format(target=self.target))
        values: dict[str, Any] = {}
        for change in self.changes:
            field = schema.get(change.field)
            if field is None:
                raise RecordError(
                    _("'{field}' is not a field of a {target}").format(
                        field=change.field, target=self.target
                    )
                )
            try:
                values[change.field] = F.check(field, change.new)
            except F.FieldError as exc:
                raise RecordError(str(exc)) from None
        slot = _slot(child, self.target, self.id)
        before = {name: slot.read(name) for name in values}
        _check_together(self.target, slot, values)
        if self.target == "plan" and values.get("state") in ("current", "draft"):
            state = values["state"]
            other = child.current_plan() if state == "current" else child.draft_plan()
            if other is not None and other.id != self.id:
                raise RecordError(
                    _("the child has a {state} plan already: reload and try again").format(
                        state=state
                    )
                )
        notes = tuple(
            _conflict(self.target, self.id, _(schema[c.field].label), before[c.field], c.new)
            for c in self.changes
            if before[c.field] != c.old and before[c.field] != values[c.field]
        )
        slot.write(values)
        if self.target == "meeting":
            child.sort_meetings()
        elif self.target in ("communication", "document", "closed"):
            _resort(child, self.target)
        inverse = Edit(
            self.target,
            self.id,
            tuple(Change(name, before[name], values[name]) for name in values),
        )
        return Applied(None, inverse, notes)


def _check_together(target: str, slot: _Slot, values: dict[str, Any]) -> None:
    """Rules that tie two fields of one entry together, checked on the entry as it will be."""
    if target == "closed":
        start = values.get("start", slot.read("start"))
        end = values.get("end", slot.read("end"))
        if end < start:
            raise RecordError(_("closed days cannot end before they start"))
    if target == "plan":
        start = values.get("start", slot.read("start"))
        end = values.get("end", slot.read("end"))
        if start and end and end < start:
            raise RecordError(_("the plan cannot end before it starts"))
        if "report_dates" in values:
            values["report_dates"] = tuple(sorted(set(values["report_dates"])))
    if target == "service":
        if values.get("minutes", 1) < 1:
            raise RecordError(_("a service has at least 1 minute"))
        per = values.get("per", slot.read("per"))
        if per == "cycle" and values.get("cycle_days", slot.read("cycle_days")) < 1:
            raise RecordError(
                _("a service given per cycle needs the cycle's school days (1 or more)")
            )
    if target == "own-item":
        from ...checklists.model import parse_due, parse_repeat

        for name, parse in (("due", parse_due), ("repeat", parse_repeat)):
            if values.get(name) and parse(values[name]) is None:
                raise RecordError(
                    _("{label} ('{values}') is not a rule").format(
                        label=_(F.OWN_ITEM[name].label), values=clean_line(values[name])
                    )
                )


def _resort(child: Child, target: str) -> None:
    if target == "communication":
        child.communications.sort(key=lambda c: (c.day, c.added))
    elif target == "document":
        child.documents.sort(key=lambda d: (d.received, d.added))
    else:
        child.closed.sort(key=lambda c: (c.start, c.end))


def between(target: str, entry_id: str, seen: Any, wanted: Any) -> Edit | None:
    """The edit that takes an entry from how the user saw it to how they want it: only the
    fields that differ (None when nothing does). ``seen`` and ``wanted`` are two versions
    of the same entry (dataclasses), or dicts of field values for the child."""
    schema = SCHEMAS[target]
    changes = []
    for name in schema:
        old = _value(seen, name)
        new = _value(wanted, name)
        if old is _MISSING or new is _MISSING or old == new:
            continue
        changes.append(Change(name, new, old))
    return Edit(target, entry_id, tuple(changes)) if changes else None


_MISSING = object()


def _value(entry: Any, name: str) -> Any:
    if isinstance(entry, dict):
        return entry.get(name, _MISSING)
    if name in _PARENT and hasattr(entry, "parent"):
        return getattr(entry.parent, _PARENT[name])
    return getattr(entry, name, _MISSING)


def log_id(run_id: str, item_id: str, entry: LogEntry | str) -> str:
    """The id an :class:`Edit` of a log entry names it by."""
    return f"{run_id}/{item_id}/{entry if isinstance(entry, str) else entry.id}"


def own_item_id(run_id: str, item_id: str) -> str:
    return f"{run_id}/{item_id}"
