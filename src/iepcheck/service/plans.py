"""The plan: building the changes both front ends make (a plan set, a new plan or a draft, its
services, accommodations and goals, a progress report), the comparison of two plans, and the
plan as ``--json`` prints it. The decisions live here once; the CLI and the app only ask."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..i18n import _
from ..records.ids import fresh_ids, short_id
from ..records.model import Child
from ..records.operations import (
    AddAccommodation,
    AddGoal,
    AddObjective,
    AddPlan,
    AddReport,
    AddService,
    Change,
    DropAccommodation,
    DropGoal,
    DropObjective,
    DropReport,
    DropService,
    Edit,
    LinkItem,
    Operation,
    PutDocument,
    batch,
    between,
)
from ..records.plans import (
    PER,
    PLAN_KINDS,
    STATUS_WORDS,
    STATUSES,
    Accommodation,
    Goal,
    GoalReport,
    Objective,
    Plan,
    Service,
    copies_needed,
    copy_for_new_plan,
    minutes_per_week,
    plan_item_id,
    roots,
    taken_ids,
)
from ..records.record import Document
from ..reports.plan import Difference, compare, cut_steps, goal_chart
from ..textsafe import clean_line
from .dates import parse_day
from .errors import InputError, ServiceError, did_you_mean
from .finding import find_meeting
from .workspace import Workspace

MAX_TEXT = 5000


def _line(value: str, what: str, cap: int = 300) -> str:
    text = " ".join(value.split())
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in text):
        raise InputError(_("{what} contains a control character").format(what=what))
    if len(text) > cap:
        raise InputError(_("{what} is longer than {cap:,} characters").format(what=what, cap=cap))
    return text


def _text(value: str, what: str, required: bool = False) -> str:
    text = _line(value, what, MAX_TEXT)
    if required and not text:
        raise InputError(_("{what} is empty").format(what=what))
    return text


def _day(workspace: Workspace, text: str | None, what: str) -> date | None:
    if text is None or not text.strip() or text.strip().casefold() == "none":
        return None
    return parse_day(text, today=workspace.clock.today(), what=what)


def _number(text: str | None, what: str) -> float | None:
    if text is None or not str(text).strip():
        return None
    try:
        value = float(str(text).strip().replace(",", "."))
    except ValueError:
        raise InputError(
            _("{what}: '{text}' is not a number").format(what=what, text=clean_line(str(text)))
        ) from None
    if not -1e9 <= value <= 1e9:
        raise InputError(
            _("{what}: {text} is out of range").format(what=what, text=clean_line(str(text)))
        )
    return int(value) if value == int(value) else value


def _taken(child: Child) -> set[str]:
    return taken_ids(child.plans)


# -- which plan ----------------------------------------------------------------------------------


def plan_for(child: Child, draft: bool = False) -> Plan:
    """The plan a command means: the current one, or the draft; a sentence naming
    ``plan set`` when there is none."""
    plan = child.draft_plan() if draft else child.current_plan()
    if plan is None:
        if draft:
            raise ServiceError(
                _(
                    "{child_id} has no draft plan: start one with 'iepcheck plan set "
                    "{child_id} --new --draft'"
                ).format(child_id=child.id)
            )
        raise ServiceError(
            _(
                "{child_id} has no plan in the record yet: start it with 'iepcheck plan "
                "set {child_id} --kind iep' (or --kind 504)"
            ).format(child_id=child.id)
        )
    return plan


def find_any_goal(child: Child, goal_id: str) -> tuple[Plan, Goal]:
    """A goal by id in any of the child's plans (the current one first)."""
    wanted = goal_id.strip()
    order = [p for p in (child.current_plan(), child.draft_plan()) if p is not None]
    order += [p for p in child.plans if p not in order]
    for plan in order:
        goal = plan.goal(wanted)
        if goal is not None:
            return plan, goal
    current = child.current_plan()
    known = [g.id for g in current.goals] if current is not None else []
    raise ServiceError(
        _("no goal '{goal_id}' in {child_id}'s plans.{wanted} Goals: {value}").format(
            goal_id=clean_line(goal_id),
            child_id=child.id,
            wanted=did_you_mean(wanted, known),
            value=", ".join(known) or _("none yet"),
        )
    )


