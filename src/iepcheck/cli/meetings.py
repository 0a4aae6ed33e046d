"""``iepcheck meeting …``: add, move, remove and list meetings; attach and detach checklists."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from ..records.kinds import MEETING_KINDS
from ..textsafe import clean_line
from .common import Add, InputError, parse_date, subcommand, workspace_of

if TYPE_CHECKING:
    from datetime import date

    from ..records.model import Child
    from ..service.workspace import Workspace


def register(add: Add) -> None:
    meeting = add("meeting", "add, move, remove or list meetings; attach or detach checklists")
    sub = meeting.add_subparsers(dest="meeting_command", metavar="ACTION", required=True)
    p = subcommand(sub, "add", "add a meeting with its checklists; prints the meeting's id")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("date", metavar="DATE", type=parse_date)
    p.add_argument("--title", default="", help="e.g. 'Annual review'")
    p.add_argument("--kind", help="ppt, 504 or other (default: 504 for a 504 plan, else ppt)")
    p.add_argument("--time", default="", help="e.g. 3:30pm")
    p.add_argument(
        "--checklist",
        action="append",
        metavar="ID",
        help="attach this checklist (repeatable; without it a PPT gets ct-ppt-prep and a 504 "
        "meeting ct-504-meeting-prep)",
    )
    p.set_defaults(handler=cmd_add)
    p = subcommand(sub, "move", "move a meeting to another date (due dates follow)")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("meeting", metavar="M")
    p.add_argument("date", metavar="DATE", type=parse_date)
    p.set_defaults(handler=cmd_move)
    p = subcommand(sub, "edit", "change a meeting's date, time, title or kind (only those given)")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("meeting", metavar="M")
    p.add_argument("--date", type=parse_date, help="the new date (due dates follow)")
    p.add_argument("--time", help="e.g. 3:30pm ('' clears it)")
    p.add_argument("--title", help="e.g. 'Annual review'")
    p.add_argument("--kind", help="ppt, 504 or other")
    p.set_defaults(handler=cmd_edit)
    p = subcommand(sub, "note", "add a line to the meeting's notes, stamped with the time now")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("meeting", metavar="M")
    p.add_argument("text", metavar="TEXT", help="one line, e.g. 'Extended time agreed'")
    p.set_defaults(handler=cmd_note)
    p = subcommand(sub, "remove", "remove a meeting; its checklists' ticks stay in the file")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("meeting", metavar="M")
    p.add_argument("--yes", action="store_true", help="confirm")
    p.set_defaults(handler=cmd_remove)
    p = subcommand(sub, "attach", "attach checklists to a meeting (each starts afresh)")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("meeting", metavar="M")
    p.add_argument("checklists", nargs="+", metavar="CHECKLIST")
    p.set_defaults(handler=cmd_attach)
    p = subcommand(sub, "detach", "detach a checklist from a meeting (its ticks are kept)")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("meeting", metavar="M")
    p.add_argument("checklist", metavar="CHECKLIST")
    p.set_defaults(handler=cmd_detach)
    p = subcommand(sub, "list", "every meeting, past ones too")
    p.add_argument("child", nargs="?", metavar="CHILD")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(handler=cmd_list)


def _warn(lines: list[str]) -> None:
    for line in lines:
        print(f"iepcheck: note: {line}", file=sys.stderr)


def _warn_day(workspace: Workspace, child: Child, day: date, meeting_id: str | None = None) -> None:
    """What a meeting's new day may get wrong (past, weekend, closed) and any other meeting
    of the child's that day: notes, never a refusal."""
    from ..service import meetings

    _warn(meetings.date_warnings(child, day, workspace.clock.today()))
    _warn(meetings.same_day(child, day, meeting_id))


def _kind(args: argparse.Namespace) -> str | None:
    """``--kind`` as a known meeting kind (any case), None when not given."""
    if args.kind is None:
        return None
    kind = str(args.kind).casefold()
    if kind not in MEETING_KINDS:
        raise InputError(f"--kind must be one of {', '.join(MEETING_KINDS)}, not '{args.kind}'")
    return kind


