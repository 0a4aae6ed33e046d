"""Operations on the child's plans: a new plan, and the entries it holds (services,
accommodations, goals, their objectives and progress reports), each added or taken out by id.

A plan's fields, and an entry's, change with the field-by-field :class:`~.edits.Edit`
(targets "plan", "service", "accommodation", "goal", "objective", "report"). Every change
brings the items made from the plan (``plan-…`` in a monitoring checklist) up to date.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar

from ...i18n import N_, _
from .. import fields as F
from ..model import Child, ItemState
from ..plans import (
    Accommodation,
    Goal,
    GoalReport,
    Objective,
    Plan,
    Service,
    entries,
    replace_in,
    taken_ids,
)
from ..runs_codec import state_to_doc
from .base import Applied, Batch, Operation, RecordError, _run, check_entry
from .items import AddOwnItem, RestoreItem


def find_plan(child: Child, plan_id: str) -> Plan:
    plan = child.plan_of(plan_id)
    if plan is None:
        raise RecordError(
            _("plan {plan_id} is no longer in the child's record").format(plan_id=plan_id)
        )
    return plan


def find_goal(plan: Plan, goal_id: str) -> Goal:
    goal = plan.goal(goal_id)
    if goal is None:
        raise RecordError(_("goal {goal_id} is no longer in the plan").format(goal_id=goal_id))
    return goal


def check_service(service: Service) -> None:
    check_entry(F.SERVICE, service)
    if service.minutes < 1:
        raise RecordError(_("a service has at least 1 minute"))
    if service.per == "cycle" and service.cycle_days < 1:
        raise RecordError(_("a service given per cycle needs the cycle's school days (1 or more)"))


def check_plan_fields(plan: Plan) -> None:
    check_entry(F.PLAN, plan)
    if plan.start and plan.end and plan.end < plan.start:
        raise RecordError(_("the plan cannot end before it starts"))


def _check_new_ids(child: Child, *found: str) -> None:
    taken = taken_ids(child.plans)
    for entry_id in found:
        if not entry_id:
            raise RecordError(_("every entry of a plan needs an id"))
        if entry_id in taken:
            raise RecordError(
                _("{entry_id} is already in the child's plans").format(entry_id=entry_id)
            )


def check_goal(goal: Goal) -> None:
    check_entry(F.GOAL, goal)
    for objective in goal.objectives:
        check_entry(F.OBJECTIVE, objective)
    for report in goal.reports:
        check_entry(F.GOAL_REPORT, report)


# -- plans -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddPlan(Operation):
    """A new plan (current, a draft, or an earlier one), with what it holds. A new current
    plan comes after the old one was made ``previous`` (an :class:`~.edits.Edit` before it in
    the same batch): two current plans are refused."""

    NAME: ClassVar[str] = "add-plan"
    LABEL: ClassVar[str] = N_("new plan")
    plan: Plan

    def apply(self, child: Child) -> Applied:
        plan = self.plan
        check_plan_fields(plan)
        for service in plan.services:
            check_service(service)
        for accommodation in plan.accommodations:
            check_entry(F.ACCOMMODATION, accommodation)
        for goal in plan.goals:
            check_goal(goal)
        ids = [plan.id, *(getattr(e, "id", "") for _, e in entries(plan))]
        if len(set(ids)) != len(ids):
            raise RecordError(_("two entries of the new plan have the same id"))
        _check_new_ids(child, *ids)
        if plan.state in ("current", "draft"):
            other = child.current_plan() if plan.state == "current" else child.draft_plan()
            if other is not None:
                raise RecordError(
                    _(
                        "the child has a {state} plan already (started {value}): reload and try "
                        "again"
                    ).format(state=plan.state, value=other.start or "?")
                )
        child.put_plan(plan)
        return Applied(plan.id, DropPlan(plan.id))


@dataclass(frozen=True)
class DropPlan(Operation):
    """Take a plan out of the record: only the undo of :class:`AddPlan`."""

    NAME: ClassVar[str] = "drop-plan"
    LABEL: ClassVar[str] = N_("plan removal")
    id: str

    def apply(self, child: Child) -> Applied:
        found = find_plan(child, self.id)
        child.plans = [p for p in child.plans if p.id != self.id]
        child.sync_plan_items()
        return Applied(found, AddPlan(found))


# -- entries ---------------------------------------------------------------------------------------


def _replace_plan(child: Child, plan: Plan, **changes: Any) -> None:
    child.put_plan(dataclasses.replace(plan, **changes))


def _insert(items: tuple[T, ...], new: T, at: int) -> tuple[T, ...]:
    """``items`` with ``new`` at index ``at`` (-1, or past the end: last): the order the
    parent entered them, and an undone removal back in its place."""
    if at < 0 or at >= len(items):
        return (*items, new)
    return (*items[:at], new, *items[at:])


def _index(items: tuple[Any, ...], entry_id: str) -> int:
    return next((n for n, e in enumerate(items) if e.id == entry_id), -1)


@dataclass(frozen=True)
class AddService(Operation):
    NAME: ClassVar[str] = "add-service"
    LABEL: ClassVar[str] = N_("new service")
    plan: str
    service: Service
    at: int = -1  # where in the list (-1: last)

    def apply(self, child: Child) -> Applied:
        check_service(self.service)
        plan = find_plan(child, self.plan)
        _check_new_ids(child, self.service.id)
        _replace_plan(child, plan, services=_insert(plan.services, self.service, self.at))
        return Applied(self.service.id, DropService(self.plan, self.service.id))


@dataclass(frozen=True)
class DropService(Operation):
    NAME: ClassVar[str] = "drop-service"
    LABEL: ClassVar[str] = N_("service removal")
    plan: str
    id: str

    def apply(self, child: Child) -> Applied:
        plan = find_plan(child, self.plan)
        found = plan.service(self.id)
        if found is None:
            raise RecordError(_("service {id} is no longer in the plan").format(id=self.id))
        at = _index(plan.services, self.id)
        _replace_plan(child, plan, services=replace_in(plan.services, self.id, None))
        return Applied(found, AddService(self.plan, found, at))


@dataclass(frozen=True)
class AddAccommodation(Operation):
    NAME: ClassVar[str] = "add-accommodation"
    LABEL: ClassVar[str] = N_("new accommodation")
    plan: str
    accommodation: Accommodation
    at: int = -1  # where in the list (-1: last)

    def apply(self, child: Child) -> Applied:
        check_entry(F.ACCOMMODATION, self.accommodation)
        plan = find_plan(child, self.plan)
        _check_new_ids(child, self.accommodation.id)
        changed = _insert(plan.accommodations, self.accommodation, self.at)
        _replace_plan(child, plan, accommodations=changed)
        return Applied(self.accommodation.id, DropAccommodation(self.plan, self.accommodation.id))


@dataclass(frozen=True)
class DropAccommodation(Operation):
    NAME: ClassVar[str] = "drop-accommodation"
    LABEL: ClassVar[str] = N_("accommodation removal")
    plan: str
    id: str

    def apply(self, child: Child) -> Applied:
        plan = find_plan(child, self.plan)
        found = plan.accommodation(self.id)
        if found is None:
            raise RecordError(_("accommodation {id} is no longer in the plan").format(id=self.id))
        at = _index(plan.accommodations, self.id)
        _replace_plan(child, plan, accommodations=replace_in(plan.accommodations, self.id, None))
        return Applied(found, AddAccommodation(self.plan, found, at))


@dataclass(frozen=True)
class AddGoal(Operation):
    NAME: ClassVar[str] = "add-goal"
    LABEL: ClassVar[str] = N_("new goal")
    plan: str
    goal: Goal
    at: int = -1  # where in the list (-1: last)

    def apply(self, child: Child) -> Applied:
        check_goal(self.goal)
        plan = find_plan(child, self.plan)
        ids = [self.goal.id, *(o.id for o in self.goal.objectives)]
        ids += [r.id for r in self.goal.reports]
        if len(set(ids)) != len(ids):
            raise RecordError(_("two entries of the goal have the same id"))
        _check_new_ids(child, *ids)
        _replace_plan(child, plan, goals=_insert(plan.goals, self.goal, self.at))
        return Applied(self.goal.id, DropGoal(self.plan, self.goal.id))


@dataclass(frozen=True)
class DropGoal(Operation):
    """Take a goal out of the plan, its objectives and reports with it (undo puts all back)."""

    NAME: ClassVar[str] = "drop-goal"
    LABEL: ClassVar[str] = N_("goal removal")
    plan: str
    id: str

    def apply(self, child: Child) -> Applied:
        plan = find_plan(child, self.plan)
        found = find_goal(plan, self.id)
        at = _index(plan.goals, self.id)
        _replace_plan(child, plan, goals=replace_in(plan.goals, self.id, None))
        return Applied(found, AddGoal(self.plan, found, at))


@dataclass(frozen=True)
class AddObjective(Operation):
    NAME: ClassVar[str] = "add-objective"
    LABEL: ClassVar[str] = N_("new objective")
    plan: str
    goal: str
    objective: Objective
    at: int = -1

    def apply(self, child: Child) -> Applied:
        check_entry(F.OBJECTIVE, self.objective)
        plan = find_plan(child, self.plan)
        goal = find_goal(plan, self.goal)
        _check_new_ids(child, self.objective.id)
        new = dataclasses.replace(
            goal, objectives=_insert(goal.objectives, self.objective, self.at)
        )
        _replace_plan(child, plan, goals=replace_in(plan.goals, goal.id, new))
        return Applied(self.objective.id, DropObjective(self.plan, self.goal, self.objective.id))


@dataclass(frozen=True)
class DropObjective(Operation):
    NAME: ClassVar[str] = "drop-objective"
    LABEL: ClassVar[str] = N_("objective removal")
    plan: str
    goal: str
    id: str

    def apply(self, child: Child) -> Applied:
        plan = find_plan(child, self.plan)
        goal = find_goal(plan, self.goal)
        found = next((o for o in goal.objectives if o.id == self.id), None)
        if found is None:
            raise RecordError(_("objective {id} is no longer in the goal").format(id=self.id))
        at = _index(goal.objectives, self.id)
        new = dataclasses.replace(goal, objectives=replace_in(goal.objectives, self.id, None))
        _replace_plan(child, plan, goals=replace_in(plan.goals, goal.id, new))
        return Applied(found, AddObjective(self.plan, self.goal, found, at))


def _by_date(reports: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(sorted(reports, key=lambda r: (r.on, r.added, r.id)))


@dataclass(frozen=True)
class AddReport(Operation):
    """A progress report on one goal: the day it came, its status, a value, a note."""

    NAME: ClassVar[str] = "add-report"
    LABEL: ClassVar[str] = N_("progress report")
    plan: str
    goal: str
    report: GoalReport

    def apply(self, child: Child) -> Applied:
        check_entry(F.GOAL_REPORT, self.report)
        plan = find_plan(child, self.plan)
        goal = find_goal(plan, self.goal)
        _check_new_ids(child, self.report.id)
        new = dataclasses.replace(goal, reports=_by_date((*goal.reports, self.report)))
        _replace_plan(child, plan, goals=replace_in(plan.goals, goal.id, new))
        return Applied(self.report.id, DropReport(self.plan, self.goal, self.report.id))


@dataclass(frozen=True)
class DropReport(Operation):
    NAME: ClassVar[str] = "drop-report"
    LABEL: ClassVar[str] = N_("report removal")
    plan: str
    goal: str
    id: str

    def apply(self, child: Child) -> Applied:
        plan = find_plan(child, self.plan)
        goal = find_goal(plan, self.goal)
        found = next((r for r in goal.reports if r.id == self.id), None)
        if found is None:
            raise RecordError(_("report {id} is no longer on the goal").format(id=self.id))
        new = dataclasses.replace(goal, reports=replace_in(goal.reports, self.id, None))
        _replace_plan(child, plan, goals=replace_in(plan.goals, goal.id, new))
        return Applied(found, AddReport(self.plan, self.goal, found))


T = TypeVar("T")
_NEVER = datetime.min.replace(tzinfo=UTC)  # before any tick


# -- an own item typed before the plan, linked to the plan's entry ---------------------------------


@dataclass(frozen=True)
class LinkItem(Operation):
    """An own item the parent typed before the plan listed the same service or accommodation:
    its ticks, log and note go to the plan's item, and the own item goes (undo: both back)."""

    NAME: ClassVar[str] = "link-item"
    LABEL: ClassVar[str] = N_("link to the plan")
    run: str
    own: str  # the own item's id
    item: str  # the plan's item (plan-…)

    def apply(self, child: Child) -> Applied:
        run = _run(child, self.run)
        own = run.find(self.own)
        target = run.find(self.item)
        section = run.section_index(self.own)
        if own is None or not own.own or section is None:
            raise RecordError(_("only an item you added can be linked to the plan"))
        if target is None or not target.plan:
            raise RecordError(_("that entry is no longer in the plan's list"))
        mine = run.items.get(self.own)
        theirs = run.items.get(self.item)
        undo = Batch(
            (
                AddOwnItem(self.run, section, own),
                RestoreItem(self.run, self.own, _doc(mine)),
                RestoreItem(self.run, self.item, _doc(theirs)),
            )
        )
        run.remove_own_item(self.own)
        if mine is not None:
            run.items[self.item] = _joined(theirs, mine)
        return Applied(self.item, undo)


def _doc(state: ItemState | None) -> dict[str, Any] | None:
    return None if state is None else state_to_doc(copy.deepcopy(state))


def _joined(kept: ItemState | None, moved: ItemState) -> ItemState:
    """Two items' progress as one: every tick and log entry of both (a log entry whose id is
    taken gets another), the later state, both notes."""
    if kept is None:
        return copy.deepcopy(moved)
    out = copy.deepcopy(kept)
    ticks = {c.at: c for c in [*out.completions, *moved.completions]}
    out.completions = sorted(ticks.values(), key=lambda c: c.at)
    taken = {e.id for e in out.log}
    for entry in moved.log:
        new_id, n = entry.id, 1
        while new_id in taken:
            n += 1
            new_id = f"{entry.id}-{n}"
        taken.add(new_id)
        out.log.append(dataclasses.replace(entry, id=new_id))
    out.log.sort(key=lambda e: (e.day, e.added))
    if (moved.at or _NEVER) > (out.at or _NEVER):
        out.state, out.at, out.on, out.reason = moved.state, moved.at, moved.on, moved.reason
    if moved.note and moved.note not in out.note:
        out.note = f"{out.note}\n\n{moved.note}" if out.note else moved.note
    return out