# -- plan set ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFields:
    """What ``plan set`` was given (None: not given, keep as it is)."""

    kind: str | None = None
    start: str | None = None
    end: str | None = None
    annual_review_by: str | None = None
    reevaluation_by: str | None = None
    reports: str | None = None  # "D,D,…", "report-cards,D,…", or "none"
    meeting: str | None = None
    document: str | None = None
    peers_hours: str | None = None


def kind_of(text: str) -> str:
    kind = text.strip().casefold()
    if kind not in PLAN_KINDS:
        raise InputError(
            _("--kind '{text}' is not a plan: use iep or 504").format(text=clean_line(text))
        )
    return kind


def report_dates(workspace: Workspace, text: str) -> tuple[tuple[date, ...], bool]:
    """'2027-01-29,2027-04-09' (or with 'report-cards' among them, or 'none'): the dates, and
    whether reports come with report cards."""
    dates: list[date] = []
    cards = False
    for token in text.split(","):
        word = token.strip().casefold()
        if not word or word == "none":
            continue
        if word in ("report-cards", "with-report-cards", "report cards"):
            cards = True
            continue
        day = _day(workspace, token, "--reports")
        if day is not None:
            dates.append(day)
    if len(dates) > 40:
        raise InputError(_("--reports: at most 40 dates"))
    return tuple(sorted(set(dates))), cards


def _with_fields(workspace: Workspace, child: Child, plan: Plan, given: PlanFields) -> Plan:
    """``plan`` with what was given put in (checked)."""
    changes: dict[str, Any] = {}
    if given.kind is not None:
        changes["kind"] = kind_of(given.kind)
    for name in ("start", "end", "annual_review_by", "reevaluation_by"):
        value = getattr(given, name)
        if value is not None:
            changes[name] = _day(workspace, value, "--" + name.replace("_", "-"))
    if given.reports is not None:
        changes["report_dates"], changes["with_report_cards"] = report_dates(
            workspace, given.reports
        )
    if given.meeting is not None:
        changes["meeting"] = find_meeting(child, given.meeting).id if given.meeting.strip() else ""
    if given.document is not None:
        changes["document"] = _document(child, given.document)
    if given.peers_hours is not None:
        hours = _number(given.peers_hours, "--peers-hours")
        if hours is not None and not 0 <= hours <= 168:
            raise InputError(_("--peers-hours: a week has 0 to 168 hours"))
        changes["peers_hours"] = hours
    new = dataclasses.replace(plan, **changes)
    if new.start and new.end and new.end < new.start:
        raise InputError(
            _("--end {end} is before --start {start}").format(end=new.end, start=new.start)
        )
    return new


def _document(child: Child, text: str) -> str:
    wanted = text.strip()
    if not wanted:
        return ""
    if any(d.id == wanted for d in child.documents):
        return wanted
    ids = ", ".join(d.id for d in child.documents) or "none"
    raise ServiceError(
        _("--document: no document '{text}' for {child_id}; documents: {ids}").format(
            text=clean_line(text), child_id=child.id, ids=ids
        )
    )


@dataclass(frozen=True)
class PlanChange:
    """What ``plan set`` does: the operation (None: nothing to change) and a sentence."""

    op: Operation | None
    said: str
    plan_id: str


