"""``iepcheck plan …``, ``service …``, ``accommodation …`` and ``goal …``: the plan itself."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TYPE_CHECKING, Any

from ..i18n import _, ngettext
from ..textsafe import clean_line
from .common import Add, InputError, print_wrapped, read_note, subcommand, workspace_of

if TYPE_CHECKING:
    from ..records.model import Child
    from ..records.plans import Goal, Plan
    from ..service.workspace import Workspace

STATUS_CHOICES = "not-introduced|no-progress|limited|satisfactory|not-mastered|mastered"


def register(add: Add) -> None:
    plan = add("plan", _("the IEP or 504 plan: its dates, a new plan, a draft, what changed"))
    sub = plan.add_subparsers(dest="plan_command", metavar="ACTION", required=True)
    p = subcommand(sub, "set", _("start the plan, change its dates, start a new one, or a draft"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument(
        "--kind", metavar="iep|504", help=_("the kind of plan (the child's plan follows)")
    )
    p.add_argument("--start", metavar="D", help=_("the day it starts"))
    p.add_argument("--end", metavar="D", help=_("the day it ends"))
    p.add_argument("--annual-review-by", metavar="D", help=_("the day the annual review is due"))
    p.add_argument("--reevaluation-by", metavar="D", help=_("the day the reevaluation is due"))
    p.add_argument(
        "--reports",
        metavar="D,D,…",
        help=_(
            "when progress reports come; add 'report-cards' when they come with "
            "report cards (report-cards,2027-01-29,2027-04-09); 'none' clears"
        ),
    )
    p.add_argument("--meeting", metavar="M", help=_("the meeting that wrote it"))
    p.add_argument("--document", metavar="D", help=_("the document it came in (see doc list)"))
    p.add_argument("--peers-hours", metavar="H", help=_("hours a week with non-disabled peers"))
    p.add_argument(
        "--new",
        action="store_true",
        help=_("a new plan: the current one is kept as the previous one, its lists copied to edit"),
    )
    p.add_argument(
        "--draft",
        action="store_true",
        help=_(
            "with --new: a draft beside the current plan (the draft IEP before the "
            "PPT); alone: change the draft"
        ),
    )
    p.add_argument("--adopt", action="store_true", help=_("the draft becomes the current plan"))
    p.set_defaults(handler=cmd_plan_set)
    p = subcommand(sub, "show", _("the plan: dates, services, accommodations, goals"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(handler=cmd_plan_show)
    p = subcommand(
        sub, "compare", _("the draft beside the current plan, else the current beside the previous")
    )
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(handler=cmd_plan_compare)

    service = add("service", _("the plan's services: what, how many minutes, where, by whom"))
    sub = service.add_subparsers(dest="service_command", metavar="ACTION", required=True)
    p = subcommand(sub, "add", _("a service of the IEP's service grid"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--minutes", required=True, metavar="N", help=_("minutes per period"))
    p.add_argument("--per", required=True, choices=("week", "month", "cycle"))
    p.add_argument("--cycle-days", metavar="N", help=_("with --per cycle: school days in a cycle"))
    p.add_argument("--where", metavar="W", help=_("the setting: general education class, …"))
    p.add_argument("--by", metavar="WHO", help=_("who gives it"))
    _entry_options(p)
    p.set_defaults(handler=cmd_service_add)
    p = subcommand(sub, "list", _("the plan's services"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.add_argument("--draft", action="store_true", help=_("the draft's"))
    p.set_defaults(handler=cmd_service_list)
    p = subcommand(sub, "remove", _("take a service out of the plan"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("entry", metavar="ID")
    p.add_argument("--draft", action="store_true", help=_("from the draft"))
    p.add_argument("--yes", action="store_true", help=_("confirm"))
    p.set_defaults(handler=cmd_service_remove)

    acc = add("accommodation", _("the plan's accommodations, as written"))
    sub = acc.add_subparsers(dest="accommodation_command", metavar="ACTION", required=True)
    p = subcommand(sub, "add", _("an accommodation, in the plan's words"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--where", metavar="W", help=_("where it applies: all classes, tests, …"))
    _entry_options(p)
    p.set_defaults(handler=cmd_accommodation_add)
    p = subcommand(sub, "list", _("the plan's accommodations"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.add_argument("--draft", action="store_true", help=_("the draft's"))
    p.set_defaults(handler=cmd_accommodation_list)
    p = subcommand(sub, "remove", _("take an accommodation out of the plan"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("entry", metavar="ID")
    p.add_argument("--draft", action="store_true", help=_("from the draft"))
    p.add_argument("--yes", action="store_true", help=_("confirm"))
    p.set_defaults(handler=cmd_accommodation_remove)

    goal = add("goal", _("the IEP's goals, their objectives and progress reports"))
    sub = goal.add_subparsers(dest="goal_command", metavar="ACTION", required=True)
    p = subcommand(sub, "add", _("a goal as written, with its short-term objectives"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--area", metavar="A", help=_("reading, speech, behaviour, …"))
    p.add_argument("--baseline", metavar="B", help=_("where the child starts (a number charts)"))
    p.add_argument("--target", metavar="T", help=_("where the goal aims (a number charts)"))
    p.add_argument("--unit", metavar="U", help=_("what the numbers count: wcpm, %%, …"))
    p.add_argument("--measured", metavar="HOW", help=_("how progress is measured"))
    p.add_argument("--objective", action="append", default=[], metavar="TEXT", help=_("repeatable"))
    p.add_argument("--draft", action="store_true", help=_("in the draft"))
    p.set_defaults(handler=cmd_goal_add)
    p = subcommand(sub, "list", _("the goals with their reports"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.add_argument("--draft", action="store_true", help=_("the draft's"))
    p.set_defaults(handler=cmd_goal_list)
    p = subcommand(sub, "report", _("a progress report on a goal"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("goal", metavar="GOAL")
    p.add_argument("--on", required=True, metavar="D", help=_("the day the report came"))
    p.add_argument("--status", required=True, metavar=STATUS_CHOICES)
    p.add_argument("--value", metavar="N", help=_("the measured value, when the report gives one"))
    p.add_argument("--note", metavar="T", help=_("your note ('-' reads standard input)"))
    p.set_defaults(handler=cmd_goal_report)
    p = subcommand(sub, "remove", _("take a goal out of the plan (its objectives and reports too)"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("goal", metavar="GOAL")
    p.add_argument("--yes", action="store_true", help=_("confirm"))
    p.set_defaults(handler=cmd_goal_remove)


def _entry_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--draft", action="store_true", help=_("in the draft, not the current plan"))
    p.add_argument(
        "--item",
        metavar="C/I",
        help=_(
            "your own item this replaces in the monitoring checklist (its ticks and "
            "log are carried over), e.g. ct-iep-monitoring/own-speech"
        ),
    )


def _found(args: argparse.Namespace) -> tuple[Workspace, Child]:
    workspace = workspace_of(args)
    return workspace, workspace.find(args.child)


# -- plan ---------------------------------------------------------------------------------------


def cmd_plan_set(args: argparse.Namespace) -> int:
    from ..service import plans

    workspace, child = _found(args)
    given = plans.PlanFields(
        kind=args.kind,
        start=args.start,
        end=args.end,
        annual_review_by=args.annual_review_by,
        reevaluation_by=args.reevaluation_by,
        reports=args.reports,
        meeting=args.meeting,
        document=args.document,
        peers_hours=args.peers_hours,
    )
    change = plans.set_plan(
        workspace, child, given, new=args.new, draft=args.draft, adopt=args.adopt
    )
    workspace.update(child.id, change.op)
    print(change.said)
    return 0


def cmd_plan_show(args: argparse.Namespace) -> int:
    from ..service import plans

    workspace, child = _found(args)
    if args.json:
        print(json.dumps(plans.show_json(child), indent=2, ensure_ascii=False))
        return 0
    current = child.current_plan()
    draft = child.draft_plan()
    if current is None and draft is None:
        print(
            _(
                "No plan for {child_id} in the record yet: iepcheck plan set {child_id} "
                "--kind iep|504 --start D --end D"
            ).format(child_id=child.id)
        )
        return 0
    lines: list[str] = []
    for plan in (current, draft):
        if plan is not None:
            lines += _plan_lines(workspace, child, plan)
    others = [p for p in child.plans if p not in (current, draft)]
    if others:
        kept = "; ".join(f"{_plan_words(p)} {p.id}{_period(p)}" for p in others)
        lines += ["", _("Also kept: {kept}").format(kept=kept)]
    print_wrapped(lines)
    return 0


def _plan_words(plan: Plan) -> str:
    """'the current IEP', 'the draft 504 plan', … (the plan's name is in the catalog)."""
    said = {
        "current": _("the current {plan}"),
        "previous": _("the previous {plan}"),
        "draft": _("the draft {plan}"),
    }.get(plan.state, _("a set-aside draft {plan}"))
    return said.format(plan=_(plan.name))


def _period(plan: Plan) -> str:
    from ..reports.plan import period_text

    text = period_text(plan)
    return f" ({text})" if text else ""


def _plan_lines(workspace: Workspace, child: Child, plan: Plan) -> list[str]:
    from ..records.plans import accommodation_text, service_words
    from ..reports.plan import period_text, plan_status
    from ..reports.words import countdown_text, date_word, day_text, short_day

    today = workspace.clock.today()
    period = period_text(plan)
    head = f"{clean_line(child.name)}: {_plan_words(plan)} ({plan.id})"
    head += f", {period}" if period else ""
    lines = [head]
    status = plan_status(child, today) if plan.state == "current" else None
    for what, due in (
        ("annual-review", plan.annual_review_by),
        ("reevaluation", plan.reevaluation_by),
    ):
        if due is None:
            continue
        word = date_word(what, plan.kind == "iep").capitalize()
        line = _("  {what} by {day}").format(what=word, day=day_text(due))
        shown = next((d for d in (status or {}).get("dates", []) if d["what"] == what), None)
        if shown is not None:
            count = countdown_text(
                shown["days_left"], shown["school_days_left"], shown["estimated"]
            )
            line += f", {count}"
            if shown["in_look_ahead"] and not shown["meeting_set"]:
                if shown["urgent"] or shown["overdue"]:
                    line += _(": no meeting set (URGENT)")
                else:
                    line += _(": no meeting set")
        lines.append(line)
    if plan.report_dates or plan.with_report_cards:
        days = ", ".join(f"{short_day(d, today)}" for d in plan.report_dates)
        if plan.with_report_cards and days:
            said = _("  Progress reports: with report cards: {days}")
        elif plan.with_report_cards:
            said = _("  Progress reports: with report cards")
        else:
            said = _("  Progress reports: {days}")
        lines.append(said.format(days=days))
        for missing in (status or {}).get("missing_reports", []):
            lines.append(
                _("    not recorded: the report due {day}").format(
                    day=short_day(date.fromisoformat(missing["due"]), today)
                )
            )
    written = []
    meeting = child.meeting(plan.meeting) if plan.meeting else None
    if meeting is not None:
        written.append(
            _("written at {title} ({day})").format(
                title=clean_line(meeting.title), day=meeting.date
            )
        )
    if plan.document:
        written.append(_("document {id}").format(id=plan.document))
    if written:
        said = ", ".join(written)
        lines.append("  " + said[:1].upper() + said[1:])
    if plan.peers_hours is not None:
        lines.append(
            _("  Time with non-disabled peers: {hours} hours a week").format(
                hours=_num(plan.peers_hours)
            )
        )
    if plan.services:
        lines.append(_("  Services"))
        lines += [f"    {s.id}  {clean_line(service_words(s))}" for s in plan.services]
    if plan.accommodations:
        lines.append(_("  Accommodations"))
        lines += [f"    {a.id}  {clean_line(accommodation_text(a))}" for a in plan.accommodations]
    if plan.goals:
        lines.append(_("  Goals"))
        for g in plan.goals:
            lines += _goal_lines(child, g, today, indent="    ")
    if not (plan.services or plan.accommodations or plan.goals):
        lines.append(
            _(
                "  Nothing in it yet: iepcheck service add {child_id} NAME --minutes N --per "
                "week, accommodation add {child_id} TEXT, goal add {child_id} TEXT"
            ).format(child_id=child.id)
        )
    return [*lines, ""]


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else f"{value:g}"


def _goal_lines(child: Child, g: Goal, today: date, indent: str = "") -> list[str]:
    from ..records.plans import STATUS_WORDS
    from ..reports.plan import goal_chart
    from ..reports.words import short_day

    chart = goal_chart(child, g)
    area = f"{clean_line(g.area)}: " if g.area else ""
    lines = [f"{indent}{g.id}  {area}{clean_line(g.text)}"]
    pad = indent + " " * (len(g.id) + 2)
    unit = f" {clean_line(g.unit)}" if g.unit else ""
    aims = []
    for aim, text, number in (
        (_("baseline {value}"), g.baseline, chart.baseline),
        (_("target {value}"), g.target, chart.target),
    ):
        if text:
            # A bare number gets the unit ("62 wcpm"); words stay as written.
            tail = unit if number is not None and g.unit not in text else ""
            aims.append(aim.format(value=f"{clean_line(text)}{tail}"))
    if aims:
        lines.append(pad + " · ".join(aims))
    for o in g.objectives:
        lines.append(f"{pad}- {clean_line(o.text)}")
    if chart.points:
        said = []
        for p in chart.points:
            value = f" ({_num(p.value)})" if p.value is not None else ""
            said.append(f"{short_day(p.on, today)} {_(STATUS_WORDS[p.status])}{value}")
        lines.append(pad + _("reports: {reports}").format(reports="; ".join(said)))
    else:
        lines.append(pad + _("no progress report yet"))
    if chart.flag:
        lines.append(
            pad
            + _(
                "NO PROGRESS TWICE: ask for a PPT to review this goal (iepcheck letter "
                "{child_id} ct-iep-monitoring/goal-review)"
            ).format(child_id=child.id)
        )
    return lines


def cmd_plan_compare(args: argparse.Namespace) -> int:
    from ..service import plans

    workspace, child = _found(args)
    found = plans.comparison(workspace, child)
    if args.json:
        print(
            json.dumps(
                {"child": child.id, **plans.comparison_json(found)}, indent=2, ensure_ascii=False
            )
        )
        return 0
    old, new = found.old, found.new
    if found.draft:
        head = _("The draft {plan} ({new_id}) beside the current one ({old_id}):")
    else:
        head = _("The current {plan} ({new_id}) beside the previous one ({old_id}):")
    lines = [head.format(plan=_(new.name), new_id=new.id, old_id=old.id)]
    if not found.differences:
        lines.append(_("  no difference in services, time with peers, accommodations or goals"))
    for d in found.differences:
        tag = (
            _("CUT")
            if d.is_cut
            else _("ADDED")
            if d.change == "added"
            else _("RAISED")
            if d.change == "raised"
            else _("CHANGED")
        )
        if d.change == "removed" and d.kind != "service":
            tag = _("DROPPED")
        lines.append(f"  {tag:<8} {clean_line(d.line())}")
    if found.steps:
        if found.draft:
            lines += ["", _("A service is cut. What to do before the meeting:")]
        else:
            lines += ["", _("A service is cut. What to do now:")]
        for checklist, item, text in found.steps:
            shown = clean_line(text) if text else item
            lines.append(f"  - {shown}  [{checklist}/{item}]")
    print_wrapped(lines)
    return 0


# -- services and accommodations -----------------------------------------------------------------


def cmd_service_add(args: argparse.Namespace) -> int:
    from ..service import plans

    workspace, child = _found(args)
    op, new_id = plans.service(
        workspace,
        child,
        args.name,
        args.minutes,
        args.per,
        cycle_days=args.cycle_days,
        where=args.where or "",
        by=args.by or "",
        draft=args.draft,
        item=args.item,
    )
    workspace.update(child.id, op)
    if args.item:
        print(
            _("your item {item} is now the plan's {plans}").format(
                item=args.item, plans=plans.item_of(child, new_id)
            )
        )
    print(new_id)
    return 0


def cmd_service_list(args: argparse.Namespace) -> int:
    from ..records.plans import service_words
    from ..service import plans

    workspace, child = _found(args)
    plan = plans.plan_for(child, args.draft)
    if args.json:
        rows = [plans.service_json(s) for s in plan.services]
        print(
            json.dumps(
                {"child": child.id, "plan": plan.id, "services": rows}, indent=2, ensure_ascii=False
            )
        )
        return 0
    if not plan.services:
        print(
            _(
                "No services in plan {plan_id}: iepcheck service add {child_id} NAME "
                "--minutes N --per week"
            ).format(plan_id=plan.id, child_id=child.id)
        )
    for s in plan.services:
        print(f"{s.id}  {clean_line(service_words(s))}")
    _weeks(workspace, child, "service")
    return 0


def _weeks(workspace: Workspace, child: Child, kind: str) -> None:
    from ..reports.plan import provided_weeks
    from ..reports.words import short_day

    rows = [w for w in provided_weeks(child, workspace.clock.today()) if w.kind == kind]
    if not any(w.checked for w in rows):
        return
    first = next(w.monday for w in rows[0].weeks if w.state != "not-watched")
    print(
        _("\nChecked week by week in the monitoring checklist, since {first}:").format(
            first=short_day(first)
        )
    )
    for w in rows:
        line = f"  {w.entry_id}  {w.summary()}"
        if kind == "service" and w.checked:
            delivered, owed = w.minutes()
            line += _("; {delivered} of {owed} minutes").format(
                delivered=_num(round(delivered)), owed=_num(round(owed))
            )
        print(line)


def cmd_service_remove(args: argparse.Namespace) -> int:
    from ..service import plans

    workspace, child = _found(args)
    op = plans.remove_service(child, args.entry, args.draft)
    if not args.yes:
        raise InputError(
            _("this takes service {op_id} out of plan {plan}; add --yes").format(
                op_id=op.id, plan=op.plan
            )
        )
    workspace.update(child.id, op)
    print(_("removed service {op_id}").format(op_id=op.id))
    return 0


def cmd_accommodation_add(args: argparse.Namespace) -> int:
    from ..service import plans

    workspace, child = _found(args)
    op, new_id = plans.accommodation(
        workspace, child, args.text, where=args.where or "", draft=args.draft, item=args.item
    )
    workspace.update(child.id, op)
    if args.item:
        print(
            _("your item {item} is now the plan's {plans}").format(
                item=args.item, plans=plans.item_of(child, new_id)
            )
        )
    print(new_id)
    return 0


def cmd_accommodation_list(args: argparse.Namespace) -> int:
    from ..records.plans import accommodation_text
    from ..service import plans

    workspace, child = _found(args)
    plan = plans.plan_for(child, args.draft)
    if args.json:
        rows = [plans.accommodation_json(a) for a in plan.accommodations]
        print(
            json.dumps(
                {"child": child.id, "plan": plan.id, "accommodations": rows},
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    if not plan.accommodations:
        print(
            _(
                "No accommodations in plan {plan_id}: iepcheck accommodation add {child_id} TEXT"
            ).format(plan_id=plan.id, child_id=child.id)
        )
    for a in plan.accommodations:
        print(f"{a.id}  {clean_line(accommodation_text(a))}")
    _weeks(workspace, child, "accommodation")
    return 0


def cmd_accommodation_remove(args: argparse.Namespace) -> int:
    from ..service import plans

    workspace, child = _found(args)
    op = plans.remove_accommodation(child, args.entry, args.draft)
    if not args.yes:
        raise InputError(
            _("this takes accommodation {op_id} out of plan {plan}; add --yes").format(
                op_id=op.id, plan=op.plan
            )
        )
    workspace.update(child.id, op)
    print(_("removed accommodation {op_id}").format(op_id=op.id))
    return 0


# -- goals ----------------------------------------------------------------------------------------


def cmd_goal_add(args: argparse.Namespace) -> int:
    from ..service import plans

    workspace, child = _found(args)
    op, new_id = plans.goal(
        workspace,
        child,
        args.text,
        area=args.area or "",
        baseline=args.baseline or "",
        target=args.target or "",
        unit=args.unit or "",
        measured=args.measured or "",
        objectives=args.objective,
        draft=args.draft,
    )
    workspace.update(child.id, op)
    count = len(op.goal.objectives)
    print(
        ngettext(
            "added goal {new_id} with {n} objective to plan {plan}",
            "added goal {new_id} with {n} objectives to plan {plan}",
            count,
        ).format(new_id=new_id, n=count, plan=op.plan)
    )
    print(new_id)
    return 0


def cmd_goal_list(args: argparse.Namespace) -> int:
    from ..service import plans

    workspace, child = _found(args)
    plan = plans.plan_for(child, args.draft)
    if args.json:
        rows: list[dict[str, Any]] = [plans.goal_json(child, g) for g in plan.goals]
        print(
            json.dumps(
                {"child": child.id, "plan": plan.id, "goals": rows}, indent=2, ensure_ascii=False
            )
        )
        return 0
    if not plan.goals:
        print(
            _(
                "No goals in plan {plan_id}: iepcheck goal add {child_id} TEXT --objective TEXT"
            ).format(plan_id=plan.id, child_id=child.id)
        )
    lines: list[str] = []
    for g in plan.goals:
        lines += _goal_lines(child, g, workspace.clock.today())
    print_wrapped(lines)
    return 0


def cmd_goal_report(args: argparse.Namespace) -> int:
    from ..records.plans import STATUS_WORDS
    from ..service import plans

    workspace, child = _found(args)
    op = plans.report(
        workspace,
        child,
        args.goal,
        on=args.on,
        status=args.status,
        value=args.value,
        note=read_note(args.note) or "",
    )
    saved = workspace.update(child.id, op)[0]
    print(
        _("goal {goal}: {STATUS_WORDS} on {on}").format(
            goal=op.goal, STATUS_WORDS=_(STATUS_WORDS[op.report.status]), on=op.report.on
        )
    )
    from ..reports.plan import goal_chart

    plan = saved.plan_of(op.plan)
    goal = plan.goal(op.goal) if plan is not None else None
    if goal is not None and goal_chart(saved, goal).flag:
        print(
            _(
                "No progress in the last two reports: ask for a PPT to review the goal "
                "(iepcheck letter {child_id} ct-iep-monitoring/goal-review)"
            ).format(child_id=child.id)
        )
    print(op.report.id)
    return 0


def cmd_goal_remove(args: argparse.Namespace) -> int:
    from ..service import plans

    workspace, child = _found(args)
    op = plans.remove_goal(child, args.goal)
    if not args.yes:
        raise InputError(
            _(
                "this takes goal {op_id} out of plan {plan}, with its objectives and "
                "reports; add --yes"
            ).format(op_id=op.id, plan=op.plan)
        )
    workspace.update(child.id, op)
    print(_("removed goal {op_id}").format(op_id=op.id))
    return 0
