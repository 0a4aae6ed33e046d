"""``iepcheck missed …``: a missed accommodation or service, logged from the shell (the same
dated log entry the app's ``l`` writes on a monitoring checklist), listed, edited, removed."""

from __future__ import annotations

import argparse
import json

from ..textsafe import clean_line
from .common import Add, InputError, subcommand, workspace_of


def register(add: Add) -> None:
    missed = add(
        "missed",
        "a missed accommodation or service: iepcheck missed CHILD TEXT --on DATE "
        "(also: list, edit, remove)",
    )
    sub = missed.add_subparsers(dest="missed_command", metavar="ACTION", required=True)
    p = subcommand(sub, "add", "log a missed accommodation or service (the default action)")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("text", metavar="TEXT", help="what happened, e.g. 'No extended time on quiz'")
    p.add_argument("--on", required=True, metavar="DATE", help="the day it happened")
    p.add_argument(
        "--item",
        metavar="ITEM",
        help="CHECKLIST/ITEM, or a service or accommodation of the plan (plan-ID, its id or "
        "words); default: the running monitoring checklist's log-missed-weekly",
    )
    _fields(p)
    p.set_defaults(handler=cmd_add)
    p = subcommand(sub, "list", "every missed day logged, oldest first")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(handler=cmd_list)
    p = subcommand(sub, "edit", "change an entry (only what you name)")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("entry", metavar="ID")
    p.add_argument("--text", metavar="TEXT", help="what happened")
    p.add_argument("--on", metavar="DATE", help="the day it happened")
    _fields(p)
    p.set_defaults(handler=cmd_edit)
    p = subcommand(sub, "remove", "take an entry out of the log")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("entry", metavar="ID")
    p.add_argument("--yes", action="store_true", help="confirm")
    p.set_defaults(handler=cmd_remove)


def _fields(p: argparse.ArgumentParser) -> None:
    p.add_argument("--where", metavar="CLASS", help="the class or service, e.g. Math")
    p.add_argument("--told", metavar="WHO", help="whom you told")
    p.add_argument("--told-on", metavar="DATE", help="the day you told them ('none' clears)")
    p.add_argument("--until", metavar="DATE", help="the last day, if it lasted ('none' clears)")


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
    print(f"{op.entry.id}  {op.entry.day}  logged on {run.checklist}/{op.item}{what}")
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
        print(f"Nothing missed logged for {child.id}: iepcheck missed {child.id} TEXT --on DATE")
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
        raise InputError("name what to change: --text, --on, --where, --told, --told-on, --until")
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
        print(f"{found.entry.id} already says that; nothing changed")
        return 0
    workspace.update(child.id, op)
    print(f"changed {found.entry.id}: {', '.join(c.field for c in op.changes)}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from ..service import missed

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    found = missed.find(child, args.entry)
    if not args.yes:
        raise InputError(f"add --yes to remove {found.entry.id} ({found.entry.day}) from the log")
    workspace.update(child.id, missed.remove(found))
    print(f"removed {found.entry.id} ({found.entry.day}) from {child.id}'s log")
    return 0