def set_plan(
    workspace: Workspace,
    child: Child,
    given: PlanFields,
    *,
    new: bool = False,
    draft: bool = False,
    adopt: bool = False,
) -> PlanChange:
    """``plan set``: start the child's plan, change it, start a new one (the current kept as
    the previous one) or a draft beside it, or adopt the draft."""
    now = workspace.clock.now()
    current = child.current_plan()
    if adopt and new:
        raise InputError(_("--adopt makes the draft current; --new starts another: give one"))
    if new:
        if draft and child.draft_plan() is not None:
            found = child.draft_plan()
            assert found is not None
            raise ServiceError(
                _(
                    "{child_id} has a draft plan already ({found_id}): change it with "
                    "--draft, or adopt it with --adopt"
                ).format(child_id=child.id, found_id=found.id)
            )
        if not draft and current is None:
            raise ServiceError(
                _(
                    "{child_id} has no current plan to keep as the previous one: 'iepcheck "
                    "plan set {child_id} --kind iep' starts the first"
                ).format(child_id=child.id)
            )
        base = current
        ids = iter(fresh_ids(_taken(child), 1 + (copies_needed(base) if base else 0)))
        new_id = next(ids)
        state = "draft" if draft else "current"
        if base is not None:
            plan = copy_for_new_plan(base, new_id, state, ids, now)
        else:
            kind = child.plan if child.plan in PLAN_KINDS else ""
            if given.kind is None and not kind:
                raise InputError(_("give the plan's kind: --kind iep or --kind 504"))
            plan = Plan(new_id, kind or "iep", state, now)
        plan = _with_fields(workspace, child, plan, given)
        ops: list[Operation | None] = []
        if state == "current" and current is not None:
            ops.append(Edit("plan", current.id, (Change("state", "previous", "current"),)))
        ops.append(AddPlan(plan))
        if state == "current":
            ops.append(_child_plan(child, plan.kind))
        if draft:
            said = _("started a new draft {plan} ({id})")
        else:
            said = _("started a new current {plan} ({id})")
        said = said.format(plan=_(plan.name), id=plan.id)
        if base is not None:
            said += _(", copied from {base_id}: {counts}").format(
                base_id=base.id, counts=_counts(plan)
            )
        return PlanChange(batch(*ops), said, plan.id)
    if adopt:
        found = child.draft_plan()
        if found is None:
            raise ServiceError(_("{child_id} has no draft plan to adopt").format(child_id=child.id))
        edited = _with_fields(workspace, child, found, given)
        ops = [between("plan", found.id, found, edited)]
        if current is not None:
            ops.append(Edit("plan", current.id, (Change("state", "previous", "current"),)))
        ops.append(Edit("plan", found.id, (Change("state", "current", "draft"),)))
        ops.append(_child_plan(child, edited.kind))
        if current is not None:
            said = _("adopted the draft {id}; {current_id} is kept as the previous plan")
        else:
            said = _("adopted the draft {id}")
        return PlanChange(
            batch(*ops), said.format(id=found.id, current_id=getattr(current, "id", "")), found.id
        )
    target = child.draft_plan() if draft else current
    if target is None and draft:
        plan_for(child, draft=True)  # raises, naming --new --draft
    if target is None:
        kind = given.kind or (child.plan if child.plan in PLAN_KINDS else "")
        if not kind:
            raise InputError(
                _("{child_id} has no plan yet: give its kind, --kind iep or --kind 504").format(
                    child_id=child.id
                )
            )
        (new_id,) = fresh_ids(_taken(child), 1)
        plan = _with_fields(workspace, child, Plan(new_id, kind_of(kind), "current", now), given)
        op = batch(AddPlan(plan), _child_plan(child, plan.kind))
        said = _("started {child_id}'s {plan} ({id})").format(
            child_id=child.id, plan=_(plan.name), id=plan.id
        )
        return PlanChange(op, said, plan.id)
    edited = _with_fields(workspace, child, target, given)
    edit = between("plan", target.id, target, edited)
    if edit is None:
        return PlanChange(None, _("plan {id} already says that").format(id=target.id), target.id)
    ops = [edit]
    if target.state == "current":
        ops.append(_child_plan(child, edited.kind))
    return PlanChange(batch(*ops), _("changed plan {id}").format(id=target.id), target.id)