def cmd_add(args: argparse.Namespace) -> int:
    from ..service import meetings

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    kind = _kind(args) if args.kind else None
    op = meetings.new_meeting(
        workspace,
        child,
        args.date,
        title=args.title,
        kind=kind,
        time=args.time,
        checklists=args.checklist,
    )
    workspace.update(child.id, op)
    _warn_day(workspace, child, args.date)
    if not op.runs:
        _warn(
            [
                f"no checklist is attached; attach one with: iepcheck meeting attach {child.id} "
                f"{op.id} CHECKLIST"
            ]
        )
    print(op.id)
    return 0


def cmd_move(args: argparse.Namespace) -> int:
    from ..service import meetings
    from ..service.finding import find_meeting

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    meeting = find_meeting(child, args.meeting)
    workspace.update(child.id, meetings.move(meeting, args.date))
    _warn_day(workspace, child, args.date, meeting.id)
    print(f"moved {meeting.id} to {args.date}")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from ..service import meetings
    from ..service.finding import find_meeting

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    meeting = find_meeting(child, args.meeting)
    kind = _kind(args)
    if all(v is None for v in (args.date, args.time, args.title, kind)):
        raise InputError("name what to change: --date, --time, --title or --kind")
    op = meetings.edit(child, meeting, day=args.date, title=args.title, time=args.time, kind=kind)
    if op is None:
        print(f"{meeting.id} already says that; nothing changed")
        return 0
    workspace.update(child.id, op)
    if args.date is not None and args.date != meeting.date:
        _warn_day(workspace, child, args.date, meeting.id)
    changed = ", ".join(c.field for c in op.changes)
    print(f"changed {meeting.id}: {changed}")
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    from ..service import meetings
    from ..service.finding import find_meeting

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    meeting = find_meeting(child, args.meeting)
    op = meetings.note_line(workspace, meeting, args.text)
    workspace.update(child.id, op)
    print(f"{op.at:%H:%M} {clean_line(op.text)}  (added to {meeting.id}'s notes as {op.id})")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from ..records.operations import RemoveMeeting
    from ..service.finding import find_meeting

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    meeting = find_meeting(child, args.meeting)
    if not args.yes:
        raise InputError("add --yes to remove the meeting (its checklists' ticks are kept)")
    workspace.update(child.id, RemoveMeeting(meeting.id))
    print(f"removed {meeting.id}; its checklists' ticks stay in {child.id}'s file")
    return 0


def cmd_attach(args: argparse.Namespace) -> int:
    from ..service import meetings
    from ..service.finding import find_meeting

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    meeting = find_meeting(child, args.meeting)
    workspace.update(child.id, meetings.attach(workspace, child, meeting, args.checklists))
    print(f"attached {', '.join(args.checklists)} to {meeting.id}")
    return 0


def cmd_detach(args: argparse.Namespace) -> int:
    from ..service import meetings
    from ..service.finding import find_meeting

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    meeting = find_meeting(child, args.meeting)
    workspace.update(child.id, meetings.detach(child, meeting, args.checklist))
    print(f"detached {args.checklist} from {meeting.id}; its ticks stay in {child.id}'s file")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from ..service import meetings

    workspace = workspace_of(args)
    ids = [workspace.find(args.child).id] if args.child else workspace.store.ids()
    listing = meetings.listing(workspace, ids)
    if args.json:
        print(json.dumps(listing, indent=2, ensure_ascii=False))
        return 0
    for entry in listing["children"]:
        print(f"{clean_line(entry['name'])} ({entry['id']})")
        if not entry["meetings"]:
            print("  no meetings")
        for m in entry["meetings"]:
            print("  " + _meeting_line(m))
    for problem in listing["problems"]:
        print(f"Not opened: {clean_line(problem['file'])}: {clean_line(problem['reason'])}")
    return 0


def _meeting_line(m: dict[str, Any]) -> str:
    when = m["date"] + (f" {clean_line(m['time'])}" if m["time"] else "")
    lists = ", ".join(m["checklists"]) or "no checklist"
    state = "past" if m["days_left"] < 0 else "coming"
    if m["days_left"] < 0 and m["active"]:
        state = "past, after-meeting items open"
    return (
        f"{m['id']}  {when}  {clean_line(m['title'])} ({m['kind']})  "
        f"{m['done']}/{m['total']} done  [{lists}]  {state}"
    )
