"""``iepcheck child …``: add, rename or remove a child; the school's closed days."""

from __future__ import annotations

import argparse
import sys

from ..textsafe import clean_line
from .common import Add, InputError, plural, subcommand, workspace_of


def register(add: Add) -> None:
    child = add("child", "add, rename or remove a child; add the school's closed days")
    sub = child.add_subparsers(dest="child_command", metavar="ACTION", required=True)
    p = subcommand(sub, "add", "add a child; prints the child's id")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--plan", default="none", help="the child's plan now: iep, 504 or none")
    p.set_defaults(handler=cmd_add)
    p = subcommand(sub, "rename", "change a child's name (the id stays the same)")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("new_name", metavar="NEW")
    p.set_defaults(handler=cmd_rename)
    p = subcommand(sub, "remove", "move a child's file to the trash folder (nothing is deleted)")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--yes", action="store_true", help="confirm")
    p.set_defaults(handler=cmd_remove)
    p = subcommand(sub, "closed", "days the school is closed: 2026-12-24..2027-01-01 or a date")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("ranges", nargs="+", metavar="FROM[..TO]")
    p.add_argument("--label", default="", help="what it is, e.g. 'winter break'")
    p.add_argument("--remove", action="store_true", help="take these closed days back")
    p.set_defaults(handler=cmd_closed)
    p = subcommand(
        sub, "calendar", "the school calendar file the child's school follows (none: no file)"
    )
    p.add_argument("child", metavar="CHILD")
    p.add_argument("calendar", metavar="CALENDAR-ID")
    p.set_defaults(handler=cmd_calendar)
    p = subcommand(sub, "open", "Connecticut holidays this child's school is open, like 2027-02-12")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("days", nargs="+", metavar="DATE")
    p.add_argument("--remove", action="store_true", help="take these open days back")
    p.set_defaults(handler=cmd_open)
    p = subcommand(
        sub,
        "set",
        "born=YYYY-MM-DD grade=7 school=… district=…; contacts by role: case_manager=… "
        "504_coordinator=… special_education_director=… principal=… teacher=…; and "
        "parent_name=… parent_address=… parent_email=… parent_phone=… when this child's "
        "letters are signed differently from your profile (an empty value clears)",
    )
    p.add_argument("child", metavar="CHILD")
    p.add_argument("pairs", nargs="+", metavar="KEY=VALUE")
    p.set_defaults(handler=cmd_set)
    p = subcommand(
        sub,
        "repair",
        "a child's file too large to open: say which texts make it so, and with --yes move "
        "them to a file in the trash folder (kept, never deleted) so the child opens again",
    )
    p.add_argument("child", metavar="CHILD", help="the child's id (the file's name)")
    p.add_argument("--yes", action="store_true", help="move the texts")
    p.set_defaults(handler=cmd_repair)


def cmd_add(args: argparse.Namespace) -> int:
    from ..service import children

    workspace = workspace_of(args)
    child = children.create(workspace.store, args.name, children.plan_of(args.plan))
    print(child.id)
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    from ..service import children

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    new = children.check_new_name(workspace.store, child, args.new_name)
    workspace.update(child.id, children.rename(child, new))
    print(f"{child.id} is now called {clean_line(new)}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from ..service import children

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    if not args.yes:
        raise InputError(f"this moves {child.id}'s file to the trash folder; add --yes to confirm")
    target = children.remove(workspace.store, child)
    print(f"moved {child.id} to {target}")
    return 0


def cmd_closed(args: argparse.Namespace) -> int:
    from ..records.operations import AddClosed, RemoveClosed
    from ..service import children

    workspace = workspace_of(args)
    label = children.check_text(args.label, "--label")
    ranges = tuple(children.parse_range(t, label) for t in args.ranges)
    child = workspace.find(args.child)
    if args.remove:
        count = workspace.update(child.id, RemoveClosed(ranges))[1].value
        print(f"removed {plural(count, 'closed date')} of {child.id}")
    else:
        count = workspace.update(child.id, AddClosed(ranges))[1].value
        print(f"added {plural(count, 'closed date')} for {child.id}")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from ..service import details

    workspace = workspace_of(args)
    values = details.pairs(args.pairs, details.CHILD_KEYS)
    child = workspace.find(args.child)
    workspace.update(child.id, details.child_details_op(child, values, workspace.clock.today()))
    print(f"saved {', '.join(values)} for {child.id}")
    return 0


def cmd_calendar(args: argparse.Namespace) -> int:
    from ..service import calendars

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    op = calendars.set_calendar(workspace, child, args.calendar)
    workspace.update(child.id, op)
    if op.calendar:
        print(f"{child.id} follows the school calendar {op.calendar}")
    else:
        print(f"{child.id} follows no calendar file (only its own closed days)")
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    from ..service import calendars

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    op = calendars.open_days(args.days, workspace.clock.today(), not args.remove)
    if not args.remove:
        for day in calendars.not_holidays(op.days):
            print(
                f"iepcheck: {day} is not a Connecticut holiday: an open day only overrides a "
                "holiday (to take back a closed day: iepcheck child closed --remove)",
                file=sys.stderr,
            )
    count = workspace.update(child.id, op)[1].value
    verb = "took back" if args.remove else "added"
    print(f"{verb} {plural(count, 'open day')} for {child.id}")
    return 0


def cmd_repair(args: argparse.Namespace) -> int:
    from ..service import repair

    workspace = workspace_of(args)
    store = workspace.store
    wanted = args.child.strip()
    child_id = next((i for i in store.ids() if i.casefold() == wanted.casefold()), None)
    if child_id is None:
        child_id = workspace.find(wanted).id  # by name, when the file opens
    found = repair.plan(store, child_id)
    mib = found.size / 2**20
    if not found.bigs:
        print(f"{child_id}'s file ({mib:.1f} MiB) opens as it is: nothing to repair")
        return 0
    print(f"{child_id}'s file is {mib:.1f} MiB. These texts make it large:")
    for big in found.bigs:
        over = f", over its limit of {big.cap:,}" if big.size > big.cap else ""
        print(f"  {clean_line(big.where)}: {big.size:,} characters{over}")
    if not args.yes:
        print(
            f"Add --yes to move them to a file in the trash folder (kept, never deleted); "
            f"the file would then be about {found.after / 2**20:.1f} MiB"
        )
        return 0
    done, target = repair.apply(store, child_id)
    print(f"moved {plural(len(done.bigs), 'text')} to {target}; {child_id} opens again")
    return 0