def _child_plan(child: Child, kind: str) -> Operation | None:
    """The child's ``plan`` follows its current plan's kind, in the same change."""
    if child.plan == kind:
        return None
    return Edit("child", "", (Change("plan", kind, child.plan),))


def _counts(plan: Plan) -> str:
    return _("{services} services, {accommodations} accommodations, {goals} goals").format(
        services=len(plan.services), accommodations=len(plan.accommodations), goals=len(plan.goals)
    )


def plan_follows_child(child: Child, plan: str) -> Operation | None:
    """The child form set the child's plan to another kind (or none): the current plan no
    longer is, and is kept as the previous one."""
    current = child.current_plan()
    if current is None or current.kind == plan:
        return None
    return Edit("plan", current.id, (Change("state", "previous", "current"),))


# -- services, accommodations ---------------------------------------------------------------------


def per_of(text: str) -> str:
    per = text.strip().casefold()
    if per not in PER:
        raise InputError(
            _("--per '{text}': use one of {value}").format(
                text=clean_line(text), value=", ".join(PER)
            )
        )
    return per


def service(
    workspace: Workspace,
    child: Child,
    name: str,
    minutes: int | str,
    per: str,
    *,
    cycle_days: int | str | None = None,
    where: str = "",
    by: str = "",
    draft: bool = False,
    item: str | None = None,
) -> tuple[Operation, str]:
    """A new service in the plan (and the own item it replaces, linked); its id."""
    plan = plan_for(child, draft)
    try:
        whole = int(str(minutes).strip())
    except ValueError:
        raise InputError(
            _("--minutes '{minutes}' is not a whole number").format(
                minutes=clean_line(str(minutes))
            )
        ) from None
    if not 1 <= whole <= 100_000:
        raise InputError(_("--minutes: from 1 to 100,000"))
    how = per_of(per)
    days = 0
    if how == "cycle":
        try:
            days = int(str(cycle_days).strip()) if cycle_days is not None else 0
        except ValueError:
            raise InputError(_("--cycle-days is a whole number of school days")) from None
        if not 1 <= days <= 365:
            raise InputError(_("--per cycle needs --cycle-days N: the school days of one cycle"))
    elif cycle_days not in (None, "", 0):
        raise InputError(_("--cycle-days goes with --per cycle"))
    entry = Service(
        short_id(_taken(child), prefix="s"),
        _line(name, _("the service's name")),
        whole,
        how,
        workspace.clock.now(),
        days,
        _line(where, "--where"),
        _line(by, "--by"),
    )
    if not entry.name:
        raise InputError(_("the service's name is empty"))
    op = AddService(plan.id, entry)
    return batch(op, link_own(child, plan, entry.id, "services", item)), entry.id


def accommodation(
    workspace: Workspace,
    child: Child,
    text: str,
    *,
    where: str = "",
    draft: bool = False,
    item: str | None = None,
) -> tuple[Operation, str]:
    plan = plan_for(child, draft)
    entry = Accommodation(
        short_id(_taken(child), prefix="a"),
        _text(text, "the accommodation", required=True),
        workspace.clock.now(),
        _line(where, "--where"),
    )
    op = AddAccommodation(plan.id, entry)
    return batch(op, link_own(child, plan, entry.id, "accommodations", item)), entry.id


