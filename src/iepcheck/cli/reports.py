"""The report commands: ``status`` and ``export``. They read; they never import Textual."""

from __future__ import annotations

import argparse
import json
import sys

from ..reports.words import EXPORT_FORMATS
from .common import Add, InputError, use_color, workspace_of, write_report


def register(add: Add) -> None:
    p = add("status", "what remains: meetings in the next N days, standing checklists, overdue")
    p.add_argument("child", nargs="?", metavar="CHILD")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.add_argument("--days", type=int, default=60, metavar="N", help="look N days ahead (60)")
    p.add_argument(
        "--brief",
        action="store_true",
        help="at most three lines, nothing when nothing is due within a week (for ~/.profile)",
    )
    p.set_defaults(handler=cmd_status)

    p = add("export", "a printable record of a child's meetings and checklists")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--meeting", metavar="M", help="only this meeting")
    p.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        help="md, txt or html (default: from -o's extension, or txt)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    p.add_argument("--replace", action="store_true", help="replace FILE if it exists")
    p.set_defaults(handler=cmd_export)


def cmd_status(args: argparse.Namespace) -> int:
    from ..reports.status_text import status_text
    from ..service.exports import status

    if not 0 <= args.days <= 36500:
        raise InputError("--days must be between 0 and 36500")
    workspace = workspace_of(args)
    ids = [workspace.find(args.child).id] if args.child else workspace.store.ids()
    data = status(workspace, ids, args.days)
    if args.brief:
        from ..reports.brief import brief_text

        sys.stdout.write(brief_text(data))
        return 0
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(status_text(data, use_color()))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..service.exports import export_text, format_for
    from ..service.finding import find_meeting

    fmt = format_for(args.output, args.format)
    workspace = workspace_of(args)
    child = workspace.find(args.child)
    meeting = find_meeting(child, args.meeting) if args.meeting else None
    text = export_text(workspace, child, fmt, meeting)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
    else:
        write_report(args.output, text, args.replace)
    return 0
