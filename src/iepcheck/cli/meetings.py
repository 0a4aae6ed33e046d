"""``iepcheck meeting …``: add, move, remove and list meetings; attach and detach checklists."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from ..i18n import _
from ..records.kinds import MEETING_KINDS
from ..textsafe import clean_line
from .common import Add, InputError, parse_date, subcommand, workspace_of

if TYPE_CHECKING:
    from datetime import date

    from ..records.model import Child
    from ..service.workspace import Workspace


def register(add: Add) -> None:
    meeting = add("meeting", _("add, move, remove or list meetings; attach or detach checklists"))
    sub = meeting.add_subparsers(dest="meeting_command", metavar="ACTION", required=True)
    p = subcommand(sub, "add", _("add a meeting with its checklists; prints the meeting's id"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("date", metavar="DATE", type=parse_date)
    p.add_argument("--title", default="", help=_("e.g. 'Annual review'"))
    p.add_argument("--kind", help=_("ppt, 504 or other (default: 504 for a 504 plan, else ppt)"))
    p.add_argument("--time", default="", help=_("e.g. 3:30pm"))
    p.add_argument(
        "--checklist",
        action="append",
        metavar="ID",
        help=_(
            "attach this checklist (repeatable; without it a PPT gets ct-ppt-prep "
            "and a 504 meeting ct-504-meeting-prep)"
        ),
    )
    p.set_defaults(handler=cmd_add)
    p = subcommand(sub, "move", _("move a meeting to another date (due dates follow)"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("meeting", metavar="M")
    p.add_argument("date", metavar="DATE", type=parse_date)
    p.set_defaults(handler=cmd_move)
    p = subcommand(
        sub, "edit", _("change a meeting's date, time, title or kind (only those given)")
    )
    p.add_argument("child", metavar="CHILD")
    p.add_argument("meeting", metavar="M")
    p.add_argument("--date", type=parse_date, help=_("the new date (due dates follow)"))
    p.add_argument("--time", help=_("e.g. 3:30pm ('' clears it)"))
    p.add_argument("--title", help=_("e.g. 'Annual review'"))
    p.add_argument("--kind", help=_("ppt, 504 or other"))
    p.set_defaults(handler=cmd_edit)
    p = subcommand(sub, "note", _("add a line to the meeting's notes, stamped with the time now"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("meeting", metavar="M")
    p.add_argument("text", metavar="TEXT", help=_("one line, e.g. 'Extended time agreed'"))
    p.set_defaults(handler=cmd_note)
    p = subcommand(sub, "remove", _("remove a meeting; its checklists' ticks stay in the file"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("meeting", metavar="M")
    p.add_argument("--yes", action="store_true", help=_("confirm"))
    p.set_defaults(handler=cmd_remove)
    p = subcommand(sub, "attach", _("attach checklists to a meeting (each starts afresh)"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("meeting", metavar="M")
    p.add_argument("checklists", nargs="+", metavar="CHECKLIST")
    p.set_defaults(handler=cmd_attach)
    p = subcommand(sub, "detach", _("detach a checklist from a meeting (its ticks are kept)"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("meeting", metavar="M")
    p.add_argument("checklist", metavar="CHECKLIST")
    p.set_defaults(handler=cmd_detach)
    p = subcommand(sub, "list", _("every meeting, past ones too"))
    p.add_argument("child", nargs="?", metavar="CHILD")
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(handler=cmd_list)


def _warn(lines: list[str]) -> None:
    for line in lines:
        print(_("iepcheck: note: {line}").format(line=line), file=sys.stderr)


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
        raise InputError(
            _("--kind must be one of {value}, not '{kind}'").format(
                value=", ".join(MEETING_KINDS), kind=args.kind
            )
        )
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
                _(
                    "no checklist is attached; attach one with: iepcheck meeting attach "
                    "{child_id} {meeting_id} CHECKLIST"
                ).format(child_id=child.id, meeting_id=op.id)
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
    print(_("moved {meeting_id} to {date}").format(meeting_id=meeting.id, date=args.date))
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from ..service import meetings
    from ..service.finding import find_meeting

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    meeting = find_meeting(child, args.meeting)
    kind = _kind(args)
    if all(v is None for v in (args.date, args.time, args.title, kind)):
        raise InputError(_("name what to change: --date, --time, --title or --kind"))
    op = meetings.edit(child, meeting, day=args.date, title=args.title, time=args.time, kind=kind)
    if op is None:
        print(_("{meeting_id} already says that; nothing changed").format(meeting_id=meeting.id))
        return 0
    workspace.update(child.id, op)
    if args.date is not None and args.date != meeting.date:
        _warn_day(workspace, child, args.date, meeting.id)
    changed = ", ".join(c.field for c in op.changes)
    print(_("changed {meeting_id}: {changed}").format(meeting_id=meeting.id, changed=changed))
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    from ..service import meetings
    from ..service.finding import find_meeting

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    meeting = find_meeting(child, args.meeting)
    op = meetings.note_line(workspace, meeting, args.text)
    workspace.update(child.id, op)
    print(
        _("{at:%H:%M} {op_text}  (added to {meeting_id}'s notes as {op_id})").format(
            at=op.at, op_text=clean_line(op.text), meeting_id=meeting.id, op_id=op.id
        )
    )
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from ..records.operations import RemoveMeeting
    from ..service.finding import find_meeting

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    meeting = find_meeting(child, args.meeting)
    if not args.yes:
        raise InputError(_("add --yes to remove the meeting (its checklists' ticks are kept)"))
    workspace.update(child.id, RemoveMeeting(meeting.id))
    print(
        _("removed {meeting_id}; its checklists' ticks stay in {child_id}'s file").format(
            meeting_id=meeting.id, child_id=child.id
        )
    )
    return 0


def cmd_attach(args: argparse.Namespace) -> int:
    from ..service import meetings
    from ..service.finding import find_meeting

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    meeting = find_meeting(child, args.meeting)
    workspace.update(child.id, meetings.attach(workspace, child, meeting, args.checklists))
    print(
        _("attached {value} to {meeting_id}").format(
            value=", ".join(args.checklists), meeting_id=meeting.id
        )
    )
    return 0


def cmd_detach(args: argparse.Namespace) -> int:
    from ..service import meetings
    from ..service.finding import find_meeting

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    meeting = find_meeting(child, args.meeting)
    workspace.update(child.id, meetings.detach(child, meeting, args.checklist))
    print(
        _("detached {checklist} from {meeting_id}; its ticks stay in {child_id}'s file").format(
            checklist=args.checklist, meeting_id=meeting.id, child_id=child.id
        )
    )
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
            print(_("  no meetings"))
        for m in entry["meetings"]:
            print("  " + _meeting_line(m))
    for problem in listing["problems"]:
        print(
            _("Not opened: {problem}: {problem2}").format(
                problem=clean_line(problem["file"]), problem2=clean_line(problem["reason"])
            )
        )
    return 0


def _meeting_line(m: dict[str, Any]) -> str:
    when = m["date"] + (f" {clean_line(m['time'])}" if m["time"] else "")
    lists = ", ".join(m["checklists"]) or _("no checklist")
    state = _("past") if m["days_left"] < 0 else _("coming")
    if m["days_left"] < 0 and m["active"]:
        state = _("past, after-meeting items open")
    done = _("{done}/{total} done").format(done=m["done"], total=m["total"])
    return f"{m['id']}  {when}  {clean_line(m['title'])} ({m['kind']})  {done}  [{lists}]  {state}"
