"""``iepcheck missed …``: a missed accommodation or service, logged from the shell (the same
dated log entry the app's ``l`` writes on a monitoring checklist), listed, edited, removed."""

from __future__ import annotations

import argparse
import json

from ..i18n import _
from ..textsafe import clean_line
from .common import Add, InputError, subcommand, workspace_of


def register(add: Add) -> None:
    missed = add(
        "missed",
        _(
            "a missed accommodation or service: iepcheck missed CHILD TEXT --on DATE "
            "(also: list, edit, remove)"
        ),
    )
    sub = missed.add_subparsers(dest="missed_command", metavar="ACTION", required=True)
    p = subcommand(sub, "add", _("log a missed accommodation or service (the default action)"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("text", metavar="TEXT", help=_("what happened, e.g. 'No extended time on quiz'"))
    p.add_argument("--on", required=True, metavar="DATE", help=_("the day it happened"))
    p.add_argument(
        "--item",
        metavar="ITEM",
        help=_(
            "CHECKLIST/ITEM, or a service or accommodation of the plan (plan-ID, its "
            "id or words); default: the running monitoring checklist's "
            "log-missed-weekly"
        ),
    )
    _fields(p)
    p.set_defaults(handler=cmd_add)
    p = subcommand(sub, "list", _("every missed day logged, oldest first"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(handler=cmd_list)
    p = subcommand(sub, "edit", _("change an entry (only what you name)"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("entry", metavar="ID")
    p.add_argument("--text", metavar="TEXT", help=_("what happened"))
    p.add_argument("--on", metavar="DATE", help=_("the day it happened"))
    _fields(p)
    p.set_defaults(handler=cmd_edit)
    p = subcommand(sub, "remove", _("take an entry out of the log"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("entry", metavar="ID")
    p.add_argument("--yes", action="store_true", help=_("confirm"))
    p.set_defaults(handler=cmd_remove)


def _fields(p: argparse.ArgumentParser) -> None:
    p.add_argument("--where", metavar="CLASS", help=_("the class or service, e.g. Math"))
    p.add_argument("--told", metavar="WHO", help=_("whom you told"))
    p.add_argument("--told-on", metavar="DATE", help=_("the day you told them ('none' clears)"))
    p.add_argument("--until", metavar="DATE", help=_("the last day, if it lasted ('none' clears)"))


def cmd_add(args: argparse.Namespace) -> int:
    from ..service import missed

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    op, run = missed.add(
        workspace,
        child,
        args.text,
        on=args.on,
        item=args.item,
        where=args.where or "",
        told=args.told or "",
        told_on=args.told_on,
        until=args.until,
    )
    workspace.update(child.id, op)
    item = run.find(op.item)
    what = f" ({clean_line(item.text)})" if item is not None and item.plan else ""
    print(
        _("{entry_id}  {day}  logged on {checklist}/{item}{what}").format(
            entry_id=op.entry.id, day=op.entry.day, checklist=run.checklist, item=op.item, what=what
        )
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from ..reports.words import day_text, missed_words
    from ..service import missed

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    if args.json:
        print(json.dumps(missed.as_json(child), indent=2, ensure_ascii=False))
        return 0
    found = missed.entries(child)
    if not found:
        print(
            _(
                "Nothing missed logged for {child_id}: iepcheck missed {child_id} TEXT --on DATE"
            ).format(child_id=child.id)
        )
    for m in found:
        words = missed_words(m.run, m.item, m.entry)
        print(f"{m.entry.id}  {day_text(m.entry.day)}  {words}  [{m.run.checklist}/{m.item}]")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from ..service import missed

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    found = missed.find(child, args.entry)
    given = (args.text, args.on, args.where, args.told, args.told_on, args.until)
    if all(v is None for v in given):
        raise InputError(
            _("name what to change: --text, --on, --where, --told, --told-on, --until")
        )
    op = missed.edit(
        workspace,
        child,
        found,
        text=args.text,
        on=args.on,
        where=args.where,
        told=args.told,
        told_on=args.told_on,
        until=args.until,
    )
    if op is None:
        print(_("{entry_id} already says that; nothing changed").format(entry_id=found.entry.id))
        return 0
    workspace.update(child.id, op)
    print(
        _("changed {entry_id}: {value}").format(
            entry_id=found.entry.id, value=", ".join(c.field for c in op.changes)
        )
    )
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from ..service import missed

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    found = missed.find(child, args.entry)
    if not args.yes:
        raise InputError(
            _("add --yes to remove {entry_id} ({day}) from the log").format(
                entry_id=found.entry.id, day=found.entry.day
            )
        )
    workspace.update(child.id, missed.remove(found))
    print(
        _("removed {entry_id} ({day}) from {child_id}'s log").format(
            entry_id=found.entry.id, day=found.entry.day, child_id=child.id
        )
    )
    return 0