def link_own(
    child: Child, plan: Plan, entry_id: str, listed: str, item: str | None
) -> Operation | None:
    """Linking an own item typed before the plan (``--item``) to the new entry's item."""
    if not item:
        return None
    if plan.state != "current":
        raise InputError(_("--item links to the current plan's entry, not a draft's"))
    run_id, _sep, own_id = item.strip().rpartition("/")
    runs = [
        r
        for r in child.runs
        if not r.detached
        and not r.archived
        and any(s.from_plan == listed for s in r.sections)
        and (not run_id or r.checklist == run_id or r.id == run_id)
    ]
    for run in runs:
        found = run.find(own_id)
        if found is not None and found.own:
            return LinkItem(run.id, own_id, item_of(child, entry_id))
    own = [f"{r.checklist}/{i.id}" for r in runs for s in r.sections for i in s.items if i.own]
    raise ServiceError(
        _(
            "--item: no item of your own '{item}' in a checklist that lists the "
            "plan's {listed}.{own_id} Your items: {value}"
        ).format(
            item=clean_line(item),
            listed=listed,
            own_id=did_you_mean(own_id, [o.rpartition("/")[2] for o in own]),
            value=", ".join(own) or _("none"),
        )
    )


def find_entry(child: Child, entry_id: str, listed: str, draft: bool = False) -> tuple[Plan, Any]:
    plan = plan_for(child, draft)
    entries = getattr(plan, listed)
    found = next((e for e in entries if e.id == entry_id.strip()), None)
    if found is None:
        ids = ", ".join(e.id for e in entries) or _("none")
        if listed == "services":
            said = _("no service '{entry_id}' in plan {plan_id}; services: {ids}")
        else:
            said = _("no accommodation '{entry_id}' in plan {plan_id}; accommodations: {ids}")
        raise ServiceError(said.format(entry_id=clean_line(entry_id), plan_id=plan.id, ids=ids))
    return plan, found


def remove_service(child: Child, entry_id: str, draft: bool = False) -> DropService:
    plan, found = find_entry(child, entry_id, "services", draft)
    return DropService(plan.id, found.id)


def remove_accommodation(child: Child, entry_id: str, draft: bool = False) -> DropAccommodation:
    plan, found = find_entry(child, entry_id, "accommodations", draft)
    return DropAccommodation(plan.id, found.id)


def edit_service(
    child: Child, entry_id: str, draft: bool = False, **typed: str | None
) -> Edit | None:
    """The fields of a service the user changed (only those)."""
    plan, old = find_entry(child, entry_id, "services", draft)
    new = old
    if typed.get("name") is not None:
        new = dataclasses.replace(new, name=_line(typed["name"] or "", _("the service's name")))
        if not new.name:
            raise InputError(_("the service's name is empty"))
    if typed.get("minutes") is not None:
        try:
            minutes = int(str(typed["minutes"]).strip())
        except ValueError:
            raise InputError(_("the minutes are a whole number")) from None
        if not 1 <= minutes <= 100_000:
            raise InputError(_("the minutes: from 1 to 100,000"))
        new = dataclasses.replace(new, minutes=minutes)
    if typed.get("per") is not None:
        new = dataclasses.replace(new, per=per_of(typed["per"] or ""))
    if typed.get("cycle_days") is not None:
        text = str(typed["cycle_days"]).strip()
        try:
            new = dataclasses.replace(new, cycle_days=int(text) if text else 0)
        except ValueError:
            raise InputError(_("the cycle's school days are a whole number")) from None
    if new.per == "cycle" and new.cycle_days < 1:
        raise InputError(_("a service per cycle needs the cycle's school days"))
    if new.per != "cycle":
        new = dataclasses.replace(new, cycle_days=0)
    for name in ("where", "by"):
        if typed.get(name) is not None:
            new = dataclasses.replace(new, **{name: _line(typed[name] or "", name)})
    return between("service", f"{plan.id}/{old.id}", old, new)


def edit_accommodation(
    child: Child, entry_id: str, draft: bool = False, **typed: str | None
) -> Edit | None:
    plan, old = find_entry(child, entry_id, "accommodations", draft)
    new = old
    if typed.get("text") is not None:
        new = dataclasses.replace(new, text=_text(typed["text"] or "", "the accommodation", True))
    if typed.get("where") is not None:
        new = dataclasses.replace(new, where=_line(typed["where"] or "", "where"))
    return between("accommodation", f"{plan.id}/{old.id}", old, new)


