"""Children: adding one, editing the profile, the school's closed days."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..calendar.schooldays import ClosedRange
from ..clock import out_of_range
from ..i18n import _
from ..records.model import PLANS, Child, closed_id
from ..records.operations import (
    AddClosed,
    Change,
    Edit,
    Operation,
    RemoveClosed,
    batch,
    between,
)
from ..records.store import NameTaken, ProgressError, Store
from ..textsafe import UNSAFE_RE, clean_line
from .errors import InputError, ServiceError


def plan_of(text: str) -> str:
    """A plan as the user typed it ('IEP', '504', 'none'), checked."""
    plan = text.strip().casefold()
    if plan not in PLANS:
        raise InputError(
            _("'{text}' is not a plan: use one of {value}").format(
                text=clean_line(text), value=", ".join(PLANS)
            )
        )
    return plan


def check_text(value: str, what: str) -> str:
    """A one-line field as typed, refusing control characters (they could fool a terminal)."""
    if UNSAFE_RE.search(value) or "\n" in value:
        raise InputError(_("{what} contains a control character or a line break").format(what=what))
    return value.strip()


def create(store: Store, name: str, plan: str = "none") -> Child:
    name = check_text(name, _("the name"))
    if not name:
        raise InputError(_("a child needs a name"))
    try:
        return store.create(name, plan)
    except NameTaken:
        raise ServiceError(
            _("a child named '{name}' already exists").format(name=clean_line(name))
        ) from None
    except ProgressError as exc:
        raise ServiceError(str(exc)) from None


def check_new_name(store: Store, child: Child, name: str) -> str:
    name = check_text(name, _("the name"))
    if not name:
        raise InputError(_("the new name is empty"))
    if store.name_taken(name, except_id=child.id):
        raise ServiceError(_("a child named '{name}' already exists").format(name=clean_line(name)))
    return name


def parse_range(text: str, label: str = "") -> ClosedRange:
    """'2026-12-24..2027-01-01' or '2027-01-19' as a closed range."""
    start_text, dots, end_text = text.strip().partition("..")
    try:
        start = date.fromisoformat(start_text)
        end = date.fromisoformat(end_text) if dots else start
    except ValueError:
        raise InputError(
            _("'{text}' is not a date or a range like 2026-12-24..2027-01-01").format(
                text=clean_line(text)
            )
        ) from None
    for day in (start, end):
        if problem := out_of_range(day):
            raise InputError(f"'{clean_line(text)}': {problem}")
    if end < start:
        raise InputError(_("'{text}' ends before it starts").format(text=clean_line(text)))
    if (end - start).days > 366:
        raise InputError(_("'{text}' is longer than a year").format(text=clean_line(text)))
    return ClosedRange(start, end, label)


def parse_closed_lines(text: str) -> tuple[list[ClosedRange], list[str]]:
    """One range a line, with an optional label: '2026-12-24..2027-01-01 Winter break'.

    Returns the ranges and a sentence for each line that is not one.
    """
    ranges, errors = [], []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        span, _sep, label = line.partition(" ")
        try:
            ranges.append(parse_range(span, check_text(label, _("a label"))))
        except InputError as exc:
            errors.append(_("line {n}: {error}").format(n=n, error=exc))
    return sorted(ranges, key=lambda c: (c.start, c.end)), errors


def closed_lines(closed: Iterable[ClosedRange]) -> str:
    """The closed ranges as the form shows them, one a line (the inverse of the parser)."""
    lines = []
    for c in closed:
        span = c.start.isoformat() + (f"..{c.end.isoformat()}" if c.end != c.start else "")
        lines.append(f"{span} {c.label}".rstrip())
    return "\n".join(lines)


def profile(
    seen: Child,
    *,
    name: str,
    plan: str,
    school: str,
    district: str,
    closed: Iterable[ClosedRange],
) -> Operation | None:
    """The child form's Save: what the user changed from the child as the form showed it
    (``seen``), field by field; every text field checked (no control characters). The
    child's contacts are changed one by one (:mod:`iepcheck.service.details`)."""
    wanted = {
        "name": check_text(name, _("the name")) or seen.name,
        "plan": plan_of(plan),
        "school": check_text(school, _("the school")),
        "district": check_text(district, _("the district")),
    }
    ops: list[Operation | None] = [between("child", "", seen, wanted)]
    current = seen.current_plan()
    if current is not None and wanted["plan"] != seen.plan and current.kind != wanted["plan"]:
        # The child's plan is now another (or none): the current one no longer is, and is
        # kept as the previous plan, so the two never disagree.
        ops.append(Edit("plan", current.id, (Change("state", "previous", "current"),)))
    ops += closed_changes(seen.closed, closed)
    kept = [op for op in ops if op is not None]
    return batch(*kept) if kept else None


def closed_changes(seen: Iterable[ClosedRange], wanted: Iterable[ClosedRange]) -> list[Operation]:
    """The closed ranges added, taken out and relabelled between two lists of them."""
    before = {(c.start, c.end): c for c in seen}
    after = {(c.start, c.end): c for c in wanted}
    ops: list[Operation] = []
    added = tuple(c for k, c in after.items() if k not in before)
    removed = tuple(c for k, c in before.items() if k not in after)
    if removed:
        ops.append(RemoveClosed(removed))
    if added:
        ops.append(AddClosed(added))
    for k, c in after.items():
        old = before.get(k)
        if old is not None and old.label != c.label:
            edit = between("closed", old.id or closed_id(old.start, old.end), old, c)
            if edit is not None:
                ops.append(edit)
    return ops


def rename(child: Child, new_name: str) -> Operation:
    return Edit("child", "", (Change("name", new_name, child.name),))


def remove(store: Store, child: Child) -> Path:
    """Move the child's file to the trash folder (nothing is deleted)."""
    try:
        return store.remove(child.id)
    except ProgressError as exc:
        raise ServiceError(str(exc)) from None