# -- goals and reports ----------------------------------------------------------------------------


def goal(
    workspace: Workspace,
    child: Child,
    text: str,
    *,
    area: str = "",
    baseline: str = "",
    target: str = "",
    unit: str = "",
    measured: str = "",
    objectives: Sequence[str] = (),
    draft: bool = False,
) -> tuple[AddGoal, str]:
    """A new goal with its short-term objectives; its id."""
    plan = plan_for(child, draft)
    if plan.kind != "iep":
        raise ServiceError(
            _(
                "plan {plan_id} is a 504 plan: goals belong to an IEP (change it with --kind iep)"
            ).format(plan_id=plan.id)
        )
    written = [_text(o, "--objective", required=True) for o in objectives if o.strip()]
    ids = fresh_ids(_taken(child), 1 + len(written))
    now = workspace.clock.now()
    entry = Goal(
        ids[0],
        _text(text, "the goal", required=True),
        now,
        _line(area, "--area"),
        _line(baseline, "--baseline", 1000),
        _line(target, "--target", 1000),
        _line(measured, "--measured", 1000),
        _line(unit, "--unit", 40),
        # Each a microsecond after the last: they keep the order they were written in.
        tuple(
            Objective(i, t, now + timedelta(microseconds=n))
            for n, (i, t) in enumerate(zip(ids[1:], written, strict=True))
        ),
    )
    return AddGoal(plan.id, entry), entry.id


def edit_goal(child: Child, goal_id: str, **typed: str | None) -> Edit | None:
    plan, old = find_any_goal(child, goal_id)
    new = old
    caps = {"text": MAX_TEXT, "area": 300, "baseline": 1000, "target": 1000, "measured": 1000}
    caps["unit"] = 40
    for name, cap in caps.items():
        if typed.get(name) is not None:
            value = _line(typed[name] or "", name, cap)
            if name == "text" and not value:
                raise InputError(_("the goal is empty"))
            fields: dict[str, Any] = {name: value}
            new = dataclasses.replace(new, **fields)
    return between("goal", f"{plan.id}/{old.id}", old, new)


def goal_changes(
    workspace: Workspace,
    child: Child,
    goal_id: str,
    typed: dict[str, str],
    objectives: Sequence[str],
) -> Operation | None:
    """The app's goal form: the goal's fields the user changed, and its objectives (one a
    field, in order: an emptied one is taken out, a new one added)."""
    plan, old = find_any_goal(child, goal_id)
    ops: list[Operation | None] = [edit_goal(child, goal_id, **typed)]
    taken = _taken(child)
    now = workspace.clock.now()
    for n, text in enumerate(objectives):
        written = _text(text, _("the objective"))
        if n < len(old.objectives):
            kept = old.objectives[n]
            if not written:
                ops.append(DropObjective(plan.id, old.id, kept.id))
            else:
                changed = dataclasses.replace(kept, text=written)
                ops.append(between("objective", f"{plan.id}/{old.id}/{kept.id}", kept, changed))
        elif written:
            new_id = short_id(taken, prefix="o")
            taken.add(new_id)
            ops.append(
                AddObjective(
                    plan.id, old.id, Objective(new_id, written, now + timedelta(microseconds=n))
                )
            )
    kept_ops = [op for op in ops if op is not None]
    return batch(*kept_ops) if kept_ops else None


def remove_goal(child: Child, goal_id: str) -> DropGoal:
    plan, found = find_any_goal(child, goal_id)
    return DropGoal(plan.id, found.id)


def status_of(text: str) -> str:
    """A progress status as typed: one of STATUSES, or Connecticut's words for it."""
    word = " ".join(text.strip().casefold().replace("_", "-").split())
    if word.isdigit() and 1 <= int(word) <= len(STATUSES):
        return STATUSES[int(word) - 1]  # the app lists them numbered
    for status, words in STATUS_WORDS.items():
        # The manual's English words, or the words the app shows in the user's language.
        if word in (status, words.casefold(), _(words).casefold(), status.replace("-", " ")):
            return status
    raise InputError(
        _("--status '{text}' is not a progress status.{word} Use one of {value}").format(
            text=clean_line(text), word=did_you_mean(word, STATUSES), value="|".join(STATUSES)
        )
    )


def report(
    workspace: Workspace,
    child: Child,
    goal_id: str,
    *,
    on: str,
    status: str,
    value: str | None = None,
    note: str = "",
    taken: Iterable[str] = (),
) -> AddReport:
    """A progress report on one goal."""
    plan, found = find_any_goal(child, goal_id)
    day = parse_day(on, today=workspace.clock.today(), what="--on", past_only=True)
    entry = GoalReport(
        short_id(_taken(child) | set(taken), prefix="r"),
        day,
        status_of(status),
        workspace.clock.now(),
        _number(value, "--value"),
        _text(note, "--note"),
    )
    return AddReport(plan.id, found.id, entry)


def reports_arrived(
    workspace: Workspace,
    child: Child,
    on: str,
    statuses: dict[str, tuple[str, str]],
    *,
    document: bool = True,
) -> Operation | None:
    """A progress report came: each goal's status (goal id → (status, value); an empty status
    leaves the goal out), and the progress-report document received, as one change."""
    ops: list[Operation | None] = []
    taken: set[str] = set()
    for goal_id, (status, value) in statuses.items():
        if not status.strip():
            continue
        op = report(workspace, child, goal_id, on=on, status=status, value=value, taken=taken)
        taken.add(op.report.id)
        ops.append(op)
    if document:
        day = parse_day(
            on, today=workspace.clock.today(), what=_("the day it came"), past_only=True
        )
        ops.append(
            PutDocument(
                Document(
                    short_id({d.id for d in child.documents}, prefix="d"),
                    "progress-report",
                    day,
                    workspace.clock.now(),
                    note="Progress report: each goal's status in the plan",
                )
            )
        )
    kept = [op for op in ops if op is not None]
    return batch(*kept) if kept else None


def remove_report(child: Child, goal_id: str, report_id: str) -> DropReport:
    plan, found = find_any_goal(child, goal_id)
    if not any(r.id == report_id for r in found.reports):
        ids = ", ".join(r.id for r in found.reports) or "none"
        raise ServiceError(
            _("no report '{report_id}' on goal {found_id}; reports: {ids}").format(
                report_id=clean_line(report_id), found_id=found.id, ids=ids
            )
        )
    return DropReport(plan.id, found.id, report_id)


# -- comparing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    old: Plan
    new: Plan
    draft: bool  # the draft beside the current plan (else the current beside the previous)
    differences: tuple[Difference, ...]
    steps: tuple[tuple[str, str, str], ...]  # (checklist, item, its text) when a cut was found


def comparison(workspace: Workspace | None, child: Child) -> Comparison:
    """The draft beside the current plan when there is a draft, else the current beside the
    previous; a sentence when there are not two plans to compare."""
    current, draft = child.current_plan(), child.draft_plan()
    if draft is not None and current is not None:
        old, new, is_draft = current, draft, True
    elif current is not None and child.previous_plan() is not None:
        previous = child.previous_plan()
        assert previous is not None
        old, new, is_draft = previous, current, False
    else:
        raise ServiceError(
            _(
                "{child_id} has one plan in the record: compare needs a draft beside it "
                "('plan set {child_id} --new --draft') or the previous plan ('plan set "
                "{child_id} --new')"
            ).format(child_id=child.id)
        )
    found = tuple(compare(old, new))
    steps: tuple[tuple[str, str, str], ...] = ()
    if any(d.is_cut for d in found):
        steps = tuple((c, i, _item_text(workspace, c, i)) for c, i in cut_steps(is_draft))
    return Comparison(old, new, is_draft, found, steps)


def _item_text(workspace: Workspace | None, checklist_id: str, item_id: str) -> str:
    if workspace is None:
        return ""
    entry = workspace.library.get(checklist_id)
    item = entry.checklist.item(item_id) if entry is not None and entry.checklist else None
    return item.text if item is not None else ""


def comparison_json(found: Comparison) -> dict[str, Any]:
    return {
        "old": {"id": found.old.id, "state": found.old.state, "start": _iso(found.old.start)},
        "new": {"id": found.new.id, "state": found.new.state, "start": _iso(found.new.start)},
        "draft": found.draft,
        "changes": [d.to_json() for d in found.differences],
        "cut": any(d.is_cut for d in found.differences),
        "next_steps": [{"checklist": c, "item": i, "text": t} for c, i, t in found.steps],
    }


# -- the plan as --json prints it -----------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def service_json(s: Service) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "minutes": s.minutes,
        "per": s.per,
        "cycle_days": s.cycle_days or None,
        "minutes_per_week": round(minutes_per_week(s), 1),
        "where": s.where or None,
        "by": s.by or None,
        "link": s.link or None,
    }


def accommodation_json(a: Accommodation) -> dict[str, Any]:
    return {"id": a.id, "text": a.text, "where": a.where or None, "link": a.link or None}


def goal_json(child: Child, g: Goal) -> dict[str, Any]:
    chart = goal_chart(child, g)
    return {
        "id": g.id,
        "text": g.text,
        "area": g.area or None,
        "baseline": g.baseline or None,
        "target": g.target or None,
        "unit": g.unit or None,
        "measured": g.measured or None,
        "objectives": [{"id": o.id, "text": o.text} for o in g.objectives],
        "reports": [
            {
                "id": r.id,
                "on": r.on.isoformat(),
                "status": r.status,
                "value": r.value,
                "note": r.note or None,
            }
            for r in g.reports
        ],
        "earlier_reports": [
            {"on": p.on.isoformat(), "status": p.status, "value": p.value}
            for p in chart.points
            if not any(r.on == p.on and r.status == p.status for r in g.reports)
        ],
        "flag": chart.flag,
        "link": g.link or None,
    }


def plan_json(child: Child, plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "kind": plan.kind,
        "state": plan.state,
        "start": _iso(plan.start),
        "end": _iso(plan.end),
        "annual_review_by": _iso(plan.annual_review_by),
        "reevaluation_by": _iso(plan.reevaluation_by),
        "report_dates": [d.isoformat() for d in plan.report_dates],
        "with_report_cards": plan.with_report_cards,
        "meeting": plan.meeting or None,
        "document": plan.document or None,
        "peers_hours": plan.peers_hours,
        "link": plan.link or None,
        "services": [service_json(s) for s in plan.services],
        "accommodations": [accommodation_json(a) for a in plan.accommodations],
        "goals": [goal_json(child, g) for g in plan.goals],
    }


def show_json(child: Child) -> dict[str, Any]:
    """``plan show --json``: the current plan, the draft, the previous one, the others."""
    current, draft, previous = child.current_plan(), child.draft_plan(), child.previous_plan()
    shown = {p.id for p in (current, draft, previous) if p is not None}
    return {
        "child": child.id,
        "plan": child.plan,
        "current": plan_json(child, current) if current else None,
        "draft": plan_json(child, draft) if draft else None,
        "previous": plan_json(child, previous) if previous else None,
        "others": [
            {"id": p.id, "kind": p.kind, "state": p.state, "start": _iso(p.start)}
            for p in child.plans
            if p.id not in shown
        ],
    }


def item_of(child: Child, entry_id: str) -> str:
    """The monitoring item id of a plan entry (``plan-`` and its first original's id)."""
    return plan_item_id(roots(child.plans).get(entry_id, entry_id))
